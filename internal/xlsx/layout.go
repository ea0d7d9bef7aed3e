package xlsx

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// lightFills are the fills of the 完成时限 cell, in Excel's own
// good/neutral/bad palette.
var lightFills = map[duban.Light]string{
	duban.LightRed: "FFC7CE", duban.LightYellow: "FFEB9C", duban.LightGreen: "C6EFCE", duban.LightDone: "D9D9D9",
}

// treeDepth maps the tree columns to their level.
var treeDepth = map[string]int{"方面": 0, "问题": 1, "具体问题": 2}

// ledgerWriter lays out one ledger sheet through excelize's stream writer,
// so that a plan of any size is written row by row: column widths, row
// heights and panes are worked out before the first row, merges are
// recorded as they go. It keeps the first error so that the steps read as
// a list.
type ledgerWriter struct {
	f         *excelize.File
	sw        *excelize.StreamWriter
	sheet     string
	cols      []column
	headerRow int // 1-based
	styles    struct {
		title, asOf, header, text, center int
		light                             map[duban.Light]int
	}
	widths []float64
	spans  map[*duban.OutlineNode]float64 // rows each tree cell is merged over
	merges [3][][2]int                    // per tree level, the body rows (0-based, inclusive) merged
	err    error
}

func (lw *ledgerWriter) check(err error) {
	if lw.err == nil && err != nil {
		lw.err = err
	}
}

// cell returns the name of the 0-based column c in the 1-based row r.
func cell(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r)
	return name
}

// lastCol returns the name of the last column in row r.
func (lw *ledgerWriter) lastCol(r int) string { return cell(len(lw.cols)-1, r) }

// makeStyles registers the cell styles.
func (lw *ledgerWriter) makeStyles() {
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	style := func(s *excelize.Style) int {
		id, err := lw.f.NewStyle(s)
		lw.check(err)
		return id
	}
	body := func(h, fill string) *excelize.Style {
		s := &excelize.Style{Font: font(11, false), Border: border,
			Alignment: &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}}
		if fill != "" {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
		}
		return s
	}
	st := &lw.styles
	st.title = style(&excelize.Style{Font: font(18, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.asOf = style(&excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	header := body("center", "F2F2F2")
	header.Font = font(11, true)
	st.header = style(header)
	st.text = style(body("left", ""))
	st.center = style(body("center", ""))
	st.light = map[duban.Light]int{}
	for _, l := range []duban.Light{duban.LightRed, duban.LightYellow, duban.LightGreen, duban.LightDone} { // in a fixed order, so the styles are numbered alike every time
		st.light[l] = style(body("center", lightFills[l]))
	}
}

// spanRow writes a row of one text merged across every column.
func (lw *ledgerWriter) spanRow(r int, text string, style int, height float64) {
	cells := make([]any, len(lw.cols))
	cells[0] = excelize.Cell{StyleID: style, Value: text}
	for c := 1; c < len(cells); c++ {
		cells[c] = excelize.Cell{StyleID: style}
	}
	lw.check(lw.sw.SetRow(cell(0, r), cells, excelize.RowOpts{Height: height}))
	if len(cells) > 1 {
		lw.check(lw.sw.MergeCell(cell(0, r), lw.lastCol(r)))
	}
}

// writeTitle writes the title row and, with an as-of date, the 截至 row.
func (lw *ledgerWriter) writeTitle(opt WriteOptions) {
	lw.spanRow(1, opt.Title, lw.styles.title, 40)
	if !opt.AsOf.IsZero() {
		lw.spanRow(2, "截至"+opt.AsOf.Chinese(), lw.styles.asOf, 20)
	}
}

// writeHeader writes the header row.
func (lw *ledgerWriter) writeHeader() {
	cells := make([]any, len(lw.cols))
	for c, col := range lw.cols {
		cells[c] = excelize.Cell{StyleID: lw.styles.header, Value: col.header}
	}
	lw.check(lw.sw.SetRow(cell(0, lw.headerRow), cells, excelize.RowOpts{Height: 30}))
}

// bodyRow is a body row ready to be written.
type bodyRow struct {
	row    int // 1-based
	cells  []bodyCell
	height float64
}

// writeBody writes one row per ledger row into body, the 完成时限 cell
// filled with the measure's light, each row as high as its wrapped lines,
// and records the tree cells to merge as the rows go. The rows are read
// back and laid out in a goroutine of their own while the XML is written.
func (lw *ledgerWriter) writeBody(places []place, sp *spool, asOf duban.Date, body *sheetBody) error {
	return pipe(func(emit func(bodyRow) bool) error {
		texts := make([]string, len(lw.cols))
		var prev ledgerRow
		var start [3]int
		i := 0
		err := sp.each(places, func(r *ledgerRow) bool {
			cells := make([]bodyCell, len(lw.cols))
			for c, col := range lw.cols {
				style := lw.styles.text
				if col.center {
					style = lw.styles.center
				}
				if col.header == "完成时限" && r.m != nil {
					if id, ok := lw.styles.light[lightOf(r.m, asOf)]; ok {
						style = id
					}
				}
				texts[c] = col.value(r)
				cells[c] = bodyCell{style: style, text: texts[c]}
				if d, ok := treeDepth[col.header]; ok && i > 0 && r.nodes[d] != nil && r.nodes[d] == prev.nodes[d] {
					cells[c] = bodyCell{style: style, noValue: true} // covered by the merge above: only the top cell holds the text
				}
			}
			for d := range start {
				if i > 0 && r.nodes[d] != prev.nodes[d] {
					lw.closeRun(d, prev.nodes[d], start[d], i)
					start[d] = i
				}
			}
			row := bodyRow{row: lw.headerRow + 1 + i, cells: cells, height: lw.rowHeight(r, texts)}
			prev = *r
			i++
			return emit(row)
		})
		for d := range start {
			lw.closeRun(d, prev.nodes[d], start[d], i)
		}
		return err
	}, func(r bodyRow) bool {
		lw.check(body.writeRow(r.row, r.cells, r.height))
		return lw.err == nil
	})
}

// closeRun records the merge of a tree cell of level d over the body rows
// from start up to end (exclusive), when it covers more than one row.
func (lw *ledgerWriter) closeRun(d int, n *duban.OutlineNode, start, end int) {
	if n != nil && end-start > 1 {
		lw.merges[d] = append(lw.merges[d], [2]int{start, end - 1})
	}
}

// lightOf returns the measure's light, computing it as of asOf when unset.
func lightOf(m *duban.OutlineMeasure, asOf duban.Date) duban.Light {
	if m.Light != "" || asOf.IsZero() {
		return m.Light
	}
	kind := m.DeadlineKind
	if kind == "" && !m.Deadline.IsZero() {
		kind = duban.DeadlineDate
	}
	return duban.LightOf(m.Status, kind, m.Deadline, asOf)
}

// mergeTree merges the aspect, problem and specific-problem cells down the
// rows they span, column by column.
func (lw *ledgerWriter) mergeTree() {
	for c, col := range lw.cols {
		d, ok := treeDepth[col.header]
		if !ok {
			continue
		}
		for _, m := range lw.merges[d] {
			lw.check(lw.sw.MergeCell(cell(c, lw.headerRow+1+m[0]), cell(c, lw.headerRow+1+m[1])))
		}
	}
}

// measure runs the scan to choose the columns and size them to their text,
// and to count the rows each tree cell spans (for the row heights); it
// keeps the rows in sp for writing. The scan runs in a goroutine of its
// own while the rows are sized.
func (lw *ledgerWriter) measure(places []place, scan duban.OutlineScan, sp *spool) error {
	all := ledgerColumns()
	widths := make([]float64, len(all))
	used := make([]bool, len(all))
	for c, col := range all {
		widths[c] = textWidth(col.header)
		used[c] = !col.optional
	}
	lw.spans = map[*duban.OutlineNode]float64{}
	read := func(emit func(ledgerRow) bool) error {
		return eachRow(places, scan, func(r *ledgerRow) bool { return emit(*r) })
	}
	err := pipe(read, func(row ledgerRow) bool {
		r := &row
		for c, col := range all {
			widths[c] = max(widths[c], math.Min(textWidth(col.value(r)), col.max))
			used[c] = used[c] || col.present(r)
		}
		for _, n := range r.nodes {
			lw.spans[n]++
		}
		if err := sp.put(r); err != nil {
			lw.check(err)
			return false
		}
		return true
	})
	if err == nil {
		err = lw.err
	}
	for c, col := range all {
		if used[c] {
			lw.cols = append(lw.cols, col)
			lw.widths = append(lw.widths, max(widths[c]+2, 6))
		}
	}
	return err
}

// layout sets the column widths and freezes the panes below the header;
// it runs before the first row is streamed.
func (lw *ledgerWriter) layout() {
	for c := range lw.cols {
		lw.check(lw.sw.SetColWidth(c+1, c+1, lw.widths[c]))
	}
	lw.check(lw.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: lw.headerRow,
		TopLeftCell: cell(0, lw.headerRow+1), ActivePane: "bottomLeft"}))
}

// rowHeight is the height of a body row holding texts: its most wrapped
// cell, a tree cell's lines shared among the rows it is merged over.
func (lw *ledgerWriter) rowHeight(r *ledgerRow, texts []string) float64 {
	lines := 1.0
	for c, col := range lw.cols {
		span := 1.0
		if d, ok := treeDepth[col.header]; ok && r.nodes[d] != nil {
			span = lw.spans[r.nodes[d]]
		}
		lines = max(lines, wrappedLines(texts[c], lw.widths[c])/span)
	}
	return math.Min(14.5*math.Ceil(lines)+6, 409)
}

// wrappedLines estimates how many lines text wraps to in a column width wide.
func wrappedLines(text string, width float64) float64 {
	n := 0.0
	for line := range strings.SplitSeq(text, "\n") {
		n += max(1, math.Ceil(textWidth(line)/max(width-1.5, 1)))
	}
	return n
}

// textWidth is the width of a line in Excel character units: a Chinese
// character takes two.
func textWidth(s string) float64 {
	w, widest := 0.0, 0.0
	for _, r := range s {
		switch {
		case r == '\n':
			w = 0
		case r >= 0x2E80:
			w += 2.1
		default:
			w += 1.1
		}
		widest = max(widest, w)
	}
	return widest
}

// printSetup sets up printing: A4 landscape fitted to the page width, the
// header row on every page, and "第 N 页 共 M 页" in the footer.
func (lw *ledgerWriter) printSetup() {
	f, s := lw.f, lw.sheet
	lw.check(f.SetPageLayout(s, &excelize.PageLayoutOptions{
		Size: new(9), Orientation: new("landscape"), FitToWidth: new(1), FitToHeight: new(0),
	}))
	lw.check(f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: new(true)}))
	lw.check(f.SetPageMargins(s, &excelize.PageLayoutMarginsOptions{
		Left: new(0.4), Right: new(0.4), Top: new(0.6), Bottom: new(0.6), Horizontally: new(true),
	}))
	lw.check(f.SetHeaderFooter(s, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页 共 &N 页"}))
	lw.check(f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", lw.sheet, lw.headerRow, lw.headerRow),
		Scope:    lw.sheet,
	}))
}
