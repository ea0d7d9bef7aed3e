package web

import (
	"net/http"
	"strings"

	"duban/internal/duban"
)

// pendingAPI are the API routes a caller with something pending (a
// password to change, an authenticator to enrol) may still use.
var pendingAPI = []string{"GET /api/v1/me", "POST /api/v1/me/password", "POST /api/v1/auth/logout", "/api/v1/me/totp"}

// allowedWhilePending reports whether r is one of the routes in list
// ("METHOD /path" exactly, or "/prefix" for every method below it).
func allowedWhilePending(r *http.Request, list []string) bool {
	for _, a := range list {
		if method, path, ok := strings.Cut(a, " "); ok {
			if r.Method == method && r.URL.Path == path {
				return true
			}
		} else if r.URL.Path == a || strings.HasPrefix(r.URL.Path, a+"/") {
			return true
		}
	}
	return false
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

// apiChangePassword changes the caller's own password (POST /api/v1/me/password).
func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) error {
	var req passwordRequest
	if err := decodeLimit(w, r, &req, maxLoginBody); err != nil {
		return err
	}
	if err := s.db.ChangePassword(r.Context(), principal(r), req.CurrentPassword, req.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiListSessions lists the caller's own open sessions (GET /api/v1/sessions).
func (s *Server) apiListSessions(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.ListSessions(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, duban.List[duban.Session]{Items: list})
}

// apiRevokeSession ends one of the caller's sessions (DELETE /api/v1/sessions/{id}).
func (s *Server) apiRevokeSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.RevokeSession(r.Context(), principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// accountOperations documents the API routes of one's own account: the
// password, the sessions and the second factor.
var accountOperations = map[string]operation{
	"POST /api/v1/me/password":     {Summary: "修改自己的密码（须当前密码；首次登录、重置或过期后须先修改）", Tag: "auth", Body: passwordRequest{}, Status: 204},
	"GET /api/v1/sessions":         {Summary: "自己的登录会话（设备、地址、最近活动）", Tag: "auth", Result: duban.List[duban.Session]{}},
	"DELETE /api/v1/sessions/{id}": {Summary: "结束自己的一个登录会话（立即失效）", Tag: "auth", Status: 204},
}
