package store

import (
	"context"
	"database/sql"
)

// QueryRowForTest runs a read query of a test on the store's readers.
func QueryRowForTest(db *DB, q string, args ...any) *sql.Row {
	return db.reader().QueryRowContext(context.Background(), q, args...)
}
