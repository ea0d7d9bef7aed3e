package xlsx

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// book builds a workbook from sheets of rows; merges are "Sheet!A1:D1".
func book(t *testing.T, sheets map[string][][]any, order []string, merges ...string) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				if v == nil {
					continue
				}
				if err := f.SetCellValue(name, cell(c, r+1), v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, m := range merges {
		sh, rng, _ := strings.Cut(m, "!")
		a, b, _ := strings.Cut(rng, ":")
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func figuresByKey(b *duban.FigureBook) map[string]float64 {
	out := map[string]float64{}
	for _, f := range b.Figures {
		out[f.Unit+" "+f.Period.String()] = f.Value
	}
	return out
}

// A wide sheet per year: merged title, 单位 line, 序号 and 地区 columns,
// 1月 / 1-2月 … headers, a 合计 row, a notes line, gaps and dashes.
func TestReadFiguresWidePerYear(t *testing.T) {
	mk := func(year int, scale float64) [][]any {
		rows := [][]any{
			{fmt.Sprintf("%d年1-12月各市（区）财政科技支出完成情况", year)},
			{nil, nil, nil, nil, nil, "单位：亿元"},
			{"序号", "地区", "1月", "1-2月", "1-3月", "1-4月", "备注"},
			{1, "西安市", 10 * scale, 20 * scale, 32 * scale, "—", nil},
			{2, "宝鸡", 2 * scale, 4 * scale, nil, "/", nil},
			{"合计", nil, 12 * scale, 24 * scale, 32 * scale, nil},
			{"注：1.数据为累计数；2.“—”表示未报送。"},
		}
		return rows
	}
	buf := book(t, map[string][][]any{"2024年": mk(2024, 1), "2025年": mk(2025, 1.1)}, []string{"2024年", "2025年"},
		"2024年!A1:G1", "2025年!A1:G1", "2024年!A6:B6", "2025年!A6:B6", "2024年!A7:G7", "2025年!A7:G7")
	b, err := ReadFigures(buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 0 {
		t.Fatalf("errors: %+v", b.Errors)
	}
	got := figuresByKey(b)
	want := map[string]float64{"西安市 2024-01": 10, "西安市 2024-02": 20, "西安市 2024-03": 32, "宝鸡 2024-01": 2, "宝鸡 2024-02": 4,
		"西安市 2025-01": 11, "西安市 2025-02": 22, "宝鸡 2025-01": 2.2, "宝鸡 2025-02": 4.4}
	if len(got) != 10 {
		t.Errorf("got %d figures %v, want 10", len(got), got)
	}
	for k, v := range want {
		if fmt.Sprintf("%.4f", got[k]) != fmt.Sprintf("%.4f", v) {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
	if b.Measure != "亿元" || !strings.Contains(strings.Join(b.Names, "|"), "财政科技支出") {
		t.Errorf("measure %q, names %v", b.Measure, b.Names)
	}
}

// Total rows spaced out with full-width spaces to line up with the places
// (全　　市, 合　计) and a county's 全县 are totals, not places: they were
// refused as unknown units.
func TestReadFiguresSpacedTotals(t *testing.T) {
	for _, total := range []string{"全　　市", "合　计", "全县", "全\u00a0市"} {
		buf := book(t, map[string][][]any{"Sheet1": {
			{"2024年1-9月各县区社会消费品零售总额"},
			{"县区", "1-8月", "1-9月"},
			{total, 30, 33},
			{"临　渭　区", 10, 11},
			{"华州区", 20, 22},
		}}, []string{"Sheet1"})
		b, err := ReadFigures(buf)
		if err != nil {
			t.Fatal(err)
		}
		got := figuresByKey(b)
		if len(b.Errors) != 0 || len(got) != 4 || got["华州区 2024-09"] != 22 {
			t.Errorf("%q: errors %+v, figures %v; want the two places' four figures", total, b.Errors, got)
		}
	}
}

// Two header rows (a merged 2025年 over 一月, 二月 …), text figures with
// thousands separators and full-width digits, no year in the sheet name.
func TestReadFiguresGroupedHeader(t *testing.T) {
	rows := [][]any{
		{"全省地方财政科技支出月度监测表"},
		{"地市", "2025年", nil, nil},
		{nil, "一月", "二月", "十二月"},
		{"西安市", "1,234.50", "２，４００", "—"},
		{"杨凌示范区", 0.5, "0.9", "-"},
		{"数据来源：各市财政局"},
	}
	buf := book(t, map[string][][]any{"Sheet": rows}, []string{"Sheet"}, "Sheet!A1:D1", "Sheet!A2:A3", "Sheet!B2:D2")
	b, err := ReadFigures(buf)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByKey(b)
	want := map[string]float64{"西安市 2025-01": 1234.5, "西安市 2025-02": 2400, "杨凌示范区 2025-01": 0.5, "杨凌示范区 2025-02": 0.9}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if f := b.Figures[1]; f.Row != 4 || f.Column != "C（二月）" {
		t.Errorf("second figure at row %d column %s, want 4 and C（二月）", f.Row, f.Column)
	}
}

// A long table: 单位, 期间 in several forms (including a date cell), 数值.
func TestReadFiguresLong(t *testing.T) {
	rows := [][]any{
		{"财政科技支出（长表）"},
		{"单位", "指标", "期间", "数值（亿元）"},
		{"西安", "财政科技支出", "2025年1月", 11},
		{"西安", "财政科技支出", "2025-02", "22.0"},
		{"铜川市", "财政科技支出", "2025.3", 0.3},
		{"铜川市", "财政科技支出", "2025年4月", ""},
	}
	buf := book(t, map[string][][]any{"数据": rows}, []string{"数据"})
	b, err := ReadFigures(buf)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByKey(b)
	want := map[string]float64{"西安 2025-01": 11, "西安 2025-02": 22, "铜川市 2025-03": 0.3}
	if fmt.Sprint(got) != fmt.Sprint(want) || b.Measure != "亿元" {
		t.Errorf("got %v measure %q, want %v 亿元", got, b.Measure, want)
	}
}

// Yearly indicators: years across.
func TestReadFiguresYearly(t *testing.T) {
	rows := [][]any{
		{"研发经费投入强度"},
		{"单位：%"},
		{"城市", "2023年", "2024年"},
		{"西安市", "5.23%", 5.4},
	}
	buf := book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"})
	b, err := ReadFigures(percentCell(t, buf, "Sheet1", "C4", 0.0535))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if got := figuresByKey(b); got["西安市 2023"] != 5.23 || got["西安市 2024"] != 5.35 || b.Figures[0].Period.Type != duban.PeriodYearly {
		t.Errorf("got %v", b.Figures)
	}
}

// Every bad cell is named, and a sheet without a year or a header too; a
// sheet of words only (填报说明) holds no table and is passed over.
func TestReadFiguresBadCells(t *testing.T) {
	good := [][]any{
		{"2025年财政科技支出"},
		{"单位", "1月", "2月"},
		{"西安市", "待报", 3},
		{"", 1.5, nil},
		{"宝鸡市", "1.2.3", "——"},
	}
	noYear := [][]any{{"单位", "1月"}, {"西安市", 1}}
	noHeader := [][]any{{"只是一些说明文字"}, {"西安市", 12}}
	words := [][]any{{"填报说明"}, {"1.本表按月填报，数值为累计数。"}, {"2.增速保留一位小数。"}}
	b, err := ReadFigures(book(t, map[string][][]any{"2025": good, "无年份": noYear, "说明": noHeader, "填报说明": words}, []string{"2025", "无年份", "说明", "填报说明"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2025 3 B（1月） 不是数字：“待报”",
		"2025 4 B（1月） 单位名称为空",
		"2025 5 B（1月） 不是数字：“1.2.3”",
		"无年份 1 B（1月） 无法确定年份：请在表头、工作表名或标题中写明年份",
		"说明 0  未找到表头",
	}
	if len(b.Errors) != len(want) {
		t.Fatalf("got %d errors %+v, want %d", len(b.Errors), b.Errors, len(want))
	}
	for i, e := range b.Errors {
		if got := fmt.Sprintf("%s %d %s %s", e.Sheet, e.Row, e.Column, e.Reason); !strings.HasPrefix(got, want[i]) {
			t.Errorf("error %d: got %q, want %q", i, got, want[i])
		}
	}
}

func TestPeriodHeader(t *testing.T) {
	cases := map[string]string{"1月": "0000-01", "一月": "0000-01", "十二月份": "0000-12", "1-2月": "0000-02", "1—11月累计": "0000-11",
		"2025年1月": "2025-01", "2025年1-3月": "2025-03", "2025-01": "2025-01", "2025/1": "2025-01", "一季度": "0000-Q1",
		"2025年第二季度": "2025-Q2", "Q3": "0000-Q3", "2024年": "2024", "2024": "2024", "２０２５年３月": "2025-03",
		"上半年": "0000-Q2", "前三季度": "0000-Q3", "2025年上半年": "2025-Q2", "1-3季度": "0000-Q3", "一至四季度": "0000-Q4"}
	for in, want := range cases {
		p, ok := periodHeader(in, 0)
		if !ok || p.String() != want {
			t.Errorf("periodHeader(%q) = %s %v, want %s", in, p, ok, want)
		}
	}
	for _, in := range []string{"备注", "同比增长", "上年同期", "序号", "13月"} {
		if p, ok := periodHeader(in, 0); ok {
			t.Errorf("periodHeader(%q) = %s, want none", in, p)
		}
	}
}

// What WriteFigures writes, ReadFigures reads back the same.
func TestFiguresRoundTrip(t *testing.T) {
	tbl := duban.FigureTable{Name: "财政科技支出", Measure: "亿元", Type: duban.PeriodMonthly, Years: []int{2024, 2025}, Decimal: 2,
		Units: []string{"西安市", "铜川市"}, Values: map[string]duban.Series{
			"西安市": {"2024-01": 10.25, "2024-12": 150, "2025-01": 11.5},
			"铜川市": {"2024-01": 0.31, "2025-02": 0.62},
		}}
	var buf bytes.Buffer
	if err := WriteFigures(&buf, tbl, true); err != nil {
		t.Fatal(err)
	}
	// The 合计 row totals the months reported and leaves the others empty.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	jan, _ := f.GetCellValue("2024年", "C6")
	feb, _ := f.GetCellValue("2024年", "D6")
	if label, _ := f.GetCellValue("2024年", "A6"); label != "合计" || jan != "10.56" || feb != "" {
		t.Errorf("total row: %q January %q February %q, want 合计 10.56 and nothing", label, jan, feb)
	}
	b, err := ReadFigures(&buf)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByKey(b)
	want := map[string]float64{}
	for u, s := range tbl.Values {
		for k, v := range s {
			want[u+" "+k] = v
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || b.Measure != "亿元" {
		t.Errorf("round trip: got %v %q, want %v", got, b.Measure, want)
	}
}

// percentCell stores v in a cell formatted as a per cent, as Excel keeps 5.35%.
func percentCell(t *testing.T, buf *bytes.Buffer, sheet, axis string, v float64) *bytes.Buffer {
	t.Helper()
	f, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	f.SetCellValue(sheet, axis, v)
	f.SetCellStyle(sheet, axis, axis, style)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// Layouts seen in the wild: a long table whose period column is headed
// 统计月份 and holds real dates, 2024年3月, 2024.2 and 2024-04; a count
// column headed 数量（家）; a 填报单位 line above the 单位 line.
func TestReadFiguresLabelsInTheWild(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"填报单位：陕西省财政厅（盖章）", nil, "单位：亿元"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"序号", "填报单位", "指标名称", "统计月份", "本年累计（亿元）", "同比增长（%）"})
	f.SetSheetRow("Sheet1", "A3", &[]any{1, "西安市", "地方财政科技支出", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 2.5, 3.1})
	f.SetSheetRow("Sheet1", "A4", &[]any{2, "西安市", "地方财政科技支出", "2024.2", 5.25, nil})
	f.SetSheetRow("Sheet1", "A5", &[]any{3, "西安市", "地方财政科技支出", "2024年3月", 8, nil})
	f.SetSheetRow("Sheet1", "A6", &[]any{4, "西安市", "地方财政科技支出", "2024-04", "—", nil})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 57})
	f.SetCellStyle("Sheet1", "D3", "D3", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFigures(&buf)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	want := map[string]float64{"西安市 2024-01": 2.5, "西安市 2024-02": 5.25, "西安市 2024-03": 8}
	if got := figuresByKey(b); fmt.Sprint(got) != fmt.Sprint(want) || b.Measure != "亿元" {
		t.Errorf("got %v measure %q, want %v in 亿元", got, b.Measure, want)
	}

	counts := book(t, map[string][][]any{"Sheet1": {{"各市高新技术企业数量统计"}, {"单位名称", "年度", "数量（家）"}, {"铜川市", "2023年", "１,２３４"}}}, []string{"Sheet1"})
	b, err = ReadFigures(counts)
	if err != nil || len(b.Errors) != 0 || figuresByKey(b)["铜川市 2023"] != 1234 || b.Measure != "家" {
		t.Errorf("count table: %v %+v %v measure %q, want 铜川市 2023 = 1234 家", err, b.Errors, figuresByKey(b), b.Measure)
	}
}

func TestMeasureIn(t *testing.T) {
	for in, want := range map[string]string{"单位：万元": "万元", "计量单位: 家": "家", "（单位：亿元）": "亿元", "填报单位：陕西省财政厅": "", "填报单位：省财政厅    单位：亿元": "亿元"} {
		if got, _ := measureIn(in); got != want {
			t.Errorf("measureIn(%q) = %q, want %q", in, got, want)
		}
	}
}

// A month's report with the month only in its title: 本年累计 is that month's
// year to date, 上年同期 last year's, and 增减, 增长（%） and 位次 are not figures.
func TestReadFiguresSnapshot(t *testing.T) {
	rows := [][]any{
		{"2024年1-11月各市（区）地方财政科技支出完成情况"},
		{nil, nil, nil, nil, nil, "单位：亿元"},
		{"序号", "市（区）", "本年累计", "上年同期", "增减额", "增长（%）", "位次"},
		{nil, "全省合计", 12.5, 11.9, 0.6, 5.04, nil},
		{1, "西安市", 10.25, 9.75, 0.5, 5.13, 1},
		{2, "铜川市", 2.25, 2.15, 0.1, 4.65, 2},
		{"注：数据来源于各市（区）财政局。"},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	want := map[string]float64{"西安市 2024-11": 10.25, "西安市 2023-11": 9.75, "铜川市 2024-11": 2.25, "铜川市 2023-11": 2.15}
	if got := figuresByKey(b); fmt.Sprint(got) != fmt.Sprint(want) || b.Measure != "亿元" {
		t.Errorf("got %v measure %q, want %v", got, b.Measure, want)
	}
	for _, f := range b.Figures {
		if f.Basis != duban.BasisYTD {
			t.Errorf("%s %s: basis %q, want the year to date", f.Unit, f.Period, f.Basis)
		}
	}
}

// Each month merged over 当月 and 累计 columns: both are read, each with its
// basis, and the sub-header is not taken for figures.
func TestReadFiguresMonthAndYearToDate(t *testing.T) {
	rows := [][]any{
		{"2024年地方财政科技支出监测表"},
		{"地区", "1月", nil, "2月", nil, "2月"},
		{nil, "当月", "累计", "当月", "累计", "同比增长%"},
		{"西安市", 1.5, 1.5, 2, 3.5, 7.1},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, "Sheet1!B2:C2", "Sheet1!D2:F2", "Sheet1!A2:A3"))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByBasis(b)
	want := map[string]float64{"2024-01 period": 1.5, "2024-01 ytd": 1.5, "2024-02 period": 2, "2024-02 ytd": 3.5}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// A table turned round: months down, units across, a 合计 column and row.
func TestReadFiguresTransposed(t *testing.T) {
	rows := [][]any{
		{"2024年地方财政科技支出（亿元）"},
		{"月份", "西安市", "铜川市", "合计"},
		{"1月", 2.5, 0.1, 2.6},
		{"2月", 5, "—", 5},
		{"合计", 7.5, 0.1, 7.6},
		{"注：累计数。"},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	want := map[string]float64{"西安市 2024-01": 2.5, "西安市 2024-02": 5, "铜川市 2024-01": 0.1}
	if got := figuresByKey(b); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if f := b.Figures[0]; f.Row != 3 || f.Column != "B（西安市）" {
		t.Errorf("first figure at row %d column %q, want 3 and B（西安市）", f.Row, f.Column)
	}
}

// Tables as statistics offices send them: group lines merged across between
// the units (一、关中地区), a 责任单位 column, a signature footer, and cells
// that only look like numbers to a program (NaN, Inf, 1e3) or use U+2212 for
// minus. Every unit below a group line is read; the rest are cell errors.
func TestReadFiguresOfficeTables(t *testing.T) {
	rows := [][]any{
		{"2025年各市固定资产投资增速"},
		{"序号", "责任单位", "1月", "1-2月"},
		{"一、关中地区"},
		{1, "西安市", 1.5, 2.5},
		{2, "宝鸡市", "−1.5", 3},
		{"二、陕北地区"},
		{3, "延安市", "NaN", "inf"},
		{4, "榆林市", "1e3", 4},
		{"单位负责人：王五", "统计负责人：赵六", "填表人：张三", "报出日期：2025年3月10日"},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, "Sheet1!A3:D3", "Sheet1!A6:D6"))
	if err != nil {
		t.Fatal(err)
	}
	got := figuresByKey(b)
	for key, want := range map[string]float64{"西安市 2025-01": 1.5, "宝鸡市 2025-01": -1.5, "宝鸡市 2025-02": 3, "榆林市 2025-02": 4} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s: got %v (%v), want %v; all: %v", key, v, ok, want, got)
		}
	}
	var reasons []string
	for _, e := range b.Errors {
		reasons = append(reasons, fmt.Sprintf("%d %s %s", e.Row, e.Column, e.Reason))
	}
	want := []string{"7 C（1月） 不是数字：“NaN”", "7 D（1-2月） 不是数字：“inf”", "8 C（1月） 不是数字：“1e3”"}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
}

// A header whose columns under each month are all growth rates has no
// figure to import: a cell error, not a crash.
func TestReadFiguresOnlyGrowthColumns(t *testing.T) {
	rows := [][]any{
		{"2025年各市规上工业增加值"},
		{"地区", "1-2月", nil, "3月", nil},
		{nil, "当月增速", "累计增速", "当月增速", "累计增速"},
		{"西安市", 1.5, 2.5, 3.5, 4.5},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, "Sheet1!B2:C2", "Sheet1!D2:E2"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Figures) != 0 || len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Reason, "没有可导入的数值列") {
		t.Errorf("figures %v, errors %+v; want none and one error naming the missing value columns", b.Figures, b.Errors)
	}
}

// A title that ends with its measure still names the indicator and the
// year; a measure line of two (亿元、%) gives the figures' first; a 填报日期
// line above the table is not the figures' year.
func TestReadFiguresTitleLines(t *testing.T) {
	rows := [][]any{
		{"各市一般公共预算收入完成情况（单位：万元）"},
		{"填报日期：2026年1月8日"},
		{"地区", "1-10月", "1-11月"},
		{"西安市", 10, 20},
	}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil {
		t.Fatal(err)
	}
	if b.Measure != "万元" || !slices.Contains(b.Names, "各市一般公共预算收入完成情况") {
		t.Errorf("measure %q names %q: want 万元 and the title without it", b.Measure, b.Names)
	}
	if len(b.Figures) != 0 || len(b.Errors) == 0 || !strings.Contains(b.Errors[0].Reason, "无法确定年份") {
		t.Errorf("figures %v errors %+v: want the year asked for, not taken from 填报日期", b.Figures, b.Errors)
	}
	rows[0] = []any{"2025年各市社会消费品零售总额"}
	rows[1] = []any{"单位：亿元、%"}
	b, err = ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || b.Measure != "亿元" || len(b.Figures) != 2 || len(b.Errors) != 0 {
		t.Errorf("单位：亿元、%%: measure %q figures %v errors %+v, %v", b.Measure, b.Figures, b.Errors, err)
	}
}

// 上半年 and 前三季度 columns are the quarters so far: their figures are
// year-to-date ones, which an indicator of quarterly figures refuses.
func TestReadFiguresQuartersSoFar(t *testing.T) {
	rows := [][]any{{"2025年各市地区生产总值"}, {"地区", "一季度", "上半年", "前三季度"}, {"西安市", 1, 2, 3}}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 3 {
		t.Fatalf("%v %+v %+v", err, b.Errors, b.Figures)
	}
	for _, f := range b.Figures {
		want := duban.BasisYTD
		if f.Period.N == 1 {
			want = ""
		}
		if f.Period.Type != duban.PeriodQuarterly || f.Basis != want {
			t.Errorf("%s: period %v basis %q, want quarterly, basis %q", f.Column, f.Period, f.Basis, want)
		}
	}
}

// A breakdown row under its city (其中：西咸新区) is read as a part, its
// unit without the 其中; 未统计 and 待统计 are not yet reported.
func TestReadFiguresBreakdownAndUncounted(t *testing.T) {
	buf := book(t, map[string][][]any{"2025年": {
		{"2025年各市财政科技支出（累计）"},
		{"地区", "1月", "1-2月", "1-3月"},
		{"西安市", 3, 6, "未统计"},
		{"其中：西咸新区", 1, 2, "待统计"},
		{"宝鸡市", 1, 2, 3},
	}}, []string{"2025年"})
	b, _ := mustReadFigureLines(t, buf)
	var got []string
	for _, f := range b.Figures {
		got = append(got, fmt.Sprintf("%s %s %v %v", f.Unit, f.Period, f.Value, f.Part))
	}
	want := []string{"西安市 2025-01 3 false", "西安市 2025-02 6 false", "西咸新区 2025-01 1 true", "西咸新区 2025-02 2 true",
		"宝鸡市 2025-01 1 false", "宝鸡市 2025-02 2 false", "宝鸡市 2025-03 3 false"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("figures:\n got %v\nwant %v", got, want)
	}
}

// A long table whose periods leave out the year the title gives.
func TestReadFiguresLongYearFromTitle(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"单位", "月份", "数值"},
		{"西安市", "1月", 3},
		{"西安市", "1-2月", 6},
		{"宝鸡市", "2025年2月", 2},
	}}, []string{"Sheet1"})
	_, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-01 3|西安市 2025-02 6|宝鸡市 2025-02 2"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
}

// A report of one period named in its title (上半年) with a 填报日期 line
// that is not the period, its measure in brackets after the title, units
// with footnote marks and what they include.
func TestReadFiguresTitlePeriodAndMarks(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年上半年全省各市财政科技支出完成情况表（万元）"},
		{"填报日期：2025年7月10日"},
		{"地区", "累计完成", "同比增长%"},
		{"西安市（含西咸新区）", 208300, -3.2},
		{"宝鸡市*", 37000, 1.5},
		{"咸阳市①", 30200, 2},
	}}, []string{"Sheet1"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-06 208300|宝鸡市 2025-06 37000|咸阳市 2025-06 30200"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
	if b.Measure != "万元" {
		t.Errorf("measure %q, want 万元 from the title", b.Measure)
	}
}

// mustReadFigureLines reads a workbook that must have no bad cell and lists
// its figures as "unit period value".
func mustReadFigureLines(t *testing.T, buf *bytes.Buffer) (*duban.FigureBook, []string) {
	t.Helper()
	b, err := ReadFigures(buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 0 {
		t.Fatalf("errors: %+v", b.Errors)
	}
	var lines []string
	for _, f := range b.Figures {
		lines = append(lines, fmt.Sprintf("%s %s %v", f.Unit, f.Period, f.Value))
	}
	return b, lines
}

// Period headers with what sheets write around the period: the figure's
// kind (执行数, 完成数, 实际完成), the month's or year's end (9月末, 2024年
// 底), 截至 before it and a measure in brackets, which is the figures'.
func TestReadFiguresHeaderSuffixes(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出执行情况"},
		{"地区", "1-7月执行数", "1-8月完成数", "截至9月末", "1-10月实际完成", "截至2025年11月底"},
		{"西安市", 40, 45, 50, 55, 60},
	}}, []string{"Sheet1"})
	_, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-07 40|西安市 2025-08 45|西安市 2025-09 50|西安市 2025-10 55|西安市 2025-11 60"; strings.Join(got, "|") != want {
		t.Errorf("monthly: figures %v, want %s", got, want)
	}
	buf = book(t, map[string][][]any{"Sheet1": {
		{"各市高新技术企业数量"},
		{"地区", "2023年末实有数", "2024年底", "2025年（家）"},
		{"西安市", 9800, 10420, 11500},
	}}, []string{"Sheet1"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2023 9800|西安市 2024 10420|西安市 2025 11500"; strings.Join(got, "|") != want || b.Measure != "家" {
		t.Errorf("yearly: figures %v measure %q, want %s in 家", got, b.Measure, want)
	}
	for _, in := range []string{"2025年目标", "2025年计划", "全年目标", "9月同比"} {
		if p, ok := periodHeader(in, 0); ok {
			t.Errorf("periodHeader(%q) = %s, want none", in, p)
		}
	}
}

// A yearly indicator's report of one year has one year column: read, as
// is duban's own export of one year; a year merged over months stays their
// group.
func TestReadFiguresOneYear(t *testing.T) {
	tbl := duban.FigureTable{Name: "高新技术企业数量", Measure: "家", Type: duban.PeriodYearly, Years: []int{2025},
		Units: []string{"西安市", "铜川市"}, Values: map[string]duban.Series{"西安市": {"2025": 11500}, "铜川市": {"2025": 146}}}
	var buf bytes.Buffer
	if err := WriteFigures(&buf, tbl, true); err != nil {
		t.Fatal(err)
	}
	b, got := mustReadFigureLines(t, &buf)
	if want := "西安市 2025 11500|铜川市 2025 146"; strings.Join(got, "|") != want || b.Measure != "家" {
		t.Errorf("export of one year: figures %v measure %q, want %s in 家", got, b.Measure, want)
	}
	_, got = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"各市研发经费投入强度"},
		{"序号", "地区", "2025年", "备注"},
		{1, "西安市", 5.4, nil},
		{2, "宝鸡市", "—", "未报"},
		{3, "铜川市", 1.2, nil},
	}}, []string{"Sheet1"}))
	if want := "西安市 2025 5.4|铜川市 2025 1.2"; strings.Join(got, "|") != want {
		t.Errorf("one year column: figures %v, want %s", got, want)
	}
	b, got = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"各市高新技术企业数量"}, {"地区", "2025年"}, {nil, "数量（家）"}, {"西安市", 11500},
	}}, []string{"Sheet1"}))
	if want := "西安市 2025 11500"; strings.Join(got, "|") != want || b.Measure != "家" {
		t.Errorf("one year over 数量（家）: figures %v measure %q, want %s in 家", got, b.Measure, want)
	}
}

// Headers of two rows in the forms sheets take: 本月 | 累计 over the months
// (merged or written once), the months over 本月 | 累计 not merged, a 累计
// group beside a 同比 group, and 金额 | 同比% under one month. Each figure
// keeps its basis, and growth rates are no figures.
func TestReadFiguresTwoRowHeaders(t *testing.T) {
	title := []any{"2025年1-9月各市财政科技支出"}
	cases := []struct {
		name   string
		rows   [][]any
		merges []string
		want   string
	}{
		{"本月 and 累计 over the months", [][]any{title, {"地区", "本月", nil, "累计", nil}, {nil, "8月", "9月", "8月", "9月"}, {"西安市", 1, 2, 8, 10}},
			[]string{"Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!A2:A3"}, "2025-08 period 1|2025-09 period 2|2025-08 ytd 8|2025-09 ytd 10"},
		{"本月 and 累计 written once", [][]any{title, {"地区", "本月", nil, "累计", nil}, {nil, "8月", "9月", "8月", "9月"}, {"西安市", 1, 2, 8, 10}},
			nil, "2025-08 period 1|2025-09 period 2|2025-08 ytd 8|2025-09 ytd 10"},
		{"months written once over 本月 and 累计", [][]any{title, {"地区", "8月", nil, "9月", nil}, {nil, "本月", "累计", "本月", "累计"}, {"西安市", 1, 8, 2, 10}},
			nil, "2025-08 period 1|2025-08 ytd 8|2025-09 period 2|2025-09 ytd 10"},
		{"累计 beside 同比", [][]any{title, {"地区", "累计", nil, "同比增长（%）", nil}, {nil, "8月", "9月", "8月", "9月"}, {"西安市", 8, 10, 3.5, 4.1}},
			[]string{"Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!A2:A3"}, "2025-08 ytd 8|2025-09 ytd 10"},
		{"金额 and 同比% under a month", [][]any{title, {"地区", "8月", nil, "9月", nil}, {nil, "金额", "同比%", "金额", "同比%"}, {"西安市", 8, 3.5, 10, 4.1}},
			[]string{"Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!A2:A3"}, "2025-08  8|2025-09  10"},
		{"同比% before 金额, not merged", [][]any{title, {"地区", "8月", nil, "9月", nil}, {nil, "同比%", "金额", "同比%", "金额"}, {"西安市", 3.5, 8, 4.1, 10}},
			nil, "2025-08  8|2025-09  10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": c.rows}, []string{"Sheet1"}, c.merges...))
			var got []string
			for _, f := range b.Figures {
				if f.Unit != "西安市" {
					t.Errorf("figure of %q at %s", f.Unit, f.Column)
				}
				got = append(got, fmt.Sprintf("%s %s %v", f.Period, f.Basis, f.Value))
			}
			if strings.Join(got, "|") != c.want {
				t.Errorf("got %v, want %s", got, c.want)
			}
		})
	}
}

// Rows of a province's or a region's total (陕西省, 关中地区, 陕北) sum
// units and are none: passed over, said in one warning for the sheet; a
// region's heading without figures and 合计 are passed over unsaid.
func TestReadFiguresRegionRows(t *testing.T) {
	buf := book(t, map[string][][]any{"2025年": {
		{"2025年各市财政科技支出"},
		{"地区", "1月", "1-2月"},
		{"陕西省", 12, 24},
		{"关中地区", 10, 20},
		{"西安市", 8, 16},
		{"陕北", 1, 2},
		{"一、陕南片区"},
		{"榆林市", 1, 2},
		{"陕南片区（3市）", 1, 2},
		{"（一）关中地区", 10, 20},
		{"合计", 12, 24},
	}, "长表": {
		{"2025年各市财政科技支出"},
		{"单位", "期间", "数值"},
		{"全国", "2025年3月", 300},
		{"宝鸡市", "2025年3月", 3},
	}}, []string{"2025年", "长表"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-01 8|西安市 2025-02 16|榆林市 2025-01 1|榆林市 2025-02 2|宝鸡市 2025-03 3"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
	var warns []string
	for _, w := range b.Warnings {
		warns = append(warns, fmt.Sprintf("%s %d %s", w.Sheet, w.Row, w.Reason))
	}
	want := []string{"2025年 3 “陕西省”“关中地区”“陕北”“陕南片区（3市）”“（一）关中地区”是全省或片区的合计，不是报送单位，未导入",
		"长表 3 “全国”是全省或片区的合计，不是报送单位，未导入"}
	if strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
}

// A long table with the period in two columns, 年份 | 月份 (2025 | 9), in
// either order, the month as a number or 9月, and 年度 | 季度.
func TestReadFiguresLongYearAndMonth(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"各市财政科技支出"},
		{"序号", "单位名称", "年份", "月份", "累计数（亿元）"},
		{1, "西安市", 2025, 8, 45},
		{2, "西安市", "2025年", "9月", 50},
		{3, "宝鸡市", 2025, "1-9月", 7},
	}, "倒序": {
		{"单位", "月", "年", "数值"},
		{"铜川市", 9, 2025, 1.5},
	}, "季度": {
		{"单位", "年度", "季度", "数值"},
		{"渭南市", 2025, 3, 2.5},
		{"渭南市", 2025, "二季度", 1.5},
	}}, []string{"Sheet1", "倒序", "季度"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-08 45|西安市 2025-09 50|宝鸡市 2025-09 7|铜川市 2025-09 1.5|渭南市 2025-Q3 2.5|渭南市 2025-Q2 1.5"; strings.Join(got, "|") != want || b.Measure != "亿元" {
		t.Errorf("figures %v measure %q, want %s in 亿元", got, b.Measure, want)
	}
	bad := book(t, map[string][][]any{"Sheet1": {{"单位", "年份", "月份", "数值"}, {"西安市", 2025, 13, 1}}}, []string{"Sheet1"})
	b, err := ReadFigures(bad)
	if err != nil || len(b.Errors) != 1 || b.Errors[0].Reason != "无法识别的期间：“2025”“13”" {
		t.Errorf("month 13: %v %+v, want one error naming the year and the month", err, b.Errors)
	}
}

// A long table's 前三季度 is the year to date, not the third quarter's own.
func TestReadFiguresLongQuartersSoFar(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"单位", "期间", "数值"},
		{"铜川市", "前三季度", 1.2},
		{"铜川市", "三季度", 0.4},
	}}, []string{"Sheet1"})
	b, _ := mustReadFigureLines(t, buf)
	var got []string
	for _, f := range b.Figures {
		got = append(got, fmt.Sprintf("%s %s %v", f.Period, f.Basis, f.Value))
	}
	if want := "2025-Q3 ytd 1.2|2025-Q3  0.4"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
}

// Sheets beside the table that hold numbers but no figures (notes numbered
// in a column, a list of the units with their codes) are passed over with
// a warning each; the table is read.
func TestReadFiguresAuxiliarySheets(t *testing.T) {
	buf := book(t, map[string][][]any{
		"数据": {{"2025年各市财政科技支出"}, {"地区", "1月", "1-2月"}, {"西安市", 3, 6}},
		"说明": {{"填报说明"}, {1, "本表按月填报，数值为累计数。"}, {2, "金额单位为亿元。"}, {3, "每月10日前报送。"}},
		"地区": {{"序号", "地区", "行政区划代码"}, {1, "西安市", 610100}, {2, "铜川市", 610200}, {3, "宝鸡市", 610300}},
	}, []string{"数据", "说明", "地区"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-01 3|西安市 2025-02 6"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
	var warned []string
	for _, w := range b.Warnings {
		warned = append(warned, w.Sheet)
	}
	if strings.Join(warned, "|") != "说明|地区" {
		t.Errorf("warnings %+v, want one for 说明 and one for 地区", b.Warnings)
	}
}

// A units' column without a label (the top-left cell left blank, or only
// 序号 over the numbers) is the column of names beside the figures.
func TestReadFiguresUnlabelledUnits(t *testing.T) {
	for name, rows := range map[string][][]any{
		"blank corner": {{"2025年各市财政科技支出"}, {nil, "1月", "1-2月"}, {"西安市", 3, 6}, {"宝鸡市", 1, 2}},
		"序号 only":      {{"2025年各市财政科技支出"}, {"序号", nil, "1月", "1-2月"}, {1, "西安市", 3, 6}, {2, "宝鸡市", 1, 2}},
	} {
		t.Run(name, func(t *testing.T) {
			_, got := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
			if want := "西安市 2025-01 3|西安市 2025-02 6|宝鸡市 2025-01 1|宝鸡市 2025-02 2"; strings.Join(got, "|") != want {
				t.Errorf("figures %v, want %s", got, want)
			}
		})
	}
}

// A comma that is no thousands separator (12,34) is read as one and warned
// of; a cell written as a per cent is marked so.
func TestReadFiguresMisplacedComma(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"地区", "1月", "1-2月", "1-3月"},
		{"西安市", "12,34", "1,234.5", "2.5%"},
	}}, []string{"Sheet1"})
	b, got := mustReadFigureLines(t, buf)
	if want := "西安市 2025-01 1234|西安市 2025-02 1234.5|西安市 2025-03 2.5"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Column != "B（1月）" || !strings.Contains(b.Warnings[0].Reason, "已读作 1234") {
		t.Errorf("warnings %+v, want one for B（1月）", b.Warnings)
	}
	if f := b.Figures[2]; !f.Percent || b.Figures[0].Percent {
		t.Errorf("per cent marks: %v %v, want only 2.5%% marked", b.Figures[0].Percent, f.Percent)
	}
}

// Formula cells a program wrote without their results are not figures to
// read: passed over as not reported, with one warning for the sheet that
// asks to open and save the file in Excel.
func TestReadFiguresUnsavedFormulas(t *testing.T) {
	buf := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"地区", "1月", "1-2月"},
		{"西安市", 3, nil},
		{"宝鸡市", 1, nil},
	}}, []string{"Sheet1"})
	f, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, axis := range []string{"C3", "C4"} {
		if err := f.SetCellFormula("Sheet1", axis, "B"+axis[1:]+"*2"); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	b, got := mustReadFigureLines(t, &out)
	if want := "西安市 2025-01 3|宝鸡市 2025-01 1"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Row != 3 || b.Warnings[0].Column != "C（1-2月）" || !strings.HasPrefix(b.Warnings[0].Reason, "2 个单元格是公式") {
		t.Errorf("warnings %+v, want one at C3 counting 2 formulas", b.Warnings)
	}
}

// Growth-rate columns (同比增长%, 增速) are no figures of the amounts beside
// them but are kept apart, with the basis their label gives, for an
// indicator that is itself a rate; a sheet of growth columns only is read
// when its title names a rate.
func TestReadFiguresGrowthColumns(t *testing.T) {
	lines := func(figs []duban.Figure) string {
		var out []string
		for _, f := range figs {
			out = append(out, fmt.Sprintf("%s %s %v", f.Period, f.Basis, f.Value))
		}
		return strings.Join(out, "|")
	}
	b, _ := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"2025年各市固定资产投资"},
		{"地区", "累计", nil, "同比增长（%）", nil},
		{nil, "8月", "9月", "8月", "9月"},
		{"西安市", 80, 100, 3.5, 4.1},
	}}, []string{"Sheet1"}, "Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!A2:A3"))
	if got, want := lines(b.Figures), "2025-08 ytd 80|2025-09 ytd 100"; got != want {
		t.Errorf("figures %s, want %s", got, want)
	}
	if got, want := lines(b.Growth), "2025-08  3.5|2025-09  4.1"; got != want {
		t.Errorf("growth %s, want %s", got, want)
	}
	b, _ = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"2025年各市规上工业增加值增速"},
		{"地区", "1-2月", nil, "3月", nil},
		{nil, "当月增速", "累计增速", "当月增速", "累计增速"},
		{"西安市", 1.5, 2.5, 3.5, 4.5},
	}}, []string{"Sheet1"}, "Sheet1!B2:C2", "Sheet1!D2:E2"))
	if got, want := lines(b.Growth), "2025-02 period 1.5|2025-02 ytd 2.5|2025-03 period 3.5|2025-03 ytd 4.5"; len(b.Figures) != 0 || got != want {
		t.Errorf("figures %v growth %s, want none and %s", b.Figures, got, want)
	}
}

// A list number before a unit's name in its own cell (1.西安市, 2、宝鸡市,
// （三）铜川市, 四、渭南市, 其中：1.西咸新区) is not part of the name.
func TestReadFiguresNumberedUnits(t *testing.T) {
	_, got := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"地区", "1月"},
		{"1.西安市", 6}, {"2、宝鸡市", 1}, {"（三）铜川市", 0.5}, {"四、渭南市", 0.8}, {"⑤咸阳市", 0.7}, {"其中：1.西咸新区", 0.2},
	}}, []string{"Sheet1"}))
	if want := "西安市 2025-01 6|宝鸡市 2025-01 1|铜川市 2025-01 0.5|渭南市 2025-01 0.8|咸阳市 2025-01 0.7|西咸新区 2025-01 0.2"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
}

// A workbook of a sheet per month (10月, 11月) whose title gives only the
// year: each sheet's 本月 and 本年累计 are its month's.
func TestReadFiguresSheetPerMonth(t *testing.T) {
	sheet := func(month, ytd float64) [][]any {
		return [][]any{{"2025年各市财政科技支出"}, {"单位：亿元"}, {"地区", "本月", "本年累计", "同比增长（%）"}, {"西安市", month, ytd, 9.1}}
	}
	b, err := ReadFigures(book(t, map[string][][]any{"10月": sheet(6, 60), "2025.11": sheet(6, 66)}, []string{"10月", "2025.11"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	var got []string
	for _, f := range b.Figures {
		got = append(got, fmt.Sprintf("%s %s %v", f.Period, f.Basis, f.Value))
	}
	if want := "2025-10 period 6|2025-10 ytd 60|2025-11 period 6|2025-11 ytd 66"; strings.Join(got, "|") != want {
		t.Errorf("figures %v, want %s", got, want)
	}
}

// A long table with a value column of each basis (本期 | 累计, 当月数 |
// 累计数) reads both, each with its basis; a lone 本期 column is the
// period's own.
func TestReadFiguresLongBases(t *testing.T) {
	lines := func(b *duban.FigureBook) string {
		var out []string
		for _, f := range b.Figures {
			out = append(out, fmt.Sprintf("%s %s %s %v", f.Column, f.Period, f.Basis, f.Value))
		}
		return strings.Join(out, "|")
	}
	b, _ := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"单位", "期间", "本期", "累计"},
		{"西安市", "2025年10月", 6, 60},
	}}, []string{"Sheet1"}))
	if got, want := lines(b), "C（本期） 2025-10 period 6|D（累计） 2025-10 ytd 60"; got != want {
		t.Errorf("本期 | 累计: %s, want %s", got, want)
	}
	b, _ = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"单位", "期间", "本期"},
		{"西安市", "2025年10月", 6},
	}}, []string{"Sheet1"}))
	if got, want := lines(b), "C（本期） 2025-10 period 6"; got != want {
		t.Errorf("本期 alone: %s, want %s", got, want)
	}
	// As statistics systems export them: 本月值 | 累计值 with a 计量单位
	// column, whose 万元 is the figures' measure (the 本月值 column was
	// dropped, the 累计值 read as the indicator's own basis, the measure
	// not read: figures 10,000 times too large for an indicator in 亿元).
	b, _ = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"地区", "指标名称", "统计时间", "本月值", "累计值", "计量单位"},
		{"西安市", "财政科技支出", "2024年2月", 40000, 90000, "万元"},
	}}, []string{"Sheet1"}))
	if got, want := lines(b), "D（本月值） 2024-02 period 40000|E（累计值） 2024-02 ytd 90000"; got != want || b.Measure != "万元" {
		t.Errorf("本月值 | 累计值 | 计量单位: %s in %q, want %s in 万元", got, b.Measure, want)
	}
	// A lone 累计值 column is the year to date: an indicator of months
	// refuses it instead of storing running totals as months.
	b, _ = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"地区", "统计时间", "累计值"},
		{"西安市", "2024年2月", 90000},
	}}, []string{"Sheet1"}))
	if got, want := lines(b), "C（累计值） 2024-02 ytd 90000"; got != want {
		t.Errorf("累计值 alone: %s, want %s", got, want)
	}
	// A year's 本年累计 is the year's own figure: no basis of its own.
	b, _ = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"地区", "年份", "本年累计"},
		{"西安市", "2023年", 120.5},
	}}, []string{"Sheet1"}))
	if got, want := lines(b), "C（本年累计） 2023  120.5"; got != want {
		t.Errorf("a year's 本年累计: %s, want %s", got, want)
	}
	// Two measures of amounts in the 计量单位 column are refused, as two in
	// the title and a header are; a rate's % beside them is no measure.
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {
		{"地区", "统计时间", "数值", "计量单位"},
		{"西安市", "2024年2月", 5.3, "%"},
		{"西安市", "2024年2月", 9, "亿元"},
		{"宝鸡市", "2024年2月", 8000, "万元"},
	}}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Reason, "计量单位不一致") {
		t.Errorf("two measures: %v %+v, want 计量单位不一致", err, b)
	}
}

// Month headers kept as dates, shown in any date format (08-01-25, Aug-25,
// 8月1日), are the months they fall in; a number shown as one is none.
func TestReadFiguresDateHeaders(t *testing.T) {
	for _, numFmt := range []int{14, 17, 58} {
		t.Run(fmt.Sprint(numFmt), func(t *testing.T) {
			f := excelize.NewFile()
			f.SetSheetRow("Sheet1", "A1", &[]any{"各市财政科技支出"})
			f.SetSheetRow("Sheet1", "A2", &[]any{"地区", time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)})
			f.SetSheetRow("Sheet1", "A3", &[]any{"西安市", 8, 9})
			style, _ := f.NewStyle(&excelize.Style{NumFmt: numFmt})
			f.SetCellStyle("Sheet1", "B2", "C2", style)
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			_, got := mustReadFigureLines(t, &buf)
			if want := "西安市 2025-08 8|西安市 2025-09 9"; strings.Join(got, "|") != want {
				t.Errorf("figures %v, want %s", got, want)
			}
		})
	}
}

// A one-month report whose title names the month without the year (1-9月
// 各市…, 截至9月底…) takes the year from the sheet's name or another line.
func TestReadFiguresTitleMonthWithoutYear(t *testing.T) {
	for name, c := range map[string]struct {
		sheet string
		rows  [][]any
	}{
		"year in the sheet's name": {"2025年", [][]any{{"1-9月各市财政科技支出完成情况"}, {"地区", "本年累计", "同比%"}, {"西安市", 50, 3}}},
		"year on another line":     {"Sheet1", [][]any{{"截至9月底各市财政科技支出"}, {"（2025年）"}, {"地区", "累计完成"}, {"西安市", 50}}},
	} {
		t.Run(name, func(t *testing.T) {
			_, got := mustReadFigureLines(t, book(t, map[string][][]any{c.sheet: c.rows}, []string{c.sheet}))
			if want := "西安市 2025-09 50"; strings.Join(got, "|") != want {
				t.Errorf("figures %v, want %s", got, want)
			}
		})
	}
}

// A report of one figure per unit (地区 | 数量（家）) is of the period its
// title names: a year (2025年各市高新技术企业数量) or a month (2025年1-9月…).
func TestReadFiguresOneValueColumn(t *testing.T) {
	b, got := mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"2025年各市高新技术企业数量"}, {"地区", "数量（家）"}, {"西安市", 11500}, {"铜川市", 146},
	}}, []string{"Sheet1"}))
	if want := "西安市 2025 11500|铜川市 2025 146"; strings.Join(got, "|") != want || b.Measure != "家" || b.Figures[0].Period.Type != duban.PeriodYearly {
		t.Errorf("a year: figures %v measure %q, want %s, yearly, in 家", got, b.Measure, want)
	}
	_, got = mustReadFigureLines(t, book(t, map[string][][]any{"Sheet1": {
		{"2025年1-9月各市财政科技支出"}, {"地区", "完成数"}, {"西安市", 50},
	}}, []string{"Sheet1"}))
	if want := "西安市 2025-09 50"; strings.Join(got, "|") != want {
		t.Errorf("a month: figures %v, want %s", got, want)
	}
}

// A header that names the year to date up to its period (1-9月, 一至九月,
// 9月累计, 三季度累计) gives year-to-date figures, wide or long, so that an
// indicator of the period's own figures refuses them instead of taking a
// sum of nine months for September's; a plain 9月 or 三季度 says nothing,
// unless it stands beside its year to date (9月 | 1-9月, 三季度 | 三季度累计):
// then it is the period's own figure (it was taken for a second year to
// date of a cumulative indicator, and the file refused as duplicates).
func TestReadFiguresYearToDateHeaders(t *testing.T) {
	wide := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"地区", "9月", "1-9月", "一至九月", "2025年9月累计"},
		{"西安市", 1, 2, 3, 4},
	}, "季度": {
		{"2025年各市财政科技支出"},
		{"地区", "三季度", "三季度累计"},
		{"西安市", 5, 6},
	}}, []string{"Sheet1", "季度"})
	long := book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"单位", "年份", "月份", "数值"},
		{"铜川市", 2025, "9月", 1},
		{"铜川市", 2025, "1-9月", 2},
	}, "期间": {
		{"单位", "期间", "数值"},
		{"渭南市", "2025年9月累计", 3},
		{"渭南市", "2025年第三季度累计", 4},
		{"渭南市", "2025年三季度", 5},
	}}, []string{"Sheet1", "期间"})
	for name, buf := range map[string]*bytes.Buffer{"wide": wide, "long": long} {
		b, err := ReadFigures(buf)
		if err != nil || len(b.Errors) != 0 {
			t.Fatalf("%s: %v %+v", name, err, b.Errors)
		}
		var got []string
		for _, f := range b.Figures {
			got = append(got, fmt.Sprintf("%s %s %v", f.Period, cmp.Or(f.Basis, "-"), f.Value))
		}
		want := map[string]string{
			"wide": "2025-09 period 1|2025-09 ytd 2|2025-09 ytd 3|2025-09 ytd 4|2025-Q3 period 5|2025-Q3 ytd 6",
			"long": "2025-09 - 1|2025-09 ytd 2|2025-09 ytd 3|2025-Q3 ytd 4|2025-Q3 - 5",
		}[name]
		if strings.Join(got, "|") != want {
			t.Errorf("%s: figures %s, want %s", name, strings.Join(got, "|"), want)
		}
	}
}

// A one-column report under a title of months from January (2025年1-9月…)
// gives year-to-date figures; one as of a month's end (截至9月底…) does not
// say: a count at a month's end is as often a stock as a sum.
func TestReadFiguresTitleToDate(t *testing.T) {
	for title, want := range map[string]string{
		"2025年1-9月各市技术合同成交额":   "2025-09 ytd 50",
		"2025年上半年各市技术合同成交额":    "2025-06 ytd 50",
		"截至2025年9月底各市高新技术企业数量": "2025-09 - 50",
		"2025年9月各市技术合同成交额":     "2025-09 - 50",
	} {
		b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {{title}, {"地区", "完成数"}, {"西安市", 50}}}, []string{"Sheet1"}))
		if err != nil || len(b.Errors) != 0 || len(b.Figures) != 1 {
			t.Fatalf("%s: %v %+v %+v", title, err, b.Errors, b.Figures)
		}
		f := b.Figures[0]
		if got := fmt.Sprintf("%s %s %v", f.Period, cmp.Or(f.Basis, "-"), f.Value); got != want {
			t.Errorf("%s: %s, want %s", title, got, want)
		}
	}
}

// A header of months with a quarter's and the year's columns beside them
// reads the months and warns of each other column by name: none of its
// figures is dropped without a word.
func TestReadFiguresOtherPeriodKindsWarned(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {
		{"2025年各市财政科技支出"},
		{"地区", "7月", "8月", "9月", "三季度", "2025年"},
		{"西安市", 1, 2, 3, 6, 30},
	}}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 3 {
		t.Fatalf("%v %+v %+v", err, b.Errors, b.Figures)
	}
	var got []string
	for _, w := range b.Warnings {
		got = append(got, fmt.Sprintf("%d %s %s", w.Row, w.Column, w.Reason))
	}
	want := []string{"2 E（三季度） “三季度”是季度，表头其余期间列是月份，该列未导入", "2 F（2025年） “2025年”是年度，表头其余期间列是月份，该列未导入"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Last year's total first (2023年 | 1-2月 | 1-3月): the months are
	// the header's kind, the year the column passed over. The first column
	// decided: the months were warned of and the file refused.
	b, err = ReadFigures(book(t, map[string][][]any{"Sheet1": {
		{"2024年各县区一般公共预算收入"},
		{"县区", "2023年", "1-2月", "1-3月"},
		{"临渭区", 30, 4, 6},
	}}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 2 || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0].Reason, "“2023年”是年度") {
		t.Errorf("last year's total first: %v errors %+v figures %+v warnings %+v; want the two months, the year warned of", err, b.Errors, b.Figures, b.Warnings)
	}
}

// figuresByBasis are the figures of a book of one unit by period and basis
// ("2025-09 ytd").
func figuresByBasis(b *duban.FigureBook) map[string]float64 {
	got := map[string]float64{}
	for _, f := range b.Figures {
		got[f.Period.String()+" "+f.Basis] = f.Value
	}
	return got
}

// A column label that opens with the period's word and says what was done
// (本月新登记, 当月完成) is the period's own figure; it was passed over, and a
// month's report refused for its 本年累计 column alone.
func TestBasisOfPeriodWords(t *testing.T) {
	for label, want := range map[string]string{
		"本月新登记": duban.BasisPeriod, "当月完成": duban.BasisPeriod, "本期新增": duban.BasisPeriod,
		"本年累计": duban.BasisYTD, "当月累计": duban.BasisYTD, "本月末": "", "当月同比增长（%）": duban.BasisGrowth,
	} {
		if got := basisOf(label); got != want {
			t.Errorf("basisOf(%q) = %q, want %q", label, got, want)
		}
	}
}

// A title that says its figures' basis, in brackets or at its end
// (…（当月值）, …（累计）, …累计数), gives it to the month columns that say
// none; they were read on the indicator's own basis, a month's own sales
// stored as the year to date and the reverse.
func TestReadFiguresBasisInTitle(t *testing.T) {
	for title, want := range map[string]string{
		"2024年各县区社会消费品零售总额（当月值）": duban.BasisPeriod,
		"2024年各县区外贸进出口总额（累计）":    duban.BasisYTD,
		"2024年各县区外贸进出口总额累计数":     duban.BasisYTD,
		"2024年各县区社会消费品零售总额":      "",
	} {
		b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {{title}, {"县区", "7月", "8月"}, {"临渭区", 1.1, 1.2}}}, []string{"Sheet1"}))
		if err != nil || len(b.Errors) != 0 || len(b.Figures) != 2 {
			t.Fatalf("%s: %v %+v %d figures", title, err, b.Errors, len(b.Figures))
		}
		for _, f := range b.Figures {
			if f.Basis != want {
				t.Errorf("%s: %s basis %q, want %q", title, f.Column, f.Basis, want)
			}
		}
	}
}

// A sheet listing projects (序号 | 项目名称 | 建设单位 | 总投资 | 1-9月完成
// 投资) beside the units' table is passed over with a warning: the whole
// workbook was refused for it.
func TestReadFiguresProjectSheetPassed(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"县区": {{"2024年1-9月各县区固定资产投资"}, {"县区", "1-9月"}, {"临渭区", 120.5}, {"华州区", 80}},
		"重点项目": {{"2024年重点项目投资完成情况"}, {"序号", "项目名称", "建设单位", "总投资（万元）", "1-9月完成投资（万元）"},
			{1, "渭南高新区标准化厂房", "高新区管委会", 52000, 18000}, {2, "临渭区污水处理厂扩建", "临渭区住建局", 31000, 9000}},
	}, []string{"县区", "重点项目"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 2 {
		t.Fatalf("%v errors %+v figures %+v", err, b.Errors, b.Figures)
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Sheet != "重点项目" || !strings.Contains(b.Warnings[0].Reason, "项目清单") {
		t.Errorf("warnings %+v, want one passing over the projects' sheet", b.Warnings)
	}
}
