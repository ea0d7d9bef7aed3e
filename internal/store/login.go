package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"duban/internal/duban"
)

// loginGuard holds what guards the login: the policy, the slots for
// password hashing (argon2id takes 64 MiB a hash, so an unbounded number
// of parallel attempts would exhaust memory), and the hash checked for
// unknown usernames so that they cost the same time as known ones.
type loginGuard struct {
	policy    duban.LoginPolicy
	hashers   chan struct{}
	dummyOnce sync.Once
	dummy     string
	hashes    atomic.Int64 // password hashes computed, for tests
}

// SetLoginPolicy sets how logins are throttled. Call it before serving.
func (db *DB) SetLoginPolicy(p duban.LoginPolicy) {
	db.login.policy = p
	db.login.hashers = make(chan struct{}, max(1, p.Hashers))
}

// What a request refused for want of a free hasher is told, by what the
// hash was for.
const (
	busyLogin    = "同时登录的请求过多，请稍后再试"
	busyPassword = "同时设置密码的请求过多，请稍后再试"
	busyAccount  = "同时创建账号的请求过多，请稍后再试"
)

// hashing runs fn, which computes a password hash, once a hasher is free.
// It waits at most HashWait, then refuses with TooMany and the message busy.
func (db *DB) hashing(ctx context.Context, busy string, fn func()) error {
	if db.login.hashers == nil {
		// A store no login policy was set on (a command of the command
		// line, a test): one caller, nothing to bound.
		db.login.hashes.Add(1)
		fn()
		return nil
	}
	t := time.NewTimer(db.login.policy.HashWait)
	defer t.Stop()
	select {
	case db.login.hashers <- struct{}{}:
	case <-t.C:
		return &duban.Error{Code: duban.TooMany, Message: busy, RetryAfter: 5 * time.Second}
	case <-ctx.Done():
		return fmt.Errorf("store: wait for a hasher: %w", ctx.Err())
	}
	defer func() {
		<-db.login.hashers
		// The hash's memory is garbage now. When no other hash runs, it is
		// collected and given back to the system at once (a few ms), not
		// left resident until the runtime returns it by itself: a server
		// holding 90–110 MB under load went past 150 MB at each sign-in.
		if len(db.login.hashers) == 0 && duban.PasswordHashMiB() >= 16 {
			debug.FreeOSMemory()
		}
	}()
	db.login.hashes.Add(1)
	fn()
	return nil
}

// dummyHash is a hash of a random password with the same parameters as
// real ones, checked when the username is unknown or disabled.
func (db *DB) dummyHash() string {
	db.login.dummyOnce.Do(func() {
		h, err := duban.HashPassword(duban.RandomSecret(16))
		if err != nil {
			panic(err) // a random 22-character secret always meets the policy
		}
		db.login.dummy = h
	})
	return db.login.dummy
}

// LoginAttempt is one try at logging in.
type LoginAttempt struct {
	Username, Password string
	Kind               string // "api" (a bearer token) or "session" (the web cookie)
	IP                 string // the client's address, "" when unknown
	UserAgent          string
	// Code is the authenticator's code (or a recovery code) of an account
	// with a second factor, when given with the password; "" asks for it
	// in a second step.
	Code string
	// factor is "totp" while the second factor is checked, for the audit
	// and the message of a failure.
	factor string
}

// Login checks a username and password and returns a new token and the
// user. Every checked attempt, good or bad, and every lock is written to
// the audit chain. Errors: Invalid for input no account can have;
// Unauthorized, with one message for any failure so that it does not tell
// which usernames exist; Locked when the account is locked after failed
// attempts; TooMany when the client's address is refused or too many
// logins arrive at once.
func (db *DB) Login(ctx context.Context, a LoginAttempt) (string, *duban.User, error) {
	if err := duban.CheckLoginInput(a.Username, a.Password); err != nil {
		return "", nil, err
	}
	now := db.now()
	if err := db.throttled(ctx, a, now); err != nil {
		return "", nil, err
	}
	var u duban.User
	err := scanUser(db.reader().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, a.Username), &u)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("store: login: %w", err)
	}
	found := err == nil
	hash := u.PasswordHash
	var ok bool
	if err := db.hashing(ctx, busyLogin, func() {
		if !found {
			hash = db.dummyHash()
		}
		ok = duban.CheckPassword(hash, a.Password)
	}); err != nil {
		return "", nil, err
	}
	ok = ok && found && !u.Disabled
	if !ok {
		return "", nil, db.loginFailed(ctx, a, u.ID)
	}
	if u.TOTPEnabled {
		return db.secondStep(ctx, &u, a)
	}
	var token string
	err = db.update(ctx, loginActor(a.Username, &u), func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, "user:"+a.Username); err != nil {
			return err
		}
		if token, err = tx.openSession(ctx, u.ID, a.Kind, a.IP, a.UserAgent); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.login", "user", u.ID, nil, map[string]string{"username": a.Username, "kind": a.Kind, "ip": a.IP})
	})
	if err != nil {
		return "", nil, err
	}
	return token, &u, nil
}

func loginActor(username string, u *duban.User) *duban.Principal {
	if u.ID == 0 {
		return &duban.Principal{Username: username}
	}
	return &duban.Principal{UserID: u.ID, Username: username, Role: u.Role}
}

// throttled refuses an attempt on a locked account or from a refused
// address, before any password is hashed.
func (db *DB) throttled(ctx context.Context, a LoginAttempt, now time.Time) error {
	rows, err := db.reader().QueryContext(ctx, `SELECT key, locked_until FROM login_throttle WHERE key IN (?, ?) AND locked_until IS NOT NULL`,
		"user:"+a.Username, "ip:"+a.IP)
	if err != nil {
		return fmt.Errorf("store: login throttle: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var until *time.Time
		if err := rows.Scan(&key, scanNullTime{&until}); err != nil {
			return fmt.Errorf("store: login throttle: %w", err)
		}
		if until != nil && until.After(now) {
			return lockedError(key, *until, now)
		}
	}
	return rows.Err()
}

func lockedError(key string, until, now time.Time) error {
	wait := until.Sub(now).Truncate(time.Second) + time.Second
	at := until.In(duban.ChinaTime).Format("15:04")
	if strings.HasPrefix(key, "ip:") {
		return &duban.Error{Code: duban.TooMany, RetryAfter: wait,
			Message: fmt.Sprintf("您所在的网络地址登录失败次数过多，已暂停登录，请于 %s 后再试", at)}
	}
	return &duban.Error{Code: duban.Locked, RetryAfter: wait,
		Message: fmt.Sprintf("登录失败次数过多，账号已锁定，请于 %s 后再试，或请安全管理员解锁", at)}
}

// loginFailed counts a failed attempt against the account and the address,
// locks them when the policy says so, and audits the failure and any lock.
// It returns the error the caller answers with.
func (db *DB) loginFailed(ctx context.Context, a LoginAttempt, userID int64) error {
	var lock error
	action := "auth.login_failed"
	if a.factor != "" {
		action = "auth.totp_failed"
	}
	err := db.update(ctx, &duban.Principal{Username: a.Username}, func(tx *Tx) error {
		if err := tx.audit(ctx, action, "user", userID, nil, map[string]string{"username": a.Username, "kind": a.Kind, "ip": a.IP}); err != nil {
			return err
		}
		pol := db.login.policy
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)`,
			tx.now.Add(-pol.Window), tx.now); err != nil {
			return err
		}
		until, err := tx.countFailure(ctx, "user:"+a.Username, pol.MaxFailures)
		if err != nil || until == nil {
			return err
		}
		lock = lockedError("user:", *until, tx.now)
		return tx.audit(ctx, "auth.lock", "user", userID, nil, map[string]any{"username": a.Username, "ip": a.IP, "locked_until": until})
	})
	if err != nil {
		return err
	}
	if a.IP == "" {
		return failedLogin(lock, a.factor)
	}
	err = db.update(ctx, &duban.Principal{Username: a.Username}, func(tx *Tx) error {
		until, err := tx.countFailure(ctx, "ip:"+a.IP, db.login.policy.IPMaxFailures)
		if err != nil || until == nil {
			return err
		}
		if lock == nil {
			lock = lockedError("ip:", *until, tx.now)
		}
		return tx.audit(ctx, "auth.lock_address", "address", 0, nil, map[string]any{"ip": a.IP, "locked_until": until})
	})
	if err != nil {
		return err
	}
	return failedLogin(lock, a.factor)
}

// failedLogin is the answer to a wrong password: the lock it caused, or
// one message for any failure.
func failedLogin(lock error, factor string) error {
	if lock != nil {
		return lock
	}
	if factor != "" {
		return duban.Errorf(duban.Unauthorized, "动态验证码不正确或已使用过，请输入身份验证器上当前显示的6位数字，或一个未用过的恢复码")
	}
	return duban.Errorf(duban.Unauthorized, "用户名或密码错误")
}

// countFailure adds a failure to the throttle row of key, starting a new
// window when the last one has passed, and locks the key when the failures
// reach limit. It returns the end of a lock it set, or nil.
func (t *Tx) countFailure(ctx context.Context, key string, limit int) (*time.Time, error) {
	pol := t.db.login.policy
	failures, start := 0, t.now
	var prevStart time.Time
	err := t.QueryRowContext(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = ?`, key).Scan(&failures, scanTime{&prevStart})
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("store: login throttle: %w", err)
	case prevStart.After(t.now.Add(-pol.Window)):
		start = prevStart
	default:
		failures = 0
	}
	failures++
	var until *time.Time
	if limit > 0 && failures >= limit {
		u := t.now.Add(pol.LockFor)
		until = &u
		failures, start = 0, t.now // the lock starts afresh once it ends
	}
	_, err = t.exec(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
		key, failures, start, until)
	return until, err
}

// Unlock lifts the lock of a user's account after failed logins. Security
// administrators only; NotFound for an unknown user.
func (db *DB) Unlock(ctx context.Context, p *duban.Principal, userID int64) error {
	if err := p.RequireSecurityAdmin("解锁账号"); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		u, err := findUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, "user:"+u.Username); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.unlock", "user", userID, nil, map[string]string{"username": u.Username})
	})
}

// LockedUntil returns when a user's account lock ends, or nil when it is
// not locked.
func (db *DB) LockedUntil(ctx context.Context, username string) (*time.Time, error) {
	var until *time.Time
	err := db.reader().QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = ?`, "user:"+username).Scan(scanNullTime{&until})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (until == nil || !until.After(db.now()))) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: locked until: %w", err)
	}
	return until, nil
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// checkCurrent requires the current password of u, so that a session left
// open cannot be used to take over the account by changing its password.
func (db *DB) checkCurrent(ctx context.Context, u *duban.User, current *string) error {
	wrong := &duban.Error{Code: duban.Invalid, Message: "修改自己的密码须先输入当前密码", Fields: map[string]string{"current_password": "当前密码不正确"}}
	if current == nil || *current == "" || len(*current) > duban.MaxPasswordLen {
		return wrong
	}
	var ok bool
	if err := db.hashing(ctx, busyPassword, func() { ok = duban.CheckPassword(u.PasswordHash, *current) }); err != nil {
		return err
	}
	if !ok {
		return wrong
	}
	return nil
}
