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
	// Tables of a plan's 问题清单, 任务清单 and 责任清单, joined by number.
	joined := map[int]bool{}
	if l, tables := listsLedger(d.tables); l != nil {
		for _, n := range tables {
			joined[n] = true
			for i := d.tables[n].from; i < d.tables[n].to && i < len(keep); i++ {
				keep[i] = false
			}
		}
		aspects = append(aspects, l.Outline.Aspects...)
		for _, e := range l.Errors {
			if !strings.HasPrefix(e.Reason, "表头中没有") {
				problems = append(problems, fmt.Sprintf("%s第%d行（%s）：%s", e.Sheet, e.Row, e.Column, e.Reason))
			}
		}
	}
	// A small table of measures under a problem (整改措施 | 责任单位 |
	// 完成时限, no column of problems) is the problem's measures, written
	// out in its place (measureTables): read as a ledger, it was an aspect
	// named after a sheet.
	inline := map[int][]string{}
	for n, tb := range d.tables {
		if joined[n] || len(tb.merges) > 0 || tb.from >= len(keep) {
			continue
		}
		lines := tableMeasures(tb.rows)
		if lines == nil {
			continue
		}
		for i := tb.from; i < tb.to && i < len(keep); i++ {
			keep[i] = false
		}
		inline[tb.from], joined[n] = lines, true
	}
	for n, tb := range d.tables {
		if joined[n] {
			continue
		}
		l, ok := tableLedger(tb)
		if !ok {
			continue
		}
		for i := tb.from; i < tb.to && i < len(keep); i++ {
			keep[i] = false
		}
		if title, at := aspectBefore(d.paras, keep, tb.from); title != "" && onlyProblems(l.Outline.Aspects) {
			// 一、…方面 over a table of its problems, and the next aspect
			// over the next table: the aspects were dropped.
			keep[at] = false
			aspects = append(aspects, &duban.OutlineNode{Kind: duban.NodeAspect, Title: title, Children: l.Outline.Aspects})
		} else {
			aspects = append(aspects, l.Outline.Aspects...)
		}
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
		text = append(text, inline[i]...)
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

// aspectBefore returns the aspect a numbered heading right before paragraph
// from names (一、…方面, （一）…方面), past blank lines, and where it is; ""
// when the text before is anything else.
func aspectBefore(paras []string, keep []bool, from int) (string, int) {
	for i := min(from, len(paras)) - 1; i >= 0; i-- {
		p := strings.TrimFunc(paras[i], isBlank)
		if p == "" {
			continue
		}
		if !keep[i] {
			return "", 0 // another table's rows
		}
		if lvl, head := marker(p); (lvl == 1 || lvl == 2) && isAspectHead(head) {
			return strings.TrimSpace(head), i
		}
		return "", 0
	}
	return "", 0
}

// onlyProblems tells a table's outline of problems alone, with no aspect
// of its own.
func onlyProblems(nodes []*duban.OutlineNode) bool {
	for _, n := range nodes {
		if n.Kind != duban.NodeProblem {
			return false
		}
	}
	return len(nodes) > 0
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
	if !putTable(f, "Sheet1", tb) {
		return nil, false
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

// putTable writes a table's cells and merges into a sheet of f.
func putTable(f *excelize.File, sheet string, tb *docTable) bool {
	for r, row := range tb.rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			name, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil || f.SetCellStr(sheet, name, v) != nil {
				return false
			}
		}
	}
	for _, m := range tb.merges {
		a, err1 := excelize.CoordinatesToCellName(m[1]+1, m[0]+1)
		b, err2 := excelize.CoordinatesToCellName(m[3]+1, m[2]+1)
		if err1 != nil || err2 != nil || f.MergeCell(sheet, a, b) != nil {
			return false
		}
	}
	return true
}

// listsLedger reads a document's tables as the sheets of one workbook (表1,
// 表2, …) and, when the ledger reader joins some of them as a plan's lists
// by number (问题清单, 任务清单, 责任清单), returns that ledger and the
// indexes of the tables joined; nil when it joins none.
func listsLedger(tables []*docTable) (*xlsx.Ledger, []int) {
	l, joined := readTables(tables, func(int) bool { return true })
	if l == nil || len(joined) == len(tables) {
		return l, joined
	}
	// Read again without the other tables, each read on its own.
	in := map[int]bool{}
	for _, i := range joined {
		in[i] = true
	}
	return readTables(tables, func(i int) bool { return in[i] })
}

// readTables reads the tables that take as the sheets 表1, 表2, … of one
// workbook: the ledger and the tables it joined as lists, nil for none.
func readTables(tables []*docTable, take func(int) bool) (*xlsx.Ledger, []int) {
	if len(tables) < 2 {
		return nil, nil
	}
	f := excelize.NewFile()
	defer f.Close()
	n := 0
	for i, tb := range tables {
		if len(tb.rows) < 2 || !take(i) {
			continue
		}
		sheet := fmt.Sprintf("表%d", i+1)
		if n == 0 {
			if f.SetSheetName("Sheet1", sheet) != nil {
				return nil, nil
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, nil
		}
		if !putTable(f, sheet, tb) {
			return nil, nil
		}
		n++
	}
	if n < 2 {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, nil
	}
	l, err := xlsx.Read(&buf)
	if err != nil || len(l.Joined) == 0 {
		return nil, nil
	}
	var joined []int
	for _, name := range l.Joined {
		var i int
		if _, err := fmt.Sscanf(name, "表%d", &i); err == nil {
			joined = append(joined, i-1)
		}
	}
	return l, joined
}
