package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRowsEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int // offset of the end in in, -1 for none
	}{
		{`<sheetData><row r="1"/></sheetData><mergeCells/>`, len(`<sheetData><row r="1"/></sheetData>`)},
		{`<x:sheetData><x:row/></x:sheetData><x:mergeCells/>`, len(`<x:sheetData><x:row/></x:sheetData>`)},
		{`<sheetFormatPr/><sheetData/><mergeCells/>`, len(`<sheetFormatPr/><sheetData/>`)},
		{`<sheetData><c><is><t>&lt;/sheetData&gt; sheetData> </sheetData2></t></is></c>`, -1},
		{`<sheetData><mysheetData/></xsheetData>`, -1},
		{`<sheetData><row>`, -1},
	} {
		if got := rowsEnd([]byte(c.in)); got != c.want {
			t.Errorf("rowsEnd(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestSheetTailMatchesExcelize reads the merged ranges and page header of
// workbooks from the tail of each sheet and from excelize's full reading,
// and wants the same: a small sheet, one whose rows run past the reader's
// first megabyte (so the end of the rows may fall across two reads), and a
// sheet with no rows.
func TestSheetTailMatchesExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("大表"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("空表"); err != nil {
		t.Fatal(err)
	}
	for _, m := range [][2]string{{"A1", "D1"}, {"A2", "A3"}, {"B2", "D2"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellValue("Sheet1", "A1", "巡视整改台账 </sheetData> & 附表"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetHeaderFooter("Sheet1", &excelize.HeaderFooterOptions{OddHeader: "&C中共某某委员会巡察整改台账", OddFooter: "&C第 &P 页"}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("整改举措落实情况", 20)
	for r := 1; r <= 20000; r++ {
		for c := 1; c <= 3; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			if err := f.SetCellValue("大表", cell, fmt.Sprintf("%d %s", r, long)); err != nil {
				t.Fatal(err)
			}
		}
		if r%7 == 0 {
			if err := f.MergeCell("大表", fmt.Sprintf("A%d", r), fmt.Sprintf("A%d", r+1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); err == nil {
		for _, p := range z.File {
			if strings.Contains(p.Name, "sheet2") && p.UncompressedSize64 < 2<<20 {
				t.Fatalf("the big sheet is %d bytes, want more than two of the reader's reads", p.UncompressedSize64)
			}
		}
	}
	b, err := openBook(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, name := range []string{"Sheet1", "大表", "空表"} {
		if _, ok := b.tails[name]; !ok {
			t.Fatalf("sheet %s: its tail was not read", name)
		}
		got, err := b.mergeCells(name)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		ms, err := b.GetMergeCells(name, true)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, m := range ms {
			want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("sheet %s: merges %v from the tail, excelize reads %v", name, got, want)
		}
		if name == "大表" && len(got) != 20000/7 {
			t.Errorf("sheet %s: %d merges, want %d", name, len(got), 20000/7)
		}
		hf, err := b.headerFooter(name)
		if err != nil {
			t.Fatal(err)
		}
		wantHF, err := b.GetHeaderFooter(name)
		if err != nil {
			t.Fatal(err)
		}
		if (hf == nil) != (wantHF == nil) || hf != nil && *hf != *wantHF {
			t.Errorf("sheet %s: page header %+v from the tail, excelize reads %+v", name, hf, wantHF)
		}
	}
	if hf, _ := b.headerFooter("Sheet1"); hf.OddHeader != "&C中共某某委员会巡察整改台账" {
		t.Errorf("the page header reads %q", hf.OddHeader)
	}
}

// TestSheetTailPrefixed reads a workbook whose parts write their elements
// with a prefix (x:worksheet), as some producers do.
func TestSheetTailPrefixed(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/s1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<x:sheets><x:sheet name="台账" sheetId="1" r:id="rS"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/s1.xml"/></Relationships>`,
		"xl/worksheets/s1.xml": `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>问题</x:t></x:is></x:c></x:row></x:sheetData>` +
			`<x:mergeCells count="1"><x:mergeCell ref="A1:C1"/></x:mergeCells><x:headerFooter><x:oddHeader>&amp;C整改台账</x:oddHeader></x:headerFooter></x:worksheet>`,
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/s1.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := openBook(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tail, ok := b.tails["台账"]
	if !ok {
		t.Fatalf("the prefixed sheet's tail was not read (tails %v)", b.tails)
	}
	if !slices.Equal(tail.merges, []string{"A1:C1"}) || tail.header == nil || tail.header.OddHeader != "&C整改台账" {
		t.Errorf("the prefixed sheet's tail: merges %v, page header %+v", tail.merges, tail.header)
	}
}
