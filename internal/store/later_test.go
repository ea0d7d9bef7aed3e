package store

import (
	"context"
	"testing"

	"duban/internal/duban"
)

// TestKeptRows: audit events kept to be written several to a statement are
// seen by a read of their table inside the same transaction, all of them
// reach the chain, and a kept row that cannot be written fails the commit
// and leaves nothing of the transaction behind.
func TestKeptRows(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		actor := &duban.Principal{Username: "测试"}
		count := func(q queryer) int {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE action = 'test.kept'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		err := db.update(ctx, actor, func(tx *Tx) error {
			for i := range 300 { // 256 written when the kind fills, the rest kept
				if err := tx.audit(ctx, "test.kept", "test", int64(i), nil, map[string]int{"i": i}); err != nil {
					return err
				}
			}
			if n := count(tx); n != 300 {
				t.Errorf("inside the transaction a read sees %d of its 300 events", n)
			}
			return tx.audit(ctx, "test.kept", "test", 300, nil, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(db.reader()); n != 301 {
			t.Errorf("after the commit %d events, want 301", n)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the chain after kept events: %v", err)
		}

		err = db.update(ctx, actor, func(tx *Tx) error {
			if err := tx.audit(ctx, "test.kept", "test", 200, nil, nil); err != nil {
				return err
			}
			// No assignment 99999999: the row cannot be written.
			return tx.insertLater(ctx, "transitions", `INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at) VALUES`,
				`(?, ?, ?, ?, NULL, ?, ?, ?)`, 99999999, duban.ActionStart, duban.StatusAssigned, duban.StatusInProgress, "测试", "", tx.now)
		})
		if err == nil {
			t.Fatal("a kept row naming a missing assignment was committed")
		}
		if n := count(db.reader()); n != 301 {
			t.Errorf("after the failed commit %d events, want the 301 before it", n)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the chain after a failed commit: %v", err)
		}
	})
}

// TestKeptRowsInOrder keeps new assignments, their ids given ahead, and a
// transition of each: the assignments are written before the transitions
// that refer to them whichever kind was kept first or is read first, and a
// read naming the history their triggers keep sees them there.
func TestKeptRowsInOrder(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		_, err := db.Generate(ctx, GenShape{Units: 70, Aspects: 1, ProblemsPerAspect: 1, Tasks: 1, Seed: 3, Today: benchToday})
		if err != nil {
			t.Fatal(err)
		}
		var first, taskID, unitID, planID, aspectID int64
		if err := db.reader().QueryRowContext(ctx, `SELECT id, task_id, unit_id, plan_id, aspect_id FROM assignments ORDER BY id LIMIT 1`).Scan(&first, &taskID, &unitID, &planID, &aspectID); err != nil {
			t.Fatal(err)
		}
		tallied := func(q queryer) int {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM assignment_history WHERE task_id = ?`, taskID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := tallied(db.reader())
		var ids []int64
		err = db.update(ctx, &duban.Principal{Username: "测试"}, func(tx *Tx) error {
			var units []int64
			rows, err := tx.QueryContext(ctx, `SELECT id FROM units WHERE id <> ? ORDER BY id`, unitID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				units = append(units, id)
			}
			rows.Close()
			transition := func(id int64) error {
				return tx.insertLater(ctx, "transitions", `INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at) VALUES`,
					`(?, ?, ?, ?, NULL, ?, ?, ?)`, id, duban.ActionAssign, duban.StatusDraft, duban.StatusAssigned, "测试", "", tx.now)
			}
			// A transition of an assignment already written is kept first,
			// so that the transitions come before the assignments among
			// the kinds kept.
			if err := transition(first); err != nil {
				return err
			}
			for _, u := range units[:laterBatch] {
				id, err := tx.newID(ctx, "assignments")
				if err != nil {
					return err
				}
				if err := tx.insertLater(ctx, "assignments", `INSERT INTO assignments (id, task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, sort_deadline, version, created_at, updated_at, task_title) VALUES`,
					`(?, ?, ?, ?, ?, FALSE, ?, ?, ?, 2, ?, ?, '测试')`, id, taskID, planID, aspectID, u, duban.StatusAssigned, duban.DeadlineLongTerm, sortDeadline(duban.Date{}), tx.now, tx.now); err != nil {
					return err
				}
				if err := transition(id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			// A read of the transitions writes them, and first the kept
			// assignments they refer to.
			var steps int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transitions WHERE actor_name = '测试'`).Scan(&steps); err != nil {
				return err
			}
			if steps != laterBatch+1 {
				t.Errorf("inside the transaction a read sees %d transitions, want %d", steps, laterBatch+1)
			}
			if got := tallied(tx); got != before+laterBatch {
				t.Errorf("inside the transaction the assignments' history holds %d rows of the task, want %d", got, before+laterBatch)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("kept assignments and their transitions: %v", err)
		}
		var n int
		if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM transitions t JOIN assignments a ON a.id = t.assignment_id WHERE a.task_id = ? AND t.actor_name = '测试'`, taskID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != laterBatch+1 || len(ids) != laterBatch {
			t.Errorf("%d transitions written, want %d", n, laterBatch+1)
		}
	})
}
