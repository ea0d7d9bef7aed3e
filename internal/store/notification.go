package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// Notification is a message in a user's in-app inbox.
type Notification struct {
	ID           int64      `json:"id"`
	Kind         string     `json:"kind"`
	Title        string     `json:"title"`
	Body         string     `json:"body"`
	AssignmentID *int64     `json:"assignment_id"`
	CreatedAt    time.Time  `json:"created_at"`
	ReadAt       *time.Time `json:"read_at"`
}

// Delivery is one attempt-tracked sending of a notification on a channel.
type Delivery struct {
	ID             int64      `json:"id"`
	NotificationID int64      `json:"notification_id"`
	Channel        string     `json:"channel"` // email, dingtalk, wecom, feishu
	Target         string     `json:"target"`  // an address, or a robot's channel id
	Status         string     `json:"status"`  // pending, sent, failed, skipped
	Attempts       int        `json:"attempts"`
	LastError      string     `json:"last_error"`
	NextAt         time.Time  `json:"next_at"`
	SentAt         *time.Time `json:"sent_at"`
	Title          string     `json:"title"`
	Body           string     `json:"body"`
	Secret         string     `json:"-"`
	URL            string     `json:"-"`
}

// Channel is a robot webhook that receives a unit's (or everyone's) notifications.
type Channel struct {
	ID      int64  `json:"id"`
	UnitID  *int64 `json:"unit_id"`
	Kind    string `json:"kind"` // dingtalk, wecom, feishu
	URL     string `json:"url"`
	Secret  string `json:"secret,omitempty"`
	Enabled bool   `json:"enabled"`
	// Signed tells that the robot has a signing secret (which lists omit).
	Signed bool `json:"signed"`
}

// notifyUsers puts a message in each user's inbox, once per (user, kind,
// key), and queues its deliveries: e-mail to users with an address, and one
// post per robot channel of the users' units.
func notifyUsers(ctx context.Context, tx *Tx, users []userRef, kind, key, title, body string, assignmentID *int64) error {
	robots := map[int64]bool{}
	for _, u := range users {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, dedup_key, title, body, assignment_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, dedup_key) DO NOTHING RETURNING id`,
			u.ID, kind, key, title, body, assignmentID, tx.now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: notify: %w", err)
		}
		if err := queueDeliveries(ctx, tx, id, u, robots); err != nil {
			return err
		}
	}
	return nil
}

// queueDeliveries queues a notification's sending to u: by e-mail when u
// has an address, and to each robot of u's unit not in robots yet.
func queueDeliveries(ctx context.Context, tx *Tx, id int64, u userRef, robots map[int64]bool) error {
	if u.Email != "" {
		if err := queueDelivery(ctx, tx, id, "email", u.Email); err != nil {
			return err
		}
	}
	chans, err := unitChannels(ctx, tx, u.Unit)
	if err != nil {
		return err
	}
	for _, c := range chans {
		if !robots[c.ID] {
			robots[c.ID] = true
			if err := queueDelivery(ctx, tx, id, c.Kind, fmt.Sprint(c.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

func queueDelivery(ctx context.Context, tx *Tx, notification int64, channel, target string) error {
	_, err := tx.exec(ctx, `INSERT INTO deliveries (notification_id, channel, target, status, attempts, next_at) VALUES (?, ?, ?, 'pending', 0, ?)`,
		notification, channel, target, tx.now)
	return err
}

func unitChannels(ctx context.Context, q queryer, unitID int64) ([]Channel, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, unit_id, kind, url, secret, enabled FROM channels WHERE enabled AND (unit_id IS NULL OR unit_id = ?) ORDER BY id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("store: channels: %w", err)
	}
	defer rows.Close()
	var out []Channel
	for rows.Next() {
		var c Channel
		if err := rows.Scan(&c.ID, &c.UnitID, &c.Kind, &c.URL, &c.Secret, &c.Enabled); err != nil {
			return nil, fmt.Errorf("store: channels: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateChannel registers a robot webhook. Administrators only.
func (db *DB) CreateChannel(ctx context.Context, p *duban.Principal, c *Channel) error {
	if err := p.RequireAdmin("配置消息通道"); err != nil {
		return err
	}
	switch c.Kind {
	case "dingtalk", "wecom", "feishu":
	default:
		return &duban.Error{Code: duban.Invalid, Message: "通道类型应为 dingtalk（钉钉）、wecom（企业微信）或 feishu（飞书）", Fields: map[string]string{"kind": "无效"}}
	}
	if !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
		return &duban.Error{Code: duban.Invalid, Message: "请填写机器人的 Webhook 地址", Fields: map[string]string{"url": "应以 http:// 或 https:// 开头"}}
	}
	c.Enabled = true
	return db.update(ctx, p, func(tx *Tx) error {
		id, err := tx.insert(ctx, `INSERT INTO channels (unit_id, kind, url, secret, enabled) VALUES (?, ?, ?, ?, TRUE)`, c.UnitID, c.Kind, c.URL, c.Secret)
		if err != nil {
			return err
		}
		c.ID = id
		return tx.audit(ctx, "channel.create", "channel", id, nil, map[string]any{"kind": c.Kind, "unit_id": c.UnitID})
	})
}

// Inbox lists a user's notifications, newest first.
func (db *DB) Inbox(ctx context.Context, p *duban.Principal, unreadOnly bool, page duban.Page) (duban.List[Notification], error) {
	var out duban.List[Notification]
	w := where{}
	w.add("user_id = ?", p.UserID)
	if unreadOnly {
		w.add("read_at IS NULL")
	}
	before, err := idCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	if before > 0 {
		// The cursor is the last message shown; the next page is what comes
		// after it in (time, id) order, compared with its own stored time.
		w.add("(created_at, id) < (SELECT created_at, id FROM notifications WHERE id = ?)", before)
	}
	limit := page.PageLimit()
	// Newest first by the time each message stands for: a pass replayed as
	// of an earlier day writes messages dated that day after later ones.
	rows, err := db.reader().QueryContext(ctx, `SELECT id, kind, title, body, assignment_id, created_at, read_at FROM notifications`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: inbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Kind, &n.Title, &n.Body, &n.AssignmentID, &n.CreatedAt, &n.ReadAt); err != nil {
			return out, fmt.Errorf("store: inbox: %w", err)
		}
		out.Items = append(out.Items, n)
	}
	return pageOut(out, limit, func(n Notification) string { return fmt.Sprint(n.ID) }), rows.Err()
}

// MarkRead marks a notification of the caller's as read.
func (db *DB) MarkRead(ctx context.Context, p *duban.Principal, id int64) error {
	return db.update(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL`, tx.now, id, p.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var c int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE id = ? AND user_id = ?`, id, p.UserID).Scan(&c); err != nil || c == 0 {
				return duban.Errorf(duban.NotFound, "消息（编号%d）不存在", id)
			}
		}
		return nil
	})
}

// ClaimDeliveries takes up to limit deliveries that are due, marking them
// as being sent until lease has passed, so that no other instance sends
// them meanwhile. On PostgreSQL rows locked by another instance are skipped.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	var out []Delivery
	lock := ""
	if db.dialect == Postgres {
		lock = " FOR UPDATE OF d SKIP LOCKED"
	}
	err := db.update(ctx, duban.System, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.id, d.notification_id, d.channel, d.target, d.status, d.attempts, d.last_error, d.next_at, n.title, n.body,
			COALESCE(c.url, ''), COALESCE(c.secret, '')
			FROM deliveries d JOIN notifications n ON n.id = d.notification_id
			LEFT JOIN channels c ON d.channel <> 'email' AND CAST(c.id AS TEXT) = d.target
			WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT `+fmt.Sprint(limit)+lock, now.UTC())
		if err != nil {
			return fmt.Errorf("store: claim deliveries: %w", err)
		}
		for rows.Next() {
			var d Delivery
			if err := rows.Scan(&d.ID, &d.NotificationID, &d.Channel, &d.Target, &d.Status, &d.Attempts, &d.LastError, &d.NextAt, &d.Title, &d.Body, &d.URL, &d.Secret); err != nil {
				rows.Close()
				return fmt.Errorf("store: claim deliveries: %w", err)
			}
			out = append(out, d)
		}
		rows.Close()
		for _, d := range out {
			if _, err := tx.exec(ctx, `UPDATE deliveries SET next_at = ? WHERE id = ?`, now.Add(lease).UTC(), d.ID); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return out, err
}

// FinishDelivery records the outcome of an attempt: sent, or failed with a
// next attempt at retryAt (a zero retryAt gives up).
func (db *DB) FinishDelivery(ctx context.Context, id int64, sendErr error, now, retryAt time.Time) error {
	return db.update(ctx, duban.System, func(tx *Tx) error {
		var err error
		switch {
		case sendErr == nil:
			_, err = tx.exec(ctx, `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, now.UTC(), id)
		case retryAt.IsZero():
			_, err = tx.exec(ctx, `UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, sendErr.Error(), id)
		default:
			_, err = tx.exec(ctx, `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`, sendErr.Error(), retryAt.UTC(), id)
		}
		return err
	})
}

// SkipDelivery marks a delivery that cannot be sent (no mail server configured).
func (db *DB) SkipDelivery(ctx context.Context, id int64, why string) error {
	return db.update(ctx, duban.System, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE deliveries SET status = 'skipped', last_error = ? WHERE id = ?`, why, id)
		return err
	})
}

// ListDeliveries is the delivery log, newest first. Administrators only.
func (db *DB) ListDeliveries(ctx context.Context, p *duban.Principal, status string, page duban.Page) (duban.List[Delivery], error) {
	var out duban.List[Delivery]
	if err := p.RequireAdmin("查看发送日志"); err != nil {
		return out, err
	}
	w := where{}
	if status != "" {
		w.add("d.status = ?", status)
	}
	before, err := idCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	if before > 0 {
		w.add("d.id < ?", before)
	}
	limit := page.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT d.id, d.notification_id, d.channel, d.target, d.status, d.attempts, d.last_error, d.next_at, d.sent_at, n.title, n.body
		FROM deliveries d JOIN notifications n ON n.id = d.notification_id`+w.String()+` ORDER BY d.id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: deliveries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ID, &d.NotificationID, &d.Channel, &d.Target, &d.Status, &d.Attempts, &d.LastError, &d.NextAt, &d.SentAt, &d.Title, &d.Body); err != nil {
			return out, fmt.Errorf("store: deliveries: %w", err)
		}
		out.Items = append(out.Items, d)
	}
	return pageOut(out, limit, func(d Delivery) string { return fmt.Sprint(d.ID) }), rows.Err()
}

// ClaimRun claims the run of a job for a period (a day, an hour) for one
// instance: true for the first to ask, false for every other, so that a
// job meant to run once per period does, however many instances run.
func (db *DB) ClaimRun(ctx context.Context, name, period, instance string) (bool, error) {
	claimed := false
	err := db.update(ctx, duban.System, func(tx *Tx) error {
		var got string
		err := tx.QueryRowContext(ctx, `INSERT INTO job_runs (name, period, instance, started_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name, period) DO NOTHING RETURNING instance`, name, period, instance, tx.now).Scan(&got)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		claimed = err == nil
		return err
	})
	return claimed, err
}
