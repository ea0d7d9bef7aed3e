package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// maxHeaderRow is how far down a sheet the header is looked for.
const maxHeaderRow = 20

// sheet is a worksheet as a rectangular grid of trimmed texts in which every
// cell of a merged range holds the range's value. Its rows are read as they
// are needed (load), so that a ledger's measures can be handed on while the
// rest of the sheet is still being read; the first rows, among which the
// header is looked for, are read at once.
type sheet struct {
	f      *excelize.File
	name   string
	cells  [][]string
	origin map[[2]int][2]int // a filled cell → the top-left cell of its merged range

	rows   rowSource    // the rows not read yet; nil once all are
	err    error        // why the rows stopped before the sheet's end
	width  int          // the longest row so far: every row is padded to it
	merges []mergeRange // by first row
	next   int          // the first of merges not yet reached
	active []int        // the merges over the row being read, in the sheet's order

	// year is the ledger's year (its title's, or its 截至 date's), in which
	// a deadline written without one is read; 0 when none is known.
	year int
	// feedback is the date the ledger says the feedback was given: a
	// deadline without its year that would fall before it is the next
	// year's.
	feedback duban.Date
	// hiddenCols are the columns hidden in Excel (known for a sheet read
	// plainly): one beside a shown column of the same field is not read.
	hiddenCols []int
	// hiddenRows are the rows hidden in Excel, once the reader is closed.
	hiddenRows []int
	// ownUnitName is the unit of a sheet of one unit's measures without a
	// 责任单位 column, ownUnitFrom where it was found (ownUnit).
	ownUnitName, ownUnitFrom string
	ownUnitDone              bool
	warns                    []CellError // what was read with a guess, to be checked
	notes                    int         // measures with a 备注, which is not imported
	prev                     row         // the last measure row read, for cells written 同上
	// deadlines are the deadline texts read so far (deadlineIn)
	deadlines map[deadlineText]parsedDeadline
	// at is, for a table made from a sheet of cards (cardTable) or from
	// lists joined by number (joinLists), the cell each of its cells came
	// from; nil for a sheet read as is. lines is, for joined lists, the
	// row each of its rows stands for in errors naming no cell.
	at    map[[2]int]cellAt
	lines map[int]cellAt
	// placed are its warnings that already name the sheets' own cells
	placed []CellError
	// textDeadline is set while a sheet with no deadline column is read:
	// its measures' deadlines are looked for in their text
	textDeadline *textDeadlines
}

// cellAt is the cell of sheet s (column -1: its row r) that a table's cell
// came from; its stored value is read through s's merged ranges.
type cellAt struct {
	s    *sheet
	r, c int
}

// mergeRange is a merged range, 0-based; order is its place in the sheet's list.
type mergeRange struct{ r0, c0, r1, c1, order int }

// loadSheet reads a whole worksheet and un-merges its merged ranges; all
// its rows are as long as the longest.
func loadSheet(b *workbook, name string) (*sheet, error) {
	s, err := openSheet(b, name)
	if err != nil {
		return nil, err
	}
	if err := s.loadAll(); err != nil {
		return nil, err
	}
	return s, nil
}

// loadAll reads the rest of the sheet's rows and squares them; it returns
// what stopped the rows before the sheet's end.
func (s *sheet) loadAll() error {
	for s.load(len(s.cells)) {
	}
	s.close()
	if s.err != nil {
		return s.err
	}
	s.square()
	return nil
}

// square pads every row to the sheet's width and fills merged ranges over
// what the padding added: rows read before a longer one were shorter.
func (s *sheet) square() {
	padded := false
	for r, row := range s.cells {
		if len(row) < s.width {
			s.cells[r], padded = append(row, make([]string, s.width-len(row))...), true
		}
	}
	if !padded {
		return // every merged cell was filled as its row was read
	}
	byOrder := slices.Clone(s.merges)
	slices.SortFunc(byOrder, func(a, b mergeRange) int { return a.order - b.order })
	for _, m := range byOrder {
		s.fill(m.r0, m.c0, min(m.r1, len(s.cells)-1), min(m.c1, s.width-1))
	}
}

// openSheet reads a worksheet's merged ranges and its first rows, those
// the header is looked for in (padded to the longest of them).
func openSheet(b *workbook, name string) (*sheet, error) {
	merges, err := b.mergeCells(name)
	if err != nil {
		return nil, err
	}
	s := &sheet{f: b.File, name: name, origin: map[[2]int][2]int{}}
	for i, m := range merges {
		start, end, ok := strings.Cut(m, ":")
		if !ok {
			end = start
		}
		c0, r0, err1 := excelize.CellNameToCoordinates(start)
		c1, r1, err2 := excelize.CellNameToCoordinates(end)
		if err1 != nil || err2 != nil {
			continue
		}
		s.merges = append(s.merges, mergeRange{r0: r0 - 1, c0: c0 - 1, r1: r1 - 1, c1: c1 - 1, order: i})
	}
	slices.SortStableFunc(s.merges, func(a, b mergeRange) int { return a.r0 - b.r0 })
	if s.rows, err = b.rows(name); err != nil {
		return nil, err
	}
	if h, ok := s.rows.(interface{ hidden() []int }); ok {
		s.hiddenCols = h.hidden()
	}
	var first [][]string
	for len(first) < maxHeaderRow+3 {
		cols, ok := s.readRow()
		if !ok {
			break
		}
		first = append(first, cols)
		s.width = max(s.width, len(cols))
	}
	if s.err != nil {
		return nil, s.err
	}
	for _, cols := range first {
		s.add(cols)
	}
	return s, nil
}

// readRow reads the next row's values from the sheet; false at its end
// (or at an error, kept in s.err).
func (s *sheet) readRow() ([]string, bool) {
	if s.rows == nil {
		return nil, false
	}
	if s.rows.Next() {
		cols, err := s.rows.Columns()
		if err == nil {
			return cols, true
		}
		s.err = err
	} else {
		s.err = s.rows.Error()
	}
	s.close()
	return nil, false
}

// close stops reading the sheet's rows, keeping which were hidden.
func (s *sheet) close() {
	if s.rows != nil {
		s.hiddenRows = s.hiddenRowList()
		s.rows.Close()
		s.rows = nil
	}
}

// load reads rows until row r is there; false when the sheet ends before it.
func (s *sheet) load(r int) bool {
	for len(s.cells) <= r {
		cols, ok := s.readRow()
		if !ok {
			return false
		}
		s.width = max(s.width, len(cols))
		s.add(cols)
	}
	return true
}

// add appends a row, padded to the sheet's width, and fills its cells of
// merged ranges with the value of each range's top-left cell.
func (s *sheet) add(cols []string) {
	r := len(s.cells)
	row := make([]string, s.width)
	for j, v := range cols {
		row[j] = shortDate(strings.TrimSpace(v))
	}
	s.cells = append(s.cells, row)
	for s.next < len(s.merges) && s.merges[s.next].r0 <= r {
		i := s.next
		s.next++
		at, _ := slices.BinarySearchFunc(s.active, s.merges[i].order, func(a, order int) int { return s.merges[a].order - order })
		s.active = slices.Insert(s.active, at, i)
	}
	s.active = slices.DeleteFunc(s.active, func(i int) bool { return s.merges[i].r1 < r })
	for _, i := range s.active {
		m := s.merges[i]
		if m.r0 < 0 || m.c0 < 0 || m.r0 >= len(s.cells) || m.c0 >= len(s.cells[m.r0]) {
			continue // a range whose top-left cell is outside the sheet's cells
		}
		v := s.cells[m.r0][m.c0]
		for c := m.c0; c <= min(m.c1, len(row)-1); c++ {
			if r != m.r0 || c != m.c0 {
				row[c] = v
				s.origin[[2]int{r, c}] = [2]int{m.r0, m.c0}
			}
		}
	}
}

// shortDate writes a date as excelize shows a date cell of Excel's
// built-in short format (mm-dd-yy: 06-30-23), which Chinese Excel shows as
// 2023/6/30, in full: 2023-06-30. Any other text is returned as it is.
func shortDate(t string) string {
	if len(t) != 8 || t[2] != '-' || t[5] != '-' {
		return t
	}
	m, err1 := strconv.Atoi(t[:2])
	d, err2 := strconv.Atoi(t[3:5])
	y, err3 := strconv.Atoi(t[6:])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return t
	}
	return fmt.Sprintf("%d-%02d-%02d", 2000+y, m, d)
}

// fill copies the top-left value of a merged range into its other cells.
func (s *sheet) fill(r0, c0, r1, c1 int) {
	if r0 < 0 || c0 < 0 || r0 >= len(s.cells) || c0 >= len(s.cells[r0]) {
		return
	}
	v := s.cells[r0][c0]
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			if r != r0 || c != c0 {
				s.cells[r][c] = v
				s.origin[[2]int{r, c}] = [2]int{r0, c0}
			}
		}
	}
}

// home returns the top-left cell of the merged range holding (r, c), or
// (r, c) itself.
func (s *sheet) home(r, c int) (int, int) {
	if o, ok := s.origin[[2]int{r, c}]; ok {
		return o[0], o[1]
	}
	return r, c
}

// copied reports a cell of row r that is a copy of a merged range's, not
// the range's own top-left cell.
func (s *sheet) copied(r, c int) bool {
	hr, hc := s.home(r, c)
	return hr != r || hc != c
}

// fresh returns the texts of row r that are not copies of a merged range.
func (s *sheet) fresh(r int) []string {
	var out []string
	for c, v := range s.cells[r] {
		if v != "" && !s.copied(r, c) {
			out = append(out, v)
		}
	}
	return out
}

// rawValue returns the stored value of a cell without number formatting,
// e.g. the serial number of a date.
func (s *sheet) rawValue(r, c int) string {
	r, c = s.home(r, c)
	if s.at != nil {
		at, ok := s.at[[2]int{r, c}]
		if !ok || at.c < 0 {
			return ""
		}
		return at.s.rawValue(at.r, at.c)
	}
	axis, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return ""
	}
	v, _ := s.f.GetCellValue(s.name, axis, excelize.Options{RawCellValue: true})
	return strings.TrimSpace(v)
}

// header is the header block of a sheet and what each column holds.
type header struct {
	first, last int                // 0-based rows of the header block
	col         [fieldCount]int    // column of each field, -1 when absent
	label       [fieldCount]string // the header text of that column
	unknown     []int              // columns with a label that names no field
	// more lists further columns of a gathered field (6月进展 | 9月进展,
	// two 配合单位 columns), read together with the first; dup lists
	// further columns of another field, which are not read.
	more [fieldCount][]int
	dup  []int
	// hidden are columns hidden in Excel beside a shown one of their
	// field, which are not read.
	hidden []int
	// state is a column of the measure's state (整改状态, 是否完成) beside
	// its sign-off (是否销号), read with the progress; -1 when none.
	state int
	// ticks are the columns of a state ticked in one of several
	// (已完成 | 未完成 | 长期坚持), read by tickedState.
	ticks []tickColumn
}

// adjustedSub is a label under a 完成时限 group that names the deadline
// as adjusted: 调整后, 延期后.
var adjustedSub = regexp.MustCompile(`^(?:调整|变更|延期|延长|顺延|更改)后?的?(?:时限|时间)?$`)

// gathered are the fields whose further columns are read with the first.
var gathered = [fieldCount]bool{fieldProgress: true, fieldNote: true, fieldCoopUnits: true}

// findHeader looks for the header block: one to three rows of labels (a
// group row over a field row is joined), starting within the first rows.
// It reports false when the sheet has no header with a measure column and
// at least three recognised columns.
func (s *sheet) findHeader() (*header, bool) {
	for r := 0; r < len(s.cells) && r < maxHeaderRow; r++ {
		if !s.labelRow(r) {
			continue
		}
		best := s.headerFrom(r)
		if best.col[fieldMeasure] >= 0 && best.score() >= 3 {
			if s.load(best.last+1) && columnNumbers(s.cells[best.last+1]) {
				best.last++ // a 栏次 row under the header: 1 2 3 …
			}
			return best, true
		}
	}
	return nil, false
}

// rowHidden reports whether row r (0-based) is hidden in Excel, as far as
// the sheet's reader knows (its plain reading of the XML does).
func (s *sheet) rowHidden(r int) bool { return slices.Contains(s.hiddenRowList(), r) }

// hiddenRowList is the rows hidden in Excel: those the reader has read so
// far, or, once it is closed, those it had read.
func (s *sheet) hiddenRowList() []int {
	if h, ok := s.rows.(interface{ hiddenRowsRead() []int }); ok {
		return h.hiddenRowsRead()
	}
	return s.hiddenRows
}

// headerMissing says why no header was found: the row nearest to one (two
// or more columns known) with the columns it has and those it lacks of the
// three a ledger needs, or the general rule when no row comes near.
func (s *sheet) headerMissing() CellError {
	const rule = "未找到台账表头：表头应有整改措施、责任单位、完成时限等列"
	var near *header
	for r := 0; r < len(s.cells) && r < maxHeaderRow; r++ {
		if !s.labelRow(r) {
			continue
		}
		if h := s.headerFrom(r); h.score() >= 2 && (near == nil || h.score() > near.score()) {
			near = h
		}
	}
	if near == nil {
		return CellError{Sheet: s.name, Reason: rule}
	}
	var have, lack []string
	for c := range s.cells[near.first] {
		for f := range near.col {
			if near.col[f] == c && near.label[f] != "" {
				have = append(have, "“"+near.label[f]+"”")
			}
		}
	}
	for _, f := range []field{fieldMeasure, fieldLeadUnit, fieldDeadline} {
		if near.col[f] < 0 && !(f == fieldMeasure && slices.Contains(matters, near.label[fieldProblem])) {
			lack = append(lack, fieldNames[f])
		}
	}
	if len(lack) == 0 {
		return CellError{Sheet: s.name, Reason: rule}
	}
	return CellError{Sheet: s.name, Row: near.first + 1, Reason: fmt.Sprintf("未找到台账表头：第%d行有%s列，缺少%s列；台账的每一项都要有整改措施（或督办事项、重点任务）、责任单位和完成时限",
		near.first+1, strings.Join(have, ""), strings.Join(lack, "、"))}
}

// headerFrom reads the header block starting at row r: one to three rows,
// the deepest of the best score when the rows below are field labels under
// a group label.
func (s *sheet) headerFrom(r int) *header {
	var best *header
	for last := r; last < len(s.cells) && last < r+3; last++ {
		sub := last > r && s.subLabels(last)
		if last > r && !sub && !s.labelRow(last) {
			break
		}
		if h := s.headerAt(r, last); best == nil || h.score() > best.score() || sub && h.score() == best.score() {
			best = h
		}
	}
	return best
}

// subLabels reports a header row whose labels all stand under a group label
// merged across columns in the row above (整改进展 over 6月 | 9月).
func (s *sheet) subLabels(r int) bool {
	n := 0
	for c, t := range s.cells[r] {
		if t == "" {
			continue
		}
		if hr, _ := s.home(r, c); hr != r {
			continue // merged down from the row above
		}
		gr, gc := s.home(r-1, c)
		if gr != r-1 || s.spanWidth(r-1, gc) < 2 || utf8.RuneCountInString(t) > 12 {
			return false
		}
		n++
	}
	return n >= 2
}

// columnNumbers reports a row that numbers the columns (栏次 1 2 3 …, or
// (1) (2) (3)): three or more numbers, each one more than the last.
func columnNumbers(cells []string) bool {
	n, last := 0, 0
	for i, t := range cells {
		t = strings.Trim(strings.TrimSpace(t), "()（）")
		if t == "" || i == 0 && (t == "栏次" || t == "栏目" || t == "列次") {
			continue
		}
		k, err := strconv.Atoi(t)
		if err != nil || n > 0 && k != last+1 {
			return false
		}
		n, last = n+1, k
	}
	return n >= 3
}

// summaryRow finds the header of a summary table among the first rows:
// two or more labels of counts or rates (任务数, 完成率).
func (s *sheet) summaryRow() (int, bool) {
	for r := 0; r < len(s.cells) && r < maxHeaderRow; r++ {
		n := 0
		for _, t := range s.fresh(r) {
			if countLabel.MatchString(normalizeHeader(t)) && utf8.RuneCountInString(t) <= 20 {
				n++
			}
		}
		if n >= 2 {
			return r, true
		}
	}
	return 0, false
}

// labelRow reports whether row r looks like header labels: two or more
// texts (a title row has one), at least a third of which name a known column.
func (s *sheet) labelRow(r int) bool {
	texts := s.fresh(r)
	n := 0
	for _, t := range texts {
		if matchHeader(t) != fieldNone {
			n++
		}
	}
	return len(texts) >= 2 && n > 0 && 3*n >= len(texts)
}

// headerAt reads rows first..last as a header block. Each column takes the
// lowest label that names a field, so a field row beats its group label;
// the first column naming a field wins.
func (s *sheet) headerAt(first, last int) *header {
	h := &header{first: first, last: last, state: -1}
	for f := range h.col {
		h.col[f] = -1
	}
	shown := map[field]bool{} // the fields of the columns not hidden
	for c := range s.cells[first] {
		if !slices.Contains(s.hiddenCols, c) {
			shown[s.fieldAt(first, last, c)] = true
		}
	}
	for c := range s.cells[first] {
		if f := s.fieldAt(first, last, c); f != fieldNone && slices.Contains(s.hiddenCols, c) && shown[f] {
			h.hidden = append(h.hidden, c) // an old 责任单位 hidden beside the 牵头单位 in use
			continue
		}
		if st := s.tickLabel(first, last, c); st != tickNone {
			h.ticks = append(h.ticks, tickColumn{col: c, state: st})
			continue
		}
		known, labelled := false, false
		for r := last; r >= first; r-- {
			labelled = labelled || normalizeHeader(s.cells[r][c]) != ""
			if f := matchHeader(s.cells[r][c]); f != fieldNone {
				if f == fieldDeadline && r < last && adjustedSub.MatchString(normalizeHeader(s.cells[last][c])) {
					f = fieldAdjusted // 完成时限 over 原定 | 调整后
				}
				switch {
				case f == fieldProblem && h.col[f] >= 0 && h.col[fieldSpecific] < 0:
					f = fieldSpecific // 反馈问题 | 问题表现: the second is the specific problem
					h.col[f], h.label[f] = c, normalizeHeader(s.cells[r][c])
				case f == fieldClosed && h.col[f] >= 0 && signOff(s.cells[r][c]) != signOff(h.label[f]):
					// 整改状态 | 是否销号: the 销号 column says whether
					// the measure is closed; the state is read as progress.
					h.state = c
					if signOff(s.cells[r][c]) {
						h.state, h.col[f], h.label[f] = h.col[f], c, normalizeHeader(s.cells[r][c])
					}
				case f == fieldMeasure && h.col[f] >= 0 && h.col[fieldProblem] < 0 && weakMeasure(h.label[f]) != weakMeasure(s.cells[r][c]):
					// 整改事项 | 整改措施, 主要任务 | 具体措施: the first names
					// what the measures are for, the problem.
					task := c
					if weakMeasure(h.label[f]) {
						task, h.col[f], h.label[f] = h.col[f], c, normalizeHeader(s.cells[r][c])
					}
					h.col[fieldProblem], h.label[fieldProblem] = task, h.labelOf(s, task)
				case f == fieldLeadUnit && h.col[f] >= 0 && h.col[fieldCoopUnits] < 0:
					f = fieldCoopUnits // 牵头单位 | 责任单位: the others carry it out with the lead
					h.col[f], h.label[f] = c, normalizeHeader(s.cells[r][c])
				case h.col[f] < 0:
					h.col[f], h.label[f] = c, normalizeHeader(s.cells[r][c])
				case gathered[f]:
					h.more[f] = append(h.more[f], c)
				default:
					h.dup = append(h.dup, c)
				}
				known = true
				break
			}
		}
		if labelled && !known {
			h.unknown = append(h.unknown, c)
		}
	}
	// Without a separate 问题 column, 具体问题 is the problem; without
	// 整改措施, 整改要求 holds the measures.
	h.promote(fieldSpecific, fieldProblem)
	h.promote(fieldRequirements, fieldMeasure)
	h.promote(fieldAdjusted, fieldDeadline)
	h.stateOfProgress(s)
	if h.col[fieldLeader] < 0 {
		// 督办领导, the leader who supervises an item, stands for the
		// leader where no 责任领导 column is; beside one it is not read.
		if i := slices.IndexFunc(h.unknown, func(c int) bool { return supervisingLeader.MatchString(h.labelOf(s, c)) }); i >= 0 {
			h.col[fieldLeader], h.label[fieldLeader] = h.unknown[i], h.labelOf(s, h.unknown[i])
			h.unknown = slices.Delete(h.unknown, i, i+1)
		}
	}
	// A list of tasks or supervised matters (重点任务 | 牵头单位 | 完成时限,
	// 督办事项 | 承办单位 | 办理时限) has no measure column: each of its
	// rows is one.
	if h.col[fieldLeadUnit] >= 0 && h.col[fieldDeadline] >= 0 && h.col[fieldSpecific] < 0 && slices.Contains(matters, h.label[fieldProblem]) {
		h.promote(fieldProblem, fieldMeasure)
	}
	return h
}

// supervisingLeader labels the column of the leader who supervises an
// item (督办领导, 督导领导, 包抓督办领导).
var supervisingLeader = regexp.MustCompile(`^(?:包抓)?(?:督办|督导|督查)领导$`)

// matters are the labels of a column of things to do that a list of
// tasks or of supervised matters gives instead of measures (a list of
// problems, 问题描述 | 责任单位 | 完成时限, is joined to its tasks instead).
var matters = []string{"重点任务", "督办事项", "督查事项", "交办事项", "督办内容"}

// fieldAt is the field the lowest label of column c in rows first..last
// names, fieldNone when none does.
func (s *sheet) fieldAt(first, last, c int) field {
	for r := last; r >= first; r-- {
		if c < len(s.cells[r]) {
			if f := matchHeader(s.cells[r][c]); f != fieldNone {
				return f
			}
		}
	}
	return fieldNone
}

// weakMeasure tells a label of measures that, beside another (整改措施,
// 具体措施), names the matter they are for: 整改事项, 主要任务.
func weakMeasure(label string) bool {
	return slices.Contains([]string{"整改事项", "整改内容", "工作任务", "具体任务", "主要任务", "任务内容", "工作内容"}, normalizeHeader(label))
}

// signOff tells a label of 销号 (是否销号, 销号情况) from one of a state
// (整改状态, 是否完成).
func signOff(label string) bool { return strings.Contains(label, "销号") }

// stateOfProgress reads a 完成情况 column beside another of progress
// (整改进展 | 完成情况 over 已印发… | 已完成), with no 是否销号 column, as
// the measure's state: 已完成 closes it, as a 整改状态 column does, and
// the state is read before the progress as well.
func (h *header) stateOfProgress(s *sheet) {
	if h.col[fieldClosed] >= 0 || len(h.more[fieldProgress]) == 0 {
		return
	}
	cols := append([]int{h.col[fieldProgress]}, h.more[fieldProgress]...)
	at := slices.IndexFunc(cols, func(c int) bool {
		l := h.labelOf(s, c)
		return l == "完成情况" || l == "完成状态" || l == "整改完成情况"
	})
	if at < 0 {
		return
	}
	// Its text stays with the progress (正在推进 is said nowhere else).
	h.col[fieldClosed], h.label[fieldClosed], h.state = cols[at], h.labelOf(s, cols[at]), cols[at]
	cols = slices.Delete(cols, at, at+1)
	h.col[fieldProgress], h.label[fieldProgress], h.more[fieldProgress] = cols[0], h.labelOf(s, cols[0]), cols[1:]
}

// promote moves column from to field to when to is absent.
func (h *header) promote(from, to field) {
	if h.col[to] < 0 && h.col[from] >= 0 {
		h.col[to], h.label[to] = h.col[from], h.label[from]
		h.col[from], h.label[from] = -1, ""
	}
}

// score counts the recognised columns; the tick columns of a state count
// as one, as the group label over them would.
func (h *header) score() int {
	n := 0
	for _, c := range h.col {
		if c >= 0 {
			n++
		}
	}
	if len(h.ticks) > 0 {
		n++
	}
	return n
}

// warnings lists the columns the reader does not know, one per column, so
// that what it leaves out is never dropped silently.
func (h *header) warnings(s *sheet) []CellError {
	var out []CellError
	for _, c := range h.unknown {
		name, _ := excelize.ColumnNumberToName(c + 1)
		var label []string
		for r := h.first; r <= h.last; r++ {
			if t := strings.TrimSpace(s.cells[r][c]); t != "" && !slices.Contains(label, t) {
				label = append(label, t)
			}
		}
		out = append(out, CellError{Sheet: s.name, Row: h.last + 1, Column: fmt.Sprintf("%s（%s）", name, strings.Join(label, "/")),
			Reason: "未识别的列，其内容不会导入"})
	}
	for _, c := range h.hidden {
		name, _ := excelize.ColumnNumberToName(c + 1)
		out = append(out, CellError{Sheet: s.name, Row: h.last + 1, Column: fmt.Sprintf("%s（%s）", name, h.labelOf(s, c)),
			Reason: "该列在Excel中已隐藏，表中另有同一内容的列，此列未导入；如需导入请取消隐藏并删去另一列"})
	}
	for _, c := range h.dup {
		name, _ := excelize.ColumnNumberToName(c + 1)
		f := matchHeader(h.labelOf(s, c))
		for r := h.first; r <= h.last && f == fieldNone; r++ {
			f = matchHeader(s.cells[r][c])
		}
		out = append(out, CellError{Sheet: s.name, Row: h.last + 1, Column: fmt.Sprintf("%s（%s）", name, h.labelOf(s, c)),
			Reason: fmt.Sprintf("与%s重复，只导入前一列，此列内容不会导入", h.column(f))})
	}
	return out
}

// labelOf is column c's own label: the lowest in the header block.
func (h *header) labelOf(s *sheet, c int) string {
	for r := h.last; r >= h.first; r-- {
		if t := normalizeHeader(s.cells[r][c]); t != "" && !isNumber(strings.Trim(t, "()（）")) && t != "栏次" {
			return t
		}
	}
	return ""
}

// column names column c of field f for a CellError: "E（完成时限）".
func (h *header) column(f field) string {
	if h.col[f] < 0 {
		return fieldNames[f]
	}
	name, err := excelize.ColumnNumberToName(h.col[f] + 1)
	if err != nil {
		return fmt.Sprintf("（%s）", h.label[f])
	}
	return fmt.Sprintf("%s（%s）", name, h.label[f])
}
