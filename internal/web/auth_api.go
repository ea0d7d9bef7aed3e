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
	token, u, err := s.db.Login(r.Context(), s.loginAttempt(r, strings.TrimSpace(req.Username), req.Password, "api"))
	if err != nil {
		return err
	}
	p, err := s.db.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, loginResponse{Token: token, TokenType: "Bearer", ExpiresAt: time.Now().Add(s.db.SessionPolicy().Lifetime).UTC(), User: u, Pending: p.Pending})
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
