package store

import (
	"context"
	"database/sql"
	"time"

	"duban/internal/duban"
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

// HoldWriteForTest keeps a write transaction open for d, closing started
// once it holds the writer.
func HoldWriteForTest(db *DB, started chan struct{}, d time.Duration) error {
	return db.update(context.Background(), duban.System, func(tx *Tx) error {
		if _, err := tx.exec(context.Background(), `UPDATE audit_head SET hash = hash WHERE id = 1`); err != nil {
			return err
		}
		close(started)
		time.Sleep(d)
		return nil
	})
}
