package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// TestReadFiguresSheetsOfOneBook: a hidden sheet beside visible ones (last
// year's copy) is passed over with a warning; a sheet whose 单位 line names
// another measure than an earlier sheet's refuses the book, naming both.
func TestReadFiguresSheetsOfOneBook(t *testing.T) {
	buf := book(t, map[string][][]any{
		"2025年":   {{"2025年各市规上工业增加值"}, {"单位：亿元"}, {"地区", "1月", "2月"}, {"西安市", 1.3, 2.6}},
		"2024年备份": {{"2024年各市规上工业增加值"}, {"单位：亿元"}, {"地区", "1月", "2月"}, {"西安市", 999, 999}},
	}, []string{"2025年", "2024年备份"})
	f, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("2024年备份", false); err != nil {
		t.Fatal(err)
	}
	var hidden bytes.Buffer
	if err := f.Write(&hidden); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFigures(&hidden)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if got := fmt.Sprint(figuresByKey(b)); got != "map[西安市 2025-01:1.3 西安市 2025-02:2.6]" {
		t.Errorf("figures %s; want the visible sheet's alone", got)
	}
	if !slices.ContainsFunc(b.Warnings, func(w duban.FigureError) bool {
		return w.Sheet == "2024年备份" && strings.Contains(w.Reason, "已隐藏")
	}) {
		t.Errorf("no warning of the hidden sheet: %+v", b.Warnings)
	}

	b, err = ReadFigures(book(t, map[string][][]any{
		"2024年": {{"2024年各市规上工业增加值"}, {"单位：万元"}, {"地区", "1月"}, {"西安市", 12000}},
		"2025年": {{"2025年各市规上工业增加值"}, {"单位：亿元"}, {"地区", "1月"}, {"西安市", 1.3}},
	}, []string{"2024年", "2025年"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 1 || b.Errors[0].Sheet != "2025年" || !strings.Contains(b.Errors[0].Reason, "本表的计量单位是“亿元”，工作表“2024年”是“万元”") {
		t.Errorf("errors %+v; want one naming both measures", b.Errors)
	}
}

// TestReadFiguresPercentKept: a per cent cell keeps the decimals its format
// hides (0.0531 shown as 5.3% is 5.31); a number followed by a literal %
// in its format is read as it is.
func TestReadFiguresPercentKept(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"2025年各市研发投入强度（单位：%）"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"地区", "1月", "2月"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"西安市", 0.0531, 5.31})
	oneDigit := "0.0%"
	short, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &oneDigit})
	literal := `0.0"%"`
	lit, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &literal})
	f.SetCellStyle("Sheet1", "B3", "B3", short)
	f.SetCellStyle("Sheet1", "C3", "C3", lit)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFigures(&buf)
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if len(b.Figures) != 2 {
		t.Errorf("figures %+v; want two", b.Figures)
	}
	for _, fig := range b.Figures {
		if fig.Value != 5.31 {
			t.Errorf("%s %s: %v, want 5.31", fig.Column, fig.Period, fig.Value)
		}
	}
}

// TestReadFiguresYearSources: a sheet named 2024年 under a title of 2025年
// refuses the book, naming the title's row; a date alone above the table
// (the day it was made) gives no year to its months.
func TestReadFiguresYearSources(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"2024年": {{"2025年各市规上工业增加值"}, {"单位：亿元"}, {"地区", "1月", "2月"}, {"西安市", 1.3, 2.6}},
	}, []string{"2024年"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 1 || b.Errors[0].Row != 1 || !strings.Contains(b.Errors[0].Reason, "工作表名是2024年，标题“2025年各市规上工业增加值”是2025年") {
		t.Errorf("errors %+v; want the two years named", b.Errors)
	}
	b, err = ReadFigures(book(t, map[string][][]any{
		"Sheet1": {{"各市规上工业增加值"}, {"2026年1月10日"}, {"地区", "1-11月", "1-12月"}, {"西安市", 1.3, 2.6}},
	}, []string{"Sheet1"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Figures) != 0 || len(b.Errors) == 0 || !strings.Contains(b.Errors[0].Reason, "无法确定年份") {
		t.Errorf("figures %+v errors %+v; want the year asked for, not taken from the date the table was made", b.Figures, b.Errors)
	}
}

// TestReadFiguresGrowthPercentNoMeasure: the （%） of a growth column beside
// each month's figures is not the figures' measure.
func TestReadFiguresGrowthPercentNoMeasure(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"2025年": {{"2025年各市规上工业增加值"}, {"地区", "8月", nil, "9月", nil}, {nil, "累计", "同比增长（%）", "累计", "同比增长（%）"}, {"西安市", 80.5, 3.5, 90.2, 4.1}},
	}, []string{"2025年"}, "2025年!B2:C2", "2025年!D2:E2"))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if b.Measure != "" || fmt.Sprint(figuresByKey(b)) != "map[西安市 2025-08:80.5 西安市 2025-09:90.2]" {
		t.Errorf("measure %q figures %v; want no measure and the 累计 figures", b.Measure, figuresByKey(b))
	}
}

// TestReadFiguresHeaderLineBreaks: header cells written on two lines in
// the cell (1-2月⏎（亿元）) are read as on one.
func TestReadFiguresHeaderLineBreaks(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"2025年": {{"2025年各市规上工业增加值"}, {"地区", "1-2月\n（亿元）", "1-3月\n（亿元）"}, {"西安市", 20.5, 31.2}},
	}, []string{"2025年"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if fmt.Sprint(figuresByKey(b)) != "map[西安市 2025-02:20.5 西安市 2025-03:31.2]" || b.Figures[0].Basis != duban.BasisYTD {
		t.Errorf("figures %+v; want the year-to-date figures of February and March", b.Figures)
	}
}

// TestReadFiguresSnapshotFirstRow: a figure such as 3800.5 in the first row
// of a table of one period is no period (3800年5月): the row is read.
func TestReadFiguresSnapshotFirstRow(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"Sheet1": {{"2025年1-9月各市地区生产总值（亿元）"}, {"地区", "本年累计", "上年同期", "增速"}, {"西安市", 3800.5, 3600.1, 5.6}, {"宝鸡市", 1800.2, 1750, 2.9}},
	}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if got := fmt.Sprint(figuresByKey(b)); got != "map[宝鸡市 2024-09:1750 宝鸡市 2025-09:1800.2 西安市 2024-09:3600.1 西安市 2025-09:3800.5]" {
		t.Errorf("figures %s; want both cities' year to date, this year and last", got)
	}
}

// TestReadFiguresYearsOverMonths: two years, each merged over its months,
// head the months below them.
func TestReadFiguresYearsOverMonths(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"Sheet1": {{"各市规上工业增加值（亿元）"}, {"地区", "2024年", nil, "2025年", nil}, {nil, "11月", "12月", "1月", "2月"}, {"西安市", 1.1, 1.2, 1.3, 1.4}},
	}, []string{"Sheet1"}, "Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!A2:A3"))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if got := fmt.Sprint(figuresByKey(b)); got != "map[西安市 2024-11:1.1 西安市 2024-12:1.2 西安市 2025-01:1.3 西安市 2025-02:1.4]" {
		t.Errorf("figures %s; want each month in its year", got)
	}
}

// TestBlankFigures: the dashes and marks clerks type for "not reported",
// and the mark of a figure withheld (* 为涉及企业商业秘密数据，不予公布); a
// note's mark after a figure (12.5*) leaves the figure.
func TestBlankFigures(t *testing.T) {
	if v, ok := parseFigure("12.5*"); !ok || v != 12.5 {
		t.Errorf("parseFigure(12.5*) = %v %v, want 12.5", v, ok)
	}
	for _, s := range []string{"", "—", "——", "―", "−", "﹣", "-", "/", "……", "…", "一", "无", "未报", "*", "＊", "不予公布"} {
		if !blankFigure(s) {
			t.Errorf("blankFigure(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"5", "-5", "5.", "一百"} {
		if blankFigure(s) {
			t.Errorf("blankFigure(%q) = true, want false", s)
		}
	}
}

// TestReadFiguresSecondTable: the header again on one sheet (a printed
// page's, or a table of the counties under the cities' for the same
// months) is passed over and the units below it read; a table of other
// periods under the first refuses the book, naming its row.
func TestReadFiguresSecondTable(t *testing.T) {
	rows := [][]any{{"2025年各市规上工业增加值（亿元）"}, {"地区", "1月", "2月"}, {"西安市", 1.3, 2.6}, {}, {"县区", "1月", "2月"}, {"长安区", 0.2, 0.4}}
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 4 {
		t.Fatalf("header again: %v %+v, %d figures", err, b.Errors, len(b.Figures))
	}
	rows = append(rows, []any{}, []any{"县区", "3月", "4月"}, []any{"长安区", 0.6, 0.8})
	b, err = ReadFigures(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 1 || b.Errors[0].Row != 8 || !strings.Contains(b.Errors[0].Reason, "第8行起是另一张表（县区 | 3月 | 4月）") {
		t.Errorf("errors %+v; want the other table named at row 8", b.Errors)
	}
}

// TestReadFiguresMonthAndSoFar: a month's report with a 本月 column beside a
// 1-9月累计 one reads both: the month's own figure and the year to date.
func TestReadFiguresMonthAndSoFar(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"Sheet1": {{"2025年9月份各市规上工业增加值"}, {"地区", "本月（亿元）", "1-9月累计（亿元）"}, {"西安市", 12.5, 110.3}},
	}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByBasis(b)
	if fmt.Sprint(got) != "map[2025-09 period:12.5 2025-09 ytd:110.3]" {
		t.Errorf("figures %v; want the month's 12.5 and the year to date's 110.3", got)
	}
}

// TestReadFiguresItemRows: a 项目 column naming each row's figures under one
// city merged down (绝对额 then 增速): the growth rows are growth, not a
// second figure of the same month.
func TestReadFiguresItemRows(t *testing.T) {
	b, err := ReadFigures(book(t, map[string][][]any{
		"2025年": {{"2025年各市规上工业增加值"}, {"地区", "项目", "1月", "2月"},
			{"西安市", "绝对额（亿元）", 10.5, 20.5}, {nil, "增速（%）", 3.5, 4.1},
			{"宝鸡市", "绝对额（亿元）", 5.5, 11}, {nil, "增速（%）", 2.5, 2.9}},
	}, []string{"2025年"}, "2025年!A3:A4", "2025年!A5:A6"))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if got := fmt.Sprint(figuresByKey(b)); got != "map[宝鸡市 2025-01:5.5 宝鸡市 2025-02:11 西安市 2025-01:10.5 西安市 2025-02:20.5]" {
		t.Errorf("figures %s; want the 绝对额 rows", got)
	}
	if len(b.Growth) != 4 {
		t.Errorf("growth %+v; want the four 增速 figures", b.Growth)
	}
}

// TestReadFiguresPercentShownZero: 0.004 in a 0% cell shows 0% and is 0.4.
func TestReadFiguresPercentShownZero(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"2025年各市研发投入强度（单位：%）"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"地区", "1月"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"西安市", 0.004})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	f.SetCellStyle("Sheet1", "B3", "B3", pct)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFigures(&buf)
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 1 || b.Figures[0].Value != 0.4 {
		t.Errorf("%v %+v %+v; want 0.4", err, b.Errors, b.Figures)
	}
}

// TestReadFiguresOrdinaryStillRead: layouts that read before this pass's
// rules still do: figures that read as years or months (1988, 2024.5) in a
// monthly or yearly table; a 年度目标 column of words; a 9月 column beside
// 1-9月累计 and 上年同期; a 填报时间 line on a sheet named for the year; a
// signature with a telephone number under the notes.
func TestReadFiguresOrdinaryStillRead(t *testing.T) {
	cases := []struct {
		name  string
		rows  [][]any
		sheet string
		want  int // figures
	}{
		{"figures like years", [][]any{{"2025年各市规上工业企业数（家）"}, {"地区", "1月", "2月", "3月"}, {"西安市", 1988, 2015, 2031}, {"宝鸡市", 2024.5, 2030.2, 2100.7}}, "2025年", 6},
		{"yearly figures like months", [][]any{{"各市地区生产总值（亿元）"}, {"地区", "2023年", "2024年", "2025年"}, {"咸阳市", 2011.3, 2024.5, 2099.1}, {"宝鸡市", 2500.1, 2600.5, 2700.2}}, "Sheet1", 6},
		{"a target column of words", [][]any{{"2025年各市规上工业增加值（亿元）"}, {"地区", "年度目标", "1月", "2月"}, {"西安市", "增长6.5%左右", 10.5, 20.5}, {"咸阳市", "占全省比重30%", 5, 9}}, "2025年", 4},
		{"填报时间 above", [][]any{{"2025年各市规上工业增加值（亿元）"}, {"填报时间：2026年1月8日"}, {"地区", "1月", "2月"}, {"西安市", 10.5, 20.5}}, "2025年", 2},
		{"a signature under the notes", [][]any{{"2025年各市规上工业增加值（亿元）"}, {"序号", "地区", "1月", "2月", "3月"}, {1, "西安市", 1, 2, 3}, {"注：快报数"}, {"填表人：", "张三", "联系电话：", 13812345678}}, "2025年", 3},
	}
	for _, tc := range cases {
		b, err := ReadFigures(book(t, map[string][][]any{tc.sheet: tc.rows}, []string{tc.sheet}))
		if err != nil || len(b.Errors) != 0 || len(b.Figures) != tc.want {
			t.Errorf("%s: %v errors %+v, %d figures %v; want %d figures", tc.name, err, b.Errors, len(b.Figures), figuresByKey(b), tc.want)
		}
	}
	b, err := ReadFigures(book(t, map[string][][]any{
		"Sheet1": {{"2025年1-9月各市规上工业增加值（亿元）"}, {"地区", "9月", "1-9月累计", "上年同期", "同比增长（%）"}, {"西安市", 12.5, 110.3, 100.2, 10.1}},
	}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	got := figuresByBasis(b)
	if got["2025-09 "] != 12.5 && got["2025-09 period"] != 12.5 {
		t.Errorf("figures %v; want September's own 12.5 read", got)
	}
}

// TestReadFiguresRealColumns: layouts of real monitoring workbooks that
// were misread. October typed 2025.10 into a cell of numbers is kept as
// 2025.1 and read as January; a 计量单位 column was taken for the units
// (an indicator-down table read 亿元 as a unit, one figure over another);
// several indicators in a 指标 column gave blank unit names; a table below
// twenty lines of notes was not found. A 项目 column of cities is still
// the units'.
func TestReadFiguresRealColumns(t *testing.T) {
	read := func(rows [][]any) *duban.FigureBook {
		t.Helper()
		b, err := ReadFigures(book(t, map[string][][]any{"2025年": rows}, []string{"2025年"}))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := read([][]any{{"2025年各市规上工业增加值（亿元）"}, {"地区", 2025.8, 2025.9, 2025.1, 2025.11}, {"西安市", 1, 2, 3, 4}})
	if got := fmt.Sprint(figuresByKey(b)); len(b.Errors) != 0 || got != "map[西安市 2025-08:1 西安市 2025-09:2 西安市 2025-10:3 西安市 2025-11:4]" {
		t.Errorf("months as numbers: %s %+v; want 2025.1 after 2025.9 read as October", got, b.Errors)
	}
	b = read([][]any{{"2025年各市规上工业增加值"}, {"地区", 2025.1, 2025.2}, {"西安市", 1, 2}})
	if got := fmt.Sprint(figuresByKey(b)); got != "map[西安市 2025-01:1 西安市 2025-02:2]" {
		t.Errorf("January as a number: %s", got)
	}

	b = read([][]any{{"2025年各市规上工业增加值"}, {"地区", "计量单位", "1月", "2月"}, {"西安市", "亿元", 1, 2}, {"宝鸡市", "亿元", 3, 4}})
	if got := fmt.Sprint(figuresByKey(b)); len(b.Errors) != 0 || b.Measure != "亿元" || got != "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]" {
		t.Errorf("计量单位 column: %s measure %q %+v; want the cities' figures in 亿元", got, b.Measure, b.Errors)
	}
	b = read([][]any{{"2025年各市主要指标"}, {"地区", "计量单位", "1月"}, {"西安市", "亿元", 1}, {"宝鸡市", "万元", 3}})
	if len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Reason, "2种计量单位（亿元、万元）") {
		t.Errorf("two measures: %+v", b.Errors)
	}

	b = read([][]any{{"2025年1-9月西安市主要经济指标"}, {"指标名称", "计量单位", "1-9月", "同比增长（%）"}, {"地区生产总值", "亿元", 9000, 5.1}, {"规上工业增加值", "亿元", 2000, 6.2}})
	if len(b.Figures) != 0 || len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Reason, "本表每行是一个指标") {
		t.Errorf("indicator down: %v %+v; want one refusal", figuresByKey(b), b.Errors)
	}

	b = read([][]any{{"2025年各市主要指标"}, {"地区", "指标", "1月", "2月"}, {"西安市", "地区生产总值", 1, 2}, {nil, "规上工业增加值", 3, 4}, {"宝鸡市", "地区生产总值", 5, 6}, {nil, "规上工业增加值", 7, 8}})
	if len(b.Figures) != 0 || len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Reason, "每个单位有2种数据（地区生产总值、规上工业增加值）") {
		t.Errorf("two indicators: %v %+v; want one refusal naming both", figuresByKey(b), b.Errors)
	}

	b = read([][]any{{"2025年各市规上工业增加值（亿元）"}, {"项目", "1月", "2月"}, {"西安市", 1, 2}, {"宝鸡市", 3, 4}})
	if got := fmt.Sprint(figuresByKey(b)); len(b.Errors) != 0 || got != "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]" {
		t.Errorf("项目 column of cities: %s %+v", got, b.Errors)
	}

	rows := [][]any{{"2025年各市规上工业增加值（亿元）"}}
	for i := range 22 {
		rows = append(rows, []any{fmt.Sprintf("填报说明第%d条：本表数据来源于统计部门快报。", i+1)})
	}
	b = read(append(rows, []any{"地区", "1月", "2月"}, []any{"西安市", 1, 2}))
	if got := fmt.Sprint(figuresByKey(b)); len(b.Errors) != 0 || got != "map[西安市 2025-01:1 西安市 2025-02:2]" {
		t.Errorf("a header on line 24: %s %+v", got, b.Errors)
	}
}

// TestReadFiguresMeasureAndItemColumns: the layouts a review of the rules
// above found misread or refused, each read as it should be: a 计量单位
// column beside 增速 rows (%), under group rows, under the header again, over
// a total's dash; a 项目 column of short city names; a 合计 row's dash in a
// 指标 column; a 单位 column of measures over indicators (refused); a
// blank units' header beside 计量单位; October written 2025.1 after 2025.7
// in a quarterly header, down a table of months and in a long table; a
// 上年同期累计 row (last year's, not read); a numbered note of another year
// above the header; a row of figures two of which read as years (no
// header: it was read as one, and its figures as units).
func TestReadFiguresMeasureAndItemColumns(t *testing.T) {
	T := "2025年各市规上工业增加值完成情况"
	cases := []layoutCase{
		{"growth rows in %", "2025年", [][]any{{"各市规上工业增加值"}, {"地区", "项目", "计量单位", "1月", "2月"},
			{"西安市", "绝对额", "亿元", 1, 2}, {nil, "增速", "%", 5.1, 5.2}, {"宝鸡市", "绝对额", "亿元", 3, 4}, {nil, "增速", "%", 6.1, 6.2}},
			[]string{"2025年!A3:A4", "2025年!A5:A6"}, "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"group rows", "2025年", [][]any{{T}, {"序号", "地区", "计量单位", "1月", "2月"}, {"一、关中地区"}, {1, "西安市", "亿元", 1, 2}, {"二、陕北地区"}, {2, "榆林市", "亿元", 3, 4}},
			[]string{"2025年!A3:E3", "2025年!A5:E5"}, "map[榆林市 2025-01:3 榆林市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"header again", "2025年", [][]any{{T}, {"地区", "计量单位", "1月", "2月"}, {"西安市", "亿元", 1, 2}, {"地区", "计量单位", "1月", "2月"}, {"宝鸡市", "亿元", 3, 4}},
			nil, "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"total's dash", "2025年", [][]any{{T}, {"地区", "计量单位", "1月", "2月"}, {"西安市", "亿元", 1, 2}, {"宝鸡市", "（亿元）", 3, 4}, {"全省合计", "—", 4, 6}},
			nil, "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"short city names", "2025年", [][]any{{T + "（亿元）"}, {"项目", "1月", "2月"}, {"西安", 1, 2}, {"宝鸡", 3, 4}},
			nil, "map[宝鸡 2025-01:3 宝鸡 2025-02:4 西安 2025-01:1 西安 2025-02:2]"},
		{"指标 with a total's dash", "2025年", [][]any{{T}, {"地区", "指标", "1月", "2月"}, {"西安市", "规上工业增加值", 1, 2}, {"宝鸡市", "规模以上工业增加值", 3, 4}, {"合计", "—", 4, 6}},
			nil, "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"单位 of measures", "Sheet1", [][]any{{"2025年西安市主要经济指标"}, {"项目", "单位", "1月", "2月"}, {"地区生产总值", "亿元", 9000, 9100}, {"规上工业增加值增速", "%", 5.1, 5.2}, {"新登记市场主体", "户", 20000, 21000}},
			nil, "本表每行是一个指标"},
		{"indicator-down above a signature", "Sheet1", [][]any{{"2025年1-9月西安市主要经济指标"}, {"指标名称", "计量单位", "1-9月", "同比增长（%）"}, {"地区生产总值", "亿元", 9000, 5.1}, {"规上工业增加值", "亿元", 2000, 6.2}, {"填报单位：西安市统计局"}},
			nil, "本表每行是一个指标"},
		{"blank units' header", "2025年", [][]any{{T}, {nil, "计量单位", "1月", "2月"}, {"西安市", "亿元", 1, 2}, {"宝鸡市", "亿元", 3, 4}},
			nil, "map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"quarter-start months", "2025年", [][]any{{T}, {"地区", 2025.1, 2025.4, 2025.7, 2025.1}, {"西安市", 1, 4, 7, 10}},
			nil, "map[西安市 2025-01:1 西安市 2025-04:4 西安市 2025-07:7 西安市 2025-10:10]"},
		{"months down", "2025年", [][]any{{T}, {"月份", "西安市", "宝鸡市"}, {2025.9, 1, 2}, {2025.1, 3, 4}, {2025.11, 5, 6}},
			nil, "map[宝鸡市 2025-09:2 宝鸡市 2025-10:4 宝鸡市 2025-11:6 西安市 2025-09:1 西安市 2025-10:3 西安市 2025-11:5]"},
		{"long table", "2025年", [][]any{{T}, {"地区", "月份", "数值"}, {"西安市", 2025.9, 1}, {"西安市", 2025.1, 2}, {"西安市", 2025.11, 3}},
			nil, "map[西安市 2025-09:1 西安市 2025-10:2 西安市 2025-11:3]"},
		{"a numbered note of 2024", "2025年", [][]any{{"各市规上工业增加值（亿元）"}, {"1.本表为快报数。"}, {"2.2024年数据已按年报修订。"}, {"地区", "1月", "2月"}, {"西安市", 1, 2}},
			nil, "map[西安市 2025-01:1 西安市 2025-02:2]"},
		{"indicators down, cities across", "Sheet1", [][]any{{"2025年1-9月各市主要经济指标"}, {"指标", "单位", "全省", "西安", "宝鸡", "咸阳"}, {"地区生产总值", "亿元", 26000, 9000, 2000, 2100}, {"规上工业增加值增速", "%", 6.0, 6.5, 5.5, 5.8}},
			nil, "本表各行是2个指标（地区生产总值、规上工业增加值）"},
	}
	checkLayouts(t, cases)
	b, err := ReadFigures(book(t, map[string][][]any{"2025年": {{"各市规上工业增加值"}, {"地区", "项目", "8月", "9月"},
		{"西安市", "本月", 1, 2}, {nil, "本年累计", 8, 10}, {nil, "上年同期累计", 7, 9}}}, []string{"2025年"}, "2025年!A3:A5"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range b.Figures {
		if f.Value == 7 || f.Value == 9 {
			t.Errorf("上年同期累计 read as this year's: %+v", f)
		}
	}
}

// TestReadFiguresSecondReview: layouts a second review found misread by the
// rules above, each read as before them or better: 比上年增长 rows are
// growth; a long table of months with the cities interleaved, and a
// second city's January after the first city's September; 当月 7–9 then
// 累计 2025.1–2025.3; January then September; project names holding 投资 or
// 进出口 under 项目名称; a numbered title; a yearbook's 1978 and a stray 目标值
// number in the header; 规上 and 规模以上（亿元） as one indicator; a 目标值
// row under 完成值 (not read).
func TestReadFiguresSecondReview(t *testing.T) {
	T := "2025年各市规上工业增加值完成情况（亿元）"
	cases := []layoutCase{
		{"long, cities interleaved", "2025年", [][]any{{T}, {"地区", "月份", "数值"},
			{"西安市", 2025.8, 1}, {"宝鸡市", 2025.8, 2}, {"西安市", 2025.9, 3}, {"宝鸡市", 2025.9, 4}, {"西安市", 2025.1, 5}, {"宝鸡市", 2025.1, 6}}, nil,
			"map[宝鸡市 2025-08:2 宝鸡市 2025-09:4 宝鸡市 2025-10:6 西安市 2025-08:1 西安市 2025-09:3 西安市 2025-10:5]"},
		{"long, the next city's January", "2025年", [][]any{{T}, {"地区", "月份", "数值"},
			{"西安市", 2025.8, 8}, {"西安市", 2025.9, 9}, {"宝鸡市", 2025.1, 11}, {"宝鸡市", 2025.2, 12}}, nil,
			"map[宝鸡市 2025-01:11 宝鸡市 2025-02:12 西安市 2025-08:8 西安市 2025-09:9]"},
		{"当月 then 累计", "2025年", [][]any{{T}, {"地区", "当月", nil, nil, "累计", nil, nil}, {nil, 2025.7, 2025.8, 2025.9, 2025.1, 2025.2, 2025.3},
			{"西安市", 1, 2, 3, 4, 5, 6}}, []string{"2025年!B2:D2", "2025年!E2:G2", "2025年!A2:A3"},
			"map[西安市 2025-01:4 西安市 2025-02:5 西安市 2025-03:6 西安市 2025-07:1 西安市 2025-08:2 西安市 2025-09:3]"},
		{"January and September", "2025年", [][]any{{T}, {"地区", 2025.1, 2025.9}, {"西安市", 1, 9}}, nil,
			"map[西安市 2025-01:1 西安市 2025-09:9]"},
		{"projects", "2025年", [][]any{{T}, {"项目名称", "1月", "2月"}, {"西咸新区进出口加工园", 1, 2}, {"陕西投资集团清水川电厂三期项目", 4, 5}}, nil,
			"map[西咸新区进出口加工园 2025-01:1 西咸新区进出口加工园 2025-02:2 陕西投资集团清水川电厂三期项目 2025-01:4 陕西投资集团清水川电厂三期项目 2025-02:5]"},
		{"a numbered title", "Sheet1", [][]any{{"（1）2025年各市规上工业增加值（亿元）"}, {"地区", "1月", "2月"}, {"西安市", 1, 2}}, nil,
			"map[西安市 2025-01:1 西安市 2025-02:2]"},
		{"a stray target in the header", "2025年", [][]any{{T}, {"地区", "1月", "2月", "目标值", 6.5}, {"西安市", 1, 2}}, nil,
			"map[西安市 2025-01:1 西安市 2025-02:2]"},
		{"a yearbook", "Sheet1", [][]any{{"各市地区生产总值（亿元）"}, {"地区", 1978, 1990, 2000, 2024}, {"西安市", 1, 2, 3, 4}}, nil,
			"map[西安市 1990:2 西安市 2000:3 西安市 2024:4]"},
		{"规上 and 规模以上", "2025年", [][]any{{T}, {"地区", "指标", "1月", "2月"}, {"西安市", "规上工业增加值", 1, 2}, {"宝鸡市", "规模以上工业增加值（亿元）", 3, 4}}, nil,
			"map[宝鸡市 2025-01:3 宝鸡市 2025-02:4 西安市 2025-01:1 西安市 2025-02:2]"},
		{"目标值 under 完成值", "2025年", [][]any{{T}, {"地区", "项目", "1月", "2月"}, {"西安市", "完成值", 1, 2}, {nil, "目标值", 3, 4}}, []string{"2025年!A3:A4"},
			"map[西安市 2025-01:1 西安市 2025-02:2]"},
	}
	checkLayouts(t, cases)
	b, err := ReadFigures(book(t, map[string][][]any{"2025年": {{"各市规上工业增加值"}, {"地区", "项目", "1月", "2月"},
		{"西安市", "绝对额（亿元）", 1, 2}, {nil, "比上年增长（%）", 5.1, 5.2}}}, []string{"2025年"}, "2025年!A3:A4"))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 2 || len(b.Growth) != 2 {
		t.Errorf("比上年增长 rows: %v %+v figures %v growth %v; want two figures and two growth", err, b.Errors, figuresByKey(b), b.Growth)
	}
}

// TestReadFiguresThirdReview: layouts a third review found: a numbered
// title under 附件2; one project per county under 项目名称; projects named
// for exports (…出口基地, …产业园); side numbers in a header row that starts
// with 地区; 元/人 in a 单位 column; a 上年同期增速 row and a 年度目标 row under
// 项目 (not read).
func TestReadFiguresThirdReview(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{"numbered title under 附件2", "Sheet1", [][]any{{"附件2"}, {"1.2025年各市规上工业增加值（亿元）"}, {"地区", "1月", "2月"}, {"西安市", 1, 2}}, nil,
			"map[西安市 2025-01:1 西安市 2025-02:2]"},
		{"one project per county", "2025年", [][]any{{"2025年各县区重点项目投资完成情况（亿元）"}, {"县区", "项目名称", "1-3月", "1-6月"},
			{"长安区", "西安航天基地卫星产业园", 3, 6}, {"临潼区", "临潼现代工业园", 2, 5}}, nil,
			"map[临潼区 2025-03:2 临潼区 2025-06:5 长安区 2025-03:3 长安区 2025-06:6]"},
		{"projects named for exports", "2025年", [][]any{{"2025年外贸重点项目（亿元）"}, {"项目名称", "1-3月", "1-6月"}, {"比亚迪汽车出口基地", 10, 25}, {"隆基光伏组件出口产业园", 3, 7}}, nil,
			"map[比亚迪汽车出口基地 2025-03:10 比亚迪汽车出口基地 2025-06:25 隆基光伏组件出口产业园 2025-03:3 隆基光伏组件出口产业园 2025-06:7]"},
		{"side numbers in the header", "2025年", [][]any{{"2025年各市规上工业增加值（亿元）"}, {"地区", "1月", "2月", "3月", nil, "全省目标", 6.5, "全省完成", 5.8}, {"西安市", 1, 2, 3}}, nil,
			"map[西安市 2025-01:1 西安市 2025-02:2 西安市 2025-03:3]"},
		{"元/人", "2025年", [][]any{{"2025年各市城镇居民人均可支配收入"}, {"地区", "单位", "1-3月", "1-6月"}, {"西安市", "元/人", 14000, 26000}, {"宝鸡市", "元/人", 10000, 20000}}, nil,
			"map[宝鸡市 2025-03:10000 宝鸡市 2025-06:20000 西安市 2025-03:14000 西安市 2025-06:26000]"},
		{"上年同期增速 and 年度目标 rows", "2025年", [][]any{{"各市规上工业增加值（亿元）"}, {"地区", "项目", "1月", "2月"},
			{"西安市", "完成", 1, 2}, {nil, "年度目标", 30, 30}, {nil, "上年同期增速（%）", 4, 4.1}}, []string{"2025年!A3:A5"},
			"map[西安市 2025-01:1 西安市 2025-02:2]"},
	})
}

// TestReadFiguresAcross reads a report turned round: the units across, the
// indicator and its growth down the first column, the period in the title
// (a month's year to date, or a year); totals across are not units; a
// table of several indicators is refused naming them.
func TestReadFiguresAcross(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{"one indicator and its growth", "Sheet1", [][]any{{"2025年1-9月各市规上工业增加值"}, {"指标", "全省", "西安", "宝鸡"},
			{"规上工业增加值（亿元）", 9000, 2000, 2100}, {"增速（%）", 5.1, 5.3, 4.9}}, nil, "map[宝鸡 2025-09:2100 西安 2025-09:2000]"},
		{"a year's count", "Sheet1", [][]any{{"2024年各市高新技术企业数"}, {"项目", "计量单位", "西安市", "宝鸡市"}, {"高新技术企业数", "家", 12000, 800}},
			nil, "map[宝鸡市 2024:800 西安市 2024:12000]"},
		{"several indicators", "Sheet1", [][]any{{"2025年1-9月各市主要经济指标"}, {"指标", "单位", "全省", "西安", "宝鸡"},
			{"地区生产总值", "亿元", 26000, 9000, 2000}, {"社会消费品零售总额", "亿元", 8000, 3000, 600}}, nil, "本表各行是2个指标（地区生产总值、社会消费品零售总额）"},
	})
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {{"2025年1-6月各市地区生产总值"}, {"指标", "单位", "西安", "宝鸡"},
		{"地区生产总值", "亿元", 6000, 1200}, {"地区生产总值增速", "%", 5.1, 4.0}}}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || b.Measure != "亿元" || len(b.Growth) != 2 || !slices.Contains(b.Names, "地区生产总值") {
		t.Fatalf("%v %+v measure %q growth %v names %q", err, b.Errors, b.Measure, b.Growth, b.Names)
	}
	for _, f := range b.Figures {
		if f.Basis != duban.BasisYTD || f.Period.String() != "2025-06" {
			t.Errorf("figure %+v; want June's year to date", f)
		}
	}
}

// layoutCase is a one-sheet workbook and what reading it gives: its
// figures (figuresByKey), or the start of its one error.
type layoutCase struct {
	name, sheet string
	rows        [][]any
	merges      []string
	want        string
}

func checkLayouts(t *testing.T, cases []layoutCase) {
	t.Helper()
	for _, tc := range cases {
		b, err := ReadFigures(book(t, map[string][][]any{tc.sheet: tc.rows}, []string{tc.sheet}, tc.merges...))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(figuresByKey(b))
		if len(b.Errors) > 0 {
			got = b.Errors[0].Reason
		}
		if !strings.HasPrefix(got, tc.want) || len(b.Errors) > 1 {
			t.Errorf("%s: %s (%d errors); want %s", tc.name, got, len(b.Errors), tc.want)
		}
	}
}

// TestReadFiguresAcrossReview: what a review of the report turned round
// found: a 序号 column before 指标; a value row whose figures read as years
// (2000, 2100); 比上年±% and 增减（%） rows are growth; 本月 and 1-9月累计 rows
// each their own figure; a label merged over 绝对额 | 增速; a date line above
// the title; one quarter; a 比重 indicator alone; the header again over other
// units (refused); months down under 指标 (read as under 月份); trailing
// 备注 and 平均 columns.
func TestReadFiguresAcrossReview(t *testing.T) {
	T := "2025年1-9月各市规上工业增加值"
	checkLayouts(t, []layoutCase{
		{"序号 first", "Sheet1", [][]any{{T}, {"序号", "指标", "西安", "宝鸡"}, {1, "规上工业增加值（亿元）", 2000, 2100}, {2, "增速（%）", 5.3, 4.9}}, nil,
			"map[宝鸡 2025-09:2100 西安 2025-09:2000]"},
		{"values like years", "Sheet1", [][]any{{T}, {"指标", "西安", "宝鸡"}, {"规上工业增加值（亿元）", 2000, 2100}, {"比上年±%", 5.3, 4.9}}, nil,
			"map[宝鸡 2025-09:2100 西安 2025-09:2000]"},
		{"a label merged over 绝对额 | 增速", "Sheet1", [][]any{{T}, {"指标", nil, "西安", "宝鸡"}, {"规上工业增加值", "绝对额（亿元）", 3000, 800}, {nil, "增速（%）", 5.3, 4.9}},
			[]string{"Sheet1!A2:B2", "Sheet1!A3:A4"}, "map[宝鸡 2025-09:800 西安 2025-09:3000]"},
		{"a date line", "Sheet1", [][]any{{"2025年10月8日"}, {T}, {"指标", "西安", "宝鸡"}, {"规上工业增加值（亿元）", 3000, 800}}, nil,
			"map[宝鸡 2025-09:800 西安 2025-09:3000]"},
		{"one quarter", "Sheet1", [][]any{{"2025年三季度各市规上工业增加值"}, {"指标", "西安", "宝鸡"}, {"规上工业增加值（亿元）", 3000, 800}}, nil,
			"map[宝鸡 2025-Q3:800 西安 2025-Q3:3000]"},
		{"a share", "Sheet1", [][]any{{"2024年各市数字经济核心产业增加值占GDP比重"}, {"指标", "西安", "宝鸡"}, {"数字经济核心产业增加值占GDP比重（%）", 12.1, 8.2}}, nil,
			"map[宝鸡 2024:8.2 西安 2024:12.1]"},
		{"the header again over other units", "Sheet1", [][]any{{T}, {"指标", "西安", "宝鸡"}, {"规上工业增加值（亿元）", 3000, 800}, {nil}, {"指标", "铜川", "渭南"}, {"规上工业增加值（亿元）", 300, 700}}, nil,
			"第5行起是另一张表"},
		{"months down", "Sheet1", [][]any{{"2025年各市规上工业增加值（亿元）"}, {"指标", "西安", "宝鸡"}, {"1月", 300, 80}, {"2月", 600, 160}}, nil,
			"map[宝鸡 2025-01:80 宝鸡 2025-02:160 西安 2025-01:300 西安 2025-02:600]"},
		{"备注 and 平均", "Sheet1", [][]any{{T}, {"指标", "西安", "宝鸡", "平均", "备注"}, {"规上工业增加值（亿元）", 3000, 800, 1900, "快报数"}}, nil,
			"map[宝鸡 2025-09:800 西安 2025-09:3000]"},
	})
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {{T}, {"指标", "西安", "宝鸡"}, {"本月（亿元）", 300, 80}, {"1-9月累计（亿元）", 3000, 800}, {"增减（%）", 5.3, 4.9}}}, []string{"Sheet1"}))
	if err != nil || len(b.Errors) != 0 || len(b.Figures) != 4 || len(b.Growth) != 2 {
		t.Fatalf("%v %+v figures %v growth %v; want 本月 and 累计 figures and two growth", err, b.Errors, b.Figures, b.Growth)
	}
	for _, f := range b.Figures {
		if (f.Value == 300 || f.Value == 80) != (f.Basis == duban.BasisPeriod) {
			t.Errorf("figure %+v: 本月 is the month's own, 累计 the year to date", f)
		}
	}
}

// TestReadFiguresAcrossHeaders: the report turned round under the headers
// bulletins draw: a diagonal corner (指标＼地区, or 地区 over 指标 on two
// lines), a blank corner, and units over a second row of 本月 | 累计 | 增速
// (merged or not). Each was read before as a header of years (2000, 2100)
// or of units named 200 and 3. Months down under a blank corner were
// refused. A column headed 指标 over names without an indicator's words
// (规上工业企业数) lists indicators, not units.
func TestReadFiguresAcrossHeaders(t *testing.T) {
	T := "2025年1-9月各市规上工业增加值"
	rows := func(corner any) [][]any {
		return [][]any{{T}, {corner, "西安", "宝鸡"}, {"规上工业增加值（亿元）", 2000, 2100}, {"增速（%）", 5.3, 4.9}}
	}
	want := "map[宝鸡 2025-09:2100 西安 2025-09:2000]"
	checkLayouts(t, []layoutCase{
		{"diagonal on one line", "Sheet1", rows("指标＼地区"), nil, want},
		{"diagonal with a slash", "Sheet1", rows("项目/单位"), nil, want},
		{"diagonal on two lines", "Sheet1", rows("        地区\n指标"), nil, want},
		{"diagonal drawn, words spaced", "Sheet1", rows("指标　　地区"), nil, want},
		{"blank corner", "Sheet1", rows(nil), nil, want},
		{"no header found: the value row is none", "Sheet1", rows("名称"), nil, "未找到表头"},
		{"indicators under 指标", "2025年", [][]any{{"2025年各县区主要指标"}, {"指标", "1月", "2月"}, {"规上工业企业数", 120, 121}, {"新增市场主体", 300, 310}}, nil,
			"本表每行是一个指标，没有单位（地区）列"},
		{"places under 指标", "2025年", [][]any{{"2025年各市规上工业企业数"}, {"指标", "1月", "2月"}, {"西安", 120, 121}, {"宝鸡", 300, 310}}, nil,
			"map[宝鸡 2025-01:300 宝鸡 2025-02:310 西安 2025-01:120 西安 2025-02:121]"},
		{"units under 指标 all the same", "2025年", [][]any{{"2025年各县区规上工业企业数"}, {"指标", "1月", "2月"}, {"长安区", 120, 121}, {"高新区", 300, 310}}, nil,
			"map[长安区 2025-01:120 长安区 2025-02:121 高新区 2025-01:300 高新区 2025-02:310]"},
		{"months down under a blank corner", "2025年", [][]any{{"2025年各市规上工业增加值"}, {nil, "西安", "宝鸡"}, {"1月", 200, 210}, {"2月", 220, 230}}, nil,
			"map[宝鸡 2025-01:210 宝鸡 2025-02:230 西安 2025-01:200 西安 2025-02:220]"},
	})
	lines := func(b *duban.FigureBook) string {
		var out []string
		for _, f := range b.Figures {
			out = append(out, fmt.Sprintf("%s %s %s %v", f.Unit, f.Period, f.Basis, f.Value))
		}
		for _, f := range b.Growth {
			out = append(out, fmt.Sprintf("增速 %s %s %s %v", f.Unit, f.Period, f.Basis, f.Value))
		}
		slices.Sort(out)
		return strings.Join(out, "; ")
	}
	for _, tc := range []struct {
		name   string
		rows   [][]any
		merges []string
		want   string
	}{
		{"units merged over 本月 | 累计", [][]any{{"2025年9月各市规上工业增加值"}, {"指标", "西安", nil, "宝鸡", nil}, {nil, "本月", "1-9月累计", "本月", "1-9月累计"},
			{"规上工业增加值（亿元）", 200, 2000, 210, 2100}, {"增速（%）", 5.3, 5.1, 4.9, 4.0}}, []string{"Sheet1!A2:A3", "Sheet1!B2:C2", "Sheet1!D2:E2"},
			"增速 宝鸡 2025-09 period 4.9; 增速 宝鸡 2025-09 ytd 4; 增速 西安 2025-09 period 5.3; 增速 西安 2025-09 ytd 5.1; " +
				"宝鸡 2025-09 period 210; 宝鸡 2025-09 ytd 2100; 西安 2025-09 period 200; 西安 2025-09 ytd 2000"},
		{"units over blanks, 累计 | 增速", [][]any{{"2025年1-9月各市规上工业增加值"}, {"地区＼指标"}, {"指标", "西安", nil, "宝鸡", nil, "备注"}, {nil, "累计", "同比增长（%）", "累计", "同比增长（%）"},
			{"规上工业增加值（亿元）", 2000, 5.1, 2100, 4.0}}, nil,
			"增速 宝鸡 2025-09  4; 增速 西安 2025-09  5.1; 宝鸡 2025-09 ytd 2100; 西安 2025-09 ytd 2000"},
		// 全年 beside the quarters so far (一季度 | 上半年 | 前三季度 | 全年)
		// is the last quarter's year to date; it was passed over without
		// a word, and under a row of years merged over the quarters the
		// sheet was refused as holding another table.
		{"one year", [][]any{{"2024年各县区地区生产总值（亿元）"}, {"地区", "一季度", "上半年", "前三季度", "全年"}, {"甲县", 45.2, 98.6, 150.3, 210.8}}, nil,
			"甲县 2024-Q1  45.2; 甲县 2024-Q2 ytd 98.6; 甲县 2024-Q3 ytd 150.3; 甲县 2024-Q4 ytd 210.8"},
		{"years over quarters", [][]any{{"各县区地区生产总值（亿元）"}, {"地区", "2023年", nil, nil, nil, "2024年"}, {nil, "一季度", "上半年", "前三季度", "全年", "一季度"},
			{"甲县", 45.2, 98.6, 150.3, 210.8, 47.9}}, []string{"Sheet1!A2:A3", "Sheet1!B2:E2"},
			"甲县 2023-Q1  45.2; 甲县 2023-Q2 ytd 98.6; 甲县 2023-Q3 ytd 150.3; 甲县 2023-Q4 ytd 210.8; 甲县 2024-Q1  47.9"},
		{"months", [][]any{{"2024年各县区财政收入（亿元）"}, {"地区", "10月", "11月", "全年"}, {"甲县", 4, 5, 60}}, nil,
			"甲县 2024-10  4; 甲县 2024-11  5; 甲县 2024-12 ytd 60"},
		// 全年 before the quarters is the year's task, no figure of its end.
		{"task first", [][]any{{"2024年各县区地区生产总值（亿元）"}, {"地区", "全年", "一季度", "二季度"}, {"甲县", 200, 45.2, 53.4}}, nil,
			"甲县 2024-Q1  45.2; 甲县 2024-Q2  53.4"},
	} {
		b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": tc.rows}, []string{"Sheet1"}, tc.merges...))
		if err != nil || len(b.Errors) > 0 {
			t.Fatalf("%s: %v %+v", tc.name, err, b.Errors)
		}
		if got := lines(b); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		if b.Measure != "亿元" {
			t.Errorf("%s: measure %q, want 亿元", tc.name, b.Measure)
		}
	}
}

// TestReadFiguresLastYearUnderMonth: 2025年9月 merged over 本月 | 本年累计 |
// 去年同期累计 | 增长%, the statistics office's monthly layout. 去年同期累计 was
// read as this September's year to date beside 本年累计 (and the import
// refused the book, the figure given twice); it is last year's, as in a
// one-row header. A 全年目标 column under the month is no figure.
func TestReadFiguresLastYearUnderMonth(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]any
		want string
	}{
		{"去年同期累计", [][]any{{"2025年各市财政科技支出（亿元）"}, {"单位", "2025年9月", nil, nil, nil}, {nil, "本月", "本年累计", "去年同期累计", "增长%"},
			{"西安市", 10, 90, 80, 12.5}, {"宝鸡市", 2, 20, 18, 11.1}},
			"宝鸡市 2024-09 ytd 18; 宝鸡市 2025-09 period 2; 宝鸡市 2025-09 ytd 20; 西安市 2024-09 ytd 80; 西安市 2025-09 period 10; 西安市 2025-09 ytd 90"},
		{"上年同期 and 全年目标", [][]any{{"2025年各市财政科技支出（亿元）"}, {"单位", "9月", nil, nil}, {nil, "累计", "全年目标", "上年同期"},
			{"西安市", 90, 120, 80}, {"宝鸡市", 20, 30, 18}},
			"宝鸡市 2025-09 ytd 20; 西安市 2025-09 ytd 90"},
	} {
		b, err := ReadFigures(book(t, map[string][][]any{"2025年": tc.rows}, []string{"2025年"}, "2025年!B2:E2", "2025年!A2:A3"))
		if err != nil || len(b.Errors) > 0 {
			t.Fatalf("%s: %v %+v", tc.name, err, b.Errors)
		}
		var got []string
		for _, f := range b.Figures {
			got = append(got, fmt.Sprintf("%s %s %s %v", f.Unit, f.Period, f.Basis, f.Value))
		}
		slices.Sort(got)
		if s := strings.Join(got, "; "); s != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, s, tc.want)
		}
	}
}

// TestReadFiguresMeasureConflict: a stale 单位：万元 line over headers in
// 亿元 (or a title in 万元 over a 单位：亿元 line) was read in the line's
// measure and imported a ten-thousandfold too small; it is refused, saying
// both. A per cent beside amounts (单位：亿元、%) is no conflict.
func TestReadFiguresMeasureConflict(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{"line and header", "2025年", [][]any{{"2025年各市财政科技支出"}, {"单位：万元"}, {"地区", "1月（亿元）", "2月（亿元）"}, {"西安市", 1.2, 2.5}}, nil,
			"计量单位不一致：表中既写"},
		{"title and line", "2025年", [][]any{{"2025年各市财政科技支出（万元）"}, {"单位：亿元"}, {"地区", "1月", "2月"}, {"西安市", 1.2, 2.5}}, nil,
			"计量单位不一致：表中既写"},
		{"amounts and a rate", "2025年", [][]any{{"2025年各市财政科技支出"}, {"单位：亿元、%"}, {"地区", "1月", "2月"}, {"西安市", 1.2, 2.5}}, nil,
			"map[西安市 2025-01:1.2 西安市 2025-02:2.5]"},
	})
}

// TestReadFiguresIndicatorsAcross: units down and indicators across, the
// period in the title. Several indicators were refused as having no header
// (misleading); they are refused naming them. One indicator's column
// (地区 | 研发经费投入（亿元）) is read as that indicator's figures of the
// title's period; it was refused too.
func TestReadFiguresIndicatorsAcross(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{"several", "Sheet1", [][]any{{"2025年各市科技创新主要指标"}, {"地区", "研发经费投入", "高新技术企业数", "技术合同成交额（亿元）"}, {"西安市", 500, 12000, 3000}, {"宝鸡市", 50, 800, 100}}, nil,
			"本表各列是3个指标（研发经费投入、高新技术企业数、技术合同成交额）"},
		// Each name merged over its 本月 | 累计 columns: counted once (it
		// was "6个指标（研发经费投入、研发经费投入、…）").
		{"several, merged over two columns", "Sheet1", [][]any{{"2025年9月各市科技创新主要指标"}, {"地区", "研发经费投入", nil, "技术合同成交额", nil, "高新技术企业数", nil},
			{nil, "本月", "累计", "本月", "累计", "本月", "累计"}, {"西安市", 50, 500, 300, 3000, 12000, 12000}}, []string{"Sheet1!B2:C2", "Sheet1!D2:E2", "Sheet1!F2:G2"},
			"本表各列是3个指标（研发经费投入、技术合同成交额、高新技术企业数）"},
		{"one, a year", "Sheet1", [][]any{{"2025年各市研发经费投入"}, {"地区", "研发经费投入（亿元）"}, {"西安市", 500}, {"宝鸡市", 50}}, nil,
			"map[宝鸡市 2025:50 西安市 2025:500]"},
		{"one, a year to date", "Sheet1", [][]any{{"2025年1-9月各市研发经费投入"}, {"地区", "研发经费投入（亿元）"}, {"西安市", 500}, {"宝鸡市", 50}}, nil,
			"map[宝鸡市 2025-09:50 西安市 2025-09:500]"},
	})
	b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": {{"2025年各市主要指标"}, {"地区", "研发经费投入（亿元）"}, {"西安市", 500}}}, []string{"Sheet1"}))
	if err != nil || b.Measure != "亿元" || !slices.Contains(b.Names, "研发经费投入") {
		t.Errorf("%v measure %q names %q; want 亿元 and the column's indicator", err, b.Measure, b.Names)
	}
}

// TestReadFiguresLongLabels: long tables as statistics systems export them:
// 行政区划 | 时间 | 累计值 (read as a wide table, with 2025年2月 "not a
// figure"); months as numbers under 月份, the year in the sheet's name; a
// 报告期 coded 202501, as text or as a number (both refused before).
func TestReadFiguresLongLabels(t *testing.T) {
	want := "map[宝鸡市 2025-01:3 西安市 2025-01:10 西安市 2025-02:20]"
	checkLayouts(t, []layoutCase{
		{"行政区划 | 时间 | 累计值", "2025年", [][]any{{"行政区划", "时间", "累计值"}, {"西安市", "2025年1月", 10}, {"西安市", "2025年2月", 20}, {"宝鸡市", "2025年1月", 3}}, nil, want},
		{"months as numbers", "2025年", [][]any{{"单位", "月份", "数值"}, {"西安市", 1, 10}, {"西安市", 2, 20}, {"宝鸡市", 1, 3}}, nil, want},
		{"coded as text", "Sheet1", [][]any{{"单位", "报告期", "数值"}, {"西安市", "202501", 10}, {"西安市", "202502", 20}, {"宝鸡市", "202501", 3}}, nil, want},
		{"coded as numbers", "Sheet1", [][]any{{"单位", "报告期", "数值"}, {"西安市", 202501, 10}, {"西安市", 202502, 20}, {"宝鸡市", 202501, 3}}, nil, want},
		{"months as numbers, no year", "Sheet1", [][]any{{"单位", "月份", "数值"}, {"西安市", 1, 10}}, nil, "无法识别的期间"},
		// The value column named by the indicator (地区 | 时间 | 地区生产总值（亿元）),
		// with or without a title, a growth column beside: it was no header.
		{"the indicator's name over the values", "Sheet1", [][]any{{"地区", "时间", "财政科技支出（亿元）"}, {"西安市", "2025年1月", 10}, {"西安市", "2025年2月", 20}, {"宝鸡市", "2025年1月", 3}}, nil, want},
		{"the indicator's name and its growth", "Sheet1", [][]any{{"2025年各市财政科技支出"}, {"地区", "月份", "财政科技支出（亿元）", "同比增长（%）"}, {"西安市", "2025年1月", 10, 5.1}, {"西安市", "2025年2月", 20, 4.2}, {"宝鸡市", "2025年1月", 3, 2.0}}, nil, want},
	})
}

// TestReadFiguresReviewOfTheNewRules: what a review of this session's rules
// found them misreading, each read as before them or better: a header of
// years stored as numbers under a units' label with its measure (县区（万元）
// | 2022 | 2023); 行政区划 codes beside 地区名称 (the names are the units);
// 完成值 beside 全年目标 and 完成率 (one value column); 数值 beside 投入强度（%）;
// an indicator with a 其中 column beside it.
func TestReadFiguresReviewOfTheNewRules(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{"years as numbers", "Sheet1", [][]any{{"各县区一般公共预算收入"}, {"县区（万元）", 2022, 2023}, {"新城区", 5200, 5600}, {"碑林区", 4300, 4500}}, nil,
			"map[新城区 2022:5200 新城区 2023:5600 碑林区 2022:4300 碑林区 2023:4500]"},
		{"区划 codes", "Sheet1", [][]any{{"行政区划", "地区名称", "统计时间", "数值"}, {610100, "西安市", "2025年1月", 1.1}, {610300, "宝鸡市", "2025年1月", 0.3}}, nil,
			"map[宝鸡市 2025-01:0.3 西安市 2025-01:1.1]"},
		{"value, target, rate", "Sheet1", [][]any{{"2025年1-9月各市固定资产投资完成情况"}, {"地区", "完成值（亿元）", "全年目标（亿元）", "完成率（%）"}, {"西安市", 3000, 4000, 75}, {"宝鸡市", 600, 800, 75}}, nil,
			"map[宝鸡市 2025-09:600 西安市 2025-09:3000]"},
		{"value and intensity", "Sheet1", [][]any{{"2025年1-9月各市研发经费投入（亿元）"}, {"地区", "数值", "投入强度（%）"}, {"西安市", 300, 5.1}, {"宝鸡市", 40, 2.2}}, nil,
			"map[宝鸡市 2025-09:40 西安市 2025-09:300]"},
		{"其中", "Sheet1", [][]any{{"2025年1-9月各市研发经费投入情况"}, {"地区", "研发经费投入（亿元）", "其中：企业投入"}, {"西安市", 300, 200}, {"宝鸡市", 40, 30}}, nil,
			"map[宝鸡市 2025-09:40 西安市 2025-09:300]"},
	})
}

// TestReadFiguresHiddenRowsAndColumns: figures in rows or columns hidden
// in Excel are read (Excel's own sums count them) and said to be hidden;
// they were read without a word.
func TestReadFiguresHiddenRowsAndColumns(t *testing.T) {
	f := excelize.NewFile()
	for r, row := range [][]any{{"2025年各市财政科技支出（亿元）"}, {"地区", "1月", "2月", "3月"}, {"西安市", 1, 2, 3}, {"宝鸡市（旧）", 9, 9, 9}, {"宝鸡市", 0.3, 0.4, 0.5}} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r+1), &row)
	}
	f.SetRowVisible("Sheet1", 4, false)
	f.SetColVisible("Sheet1", "D", false)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFigures(&buf)
	if err != nil || len(b.Errors) > 0 {
		t.Fatalf("%v %+v", err, b.Errors)
	}
	if len(b.Figures) != 9 {
		t.Errorf("%d figures, want all 9 read", len(b.Figures))
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Row != 4 || !strings.Contains(b.Warnings[0].Reason, "D列") || !strings.Contains(b.Warnings[0].Reason, "第4行") {
		t.Errorf("warnings %+v, want one at row 4 naming row 4 and column D as hidden", b.Warnings)
	}
}

// TestReadFiguresMeasuresRow: a row of measures under the month headers
// (万元 | 万元) is the figures' measure, not figures (each cell was refused
// as no number); 全年 beside 上半年 under a year written over the first
// column only takes the year of the column before it.
func TestReadFiguresMeasuresRow(t *testing.T) {
	for _, tc := range []struct {
		name, measure, want string
		rows                [][]any
	}{
		{"measures row", "万元", "map[西安市 2025-01:1 西安市 2025-02:2]", [][]any{{"2025年各市财政科技支出"}, {"地区", "1月", "2月"}, {"单位", "万元", "万元"}, {"西安市", 1, 2}}},
		{"year over the first", "", "map[甲县 2024-Q2:98 甲县 2024-Q4:210]", [][]any{{"各县区生产总值"}, {"地区", "2024年", nil}, {nil, "上半年", "全年"}, {"甲县", 98, 210}}},
	} {
		b, err := ReadFigures(book(t, map[string][][]any{"Sheet1": tc.rows}, []string{"Sheet1"}))
		if err != nil || len(b.Errors) > 0 {
			t.Fatalf("%s: %v %+v", tc.name, err, b.Errors)
		}
		if got := fmt.Sprint(figuresByKey(b)); got != tc.want || b.Measure != tc.measure {
			t.Errorf("%s: %s in %q, want %s in %q", tc.name, got, b.Measure, tc.want, tc.measure)
		}
	}
}
