package web_test

import (
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/web"
)

// Every page and API answer carries the security headers; the CSP allows
// no inline script.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, mustOpenSQLite(t))
	for _, path := range []string{"/login", "/api/v1/me", "/api/v1/openapi.json", "/static/app.css", "/nowhere"} {
		r, err := e.send("GET", path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		csp := r.Header.Get("Content-Security-Policy")
		script := ""
		for _, d := range strings.Split(csp, ";") {
			if f := strings.Fields(d); len(f) > 0 && f[0] == "script-src" {
				script = strings.Join(f[1:], " ")
			}
		}
		if script != "'self'" || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: got CSP %q, want scripts from this site only and no framing", path, csp)
		}
		for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: got %s %q, want %q", path, h, got, want)
			}
		}
	}
	page, _ := e.send("GET", "/login", nil, nil)
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`).Match(page.Body) {
		t.Errorf("the login page has an inline script")
	}
}

// JSON bodies: trailing data is 400, another content type 415; values out
// of range are 422; changing one's own password needs the current one.
func TestStrictInput(t *testing.T) {
	e := newEnv(t, mustOpenSQLite(t))
	e.runAll(t, []scenario{
		{name: "trailing data", method: "POST", path: "/api/v1/auth/login", body: `{"username":"admin","password":"x"} {"more":1}`, wantStatus: 400},
		{name: "wrong content type", method: "POST", path: "/api/v1/auth/login", body: `{"username":"admin","password":"x"}`, headers: map[string]string{"Content-Type": "text/plain"}, wantStatus: 415},
		{name: "workdays beyond ten years", user: "admin", method: "GET", path: "/api/v1/workdays?from=2024-01-02&n=4000", wantStatus: 422},
		{name: "year before 1949", user: "admin", method: "GET", path: "/api/v1/workdays?from=1900-01-02&n=1", wantStatus: 422},
		{name: "year after 2100", user: "admin", method: "GET", path: "/api/v1/workdays?from=2101-01-03&n=1", wantStatus: 422},
		{name: "own password without the current", user: "admin", method: "PATCH", path: "/api/v1/users/1", body: map[string]string{"password": "new-password-1"}, wantStatus: 422},
		{name: "own password with a wrong current", user: "admin", method: "PATCH", path: "/api/v1/users/1", body: map[string]string{"password": "new-password-1", "current_password": "wrong"}, wantStatus: 422},
		{name: "own password with the current", user: "admin", method: "PATCH", path: "/api/v1/users/1", body: map[string]string{"password": "new-password-1", "current_password": adminPassword}, wantStatus: 200},
	})
	if _, err := duban.ParseDate("1949-10-01"); err != nil {
		t.Errorf("1949-10-01: %v", err)
	}
}

// Schema names are valid in OpenAPI 3 (no slash, no brackets).
func TestOpenAPISchemaNames(t *testing.T) {
	e := newEnv(t, mustOpenSQLite(t))
	r := e.mustDo(t, "", "GET", "/api/v1/openapi.json", nil, nil, 200)
	var doc struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	r.decode(t, &doc)
	valid := regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	for name := range doc.Components.Schemas {
		if !valid.MatchString(name) {
			t.Errorf("schema name %q is not valid in OpenAPI 3", name)
		}
	}
	if len(doc.Components.Schemas) < 10 {
		t.Errorf("got %d schemas, want the API's", len(doc.Components.Schemas))
	}
}

// The session cookie is Secure (and the answer carries HSTS) when
// configured, or when a trusted proxy says the request came over HTTPS, and
// not when anyone else says so.
func TestSessionCookieSecure(t *testing.T) {
	db := mustOpenSQLite(t)
	e := newEnv(t, db)
	login := func(s *web.Server, remote, proto string) bool {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"username": {"admin"}, "password": {adminPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		for _, c := range w.Result().Cookies() {
			if c.Name == "duban_session" {
				if hsts := w.Header().Get("Strict-Transport-Security"); (hsts != "") != c.Secure {
					t.Errorf("from %s with %q: Secure cookie %t but Strict-Transport-Security %q; want both or neither", remote, proto, c.Secure, hsts)
				}
				return c.Secure
			}
		}
		t.Fatalf("no session cookie: %d %s", w.Code, w.Body)
		return false
	}
	s := e.server
	if login(s, "192.0.2.1:5000", "https") {
		t.Error("X-Forwarded-Proto from an untrusted peer made the cookie Secure")
	}
	s.SetOptions(web.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if !login(s, "10.1.2.3:5000", "https") {
		t.Error("X-Forwarded-Proto https from a trusted proxy: cookie not Secure")
	}
	s.SetOptions(web.Options{CookieSecure: true})
	if !login(s, "192.0.2.1:5000", "") {
		t.Error("CookieSecure set: cookie not Secure")
	}
}
