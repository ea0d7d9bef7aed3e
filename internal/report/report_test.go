package report

import (
	"bytes"
	"strings"
	"testing"

	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/store"
)

func sample() *duban.Outline {
	m := func(title, progress string, st duban.Status) *duban.OutlineMeasure {
		return &duban.OutlineMeasure{Title: title, Progress: progress, Status: st, LeadUnit: "省财政厅"}
	}
	return &duban.Outline{
		Meta: duban.OutlineMeta{Unit: "中共陕西省委科技工委", Round: "十三届省委第十一轮", Team: "省委第一巡视组", Topic: "贯彻创新驱动发展战略作风建设情况",
			OnsiteStart: duban.MustDate("2021-05-27"), OnsiteEnd: duban.MustDate("2021-06-27"), FeedbackDate: duban.MustDate("2021-08-26"), AsOf: duban.MustDate("2022-09-30")},
		Aspects: []*duban.OutlineNode{
			{Kind: duban.NodeAspect, Title: "政策落实方面", Children: []*duban.OutlineNode{
				{Kind: duban.NodeProblem, Title: "落实创新驱动发展政策行动慢", Measures: []*duban.OutlineMeasure{
					m("加快推动创新驱动发展相关政策落实", "下达奖补资金1.4亿元。", duban.StatusInProgress),
					m("加快推动政策落地落实", "", duban.StatusClosed),
				}},
				{Kind: duban.NodeProblem, Title: "落实创新驱动发展政策效果不明显", Measures: []*duban.OutlineMeasure{
					m("认真落实吸引高层次人才优惠政策", "建立了沟通机制。", duban.StatusInProgress),
				}},
			}},
			{Kind: duban.NodeAspect, Title: "典型问题", Children: []*duban.OutlineNode{
				{Kind: duban.NodeProblem, Title: "实施重大科技专项前紧后松", Measures: []*duban.OutlineMeasure{
					m("进一步优化科技重大项目组织模式", "实施里程碑式管理。", duban.StatusInProgress),
					m("加快推动新舟700飞机项目资金落实", "签署新一轮战略合作框架协议。", duban.StatusInProgress),
					m("深入落实好招商引资优惠政策", "", duban.StatusAssigned),
				}},
			}},
		},
	}
}

func TestNoticeShape(t *testing.T) {
	d := Notice(NoticeInput{Outline: sample(), Meetings: []store.MeetingCount{{Kind: "工委会", Count: 7}, {Kind: "专题会", Count: 4}}})
	if d.Title != "关于十三届省委第十一轮巡视整改进展情况的通报" || d.Date.Chinese() != "2022年9月30日" || d.Signature != "中共陕西省委科技工委" {
		t.Errorf("head and signature: got %q %q %q", d.Title, d.Date.Chinese(), d.Signature)
	}
	md := Markdown(d)
	for _, want := range []string{"2021年5月27日至6月27日", "省委第一巡视组", "7次工委会、4次专题会", "2个方面3个问题", "6项整改举措",
		"二、逐项推进整改任务落实", "（二）典型问题", "1.关于“实施重大科技专项前紧后松”的问题", "一是进一步优化科技重大项目组织模式。实施里程碑式管理。",
		"二是加快推动政策落地落实。已完成整改并销号。", "三、持续巩固深化整改成果"} {
		if !strings.Contains(md, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	html, err := HTML(d)
	if err != nil || !strings.Contains(html, "<h1>关于十三届省委第十一轮巡视整改进展情况的通报</h1>") || !strings.Contains(html, `class="h2"`) {
		t.Errorf("html: %v\n%s", err, html)
	}
}

// TestNoticeRoundTrip imports a generated notice, as DOCX and as Markdown,
// and expects the same tree back.
func TestNoticeRoundTrip(t *testing.T) {
	o := sample()
	d := Notice(NoticeInput{Outline: o})
	var buf bytes.Buffer
	if err := docx.Write(&buf, d, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"notice.docx": buf.Bytes(), "notice.md": []byte(Markdown(d))} {
		res, err := notice.ReadFile(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, want := treeOf(res.Outline), treeOf(o); got != want {
			t.Errorf("%s round trip:\n got %s\nwant %s", name, got, want)
		}
		m := res.Outline.Meta
		if m.Unit != o.Meta.Unit || m.Team != o.Meta.Team || m.Round != o.Meta.Round || m.OnsiteStart != o.Meta.OnsiteStart ||
			m.OnsiteEnd != o.Meta.OnsiteEnd || m.FeedbackDate != o.Meta.FeedbackDate || m.SignedDate != o.Meta.AsOf {
			t.Errorf("%s meta: got %+v", name, m)
		}
		if len(res.Unplaced) != 0 || len(res.Check()) != 0 {
			t.Errorf("%s: unplaced %v, checks %v", name, res.Unplaced, res.Check())
		}
	}
}

func treeOf(o *duban.Outline) string {
	var b strings.Builder
	for _, a := range o.Aspects {
		b.WriteString("[" + a.Title)
		for _, p := range a.Children {
			b.WriteString(" (" + p.Title)
			for _, m := range p.Measures {
				b.WriteString(" <" + m.Title + ">")
			}
			b.WriteString(")")
		}
		b.WriteString("]")
	}
	return b.String()
}

func TestSupervisionNotice(t *testing.T) {
	d := SupervisionNotice(SupervisionInput{Number: "督办〔2021〕3号", Unit: "陕西省财政厅", Problem: "工作力度不够大", Task: "加大科技创新投入力度",
		Deadline: "2021年12月31日", DaysOverdue: 12, ReplyDue: duban.MustDate("2022-01-20"), Office: "省委科技工委巡视整改工作领导小组办公室", Date: duban.MustDate("2022-01-12")})
	md := Markdown(d)
	for _, want := range []string{"督办〔2021〕3号", "陕西省财政厅：", "已超期12个工作日", "2022年1月20日前", "“工作力度不够大”问题", "2022年1月12日"} {
		if !strings.Contains(md, want) {
			t.Errorf("督办单 lacks %q:\n%s", want, md)
		}
	}
}
