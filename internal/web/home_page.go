package web

import (
	"io/fs"
	"net/http"

	"duban/internal/duban"
	"duban/internal/store"
)

// registerPages registers the web UI; routes.go calls it.
func (s *Server) registerPages() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", newStaticAssets(static)))
	s.mux.HandleFunc("GET /favicon.ico", s.favicon)
	s.mux.Handle("/", s.page(s.notFoundPage, true))
	s.mux.Handle("GET /login", s.page(s.loginPage, true))
	s.mux.Handle("POST /login", s.page(s.loginPage, true))
	s.mux.Handle("GET /auth/oidc/login", s.page(s.ssoLogin, true))
	s.mux.Handle("GET /auth/oidc/callback", s.page(s.ssoCallback, true))
	s.mux.Handle("POST /logout", s.page(s.logoutPage, false))
	s.mux.Handle("GET /lang", s.page(s.langPage, true))
	s.mux.Handle("GET /{$}", s.page(s.homePage, false))
	s.registerInboxPages()
	s.registerMorePages()
	s.registerIndicatorPages()
	s.registerAccountPages()
	s.registerAuditPages()
	s.registerTOTPPages()
	s.registerWatchPages()
}

type todoCount struct {
	Kind, Label string
	Count       int
}

// homePage is everyone's inbox: what waits for them today, with lights and
// working days left, and their latest messages.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	today := duban.DateOf(s.db.Now().In(duban.ChinaTime))
	todos, err := s.db.Todos(r.Context(), p, today)
	if err != nil {
		return err
	}
	inbox, err := s.db.Inbox(r.Context(), p, false, duban.Page{Limit: 20})
	if err != nil {
		return err
	}
	data := struct {
		Base
		Today       duban.Date
		Todos       []store.Todo
		Counts      []todoCount
		Inbox       []store.Notification
		NewFeedback int
		Watch       bool // the caller works in ledgers: saved filters and followed items
		Filters     []store.SavedFilter
		Followed    []ledgerRow
	}{Base: s.base(r, "home.title"), Today: today, Todos: todos, Inbox: inbox.Items}
	switch p.Role {
	case duban.RoleLead, duban.RoleLiaison, duban.RoleLeader, duban.RoleAdmin, duban.RoleInspector:
		data.Watch = true
		if data.Filters, err = s.db.SavedFilters(r.Context(), p); err != nil {
			return err
		}
		followed, err := s.db.Followed(r.Context(), p, today)
		if err != nil {
			return err
		}
		for _, a := range followed {
			data.Followed = append(data.Followed, ledgerRowOf(data.Lang, a))
		}
	}
	if p.Role == duban.RoleLead || p.Role == duban.RoleAdmin {
		if data.NewFeedback, err = s.db.NewFeedbackCount(r.Context(), p); err != nil {
			return err
		}
	}
	seen := map[string]int{}
	for _, t := range todos {
		if _, ok := seen[t.Kind]; !ok {
			seen[t.Kind] = len(data.Counts)
			data.Counts = append(data.Counts, todoCount{Kind: t.Kind, Label: data.T("todo." + t.Kind)})
		}
		data.Counts[seen[t.Kind]].Count++
	}
	return s.render(w, r, "home.html", data)
}
