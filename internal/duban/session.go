package duban

import (
	"slices"
	"time"
)

// SessionPolicy is how long a sign-in lasts and who must sign in with a
// second factor.
type SessionPolicy struct {
	// Idle ends a web session not used for this long; 0 never. Bearer
	// tokens of the API keep their whole lifetime.
	Idle time.Duration
	// Lifetime ends any session or token this long after the sign-in.
	Lifetime time.Duration
	// TOTPRoles must sign in with a code of an authenticator app; an
	// account of such a role without one must enrol before anything else.
	TOTPRoles []Role
}

// DefaultSessionPolicy ends web sessions after 30 idle minutes and any
// sign-in after 12 hours; no role must use a second factor.
func DefaultSessionPolicy() SessionPolicy {
	return SessionPolicy{Idle: 30 * time.Minute, Lifetime: 12 * time.Hour}
}

// RequiresTOTP reports whether role r must sign in with a second factor.
func (p SessionPolicy) RequiresTOTP(r Role) bool { return slices.Contains(p.TOTPRoles, r) }

// What a signed-in caller must do before anything else (Principal.Pending).
const (
	PendingInitial = "password_initial" // change the password someone else chose at creation
	PendingReset   = "password_reset"   // change the password the security administrator reset
	PendingExpired = "password_expired" // change a password older than the policy allows
	PendingTOTP    = "totp_enrolment"   // enrol an authenticator app, which the role requires
)

// PendingError is the error refusing a request of a caller with something
// pending, nil when nothing is.
func (p *Principal) PendingError() error {
	switch p.Pending {
	case "":
		return nil
	case PendingInitial:
		return &Error{Code: PasswordChangeRequired, Message: "首次登录须先修改初始密码，修改后才能使用其他功能"}
	case PendingReset:
		return &Error{Code: PasswordChangeRequired, Message: "您的密码已由安全管理员重置，须先修改密码，修改后才能使用其他功能"}
	case PendingExpired:
		return &Error{Code: PasswordChangeRequired, Message: "您的密码已过期，须先修改密码，修改后才能使用其他功能"}
	}
	return &Error{Code: TOTPEnrolmentRequired, Message: "您的角色须启用双因素认证（动态验证码），请先绑定身份验证器"}
}

// Session is one sign-in of a user: a web session or an API token.
type Session struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"` // "session" (the web) or "api" (a bearer token)
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"` // the end of its lifetime; a web session ends sooner when idle
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"` // the session this request came with
}
