package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// streamRow is the XML excelize's stream writer writes for a row 1 of a
// text cell with style 1, a cell of style 2 without a value, and height.
func streamRow(t testing.TB, text string, height float64) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: 1, Value: text}, excelize.Cell{StyleID: 2}}, excelize.RowOpts{Height: height}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`(?s)<row .*</row>`).FindString(string(b))
	}
	t.Fatal("no sheet in the workbook")
	return ""
}

// bodyRowXML is the XML sheetBody writes for the same row.
func bodyRowXML(t testing.TB, text string, height float64) string {
	return bodyXML(t, 1, []bodyCell{{style: 1, text: text}, {style: 2, noValue: true}}, height)
}

// bodyXML is the XML sheetBody writes for row r of cells.
func bodyXML(t testing.TB, r int, cells []bodyCell, height float64) string {
	t.Helper()
	b, err := newSheetBody(len(cells))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.writeRow(r, cells, height); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := b.copyTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// halfPairCode tells texts whose _xHHHH_ names half a UTF-16 pair, which
// excelize drops and the body keeps.
var halfPairCode = regexp.MustCompile(`_x[dD][89a-fA-F][0-9a-fA-F]{2}_`)

var bodyTexts = []string{
	"", "整改举措", "a", " 前后有空格 ", "\t制表", "换行\n", "\r回车", "中间\n换行\r\n和\t制表",
	`<引号 "双" '单' & 符号>`, "控制\x01\x02\x1f字符", "\x00", "无效\xff\xfe字节", "\uFFFE\uFFFF", "合法\uFFFD替换符",
	"emoji 😀 和 𠀀", "_x0041_", "_x005F_", "_x005F_x0041_", "a_x00zz_b", "_x0041__x0042_", "__x0041_", "_X0041_",
	"_x005F_xD800_", "尾_x",
	strings.Repeat("长", 40000), strings.Repeat("😀", 20000), strings.Repeat("a", 32767) + "b", strings.Repeat("字", 32766) + "😀",
}

// The body rows are the stream writer's own XML: the same escaping, white
// space attribute, cut at 32,767 UTF-16 units, styles, empty cells and row
// height.
func TestSheetBodyIsStreamWritersXML(t *testing.T) {
	for _, text := range bodyTexts {
		for _, h := range []float64{0, 20.5, 409} {
			if halfPairCode.MatchString(text) {
				continue
			}
			if got, want := bodyRowXML(t, text, h), streamRow(t, text, h); got != want {
				t.Errorf("%q at height %v:\n got %.300s\nwant %.300s", text, h, got, want)
			}
		}
	}
	if err := (&sheetBody{}).writeRow(1, nil, 410); err == nil {
		t.Error("a row higher than Excel allows was written")
	}
}

// A _xHHHH_ naming half a UTF-16 pair is kept (escaped as any code is),
// where excelize drops it from the text.
func TestSheetBodyKeepsHalfPairCodes(t *testing.T) {
	got, _ := cellText("前_xD800_后")
	if got != "前_x005F_xD800_后" {
		t.Errorf("got %q, want the code kept and escaped", got)
	}
}

// A ledger written with the body spliced in reads back, through excelize,
// with every text as given.
func TestSheetBodySplicedReadsBack(t *testing.T) {
	b, err := newSheetBody(1)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	f := excelize.NewFile()
	defer f.Close()
	var out bytes.Buffer
	f.SetZipWriter(func(x io.Writer) excelize.ZipWriter { return &spliceZip{ZipWriter: zipTo(&out)(x), b: b} })
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"表头"}); err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A2", []any{b.marker}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, text := range bodyTexts {
		if err := b.writeRow(i+2, []bodyCell{{style: 0, text: text}}, 0); err != nil {
			t.Fatal(err)
		}
		want = append(want, text)
	}
	if err := sw.SetRow("A"+strconv.Itoa(len(bodyTexts)+2), []any{"表尾"}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	r, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := r.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(bodyTexts)+2 || rows[0][0] != "表头" || rows[len(rows)-1][0] != "表尾" {
		t.Fatalf("got %d rows, want the header, %d body rows and the footer", len(rows), len(bodyTexts))
	}
	for i, text := range want {
		got := ""
		if len(rows[i+1]) > 0 {
			got = rows[i+1][0]
		}
		if exp := readBack(text); got != exp {
			t.Errorf("row %d: read %.80q, want %.80q", i+2, got, exp)
		}
	}
}

// readBack is what a text reads back as from a cell: cut to 32,767 UTF-16
// units, invalid characters replaced; a carriage return is kept.
func readBack(s string) string {
	s, _ = cellText(s)
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&#x9;", "\t", "&#xD;", "\r").Replace(s)
	return strings.ReplaceAll(s, "_x005F_", "_")
}

// FuzzSheetBody compares the body's XML with the stream writer's for any
// text (but for half-pair codes, which excelize drops).
func FuzzSheetBody(f *testing.F) {
	for _, text := range bodyTexts {
		if len(text) < 1000 {
			f.Add(text)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if halfPairCode.MatchString(text) {
			t.Skip()
		}
		if got, want := bodyRowXML(t, text, 15), streamRow(t, text, 15); got != want {
			t.Errorf("%q:\n got %s\nwant %s", text, got, want)
		}
	})
}

// A worksheet part without the marker passes through whole, before or
// after the ledger's; a workbook without the marker is refused.
func TestSpliceOtherSheets(t *testing.T) {
	b, err := newSheetBody(1)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.writeRow(2, []bodyCell{{style: 1, text: "正文"}}, 0); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	z := &spliceZip{ZipWriter: zip.NewWriter(&out), b: b}
	parts := []struct{ name, text string }{
		{"xl/worksheets/sheet2.xml", "<worksheet>另一张表</worksheet>"},
		{"xl/worksheets/sheet1.xml", `<sheetData><row r="1"><c/></row><row r="2"><c t="inlineStr"><is><t>` + b.marker + `</t></is></c></row></sheetData>`},
		{"xl/worksheets/sheet3.xml", "<worksheet>第三张</worksheet>"},
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		for chunk := range slices.Chunk([]byte(p.text), 7) { // the marker split across writes
			if _, err := w.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		parts[0].name: parts[0].text,
		parts[1].name: `<sheetData><row r="1"><c/></row>` + bodyXML(t, 2, []bodyCell{{style: 1, text: "正文"}}, 0) + `</sheetData>`,
		parts[2].name: parts[2].text,
	}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		if string(got) != want[f.Name] {
			t.Errorf("%s: got %s, want %s", f.Name, got, want[f.Name])
		}
	}

	var none bytes.Buffer
	z = &spliceZip{ZipWriter: zip.NewWriter(&none), b: b}
	if w, err := z.Create("xl/worksheets/sheet1.xml"); err != nil {
		t.Fatal(err)
	} else if _, err := w.Write([]byte("<sheetData/>")); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err == nil {
		t.Error("a workbook without the body's place was written without an error")
	}
}
