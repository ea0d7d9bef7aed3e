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
		c := strings.TrimSpace(cells[i])
		if len(c) >= 2 && strings.HasPrefix(c, `"`) && strings.HasSuffix(c, `"`) {
			c = strings.ReplaceAll(c[1:len(c)-1], `""`, `"`) // a cell Excel quoted for its line break
		}
		cells[i] = strings.TrimSpace(c)
	}
	if len(cells) < minTableCells {
		return nil
	}
	return cells
}

// quotedLines joins the lines of a cell that Excel copies in quotes
// because it holds a line break ("1.开展检查⏎2.建立台账"): a tab-parted
// line with an open quote goes on to the line that closes it.
func quotedLines(lines []string) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.Count(l, `"`)%2 == 1 && (strings.Contains(l, "\t") || strings.HasPrefix(strings.TrimSpace(l), `"`)) {
			// The quote closes within a few lines, on a line of cells.
			for j := i + 1; j < len(lines) && j <= i+8; j++ {
				joined := strings.Join(lines[i:j+1], "\n")
				if strings.Count(joined, `"`)%2 == 0 {
					if strings.Contains(joined, "\t") {
						l, i = joined, j
					}
					break
				}
			}
		}
		out = append(out, l)
	}
	return out
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
	for _, l := range quotedLines(strings.Split(text, "\n")) {
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

// columnFields are the labels of a measure table's columns written as
// fields (bracketFields) after each measure, and the progress's.
var columnFields = []struct {
	re    *regexp.Regexp
	label string
}{
	{regexp.MustCompile(`^(?:责任单位|牵头单位|责任部门|牵头部门|责任股室|责任科室|责任处室|承办单位)`), "责任单位"},
	{regexp.MustCompile(`^(?:配合单位|配合部门|协办单位)`), "配合单位"},
	{regexp.MustCompile(`^(?:责任领导|牵头领导|分管领导)`), "责任领导"},
	{regexp.MustCompile(`^(?:责任人|具体责任人)`), "责任人"},
	{regexp.MustCompile(`^(?:完成时限|整改时限|完成时间|时限)`), "完成时限"},
	{regexp.MustCompile(`^(?:整改进展|进展情况|完成情况|整改情况|目前进展)`), "整改进展"},
}

// measureColumn heads a table's column of measures.
var measureColumn = regexp.MustCompile(`^(?:整改措施|整改举措|具体措施|措施|举措|整改任务)`)

// measureTables writes out the small tables of measures a notice puts
// under each problem (整改措施 | 责任单位 | 完成时限 | 整改进展, its cells
// parted by tabs or |, with no column of problems) as the measures' lines
// with their fields in brackets and their progress below, so that the
// text's outline keeps them under their problem; the header's cells and
// the tabs were read as measures. A table with a column of problems is a
// ledger's (textTables).
func measureTables(text string) string {
	if !strings.Contains(text, "\t") && !strings.Contains(text, "|") && !strings.Contains(text, "｜") {
		return text
	}
	lines := quotedLines(strings.Split(text, "\n"))
	var out []string
	changed := false
	for i := 0; i < len(lines); i++ {
		table := [][]string{tableCells(lines[i])}
		j := i + 1
		for ; tableColumns(table[0]) != nil && j < len(lines); j++ {
			if mdTableRule.MatchString(strings.TrimSpace(lines[j])) {
				continue
			}
			cells := tableCells(lines[j])
			if cells == nil {
				break
			}
			table = append(table, cells)
		}
		measures := tableMeasures(table)
		if measures == nil {
			out = append(out, lines[i])
			continue
		}
		out, changed, i = append(out, measures...), true, j-1
	}
	if !changed {
		return text
	}
	return strings.Join(out, "\n")
}

// tableMeasures writes out a measure table's rows (tableMeasure), its
// header first; nil when the table is no measure table or gives none.
func tableMeasures(rows [][]string) []string {
	if len(rows) < 2 {
		return nil
	}
	cols := tableColumns(rows[0])
	if cols == nil {
		return nil
	}
	var out []string
	for _, row := range rows[1:] {
		out = append(out, tableMeasure(row, cols)...)
	}
	return out
}

// tableColumns maps a header row of a measure table to its columns: the
// measure's at "" and each field's at its label; nil when the row is no
// such header (no measure column, or a column of problems).
func tableColumns(head []string) map[string]int {
	if head == nil {
		return nil
	}
	cols := map[string]int{}
	for c, h := range head {
		h = strings.ReplaceAll(h, " ", "")
		switch {
		case strings.Contains(h, "问题"):
			return nil // a ledger's table: textTables reads it
		case measureColumn.MatchString(h):
			if _, ok := cols[""]; !ok {
				cols[""] = c
			}
		default:
			for _, f := range columnFields {
				if _, ok := cols[f.label]; !ok && f.re.MatchString(h) {
					cols[f.label] = c
					break
				}
			}
		}
	}
	if _, ok := cols[""]; !ok || len(cols) < 2 {
		return nil
	}
	return cols
}

// tableMeasure writes a row of a measure table as the measure's line,
// its fields in brackets, and its progress on a line of its own.
func tableMeasure(cells []string, cols map[string]int) []string {
	cell := func(label string) string {
		if c, ok := cols[label]; ok && c < len(cells) {
			return strings.TrimSpace(strings.ReplaceAll(cells[c], "\n", "；"))
		}
		return ""
	}
	m := strings.TrimRight(cell(""), "。；;")
	if m == "" {
		return nil
	}
	var fields []string
	for _, f := range columnFields {
		if v := cell(f.label); v != "" && f.label != "整改进展" {
			fields = append(fields, f.label+"："+v)
		}
	}
	line := m
	if len(fields) > 0 {
		line += "（" + strings.Join(fields, "；") + "）"
	}
	out := []string{line + "。"}
	if p := cell("整改进展"); p != "" {
		out = append(out, "整改进展："+p)
	}
	return out
}
