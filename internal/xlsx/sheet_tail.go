package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A worksheet's merged ranges and printed page header come after all its
// rows (<sheetData>) in the sheet's XML. excelize reads them by unmarshalling
// the whole sheet into structs, which for a ledger of 10,000 rows costs more
// than reading its rows. The tail is read here instead: the sheet's part is
// unzipped and searched for the end of its rows as bytes, and only what
// follows is parsed. A workbook the search cannot follow (parts it cannot
// place) is read by excelize as before.

// sheetTail is what a worksheet holds after its rows.
type sheetTail struct {
	merges []string                      // "A1:B3"
	header *excelize.HeaderFooterOptions // nil when the sheet has none, as excelize says
}

// workbook is an opened workbook with the tails of the sheets it could read.
type workbook struct {
	*excelize.File
	tails  map[string]*sheetTail // by sheet name; a missing sheet is read by excelize
	sheets map[string]*zip.File  // each sheet's part, by sheet name (plainRows)
	parts  map[string]*zip.File  // every part, by its name in the package
	plain  bookCells
}

// unpackToFile is the unpacked size above which a sheet is read from a
// temporary file instead of memory.
const unpackToFile = 1 << 20

// openBook opens a workbook from r.
func openBook(r io.Reader) (*workbook, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxUnzipSize+1))
	if err != nil {
		return nil, err
	}
	// The tails are read beside excelize's opening: both unzip the sheets.
	opened := make(chan *workbook, 1)
	go func() {
		out := &workbook{tails: map[string]*sheetTail{}, parts: map[string]*zip.File{}}
		if z, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
			for _, f := range z.File {
				out.parts[strings.TrimPrefix(f.Name, "/")] = f
			}
			out.sheets = sheetParts(out.parts)
			for name, part := range out.sheets {
				if t, err := readTail(part); err == nil {
					out.tails[name] = t
				}
			}
		}
		opened <- out
	}()
	// A sheet of more than 1 MiB is unpacked to a temporary file (removed
	// by Close) and its rows are read from there as they are asked for.
	// In memory, excelize's buffer for a 10,000-row sheet (11.5 MB) grew to
	// twice that at its last bytes, and zeroing and copying it took 0.15 s
	// before the first row could be read.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: unpackToFile, CultureInfo: excelize.CultureNameZhCN})
	b := <-opened
	b.File = f
	if err != nil {
		return nil, err
	}
	return b, nil
}

// mergeCells lists a sheet's merged ranges as "A1:B3".
func (b *workbook) mergeCells(name string) ([]string, error) {
	if t, ok := b.tails[name]; ok {
		return t.merges, nil
	}
	merges, err := b.GetMergeCells(name, true)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(merges))
	for i, m := range merges {
		out[i] = m.GetStartAxis() + ":" + m.GetEndAxis()
	}
	return out, nil
}

// headerFooter returns a sheet's printed page header and footer.
func (b *workbook) headerFooter(name string) (*excelize.HeaderFooterOptions, error) {
	if t, ok := b.tails[name]; ok {
		return t.header, nil
	}
	return b.GetHeaderFooter(name)
}

// sheetParts finds each worksheet's part among the package's files (by
// name, without a leading slash): the package's relationships name the
// workbook, the workbook's name the sheets.
func sheetParts(files map[string]*zip.File) map[string]*zip.File {
	rels := func(of string) map[string]string {
		name := path.Join(path.Dir(of), "_rels", path.Base(of)+".rels")
		if of == "" {
			name = "_rels/.rels"
		}
		out := map[string]string{}
		f, ok := files[name]
		if !ok {
			return out
		}
		eachStart(f, func(e xml.StartElement) {
			if e.Name.Local != "Relationship" || attr(e, "TargetMode") == "External" {
				return
			}
			target := attr(e, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(path.Dir(of), target)
			}
			out[attr(e, "Id")] = target
			if strings.HasSuffix(attr(e, "Type"), "/officeDocument") {
				out[""] = target
			}
		})
		return out
	}
	wbPath := rels("")[""]
	wb, ok := files[wbPath]
	if !ok {
		return nil
	}
	targets := rels(wbPath)
	out := map[string]*zip.File{}
	eachStart(wb, func(e xml.StartElement) {
		if e.Name.Local != "sheet" {
			return
		}
		for _, a := range e.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				if f, ok := files[targets[a.Value]]; ok {
					out[attr(e, "name")] = f
				}
			}
		}
	})
	return out
}

// eachStart calls fn with every start element of a small part.
func eachStart(f *zip.File, fn func(xml.StartElement)) {
	r, err := f.Open()
	if err != nil {
		return
	}
	defer r.Close()
	d := xml.NewDecoder(io.LimitReader(r, 16<<20))
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if e, ok := tok.(xml.StartElement); ok {
			fn(e)
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

var errNoRows = errors.New("xlsx: the sheet's rows do not end")

// readTail unzips a worksheet, finds where its rows end and parses what
// follows. The rows end at </sheetData> (or </x:sheetData> in a workbook
// that writes its elements with a prefix), or at <sheetData/>; neither can
// stand inside a cell's text, whose "<" is escaped.
func readTail(f *zip.File) (*sheetTail, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	const keep = 64 // longer than any prefixed closing tag searched for
	buf := make([]byte, 0, 1<<20)
	var tail []byte
	for {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if at := rowsEnd(buf); at >= 0 {
			tail = append(tail, buf[at:]...)
			rest, err := io.ReadAll(io.LimitReader(r, maxUnzipSize))
			if err != nil {
				return nil, err
			}
			tail = append(tail, rest...)
			break
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, errNoRows
		}
		if err != nil {
			return nil, err
		}
		if len(buf) > keep {
			copy(buf, buf[len(buf)-keep:])
			buf = buf[:keep]
		}
	}
	return parseTail(tail), nil
}

// rowsEnd returns the offset just after the end of <sheetData> in b, or -1.
func rowsEnd(b []byte) int {
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte("sheetData"))
		if i < 0 {
			return -1
		}
		i += from
		from = i + 1
		after := b[i+len("sheetData"):]
		// the element's name begins after "<", "</", or a prefix's ":"
		j := i
		for j > 0 && isNameByte(b[j-1]) && b[j-1] != ':' {
			j--
		}
		if j != i {
			continue // part of a longer name
		}
		if j > 0 && b[j-1] == ':' {
			j--
			for j > 0 && isNameByte(b[j-1]) {
				j--
			}
		}
		switch {
		case j >= 2 && b[j-2] == '<' && b[j-1] == '/' && bytes.HasPrefix(after, []byte(">")):
			return i + len("sheetData>")
		case j >= 1 && b[j-1] == '<' && bytes.HasPrefix(after, []byte("/>")):
			return i + len("sheetData/>")
		}
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// parseTail reads the merged ranges and the page header from the elements
// after a sheet's rows. The tail closes the worksheet element it did not
// open: the decoder stops there.
func parseTail(tail []byte) *sheetTail {
	t := &sheetTail{merges: []string{}}
	d := xml.NewDecoder(bytes.NewReader(tail))
	d.Strict = false
	var text *string             // the header or footer whose text is being read
	var texts map[string]*string // each header and footer element's field, once <headerFooter> is met
	for {
		tok, err := d.Token()
		if err != nil {
			return t
		}
		switch e := tok.(type) {
		case xml.StartElement:
			text = nil
			switch e.Name.Local {
			case "mergeCell":
				if ref := attr(e, "ref"); ref != "" {
					t.merges = append(t.merges, ref)
				}
			case "headerFooter":
				h := &excelize.HeaderFooterOptions{DifferentFirst: isTrue(attr(e, "differentFirst")), DifferentOddEven: isTrue(attr(e, "differentOddEven"))}
				t.header = h
				texts = map[string]*string{"oddHeader": &h.OddHeader, "oddFooter": &h.OddFooter, "evenHeader": &h.EvenHeader,
					"evenFooter": &h.EvenFooter, "firstHeader": &h.FirstHeader, "firstFooter": &h.FirstFooter}
			default:
				text = texts[e.Name.Local] // nil outside <headerFooter> or for another element
			}
		case xml.CharData:
			if text != nil {
				*text += string(e)
			}
		case xml.EndElement:
			text = nil
		}
	}
}

// isTrue reads an XML boolean attribute.
func isTrue(v string) bool { return v == "1" || v == "true" }
