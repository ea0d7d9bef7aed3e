package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"duban/internal/duban"
)

// login signs user in through the API and returns the token and the pending step.
func (e *env) login(t *testing.T, user, pw string) (string, string) {
	t.Helper()
	r := e.mustDo(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": user, "password": pw}, nil, http.StatusOK)
	var out struct{ Token, Pending string }
	r.decode(t, &out)
	return out.Token, out.Pending
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

// pageAs makes a web request with tok as the session cookie.
func (e *env) pageAs(t *testing.T, tok, method, path string, form url.Values) response {
	t.Helper()
	var body *strings.Reader = strings.NewReader("")
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.http.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: "duban_session", Value: tok})
	return e.noRedirect(t, req)
}

// An account the system administrator creates must change its password
// first: the API answers 403 password_change_required to anything but the
// change, the web sends every page to the change form; after the change
// all works. A reset by the security administrator does the same.
func TestForcedPasswordChangeWebAndAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		e.mustDo(t, "admin", "POST", "/api/v1/users", map[string]any{"username": "newbie", "password": "newbie-pass", "role": "inspector"}, nil, http.StatusUnprocessableEntity)
		r := e.mustDo(t, "admin", "POST", "/api/v1/users", map[string]any{"username": "newbie", "password": "Given-pw-1", "role": "inspector"}, nil, http.StatusCreated)
		var u duban.User
		r.decode(t, &u)
		if !u.MustChangePassword {
			t.Errorf("created account: got must_change_password false, want true")
		}
		tok, pending := e.login(t, "newbie", "Given-pw-1")
		if pending != duban.PendingInitial {
			t.Errorf("login: got pending %q, want %q", pending, duban.PendingInitial)
		}
		r = e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(tok), http.StatusForbidden)
		if p := checkProblem(t, r); p.Code != "password_change_required" || !strings.Contains(p.Detail, "首次登录") {
			t.Errorf("API while pending: got %+v, want code password_change_required and a Chinese reason", p)
		}
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(tok), http.StatusOK)
		r = e.pageAs(t, tok, "GET", "/plans", nil)
		if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || loc != "/account/password?next=%2Fplans" {
			t.Fatalf("page while pending: got %d to %q, want 303 to the change form", r.Status, loc)
		}
		r = e.pageAs(t, tok, "GET", "/account/password?next=%2Fplans", nil)
		if body := string(r.Body); r.Status != 200 || !strings.Contains(body, "首次登录须先修改初始密码") || !strings.Contains(body, "至少8位") {
			t.Fatalf("change form: got %d, want the reason and the rules: %.400s", r.Status, body)
		}
		form := url.Values{"current_password": {"Given-pw-1"}, "password": {"Own-pass-2"}, "password2": {"Own-pass-3"}, "next": {"/plans"}}
		if r = e.pageAs(t, tok, "POST", "/account/password", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "两次输入的新密码不一致") {
			t.Errorf("mismatched new passwords: got %d", r.Status)
		}
		form.Set("password", "ownpassword")
		form.Set("password2", "ownpassword")
		if r = e.pageAs(t, tok, "POST", "/account/password", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "至少3类") {
			t.Errorf("weak new password: got %d, want 422 naming the classes rule", r.Status)
		}
		form.Set("password", "Own-pass-2")
		form.Set("password2", "Own-pass-2")
		if r = e.pageAs(t, tok, "POST", "/account/password", form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/plans" {
			t.Fatalf("change: got %d to %q, want 303 to /plans: %.300s", r.Status, r.Header.Get("Location"), r.Body)
		}
		e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(tok), http.StatusOK)
		if r = e.pageAs(t, tok, "GET", "/plans", nil); r.Status != http.StatusOK {
			t.Errorf("page after the change: got %d, want 200", r.Status)
		}

		e.mustDo(t, "secadmin", "PATCH", pathf("/api/v1/users/%d", u.ID), map[string]any{"password": "Reset-pw-77"}, nil, http.StatusOK)
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(tok), http.StatusUnauthorized)
		tok, pending = e.login(t, "newbie", "Reset-pw-77")
		r = e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(tok), http.StatusForbidden)
		if p := checkProblem(t, r); pending != duban.PendingReset || p.Code != "password_change_required" || !strings.Contains(p.Detail, "重置") {
			t.Errorf("after a reset: got pending %q, problem %+v", pending, p)
		}
		e.mustDo(t, "", "POST", "/api/v1/me/password", map[string]string{"current_password": "Reset-pw-77", "password": "Own-pass-2"}, bearer(tok), http.StatusUnprocessableEntity)
		e.mustDo(t, "", "POST", "/api/v1/me/password", map[string]string{"current_password": "Reset-pw-77", "password": "Own-pass-9"}, bearer(tok), http.StatusNoContent)
		e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(tok), http.StatusOK)
	})
}

// One's own sessions are listed with address and last use, on the API and
// the account page; ending one refuses its next request at once; another
// user's session cannot be ended.
func TestOwnSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		a, _ := e.login(t, "kjt", "duban-demo")
		b, _ := e.login(t, "kjt", "duban-demo")
		var list struct{ Items []duban.Session }
		e.mustDo(t, "", "GET", "/api/v1/sessions", nil, bearer(a), http.StatusOK).decode(t, &list)
		if len(list.Items) != 2 {
			t.Fatalf("sessions: got %d, want 2", len(list.Items))
		}
		var other int64
		for _, s := range list.Items {
			if s.IP != "127.0.0.1" || s.LastSeenAt.IsZero() {
				t.Errorf("session %d: got ip %q, last seen %v", s.ID, s.IP, s.LastSeenAt)
			}
			if !s.Current {
				other = s.ID
			}
		}
		e.mustDo(t, "czt", "DELETE", pathf("/api/v1/sessions/%d", other), nil, nil, http.StatusNotFound)
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(b), http.StatusOK)
		r := e.pageAs(t, a, "GET", "/account", nil)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, "登录会话") || !strings.Contains(body, pathf("/account/sessions/%d/revoke", other)) || !strings.Contains(body, "当前会话") {
			t.Fatalf("account page: got %d, want the sessions with a revoke form: %.500s", r.Status, body)
		}
		r = e.pageAs(t, a, "POST", pathf("/account/sessions/%d/revoke", other), url.Values{})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/account#sessions" {
			t.Fatalf("revoke on the page: got %d to %q", r.Status, r.Header.Get("Location"))
		}
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(b), http.StatusUnauthorized)
		c, _ := e.login(t, "kjt", "duban-demo")
		e.mustDo(t, "", "GET", "/api/v1/sessions", nil, bearer(c), http.StatusOK).decode(t, &list)
		for _, s := range list.Items {
			if !s.Current {
				other = s.ID
			}
		}
		e.mustDo(t, "", "DELETE", pathf("/api/v1/sessions/%d", other), nil, bearer(c), http.StatusNoContent)
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(a), http.StatusUnauthorized)
	})
}
