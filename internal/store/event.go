package store

import (
	"context"

	"duban/internal/duban"
)

// Record appends one audit event that goes with no other write: a refused
// permission check, an export. detail is kept as the event's after-state.
func (db *DB) Record(ctx context.Context, p *duban.Principal, action, targetType string, targetID int64, detail any) error {
	return db.update(ctx, p, func(tx *Tx) error { return tx.audit(ctx, action, targetType, targetID, nil, detail) })
}
