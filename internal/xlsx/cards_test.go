package xlsx

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// outlineLines lists an outline's problems and measures, one line each.
func outlineLines(o *duban.Outline) []string {
	var out []string
	var walk func(ns []*duban.OutlineNode)
	walk = func(ns []*duban.OutlineNode) {
		for _, n := range ns {
			out = append(out, fmt.Sprintf("%s %s", n.Kind, n.Title))
			for _, m := range n.Measures {
				out = append(out, fmt.Sprintf("  %s | %s | %s | %s %s | %s | %s", m.Title, m.LeadUnit, m.ResponsiblePerson, m.DeadlineKind, m.Deadline, m.Progress, m.Status))
			}
			walk(n.Children)
		}
	}
	walk(o.Aspects)
	return out
}

// A ledger of cards, one per problem (巡察反馈问题整改归零表): label | value
// pairs, several to a row, values merged across; a field the reader does not
// know (问题产生根本原因) is a warning at its label, and a bad cell is named
// where it stands on the card.
func TestReadLedgerCards(t *testing.T) {
	rows := [][]any{
		{"巡察反馈问题整改归零表"},
		{"问题序号", "1", "责任部门（人）", "办公室（张三）"},
		{"巡察反馈问题", "公务接待管理不规范，部分接待未附公函。"},
		{"问题产生根本原因", "制度执行不严。"},
		{"针对根本原因制定的归零措施", "1.修订公务接待管理办法；2.开展专项检查。"},
		{"完成时限", "2024年6月30日"},
		{"整改完成情况", "已修订办法。"},
		{},
		{"问题序号", "2", "责任部门（人）", "财务科（李四、王五）"},
		{"巡察反馈问题", "固定资产账实不符。"},
		{"问题产生根本原因", "清查不及时。"},
		{"针对根本原因制定的归零措施", "开展资产清查，建立台账。"},
		{"完成时限", "长期坚持"},
		{"整改完成情况", "正在清查。"},
	}
	merges := []string{"Sheet1!A1:D1"}
	for _, r := range []int{3, 4, 5, 6, 7, 10, 11, 12, 13, 14} {
		merges = append(merges, fmt.Sprintf("Sheet1!B%d:D%d", r, r))
	}
	l, err := Read(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, merges...))
	if err != nil || len(l.Errors) != 0 {
		t.Fatalf("%v %+v", err, l.Errors)
	}
	want := []string{
		"problem 公务接待管理不规范，部分接待未附公函。",
		"  修订公务接待管理办法 | 办公室 | 张三 | date 2024-06-30 | 已修订办法。 | ",
		"  开展专项检查 | 办公室 | 张三 | date 2024-06-30 | 已修订办法。 | ",
		"problem 固定资产账实不符。",
		"  开展资产清查，建立台账。 | 财务科 | 李四、王五 | long_term  | 正在清查。 | ",
	}
	if got := outlineLines(l.Outline); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if l.Outline.Meta.Title != "巡察反馈问题整改归零表" || l.Outline.Meta.Kind != duban.SourcePatrol {
		t.Errorf("meta %+v", l.Outline.Meta)
	}
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 4 || l.Warnings[0].Column != "A（问题产生根本原因）" {
		t.Errorf("warnings %+v, want one at A4 for 问题产生根本原因", l.Warnings)
	}

	// A deadline no one can read, on the second card: named at B13.
	rows[12] = []any{"完成时限", "待定"}
	l, err = Read(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, merges...))
	if err != nil || len(l.Errors) != 1 || l.Errors[0].Row != 13 || !strings.HasPrefix(l.Errors[0].Column, "B（") {
		t.Errorf("a bad deadline: %v %+v, want one error at B13", err, l.Errors)
	}
}

// The same as a Word form copied into Excel: each label on a row of its own
// across the page with its text on the rows below it, the short fields side
// by side; the lines above the first card give the title and the unit.
func TestReadLedgerCardsDown(t *testing.T) {
	rows := [][]any{
		{"中共某某县委巡察整改工作领导小组办公室"},
		{"巡察反馈问题整改销号表"},
		{"问题序号", "1", "责任部门", "县财政局", "责任人", "王五"},
		{"巡察反馈问题"},
		{"部分专项资金拨付滞后，影响项目推进。"},
		{"问题产生根本原因"},
		{"资金管理制度不健全。"},
		{"整改措施"},
		{"1.建立专项资金拨付台账；"},
		{"2.每月通报拨付进度。"},
		{"完成时限", "2024年12月底", "", "是否销号", "否"},
		{"问题序号", "2", "责任部门", "县审计局", "责任人", "赵六"},
		{"巡察反馈问题"},
		{"审计整改跟踪不到位。"},
		{"整改措施"},
		{"建立审计整改跟踪机制。"},
		{"完成时限", "2025年3月31日前", "", "是否销号", "是"},
	}
	var merges []string
	for _, r := range []int{1, 2, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16} {
		merges = append(merges, fmt.Sprintf("Sheet1!A%d:F%d", r, r))
	}
	l, err := Read(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, merges...))
	if err != nil || len(l.Errors) != 0 {
		t.Fatalf("%v %+v", err, l.Errors)
	}
	want := []string{
		"problem 部分专项资金拨付滞后，影响项目推进。",
		"  建立专项资金拨付台账 | 县财政局 | 王五 | date 2024-12-31 |  | ",
		"  每月通报拨付进度 | 县财政局 | 王五 | date 2024-12-31 |  | ",
		"problem 审计整改跟踪不到位。",
		"  建立审计整改跟踪机制。 | 县审计局 | 赵六 | date 2025-03-31 |  | closed",
	}
	if got := outlineLines(l.Outline); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := l.Outline.Meta; m.Title != "巡察反馈问题整改销号表" || m.Unit != "中共某某县委巡察整改工作领导小组办公室" {
		t.Errorf("meta %+v", m)
	}
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 6 || l.Warnings[0].Column != "A（问题产生根本原因）" {
		t.Errorf("warnings %+v, want one at A6 for 问题产生根本原因", l.Warnings)
	}
}

// A sheet of words with a field's name among them is no ledger of cards:
// it is still refused for want of a header.
func TestReadLedgerNoCards(t *testing.T) {
	rows := [][]any{{"填报说明"}, {"整改措施", "请逐条填写"}, {"完成时限", "请写明日期"}}
	l, err := Read(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}))
	if err != nil || len(l.Errors) != 1 || !strings.HasPrefix(l.Errors[0].Reason, "未找到台账表头") {
		t.Errorf("%v %+v, want the sheet refused for want of a header", err, l.Errors)
	}
}

// A unit column that holds the person too (责任部门（人）) gives both; a
// bracket that names no person stays with the unit.
func TestUnitAndPerson(t *testing.T) {
	for in, want := range map[string]string{
		"办公室（张三）":                 "办公室|张三",
		"财务科(李四、王五)":              "财务科|李四、王五",
		"综合科/赵六":                  "综合科|赵六",
		"人事科 孙七":                  "人事科|孙七",
		"办公室（牵头）":                 "|",
		"县财政局（本级）":                "|",
		"市委 办公室":                  "|",
		"党建办（机关党委）":               "|",
		"宣传部（分管领导）":               "|",
		"办公室":                     "|",
		"办公室/张三/李四":               "办公室|张三、李四",
		"综合科（张三）、财务科（李四）":         "|",
		"公安局（交警）":                 "|",
		"财政局 国库":                  "|",
		"办公室（含档案）":                "|",
		"县发改局（局长 李四 13800001111）": "县发改局|李四 13800001111",
		"办公室（主任 张三）":              "办公室|张三",
		"办公室（主任）":                 "|",
		"办公室（张三、李四 029-88886666）": "|",
	} {
		u, p, _ := unitAndPerson(in)
		if got := u + "|" + p; got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// Any grid of labels, values and blanks, merged at random, reads without a
// panic, and every error or warning names a cell of the sheet.
func TestReadLedgerCardsAnyGrid(t *testing.T) {
	words := []any{"", "", "问题序号", "1", "巡察反馈问题", "公务接待不规范。", "整改措施", "修订办法；开展检查。", "责任部门（人）", "办公室（张三）",
		"完成时限", "2024年6月30日", "长期坚持", "待定", "问题产生根本原因", "整改完成情况", "是否销号", "是", "备注", "同上"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		nr, nc := 2+rng.IntN(12), 1+rng.IntN(6)
		rows := make([][]any, nr)
		for r := range rows {
			rows[r] = make([]any, nc)
			for c := range rows[r] {
				rows[r][c] = words[rng.IntN(len(words))]
			}
		}
		var merges []string
		for range rng.IntN(4) {
			r, c := 1+rng.IntN(nr), 1+rng.IntN(nc)
			a, _ := excelize.CoordinatesToCellName(c, r)
			b, _ := excelize.CoordinatesToCellName(min(c+rng.IntN(3), nc), min(r+rng.IntN(2), nr))
			if a != b {
				merges = append(merges, "Sheet1!"+a+":"+b)
			}
		}
		l, err := Read(book(t, map[string][][]any{"Sheet1": rows}, []string{"Sheet1"}, merges...))
		if err != nil {
			t.Fatalf("grid %d: %v", i, err)
		}
		for _, e := range append(l.Errors, l.Warnings...) {
			n := 0
			for n < len(e.Column) && e.Column[n] >= 'A' && e.Column[n] <= 'Z' {
				n++
			}
			c := 0
			if n > 0 {
				c, _ = excelize.ColumnNameToNumber(e.Column[:n])
			}
			if e.Row < 0 || e.Row > nr || c > nc {
				t.Errorf("grid %d %v: %+v names no cell of a %d×%d sheet", i, rows, e, nr, nc)
			}
		}
	}
}
