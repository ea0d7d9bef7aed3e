package web

import (
	"net/http"
	"strings"
	"time"

	"duban/internal/duban"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// TOTPCode is the authenticator's code of an account with a second
	// factor; without it such a login answers with a ticket for POST /api/v1/auth/totp.
	TOTPCode string `json:"totp_code,omitempty"`
}

type loginResponse struct {
	Token     string      `json:"token"`
	TokenType string      `json:"token_type"`
	ExpiresAt time.Time   `json:"expires_at"`
	User      *duban.User `json:"user"`
	// Pending is what must be done before anything else: password_initial,
	// password_reset or password_expired (POST /api/v1/me/password), or
	// totp_enrolment; absent when nothing.
	Pending string `json:"pending,omitempty"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := decodeLimit(w, r, &req, maxLoginBody); err != nil {
		return err
	}
	a := s.loginAttempt(r, strings.TrimSpace(req.Username), req.Password, "api")
	a.Code = req.TOTPCode
	token, u, err := s.db.Login(r.Context(), a)
	if duban.ErrorCode(err) == duban.TOTPRequired {
		return writeJSON(w, http.StatusOK, ticketResponse{TOTPRequired: true, Ticket: token, ExpiresAt: time.Now().Add(5 * time.Minute).UTC(), Detail: errorMessageIn(apiLang(r), err)})
	}
	if err != nil {
		return err
	}
	return s.writeLogin(w, r, token, u)
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if err := s.db.Logout(r.Context(), principal(r), strings.TrimSpace(token)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, principal(r))
}

func (s *Server) apiListAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(newQuery(r))
	if err != nil {
		return err
	}
	list, err := s.db.ListAudit(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}
