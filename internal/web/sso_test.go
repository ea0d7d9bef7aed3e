package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"duban/internal/duban"
	"duban/internal/sso"
	"duban/internal/store"
)

// issuer is an OpenID Connect provider for tests: discovery and keys from
// go-oidc's oidctest, and an authorization endpoint and token endpoint that
// do what a real one checks (client, redirect URI, PKCE S256, one use per
// code) and sign ID tokens with RS256.
type issuer struct {
	t        *testing.T
	key      *rsa.PrivateKey
	srv      *httptest.Server
	clientID string
	secret   string
	redirect string
	// who signs in at the provider, and the claims it puts in the token
	claims    map[string]any
	badNonce  bool // sign a token with another nonce
	mu        sync.Mutex
	codes     map[string]grant
	exchanges int
}

type grant struct{ challenge, nonce string }

func newIssuer(t *testing.T, clientID, secret string) *issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{t: t, key: key, clientID: clientID, secret: secret, codes: map[string]grant{}}
	disc := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", disc)
	mux.Handle("/keys", disc)
	mux.HandleFunc("/auth", is.authorize)
	mux.HandleFunc("/token", is.token)
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	disc.SetIssuer(is.srv.URL)
	return is
}

func (is *issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("client_id") != is.clientID, q.Get("redirect_uri") != is.redirect:
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code", !strings.Contains(q.Get("scope"), "openid"):
		http.Error(w, "want response_type=code and scope openid", http.StatusBadRequest)
		return
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "PKCE S256 required", http.StatusBadRequest)
		return
	case q.Get("state") == "" || q.Get("nonce") == "":
		http.Error(w, "state and nonce required", http.StatusBadRequest)
		return
	}
	code := rand.Text()
	is.mu.Lock()
	is.codes[code] = grant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
	is.mu.Unlock()
	back, _ := url.Parse(is.redirect)
	back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (is *issuer) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	if id != is.clientID || secret != is.secret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	is.mu.Lock()
	g, found := is.codes[r.PostFormValue("code")]
	delete(is.codes, r.PostFormValue("code")) // a code is good once
	is.exchanges++
	is.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	if !found || r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("redirect_uri") != is.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant"}`)
		return
	}
	claims := map[string]any{"iss": is.srv.URL, "aud": is.clientID, "sub": "u-1", "nonce": g.nonce,
		"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
	if is.badNonce {
		claims["nonce"] = "another-nonce"
	}
	for k, v := range is.claims {
		claims[k] = v
	}
	raw, _ := json.Marshal(claims)
	idToken := oidctest.SignIDToken(is.key, "k1", oidc.RS256, string(raw))
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// browser is a client with cookies that follows redirects, like a browser.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

func fetch(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func TestSingleSignOn(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, name := range []string{"zhangsan", "lisi"} {
			// Created with a password to change, as the system administrator
			// does: a sign-on is not sent to change a password it did not use.
			u := &duban.User{Username: name, DisplayName: name, Role: duban.RoleInspector, MustChangePassword: true}
			if err := db.CreateUser(ctx, duban.System, u, "long-enough-pw"); err != nil {
				t.Fatal(err)
			}
		}
		disabled := true
		lisi, _ := db.PrincipalOf(ctx, "lisi")
		if _, err := db.UpdateUser(ctx, duban.System, lisi.UserID, 0, duban.UserUpdate{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		is := newIssuer(t, "duban", "client-secret")
		is.redirect = e.http.URL + sso.CallbackPath
		start := func(t *testing.T, claim, label string) {
			p, err := sso.New(ctx, sso.Config{Issuer: is.srv.URL, ClientID: "duban", ClientSecret: "client-secret",
				RedirectURL: is.redirect, Claim: claim, Label: label})
			if err != nil {
				t.Fatal(err)
			}
			e.server.SetSSO(p)
		}

		t.Run("login page has the button", func(t *testing.T) {
			start(t, "", "省政务统一身份认证")
			_, body := fetch(t, browser(t), e.http.URL+"/login?next=/ledger")
			if !strings.Contains(body, `href="/auth/oidc/login?next=%2fledger"`) || !strings.Contains(body, "省政务统一身份认证") {
				t.Errorf("login page lacks the sign-on button with its label: %s", body)
			}
			if !strings.Contains(body, `name="password"`) {
				t.Errorf("the password form must stay beside single sign-on")
			}
		})

		t.Run("full code flow by username", func(t *testing.T) {
			start(t, "", "")
			is.claims = map[string]any{"preferred_username": "zhangsan"}
			c := browser(t)
			res, body := fetch(t, c, e.http.URL+"/auth/oidc/login?next=/ledger")
			if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/ledger" {
				t.Fatalf("after sign-on: got %d at %s, want 200 at /ledger: %.300s", res.StatusCode, res.Request.URL, body)
			}
			u, _ := url.Parse(e.http.URL)
			if !hasCookie(c.Jar.Cookies(u), "duban_session") {
				t.Errorf("no session cookie after sign-on")
			}
			if res, _ := fetch(t, c, e.http.URL+"/"); res.Request.URL.Path == "/login" {
				t.Errorf("the session does not hold: sent back to /login")
			}
			events, err := db.ListAudit(ctx, duban.System, store.AuditFilter{TargetType: "user"})
			if err != nil {
				t.Fatal(err)
			}
			if !auditHas(events.Items, "auth.login", "zhangsan", `"via":"oidc"`) {
				t.Errorf("no auth.login event for zhangsan via oidc")
			}
		})

		t.Run("by a configured claim", func(t *testing.T) {
			start(t, "duban_user", "")
			is.claims = map[string]any{"preferred_username": "nobody", "duban_user": "zhangsan"}
			res, _ := fetch(t, browser(t), e.http.URL+"/auth/oidc/login")
			if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" {
				t.Errorf("claim duban_user: got %d at %s, want the home page", res.StatusCode, res.Request.URL)
			}
		})

		refused := []struct {
			name   string
			claims map[string]any
			setup  func()
			want   string
		}{
			{"unknown account", map[string]any{"preferred_username": "wangwu"}, nil, "不存在或已停用"},
			{"disabled account", map[string]any{"preferred_username": "lisi"}, nil, "不存在或已停用"},
			{"no claim", map[string]any{}, nil, "未成功"},
			{"wrong nonce", map[string]any{"preferred_username": "zhangsan"}, func() { is.badNonce = true }, "未成功"},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				start(t, "", "")
				is.claims, is.badNonce = c.claims, false
				if c.setup != nil {
					c.setup()
				}
				cl := browser(t)
				res, body := fetch(t, cl, e.http.URL+"/auth/oidc/login")
				if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, c.want) {
					t.Errorf("got %d at %s, want 401 saying %q: %.300s", res.StatusCode, res.Request.URL, c.want, body)
				}
				u, _ := url.Parse(e.http.URL)
				if hasCookie(cl.Jar.Cookies(u), "duban_session") {
					t.Errorf("a refused sign-on left a session cookie")
				}
			})
		}
		is.badNonce = false

		t.Run("answer meant for another browser", func(t *testing.T) {
			start(t, "", "")
			is.claims = map[string]any{"preferred_username": "zhangsan"}
			// The attacker starts a sign-in and stops at the callback URL...
			attacker := browser(t)
			attacker.CheckRedirect = func(req *http.Request, via []*http.Request) error {
				if req.URL.Path == sso.CallbackPath {
					return http.ErrUseLastResponse
				}
				return nil
			}
			res, err := attacker.Get(e.http.URL + "/auth/oidc/login")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			callback := res.Header.Get("Location")
			if !strings.Contains(callback, "code=") {
				t.Fatalf("issuer answered %d %s, want a redirect with a code", res.StatusCode, callback)
			}
			// ...and makes the victim's browser open it: its state is not the victim's.
			victim := browser(t)
			fetch(t, victim, e.http.URL+"/login") // a browser with no sign-in under way
			before := is.exchanges
			res2, body := fetch(t, victim, callback)
			if res2.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "未成功") {
				t.Errorf("foreign callback: got %d, want 401: %.200s", res2.StatusCode, body)
			}
			if is.exchanges != before {
				t.Errorf("the code was exchanged although the state did not match")
			}
		})

		t.Run("without sso configured", func(t *testing.T) {
			e.server.SetSSO(nil)
			res, body := fetch(t, browser(t), e.http.URL+"/auth/oidc/login")
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("got %d, want 404", res.StatusCode)
			}
			if _, body = fetch(t, browser(t), e.http.URL+"/login"); strings.Contains(body, "/auth/oidc/login") {
				t.Errorf("login page shows a sign-on button without a provider")
			}
		})
	})
}

func hasCookie(cs []*http.Cookie, name string) bool {
	for _, c := range cs {
		if c.Name == name && c.Value != "" {
			return true
		}
	}
	return false
}

func auditHas(events []duban.AuditEvent, action, username, fragment string) bool {
	for _, ev := range events {
		if ev.Action == action && strings.Contains(ev.After, username) && strings.Contains(ev.After, fragment) {
			return true
		}
	}
	return false
}
