package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"duban/internal/duban"
)

const userCols = `id, username, display_name, role, unit_id, email, phone, disabled, password_hash, must_change_password, password_changed_at, totp_enabled, version, created_at, updated_at`

func scanUser(s interface{ Scan(...any) error }, u *duban.User) error {
	return s.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.UnitID, &u.Email, &u.Phone, &u.Disabled, &u.PasswordHash,
		&u.MustChangePassword, scanNullTime{&u.PasswordChangedAt}, &u.TOTPEnabled, &u.Version, &u.CreatedAt, &u.UpdatedAt)
}

func findUser(ctx context.Context, q queryer, id int64) (*duban.User, error) {
	var u duban.User
	if err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id), &u); err != nil {
		return nil, notFound(err, "用户", id)
	}
	return &u, nil
}

// FindUser returns a user. The system and security administrators and lead
// offices read any user; others read only themselves (anyone else is
// NotFound to them).
func (db *DB) FindUser(ctx context.Context, p *duban.Principal, id int64) (*duban.User, error) {
	if !p.ReadsUsers() && p.UserID != id {
		return nil, duban.Errorf(duban.NotFound, "用户（编号%d）不存在", id)
	}
	return findUser(ctx, db.reader(), id)
}

// ListUsers lists users. The system and security administrators and lead
// offices only.
func (db *DB) ListUsers(ctx context.Context, p *duban.Principal, f duban.UserFilter) (duban.List[duban.User], error) {
	var out duban.List[duban.User]
	if !p.ReadsUsers() {
		return out, duban.ErrForbidden("查看用户列表")
	}
	w := where{}
	if f.UnitID != nil {
		w.add("unit_id = ?", *f.UnitID)
	}
	if f.Role != "" {
		w.add("role = ?", f.Role)
	}
	if f.Text != "" {
		w.add(`(username LIKE ? ESCAPE '\' OR display_name LIKE ? ESCAPE '\')`, likePattern(f.Text), likePattern(f.Text))
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+userCols+` FROM users`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u duban.User
		if err := scanUser(rows, &u); err != nil {
			return out, fmt.Errorf("store: list users: %w", err)
		}
		out.Items = append(out.Items, u)
	}
	return pageOut(out, limit, func(u duban.User) string { return fmt.Sprint(u.ID) }), rows.Err()
}

// CreateUser creates a user with a password. The system administrator,
// for any role but the three administrators' (duban.Principal.CanCreateUser);
// Forbidden otherwise. The password must meet the password policy, and the
// account must change it at its first sign-in, unless duban itself creates
// the account (duban.System: the demo, tests; the first start generates a
// password that meets the policy and sets u.MustChangePassword). Invalid,
// Conflict when the username is taken.
func (db *DB) CreateUser(ctx context.Context, p *duban.Principal, u *duban.User, password string) error {
	if err := p.CanCreateUser(u); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if p != duban.System {
		if err := db.passwords.Check(password, u.Username); err != nil {
			return err
		}
		u.MustChangePassword = true
	}
	// Through the hashers, as a sign-in's hash: bounded in number, its
	// 64 MiB given back when done (a first start creates two or three
	// accounts before the server takes a request).
	var hash string
	var err error
	herr := db.hashing(ctx, busyAccount, func() { hash, err = duban.HashPassword(password) })
	if herr != nil {
		return herr
	}
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return db.update(ctx, p, func(tx *Tx) error {
		if u.UnitID != nil {
			if err := unitExists(ctx, tx, "unit_id", *u.UnitID); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE username = ?`, u.Username).Scan(&n); err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		if n > 0 {
			return &duban.Error{Code: duban.Conflict, Message: fmt.Sprintf("用户名“%s”已被使用", u.Username), Fields: map[string]string{"username": "已被使用"}}
		}
		u.CreatedAt, u.UpdatedAt, u.Version = tx.now, tx.now, 1
		changed := tx.now
		u.PasswordChangedAt = &changed
		id, err := tx.insert(ctx, `INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, must_change_password, password_changed_at, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, u.Username, u.DisplayName, u.Role, u.UnitID, u.Email, u.Phone, u.Disabled, u.PasswordHash, u.MustChangePassword, tx.now, tx.now, tx.now)
		if err != nil {
			return err
		}
		u.ID = id
		if err := tx.rememberPassword(ctx, id, u.PasswordHash); err != nil {
			return err
		}
		return tx.audit(ctx, "user.create", "user", id, nil, u)
	})
}

// UpdateUser changes a user as duban.Principal.CanUpdateUser allows: a
// user their own name, contact and password; the system administrator
// ordinary accounts' profile, unit and enabled state; the security
// administrator roles, enabled state and passwords. Forbidden otherwise.
// A new password must meet the policy and not be one of the last ones; one
// set by the security administrator must be changed at the next sign-in.
// Every session of the user ends when the password changes or the account
// is disabled (but the one changing its own password).
func (db *DB) UpdateUser(ctx context.Context, p *duban.Principal, id int64, version int, up duban.UserUpdate) (*duban.User, error) {
	if !p.ReadsUsers() && p.UserID != id {
		return nil, duban.ErrForbidden("修改其他用户")
	}
	var hash string
	if up.Password != nil {
		// Checked and hashed before the write transaction: hashes take a
		// while, and SQLite has one writer.
		cur, err := findUser(ctx, db.reader(), id)
		if err != nil {
			return nil, err
		}
		if err := p.CanUpdateUser(cur, up); err != nil {
			return nil, err
		}
		if hash, err = db.newPassword(ctx, p, cur, up.CurrentPassword, *up.Password); err != nil {
			return nil, err
		}
	}
	var u *duban.User
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := p.CanUpdateUser(before, up); err != nil {
			return err
		}
		after := *before
		up.Apply(&after)
		if err := after.Validate(); err != nil {
			return err
		}
		if after.UnitID != nil {
			if err := unitExists(ctx, tx, "unit_id", *after.UnitID); err != nil {
				return err
			}
		}
		if hash != "" {
			if err := tx.setPassword(ctx, p, &after, hash); err != nil {
				return err
			}
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "用户", `UPDATE users SET display_name = ?, role = ?, unit_id = ?, email = ?, phone = ?, disabled = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND (? = 0 OR version = ?)`, after.DisplayName, after.Role, after.UnitID, after.Email, after.Phone, after.Disabled, tx.now, id, version, version); err != nil {
			return err
		}
		if after.Disabled {
			if _, err := tx.exec(ctx, `DELETE FROM tokens WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		u = &after
		return tx.audit(ctx, "user.update", "user", id, before, after)
	})
	return u, err
}

// Logout revokes a token.
func (db *DB) Logout(ctx context.Context, p *duban.Principal, token string) error {
	return db.update(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM tokens WHERE token_hash = ?`, hashToken(token)); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.logout", "user", p.UserID, nil, nil)
	})
}

// PrincipalOf returns the principal of a user by username, for the CLI.
func (db *DB) PrincipalOf(ctx context.Context, username string) (*duban.Principal, error) {
	var u duban.User
	if err := scanUser(db.reader().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username), &u); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, duban.Errorf(duban.NotFound, "用户“%s”不存在", username)
		}
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	p := &duban.Principal{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Role: u.Role}
	if u.UnitID != nil {
		p.UnitID = *u.UnitID
	}
	return p, nil
}

// CountUsers returns the number of users, to tell a first start.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
