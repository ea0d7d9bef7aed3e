package notice

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/xlsx"
)

// readDOCXFile reads a .docx notice or plan. A table whose header the
// ledger reader recognises (序号, 问题, 整改措施, 责任单位, 完成时限…) is
// read as a ledger: its measures keep their units and deadlines. When the
// tables hold at least as many measures as the text around them, they give
// the tree; the text gives the metadata (title, unit, dates) either way.
// A table's rejected cells are listed in Unplaced, so nothing is dropped
// silently; columns a ledger must have (责任单位, 完成时限) a notice's table
// may leave out.
func readDOCXFile(d *docText) *Result {
	var aspects []*duban.OutlineNode
	var problems []string
	keep := make([]bool, len(d.paras))
	for i := range keep {
		keep[i] = true
	}
	for n, tb := range d.tables {
		l, ok := tableLedger(tb)
		if !ok {
			continue
		}
		for i := tb.from; i < tb.to && i < len(keep); i++ {
			keep[i] = false
		}
		aspects = append(aspects, l.Outline.Aspects...)
		for _, e := range l.Errors {
			if strings.HasPrefix(e.Reason, "表头中没有") {
				// A notice names no unit or deadline in its text either: a
				// table without those columns is no fault of the notice's.
				continue
			}
			problems = append(problems, fmt.Sprintf("表%d第%d行（%s）：%s", n+1, e.Row, e.Column, e.Reason))
		}
	}
	var text []string
	for i, p := range d.paras {
		if keep[i] {
			text = append(text, p)
		}
	}
	res := Parse(strings.Join(text, "\n"))
	if len(aspects) == 0 && len(problems) == 0 {
		return res
	}
	table := &duban.Outline{Aspects: aspects}
	_, _, _, fromTables := table.Counts()
	_, _, _, fromText := res.Outline.Counts()
	if fromTables >= fromText {
		res.Outline.Aspects = aspects
		res.Unplaced = []string{}
	}
	res.Unplaced = append(res.Unplaced, problems...)
	return res
}

// tableLedger reads a table as a ledger sheet, when it has a ledger's header.
func tableLedger(tb *docTable) (*xlsx.Ledger, bool) {
	if tb.ledger != nil {
		return tb.ledger, true
	}
	if len(tb.rows) < 2 {
		return nil, false
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	for r, row := range tb.rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			name, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil || f.SetCellStr(sheet, name, v) != nil {
				return nil, false
			}
		}
	}
	for _, m := range tb.merges {
		a, err1 := excelize.CoordinatesToCellName(m[1]+1, m[0]+1)
		b, err2 := excelize.CoordinatesToCellName(m[3]+1, m[2]+1)
		if err1 != nil || err2 != nil || f.MergeCell(sheet, a, b) != nil {
			return nil, false
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, false
	}
	l, err := xlsx.Read(&buf)
	if err != nil {
		return nil, false
	}
	for _, e := range l.Errors {
		if e.Row == 0 {
			return nil, false // no ledger header: a table of some other kind
		}
	}
	tb.ledger = l
	return l, true
}
