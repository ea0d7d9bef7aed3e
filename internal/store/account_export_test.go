package store

import (
	"context"
	"database/sql"
)

// QueryRowForTest runs a read query of a test on the store's readers.
func QueryRowForTest(db *DB, q string, args ...any) *sql.Row {
	return db.reader().QueryRowContext(context.Background(), q, args...)
}

// ExecForTest runs a write of a test behind the store's back, as someone
// editing the database directly would.
func ExecForTest(db *DB, q string, args ...any) error {
	_, err := db.write.ExecContext(context.Background(), db.rebind(q), args...)
	return err
}
