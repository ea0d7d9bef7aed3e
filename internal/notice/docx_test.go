package notice

import (
	"archive/zip"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"duban/internal/duban"
)

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`

// documentXML has a tab-stop definition (not text), a heading split over
// two runs, a tab and a line break inside a run, and a deleted revision.
const documentXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>
<w:p><w:r><w:t>中共某局党组</w:t></w:r></w:p>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>关于巡察整改</w:t></w:r><w:r><w:t xml:space="preserve">情况的通报</w:t></w:r></w:p>
<w:p><w:r><w:t>一、关于“制度不健全”的问题</w:t></w:r><w:del><w:r><w:delText>（已删）</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:t>一是修订制度。</w:t><w:tab/><w:t>二是</w:t><w:br/><w:t>加强检查。</w:t></w:r></w:p>
<w:p><w:r><w:t>2023年5月6日</w:t></w:r></w:p>
<w:sectPr/>
</w:body>
</w:document>`

const wantDocText = "中共某局党组\n关于巡察整改情况的通报\n一、关于“制度不健全”的问题\n一是修订制度。\t二是\n加强检查。\n2023年5月6日"

// mustDOCX builds a minimal .docx holding the given parts.
func mustDOCX(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := slices.Sorted(maps.Keys(parts))
	for _, name := range names {
		body := parts[name]
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExtractDOCXText(t *testing.T) {
	data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": documentXML})
	got, err := ExtractDOCXText(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got != wantDocText {
		t.Fatalf("got %q, want %q", got, wantDocText)
	}
	r := Parse(got)
	m := r.Outline.Meta
	if m.Unit != "中共某局党组" || m.Title != "关于巡察整改情况的通报" || m.SignedDate.String() != "2023-05-06" {
		t.Errorf("meta: got unit %q title %q signed %s", m.Unit, m.Title, m.SignedDate)
	}
	_, problems, _, measures := r.Outline.Counts()
	if problems != 1 || measures != 2 {
		t.Errorf("got %d problems and %d measures, want 1 and 2", problems, measures)
	}
	if m := r.Outline.Aspects[0].Measures[1]; m.Title != "加强检查" || m.Content != "" {
		t.Errorf("second measure: got %q / %q, want 加强检查 and no content beyond its title", m.Title, m.Content)
	}
}

func TestExtractDOCXTextErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"not a zip", []byte("plain text")},
		{"no document.xml", mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes})},
		{"broken xml", mustDOCX(t, map[string]string{"word/document.xml": "<w:document><w:body>"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ExtractDOCXText(bytes.NewReader(tt.data), int64(len(tt.data))); err == nil {
				t.Errorf("got no error, want one")
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	docx := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": documentXML})
	text := "\ufeff关于某局巡察整改方案\r\n一、关于“制度不健全”的问题\r\n修订制度。\r\n"
	tests := []struct {
		name         string
		data         []byte
		wantProblems int
		wantErr      string // part of the message; "" for success
	}{
		{"docx", docx, 1, ""},
		{"utf-8 with BOM and CRLF", []byte(text), 1, ""},
		{"gbk", encode(t, simplifiedchinese.GBK, strings.TrimPrefix(text, "\ufeff")), 1, ""},
		{"gb18030 web page", encode(t, simplifiedchinese.GB18030, `<html><head><meta charset="gb2312"><title>通报</title></head><body>
<p>关于某局巡察整改方案</p><p>一、关于“制度不健全”的问题</p><p>修订制度。</p></body></html>`), 1, ""},
		{"utf-16 little-endian", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), strings.TrimPrefix(text, "\ufeff")), 1, ""},
		{"utf-16 big-endian", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), strings.TrimPrefix(text, "\ufeff")), 1, ""},
		{"utf-16 cut short", []byte{0xFF, 0xFE, 0x2D, 0x4E, 0x2D}, 0, "的文字编码（不是UTF-8、UTF-16或GBK）"},
		{"no encoding", []byte{0x81, 0x20, 0xFF, 0xFE, 0x0A}, 0, "的文字编码（不是UTF-8、UTF-16或GBK）"},
		{"old .doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, 0, ".doc"},
		{"pdf", []byte("%PDF-1.7"), 0, "PDF"},
		{"damaged docx", []byte("PK\x03\x04garbage"), 0, "不是有效的Word文档"},
		{"empty", []byte(" \n"), 0, "空文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ReadFile("通报", tt.data)
			if tt.wantErr != "" {
				if duban.ErrorCode(err) != duban.Invalid || !strings.Contains(duban.ErrorMessage(err), tt.wantErr) {
					t.Fatalf("got error %v, want an invalid error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, p, _, _ := r.Outline.Counts(); p != tt.wantProblems {
				t.Errorf("problems: got %d, want %d", p, tt.wantProblems)
			}
			if r.Outline.Meta.Title == "" || strings.HasPrefix(r.Outline.Meta.Title, "\ufeff") {
				t.Errorf("title: got %q, want it without a BOM", r.Outline.Meta.Title)
			}
		})
	}
}

// encode writes text in enc.
func encode(t *testing.T, enc encoding.Encoding, text string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listXML numbers a list 一、 （一） 1. as a Chinese notice does.
const listXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="3">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>`

// numbered writes a paragraph of list 1 at level ilvl.
func numbered(ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="a3"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, ilvl, text)
}

// styled writes a paragraph of a style.
func styled(style, text string) string {
	if style == "" {
		return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func documentOf(paras ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + strings.Join(paras, "") + `<w:sectPr/></w:body></w:document>`
}

// Numbers Word generates for a list (w:numPr) and levels given by heading
// styles (标题 1, heading 2) without a typed number are read as typed
// numbers would be.
func TestReadDOCXNumbering(t *testing.T) {
	stylesXML := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 3"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="List Paragraph"/></w:style>
</w:styles>`
	tests := []struct {
		name     string
		doc      string
		wantText string
		want     []string
	}{
		{"a list", documentOf(
			styled("", "中共某局党组关于巡察整改进展情况的通报"),
			styled("", "根据县委统一部署，县委第一巡察组对局党组进行了巡察。"),
			numbered(0, "巡察反馈问题整改情况"),
			numbered(1, "党的建设方面"),
			numbered(2, "关于“理论学习不深入”的问题"),
			styled("", "一是制定计划。二是开展研讨。"),
			numbered(2, "关于“支部建设薄弱”的问题"),
			numbered(3, "开展支部标准化建设；"),
			numbered(3, "配齐支部书记。"),
			numbered(1, "作风建设方面"),
			numbered(2, "关于“接待超标”的问题"),
			styled("", "建立接待台账。"),
			numbered(0, "下一步工作打算"),
			styled("", "持续巩固整改成果。"),
		), "一、巡察反馈问题整改情况\n（一）党的建设方面\n1.关于“理论学习不深入”的问题\n一是制定计划。二是开展研讨。\n2.关于“支部建设薄弱”的问题\n①开展支部标准化建设；\n②配齐支部书记。\n（二）作风建设方面\n1.关于“接待超标”的问题", []string{
			"理论学习不深入 | 制定计划 |  | ",
			"理论学习不深入 | 开展研讨 |  | ",
			"支部建设薄弱 | 开展支部标准化建设 |  | ",
			"支部建设薄弱 | 配齐支部书记 |  | ",
			"接待超标 | 建立接待台账 |  | ",
		}},
		{"heading styles", documentOf(
			styled("1", "中共某局党组关于巡察整改进展情况的通报"),
			styled("", "根据县委统一部署，县委第一巡察组对局党组进行了巡察。"),
			styled("1", "巡察反馈问题整改情况"),
			styled("2", "党的建设方面"),
			styled("3", "理论学习不深入"),
			styled("", "制定年度学习计划。"),
			styled("3", "支部建设薄弱"),
			styled("", "开展支部标准化建设。"),
			styled("2", "作风建设方面"),
			styled("3", "接待超标"),
			styled("", "建立接待台账。"),
			styled("1", "下一步工作打算"),
			styled("", "持续巩固整改成果。"),
		), "一、巡察反馈问题整改情况\n（一）党的建设方面\n1.理论学习不深入\n制定年度学习计划。\n2.支部建设薄弱\n开展支部标准化建设。\n（二）作风建设方面\n1.接待超标", []string{
			"理论学习不深入 | 制定年度学习计划 |  | ",
			"支部建设薄弱 | 开展支部标准化建设 |  | ",
			"接待超标 | 建立接待台账 |  | ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": tt.doc,
				"word/numbering.xml": listXML, "word/styles.xml": stylesXML})
			text, err := ExtractDOCXText(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, tt.wantText) {
				t.Errorf("text:\n%s\nwant it to hold:\n%s", text, tt.wantText)
			}
			r, err := ReadFile("通报.docx", data)
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, r, tt.want)
			if got := r.Outline.Meta.Title; got != "中共某局党组关于巡察整改进展情况的通报" {
				t.Errorf("title %q", got)
			}
		})
	}
}
