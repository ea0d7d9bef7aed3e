package notice

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"duban/internal/xlsx"
)

// maxDocumentXML bounds the uncompressed size of word/document.xml, so that
// a small crafted archive cannot make the server inflate gigabytes.
const maxDocumentXML = 64 << 20

var (
	errNoDocument = errors.New("notice: docx has no word/document.xml")
	errTooLarge   = errors.New("notice: word/document.xml is too large")
)

// Namespaces of WordprocessingML: transitional (what Word and WPS write) and
// strict.
var wordNS = map[string]bool{
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main": true,
	"http://purl.oclc.org/ooxml/wordprocessingml/main":             true,
}

// ExtractDOCXText returns the text of a .docx file's body, one paragraph
// (w:p) a line, with the text of its runs (w:t), tabs (w:tab) and line
// breaks (w:br, w:cr). Deleted revisions and field codes are left out.
//
// Numbers that Word generates for an automatic list (a paragraph with
// w:numPr: 一、 （一） 1. set by a list style rather than typed) are written
// before the paragraph's text as the list shows them, and paragraphs of a
// heading style without a number get one of their level.
func ExtractDOCXText(r io.ReaderAt, size int64) (string, error) {
	d, err := readDOCX(r, size)
	if err != nil {
		return "", err
	}
	return strings.Join(d.paras, "\n"), nil
}

// readDOCX reads a .docx file's paragraphs and tables, with the numbers
// of its lists and headings written into the paragraphs (docx_numbering.go).
func readDOCX(r io.ReaderAt, size int64) (*docText, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("notice: open docx: %w", err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	f, ok := parts["word/document.xml"]
	if !ok {
		return nil, errNoDocument
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("notice: open document.xml: %w", err)
	}
	defer rc.Close()
	d, err := documentText(&limitedReader{r: rc, n: maxDocumentXML})
	if err != nil {
		return nil, err
	}
	// Without these parts the text is read as typed.
	numXML, _ := readPart(parts["word/numbering.xml"])
	stylesData, _ := readPart(parts["word/styles.xml"])
	newNumbering(numXML, stylesData).apply(d.paras, d.props)
	return d, nil
}

// readPart returns a part of the archive, bounded as document.xml is.
func readPart(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("notice: open %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(&limitedReader{r: rc, n: maxDocumentXML})
	if err != nil {
		return nil, fmt.Errorf("notice: read %s: %w", f.Name, err)
	}
	return data, nil
}

// documentText walks document.xml.
func documentText(r io.Reader) (*docText, error) {
	d := xml.NewDecoder(r)
	w := &docText{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return w, nil
		}
		if err != nil {
			return nil, fmt.Errorf("notice: read document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if wordNS[t.Name.Space] {
				w.start(t.Name.Local)
				w.table(t)
				w.paraProps(t)
			}
		case xml.EndElement:
			if wordNS[t.Name.Space] {
				w.end(t.Name.Local)
			}
		case xml.CharData:
			if w.inText {
				w.write(string(t))
			}
		}
	}
}

// docText collects paragraphs. Paragraphs may nest (a text box inside a
// paragraph holds paragraphs of its own), so each open w:p has its own
// buffer; a nested paragraph comes out before the one that holds it.
type docText struct {
	paras  []string
	props  []paraProps // each paragraph's style and list, as paras
	open   []*strings.Builder
	opened []paraProps
	inPPr  int // open w:pPr elements
	change int // open w:pPrChange elements: the properties before a revision
	inText bool
	runs   int // open w:r elements
	tables []*docTable
	depth  int // open w:tbl elements; only the outermost table is kept as a table
}

// docTable is a table of the document: its rows of cells, the cells
// merged over several rows or columns, and the paragraphs it holds
// (paras[from:to]).
type docTable struct {
	ledger   *xlsx.Ledger // the table read as a ledger, once it has been (tableLedger)
	rows     [][]string
	merges   [][4]int // first row, first column, last row, last column (0-based)
	from, to int
	vStart   map[int]int // column → row of the cell a vertical merge started in
	vEnd     map[int]int // column → last row that merge continues into
	col      int         // the column of the open cell
	span     int         // its gridSpan
	cont     bool        // it continues a vertical merge
}

// table follows the table elements: w:tbl, w:tr, w:tc and the cell
// properties w:gridSpan and w:vMerge.
func (w *docText) table(t xml.StartElement) {
	if t.Name.Local == "tbl" {
		w.depth++
		if w.depth == 1 {
			w.tables = append(w.tables, &docTable{from: len(w.paras), vStart: map[int]int{}, vEnd: map[int]int{}})
		}
		return
	}
	if w.depth != 1 {
		return
	}
	tb := w.tables[len(w.tables)-1]
	switch t.Name.Local {
	case "tr":
		tb.rows = append(tb.rows, nil)
		tb.col = 0
	case "tc":
		if len(tb.rows) == 0 {
			tb.rows = append(tb.rows, nil)
		}
		tb.col = len(tb.rows[len(tb.rows)-1])
		tb.span, tb.cont = 1, false
		tb.rows[len(tb.rows)-1] = append(tb.rows[len(tb.rows)-1], "")
	case "gridSpan":
		if n, err := strconv.Atoi(attr(t, "val")); err == nil && n > 1 && n < 64 {
			tb.span = n
		}
	case "vMerge":
		tb.cont = attr(t, "val") != "restart"
	}
}

// endTable closes table elements.
func (w *docText) endTable(local string) {
	switch {
	case local == "tbl":
		if w.depth == 1 {
			tb := w.tables[len(w.tables)-1]
			tb.to = len(w.paras)
			tb.closeMerges()
		}
		w.depth--
	case w.depth == 1 && local == "tc":
		tb := w.tables[len(w.tables)-1]
		tb.closeCell(len(tb.rows) - 1)
	}
}

// closeCell records the merges of the cell just closed in row r: its
// gridSpan as blank cells after it, its vMerge as a merge down from the
// cell it continues.
func (tb *docTable) closeCell(r int) {
	c := tb.col
	for range tb.span - 1 {
		tb.rows[r] = append(tb.rows[r], "")
	}
	if tb.span > 1 {
		tb.merges = append(tb.merges, [4]int{r, c, r, c + tb.span - 1})
	}
	if tb.cont {
		if _, ok := tb.vStart[c]; ok {
			tb.vEnd[c] = r
		}
		return
	}
	for k := c; k < c+tb.span; k++ {
		tb.closeMerge(k)
	}
	tb.vStart[c], tb.vEnd[c] = r, r
}

// closeMerge ends the vertical merge open in column c.
func (tb *docTable) closeMerge(c int) {
	if start, ok := tb.vStart[c]; ok && tb.vEnd[c] > start {
		tb.merges = append(tb.merges, [4]int{start, c, tb.vEnd[c], c})
	}
	delete(tb.vStart, c)
	delete(tb.vEnd, c)
}

// closeMerges ends every vertical merge at the table's end.
func (tb *docTable) closeMerges() {
	for c := range tb.vStart {
		tb.closeMerge(c)
	}
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// paraProps reads the open paragraph's style, list and outline level.
func (w *docText) paraProps(t xml.StartElement) {
	switch t.Name.Local {
	case "pPr":
		w.inPPr++
		return
	case "pPrChange":
		w.change++
		return
	}
	n := len(w.opened)
	if n == 0 || w.inPPr == 0 || w.change > 0 || w.runs > 0 {
		return
	}
	pp := &w.opened[n-1]
	switch t.Name.Local {
	case "pStyle":
		pp.style = attr(t, "val")
	case "numId":
		pp.numID = attr(t, "val")
	case "ilvl":
		pp.ilvl = atoi(attr(t, "val"))
	case "outlineLvl":
		if v := attr(t, "val"); v != "" {
			pp.outline = atoi(v)
		}
	}
}

func (w *docText) start(local string) {
	switch local {
	case "p":
		w.open = append(w.open, &strings.Builder{})
		w.opened = append(w.opened, paraProps{outline: -1})
	case "r":
		w.runs++
	case "t":
		w.inText = true
	case "tab":
		// w:tab also defines a tab stop in w:pPr; only one inside a run is text.
		if w.runs > 0 {
			w.write("\t")
		}
	case "br", "cr":
		if w.runs > 0 {
			w.write("\n")
		}
	}
}

func (w *docText) end(local string) {
	w.endTable(local)
	switch local {
	case "pPr":
		w.inPPr--
	case "pPrChange":
		w.change--
	case "p":
		if n := len(w.open); n > 0 {
			text := w.open[n-1].String()
			w.paras = append(w.paras, text)
			w.props = append(w.props, w.opened[n-1])
			w.open, w.opened = w.open[:n-1], w.opened[:n-1]
			if w.depth > 0 && n == 1 {
				w.cellText(text)
			}
		}
	case "r":
		w.runs--
	case "t":
		w.inText = false
	}
}

// cellText adds a paragraph to the open cell of the outermost table.
func (w *docText) cellText(text string) {
	tb := w.tables[len(w.tables)-1]
	if len(tb.rows) == 0 || len(tb.rows[len(tb.rows)-1]) == 0 {
		return
	}
	row := tb.rows[len(tb.rows)-1]
	c := tb.col
	if c >= len(row) {
		return
	}
	if row[c] != "" {
		row[c] += "\n"
	}
	row[c] += text
}

func (w *docText) write(s string) {
	if n := len(w.open); n > 0 {
		w.open[n-1].WriteString(s)
	}
}

// limitedReader fails with errTooLarge after n bytes, where io.LimitReader
// would end quietly and leave truncated XML.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
