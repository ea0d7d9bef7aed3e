package duban

import (
	"strings"
	"time"
	"unicode/utf8"
)

// LoginPolicy is how duban guards its login: how many failed attempts lock
// an account or refuse an address, for how long, and how many password
// hashes it computes at once (each argon2id hash takes 64 MiB).
type LoginPolicy struct {
	MaxFailures   int           // failed attempts on one account within Window that lock it
	Window        time.Duration // how long failed attempts are counted
	LockFor       time.Duration // how long a locked account or address stays locked
	IPMaxFailures int           // failed attempts from one address within Window before it is refused
	Hashers       int           // password hashes computed at the same time
	HashWait      time.Duration // how long a login waits for a free hasher before it is refused
}

// DefaultLoginPolicy locks an account for 15 minutes after 5 failures within
// 15 minutes, refuses an address after 20, and hashes two passwords at once.
func DefaultLoginPolicy() LoginPolicy {
	return LoginPolicy{MaxFailures: 5, Window: 15 * time.Minute, LockFor: 15 * time.Minute, IPMaxFailures: 20, Hashers: 2, HashWait: 2 * time.Second}
}

// Limits of what a login attempt may carry, so that no attempt writes more
// than a few hundred bytes into the audit log.
const (
	MaxUsernameLen = 64   // characters
	MaxPasswordLen = 1024 // bytes
)

// CheckLoginInput rejects a username or password that no account can have:
// too long, or holding control characters such as NUL.
func CheckLoginInput(username, password string) error {
	p := Problems{}
	switch {
	case username == "":
		p.Add("username", "请输入用户名")
	case utf8.RuneCountInString(username) > MaxUsernameLen || !utf8.ValidString(username):
		p.Add("username", "用户名不超过64个字符")
	case HasControl(username):
		p.Add("username", "用户名含有不允许的控制字符")
	}
	switch {
	case password == "":
		p.Add("password", "请输入密码")
	case len(password) > MaxPasswordLen:
		p.Add("password", "密码过长")
	case strings.ContainsRune(password, 0):
		p.Add("password", "密码含有不允许的字符")
	}
	if len(p) > 0 {
		return &Error{Code: Invalid, Message: "请检查用户名和密码", Fields: map[string]string(p)}
	}
	return nil
}

// HasControl reports whether s holds a control character other than tab,
// line feed and carriage return (NUL among them, which PostgreSQL refuses
// in text).
func HasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return true
		}
	}
	return false
}

// AdministersSecurity reports whether p may do the security administrator's
// work: unlock accounts, reset others' two-factor login, read the login
// policy: the security administrator (三员分立).
func (p *Principal) AdministersSecurity() bool { return p.ManagesSecurity() }

// RequireSecurityAdmin returns Forbidden unless p administers security.
func (p *Principal) RequireSecurityAdmin(what string) error {
	if !p.AdministersSecurity() {
		return ErrForbidden(what)
	}
	return nil
}
