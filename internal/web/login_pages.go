package web

import (
	"fmt"
	"net/http"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// loginAttempt describes a login request for the store.
func (s *Server) loginAttempt(r *http.Request, username, password, kind string) store.LoginAttempt {
	return store.LoginAttempt{Username: username, Password: password, Kind: kind, IP: s.clientIP(r), UserAgent: r.UserAgent()}
}

// setSession sets the session cookie: HttpOnly, SameSite=Lax, and Secure
// when the request came over TLS (directly or through a trusted proxy) or
// the configuration says so.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// secure reports whether cookies set in answer to r should be Secure.
func (s *Server) secure(r *http.Request) bool {
	if s.opts.CookieSecure || r.TLS != nil {
		return true
	}
	return s.fromTrustedProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https"
}

// loginFailure words a failed login for the form, with its status; status
// 0 means the error is not a login failure and goes to the error page.
func loginFailure(b Base, err error) (string, int) {
	until := time.Now().Add(duban.ErrorRetryAfter(err)).In(duban.ChinaTime).Format("15:04")
	switch duban.ErrorCode(err) {
	case duban.Unauthorized:
		return b.T("login.failed"), http.StatusUnauthorized
	case duban.Locked:
		return fmt.Sprintf(b.T("login.locked"), until), http.StatusLocked
	case duban.TooMany:
		return fmt.Sprintf(b.T("login.busy"), until), http.StatusTooManyRequests
	case duban.Invalid:
		return b.T("login.invalid"), http.StatusUnprocessableEntity
	}
	return "", 0
}
