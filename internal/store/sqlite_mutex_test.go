//go:build linux

package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"duban/internal/duban"
	"duban/internal/store/storetest"
)

// The store's mutex methods are SQLite's once a store is open: a
// connection's recursive mutex is the no-op handle, a fast one a real lock
// of its own; and readers and the writer used at once from many goroutines
// through the pools leave every row written, counted as written, and a
// sound database.
func TestSQLiteConnectionsWithoutTheirMutex(t *testing.T) {
	storetest.SQLite(t)
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	tls := libc.NewTLS()
	defer tls.Close()
	if h := sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_RECURSIVE); h != sqliteRecursive {
		t.Fatalf("a recursive mutex is %#x, want the no-op handle %#x: the methods are not SQLite's", h, sqliteRecursive)
	}
	a, b := sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_FAST), sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_FAST)
	if a == 0 || b == 0 || a == b || a > sqliteMaxMutexes || b > sqliteMaxMutexes {
		t.Fatalf("two fast mutexes are %#x and %#x, want two real, distinct ones", a, b)
	}
	sqlite3.Xsqlite3_mutex_enter(tls, a)
	if sqlite3.Xsqlite3_mutex_try(tls, a) != sqlite3.SQLITE_BUSY || sqlite3.Xsqlite3_mutex_try(tls, b) != sqlite3.SQLITE_OK {
		t.Fatal("a fast mutex held is not busy to another try, or a free one is")
	}
	sqlite3.Xsqlite3_mutex_leave(tls, b)
	sqlite3.Xsqlite3_mutex_leave(tls, a)
	sqlite3.Xsqlite3_mutex_free(tls, a)
	sqlite3.Xsqlite3_mutex_free(tls, b)

	const writers, readers, each = 3, 6, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				u := &duban.Unit{Name: fmt.Sprintf("并发单位%d-%02d", w, i), ShortName: fmt.Sprintf("并发%d-%02d", w, i)}
				if err := db.CreateUnit(ctx, duban.System, u); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for range readers {
		wg.Go(func() {
			last := 0
			for range 4 * each {
				var n int
				if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE short_name LIKE '并发%'`).Scan(&n); err != nil {
					errs <- err
					return
				}
				if n < last {
					errs <- fmt.Errorf("a reader counted %d units after %d", n, last)
					return
				}
				last = n
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	var check string
	if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE short_name LIKE '并发%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := db.reader().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil {
		t.Fatal(err)
	}
	if n != writers*each || check != "ok" {
		t.Errorf("after the concurrent run: %d units (want %d), integrity %q", n, writers*each, check)
	}
}
