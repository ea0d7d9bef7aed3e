package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"duban/internal/duban"
)

// LoginExternal opens a session for username, whose identity an external
// system (via: "oidc") has vouched for: no password is checked, but the
// account must exist and be enabled. Both outcomes are audited with via.
// Unauthorized when there is no such enabled account.
func (db *DB) LoginExternal(ctx context.Context, username, kind, via string) (string, *duban.User, error) {
	var u duban.User
	err := scanUser(db.reader().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username), &u)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("store: login: %w", err)
	}
	ok := err == nil && !u.Disabled
	actor := &duban.Principal{UserID: u.ID, Username: username, Role: u.Role}
	if u.ID == 0 {
		actor = &duban.Principal{Username: username}
	}
	var token string
	err = db.update(ctx, actor, func(tx *Tx) error {
		if !ok {
			return tx.audit(ctx, "auth.login_failed", "user", u.ID, nil, map[string]string{"username": username, "via": via})
		}
		var err error
		if kind == kindSession {
			kind = kindSSO
		}
		if token, err = tx.openSession(ctx, u.ID, kind, "", ""); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.login", "user", u.ID, nil, map[string]string{"username": username, "kind": kind, "via": via})
	})
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return "", nil, duban.Errorf(duban.Unauthorized, "统一身份认证的账号“%s”在本系统中不存在或已停用，请联系系统管理员", username)
	}
	return token, &u, nil
}
