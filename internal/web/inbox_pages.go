package web

import (
	"fmt"
	"net/http"
	"strconv"

	"duban/internal/duban"
)

// Marking messages read from the inbox on the home page.

func (s *Server) registerInboxPages() {
	s.mux.Handle("POST /inbox/{id}/read", s.page(s.markReadPage, false))
	s.mux.Handle("POST /inbox/read-all", s.page(s.markAllReadPage, false))
}

func (s *Server) markReadPage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return duban.Errorf(duban.NotFound, "消息不存在")
	}
	if err := s.db.MarkRead(r.Context(), principal(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/#inbox", http.StatusSeeOther)
	return nil
}

func (s *Server) markAllReadPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.db.MarkAllRead(r.Context(), principal(r))
	if err != nil {
		return err
	}
	flash(w, fmt.Sprintf(translate(lang(r), "home.allread"), n))
	http.Redirect(w, r, "/#inbox", http.StatusSeeOther)
	return nil
}
