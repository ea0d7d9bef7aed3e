package web_test

import (
	"bytes"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

// cookieOf returns the value of a cookie an answer sets.
func cookieOf(r response, name string) string {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// A liaison turns on the second factor on its account page (QR code,
// confirmation, recovery codes shown once); the next sign-in asks for the
// code after the password, on the web and the API; the security
// administrator resets it; a role that must use it is sent to enrol first.
func TestTOTPWebAndAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		clock := time.Now()
		db.Now = func() time.Time { return clock }
		defer func() { db.Now = time.Now }()
		tok, _ := e.login(t, "kjt", "duban-demo")
		if r := e.pageAs(t, tok, "GET", "/account/totp", nil); r.Status != 200 || !strings.Contains(string(r.Body), `id="totp-start"`) {
			t.Fatalf("second factor page: got %d", r.Status)
		}
		if r := e.pageAs(t, tok, "GET", "/account/totp/qr.png", nil); r.Status != http.StatusNotFound {
			t.Errorf("QR code before an enrolment: got %d, want 404", r.Status)
		}
		if r := e.pageAs(t, tok, "POST", "/account/totp/start", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("start: got %d", r.Status)
		}
		r := e.pageAs(t, tok, "GET", "/account/totp", nil)
		m := regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(string(r.Body))
		if m == nil || !strings.Contains(string(r.Body), `src="/account/totp/qr.png"`) {
			t.Fatalf("enrolment page: want the QR code and the secret: %.500s", r.Body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		r = e.pageAs(t, tok, "GET", "/account/totp/qr.png", nil)
		if _, err := png.Decode(bytes.NewReader(r.Body)); r.Status != 200 || err != nil {
			t.Errorf("QR code: got %d, %v; want a PNG", r.Status, err)
		}
		if r = e.pageAs(t, tok, "POST", "/account/totp/confirm", url.Values{"code": {"12345x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("confirm with a wrong code: got %d, want 422", r.Status)
		}
		r = e.pageAs(t, tok, "POST", "/account/totp/confirm", url.Values{"code": {duban.TOTPCode(secret, clock)}})
		codes := regexp.MustCompile(`<li><code>([a-z2-9-]{14})</code></li>`).FindAllStringSubmatch(string(r.Body), -1)
		if r.Status != 200 || len(codes) != 10 {
			t.Fatalf("confirm: got %d with %d recovery codes, want 200 and 10", r.Status, len(codes))
		}

		var ticket struct {
			TOTPRequired bool `json:"totp_required"`
			Ticket       string
			Token        string
		}
		e.mustDo(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "kjt", "password": "duban-demo"}, nil, 200).decode(t, &ticket)
		if !ticket.TOTPRequired || ticket.Ticket == "" || ticket.Token != "" {
			t.Fatalf("API password alone: got %+v, want a ticket and no token", ticket)
		}
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(ticket.Ticket), http.StatusUnauthorized)
		clock = clock.Add(30 * time.Second)
		var out struct{ Token string }
		e.mustDo(t, "", "POST", "/api/v1/auth/totp", map[string]string{"ticket": ticket.Ticket, "code": duban.TOTPCode(secret, clock)}, nil, 200).decode(t, &out)
		e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(out.Token), http.StatusOK)
		clock = clock.Add(30 * time.Second)
		e.mustDo(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "kjt", "password": "duban-demo", "totp_code": duban.TOTPCode(secret, clock)}, nil, 200).decode(t, &out)
		if out.Token == "" {
			t.Error("API login with totp_code: got no token")
		}

		r = e.postForm(t, "/login", url.Values{"username": {"kjt"}, "password": {"duban-demo"}, "next": {"/ledger"}})
		mfa := cookieOf(r, "duban_mfa")
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login/totp?next=%2Fledger" || mfa == "" || cookieOf(r, "duban_session") != "" {
			t.Fatalf("web password: got %d to %q, want the code form and no session", r.Status, r.Header.Get("Location"))
		}
		second := func(code string) response {
			req, _ := http.NewRequest("POST", e.http.URL+"/login/totp", strings.NewReader(url.Values{"code": {code}, "next": {"/ledger"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "duban_mfa", Value: mfa})
			return e.noRedirect(t, req)
		}
		if r = second("000001"); r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), "动态验证码不正确") {
			t.Errorf("web wrong code: got %d", r.Status)
		}
		r = second(codes[3][1])
		session := cookieOf(r, "duban_session")
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/ledger" || session == "" {
			t.Fatalf("web recovery code: got %d to %q", r.Status, r.Header.Get("Location"))
		}
		if r = e.pageAs(t, session, "GET", "/ledger", nil); r.Status != 200 {
			t.Errorf("page after the second step: got %d", r.Status)
		}

		kjt := listAll[duban.User](t, e, "admin", "/api/v1/users?q=kjt")[0]
		if r = e.page(t, "secadmin", "GET", pathf("/users/%d", kjt.ID), nil); !strings.Contains(string(r.Body), `id="form-totp-reset"`) {
			t.Errorf("security administrator's user page: got %d, want the reset button", r.Status)
		}
		if r = e.page(t, "admin", "GET", pathf("/users/%d", kjt.ID), nil); strings.Contains(string(r.Body), `id="form-totp-reset"`) {
			t.Error("system administrator's user page: got the reset button, want none")
		}
		if r = e.page(t, "admin", "POST", pathf("/users/%d", kjt.ID), url.Values{"op": {"totp-reset"}}); r.Status != http.StatusForbidden {
			t.Errorf("system administrator resets on the page: got %d, want 403", r.Status)
		}
		e.mustDo(t, "admin", "POST", pathf("/api/v1/users/%d/totp/reset", kjt.ID), nil, nil, http.StatusForbidden)
		e.mustDo(t, "secadmin", "POST", pathf("/api/v1/users/%d/totp/reset", kjt.ID), nil, nil, http.StatusNoContent)
		e.mustDo(t, "", "GET", "/api/v1/me", nil, bearer(out.Token), http.StatusUnauthorized)
		if _, pending := e.login(t, "kjt", "duban-demo"); pending != "" {
			t.Errorf("after a reset: got pending %q, want a plain sign-in", pending)
		}
		if r = e.page(t, "secadmin", "POST", pathf("/users/%d", kjt.ID), url.Values{"op": {"totp-reset"}}); r.Status != http.StatusSeeOther {
			t.Errorf("security administrator resets on the page: got %d, want 303", r.Status)
		}

		pol := db.SessionPolicy()
		pol.TOTPRoles = []duban.Role{duban.RoleLeader}
		db.SetSessionPolicy(pol)
		lt, pending := e.login(t, "kjt-leader", "duban-demo")
		r = e.mustDo(t, "", "GET", "/api/v1/plans", nil, bearer(lt), http.StatusForbidden)
		if p := checkProblem(t, r); pending != duban.PendingTOTP || p.Code != "totp_enrolment_required" {
			t.Errorf("leader without a second factor: got pending %q, problem %+v", pending, p)
		}
		e.mustDo(t, "", "POST", "/api/v1/me/totp", nil, bearer(lt), http.StatusOK)
		if r = e.pageAs(t, lt, "GET", "/plans", nil); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/account/totp?next=") {
			t.Errorf("leader's page: got %d to %q, want the enrolment page", r.Status, r.Header.Get("Location"))
		}
		if r = e.pageAs(t, lt, "GET", "/account/totp", nil); r.Status != 200 || !strings.Contains(string(r.Body), "您的角色须启用双因素认证") {
			t.Errorf("enrolment page while required: got %d", r.Status)
		}
	})
}
