package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// TestCountAssignments counts every combination of list filters on a
// generated plan and checks each count against the brute-force filter of
// TestListIndexes; on SQLite the count must read the list's own index. It
// also lists each combination latest deadline first (AssignmentFilter.Latest),
// two pages by cursor, which must be the brute-force list backwards, read
// from the same index without sorting.
func TestCountAssignments(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		if _, err := db.Generate(ctx, GenShape{Units: 8, Aspects: 3, ProblemsPerAspect: 4, Tasks: 1500, Seed: 5, Today: benchToday}); err != nil {
			t.Fatal(err)
		}
		var rows []listRow
		rs, err := db.read.QueryContext(ctx, `SELECT id, plan_id, aspect_id, unit_id, status, deadline_kind, sort_deadline, task_id FROM assignments ORDER BY sort_deadline, id`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var r listRow
			if err := rs.Scan(&r.id, &r.plan, &r.aspect, &r.unit, &r.status, &r.kind, &r.due, &r.taskID); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		rs.Close()
		texts := map[int64]string{}
		rs, err = db.read.QueryContext(ctx, `SELECT id, title, content FROM tasks`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var id int64
			var title, content string
			if err := rs.Scan(&id, &title, &content); err != nil {
				t.Fatal(err)
			}
			texts[id] = title + " " + content
		}
		rs.Close()
		nonzero := 0
		for _, c := range listCases(3, 2, benchToday, "公务用车") {
			want := len(c.want(rows, texts))
			f := c.f
			f.Cursor = "bm90IGEgY3Vyc29y" // ignored: the count is of all pages
			got, err := db.CountAssignments(ctx, c.p, f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got != want {
				t.Errorf("%s: counted %d, want %d", c.name, got, want)
			}
			if want > 0 {
				nonzero++
			}
			for _, by := range []string{"", duban.ListByUnit, duban.ListByStatus} {
				for _, desc := range []bool{false, true} {
					if by == "" && !desc {
						continue // TestListIndexes
					}
					back := sortedRows(rows, c.want(rows, texts), by, desc)
					var latest []int64
					lf := c.f
					lf.Latest, lf.By = desc, by
					for page := 1; page <= 2; page++ {
						l, err := db.ListAssignments(ctx, c.p, lf, benchToday)
						if err != nil {
							t.Fatalf("%s by %q desc %v: %v", c.name, by, desc, err)
						}
						for _, x := range l.Items {
							latest = append(latest, x.ID)
						}
						if lf.Cursor = l.NextCursor; lf.Cursor == "" {
							break
						}
					}
					if n := min(len(back), 40); !slices.Equal(latest, back[:n]) {
						t.Errorf("%s by %q desc %v: got %d ids %v…, want %d %v…", c.name, by, desc, len(latest), head(latest), n, head(back))
					}
					lf.Cursor = ""
					if db.dialect == SQLite && c.f.Text == "" && c.f.PlanID != 0 && len(c.f.Statuses) < 2 {
						checkNoSort(t, ctx, db, c.name, c.p, lf)
					}
				}
			}
			lf := c.f
			lf.Latest = true
			if db.dialect == SQLite && c.f.Text == "" {
				if f, none := listStatuses(lf); !none {
					w, err := assignmentWhere(db.dialect, c.p, f)
					if err != nil {
						t.Fatal(err)
					}
					q, args := listQueryFor(db.dialect, w, c.p, f, 21)
					lines, err := explainSQLite(ctx, db, q, args...)
					if err != nil {
						t.Fatal(err)
					}
					if plan := strings.Join(lines, "; "); strings.Contains(plan, "TEMP B-TREE") {
						t.Errorf("%s latest first sorts: %s", c.name, plan)
					}
				}
			}
			if db.dialect != SQLite || c.f.Text != "" {
				continue
			}
			f, none := listStatuses(c.f)
			if none {
				continue
			}
			w, err := assignmentWhere(db.dialect, c.p, f)
			if err != nil {
				t.Fatal(err)
			}
			q, args, index := countQuery(db.dialect, w, listIndex(c.p, f), f, false)
			lines, err := explainSQLite(ctx, db, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			// With no condition at all SQLite counts from its smallest index.
			if plan := strings.Join(lines, "; "); !strings.Contains(plan, index) && !(len(w.conds) == 0 && strings.Contains(plan, "COVERING INDEX")) {
				t.Errorf("%s: the count does not read %s: %s", c.name, index, plan)
			}
		}
		if nonzero < 50 {
			t.Errorf("only %d cases match anything: the plan does not test the count", nonzero)
		}
	})
}

// BenchmarkCountAssignments measures the ledger list's total on the 100k
// plan for the filters a page most often carries: the whole plan, its open
// assignments, one unit's overdue ones, one unit with one status, and a
// liaison's own open ones.
func BenchmarkCountAssignments(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			liaison := &duban.Principal{Username: "liaison", Role: duban.RoleLiaison, UnitID: plan.UnitID}
			for _, c := range []struct {
				name string
				p    *duban.Principal
				f    duban.AssignmentFilter
			}{
				{"plan", duban.System, duban.AssignmentFilter{PlanID: plan.PlanID}},
				{"plan_open", duban.System, duban.AssignmentFilter{PlanID: plan.PlanID, Open: true}},
				{"unit_overdue", duban.System, duban.AssignmentFilter{PlanID: plan.PlanID, UnitID: plan.UnitID, OverdueAsOf: benchToday}},
				{"unit_status", duban.System, duban.AssignmentFilter{PlanID: plan.PlanID, UnitID: plan.UnitID, Statuses: []duban.Status{duban.StatusInProgress}}},
				{"liaison_open", liaison, duban.AssignmentFilter{PlanID: plan.PlanID, Open: true}},
			} {
				b.Run(c.name, func(b *testing.B) {
					logFixture(b, d)
					var n int
					for b.Loop() {
						var err error
						if n, err = db.CountAssignments(ctx, c.p, c.f); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n), "rows")
				})
			}
		})
	}
}

// sortedRows orders the ids (in deadline order) as a list by "by" then the
// deadline, backwards when desc.
func sortedRows(rows []listRow, ids []int64, by string, desc bool) []int64 {
	byID := map[int64]listRow{}
	for _, r := range rows {
		byID[r.id] = r
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b int64) int {
		x, y := byID[a], byID[b]
		switch by {
		case duban.ListByUnit:
			return cmp.Compare(x.unit, y.unit)
		case duban.ListByStatus:
			return cmp.Compare(x.status, y.status)
		}
		return 0
	})
	if desc {
		slices.Reverse(out)
	}
	return out
}

// checkNoSort fails when SQLite sorts the page of p and f instead of
// reading it in order from the list's index.
func checkNoSort(t *testing.T, ctx context.Context, db *DB, name string, p *duban.Principal, f duban.AssignmentFilter) {
	t.Helper()
	f, none := listStatuses(f)
	if none {
		return
	}
	w, err := assignmentWhere(db.dialect, p, f)
	if err != nil {
		t.Fatal(err)
	}
	q, args := listQueryFor(db.dialect, w, p, f, 21)
	lines, err := explainSQLite(ctx, db, q, args...)
	if err != nil {
		t.Fatalf("%s by %q: %v", name, f.By, err)
	}
	if plan := strings.Join(lines, "; "); strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("%s by %q desc %v sorts: %s", name, f.By, f.Latest, plan)
	}
}
