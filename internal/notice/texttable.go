package notice

import (
	"regexp"
	"strings"
)

// A notice in plain text may hold its measures as a table written with
// separators: a Markdown table (| 序号 | 反馈问题 | 整改措施 | … |) or a
// table copied out of Word or Excel, its cells parted by tabs. textTables
// finds such tables, so that the text is read as a document of paragraphs
// and tables (readDOCXFile): a table with a ledger's header gives the
// measures with their units and deadlines, as the same table in a .docx
// does.

// minTableCells is how many cells a row of a text table has at least.
const minTableCells = 3

// mdTableRule is a Markdown table's line under its header: |---|:---:|.
var mdTableRule = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$`)

// tableCells returns the cells of a line of a text table, nil for a line
// that is none: cells parted by | (a Markdown row) or by tabs.
func tableCells(l string) []string {
	t := strings.TrimSpace(l)
	var cells []string
	switch {
	case strings.HasPrefix(t, "|") || strings.HasPrefix(t, "｜"):
		t = strings.ReplaceAll(t, "｜", "|")
		cells = strings.Split(strings.Trim(t, "|"), "|")
	case strings.Count(l, "\t") >= minTableCells-1:
		cells = strings.Split(strings.TrimRight(strings.TrimLeft(l, " 　"), "\t "), "\t")
	default:
		return nil
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	if len(cells) < minTableCells {
		return nil
	}
	return cells
}

// textTables returns the text as paragraphs and tables, nil when it holds
// no table of two rows or more.
func textTables(text string) *docText {
	d := &docText{}
	var cur *docTable
	end := func() {
		if cur != nil && len(cur.rows) >= 2 {
			cur.to = len(d.paras)
			d.tables = append(d.tables, cur)
		}
		cur = nil
	}
	for _, l := range strings.Split(text, "\n") {
		if mdTableRule.MatchString(strings.TrimSpace(l)) && cur != nil {
			continue // the rule under a Markdown header
		}
		cells := tableCells(l)
		if cells == nil {
			end()
			d.paras = append(d.paras, l)
			continue
		}
		if cur == nil {
			cur = &docTable{from: len(d.paras)}
		}
		cur.rows = append(cur.rows, cells)
		d.paras = append(d.paras, strings.Join(cells, " "))
	}
	end()
	if len(d.tables) == 0 {
		return nil
	}
	return d
}
