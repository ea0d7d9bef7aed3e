package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// SetPasswordPolicy sets what new passwords must meet and how long they
// last. Call it before serving.
func (db *DB) SetPasswordPolicy(p duban.PasswordPolicy) { db.passwords = p }

// PasswordPolicy returns the password policy in force.
func (db *DB) PasswordPolicy() duban.PasswordPolicy { return db.passwords }

// ChangePassword changes the caller's own password: the current one is
// required, the new one must meet the policy and not be one of the last
// ones. The caller's other sessions end; this one stays. It clears a forced
// change (first sign-in, reset, expiry). Invalid with per-field messages.
func (db *DB) ChangePassword(ctx context.Context, p *duban.Principal, current, password string) error {
	u, err := findUser(ctx, db.reader(), p.UserID)
	if err != nil {
		return err
	}
	hash, err := db.newPassword(ctx, p, u, &current, password)
	if err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		u, err := findUser(ctx, tx, p.UserID)
		if err != nil {
			return err
		}
		before := *u
		if err := tx.setPassword(ctx, p, u, hash); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET version = version + 1, updated_at = ? WHERE id = ?`, tx.now, u.ID); err != nil {
			return err
		}
		u.Version, u.UpdatedAt = u.Version+1, tx.now
		return tx.audit(ctx, "user.update", "user", u.ID, before, u)
	})
}

// newPassword checks a new password for u set by p: the current password
// when p is u, the policy, and the history; it returns the new hash.
// Everything is hashed before any write transaction.
func (db *DB) newPassword(ctx context.Context, p *duban.Principal, u *duban.User, current *string, pw string) (string, error) {
	if p.UserID == u.ID {
		if err := db.checkCurrent(ctx, u, current); err != nil {
			return "", err
		}
	}
	pol := db.passwords
	if err := pol.Check(pw, u.Username); err != nil {
		return "", err
	}
	recent, err := db.recentPasswords(ctx, u, pol.History)
	if err != nil {
		return "", err
	}
	var hash string
	var reused bool
	var herr error
	err = db.hashing(ctx, busyPassword, func() {
		for _, h := range recent {
			if duban.CheckPassword(h, pw) {
				reused = true
				return
			}
		}
		hash, herr = duban.HashPassword(pw)
	})
	switch {
	case err != nil:
		return "", err
	case herr != nil:
		return "", herr
	case reused:
		return "", duban.ReusedError(pol.History)
	}
	return hash, nil
}

// recentPasswords returns the hashes of u's last n passwords, the current
// one first (an account from before the history was kept has only that).
func (db *DB) recentPasswords(ctx context.Context, u *duban.User, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?`, u.ID, n)
	if err != nil {
		return nil, fmt.Errorf("store: password history: %w", err)
	}
	defer rows.Close()
	out := []string{u.PasswordHash}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: password history: %w", err)
		}
		if h != u.PasswordHash {
			out = append(out, h)
		}
	}
	return out[:min(len(out), n)], rows.Err()
}

// setPassword gives u the password hash set by p: a password set by anyone
// but its owner must be changed at the next sign-in. Every session of u
// ends but the one p is using; the change is remembered in the history and
// audited.
func (t *Tx) setPassword(ctx context.Context, p *duban.Principal, u *duban.User, hash string) error {
	now := t.now
	u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = hash, p.UserID != u.ID, &now
	if _, err := t.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?`,
		hash, u.MustChangePassword, now, u.ID); err != nil {
		return err
	}
	if err := t.rememberPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	keep := int64(0)
	if p.UserID == u.ID {
		keep = p.SessionID
	}
	if _, err := t.exec(ctx, `DELETE FROM tokens WHERE user_id = ? AND id <> ?`, u.ID, keep); err != nil {
		return err
	}
	action := "auth.password_change"
	if p.UserID != u.ID {
		action = "auth.password_reset"
	}
	return t.audit(ctx, action, "user", u.ID, nil, map[string]string{"username": u.Username})
}

// rememberPassword adds a password hash to the user's history and forgets
// all but the last ones the policy looks at.
func (t *Tx) rememberPassword(ctx context.Context, userID int64, hash string) error {
	if _, err := t.insert(ctx, `INSERT INTO password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)`, userID, hash, t.now); err != nil {
		return err
	}
	_, err := t.exec(ctx, `DELETE FROM password_history WHERE user_id = ? AND id NOT IN
		(SELECT id FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?)`, userID, userID, max(1, t.db.passwords.History))
	return err
}
