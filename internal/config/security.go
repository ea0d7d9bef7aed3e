package config

import (
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// Security holds the settings of the login and the session.
type Security struct {
	Login          duban.LoginPolicy    // DUBAN_LOGIN_MAX_FAILURES, _WINDOW, _LOCK, _IP_MAX_FAILURES, _HASHERS
	TrustedProxies []netip.Prefix       // DUBAN_TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated
	CookieSecure   bool                 // DUBAN_COOKIE_SECURE
	Passwords      duban.PasswordPolicy // DUBAN_PASSWORD_MIN_LENGTH, _HISTORY, _MAX_AGE
	Sessions       duban.SessionPolicy  // DUBAN_SESSION_IDLE, _LIFETIME, DUBAN_TOTP_ROLES
	bad            []string             // settings that did not parse, for Validate
}

// loadSecurity reads the security settings through getenv.
func loadSecurity(getenv func(string) string) Security {
	s := Security{Login: duban.DefaultLoginPolicy(), Passwords: duban.DefaultPasswordPolicy(), Sessions: duban.DefaultSessionPolicy()}
	s.loadAccounts(getenv)
	ints := map[string]*int{"DUBAN_LOGIN_MAX_FAILURES": &s.Login.MaxFailures, "DUBAN_LOGIN_IP_MAX_FAILURES": &s.Login.IPMaxFailures, "DUBAN_LOGIN_HASHERS": &s.Login.Hashers}
	for name, p := range ints {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				s.bad = append(s.bad, fmt.Sprintf("%s %q is not a positive whole number", name, v))
				continue
			}
			*p = n
		}
	}
	durations := map[string]*time.Duration{"DUBAN_LOGIN_WINDOW": &s.Login.Window, "DUBAN_LOGIN_LOCK": &s.Login.LockFor}
	for name, p := range durations {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				s.bad = append(s.bad, fmt.Sprintf("%s %q is not a duration such as 15m", name, v))
				continue
			}
			*p = d
		}
	}
	if err := s.setProxies(getenv("DUBAN_TRUSTED_PROXIES")); err != nil {
		s.bad = append(s.bad, err.Error())
	}
	if v := getenv("DUBAN_COOKIE_SECURE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.bad = append(s.bad, fmt.Sprintf("DUBAN_COOKIE_SECURE %q is not true or false", v))
		}
		s.CookieSecure = b
	}
	return s
}

// setProxies parses a comma-separated list of addresses and CIDR ranges.
func (s *Security) setProxies(list string) error {
	s.TrustedProxies = nil
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return fmt.Errorf("DUBAN_TRUSTED_PROXIES / --trusted-proxies: %q is not an address or a CIDR range", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		s.TrustedProxies = append(s.TrustedProxies, p)
	}
	return nil
}

// SecurityFlags adds the security settings' flags to fs; the environment
// gives their defaults.
func (c *Config) SecurityFlags(fs *flag.FlagSet) {
	s := &c.Security
	fs.IntVar(&s.Login.MaxFailures, "login-max-failures", s.Login.MaxFailures, "登录失败多少次后锁定账号 (DUBAN_LOGIN_MAX_FAILURES)")
	fs.DurationVar(&s.Login.Window, "login-window", s.Login.Window, "统计登录失败次数的时间窗 (DUBAN_LOGIN_WINDOW)")
	fs.DurationVar(&s.Login.LockFor, "login-lock", s.Login.LockFor, "账号或地址锁定多久 (DUBAN_LOGIN_LOCK)")
	fs.IntVar(&s.Login.IPMaxFailures, "login-ip-max-failures", s.Login.IPMaxFailures, "同一地址登录失败多少次后暂停其登录 (DUBAN_LOGIN_IP_MAX_FAILURES)")
	fs.IntVar(&s.Login.Hashers, "login-hashers", s.Login.Hashers, "同时计算的口令哈希数，每个占 64 MiB (DUBAN_LOGIN_HASHERS)")
	fs.BoolVar(&s.CookieSecure, "cookie-secure", s.CookieSecure, "会话 Cookie 一律标记 Secure（TLS 在前置代理处终止时）(DUBAN_COOKIE_SECURE)")
	fs.IntVar(&s.Passwords.MinLength, "password-min-length", s.Passwords.MinLength, "密码最少位数 (DUBAN_PASSWORD_MIN_LENGTH)")
	fs.IntVar(&s.Passwords.History, "password-history", s.Passwords.History, "新密码不能与最近几次的密码相同 (DUBAN_PASSWORD_HISTORY)")
	fs.Func("password-max-age", "密码有效期，如 90d；0 为不过期 (DUBAN_PASSWORD_MAX_AGE)", func(v string) error { return setAge(&s.Passwords.MaxAge, v) })
	fs.DurationVar(&s.Sessions.Idle, "session-idle", s.Sessions.Idle, "网页登录多久未操作即失效；0 为不限 (DUBAN_SESSION_IDLE)")
	fs.DurationVar(&s.Sessions.Lifetime, "session-lifetime", s.Sessions.Lifetime, "登录（网页会话与接口令牌）最长有效期 (DUBAN_SESSION_LIFETIME)")
	fs.Func("totp-roles", "必须使用动态验证码（双因素认证）登录的角色，逗号分隔，如 admin,secadmin,auditor (DUBAN_TOTP_ROLES)", func(v string) error { return setRoles(&s.Sessions.TOTPRoles, v) })
	fs.Func("trusted-proxies", "可信的反向代理地址或网段，逗号分隔；只采信它们的 X-Forwarded-For/-Proto (DUBAN_TRUSTED_PROXIES)", s.setProxies)
}

func (s Security) validate() error {
	if len(s.bad) > 0 {
		return fmt.Errorf("config: %s", strings.Join(s.bad, "; "))
	}
	l := s.Login
	if l.MaxFailures < 1 || l.IPMaxFailures < 1 || l.Hashers < 1 || l.Window <= 0 || l.LockFor <= 0 {
		return fmt.Errorf("config: the login settings (--login-*) must be positive")
	}
	if pw := s.Passwords; pw.MinLength < 8 || pw.History < 0 || pw.MaxAge < 0 {
		return fmt.Errorf("config: DUBAN_PASSWORD_MIN_LENGTH must be at least 8, DUBAN_PASSWORD_HISTORY and DUBAN_PASSWORD_MAX_AGE not negative")
	}
	if se := s.Sessions; se.Idle < 0 || se.Lifetime <= 0 {
		return fmt.Errorf("config: DUBAN_SESSION_LIFETIME must be positive and DUBAN_SESSION_IDLE not negative")
	}
	return nil
}

// loadAccounts reads the password and session settings through getenv.
func (s *Security) loadAccounts(getenv func(string) string) {
	ints := map[string]*int{"DUBAN_PASSWORD_MIN_LENGTH": &s.Passwords.MinLength, "DUBAN_PASSWORD_HISTORY": &s.Passwords.History}
	for name, p := range ints {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.bad = append(s.bad, fmt.Sprintf("%s %q is not a whole number", name, v))
				continue
			}
			*p = n
		}
	}
	if v := getenv("DUBAN_PASSWORD_MAX_AGE"); v != "" {
		if err := setAge(&s.Passwords.MaxAge, v); err != nil {
			s.bad = append(s.bad, "DUBAN_PASSWORD_MAX_AGE: "+err.Error())
		}
	}
	for name, p := range map[string]*time.Duration{"DUBAN_SESSION_IDLE": &s.Sessions.Idle, "DUBAN_SESSION_LIFETIME": &s.Sessions.Lifetime} {
		if v := getenv(name); v != "" {
			if err := setAge(p, v); err != nil {
				s.bad = append(s.bad, name+": "+err.Error())
			}
		}
	}
	if v := getenv("DUBAN_TOTP_ROLES"); v != "" {
		if err := setRoles(&s.Sessions.TOTPRoles, v); err != nil {
			s.bad = append(s.bad, "DUBAN_TOTP_ROLES: "+err.Error())
		}
	}
}

// setAge reads a duration as Go writes it (30m, 12h) or in days (90d);
// "0" is none.
func setAge(d *time.Duration, v string) error {
	v = strings.TrimSpace(v)
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a number of days such as 90d", v)
		}
		*d = time.Duration(n) * 24 * time.Hour
		return nil
	}
	x, err := time.ParseDuration(v)
	if err != nil || x < 0 {
		return fmt.Errorf("%q is not a duration such as 30m, 12h or 90d", v)
	}
	*d = x
	return nil
}

// setRoles reads a comma-separated list of roles.
func setRoles(roles *[]duban.Role, v string) error {
	*roles = nil
	for _, f := range strings.Split(v, ",") {
		r := duban.Role(strings.TrimSpace(f))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return fmt.Errorf("%q is not a role", r)
		}
		*roles = append(*roles, r)
	}
	return nil
}
