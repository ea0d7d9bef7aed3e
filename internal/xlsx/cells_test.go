package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// A row whose 整改措施 cell lists numbered measures, and whose 责任单位,
// 整改时限 and 完成情况 cells are numbered the same way: each measure takes
// its own unit, deadline and progress. A cell numbered otherwise (three
// units for two measures) is kept whole for every measure, with a warning;
// a deadline cell of one dated line per measure is split as well.
func TestReadLedgerNumberedCellsPerMeasure(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "责任人", "整改时限", "完成情况"},
		{1, "财政资金管理不规范", "1.建立资金台账；\n2.开展专项检查；\n3.完善管理制度。",
			"1.财政局\n2.审计局、财政局\n3.发改委", "1.张某\n2.李某\n3.王某",
			"1.2023年6月底前\n2.2023.12.31\n3.长期坚持", "1.已完成\n2.正在推进\n3.持续推进"},
		{2, "项目审批滞后", "（1）精简审批环节\n（2）推行并联审批", "1、发改委\n2、住建局\n3、自然资源局", nil,
			"2023年9月30日前\n2023年12月底前", "①已精简；②已推行"},
	}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 财政资金管理不规范",
		"  M 建立资金台账 | 财政局 |  | date 2023-06-30 |  | 已完成",
		"  M 开展专项检查 | 审计局 | 财政局 | date 2023-12-31 |  | 正在推进",
		"  M 完善管理制度 | 发改委 |  | long_term  |  | 持续推进",
		"P 项目审批滞后",
		"  M 精简审批环节 | 发改委 | 住建局,自然资源局 | date 2023-09-30 |  | 已精简",
		"  M 推行并联审批 | 发改委 | 住建局,自然资源局 | date 2023-12-31 |  | 已推行",
	})
	if p := l.Outline.Aspects[0].Measures[2].ResponsiblePerson; p != "王某" {
		t.Errorf("third measure's 责任人 %q, want 王某", p)
	}
	if got := l.Outline.Aspects[0].Measures[1].DeadlineText; got != "2023.12.31" {
		t.Errorf("second measure's deadline text %q, want its own line", got)
	}
	var warned int
	for _, w := range l.Warnings {
		if w.Row == 3 && strings.Contains(w.Column, "责任单位") && strings.Contains(w.Reason, "3项") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("warnings %+v: want one for row 3's 3 units against 2 measures", l.Warnings)
	}
}

// A deadline adjusted after the ledger was drawn up: 原完成时限 beside
// 调整后完成时限 (or 原定时限 | 调整时限, 延期至); the adjusted one is the
// deadline when written, the original otherwise. In a single cell, the
// date after 延期至/调整为 is the deadline, even when earlier.
func TestReadLedgerAdjustedDeadline(t *testing.T) {
	for _, labels := range [][2]string{
		{"原完成时限", "调整后完成时限"},
		{"原定时限", "调整时限"},
		{"整改时限", "延期至"},
		{"原计划完成时间", "延期后完成时间"},
	} {
		t.Run(labels[1], func(t *testing.T) {
			b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
				{"序号", "存在问题", "整改措施", "责任单位", labels[0], labels[1], "整改进展"},
				{1, "问题甲", "措施一", "办公室", "2023年6月30日", "2023年12月31日", "推进中"},
				{2, nil, "措施二", "人事科", "2023年6月底前", nil, "已完成"},
				{3, nil, "措施三", "党建科", "2023年9月底前", "/", nil},
				{4, nil, "措施四", "财务科", "2023年12月底前，调整为2023年10月底前", nil, nil},
			}})
			l := readsAs(t, b, []string{
				"P 问题甲",
				"  M 措施一 | 办公室 |  | date 2023-12-31 |  | 推进中",
				"  M 措施二 | 人事科 |  | date 2023-06-30 |  | 已完成",
				"  M 措施三 | 党建科 |  | date 2023-09-30 |  | ",
				"  M 措施四 | 财务科 |  | date 2023-10-31 |  | ",
			})
			if got := l.Outline.Aspects[0].Measures[0].DeadlineText; got != "2023年12月31日" {
				t.Errorf("deadline text %q, want the adjusted one", got)
			}
		})
	}
}

// 完成时限 as a group over 原定 | 调整后: the adjusted one is the deadline.
func TestReadLedgerAdjustedDeadlineGroup(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限", nil},
		{nil, nil, nil, nil, "原定", "调整后"},
		{1, "问题甲", "措施一", "办公室", "2023年6月30日", "2023年12月31日"},
		{2, nil, "措施二", "人事科", "2023年6月底前", nil},
	}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "F1"}}})
	readsAs(t, b, []string{
		"P 问题甲",
		"  M 措施一 | 办公室 |  | date 2023-12-31 |  | ",
		"  M 措施二 | 人事科 |  | date 2023-06-30 |  | ",
	})
}

// A state ticked in one of several columns: 整改情况 over 已完成 | 未完成
// | 长期坚持, 是否完成 over 是 | 否, or 已完成 | 正在推进 side by side. A
// tick (√, ✓, ☑, 是, 1) under 已完成 closes the measure, under 长期坚持
// makes it long-term, under 未完成 leaves it open; none of the columns is
// its progress.
func TestReadLedgerTickedState(t *testing.T) {
	t.Run("整改情况", func(t *testing.T) {
		b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "整改时限", "整改情况", nil, nil, "整改进展"},
			{nil, nil, nil, nil, nil, "已完成", "未完成", "长期坚持", nil},
			{1, "问题甲", "措施一", "办公室", "2023年6月30日", "√", nil, nil, "已印发"},
			{2, nil, "措施二", "人事科", "2023年9月30日", nil, "✓", nil, nil},
			{3, nil, "措施三", "党建科", "2023年12月31日", nil, nil, "☑", nil},
			{4, nil, "措施四", "财务科", "2023年12月31日", "1", nil, nil, nil},
			{5, nil, "措施五", "财务科", "2023年12月31日", nil, "方案已起草", "否", nil},
		}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}, {"F1", "H1"}, {"I1", "I2"}}})
		readsAs(t, b, []string{
			"P 问题甲",
			"  M 措施一 | 办公室 |  | date 2023-06-30 | closed | 已印发",
			"  M 措施二 | 人事科 |  | date 2023-09-30 |  | ",
			"  M 措施三 | 党建科 |  | long_term 2023-12-31 |  | ",
			"  M 措施四 | 财务科 |  | date 2023-12-31 | closed | ",
			"  M 措施五 | 财务科 |  | date 2023-12-31 |  | 未完成：方案已起草",
		})
	})
	t.Run("整改情况 alone", func(t *testing.T) {
		b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "整改时限", "整改情况", nil, nil},
			{nil, nil, nil, nil, nil, "已完成", "未完成", "长期坚持"},
			{1, "问题甲", "措施一", "办公室", "2023年6月30日", nil, "√", nil},
			{2, nil, "措施二", "人事科", "2023年9月30日", nil, nil, "√"},
			{3, nil, "措施三", "党建科", "2023年12月31日", "√", nil, nil},
		}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}, {"F1", "H1"}}})
		readsAs(t, b, []string{
			"P 问题甲",
			"  M 措施一 | 办公室 |  | date 2023-06-30 |  | ",
			"  M 措施二 | 人事科 |  | long_term 2023-09-30 |  | ",
			"  M 措施三 | 党建科 |  | date 2023-12-31 | closed | ",
		})
	})
	t.Run("是否完成", func(t *testing.T) {
		b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "整改时限", "是否完成", nil},
			{nil, nil, nil, nil, nil, "是", "否"},
			{1, "问题甲", "措施一", "办公室", "2023年6月30日", "√", nil},
			{2, nil, "措施二", "人事科", "2023年9月30日", nil, "√"},
		}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}, {"F1", "G1"}}})
		l := mustReadLedger(t, b)
		diffLines(t, dump(l.Outline), []string{
			"P 问题甲",
			"  M 措施一 | 办公室 |  | date 2023-06-30 | closed | ",
			"  M 措施二 | 人事科 |  | date 2023-09-30 |  | ",
		})
	})
	t.Run("one column each", func(t *testing.T) {
		b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "整改时限", "是否长期坚持", "是否完成"},
			{1, "问题甲", "措施一", "办公室", "2023年6月30日", "✓", "☑"},
			{2, nil, "措施二", "人事科", "2023年9月30日", "☑", nil},
			{3, nil, "措施三", "人事科", "2023年9月30日", "否", "1"},
		}})
		l := mustReadLedger(t, b)
		diffLines(t, dump(l.Outline), []string{
			"P 问题甲",
			"  M 措施一 | 办公室 |  | long_term 2023-06-30 | closed | ",
			"  M 措施二 | 人事科 |  | long_term 2023-09-30 |  | ",
			"  M 措施三 | 人事科 |  | date 2023-09-30 | closed | ",
		})
	})
	t.Run("side by side", func(t *testing.T) {
		b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "整改时限", "已完成", "正在推进"},
			{1, "问题甲", "措施一", "办公室", "2023年6月30日", "是", nil},
			{2, nil, "措施二", "人事科", "2023年9月30日", nil, "是"},
		}})
		readsAs(t, b, []string{
			"P 问题甲",
			"  M 措施一 | 办公室 |  | date 2023-06-30 | closed | ",
			"  M 措施二 | 人事科 |  | date 2023-09-30 |  | ",
		})
	})
}

// A ledger written as one outline in a single text column: the 序号 column
// numbers aspects 一、, problems （一） and measures 1. (or the text column
// carries the numbers itself); a problem row may hold the unit and deadline
// its measures share; a heading's text merged across the row is no unit.
func TestReadLedgerOutlineInOneColumn(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某县巡察反馈问题整改任务清单"},
		{"序号", "问题及整改措施", "责任单位", "完成时限", "整改进展"},
		{"一", "党的政治建设方面", nil, nil, nil},
		{"（一）", "理论学习不够深入", nil, nil, nil},
		{"1", "制定年度学习计划", "办公室", "2023年6月底前", "已印发"},
		{"2", "开展专题研讨", "办公室", "2023年9月底前", nil},
		{"（二）", "意识形态责任制落实不到位", "宣传科", "2023年12月底前", nil},
		{"1", "修订责任制实施细则", nil, nil, nil},
		{"二", "作风建设方面", nil, nil, nil},
		{nil, "（一）文山会海问题仍然存在", nil, nil, nil},
		{nil, "1.精简会议文件", "办公室", "长期坚持", nil},
	}, merges: [][2]string{{"A1", "E1"}, {"B9", "E9"}}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"A 党的政治建设方面",
		"  P 理论学习不够深入",
		"    M 制定年度学习计划 | 办公室 |  | date 2023-06-30 |  | 已印发",
		"    M 开展专题研讨 | 办公室 |  | date 2023-09-30 |  | ",
		"  P 意识形态责任制落实不到位",
		"    M 修订责任制实施细则 | 宣传科 |  | date 2023-12-31 |  | ",
		"A 作风建设方面",
		"  P 文山会海问题仍然存在",
		"    M 精简会议文件 | 办公室 |  | long_term  |  | ",
	})
}

// Measures numbered 一、二 in the 序号 column, each with its unit and
// deadline, are measures, not headings.
func TestReadLedgerMeasuresNumberedInWords(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "督办事项", rows: [][]any{
		{"序号", "整改任务", "责任单位", "完成时限"},
		{"一", "制定年度学习计划", "办公室", "2023年6月底前"},
		{"二", "开展专题研讨", "人事科", "2023年9月底前"},
	}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"A 督办事项",
		"  M 制定年度学习计划 | 办公室 |  | date 2023-06-30 |  | ",
		"  M 开展专题研讨 | 人事科 |  | date 2023-09-30 |  | ",
	})
}

// A summary sheet before the ledger, counting tasks per unit (责任单位 |
// 整改任务数 | 完成数 | 完成率 | 完成时限内完成率): its counts and rates name
// no ledger column, so it is passed over with a warning, not read as a
// ledger whose deadlines are 100%.
func TestReadLedgerBesideSummary(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "汇总", rows: [][]any{
		{"整改完成情况统计"},
		{"序号", "责任单位", "整改任务数", "完成数", "完成率", "完成时限内完成率"},
		{1, "办公室", 2, 1, "50%", "50%"},
		{"合计", nil, 2, 1, "50%", "50%"},
	}}, sheetSpec{name: "台账", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限", "完成率"},
		{1, "问题甲", "措施一", "办公室", "2022年6月30日", "100%"},
		{2, nil, "措施二", "办公室", "2022年9月30日", "0"},
	}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲",
		"  M 措施一 | 办公室 |  | date 2022-06-30 |  | ",
		"  M 措施二 | 办公室 |  | date 2022-09-30 |  | ",
	})
	var summary, rate int
	for _, w := range l.Warnings {
		switch {
		case w.Sheet == "汇总" && strings.HasPrefix(w.Reason, "该工作表不是台账"):
			summary++
		case w.Sheet == "台账" && strings.Contains(w.Column, "完成率"):
			rate++
		default:
			t.Errorf("unexpected warning %+v", w)
		}
	}
	if summary != 1 || rate != 1 {
		t.Errorf("warnings %+v: want the 汇总 sheet passed over and 完成率 not read, once each", l.Warnings)
	}
}

// Measures numbered 1-1, 1-2 in their own text, and the 填报单位 line
// written with （盖章）: the numbers are no part of the titles, and the
// unit is the ledger's.
func TestReadLedgerDashNumbersAndSealedUnit(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某县委巡察反馈问题整改台账"},
		{"填报单位（盖章）：某县财政局", nil, nil, nil, "填报日期：2023年10月8日"},
		{"序号", "巡察反馈问题", "整改措施", "责任单位", "整改时限"},
		{1, "理论学习不深入", "1-1 制定学习计划", "办公室", "2023年6月"},
		{nil, nil, "1-2、开展研讨", "办公室", "2023年12月31日前"},
	}, merges: [][2]string{{"A1", "E1"}, {"B4", "B5"}}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 理论学习不深入",
		"  M 制定学习计划 | 办公室 |  | date 2023-06-30 |  | ",
		"  M 开展研讨 | 办公室 |  | date 2023-12-31 |  | ",
	})
	if m := l.Outline.Meta; m.Unit != "某县财政局" || m.AsOf.String() != "2023-10-08" {
		t.Errorf("meta unit %q as of %s, want 某县财政局 as of 2023-10-08", m.Unit, m.AsOf)
	}
	// A title that opens with the party body under inspection: that body,
	// not the office that filled the ledger in (厅办公室 was the plan's unit).
	b = mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"中共某省自然资源厅党组落实省委第三巡视组反馈意见整改台账"},
		{"填报单位（盖章）：厅办公室", nil, nil, nil, "填报日期：2024年3月15日"},
		{"序号", "巡视反馈问题", "整改措施", "责任单位", "整改时限"},
		{1, "耕地保护责任落实不到位", "开展专项督察", "耕地保护监督处", "2024年6月30日"},
	}})
	if m := mustReadLedger(t, b).Outline.Meta; m.Unit != "中共某省自然资源厅党组" {
		t.Errorf("meta unit %q, want the title's 中共某省自然资源厅党组", m.Unit)
	}
}

func TestSplitMeasures(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"1.建立台账；\n2.开展检查。", []string{"建立台账", "开展检查"}},
		{"1）建立台账\n2）开展检查", []string{"建立台账", "开展检查"}},
		{"1)建立台账；2)开展检查", []string{"建立台账", "开展检查"}},
		{"①2023年6月底前②长期坚持", []string{"2023年6月底前", "长期坚持"}},
		{"①财政局 ②审计局", []string{"财政局", "审计局"}},
		{"1.2023年6月底前\n2.2023.12.31", []string{"2023年6月底前", "2023.12.31"}},
		{"建立台账", nil},
		{"投入1.5亿元，2.0版本上线", nil},
		{"一是加强理论学习，二是完善学习制度；三是开展专题研讨。", []string{"加强理论学习", "完善学习制度", "开展专题研讨"}},
		{"一是，建立台账。\n二是：按月通报。", []string{"建立台账", "按月通报"}},
		{"坚持问题导向，一是建立台账，二是按月通报", nil}, // a preface: one measure
		{"一是建立台账", nil},
		{"一是建立台账，三是按月通报", nil},
	}
	for _, tt := range tests {
		if got := splitMeasures(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitMeasures(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// One measure whose 完成时限 cell numbers its stages: the latest date is
// the deadline, the numbers no part of a date.
func TestReadLedgerNumberedDeadlineOfOneMeasure(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "建立台账并开展检查", "办公室", "1.2023年6月底前\n2.2023年12月底前"},
		{2, nil, "开展检查", "人事科", "（1）2023年6月底前（2）长期坚持"},
	}, merges: [][2]string{{"B2", "B3"}}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲",
		"  M 建立台账并开展检查 | 办公室 |  | date 2023-12-31 |  | ",
		"  M 开展检查 | 人事科 |  | long_term 2023-06-30 |  | ",
	})
}

// Date cells: in Excel's built-in short format (shown by excelize as
// 06-30-23), and in a format without the year (6月30日) in a ledger whose
// title names another year; in formats without the day (Jun-23, 2023年2月),
// the month's last day; the 截至 date beside its label in a date cell.
func TestReadLedgerDateCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	at := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	md := "m\"月\"d\"日\""
	noYear, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &md})
	// A month shown without its day (Jun-23, 2023年2月) is the month's.
	monthOnly, _ := f.NewStyle(&excelize.Style{NumFmt: 17}) // mmm-yy
	ym := "yyyy\"年\"m\"月\""
	monthYear, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &ym})
	mo := "m\"月\""
	monthAlone, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &mo}) // 11月 for the 11th: the format says
	for _, c := range []struct {
		cell  string
		v     any
		style int
	}{
		{"A1", "2022年度巡察整改台账", 0}, {"A2", "截至：", 0}, {"B2", at("2023-09-30"), short},
		{"A3", "序号", 0}, {"B3", "问题", 0}, {"C3", "整改措施", 0}, {"D3", "责任单位", 0}, {"E3", "完成时限", 0},
		{"A4", 1, 0}, {"B4", "问题甲", 0}, {"C4", "措施一", 0}, {"D4", "办公室", 0}, {"E4", at("2023-06-30"), short},
		{"A5", 2, 0}, {"C5", "措施二", 0}, {"D5", "办公室", 0}, {"E5", at("2023-11-30"), noYear},
		{"A6", 3, 0}, {"C6", "措施三", 0}, {"D6", "办公室", 0}, {"E6", at("2023-06-01"), monthOnly},
		{"A7", 4, 0}, {"C7", "措施四", 0}, {"D7", "办公室", 0}, {"E7", at("2023-02-01"), monthYear},
		{"A8", 5, 0}, {"C8", "措施五", 0}, {"D8", "办公室", 0}, {"E8", at("2023-11-11"), monthAlone},
	} {
		if err := f.SetCellValue("Sheet1", c.cell, c.v); err != nil {
			t.Fatal(err)
		}
		if c.style != 0 {
			if err := f.SetCellStyle("Sheet1", c.cell, c.cell, c.style); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	l := readsAs(t, &b, []string{
		"P 问题甲",
		"  M 措施一 | 办公室 |  | date 2023-06-30 |  | ",
		"  M 措施二 | 办公室 |  | date 2023-11-30 |  | ",
		"  M 措施三 | 办公室 |  | date 2023-06-30 |  | ",
		"  M 措施四 | 办公室 |  | date 2023-02-28 |  | ",
		"  M 措施五 | 办公室 |  | date 2023-11-30 |  | ",
	})
	if got := l.Outline.Meta.AsOf.String(); got != "2023-09-30" {
		t.Errorf("as of %q, want 2023-09-30", got)
	}
	if got := l.Outline.Aspects[0].Measures[0].DeadlineText; got != "2023-06-30" {
		t.Errorf("deadline text %q, want 2023-06-30", got)
	}
}

// readsAs reads the ledger in b and checks its outline is want (as dump
// writes it) and that reading it warned of nothing.
func readsAs(t *testing.T, b *bytes.Buffer, want []string) *Ledger {
	t.Helper()
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), want)
	for _, w := range l.Warnings {
		t.Errorf("unexpected warning %+v", w)
	}
	return l
}

// A deadline written as a span (3个月内, 15个工作日内) is read as one, for
// the import to count; a span under a 长期坚持 tick is long-term; other
// unreadable deadlines are still refused.
func TestReadLedgerSpanDeadlines(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{1, "学习不深入", "制定学习计划", "办公室", "3个月内"},
		{2, "学习不深入", "开展专题研讨", "办公室", "反馈后15个工作日内完成"},
		{3, "学习不深入", "建立长效机制", "办公室", "下个月吧"},
	}})
	l, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) != 1 || l.Errors[0].Row != 4 {
		t.Errorf("errors %+v, want the one at row 4", l.Errors)
	}
	var got []string
	for _, a := range l.Outline.Aspects {
		for _, m := range a.Measures {
			w := "-"
			if m.Within != nil {
				w = m.Within.String()
			}
			got = append(got, fmt.Sprintf("%s %s %s %s", m.Title, m.DeadlineKind, m.DeadlineText, w))
		}
	}
	if want := "制定学习计划 date 3个月内 3个月|开展专题研讨 date 反馈后15个工作日内完成 15个工作日"; strings.Join(got, "|") != want {
		t.Errorf("measures %q, want %s", strings.Join(got, "|"), want)
	}
}
