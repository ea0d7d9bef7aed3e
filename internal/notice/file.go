package notice

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"duban/internal/duban"
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .doc, .xls
	pdfMagic = []byte("%PDF")
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// ReadFile parses an uploaded notice or plan. It looks at the content, not
// the name: a zip archive is read as .docx, a web page as the text it
// shows (htmltext.go) with its ledger tables read as a .docx's are
// (htmltable.go), anything else as text (decodeText: UTF-8, UTF-16 or
// GBK; \r\n normalised, Markdown marks read). name only appears in error
// messages. It returns an Invalid *duban.Error, in Chinese, for an empty
// file, an old .doc, a PDF, a damaged .docx, or text in none of those
// encodings.
func ReadFile(name string, data []byte) (*Result, error) {
	if bytes.HasPrefix(data, zipMagic) {
		d, err := readDOCX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, docxError(displayName(name), err)
		}
		return readDOCXFile(d), nil
	}
	text, page, err := fileText(displayName(name), data)
	if err != nil {
		return nil, err
	}
	if page {
		// A web page's tables with a ledger's header are read as ledgers
		// (htmltable.go); without one, the page is its text.
		if d := readHTMLPage(text); d != nil {
			return readDOCXFile(d), nil
		}
		return Parse(htmlText(text)), nil
	}
	res := Parse(text)
	if _, _, _, n := res.Outline.Counts(); n == 0 {
		// No measure in the text: they may be in a table written in it,
		// | 序号 | 反馈问题 | 整改措施 | … |, or cells parted by tabs. A
		// table beside measures the text numbers (the next steps' tasks)
		// is not the notice's outline.
		if d := textTables(text); d != nil {
			return readDOCXFile(d), nil
		}
	}
	return res, nil
}

// fileText returns a file's text; page says it is a web page, returned as
// its HTML.
func fileText(name string, data []byte) (text string, page bool, err error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "", false, duban.Errorf(duban.Invalid, "%s是空文件", name)
	case bytes.HasPrefix(data, zipMagic):
		text, err := ExtractDOCXText(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", false, docxError(name, err)
		}
		return text, false, nil
	case bytes.HasPrefix(data, oleMagic):
		return "", false, duban.Errorf(duban.Invalid, "%s是旧版Word文档（.doc），请在Word或WPS中另存为 .docx 后再导入", name)
	case bytes.HasPrefix(data, pdfMagic):
		return "", false, duban.Errorf(duban.Invalid, "暂不支持PDF文件，请将%s的文字复制为文本，或另存为 .docx 后再导入", name)
	}
	text, ok := decodeText(data)
	if !ok {
		return "", false, duban.Errorf(duban.Invalid, "无法识别%s的文字编码（不是UTF-8、UTF-16或GBK），请用记事本等另存为UTF-8编码后再导入", name)
	}
	if isHTML([]byte(text)) {
		return text, true, nil
	}
	return unmarkdown(strings.ReplaceAll(text, "\r\n", "\n")), false, nil
}

// decodeText returns a text file's text: UTF-8 (its BOM dropped), UTF-16
// with a BOM (what Notepad saves as “Unicode”), or else GB18030, which
// reads GBK and GB2312 as many government sites and Chinese Windows still
// write them (a web page saved from such a site, a .txt from Notepad).
// false when the bytes are none of them: a decoding that needs the
// replacement character is taken for a wrong guess.
func decodeText(data []byte) (string, bool) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(b), err == nil && len(data)%2 == 0 && !bytes.ContainsRune(b, utf8.RuneError)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), true
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	return string(b), err == nil && !bytes.ContainsRune(b, utf8.RuneError)
}

// unmarkdown reads the Markdown marks a notice exported as Markdown
// carries, so that it reads as the plain notice: headings (#, ##) are
// levels, numbered as a heading style is (numberHeadings) when they carry
// no number; an ordered list (1. …) is a level below the heading or
// numbered line above it;
// bullets (- * +), rules (---), quote marks (>), bold asterisks and
// escapes (1\.) are dropped.
func unmarkdown(text string) string { return readMarkdown(text, false) }

// readMarkdown is unmarkdown; lists says that every ordered list is a
// list (a web page's <ol>), where in a text file without headings 1. may
// be a number typed.
func readMarkdown(text string, lists bool) string {
	lines := strings.Split(text, "\n")
	headings := make([]int, len(lines))
	for i, l := range lines {
		l = mdEscape.ReplaceAllString(strings.ReplaceAll(l, "**", ""), "$1")
		l = strings.TrimPrefix(strings.TrimLeft(l, " "), "> ")
		switch {
		case mdRule.MatchString(l):
			l = ""
		case mdHeading.MatchString(l):
			m := mdHeading.FindStringSubmatch(l)
			headings[i], l = len(m[1]), strings.TrimSpace(m[2])
		case pageNumber.MatchString(strings.TrimFunc(l, isBlank)):
			// - 2 -: a page's number, dropped later; no bullet before "2 -".
		case mdBullet.MatchString(lines[i]):
			l = strings.TrimSpace(mdBullet.ReplaceAllString(l, ""))
		}
		lines[i] = l
	}
	numberHeadings(lines, headings)
	level, seen := 0, lists // the level of the numbered line above the list, and whether lists are lists
	for i, l := range lines {
		m := mdOrdered.FindStringSubmatch(l)
		switch {
		case m != nil && seen && level > 0:
			lines[i] = levelMarks[min(level, len(levelMarks)-1)](atoi(m[1])) + m[2]
		case m != nil:
		case headings[i] > 0:
			level, _ = marker(l)
			seen = true
		default:
			if lvl, _ := marker(l); lvl > 0 {
				level = lvl
			}
		}
	}
	return strings.Join(lines, "\n")
}

var (
	mdHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*$`)
	mdBullet  = regexp.MustCompile(`^\s*[-*+•·]\s+`)
	mdOrdered = regexp.MustCompile(`^([0-9]+)\.\s+(.+)$`)
	mdRule    = regexp.MustCompile(`^\s*(?:-{3,}|\*{3,}|_{3,})\s*$`)
	mdEscape  = regexp.MustCompile(`\\([\\.*_#+\-()\[\]!])`)
)

// displayName quotes a file name for a message: “通报.txt”, or 文件.
func displayName(name string) string {
	if name = strings.TrimSpace(name); name == "" {
		return "文件"
	}
	return "文件“" + name + "”"
}

// docxError is what the user reads when a .docx cannot be read.
func docxError(name string, err error) error {
	if errors.Is(err, errTooLarge) {
		return duban.Errorf(duban.Invalid, "%s的正文超过%dMB，无法导入", name, maxDocumentXML>>20)
	}
	return duban.Errorf(duban.Invalid, "%s不是有效的Word文档（.docx），无法读取正文", name)
}
