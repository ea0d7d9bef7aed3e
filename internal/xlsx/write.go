package xlsx

import (
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
	opt = opt.withDefaults(o)
	f := excelize.NewFile()
	defer f.Close()
	lw := &ledgerWriter{f: f, sheet: opt.SheetName, rows: flatten(o), headerRow: 2}
	if !opt.AsOf.IsZero() {
		lw.headerRow = 3
	}
	lw.cols = ledgerColumns(lw.rows)
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
	lw.writeBody(opt.AsOf)
	lw.mergeTree()
	if lw.err == nil {
		lw.check(sw.Flush())
	}
	if lw.err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", lw.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write ledger: %w", err)
	}
	return nil
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
	seq    int // the measure's number, 0 for a node row
}

// flatten lists the rows of o in order: a node's own measures, then its
// children's. Levels below the specific problem are not written.
func flatten(o *duban.Outline) []*ledgerRow {
	var rows []*ledgerRow
	seq := 0
	var walk func(n *duban.OutlineNode, depth, i int, path ledgerRow)
	walk = func(n *duban.OutlineNode, depth, i int, path ledgerRow) {
		path.nodes[depth] = n
		path.labels[depth] = numberLabel(depth, i) + joinTitle(n.Title, n.Text)
		for _, m := range n.Measures {
			seq++
			r := path
			r.m, r.seq = m, seq
			rows = append(rows, &r)
		}
		for j, c := range n.Children {
			if depth < 2 {
				walk(c, depth+1, j, path)
			}
		}
		if len(n.Measures) == 0 && (len(n.Children) == 0 || depth == 2) {
			r := path
			rows = append(rows, &r)
		}
	}
	for i, a := range o.Aspects {
		if a.Kind == duban.NodeProblem {
			walk(a, 1, i, ledgerRow{}) // a plan without aspects: the 方面 cells stay empty
			continue
		}
		walk(a, 0, i, ledgerRow{})
	}
	return rows
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
	value  func(r *ledgerRow) string
}

// ledgerColumns returns the columns of the export; 具体问题 and 整改要求
// appear only when some row has them.
func ledgerColumns(rows []*ledgerRow) []column {
	hasSub, hasReq := false, false
	for _, r := range rows {
		hasSub = hasSub || r.nodes[2] != nil
		hasReq = hasReq || (r.m != nil && r.m.Requirements != "")
	}
	m := func(get func(m *duban.OutlineMeasure) string) func(r *ledgerRow) string {
		return func(r *ledgerRow) string {
			if r.m == nil {
				return ""
			}
			return get(r.m)
		}
	}
	cols := []column{
		{"序号", 6, true, func(r *ledgerRow) string { return seqLabel(r.seq) }},
		{"方面", 20, false, func(r *ledgerRow) string { return r.labels[0] }},
		{"问题", 30, false, func(r *ledgerRow) string { return r.labels[1] }},
	}
	if hasSub {
		cols = append(cols, column{"具体问题", 30, false, func(r *ledgerRow) string { return r.labels[2] }})
	}
	cols = append(cols,
		column{"整改举措", 45, false, m(func(m *duban.OutlineMeasure) string { return joinTitle(m.Title, m.Content) })},
		column{"整改目标", 25, false, m(func(m *duban.OutlineMeasure) string { return m.Target })})
	if hasReq {
		cols = append(cols, column{"整改要求", 25, false, m(func(m *duban.OutlineMeasure) string { return m.Requirements })})
	}
	return append(cols,
		column{"牵头单位", 16, true, m(func(m *duban.OutlineMeasure) string { return m.LeadUnit })},
		column{"配合单位", 20, true, m(func(m *duban.OutlineMeasure) string { return strings.Join(m.CoopUnits, "、") })},
		column{"责任领导", 10, true, m(func(m *duban.OutlineMeasure) string { return m.ResponsibleLeader })},
		column{"责任人", 10, true, m(func(m *duban.OutlineMeasure) string { return m.ResponsiblePerson })},
		column{"完成时限", 16, true, m(deadlineCell)},
		column{"整改进展", 40, false, m(func(m *duban.OutlineMeasure) string { return m.Progress })},
		column{"是否销号", 6, true, m(closedCell)},
		column{"备注", 16, false, m(func(m *duban.OutlineMeasure) string { return m.Note })},
	)
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
