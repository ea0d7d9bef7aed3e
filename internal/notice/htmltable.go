package notice

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A notice published as a web page often carries its ledger as a table
// (附件：整改落实情况台账). Such a table is read as a DOCX table is
// (readDOCXFile, tableLedger): its header recognised as a ledger's, its
// merged cells (rowspan, colspan) filled, its rows become measures with their
// units and deadlines; the page's text around it gives the title, unit and
// dates. A table with no ledger's header stays text.

var (
	tableOpen  = regexp.MustCompile(`(?i)<table\b`)
	tableClose = regexp.MustCompile(`(?i)</table\s*>`)
)

// tableMark stands in the page's text for its n-th outermost table until
// the table's own lines replace it.
func tableMark(n int) string { return fmt.Sprintf("\uE000表%d\uE000", n) }

// readHTMLPage reads a web page as a docText: its lines as htmlText gives
// them, and each table with a ledger's header as a docTable over the lines
// of its text. A table that is no ledger stays text, and a ledger inside it
// (the page's article laid out in a table, as older sites do) is found.
// Nil when the page has no ledger table.
func readHTMLPage(page string) *docText {
	page = htmlDrop.ReplaceAllString(page, "")
	spans, tables := ledgerSpans(page, 0, len(page))
	spans, tables = listSpans(page, spans, tables)
	if len(spans) == 0 {
		return nil
	}
	d := &docText{}
	var b strings.Builder
	last := 0
	for i, sp := range spans {
		b.WriteString(page[last:sp[0]])
		b.WriteString("<p>" + tableMark(i) + "</p>")
		last = sp[1]
	}
	b.WriteString(page[last:])
	for _, line := range strings.Split(htmlText(b.String()), "\n") {
		n := -1
		for i := range spans {
			if strings.TrimSpace(line) == tableMark(i) {
				n = i
				break
			}
		}
		if n < 0 {
			d.paras = append(d.paras, line)
			continue
		}
		tb := tables[n]
		tb.from = len(d.paras)
		d.paras = append(d.paras, strings.Split(htmlText(page[spans[n][0]:spans[n][1]]), "\n")...)
		tb.to = len(d.paras)
		d.tables = append(d.tables, tb)
	}
	return d
}

// listSpans adds to the ledger tables found (spans, in the page's order)
// the outermost tables that read as a plan's lists joined by number (问题
// 清单, 任务清单, 责任清单: listsLedger) though none reads as a ledger alone.
func listSpans(page string, spans [][2]int, tables []*docTable) ([][2]int, []*docTable) {
	var rest [][2]int
	var restTables []*docTable
	for _, sp := range outerTables(page, 0, len(page)) {
		if !slices.ContainsFunc(spans, func(s [2]int) bool { return s[0] >= sp[0] && s[1] <= sp[1] }) {
			rest, restTables = append(rest, sp), append(restTables, htmlTable(page[sp[0]:sp[1]]))
		}
	}
	l, joined := listsLedger(restTables)
	if l == nil {
		return spans, tables
	}
	for _, i := range joined {
		at, _ := slices.BinarySearchFunc(spans, rest[i], func(a, b [2]int) int { return a[0] - b[0] })
		spans, tables = slices.Insert(spans, at, rest[i]), slices.Insert(tables, at, restTables[i])
	}
	return spans, tables
}

// ledgerSpans returns the byte ranges of page[lo:hi]'s tables that read as
// ledgers, and those tables (read): each outermost table that does, else
// those inside it.
func ledgerSpans(page string, lo, hi int) ([][2]int, []*docTable) {
	var spans [][2]int
	var tables []*docTable
	for _, sp := range outerTables(page, lo, hi) {
		tb := htmlTable(page[sp[0]:sp[1]])
		if _, ok := tableLedger(tb); ok {
			spans, tables = append(spans, sp), append(tables, tb)
			continue
		}
		open := strings.IndexByte(page[sp[0]:sp[1]], '>')
		closing := tableClose.FindAllStringIndex(page[sp[0]:sp[1]], -1)
		if open < 0 || len(closing) == 0 {
			continue
		}
		in, inTables := ledgerSpans(page, sp[0]+open+1, sp[0]+closing[len(closing)-1][0])
		spans, tables = append(spans, in...), append(tables, inTables...)
	}
	return spans, tables
}

// outerTables returns the byte ranges of page[lo:hi]'s outermost tables.
func outerTables(page string, lo, hi int) [][2]int {
	var spans [][2]int
	for at, depth, start := lo, 0, 0; at < hi; {
		o := tableOpen.FindStringIndex(page[at:hi])
		c := tableClose.FindStringIndex(page[at:hi])
		switch {
		case o != nil && (c == nil || o[0] < c[0]):
			if depth == 0 {
				start = at + o[0]
			}
			depth++
			at += o[1]
			continue
		case c != nil:
			if depth > 0 {
				if depth--; depth == 0 {
					spans = append(spans, [2]int{start, at + c[1]})
				}
			}
			at += c[1]
			continue
		}
		break
	}
	return spans
}

// htmlTable reads one table's rows into a grid, a cell spanning rows or
// columns written in its first place and listed among the merges; the
// rows of tables inside it are not its rows.
func htmlTable(src string) *docTable {
	tb := &docTable{}
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return tb
	}
	var table *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && table == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Table {
				table = c
				return
			}
			find(c)
		}
	}
	find(doc)
	if table == nil {
		return tb
	}
	var rows []*html.Node
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			}
		}
	}
	collect(table)
	taken := map[[2]int]bool{} // places filled by a cell spanning rows from above
	for r, tr := range rows {
		var cells []string
		c := 0
		put := func(col int, text string) {
			for len(cells) <= col {
				cells = append(cells, "")
			}
			cells[col] = text
		}
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || td.DataAtom != atom.Td && td.DataAtom != atom.Th {
				continue
			}
			for c < maxTableCols && taken[[2]int{r, c}] {
				put(c, "")
				c++
			}
			if c >= maxTableCols {
				break // a row wider than any ledger: the rest is not read
			}
			cols, down := min(span(td, "colspan"), maxTableCols-c), min(span(td, "rowspan"), len(rows)-r)
			put(c, cellText(td))
			for k := 1; k < cols; k++ {
				put(c+k, "")
			}
			if cols > 1 || down > 1 {
				tb.merges = append(tb.merges, [4]int{r, c, r + down - 1, c + cols - 1})
			}
			for i := 1; i < down; i++ {
				for k := range cols {
					taken[[2]int{r + i, c + k}] = true
				}
			}
			c += cols
		}
		for c < maxTableCols && taken[[2]int{r, c}] {
			put(c, "")
			c++
		}
		tb.rows = append(tb.rows, cells)
	}
	return tb
}

// maxTableCols bounds the columns of a table read as a ledger, and so
// the work a page of spans can ask for.
const maxTableCols = 64

// span reads a cell's colspan or rowspan: 1 when absent or unreadable,
// at most 100.
func span(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v > 1 {
				return min(v, 100)
			}
		}
	}
	return 1
}

// cellText is the text a cell shows: its paragraphs and line breaks as
// lines, spaces (&nbsp; too) run together; the text of a table inside it
// included.
func cellText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
					continue
				}
				block := blockTags[c.Data]
				if block {
					b.WriteString("\n")
				}
				walk(c)
				if block {
					b.WriteString("\n")
				}
			}
		}
	}
	walk(n)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.Join(strings.Fields(strings.ReplaceAll(l, "\u00a0", " ")), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
