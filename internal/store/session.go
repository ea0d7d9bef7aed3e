package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"duban/internal/duban"
)

// Token kinds: a web session (ends when idle), an API bearer token (keeps
// its lifetime), and the ticket between the password and the second factor
// of a sign-in, which opens nothing.
const (
	kindSession = "session"
	kindAPI     = "api"
	kindTicket  = "totp"
	// kindSSO is a web session opened by single sign-on: it ends when idle
	// like any web session, but no password or second factor of duban's
	// is pending for it (the identity provider checked the person).
	kindSSO = "sso"
)

// ticketTTL is how long the ticket between the password and the second
// factor lasts.
const ticketTTL = 5 * time.Minute

// touchEvery is how stale last_seen_at may get before a request writes it:
// a write on every request would queue behind SQLite's one writer.
const touchEvery = time.Minute

// SetSessionPolicy sets how long sign-ins last and which roles need a
// second factor. Call it before serving.
func (db *DB) SetSessionPolicy(p duban.SessionPolicy) { db.sessions = p }

// SessionPolicy returns the session policy in force.
func (db *DB) SessionPolicy() duban.SessionPolicy { return db.sessions }

// openSession creates a token of kind for user u and returns it.
func (t *Tx) openSession(ctx context.Context, userID int64, kind, ip, userAgent string) (string, error) {
	if _, err := t.exec(ctx, `DELETE FROM tokens WHERE expires_at < ?`, t.now); err != nil {
		return "", err
	}
	if idle := t.db.sessions.Idle; idle > 0 {
		if _, err := t.exec(ctx, `DELETE FROM tokens WHERE kind IN (?, ?) AND last_seen_at < ?`, kindSession, kindSSO, t.now.Add(-idle)); err != nil {
			return "", err
		}
	}
	token := duban.RandomSecret(32)
	life := t.db.sessions.Lifetime
	if kind == kindTicket {
		life = ticketTTL
	}
	_, err := t.insert(ctx, `INSERT INTO tokens (token_hash, user_id, kind, created_at, expires_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		hashToken(token), userID, kind, t.now, t.now.Add(life), t.now, truncate(ip, 64), truncate(userAgent, 200))
	return token, err
}

// A token found valid is remembered like Recent's answers (recent.go): for
// at most a second, and not past the end of any write transaction of this
// process. A list request on PostgreSQL was otherwise two statements, one
// of them only to read the session. So a sign-out, a revoked session, a
// disabled account, a changed role or password on this server count from
// the next request; one made by another server on the same PostgreSQL
// counts within the second. Expiry and idleness are judged on every
// request against the clock, and unknown tokens are never remembered.

// authEntry is what Authenticate read for a token.
type authEntry struct {
	p                          duban.Principal
	kind                       string
	expires, lastSeen, created time.Time
	changed                    *time.Time
	mustChange, totp           bool
}

// Authenticate returns the principal of a session or bearer token, with
// what it must do first (Pending: change its password, enrol a second
// factor). Unauthorized when the token is unknown, expired, idle too long
// (web sessions), or its user disabled.
func (db *DB) Authenticate(ctx context.Context, token string) (*duban.Principal, error) {
	hash := hashToken(token)
	key := "token\x00" + hash
	e, err := Recent(db, key, func() (authEntry, error) {
		var e authEntry
		var unit *int64
		db.authReads.Add(1)
		err := db.reader().QueryRowContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.must_change_password, u.password_changed_at,
		u.totp_enabled, u.created_at, t.id, t.kind, t.expires_at, COALESCE(t.last_seen_at, t.created_at)
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.kind IN (?, ?, ?) AND NOT u.disabled`, hash, kindSession, kindAPI, kindSSO).
			Scan(&e.p.UserID, &e.p.Username, &e.p.Name, &e.p.Role, &unit, &e.mustChange, scanNullTime{&e.changed}, &e.totp, &e.created, &e.p.SessionID, &e.kind, scanTime{&e.expires}, scanTime{&e.lastSeen})
		if errors.Is(err, sql.ErrNoRows) {
			return e, duban.Errorf(duban.Unauthorized, "登录已失效，请重新登录")
		}
		if err != nil {
			return e, fmt.Errorf("store: authenticate: %w", err)
		}
		if unit != nil {
			e.p.UnitID = *unit
		}
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	now := db.now()
	if e.expires.Before(now) {
		return nil, duban.Errorf(duban.Unauthorized, "登录已失效，请重新登录")
	}
	idle := db.sessions.Idle
	if e.kind != kindAPI && idle > 0 && e.lastSeen.Add(idle).Before(now) {
		return nil, duban.Errorf(duban.Unauthorized, "超过%s未操作，登录已失效，请重新登录", spell(idle))
	}
	if now.Sub(e.lastSeen) >= touchEvery {
		db.touch(ctx, e.p.SessionID, now)
		// Noted in the entry too, or every request until it is read
		// again would write.
		e.lastSeen = now
		db.recent.update(key, db.wrote.Load(), e)
	}
	p := e.p
	if e.kind != kindSSO {
		p.Pending = db.pending(p.Role, e.mustChange, e.changed, e.created, e.totp, now)
	}
	return &p, nil
}

// touchWait is how long a request waits to note that its session is in
// use: behind a long write on SQLite's one writer connection it gives up
// rather than hold up a read.
const touchWait = 200 * time.Millisecond

// touch notes that a session was used at now. It is best effort: a
// request is not failed or held up for it, and the next request a minute
// on tries again (a session is idle only after 30 minutes without one
// succeeding).
func (db *DB) touch(ctx context.Context, id int64, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, touchWait)
	defer cancel()
	db.write.ExecContext(ctx, db.rebind(`UPDATE tokens SET last_seen_at = ? WHERE id = ?`), now, id)
}

// pending says what a user must do before anything else.
func (db *DB) pending(role duban.Role, mustChange bool, changed *time.Time, created time.Time, totp bool, now time.Time) string {
	switch {
	case mustChange && (changed == nil || !changed.After(created)):
		return duban.PendingInitial
	case mustChange:
		return duban.PendingReset
	case db.passwords.MaxAge > 0 && changed != nil && changed.Add(db.passwords.MaxAge).Before(now):
		return duban.PendingExpired
	case !totp && db.sessions.RequiresTOTP(role):
		return duban.PendingTOTP
	}
	return ""
}

// spell writes a duration as people say it: 30分钟, 2小时.
func spell(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d小时", d/time.Hour)
	}
	if d >= time.Minute {
		return fmt.Sprintf("%d分钟", d/time.Minute)
	}
	return fmt.Sprintf("%d秒", d/time.Second)
}

// ListSessions returns the caller's own sessions and tokens that are still
// open, the most recently used first, marking the one in use.
func (db *DB) ListSessions(ctx context.Context, p *duban.Principal) ([]duban.Session, error) {
	now := db.now()
	rows, err := db.reader().QueryContext(ctx, `SELECT id, kind, `+tsCol("created_at")+`, COALESCE(last_seen_at, created_at), `+tsCol("expires_at")+`, ip, user_agent
		FROM tokens WHERE user_id = ? AND kind IN (?, ?, ?) AND expires_at > ? ORDER BY COALESCE(last_seen_at, created_at) DESC, id DESC`, p.UserID, kindSession, kindAPI, kindSSO, now)
	if err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	defer rows.Close()
	out := []duban.Session{}
	for rows.Next() {
		var s duban.Session
		if err := rows.Scan(&s.ID, &s.Kind, scanTime{&s.CreatedAt}, scanTime{&s.LastSeenAt}, scanTime{&s.ExpiresAt}, &s.IP, &s.UserAgent); err != nil {
			return nil, fmt.Errorf("store: list sessions: %w", err)
		}
		if idle := db.sessions.Idle; s.Kind != kindAPI && idle > 0 && s.LastSeenAt.Add(idle).Before(now) {
			continue
		}
		s.Current = s.ID == p.SessionID
		out = append(out, s)
	}
	return out, rows.Err()
}

// RevokeSession ends one of the caller's own sessions at once (the token
// is deleted, so its next request is refused). NotFound for a session that
// is not the caller's.
func (db *DB) RevokeSession(ctx context.Context, p *duban.Principal, id int64) error {
	return db.update(ctx, p, func(tx *Tx) error {
		var kind, ip string
		err := tx.QueryRowContext(ctx, `SELECT kind, ip FROM tokens WHERE id = ? AND user_id = ? AND kind IN (?, ?, ?)`, id, p.UserID, kindSession, kindAPI, kindSSO).Scan(&kind, &ip)
		if err != nil {
			return notFound(err, "会话", id)
		}
		if _, err := tx.exec(ctx, `DELETE FROM tokens WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.session_revoke", "user", p.UserID, nil, map[string]any{"session": id, "kind": kind, "ip": ip})
	})
}
