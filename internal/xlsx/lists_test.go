package xlsx

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// threeLists is a plan kept as 问题清单, 任务清单 and 责任清单 on sheets of
// their own, each later list naming the earlier one's rows by number, as
// plans written after a feedback usually are.
func threeLists() []sheetSpec {
	return []sheetSpec{
		{name: "填表说明", rows: [][]any{{"填表说明："}, {"1. 三张清单按序号对应。"}}},
		{name: "问题清单", rows: [][]any{
			{"某厅党组落实巡视反馈意见问题清单"},
			{"序号", "问题类别", "问题描述"},
			{1, "党的领导方面", "科技创新投入不足"},
			{2, "党的领导方面", "重大项目推进缓慢"},
			{3, "作风建设方面", "文山会海问题突出"},
		}},
		{name: "任务清单", rows: [][]any{
			{"序号", "问题序号", "整改任务", "整改目标"},
			{1, 1, "加大科技投入", "投入增长10%"},
			{2, 1, "设立创新基金", ""},
			{3, "（二）", "建立项目调度机制", "按月调度"},
			{4, "第3号", "精简文件会议", "文件减少三成"},
		}},
		{name: "责任清单", rows: [][]any{
			{"序号", "任务序号", "责任领导", "牵头单位", "配合单位", "完成时限"},
			{1, 1, "张三", "规划处", "财务处", time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)},
			{2, "2", "张三", "财务处", "", "2022年6月底"},
			{3, "3.", "李四", "重大项目处", "规划处、财务处", "长期坚持"},
			{4, "四", "王五", "办公室", "", "2022年第二季度"},
		}},
	}
}

// threeListsRead is the ledger threeLists() reads as, dumped.
var threeListsRead = []string{
	"A 党的领导方面",
	"  P 科技创新投入不足",
	"    M 加大科技投入 | 规划处 | 财务处 | date 2021-12-31 |  | ",
	"    M 设立创新基金 | 财务处 |  | date 2022-06-30 |  | ",
	"  P 重大项目推进缓慢",
	"    M 建立项目调度机制 | 重大项目处 | 规划处,财务处 | long_term  |  | ",
	"A 作风建设方面",
	"  P 文山会海问题突出",
	"    M 精简文件会议 | 办公室 |  | date 2022-06-30 |  | ",
}

// TestReadThreeLists joins the three lists into one ledger: each task under
// the problem its number names, with the units and deadline of its row of
// duties; the numbers are matched however they are written (1, "2",
// （二）, 第3号, 四).
func TestReadThreeLists(t *testing.T) {
	o := mustReadClean(t, mustBook(t, threeLists()...))
	diffLines(t, dump(o), threeListsRead)
	m := o.Aspects[0].Children[0].Measures[0]
	if m.Target != "投入增长10%" || m.ResponsibleLeader != "张三" {
		t.Errorf("first measure: target %q, leader %q; want 投入增长10%% and 张三", m.Target, m.ResponsibleLeader)
	}
}

// TestReadThreeListsHeadings reads a problem list whose aspects are heading
// rows across the sheet, not a column, and a task list that holds its own
// units (two lists, no list of duties).
func TestReadThreeListsHeadings(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{
			{"问题序号", "问题"},
			{"一、政治建设方面"},
			{1, "理论学习不深入"},
			{"二、作风建设方面"},
			{2, "调查研究不够"},
		}, merges: [][2]string{{"A2", "B2"}, {"A4", "B4"}}},
		sheetSpec{name: "整改任务清单", rows: [][]any{
			{"序号", "对应问题序号", "整改措施", "责任单位", "完成时限"},
			{1, 1, "制定学习计划", "机关党委", "2024年3月31日"},
			{2, 2, "开展专题调研", "办公室", "2024年6月30日"},
		}},
	))
	diffLines(t, dump(o), []string{
		"A 政治建设方面",
		"  P 理论学习不深入",
		"    M 制定学习计划 | 机关党委 |  | date 2024-03-31 |  | ",
		"A 作风建设方面",
		"  P 调查研究不够",
		"    M 开展专题调研 | 办公室 |  | date 2024-06-30 |  | ",
	})
}

// TestReadThreeListsErrors checks that what cannot be joined is reported in
// the lists' own cells, and that a bad cell of a list is placed in it, not
// in the joined table.
func TestReadThreeListsErrors(t *testing.T) {
	specs := threeLists()
	specs[2].rows = append(specs[2].rows, []any{5, 9, "不存在的问题的任务", ""}, []any{6, 3, "没有责任的任务", ""})
	specs[3].rows = append(specs[3].rows, []any{5, 7, "赵六", "人事处", "", "2022年底"})
	specs[3].rows[2][5] = "尽快" // task 2's deadline: unreadable
	_, errs := mustRead(t, mustBook(t, specs...))
	want := []CellError{
		{"任务清单", 6, "B（问题序号）", "问题清单（工作表“问题清单”）中没有序号为“9”的问题"},
		{"任务清单", 7, "A（序号）", "责任清单（工作表“责任清单”）中没有任务“6”的一行"},
		{"责任清单", 6, "B（任务序号）", "任务清单（工作表“任务清单”）中没有序号为“7”的任务"},
		{"责任清单", 3, "F（完成时限）", "无法识别的完成时限“尽快”"},
	}
	for _, w := range want {
		if !slices.ContainsFunc(errs, func(e CellError) bool {
			return e.Sheet == w.Sheet && e.Row == w.Row && e.Column == w.Column && strings.Contains(e.Reason, w.Reason)
		}) {
			t.Errorf("no error %+v; got %+v", w, errs)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d errors, want %d: %+v", len(errs), len(want), errs)
	}
}

// TestReadThreeListsUnused warns of a problem no task answers, and leaves a
// workbook of lists that name nothing by number to the ledger reader.
func TestReadThreeListsUnused(t *testing.T) {
	specs := threeLists()
	specs[1].rows = append(specs[1].rows, []any{4, "作风建设方面", "督查检查过多"})
	l := mustReadLedger(t, mustBook(t, specs...))
	found := false
	for _, w := range l.Warnings {
		if w.Sheet == "问题清单" && w.Row == 6 && strings.Contains(w.Reason, "没有对应这个问题的整改任务") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning of the problem in row 6 without a task: %+v", l.Warnings)
	}
}

// TestReadTaskAndDutyLists joins a task list that names its problems in
// words with a list of duties that repeats each task's text (整改任务) by
// 任务序号, and reads a task list numbered again under each problem when
// no list of duties names its numbers.
func TestReadTaskAndDutyLists(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "整改清单", rows: [][]any{
			{"序号", "任务序号", "方面", "问题", "整改措施"},
			{1, "1-1", "党的建设方面", "基层党建薄弱", "规范三会一课"},
			{2, "1-2", "党的建设方面", "基层党建薄弱", "开展支部评星"},
		}},
		sheetSpec{name: "责任清单", rows: [][]any{
			{"序号", "任务序号", "整改任务", "牵头部门", "完成时间"},
			{1, "1-2", "开展支部评星", "组织部", "2024年12月"},
			{2, "1-1", "规范三会一课", "机关党委", "2024年9月30日"},
		}},
	))
	diffLines(t, dump(o), []string{
		"A 党的建设方面",
		"  P 基层党建薄弱",
		"    M 规范三会一课 | 机关党委 |  | date 2024-09-30 |  | ",
		"    M 开展支部评星 | 组织部 |  | date 2024-12-31 |  | ",
	})

	o = mustReadClean(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{
			{"序号", "方面", "问题"},
			{1, "作风方面", "会议过多"},
			{2, "作风方面", "文件过多"},
		}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"序号", "问题序号", "整改措施", "责任单位", "完成时限"},
			{1, 1, "压减会议", "办公室", "2024年6月30日"},
			{1, 2, "压减文件", "办公室", "2024年6月30日"},
			{2, 2, "推行无纸化", "信息中心", "2024年12月31日"},
		}},
	))
	diffLines(t, dump(o), []string{
		"A 作风方面",
		"  P 会议过多",
		"    M 压减会议 | 办公室 |  | date 2024-06-30 |  | ",
		"  P 文件过多",
		"    M 压减文件 | 办公室 |  | date 2024-06-30 |  | ",
		"    M 推行无纸化 | 信息中心 |  | date 2024-12-31 |  | ",
	})
}

// TestReadLedgerBesideProblemList reads a whole ledger whose 问题序号 numbers
// its own rows as it did before lists were joined, though a problem list
// stands beside it: the problems it names in words are not those numbers'.
func TestReadLedgerBesideProblemList(t *testing.T) {
	l := mustReadLedger(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{
			{"序号", "问题"},
			{1, "学习不深入"},
			{2, "调研不够"},
		}},
		sheetSpec{name: "整改台账", rows: [][]any{
			{"问题序号", "问题", "整改措施", "责任单位", "完成时限"},
			{1, "调研不够", "开展调研", "办公室", "2024年6月30日"},
			{2, "学习不深入", "制定学习计划", "机关党委", "2024年3月31日"},
		}},
	))
	diffLines(t, dump(l.Outline), []string{
		"P 调研不够",
		"  M 开展调研 | 办公室 |  | date 2024-06-30 |  | ",
		"P 学习不深入",
		"  M 制定学习计划 | 机关党委 |  | date 2024-03-31 |  | ",
	})
}

// TestReadDutiesPerUnit reads a list of duties written a row per unit, the
// task's number merged down over its rows or written again: the rows after
// the first add units to the task; a deadline other than the first row's
// is not read and is warned of in its cell.
func TestReadDutiesPerUnit(t *testing.T) {
	specs := threeLists()
	specs[3].rows = [][]any{
		{"序号", "任务序号", "责任领导", "牵头单位", "配合单位", "完成时限"},
		{1, 1, "张三", "规划处", "", "2021年12月31日"},
		{2, nil, "", "财务处", "", ""},
		{3, 2, "张三", "财务处", "", "2022年6月底"},
		{4, 3, "李四", "重大项目处", "", "长期坚持"},
		{5, 3, "", "规划处", "", "2022年底"},
		{6, 4, "王五", "办公室", "", "2022年第二季度"},
	}
	specs[3].merges = [][2]string{{"B2", "B3"}}
	l := mustReadLedger(t, mustBook(t, specs...))
	diffLines(t, dump(l.Outline), []string{
		"A 党的领导方面",
		"  P 科技创新投入不足",
		"    M 加大科技投入 | 规划处 | 财务处 | date 2021-12-31 |  | ",
		"    M 设立创新基金 | 财务处 |  | date 2022-06-30 |  | ",
		"  P 重大项目推进缓慢",
		"    M 建立项目调度机制 | 重大项目处 | 规划处 | long_term  |  | ",
		"A 作风建设方面",
		"  P 文山会海问题突出",
		"    M 精简文件会议 | 办公室 |  | date 2022-06-30 |  | ",
	})
	if !slices.ContainsFunc(l.Warnings, func(w CellError) bool {
		return w.Sheet == "责任清单" && w.Row == 6 && w.Column == "F（完成时限）" && strings.Contains(w.Reason, "本行的“2022年底”未导入")
	}) {
		t.Errorf("no warning of row 6's other deadline: %+v", l.Warnings)
	}
}

// TestKeyOf reads a list's numbers however they are written.
func TestKeyOf(t *testing.T) {
	for in, want := range map[string]string{"1": "1", "1.": "1", "1、": "1", "1､": "1", "（1）": "1", "一": "1", "（一）": "1",
		"一、": "1", "第1号": "1", "第一项": "1", "问题1": "1", "01": "1", "1.0": "1", "１": "1", "①": "1", "⑫": "12",
		"1-1": "1-1", "1—1": "1-1", "1－1": "1-1", "任务1-1": "1-1", "1.1": "1.1"} {
		if got := keyOf(in); got != want {
			t.Errorf("keyOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReadListsAsWritten joins lists as they are found in practice: numbers
// written 1、; aspects as rows of the problem list (一 | 政治建设方面, or a
// heading in the problem column); a number merged over a problem's two
// 具体表现 rows; a task list with aspect rows across it, a footer and the
// date under it, rows of a blank form numbered ahead, 同上 for a problem
// number, and 责任单位 over 牵头单位 | 配合单位; a problem list's own target,
// leader and deadline filling only what the task and its duties leave blank.
func TestReadListsAsWritten(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{
			{"序号", "问题", "具体表现", "整改目标", "牵头领导", "整改时限"},
			{"一", "政治建设方面"},
			{"1、", "学习不深入", "学习流于形式", "学习制度健全", "厅长", "2024年12月底"},
			{nil, nil, "学用脱节"},
			{nil, "二、作风建设方面"},
			{"2、", "调研不够", "调研走过场", "", "", "2024年12月底"},
		}, merges: [][2]string{{"A3", "A4"}, {"B3", "B4"}}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"序号", "问题序号", "整改措施", "责任单位", nil, "完成时限"},
			{nil, nil, nil, "牵头单位", "配合单位", nil},
			{"一、政治建设方面"},
			{1, 1, "制定学习计划", "机关党委", "办公室", "2024年3月31日"},
			{2, "同上", "开展专题学习", "机关党委", "", ""},
			{"二、作风建设方面"},
			{3, 2, "开展调研", "办公室", "", "2024年6月30日"},
			{4},
			{"填表人：张三", nil, "审核人：李四"},
			{nil, nil, "2024年3月1日"},
		}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "E1"}, {"F1", "F2"}, {"A3", "F3"}, {"A6", "F6"}}},
	))
	diffLines(t, dump(o), []string{
		"A 政治建设方面",
		"  P 学习不深入",
		"    S 学习流于形式；学用脱节",
		"      M 制定学习计划 | 机关党委 | 办公室 | date 2024-03-31 |  | ",
		"      M 开展专题学习 | 机关党委 |  | date 2024-12-31 |  | ",
		"A 作风建设方面",
		"  P 调研不够",
		"    S 调研走过场",
		"      M 开展调研 | 办公室 |  | date 2024-06-30 |  | ",
	})
	m := o.Aspects[0].Children[0].Children[0].Measures[0]
	if m.Target != "学习制度健全" || m.ResponsibleLeader != "厅长" {
		t.Errorf("first measure: target %q, leader %q; want the problem's 学习制度健全 and 厅长 where the task has none", m.Target, m.ResponsibleLeader)
	}
}

// TestReadListsLeaveLedgersAlone: workbooks that are not a plan's lists read
// as before: one ledger per aspect, one of them numbering its rows 任务序号;
// a ledger whose only number, 问题序号, numbers its own rows beside a
// problem list; and a summary sheet beside three lists does not stop them
// being joined.
func TestReadListsLeaveLedgersAlone(t *testing.T) {
	l := mustReadLedger(t, mustBook(t,
		sheetSpec{name: "一、政治建设方面", rows: [][]any{
			{"序号", "存在问题", "整改措施", "责任单位", "完成时限"},
			{1, "学习不深入", "制定学习计划", "办公室", "长期坚持"},
		}},
		sheetSpec{name: "二、作风建设方面", rows: [][]any{
			{"任务序号", "存在问题", "整改措施", "责任单位", "完成时限"},
			{1, "调研不够", "开展调研", "机关党委", "2024年6月30日"},
			{2, "会议多", "精简会议", "办公室", "2024年6月30日"},
		}},
	))
	if _, _, _, n := l.Outline.Counts(); n != 3 || len(l.Joined) != 0 {
		t.Errorf("two ledgers by aspect: %d measures, joined %v; want 3, none joined", n, l.Joined)
	}
	l = mustReadLedger(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{{"序号", "问题"}, {1, "学习不深入"}, {2, "调研不够"}}},
		sheetSpec{name: "整改台账", rows: [][]any{
			{"问题序号", "整改措施", "责任单位", "完成时限"},
			{1, "开展调研", "办公室", "2024年6月30日"},
			{2, "制定学习计划", "机关党委", "2024年3月31日"},
			{3, "建立制度", "办公室", "2024年3月31日"},
		}},
	))
	if _, _, _, n := l.Outline.Counts(); n != 3 || len(l.Joined) != 0 {
		t.Errorf("a ledger numbering its rows 问题序号: %d measures, joined %v; want 3, none joined", n, l.Joined)
	}
	specs := append(threeLists(), sheetSpec{name: "统计", rows: [][]any{
		{"整改完成情况统计表"},
		{"序号", "责任单位", "整改措施（项）", "已完成（项）", "未完成（项）", "完成率"},
		{1, "规划处", 1, 1, 0, "100%"},
	}})
	l = mustReadLedger(t, mustBook(t, specs...))
	if _, _, _, n := l.Outline.Counts(); n != 4 || len(l.Joined) != 3 {
		t.Errorf("three lists and a summary: %d measures, joined %v; want 4 from the three lists", n, l.Joined)
	}
}

// TestReadLedgersNumberedByTask: ledgers, one per aspect, one numbering its
// rows 任务序号 (1 or 1-1), are not a task list and its duties: the numbers
// name no task of the other with the same words.
func TestReadLedgersNumberedByTask(t *testing.T) {
	for _, n := range []any{1, "1-1"} {
		l := mustReadLedger(t, mustBook(t,
			sheetSpec{name: "一、政治建设方面", rows: [][]any{
				{"序号", "整改措施", "责任单位", "完成时限"},
				{1, "开展调研", "机关党委", "长期坚持"},
			}},
			sheetSpec{name: "二、作风建设方面", rows: [][]any{
				{"任务序号", "整改措施", "责任单位", "完成时限"},
				{n, "精简会议", "办公室", "2024年6月30日"},
				{"2", "压减文件", "办公室", "2024年6月30日"},
			}},
		))
		diffLines(t, dump(l.Outline), []string{
			"A 政治建设方面",
			"  M 开展调研 | 机关党委 |  | long_term  |  | ",
			"A 作风建设方面",
			"  M 精简会议 | 办公室 |  | date 2024-06-30 |  | ",
			"  M 压减文件 | 办公室 |  | date 2024-06-30 |  | ",
		})
		if len(l.Joined) != 0 {
			t.Errorf("joined %v; want none", l.Joined)
		}
	}
}

// TestReadListsRowsAsWritten: a problem's second 具体表现 on a row of its
// own with nothing merged; an aspect typed in column A; aspects 一, 二 over
// problems （一）, （二）; a problem list whose 整改要求 is no task; 合计
// rows; a blank 问题序号 under a task's: the same problem.
func TestReadListsRowsAsWritten(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{
			{"序号", "问题", "具体表现", "整改要求"},
			{"一、政治建设方面"},
			{"（一）", "学习不深入", "学习流于形式", "完善学习制度"},
			{nil, nil, "学用脱节"},
			{"二", "作风建设方面"},
			{"（二）", "调研不够", "调研走过场", ""},
		}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"序号", "问题序号", "整改措施", "责任单位", "完成时限"},
			{1, "（一）", "制定学习计划", "机关党委", "2024年3月31日"},
			{2, nil, "开展专题学习", "机关党委", "长期坚持"},
			{3, "（二）", "开展调研", "办公室", "2024年6月30日"},
			{"合计", nil, "3项"},
		}},
	))
	diffLines(t, dump(o), []string{
		"A 政治建设方面",
		"  P 学习不深入",
		"    S 学习流于形式；学用脱节",
		"      M 制定学习计划 | 机关党委 |  | date 2024-03-31 |  | ",
		"      M 开展专题学习 | 机关党委 |  | long_term  |  | ",
		"A 作风建设方面",
		"  P 调研不够",
		"    S 调研走过场",
		"      M 开展调研 | 办公室 |  | date 2024-06-30 |  | ",
	})
}

// TestReadTaskListHeadingsAndDuties: a task list whose aspects are rows
// across it, joined with its duties only, keeps its aspects; a 合计 row of
// the duties is none.
func TestReadTaskListHeadingsAndDuties(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "任务清单", rows: [][]any{
			{"任务序号", "问题", "整改措施"},
			{"一、党的建设方面"},
			{1, "基层党建薄弱", "规范三会一课"},
			{"二、作风建设方面"},
			{2, "会议过多", "精简会议"},
		}, merges: [][2]string{{"A2", "C2"}, {"A4", "C4"}}},
		sheetSpec{name: "责任清单", rows: [][]any{
			{"序号", "任务序号", "牵头单位", "完成时限"},
			{1, 1, "机关党委", "2024年9月30日"},
			{2, 2, "办公室", "2024年6月30日"},
			{"合计", nil, "2个单位"},
		}},
	))
	diffLines(t, dump(o), []string{
		"A 党的建设方面",
		"  P 基层党建薄弱",
		"    M 规范三会一课 | 机关党委 |  | date 2024-09-30 |  | ",
		"A 作风建设方面",
		"  P 会议过多",
		"    M 精简会议 | 办公室 |  | date 2024-06-30 |  | ",
	})
}

// TestReadTasksNumberedPerProblem: tasks numbered afresh under each problem
// (1, 2 under problem 1; 1 under problem 2), their duties naming 问题序号 and
// 任务序号 both.
func TestReadTasksNumberedPerProblem(t *testing.T) {
	o := mustReadClean(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{{"序号", "问题"}, {1, "学习不深入"}, {2, "调研不够"}}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"问题序号", "任务序号", "整改措施"},
			{1, 1, "制定学习计划"},
			{1, 2, "开展专题学习"},
			{2, 1, "开展调研"},
		}},
		sheetSpec{name: "责任清单", rows: [][]any{
			{"问题序号", "任务序号", "牵头单位", "完成时限"},
			{2, 1, "办公室", "2024年6月30日"},
			{1, 1, "机关党委", "2024年3月31日"},
			{1, 2, "人事处", "长期坚持"},
		}},
	))
	diffLines(t, dump(o), []string{
		"P 学习不深入",
		"  M 制定学习计划 | 机关党委 |  | date 2024-03-31 |  | ",
		"  M 开展专题学习 | 人事处 |  | long_term  |  | ",
		"P 调研不够",
		"  M 开展调研 | 办公室 |  | date 2024-06-30 |  | ",
	})
}

// TestReadTaskNumberMerged: a task's number merged over its two rows, with
// duties naming 问题序号 too, is one number, not a repeated one.
func TestReadTaskNumberMerged(t *testing.T) {
	_, errs := mustRead(t, mustBook(t,
		sheetSpec{name: "问题清单", rows: [][]any{{"序号", "问题"}, {1, "学习不深入"}, {2, "调研不够"}}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"问题序号", "任务序号", "整改措施"},
			{1, 1, "制定学习计划"},
			{1, 2, "开展专题学习"},
			{1, nil, "开展专题学习（续）"},
			{2, 3, "开展调研"},
		}, merges: [][2]string{{"B3", "B4"}}},
		sheetSpec{name: "责任清单", rows: [][]any{
			{"问题序号", "任务序号", "牵头单位", "完成时限"},
			{1, 1, "机关党委", "2024年3月31日"},
			{1, 2, "人事处", "长期坚持"},
			{2, 3, "办公室", "2024年6月30日"},
		}},
	))
	for _, e := range errs {
		if strings.Contains(e.Reason, "重复") {
			t.Errorf("a merged number taken for a repeated one: %+v", e)
		}
	}
}

// TestReadTaskOfTwoProblems: a task naming two problems (1、2) is refused
// saying so, not as a problem numbered “1、2” that is missing.
func TestReadTaskOfTwoProblems(t *testing.T) {
	specs := threeLists()
	specs[2].rows[2][1] = "1、2"
	_, errs := mustRead(t, mustBook(t, specs...))
	if len(errs) != 1 || errs[0].Sheet != "任务清单" || errs[0].Row != 3 || !strings.Contains(errs[0].Reason, "本任务对应了2个问题（1、2）") {
		t.Errorf("errors %+v; want one naming the two problems", errs)
	}
}

// TestReadDutiesNumberedAlone: a list of duties numbered by 序号 alone (no
// 任务序号), beside a task list without units, gives each task the duties
// of its own number when both number the same rows; when they do not, the
// task list's missing units are reported as before.
func TestReadDutiesNumberedAlone(t *testing.T) {
	specs := threeLists()
	specs[3].rows = [][]any{
		{"序号", "责任领导", "牵头单位", "配合单位", "完成时限"},
		{1, "张三", "规划处", "财务处", "2021年12月31日"},
		{2, "张三", "财务处", "", "2022年6月底"},
		{3, "李四", "重大项目处", "规划处、财务处", "长期坚持"},
		{4, "王五", "办公室", "", "2022年第二季度"},
	}
	diffLines(t, dump(mustReadClean(t, mustBook(t, specs...))), threeListsRead)

	specs[3].rows = specs[3].rows[:4] // task 4 has no row of duties
	_, errs := mustRead(t, mustBook(t, specs...))
	if !slices.ContainsFunc(errs, func(e CellError) bool { return e.Sheet == "任务清单" && strings.Contains(e.Reason, "责任单位") }) {
		t.Errorf("errors %+v; want the task list's missing 责任单位 column", errs)
	}
}

// TestReadListsBesideContacts: a problem list that gives the units, a task
// list without them, and a 联络员名单 numbered 1 to 4 like the tasks: the
// contacts are not taken for the tasks' duties (each task keeps its
// problem's unit); nor is a 责任分工 by unit (承担任务).
func TestReadListsBesideContacts(t *testing.T) {
	problems := sheetSpec{name: "问题清单", rows: [][]any{
		{"序号", "问题类别", "问题描述", "责任领导", "责任单位", "完成时限"},
		{1, "党的领导方面", "科技创新投入不足", "张三", "规划处", "2025年12月31日"},
		{2, "党的领导方面", "重大项目推进缓慢", "李四", "重大项目处", "2025年12月31日"},
		{3, "作风建设方面", "文山会海问题突出", "王五", "办公室", "2025年6月30日"},
	}}
	tasks := sheetSpec{name: "任务清单", rows: [][]any{
		{"序号", "问题序号", "整改任务", "整改目标"},
		{1, 1, "加大科技投入", "投入增长10%"}, {2, 1, "设立创新基金", ""}, {3, 2, "建立项目调度机制", "按月调度"}, {4, 3, "精简文件会议", "文件减少三成"},
	}}
	for _, other := range []sheetSpec{
		{name: "联络员名单", rows: [][]any{{"序号", "责任单位", "联系人", "联系电话", "完成时限"},
			{1, "办公室", "赵一", "029-1", "2025年1月1日"}, {2, "规划处", "钱二", "029-2", "2025年1月1日"}, {3, "财务处", "孙三", "029-3", "2025年1月1日"}, {4, "重大项目处", "李四", "029-4", "2025年1月1日"}}},
		{name: "责任单位汇总", rows: [][]any{{"序号", "责任单位", "分管领导", "完成时限"},
			{1, "办公室", "赵一", "2025年1月1日"}, {2, "规划处", "钱二", "2025年1月1日"}, {3, "财务处", "孙三", "2025年1月1日"}, {4, "重大项目处", "李四", "2025年1月1日"}}},
		{name: "责任分工", rows: [][]any{{"序号", "责任单位", "责任领导", "承担任务", "完成时限"},
			{1, "办公室", "赵一", "文件精简", "2025年1月1日"}, {2, "规划处", "钱二", "投入", "2025年1月1日"}, {3, "财务处", "孙三", "基金", "2025年1月1日"}, {4, "重大项目处", "李四", "调度", "2025年1月1日"}}},
	} {
		l := mustReadLedger(t, mustBook(t, problems, tasks, other))
		if slices.Contains(l.Joined, other.name) {
			t.Errorf("%s joined as the duties: %v", other.name, l.Joined)
		}
		if m := l.Outline.Aspects[0].Children[0].Measures[0]; m.LeadUnit != "规划处" {
			t.Errorf("beside %s: the first task's unit %q; want its problem's 规划处", other.name, m.LeadUnit)
		}
	}
}
