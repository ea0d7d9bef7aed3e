package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// What the review of the card reader found, each read as a clerk would
// expect.
func TestReadLedgerCardsVariants(t *testing.T) {
	read := func(t *testing.T, sheets map[string][][]any, order []string, merges ...string) *Ledger {
		t.Helper()
		l, err := Read(book(t, sheets, order, merges...))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	ledger := [][]any{{"序号", "问题", "整改措施", "责任单位", "完成时限"}, {1, "学习不深入", "制定学习计划", "办公室", "2027年6月30日"}}

	t.Run("a sheet of instructions beside the ledger", func(t *testing.T) {
		l := read(t, map[string][][]any{"台账": ledger, "填报说明": {
			{"整改措施", "逐条填写具体措施"}, {"责任单位", "填写牵头单位全称"}, {"完成时限", "填写具体日期"}}}, []string{"台账", "填报说明"})
		if len(l.Errors) != 0 || len(outlineLines(l.Outline)) != 2 {
			t.Errorf("errors %+v, outline %q: want the ledger read and the instructions passed over", l.Errors, outlineLines(l.Outline))
		}
	})

	t.Run("a label merged down over its values", func(t *testing.T) {
		l := read(t, map[string][][]any{"Sheet1": {
			{"问题序号", 1, "责任部门", "办公室"},
			{"巡察反馈问题", "公务接待不规范。"},
			{"整改措施", "1.修订接待办法"},
			{nil, "2.开展专项检查"},
			{nil, "3.建立接待台账"},
			{"完成时限", "2027年6月30日"},
		}}, []string{"Sheet1"}, "Sheet1!A3:A5")
		got := outlineLines(l.Outline)
		if len(l.Errors) != 0 || len(got) != 4 || !strings.Contains(got[1], "修订接待办法") || !strings.Contains(got[3], "建立接待台账") {
			t.Errorf("errors %+v, outline %q: want the three lines of the merged label in the measure", l.Errors, got)
		}
	})

	t.Run("two labels of one field, and a signature after the cards", func(t *testing.T) {
		l := read(t, map[string][][]any{"Sheet1": {
			{"问题序号", 1, "责任部门", "办公室"},
			{"巡察反馈问题", "公务接待不规范。"},
			{"整改措施", "修订接待办法"},
			{"计划完成时间", "2027年6月30日", "实际完成时间", "2027年6月20日"},
			{"问题序号", 2, "责任部门", "财务科"},
			{"巡察反馈问题", "资产账实不符。"},
			{"整改措施", "开展资产清查"},
			{"计划完成时间", "2027年9月30日", "实际完成时间", ""},
			{"单位负责人", "张三", "联系人", "李四"},
		}}, []string{"Sheet1"})
		got := outlineLines(l.Outline)
		if len(l.Errors) != 0 || len(got) != 4 || !strings.Contains(got[3], "财务科") || !strings.Contains(got[3], "2027-09-30") {
			t.Errorf("errors %+v, outline %q: want both cards, each due on its planned day", l.Errors, got)
		}
		var warns []string
		for _, w := range l.Warnings {
			warns = append(warns, fmt.Sprintf("%d %s %s", w.Row, w.Column, w.Reason))
		}
		if w := strings.Join(warns, "\n"); strings.Contains(w, "单位负责人") || strings.Contains(got[3], "李四") {
			t.Errorf("warnings %q, outline %q: the signature line is no part of the last card", warns, got)
		}
	})

	t.Run("a Word form's short lines and a title between cards", func(t *testing.T) {
		var merges []string
		for _, r := range []int{2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17} {
			merges = append(merges, fmt.Sprintf("Sheet1!A%d:D%d", r, r))
		}
		l := read(t, map[string][][]any{"Sheet1": {
			{"问题序号", 1, "责任部门", "县财政局"},
			{"巡察反馈问题"}, {"资金拨付滞后。"},
			{"整改措施"}, {"1.建立拨付台账"}, {"2.按月通报进度"},
			{"完成时限"}, {"2027年12月31日"},
			{"巡察反馈问题整改销号表（二）"},
			{"问题序号", 2, "责任部门", "县审计局"},
			{"巡察反馈问题"}, {"整改跟踪不到位。"},
			{"整改措施"}, {"建立跟踪机制"},
			{"完成时限"}, {"2028年3月31日"},
			{"填报人：张三"},
		}}, []string{"Sheet1"}, merges...)
		want := []string{
			"problem 资金拨付滞后。",
			"  建立拨付台账 | 县财政局 |  | date 2027-12-31 |  | ",
			"  按月通报进度 | 县财政局 |  | date 2027-12-31 |  | ",
			"problem 整改跟踪不到位。",
			"  建立跟踪机制 | 县审计局 |  | date 2028-03-31 |  | ",
		}
		if got := outlineLines(l.Outline); len(l.Errors) != 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("errors %+v\noutline:\n%s\nwant:\n%s", l.Errors, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("an empty card left from the template", func(t *testing.T) {
		l := read(t, map[string][][]any{"Sheet1": {
			{"问题序号", 1, "责任部门", "办公室"},
			{"巡察反馈问题", "公务接待不规范。"},
			{"整改措施", "修订接待办法"},
			{"完成时限", "2027年6月30日"},
			{"问题序号", 2, "责任部门", "财务科"},
			{"巡察反馈问题", ""},
			{"整改措施", ""},
		}}, []string{"Sheet1"})
		var warns []string
		for _, w := range l.Warnings {
			warns = append(warns, fmt.Sprintf("%d %s %s", w.Row, w.Column, w.Reason))
		}
		if len(l.Errors) != 0 || len(outlineLines(l.Outline)) != 2 || strings.Join(warns, "|") != "5 A 此处没有问题和整改措施，不是问题卡片，未导入" {
			t.Errorf("errors %+v, outline %q, warnings %q: want the first card, the empty one passed over at A5", l.Errors, outlineLines(l.Outline), warns)
		}
	})
}

// A card's deadline in a date cell shown without its year (6月30日), merged
// across the card: the stored date is read from the card's own cell.
func TestReadLedgerCardsDateCell(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	md := "m\"月\"d\"日\""
	noYear, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &md})
	rows := [][]any{
		{"2022年度巡察反馈问题整改归零表"},
		{"问题序号", 1, "责任部门", "办公室"},
		{"巡察反馈问题", "公务接待不规范。"},
		{"整改措施", "修订接待办法"},
		{"完成时限", time.Date(2023, 11, 30, 0, 0, 0, 0, time.UTC)},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "B5", "B5", noYear); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"B3:D3", "B4:D4", "B5:D5"} {
		a, b, _ := strings.Cut(m, ":")
		if err := f.MergeCell("Sheet1", a, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	l, err := Read(&buf)
	if err != nil || len(l.Errors) != 0 {
		t.Fatalf("%v %+v", err, l.Errors)
	}
	if got := outlineLines(l.Outline); len(got) != 2 || !strings.Contains(got[1], "date 2023-11-30") {
		t.Errorf("outline %q, want the measure due 2023-11-30 (the cell's own year, not the title's 2022)", got)
	}
}
