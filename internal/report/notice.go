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
	Options  NoticeOptions

	// lines are the nodes' measures as the notice writes them, made as the
	// measures are read (NoticeOf) or, when nil, from the outline's
	// Measures. A node's lines are dropped once written.
	lines noticeLines
}

// noticeLine is what a notice says of one measure: where it stood on the
// notice date, and its sentence (its title and what it has come to).
type noticeLine struct {
	st   state
	text string
}

// noticeLines are each node's own measures as notice lines.
type noticeLines map[*duban.OutlineNode][]noticeLine

// lineOf is the notice line of m on asOf.
func lineOf(m *duban.OutlineMeasure, asOf duban.Date) noticeLine {
	return noticeLine{st: stateOf(m, asOf), text: strings.TrimRight(m.Title, "。；;，, ") + "。" + stateText(m, asOf)}
}

// keep returns a yield of a scan that keeps each measure as its line on
// asOf, under its node.
func (ls noticeLines) keep(asOf duban.Date) func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool {
	return func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		ls[n] = append(ls[n], lineOf(m, asOf))
		return true
	}
}

// subtree returns the lines of n and of every node under it, in document
// order; take drops them as it returns them.
func (ls noticeLines) subtree(n *duban.OutlineNode, take bool) []noticeLine {
	out := ls[n]
	if take {
		delete(ls, n)
	}
	for _, c := range n.Children {
		out = append(out[:len(out):len(out)], ls.subtree(c, take)...)
	}
	return out
}

// take returns n's own lines and drops them.
func (ls noticeLines) take(n *duban.OutlineNode) []noticeLine {
	out := ls[n]
	delete(ls, n)
	return out
}

// NoticeOptions are the lead's choices for a notice.
type NoticeOptions struct {
	// Unfinished says how measures that are overdue, or have no accepted
	// report yet, are written: stated as they are (the default), or left out
	// of the progress part (the figures still count them).
	Unfinished UnfinishedRule
	// ByAspect adds each aspect's completed measures and rate under its heading.
	ByAspect bool
}

// UnfinishedRule is how a notice writes measures that are not going to plan.
type UnfinishedRule string

// Rules for unfinished measures.
const (
	UnfinishedState UnfinishedRule = "state" // say they are overdue or unreported
	UnfinishedOmit  UnfinishedRule = "omit"  // leave them out of the progress part
)

// ParseUnfinishedRule reads a rule as the API, page and command line give
// it; "" is the default, state.
func ParseUnfinishedRule(s string) (UnfinishedRule, error) {
	switch r := UnfinishedRule(strings.TrimSpace(s)); r {
	case "", UnfinishedState:
		return UnfinishedState, nil
	case UnfinishedOmit:
		return r, nil
	}
	return "", &duban.Error{Code: duban.Invalid, Message: "未完成举措的写法应为 state（如实写明）或 omit（不列入）",
		Fields: map[string]string{"unfinished": "应为 state 或 omit"}}
}

// ParseNoticeOptions reads the options as the API, page and command line
// give them: unfinished=state|omit and by_aspect=1|true|on.
func ParseNoticeOptions(unfinished, byAspect string) (NoticeOptions, error) {
	rule, err := ParseUnfinishedRule(unfinished)
	switch strings.TrimSpace(byAspect) {
	case "", "0", "false", "off", "1", "true", "on":
	default:
		return NoticeOptions{}, &duban.Error{Code: duban.Invalid, Message: "分方面统计应为 1 或 0", Fields: map[string]string{"by_aspect": "应为 1 或 0"}}
	}
	on := map[string]bool{"1": true, "true": true, "on": true}[strings.TrimSpace(byAspect)]
	return NoticeOptions{Unfinished: rule, ByAspect: on}, err
}

// Notice composes the progress notice of a plan: title, preamble from the
// source, 一、organisational work with the meetings held, 二、the figures,
// then progress per aspect, problem and specific problem as each measure
// stood on the notice date, 三、next steps, the contact lines, signature and
// date. Every word that names the work comes from the source's kind.
func Notice(in NoticeInput) *duban.Document {
	if in.lines == nil {
		in.lines = noticeLines{}
		in.Outline.Scan()(in.lines.keep(in.Outline.Meta.AsOf))
	}
	m := in.Outline.Meta
	w := duban.WordsOf(m.Kind)
	d := &duban.Document{Issuer: m.Unit, Title: noticeTitle(m, w), Signature: m.Unit, Date: m.AsOf}
	d.Blocks = append(d.Blocks, duban.Block{Text: preamble(m, w)})
	d.Blocks = append(d.Blocks, organisation(in, w)...)
	d.Blocks = append(d.Blocks, duban.Block{Level: 1, Heading: "二、逐项推进整改任务落实"},
		duban.Block{Text: figures(in, in.Options.Unfinished)})
	d.Blocks = append(d.Blocks, progress(in)...)
	d.Blocks = append(d.Blocks, duban.Block{Level: 1, Heading: "三、持续巩固深化整改成果"},
		duban.Block{Text: "对已完成的整改事项适时开展“回头看”，防止问题反弹回潮；对需要长期坚持的事项紧盯不放、持续推进，" +
			"按期报送进展，做到整改不到位不销号。把" + w.Rectify + "与推动本单位中心工作结合起来，建立健全长效机制，巩固和扩大整改成果。"})
	contact := firstText(in.Contact, m.Contact) // given with the request, else kept from the imported notice
	if contact == "" {
		contact = "欢迎广大干部群众" + w.Supervise + "。如有意见建议，请通过本单位公布的电话、来信和电子邮箱及时反映。"
	}
	for _, l := range strings.Split(contact, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			d.Blocks = append(d.Blocks, duban.Block{Text: l})
		}
	}
	return d
}

func noticeTitle(m duban.OutlineMeta, w duban.KindWords) string {
	if m.Round != "" {
		return "关于" + m.Round + w.Work + "整改进展情况的通报"
	}
	return "关于" + w.Rectify + "进展情况的通报"
}

func preamble(m duban.OutlineMeta, w duban.KindWords) string {
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
		team = w.Team
	}
	done := w.Done
	if m.Topic != "" {
		done = strings.Replace(done, w.Work, "专项"+w.Work, 1)
	}
	fmt.Fprintf(&b, "%s对%s%s%s。", team, m.Unit, m.Topic, done)
	if !m.FeedbackDate.IsZero() {
		fmt.Fprintf(&b, "%s，%s%s。", m.FeedbackDate.Chinese(), team, w.Handed)
	}
	b.WriteString(w.Rules + "，现将截至" + m.AsOf.Chinese() + "的整改进展情况予以公布。")
	return b.String()
}

func organisation(in NoticeInput, w duban.KindWords) []duban.Block {
	aspects, problems, subproblems, _ := in.Outline.Counts()
	nMeasures := 0
	for _, ls := range in.lines {
		nMeasures += len(ls)
	}
	scope := fmt.Sprintf("%d个问题", problems)
	if aspects > 0 {
		scope = fmt.Sprintf("%d个方面", aspects) + scope
	}
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
		{Level: 2, Heading: "（一）加强组织领导。", Text: "把" + w.Rectify + "作为重大政治任务，成立" + w.Group + "，主要负责同志履行第一责任人职责。" + meetings},
		{Level: 2, Heading: "（二）细化整改任务。", Text: "对照" + w.Opinion + "指出的" + scope + fmt.Sprintf("，逐条制定%d项整改举措，明确整改目标、整改时限、责任单位和责任人，建立整改台账，实行挂图作战、对账销号。", nMeasures)},
	}
}

// progress writes part two below its figures: aspects as （一）, problems as
// 1. (or as （一） in a notice without aspects), specific problems as （1）,
// and the measures of each as 一是…二是….
func progress(in NoticeInput) []duban.Block {
	var out []duban.Block
	top := in.Outline.Aspects
	for i, n := range top {
		if n.Kind != duban.NodeAspect {
			out = append(out, problemBlocks(in, n, 2, fmt.Sprintf("（%s）", duban.ChineseNumeral(i+1)))...)
			continue
		}
		out = append(out, duban.Block{Level: 2, Heading: "（" + duban.ChineseNumeral(i+1) + "）" + n.Title})
		if in.Options.ByAspect {
			out = append(out, duban.Block{Text: aspectFigures(in.lines.subtree(n, false))})
		}
		out = append(out, measures(in, in.lines.take(n))...)
		problems := 0
		for _, p := range n.Children {
			problems++
			out = append(out, problemBlocks(in, p, 3, fmt.Sprintf("%d.", problems))...)
		}
	}
	return out
}

// problemBlocks writes a problem's heading at level, its measures, then its
// specific problems numbered （1）（2） with theirs.
func problemBlocks(in NoticeInput, p *duban.OutlineNode, level int, number string) []duban.Block {
	out := []duban.Block{{Level: level, Heading: number + "关于“" + p.Title + "”的问题"}}
	out = append(out, measures(in, in.lines.take(p))...)
	for j, s := range p.Children {
		out = append(out, duban.Block{Level: level + 1, Heading: fmt.Sprintf("（%d）关于“%s”的问题", j+1, s.Title)})
		out = append(out, measures(in, in.lines.subtree(s, true))...)
	}
	return out
}

// measures writes each measure as "一是…。" with what it has come to, or,
// when there is only one, as a paragraph that starts with its title. Under
// the omit rule, unfinished measures are left out.
func measures(in NoticeInput, ls []noticeLine) []duban.Block {
	kept := 0
	for _, l := range ls {
		if in.Options.Unfinished != UnfinishedOmit || !l.st.unfinished() {
			kept++
		}
	}
	if kept == 0 {
		return nil
	}
	var b strings.Builder
	i := 0
	for _, l := range ls {
		if in.Options.Unfinished == UnfinishedOmit && l.st.unfinished() {
			continue
		}
		if i++; kept > 1 {
			b.WriteString(duban.ChineseNumeral(i) + "是")
		}
		b.WriteString(l.text)
	}
	return []duban.Block{{Text: b.String()}}
}

// firstText returns the first of ss that is not blank, trimmed.
func firstText(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
