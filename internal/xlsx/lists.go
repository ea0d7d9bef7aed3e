package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"duban/internal/duban"
)

// A rectification plan is often kept as three lists (三张清单) on sheets of
// one workbook, each row of a later list naming the row of an earlier one
// it belongs to by number:
//
//	问题清单  序号 | 方面 | 问题
//	任务清单  序号 | 问题序号 | 整改措施 | 整改目标
//	责任清单  序号 | 任务序号 | 责任领导 | 牵头单位 | 配合单位 | 完成时限
//
// joinLists finds such lists (a task list with the problem list it names,
// or with a list of duties naming its tasks, or both) and joins them into
// one table, a row per task, which readSheet then reads as any ledger; the
// table keeps where each of its cells came from (sheet.at), so that every
// error and warning names the list's own cell.

// listKind is what a list of a workbook holds.
type listKind int

const (
	listOther     listKind = iota
	listProblems           // 问题清单: a numbered problem per row
	listTasks              // 任务清单: the measures, each naming its problem
	listDuties             // 责任清单: the units and deadline of each task
	listSeqDuties          // 责任清单 numbered by 序号 alone: a task's duties if the numbers are the tasks'
)

// list is a sheet read as one of the three lists.
type list struct {
	s    *sheet
	h    *header
	kind listKind
	key  int // the column of its own number (序号), -1 for none
	ref  int // the column naming the problem (a task list) or task (duties) of each row, -1 for none
	// taskRef is a column labelled 任务序号 (-1: none), and units tells
	// that the list has a unit, leader, person or deadline column: a list
	// of duties that repeats its tasks' text looks like a task list
	taskRef int
	units   bool
	// problemRef is a column labelled 问题序号 beside 任务序号 in a list
	// of duties (-1: none); composite tells that tasks are numbered
	// afresh under each problem, so a task is named by both numbers
	problemRef int
	composite  bool
	repeated   bool // a number written on two rows of their own (index)

	// Read by index: the data rows; the row of each number; for a problem
	// list, the rows under a number merged down over them, and the heading
	// (一、…方面) over each problem; for the others, each row's reference
	// as written (同上 and a blank per-unit row resolved); and what was
	// wrong, reported only when the list is joined.
	rows   []int
	keys   map[string]int
	more   map[int][]int
	aspect map[int]cellAt
	refOf  map[int]string
	errs   []CellError
}

// refLabel is the label of a column naming the row of another list a row
// belongs to: 问题序号, 对应问题编号, 所属任务序号, 对应任务.
var refLabel = regexp.MustCompile(`^(?:对应|所属|关联|涉及)?的?(问题|任务|措施|举措|整改任务|整改措施)(?:序号|编号|号)?$`)

// refKind is the kind of list a label of refLabel names, listOther for a
// label naming none; a bare 问题 or 整改任务 names a column of text, not a
// number, unless introduced by 对应 or 所属.
func refKind(label string) listKind {
	m := refLabel.FindStringSubmatch(label)
	if m == nil || label == m[1] {
		return listOther
	}
	if m[1] == "问题" {
		return listProblems
	}
	return listTasks
}

// explicitRef tells a label that names another list's row in so many
// words (对应问题序号), where 问题序号 alone may number a ledger's own rows.
func explicitRef(label string) bool {
	return strings.HasPrefix(label, "对应") || strings.HasPrefix(label, "所属") || strings.HasPrefix(label, "关联") || strings.HasPrefix(label, "涉及")
}

// keyLabel is the label of a list's own number column.
var keyLabel = regexp.MustCompile(`^(?:序号|编号|序|(?:问题|任务|措施|举措|整改任务|整改措施)(?:序号|编号))$`)

// readList reads sheet s as a list: its header (the labels of two known
// columns or more, a group label over field labels joined as the ledger
// reader joins them), its number columns, and what kind of list it is.
// The sheet is read no further than its header. Nil for a summary sheet
// (任务数, 完成率) or a sheet with no such header.
func readList(s *sheet) *list {
	if _, ok := s.summaryRow(); ok {
		return nil
	}
	var best *header
	for r := 0; r < len(s.cells) && r < maxHeaderRow && best == nil; r++ {
		if !s.labelRow(r) && !slices.ContainsFunc(s.cells[r], func(t string) bool { return refKind(normalizeHeader(t)) != listOther }) {
			continue
		}
		best = s.headerFrom(r)
	}
	if best == nil {
		return nil
	}
	l := &list{s: s, h: best, key: -1, ref: -1, taskRef: -1, problemRef: -1}
	problemRef := -1
	for c := range s.cells[best.last] {
		label := best.labelOf(s, c)
		switch k := refKind(label); {
		case k == listProblems && problemRef < 0:
			problemRef = c
		case k == listTasks && l.taskRef < 0:
			l.taskRef = c
		case k == listOther && l.key < 0 && keyLabel.MatchString(label):
			l.key = c
		}
	}
	l.units = best.col[fieldLeadUnit] >= 0 || best.col[fieldDeadline] >= 0 || best.col[fieldLeader] >= 0 || best.col[fieldPerson] >= 0
	requirements := best.col[fieldMeasure] >= 0 && slices.Contains(aliases[fieldRequirements], best.label[fieldMeasure])
	switch {
	case requirements && best.col[fieldProblem] >= 0 && problemRef < 0 && l.taskRef < 0 && l.key >= 0:
		l.kind = listProblems // 序号 | 问题 | 整改要求: what each problem asks, not its tasks
	case best.col[fieldMeasure] >= 0:
		l.kind, l.ref = listTasks, problemRef
		if l.taskRef >= 0 {
			l.key = l.taskRef // 任务序号 beside 序号: what a list of duties names
		}
		if l.ref >= 0 && l.key < 0 && l.units && !explicitRef(best.labelOf(s, l.ref)) {
			// A ledger's only number, 问题序号, numbers its own rows.
			l.key, l.ref = l.ref, -1
		}
	case l.taskRef >= 0 && l.units:
		l.asDuties()
		l.problemRef = problemRef
	case best.col[fieldProblem] >= 0 && (l.key >= 0 || problemRef >= 0):
		l.kind = listProblems
		if l.key < 0 {
			l.key = problemRef // 问题序号 | 问题: its own number
		}
	case l.units && l.key >= 0 && problemRef < 0 && best.col[fieldAspect] < 0 && best.col[fieldDeadline] >= 0 && l.onlyDuties() && !summaryName.MatchString(s.name):
		l.kind = listSeqDuties // 序号 | 责任单位 | 完成时限: joinLists decides
	}
	return l
}

// summaryName names a sheet of units rather than of tasks (责任单位汇总,
// 联络员名单, 通讯录): its rows, numbered like the tasks, are not theirs.
var summaryName = regexp.MustCompile(`汇总|统计|名单|名册|通讯|联系|一览`)

// onlyDuties tells a list whose every labelled column is its number or a
// duty (责任领导, 责任单位, 责任人, 完成时限, 备注): a 联络员名单 (联系电话)
// or a 责任分工 by unit (承担任务) is not a list of the tasks' duties.
func (l *list) onlyDuties() bool {
	for _, c := range l.h.unknown {
		if c != l.key && !strings.Contains(l.h.labelOf(l.s, c), "备注") {
			return false
		}
	}
	return true
}

// asDuties reads the list as a list of duties, each row naming its task.
func (l *list) asDuties() {
	l.kind, l.ref, l.key = listDuties, l.taskRef, -1
}

// dutiesLike tells a list with measures that may be a list of duties
// repeating its tasks' text: it names tasks by number, has units, and no
// problem or aspect of its own.
func (l *list) dutiesLike() bool {
	return l.taskRef >= 0 && l.units && l.h.col[fieldProblem] < 0 && l.h.col[fieldAspect] < 0
}

// circledNumbers are the numbers ① to ⑳.
const circledNumbers = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

// keyOf reads a number naming a row of a list as the same text however it
// is written: 1, 1., 1、, （1）, 一, 第1号, 第一项, 问题1, ① and １ are all
// "1"; 1-2 (1—2) stays 1-2.
func keyOf(t string) string {
	t = duban.HalfWidth(strings.TrimSpace(t))
	if i := strings.Index(circledNumbers, t); i >= 0 && utf8.RuneCountInString(t) == 1 {
		return strconv.Itoa(utf8.RuneCountInString(circledNumbers[:i]) + 1)
	}
	t = strings.NewReplacer("—", "-", "–", "-", "－", "-", "～", "-", "~", "-").Replace(t)
	t = strings.TrimPrefix(t, "第")
	for _, p := range []string{"整改任务", "整改措施", "问题", "任务", "措施", "举措"} {
		t = strings.TrimPrefix(t, p)
	}
	t = strings.Trim(t, "()（）[]【】 \u3000")
	t = strings.TrimRight(t, "号项条、､.。｡,，:： ")
	t = strings.Trim(t, "()（）[]【】")
	if f, err := strconv.ParseFloat(t, 64); err == nil && f == float64(int64(f)) && !strings.ContainsAny(t, "eE") {
		return strconv.FormatInt(int64(f), 10)
	}
	if n, ok := duban.ParseChineseNumeral(t); ok {
		return strconv.Itoa(n)
	}
	return t
}

// listJoin is the outcome of joinLists: the table (nil when the workbook
// holds no lists to join), the names of the sheets it was made from, and
// the errors and warnings of joining them, in their own cells.
type listJoin struct {
	table    *sheet
	from     map[string]bool
	errs     []CellError
	warnings []CellError
}

// joinLists reads the first rows of each sheet named and, when they hold a
// task list and the problem list or list of duties it is joined with, reads
// those sheets whole and joins them. Sheets it does not use are left to
// the caller as they were; the ones it reads are closed.
func joinLists(b *workbook, names []string) listJoin {
	var lists []*list
	byKind := map[listKind][]*list{}
	for _, name := range names {
		s, err := openSheet(b, name)
		if err != nil {
			continue
		}
		l := readList(s)
		if l == nil || l.kind == listOther {
			s.close()
			continue
		}
		lists = append(lists, l)
		byKind[l.kind] = append(byKind[l.kind], l)
	}
	defer func() {
		for _, l := range lists {
			l.s.close()
		}
	}()
	if ts := byKind[listTasks]; len(ts) == 2 && len(byKind[listDuties]) == 0 {
		// Two lists with measures: the one naming tasks by number, with
		// units and no problem, may be the list of the other's duties. It
		// is when each of its numbers names a task of the other whose
		// words are its own: else they are two ledgers (one per aspect).
		if d := slices.IndexFunc(ts, (*list).dutiesLike); d >= 0 && ts[1-d].key >= 0 && !ts[1-d].dutiesLike() && dutiesOf(ts[d], ts[1-d]) {
			ts[d].problemRef = ts[d].ref
			ts[d].asDuties()
			byKind[listDuties], byKind[listTasks] = []*list{ts[d]}, []*list{ts[1-d]}
		}
	}
	if len(byKind[listTasks]) != 1 || len(byKind[listProblems]) > 1 || len(byKind[listDuties]) > 1 {
		return listJoin{}
	}
	tasks := byKind[listTasks][0]
	ownDuties := slices.ContainsFunc(byKind[listProblems], func(p *list) bool { return p.units })
	if sd := byKind[listSeqDuties]; len(sd) == 1 && len(byKind[listDuties]) == 0 && !tasks.units && !ownDuties && tasks.key >= 0 && tasks.ref != tasks.key && sameNumbers(sd[0], tasks) {
		// A list of duties numbered by 序号 alone, beside a task list
		// without units: its rows are the tasks' of the same numbers, when
		// both number the same rows (else the task list's missing units
		// are reported as before).
		sd[0].kind, sd[0].ref, sd[0].key = listDuties, sd[0].key, -1
		byKind[listDuties] = sd
	}
	var problems, duties *list
	var warnings []CellError
	if len(byKind[listProblems]) == 1 && tasks.ref >= 0 {
		problems = byKind[listProblems][0]
	}
	if len(byKind[listDuties]) == 1 {
		if tasks.key >= 0 {
			duties = byKind[listDuties][0]
		} else {
			warnings = append(warnings, CellError{Sheet: byKind[listDuties][0].s.name,
				Reason: fmt.Sprintf("该责任清单未与“%s”合并：任务清单没有序号（任务序号）列，责任清单的任务序号无从对应", tasks.s.name)})
		}
	}
	if problems == nil && duties == nil {
		return listJoin{warnings: warnings}
	}
	for _, l := range []*list{problems, tasks, duties} {
		if l == nil {
			continue
		}
		if l.s.loadAll() != nil {
			return listJoin{from: map[string]bool{l.s.name: true}, errs: []CellError{{Sheet: l.s.name, Reason: "无法读取该工作表的其余各行"}}}
		}
	}
	if duties != nil && duties.problemRef >= 0 && tasks.ref >= 0 {
		// 任务序号 1, 2 under each problem, the duties naming 问题序号
		// and 任务序号: a task is named by both.
		tasks.index(false)
		if tasks.repeated {
			tasks.composite, duties.composite = true, true
		}
	}
	for _, l := range []*list{problems, tasks, duties} {
		if l != nil {
			// A task list's numbers matter only to a list of duties (they
			// may start again under each problem).
			l.index(l != tasks || duties != nil)
		}
	}
	if problems != nil {
		if r, ok := problems.alike(tasks); !ok {
			// The task list's 问题序号 numbers something else: it names its
			// problems in words, and the problem list is left alone.
			warnings = append(warnings, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.h.col[fieldProblem]),
				Reason: fmt.Sprintf("“%s”未与“%s”合并：本行的问题与问题序号所指的问题不是同一个，按本表所写的问题导入", tasks.s.name, problems.s.name)})
			problems = nil
			if duties == nil {
				return listJoin{warnings: warnings}
			}
		}
	}
	j := listJoin{from: map[string]bool{}, warnings: warnings}
	var names2 []string
	for _, l := range []*list{problems, tasks, duties} {
		if l != nil {
			j.from[l.s.name] = true
			j.errs = append(j.errs, l.errs...)
			names2 = append(names2, "“"+l.s.name+"”")
		}
	}
	j.table = join(problems, tasks, duties, &j)
	how := "每项任务归入其问题序号所指的问题"
	switch {
	case problems == nil:
		how = "责任领导、责任单位和完成时限取自“" + duties.s.name + "”中任务序号相同的一行"
	case duties != nil:
		how += "，责任领导、责任单位和完成时限取自“" + duties.s.name + "”中任务序号相同的一行"
	}
	j.warnings = append([]CellError{{Sheet: tasks.s.name, Reason: "已按序号合并读取" + strings.Join(names2, "") + "：" + how + "，请核对"}}, j.warnings...)
	return j
}

// sameNumbers reports whether list d, numbered by 序号 alone, numbers
// exactly the rows tasks does, each number once. Both are read whole.
func sameNumbers(d, tasks *list) bool {
	if !loadedWhole(d, tasks) {
		return false
	}
	probe, tprobe := *d, *tasks
	probe.index(true)
	tprobe.index(true)
	if len(probe.errs) > 0 || len(tprobe.errs) > 0 || probe.repeated || tprobe.repeated || len(probe.keys) == 0 || len(probe.keys) != len(tprobe.keys) {
		return false
	}
	for k := range probe.keys {
		if _, ok := tprobe.keys[k]; !ok {
			return false
		}
	}
	return true
}

// loadedWhole reads each list's sheet to its end; false when one cannot be.
func loadedWhole(ls ...*list) bool {
	for _, l := range ls {
		if l.s.loadAll() != nil {
			return false
		}
	}
	return true
}

// dutiesOf reports whether list d, which has measures of its own, is the
// list of the duties of tasks: every number it names is one of tasks', and
// its measures' words are those of the tasks they name. Both are read
// whole (they are small: a plan's lists).
func dutiesOf(d, tasks *list) bool {
	if !loadedWhole(d, tasks) {
		return false
	}
	probe := *d
	probe.asDuties()
	probe.index(false)
	tasks.index(false)
	n := 0
	for _, r := range probe.rows {
		ref := probe.refOf[r]
		tr, ok := tasks.keys[keyOf(ref)]
		if ref == "" {
			continue
		}
		if !ok || !sameWords(squeeze(probe.s.cells[r][d.h.col[fieldMeasure]]), squeeze(tasks.s.cells[tr][tasks.h.col[fieldMeasure]])) {
			return false
		}
		n++
	}
	return n > 0
}

// squeeze is a text without its spaces, for comparing.
func squeeze(t string) string { return strings.Join(strings.Fields(t), "") }

// alike reports whether the problems a task list names in words, where it
// does, are those its problem numbers name in the problem list; else the
// first row where they are not. A row whose number names no problem but
// which names one in words counts against.
func (problems *list) alike(tasks *list) (int, bool) {
	own, theirs := tasks.h.col[fieldProblem], problems.h.col[fieldProblem]
	if own < 0 || theirs < 0 {
		return 0, true
	}
	for _, r := range tasks.rows {
		text := squeeze(tasks.s.cells[r][own])
		if text == "" {
			continue
		}
		if tasks.refOf[r] == "" {
			continue // named in words only
		}
		pr, ok := problems.find(tasks.refOf[r])
		if !ok || !sameWords(text, squeeze(problems.s.cells[pr][theirs])) {
			return r, false
		}
	}
	return 0, true
}

// sameWords tells two writings of one problem or measure: one holds the
// other, or most characters of the shorter are in the longer (调研不够 for
// 调查研究不够: a shortened title).
func sameWords(a, b string) bool {
	if a == "" || b == "" || strings.Contains(a, b) || strings.Contains(b, a) {
		return true
	}
	if utf8.RuneCountInString(a) > utf8.RuneCountInString(b) {
		a, b = b, a
	}
	n, in := 0, 0
	for _, r := range a {
		n++
		if strings.ContainsRune(b, r) {
			in++
		}
	}
	return 5*in >= 3*n
}

// find returns the problem list's row a reference names: by its number, or
// by the problem's words (对应问题 holding the problem itself).
func (problems *list) find(ref string) (int, bool) {
	if r, ok := problems.keys[keyOf(ref)]; ok {
		return r, true
	}
	pc := problems.h.col[fieldProblem]
	if t := squeeze(ref); pc >= 0 && utf8.RuneCountInString(t) >= 4 {
		for _, r := range problems.rows {
			if squeeze(problems.s.cells[r][pc]) == t {
				return r, true
			}
		}
	}
	return 0, false
}

// several are the numbers of the problems a reference names together
// (1、2, 3,5, 4和6), each a problem of the list; nil unless every part is.
func (problems *list) several(ref string) []string {
	parts := strings.FieldsFunc(ref, func(r rune) bool { return strings.ContainsRune("、，,；;/／和及与 ", r) })
	var keys []string
	for _, p := range parts {
		if _, ok := problems.keys[keyOf(p)]; !ok {
			return nil
		}
		keys = append(keys, keyOf(p))
	}
	return keys
}

// index reads the list's data rows: past its header, up to a footer
// (填表人：, 注：); rows holding nothing but a number are a blank form's. It
// notes the row of each number, and a number written twice when unique.
func (l *list) index(unique bool) {
	l.keys, l.more, l.aspect, l.refOf = map[string]int{}, map[int][]int{}, map[int]cellAt{}, map[int]string{}
	l.rows, l.errs, l.repeated = nil, nil, false
	key := l.key
	var heading *cellAt
	last, lastRef := -1, ""
	for r := l.h.last + 1; r < len(l.s.cells); r++ {
		texts := l.s.fresh(r)
		if isFooter(texts) {
			break
		}
		if len(texts) == 0 || columnNumbers(l.s.cells[r]) || l.s.skipRow(r, l.h, texts, false) {
			continue // a blank row, 栏次, 合计, the header again
		}
		if at, ok := l.headingAt(r); ok && l.kind != listDuties {
			heading = &at // 一、…方面: the aspect of the rows below it
			continue
		}
		if l.onlyNumbers(r) {
			continue
		}
		switch l.kind {
		case listProblems:
			if last >= 0 && (l.under(r, key) || l.continues(r)) {
				l.more[last] = append(l.more[last], r) // more of the problem above
				continue
			}
		case listTasks:
			if mc := l.h.col[fieldMeasure]; len(texts) == 1 && (l.s.cells[r][mc] != texts[0] || l.s.copied(r, mc)) {
				continue // a note across the sheet: no task
			}
			if l.ref >= 0 {
				ref := l.s.cells[r][l.ref]
				if isDitto(ref) || ref == "" && last >= 0 {
					ref = lastRef // 同上, or left blank under the first: the same problem
				}
				l.refOf[r], lastRef = ref, ref
			}
		case listDuties:
			ref := l.s.cells[r][l.ref]
			if isDitto(ref) || ref == "" && last >= 0 && l.hasUnits(r) {
				ref = lastRef // 同上, or a row per unit under the task's first
			}
			l.refOf[r], lastRef = ref, ref
		}
		if heading != nil {
			l.aspect[r] = *heading
		}
		l.rows = append(l.rows, r)
		last = r
		if key < 0 {
			continue
		}
		k := l.keyAt(r)
		if k == "" {
			continue
		}
		if hr, _ := l.s.home(r, key); hr != r && !l.composite {
			continue // a number merged down over the rows of one item
		}
		if first, ok := l.keys[k]; ok {
			l.repeated = true
			if unique {
				l.errs = append(l.errs, CellError{Sheet: l.s.name, Row: r + 1, Column: l.columnName(key),
					Reason: fmt.Sprintf("序号“%s”与第%d行重复：每个序号只能用于一行", l.s.cells[r][key], first+1)})
			}
			continue
		}
		l.keys[k] = r
	}
}

// keyAt is the number row r of a task list is named by: its own, or with
// its problem's before it when tasks are numbered afresh under each
// problem ("2/1").
func (l *list) keyAt(r int) string {
	k := keyOf(l.s.cells[r][l.key])
	if l.composite && k != "" {
		return keyOf(l.refOf[r]) + "/" + k
	}
	return k
}

// dutyKey is the task row r of a list of duties names: its 任务序号, with
// its 问题序号 before it when tasks are numbered afresh under each problem.
func (l *list) dutyKey(r int) string {
	k := keyOf(l.refOf[r])
	if l.composite && k != "" {
		p := l.s.cells[r][l.problemRef]
		if isDitto(p) || p == "" {
			p = l.lastProblem(r)
		}
		return keyOf(p) + "/" + k
	}
	return k
}

// lastProblem is the 问题序号 written last above row r (merged down, 同上).
func (l *list) lastProblem(r int) string {
	for up := r - 1; up > l.h.last; up-- {
		if p := l.s.cells[up][l.problemRef]; p != "" && !isDitto(p) {
			return p
		}
	}
	return ""
}

// under reports a row whose number cell is the number above merged down
// over it.
func (l *list) under(r, key int) bool {
	if key < 0 || l.s.cells[r][key] == "" {
		return false
	}
	hr, _ := l.s.home(r, key)
	return hr < r
}

// continues reports a row of a problem list with no number and no problem
// of its own (its number and problem blank or merged down): one more
// 具体表现 of the problem above.
func (l *list) continues(r int) bool {
	for _, c := range []int{l.key, l.h.col[fieldProblem]} {
		if c >= 0 && l.s.cells[r][c] != "" && !l.s.copied(r, c) {
			return false
		}
	}
	return true
}

// onlyNumbers reports a row whose only texts are in its number columns: a
// row of a blank form, numbered ahead.
func (l *list) onlyNumbers(r int) bool {
	for c, t := range l.s.cells[r] {
		if t != "" && c != l.key && c != l.ref && c != l.taskRef && l.h.fieldAt(c) != fieldSeq {
			return false
		}
	}
	return true
}

// hasUnits reports a row with a unit of its own.
func (l *list) hasUnits(r int) bool {
	for _, f := range []field{fieldLeadUnit, fieldCoopUnits, fieldPerson} {
		if c := l.h.col[f]; c >= 0 && l.s.cells[r][c] != "" {
			if hr, _ := l.s.home(r, c); hr == r {
				return true
			}
		}
	}
	return false
}

// headingAt reports a row that heads an aspect, and the cell naming it:
// one text merged across the sheet, or written 一、…方面 (numbered, or
// ending in 方面) with nothing beside it; in a problem list also a number
// written 一 beside the aspect's name (一 | 政治建设方面, as a ledger's
// aspect rows are written) where its problems are numbered otherwise.
func (l *list) headingAt(r int) (cellAt, bool) {
	pc := l.h.col[fieldProblem]
	if l.kind == listProblems && l.key >= 0 && pc >= 0 && l.s.cells[r][pc] != "" && plainChinese.MatchString(strings.TrimSpace(l.s.cells[r][l.key])) &&
		!l.numberedInChinese() {
		return cellAt{l.s, r, pc}, true
	}
	texts := l.s.fresh(r)
	if len(texts) != 1 || l.under(r, max(l.key, 0)) {
		return cellAt{}, false
	}
	for c, v := range l.s.cells[r] {
		if v == "" || l.s.copied(r, c) {
			continue
		}
		if l.s.spanWidth(r, c) >= 2 || aspectNumbering.MatchString(v) || strings.HasSuffix(v, "方面") {
			return cellAt{l.s, r, c}, true
		}
		return cellAt{}, false
	}
	return cellAt{}, false
}

// plainChinese is a number written 一 or 一、 (not （一）): an aspect's.
var plainChinese = regexp.MustCompile(`^[一二三四五六七八九十]+[、.．]?$`)

// numberedInChinese tells a problem list whose problems are numbered 一,
// 二 … throughout, with no （一） or 1 among them: then 一 names a problem,
// not an aspect.
func (l *list) numberedInChinese() bool {
	for r := l.h.last + 1; r < len(l.s.cells); r++ {
		if t := strings.TrimSpace(l.s.cells[r][l.key]); t != "" && !plainChinese.MatchString(t) {
			return false
		}
	}
	return true
}

// columnName names column c of the list for a CellError: "B（问题序号）".
func (l *list) columnName(c int) string {
	if c < 0 {
		return ""
	}
	return fmt.Sprintf("%s（%s）", columnName(c), l.h.labelOf(l.s, c))
}

// joinColumn is a column of the joined table: the columns of the lists it
// is read from, the first holding a value giving it.
type joinColumn struct {
	label string
	f     field
	from  []listColumn
}

type listColumn struct {
	l *list
	c int
}

// dutyFields are the fields a list of duties gives before a task list.
var dutyFields = map[field]bool{fieldLeader: true, fieldLeadUnit: true, fieldCoopUnits: true, fieldPerson: true,
	fieldDeadline: true, fieldKind: true, fieldAdjusted: true}

// join makes the table: a header row of the lists' columns (a field two
// lists hold is one column) and a row per task, with its problem's cells
// and its duties' beside it. A field's value is the problem list's for the
// aspect and the problem, the list of duties' for the units, leader and
// deadline, else the task list's; another list's fills a blank.
func join(problems, tasks, duties *list, j *listJoin) *sheet {
	var cols []*joinColumn
	byField := map[field]*joinColumn{}
	add := func(l *list) {
		if l == nil {
			return
		}
		for c := range l.s.cells[l.h.last] {
			if c == l.ref || l != tasks && (c == l.key || l.h.fieldAt(c) == fieldSeq) {
				continue
			}
			label, f := l.h.labelOf(l.s, c), l.h.fieldAt(c)
			if l == tasks && c == l.key {
				label, f = fieldNames[fieldSeq], fieldSeq // 任务序号: the measure's number
			}
			for r := l.h.last; r >= l.h.first && f == fieldNone; r-- {
				if g := matchHeader(l.s.cells[r][c]); g != fieldNone {
					label, f = normalizeHeader(l.s.cells[r][c]), g
				}
			}
			if label == "" {
				continue
			}
			if f != fieldNone && !gathered[f] {
				if jc, ok := byField[f]; ok {
					jc.from = append(jc.from, listColumn{l, c})
					continue
				}
			}
			jc := &joinColumn{label: label, f: f, from: []listColumn{{l, c}}}
			if f != fieldNone && !gathered[f] {
				byField[f] = jc
			}
			cols = append(cols, jc)
		}
	}
	add(problems)
	add(tasks)
	add(duties)
	for _, jc := range cols {
		order := []*list{tasks, duties, problems}
		switch {
		case jc.f == fieldAspect || jc.f == fieldProblem || jc.f == fieldSpecific:
			order = []*list{problems, tasks, duties}
		case dutyFields[jc.f]:
			order = []*list{duties, tasks, problems}
		}
		slices.SortStableFunc(jc.from, func(a, b listColumn) int { return slices.Index(order, a.l) - slices.Index(order, b.l) })
	}
	// The headings of the problem list (or of the task list, when the
	// problem list has none) give the aspects, where no column does.
	aspectCol := -1
	var headed *list
	switch {
	case problems != nil && problems.h.col[fieldAspect] < 0 && len(problems.aspect) > 0:
		headed = problems
	case tasks.h.col[fieldAspect] < 0 && len(tasks.aspect) > 0 && (problems == nil || problems.h.col[fieldAspect] < 0):
		headed = tasks
	}
	if headed != nil {
		cols = append([]*joinColumn{{label: fieldNames[fieldAspect], f: fieldAspect}}, cols...)
		aspectCol = 0
	}
	t := &sheet{f: tasks.s.f, name: tasks.s.name, origin: map[[2]int][2]int{}, width: len(cols), at: map[[2]int]cellAt{}, lines: map[int]cellAt{}}
	// The title rows above the header of the first list that has them.
	for _, l := range []*list{problems, tasks, duties} {
		if l == nil || l.h.first == 0 {
			continue
		}
		for r := 0; r < l.h.first; r++ {
			texts := l.s.fresh(r)
			if len(texts) == 0 {
				continue
			}
			row := make([]string, len(cols))
			row[0] = strings.Join(texts, " ")
			t.at[[2]int{len(t.cells), 0}] = cellAt{l.s, r, 0}
			t.lines[len(t.cells)] = cellAt{l.s, r, -1}
			t.cells = append(t.cells, row)
		}
		break
	}
	hr := len(t.cells)
	row := make([]string, len(cols))
	for c, jc := range cols {
		row[c] = jc.label
		if len(jc.from) > 0 {
			t.at[[2]int{hr, c}] = cellAt{jc.from[0].l.s, jc.from[0].l.h.last, jc.from[0].c}
		}
	}
	t.lines[hr] = cellAt{tasks.s, tasks.h.last, -1}
	t.cells = append(t.cells, row)

	used := map[int]bool{} // problem rows with a task
	dutyOf := map[string][]int{}
	if duties != nil {
		for _, r := range duties.rows {
			ref := duties.refOf[r]
			k := duties.dutyKey(r)
			if k == "" {
				j.errs = append(j.errs, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(duties.ref),
					Reason: "未填写任务序号：责任清单的每一行都要写明是哪项任务的责任"})
				continue
			}
			if _, ok := tasks.keys[k]; !ok {
				j.errs = append(j.errs, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(duties.ref),
					Reason: fmt.Sprintf("任务清单（工作表“%s”）中没有序号为“%s”的任务", tasks.s.name, ref)})
				continue
			}
			dutyOf[k] = append(dutyOf[k], r)
		}
	}
	for _, r := range tasks.rows {
		prow, drow := -1, -1
		if problems != nil {
			ref := tasks.refOf[r]
			pr, ok := problems.find(ref)
			switch {
			case ref == "" && tasks.h.col[fieldProblem] >= 0 && tasks.s.cells[r][tasks.h.col[fieldProblem]] != "":
				// the task names its problem in words
			case ref == "":
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.ref),
					Reason: "未填写问题序号：任务清单的每一行都要写明对应问题清单中的哪个问题"})
				continue
			case !ok:
				reason := fmt.Sprintf("问题清单（工作表“%s”）中没有序号为“%s”的问题", problems.s.name, ref)
				if several := problems.several(ref); len(several) > 1 {
					reason = fmt.Sprintf("本任务对应了%d个问题（%s）：台账中一项任务只归于一个问题，请拆成各问题下的任务，或只写主要问题的序号",
						len(several), strings.Join(several, "、"))
				}
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.ref), Reason: reason})
				continue
			default:
				prow, used[pr] = pr, true
			}
		}
		if duties != nil {
			k := tasks.keyAt(r)
			own := tasks.h.col[fieldLeadUnit] >= 0 && tasks.s.cells[r][tasks.h.col[fieldLeadUnit]] != ""
			if d := dutyOf[k]; k != "" && len(d) > 0 {
				drow = d[0]
			} else if !own && k == "" {
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.key),
					Reason: fmt.Sprintf("未填写任务序号：责任清单（工作表“%s”）按任务序号写明各项任务的责任单位和完成时限", duties.s.name)})
				continue
			} else if !own {
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.key),
					Reason: fmt.Sprintf("责任清单（工作表“%s”）中没有任务“%s”的一行：请写明它的责任单位和完成时限", duties.s.name, tasks.s.cells[r][tasks.key])})
				continue
			}
		}
		out := len(t.cells)
		row := make([]string, len(cols))
		for c, jc := range cols {
			if c == aspectCol {
				src := prow
				if headed == tasks {
					src = r
				}
				if at, ok := headed.aspect[src]; ok && src >= 0 {
					row[c] = at.s.cells[at.r][at.c]
					t.at[[2]int{out, c}] = at
				}
				continue
			}
			for _, lc := range jc.from {
				src := r
				switch lc.l {
				case problems:
					src = prow
				case duties:
					src = drow
				}
				if src < 0 {
					continue
				}
				if _, ok := t.at[[2]int{out, c}]; !ok {
					t.at[[2]int{out, c}] = cellAt{lc.l.s, src, lc.c}
				}
				v := lc.l.s.cells[src][lc.c]
				if lc.l == problems && (jc.f == fieldSpecific || jc.f == fieldNone) {
					v = problems.gathered(src, lc.c) // 具体表现 over the rows under one number
				}
				if v != "" {
					row[c] = v
					t.at[[2]int{out, c}] = cellAt{lc.l.s, src, lc.c}
					break
				}
			}
		}
		t.lines[out] = cellAt{tasks.s, r, -1}
		t.cells = append(t.cells, row)
		if drow >= 0 {
			t.moreDuties(cols, duties, dutyOf[tasks.keyAt(r)], j)
		}
	}
	if problems != nil {
		for _, r := range problems.rows {
			if !used[r] {
				j.warnings = append(j.warnings, CellError{Sheet: problems.s.name, Row: r + 1, Column: problems.columnName(problems.h.col[fieldProblem]),
					Reason: "任务清单中没有对应这个问题的整改任务，该问题未导入"})
			}
		}
	}
	return t
}

// gathered is the text of column c of problem row r and the rows under its
// number merged down, each once, joined by "；".
func (l *list) gathered(r, c int) string {
	parts := []string{}
	for _, x := range append([]int{r}, l.more[r]...) {
		if v := l.s.cells[x][c]; v != "" && !slices.Contains(parts, v) {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "；")
}

// moreDuties adds a row for each of a task's rows of duties after the first
// (one row per unit, or the task's number merged down over them): its units
// and progress only, which readSheet takes as more units of the measure
// above, as it does a ledger's row per unit. A deadline, leader or person
// other than the first row's is not read, and the clerk is told so.
func (t *sheet) moreDuties(cols []*joinColumn, duties *list, rows []int, j *listJoin) {
	first := rows[0]
	for _, r := range rows[1:] {
		out := len(t.cells)
		row := make([]string, len(cols))
		for c, jc := range cols {
			for _, lc := range jc.from {
				if lc.l != duties {
					continue
				}
				switch jc.f {
				case fieldLeadUnit, fieldCoopUnits, fieldProgress:
					row[c] = duties.s.cells[r][lc.c]
					t.at[[2]int{out, c}] = cellAt{duties.s, r, lc.c}
				case fieldDeadline, fieldLeader, fieldPerson:
					if v := duties.s.cells[r][lc.c]; v != "" && v != duties.s.cells[first][lc.c] {
						units := ""
						if duties.hasUnits(r) && (duties.h.col[fieldLeadUnit] >= 0 && duties.s.cells[r][duties.h.col[fieldLeadUnit]] != "" ||
							duties.h.col[fieldCoopUnits] >= 0 && duties.s.cells[r][duties.h.col[fieldCoopUnits]] != "") {
							units = "本行的单位作为配合单位导入，"
						}
						j.warnings = append(j.warnings, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(lc.c),
							Reason: fmt.Sprintf("同一任务在第%d行已写%s“%s”：%s本行的“%s”未导入", first+1, fieldNames[jc.f], duties.s.cells[first][lc.c], units, v)})
					}
				}
			}
		}
		t.lines[out] = cellAt{duties.s, r, -1}
		t.cells = append(t.cells, row)
	}
}
