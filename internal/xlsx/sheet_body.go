package xlsx

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A ledger's body rows are written as sheet XML here, not through
// excelize's stream writer, whose SetRow took a third of a large export's
// CPU (encoding/xml escaping and a regular expression over every string).
// The title and header rows still go through the stream writer, then one
// marker row; when the workbook is zipped, the marker row is replaced by
// the body rows (spliceZip). The XML written is the stream writer's own, as
// SetRow would write it (sheet_body_test.go compares the two), except that
// a text holding _xD800_ (a code of half a UTF-16 pair) keeps it, escaped as
// any other, where excelize drops it.

// sheetBody holds the XML of the body rows in a temporary file.
type sheetBody struct {
	f      *os.File
	w      *bufio.Writer
	buf    []byte
	cols   []string // the column letters
	marker string   // the text of the marker row's one cell
}

// bodyCell is a body cell: its style and text, or no value (a cell a merge
// above covers).
type bodyCell struct {
	style   int
	text    string
	noValue bool
}

func newSheetBody(cols int) (*sheetBody, error) {
	f, err := os.CreateTemp("", "duban-sheet-*.xml")
	if err != nil {
		return nil, err
	}
	var tag [12]byte
	if _, err := rand.Read(tag[:]); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	b := &sheetBody{f: f, w: bufio.NewWriterSize(f, 1<<16), marker: "duban-body-" + hex.EncodeToString(tag[:])}
	for c := range cols {
		name, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			b.Close()
			return nil, err
		}
		b.cols = append(b.cols, name)
	}
	return b, nil
}

// Close removes the temporary file.
func (b *sheetBody) Close() error {
	b.f.Close()
	return os.Remove(b.f.Name())
}

// writeRow writes row r (1-based) of cells with a height in points.
func (b *sheetBody) writeRow(r int, cells []bodyCell, height float64) error {
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	buf := append(b.buf[:0], `<row r="`...)
	buf = strconv.AppendInt(buf, int64(r), 10)
	buf = append(buf, '"')
	if height > 0 {
		buf = append(buf, ` ht="`...)
		buf = strconv.AppendFloat(buf, height, 'f', -1, 64)
		buf = append(buf, `" customHeight="1"`...)
	}
	buf = append(buf, '>')
	for c, cell := range cells {
		buf = append(buf, `<c r="`...)
		buf = append(buf, b.cols[c]...)
		buf = strconv.AppendInt(buf, int64(r), 10)
		buf = append(buf, '"')
		if cell.style != 0 {
			buf = append(buf, ` s="`...)
			buf = strconv.AppendInt(buf, int64(cell.style), 10)
			buf = append(buf, '"')
		}
		if cell.noValue {
			buf = append(buf, `></c>`...)
			continue
		}
		buf = append(buf, ` t="inlineStr"><is><t`...)
		text, preserve := cellText(cell.text)
		if preserve {
			buf = append(buf, ` xml:space="preserve"`...)
		}
		buf = append(buf, '>')
		buf = append(buf, text...)
		buf = append(buf, `</t></is></c>`...)
	}
	buf = append(buf, `</row>`...)
	b.buf = buf
	_, err := b.w.Write(buf)
	return err
}

// cellText is a text as an inline string cell holds it: cut to Excel's
// 32,767 UTF-16 units, escaped for XML as encoding/xml escapes it (but for
// line feeds, kept), and a literal _xHHHH_ escaped as _x005F_xHHHH_ so that
// readers do not take it for an escaped character; preserve is whether the
// text begins or ends with white space.
func cellText(s string) (text string, preserve bool) {
	if len(s) > excelize.TotalCellChars {
		n := 0
		for i, r := range s {
			if n += utf16Len(r); n > excelize.TotalCellChars {
				s = s[:i]
				break
			}
		}
	}
	if s == "" {
		return "", false
	}
	for _, c := range [...]byte{s[0], s[len(s)-1]} {
		if c == '\t' || c == '\n' || c == '\r' || c == ' ' {
			preserve = true
		}
	}
	if !plainText(s) {
		var buf strings.Builder
		_ = xml.EscapeText(&buf, []byte(s))
		s = strings.ReplaceAll(buf.String(), "&#xA;", "\n")
	}
	if strings.Contains(s, "_x") {
		s = escapeCodes(s)
	}
	return s, preserve
}

// utf16Len is how many UTF-16 units r takes.
func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// plainText reports whether s needs no XML escaping: no markup character,
// no control character but the line feed, valid UTF-8 without U+FFFE or
// U+FFFF.
func plainText(s string) bool {
	wide := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&' || c == '<' || c == '>' || c == '"' || c == '\'':
			return false
		case c < 0x20 && c != '\n':
			return false
		case c >= 0x80:
			wide = true
		}
	}
	return !wide || utf8.ValidString(s) && !strings.ContainsRune(s, 0xFFFE) && !strings.ContainsRune(s, 0xFFFF)
}

var codeExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// escapeCodes escapes each _xHHHH_ of s as excelize's stream writer does:
// _x005F_xHHHH_, and _x005F_ itself as _x005F_x005F_ (followed by another
// code: _x005F_x005F_x005F_ and the code's text). A code of half a UTF-16
// pair is escaped as any other (excelize drops it, or after _x005F_ leaves
// it for readers to decode).
func escapeCodes(s string) string {
	var out strings.Builder
	cursor := 0
	for _, m := range codeExp.FindAllStringIndex(s, -1) {
		out.WriteString(s[cursor:m[0]])
		sub := s[m[0]:m[1]]
		cursor = m[1]
		if sub == "_x005F_" {
			if next := s[m[1]:min(m[1]+6, len(s))]; len(next) == 6 && next[0] == 'x' && next[5] == '_' && isHex(next[1:5]) {
				out.WriteString(sub + "x005F" + sub)
				continue
			}
			out.WriteString(sub + "x005F_")
			continue
		}
		out.WriteString("_x005F" + sub) // half a UTF-16 pair too, which excelize drops
	}
	out.WriteString(s[cursor:])
	return out.String()
}

// isHex reports whether h is all hexadecimal digits.
func isHex(h string) bool {
	_, err := strconv.ParseUint(h, 16, 32)
	return err == nil
}

// spliceZip has the workbook's sheet parts go through spliceBody, which puts
// the body rows of b in the place of its marker row.
type spliceZip struct {
	excelize.ZipWriter
	b     *sheetBody
	cur   *spliceBody // the part being written, when it is a worksheet
	found bool
}

// Create starts a part; a worksheet's goes through a splice.
func (z *spliceZip) Create(name string) (io.Writer, error) {
	if err := z.endPart(); err != nil {
		return nil, err
	}
	w, err := z.ZipWriter.Create(name)
	if err != nil || !strings.HasPrefix(name, "xl/worksheets/") {
		return w, err
	}
	z.cur = &spliceBody{z: z, w: w}
	return z.cur, nil
}

// endPart writes out what a worksheet part that ended without the marker
// still holds (another sheet's).
func (z *spliceZip) endPart() error {
	s := z.cur
	z.cur = nil
	if s == nil || s.done || len(s.held) == 0 {
		return nil
	}
	s.done = true
	_, err := s.w.Write(s.held)
	s.held = nil
	return err
}

// Close ends the zip; the marker row must have been met.
func (z *spliceZip) Close() error {
	if err := z.endPart(); err != nil {
		return err
	}
	if err := z.ZipWriter.Close(); err != nil {
		return err
	}
	if !z.found {
		return errors.New("xlsx: the body's place was not found in the sheet")
	}
	return nil
}

// spliceBody passes a worksheet part through, the marker row replaced by
// the body rows. The marker comes a few rows into the part: what comes
// before it is held until it is met.
type spliceBody struct {
	z    *spliceZip
	w    io.Writer
	held []byte
	done bool
}

func (s *spliceBody) Write(p []byte) (int, error) {
	if s.done || s.z.found {
		return s.w.Write(p)
	}
	s.held = append(s.held, p...)
	at := bytes.Index(s.held, []byte(s.z.b.marker))
	if at < 0 {
		if len(s.held) > 1<<20 {
			s.done = true // not in this part's first MiB: not the ledger's sheet
			if _, err := s.w.Write(s.held); err != nil {
				return 0, err
			}
			s.held = nil
		}
		return len(p), nil
	}
	end := bytes.Index(s.held[at:], []byte(`</row>`))
	if end < 0 {
		return len(p), nil // the rest of the marker row is still to come
	}
	start := bytes.LastIndex(s.held[:at], []byte(`<row `))
	if start < 0 {
		return 0, errors.New("xlsx: the body's marker is outside a row")
	}
	end += at + len(`</row>`)
	s.z.found, s.done = true, true
	if _, err := s.w.Write(s.held[:start]); err != nil {
		return 0, err
	}
	if err := s.z.b.copyTo(s.w); err != nil {
		return 0, err
	}
	if _, err := s.w.Write(s.held[end:]); err != nil {
		return 0, err
	}
	s.held = nil
	return len(p), nil
}

// copyTo writes the body rows to w.
func (b *sheetBody) copyTo(w io.Writer) error {
	if err := b.w.Flush(); err != nil {
		return fmt.Errorf("xlsx: sheet body: %w", err)
	}
	if _, err := b.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("xlsx: sheet body: %w", err)
	}
	_, err := io.Copy(w, b.f)
	return err
}
