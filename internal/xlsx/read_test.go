package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

var simpleHeader = []any{"序号", "方面", "问题", "整改措施", "责任单位", "配合单位", "责任领导", "责任人", "完成时限", "整改进展", "是否销号", "备注"}

func TestReadLedgerSimple(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		simpleHeader,
		{1, "一、党的领导方面", "1.科技创新投入不足", "1.加大科技投入", "省科技厅、省财政厅", "延安市", "王副厅长", "李四", "2021-12-31", "已完成", "是", "年度重点"},
		{2, nil, nil, "2.完善考核办法\n将投入纳入考核", "省科技厅", "省财政厅，延安市；省科技厅", nil, nil, time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), "正在推进", "否"},
		{},
		{3, nil, "2.成果转化不力", "建立转化平台", "省科技厅", nil, nil, nil, "2022/3/31", nil, nil},
		{4, "二、作风建设方面", "会议文件过多", "精简会议", "办公室", nil, nil, nil, "立行立改"},
	}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 党的领导方面",
		"  P 科技创新投入不足",
		"    M 加大科技投入 | 省科技厅 | 省财政厅,延安市 | date 2021-12-31 | closed | 已完成",
		"    M 完善考核办法 / 将投入纳入考核 | 省科技厅 | 省财政厅,延安市 | date 2022-06-30 |  | 正在推进",
		"  P 成果转化不力",
		"    M 建立转化平台 | 省科技厅 |  | date 2022-03-31 |  | ",
		"A 作风建设方面",
		"  P 会议文件过多",
		"    M 精简会议 | 办公室 |  | immediate  |  | ",
	})
	m := o.Aspects[0].Children[0].Measures[0]
	if m.ResponsibleLeader != "王副厅长" || m.ResponsiblePerson != "李四" || m.Note != "年度重点" || m.DeadlineText != "2021-12-31" {
		t.Errorf("measure = %+v, want leader, person, note and deadline text read", m)
	}
}

// TestReadLedgerGrouped reads a ledger as offices send it: a title row, a
// 截至 row, a two-row grouped header, merged aspect, problem and specific
// problem cells, and deadlines in every form.
func TestReadLedgerGrouped(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{
		{"中共陕西省委科技工委关于十三届省委第十一轮巡视反馈意见整改落实台账（截至2022年9月30日）"},
		{"填报单位：省委科技工委办公室", nil, nil, nil, nil, nil, nil, nil, "截至2022年9月29日"},
		{"序号", "巡视反馈问题", nil, nil, "整改责任清单", nil, nil, nil, "完成时限", "整改情况", nil, "备注"},
		{nil, "巡视反馈重点方面", "巡视反馈重点内容", "巡视反馈具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", nil, "整改进展", "是否销号"},
		{1, "一、党的领导方面", "（一）学习贯彻不够深入", "1.理论学习流于形式", "1.健全理论学习制度", "张三", "省科技厅", nil, "2021年12月31日前"},
		{2, nil, nil, nil, "2.开展专题读书班", "张三", "省科技厅", nil, "2021年12月底"},
		{3, nil, nil, "2.调查研究不深入", "开展蹲点调研", "张三", "省科技厅、省财政厅", "延安市", "2022.6"},
		{4, nil, "（二）落实决策部署有差距", "1.督查督办不严", "建立督办台账", "李四", "办公室", nil, "2022年上半年"},
		{5, nil, nil, "2.配套政策滞后", "出台配套政策", "李四", "政策法规处", nil, "立行立改并长期坚持"},
		{6, "二、全面从严治党方面", "（一）主体责任落实不到位", "1.责任清单不细", "细化责任清单", "王五", "机关党委", nil, "2022年底"},
		{7, nil, nil, nil, "开展廉政谈话", "王五", "机关党委", nil, "2022年第一季度"},
		{8, nil, nil, nil, "修订考核办法", "王五", "人事处", nil, "２０２２年６月底前"},
		{9, nil, "（二）监督执纪偏软", "1.问责不严", "严格执纪问责", "王五", "机关纪委", nil, "立行立改"},
		{10, nil, nil, nil, "建立长效机制", "王五", "机关纪委", nil, "2021年12月31日前完成，长期坚持", "已建立", "是"},
		{11, nil, nil, nil, "定期通报典型案例", "王五", "机关纪委", nil, "长期坚持"},
	}, merges: [][2]string{
		{"A1", "L1"}, {"A3", "A4"}, {"B3", "D3"}, {"E3", "H3"}, {"I3", "I4"}, {"J3", "K3"}, {"L3", "L4"},
		{"B5", "B9"}, {"C5", "C7"}, {"D5", "D6"}, {"C8", "C9"},
		{"B10", "B15"}, {"C10", "C12"}, {"D10", "D12"}, {"C13", "C15"},
	}})
	o := mustReadClean(t, b)
	if o.Meta.Title != "中共陕西省委科技工委关于十三届省委第十一轮巡视反馈意见整改落实台账" {
		t.Errorf("title = %q", o.Meta.Title)
	}
	if o.Meta.AsOf != duban.MustDate("2022-09-30") { // the title's, the first one given
		t.Errorf("as of = %s, want 2022-09-30", o.Meta.AsOf)
	}
	diffLines(t, dump(o), []string{
		"A 党的领导方面",
		"  P 学习贯彻不够深入",
		"    S 理论学习流于形式",
		"      M 健全理论学习制度 | 省科技厅 |  | date 2021-12-31 |  | ",
		"      M 开展专题读书班 | 省科技厅 |  | date 2021-12-31 |  | ",
		"    S 调查研究不深入",
		"      M 开展蹲点调研 | 省科技厅 | 省财政厅,延安市 | date 2022-06-30 |  | ",
		"  P 落实决策部署有差距",
		"    S 督查督办不严",
		"      M 建立督办台账 | 办公室 |  | date 2022-06-30 |  | ",
		"    S 配套政策滞后",
		"      M 出台配套政策 | 政策法规处 |  | long_term  |  | ",
		"A 全面从严治党方面",
		"  P 主体责任落实不到位",
		"    S 责任清单不细",
		"      M 细化责任清单 | 机关党委 |  | date 2022-12-31 |  | ",
		"      M 开展廉政谈话 | 机关党委 |  | date 2022-03-31 |  | ",
		"      M 修订考核办法 | 人事处 |  | date 2022-06-30 |  | ",
		"  P 监督执纪偏软",
		"    S 问责不严",
		"      M 严格执纪问责 | 机关纪委 |  | immediate  |  | ",
		"      M 建立长效机制 | 机关纪委 |  | long_term 2021-12-31 | closed | 已建立",
		"      M 定期通报典型案例 | 机关纪委 |  | long_term  |  | ",
	})
	if m := o.Aspects[0].Children[0].Children[0].Measures[0]; m.ResponsibleLeader != "张三" {
		t.Errorf("leader = %q, want 张三", m.ResponsibleLeader)
	}
}

// TestReadLedgerSheets reads a 三张清单 workbook: a notes sheet and a problem
// list without measures are ignored; the measure list is read.
func TestReadLedgerSheets(t *testing.T) {
	b := mustBook(t,
		sheetSpec{name: "填表说明", rows: [][]any{{"填表说明："}, {"1. 完成时限写作 2021年12月31日。"}}},
		sheetSpec{name: "问题清单", rows: [][]any{
			{"序号", "方面", "问题"},
			{1, "党的领导方面", "科技创新投入不足"},
		}},
		sheetSpec{name: "任务清单", rows: [][]any{
			{"序号", "问题类别", "具体问题", "整改举措", "整改目标", "责任部门", "配合处室", "整改时限"},
			{1, "党的领导方面", "科技创新投入不足", "加大投入", "投入增长10%", "规划处", "财务处", "2021年12月"},
			{2, "作风建设方面", "文山会海", "精简文件", "", "办公室", "", "2022年第二季度"},
		}},
	)
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 党的领导方面",
		"  P 科技创新投入不足",
		"    M 加大投入 | 规划处 | 财务处 | date 2021-12-31 |  | ",
		"A 作风建设方面",
		"  P 文山会海",
		"    M 精简文件 | 办公室 |  | date 2022-06-30 |  | ",
	})
	if got := o.Aspects[0].Children[0].Measures[0].Target; got != "投入增长10%" {
		t.Errorf("target = %q, want 投入增长10%%", got)
	}
}

func TestReadLedgerNoHeader(t *testing.T) {
	b := mustBook(t,
		sheetSpec{name: "说明", rows: [][]any{{"这是一份说明"}}},
		sheetSpec{name: "问题清单", rows: [][]any{{"序号", "方面", "问题"}, {1, "党的领导方面", "投入不足"}}},
	)
	_, errs := mustRead(t, b)
	if len(errs) != 2 || errs[0].Sheet != "说明" || errs[1].Sheet != "问题清单" || errs[0].Row != 0 ||
		!strings.Contains(errs[1].Reason, "未找到台账表头") {
		t.Errorf("errors = %+v, want one per sheet saying no header was found", errs)
	}
}

// A ledger of its header only (a template sent back unfilled, rows put on
// another sheet) is refused, naming the header row: imported it
// made a plan with nothing in it.
func TestReadLedgerHeaderOnly(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "整改台账", rows: [][]any{{"某局巡察整改台账"}, {"序号", "问题", "整改措施", "责任单位", "完成时限"}}})
	_, errs := mustRead(t, b)
	if len(errs) != 1 || errs[0].Sheet != "整改台账" || errs[0].Row != 2 || !strings.Contains(errs[0].Reason, "表头之下没有整改举措") {
		t.Errorf("errors = %+v, want one on the header (row 2): no measures under it", errs)
	}
}

// TestReadLedgerBadCells checks that every bad cell is reported with its
// sheet, row, column and reason.
func TestReadLedgerBadCells(t *testing.T) {
	b := mustBook(t,
		sheetSpec{name: "说明", rows: [][]any{{"说明"}}},
		sheetSpec{name: "台账", rows: [][]any{
			{"某单位整改台账"},
			{"序号", "方面", "问题", "整改措施", "牵头单位", "配合单位", "整改时限", "整改进展"},
			{1, "党的领导方面", "投入不足", "加大投入", "省科技厅", nil, "下个月吧"},
			{2, nil, nil, "完善考核", nil, nil, "2021年12月底"},
			{3, nil, nil, nil, "省财政厅", nil, "2021-12-31"},
			{4, nil, nil, nil, nil, nil, "2021年2月30日", "已开展"},
			{5, nil, nil, "建立平台", "省科技厅", nil, nil},
			{6, nil, nil, "正常的举措", "省科技厅", nil, "立行立改"},
			{},
			{nil, "填表人：张三", "审核人：李四", nil, "联系电话：12345678"},
		}},
	)
	o, errs := mustRead(t, b)
	want := []struct {
		row    int
		column string
		reason string
	}{
		{3, "G（整改时限）", "无法识别的完成时限“下个月吧”"},
		{4, "E（牵头单位）", "缺少责任单位（牵头单位）"},
		{5, "D（整改措施）", "缺少整改措施"},
		{6, "D（整改措施）", "缺少整改措施"},
		{6, "E（牵头单位）", "缺少责任单位（牵头单位）"},
		{6, "G（整改时限）", "日期“2021年2月30日”不存在"},
		{7, "G（整改时限）", "缺少完成时限"},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d: %+v", len(errs), len(want), errs)
	}
	for i, w := range want {
		e := errs[i]
		if e.Sheet != "台账" || e.Row != w.row || e.Column != w.column || !strings.Contains(e.Reason, w.reason) {
			t.Errorf("error %d = %+v, want 台账 row %d %s %q", i, e, w.row, w.column, w.reason)
		}
	}
	if _, _, _, n := o.Counts(); n != 1 {
		t.Errorf("outline has %d measures, want only the good one", n)
	}
}

func TestReadLedgerMissingColumns(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"序号", "问题", "整改措施", "责任领导", "整改进展"},
		{1, "投入不足", "加大投入", "张三", "推进中"},
	}})
	_, errs := mustRead(t, b)
	if len(errs) != 2 || errs[0].Row != 1 || !strings.Contains(errs[0].Reason, "没有“责任单位”列") ||
		!strings.Contains(errs[1].Reason, "没有“完成时限”列") {
		t.Errorf("errors = %+v, want the missing 责任单位 and 完成时限 columns", errs)
	}
}

// TestReadLedgerHeadings reads a ledger without an aspect column in which
// each aspect is a heading row merged across the table.
func TestReadLedgerHeadings(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{"一、党的领导方面"},
		{1, "（一）投入不足", "加大投入", "省科技厅", "2021年12月底前"},
		{"二、作风建设方面"},
		{2, "（一）文山会海", "精简文件", "办公室", "长期坚持"},
	}, merges: [][2]string{{"A2", "E2"}, {"A4", "E4"}}})
	o := mustReadClean(t, b)
	diffLines(t, dump(o), []string{
		"A 党的领导方面",
		"  P 投入不足",
		"    M 加大投入 | 省科技厅 |  | date 2021-12-31 |  | ",
		"A 作风建设方面",
		"  P 文山会海",
		"    M 精简文件 | 办公室 |  | long_term  |  | ",
	})
}

// TestReadLedgerSupervisionGrid reads a grid with a 长期坚持 是/否 column
// and no aspect column, titled with an alias ("任务清单"): its problems stand
// at the top, with no aspect made up; the 完成率 column is not imported and
// is listed as a warning.
func TestReadLedgerSupervisionGrid(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "督办事项", rows: [][]any{
		{"巡视整改任务清单"},
		{"事项名称", "具体问题", "整改目标", "牵头领导", "责任处室", "整改措施", "配合处室", "完成时限", "完成率", "长期坚持"},
		{"科技投入", "研发投入强度偏低", "投入强度达到2.5%", "张三", "规划处", "加大投入", "财务处、规划处", "2022年6月", "50%", "是"},
		{nil, "投入结构不合理", nil, "张三", "规划处", "优化结构", nil, nil, nil, "是"},
		{nil, nil, nil, "张三", "规划处", "制定办法", nil, "2022年3月", nil, "否"},
	}, merges: [][2]string{{"A1", "J1"}, {"A3", "A5"}}})
	o := mustReadClean(t, b)
	if o.Meta.Title != "巡视整改任务清单" {
		t.Errorf("title = %q, want 巡视整改任务清单", o.Meta.Title)
	}
	diffLines(t, dump(o), []string{
		"P 科技投入",
		"  S 研发投入强度偏低",
		"    M 加大投入 | 规划处 | 财务处 | long_term 2022-06-30 |  | ",
		"  S 投入结构不合理",
		"    M 优化结构 | 规划处 |  | long_term  |  | ",
		"    M 制定办法 | 规划处 |  | date 2022-03-31 |  | ",
	})
}

func TestReadLedgerNotAWorkbook(t *testing.T) {
	_, _, err := ReadLedger(bytes.NewReader([]byte("序号,问题\n1,投入不足\n")))
	if duban.ErrorCode(err) != duban.Invalid {
		t.Fatalf("err = %v, want an Invalid error", err)
	}
}
