package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// Recent serves an answer again for at most a second, never after a write
// of the same store has ended, and never remembers an error.
func TestRecentForgetsAtWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		reads := 0
		read := func() (int, error) { reads++; return reads, nil }
		for i := range 20 {
			if v, err := store.Recent(db, "answer", read); err != nil || v != 1 {
				t.Fatalf("ask %d: got %d, %v; want the first answer, 1", i, v, err)
			}
		}
		if err := db.CreateUnit(context.Background(), duban.System, &duban.Unit{Name: "陕西省审计厅", ShortName: "省审计厅", Kind: duban.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
		if v, _ := store.Recent(db, "answer", read); v != 2 {
			t.Fatalf("after a write: got %d, want a fresh read (2)", v)
		}
		time.Sleep(1100 * time.Millisecond)
		if v, _ := store.Recent(db, "answer", read); v != 3 {
			t.Fatalf("a second later: got %d, want a fresh read (3)", v)
		}
		if v, _ := store.Recent(db, "other", read); v != 4 {
			t.Fatalf("another key: got %d, want its own read (4)", v)
		}
		failed := errors.New("database gone")
		fail := func() (int, error) { reads++; return 0, failed }
		if _, err := store.Recent(db, "failing", fail); !errors.Is(err, failed) {
			t.Fatalf("got %v, want the read's error", err)
		}
		if v, err := store.Recent(db, "failing", read); err != nil || v != 6 {
			t.Fatalf("after an error: got %d, %v; want a fresh read (6)", v, err)
		}
	})
}
