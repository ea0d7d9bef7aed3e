package xlsx

import (
	"slices"
	"strings"
	"testing"
)

// TestReadDeadlinesInMeasureText reads a ledger with no 完成时限 column
// whose measures each say their deadline in words: labelled (完成时限：…,
// 时限：…), a date before 完成, or a kind in brackets; the label and the
// bracketed kind are taken out of the measure's text, a date left in it.
// The clerk is told where the deadlines were read from.
func TestReadDeadlinesInMeasureText(t *testing.T) {
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"某局巡察整改台账（2024年）"},
		{"序号", "问题", "整改措施", "责任单位"},
		{1, "学习不深入", "制定学习计划，2024年6月底前完成", "办公室"},
		{2, "调研不够", "开展专题调研（完成时限：2024年9月30日）", "研究室"},
		{3, "制度不健全", "修订管理办法。时限：长期坚持", "法规处"},
		{4, "作风不实", "1.开展作风整顿，2024年9月底前完成；2.建立长效机制（长期坚持）", "机关党委"},
		{5, "台账不全", "补齐台账（立行立改）", "办公室"},
	}}))
	diffLines(t, dump(l.Outline), []string{
		"P 学习不深入",
		"  M 制定学习计划，2024年6月底前完成 | 办公室 |  | date 2024-06-30 |  | ",
		"P 调研不够",
		"  M 开展专题调研 | 研究室 |  | date 2024-09-30 |  | ",
		"P 制度不健全",
		"  M 修订管理办法 | 法规处 |  | long_term  |  | ",
		"P 作风不实",
		"  M 开展作风整顿，2024年9月底前完成 | 机关党委 |  | date 2024-09-30 |  | ",
		"  M 建立长效机制 | 机关党委 |  | long_term  |  | ",
		"P 台账不全",
		"  M 补齐台账 | 办公室 |  | immediate  |  | ",
	})
	if !slices.ContainsFunc(l.Warnings, func(w CellError) bool {
		return w.Row == 2 && w.Column == "C（整改措施）" && strings.Contains(w.Reason, "6项举措的完成时限均从整改措施的文字中读出")
	}) {
		t.Errorf("no warning that the deadlines were read from the measures' text: %+v", l.Warnings)
	}
}

// TestReadDeadlinesInSomeMeasures: when a measure's text gives no deadline
// the sheet is rejected for its missing column, as before, not read with
// some deadlines and not others.
func TestReadDeadlinesInSomeMeasures(t *testing.T) {
	_, errs := mustRead(t, mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位"},
		{1, "学习不深入", "制定学习计划，2024年6月底前完成", "办公室"},
		{2, "调研不够", "开展专题调研", "研究室"},
	}}))
	if len(errs) != 1 || errs[0].Column != "完成时限" || !strings.Contains(errs[0].Reason, "表头中没有“完成时限”列") {
		t.Errorf("errors %+v; want the missing 完成时限 column alone", errs)
	}
}
