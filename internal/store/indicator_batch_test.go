package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// SetFigures writes several indicators' figures in one transaction: one bad
// figure in one indicator keeps every other unwritten and is named by batch
// and position; a liaison writing for another unit is refused whole.
func TestSetFiguresAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		firms := &duban.Indicator{Code: "GXQY", Name: "高新技术企业数量", Measure: "家", PeriodType: duban.PeriodYearly,
			Aggregation: duban.AggLast, UnitIDs: []int64{f.xian, f.baoji}, DueDay: 28}
		if err := db.CreateIndicator(ctx, f.lead, firms); err != nil {
			t.Fatal(err)
		}
		f.lastYear(t)
		f.at("2025-02-10")
		grid := []store.FigureBatch{
			{IndicatorID: f.ind.ID, Values: []duban.ValueInput{{UnitID: f.xian, Period: "2025-01", Value: 8}}},
			{IndicatorID: firms.ID, Values: []duban.ValueInput{{UnitID: f.xian, Period: "2024", Value: 3100}, {UnitID: f.xian, Period: "2024", Value: -1}}},
		}
		written := func() int {
			n := 0
			for _, id := range []int64{f.ind.ID, firms.ID} {
				tr, err := db.Trend(ctx, f.lead, id, duban.Date{})
				if err != nil {
					t.Fatal(err)
				}
				for per := range tr[f.xian] {
					if per == "2025-01" || per == "2024" {
						n++
					}
				}
			}
			return n
		}

		_, err := db.SetFigures(ctx, f.xianLiaison, grid, "", false)
		if duban.ErrorCode(err) != duban.Invalid {
			t.Fatalf("grid with a negative count: got %v, want Invalid", err)
		}
		fields := duban.ErrorFields(err)
		if len(fields) != 1 || fields["figures[1].values[1]"] != "该指标不能为负数" {
			t.Errorf("fields: got %v, want figures[1].values[1] only", fields)
		}
		if n := written(); n != 0 {
			t.Fatalf("%d figures written from a refused grid, want none", n)
		}

		// Two bad figures in two indicators are both named.
		grid[0].Values[0].Period = "2025-13"
		_, err = db.SetFigures(ctx, f.xianLiaison, grid, "", false)
		if fields = duban.ErrorFields(err); len(fields) != 2 || fields["figures[0].values[0]"] == "" {
			t.Errorf("two bad figures: got %v, want both named", fields)
		}

		// Another unit's figure anywhere refuses the whole grid.
		grid[0].Values[0].Period = "2025-01"
		grid[1].Values[1] = duban.ValueInput{UnitID: f.baoji, Period: "2024", Value: 900}
		if _, err = db.SetFigures(ctx, f.xianLiaison, grid, "", false); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("a figure for 宝鸡 by 西安's liaison: got %v, want Forbidden", err)
		}
		if n := written(); n != 0 {
			t.Fatalf("%d figures written from a forbidden grid, want none", n)
		}

		// A dry run tells and keeps nothing; then the grid is written whole.
		grid[1].Values = grid[1].Values[:1]
		ws, err := db.SetFigures(ctx, f.xianLiaison, grid, "", true)
		if err != nil || len(ws) != 2 || ws[0].Values != 1 || ws[1].Values != 1 || written() != 0 {
			t.Fatalf("dry run: got %v, %d written, want two batches of one and nothing kept", err, written())
		}
		if ws, err = db.SetFigures(ctx, f.xianLiaison, grid, "", false); err != nil || ws[0].Values+ws[1].Values != 2 {
			t.Fatalf("grid: %v", err)
		}
		if n := written(); n != 2 {
			t.Errorf("%d figures written, want 2", n)
		}
		if _, err = db.SetFigures(ctx, f.xianLiaison, nil, "", false); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("no figures: got %v, want Invalid", err)
		}
	})
}
