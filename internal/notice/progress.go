package notice

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"duban/internal/duban"
)

// A problem's body mixes what was planned (整改措施：…, 一是…) with what
// has come of it (整改进展：已完成…, （已完成）) and, in some notices, with
// what the inspectors found (巡察指出：…). Only the first are measures; the
// progress is the measures', the findings the problem's own text.

var (
	// progressLabel opens a paragraph or sentence reporting progress.
	progressLabel = regexp.MustCompile(`^(?:整改进展(?:情况)?|进展情况|目前进展|当前进展|整改进度|完成进度|进度情况|整改情况|整改成效|整改结果|整改完成情况|完成情况|` +
		`整改落实情况|落实情况|整改状态|完成状态|办理情况|办结情况)\s*[：:]\s*`)
	// descLabel opens a paragraph that states the problem as found.
	descLabel = regexp.MustCompile(`^(?:(?:中央|省委|市委|区委|县委)?(?:巡视|巡察)(?:组)?(?:反馈|指出|发现)(?:的)?(?:问题)?|问题表现|存在问题|` +
		`问题|问题描述|具体问题|具体表现|主要表现|主要问题|反馈问题|问题内容|问题情况|审计(?:指出|发现|反馈)(?:的)?(?:问题)?)\s*[：:]\s*`)
	// inlineMark is a status written in brackets inside or after a
	// measure: 修订制度汇编（已完成）；, 开展检查。（持续推进）.
	inlineMark = regexp.MustCompile(`\s*[（(【\[]((?:(?:已|已全部|全部|已基本|基本)?(?:完成整改|整改完成|整改到位|完成|整改|销号|办结)|` +
		`正在整改|整改中|持续整改|持续推进|长期坚持|正在推进|推进中|未完成)(?:[0-9０-９一二三四五六七八九十百]+[名个项家人次件处条所户]?)?` +
		`(?:[，,、并及][^（()）【】\[\]]{0,24})?)[）)】\]]`)
	// statusLead opens a sentence that tells where the work stands:
	// 目前，该问题已整改完成。 截至目前，已完成整改并长期坚持。
	statusLead = regexp.MustCompile(`^(?:目前|当前|现|截至目前|截至[^，,。]{2,14}?)[，,]?\s*(?:该问题|此问题|该项问题|上述问题|相关问题|该项工作|此项工作)?\s*`)
	statusVerb = regexp.MustCompile(`^(?:(?:已|已经|均已|全部|基本|正在|仍在|持续)(?:全部|基本|按期|如期)?(?:整改)?(?:完成|到位|销号|办结|推进|坚持)|(?:正在|仍在|持续)整改(?:中)?[。.；;]?$|整改中[。.；;]?$)`)
)

// isReport reports a paragraph that tells what has come of the measures
// above it, however long, by the date it is as of: 截至2022年6月底，已完成
// 4862名优抚对象信息核查，….
func isReport(p string) bool {
	m := reportAsOf.FindStringIndex(p)
	return m != nil && reportVerb.MatchString(p[m[1]:])
}

// reportVerb says what has been done, not what is to be (a plan's 截至10月
// 底，全部完成…): 已完成, 已经, 均已, 正在.
var reportVerb = regexp.MustCompile(`^(?:已|已经|均已|正在|仍在|累计已)`)

// reportAsOf is the date a report is as of: 截至2022年6月底，.
var reportAsOf = regexp.MustCompile(`^截[至止](?:目前|\d{4}年[^，,。]{0,10}?|[^，,。]{2,10}?(?:底|末|日|号))[，,]\s*(?:该问题|此问题|该项问题|上述问题)?\s*`)

// statusTail cuts a status sentence off the end of a paragraph of
// measures: …二是完成12个小区改造。目前已整改完成。
func statusTail(p string) (rest, status string) {
	t := strings.TrimSpace(p)
	body := strings.TrimSuffix(t, "。")
	i := strings.LastIndex(body, "。")
	if i < 0 {
		return p, ""
	}
	last := strings.TrimSpace(t[i+len("。"):])
	if !isStatus(last) || statusLeadLen(last) == 0 && !strings.HasPrefix(last, "均已") && !strings.HasPrefix(last, "已全部") {
		return p, ""
	}
	return strings.TrimSpace(t[:i+len("。")]), last
}

// isStatus reports a short sentence telling where the work stands rather
// than what was done: 目前，该问题已整改完成; 截至目前，已完成整改并长期坚持.
// Without 目前 or 截至… before it, only a very short one is (已完成整改。).
func isStatus(p string) bool {
	n, lead := utf8.RuneCountInString(p), statusLeadLen(p)
	if n > 40 || lead == 0 && n > 16 {
		return false
	}
	return statusVerb.MatchString(p[lead:])
}

// statusLeadLen returns the length of the words before a status (目前，).
func statusLeadLen(p string) int {
	if loc := statusLead.FindStringIndex(p); loc != nil {
		return loc[1]
	}
	return 0
}

// doneWords are the states that close a measure.
var doneWords = []string{"已完成", "已整改", "已销号", "已办结", "已完成整改", "已整改到位", "已整改完成", "整改完成", "完成整改",
	"已全部完成", "全部完成", "已全部整改", "已到位", "整改到位", "已完成销号", "完成"}

// doneStatus reads a progress report or a mark: closed when its first
// clause says the work is done (已完成，形成台账; 已完成整改并长期坚持), not
// when it counts a part (已完成12个支部的建设) or is only begun (基本完成).
func doneStatus(s string) duban.Status {
	s = strings.TrimSpace(s)
	if isStatus(s) {
		s = s[statusLeadLen(s):] // 目前，该问题已整改完成
	}
	first := s
	if i := strings.IndexAny(s, "，,。；;（("); i >= 0 {
		first = s[:i]
	}
	if doneClause(first) {
		return duban.StatusClosed
	}
	// 截至6月底，已完成4862人核查，更正127条，该问题已整改完成。: the
	// last clause, when it says the problem or the work is done.
	clauses := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("，,。；;", r) })
	if n := len(clauses); n > 1 {
		last := strings.TrimSpace(clauses[n-1])
		if rest, ok := strings.CutPrefix(last, statusSubject.FindString(last)); ok && rest != last && doneClause(rest) {
			return duban.StatusClosed
		}
	}
	return ""
}

// statusSubject opens a clause that says the problem, or the work, is
// done: 该问题已整改完成, 目前已全部完成.
var statusSubject = regexp.MustCompile(`^(?:目前|现|截至目前)?[，,]?\s*(?:该问题|此问题|该项问题|上述问题|相关问题|该项工作|此项工作|整改任务|各项整改任务|问题)?\s*(?:均|全部)?`)

// doneClause tells a clause saying the work is done: 已完成, 已完成整改并长期坚持.
func doneClause(s string) bool {
	for _, w := range doneWords {
		if s == w || strings.HasPrefix(s, w+"并") {
			return true
		}
	}
	return false
}

// cutMarks takes the status marks out of a measure's text and returns
// the text without them, and the first mark.
func cutMarks(s string) (string, string) {
	var mark string
	out := inlineMark.ReplaceAllStringFunc(s, func(m string) string {
		if mark == "" {
			mark = inlineMark.FindStringSubmatch(m)[1]
		}
		return ""
	})
	if mark == "" {
		return s, ""
	}
	return strings.TrimSpace(out), mark
}

// isMarkOnly reports a paragraph that is nothing but a status mark:
// （已完成）, 【持续推进】.
func isMarkOnly(p string) bool {
	rest, mark := cutMarks(p)
	return mark != "" && strings.Trim(rest, "。.；;，, ") == ""
}

// progress is a report of progress found in a body, and the number of
// measure paragraphs before it.
type progress struct {
	text string
	at   int
}

// setProgress gives a measure a progress report and the state it says,
// unless it has its own: a report over all of a problem's measures.
func setProgress(m *duban.OutlineMeasure, text string) {
	if m.Progress == "" {
		addProgress(m, text)
	}
}

// addProgress adds a report of a measure's own to what it has.
func addProgress(m *duban.OutlineMeasure, text string) {
	if text == "" || strings.Contains(m.Progress, text) {
		return
	}
	m.Progress = joinReport(m.Progress, text)
	if m.Status == "" {
		m.Status = doneStatus(text)
	}
}

// joinReport adds a report to those before it, a line each.
func joinReport(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

// cutProgress takes a progress report run into a measure's text after its
// sentences (修订制度。整改进展：已印发。) off the text.
func cutProgress(s string) (text, report string) {
	for i, r := range s {
		if r != '。' && r != '；' && r != ';' {
			continue
		}
		rest := strings.TrimSpace(s[i+len(string(r)):])
		if loc := progressLabel.FindStringIndex(rest); loc != nil {
			return strings.TrimSpace(s[:i+len(string(r))]), strings.TrimSpace(rest[loc[1]:])
		}
	}
	return s, ""
}
