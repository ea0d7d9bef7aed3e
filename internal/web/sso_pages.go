package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"duban/internal/duban"
	"duban/internal/sso"
)

// ssoMessages are the single sign-on strings: Chinese first, English second.
var ssoMessages = map[string][2]string{
	"login.sso.default": {"统一身份认证登录", "Sign in with the unit's identity system"},
	"login.sso.or":      {"或使用本系统的用户名和密码", "or with a duban username and password"},
	"login.sso.failed":  {"统一身份认证登录未成功，请重试；如仍不成功，请联系系统管理员。", "Signing in through the identity system did not succeed; try again or ask the administrator."},
	"login.sso.unknown": {"统一身份认证的账号在本系统中不存在或已停用，请联系系统管理员。", "The identity system's account has no enabled duban account; ask the administrator."},
}

// ssoCookie keeps a sign-in's state, nonce and PKCE verifier in the browser
// between leaving for the provider and coming back; it is HttpOnly, lives
// ten minutes, and is sent only to /auth/oidc/. Lax lets the provider's
// redirect (a top-level GET) carry it back.
const ssoCookie = "duban_oidc"

// SetSSO enables sign-in through an OpenID Connect provider beside passwords.
func (s *Server) SetSSO(p *sso.Provider) { s.sso = p }

// ssoLabel is the login button's text, or "" without single sign-on.
func (s *Server) ssoLabel(b Base) string {
	if s.sso == nil {
		return ""
	}
	if l := s.sso.Label(); l != "" {
		return l
	}
	return b.T("login.sso.default")
}

type ssoState struct {
	sso.Flow
	Next string
}

// ssoLogin sends the browser to the provider.
func (s *Server) ssoLogin(w http.ResponseWriter, r *http.Request) error {
	if s.sso == nil {
		return duban.Errorf(duban.NotFound, "未配置统一身份认证")
	}
	u, flow := s.sso.Begin()
	b, _ := json.Marshal(ssoState{Flow: flow, Next: safeNext(r.URL.Query().Get("next"))})
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/auth/oidc/",
		MaxAge: 600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

// ssoCallback finishes the sign-in: the answer must match this browser's
// cookie; the account named by the ID token's claim gets a session.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	if s.sso == nil {
		return duban.Errorf(duban.NotFound, "未配置统一身份认证")
	}
	var st ssoState
	if c, err := r.Cookie(ssoCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			json.Unmarshal(b, &st)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Path: "/auth/oidc/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r)})
	q := r.URL.Query()
	username, err := s.sso.Finish(r.Context(), st.Flow, q.Get("state"), q.Get("code"))
	if err != nil {
		s.log.Warn("single sign-on refused", "request_id", requestID(r), "provider_error", q.Get("error"), "err", err)
		return s.ssoFailed(w, r, "login.sso.failed")
	}
	token, _, err := s.db.LoginExternal(r.Context(), username, "session", "oidc")
	if duban.ErrorCode(err) == duban.Unauthorized {
		s.log.Warn("single sign-on: no such enabled account", "request_id", requestID(r), "username", username)
		return s.ssoFailed(w, r, "login.sso.unknown")
	}
	if err != nil {
		return err
	}
	s.setSession(w, r, token)
	http.Redirect(w, r, safeNext(st.Next), http.StatusSeeOther)
	return nil
}

// ssoFailed shows the login page with the reason.
func (s *Server) ssoFailed(w http.ResponseWriter, r *http.Request, key string) error {
	data := struct {
		Base
		Username, Next, Error, SSOLabel string
	}{Base: s.base(r, "login.title")}
	data.Error, data.SSOLabel = data.T(key), s.ssoLabel(data.Base)
	w.WriteHeader(http.StatusUnauthorized)
	return s.render(w, r, "login.html", data)
}
