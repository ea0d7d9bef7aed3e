package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"duban/internal/duban"
)

// Ledgers in layouts written by other hands: each is the shape of a real
// ledger, with its own text.

// Aspects as rows of their own (one cell merged across the table), 序号
// numbering the problems (1, 2) and their measures (1.1, 1.2), columns
// named 存在问题 / 整改目标 / 牵头领导 / 整改时限, and deadlines written
// 2022年6月底前, 持续推进, 长期坚持, 立行立改.
func TestReadLedgerSectionRows(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{
		{"中共某市卫生健康委员会党组巡察反馈问题整改台账"},
		{"序号", "存在问题", "整改目标", "整改措施", "牵头领导", "责任科室", "整改时限", "完成情况"},
		{"一、政治建设方面"},
		{"1", "学习贯彻不够深入", "学习制度化", nil, nil, nil, nil, nil},
		{"1.1", nil, nil, "制定年度学习计划", "张某", "办公室", "2022年6月底前", "已完成"},
		{"1.2", nil, nil, "开展专题研讨", "张某", "办公室", "持续推进", nil},
		{"2", "意识形态责任制落实不到位", "责任压实", "修订意识形态工作责任制实施细则", "李某", "宣传科", "立行立改", nil},
		{"二、作风建设方面"},
		{"3", "文山会海问题仍然存在", "会议文件精简", "精简会议文件", "王某", "办公室", "长期坚持", nil},
	}, merges: [][2]string{{"A1", "H1"}, {"A3", "H3"}, {"A8", "H8"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 政治建设方面",
		"  P 学习贯彻不够深入",
		"    M 制定年度学习计划 | 办公室 |  | date 2022-06-30 |  | 已完成",
		"    M 开展专题研讨 | 办公室 |  | long_term  |  | ",
		"  P 意识形态责任制落实不到位",
		"    M 修订意识形态工作责任制实施细则 | 宣传科 |  | immediate  |  | ",
		"A 作风建设方面",
		"  P 文山会海问题仍然存在",
		"    M 精简会议文件 | 办公室 |  | long_term  |  | ",
	})
	m := o.Aspects[0].Children[0].Measures[0]
	if m.ResponsibleLeader != "张某" || m.Target != "学习制度化" {
		t.Errorf("measure %+v: want 牵头领导 and 整改目标 read", m)
	}
}

// A measure carried out by several units, one row per unit, the problem
// and measure cells merged down those rows; two header rows.
func TestReadLedgerMeasureRowsPerUnit(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "巡察反馈问题", "整改措施", "责任单位及责任人", nil, "完成时限"},
		{nil, nil, nil, "责任单位", "责任领导", nil},
		{1, "项目资金拨付滞后", "建立资金拨付台账", "财务科", "赵某", "2022年9月30日"},
		{nil, nil, nil, "项目办", "钱某", nil},
		{nil, nil, "按月通报拨付进度", "财务科", "赵某", "长期坚持"},
	}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "E1"}, {"F1", "F2"}, {"A3", "A5"}, {"B3", "B5"}, {"C3", "C4"}, {"F3", "F4"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"P 项目资金拨付滞后",
		"  M 建立资金拨付台账 | 财务科 | 项目办 | date 2022-09-30 |  | ",
		"  M 按月通报拨付进度 | 财务科 |  | long_term  |  | ",
	})
}

// One row per unit of a measure, each row with that unit's own 整改进展:
// no unit's progress is lost. The measure's progress names each unit before
// its part, as the ledger export writes a measure of several units; a
// progress cell merged down the rows is the measure's, once.
func TestReadLedgerProgressRowsPerUnit(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限", "整改进展"},
		{1, "项目资金拨付滞后", "建立资金拨付台账", "财务科", "2022年9月30日", "台账已建立"},
		{nil, nil, nil, "项目办", nil, "已报送拨付计划"},
		{nil, nil, nil, "审计科", nil, nil},
		{2, nil, "按月通报拨付进度", "财务科", "长期坚持", "每月通报"},
		{nil, nil, nil, "项目办", nil, nil},
	}, merges: [][2]string{{"B2", "B6"}, {"C2", "C4"}, {"E2", "E4"}, {"C5", "C6"}, {"F5", "F6"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"P 项目资金拨付滞后",
		"  M 建立资金拨付台账 | 财务科 | 项目办,审计科 | date 2022-09-30 |  | 财务科：台账已建立\n项目办：已报送拨付计划",
		"  M 按月通报拨付进度 | 财务科 | 项目办 | long_term  |  | 每月通报",
	})
}

// Aspect rows written in the 序号 and problem columns (一 | 党的政治建设方面),
// a 责任单位 cell naming 牵头 and 配合 units, and a 整改措施 cell listing
// several numbered measures that share the row's unit and deadline.
func TestReadLedgerNumberedCells(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限"},
		{"一", "党的政治建设方面"},
		{1, "理论学习不够深入", "1.制定年度学习计划；\n2.开展专题研讨；\n3.建立学习台账。", "牵头单位：办公室；配合单位：人事科、党建科", "2022年6月底前"},
		{"二", "作风建设方面"},
		{2, "文山会海", "精简会议文件\n全年会议减少一成", "办公室", "长期坚持"},
	}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 党的政治建设方面",
		"  P 理论学习不够深入",
		"    M 制定年度学习计划 | 办公室 | 人事科,党建科 | date 2022-06-30 |  | ",
		"    M 开展专题研讨 | 办公室 | 人事科,党建科 | date 2022-06-30 |  | ",
		"    M 建立学习台账 | 办公室 | 人事科,党建科 | date 2022-06-30 |  | ",
		"A 作风建设方面",
		"  P 文山会海",
		"    M 精简会议文件 / 全年会议减少一成 | 办公室 |  | long_term  |  | ",
	})
}

// What clerks write in the cells of real ledgers besides the plain forms:
// 无, /, — for an empty cell; units marked 牵头 or labelled with a comma;
// units separated by / or spaces, or numbered; 是否销号 with its date; a
// header with full-width spaces (序　号); a 截止时间 row; footers naming
// who signed (填表人（签字）：).
func TestReadLedgerClerksCells(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某局巡察整改台账"},
		{"截止时间：2022年9月底"},
		{"序　号", "存在问题", "整 改 措 施", "牵头单位", "配合单位", "责任领导", "完成时限", "整改进展", "是否销号", "备　注"},
		{1, "问题甲", "措施一", "办公室", "无", "/", "2022年6月30日", "/", "否", "无"},
		{2, nil, "措施二", "人事科、办公室（牵头）", "—", "张某", "2022年6月30日", "暂无", "是（2022.7.1）", nil},
		{3, nil, "措施三", "牵头单位：办公室，配合单位：人事科", nil, nil, "长期坚持", "推进中", "/", nil},
		{4, nil, "措施四", "办公室/人事科 党建科", nil, nil, "长期坚持", nil, nil, nil},
		{5, nil, "措施五", "1.办公室\n2.人事科", nil, nil, "长期坚持", nil, "已完成", nil},
		{"填表人（签字）：李四", nil, nil, "审核人（签字）：赵六", nil, nil, "填报日期：2022年10月8日"},
		{"单位负责人：张三"},
	}, merges: [][2]string{{"A1", "J1"}, {"A2", "J2"}, {"B4", "B8"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"P 问题甲",
		"  M 措施一 | 办公室 |  | date 2022-06-30 |  | ",
		"  M 措施二 | 办公室 | 人事科 | date 2022-06-30 | closed | ",
		"  M 措施三 | 办公室 | 人事科 | long_term  |  | 推进中",
		"  M 措施四 | 办公室 | 人事科,党建科 | long_term  |  | ",
		"  M 措施五 | 办公室 | 人事科 | long_term  | closed | ",
	})
	if m := o.Aspects[0].Measures[0]; m.ResponsibleLeader != "" || m.Note != "" {
		t.Errorf("measure 1: leader %q, note %q; want / and 无 read as empty", m.ResponsibleLeader, m.Note)
	}
	if got := o.Meta.AsOf; got != duban.MustDate("2022-09-30") {
		t.Errorf("as of: got %v, want 2022-09-30 (截止时间：2022年9月底)", got)
	}
}

// Two levels of headings numbered in the 序号 column, 一 over （一）, with
// their names in the one tree column: the first are aspects, the second
// problems under them (before, every （一） became an aspect and the real
// aspects were lost).
func TestReadLedgerTwoHeadingLevels(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "反馈问题", "整改措施", "责任单位", "完成时限"},
		{"一", "党的政治建设方面"},
		{"（一）", "学习贯彻不深入"},
		{1, nil, "制定学习计划", "办公室", "2022年6月30日"},
		{"（二）", "意识形态落实不力"},
		{2, nil, "修订细则", "宣传科", "2022年6月30日"},
		{"二", "作风建设方面"},
		{"（一）", "文山会海"},
		{3, nil, "精简文件", "办公室", "长期坚持"},
	}, merges: [][2]string{{"B2", "E2"}, {"B3", "E3"}, {"B5", "E5"}, {"B7", "E7"}, {"B8", "E8"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 党的政治建设方面",
		"  P 学习贯彻不深入",
		"    M 制定学习计划 | 办公室 |  | date 2022-06-30 |  | ",
		"  P 意识形态落实不力",
		"    M 修订细则 | 宣传科 |  | date 2022-06-30 |  | ",
		"A 作风建设方面",
		"  P 文山会海",
		"    M 精简文件 | 办公室 |  | long_term  |  | ",
	})
}

// A 统计 sheet beside the ledger (整改措施（项）, 已完成（项）…) has no
// 完成时限 column: it is passed over with a warning, and the ledger sheet
// is read, instead of the whole workbook being refused for it.
func TestReadLedgerBesideStatistics(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "措施一", "办公室", "2022年6月30日"},
	}}, sheetSpec{name: "统计", rows: [][]any{
		{"整改完成情况统计表"},
		{"序号", "责任单位", "整改措施（项）", "已完成（项）", "未完成（项）", "完成率"},
		{1, "办公室", 1, 1, 0, "100%"},
	}})
	l, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) != 0 {
		t.Fatalf("errors %+v: want the 统计 sheet passed over", l.Errors)
	}
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲",
		"  M 措施一 | 办公室 |  | date 2022-06-30 |  | ",
	})
	var warned bool
	for _, w := range l.Warnings {
		warned = warned || w.Sheet == "统计" && strings.HasPrefix(w.Reason, "该工作表不是台账")
	}
	if !warned {
		t.Errorf("warnings %+v: want the 统计 sheet named as not read", l.Warnings)
	}
}

// One row per unit with the measure written once on the first row and the
// cells below it left blank, not merged: the rows with no 序号 and no
// measure name more units of it, with their own progress.
func TestReadLedgerUnitRowsUnmerged(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "存在问题", "整改措施", "责任单位", "完成时限", "整改进展"},
		{1, "问题甲", "措施一", "办公室", "2022年6月30日", "已完成"},
		{nil, nil, nil, "人事科", "2022年6月30日", "推进中"},
		{2, nil, "措施二", "党建科", "长期坚持", nil},
	}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"P 问题甲",
		"  M 措施一 | 办公室 | 人事科 | date 2022-06-30 |  | 办公室：已完成\n人事科：推进中",
		"  M 措施二 | 党建科 |  | long_term  |  | ",
	})
}

// One sheet per aspect, named after it, with no aspect column: each sheet's
// problems hang under its aspect, and a problem of the same name on two
// sheets is two problems.
func TestReadLedgerSheetPerAspect(t *testing.T) {
	header := []any{"序号", "存在问题", "整改措施", "责任单位", "完成时限"}
	b := mustBook(t, sheetSpec{name: "一、政治建设方面", rows: [][]any{
		header, {1, "学习不深入", "制定学习计划", "办公室", "长期坚持"},
	}}, sheetSpec{name: "二、作风建设方面", rows: [][]any{
		header, {1, "学习不深入", "开展作风整顿", "办公室", "长期坚持"},
	}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 政治建设方面",
		"  P 学习不深入",
		"    M 制定学习计划 | 办公室 |  | long_term  |  | ",
		"A 作风建设方面",
		"  P 学习不深入",
		"    M 开展作风整顿 | 办公室 |  | long_term  |  | ",
	})
}

// Sheets named by their aspects without 方面 or numbers (政治建设, 作风建设,
// 党的领导弱化): each sheet's rows are its aspect's (the problems stood at
// the top before). A sheet named otherwise (台账, 2024年) names no aspect.
func TestReadLedgerSheetPerAspectPlainNames(t *testing.T) {
	header := []any{"序号", "存在问题", "整改措施", "责任单位", "完成时限"}
	b := mustBook(t, sheetSpec{name: "政治建设", rows: [][]any{header, {1, "学习不深入", "制定学习计划", "办公室", "长期坚持"}}},
		sheetSpec{name: "党的领导弱化", rows: [][]any{header, {1, "决策不严", "修订议事规则", "办公室", "长期坚持"}}},
		sheetSpec{name: "台账", rows: [][]any{header, {1, "会议过多", "精简会议", "办公室", "长期坚持"}}})
	diffLines(t, dump(mustReadClean(t, b)), []string{
		"A 政治建设",
		"  P 学习不深入",
		"    M 制定学习计划 | 办公室 |  | long_term  |  | ",
		"A 党的领导弱化",
		"  P 决策不严",
		"    M 修订议事规则 | 办公室 |  | long_term  |  | ",
		"P 会议过多",
		"  M 精简会议 | 办公室 |  | long_term  |  | ",
	})
}

// A two-row header (责任单位 over 牵头单位 | 配合单位, 责任人 over 牵头领导 |
// 具体责任人), 序号 numbering an aspect's row with the rows, and deadlines
// as spans (the end counts), without a year (read in the title's year, with
// a warning to check) and 已完成 (done at once).
func TestReadLedgerSpansAndYearless(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{
		{"某局2022年巡察反馈问题整改台账"},
		{"序号", "问题", "整改措施", "责任单位", nil, "责任人", nil, "完成时限", "整改进展"},
		{nil, nil, nil, "牵头单位", "配合单位", "牵头领导", "具体责任人", nil, nil},
		{1, "一、党的建设方面", nil, nil, nil, nil, nil, nil, nil},
		{2, "理论学习不深入", "健全学习制度", "办公室", "人事科", "张某", "李某", "2022年6月-12月", "已印发"},
		{3, "会议过多", "精简会议", "办公室", nil, "张某", "王某", "6月底前", "推进中"},
		{4, "作风不实", "开展专项整治", "纪检组", "办公室", "赵某", "钱某", "已完成", nil},
	}, merges: [][2]string{{"A1", "I1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "E2"}, {"F2", "G2"}, {"H2", "H3"}, {"I2", "I3"}}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"A 党的建设方面",
		"  P 理论学习不深入",
		"    M 健全学习制度 | 办公室 | 人事科 | date 2022-12-31 |  | 已印发",
		"  P 会议过多",
		"    M 精简会议 | 办公室 |  | date 2022-06-30 |  | 推进中",
		"  P 作风不实",
		"    M 开展专项整治 | 纪检组 | 办公室 | immediate  |  | ",
	})
	if m := l.Outline.Aspects[0].Children[0].Measures[0]; m.ResponsibleLeader != "张某" || m.ResponsiblePerson != "李某" {
		t.Errorf("measure %+v: want 牵头领导 张某 and 具体责任人 李某", m)
	}
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 6 || !strings.Contains(l.Warnings[0].Reason, "未写年份") || !strings.Contains(l.Warnings[0].Reason, "2022年6月30日") {
		t.Errorf("warnings %+v: want one on row 6 saying the year was taken from the title", l.Warnings)
	}

	// No year anywhere: the cell is refused, saying the year is missing.
	b = mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{1, "会议过多", "精简会议", "办公室", "6月底前"},
	}})
	_, errs := mustRead(t, b)
	if len(errs) != 1 || errs[0].Row != 2 || !strings.Contains(errs[0].Reason, "未写年份") {
		t.Errorf("errors %+v: want row 2's deadline refused for its missing year", errs)
	}
}

// A 栏次 row numbering the columns under the header; progress written
// month by month (6月进展 | 9月进展, and 整改进展 over 6月 | 9月), kept
// under each month's label; a second 整改措施 column said to be left out;
// a hidden old copy of the ledger and a hidden list of choices passed over.
func TestReadLedgerColumnNumbersMonthsHidden(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"2022年某县巡察整改台账"},
		{"序号", "问题", "整改措施", "责任单位", "完成时限", "6月进展", "9月进展", "是否销号"},
		{"栏次", 1, 2, 3, 4, 5, 6, 7},
		{1, "理论学习不深入", "健全学习制度", "办公室", "2022年6月底前", "已起草", "已印发", "是"},
		{2, "会议过多", "精简会议", "办公室", "2022年12月底前", "推进中", "/", "否"},
	}, merges: [][2]string{{"A1", "H1"}}},
		sheetSpec{name: "选项", rows: [][]any{{"是"}, {"否"}}, hidden: true},
		sheetSpec{name: "旧台账", hidden: true, rows: [][]any{
			{"序号", "问题", "整改措施", "责任单位", "完成时限"},
			{1, "旧问题", "旧措施", "办公室", "2021年6月底前"},
		}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 理论学习不深入",
		"  M 健全学习制度 | 办公室 |  | date 2022-06-30 | closed | 6月进展：已起草\n9月进展：已印发",
		"P 会议过多",
		"  M 精简会议 | 办公室 |  | date 2022-12-31 |  | 推进中",
	})
	if len(l.Warnings) != 1 || l.Warnings[0].Sheet != "旧台账" || !strings.Contains(l.Warnings[0].Reason, "隐藏") {
		t.Errorf("warnings %+v: want the hidden ledger said to be passed over", l.Warnings)
	}

	b = mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限", "整改进展", nil, "整改措施"},
		{nil, nil, nil, nil, nil, "6月", "9月", nil},
		{1, "会议过多", "精简会议", "办公室", "2022年12月底前", "已精简", "已形成制度", "另一措施"},
	}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}, {"F1", "G1"}, {"H1", "H2"}}})
	l, err := Read(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	diffLines(t, dump(l.Outline), []string{
		"P 会议过多",
		"  M 精简会议 | 办公室 |  | date 2022-12-31 |  | 6月：已精简\n9月：已形成制度",
	})
	if len(l.Warnings) != 1 || !strings.HasPrefix(l.Warnings[0].Column, "H") || !strings.Contains(l.Warnings[0].Reason, "重复") {
		t.Errorf("warnings %+v: want column H said to repeat 整改措施", l.Warnings)
	}

	// Only hidden sheets: the ledger is read all the same.
	b = mustBook(t, sheetSpec{name: "说明", rows: [][]any{{"本表由办公室汇总"}}}, sheetSpec{name: "台账", hidden: true, rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{1, "会议过多", "精简会议", "办公室", "2022年12月底前"},
	}})
	_, errs := mustRead(t, b)
	if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Reason, "隐藏") {
		t.Errorf("a ledger only on a hidden sheet: errors %+v, want it said to be hidden", errs)
	}
}

// Column names of other ledgers: a second problem column is the specific
// problem, a second unit column the units that carry it out with the lead,
// 责任市领导, 时间节点, 整改结果, 是否完成; a 督办台账 (督办事项, 工作要求,
// 办理时限, 办理情况, 办结情况); a 备注 said not to be imported.
func TestReadLedgerOtherColumnNames(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{
		{"序号", "反馈问题", "问题表现", "整改措施", "牵头部门", "责任部门", "责任市领导", "时间节点", "整改结果", "是否完成", "备注"},
		{1, "问题甲", "表现甲", "措施甲", "财政局", "审计局、税务局", "张某", "2024年6月底前", "进展甲", "是", "已申请延期"},
	}}, sheetSpec{name: "督办台账", rows: [][]any{
		{"序号", "督办事项", "工作要求", "责任单位", "办理时限", "办理情况", "办结情况"},
		{1, "推进老旧小区改造", "年内完成改造120个小区", "住建局", "2024年11月底前", "已开工98个", "未办结"},
	}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲",
		"  S 表现甲",
		"    M 措施甲 | 财政局 | 审计局,税务局 | date 2024-06-30 | closed | 进展甲",
		"P 推进老旧小区改造",
		"  M 年内完成改造120个小区 | 住建局 |  | date 2024-11-30 |  | 已开工98个",
	})
	if m := l.Outline.Aspects[0].Children[0].Measures[0]; m.ResponsibleLeader != "张某" {
		t.Errorf("leader %q, want 张某 from 责任市领导", m.ResponsibleLeader)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0].Reason, "备注") {
		t.Errorf("warnings %+v: want one saying the 备注 is not imported", l.Warnings)
	}
}

// Rows that are no part of the ledger: an aspect heading alone in the
// 问题 column, the header repeated, a 合计 row, a note running on to a second
// line, the signatures and their date. Cells written 同上 or 〃 are as the
// row above; names spaced out (财 政 局) and 单位等 are the unit; 各有关单位
// names none (refused as the lead, left out with a warning among others).
// The 填报单位 is the ledger's unit, the 填报日期 its date.
func TestReadLedgerRowsBesideTheTable(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{
		{"某局巡视整改台账"},
		{"填报单位：某局    填报日期：2024年9月15日"},
		{"序号", "反馈问题", "整改措施", "责任单位", "配合单位", "责任领导", "完成时限"},
		{nil, "一、党的政治建设方面", nil, nil, nil, nil, nil},
		{1, "问题甲", "措施甲", "办公室", "审计科等、财 政 科、各有关单位", "张某", "2024年6月底前"},
		{"序号", "反馈问题", "整改措施", "责任单位", "配合单位", "责任领导", "完成时限"},
		{2, "问题乙", "措施乙", "同上", "同上", "〃", "同上"},
		{"合计", "2个问题", "2项措施", nil, nil, nil, nil},
		{nil, "注：1.进展截至9月底；", nil, nil, nil, nil, nil},
		{nil, "2.已销号问题不再更新。", nil, nil, nil, nil, nil},
		{nil, nil, nil, "单位负责人：王某", nil, nil, "填表人：赵某"},
		{nil, nil, nil, nil, nil, nil, "2024年9月30日"},
	}})
	l := mustReadLedger(t, b)
	diffLines(t, dump(l.Outline), []string{
		"A 党的政治建设方面",
		"  P 问题甲",
		"    M 措施甲 | 办公室 | 审计科,财政科 | date 2024-06-30 |  | ",
		"  P 问题乙",
		"    M 措施乙 | 办公室 | 审计科,财政科 | date 2024-06-30 |  | ",
	})
	if m := l.Outline.Aspects[0].Children[1].Measures[0]; m.ResponsibleLeader != "张某" {
		t.Errorf("leader %q, want 张某 from 〃", m.ResponsibleLeader)
	}
	if meta := l.Outline.Meta; meta.Unit != "某局" || meta.AsOf.String() != "2024-09-15" {
		t.Errorf("meta unit %q as of %s, want 某局 and 2024-09-15 from the 填报 line", meta.Unit, meta.AsOf)
	}
	if len(l.Warnings) != 2 || !strings.Contains(l.Warnings[0].Reason, "各有关单位") {
		t.Errorf("warnings %+v: want 各有关单位 left out of rows 5 and 7", l.Warnings)
	}

	b = mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"序号", "反馈问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "措施甲", "各有关单位", "2024年6月底前"},
		{2, "问题乙", "措施乙", "同上", "2024年6月底前"},
	}})
	_, errs := mustRead(t, b)
	if len(errs) != 2 || !strings.Contains(errs[0].Reason, "不是具体单位") {
		t.Errorf("errors %+v: want 各有关单位 refused as the lead on rows 2 and 3", errs)
	}
}

// mustReadLedger reads a workbook as Read does, for its warnings, and fails
// the test on any cell error.
func mustReadLedger(t *testing.T, b *bytes.Buffer) *Ledger {
	t.Helper()
	l, err := Read(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Errors {
		t.Errorf("unexpected cell error: %+v", e)
	}
	return l
}
