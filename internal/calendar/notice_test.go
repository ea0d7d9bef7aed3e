package calendar

import (
	"strings"
	"testing"

	"duban/internal/duban"
)

// notice2025 is the State Council's arrangement for 2025 as published.
const notice2025 = `国务院办公厅关于2025年部分节假日安排的通知
经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、国庆节和中秋节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`

// TestParseArrangementNotice: the notice's lines give exactly the
// published holidays and working days, and the working-day count of the
// year agrees with lunar-go's data.
func TestParseArrangementNotice(t *testing.T) {
	days, err := ParseArrangement(2025, notice2025)
	if err != nil {
		t.Fatal(err)
	}
	var rest, work int
	for _, d := range days {
		if d.Workday {
			work++
		} else {
			rest++
		}
	}
	// 1 + 8 + 3 + 5 + 3 + 8 holidays; 2 + 1 + 2 working days.
	if rest != 28 || work != 5 {
		t.Fatalf("got %d holidays and %d working days, want 28 and 5: %+v", rest, work, days)
	}
	got, want := New(days), Default()
	from, to := duban.NewDate(2025, 1, 1), duban.NewDate(2025, 12, 31)
	if g, w := got.Between(from, to), want.Between(from, to); g != w {
		t.Errorf("working days of 2025 from the notice: got %d, want %d (lunar-go)", g, w)
	}
	if d, _ := got.Exception(duban.NewDate(2025, 2, 8)); !d.Workday || d.Name != "春节调休" {
		t.Errorf("2025-02-08: got %+v, want the 春节调休 working day", d)
	}
	if d, _ := got.Exception(duban.NewDate(2025, 6, 2)); d.Workday || d.Name != "端午节" {
		t.Errorf("2025-06-02: got %+v, want the 端午节 holiday", d)
	}
}

func TestParseArrangementLines(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []Day
		wantErr    string
	}{
		{"range and working day", "2027-02-06 至 2027-02-08 春节 休\n2027年2月14日 春节调休 班",
			[]Day{{duban.NewDate(2027, 2, 6), false, "春节"}, {duban.NewDate(2027, 2, 7), false, "春节"}, {duban.NewDate(2027, 2, 8), false, "春节"}, {duban.NewDate(2027, 2, 14), true, "春节调休"}}, ""},
		{"new year across years", "一、元旦：12月30日（周六）至1月1日（周一）放假调休，共3天。", []Day{
			{duban.NewDate(2023, 12, 30), false, "元旦"}, {duban.NewDate(2023, 12, 31), false, "元旦"}, {duban.NewDate(2024, 1, 1), false, "元旦"}}, ""},
		{"backwards range", "2027-02-08 至 2027-02-06 春节 休", nil, "第1行"},
		{"impossible date", "三、清明节：2月30日放假，共1天。", nil, "不存在"},
		{"preamble only", "国务院办公厅关于2027年部分节假日安排的通知", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			year := 2027
			if strings.Contains(tc.text, "12月30日") {
				year = 2024
			}
			got, err := ParseArrangement(year, tc.text)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(duban.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("got %v, want an error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("day %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}
