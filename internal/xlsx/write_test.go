package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// sampleOutline has 2 aspects, 3 problems and 5 measures, immediate and
// long-term ones among them.
func sampleOutline() *duban.Outline {
	d := duban.MustDate
	return &duban.Outline{
		Meta: duban.OutlineMeta{Title: "关于十三届省委第十一轮巡视整改落实台账", AsOf: d("2022-09-30")},
		Aspects: []*duban.OutlineNode{
			{Kind: duban.NodeAspect, Title: "党的领导方面", Children: []*duban.OutlineNode{
				{Kind: duban.NodeProblem, Title: "科技创新投入不足", Measures: []*duban.OutlineMeasure{
					{Title: "加大科技投入", LeadUnit: "省科技厅", CoopUnits: []string{"省财政厅", "延安市"},
						DeadlineKind: duban.DeadlineDate, Deadline: d("2021-12-31"), Progress: "已完成", Status: duban.StatusClosed},
					{Title: "完善考核办法", Content: "将研发投入纳入考核。", LeadUnit: "省科技厅", ResponsibleLeader: "张三",
						DeadlineKind: duban.DeadlineDate, Deadline: d("2022-10-03"), Progress: "正在推进", Status: duban.StatusInProgress},
				}},
				{Kind: duban.NodeProblem, Title: "成果转化不力", Measures: []*duban.OutlineMeasure{
					{Title: "建立转化平台", LeadUnit: "省科技厅", DeadlineKind: duban.DeadlineImmediate, Progress: "平台已上线"},
				}},
			}},
			{Kind: duban.NodeAspect, Title: "全面从严治党方面", Children: []*duban.OutlineNode{
				{Kind: duban.NodeProblem, Title: "主体责任落实不到位", Measures: []*duban.OutlineMeasure{
					{Title: "细化责任清单", LeadUnit: "机关党委", DeadlineKind: duban.DeadlineDate, Deadline: d("2022-06-30"),
						Target: "清单到人", ResponsiblePerson: "李四", Note: "重点"},
					{Title: "定期通报典型案例", LeadUnit: "机关纪委", CoopUnits: []string{"办公室"}, DeadlineKind: duban.DeadlineLongTerm},
				}},
			}},
		},
	}
}

// mustWrite exports o and returns the workbook.
func mustWrite(t *testing.T, o *duban.Outline, opt WriteOptions) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteLedger(&buf, o, opt); err != nil {
		t.Fatalf("WriteLedger: %v", err)
	}
	return &buf
}

// comparable drops what an export does not carry back: statuses other than
// closed and the deadline text as written.
func comparable(o *duban.Outline) []string {
	var walk func(ns []*duban.OutlineNode)
	walk = func(ns []*duban.OutlineNode) {
		for _, n := range ns {
			for _, m := range n.Measures {
				if m.Status != duban.StatusClosed {
					m.Status = ""
				}
			}
			walk(n.Children)
		}
	}
	walk(o.Aspects)
	return dump(o)
}

func TestWriteLedgerRoundTrip(t *testing.T) {
	want := sampleOutline()
	b := mustWrite(t, want, WriteOptions{})
	got := mustReadClean(t, b)
	diffLines(t, comparable(got), comparable(want))
	if got.Meta.Title != want.Meta.Title || got.Meta.AsOf != want.Meta.AsOf {
		t.Errorf("meta = %q %s, want %q %s", got.Meta.Title, got.Meta.AsOf, want.Meta.Title, want.Meta.AsOf)
	}
	g, w := got.Aspects[1].Children[0].Measures[0], want.Aspects[1].Children[0].Measures[0]
	if g.Target != w.Target || g.ResponsiblePerson != w.ResponsiblePerson || g.Note != w.Note {
		t.Errorf("measure = %+v, want target, person and note of %+v", g, w)
	}
	if g := got.Aspects[0].Children[0].Measures[1]; g.ResponsibleLeader != "张三" {
		t.Errorf("leader = %q, want 张三", g.ResponsibleLeader)
	}
}

// TestWriteLedgerRoundTripDeep covers specific problems, node texts, a node
// without measures, requirements and a long-term deadline with a date.
func TestWriteLedgerRoundTripDeep(t *testing.T) {
	want := &duban.Outline{Aspects: []*duban.OutlineNode{
		{Kind: duban.NodeAspect, Title: "党的领导方面", Measures: []*duban.OutlineMeasure{
			{Title: "召开专题民主生活会", LeadUnit: "办公室", DeadlineKind: duban.DeadlineImmediate},
		}, Children: []*duban.OutlineNode{
			{Kind: duban.NodeProblem, Title: "学习贯彻不够深入", Text: "理论学习中心组学习次数不足。", Children: []*duban.OutlineNode{
				{Kind: duban.NodeSubproblem, Title: "理论学习流于形式", Measures: []*duban.OutlineMeasure{
					{Title: "健全学习制度", LeadUnit: "机关党委", Requirements: "每月至少一次", DeadlineKind: duban.DeadlineLongTerm,
						Deadline: duban.MustDate("2021-12-31"), Status: duban.StatusClosed},
				}},
				{Kind: duban.NodeSubproblem, Title: "调研不深入"},
			}},
		}},
		{Kind: duban.NodeAspect, Title: "作风建设方面"},
	}}
	got := mustReadClean(t, mustWrite(t, want, WriteOptions{Title: "台账", SheetName: "整改台账[2022]"}))
	diffLines(t, comparable(got), comparable(want))
	if r := got.Aspects[0].Children[0].Children[0].Measures[0].Requirements; r != "每月至少一次" {
		t.Errorf("requirements = %q", r)
	}
}

// TestWriteLedgerLayout checks what a clerk sees and prints: merged cells,
// the frozen header, A4 landscape fitted to width, repeated header rows,
// the footer and the light fills.
func TestWriteLedgerLayout(t *testing.T) {
	b := mustWrite(t, sampleOutline(), WriteOptions{SheetName: "台账"})
	f, err := excelize.OpenReader(b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const s = "台账"
	var merged []string
	mcs, err := f.GetMergeCells(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, mc := range mcs {
		merged = append(merged, mc.GetStartAxis()+":"+mc.GetEndAxis())
	}
	for _, want := range []string{"A1:M1", "A2:M2", "B4:B6", "C4:C5", "B7:B8", "C7:C8"} {
		if !slices.Contains(merged, want) {
			t.Errorf("merged cells = %v, want %s among them", merged, want)
		}
	}
	if v, _ := f.GetCellValue(s, "A2"); v != "截至2022年9月30日" {
		t.Errorf("A2 = %q, want 截至2022年9月30日", v)
	}
	header, _ := f.GetRows(s)
	wantHeader := []string{"序号", "方面", "问题", "整改举措", "整改目标", "牵头单位", "配合单位", "责任领导", "责任人", "完成时限", "整改进展", "是否销号", "备注"}
	if !slices.Equal(header[2], wantHeader) {
		t.Errorf("header = %q, want %q", header[2], wantHeader)
	}
	if p, _ := f.GetPanes(s); !p.Freeze || p.YSplit != 3 || p.TopLeftCell != "A4" {
		t.Errorf("panes = %+v, want frozen below row 3", p)
	}
	layout, _ := f.GetPageLayout(s)
	if *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout = size %d %s fit %dx%d, want A4 (9) landscape fit 1x0",
			*layout.Size, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight)
	}
	if props, _ := f.GetSheetProps(s); props.FitToPage == nil || !*props.FitToPage {
		t.Error("sheet is not set to fit to page")
	}
	if !slices.Contains(f.GetDefinedName(), excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'台账'!$3:$3", Scope: s}) {
		t.Errorf("defined names = %+v, want print titles '台账'!$3:$3", f.GetDefinedName())
	}
	if hf, _ := f.GetHeaderFooter(s); hf == nil || hf.OddFooter != "&C第 &P 页 共 &N 页" {
		t.Errorf("footer = %+v, want page numbers", hf)
	}
	// As of 2022-09-30: closed → done, 2022-10-03 → yellow, 2022-06-30 → red, immediate → green.
	for cell, want := range map[string]string{"J4": "D9D9D9", "J5": "FFEB9C", "J6": "C6EFCE", "J7": "FFC7CE"} {
		if got := fillOf(t, f, s, cell); got != want {
			t.Errorf("fill of %s = %q, want %q", cell, got, want)
		}
	}
	if v, _ := f.GetCellValue(s, "J8"); v != "长期坚持" {
		t.Errorf("J8 = %q, want 长期坚持", v)
	}
	if w, _ := f.GetColWidth(s, "D"); w < 20 {
		t.Errorf("width of 整改举措 = %v, want room for Chinese text", w)
	}
}

func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}

// TestWriteLedgerLibreOffice converts an export to CSV with LibreOffice, as
// a check that another spreadsheet program opens it.
func TestWriteLedgerLibreOffice(t *testing.T) {
	soffice := libreOffice(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(in, mustWrite(t, sampleOutline(), WriteOptions{}).Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", soffice, err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "ledger.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"加大科技投入", "建立转化平台", "定期通报典型案例", "2021年12月31日", "立行立改", "长期坚持", "截至2022年9月30日"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
}

// libreOffice returns the path of soffice, skipping the test when
// LibreOffice or its Calc component is not installed.
func libreOffice(t *testing.T) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice not installed: neither soffice nor libreoffice is on PATH")
		}
	}
	// A writer-only install (libreoffice-writer-nogui) cannot open spreadsheets.
	if real, err := filepath.EvalSymlinks(soffice); err == nil && runtime.GOOS == "linux" {
		if _, err := os.Stat(filepath.Join(filepath.Dir(real), "libsclo.so")); os.IsNotExist(err) {
			t.Skip("LibreOffice Calc not installed: no libsclo.so next to " + real)
		}
	}
	return soffice
}
