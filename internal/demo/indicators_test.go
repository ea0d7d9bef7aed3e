package demo

import (
	"context"
	"path/filepath"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// The monitoring demo: two years of 财政科技支出 for eleven units, the
// shortfalls where they were put, their items at different steps.
func TestMonitoringDemo(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Load(ctx, db, duban.MustDate("2026-12-04")); err != nil {
		t.Fatal(err)
	}
	x, err := db.FindIndicatorByName(ctx, duban.System, "财政科技支出")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := db.Trend(ctx, duban.System, x.ID, duban.Date{})
	if err != nil || len(tr) != 11 {
		t.Fatalf("units with figures: got %d (%v), want 11", len(tr), err)
	}
	for unit, s := range tr {
		if len(s) != 24 {
			t.Errorf("unit %d: got %d months, want 24", unit, len(s))
		}
	}
	open, err := db.ListBreaches(ctx, duban.System, x.ID, store.BreachFilter{Status: duban.BreachOpen})
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, b := range open {
		if first[b.Unit.Name] == "" {
			first[b.Unit.Name] = b.Period.String()
		}
	}
	want := map[string]string{"商洛市": "2026-06", "延安市": "2026-07", "汉中市": "2026-11"}
	if len(first) != len(want) {
		t.Errorf("open breaches from: got %v, want %v", first, want)
	}
	for u, p := range want {
		if first[u] != p {
			t.Errorf("%s: first open breach %s, want %s", u, first[u], p)
		}
	}
	levels := func(unit string) (duban.Status, []duban.Level) {
		t.Helper()
		for _, b := range open {
			if b.Unit.Name == unit && b.AssignmentID != nil {
				a, err := db.FindAssignment(ctx, duban.System, *b.AssignmentID, duban.Date{})
				if err != nil {
					t.Fatal(err)
				}
				es, err := db.ListEscalations(ctx, duban.System, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				var lv []duban.Level
				for _, e := range es {
					lv = append(lv, e.Level)
				}
				return a.Status, lv
			}
		}
		t.Fatalf("%s: no item", unit)
		return "", nil
	}
	if st, lv := levels("商洛市"); st != duban.StatusAssigned || len(lv) != 3 || lv[2] != duban.LevelCircular {
		t.Errorf("商洛: got %s %v, want assigned up to 通报", st, lv)
	}
	if st, lv := levels("延安市"); len(lv) != 4 || lv[3] != duban.LevelInterview || st != duban.StatusAssigned {
		t.Errorf("延安: got %s %v, want assigned up to 约谈", st, lv)
	}
	if st, lv := levels("汉中市"); st != duban.StatusAssigned || len(lv) != 0 {
		t.Errorf("汉中: got %s %v, want just assigned", st, lv)
	}
	all, _ := db.ListBreaches(ctx, duban.System, x.ID, store.BreachFilter{UnitID: 0})
	closed := false
	for _, b := range all {
		if b.Unit.Name == "铜川市" && b.AssignmentID != nil {
			a, _ := db.FindAssignment(ctx, duban.System, *b.AssignmentID, duban.Date{})
			closed = a.Status == duban.StatusClosed && b.Status == duban.BreachResolved
		}
	}
	if !closed {
		t.Error("铜川's item is not closed with its breach mended")
	}
	if ok, err := db.VerifyAudit(ctx); err != nil || ok == 0 {
		t.Errorf("audit chain: %d, %v", ok, err)
	}
}
