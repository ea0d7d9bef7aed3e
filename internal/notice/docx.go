package notice

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
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
// w:numPr: 一、 （一） 1. set by a list style rather than typed) are not in
// the text and cannot be recovered from it; a document numbered that way
// loses its numbering here, and Parse then sees unnumbered paragraphs.
func ExtractDOCXText(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("notice: open docx: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("notice: open document.xml: %w", err)
		}
		defer rc.Close()
		return documentText(&limitedReader{r: rc, n: maxDocumentXML})
	}
	return "", errNoDocument
}

// documentText walks document.xml.
func documentText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var w docText
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return strings.Join(w.paras, "\n"), nil
		}
		if err != nil {
			return "", fmt.Errorf("notice: read document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if wordNS[t.Name.Space] {
				w.start(t.Name.Local)
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
	open   []*strings.Builder
	inText bool
	runs   int // open w:r elements
}

func (w *docText) start(local string) {
	switch local {
	case "p":
		w.open = append(w.open, &strings.Builder{})
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
	switch local {
	case "p":
		if n := len(w.open); n > 0 {
			w.paras = append(w.paras, w.open[n-1].String())
			w.open = w.open[:n-1]
		}
	case "r":
		w.runs--
	case "t":
		w.inText = false
	}
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
