package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

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
	listOther    listKind = iota
	listProblems          // 问题清单: a numbered problem per row
	listTasks             // 任务清单: the measures, each naming its problem
	listDuties            // 责任清单: the units and deadline of each task
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
	// rows are its data rows, and keys their numbers as keyOf reads them
	rows []int
	keys map[string]int
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

// keyLabel is the label of a list's own number column.
var keyLabel = regexp.MustCompile(`^(?:序号|编号|序|(?:问题|任务|措施|举措|整改任务|整改措施)(?:序号|编号))$`)

// readList reads sheet s as a list: its header (the labels of two known
// columns or more), its number columns, and what kind of list it is. The
// sheet is read no further than its header.
func readList(s *sheet) *list {
	var best *header
	for r := 0; r < len(s.cells) && r < maxHeaderRow && best == nil; r++ {
		if !s.labelRow(r) && !slices.ContainsFunc(s.cells[r], func(t string) bool { return refKind(normalizeHeader(t)) != listOther }) {
			continue
		}
		for last := r; last < len(s.cells) && last < r+3; last++ {
			if last > r && !s.subLabels(last) && !s.labelRow(last) {
				break
			}
			if h := s.headerAt(r, last); best == nil || h.score() > best.score() {
				best = h
			}
		}
	}
	if best == nil {
		return nil
	}
	l := &list{s: s, h: best, key: -1, ref: -1, taskRef: -1}
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
	switch {
	case best.col[fieldMeasure] >= 0:
		l.kind, l.ref = listTasks, problemRef
		if l.taskRef >= 0 {
			l.key = l.taskRef // 任务序号 beside 序号: what a list of duties names
		}
	case l.taskRef >= 0 && l.units:
		l.asDuties()
	case best.col[fieldProblem] >= 0 && (l.key >= 0 || problemRef >= 0):
		l.kind = listProblems
		if l.key < 0 {
			l.key = problemRef // 问题序号 | 问题: its own number
		}
	}
	return l
}

// asDuties reads the list as a list of duties, each row naming its task.
func (l *list) asDuties() {
	l.kind, l.ref, l.key = listDuties, l.taskRef, -1
}

// keyOf reads a number naming a row of a list as the same text however it
// is written: 1, 1., （1）, 一, 第1号, 问题1 and １ are all "1"; 1-2 stays.
func keyOf(t string) string {
	t = width.Narrow.String(strings.TrimSpace(t))
	t = strings.TrimPrefix(t, "第")
	for _, p := range []string{"整改任务", "整改措施", "问题", "任务", "措施", "举措"} {
		t = strings.TrimPrefix(t, p)
	}
	t = strings.Trim(t, "()（）[]【】 \u3000")
	t = strings.TrimRight(t, "号、.。,，:： ")
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
	header   *header
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
	var tasks *list
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
	closeAll := func() {
		for _, l := range lists {
			l.s.close()
		}
	}
	if ts := byKind[listTasks]; len(ts) == 2 && len(byKind[listDuties]) == 0 {
		// Two lists with measures: the one naming tasks by number, with
		// units and no problem, is the list of their duties.
		d := slices.IndexFunc(ts, func(l *list) bool { return l.taskRef >= 0 && l.units && l.ref < 0 })
		if d >= 0 && ts[1-d].key >= 0 && !(ts[1-d].taskRef >= 0 && ts[1-d].units && ts[1-d].ref < 0) {
			ts[d].asDuties()
			byKind[listDuties], byKind[listTasks] = []*list{ts[d]}, []*list{ts[1-d]}
		}
	}
	if len(byKind[listTasks]) != 1 || len(byKind[listProblems]) > 1 || len(byKind[listDuties]) > 1 {
		closeAll()
		return listJoin{}
	}
	tasks = byKind[listTasks][0]
	var problems, duties *list
	if len(byKind[listProblems]) == 1 && tasks.ref >= 0 {
		problems = byKind[listProblems][0]
	}
	if len(byKind[listDuties]) == 1 && tasks.key >= 0 {
		duties = byKind[listDuties][0]
	}
	if problems == nil && duties == nil {
		closeAll()
		return listJoin{}
	}
	for _, l := range lists {
		if l != tasks && l != problems && l != duties {
			l.s.close()
		}
	}
	j := listJoin{from: map[string]bool{tasks.s.name: true}}
	parts := []*list{tasks}
	if problems != nil {
		parts = append([]*list{problems}, parts...)
		j.from[problems.s.name] = true
	}
	if duties != nil {
		parts = append(parts, duties)
		j.from[duties.s.name] = true
	}
	for _, l := range parts {
		for l.s.load(len(l.s.cells)) {
		}
		l.s.close()
		if l.s.err != nil {
			j.errs = append(j.errs, CellError{Sheet: l.s.name, Reason: "无法读取该工作表的其余各行"})
			return j
		}
		l.s.square()
		// A task list's numbers matter only to a list of duties (they may
		// start again under each problem).
		j.errs = append(j.errs, l.index(l != tasks || duties != nil)...)
	}
	if problems != nil && !namesAlike(problems, tasks) {
		// The task list's 问题序号 numbers something else (its own rows):
		// it names its problems in words, the problem list is left alone.
		delete(j.from, problems.s.name)
		problems = nil
		if duties == nil {
			return listJoin{}
		}
	}
	j.table, j.header = join(problems, tasks, duties, &j)
	joinedNames := []string{}
	for _, l := range []*list{problems, tasks, duties} {
		if l != nil {
			joinedNames = append(joinedNames, "“"+l.s.name+"”")
		}
	}
	how := "每项任务归入其问题序号所指的问题"
	if duties != nil {
		how += "，责任领导、责任单位和完成时限取自“" + duties.s.name + "”中任务序号相同的一行"
	}
	if problems == nil {
		how = "责任领导、责任单位和完成时限取自“" + duties.s.name + "”中任务序号相同的一行"
	}
	j.warnings = append([]CellError{{Sheet: tasks.s.name, Reason: "已按序号合并读取" + strings.Join(joinedNames, "") + "：" + how + "，请核对"}}, j.warnings...)
	return j
}

// namesAlike reports whether the problems a task list names in words, where
// it does, are those its problem numbers name in the problem list.
func namesAlike(problems, tasks *list) bool {
	own, theirs := tasks.h.col[fieldProblem], problems.h.col[fieldProblem]
	if own < 0 || theirs < 0 {
		return true
	}
	squeeze := func(t string) string { return strings.Join(strings.Fields(t), "") }
	for _, r := range tasks.rows {
		text := squeeze(tasks.s.cells[r][own])
		pr, ok := problems.keys[keyOf(tasks.s.cells[r][tasks.ref])]
		if text == "" || !ok {
			continue
		}
		if named := squeeze(problems.s.cells[pr][theirs]); !strings.Contains(text, named) && !strings.Contains(named, text) {
			return false
		}
	}
	return true
}

// index finds the list's data rows and the row of each number, and reports
// a number written twice when unique. A problem list's heading rows
// (一、政治建设方面 across the sheet) are kept as rows; they have no number.
func (l *list) index(unique bool) []CellError {
	var errs []CellError
	l.keys = map[string]int{}
	key := l.key
	if l.kind == listDuties {
		key = l.ref
	}
	for r := l.h.last + 1; r < len(l.s.cells); r++ {
		texts := l.s.fresh(r)
		if len(texts) == 0 || isFooter(texts) || columnNumbers(l.s.cells[r]) {
			continue
		}
		l.rows = append(l.rows, r)
		if key < 0 || l.kind == listProblems && isHeadingOnly(l, r) {
			continue
		}
		k := keyOf(l.s.cells[r][key])
		if k == "" {
			continue
		}
		if hr, _ := l.s.home(r, key); hr != r && l.kind != listDuties {
			continue // a number merged down over the rows of one item
		}
		if first, ok := l.keys[k]; ok && unique && l.kind != listDuties {
			errs = append(errs, CellError{Sheet: l.s.name, Row: r + 1, Column: l.columnName(key),
				Reason: fmt.Sprintf("序号“%s”与第%d行重复：每个序号只能用于一行", l.s.cells[r][key], first+1)})
			continue
		}
		if _, ok := l.keys[k]; !ok {
			l.keys[k] = r
		}
	}
	return errs
}

// columnName names column c of the list for a CellError: "B（问题序号）".
func (l *list) columnName(c int) string {
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

// join makes the table: a header row of the lists' columns (a field the
// problem list and the task list both hold is one column) and a row per
// task, with its problem's cells and its duties' beside it.
func join(problems, tasks, duties *list, j *listJoin) (*sheet, *header) {
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
	t := &sheet{f: tasks.s.f, name: tasks.s.name, origin: map[[2]int][2]int{}, width: len(cols), at: map[[2]int]cellAt{}, lines: map[int]cellAt{}}
	// The title rows above the first list's header.
	first := tasks
	if problems != nil {
		first = problems
	}
	for r := 0; r < first.h.first; r++ {
		texts := first.s.fresh(r)
		if len(texts) == 0 {
			continue
		}
		row := make([]string, len(cols))
		row[0] = strings.Join(texts, " ")
		t.at[[2]int{len(t.cells), 0}] = cellAt{first.s, r, 0}
		t.lines[len(t.cells)] = cellAt{first.s, r, -1}
		t.cells = append(t.cells, row)
	}
	hr := len(t.cells)
	row := make([]string, len(cols))
	for c, jc := range cols {
		row[c] = jc.label
		t.at[[2]int{hr, c}] = cellAt{jc.from[0].l.s, jc.from[0].l.h.last, jc.from[0].c}
	}
	t.lines[hr] = cellAt{tasks.s, tasks.h.last, -1}
	t.cells = append(t.cells, row)

	// A problem list's heading rows (一、党的领导方面) give the aspect of the
	// problems below them when it has no aspect column.
	aspectOf := map[int]cellAt{}
	if problems != nil && problems.h.col[fieldAspect] < 0 {
		var heading *cellAt
		for _, r := range problems.rows {
			if isHeadingOnly(problems, r) {
				c := slices.Index(problems.s.cells[r], problems.s.fresh(r)[0])
				heading = &cellAt{problems.s, r, c}
				continue
			}
			if heading != nil {
				aspectOf[r] = *heading
			}
		}
	}
	var aspectCol = -1
	if len(aspectOf) > 0 {
		cols = append([]*joinColumn{{label: fieldNames[fieldAspect], f: fieldAspect}}, cols...)
		aspectCol = 0
		t.width++
		t.cells[hr] = append([]string{fieldNames[fieldAspect]}, t.cells[hr]...)
		for r := range t.cells[:hr] {
			t.cells[r] = append([]string{""}, t.cells[r]...)
		}
		at := map[[2]int]cellAt{}
		for k, v := range t.at {
			at[[2]int{k[0], k[1] + 1}] = v
		}
		t.at = at
	}

	used := map[int]bool{} // problem rows with a task
	dutyOf := map[string][]int{}
	if duties != nil {
		for _, r := range duties.rows {
			k := keyOf(duties.s.cells[r][duties.ref])
			if k == "" {
				if hr, _ := duties.s.home(r, duties.ref); hr == r {
					j.errs = append(j.errs, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(duties.ref),
						Reason: "未填写任务序号：责任清单的每一行都要写明是哪项任务的责任"})
				}
				continue
			}
			if _, ok := tasks.keys[k]; !ok {
				j.errs = append(j.errs, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(duties.ref),
					Reason: fmt.Sprintf("任务清单（工作表“%s”）中没有序号为“%s”的任务", tasks.s.name, duties.s.cells[r][duties.ref])})
				continue
			}
			dutyOf[k] = append(dutyOf[k], r)
		}
	}
	for _, r := range tasks.rows {
		var prow, drow = -1, -1
		if problems != nil {
			k := keyOf(tasks.s.cells[r][tasks.ref])
			switch pr, ok := problems.keys[k]; {
			case k == "" && tasks.h.col[fieldProblem] >= 0 && tasks.s.cells[r][tasks.h.col[fieldProblem]] != "":
				// the task names its problem in words
			case k == "":
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.ref),
					Reason: "未填写问题序号：任务清单的每一行都要写明对应问题清单中的哪个问题"})
				continue
			case !ok:
				j.errs = append(j.errs, CellError{Sheet: tasks.s.name, Row: r + 1, Column: tasks.columnName(tasks.ref),
					Reason: fmt.Sprintf("问题清单（工作表“%s”）中没有序号为“%s”的问题", problems.s.name, tasks.s.cells[r][tasks.ref])})
				continue
			default:
				prow, used[pr] = pr, true
			}
		}
		if duties != nil {
			k := keyOf(tasks.s.cells[r][tasks.key])
			own := tasks.h.col[fieldLeadUnit] >= 0 && tasks.s.cells[r][tasks.h.col[fieldLeadUnit]] != ""
			if d := dutyOf[k]; k != "" && len(d) > 0 {
				drow = d[0]
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
				if at, ok := aspectOf[prow]; ok {
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
				if t.at[[2]int{out, c}] == (cellAt{}) {
					t.at[[2]int{out, c}] = cellAt{lc.l.s, src, lc.c}
				}
				if v := lc.l.s.cells[src][lc.c]; v != "" {
					row[c] = v
					t.at[[2]int{out, c}] = cellAt{lc.l.s, src, lc.c}
					break
				}
			}
		}
		t.lines[out] = cellAt{tasks.s, r, -1}
		t.cells = append(t.cells, row)
		if drow >= 0 {
			t.moreDuties(cols, duties, dutyOf[keyOf(tasks.s.cells[r][tasks.key])], j)
		}
	}
	if problems != nil {
		for _, r := range problems.rows {
			if !used[r] && !isHeadingOnly(problems, r) {
				j.warnings = append(j.warnings, CellError{Sheet: problems.s.name, Row: r + 1, Column: problems.columnName(problems.h.col[fieldProblem]),
					Reason: "任务清单中没有对应这个问题的整改任务，该问题未导入"})
			}
		}
	}
	h := t.headerAt(hr, hr)
	return t, h
}

// moreDuties adds a row for each of a task's rows of duties after the first
// (one row per unit, or the task's number merged down over them): its units
// and progress only, which readSheet takes as more units of the measure
// above, as it does a ledger's row per unit. A deadline or leader other
// than the first row's is not read, and the clerk is told so.
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
				case fieldDeadline, fieldLeader:
					if v := duties.s.cells[r][lc.c]; v != "" && v != duties.s.cells[first][lc.c] {
						j.warnings = append(j.warnings, CellError{Sheet: duties.s.name, Row: r + 1, Column: duties.columnName(lc.c),
							Reason: fmt.Sprintf("同一任务在第%d行已写%s“%s”：本行的单位作为配合单位导入，本行的“%s”未导入", first+1, fieldNames[jc.f], duties.s.cells[first][lc.c], v)})
					}
				}
			}
		}
		t.lines[out] = cellAt{duties.s, r, -1}
		t.cells = append(t.cells, row)
	}
}

// isHeadingOnly reports a row of a problem list that is one text outside
// its problem column (一、政治建设方面 across the sheet): a heading.
func isHeadingOnly(l *list, r int) bool {
	if len(l.s.fresh(r)) != 1 {
		return false
	}
	pc := l.h.col[fieldProblem]
	for c, v := range l.s.cells[r] {
		if hr, hc := l.s.home(r, c); v != "" && hr == r && hc == c {
			return c != pc
		}
	}
	return false
}
