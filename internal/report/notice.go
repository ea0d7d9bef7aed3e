// Package report composes the documents duban publishes from the ledger:
// the progress notice (整改进展情况的通报) of a plan and the formal
// supervision notice (督办单) of an assignment, as duban.Document values that
// the docx package and the HTML and Markdown renderers here turn into files.
package report

import (
	"fmt"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// NoticeInput is what a notice is made from.
type NoticeInput struct {
	Outline  *duban.Outline
	Meetings []store.MeetingCount
	Contact  string // the contact lines for supervision by the public; may be empty
}

// Notice composes the progress notice of a plan: title, preamble from the
// source, 一、organisational work with the meetings held, 二、progress per
// aspect and problem from the latest accepted reports, 三、next steps, the
// contact lines, signature and date.
func Notice(in NoticeInput) *duban.Document {
	m := in.Outline.Meta
	d := &duban.Document{Issuer: m.Unit, Title: noticeTitle(m), Signature: m.Unit, Date: m.AsOf}
	d.Blocks = append(d.Blocks, duban.Block{Text: preamble(m)})
	d.Blocks = append(d.Blocks, organisation(in)...)
	d.Blocks = append(d.Blocks, duban.Block{Level: 1, Heading: "二、逐项推进整改任务落实"})
	for i, a := range in.Outline.Aspects {
		d.Blocks = append(d.Blocks, duban.Block{Level: 2, Heading: "（" + duban.ChineseNumeral(i+1) + "）" + a.Title})
		problems := a.Children
		if len(problems) == 0 {
			problems = []*duban.OutlineNode{a}
		}
		for j, p := range problems {
			if p != a {
				d.Blocks = append(d.Blocks, duban.Block{Level: 3, Heading: fmt.Sprintf("%d.关于“%s”的问题", j+1, p.Title)})
			}
			d.Blocks = append(d.Blocks, measures(allMeasures(p))...)
		}
	}
	d.Blocks = append(d.Blocks, duban.Block{Level: 1, Heading: "三、持续巩固深化整改成果"},
		duban.Block{Text: "对已完成的整改事项适时开展“回头看”，防止问题反弹回潮；对需要长期坚持的事项紧盯不放、持续推进，" +
			"按期报送进展，做到整改不到位不销号。把巡视整改与推动本单位中心工作结合起来，建立健全长效机制，巩固和扩大整改成果。"})
	contact := strings.TrimSpace(in.Contact)
	if contact == "" {
		contact = "欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议，请通过本单位公布的电话、来信和电子邮箱及时反映。"
	}
	d.Blocks = append(d.Blocks, duban.Block{Text: contact})
	return d
}

func noticeTitle(m duban.OutlineMeta) string {
	if m.Round != "" {
		return "关于" + m.Round + "巡视整改进展情况的通报"
	}
	return "关于巡视整改进展情况的通报"
}

func preamble(m duban.OutlineMeta) string {
	var b strings.Builder
	b.WriteString("按照统一部署，")
	if !m.OnsiteStart.IsZero() && !m.OnsiteEnd.IsZero() {
		end := m.OnsiteEnd.Chinese()
		if m.OnsiteEnd.Time().Year() == m.OnsiteStart.Time().Year() {
			end = strings.TrimPrefix(end, fmt.Sprintf("%d年", m.OnsiteEnd.Time().Year()))
		}
		fmt.Fprintf(&b, "%s至%s，", m.OnsiteStart.Chinese(), end)
	}
	team := m.Team
	if team == "" {
		team = "巡视组"
	}
	kind := "巡视"
	if m.Topic != "" {
		kind = "专项巡视"
	}
	fmt.Fprintf(&b, "%s对%s", team, m.Unit)
	if m.Topic != "" {
		fmt.Fprintf(&b, "%s", m.Topic)
	}
	fmt.Fprintf(&b, "开展了%s。", kind)
	if !m.FeedbackDate.IsZero() {
		fmt.Fprintf(&b, "%s，%s反馈了巡视意见。", m.FeedbackDate.Chinese(), team)
	}
	b.WriteString("根据巡视工作有关规定，现将截至" + m.AsOf.Chinese() + "的整改进展情况予以公布。")
	return b.String()
}

func organisation(in NoticeInput) []duban.Block {
	aspects, problems, subproblems, nMeasures := in.Outline.Counts()
	scope := fmt.Sprintf("对照反馈意见指出的%d个方面%d个问题", aspects, problems)
	if subproblems > 0 {
		scope += fmt.Sprintf("、%d个具体问题", subproblems)
	}
	var held []string
	for _, c := range in.Meetings {
		held = append(held, fmt.Sprintf("%d次%s", c.Count, c.Kind))
	}
	meetings := "定期研究推进整改任务。"
	if len(held) > 0 {
		meetings = "整改期间共召开" + strings.Join(held, "、") + "，专题研究推进整改任务和重要事项。"
	}
	return []duban.Block{
		{Level: 1, Heading: "一、提高政治站位，压实整改主体责任"},
		{Level: 2, Heading: "（一）加强组织领导。", Text: "把巡视整改作为重大政治任务，成立整改工作领导小组，主要负责同志履行第一责任人职责。" + meetings},
		{Level: 2, Heading: "（二）细化整改任务。", Text: scope + fmt.Sprintf("，逐条制定%d项整改举措，明确整改目标、整改时限、责任单位和责任人，建立整改台账，实行挂图作战、对账销号。", nMeasures)},
	}
}

func allMeasures(n *duban.OutlineNode) []*duban.OutlineMeasure {
	out := append([]*duban.OutlineMeasure{}, n.Measures...)
	for _, c := range n.Children {
		if c.Kind == duban.NodeSubproblem {
			out = append(out, allMeasures(c)...)
		}
	}
	return out
}

// measures writes each measure as "一是…。progress" or, when there is only
// one, as a paragraph that starts with its title.
func measures(ms []*duban.OutlineMeasure) []duban.Block {
	var parts []string
	for i, m := range ms {
		title := strings.TrimRight(m.Title, "。；;，, ")
		text := title + "。" + progressText(m)
		if len(ms) > 1 {
			text = duban.ChineseNumeral(i+1) + "是" + text
		}
		parts = append(parts, text)
	}
	if len(parts) == 0 {
		return nil
	}
	return []duban.Block{{Text: strings.Join(parts, "")}}
}

func progressText(m *duban.OutlineMeasure) string {
	p := strings.TrimSpace(strings.ReplaceAll(m.Progress, "\n", "；"))
	switch {
	case p == "" && m.Status == duban.StatusClosed:
		return "已完成整改并销号。"
	case p == "":
		return "正在按计划推进。"
	case !strings.HasSuffix(p, "。"):
		p += "。"
	}
	return p
}
