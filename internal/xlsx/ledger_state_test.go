package xlsx

import (
	"strings"
	"testing"
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
}
