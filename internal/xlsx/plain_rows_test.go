package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readBoth reads every sheet of a workbook through excelize's Rows and
// through b.rows, and fails where they differ (rows, or whether the
// reading failed); it returns how many sheets plainRows handed over to
// excelize.
func readBoth(t *testing.T, data []byte) int64 {
	t.Helper()
	b, err := openBook(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before := handOvers.Load()
	for _, name := range b.GetSheetList() {
		want, werr := allRows(func() (rowSource, error) { return b.Rows(name) })
		got, gerr := allRows(func() (rowSource, error) { return b.rows(name) })
		if (werr == nil) != (gerr == nil) {
			t.Errorf("sheet %s: read with error %v, excelize with %v", name, gerr, werr)
		}
		if len(got) != len(want) {
			t.Errorf("sheet %s: %d rows, excelize reads %d", name, len(got), len(want))
		}
		for i := range min(len(got), len(want)) {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("sheet %s row %d:\n got %q\nwant %q", name, i+1, got[i], want[i])
			}
		}
	}
	return handOvers.Load() - before
}

// allRows reads every row, each as a non-nil slice, up to an error.
func allRows(open func() (rowSource, error)) ([][]string, error) {
	rows, err := open()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return out, err
		}
		if cols == nil {
			cols = []string{}
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}

// FuzzPlainRows reads sheets of any rows both ways.
func FuzzPlainRows(f *testing.F) {
	for _, rows := range plainSeeds {
		f.Add(rows)
	}
	f.Fuzz(func(t *testing.T, rows string) {
		readBoth(t, handWorkbook(t, rows))
	})
}

// TestPlainRowsMatchExcelize reads workbooks of every kind of cell both
// ways: text, shared and inline strings, rich text, numbers in every size
// and style, formulas, dates, booleans, errors, gaps between rows and
// cells, entities and line ends, prefixed elements. Plain sheets are read
// without excelize; the others are handed over and still read the same.
func TestPlainRowsMatchExcelize(t *testing.T) {
	t.Run("written by excelize, plain", func(t *testing.T) {
		f := excelize.NewFile()
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true}})
		if err != nil {
			t.Fatal(err)
		}
		values := []any{"问题", "  前后有空格  ", "a < b & c > d", "第一行\r\n第二行\r第三行", `"引号"'单引号'`, 0, 7, 12345678901,
			1.5, 0.1, 2.5e-7, 99.125, "=不是公式", "", "08", "1_2", "￥1,000"}
		for r := 1; r <= 60; r++ {
			if r%7 == 3 {
				continue // a row left out: excelize gives it empty
			}
			for c, v := range values {
				if (r+c)%5 == 0 {
					continue // a cell left out
				}
				cell, _ := excelize.CoordinatesToCellName(c+1+r%3, r)
				if err := f.SetCellValue("Sheet1", cell, v); err != nil {
					t.Fatal(err)
				}
				if r%2 == 0 {
					f.SetCellStyle("Sheet1", cell, cell, bold)
				}
			}
		}
		f.SetCellStyle("Sheet1", "Z70", "Z70", bold) // a styled cell without a value
		if err := f.SetCellFormula("Sheet1", "B80", "SUM(A1:A3)"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellRichText("Sheet1", "C81", []excelize.RichTextRun{{Text: "整改"}, {Text: "到位", Font: &excelize.Font{Bold: true}}}); err != nil {
			t.Fatal(err)
		}
		f.NewSheet("空表")
		if n := readBoth(t, save(t, f)); n != 0 {
			t.Errorf("%d sheets handed over to excelize, want none: every cell is plain", n)
		}
	})
	t.Run("written by excelize, formatted", func(t *testing.T) {
		f := excelize.NewFile()
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		custom := "yyyy\"年\"m\"月\"d\"日\""
		chinese, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		percent, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
		for r := 1; r <= 30; r++ {
			f.SetCellValue("Sheet1", fmt.Sprintf("A%d", r), fmt.Sprintf("第%d项", r))
			f.SetCellValue("Sheet1", fmt.Sprintf("B%d", r), r)
		}
		f.SetCellValue("Sheet1", "C12", time.Date(2021, 8, 26, 0, 0, 0, 0, time.UTC))
		f.SetCellStyle("Sheet1", "C12", "C12", date)
		f.SetCellValue("Sheet1", "D20", 44434)
		f.SetCellStyle("Sheet1", "D20", "D20", chinese)
		f.SetCellValue("Sheet1", "E25", 0.35)
		f.SetCellStyle("Sheet1", "E25", "E25", percent)
		f.SetCellValue("Sheet1", "F28", true)
		f.NewSheet("布尔")
		f.SetCellValue("布尔", "A1", "是否完成")
		f.SetCellValue("布尔", "A2", false)
		// Numbers excelize rounds or formats in General: handed over.
		f.NewSheet("长数")
		for i, v := range []any{"数", 123456789012345, 0.30000000000000004, 1e20, -3, -0.25} {
			f.SetCellValue("长数", fmt.Sprintf("A%d", i+1), v)
		}
		bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		f.SetCellStyle("长数", "A1", "A6", bold)
		// Text under formats: a date format, one with a text section, the
		// Text format; text that looks like a number.
		f.NewSheet("格式")
		prefix := `"说明："@`
		withText, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &prefix})
		textFmt, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
		red := `#,##0.00_ ;[Red]\-#,##0.00\ `
		money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &red})
		for i, c := range []struct {
			v     any
			style int
		}{{"2022年12月底前", date}, {"44434", date}, {"整改完成", withText}, {"0012", textFmt}, {44434.5, chinese}, {-1234.5, money},
			{1234567.891, money}, {0.125, percent}, {12, textFmt}, {"", date}, {45000, withText}} {
			cell := fmt.Sprintf("B%d", i+2)
			f.SetCellValue("格式", cell, c.v)
			f.SetCellStyle("格式", cell, cell, c.style)
		}
		if n := readBoth(t, save(t, f)); n != 0 {
			t.Errorf("%d sheets handed over to excelize, want none", n)
		}
	})
	t.Run("every built-in format", func(t *testing.T) {
		f := excelize.NewFile()
		codes := []string{`0.00;-0.00;0;"文本："@`, `"第"0"项"`, `yyyy"年"m"月"d"日";@`, `[$-804]aaaa`, `_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-`, `0;0;0`}
		row := 1
		style := func(s *excelize.Style) {
			id, err := f.NewStyle(s)
			if err != nil {
				return // an id excelize does not know
			}
			for c, v := range []any{"甲乙", "123", 45000.25, -3.5, 0, "", 1234567890123} {
				cell, _ := excelize.CoordinatesToCellName(c+1, row)
				f.SetCellValue("Sheet1", cell, v)
				f.SetCellStyle("Sheet1", cell, cell, id)
			}
			row++
		}
		for id := 1; id <= 81; id++ {
			style(&excelize.Style{NumFmt: id})
		}
		for _, code := range codes {
			style(&excelize.Style{CustomNumFmt: &code})
		}
		if n := readBoth(t, save(t, f)); n != 0 {
			t.Errorf("%d sheets handed over to excelize, want none", n)
		}
	})
	t.Run("dates counted from 1904", func(t *testing.T) {
		f := excelize.NewFile()
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellValue("Sheet1", "A1", "时限")
		f.SetCellValue("Sheet1", "A2", 43000)
		f.SetCellStyle("Sheet1", "A2", "A2", date)
		if n := readBoth(t, save(t, f)); n != 1 {
			t.Errorf("%d sheets handed over to excelize, want 1: a scratch workbook counts from 1900", n)
		}
	})
	t.Run("written by the stream writer", func(t *testing.T) {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= 200; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, []any{r, "整改举措" + strings.Repeat("落实", r%4), 3.25, nil, "单位<甲>&乙"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		if n := readBoth(t, save(t, f)); n != 0 {
			t.Errorf("%d sheets handed over to excelize, want none", n)
		}
	})
	t.Run("written by hand", func(t *testing.T) {
		for _, c := range handCases {
			t.Run(c.name, func(t *testing.T) {
				n := readBoth(t, handWorkbook(t, c.rows))
				if got := n == 0; got != c.plain {
					t.Errorf("read plainly: %v, want %v", got, c.plain)
				}
			})
		}
	})
	t.Run("written by LibreOffice", func(t *testing.T) {
		// A table with dates, amounts, percentages and booleans, converted
		// from CSV by LibreOffice Calc (its own styles and number formats).
		data, err := os.ReadFile("testdata/libreoffice_dates.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if n := readBoth(t, data); n != 0 {
			t.Errorf("%d sheets handed over to excelize, want none", n)
		}
	})
	t.Run("a sheet too long for one buffer", func(t *testing.T) {
		var rows strings.Builder
		long := strings.Repeat("很长的整改举措文字", 8000) // 216 KB of text in one cell
		for r := 1; r <= 3000; r++ {
			fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>第%d行 %s</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, map[bool]string{true: long}[r == 1500], r, r)
		}
		if n := readBoth(t, handWorkbook(t, rows.String())); n != 0 {
			t.Errorf("%d sheets handed over, want none", n)
		}
	})
}

func save(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handWorkbook is a workbook of one sheet whose sheetData holds rows, with
// styles (0 plain, 1 bold General, 2 a date, 3 Text) and shared strings.
func handWorkbook(t *testing.T, rows string) []byte {
	t.Helper()
	main := `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook ` + main + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="台账" sheetId="1" r:id="rS"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rU" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet ` + main + `><fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
			`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst ` + main + ` count="5" uniqueCount="5">` +
			`<si><t>整改措施</t></si><si><t xml:space="preserve"> 牵头单位 </t></si><si><r><t>责任</t></r><r><rPr><b/></rPr><t>单位</t></r><rPh sb="0" eb="2"><t>せき</t></rPh></si>` +
			`<si><t>a&amp;b&#10;c</t></si><si><t>x_x0041_y</t></si></sst>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + main + ` xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<dimension ref="A1"/><sheetData>` + rows + `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`},
	}
	if rows == "" {
		parts[len(parts)-1][1] = strings.Replace(parts[len(parts)-1][1], "<sheetData></sheetData>", "<sheetData/>", 1)
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := z.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handCases are sheets written by hand, and whether they are read plainly.
var handCases = []struct {
	name, rows string
	plain      bool
}{
	{"shared strings, runs and phonetics", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s" s="1"><v>1</v></c><c r="D1" t="s"><v> 2 </v></c></row>` +
		`<row r="2" spans="1:3"><c t="s"><v>3</v></c><c t="inlineStr"><is><t xml:space="preserve"> 内联 </t></is></c><c t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>富</t></r><r><t>文本</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c></row>`, true},
	{"prefixed elements", `<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>问题</x:t></x:is></x:c><x:c r="C1"><x:v>12</x:v></x:c></x:row>`, true},
	{"spaces around =, single quotes", `<row r = '1' ><c r='A1' t = "inlineStr" ><is><t>甲</t></is></c><c r="B1" s='1'><v>5</v></c></row>`, true},
	{"entities and line ends", `<row r="1"><c r="A1" t="inlineStr"><is><t>a&lt;b&gt;c&amp;d&quot;e&apos;f&#20013;&#x6587;</t></is></c><c r="B1" t="str"><f>A1&amp;""</f><v>x&#13;&#10;y</v></c><c r="C1" t="inlineStr"><is><t>行一` + "\r\n" + `行二` + "\r" + `行三</t></is></c></row>`, true},
	{"gaps and empty rows", `<row r="2"/><row r="5"><c r="E5"><v>1</v></c></row><row r="6"></row><row r="9"><c r="A9" t="inlineStr"><is><t></t></is></c><c r="B9" s="1"/><c r="C9"><f>1+1</f></c></row>`, true},
	{"a formula without its value", `<row r="1"><c r="A1"><f>NOW()</f></c><c r="C1" t="str"><f>"甲"</f><v>甲</v></c></row>`, true},
	{"an escaped character", `<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>`, false},
	{"an escaped shared string", `<row r="1"><c r="A1" t="s"><v>4</v></c></row>`, false},
	{"a date style", `<row r="1"><c r="A1" t="inlineStr"><is><t>时限</t></is></c></row><row r="2"><c r="A2" s="2"><v>44434</v></c></row>`, true},
	{"an error and a boolean", `<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c><c r="B1" t="b"><v>1</v></c></row>`, false},
	{"CDATA", `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>`, false},
	{"a comment", `<row r="1"><!-- 注 --><c r="A1"><v>1</v></c></row>`, false},
	{"rows out of order", `<row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, false},
	{"a negative number in General", `<row r="1"><c r="A1" s="1"><v>-12</v></c><c r="B1"><v>-12</v></c></row>`, true},
	{"a long number in General", `<row r="1"><c r="A1" s="1"><v>123456789012</v></c></row>`, true},
	{"a long number", `<row r="1"><c r="A1"><v>12345678901234567890</v></c></row>`, true},
	{"an unknown element", `<row r="1"><c r="A1"><v>1</v><extLst/></c></row>`, false},
	{"booleans", `<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b" s="2"><v>0</v></c></row>`, true},
	{"a boolean written as a word", `<row r="1"><c r="A1" t="b"><v>true</v></c></row>`, false},
	{"text in the Text format", `<row r="1"><c r="A1" t="s" s="3"><v>0</v></c><c r="B1" t="inlineStr" s="3"><is><t>文本格式</t></is></c><c r="C1" t="str" s="3"><f>"甲"</f><v>甲</v></c></row>`, true},
	{"a number in the Text format", `<row r="1"><c r="A1" s="3"><v>12</v></c></row>`, true},
	{"text under a date style", `<row r="1"><c r="A1" t="s" s="2"><v>0</v></c><c r="B1" t="inlineStr" s="2"><is><t>44434</t></is></c></row>`, true},
	{"the empty sheet", ``, true},
}

// plainSeeds are the fuzzer's first sheets.
var plainSeeds = func() []string {
	var out []string
	for _, c := range handCases {
		out = append(out, c.rows)
	}
	return out
}()

// BenchmarkSheetRows reads a 10,000-row sheet of ledger-like text and
// numbers through excelize's Rows and through plainRows: written by the
// stream writer (as duban's exports are), with shared strings (as Excel
// and WPS write), and with a column of dates.
func BenchmarkSheetRows(b *testing.B) {
	row := func(r int) []any {
		return []any{r, fmt.Sprintf("第%d个方面", r%10), fmt.Sprintf("问题%05d：%s", r, strings.Repeat("存在不足", 3)),
			fmt.Sprintf("整改举措%05d：%s", r, strings.Repeat("建立健全长效机制", 4)), "陕西省科学技术厅", "省财政厅、省发展改革委", "张三", "2022年12月31日", "已完成", r % 3}
	}
	stream := excelize.NewFile()
	sw, err := stream.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	shared := excelize.NewFile()
	for r := 1; r <= 10000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row(r)); err != nil {
			b.Fatal(err)
		}
		v := row(r)
		if err := shared.SetSheetRow("Sheet1", cell, &v); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	// Real ledgers often hold their deadlines as dates.
	dates := excelize.NewFile()
	date, _ := dates.NewStyle(&excelize.Style{NumFmt: 14})
	for r := 1; r <= 10000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		v := row(r)
		v[7] = 44561 + r%365
		if err := dates.SetSheetRow("Sheet1", cell, &v); err != nil {
			b.Fatal(err)
		}
	}
	dates.SetCellStyle("Sheet1", "H1", "H10000", date)
	for _, book := range []struct {
		name string
		f    *excelize.File
	}{{"stream", stream}, {"shared", shared}, {"dates", dates}} {
		var buf bytes.Buffer
		if err := book.f.Write(&buf); err != nil {
			b.Fatal(err)
		}
		for _, way := range []string{"excelize", "plain"} {
			b.Run(book.name+"/"+way, func(b *testing.B) {
				for b.Loop() {
					wb, err := openBook(bytes.NewReader(buf.Bytes()))
					if err != nil {
						b.Fatal(err)
					}
					before := handOvers.Load()
					var rows rowSource
					if way == "plain" {
						rows, err = wb.rows("Sheet1")
					} else {
						rows, err = wb.Rows("Sheet1")
					}
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for rows.Next() {
						if _, err := rows.Columns(); err != nil {
							b.Fatal(err)
						}
						n++
					}
					rows.Close()
					wb.Close()
					if n != 10000 || handOvers.Load() != before {
						b.Fatalf("%d rows, %d hand-overs", n, handOvers.Load()-before)
					}
				}
			})
		}
	}
}
