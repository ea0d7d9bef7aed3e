package store

import (
	"fmt"
	"os"
)

// A server marks the SQLite file it serves by holding a shared lock on a
// file beside it (the database's path with "-serving"), from MarkServing
// until Close. The command line asks servedElsewhere before each batch of
// a large import: only when a server holds the mark does the import pause
// between batches to let the server's writes in (ImportOptions.Shared).
// Several servers may hold the mark at once; the lock goes with the
// process, so a killed server leaves none behind.

// MarkServing takes the serving mark for this process. Nothing on
// PostgreSQL, whose lock queue lets every process's writes in turn.
func (db *DB) MarkServing() error {
	if db.dialect != SQLite || db.serving != nil {
		return nil
	}
	f, err := os.OpenFile(db.path+"-serving", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: serving mark: %w", err)
	}
	if err := lockShared(f); err != nil {
		f.Close()
		return fmt.Errorf("store: serving mark: %w", err)
	}
	db.serving = f
	return nil
}

// servedElsewhere reports whether another process serves this SQLite file
// now. When it cannot tell, it says yes.
func (db *DB) servedElsewhere() bool {
	if db.dialect != SQLite {
		return false
	}
	f, err := os.OpenFile(db.path+"-serving", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return true
	}
	defer f.Close()
	return lockedByOthers(f)
}
