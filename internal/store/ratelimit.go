package store

import (
	"context"
	"fmt"
	"time"
)

// RateAllowed reports whether key may have one more event of scope at now:
// fewer than n recorded within the window before now. The events live in
// the database, so every instance on it counts the same events.
func (db *DB) RateAllowed(ctx context.Context, scope, key string, n int, window time.Duration, now time.Time) (bool, error) {
	var count int
	err := db.write.QueryRowContext(ctx, db.rebind(`SELECT count(*) FROM rate_events WHERE scope = ? AND key = ? AND at > ?`),
		scope, key, now.UTC().Add(-window)).Scan(&count)
	if err != nil {
		return false, fmt.Errorf("store: rate limit: %w", err)
	}
	return count < n, nil
}

// RateRecord records an event of scope for key at now and forgets the
// scope's events older than the window.
func (db *DB) RateRecord(ctx context.Context, scope, key string, window time.Duration, now time.Time) error {
	now = now.UTC().Truncate(time.Microsecond)
	if _, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM rate_events WHERE scope = ? AND at <= ?`), scope, now.Add(-window)); err != nil {
		return fmt.Errorf("store: rate limit: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, db.rebind(`INSERT INTO rate_events (scope, key, at) VALUES (?, ?, ?)`), scope, key, now); err != nil {
		return fmt.Errorf("store: rate limit: %w", err)
	}
	return nil
}
