package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestWriteWaitsForAnotherProcess: while another process (a CLI import on
// the same SQLite file) holds the write lock for longer than busy_timeout,
// the server's writes wait for it and then succeed instead of failing with
// SQLITE_BUSY. SQLite only: PostgreSQL writers queue on row locks.
func TestWriteWaitsForAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustUnit(t, db, "先建的单位", "")
	// busy_timeout is 10 s; a short one makes the test quick and shows that
	// the write outlives it.
	must(t, db.ExecRaw(ctx, `PRAGMA busy_timeout = 200`))

	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `UPDATE units SET sort = 7 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	const hold = 1500 * time.Millisecond
	released := make(chan error, 1)
	go func() {
		time.Sleep(hold)
		_, err := conn.ExecContext(ctx, `COMMIT`)
		released <- err
	}()
	start := time.Now()
	u := &duban.Unit{Name: "导入期间新建的单位", Kind: duban.UnitDepartment}
	err = db.CreateUnit(ctx, duban.System, u)
	took := time.Since(start)
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatalf("a write while another process held the database: got %v, want it to wait and succeed", err)
	}
	if took < hold-200*time.Millisecond {
		t.Errorf("the write finished after %v, before the other process released the database (%v)", took, hold)
	}
	got, err := db.FindUnit(ctx, u.ID)
	if err != nil || got.Name != u.Name {
		t.Errorf("the unit written: got %v, %v; want %q", got, err, u.Name)
	}
}
