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
			for i := range 100 { // one statement of 64, the rest kept
				if err := tx.audit(ctx, "test.kept", "test", int64(i), nil, map[string]int{"i": i}); err != nil {
					return err
				}
			}
			if n := count(tx); n != 100 {
				t.Errorf("inside the transaction a read sees %d of its 100 events", n)
			}
			return tx.audit(ctx, "test.kept", "test", 100, nil, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(db.reader()); n != 101 {
			t.Errorf("after the commit %d events, want 101", n)
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
		if n := count(db.reader()); n != 101 {
			t.Errorf("after the failed commit %d events, want the 101 before it", n)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the chain after a failed commit: %v", err)
		}
	})
}
