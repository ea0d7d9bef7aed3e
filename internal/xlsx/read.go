package xlsx

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// maxUnzipSize bounds the unpacked size of an uploaded workbook.
const maxUnzipSize = 256 << 20

// ReadLedger reads a ledger workbook into an outline. Every sheet whose
// header it recognises contributes; the others are ignored, and reported
// (with Row 0) only when no sheet has a header. Title and "截至…" rows above
// the header fill Meta.Title and Meta.AsOf; headers of up to three rows are
// joined; merged and blank aspect and problem cells are filled down. Every
// measure row needs measure text, a lead unit and a deadline ParseDeadline
// understands; each bad cell becomes a CellError, and the caller must reject
// the file when there are any. It returns an Invalid *duban.Error when r is
// not a readable workbook.
func ReadLedger(r io.Reader) (*duban.Outline, []CellError, error) {
	l, err := Read(r)
	if err != nil {
		return nil, nil, err
	}
	return l.Outline, l.Errors, nil
}

// Ledger is what Read makes of a workbook: the outline, the bad cells that
// reject it, and warnings that do not (a column the reader does not know).
type Ledger struct {
	Outline  *duban.Outline
	Errors   []CellError
	Warnings []CellError
	// Joined names the sheets read as lists joined by number (问题清单,
	// 任务清单, 责任清单: lists.go), in the workbook's order; nil for none.
	Joined []string
}

// Read reads a ledger workbook as ReadLedger does, and also lists every
// header column it does not recognise as a warning: its content is not
// imported, and the caller shows that to the user.
func Read(r io.Reader) (*Ledger, error) {
	return ReadTo(r, nil)
}

// ReadTo reads a ledger workbook as Read does and hands its outline to feed
// (when not nil) as it goes: each node when first met, each measure once
// the rows after it cannot change it, and the Meta as soon as it is known
// (after the header of a workbook of one sheet, else at the end). The feed
// is closed at the end, with an Invalid error when the file is rejected
// (it has bad cells, or is no workbook): then nothing it handed over may
// be kept. The outline read is feed.Outline.
func ReadTo(r io.Reader, feed *duban.OutlineFeed) (*Ledger, error) {
	f, err := openBook(r)
	if err != nil {
		err = duban.Errorf(duban.Invalid, "无法读取该文件，请上传 Excel 工作簿（.xlsx）")
		feed.Close(err)
		return nil, err
	}
	defer f.Close()
	o := &duban.Outline{Aspects: []*duban.OutlineNode{}}
	if feed != nil {
		o = feed.Outline
	}
	b := &builder{o: o, feed: feed, book: f}
	l := &Ledger{Outline: b.o, Warnings: []CellError{}}
	var errs, missing, passed []CellError
	unread := 0         // sheets not read as ledgers
	var empty CellError // why a ledger of headers only is refused
	sheets, hidden := visibleFirst(f)
	hiddenOnly := len(sheets) > 0 && hidden[sheets[0]]
	// 问题清单, 任务清单 and 责任清单 on sheets of their own, joined by number.
	var joined listJoin
	if shown := slices.DeleteFunc(slices.Clone(sheets), func(n string) bool { return hidden[n] && !hiddenOnly }); len(shown) > 1 {
		joined = joinLists(f, shown)
		for _, name := range shown {
			if joined.from[name] {
				l.Joined = append(l.Joined, name)
			}
		}
		errs = append(errs, joined.errs...)
		l.Warnings = append(l.Warnings, joined.warnings...)
	}
	for _, name := range sheets {
		var s *sheet
		var h *header
		var ok, listed bool
		if joined.from[name] {
			if joined.table == nil || name != joined.table.name {
				continue // read as part of the lists joined
			}
			s, listed = joined.table, true
			h, ok = s.findHeader()
		} else {
			var err error
			if s, err = openSheet(f, name); err != nil { // a chart sheet, or a damaged one
				missing = append(missing, CellError{Sheet: name, Reason: "无法读取该工作表"})
				unread++
				continue
			}
			h, ok = s.findHeader()
		}
		if !ok && !listed {
			if t := cardTable(s); t != nil {
				if th, tok := t.findHeader(); tok {
					s, h, ok = t, th, true
				}
			}
		}
		if !ok {
			s.close()
			missing = append(missing, s.headerMissing())
			if r, ok := s.summaryRow(); ok {
				// 统计 or 汇总 (单位 | 任务数 | 完成率): said to be passed
				// over, where a sheet with no table is not.
				passed = append(passed, CellError{Sheet: name, Row: r + 1, Reason: "该工作表不是台账，未导入：是统计汇总表（任务数、完成率等）"})
			}
			unread++
			continue
		}
		if !hiddenOnly && hidden[name] {
			// A hidden sheet beside visible ones (an old copy, a draft)
			// is not what the clerk sees: passed over, and said so.
			s.close()
			note := CellError{Sheet: name, Reason: "该工作表已隐藏，未导入；如需导入请在Excel中取消隐藏"}
			missing, passed = append(missing, note), append(passed, note)
			unread++
			continue
		}
		if hErrs := s.place(headerErrors(s, h)); len(hErrs) > 0 && len(sheets) > 1 && !listed {
			// A 统计 or 汇总 sheet beside the ledger (序号, 责任单位,
			// 整改措施（项）, 已完成…) is no ledger: passed over with a
			// warning, unless no sheet is one.
			s.close()
			missing = append(missing, hErrs...)
			passed = append(passed, CellError{Sheet: name, Reason: "该工作表不是台账，未导入：" + hErrs[0].Reason})
			unread++
			continue
		}
		errs = append(errs, s.place(b.readSheet(s, h, len(sheets)-max(len(joined.from)-1, 0) == 1))...)
		if empty.Sheet == "" {
			empty = s.place([]CellError{{Sheet: name, Row: h.last + 1, Reason: "表头之下没有整改举措，整份文件未导入：请在表头下逐行填写问题、整改措施、责任单位和完成时限"}})[0]
		}
		if s.err != nil {
			errs = append(errs, CellError{Sheet: name, Reason: "无法读取该工作表的其余各行"})
		}
		l.Warnings = append(l.Warnings, s.place(h.warnings(s))...)
		l.Warnings = append(l.Warnings, s.place(s.warns)...)
		l.Warnings = append(l.Warnings, s.placed...)
		if s.notes > 0 {
			l.Warnings = append(l.Warnings, s.place([]CellError{{Sheet: name, Row: h.last + 1, Column: h.column(fieldNote),
				Reason: fmt.Sprintf("备注列有%d处内容，备注不会导入；需要保留的请写入整改进展", s.notes)}})...)
		}
	}
	l.Errors = errs
	if unread == len(sheets) {
		l.Errors = missing
	} else {
		l.Warnings = append(l.Warnings, passed...)
		if _, _, _, n := b.o.Counts(); n == 0 && len(errs) == 0 {
			l.Errors = []CellError{empty}
		}
	}
	if !b.settled {
		b.o.Meta.Kind = b.kind(f)
	}
	if len(l.Errors) > 0 {
		feed.Close(duban.Errorf(duban.Invalid, "文件被拒绝：%d 处单元格有误，未写入任何数据", len(l.Errors)))
	} else {
		feed.Close(nil)
	}
	return l, nil
}

// visibleFirst lists the workbook's sheets, the visible ones first, and
// which are hidden in Excel (hidden or very hidden).
func visibleFirst(f *workbook) ([]string, map[string]bool) {
	var shown, kept []string
	hidden := map[string]bool{}
	for _, name := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(name); err == nil && !visible {
			hidden[name] = true
			kept = append(kept, name)
		} else {
			shown = append(shown, name)
		}
	}
	return append(shown, kept...), hidden
}

// builder assembles an outline from the rows of one or more sheets.
type builder struct {
	o *duban.Outline
	// titles are the texts above the headers; words are the sheet names
	// and header labels: what tells the source's kind.
	titles, words []string
	feed          *duban.OutlineFeed // what the outline is handed to as it grows; nil for none
	book          *workbook          // the workbook read, for the Meta's kind
	settled       bool               // the Meta is complete and handed over (Settle)
}

// kind tells the kind of work the ledger answers (巡视, 巡察, 审计, 督查,
// 自查, 批示): from its titles (the rows above the header, the printed
// page header, the workbook's title and subject), or, when they name none,
// from the word its sheet names and column labels use most
// ("巡察反馈问题"). "" when nothing says.
func (b *builder) kind(f *workbook) duban.SourceKind {
	titles := b.titles
	for _, name := range f.GetSheetList() {
		if hf, err := f.headerFooter(name); err == nil && hf != nil {
			titles = append(titles, hf.OddHeader, hf.FirstHeader, hf.EvenHeader)
		}
	}
	if p, err := f.GetDocProps(); err == nil && p != nil {
		titles = append(titles, p.Title, p.Subject)
	}
	return duban.KindOf(strings.Join(titles, "\n"), strings.Join(b.words, "\n"))
}

// titleWords mark the row that is a ledger's title, among the rows above
// its header: a unit's name may stand on a row of its own above it.
var titleWords = regexp.MustCompile(`台账|清单|方案|一览表|统计表|情况|关于|表$`)

// placeTitle settles the title read from the rows above the headers, the
// unit it names (a row of its own above it, or the words before 关于), and
// the inspection round and team it names.
func (b *builder) placeTitle(rows []string) {
	m := &b.o.Meta
	if m.Title != "" || len(rows) == 0 {
		return
	}
	at := 0
	for i, t := range rows {
		if titleWords.MatchString(t) {
			at = i
			break
		}
	}
	m.Title = rows[at]
	if at > 0 && m.Unit == "" {
		m.Unit = rows[at-1]
	}
	if i := strings.Index(m.Title, "关于"); i > 0 && m.Unit == "" {
		m.Unit = m.Title[:i]
	}
	if u := partyBody.FindStringSubmatch(m.Title); u != nil && m.Unit == "" {
		// 中共某省自然资源厅党组落实…整改台账: the body, not the office
		// named under 填报单位 (厅办公室) that filled it in.
		m.Unit = u[1]
	}
	m.Round = duban.RoundPattern.FindString(m.Title)
	m.Team = duban.TeamPattern.FindString(m.Title)
}

// partyBody is the party body a title opens with: 中共某省自然资源厅党组,
// 某县教育局党委.
var partyBody = regexp.MustCompile(`^((?:中共)?\p{Han}{2,30}?(?:党组|党委|党工委))(?:（[^）]*）)?(?:落实|贯彻|巡视|巡察|整改|对|关于)`)

// row holds the values of one data row by field; copies of merged header
// cells are left out.
type row [fieldCount]string

// readSheet adds the rows of a sheet below its header to the outline.
//
// Three ways ledgers spread one item over several rows are joined: a row
// that names a new aspect or problem without a measure (序号 1 above its
// measures 1.1, 1.2) gives the measures below it what it holds (整改目标,
// 责任领导, a deadline…) where their own cells are blank; and a row whose
// measure cell is merged down from the row above names one more unit of
// that measure (one row per unit), a cooperating unit; so does a row with
// neither 序号 nor measure that names a unit.
//
// only says that no other sheet can add to the Meta, which is then
// complete once this sheet's header is read, and handed to the feed.
func (b *builder) readSheet(s *sheet, h *header, only bool) []CellError {
	b.readMeta(s, h)
	s.year, s.feedback = b.year(), b.o.Meta.FeedbackDate
	if only {
		b.o.Meta.Kind = b.kind(b.book)
		b.settled = true
		b.feed.Settle()
	}
	defer s.close()
	errs := headerErrors(s, h)
	if u := s.ownUnit(h); u != "" && h.col[fieldLeadUnit] < 0 {
		s.warn(CellError{Sheet: s.name, Row: h.last + 1, Column: fieldNames[fieldLeadUnit],
			Reason: fmt.Sprintf("表头中没有“责任单位”列，本表各项举措的责任单位取“%s”（%s），请核对", u, s.ownUnitFrom)})
	}
	var noDeadline []CellError // the missing 完成时限 column, said at the end unless the measures' texts gave them
	if i := slices.IndexFunc(errs, func(e CellError) bool { return e.Column == fieldNames[fieldDeadline] }); i >= 0 && h.col[fieldMeasure] >= 0 {
		// No 完成时限 column: each measure's deadline may be in its text
		// (…，2024年6月底前完成; （完成时限：2024年9月30日）).
		s.textDeadline = &textDeadlines{}
		noDeadline = []CellError{errs[i]}
		errs = slices.Delete(errs, i, i+1)
	}
	var path [3]string // aspect, problem, specific problem, filled down
	numbered := false  // a heading numbered 一、 was seen: （一） headings are below it
	if !only && h.col[fieldAspect] < 0 && (aspectNumbering.MatchString(s.name) || strings.HasSuffix(s.name, "方面") || aspectSheet.MatchString(s.name) && !listName.MatchString(s.name)) {
		// One sheet per aspect (一、政治建设方面, 作风建设方面, 政治建设,
		// 党的领导弱化): the sheet's name is the aspect of its rows.
		path[0] = s.name
	}
	var carry *nodeRow // the row naming the current node without a measure
	var last struct {
		home [2]int // the measure cell's home of the last measure
		ms   []*duban.OutlineMeasure
		n    *duban.OutlineNode // their node
	}
	tail := false              // past a footer or note: what follows without a measure is more of it
	var hiddenRead []int       // rows hidden in Excel whose measures were read (1-based)
	banner, bannerRow := "", 0 // an aspect's banner row above rows of an aspect column
	for r := h.last + 1; s.load(r); r++ {
		texts := s.fresh(r)
		if isFooter(texts) {
			tail = true
			continue
		}
		if s.skipRow(r, h, texts, tail) {
			continue
		}
		if title, ok := s.heading(r, h); ok {
			level := headingLevel(h, title)
			if aspectNumbering.MatchString(title) {
				numbered = true
			} else if numbered && level == 0 && subNumbering.MatchString(title) {
				level = 1 // （一）… under 一、…, without an aspect column: a problem
			}
			path[level] = title
			clear(path[level+1:])
			if level == 0 && h.col[fieldAspect] >= 0 {
				banner, bannerRow = title, r
			}
			continue
		}
		v := s.row(r, h)
		if banner != "" && v[fieldAspect] != "" && v[fieldAspect] != banner {
			// 一、…方面 across the row over rows whose 问题类别 names
			// another: the column's is kept, and the banner said to be
			// passed over (it went without a word).
			s.warn(CellError{Sheet: s.name, Row: bannerRow + 1, Reason: fmt.Sprintf("“%s”是跨行的方面标题，其下各行的“%s”列另写了方面（如“%s”），举措按该列导入，此标题未作为方面", banner, h.label[fieldAspect], v[fieldAspect])})
			banner = ""
		}
		if v.empty() {
			continue
		}
		if level, rest, ok := s.outlineNode(r, h, v); ok {
			// 一 | 党的政治建设方面, （一） | 理论学习不够深入 in the one
			// text column: a heading, perhaps with what its measures share.
			path[level] = v[fieldMeasure]
			clear(path[level+1:])
			if rest.hasMeasure() {
				errs = append(errs, carry.unused(s, h)...)
				carry = &nodeRow{r: r, n: b.node(s.name, path), v: rest}
			}
			continue
		}
		if c := h.col[fieldMeasure]; c >= 0 && last.ms != nil && v[fieldMeasure] != "" {
			if hr, hc := s.home(r, c); hr < r && [2]int{hr, hc} == last.home {
				for _, m := range last.ms {
					s.addUnits(r, h, m)
				}
				continue
			}
		}
		if last.ms != nil && v[fieldMeasure] == "" && v[fieldSeq] == "" && (v[fieldLeadUnit] != "" || v[fieldCoopUnits] != "") &&
			(v[fieldAspect] == "" || v[fieldAspect] == path[0]) && (v[fieldProblem] == "" || v[fieldProblem] == path[1]) &&
			(v[fieldSpecific] == "" || v[fieldSpecific] == path[2]) {
			// One row per unit with the measure written once and its
			// cell not merged down: a row with no 序号, no measure and
			// a unit names one more unit of the measure above.
			for _, m := range last.ms {
				s.addUnits(r, h, m)
			}
			continue
		}
		before := path
		updatePath(&path, h, v)
		n := b.node(s.name, path)
		if !v.hasMeasure() {
			continue // a row that only names an aspect or problem
		}
		if v[fieldMeasure] == "" && path != before {
			errs = append(errs, carry.unused(s, h)...)
			carry = &nodeRow{r: r, n: n, v: v}
			continue
		}
		if carry != nil && carry.n == n {
			carry.fill(&v)
		}
		ms, rowErrs := s.measures(r, h, v)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		n.Measures = append(n.Measures, ms...)
		if s.rowHidden(r) {
			hiddenRead = append(hiddenRead, r+1)
		}
		// The measures before are done: only the last can gain units.
		b.feed.Measures(last.n, last.ms)
		last.n, last.ms = n, ms
		if c := h.col[fieldMeasure]; c >= 0 {
			hr, hc := s.home(r, c)
			last.home = [2]int{hr, hc}
		}
	}
	b.feed.Measures(last.n, last.ms)
	if len(hiddenRead) > 0 {
		// A filter's hidden rows are not what the clerk sees: read, and
		// said so (they went in without a word).
		var shown []string
		for _, n := range hiddenRead[:min(len(hiddenRead), 10)] {
			shown = append(shown, strconv.Itoa(n))
		}
		list := strings.Join(shown, "、")
		if len(hiddenRead) > 10 {
			list += fmt.Sprintf("等%d行", len(hiddenRead))
		}
		s.warn(CellError{Sheet: s.name, Row: hiddenRead[0], Reason: fmt.Sprintf("第%s行在Excel中已隐藏，其中的举措仍已导入，请核对", list)})
	}
	if t := s.textDeadline; t != nil {
		if t.missing > 0 || t.found == 0 {
			errs = append(errs, noDeadline...)
		} else {
			s.warn(CellError{Sheet: s.name, Row: h.last + 1, Column: h.column(fieldMeasure),
				Reason: fmt.Sprintf("表头中没有“完成时限”列：%d项举措的完成时限均从整改措施的文字中读出（如“2024年6月底前完成”“完成时限：2024年9月30日”），请核对", t.found)})
		}
	}
	return append(errs, carry.unused(s, h)...)
}

// nodeRow is a row that names an aspect or problem and holds other cells
// but no measure: what it holds goes to the measures below it.
type nodeRow struct {
	r    int
	n    *duban.OutlineNode
	v    row
	used bool
}

// fill gives a measure row the node row's cells where its own are blank.
func (c *nodeRow) fill(v *row) {
	c.used = true
	for f, t := range c.v {
		switch field(f) {
		case fieldSeq, fieldAspect, fieldProblem, fieldSpecific, fieldMeasure, fieldProgress, fieldClosed:
		default:
			if v[f] == "" {
				v[f] = t
			}
		}
	}
}

// unused reports a node row no measure followed: its measure is missing.
func (c *nodeRow) unused(s *sheet, h *header) []CellError {
	if c == nil || c.used || len(c.n.Measures) > 0 {
		return nil
	}
	return []CellError{{Sheet: s.name, Row: c.r + 1, Column: h.column(fieldMeasure), Reason: "缺少整改措施"}}
}

// addUnits adds the units of row r to a measure whose cell is merged down
// over it: the 责任单位 and 配合单位 cells of this row are more units of
// the same measure. A 整改进展 cell of the row's own is that unit's
// progress: it joins the measure's, each part after its unit's name
// (单位甲：…), as the ledger export writes a measure of several units.
func (s *sheet) addUnits(r int, h *header, m *duban.OutlineMeasure) {
	var added []string
	for _, f := range []field{fieldLeadUnit, fieldCoopUnits} {
		c := h.col[f]
		if c < 0 {
			continue
		}
		if hr, _ := s.home(r, c); hr != r {
			continue // the same cell as the row above
		}
		for _, u := range duban.SplitUnits(s.cells[r][c]) {
			if isPlaceholder(u) {
				continue
			}
			if u != m.LeadUnit && !slices.Contains(m.CoopUnits, u) {
				m.CoopUnits = append(m.CoopUnits, u)
			}
			added = append(added, u)
		}
	}
	c := h.col[fieldProgress]
	if c < 0 || len(added) == 0 {
		return
	}
	if hr, _ := s.home(r, c); hr != r || s.cells[r][c] == "" || isPlaceholder(s.cells[r][c]) {
		return
	}
	if m.Progress != "" && m.LeadUnit != "" && !strings.HasPrefix(m.Progress, m.LeadUnit+"：") {
		m.Progress = m.LeadUnit + "：" + m.Progress
	}
	if m.Progress != "" {
		m.Progress += "\n"
	}
	m.Progress += strings.Join(added, "、") + "：" + s.cells[r][c]
}

// footerPattern matches the first text of a signature or notes row below
// a table: 填表人：… 审核人：… 注：…
var footerPattern = regexp.MustCompile(`^(填表人|填报人|制表人|制表|审核人|审核|审批人|联系人|联系电话|负责人|主要负责人|单位负责人|分管领导|主要领导|填报日期|填表日期|填报单位|填表单位|注|备注|说明)\s*(?:[（(][^）)]{0,6}[）)])?\s*(?:签字|签名|盖章)?\s*[:：]`)

// skipRow reports a row inside the table that is no part of the ledger: a
// 合计 or 小计 row, the header repeated (sheets pasted together, a table
// printed across pages), or past a footer (tail) a line without a measure
// (the rest of a note, the date under the signatures).
func (s *sheet) skipRow(r int, h *header, texts []string, tail bool) bool {
	if len(texts) == 0 {
		return false
	}
	first := strings.ReplaceAll(strings.ReplaceAll(texts[0], " ", ""), "\u3000", "")
	for _, w := range []string{"合计", "小计", "总计", "汇总"} {
		if strings.HasPrefix(first, w) {
			return true
		}
	}
	if s.headerAgain(r, h) {
		return true
	}
	if tail {
		if c := h.col[fieldMeasure]; c < 0 || strings.TrimSpace(s.cells[r][c]) == "" {
			return true
		}
	}
	return false
}

// headerAgain reports a row that repeats the header's labels: its 整改措施
// label (every header has one) and two more. Cells much longer than their
// label are not compared, so a data row costs no label cleaning.
func (s *sheet) headerAgain(r int, h *header) bool {
	sameAs := func(f field) bool {
		t := s.cells[r][h.col[f]]
		return t != "" && len(t) <= 2*len(h.label[f])+8 && normalizeHeader(t) == h.label[f]
	}
	if h.col[fieldMeasure] < 0 || !sameAs(fieldMeasure) {
		return false // a list with no measures (joinLists): no such header
	}
	same := 0
	for f, c := range h.col {
		if c >= 0 && sameAs(field(f)) {
			same++
		}
	}
	return same >= 3
}

// isFooter reports whether a row with these texts is a footer.
func isFooter(texts []string) bool {
	return len(texts) > 0 && footerPattern.MatchString(texts[0])
}

// headerErrors reports required columns missing from the header.
func headerErrors(s *sheet, h *header) []CellError {
	var errs []CellError
	if h.col[fieldLeadUnit] < 0 && s.ownUnit(h) == "" {
		errs = append(errs, CellError{Sheet: s.name, Row: h.last + 1, Column: fieldNames[fieldLeadUnit],
			Reason: "表头中没有“责任单位”列（可写作责任单位、牵头单位、责任部门）"})
	}
	if h.col[fieldDeadline] < 0 && h.col[fieldKind] < 0 {
		errs = append(errs, CellError{Sheet: s.name, Row: h.last + 1, Column: fieldNames[fieldDeadline],
			Reason: "表头中没有“完成时限”列（可写作完成时限、整改时限）"})
	}
	return errs
}

// sheetUnitName is a sheet named by a unit (财政局, 县委办, 城关镇), as a
// workbook of one sheet per unit names them; ledgerWords rule out a sheet
// named for what it holds (问题清单, 整改台账).
var (
	sheetUnitName = regexp.MustCompile(`^[\p{Han}（）()]{1,18}(?:室|局|处|科|部|委|办|厅|所|院|站|司|中心|馆|社|校|队|庭|区|县|市|镇|乡|街道|公司|集团)$`)
	ledgerWords   = regexp.MustCompile(`台账|清单|问题|整改|汇总|统计|方面|附件|说明|目录|任务|措施`)
)

// ownUnit is the unit whose measures a sheet without a 责任单位 column
// holds: the 填报单位 above its header, else its name when that is a
// unit's; "" when neither says. It is found once (ownUnitFrom says where).
func (s *sheet) ownUnit(h *header) string {
	if s.ownUnitDone {
		return s.ownUnitName
	}
	s.ownUnitDone = true
	for r := 0; r < h.first && r < len(s.cells); r++ {
		if m := fillerPattern.FindStringSubmatch(strings.Join(s.cells[r], " ")); m != nil {
			s.ownUnitName, s.ownUnitFrom = m[1], "表头上方的填报单位"
			return s.ownUnitName
		}
	}
	if name := strings.TrimSpace(s.name); sheetUnitName.MatchString(name) && !ledgerWords.MatchString(name) {
		s.ownUnitName, s.ownUnitFrom = name, "工作表名"
	}
	return s.ownUnitName
}

// row returns the values of row r by field.
func (s *sheet) row(r int, h *header) row {
	var v row
	for f, c := range h.col {
		if c < 0 {
			continue
		}
		if hr, _ := s.home(r, c); hr <= h.last {
			continue // a header cell merged down into the data
		}
		v[f] = s.cells[r][c]
	}
	if h.col[fieldLeadUnit] < 0 {
		v[fieldLeadUnit] = s.ownUnit(h) // a sheet of one unit's measures
	}
	for f, cols := range h.more {
		if len(cols) > 0 {
			v[f] = s.gather(r, h, field(f), cols)
		}
	}
	s.tickedState(r, h, &v)
	s.stateWithProgress(r, h, &v)
	return v
}

// stateWithProgress puts a state column's cell (整改状态, 是否完成 beside
// 是否销号) before the progress: 是 as 已完成, 否 as nothing.
func (s *sheet) stateWithProgress(r int, h *header, v *row) {
	if h.state < 0 {
		return
	}
	if hr, _ := s.home(r, h.state); hr <= h.last {
		return
	}
	t := strings.TrimSpace(s.cells[r][h.state])
	switch {
	case isClosed(t):
		t = "已完成"
	case t == "否" || t == "×" || isPlaceholder(t):
		return
	}
	if t == "" || strings.Contains(v[fieldProgress], t) {
		return // 已完成 under both: said once
	}
	if v[fieldProgress] == "" {
		v[fieldProgress] = t
		return
	}
	v[fieldProgress] = h.labelOf(s, h.state) + "：" + t + "\n" + h.label[fieldProgress] + "：" + v[fieldProgress]
}

// gather reads a field written in several columns of row r: units are
// listed together; texts under their own labels (6月进展：…) when more than
// one column holds one.
func (s *sheet) gather(r int, h *header, f field, more []int) string {
	var labels, texts []string
	homes := map[[2]int]bool{}
	for _, c := range append([]int{h.col[f]}, more...) {
		hr, hc := s.home(r, c)
		if hr <= h.last || homes[[2]int{hr, hc}] {
			continue // a header's cell, or a merged cell's copy
		}
		homes[[2]int{hr, hc}] = true
		t := strings.TrimSpace(s.cells[r][c])
		// The same words twice are said once; the same amount under two
		// labels (小计 56.78 | 其中：追缴资金 56.78) is two figures.
		if _, amount := parseFigure(t); t != "" && !isPlaceholder(t) && (!slices.Contains(texts, t) || amount && f != fieldCoopUnits) {
			labels, texts = append(labels, h.labelOf(s, c)), append(texts, t)
		}
	}
	switch {
	case len(texts) == 1:
		return texts[0]
	case f == fieldCoopUnits:
		return strings.Join(texts, "、")
	}
	for i := range texts {
		texts[i] = labels[i] + "：" + texts[i]
	}
	return strings.Join(texts, "\n")
}

// empty reports whether the row holds nothing but perhaps a number.
func (v *row) empty() bool {
	for f, t := range v {
		if t != "" && field(f) != fieldSeq {
			return false
		}
	}
	return true
}

// hasMeasure reports whether the row holds anything besides the tree path.
func (v *row) hasMeasure() bool {
	for f, t := range v {
		switch field(f) {
		case fieldSeq, fieldAspect, fieldProblem, fieldSpecific:
		default:
			if t != "" {
				return true
			}
		}
	}
	return false
}

// heading reports whether row r is a section heading such as
// listName ends the name of a list rather than an aspect: 台账, 清单, 汇总表.
var listName = regexp.MustCompile(`(?:台账|清单|汇总|表|情况)$`)

// aspectSheet is a sheet named by an aspect without 方面: 政治建设, 作风
// 建设, 党的领导弱化, 全面从严治党不力, 选人用人 (not 党的建设台账: listName).
var aspectSheet = regexp.MustCompile(`^(?:(?:政治|思想|组织|作风|纪律|制度|廉政|党风廉政|基层党组织|班子|干部队伍)建设|党的(?:领导|建设)\p{Han}{0,4}|` +
	`全面从严治党\p{Han}{0,4}|选人用人\p{Han}{0,4}|意识形态\p{Han}{0,4})$`)

// "一、党的领导方面" written across the table (one merged range from the
// first column, or over three columns or more) or alone in the 序号 column,
// and returns its text.
func (s *sheet) heading(r int, h *header) (string, bool) {
	var text string
	homes := map[[2]int]bool{}
	for c, t := range s.cells[r] {
		if t == "" {
			continue
		}
		hr, hc := s.home(r, c)
		if hr <= h.last {
			continue
		}
		homes[[2]int{hr, hc}] = true
		text = t
	}
	if len(homes) == 2 && h.col[fieldSeq] >= 0 {
		// 一 | 党的政治建设方面: a Chinese number in the 序号 column and the
		// aspect's name in a tree column, nothing else.
		seq := s.cells[r][h.col[fieldSeq]]
		hr, hc := s.home(r, h.col[fieldSeq])
		if hr == r && homes[[2]int{hr, hc}] && chineseSeq.MatchString(seq) {
			for home := range homes {
				if home[1] == hc {
					continue
				}
				if f := h.fieldAt(home[1]); f == fieldAspect || f == fieldProblem || f == fieldSpecific {
					n := strings.Trim(seq, "（()）、.．")
					if strings.ContainsAny(seq, "（(") {
						return "（" + n + "）" + s.cells[r][home[1]], true // a level below 一、
					}
					return n + "、" + s.cells[r][home[1]], true
				}
			}
		}
		if hr == r && homes[[2]int{hr, hc}] && isNumber(seq) {
			// 1 | 一、党的建设方面: an aspect numbered with the rows.
			for home := range homes {
				t := s.cells[r][home[1]]
				if f := h.fieldAt(home[1]); home[1] != hc && (f == fieldAspect || f == fieldProblem) &&
					aspectNumbering.MatchString(t) && strings.Contains(t, "方面") {
					return t, true
				}
			}
		}
		return "", false
	}
	if len(homes) != 1 || text == "" {
		return "", false
	}
	for home := range homes {
		if f := h.fieldAt(home[1]); (f == fieldProblem || f == fieldAspect && h.col[fieldProblem] < 0) && home[0] == r &&
			strings.Contains(text, "方面") && (aspectNumbering.MatchString(text) || subNumbering.MatchString(text)) {
			// 一、党的政治建设方面 alone in the 问题 column, not merged
			// across: a heading all the same.
			return text, true
		}
	}
	for home := range homes {
		w := s.spanWidth(r, home[1])
		wide := home[0] == r && (w >= 3 || (home[1] == 0 && w >= 2))
		inSeq := home[1] == h.col[fieldSeq] && !isNumber(text)
		if !wide && !inSeq {
			return "", false
		}
	}
	return text, true
}

// spanWidth returns how many columns of row r the cell at (r, c) is merged over.
func (s *sheet) spanWidth(r, c int) int {
	w := 1
	for c+w < len(s.cells[r]) {
		if o, ok := s.origin[[2]int{r, c + w}]; !ok || o != [2]int{r, c} {
			break
		}
		w++
	}
	return w
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// chineseSeq is a 序号 that numbers an aspect: 一, 二、, （三）.
var chineseSeq = regexp.MustCompile(`^[（(]?[一二三四五六七八九十]+[）)]?[、.．]?$`)

// fieldAt returns the field of column c.
func (h *header) fieldAt(c int) field {
	for f, col := range h.col {
		if col == c {
			return field(f)
		}
	}
	return fieldNone
}

var aspectNumbering = regexp.MustCompile(`^[一二三四五六七八九十百千零]+[、.．]`)

// subNumbering numbers the level below 一、: （一）.
var subNumbering = regexp.MustCompile(`^[（(][一二三四五六七八九十百千零]+[）)]`)

// headingLevel returns the path level a heading sets: the aspect when
// there is no aspect column or the heading is numbered "一、", else the problem.
func headingLevel(h *header, title string) int {
	if h.col[fieldAspect] < 0 || aspectNumbering.MatchString(title) {
		return 0
	}
	return 1
}

// updatePath moves the tree path to the row's aspect, problem and specific
// problem. A blank cell keeps the level above's current value, unless a
// level above changed in this row.
func updatePath(path *[3]string, h *header, v row) {
	for level, f := range []field{fieldAspect, fieldProblem, fieldSpecific} {
		if h.col[f] < 0 || v[f] == "" || v[f] == path[level] {
			continue
		}
		path[level] = v[f]
		clear(path[level+1:])
	}
}

// node returns the outline node for a path, creating it as needed. Without
// an aspect a problem stands at the top of the outline, as in the ledger:
// no aspect is made up. Only a measure with neither aspect nor problem
// hangs under an aspect named after its sheet.
func (b *builder) node(sheetName string, path [3]string) *duban.OutlineNode {
	aspect := path[0]
	if aspect == "" {
		switch {
		case path[1] != "" && path[2] != "":
			return b.child(b.child(nil, duban.NodeProblem, path[1]), duban.NodeSubproblem, path[2])
		case path[1] != "" || path[2] != "":
			return b.child(nil, duban.NodeProblem, path[1]+path[2])
		}
		aspect = sheetName
	}
	n := b.child(nil, duban.NodeAspect, aspect)
	if path[1] != "" {
		n = b.child(n, duban.NodeProblem, path[1])
	}
	if path[2] != "" {
		kind := duban.NodeSubproblem
		if path[1] == "" {
			kind = duban.NodeProblem
		}
		n = b.child(n, kind, path[2])
	}
	return n
}

// child returns the node under parent (nil: at the top) titled by cell,
// making it, and handing it to the feed, if new.
func (b *builder) child(parent *duban.OutlineNode, kind duban.NodeKind, cell string) *duban.OutlineNode {
	list := &b.o.Aspects
	if parent != nil {
		list = &parent.Children
	}
	n, made := child(list, kind, cell)
	if made {
		b.feed.Node(n, parent)
	}
	return n
}

// child returns the node of list titled by cell, appending it if new. The
// cell's numbering is dropped; its first line is the title, the rest the text.
func child(list *[]*duban.OutlineNode, kind duban.NodeKind, cell string) (*duban.OutlineNode, bool) {
	title, text := splitTitle(stripNumbering(cell))
	for _, n := range *list {
		if n.Title == title {
			return n, false
		}
	}
	n := &duban.OutlineNode{Kind: kind, Title: title, Text: text}
	*list = append(*list, n)
	return n, true
}

// asOfPattern matches "截至2022年9月30日", alone or in brackets ("（截至…）"),
// and the labelled forms 截止时间：…, 截止日期：…, 统计时间：… (the date may
// be the next cell, joined after a space); a month's end (2022年9月底) is
// its last day.
var asOfPattern = regexp.MustCompile(`[（(]` + asOfLabel + `(` + asOfDate + `)[^）)]*[）)]|` + asOfLabel + `(` + asOfDate + `)`)

const (
	asOfLabel = `(?:截[至止](?:时间|日期)?|统计(?:时间|日期|截止时间|截止日期))\s*[:：]?\s*`
	asOfDate  = `\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*年\s*\d{1,2}\s*月\s*底|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`
)

// feedbackPattern is the date the feedback was given, above a ledger:
// 反馈时间：2024年7月15日, or …于2024年7月15日反馈.
var feedbackPattern = regexp.MustCompile(`反馈(?:时间|日期)\s*[:：]\s*(` + asOfDate + `)|(` + asOfDate + `)\s*(?:正式)?(?:向[^，。；]{0,20})?反馈(?:了|巡视|巡察|审计|督查|意见)`)

// asOfOf reads a date asOfPattern matched.
func asOfOf(s string) (duban.Date, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "号", "日")
	if month, ok := strings.CutSuffix(s, "月底"); ok {
		first, err := duban.ParseDate(month + "月1日")
		if err != nil {
			return duban.Date{}, err
		}
		return duban.DateOf(first.Time().AddDate(0, 1, -1)), nil
	}
	return duban.ParseDate(s)
}

// titleYear is a year a ledger's title names: 2022年度…整改台账.
var titleYear = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)

// year is the year of the ledger: the first its titles name, else its 截至
// date's; 0 when neither says.
func (b *builder) year() int {
	for _, t := range b.titles {
		if m := titleYear.FindStringSubmatch(t); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	if !b.o.Meta.AsOf.IsZero() {
		return b.o.Meta.AsOf.Time().Year()
	}
	return 0
}

// readMeta reads the title (with the unit, round and team it names) and the
// 截至 date from the rows above the header, unless an earlier sheet gave
// them, and keeps the words that tell the source's kind.
func (b *builder) readMeta(s *sheet, h *header) {
	b.words = append(b.words, s.name)
	for r := h.first; r <= h.last; r++ {
		b.words = append(b.words, s.fresh(r)...)
	}
	var rows []string
	var filler string     // 填报单位：…
	var filled duban.Date // 填报日期：…, the 截至 date when none is given
	for r := 0; r < h.first; r++ {
		text := strings.Join(s.fresh(r), " ")
		if m := fillerPattern.FindStringSubmatch(text); m != nil && filler == "" {
			filler = m[1]
		}
		if m := filledPattern.FindStringSubmatch(text); m != nil && filled.IsZero() {
			filled, _ = asOfOf(m[1])
		}
		if !strings.HasPrefix(text, "填报") {
			b.titles = append(b.titles, text)
		}
		if m := feedbackPattern.FindStringSubmatch(text); m != nil && b.o.Meta.FeedbackDate.IsZero() && !strings.Contains(text, "请") {
			// not 请各责任单位于2024年7月15日前反馈…: a date to report by
			if d, err := asOfOf(m[1] + m[2]); err == nil {
				b.o.Meta.FeedbackDate = d
			}
		}
		if m := asOfPattern.FindStringSubmatch(text); m != nil {
			if d, err := asOfOf(m[1] + m[2]); err == nil && b.o.Meta.AsOf.IsZero() {
				b.o.Meta.AsOf = d
			}
			text = strings.TrimSpace(asOfPattern.ReplaceAllString(text, ""))
		}
		if text == "" || strings.HasPrefix(text, "附件") || strings.HasPrefix(text, "填报") {
			continue
		}
		rows = append(rows, text)
	}
	// 整改进展（截至2024年9月15日）: the date in a header label.
	for r := h.first; r <= h.last && b.o.Meta.AsOf.IsZero(); r++ {
		for _, t := range s.fresh(r) {
			if m := asOfPattern.FindStringSubmatch(t); m != nil {
				if d, err := asOfOf(m[1] + m[2]); err == nil {
					b.o.Meta.AsOf = d
					break
				}
			}
		}
	}
	if b.o.Meta.AsOf.IsZero() {
		b.o.Meta.AsOf = filled
	}
	b.placeTitle(rows)
	if b.o.Meta.Unit == "" && filler != "" {
		b.o.Meta.Unit = filler
	}
}

var (
	// fillerPattern is the 填报单位 line above a ledger: the unit that keeps it.
	fillerPattern = regexp.MustCompile(`(?:填报|报送|填表)单位\s*` + sealNote + `[:：]\s*([^\s\x{3000}（(：:]+)`)
	// filledPattern is the date the ledger was filled in.
	filledPattern = regexp.MustCompile(`(?:填报|报送|填表)(?:日期|时间)\s*` + sealNote + `[:：]\s*(` + asOfDate + `)`)
)

// sealNote is what a label may say in brackets before its colon: 填报单位
// （盖章）：, 填报单位(公章)：.
const sealNote = `(?:[（(][^）)]{0,6}[）)]\s*)?`
