package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// recoveryCount is how many recovery codes an enrolment gives.
const recoveryCount = 10

// errTOTPRequired answers the right password of an account with a second
// factor when no code came with it.
var errTOTPRequired = &duban.Error{Code: duban.TOTPRequired, Message: "该账号已启用双因素认证：请输入身份验证器上的6位动态验证码"}

// secondStep goes on with a sign-in whose password was right, for an
// account with a second factor: with a code it checks the code; without,
// it returns a ticket (valid for a few minutes, good for nothing but
// LoginSecondFactor) and TOTPRequired.
func (db *DB) secondStep(ctx context.Context, u *duban.User, a LoginAttempt) (string, *duban.User, error) {
	if a.Code != "" {
		token, err := db.checkSecondFactor(ctx, u, a, 0)
		return token, u, err
	}
	var ticket string
	err := db.update(ctx, loginActor(a.Username, u), func(tx *Tx) error {
		var err error
		ticket, err = tx.openSession(ctx, u.ID, kindTicket+":"+a.Kind, a.IP, a.UserAgent)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return ticket, u, errTOTPRequired
}

// LoginSecondFactor finishes a sign-in with the ticket Login gave and the
// authenticator's code, or a recovery code, and returns the session or
// token Login would have. A wrong code counts as a failed sign-in of the
// account (the same lock as wrong passwords). Unauthorized for an unknown
// or expired ticket or a wrong code; Locked, TooMany as Login.
func (db *DB) LoginSecondFactor(ctx context.Context, ticket, code, ip, userAgent string) (string, *duban.User, error) {
	var u duban.User
	var ticketID int64
	var kind string
	err := db.reader().QueryRowContext(ctx, `SELECT t.id, t.kind FROM tokens t WHERE t.token_hash = ? AND t.kind LIKE ? AND t.expires_at > ?`,
		hashToken(ticket), kindTicket+":%", db.now()).Scan(&ticketID, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, duban.Errorf(duban.Unauthorized, "验证已超时，请重新输入用户名和密码登录")
	}
	if err != nil {
		return "", nil, fmt.Errorf("store: second factor: %w", err)
	}
	if err := scanUser(db.reader().QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE id = (SELECT user_id FROM tokens WHERE id = ?)`, ticketID), &u); err != nil {
		return "", nil, fmt.Errorf("store: second factor: %w", err)
	}
	a := LoginAttempt{Username: u.Username, Kind: strings.TrimPrefix(kind, kindTicket+":"), IP: ip, UserAgent: userAgent, Code: code}
	if err := db.throttled(ctx, a, db.now()); err != nil {
		return "", nil, err
	}
	if u.Disabled || !u.TOTPEnabled {
		return "", nil, duban.Errorf(duban.Unauthorized, "验证已超时，请重新输入用户名和密码登录")
	}
	token, err := db.checkSecondFactor(ctx, &u, a, ticketID)
	return token, &u, err
}

// checkSecondFactor checks a's code for u: a code of the authenticator
// newer than the last one used, or an unused recovery code. Right, it
// opens the session (ending the ticket, if any); wrong, it counts a failure.
func (db *DB) checkSecondFactor(ctx context.Context, u *duban.User, a LoginAttempt, ticketID int64) (string, error) {
	a.factor = "totp"
	if len(a.Code) > 64 || duban.HasControl(a.Code) {
		return "", db.loginFailed(ctx, a, u.ID)
	}
	var secret string
	var last int64
	if err := db.reader().QueryRowContext(ctx, `SELECT totp_secret, totp_last_step FROM users WHERE id = ?`, u.ID).Scan(&secret, &last); err != nil {
		return "", fmt.Errorf("store: second factor: %w", err)
	}
	secret, err := db.openTOTP(u.ID, secret)
	if err != nil {
		return "", err
	}
	step, ok := duban.MatchTOTP(secret, a.Code, db.now(), last)
	var recoveryID int64
	if !ok && len(strings.TrimSpace(a.Code)) != 6 {
		err := db.reader().QueryRowContext(ctx, `SELECT id FROM totp_recovery WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
			u.ID, duban.HashRecoveryCode(a.Code)).Scan(&recoveryID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: recovery code: %w", err)
		}
		ok = recoveryID != 0
	}
	if !ok {
		return "", db.loginFailed(ctx, a, u.ID)
	}
	var token string
	err = db.update(ctx, loginActor(a.Username, u), func(tx *Tx) error {
		via := "totp"
		if recoveryID != 0 {
			via = "recovery"
			if n, err := tx.changed(ctx, `UPDATE totp_recovery SET used_at = ? WHERE id = ? AND used_at IS NULL`, tx.now, recoveryID); err != nil || n == 0 {
				return usedCode(err)
			}
			if err := tx.audit(ctx, "auth.recovery_used", "user", u.ID, nil, map[string]string{"username": u.Username}); err != nil {
				return err
			}
		} else if n, err := tx.changed(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, u.ID, step); err != nil || n == 0 {
			return usedCode(err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM tokens WHERE id = ? OR (user_id = ? AND kind LIKE ?)`, ticketID, u.ID, kindTicket+":%"); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, "user:"+a.Username); err != nil {
			return err
		}
		var err error
		if token, err = tx.openSession(ctx, u.ID, a.Kind, a.IP, a.UserAgent); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.login", "user", u.ID, nil, map[string]string{"username": a.Username, "kind": a.Kind, "ip": a.IP, "via": via})
	})
	return token, err
}

// usedCode is the error for a code another request used a moment before.
func usedCode(err error) error {
	if err != nil {
		return err
	}
	return duban.Errorf(duban.Unauthorized, "动态验证码已使用过，请等身份验证器显示下一个")
}

// TOTPState is what one's own second factor looks like.
type TOTPState struct {
	Enabled  bool   `json:"enabled"`
	Secret   string `json:"secret,omitempty"`  // the secret being enrolled, until it is confirmed
	Address  string `json:"address,omitempty"` // its otpauth:// address, for the QR code
	Recovery int    `json:"recovery_left"`     // recovery codes not used yet
	Required bool   `json:"required"`          // the role must use a second factor

	stored string // the secret as the users table holds it (encrypted)
}

// TOTP returns the caller's second factor: enabled or not, the secret
// being enrolled, the recovery codes left.
func (db *DB) TOTP(ctx context.Context, p *duban.Principal) (*TOTPState, error) {
	var st TOTPState
	if err := db.reader().QueryRowContext(ctx, `SELECT totp_enabled, totp_secret FROM users WHERE id = ?`, p.UserID).Scan(&st.Enabled, &st.stored); err != nil {
		return nil, notFound(err, "用户", p.UserID)
	}
	var err error
	if st.Secret, err = db.openTOTP(p.UserID, st.stored); err != nil {
		return nil, err
	}
	st.Required = db.sessions.RequiresTOTP(p.Role)
	if st.Enabled {
		st.Secret = ""
		err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM totp_recovery WHERE user_id = ? AND used_at IS NULL`, p.UserID).Scan(&st.Recovery)
		if err != nil {
			return nil, fmt.Errorf("store: recovery codes: %w", err)
		}
	} else if st.Secret != "" {
		st.Address = duban.TOTPAddress(st.Secret, p.Username)
	}
	return &st, nil
}

// StartTOTP begins the caller's enrolment: a new secret, kept until a code
// confirms it. Conflict when a second factor is already enabled.
func (db *DB) StartTOTP(ctx context.Context, p *duban.Principal) (*TOTPState, error) {
	secret, address, err := duban.NewTOTPKey(p.Username)
	if err != nil {
		return nil, fmt.Errorf("store: totp key: %w", err)
	}
	sealed, err := db.sealTOTP(p.UserID, secret)
	if err != nil {
		return nil, err
	}
	err = db.update(ctx, p, func(tx *Tx) error {
		n, err := tx.changed(ctx, `UPDATE users SET totp_secret = ? WHERE id = ? AND NOT totp_enabled`, sealed, p.UserID)
		if err != nil {
			return err
		}
		if n == 0 {
			return duban.Errorf(duban.Conflict, "您已启用双因素认证；如需更换手机，请先停用再重新绑定")
		}
		return tx.audit(ctx, "auth.totp_start", "user", p.UserID, nil, map[string]string{"username": p.Username})
	})
	if err != nil {
		return nil, err
	}
	return &TOTPState{Secret: secret, Address: address, Required: db.sessions.RequiresTOTP(p.Role)}, nil
}

// ConfirmTOTP enables the second factor begun by StartTOTP when code is
// the authenticator's current code, and returns the recovery codes, shown
// this once (only their hashes are kept). Invalid for a wrong code,
// Conflict when nothing is being enrolled.
func (db *DB) ConfirmTOTP(ctx context.Context, p *duban.Principal, code string) ([]string, error) {
	st, err := db.TOTP(ctx, p)
	if err != nil {
		return nil, err
	}
	if st.Enabled || st.Secret == "" {
		return nil, duban.Errorf(duban.Conflict, "没有待确认的身份验证器，请先开始绑定")
	}
	step, ok := duban.MatchTOTP(st.Secret, code, db.now(), 0)
	if !ok {
		return nil, &duban.Error{Code: duban.Invalid, Message: "动态验证码不正确：请输入身份验证器上当前显示的6位数字（并检查手机时间是否准确）", Fields: map[string]string{"code": "不正确"}}
	}
	codes := duban.RecoveryCodes(recoveryCount)
	err = db.update(ctx, p, func(tx *Tx) error {
		n, err := tx.changed(ctx, `UPDATE users SET totp_enabled = TRUE, totp_last_step = ? WHERE id = ? AND totp_secret = ? AND NOT totp_enabled`, step, p.UserID, st.stored)
		if err != nil {
			return err
		}
		if n == 0 {
			return duban.Errorf(duban.Conflict, "身份验证器已在别处绑定或更换，请刷新后重试")
		}
		if err := tx.replaceRecovery(ctx, p.UserID, codes); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.totp_enable", "user", p.UserID, nil, map[string]string{"username": p.Username})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

func (t *Tx) replaceRecovery(ctx context.Context, userID int64, codes []string) error {
	if _, err := t.exec(ctx, `DELETE FROM totp_recovery WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := t.insert(ctx, `INSERT INTO totp_recovery (user_id, code_hash) VALUES (?, ?)`, userID, duban.HashRecoveryCode(c)); err != nil {
			return err
		}
	}
	return nil
}

// DisableTOTP turns off the caller's own second factor, proven by a
// current code or an unused recovery code. Forbidden when the role must
// use one; Invalid for a wrong code.
func (db *DB) DisableTOTP(ctx context.Context, p *duban.Principal, code string) error {
	if db.sessions.RequiresTOTP(p.Role) {
		return duban.ErrForbidden("停用双因素认证（您的角色必须使用）")
	}
	var secret string
	var last int64
	if err := db.reader().QueryRowContext(ctx, `SELECT totp_secret, totp_last_step FROM users WHERE id = ? AND totp_enabled`, p.UserID).Scan(&secret, &last); err != nil {
		return notFound(err, "双因素认证", p.UserID)
	}
	secret, err := db.openTOTP(p.UserID, secret)
	if err != nil {
		return err
	}
	_, ok := duban.MatchTOTP(secret, code, db.now(), last)
	if !ok {
		var id int64
		err := db.reader().QueryRowContext(ctx, `SELECT id FROM totp_recovery WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, p.UserID, duban.HashRecoveryCode(code)).Scan(&id)
		ok = err == nil && id != 0
	}
	if !ok {
		return &duban.Error{Code: duban.Invalid, Message: "动态验证码不正确，不能停用", Fields: map[string]string{"code": "不正确"}}
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if err := tx.clearTOTP(ctx, p.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.totp_disable", "user", p.UserID, nil, map[string]string{"username": p.Username})
	})
}

// ResetTOTP removes another user's second factor (a lost phone), so that
// they sign in with the password and enrol again; every session of theirs
// ends. The security administrator only; NotFound for an unknown user.
func (db *DB) ResetTOTP(ctx context.Context, p *duban.Principal, userID int64) error {
	if err := p.RequireSecurityAdmin("重置他人的双因素认证"); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		u, err := findUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := tx.clearTOTP(ctx, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM tokens WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.audit(ctx, "auth.totp_reset", "user", userID, nil, map[string]string{"username": u.Username})
	})
}

func (t *Tx) clearTOTP(ctx context.Context, userID int64) error {
	if _, err := t.exec(ctx, `UPDATE users SET totp_enabled = FALSE, totp_secret = '', totp_last_step = 0 WHERE id = ?`, userID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `DELETE FROM totp_recovery WHERE user_id = ?`, userID)
	return err
}

// changed runs a write and returns how many rows it changed.
func (t *Tx) changed(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
