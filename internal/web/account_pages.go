package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"duban/internal/duban"
)

func (s *Server) registerAccountPages() {
	s.mux.Handle("GET /account", s.page(s.accountPage, false))
	s.mux.Handle("GET /account/password", s.page(s.passwordPage, false))
	s.mux.Handle("POST /account/password", s.page(s.passwordPage, false))
	s.mux.Handle("POST /account/sessions/{id}/revoke", s.page(s.revokeSessionPage, false))
}

// pendingPages are the pages a user with something pending may still
// open: the ones to do it on, signing out and the language switch.
var pendingPages = []string{"/account/password", "/account/totp", "/logout", "/lang"}

// pendingPage is where a user with something pending is sent instead of
// r, with r as the page to go on to afterwards.
func pendingPage(p *duban.Principal, r *http.Request) string {
	to := "/account/password"
	if p.Pending == duban.PendingTOTP {
		to = "/account/totp"
	}
	next := "/"
	if r.Method == http.MethodGet {
		next = safeNext(r.URL.RequestURI())
	}
	return to + "?next=" + url.QueryEscape(next)
}

// accountView is the page of one's own account: the password, the second
// factor, and the open sessions.
type accountView struct {
	Base
	Account  *duban.User
	Sessions []sessionRow
	Idle     string
}

// sessionRow is a session with its device in words.
type sessionRow struct {
	duban.Session
	Device string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	u, err := s.db.FindUser(r.Context(), p, p.UserID)
	if err != nil {
		return err
	}
	sessions, err := s.db.ListSessions(r.Context(), p)
	if err != nil {
		return err
	}
	v := accountView{Base: s.base(r, "account.title"), Account: u}
	for _, x := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{x, device(x.UserAgent)})
	}
	if idle := s.db.SessionPolicy().Idle; idle > 0 {
		v.Idle = strconv.Itoa(int(idle.Minutes()))
	}
	return s.render(w, r, "account.html", v)
}

// passwordView is the form to change one's own password.
type passwordView struct {
	Base
	Next, Reason, Rules, Error string
	Fields                     map[string]string
}

// passwordPage changes the caller's own password; it is where a user who
// must change it first is sent.
func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	v := passwordView{Base: s.base(r, "account.password"), Next: safeNext(r.URL.Query().Get("next")), Rules: passwordRules(lang(r), s.db.PasswordPolicy())}
	if p.Pending != "" && p.Pending != duban.PendingTOTP {
		v.Reason = errorMessageIn(lang(r), p.PendingError())
	}
	if r.URL.Query().Get("next") == "" {
		v.Next = "/account"
	}
	if r.Method == http.MethodPost {
		v.Next = safeNext(r.PostFormValue("next"))
		current, pw := r.PostFormValue("current_password"), r.PostFormValue("password")
		var err error
		if pw != r.PostFormValue("password2") {
			err = &duban.Error{Code: duban.Invalid, Message: v.T("account.mismatch"), Fields: map[string]string{"password2": v.T("account.mismatch")}}
		} else {
			err = s.db.ChangePassword(r.Context(), p, current, pw)
		}
		if err == nil {
			flash(w, v.T("account.changed"))
			http.Redirect(w, r, v.Next, http.StatusSeeOther)
			return nil
		}
		if duban.ErrorCode(err) != duban.Invalid {
			return err
		}
		v.Error, v.Fields = formError(lang(r), err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.render(w, r, "account_password.html", v)
}

// revokeSessionPage ends one of the caller's sessions; ending the one in
// use signs out.
func (s *Server) revokeSessionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return duban.Errorf(duban.NotFound, "会话不存在")
	}
	p := principal(r)
	if err := s.db.RevokeSession(r.Context(), p, id); err != nil {
		return err
	}
	if id == p.SessionID {
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	flash(w, translate(lang(r), "account.revoked"))
	http.Redirect(w, r, "/account#sessions", http.StatusSeeOther)
	return nil
}

// device names the browser and system of a User-Agent in a few words.
func device(ua string) string {
	var browser, system string
	for _, b := range [][2]string{{"Edg/", "Edge"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "Go"}} {
		if strings.Contains(ua, b[0]) {
			browser = b[1]
			break
		}
	}
	for _, o := range [][2]string{{"Windows", "Windows"}, {"Android", "Android"}, {"iPhone", "iOS"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o[0]) {
			system = o[1]
			break
		}
	}
	switch {
	case browser == "" && system == "":
		return clip(ua, 40)
	case system == "":
		return browser
	case browser == "":
		return system
	}
	return browser + " · " + system
}
