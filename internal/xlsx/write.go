package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// WriteOptions control an exported ledger.
type WriteOptions struct {
	Title     string     // the title row; defaults to the outline's title, then 整改台账
	AsOf      duban.Date // the 截至 row and the lights; defaults to the outline's; zero omits the row
	SheetName string     // defaults to 整改台账
}

// WriteLedger writes o as a one-sheet ledger: a title row, a 截至 row, a
// header row, then one row per measure with its aspect, problem and
// specific problem cells merged down their rows (a node without measures
// gets a row of its own). The 完成时限 cell shows DeadlineLabel, filled with
// the measure's light (computed as of AsOf when the outline has none). The
// sheet is ready to print: A4 landscape, fit to width, header repeated on
// every page, page numbers in the footer. ReadLedger reads it back into the
// same tree.
func WriteLedger(w io.Writer, o *duban.Outline, opt WriteOptions) error {
	if o == nil {
		o = &duban.Outline{}
	}
	return WriteLedgerScan(w, o, o.Scan(), opt)
}

// WriteLedgerScan is WriteLedger for an outline read a row at a time: o
// gives the meta and the nodes, scan the measures (o's own Measures are not
// read). The scan runs once: its rows are sized as they come and kept in a
// temporary file, from which they are written once the columns are known,
// so that no more than a row is held in memory.
func WriteLedgerScan(w io.Writer, o *duban.Outline, scan duban.OutlineScan, opt WriteOptions) error {
	opt = opt.withDefaults(o)
	f := excelize.NewFile()
	defer f.Close()
	lw := &ledgerWriter{f: f, sheet: opt.SheetName, headerRow: 2}
	if !opt.AsOf.IsZero() {
		lw.headerRow = 3
	}
	places := placesOf(o)
	sp, err := newSpool()
	if err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	defer sp.Close()
	if err := lw.measure(places, scan, sp); err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	body, err := newSheetBody(len(lw.cols))
	if err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	defer body.Close()
	f.SetZipWriter(func(x io.Writer) excelize.ZipWriter { return &spliceZip{ZipWriter: zipTo(w)(x), b: body} })
	lw.check(f.SetSheetName(f.GetSheetName(0), lw.sheet))
	lw.makeStyles()
	lw.printSetup() // before the stream opens: it writes the sheet's properties first
	sw, err := f.NewStreamWriter(lw.sheet)
	if err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	lw.sw = sw
	lw.layout()
	lw.writeTitle(opt)
	lw.writeHeader()
	// The body rows take the place of this one when the workbook is zipped.
	lw.check(sw.SetRow(cell(0, lw.headerRow+1), []any{excelize.Cell{Value: body.marker}}))
	if err := lw.writeBody(places, sp, opt.AsOf, body); err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	lw.mergeTree()
	if lw.err == nil {
		lw.check(sw.Flush())
	}
	if lw.err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", lw.err)
	}
	if _, err := f.WriteTo(w); err != nil { // the zip went to w: nothing is left buffered
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	return nil
}

// zipTo has the workbook zipped straight into w, not into the buffer
// excelize's WriteTo otherwise fills and then copies (the whole file in
// memory), and deflated by klauspost/compress on every core: at its default
// level it takes a third of the standard library's time over a large
// sheet, for a file about a sixth larger (150,000 rows: 15.9 MB, not 13.7).
func zipTo(w io.Writer) func(io.Writer) excelize.ZipWriter {
	return func(io.Writer) excelize.ZipWriter {
		z := zip.NewWriter(w)
		z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return newParallelDeflater(w), nil
		})
		return z
	}
}

// withDefaults fills the options the caller left empty.
func (opt WriteOptions) withDefaults(o *duban.Outline) WriteOptions {
	if opt.Title == "" {
		opt.Title = o.Meta.Title
	}
	if opt.Title == "" {
		opt.Title = "整改台账"
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = o.Meta.AsOf
	}
	opt.SheetName = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(opt.SheetName))
	if r := []rune(opt.SheetName); len(r) > 31 {
		opt.SheetName = string(r[:31])
	}
	if opt.SheetName == "" {
		opt.SheetName = "整改台账"
	}
	return opt
}

// ledgerRow is one row of an exported ledger: a measure with the nodes it
// hangs under, or a node without measures (m == nil).
type ledgerRow struct {
	nodes  [3]*duban.OutlineNode // aspect, problem, specific problem
	labels [3]string             // their numbered cell texts
	m      *duban.OutlineMeasure
	seq    int                // the measure's number, 0 for a node row
	at     *duban.OutlineNode // the node the row is under
	place  int                // the index of that node among the places
}

// place is a node of the outline in document order, with what its ledger
// rows carry: the nodes above it and their numbered labels.
type place struct {
	path    ledgerRow
	written bool // the node is at most a specific problem: its measures get rows
	nodeRow bool // the node gets a row of its own when it has no measures
}

// placesOf lists the nodes of o depth first, as the ledger walks them:
// aspects, problems, specific problems; a plan without aspects leaves the
// 方面 cells empty. Levels below the specific problem are listed so that a
// scan can pass them, but not written.
func placesOf(o *duban.Outline) (out []place) {
	var walk func(n *duban.OutlineNode, depth, i int, path ledgerRow)
	walk = func(n *duban.OutlineNode, depth, i int, path ledgerRow) {
		if depth > 2 {
			out = append(out, place{path: ledgerRow{at: n}})
			for _, c := range n.Children {
				walk(c, depth+1, 0, path)
			}
			return
		}
		path.nodes[depth] = n
		path.labels[depth] = numberLabel(depth, i) + joinTitle(n.Title, n.Text)
		path.at = n
		out = append(out, place{path: path, written: true, nodeRow: len(n.Children) == 0 || depth == 2})
		for j, c := range n.Children {
			walk(c, depth+1, j, path)
		}
	}
	for i, a := range o.Aspects {
		if a.Kind == duban.NodeProblem {
			walk(a, 1, i, ledgerRow{})
			continue
		}
		walk(a, 0, i, ledgerRow{})
	}
	return out
}

// eachRow calls fn with the rows of the ledger in order: a node's own
// measures (as scan yields them), then its children's; a node without
// measures gets a row of its own when it has no children or is a specific
// problem. It stops when fn returns false.
func eachRow(places []place, scan duban.OutlineScan, fn func(r *ledgerRow) bool) error {
	pos := make(map[*duban.OutlineNode]int, len(places))
	for i, p := range places {
		pos[p.path.at] = i
	}
	cur, had, seq, stop := 0, false, 0, false
	// pass emits the node rows of the places before j that had no measures.
	pass := func(j int) {
		for ; cur < j && !stop; cur++ {
			if p := places[cur]; !had && p.written && p.nodeRow {
				r := p.path
				r.place = cur
				stop = !fn(&r)
			}
			had = false
		}
	}
	var bad error
	err := scan(func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		j, ok := pos[n]
		if !ok || j < cur {
			bad = fmt.Errorf("measure %q out of the outline's order", m.Title)
			return false
		}
		pass(j)
		had = true
		if places[j].written && !stop {
			seq++
			r := places[j].path
			r.m, r.seq, r.place = m, seq, j
			stop = !fn(&r)
		}
		return !stop
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return err
	}
	pass(len(places))
	return nil
}

// numberLabel numbers the i-th node of a level as ledgers do: 一、 （一） 1.
func numberLabel(depth, i int) string {
	switch depth {
	case 0:
		return duban.ChineseNumeral(i+1) + "、"
	case 1:
		return "（" + duban.ChineseNumeral(i+1) + "）"
	}
	return strconv.Itoa(i+1) + "."
}

// column is a column of an exported ledger.
type column struct {
	header string
	max    float64 // the widest the column grows, in character widths
	center bool
	// optional columns appear only when some row has something for them
	optional bool
	value    func(r *ledgerRow) string
}

// ledgerColumns returns every column an export may have; 具体问题 and
// 整改要求 are optional: they appear only when some row has them.
func ledgerColumns() []column {
	m := func(get func(m *duban.OutlineMeasure) string) func(r *ledgerRow) string {
		return func(r *ledgerRow) string {
			if r.m == nil {
				return ""
			}
			return get(r.m)
		}
	}
	return []column{
		{"序号", 6, true, false, func(r *ledgerRow) string { return seqLabel(r.seq) }},
		{"方面", 20, false, false, func(r *ledgerRow) string { return r.labels[0] }},
		{"问题", 30, false, false, func(r *ledgerRow) string { return r.labels[1] }},
		{"具体问题", 30, false, true, func(r *ledgerRow) string { return r.labels[2] }},
		{"整改举措", 45, false, false, m(func(m *duban.OutlineMeasure) string { return joinTitle(m.Title, m.Content) })},
		{"整改目标", 25, false, false, m(func(m *duban.OutlineMeasure) string { return m.Target })},
		{"整改要求", 25, false, true, m(func(m *duban.OutlineMeasure) string { return m.Requirements })},
		{"牵头单位", 16, true, false, m(func(m *duban.OutlineMeasure) string { return m.LeadUnit })},
		{"配合单位", 20, true, false, m(func(m *duban.OutlineMeasure) string { return strings.Join(m.CoopUnits, "、") })},
		{"责任领导", 10, true, false, m(func(m *duban.OutlineMeasure) string { return m.ResponsibleLeader })},
		{"责任人", 10, true, false, m(func(m *duban.OutlineMeasure) string { return m.ResponsiblePerson })},
		{"完成时限", 16, true, false, m(deadlineCell)},
		{"整改进展", 40, false, false, m(func(m *duban.OutlineMeasure) string { return m.Progress })},
		{"是否销号", 6, true, false, m(closedCell)},
		{"备注", 16, false, false, m(func(m *duban.OutlineMeasure) string { return m.Note })},
	}
}

// present tells whether r gives an optional column something to show.
func (c column) present(r *ledgerRow) bool {
	switch c.header {
	case "具体问题":
		return r.nodes[2] != nil
	case "整改要求":
		return r.m != nil && r.m.Requirements != ""
	}
	return true
}

func seqLabel(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// deadlineCell is what the 完成时限 cell shows: the label, or the text as
// written when the measure has no parsed deadline.
func deadlineCell(m *duban.OutlineMeasure) string {
	if l := duban.DeadlineLabel(m.DeadlineKind, m.Deadline); l != "" {
		return l
	}
	return m.DeadlineText
}

func closedCell(m *duban.OutlineMeasure) string {
	if m.Status == duban.StatusClosed {
		return "是"
	}
	return "否"
}
