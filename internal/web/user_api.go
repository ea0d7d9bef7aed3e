package web

import (
	"net/http"

	"duban/internal/duban"
)

type userRequest struct {
	Username    string     `json:"username"`
	Password    string     `json:"password"`
	DisplayName string     `json:"display_name"`
	Role        duban.Role `json:"role"`
	UnitID      *int64     `json:"unit_id"`
	Email       string     `json:"email"`
	Phone       string     `json:"phone"`
}

func (s *Server) apiListUsers(r *http.Request, q *query) (duban.List[duban.User], error) {
	f := duban.UserFilter{Role: duban.Role(q.str("role")), Text: q.str("q"), Page: q.page()}
	if id := q.id("unit"); id != 0 {
		f.UnitID = &id
	}
	if err := q.err(); err != nil {
		return duban.List[duban.User]{}, err
	}
	return s.db.ListUsers(r.Context(), principal(r), f)
}

func (s *Server) apiGetUser(r *http.Request, id int64) (*duban.User, error) {
	return s.db.FindUser(r.Context(), principal(r), id)
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var req userRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u := &duban.User{Username: req.Username, DisplayName: req.DisplayName, Role: req.Role, UnitID: req.UnitID, Email: req.Email, Phone: req.Phone}
	if err := s.db.CreateUser(r.Context(), principal(r), u, req.Password); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, u.Version, u)
}

func (s *Server) apiUpdateUser(r *http.Request, id int64, version int, up duban.UserUpdate) (*duban.User, error) {
	return s.db.UpdateUser(r.Context(), principal(r), id, version, up)
}

func (s *Server) apiUnlockUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Unlock(r.Context(), principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func userVersion(u *duban.User) int { return u.Version }
