package notice

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"duban/internal/duban"
)

// measures reads the measures of a problem from its body paragraphs.
// When the body counts its measures (一是…。二是…), each counted item is a
// measure; text before 一是 is the problem's own text, and paragraphs after
// a counted item without a count of their own continue it. Otherwise each
// paragraph is one measure.
//
// A paragraph stating the problem as found (巡察指出：…) is the problem's
// text too. One reporting progress (整改进展：…, （已完成）) is the
// progress of the measures since the previous report; one before any
// measure is returned as general, for all the problem's measures. When the
// body holds nothing but such reports, and others is false (no numbered
// measures below), the reports are the measures: 整改情况：1.…2.… is then
// what was done.
func measures(paras []string, others bool) (text string, ms []*duban.OutlineMeasure, general string) {
	var plan, desc, labelled []string
	var reports []progress
	for _, p := range splitFound(paras) {
		switch {
		case descLabel.MatchString(p):
			if d := strings.TrimSpace(descLabel.ReplaceAllString(p, "")); d != "" {
				desc = append(desc, d)
			}
		case progressLabel.MatchString(p):
			r := strings.TrimSpace(progressLabel.ReplaceAllString(p, ""))
			if r != "" {
				labelled = append(labelled, r)
				reports = append(reports, progress{text: r, at: len(plan)})
			}
		case isMarkOnly(p):
			_, mark := cutMarks(p)
			reports = append(reports, progress{text: mark, at: len(plan)})
		case (isStatus(p) || isReport(p)) && len(plan) > 0:
			reports = append(reports, progress{text: p, at: len(plan)})
		default:
			p, status := statusTail(p)
			if p = strings.TrimSpace(measureLabel.ReplaceAllString(p, "")); p != "" {
				plan = append(plan, p)
			}
			if status != "" && len(plan) > 0 {
				reports = append(reports, progress{text: status, at: len(plan)})
			}
		}
	}
	if len(plan) == 0 && !others && len(labelled) > 0 {
		// 整改情况：一是…；二是…。目前已整改完成。: the measures, and
		// where they stand.
		plan, reports = nil, nil
		for _, l := range labelled {
			rest, status := statusTail(l)
			plan = append(plan, rest)
			if status != "" {
				reports = append(reports, progress{text: status, at: len(plan)})
			}
		}
	}
	intro, items, starts := splitOrdinals(plan)
	if items == nil {
		intro, items, starts = "", nil, nil
		for i, p := range plan {
			pre, pieces := splitNumbered(p)
			if pieces == nil {
				pieces = []string{p}
			}
			if pre != "" {
				desc = append(desc, pre)
			}
			for _, q := range pieces {
				items, starts = append(items, q), append(starts, i)
			}
		}
	}
	var at []int // the paragraph each measure starts in
	for i, c := range items {
		if c != "" {
			ms, at = append(ms, newMeasure(c)), append(at, starts[i])
		}
	}
	general = assignReports(ms, at, reports)
	if intro != "" {
		desc = append(desc, intro)
	}
	return strings.Join(desc, "\n"), ms, general
}

// reportPieces splits a report numbered as measures are (1.… 2.…,
// （1）…（2）…, 一是…二是…) into its pieces; nil when it is not numbered
// from its start.
func reportPieces(text string) []string {
	if intro, items, _ := splitOrdinals([]string{text}); items != nil && strings.TrimSpace(intro) == "" {
		return trimPieces(items)
	}
	if intro, pieces := splitNumbered(text); pieces != nil && strings.TrimSpace(intro) == "" {
		return trimPieces(pieces)
	}
	return nil
}

// trimPieces drops the separators a piece keeps at its end (；).
func trimPieces(pieces []string) []string {
	out := make([]string, 0, len(pieces))
	for _, p := range pieces {
		if p = strings.TrimRight(strings.TrimSpace(p), "；;，,"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitFound splits a paragraph stating the problem as found that goes on
// to what was done in the same paragraph (巡察指出：…不规范。整改情况：一是…)
// into the two. Only a label parts them: what was found is often counted
// itself (巡察指出：…不到位。一是…；二是…).
func splitFound(paras []string) []string {
	var out []string
	for _, p := range paras {
		if loc := descLabel.FindStringIndex(p); loc != nil {
			if at := loc[1] + labelAfter(p[loc[1]:], false); at < len(p) {
				out = append(out, strings.TrimSpace(p[:at]), strings.TrimSpace(p[at:]))
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// assignReports gives each report to the measures that start after the
// report before it and before it, or, for the last measure's report when
// none start there, to the measure before. A report before every measure
// is returned, for all of them.
func assignReports(ms []*duban.OutlineMeasure, at []int, reports []progress) (general string) {
	from := 0
	for _, r := range reports {
		var got []*duban.OutlineMeasure
		for i, m := range ms {
			if at[i] >= from && at[i] < r.at {
				got = append(got, m)
			}
		}
		// 整改进展：1.已印发…；2.已完工4所…；3.已建立… under measures
		// numbered alike: each its own.
		if pieces := reportPieces(r.text); len(got) > 1 && len(pieces) == len(got) {
			for i, m := range got {
				addProgress(m, pieces[i])
			}
		} else {
			for _, m := range got {
				addProgress(m, r.text)
			}
		}
		switch {
		case len(got) > 0:
		case r.at == 0 || len(ms) == 0:
			general = joinReport(general, r.text)
		default:
			for i := len(ms) - 1; i >= 0; i-- {
				if at[i] < r.at {
					addProgress(ms[i], r.text)
					break
				}
			}
		}
		from = r.at
	}
	return general
}

// itemMeasure makes a measure of a numbered paragraph under a problem
// (（1）严格落实“三会一课”制度。每季度检查一次。): the run-in heading is its
// title, what follows it and everything below it its content.
func itemMeasure(it *item) *duban.OutlineMeasure {
	head, run := it.head, it.run
	if _, rest := marker(it.line); rest != it.line {
		if _, _, ok := plainRunIn(rest); ok {
			// （1）针对资料不全的问题，补齐资料。 is a measure: its first
			// sentence is its title.
			head, run = splitSentence(rest)
		}
	}
	var own []string
	if run != "" {
		own = append(own, run)
	}
	body, fields := cutFields(append(own, it.paras...))
	var content, reports []string
	for _, p := range body {
		switch {
		case progressLabel.MatchString(p):
			reports = append(reports, strings.TrimSpace(progressLabel.ReplaceAllString(p, "")))
		case isMarkOnly(p):
			_, mark := cutMarks(p)
			reports = append(reports, mark)
		case isStatus(p):
			reports = append(reports, p)
		default:
			content = append(content, p)
		}
	}
	for _, k := range it.kids {
		content = append(content, k.lines()...)
	}
	head, mark := cutMarks(head)
	text, report := cutProgress(strings.Join(content, "\n"))
	m := &duban.OutlineMeasure{Title: trimTitle(head), Content: text}
	addProgress(m, mark)
	for _, r := range append(reports, report) {
		addProgress(m, r)
	}
	fields.apply(m)
	return m
}

// measureFields are what a plan's text states of a problem's or a
// measure's measures in lines of their own: 责任单位：…, 责任领导：…,
// 整改时限：…, 整改目标：….
type measureFields struct {
	lead, coop, leader, person, deadline, target string
}

// unitAndTimeLabels are the labels of the fields a measure may state in
// brackets too (bracketFields): its units, leaders and deadline.
const unitAndTimeLabels = `牵头单位|责任单位|责任部门|责任科室|责任股室|责任处室|牵头部门|牵头科室|牵头处室|承办单位|配合单位|配合部门|协办单位|责任领导|牵头领导|分管领导|责任人|` +
	`整改时限|完成时限|时限要求|完成时间`

// cutFields takes the field lines out of a body; a line may hold several
// fields separated by ；（责任单位：办公室；整改时限：2022年6月底前）.
func cutFields(body []string) ([]string, measureFields) {
	return joinSegments(fieldSegments(body))
}

// joinSegments returns the segments' texts in order and their fields, a
// later segment's over an earlier's.
func joinSegments(segs []fieldSegment) ([]string, measureFields) {
	var f measureFields
	var rest []string
	for _, seg := range segs {
		rest = append(rest, seg.text...)
		f.merge(seg.fields)
	}
	return rest, f
}

// fieldSegment is a run of a body's paragraphs and the field lines after
// them.
type fieldSegment struct {
	text   []string
	fields measureFields
	any    bool // some field line follows the text
	own    bool // the fields end the text's own line (建立制度。责任部门：…)
}

// fieldSegments splits a body where a paragraph follows field lines: a plan
// that gives each measure its own block (整改措施：A / 责任单位：… / 整改时限：…
// / 整改措施：B / 责任单位：…) has a segment per measure.
func fieldSegments(body []string) []fieldSegment {
	segs := []fieldSegment{{}}
	for _, l := range body {
		// 责任单位：…；完成时限：…；整改进展：已完成。: the progress after a
		// line of fields is a report, not the last field's value.
		var matched [][]string
		report := ""
		if at := inlineProgress.FindStringIndex(l); at != nil {
			_, w := utf8.DecodeRuneInString(l[at[0]:])
			if matched = fieldsOf(l[:at[0]]); matched != nil {
				report = strings.TrimSpace(l[at[0]+w:])
			}
		}
		if matched == nil {
			matched = fieldsOf(l)
		}
		cur := &segs[len(segs)-1]
		var own measureFields
		ownAny := false
		if matched == nil && !progressLabel.MatchString(l) {
			l, own, ownAny = cutTrailingFields(l)
		}
		switch {
		case matched == nil && (cur.any || ownAny && len(cur.text) > 0) && !progressLabel.MatchString(l) && !isMarkOnly(l):
			segs = append(segs, fieldSegment{text: []string{l}, fields: own, any: ownAny, own: ownAny})
		case matched == nil:
			cur.text = append(cur.text, l) // its progress after a measure's fields is the measure's
			cur.fields.merge(own)
			cur.any = cur.any || ownAny
			cur.own = ownAny && len(cur.text) == 1
		default:
			cur.any = true
			for _, m := range matched {
				cur.fields.set(m[1], strings.TrimRight(strings.TrimSpace(m[2]), "。"))
			}
			if report != "" {
				cur.text = append(cur.text, report)
			}
		}
	}
	return segs
}

// fieldsOf returns the fields of a line made only of field lines, nil for
// any other. Fields follow one another after ；, ，, 。 or a space
// (责任单位：项目股 责任人：周某 整改时限：2024年9月底前); a field's value
// runs to the next label.
func fieldsOf(l string) [][]string {
	l = strings.TrimRight(strings.TrimSpace(l), "。.；;")
	if inner, ok := bracketed(l); ok {
		l = inner // （责任单位：种植业股；完成时限：2023年6月底前）
	}
	locs := fieldStart.FindAllStringSubmatchIndex(l, -1)
	if len(locs) == 0 || locs[0][0] != 0 {
		return nil
	}
	var matched [][]string
	for i, loc := range locs {
		end := len(l)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		v := strings.TrimFunc(l[loc[1]:end], func(r rune) bool { return isBlank(r) || strings.ContainsRune(fieldSeparators, r) })
		if v == "" || !balanced(v) {
			return nil
		}
		matched = append(matched, []string{l[loc[0]:end], l[loc[2]:loc[3]], v})
	}
	return matched
}

// balanced reports whether every bracket in s closes one opened before it
// (县委办（督查室）), so that a value does not run over a bracket's end.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// fieldSeparators part one field from the next on a line.
const fieldSeparators = "；;，,。.、"

// opensField reports a line that begins with a field (责任单位：…).
func opensField(l string) bool {
	loc := fieldStart.FindStringIndex(l)
	return loc != nil && loc[0] == 0 && loc[1] < len(l)
}

// fieldStart is where a field begins: its label and colon, at the start of
// a line or after a separator or a space.
var fieldStart = regexp.MustCompile(`(?:^|[` + fieldSeparators + `\s　]+)(` + unitAndTimeLabels + `|整改目标|目标要求)\s*[：:]`)

// cutTrailingFields takes the fields written after a measure's text on its
// line (建立“三审”制度。责任部门：执法科。完成时限：2024年第四季度。) out
// of it; ok is false when none end the line.
func cutTrailingFields(text string) (rest string, f measureFields, ok bool) {
	for _, loc := range fieldStart.FindAllStringIndex(text, -1) {
		// The fields begin a sentence (after 。, ；or a space): 明确责任
		// 分工，责任领导：局长张某亲自抓，… is the measure's own words.
		sep, _ := utf8.DecodeRuneInString(text[loc[0]:])
		if loc[0] == 0 || !strings.ContainsRune("。；;，, \u3000\t", sep) {
			continue
		}
		tail, progress := text[loc[0]:], ""
		if at := inlineProgress.FindStringIndex(tail); at != nil {
			// …。完成时限：2024年第四季度。进展情况：已完成。: the progress
			// after the fields stays the measure's.
			_, w := utf8.DecodeRuneInString(tail[at[0]:])
			tail, progress = tail[:at[0]], tail[at[0]+w:]
		}
		if matched := fieldsOf(tail); matched != nil {
			for _, m := range matched {
				f.set(m[1], m[2])
			}
			if (sep == '，' || sep == ',') && f.lead == "" && f.deadline == "" {
				// After a comma, only a unit or a deadline tells fields
				// from the measure's own words naming who leads it.
				f = measureFields{}
				continue
			}
			rest = strings.TrimSpace(text[:loc[0]])
			if strings.HasPrefix(text[loc[0]:], "。") || progress != "" {
				rest = strings.TrimRight(rest, "。") + "。"
			}
			return rest + progress, f, true
		}
	}
	return text, f, false
}

// inlineProgress is a progress label after a sentence within a line.
var inlineProgress = regexp.MustCompile(`[。；;，,]\s*(?:整改进展(?:情况)?|进展情况|目前进展|整改情况|完成情况|整改成效|整改结果)\s*[：:]`)

// set records the field labelled so.
func (f *measureFields) set(label, v string) {
	switch label {
	case "牵头单位", "责任单位", "责任部门", "责任科室", "责任股室", "责任处室", "牵头部门", "牵头科室", "牵头处室", "承办单位":
		f.lead = v
	case "配合单位", "配合部门", "协办单位":
		f.coop = v
	case "责任领导", "牵头领导", "分管领导":
		f.leader = v
	case "责任人":
		f.person = v
	case "整改时限", "完成时限", "时限要求", "完成时间":
		f.deadline = v
	default:
		f.target = v
	}
}

// merge takes the fields g states, as a later line would.
func (f *measureFields) merge(g measureFields) {
	for _, p := range [][2]*string{{&f.lead, &g.lead}, {&f.coop, &g.coop}, {&f.leader, &g.leader}, {&f.person, &g.person}, {&f.deadline, &g.deadline}, {&f.target, &g.target}} {
		if *p[1] != "" {
			*p[0] = *p[1]
		}
	}
}

// apply gives a measure the fields it does not state itself.
func (f measureFields) apply(m *duban.OutlineMeasure) {
	if f.lead != "" && m.LeadUnit == "" {
		units := duban.SplitUnits(f.lead)
		m.LeadUnit = units[0]
		for _, u := range append(units[1:], duban.SplitUnits(f.coop)...) {
			if u != m.LeadUnit {
				m.CoopUnits = append(m.CoopUnits, u)
			}
		}
	}
	if m.ResponsibleLeader == "" {
		m.ResponsibleLeader = f.leader
	}
	if m.ResponsiblePerson == "" {
		m.ResponsiblePerson = f.person
	}
	if m.Target == "" {
		m.Target = f.target
	}
	if f.deadline != "" && m.DeadlineKind == "" && m.Deadline.IsZero() {
		m.DeadlineText = f.deadline
		if k, d, err := duban.ParseDeadline(f.deadline); err == nil {
			m.DeadlineKind, m.Deadline = k, d
		} else if w, ok := duban.ParseWithin(f.deadline); ok {
			m.DeadlineKind, m.Within = duban.DeadlineDate, &w // 3个月内: counted by the import
		}
	}
}

// newMeasure titles a measure by its first sentence; the content is what
// follows that sentence, so that a ledger's 整改举措 cell (title, then
// content) does not say the title twice.
func newMeasure(text string) *duban.OutlineMeasure {
	text = measureOrdinal.ReplaceAllString(text, "")
	text, fields := cutBracketFields(text)
	if rest, own, ok := cutTrailingFields(text); ok {
		text = rest
		fields.merge(own)
	}
	text, mark := cutMarks(text)
	text, report := cutProgress(text)
	title, content, _ := strings.Cut(text, "。")
	content, state := cutStatusTail(strings.TrimSpace(content))
	m := &duban.OutlineMeasure{Title: trimTitle(title), Content: content}
	addProgress(m, mark)
	addProgress(m, report)
	addProgress(m, state)
	fields.apply(m)
	return m
}

// cutStatusTail takes a state written as the last sentence of a measure's
// text (一是制定考核办法。已完成。) off it: its progress, as a numbered
// measure's paragraph of its own is.
func cutStatusTail(s string) (text, state string) {
	body := strings.TrimSuffix(s, "。")
	cut := strings.LastIndex(body, "。") + len("。") // where the last sentence starts
	if cut < len("。") {
		cut = 0
	}
	if tail := body[cut:]; tail == "" || !isStatus(tail) {
		return s, ""
	}
	return strings.TrimSpace(s[:cut]), strings.TrimSpace(s[cut:])
}

// bracketed returns the text inside brackets that enclose all of s.
func bracketed(s string) (string, bool) {
	for _, b := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if inner, ok := strings.CutPrefix(s, b[0]); ok {
			if inner, ok = strings.CutSuffix(inner, b[1]); ok && !strings.ContainsAny(inner, "（）()") {
				return inner, true
			}
		}
	}
	return "", false
}

// bracketFields finds the fields a measure states in brackets within its
// text: 制定考核办法（责任单位：种植业股；完成时限：2023年6月底前）.
var bracketFields = regexp.MustCompile(`[（(]((?:` + unitAndTimeLabels + `)\s*[：:][^（）()]*)[）)]`)

// cutBracketFields takes the bracketed fields out of a measure's text.
func cutBracketFields(text string) (string, measureFields) {
	var f measureFields
	out := bracketFields.ReplaceAllStringFunc(text, func(b string) string {
		matched := fieldsOf(b)
		if matched == nil {
			return b
		}
		for _, m := range matched {
			f.set(m[1], strings.TrimRight(strings.TrimSpace(m[2]), "。"))
		}
		return ""
	})
	return strings.TrimSpace(out), f
}

// splitOrdinals cuts paragraphs at 一是, 二是 … in order. It returns the
// text before 一是, the text of each item without its marker and the
// paragraph each item starts in; items is nil when there is no 一是. Pieces from different paragraphs are joined by
// a newline.
func splitOrdinals(paras []string) (intro string, items []string, starts []int) {
	var pre []string
	var pieces [][]string
	add := func(s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if len(pieces) == 0 {
			pre = append(pre, s)
		} else {
			pieces[len(pieces)-1] = append(pieces[len(pieces)-1], s)
		}
	}
	next, form := 1, ordinalForm(paras)
	for k, t := range paras {
		from := 0
		for {
			i, n := findOrdinalAs(t, from, next, form)
			if i < 0 {
				break
			}
			add(t[from:i])
			pieces, starts = append(pieces, nil), append(starts, k)
			from, next = i+n, next+1
		}
		add(t[from:])
	}
	for _, p := range pieces {
		items = append(items, strings.Join(p, "\n"))
	}
	return strings.Join(pre, "\n"), items, starts
}

// findOrdinal finds the marker of the n-th item (一是 for 1) in t from
// byte offset from, at the start of t or after the end of a sentence or
// clause (or, from 二是 on, a comma), so that 统一是 or 十一是 is not taken
// for 一是. It returns the
// offset and length of the marker, or -1.
func findOrdinal(t string, from, n int) (int, int) {
	return findOrdinalAs(t, from, n, ordinalIs)
}

// The forms of an ordinal marker: 一是… 二是…, or 第一，… 第二，… (the comma
// or 、 is the marker's, so that 第一责任人 or 第一时间 is none).
const (
	ordinalIs = iota
	ordinalDi
)

// ordinalForm returns the form the paragraphs count their items in: 第一，
// when they hold no 一是 and both a 第一， and a 第二，.
func ordinalForm(paras []string) int {
	for _, t := range paras {
		if i, _ := findOrdinalAs(t, 0, 1, ordinalIs); i >= 0 {
			return ordinalIs
		}
	}
	for _, t := range paras {
		if i, n := findOrdinalAs(t, 0, 1, ordinalDi); i >= 0 {
			for _, u := range paras {
				if j, _ := findOrdinalAs(u, 0, 2, ordinalDi); j >= 0 && (u != t || j > i+n) {
					return ordinalDi
				}
			}
		}
	}
	return ordinalIs
}

// findOrdinalAs is findOrdinal for a form of the marker.
func findOrdinalAs(t string, from, n, form int) (int, int) {
	num := duban.ChineseNumeral(n)
	m := num + "是"
	if form == ordinalDi {
		m = "第" + num
	}
	for off := from; off < len(t); {
		i := strings.Index(t[off:], m)
		if i < 0 {
			return -1, 0
		}
		i += off
		size := len(m)
		if form == ordinalDi {
			// 第一，or 第一、 but not 第十一，for 第一 nor 第一百.
			r, w := utf8.DecodeRuneInString(t[i+size:])
			if !strings.ContainsRune("，,、", r) {
				off = i + size
				continue
			}
			size += w
		}
		r, _ := utf8.DecodeLastRuneInString(t[:i])
		// After 一是, a comma ends the item before too (一是修订制度，二是…).
		if i == 0 || unicode.IsSpace(r) || strings.ContainsRune("。；;！!？?：:", r) || n > 1 && strings.ContainsRune("，,", r) {
			return i, size
		}
		off = i + size
	}
	return -1, 0
}

// measureOrdinal numbers a measure by name: 措施一：, 举措2：.
var measureOrdinal = regexp.MustCompile(`^(?:整改)?(?:措施|举措)\s*(?:[一二三四五六七八九十]+|[0-9０-９]+)\s*[：:、.．]\s*`)

// measureLabel is the label a problem's measures are introduced by:
// 整改措施：, 主要措施：…. Progress labels (整改情况：) are progressLabel's.
var measureLabel = regexp.MustCompile(`^(?:整改(?:措施|举措|工作|任务)|主要措施|具体措施|工作措施|采取措施|主要做法)\s*[：:]\s*`)

// numberFamily is a way measures are numbered inside a paragraph: 1. 2.,
// （1）（2）, ⑴⑵, ①②. Circled and parenthesised digits (loose) are numbers
// wherever they stand; the others only at the start or after the end of a
// sentence or clause.
type numberFamily struct {
	markers func(n int) []string
	loose   bool
}

var numberFamilies = []numberFamily{
	{markers: func(n int) []string {
		d := strconv.Itoa(n)
		return []string{d + ".", d + "、", d + "．"}
	}},
	{markers: func(n int) []string {
		d := strconv.Itoa(n)
		return []string{"（" + d + "）", "(" + d + ")", "（" + d + ")", "(" + d + "）"}
	}},
	{markers: func(n int) []string { return oneRune('⑴', n) }, loose: true},
	{markers: func(n int) []string { return oneRune('①', n) }, loose: true},
}

// oneRune is the n-th of 20 numbers written as one character from first.
func oneRune(first rune, n int) []string {
	if n < 1 || n > 20 {
		return nil
	}
	return []string{string(first + rune(n-1))}
}

// splitNumbered cuts a paragraph that counts its measures with numbers
// (1.制定计划。2.开展研讨。, （1）…（2）…, ①…；②…) into the measures
// without their numbers, or returns nil when it is not so numbered. The
// count starts at 1, at the start or after words ending with a colon
// (采取以下措施：①…②…), which are returned as intro.
func splitNumbered(p string) (intro string, pieces []string) {
	for _, fam := range numberFamilies {
		first := findNumber(p, 0, fam.markers(1), true, false)
		if first < 0 {
			first = findNumber(p, 0, fam.markers(1), false, fam.loose)
			if r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(p[:max(first, 0)])); first < 0 || r != '：' && r != ':' {
				continue
			}
		}
		starts := numberRun(p, fam, 1, first)
		if len(starts) < 2 {
			continue
		}
		for i, at := range starts {
			end := len(p)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			from := at + len(markerAt(p, at, fam.markers(i+1)))
			pieces = append(pieces, strings.TrimRight(strings.TrimSpace(p[from:end]), "；;，,"))
		}
		return strings.TrimSpace(p[:first]), pieces
	}
	return "", nil
}

// splitRuns cuts a numbered line that runs its next numbers on
// （（1）修订制度；（2）开展检查；, ①建立台账②开展整治, 1.…。2.…) into a
// line per number, so that each is an item of its own. Numbers of the
// top two levels (一、 （一）) are not looked for inside a line.
func splitRuns(l string) []string {
	if lvl, _ := marker(l); lvl < 3 {
		return []string{l}
	}
	for _, fam := range numberFamilies {
		for n := 1; n <= 30; n++ {
			if markerAt(l, 0, fam.markers(n)) == "" || digitAfter(l, fam.markers(n)) {
				continue
			}
			starts := numberRun(l, fam, n, 0)
			if len(starts) < 2 {
				return []string{l}
			}
			var out []string
			for i, at := range starts {
				end := len(l)
				if i+1 < len(starts) {
					end = starts[i+1]
				}
				out = append(out, strings.TrimSpace(l[at:end]))
			}
			return out
		}
	}
	return []string{l}
}

// numberRun returns where the numbers n, n+1, … of a family stand in p,
// the first at first.
func numberRun(p string, fam numberFamily, n, first int) []int {
	starts := []int{first}
	for from := first; ; n++ {
		width := len(markerAt(p, from, fam.markers(n)))
		next := findNumber(p, from+width, fam.markers(n+1), false, fam.loose)
		if next < 0 {
			return starts
		}
		starts = append(starts, next)
		from = next
	}
}

// findNumber finds one of the markers in p from byte offset from: at the
// start only (atStart), or after the end of a sentence or clause, or
// anywhere (loose).
func findNumber(p string, from int, markers []string, atStart, loose bool) int {
	if atStart {
		if markerAt(p, 0, markers) != "" && !digitAfter(p, markers) {
			return 0
		}
		return -1
	}
	best := -1
	for _, m := range markers {
		for off := from; off < len(p); {
			i := strings.Index(p[off:], m)
			if i < 0 {
				break
			}
			i += off
			r, _ := utf8.DecodeLastRuneInString(p[:i])
			decimal := strings.HasSuffix(m, ".") && i+len(m) < len(p) && isDigit(p[i+len(m)]) // 。2.5万元
			if !decimal && (loose || strings.ContainsRune("。；;！!？?：:", r) || unicode.IsSpace(r)) {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			off = i + len(m)
		}
	}
	return best
}

// markerAt returns the marker of markers that p has at offset i, or "".
func markerAt(p string, i int, markers []string) string {
	for _, m := range markers {
		if strings.HasPrefix(p[i:], m) {
			return m
		}
	}
	return ""
}

// digitAfter reports 1.5亿元: a decimal, not a number 1.
func digitAfter(p string, markers []string) bool {
	m := markerAt(p, 0, markers)
	return strings.HasSuffix(m, ".") && len(p) > len(m) && p[len(m)] >= '0' && p[len(m)] <= '9'
}
