package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"duban/internal/duban"
)

// officerPaths are the only paths the security and audit administrators
// may use (三员分立): signing in and out, their own account, users and
// sessions (the security administrator's work), settings, and the audit
// log (the audit administrator's). The store decides within them; every
// business route answers them 403.
var officerPaths = []string{
	"/api/v1/auth/", "/api/v1/me", "/api/v1/users", "/api/v1/sessions", "/api/v1/settings", "/api/v1/audit", "/api/v1/openapi.json",
	"/public", "/auth/", "/login", "/logout", "/lang", "/account", "/sessions", "/users", "/settings", "/security", "/audit", "/static/", "/favicon.ico",
}

// confine returns Forbidden when a security or audit administrator asks
// for a path outside officerPaths (the home page aside).
func confine(p *duban.Principal, r *http.Request) error {
	if p == nil || (p.Role != duban.RoleSecAdmin && p.Role != duban.RoleAuditor) || r.URL.Path == "/" {
		return nil
	}
	for _, pre := range officerPaths {
		if r.URL.Path == pre || strings.HasPrefix(r.URL.Path, strings.TrimSuffix(pre, "/")+"/") {
			return nil
		}
	}
	return duban.ErrForbidden("访问业务数据（" + duban.RoleNames[p.Role] + "只负责本职工作）")
}

// recordDenied writes a refused permission check to the audit log: who,
// what route, and why. A failure to record is logged, not shown.
func (s *Server) recordDenied(r *http.Request, err error) {
	p := principal(r)
	if p == nil || duban.ErrorCode(err) != duban.Forbidden {
		return
	}
	detail := map[string]string{"method": r.Method, "path": clip(r.URL.Path, 200), "reason": clip(duban.ErrorMessage(err), 200)}
	if rerr := s.db.Record(r.Context(), p, "access.denied", "route", 0, detail); rerr != nil {
		s.log.Error("record denied access", "path", r.URL.Path, "err", rerr)
	}
}

// recordExport writes who exported what to the audit log before the file
// goes out: an export that cannot be recorded is not sent.
func (s *Server) recordExport(r *http.Request, what, targetType string, id int64) error {
	detail := map[string]string{"export": what, "path": clip(r.URL.Path, 200), "query": clip(r.URL.RawQuery, 300)}
	return s.db.Record(r.Context(), principal(r), "export", targetType, id, detail)
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
