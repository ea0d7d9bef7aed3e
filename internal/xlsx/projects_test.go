package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

func TestWriteProjectLedger(t *testing.T) {
	x := &duban.Project{Programme: "两链融合重点专项", Title: "精密减速器攻关", LeadUnit: duban.UnitRef{Name: "西安交大"}, CoopUnits: []duban.UnitRef{{Name: "示例装备"}},
		Chief: "张教授", ChiefRole: duban.ChiefEngineer, StartDate: duban.MustDate("2022-04-01"), EndDate: duban.MustDate("2023-03-31"), Budget: 6_000_000,
		TRLStart: 3, TRLTarget: 6, Status: duban.ProjectActive, Milestones: []duban.Milestone{
			{Seq: 1, Title: "实验室验证", Due: duban.MustDate("2022-06-30"), TRLRequired: 4, TRLReached: 4, Tranche: 1_000_000, Status: duban.MilestonePassed,
				FundStatus: duban.FundReleased, Released: 1_000_000, ReleasedOn: duban.MustDate("2022-07-05")},
			{Seq: 2, Title: "原型演示", Due: duban.MustDate("2023-03-31"), TRLRequired: 6, Tranche: 5_000_000, Status: duban.MilestoneFailed, FundStatus: duban.FundHeld},
		}}
	row := duban.ProjectRow{Project: x, Light: duban.ProjectLight{Light: duban.LightRed, Held: 1, HeldSum: 5_000_000}, Loading: duban.LoadingOf(x, duban.MustDate("2023-04-10"))}
	var buf bytes.Buffer
	if err := WriteProjectLedger(&buf, []duban.ProjectRow{row}, duban.MustDate("2023-04-10")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("重点项目台账")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[1][0] != "截至2023年4月10日" || rows[2][11] != "里程碑" {
		t.Fatalf("got %d rows, head %q / %q", len(rows), rows[1], rows[2])
	}
	first, second := rows[3], rows[4]
	for i, want := range map[int]string{2: "精密减速器攻关", 6: "张教授（技术总师）", 8: "600", 11: "1. 实验室验证", 15: "通过", 16: "100", 17: "已拨付", 18: "2022-07-05"} {
		if first[i] != want {
			t.Errorf("first row, column %s: got %q, want %q", projectHeader[i], first[i], want)
		}
	}
	if second[15] != "不通过" || second[17] != "暂缓拨付" {
		t.Errorf("second milestone: got %q / %q, want 不通过 / 暂缓拨付", second[15], second[17])
	}
	if w := first[20]; !strings.Contains(w, "暂缓拨付500.00万元") || !strings.Contains(w, "前松后紧") || !strings.Contains(w, "进度滞后") {
		t.Errorf("warning: got %q, want held funds, back-loading and lag named", w)
	}
	// Laid out for reading and printing: A3 landscape fitted to the width,
	// the header repeated, wide text columns, rows tall enough to wrap.
	pl, err := f.GetPageLayout("重点项目台账")
	if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 8 || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout: got %+v, %v; want A3 landscape fitted to one page wide", pl, err)
	}
	if w, _ := f.GetColWidth("重点项目台账", "U"); w < 20 {
		t.Errorf("the 预警 column is %.0f wide, want room for its text", w)
	}
	if h, _ := f.GetRowHeight("重点项目台账", 4); h < 30 {
		t.Errorf("a milestone row is %.0f pt high, want it tall enough for the wrapped text", h)
	}
	if st, _ := f.GetCellStyle("重点项目台账", "U4"); st == 0 {
		t.Error("the 预警 cell of a red project has no style (fill)")
	}
	var empty bytes.Buffer
	if err := WriteProjectLedger(&empty, nil, duban.MustDate("2023-04-10")); err != nil {
		t.Errorf("an empty ledger: %v", err)
	}
	if cells, _ := f.GetMergeCells("重点项目台账"); len(cells) < 13 {
		t.Errorf("got %d merged cells, want the project's 13 columns merged down its milestones", len(cells))
	}
}
