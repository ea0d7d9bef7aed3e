package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// mustKeyedChain sets the audit key and writes ten units (ten events).
func mustKeyedChain(t *testing.T, db *store.DB) {
	t.Helper()
	if err := db.SetAuditKey(context.Background(), testKey); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		mustUnit(t, db, fmt.Sprintf("单位%d", i), "")
	}
}

// Deleting the last events and rewinding the head leaves a chain that is
// whole in itself; the anchor kept elsewhere shows it was shortened.
func TestAuditAnchorFindsShortenedChain(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustKeyedChain(t, db)
		anchor, err := db.Anchor(ctx)
		if err != nil || anchor.Seq != 10 {
			t.Fatalf("anchor: got %v, %v; want event 10", anchor, err)
		}
		if _, err := db.VerifyAuditAgainst(ctx, &anchor); err != nil {
			t.Fatalf("intact chain against its anchor: %v", err)
		}
		parsed, err := store.ParseAnchor(anchor.String())
		if err != nil || parsed != anchor {
			t.Fatalf("anchor %q read back as %v, %v", anchor, parsed, err)
		}
		must(t, db.ExecRaw(ctx, `DELETE FROM audit_events WHERE seq > 7`))
		must(t, db.ExecRaw(ctx, `UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7) WHERE id = 1`))
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Fatalf("without the anchor the shortened chain verifies (as the issue found); got %v", err)
		}
		_, err = db.VerifyAuditAgainst(ctx, &anchor)
		var bad *store.AuditProblem
		if !errors.As(err, &bad) || !strings.Contains(bad.Reason, "截短") {
			t.Fatalf("shortened chain against the anchor: got %v, want it named as shortened", err)
		}
	})
}

// An intruder who rewrites an event and recomputes its plain SM3 hash, as
// was enough before the chain was keyed, is found.
func TestAuditKeyedChainResistsRehash(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustKeyedChain(t, db)
		l, err := db.ListAudit(ctx, duban.System, store.AuditFilter{Page: duban.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		e := l.Items[0]
		e.ActorName = "mallory"
		must(t, db.ExecRaw(ctx, `UPDATE audit_events SET actor_name = ?, hash = ? WHERE seq = ?`, e.ActorName, e.ComputeHash(), e.Seq))
		must(t, db.ExecRaw(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, e.ComputeHash()))
		_, err = db.VerifyAudit(ctx)
		var bad *store.AuditProblem
		if !errors.As(err, &bad) || bad.Seq != e.Seq {
			t.Fatalf("rehashed event %d: got %v, want it found", e.Seq, err)
		}
	})
}

// Verifying a keyed chain without its key, or with another one, says so.
func TestAuditKeyMissingOrWrong(t *testing.T) {
	forEachTwin(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		mustKeyedChain(t, a)
		if _, err := b.VerifyAudit(ctx); !errors.Is(err, store.ErrNoAuditKey) {
			t.Errorf("verify without the key: got %v, want ErrNoAuditKey", err)
		}
		if err := b.SetAuditKey(ctx, []byte("another-key-of-32-bytes-0123456789")); !errors.Is(err, store.ErrAuditKey) {
			t.Errorf("another key: got %v, want ErrAuditKey", err)
		}
		if err := b.SetAuditKey(ctx, testKey); err != nil {
			t.Fatal(err)
		}
		if n, err := b.VerifyAudit(ctx); err != nil || n != 10 {
			t.Errorf("verify with the key: got %d, %v; want 10 events", n, err)
		}
	})
}

// Events written before the chain was keyed keep their plain SM3 hashes
// and still verify; the keyed ones follow them.
func TestAuditUnkeyedEventsBeforeCutOver(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must(t, db.ExecRaw(ctx, `UPDATE audit_head SET keyed_from = 4 WHERE id = 1`)) // as migration 0007 does on a database with 3 events
		mustKeyedChain(t, db)
		l, err := db.ListAudit(ctx, duban.System, store.AuditFilter{Page: duban.Page{Limit: 20}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range l.Items {
			if plain := e.ComputeHash() == e.Hash; plain != (e.Seq < 4) {
				t.Errorf("event %d: plain SM3 %v, want plain only before 4", e.Seq, plain)
			}
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 10 {
			t.Errorf("verify: got %d, %v; want 10 events", n, err)
		}
	})
}

// A report's content changed in the database is named by CheckRows, as
// are rows added behind duban's back; the demo as loaded has none.
func TestAuditCheckRowsNamesEdits(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must(t, db.SetAuditKey(ctx, testKey))
		if _, err := demo.Load(ctx, db, duban.DateOf(time.Now())); err != nil {
			t.Fatal(err)
		}
		drifts, err := db.CheckRows(ctx)
		if err != nil || len(drifts) != 0 {
			t.Fatalf("the demo as loaded: got %v, %v; want no drift", drifts, err)
		}
		must(t, db.ExecRaw(ctx, `UPDATE reports SET content = '伪造的进展' WHERE id = (SELECT min(id) FROM reports)`))
		must(t, db.ExecRaw(ctx, `INSERT INTO units (name, short_name, kind, version, created_at, updated_at) SELECT '插入的单位', '插入', kind, 1, created_at, updated_at FROM units WHERE id = 1`))
		drifts, err = db.CheckRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(drifts)
		if len(drifts) != 2 || !strings.Contains(got, "reports 第") || !strings.Contains(got, "的 content") || !strings.Contains(got, "units") {
			t.Errorf("got drifts %s, want the edited report's content and the inserted unit", got)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// An assignment changed in the database behind duban's back (closed, its
// deadline moved, even with its version bumped) is named by CheckRows: each
// write seals the assignment rows it changed in the chain.
func TestAuditCheckRowsNamesAssignmentEdits(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must(t, db.SetAuditKey(ctx, testKey))
		if _, err := demo.Load(ctx, db, duban.DateOf(time.Now())); err != nil {
			t.Fatal(err)
		}
		drifts, err := db.CheckRows(ctx)
		if err != nil || len(drifts) != 0 {
			t.Fatalf("the demo as loaded: got %v, %v; want no drift", drifts, err)
		}
		var open, other int64
		must(t, db.QueryRowRaw(ctx, `SELECT min(id) FROM assignments WHERE status <> 'closed'`, &open))
		must(t, db.QueryRowRaw(ctx, `SELECT max(id) FROM assignments WHERE deadline_kind = 'date'`, &other))
		must(t, db.ExecRaw(ctx, fmt.Sprintf(`UPDATE assignments SET status = 'closed' WHERE id = %d`, open)))
		must(t, db.ExecRaw(ctx, fmt.Sprintf(`UPDATE assignments SET deadline = '2099-12-31', version = version + 1 WHERE id = %d`, other)))
		drifts, err = db.CheckRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(drifts)
		if len(drifts) != 2 || !strings.Contains(got, fmt.Sprintf("assignments 第 %d 条的 status", open)) ||
			!strings.Contains(got, fmt.Sprintf("assignments 第 %d 条的 deadline, version", other)) {
			t.Errorf("got drifts %s, want assignments %d (status) and %d (deadline, version)", got, open, other)
		}
		// A write through duban after the edits does not vouch for them.
		mustUnit(t, db, "之后的单位", "")
		if again, _ := db.CheckRows(ctx); len(again) != 2 {
			t.Errorf("after another write: got drifts %v, want the same two", again)
		}
	})
}
