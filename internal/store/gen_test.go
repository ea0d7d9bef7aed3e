package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"duban/internal/duban"
	"duban/internal/store/storetest"
)

// eachDialect runs fn on a fresh SQLite store and, when DUBAN_TEST_POSTGRES
// is set, on a fresh PostgreSQL schema.
func eachDialect(t *testing.T, fn func(t *testing.T, open func() *DB)) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.SQLite(t)
		fn(t, func() *DB {
			db, err := Open(context.Background(), filepath.Join(t.TempDir(), "duban.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		fn(t, func() *DB {
			db, err := Open(context.Background(), storetest.PostgresSchema(t, dsn, "gen"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
}

// TestGenerate checks the generator: every status, deadline kind, report,
// 督办单 and closure is there in the proportions it promises, the audit
// chain verifies, the same seed gives the same data, and a database that is
// not empty is refused.
func TestGenerate(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		shape := GenShape{Units: 12, Aspects: 3, ProblemsPerAspect: 4, Tasks: 3000, Seed: 7, Today: benchToday}
		var events [2][]string
		for i := range events {
			db := open()
			g, err := db.Generate(ctx, shape)
			if err != nil {
				t.Fatal(err)
			}
			if g.Tasks != 3000 || g.Assignments < 4000 || g.Assignments > 5000 {
				t.Fatalf("tasks %d, assignments %d: want 3000 tasks and about 4,500 assignments", g.Tasks, g.Assignments)
			}
			count := func(q string, args ...any) int {
				var n int
				if err := db.reader().QueryRowContext(ctx, db.rebind(q), args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return n
			}
			for st, share := range map[duban.Status]float64{duban.StatusDraft: .05, duban.StatusAssigned: .15, duban.StatusInProgress: .40,
				duban.StatusClosureRequested: .10, duban.StatusClosed: .30} {
				n := count(`SELECT COUNT(*) FROM assignments WHERE status = ?`, st)
				if got := float64(n) / float64(g.Assignments); got < share*0.8 || got > share*1.2 {
					t.Errorf("status %s: %d assignments (%.3f), want about %.2f", st, n, got, share)
				}
			}
			for kind, share := range map[duban.DeadlineKind]float64{duban.DeadlineDate: .85, duban.DeadlineLongTerm: .10, duban.DeadlineImmediate: .05} {
				n := count(`SELECT COUNT(*) FROM tasks WHERE deadline_kind = ?`, kind)
				if got := float64(n) / float64(g.Tasks); got < share*0.8 || got > share*1.2 {
					t.Errorf("deadline kind %s: %d tasks (%.3f), want about %.2f", kind, n, got, share)
				}
			}
			if n := count(`SELECT COUNT(*) FROM assignments WHERE status <> 'draft' AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.assignment_id = assignments.id AND r.period = assignments.last_period)`); n != 0 {
				t.Errorf("%d assigned assignments have no report for their last period", n)
			}
			if n := count(`SELECT COUNT(*) FROM reports`); n != g.Reports || n == 0 {
				t.Errorf("%d reports, generator says %d", n, g.Reports)
			}
			if n := count(`SELECT COUNT(*) FROM escalations e JOIN assignments a ON a.id = e.assignment_id WHERE e.level = 'notice' AND a.notice_due = e.reply_due AND a.status <> 'closed'`); n != g.Notices || n == 0 {
				t.Errorf("%d open 督办单 matching their assignment's notice_due, generator says %d", n, g.Notices)
			}
			if n := count(`SELECT COUNT(*) FROM closures c JOIN assignments a ON a.id = c.assignment_id WHERE (c.result = 'closed') = (a.status = 'closed')`); n != g.Closures || n == 0 {
				t.Errorf("%d closures consistent with their assignment, generator says %d", n, g.Closures)
			}
			if n := count(`SELECT COUNT(*) FROM feedback`); n != 30 {
				t.Errorf("%d feedback, want one per hundred tasks (30)", n)
			}
			checked, err := db.VerifyAudit(ctx)
			if err != nil {
				t.Fatalf("audit chain: %v", err)
			}
			if checked < int64(g.Assignments/bulkRows) {
				t.Errorf("audit chain has %d events, fewer than one per bulk statement", checked)
			}
			// Every generated row is vouched for as audit verify reads it,
			// and an edit behind duban's back is named.
			if drifts, err := db.CheckRows(ctx); err != nil || len(drifts) > 0 {
				t.Fatalf("generated rows against their audit records: %v; %d drifts, the first %v", err, len(drifts), drifts[:min(len(drifts), 3)])
			}
			rows, err := db.reader().QueryContext(ctx, `SELECT after_json FROM audit_events ORDER BY seq`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				rows.Scan(&s)
				events[i] = append(events[i], s)
			}
			rows.Close()
			if _, err := db.Generate(ctx, shape); duban.ErrorCode(err) != duban.Conflict {
				t.Errorf("generating into a database that is not empty: got %v, want a conflict", err)
			}
		}
		db := open()
		if _, err := db.Generate(ctx, shape); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE tasks SET content = 'x' WHERE id = 2500`, `UPDATE assignments SET status = CASE status WHEN 'closed' THEN 'draft' ELSE 'closed' END WHERE id = 4000`, `UPDATE reports SET content = 'y' WHERE id = 17`, `DELETE FROM feedback WHERE id = 3`} {
			if _, err := db.write.ExecContext(ctx, db.rebind(q)); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		drifts, err := db.CheckRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var named []string
		for _, d := range drifts {
			named = append(named, fmt.Sprintf("%s %d %s", d.Table, d.ID, d.Field))
		}
		slices.Sort(named)
		if want := []string{"assignments 4000 status", "feedback 3 ", "reports 17 content", "tasks 2500 content"}; !slices.Equal(named, want) {
			t.Errorf("edits behind duban's back: named %q, want %q", named, want)
		}
		if !slices.Equal(events[0], events[1]) {
			t.Errorf("the same seed gave different data (the audit chain's batch hashes differ)")
		}
	})
}
