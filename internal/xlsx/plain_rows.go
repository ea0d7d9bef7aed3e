package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A ledger's rows were read through excelize's Rows, which decodes every
// cell with encoding/xml: for a 10,000-row ledger 0.8 s of CPU, taken from
// the import writing the rows already read. plainRows reads a sheet's rows
// straight from its XML and gives the rows excelize would give: text and
// numbers as they are stored where excelize shows them so, and a cell whose
// number format changes what is shown (a date, a custom format, text in a
// format with a section for text) formatted by excelize itself, in a
// scratch workbook (formatted). At the first thing it does not read (an
// error cell, an ISO date, a boolean not stored as 1 or 0, an escaped character, markup it does
// not know or that is not well formed) it hands the sheet over to excelize
// from that row on: the rows before it are those excelize would have
// given, so the sheet reads the same either way, only faster when it is
// plain. TestPlainRowsMatchExcelize and FuzzPlainRows compare both.

// rowSource is how a sheet's rows are read: excelize's Rows, or plainRows.
type rowSource interface {
	Next() bool
	Columns(opts ...excelize.Options) ([]string, error)
	Error() error
	Close() error
}

// errNotPlain stops a plain reading: excelize reads the sheet from there.
var errNotPlain = errors.New("xlsx: not a plain cell")

// bookCells is what a workbook's plain readings share: each cell style's
// kind of number format, and the shared strings.
type bookCells struct {
	once    sync.Once
	err     error
	styles  []styleKind
	asIs    []bool // text in the style's format is shown as it is
	strings []string
	escaped []bool // the shared string holds an _xHHHH_ escape
	// date1904: the workbook counts days from 1904, which a scratch
	// workbook (formatted) would not
	date1904 bool
}

// styleKind is how excelize formats a cell of a style.
type styleKind uint8

const (
	styleRaw     styleKind = iota // shown as stored
	styleGeneral                  // the General format
	styleText                     // the Text format (@): text as stored
	styleOther                    // any other: formatted by excelize
)

// cells reads the workbook's styles and shared strings once.
func (b *workbook) cells() (*bookCells, error) {
	c := &b.plain
	c.once.Do(func() { c.err = c.load(b) })
	return c, c.err
}

func (c *bookCells) load(b *workbook) error {
	// excelize's own reading of the styles (GetStyle reads them first),
	// so that a style's format is the one it applies.
	b.GetStyle(0)
	if st := b.Styles; st != nil && st.CellXfs != nil {
		custom := map[int]bool{}
		codes := map[int]string{}
		if st.NumFmts != nil {
			for _, f := range st.NumFmts.NumFmt {
				if !custom[f.NumFmtID] {
					// the first of an id, as excelize looks it up
					codes[f.NumFmtID] = cmp.Or(f.FormatCode16, f.FormatCode)
				}
				custom[f.NumFmtID] = true
			}
		}
		c.styles = make([]styleKind, len(st.CellXfs.Xf))
		c.asIs = make([]bool, len(st.CellXfs.Xf))
		for i, xf := range st.CellXfs.Xf {
			id := 0
			if xf.NumFmtID != nil {
				id = *xf.NumFmtID
			}
			switch {
			case custom[id]:
				c.styles[i] = styleOther
				// A format shows text otherwise only in a section of its
				// own: the fourth, or one with @.
				code := codes[id]
				c.asIs[i] = !strings.Contains(code, "@") && strings.Count(code, ";") < 3
			case id == 0:
				c.styles[i] = styleGeneral
			case id == 49:
				c.styles[i] = styleText
			default:
				c.styles[i] = styleOther
				// Excel's built-in formats of numbers, dates and times:
				// none has a section for text (those of 41-44 do).
				c.asIs[i] = id >= 1 && id <= 40 || id >= 45 && id <= 58
			}
		}
	}
	if props, err := b.GetWorkbookProps(); err != nil || props.Date1904 != nil && *props.Date1904 {
		c.date1904 = true
	}
	if f := b.parts["xl/sharedStrings.xml"]; f != nil {
		return c.readStrings(f)
	}
	return nil
}

// formatted is a cell's value in its number format, as excelize gives it:
// excelize itself formats it, in a scratch workbook that shares the
// workbook's styles and options, holding one cell with the same stored
// value, type and style. text stores the value as a string (a shared or
// inline string cell), otherwise as a number (only a value excelize takes
// for a number is given). errNotPlain when it cannot.
func (p *plainRows) formatted(style int, v string, text bool) (string, error) {
	if p.cells.date1904 {
		return "", errNotPlain
	}
	// A ledger's formatted cells repeat (a column of deadlines): each value
	// is formatted once.
	key := formatKey{style, v, text}
	if out, ok := p.formats[key]; ok {
		return out, nil
	}
	if p.formats == nil || len(p.formats) >= 4096 {
		// bounded: the scratch workbook keeps the texts it was given
		p.formats, p.scratch = map[formatKey]string{}, nil
	}
	if p.scratch == nil {
		f := excelize.NewFile(excelize.Options{CultureInfo: excelize.CultureNameZhCN})
		f.Styles = p.b.Styles
		p.scratch = f
	}
	const sheet, cell = "Sheet1", "A1"
	set := p.scratch.SetCellDefault
	if text {
		set = p.scratch.SetCellStr
	}
	if err := set(sheet, cell, v); err != nil {
		return "", errNotPlain
	}
	if err := p.scratch.SetCellStyle(sheet, cell, cell, style); err != nil {
		return "", errNotPlain
	}
	out, err := p.scratch.GetCellValue(sheet, cell)
	if err != nil {
		return "", errNotPlain
	}
	p.formats[key] = out
	return out, nil
}

// formatKey is what a formatted value depends on.
type formatKey struct {
	style int
	v     string
	text  bool
}

// sharedItem is a shared string: its text, or its runs' texts.
type sharedItem struct {
	T *struct {
		Val string `xml:",chardata"`
	} `xml:"t"`
	R []struct {
		T *struct {
			Val string `xml:",chardata"`
		} `xml:"t"`
	} `xml:"r"`
}

// readStrings reads the shared strings part as excelize reads it (the
// fixed path excelize reads too).
func (c *bookCells) readStrings(f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(bufio.NewReaderSize(io.LimitReader(r, maxUnzipSize), 64<<10))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "si" {
			continue
		}
		var it sharedItem
		if err := d.DecodeElement(&it, &e); err != nil {
			return err
		}
		var s strings.Builder
		if it.T != nil {
			s.WriteString(it.T.Val)
		}
		for _, r := range it.R {
			if r.T != nil {
				s.WriteString(r.T.Val)
			}
		}
		text := s.String()
		c.strings = append(c.strings, text)
		c.escaped = append(c.escaped, strings.Contains(text, "_x"))
	}
}

// plainRows reads a sheet's rows from its XML, as long as they are plain,
// then through excelize (ex).
type plainRows struct {
	b     *workbook
	name  string
	cells *bookCells
	part  io.ReadCloser
	in    *bufio.Reader

	seek    int // rows given so far (Next calls that returned true)
	at      int // the sheet's row number of the last row read from the XML
	cur     []string
	pending []string // the row read, given after gap empty rows
	gap     int
	next    rowStart // the start of the row after it, when peeked
	peeked  bool
	done    bool
	err     error

	hiddenCols []int // the columns hidden in Excel (hidden)
	hiddenRows []int // the rows read so far that are hidden in Excel (0-based)

	ex      *excelize.Rows // once handed over
	scratch *excelize.File // where formatted formats a cell
	formats map[formatKey]string

	// the elements open: their full names one after another, and where
	// each begins
	openNames []byte
	openAt    []int
	tag       []byte    // the tag being read
	attrs     []tagAttr // its attributes
	text      []byte    // the text being read
}

// rows returns a reader of the named sheet's rows: plainRows when its part
// and the workbook's styles and shared strings could be read, otherwise
// excelize's.
func (b *workbook) rows(name string) (rowSource, error) {
	f := b.sheets[name]
	if f == nil {
		return b.Rows(name)
	}
	cells, err := b.cells()
	if err != nil {
		return b.Rows(name)
	}
	part, err := f.Open()
	if err != nil {
		return b.Rows(name)
	}
	p := &plainRows{b: b, name: name, cells: cells, part: part, in: bufio.NewReaderSize(io.LimitReader(part, maxUnzipSize), 64<<10)}
	if err := p.toRows(); err != nil {
		p.Close()
		return b.Rows(name)
	}
	return p, nil
}

// Next reads the next row; false at the sheet's end.
func (p *plainRows) Next() bool {
	if p.ex != nil {
		return p.ex.Next()
	}
	for p.err == nil {
		switch {
		case p.gap > 0:
			p.gap--
			p.seek++
			p.cur = nil
			return true
		case p.pending != nil:
			p.cur, p.pending = p.pending, nil
			p.seek++
			return true
		case p.done:
			return false
		}
		switch err := p.readRow(); {
		case err == nil:
		case errors.Is(err, io.EOF):
			p.done = true
		case errors.Is(err, errNotPlain):
			return p.handOver()
		default:
			p.err = err
		}
	}
	return false
}

// handOvers counts the sheets handed over to excelize, for tests.
var handOvers atomic.Int64

// handOver reads the sheet through excelize from the row being read on.
func (p *plainRows) handOver() bool {
	handOvers.Add(1)
	p.closePart()
	ex, err := p.b.Rows(p.name)
	if err != nil {
		p.err = err
		return false
	}
	for range p.seek {
		if !ex.Next() {
			p.err = errors.Join(ex.Error(), errors.New("xlsx: the sheet ended early when read again"))
			ex.Close()
			return false
		}
	}
	p.ex = ex
	return ex.Next()
}

// Columns returns the row's values.
func (p *plainRows) Columns(opts ...excelize.Options) ([]string, error) {
	if p.ex != nil {
		return p.ex.Columns(opts...)
	}
	row := p.cur
	p.cur = nil
	return row, nil
}

// Error is why the rows stopped before the sheet's end.
func (p *plainRows) Error() error {
	if p.ex != nil {
		return p.ex.Error()
	}
	return p.err
}

// Close stops reading.
func (p *plainRows) Close() error {
	p.closePart()
	if p.ex != nil {
		return p.ex.Close()
	}
	return nil
}

func (p *plainRows) closePart() {
	if p.part != nil {
		p.part.Close()
		p.part = nil
	}
}

// toRows reads up to the start of the sheet's rows.
func (p *plainRows) toRows() error {
	for {
		name, end, empty, err := p.nextTag()
		if errors.Is(err, errNotPlain) && len(p.tag) > 0 && (p.tag[0] == '?' || p.tag[0] == '!') {
			continue // the XML declaration, a comment
		}
		if err != nil {
			return err
		}
		if name == "col" && !end && (p.attr("hidden") == "1" || p.attr("hidden") == "true") {
			lo, err1 := strconv.Atoi(p.attr("min"))
			hi, err2 := strconv.Atoi(p.attr("max"))
			for c := lo; err1 == nil && err2 == nil && c <= hi && c-lo < 1<<14; c++ {
				p.hiddenCols = append(p.hiddenCols, c-1)
			}
		}
		if name == "sheetData" && !end {
			if empty {
				p.done = true
			}
			return nil
		}
	}
}

// hidden returns the sheet's columns hidden in Excel (0-based), as its
// <cols> list before the rows says.
func (p *plainRows) hidden() []int { return p.hiddenCols }

// hiddenRowsRead returns the rows read so far that are hidden in Excel
// (0-based).
func (p *plainRows) hiddenRowsRead() []int { return p.hiddenRows }

// rowStart is the start of a row, or the end of the rows.
type rowStart struct {
	n          int  // the row's number
	empty, end bool // <row/>; </sheetData>
	hidden     bool // hidden in Excel
}

// readRow reads the next <row> into p.pending (and p.gap, the empty rows
// excelize gives before it); io.EOF at the end of the rows. The start of
// the row after it is read too, and its number must be greater: excelize
// reads the cells of a row numbered out of order into the row before it,
// which then must not be given as read here.
func (p *plainRows) readRow() error {
	cur := p.next
	if !p.peeked {
		var err error
		if cur, err = p.readStart(p.at); err != nil {
			return err
		}
	}
	p.peeked = false
	if cur.end {
		return io.EOF
	}
	row := []string{}
	if !cur.empty {
		var err error
		if row, err = p.readCells(); err != nil {
			return err
		}
	}
	next, err := p.readStart(cur.n)
	if err != nil {
		return err
	}
	p.next, p.peeked = next, true
	p.gap, p.at, p.pending = cur.n-p.at-1, cur.n, row
	if cur.hidden {
		p.hiddenRows = append(p.hiddenRows, cur.n-1)
	}
	return nil
}

// readStart reads the start of the row after row after, or the end of
// the rows.
func (p *plainRows) readStart(after int) (rowStart, error) {
	name, end, empty, err := p.nextTag()
	switch {
	case err != nil:
		return rowStart{}, err
	case name == "sheetData" && end:
		return rowStart{end: true}, nil
	case name != "row" || end:
		return rowStart{}, errNotPlain
	}
	n := after + 1
	if r, ok := p.attrOK("r"); ok {
		if n, err = strconv.Atoi(r); err != nil || n <= after || n > excelize.TotalRows {
			return rowStart{}, errNotPlain
		}
	}
	hidden := p.attr("hidden") == "1" || p.attr("hidden") == "true"
	return rowStart{n: n, empty: empty, hidden: hidden}, nil
}

// readCells reads a row's cells up to </row>.
func (p *plainRows) readCells() ([]string, error) {
	row := []string{}
	col := 0
	for {
		name, end, empty, err := p.nextTag()
		if err != nil {
			return nil, err
		}
		switch {
		case name == "row" && end:
			return row, nil
		case name != "c" || end:
			return nil, errNotPlain
		}
		col++
		if r := p.attr("r"); r != "" {
			c, _, err := excelize.CellNameToCoordinates(r)
			if err != nil {
				return nil, errNotPlain
			}
			col = c
		}
		style, kind := 0, styleRaw
		if s, ok := p.attrOK("s"); ok {
			if style, err = strconv.Atoi(s); err != nil || style < 0 {
				return nil, errNotPlain
			}
		}
		if style != 0 && style < len(p.cells.styles) {
			kind = p.cells.styles[style]
		}
		typ := p.attr("t")
		var v, inline string
		var formula, isInline bool
		if !empty {
			if v, inline, formula, isInline, err = p.cellBody(); err != nil {
				return nil, err
			}
		}
		val, err := p.value(typ, style, kind, v, inline, isInline)
		if err != nil {
			return nil, err
		}
		if val != "" || formula {
			for len(row) < col-1 {
				row = append(row, "")
			}
			row = append(row, val)
		}
	}
}

// cellBody reads a cell's children up to </c>: its stored value, its
// inline string, and whether it has a formula.
func (p *plainRows) cellBody() (v, inline string, formula, isInline bool, err error) {
	for {
		var name string
		var end, empty bool
		if name, end, empty, err = p.nextTag(); err != nil {
			return
		}
		switch {
		case name == "c" && end:
			return
		case end:
			err = errNotPlain
			return
		case name == "f":
			formula = true
			if !empty {
				if _, err = p.readText("f"); err != nil {
					return
				}
			}
		case name == "v":
			if !empty {
				if v, err = p.readText("v"); err != nil {
					return
				}
			}
		case name == "is":
			isInline = true
			if !empty {
				if inline, err = p.readInline(); err != nil {
					return
				}
			}
		default:
			err = errNotPlain
			return
		}
	}
}

// readInline reads an inline string up to </is> as excelize gives it: its
// text, then its runs' texts; not its phonetic runs.
func (p *plainRows) readInline() (string, error) {
	var text, runs strings.Builder
	inRun, hasText := false, false
	for {
		name, end, empty, err := p.nextTag()
		if err != nil {
			return "", err
		}
		switch {
		case name == "is" && end:
			return text.String() + runs.String(), nil
		case name == "r" && !end && !empty && !inRun:
			inRun = true
		case name == "r" && end && inRun:
			inRun = false
		case name == "t" && !end:
			if !inRun {
				if hasText {
					return "", errNotPlain // excelize keeps only the last
				}
				hasText = true
			}
			if empty {
				continue
			}
			t, err := p.readText("t")
			if err != nil {
				return "", err
			}
			if inRun {
				runs.WriteString(t)
			} else {
				text.WriteString(t)
			}
		case (name == "rPr" || name == "rPh") && !end && !empty:
			if err := p.skipTo(); err != nil {
				return "", err
			}
		case (name == "rPr" || name == "rPh" || name == "phoneticPr") && empty:
		default:
			return "", errNotPlain
		}
	}
}

// value is the cell's text as excelize's Columns gives it, or errNotPlain
// when it cannot be had without excelize's reading. Text and empty cells
// are shown as they are but in a format with a section for text; numbers
// as they are stored, but in a format other than General.
func (p *plainRows) value(typ string, style int, kind styleKind, v, inline string, isInline bool) (string, error) {
	var text string
	switch typ {
	case "str":
		return v, nil
	case "b":
		// whatever the style, as excelize shows a boolean stored as 1 or 0
		switch v {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return "", errNotPlain
	case "s":
		if v != "" {
			i, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || i < 0 || i >= len(p.cells.strings) || p.cells.escaped[i] {
				return "", errNotPlain
			}
			text = p.cells.strings[i]
		}
	case "inlineStr":
		text = v
		if isInline {
			text = inline
		}
		if strings.Contains(text, "_x") {
			return "", errNotPlain
		}
	case "", "n":
		if v == "" {
			break
		}
		// a number as excelize takes one: no _, and parsed as a float
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || strings.Contains(v, "_") {
			return "", errNotPlain
		}
		if kind == styleRaw || kind == styleGeneral {
			if s, ok := shortestNumber(f, kind); ok {
				return s, nil
			}
		}
		return p.formatted(style, v, false)
	default:
		return "", errNotPlain
	}
	switch {
	case kind != styleOther || p.cells.asIs[style]:
		return text, nil
	case utf8.RuneCountInString(text) > excelize.TotalCellChars:
		return "", errNotPlain // the scratch cell would cut it
	}
	// An empty cell is formatted as an empty number cell: excelize reads
	// both as text.
	return p.formatted(style, text, text != "")
}

// shortestNumber is a stored number as excelize shows it without a number
// format (its shortest decimal form) or in the General format (the same
// for a number of at most eleven digits, not below zero); false for any
// other, which excelize rounds or formats.
func shortestNumber(f float64, kind styleKind) (string, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	digits := len(s) - strings.Count(s, ".")
	if digits > 15 || kind == styleGeneral && (f < 0 || digits > 11) {
		return "", false
	}
	return s, true
}

// textToTag reads character data up to the next tag's '<' into p.text
// and returns it (without the '<').
func (p *plainRows) textToTag() ([]byte, error) {
	p.text = p.text[:0]
	for {
		b, err := p.in.ReadSlice('<')
		p.text = append(p.text, b...)
		switch {
		case err == nil:
			return p.text[:len(p.text)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			return nil, errNotPlain // the sheet ends inside its rows
		default:
			return nil, err
		}
	}
}

// nextTag skips the white space up to the next tag and reads it (readTag);
// text between elements is not plain.
func (p *plainRows) nextTag() (name string, end, empty bool, err error) {
	text, err := p.textToTag()
	if err != nil {
		return "", false, false, err
	}
	if bytes.ContainsFunc(text, func(r rune) bool { return r != ' ' && r != '\t' && r != '\n' && r != '\r' }) {
		return "", false, false, errNotPlain
	}
	return p.readTag()
}

// readTag reads a tag after its '<' into p.tag and returns its local name,
// whether it is an end tag and whether it is empty (<c/>); its attributes
// are then in p.attrs. Comments, processing instructions and CDATA are
// not plain.
func (p *plainRows) readTag() (name string, end, empty bool, err error) {
	p.tag = p.tag[:0]
	var quote byte // the quote of the attribute value being read, if any
	for {
		b, err := p.in.ReadSlice('>')
		from := len(p.tag)
		p.tag = append(p.tag, b...)
		if errors.Is(err, bufio.ErrBufferFull) {
			quote = quoteAfter(p.tag[from:], quote)
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errNotPlain
			}
			return "", false, false, err
		}
		// A '>' inside a quoted attribute value does not end the tag.
		if quote = quoteAfter(p.tag[from:len(p.tag)-1], quote); quote == 0 {
			break
		}
	}
	t := p.tag[:len(p.tag)-1]
	if len(t) == 0 || t[0] == '!' || t[0] == '?' {
		return "", false, false, errNotPlain
	}
	if t[0] == '/' {
		end, t = true, t[1:]
	}
	if n := len(t); n > 0 && t[n-1] == '/' {
		empty, t = true, t[:n-1]
	}
	i := bytes.IndexAny(t, " \t\r\n")
	if i < 0 {
		i = len(t)
	}
	if !xmlName(t[:i]) || !p.parseAttrs(t[i:]) || end && (empty || len(p.attrs) > 0) {
		return "", false, false, errNotPlain
	}
	// Every end tag closes the element open last, by its full name.
	switch full, n := t[:i], len(p.openAt); {
	case end && (n == 0 || !bytes.Equal(p.openNames[p.openAt[n-1]:], full)):
		return "", false, false, errNotPlain
	case end:
		p.openNames, p.openAt = p.openNames[:p.openAt[n-1]], p.openAt[:n-1]
	case !empty:
		p.openAt = append(p.openAt, len(p.openNames))
		p.openNames = append(p.openNames, full...)
	}
	return tagName(localName(t[:i])), end, empty, nil
}

// quoteAfter returns the quote still open after b, given the one open
// before it (0 for none).
func quoteAfter(b []byte, quote byte) byte {
	for _, c := range b {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		}
	}
	return quote
}

// tagName is name as a string, without a new one for the names of a
// sheet's rows.
func tagName(name []byte) string {
	switch string(name) {
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "f":
		return "f"
	case "is":
		return "is"
	case "t":
		return "t"
	case "r":
		return "r"
	case "rPr":
		return "rPr"
	case "rPh":
		return "rPh"
	}
	return string(name)
}

// localName is a name without its namespace prefix.
func localName(b []byte) []byte {
	if j := bytes.IndexByte(b, ':'); j >= 0 {
		return b[j+1:]
	}
	return b
}

// tagAttr is an attribute of the tag just read: its local name and value.
type tagAttr struct{ name, value []byte }

// parseAttrs reads a tag's attributes (name="value", spaces allowed around
// '=') into p.attrs; false when they are not well formed or a value holds
// a reference (r, s and t never do).
func (p *plainRows) parseAttrs(t []byte) bool {
	p.attrs = p.attrs[:0]
	space := func() {
		for len(t) > 0 && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') {
			t = t[1:]
		}
	}
	for {
		space()
		if len(t) == 0 {
			return true
		}
		i := bytes.IndexAny(t, "= \t\r\n")
		if i <= 0 || !xmlName(t[:i]) {
			return false
		}
		name := t[:i]
		t = t[i:]
		space()
		if len(t) == 0 || t[0] != '=' {
			return false
		}
		t = t[1:]
		space()
		if len(t) == 0 || (t[0] != '"' && t[0] != '\'') {
			return false
		}
		j := bytes.IndexByte(t[1:], t[0])
		if j < 0 {
			return false
		}
		v := t[1 : j+1]
		t = t[j+2:]
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '<') >= 0 || !xmlText(v) {
			return false
		}
		p.attrs = append(p.attrs, tagAttr{localName(name), v})
	}
}

// attr returns the value of the attribute local of the tag just read (its
// last, as excelize takes it), or "" without one.
func (p *plainRows) attr(local string) string {
	v, _ := p.attrOK(local)
	return v
}

// attrOK is attr, and whether the tag has the attribute.
func (p *plainRows) attrOK(local string) (string, bool) {
	for i := len(p.attrs) - 1; i >= 0; i-- {
		if string(p.attrs[i].name) == local {
			return string(p.attrs[i].value), true
		}
	}
	return "", false
}

// readText reads an element's text up to the next tag, which must be its
// end tag </name> (any tag when name is ""), with its entities and line
// ends as encoding/xml gives them.
func (p *plainRows) readText(name string) (string, error) {
	text, err := p.textToTag()
	if err != nil {
		return "", err
	}
	if !xmlText(text) {
		return "", errNotPlain
	}
	got, end, _, err := p.readTag()
	if err != nil {
		return "", err
	}
	if name != "" && (got != name || !end) {
		return "", errNotPlain // markup inside the text
	}
	return unescapeText(text)
}

// skipTo skips the content of the element just opened up to its end tag;
// readTag checks that what it skips is well formed.
func (p *plainRows) skipTo() error {
	for depth := len(p.openAt); len(p.openAt) >= depth; {
		if _, err := p.readText(""); err != nil {
			return err
		}
	}
	return nil
}

// unescapeText turns XML character data into its text: entity and
// character references replaced, CR LF and CR read as LF.
func unescapeText(b []byte) (string, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return string(b), nil
	}
	var s strings.Builder
	s.Grow(len(b))
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\r':
			s.WriteByte('\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return "", errNotPlain
			}
			ref := string(b[i+1 : i+j])
			i += j
			switch ref {
			case "lt":
				s.WriteByte('<')
			case "gt":
				s.WriteByte('>')
			case "amp":
				s.WriteByte('&')
			case "quot":
				s.WriteByte('"')
			case "apos":
				s.WriteByte('\'')
			default:
				var n uint64
				var err error
				switch {
				case strings.HasPrefix(ref, "#x"):
					n, err = strconv.ParseUint(ref[2:], 16, 32)
				case strings.HasPrefix(ref, "#"):
					n, err = strconv.ParseUint(ref[1:], 10, 32)
				default:
					return "", errNotPlain
				}
				if err != nil || !xmlChar(rune(n)) {
					return "", errNotPlain
				}
				s.WriteRune(rune(n))
			}
		default:
			s.WriteByte(c)
		}
	}
	return s.String(), nil
}

// xmlChar reports whether r may stand in an XML document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlName reports whether b is a name encoding/xml reads, in ASCII (a
// name with other characters is not plain).
func xmlName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// xmlText reports whether b holds only characters an XML document may.
func xmlText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return utf8.Valid(b) && !bytes.Contains(b, []byte("\xef\xbf\xbe")) && !bytes.Contains(b, []byte("\xef\xbf\xbf"))
}
