package notify

import (
	"strings"
	"testing"
)

// digestItems are in deliberately mixed order: Digest must group them by
// light and keep the order within a group.
var digestItems = []DigestItem{
	{Title: "优化营商环境专项整治", Unit: "发改局", Deadline: "2024-05-10", Light: "黄灯"},
	{Title: "巡察反馈问题整改", Unit: "办公室", Deadline: "2024-04-30", Light: "红灯", Note: "已超期3天"},
	{Title: "安全生产大检查", Unit: "应急局", Deadline: "2024-06-30", Light: "绿灯"},
	{Title: "信访积案化解\n第二批", Deadline: "2024-05-01", Light: " red "},
	{Title: "河长制年度考核", Light: "", Note: "材料待补"},
}

const wantDigestText = `张三同志：

您好！今日需要您关注的督办事项共5项：红灯2项、黄灯1项、其他2项。请按时限办理。

【红灯】2项
1. 巡察反馈问题整改
   承办单位：办公室；办理时限：2024-04-30
   备注：已超期3天
2. 信访积案化解 第二批
   办理时限：2024-05-01

【黄灯】1项
1. 优化营商环境专项整治
   承办单位：发改局；办理时限：2024-05-10

【其他】2项
1. 安全生产大检查
   承办单位：应急局；办理时限：2024-06-30
2. 河长制年度考核
   备注：材料待补

本消息由督查督办系统自动发送。`

const wantDigestMarkdown = `### 督查督办每日提醒

**张三**同志：今日需要您关注的督办事项共5项：红灯2项、黄灯1项、其他2项。请按时限办理。

#### 红灯（2项）

1. **巡察反馈问题整改**（承办单位：办公室；办理时限：2024-04-30；备注：已超期3天）
2. **信访积案化解 第二批**（办理时限：2024-05-01）

#### 黄灯（1项）

1. **优化营商环境专项整治**（承办单位：发改局；办理时限：2024-05-10）

#### 其他（2项）

1. **安全生产大检查**（承办单位：应急局；办理时限：2024-06-30）
2. **河长制年度考核**（备注：材料待补）

> 本消息由督查督办系统自动发送。`

func TestDigest(t *testing.T) {
	m := Digest("张三", digestItems)
	if want := "【督查督办】每日提醒：张三（红灯2项、黄灯1项、其他2项）"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if m.Text != wantDigestText {
		t.Errorf("Text = \n%s\nwant\n%s", m.Text, wantDigestText)
	}
	if m.Markdown != wantDigestMarkdown {
		t.Errorf("Markdown = \n%s\nwant\n%s", m.Markdown, wantDigestMarkdown)
	}
	if len(m.To) != 0 {
		t.Errorf("To = %v, want it left to the caller", m.To)
	}
}

func TestDigestGroups(t *testing.T) {
	tests := []struct {
		name        string
		items       []DigestItem
		wantSubject string
		wantInText  []string
		notInText   []string
	}{
		{"nothing due", nil, "【督查督办】每日提醒：李四（无待办事项）",
			[]string{"李四同志：", "今日您没有需要关注的督办事项"}, []string{"【红灯】"}},
		{"only yellow", []DigestItem{{Title: "甲", Light: "黄"}, {Title: "乙", Light: "yellow"}},
			"【督查督办】每日提醒：李四（黄灯2项）",
			[]string{"共2项：黄灯2项", "【黄灯】2项\n1. 甲\n2. 乙"}, []string{"【红灯】", "【其他】"}},
		{"unknown light is other", []DigestItem{{Title: "丙", Light: "蓝灯"}},
			"【督查督办】每日提醒：李四（其他1项）", []string{"【其他】1项\n1. 丙"}, []string{"【红灯】"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Digest("李四", tt.items)
			if m.Subject != tt.wantSubject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.wantSubject)
			}
			for _, s := range tt.wantInText {
				if !strings.Contains(m.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range tt.notInText {
				if strings.Contains(m.Text, s) || strings.Contains(m.Markdown, s) {
					t.Errorf("digest has %q, want it left out", s)
				}
			}
			if m.Markdown == "" || !strings.HasPrefix(m.Markdown, "### 督查督办每日提醒") {
				t.Errorf("Markdown = %q, want the heading first", m.Markdown)
			}
		})
	}
}
