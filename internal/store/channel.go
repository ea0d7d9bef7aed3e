package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// ListChannels lists the robot channels, oldest first, without their
// secrets. Administrators only.
func (db *DB) ListChannels(ctx context.Context, p *duban.Principal) ([]Channel, error) {
	if err := p.RequireAdmin("查看消息通道"); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, unit_id, kind, url, secret, enabled FROM channels ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: channels: %w", err)
	}
	defer rows.Close()
	out := []Channel{}
	for rows.Next() {
		var c Channel
		if err := rows.Scan(&c.ID, &c.UnitID, &c.Kind, &c.URL, &c.Secret, &c.Enabled); err != nil {
			return nil, fmt.Errorf("store: channels: %w", err)
		}
		c.Signed, c.Secret = c.Secret != "", ""
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindChannel returns a robot channel with its secret, to send a test
// message through it. Administrators only; NotFound if missing.
func (db *DB) FindChannel(ctx context.Context, p *duban.Principal, id int64) (*Channel, error) {
	if err := p.RequireAdmin("查看消息通道"); err != nil {
		return nil, err
	}
	var c Channel
	err := db.reader().QueryRowContext(ctx, `SELECT id, unit_id, kind, url, secret, enabled FROM channels WHERE id = ?`, id).
		Scan(&c.ID, &c.UnitID, &c.Kind, &c.URL, &c.Secret, &c.Enabled)
	if err != nil {
		return nil, notFound(err, "消息通道", id)
	}
	c.Signed = c.Secret != ""
	return &c, nil
}

// SetChannelEnabled turns a robot channel on or off: a channel turned off
// gets no new deliveries. Administrators only; NotFound if missing.
func (db *DB) SetChannelEnabled(ctx context.Context, p *duban.Principal, id int64, enabled bool) error {
	if err := p.RequireAdmin("修改消息通道"); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE channels SET enabled = ? WHERE id = ?`, enabled, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return duban.Errorf(duban.NotFound, "消息通道（编号%d）不存在", id)
		}
		return tx.audit(ctx, "channel.update", "channel", id, nil, map[string]any{"enabled": enabled})
	})
}
