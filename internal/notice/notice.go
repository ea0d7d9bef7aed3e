// Package notice rebuilds a plan's tree from the text of an existing
// progress notice (整改进展情况的通报) or rectification plan (整改方案): it
// reads the numbering (一、 （一） 1. （1） ⑴ ① and 一是/二是…), run-in
// headings and quoted problem titles (关于“…”的问题), and the metadata of the
// preamble and signature. It touches neither the database nor HTTP; the
// store imports the Outline it returns.
//
// Layouts handled (see shared/research/notice-layouts.md §C):
//
//   - A, the reference notice: 一、organisational work, 二、aspects at （一）
//     with problems at 1.关于“…”的问题 and measures at 一是/二是, 三、next steps;
//   - B, one problem per top-level item (一、关于“…”的问题), no aspects;
//   - C, aspects at （一） under a section 一、 (or with no 一、 at all, as in
//     P1), problems at 1., specific problems at （1）;
//   - D, a summary-only notice without numbering: nothing to place, only
//     the stated totals;
//   - problems named 问题一：…, aspects run in as 一是在…方面。 or headed
//     一、关于…问题的整改情况 over problems at 1.;
//   - a DOCX whose tables have a ledger's header: the tables are read as a
//     ledger (see table.go);
//   - problems run into their measures unquoted (1.…的问题，…), headed
//     without a number (关于“…”的问题) or opened by what was found
//     (1.巡察指出：…);
//   - a DOCX numbered by Word's lists or heading styles (docx_numbering.go),
//     Markdown headings and lists, a saved web page (htmltext.go), and text
//     copied out of a PDF, its lines joined back (wrap.go).
//
// Measures are also cut out of a paragraph that numbers them after a
// label (整改情况：1.…2.…, （1）…（2）…, ①…；②…). Under measures of their
// own, such a paragraph (整改进展：…, 整改成效：…) and a status mark
// (（已完成）) are the measures' progress and state (progress.go).
//
// Measures are the 一是/二是 items of a problem's body, else each body
// paragraph, else the numbered paragraphs under the problem. Inside the
// problems section, text that fits none of these (a paragraph under an
// aspect before its first problem, an item holding no problem) is returned
// in Result.Unplaced; organisational-work and next-steps sections only feed
// the metadata.
package notice

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"duban/internal/duban"
)

// Result is what Parse makes of a document: the rebuilt outline, and the
// paragraphs of the problems section that could not be placed in it, in
// document order, so that nothing is dropped silently.
type Result struct {
	Outline  *duban.Outline `json:"outline"`
	Unplaced []string       `json:"unplaced"`
}

// joinBrokenHeadings joins a numbered heading whose quotation is broken
// across two lines (1.关于“干部交流轮岗不及时，部分干部在同一岗位 / 任职时间
// 过长”的问题): the second line closes it, unnumbered and short. Its second
// half was read as a measure.
func joinBrokenHeadings(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if lvl, _ := marker(l); lvl != 0 && strings.Count(l, "“") > strings.Count(l, "”") && i+1 < len(lines) {
			next := strings.TrimSpace(lines[i+1])
			if nl, _ := marker(next); nl == 0 && strings.Contains(next, "”") && utf8.RuneCountInString(next) <= 60 {
				l, i = strings.TrimRight(l, " \u3000")+next, i+1
			}
		}
		out = append(out, l)
	}
	return out
}

// Parse rebuilds the plan tree of a notice or plan from its text. It never
// fails: what it cannot read it leaves out of the outline (outside the
// problems section) or lists in Unplaced (inside it).
//
// A document without aspects (layout B: problems numbered 一、二、…, or
// under one section that names no aspect) gives an outline whose top level
// holds the problems themselves: nothing is made up.
func Parse(text string) *Result {
	text = hanStop.ReplaceAllString(text, "$1。$2")
	lines, contact := splitContact(joinWrapped(measureTables(text)))
	head, lines := splitHeader(lines)
	lines = cutAttachments(lines)
	lines, sig, signed := splitTrailer(lines)
	lines, closing := splitClosing(lines)
	lines = numberLabelledProblems(numberAspectLines(fieldsOwnLine(joinBrokenHeadings(lines))))
	root := buildTree(lines)
	p := newParser()
	p.place(root)
	p.outside = append(p.outside, closing...)
	p.res.Outline.Meta = readMeta(metaInput{
		head: head, outside: p.outside, signature: sig, signed: signed,
	})
	p.res.Outline.Meta.Contact = strings.Join(contact, "\n")
	datedInYear(p.res.Outline)
	return p.res
}

// hanStop is a half-width full stop after Chinese, as text typed with an
// English keyboard or copied from a web page writes it (取缔无证机构12家.
// 已完成.): a sentence's end, which the reader knows as 。.
var hanStop = regexp.MustCompile(`(?m)(\p{Han})\.[ \t]*(\p{Han}|$)`)

// numberAspectLines numbers the aspects a notice writes as lines of their
// own without a number between its sections and its numbered problems
// (二、反馈问题整改落实情况 / 在贯彻落实…决策部署方面 / 1.关于“…”的问题):
// each becomes （一）, （二）… of its section, as if so written. Unnumbered,
// the first was left unplaced and the others read as measures.
func numberAspectLines(lines []string) []string {
	out := make([]string, 0, len(lines))
	n, section := 0, false // aspects counted in the section; under a section of the problems
	prev := ""             // the last line with text
	for i, l := range lines {
		lvl, head := marker(l)
		switch {
		case lvl == 1:
			// 二、反馈问题整改落实情况, not 一、…方面 (its own aspect, whose
			// 在…方面 lines group measures) or 二、整改工作取得的成效.
			n, section = 0, problemsSection(head)
		case lvl == 2:
			section = false // the notice numbers its aspects itself
		case lvl == 0 && section && aspectLine(l) && !strings.HasSuffix(prev, "：") && !strings.HasSuffix(prev, ":") && problemsNext(lines[i+1:]):
			n++
			l = levelMarks[1](n) + strings.TrimSpace(l)
		}
		if t := strings.TrimFunc(l, isBlank); t != "" {
			prev = t
		}
		out = append(out, l)
	}
	return out
}

// problemsSection tells a section's heading over the problems and their
// rectification (反馈问题整改落实情况, 巡察反馈问题的整改情况), not an aspect's
// or the results' (整改工作取得的成效, 下一步工作打算).
func problemsSection(head string) bool {
	return strings.Contains(head, "问题") && !isAspectHead(head) && !strings.Contains(head, "成效") && !isClosing(head)
}

// aspectLine tells a line of its own that names an aspect: 在…方面, short,
// no sentence.
func aspectLine(l string) bool {
	t := strings.TrimFunc(l, isBlank)
	return isAspectHead(t) && strings.HasSuffix(t, "方面") && utf8.RuneCountInString(t) <= 40 && !strings.ContainsAny(t, "。；;，,：:")
}

// problemsNext tells whether the next line with text is a problem
// numbered below an aspect (1.关于…).
func problemsNext(lines []string) bool {
	for _, l := range lines {
		if strings.TrimFunc(l, isBlank) == "" {
			continue
		}
		lvl, _ := marker(l)
		return lvl == 3
	}
	return false
}

// numberLabelledProblems numbers the problems a notice states under an
// aspect's heading by a label alone, each followed by its measures or its
// progress (（一）在理论学习方面 / 问题表现：… / 整改措施：… / 整改成效：… /
// 问题表现：…, as 主题教育 检视问题 notices write them): each becomes a
// numbered problem of the aspect (1.…, 2.…), as if so written. Unnumbered,
// they were the aspect's text and the notice was refused.
func numberLabelledProblems(lines []string) []string {
	out := make([]string, 0, len(lines))
	underAspect, n := false, 0
	for i, l := range lines {
		if lvl, head := marker(l); lvl != 0 {
			underAspect, n = isAspectHead(head), 0
		} else if loc := descLabel.FindStringIndex(l); underAspect && loc != nil && loc[1] < len(l) && answered(lines[i+1:]) {
			n++
			l = fmt.Sprintf("%d.%s", n, strings.TrimSpace(l[loc[1]:]))
		}
		out = append(out, l)
	}
	return out
}

// answered reports whether the lines before the next heading or problem
// label say what was done: a label of measures or progress.
func answered(lines []string) bool {
	for _, l := range lines {
		if lvl, _ := marker(l); lvl != 0 || descLabel.MatchString(l) {
			return false
		}
		if measureLabel.MatchString(l) || progressLabel.MatchString(l) {
			return true
		}
	}
	return false
}

// fieldsOwnLine writes bracketed labels as labels (unbracketLabel) and
// puts the fields a numbered line states in brackets (1.开展专项检查（责任
// 单位：食品股；完成时限：2023年9月底前）。) on a line of their own after it,
// where they are its fields: left in the line, the title was cut at their
// colon.
func fieldsOwnLine(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = unbracketLabel(l)
		if lvl, _ := marker(l); lvl != 0 {
			if loc := bracketFields.FindAllStringIndex(l, -1); len(loc) == 1 && fieldsOf(l[loc[0][0]:loc[0][1]]) != nil {
				out = append(out, l[:loc[0][0]]+l[loc[0][1]:], l[loc[0][0]:loc[0][1]])
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// unbracketLabel writes a label put in brackets (【整改措施】…, 【整改进展】…)
// as the label with its colon, as the readers know it.
func unbracketLabel(l string) string {
	t := strings.TrimLeftFunc(l, isBlank)
	m := bracketLabel.FindStringSubmatch(t)
	if m == nil {
		return l
	}
	if labelled := m[1] + "：" + strings.TrimSpace(t[len(m[0]):]); progressLabel.MatchString(labelled) || measureLabel.MatchString(labelled) || descLabel.MatchString(labelled) || fieldsOf(labelled) != nil {
		return labelled
	}
	return l
}

// bracketLabel is a label in brackets at a line's start: 【整改措施】.
var bracketLabel = regexp.MustCompile(`^[【\[［〔]\s*([^】\]］〕]{2,10}?)\s*[】\]］〕]\s*[：:]?`)

// datedInYear reads a measure's deadline written without its year (6月底前)
// in the year of the feedback, or in the next when that would fall before
// it (without a feedback date it is left as written): a plan made after the feedback
// of June 2023 means June 2023 by 6月底前, and by 3月底前 March 2024.
func datedInYear(o *duban.Outline) {
	from := o.Meta.FeedbackDate
	if from.IsZero() {
		return // a notice's own date may be long after its deadlines
	}
	year := from.Time().Year()
	o.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		if m.DeadlineText == "" || m.DeadlineKind != "" || !m.Deadline.IsZero() || m.Within != nil {
			return true
		}
		k, d, _, err := duban.ParseDeadlineIn(m.DeadlineText, year)
		if err == nil && k == duban.DeadlineDate && d.Before(from) {
			k, d, _, err = duban.ParseDeadlineIn(m.DeadlineText, year+1)
		}
		if err == nil {
			m.DeadlineKind, m.Deadline = k, d
		}
		return true
	})
}

// statedKeys are the keys of Meta.Stated, in the order Check reports them.
var statedKeys = []struct{ key, noun, unit string }{
	{"aspects", "个方面", "个"},
	{"problems", "个问题", "个"},
	{"subproblems", "个具体问题", "个"},
	{"measures", "项整改措施", "项"},
}

// Check compares the totals the text states (Meta.Stated) with what was
// found and returns one message in Chinese per mismatch, e.g.
// “通报称4个方面，识别出3个”. A mismatch is not necessarily a parsing error:
// the reference notice states 13 problems (22 specific ones) from the plan,
// while its progress part reports on 12.
func (r *Result) Check() []string {
	if r == nil || r.Outline == nil {
		return nil
	}
	a, p, s, m := r.Outline.Counts()
	found := map[string]int{"aspects": a, "problems": p, "subproblems": s, "measures": m}
	doc := docNoun(r.Outline.Meta.Title)
	var msgs []string
	for _, k := range statedKeys {
		want, ok := r.Outline.Meta.Stated[k.key]
		if ok && want != found[k.key] {
			msgs = append(msgs, fmt.Sprintf("%s称%d%s，识别出%d%s", doc, want, k.noun, found[k.key], k.unit))
		}
	}
	return msgs
}

// docNoun names the kind of document for Check's messages.
func docNoun(title string) string {
	switch {
	case strings.Contains(title, "方案"):
		return "方案"
	case strings.Contains(title, "报告"):
		return "报告"
	}
	return "通报"
}
