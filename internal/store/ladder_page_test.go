package store

import (
	"context"
	"testing"
	"time"

	"duban/internal/duban"
)

// The ladder reads a national plan a page at a time and takes its steps in
// transactions of several: on a generated plan with more candidates of one
// status than a page holds, every open overdue assignment gets its 催办
// for its deadline, the steps come in deadline order across both open
// statuses, and a second pass the same day finds every step recorded and
// writes nothing at all.
func TestLadderPagesAPlan(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		if _, err := db.Generate(ctx, GenShape{Units: 12, Aspects: 3, ProblemsPerAspect: 4, Tasks: 3000, Seed: 11, Today: benchToday}); err != nil {
			t.Fatal(err)
		}
		if !db.Calendar().IsWorkday(benchToday) {
			t.Fatalf("%s is not a working day: pick another", benchToday)
		}
		var inProgress int
		if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments WHERE status = 'in_progress' AND deadline_kind = 'date' AND sort_deadline <= ?`,
			benchToday.String()).Scan(&inProgress); err != nil {
			t.Fatal(err)
		}
		if inProgress <= ladderPage {
			t.Fatalf("%d overdue assignments in progress: the plan must hold more than a page (%d)", inProgress, ladderPage)
		}
		now := time.Date(2026, time.June, 15, 10, 0, 0, 0, duban.ChinaTime)
		var before int64
		if err := db.reader().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM escalations`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		// The scheduler keeps the first few steps and counts the rest.
		fired, taken, err := db.RunLadderSome(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(fired) != 10 || taken < 2*ladderPage {
			t.Fatalf("%d steps kept of %d taken, want 10 of more than two pages' worth", len(fired), taken)
		}
		// In the order taken (the rows' ids), by deadline and assignment.
		rows, err := db.reader().QueryContext(ctx, `SELECT id, assignment_id, level, deadline_key FROM escalations WHERE id > ? ORDER BY id`, before)
		if err != nil {
			t.Fatal(err)
		}
		var all []duban.Escalation
		for rows.Next() {
			var e duban.Escalation
			if err := rows.Scan(&e.ID, &e.AssignmentID, &e.Level, &e.DeadlineKey); err != nil {
				t.Fatal(err)
			}
			all = append(all, e)
		}
		rows.Close()
		if len(all) != taken {
			t.Fatalf("%d steps recorded, %d reported taken", len(all), taken)
		}
		urged := map[int64]bool{}
		for i, e := range all {
			if i < len(fired) && (fired[i].ID != e.ID || fired[i].Level != e.Level) {
				t.Errorf("kept step %d is %d %s, the %dth recorded is %d %s", i, fired[i].ID, fired[i].Level, i, e.ID, e.Level)
			}
			if e.Level == duban.LevelUrge {
				urged[e.AssignmentID] = true
			}
			if i > 0 {
				p := all[i-1]
				if e.DeadlineKey < p.DeadlineKey || e.DeadlineKey == p.DeadlineKey && e.AssignmentID < p.AssignmentID {
					t.Fatalf("step %d (assignment %d, deadline %s) taken after assignment %d, deadline %s: not in deadline order",
						i, e.AssignmentID, e.DeadlineKey, p.AssignmentID, p.DeadlineKey)
				}
			}
		}
		var missing, overdue int
		if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM escalations e
			WHERE e.assignment_id = a.id AND e.level = 'urge' AND e.deadline_key = a.deadline) THEN 1 ELSE 0 END), 0)
			FROM assignments a WHERE a.status IN ('assigned', 'in_progress') AND a.deadline_kind = 'date' AND a.deadline < ?`,
			benchToday.String()).Scan(&overdue, &missing); err != nil {
			t.Fatal(err)
		}
		if missing != 0 || len(urged) != overdue {
			t.Errorf("%d of %d open overdue assignments without 催办; %d urged in this pass", missing, overdue, len(urged))
		}
		var escalations int
		count := func() int {
			var n int
			if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM escalations`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		escalations = count()
		wrote := db.wrote.Load()
		again, err := db.RunLadder(ctx, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 || count() != escalations || db.wrote.Load() != wrote {
			t.Errorf("second pass: %d steps, escalations %d → %d, %d write transactions; want none", len(again), escalations, count(), db.wrote.Load()-wrote)
		}
	})
}
