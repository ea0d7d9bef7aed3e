package xlsx

import (
	"strings"
	"testing"

	"duban/internal/duban"
)

// A ledger as a county office keeps it: a two-row header whose problem
// column is headed 整改问题, 是否销号 and 整改进展 filled in, and columns the
// reader does not know (佐证材料目录, 完成率), which are listed as warnings.
func TestReadLedgerStateAndWarnings(t *testing.T) {
	b := mustBook(t, sheetSpec{name: "台账", rows: [][]any{
		{"县委第二轮巡察反馈问题整改台账"},
		{"序号", "整改问题", "整改措施", "责任单位", "完成时限", "整改进展", "是否销号", "佐证材料目录", "完成率"},
		{1, "一、理论学习流于形式", "1.制定学习计划", "办公室", "2023年6月底", "已印发年度学习计划", "是", "计划文件", "100%"},
		{2, nil, "2.开展专题研讨", "办公室", "2023年9月底", "已开展两次", "否", nil, "60%"},
		{3, "二、项目资金监管不严", "开展资金专项检查", "财务股", "长期坚持", nil, "是", nil, nil},
	}, merges: [][2]string{{"A1", "I1"}, {"B3", "B4"}}})
	l, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) != 0 {
		t.Fatalf("errors %+v", l.Errors)
	}
	diffLines(t, dump(l.Outline), []string{
		"P 理论学习流于形式",
		"  M 制定学习计划 | 办公室 |  | date 2023-06-30 | closed | 已印发年度学习计划",
		"  M 开展专题研讨 | 办公室 |  | date 2023-09-30 |  | 已开展两次",
		"P 项目资金监管不严",
		"  M 开展资金专项检查 | 财务股 |  | long_term  | closed | ",
	})
	var cols []string
	for _, w := range l.Warnings {
		cols = append(cols, w.Column)
		if w.Sheet != "台账" || !strings.Contains(w.Reason, "不会导入") {
			t.Errorf("warning %+v", w)
		}
	}
	if strings.Join(cols, ";") != "H（佐证材料目录）;I（完成率）" {
		t.Errorf("warnings name columns %q, want H（佐证材料目录） and I（完成率）", cols)
	}
}

// Every synonym of the problem column real ledgers use is recognised.
func TestProblemColumnSynonyms(t *testing.T) {
	for _, label := range []string{"整改问题", "问题名称", "存在的问题", "反馈问题内容", "巡察发现问题", "审计查出问题", "督查发现问题", "巡视反馈意见", "问题描述", "存在问题"} {
		if f := matchHeader(label); f != fieldProblem {
			t.Errorf("matchHeader(%q) = %v, want the problem column", label, f)
		}
	}
	for _, label := range []string{"整改进展情况", "目前进展", "推进情况"} {
		if f := matchHeader(label); f != fieldProgress {
			t.Errorf("matchHeader(%q) = %v, want the progress column", label, f)
		}
	}
	// A review's labels of 主题教育 检视 lists, county ledgers and audit
	// rectification: their columns were passed over, and with them the
	// problems, aspects, leaders, done flags; or the file was refused.
	for want, labels := range map[field][]string{
		fieldProblem:   {"检视问题", "查摆问题", "检视出的问题", "查找问题", "发现的问题", "审计查出的问题", "问题概述"},
		fieldAspect:    {"整改方面", "所属方面", "问题所属方面", "问题领域"},
		fieldLeader:    {"包保领导", "领衔领导"},
		fieldCoopUnits: {"协办部门", "协同部门", "参与部门"},
		fieldProgress:  {"整改完成情况及佐证"},
		fieldDeadline:  {"办结期限", "完成节点"},
		fieldLeadUnit:  {"责任股（室）"},
		fieldMeasure:   {"整改思路及措施", "针对性措施"},
		fieldClosed:    {"是否已完成整改", "是否已整改", "完成与否", "整改完成与否", "是否已办结", "是否整改"},
	} {
		for _, label := range labels {
			if f := matchHeader(label); f != want {
				t.Errorf("matchHeader(%q) = %v, want %v (%s)", label, f, want, fieldNames[want])
			}
		}
	}
}

// TestReadLedgerReviewColumns: what a review of real ledgers found. A
// 整改状态 column beside 是否销号 took the sign-off's place (已完成 read as
// closed, 是否销号 dropped): 销号 decides, the state is progress. A list of
// tasks or supervised matters (重点任务 | 牵头单位 | 完成时限, 督办事项 |
// 承办单位 | 办理时限) was refused for want of a measure column: each row is
// one. Labels clerks write for the measure, the lead unit, the deadline,
// the progress and the person (整改事项, 负责部门, 截止日期, 最新进展,
// 责任人及联系方式) were not known, and the ledger refused.
func TestReadLedgerReviewColumns(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]any
		want []string
	}{
		{"整改状态 beside 是否销号", [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限", "整改状态", "是否销号", "整改进展"},
			{1, "问题甲", "措施甲", "办公室", "2024年6月底前", "已完成", "否", "进展甲"}, {2, "问题乙", "措施乙", "办公室", "2024年6月底前", "正在推进", "是", nil}},
			[]string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | 整改状态：已完成\n整改进展：进展甲", "P 问题乙", "  M 措施乙 | 办公室 |  | date 2024-06-30 | closed | 正在推进"}},
		{"是否销号 before 是否完成", [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限", "是否销号", "是否完成"},
			{1, "问题甲", "措施甲", "办公室", "2024年6月底前", "否", "是"}},
			[]string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | 已完成"}},
		{"重点任务", [][]any{{"序号", "重点任务", "牵头单位", "配合单位", "完成时限"}, {1, "任务甲", "财政局", "审计局", "2024年6月底前"}},
			[]string{"A 台账", "  M 任务甲 | 财政局 | 审计局 | date 2024-06-30 |  | "}},
		{"督办事项", [][]any{{"序号", "督办事项", "承办单位", "协办单位", "办理时限", "办理进展", "办结情况"}, {1, "事项甲", "财政局", "审计局", "2024年6月底前", "进展甲", "已办结"}},
			[]string{"A 台账", "  M 事项甲 | 财政局 | 审计局 | date 2024-06-30 | closed | 进展甲"}},
		{"进展 under a group of 时限 and 完成情况", [][]any{{"序号", "整改问题", "整改措施", "责任单位", "整改时限及完成情况", nil}, {nil, nil, nil, nil, "时限", "进展"},
			{1, "问题甲", "措施甲", "办公室", "2024年6月底前", "已完成一半"}},
			[]string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | 已完成一半"}},
		{"other labels", [][]any{{"序号", "问题", "整改事项", "负责部门", "截止日期", "最新进展", "责任人及联系方式"}, {1, "问题甲", "事项甲", "财政局", "2024年6月底前", "进展甲", "张三 13800000000"}},
			[]string{"P 问题甲", "  M 事项甲 | 财政局 |  | date 2024-06-30 |  | 进展甲"}},
	} {
		l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: tc.rows}))
		t.Run(tc.name, func(t *testing.T) { diffLines(t, dump(l.Outline), tc.want) })
	}
}

// TestReadLedgerHiddenColumn: an old 责任单位 column hidden in Excel beside
// the 牵头单位 in use was read as the lead (the one shown pushed to the
// cooperating units), silently; it is left out, said so. A hidden column
// that is the only one of its field is read.
func TestReadLedgerHiddenColumn(t *testing.T) {
	rows := [][]any{{"序号", "整改问题", "整改措施", "责任单位", "牵头单位", "完成时限"}, {1, "问题甲", "措施甲", "（旧）综合科", "办公室", "2024年6月底前"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows, cols: []string{"D"}}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | "})
	if len(l.Warnings) != 1 || !strings.HasPrefix(l.Warnings[0].Column, "D") || !strings.Contains(l.Warnings[0].Reason, "已隐藏") {
		t.Errorf("warnings %+v; want one saying column D is hidden and not read", l.Warnings)
	}
	l = mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限"}, {1, "问题甲", "措施甲", "办公室", "2024年6月底前"}}, cols: []string{"D"}}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | "})
}

// TestSplitUnitsAsClerksWrite: one 责任单位 cell naming the lead and the
// others as clerks write it: labelled 主责单位：… 协同单位：… (the 协同 units
// were dropped), roles after a space (市工信局 牵头 read 牵头 and 配合 as
// units), a share of the work after the last name (…按职责分工负责 kept in
// the name).
func TestSplitUnitsAsClerksWrite(t *testing.T) {
	for _, tc := range []struct{ cell, want string }{
		{"主责单位：市大数据局\n协同单位：市财政局、市网信办", "市大数据局 | 市财政局,市网信办"},
		{"市工信局 牵头\n市大数据局 配合", "市工信局 | 市大数据局"},
		{"市大数据局 配合、市工信局 牵头", "市工信局 | 市大数据局"},
		{"市发改委、市工信局按职责分工负责", "市发改委 | 市工信局"},
		// 负责 and 由…负责 after one name (the name was 县生态环境分局负责).
		{"县生态环境分局负责", "县生态环境分局 | "},
		{"由县财政局负责", "县财政局 | "},
		{"县审计局配合，县财政局牵头负责", "县财政局 | 县审计局"},
		{"由县财政局负责牵头，县审计局配合", "县财政局 | 县审计局"},
	} {
		lead, coop := splitUnits(tc.cell, "")
		if got := lead + " | " + strings.Join(coop, ","); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.cell, got, tc.want)
		}
	}
}

// TestReadLedgerProgressAndState: 整改进展 | 完成情况 with no 是否销号: the
// 完成情况 column is the state (已完成 closes the measure, as 整改状态
// does); both were gathered as progress and nothing was closed, in a
// ledger and in a notice's table alike.
func TestReadLedgerProgressAndState(t *testing.T) {
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限", "整改进展", "完成情况"},
		{1, "问题甲", "措施甲", "办公室", "2024年6月底前", "已印发制度", "已完成"}, {2, "问题乙", "措施乙", "办公室", "2024年6月底前", "已起草", "正在推进"}}}))
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 | closed | 完成情况：已完成\n整改进展：已印发制度",
		"P 问题乙", "  M 措施乙 | 办公室 |  | date 2024-06-30 |  | 完成情况：正在推进\n整改进展：已起草"})
}

// TestReadLedgerReviewOfTheNewRules: what a review of this session's rules
// found them misreading, each read as before them or better: 整改事项 or 主要
// 任务 beside 整改措施 or 具体措施 names the problem (the measures were
// replaced by it); a hidden 责任单位 beside a shown 配合单位 is the only lead
// column and is read; sheets named 巡察整改台账 or 主体责任清单 are no aspects;
// roles after a space with 参与, and a duty phrase alone, are no units.
func TestReadLedgerReviewOfTheNewRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sheet sheetSpec
		want  []string
	}{
		{"整改事项 | 整改措施", sheetSpec{name: "台账", rows: [][]any{{"序号", "整改事项", "整改措施", "责任单位", "完成时限"}, {1, "选任程序不规范", "修订工作细则", "组织科", "2024年6月30日"}}},
			[]string{"P 选任程序不规范", "  M 修订工作细则 | 组织科 |  | date 2024-06-30 |  | "}},
		{"主要任务 | 具体措施", sheetSpec{name: "台账", rows: [][]any{{"序号", "主要任务", "具体措施", "牵头单位", "完成时限"}, {1, "加强理论武装", "制定年度学习计划", "办公室", "2024年3月31日"}}},
			[]string{"P 加强理论武装", "  M 制定年度学习计划 | 办公室 |  | date 2024-03-31 |  | "}},
		{"hidden lead beside a shown cooperating column", sheetSpec{name: "台账", rows: [][]any{{"序号", "问题", "整改措施", "责任单位", "配合单位", "完成时限"}, {1, "问题一", "措施一", "办公室", "财务科", "2024年6月30日"}}, cols: []string{"D"}},
			[]string{"P 问题一", "  M 措施一 | 办公室 | 财务科 | date 2024-06-30 |  | "}},
		{"roles and duties", sheetSpec{name: "台账", rows: [][]any{{"序号", "问题", "整改措施", "责任单位", "完成时限"},
			{1, "问题一", "措施一", "市委组织部 牵头，市委宣传部 参与", "2024年6月30日"}, {2, "问题二", "措施二", "市教育局 市人社局 按职责分工负责", "2024年6月30日"}}},
			[]string{"P 问题一", "  M 措施一 | 市委组织部 | 市委宣传部 | date 2024-06-30 |  | ", "P 问题二", "  M 措施二 | 市教育局 | 市人社局 | date 2024-06-30 |  | "}},
	} {
		l := mustReadLedger(t, mustBook(t, tc.sheet))
		t.Run(tc.name, func(t *testing.T) { diffLines(t, dump(l.Outline), tc.want) })
	}
	header := []any{"序号", "问题", "整改措施", "责任单位", "完成时限"}
	b := mustBook(t, sheetSpec{name: "巡察整改台账", rows: [][]any{header, {1, "问题一", "措施一", "办公室", "长期坚持"}}},
		sheetSpec{name: "主体责任清单", rows: [][]any{header, {1, "问题二", "措施二", "办公室", "长期坚持"}}})
	diffLines(t, dump(mustReadClean(t, b)), []string{"P 问题一", "  M 措施一 | 办公室 |  | long_term  |  | ", "P 问题二", "  M 措施二 | 办公室 |  | long_term  |  | "})
}

// TestReadLedgerLeaderAndPerson: one column for the leader and the person
// in charge (责任领导及责任人) gave both names to the leader; a cell of two
// names is cut into the two. One name, or a separate 责任人 column, leaves
// the cell as it was.
func TestReadLedgerLeaderAndPerson(t *testing.T) {
	for _, tc := range []struct{ label, cell, leader, person string }{
		{"责任领导及责任人", "王局长/张三", "王局长", "张三"},
		{"责任领导/责任人", "王明、李强/张三", "王明、李强", "张三"},
		{"责任领导和责任人", "王明、张三", "王明", "张三"},
		{"责任领导及责任人", "王明（分管副局长）张三", "王明（分管副局长）", "张三"},
		{"责任领导及责任人", "王明（分管副局长）", "王明（分管副局长）", ""},
		{"责任领导", "王明、张三", "王明、张三", ""},
		// Not two people, or the second a leader too: as written.
		{"责任领导及责任人", "副县长 王明", "副县长 王明", ""},
		{"责任领导及责任人", "张局长、李副局长", "张局长、李副局长", ""},
		{"责任领导及责任人", "县教育局 张三", "县教育局 张三", ""},
		{"责任领导及责任人", "王明\n（分管副局长）", "王明\n（分管副局长）", ""},
	} {
		rows := [][]any{{"序号", "整改问题", "整改措施", "责任单位", tc.label, "完成时限"}, {1, "问题甲", "措施甲", "办公室", tc.cell, "2024年6月底前"}}
		l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
		n := l.Outline.Aspects[0]
		for len(n.Measures) == 0 && len(n.Children) > 0 {
			n = n.Children[0]
		}
		m := n.Measures[0]
		if m.ResponsibleLeader != tc.leader || m.ResponsiblePerson != tc.person {
			t.Errorf("%s %q: leader %q person %q, want %q and %q", tc.label, tc.cell, m.ResponsibleLeader, m.ResponsiblePerson, tc.leader, tc.person)
		}
	}
}

// TestReadLedgerNearHeader: a sheet whose header comes near a ledger's
// (督办事项 | 承办单位 | 交办时间 | 办结时间, with no deadline) is refused
// naming the row, the columns it has and the one it lacks, not with the
// general rule alone; a sheet with nothing near keeps the rule.
func TestReadLedgerNearHeader(t *testing.T) {
	for _, tc := range []struct {
		rows [][]any
		want string
	}{
		{[][]any{{"某局督办事项台账"}, {"序号", "督办事项", "承办单位", "交办时间", "办结时间", "办理情况"}, {1, "事项甲", "财政局", "2024-03-01", "2024-05-01", "已办结"}},
			"未找到台账表头：第2行有“序号”“督办事项”“承办单位”“办理情况”列，缺少完成时限列"},
		{[][]any{{"序号", "存在问题", "责任单位", "备注"}, {1, "问题甲", "财政局", ""}},
			"未找到台账表头：第1行有“序号”“存在问题”“责任单位”“备注”列，缺少整改措施、完成时限列"},
		{[][]any{{"序号", "名称", "金额"}, {1, "甲", 3}}, "未找到台账表头：表头应有整改措施、责任单位、完成时限等列"},
	} {
		l, err := Read(mustBook(t, sheetSpec{name: "台账", rows: tc.rows}))
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Errors) != 1 || !strings.HasPrefix(l.Errors[0].Reason, tc.want) {
			t.Errorf("errors %+v, want one beginning %q", l.Errors, tc.want)
		}
	}
}

// TestReadLedgerHiddenRowError: a bad row hidden in Excel (an old line
// kept out of sight: （已合并至第2项） with no deadline) refuses the ledger
// as any bad row does, but the error says the row is hidden, so that the
// clerk can find it.
func TestReadLedgerHiddenRowError(t *testing.T) {
	rows := [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限"}, {1, "问题甲", "措施甲", "办公室", "2024年6月底前"},
		{2, "问题乙", "（已合并至第1项）", "办公室", nil}, {3, "问题丙", "措施丙", "办公室", nil}}
	l, err := Read(mustBook(t, sheetSpec{name: "台账", rows: rows, hide: []int{3}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) != 2 || l.Errors[0].Row != 3 || !strings.Contains(l.Errors[0].Reason, "该行在Excel中已隐藏") ||
		l.Errors[1].Row != 4 || strings.Contains(l.Errors[1].Reason, "隐藏") {
		t.Errorf("errors %+v; want row 3's saying it is hidden and row 4's not", l.Errors)
	}
}

// A state column's words for work not done (持续整改, 未完成) are kept with
// the progress (they were dropped); its 否 says nothing more.
func TestReadLedgerStateWordsKept(t *testing.T) {
	rows := [][]any{{"序号", "检视问题", "整改措施", "责任单位", "完成时限", "整改状态"},
		{1, "问题甲", "措施甲", "办公室", "2024年底", "持续整改"}, {2, "问题乙", "措施乙", "办公室", "2024年底", "已完成"},
		{3, "问题丙", "措施丙", "办公室", "2024年底", "否"},
		// Done written beside the deadline: done (the mark was passed over).
		{4, "问题丁", "措施丁", "办公室", "2024年6月底前（已完成）", nil}, {5, "问题戊", "措施戊", "办公室", "已完成（2024年3月）", nil},
		// A stage done, or progress saying the work goes on: open.
		{6, "问题己", "措施己", "办公室", "2023年12月（已完成）、2024年6月", nil}, {7, "问题庚", "措施庚", "办公室", "2024年6月底前（已完成）", "正在推进"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	diffLines(t, dump(l.Outline), []string{
		"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-12-31 |  | 整改状态：持续整改",
		"P 问题乙", "  M 措施乙 | 办公室 |  | date 2024-12-31 | closed | ",
		"P 问题丙", "  M 措施丙 | 办公室 |  | date 2024-12-31 |  | ",
		"P 问题丁", "  M 措施丁 | 办公室 |  | date 2024-06-30 | closed | 已完成",
		"P 问题戊", "  M 措施戊 | 办公室 |  | date 2024-03-31 | closed | 已完成",
		"P 问题己", "  M 措施己 | 办公室 |  | date 2024-06-30 |  | ",
		"P 问题庚", "  M 措施庚 | 办公室 |  | date 2024-06-30 |  | 整改状态：正在推进"})
}

// A banner row naming an aspect over rows whose 问题类别 column names
// others: the column's aspects are kept and the banner is said to be passed
// over (it went without a word); banners alone are the aspects, unwarned.
func TestReadLedgerBannerBesideAspectColumn(t *testing.T) {
	rows := [][]any{{"序号", "问题类别", "巡视反馈问题", "整改措施", "责任单位", "完成时限"},
		{"一、贯彻落实党中央决策部署方面"}, {1, "政治建设", "问题甲", "措施甲", "办公室", "2024年6月底前"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows, merges: [][2]string{{"A2", "F2"}}}))
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 2 || !strings.Contains(l.Warnings[0].Reason, "是跨行的方面标题") {
		t.Errorf("warnings %+v; want one on row 2 saying the banner is passed over", l.Warnings)
	}
	rows = [][]any{{"序号", "巡视反馈问题", "整改措施", "责任单位", "完成时限"},
		{"一、贯彻落实党中央决策部署方面"}, {1, "问题甲", "措施甲", "办公室", "2024年6月底前"}}
	l = mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows, merges: [][2]string{{"A2", "E2"}}}))
	if len(l.Warnings) != 0 || l.Outline.Aspects[0].Title != "贯彻落实党中央决策部署方面" {
		t.Errorf("banners alone: warnings %+v, aspect %q", l.Warnings, l.Outline.Aspects[0].Title)
	}
}

// Under a group of progress columns, the same amount under two labels (整改
// 金额 56.78 | 其中：追缴资金 56.78) is two figures (the second was dropped);
// the same words twice are said once.
func TestReadLedgerEqualAmountsKept(t *testing.T) {
	rows := [][]any{{"序号", "问题", "整改措施", "责任单位", "完成时限", "整改情况"},
		{nil, nil, nil, nil, nil, "已采取的整改措施", "整改金额（万元）", "其中：追缴资金"},
		{1, "问题一", "追回资金", "财务科", "2024年6月30日", "已追回", 56.78, 56.78},
		{2, "问题二", "追回资金", "财务科", "2024年6月30日", "已全部追回", "已追回", "已追回"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows,
		merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}, {"F1", "H1"}}}))
	var got []string
	for _, p := range l.Outline.Aspects {
		for _, m := range p.Measures {
			got = append(got, strings.ReplaceAll(m.Progress, "\n", " / "))
		}
	}
	want := []string{"已采取的整改措施：已追回 / 整改金额（万元）：56.78 / 其中追缴资金：56.78", "已采取的整改措施：已全部追回 / 整改金额（万元）：已追回"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("progress:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Good rows hidden in Excel (a filter left on) are read, and a warning says
// which: they went in without a word.
func TestReadLedgerHiddenRowsWarned(t *testing.T) {
	rows := [][]any{{"序号", "整改问题", "整改措施", "责任单位", "完成时限"}, {1, "问题甲", "措施甲", "办公室", "2024年6月底前"},
		{2, "问题乙", "措施乙", "办公室", "2024年6月底前"}, {3, "问题丙", "措施丙", "办公室", "2024年6月底前"}, {4, "问题丁", "措施丁", "办公室", "2024年6月底前"}}
	l, err := Read(mustBook(t, sheetSpec{name: "台账", rows: rows, hide: []int{3, 5}}))
	if err != nil || len(l.Errors) != 0 {
		t.Fatal(err, l.Errors)
	}
	if _, _, _, n := l.Outline.Counts(); n != 4 {
		t.Errorf("measures %d, want all 4", n)
	}
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 3 || !strings.Contains(l.Warnings[0].Reason, "第3、5行在Excel中已隐藏，其中的举措仍已导入") {
		t.Errorf("warnings %+v; want one naming rows 3 and 5", l.Warnings)
	}
}

// TestReadLedgerYearlessAfterFeedback: a ledger that gives the feedback's
// date above its header (反馈时间：2024年7月15日) reads a deadline without
// its year (6月底前) after it, the next June, as a notice does; it was read
// in the title's year, before the feedback.
func TestReadLedgerYearlessAfterFeedback(t *testing.T) {
	rows := [][]any{{"某局巡察整改台账"}, {"反馈时间：2024年7月15日"}, {"序号", "整改问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "措施甲", "办公室", "6月底前"}, {2, "问题甲", "措施乙", "办公室", "12月底前"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2025-06-30 |  | ", "  M 措施乙 | 办公室 |  | date 2024-12-31 |  | "})
	if got := l.Outline.Meta.FeedbackDate.String(); got != "2024-07-15" {
		t.Errorf("feedback %s, want 2024-07-15", got)
	}
	if len(l.Warnings) != 2 || !strings.Contains(l.Warnings[0].Reason, "在反馈日期2024年7月15日之后，读作2025年6月30日") {
		t.Errorf("warnings %+v", l.Warnings)
	}
}

// TestReadLedgerDoneDates: a date under 销号时间 marks the measure done, as
// 是 under 是否销号 does (the column was passed over with a warning); 实际
// 完成时间 is said with the progress, not taken for a second deadline beside
// 计划完成时间 (a date there beside 未完成 must not close the measure).
func TestReadLedgerDoneDates(t *testing.T) {
	rows := [][]any{{"序号", "整改问题", "整改措施", "责任单位", "计划完成时间", "销号时间"},
		{1, "问题甲", "措施甲", "办公室", "2024-06-30", "2024-05-20"}, {2, "问题甲", "措施乙", "办公室", "2024-09-30", nil}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 | closed | ", "  M 措施乙 | 办公室 |  | date 2024-09-30 |  | "})
	if len(l.Warnings) != 0 {
		t.Errorf("销号时间: warnings %+v", l.Warnings)
	}
	rows = [][]any{{"序号", "整改问题", "整改措施", "责任单位", "计划完成时间", "整改进展", "实际完成时间"},
		{1, "问题甲", "措施甲", "办公室", "2024-06-30", "未完成，正在起草", "2025-03-31"}}
	l = mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2024-06-30 |  | 整改进展：未完成，正在起草\n实际完成时间：2025-03-31"})
	if len(l.Warnings) != 0 {
		t.Errorf("实际完成时间: warnings %+v", l.Warnings)
	}
}

// TestReadLedgerSheetPerUnit: a workbook of one sheet per unit (财政局,
// 审计局) without a 责任单位 column, or one sheet under 填报单位：…, gives
// its measures that unit, with a warning; it was refused for want of the
// column. A sheet named otherwise (Sheet1, 整改台账) still is.
func TestReadLedgerSheetPerUnit(t *testing.T) {
	rows := func(m string) [][]any {
		return [][]any{{"序号", "存在问题", "整改措施", "完成时限"}, {1, "问题甲", m, "2024年6月底前"}}
	}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "县财政局", rows: rows("措施甲")}, sheetSpec{name: "县审计局", rows: rows("措施乙")}))
	var got []string
	l.Outline.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		got = append(got, m.Title+" "+m.LeadUnit)
		return true
	})
	if strings.Join(got, "|") != "措施甲 县财政局|措施乙 县审计局" || len(l.Warnings) != 2 || !strings.Contains(l.Warnings[0].Reason, "取“县财政局”（工作表名）") {
		t.Errorf("sheets per unit: %v, warnings %+v", got, l.Warnings)
	}
	l = mustReadLedger(t, mustBook(t, sheetSpec{name: "Sheet1", rows: append([][]any{{"填报单位：县财政局"}}, rows("措施甲")...)}))
	if m := l.Outline.Aspects[0].Measures; len(m) != 1 || m[0].LeadUnit != "县财政局" {
		t.Errorf("填报单位: %+v", l.Outline.Aspects[0])
	}
	for _, name := range []string{"Sheet1", "整改台账"} {
		l, err := Read(mustBook(t, sheetSpec{name: name, rows: rows("措施甲")}))
		if err != nil || len(l.Errors) != 1 || !strings.Contains(l.Errors[0].Reason, "表头中没有“责任单位”列") {
			t.Errorf("%s: %v %+v, want the column asked for", name, err, l)
		}
	}
}

// TestReadLedgerFeedbackEdges: a date to report by (请各责任单位于2024年7月
// 15日反馈整改进展情况) is no feedback date; a title's year before the
// feedback's reads a yearless deadline in the feedback's year or the next
// (3月底前 after 2024年7月15日: 2025); a deadline cell showing its date as
// a number (45458, General format) is that day.
func TestReadLedgerFeedbackEdges(t *testing.T) {
	rows := [][]any{{"2024年整改台账"}, {"（请各责任单位于2024年7月15日反馈整改进展情况）"}, {"序号", "整改问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "措施甲", "办公室", "6月底前"}}
	l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	if !l.Outline.Meta.FeedbackDate.IsZero() || l.Outline.Aspects[0].Measures[0].Deadline.String() != "2024-06-30" {
		t.Errorf("report-by line: feedback %s, deadline %s", l.Outline.Meta.FeedbackDate, l.Outline.Aspects[0].Measures[0].Deadline)
	}
	rows = [][]any{{"2023年度巡察整改台账"}, {"反馈时间：2024年7月15日"}, {"序号", "整改问题", "整改措施", "责任单位", "完成时限"},
		{1, "问题甲", "措施甲", "办公室", "3月底前"}, {2, "问题甲", "措施乙", "办公室", 45458}}
	l = mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
	diffLines(t, dump(l.Outline), []string{"P 问题甲", "  M 措施甲 | 办公室 |  | date 2025-03-31 |  | ", "  M 措施乙 | 办公室 |  | date 2024-06-15 |  | "})
}

// TestReadLedgerSupervisingLeader: a 督办领导 column is the leader where no
// 责任领导 column is; beside one it is not read, said so (it pushed the
// 责任领导 column out when it was taken for one).
func TestReadLedgerSupervisingLeader(t *testing.T) {
	leaderOf := func(rows [][]any) (string, int) {
		l := mustReadLedger(t, mustBook(t, sheetSpec{name: "台账", rows: rows}))
		return l.Outline.Aspects[0].Measures[0].ResponsibleLeader, len(l.Warnings)
	}
	if got, w := leaderOf([][]any{{"序号", "整改问题", "整改措施", "责任单位", "督办领导", "完成时限"}, {1, "问题甲", "措施甲", "办公室", "副县长甲某", "2024年6月底前"}}); got != "副县长甲某" || w != 0 {
		t.Errorf("督办领导 alone: leader %q, %d warnings", got, w)
	}
	if got, w := leaderOf([][]any{{"序号", "整改问题", "整改措施", "责任单位", "督办领导", "责任领导", "完成时限"}, {1, "问题甲", "措施甲", "办公室", "副县长甲某", "局长张某", "2024年6月底前"}}); got != "局长张某" || w != 1 {
		t.Errorf("督办领导 beside 责任领导: leader %q, %d warnings", got, w)
	}
}
