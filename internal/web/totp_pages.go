package web

import (
	"bytes"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/pquerna/otp"

	"duban/internal/duban"
	"duban/internal/store"
)

// mfaCookie carries the ticket between the password and the code of a
// sign-in with a second factor; it is good for nothing else.
const mfaCookie = "duban_mfa"

func (s *Server) registerTOTPPages() {
	s.mux.Handle("GET /login/totp", s.page(s.loginTOTPPage, true))
	s.mux.Handle("POST /login/totp", s.page(s.loginTOTPPage, true))
	s.mux.Handle("GET /account/totp", s.page(s.totpPage, false))
	s.mux.Handle("POST /account/totp/start", s.page(s.totpStartPage, false))
	s.mux.Handle("POST /account/totp/confirm", s.page(s.totpConfirmPage, false))
	s.mux.Handle("POST /account/totp/disable", s.page(s.totpDisablePage, false))
	s.mux.Handle("GET /account/totp/qr.png", s.page(s.totpQR, false))
}

// startSecondStep sends a browser whose password was right to the code form.
func (s *Server) startSecondStep(w http.ResponseWriter, r *http.Request, ticket, next string) {
	http.SetCookie(w, &http.Cookie{Name: mfaCookie, Value: ticket, Path: "/login", MaxAge: 300, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// loginTOTPPage is the second step of a sign-in: the authenticator's code
// or a recovery code.
func (s *Server) loginTOTPPage(w http.ResponseWriter, r *http.Request) error {
	data := struct {
		Base
		Next, Error string
	}{Base: s.base(r, "totp.login.title"), Next: safeNext(r.URL.Query().Get("next"))}
	c, err := r.Cookie(mfaCookie)
	if err != nil || c.Value == "" {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(data.Next), http.StatusSeeOther)
		return nil
	}
	if r.Method == http.MethodPost {
		data.Next = safeNext(r.PostFormValue("next"))
		token, _, err := s.db.LoginSecondFactor(r.Context(), c.Value, r.PostFormValue("code"), s.clientIP(r), r.UserAgent())
		if err == nil {
			http.SetCookie(w, &http.Cookie{Name: mfaCookie, Path: "/login", MaxAge: -1, HttpOnly: true})
			s.setSession(w, r, token)
			http.Redirect(w, r, data.Next, http.StatusSeeOther)
			return nil
		}
		msg, status := loginFailure(data.Base, err)
		if status == 0 {
			return err
		}
		if duban.ErrorCode(err) == duban.Unauthorized {
			msg = errorMessageIn(lang(r), err)
		}
		data.Error = msg
		retryAfter(w, err)
		w.WriteHeader(status)
	}
	return s.render(w, r, "login_totp.html", data)
}

// totpView is the page of one's own second factor.
type totpView struct {
	Base
	State         *store.TOTPState
	Recovery      []string // shown once, right after the enrolment is confirmed
	Next, Reason  string
	Error         string
	Fields        map[string]string
	SecretGrouped string // the secret in groups of four, to type by hand
}

func (s *Server) totpView(r *http.Request) (*totpView, error) {
	p := principal(r)
	st, err := s.db.TOTP(r.Context(), p)
	if err != nil {
		return nil, err
	}
	v := &totpView{Base: s.base(r, "totp.title"), State: st, Next: safeNext(r.URL.Query().Get("next")), SecretGrouped: group4(st.Secret)}
	if r.URL.Query().Get("next") == "" {
		v.Next = "/account"
	}
	if p.Pending == duban.PendingTOTP {
		v.Reason = errorMessageIn(lang(r), p.PendingError())
	}
	return v, nil
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.totpView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "account_totp.html", v)
}

func (s *Server) totpStartPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.db.StartTOTP(r.Context(), principal(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/totp?next="+url.QueryEscape(safeNext(r.PostFormValue("next"))), http.StatusSeeOther)
	return nil
}

// totpConfirmPage enables the second factor and shows the recovery codes once.
func (s *Server) totpConfirmPage(w http.ResponseWriter, r *http.Request) error {
	codes, err := s.db.ConfirmTOTP(r.Context(), principal(r), r.PostFormValue("code"))
	if err != nil && duban.ErrorCode(err) != duban.Invalid {
		return err
	}
	p := *principal(r)
	if err == nil && p.Pending == duban.PendingTOTP {
		p.Pending = "" // enrolled: the page no longer says why it was asked
	}
	v, verr := s.totpView(withPrincipal(r, &p))
	if verr != nil {
		return verr
	}
	v.Next = safeNext(r.PostFormValue("next"))
	if err != nil {
		v.Error, v.Fields = formError(lang(r), err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	v.Recovery = codes
	return s.render(w, r, "account_totp.html", v)
}

func (s *Server) totpDisablePage(w http.ResponseWriter, r *http.Request) error {
	err := s.db.DisableTOTP(r.Context(), principal(r), r.PostFormValue("code"))
	if duban.ErrorCode(err) == duban.Invalid {
		v, verr := s.totpView(r)
		if verr != nil {
			return verr
		}
		v.Error, v.Fields = formError(lang(r), err)
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.render(w, r, "account_totp.html", v)
	}
	if err != nil {
		return err
	}
	flash(w, translate(lang(r), "totp.disabled"))
	http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
	return nil
}

// totpQR draws the otpauth:// address of the secret being enrolled as a
// QR code for the authenticator app to scan. NotFound when nothing is
// being enrolled.
func (s *Server) totpQR(w http.ResponseWriter, r *http.Request) error {
	st, err := s.db.TOTP(r.Context(), principal(r))
	if err != nil {
		return err
	}
	if st.Enabled || st.Address == "" {
		return duban.Errorf(duban.NotFound, "没有正在绑定的身份验证器")
	}
	k, err := otp.NewKeyFromURL(st.Address)
	if err != nil {
		return err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// group4 writes s in groups of four characters.
func group4(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
