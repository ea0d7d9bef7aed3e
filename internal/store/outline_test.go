package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/xlsx"
)

// TestScanOutlineMatchesTree holds the outline read a batch at a time to
// the outline computed from the plan's whole tree, as the exports read it
// before: the same nodes, measures, units, statuses, lights and progress
// in the same order, for the whole plan, a unit's share, a liaison, a
// filtered list and a past day; and the ledger written from the scan to the
// ledger written from the whole outline, cell for cell, with the same
// merges, row heights, column widths and fills.
func TestScanOutlineMatchesTree(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		g, err := generatePlan(ctx, db, GenShape{Units: 8, Aspects: 3, ProblemsPerAspect: 3, Tasks: 2500, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return benchNow }
		defer func(n, m int) { outlineBatch, spoolPartMin = n, m }(outlineBatch, spoolPartMin)
		outlineBatch = 150                               // several batches, some of one node
		spoolPartMin = 100                               // several parts of the spool
		keep, most := map[int64]bool{}, map[int64]bool{} // few measures, read by id; most, read by ranges of ids
		for id := int64(1); id <= 2500; id++ {
			if id%7 == 1 {
				keep[id] = true
			} else {
				most[id] = true
			}
		}
		liaison := &duban.Principal{Role: duban.RoleLiaison, UnitID: 3}
		past := benchToday.AddDays(-90)
		for _, c := range []struct {
			name   string
			p      *duban.Principal
			unitID int64
			asOf   duban.Date
			keep   map[int64]bool
		}{
			{"whole plan", duban.System, 0, duban.Date{}, nil},
			{"a unit's share", duban.System, 4, duban.Date{}, nil},
			{"liaison asking for another unit", liaison, 4, duban.Date{}, nil},
			{"filtered list", duban.System, 0, duban.Date{}, keep},
			{"list filtered to most measures", duban.System, 0, duban.Date{}, most},
			{"liaison, filtered", liaison, 0, duban.Date{}, keep},
			{"past day", duban.System, 0, past, nil},
			{"liaison, past day", liaison, 0, past, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				want, err := db.treeOutline(ctx, c.p, g.PlanID, c.unitID, c.asOf, c.keep)
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.OutlineOf(ctx, c.p, g.PlanID, c.unitID, c.asOf, c.keep)
				if err != nil {
					t.Fatal(err)
				}
				if _, _, _, n := want.Counts(); n == 0 {
					t.Fatal("the reference outline holds no measure: the case tests nothing")
				}
				if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
					t.Fatalf("outline differs from the tree's:\n got %.600s\nwant %.600s", g, w)
				}
				var streamed bytes.Buffer
				f := OutlineFilter{PlanID: g.PlanID, UnitID: c.unitID, AsOf: c.asOf, Keep: c.keep}
				err = db.ScanOutline(ctx, c.p, f, func(o *duban.Outline, scan duban.OutlineScan) error {
					return xlsx.WriteLedgerScan(&streamed, o, scan, xlsx.WriteOptions{AsOf: o.Meta.AsOf})
				})
				if err != nil {
					t.Fatal(err)
				}
				var whole bytes.Buffer
				if err := xlsx.WriteLedger(&whole, want, xlsx.WriteOptions{AsOf: want.Meta.AsOf}); err != nil {
					t.Fatal(err)
				}
				if g, w := sheetDump(t, &streamed), sheetDump(t, &whole); !slices.Equal(g, w) {
					for i := range min(len(g), len(w)) {
						if g[i] != w[i] {
							t.Fatalf("streamed ledger differs at %d: got %q, want %q", i, g[i], w[i])
						}
					}
					t.Fatalf("streamed ledger has %d lines of dump, want %d", len(g), len(w))
				}
			})
		}
		t.Run("brief, for a notice", func(t *testing.T) {
			want, err := db.treeOutline(ctx, duban.System, g.PlanID, 0, duban.Date{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			want.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
				m.Content, m.Target, m.Requirements, m.ResponsibleLeader, m.ResponsiblePerson = "", "", "", "", ""
				m.LeadUnit, m.CoopUnits = "", nil
				return true
			})
			got, err := db.OutlineFor(ctx, duban.System, OutlineFilter{PlanID: g.PlanID, Brief: true})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				t.Fatalf("brief outline differs from the tree's without details:\n got %.600s\nwant %.600s", g, w)
			}
		})
		// The scan reads beside the yielding: a caller that stops early
		// ends it without an error, the reading stopped with it; a
		// request that ends mid-scan ends it with the request's error;
		// and a second scan of the same snapshot yields the same again.
		t.Run("stopped early", func(t *testing.T) {
			var first, again []string
			err := db.ScanOutline(ctx, duban.System, OutlineFilter{PlanID: g.PlanID, Brief: true}, func(_ *duban.Outline, scan duban.OutlineScan) error {
				for _, into := range []*[]string{&first, &again} {
					if err := scan(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
						*into = append(*into, m.Title)
						return len(*into) < 310
					}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("a scan stopped early: %v", err)
			}
			if len(first) != 310 || !slices.Equal(first, again) {
				t.Fatalf("stopped after %d and %d measures (the same: %v), want 310 each time, the same", len(first), len(again), slices.Equal(first, again))
			}
			cctx, cancel := context.WithCancel(ctx)
			n := 0
			err = db.ScanOutline(cctx, duban.System, OutlineFilter{PlanID: g.PlanID, Brief: true}, func(_ *duban.Outline, scan duban.OutlineScan) error {
				cancel()
				return scan(func(*duban.OutlineNode, *duban.OutlineMeasure) bool { n++; return true })
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("a scan whose request ended: got %v after %d measures, want context.Canceled", err, n)
			}
		})
		t.Run("liaison sees only its unit", func(t *testing.T) {
			o, err := db.Outline(ctx, liaison, g.PlanID, 0, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			var unit string
			if err := db.reader().QueryRowContext(ctx, db.rebind(`SELECT short_name FROM units WHERE id = ?`), liaison.UnitID).Scan(&unit); err != nil {
				t.Fatal(err)
			}
			var want int
			if err := db.reader().QueryRowContext(ctx, db.rebind(`SELECT COUNT(DISTINCT task_id) FROM assignments
				WHERE plan_id = ? AND unit_id = ? AND status <> 'draft'`), g.PlanID, liaison.UnitID).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if _, _, _, n := o.Counts(); n != want {
				t.Errorf("liaison's outline holds %d measures, want the %d its unit was handed", n, want)
			}
			o.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
				if m.LeadUnit != unit && !slices.Contains(m.CoopUnits, unit) {
					t.Errorf("measure %q (lead %s, with %v) is not %s's", m.Title, m.LeadUnit, m.CoopUnits, unit)
					return false
				}
				return true
			})
		})
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sheetDump lists what a clerk sees of the first sheet of a workbook: every
// cell's value and fill, every row's height, every column's width, the
// merged ranges and the panes.
func sheetDump(t *testing.T, b *bytes.Buffer) []string {
	t.Helper()
	f, err := excelize.OpenReader(b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := f.GetSheetName(0)
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, r := range rows {
		h, _ := f.GetRowHeight(s, i+1)
		out = append(out, fmt.Sprintf("row %d height %.2f: %q", i+1, h, r))
		for c := range r {
			name, _ := excelize.CoordinatesToCellName(c+1, i+1)
			id, _ := f.GetCellStyle(s, name)
			st, _ := f.GetStyle(id)
			if st != nil && len(st.Fill.Color) > 0 {
				out = append(out, name+" fill "+st.Fill.Color[0])
			}
		}
	}
	for c := 1; c <= 16; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(s, col)
		out = append(out, fmt.Sprintf("width %s %.2f", col, w))
	}
	mcs, _ := f.GetMergeCells(s)
	for _, mc := range mcs {
		out = append(out, "merge "+mc.GetStartAxis()+":"+mc.GetEndAxis())
	}
	p, _ := f.GetPanes(s)
	return append(out, fmt.Sprintf("panes %+v", p))
}
