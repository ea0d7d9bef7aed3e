package web

import (
	"fmt"
	"net/http"
	"net/url"

	"duban/internal/duban"
)

// registerWatchPages registers the saved ledger filters (常用筛选) and the
// followed items (我关注的), both shown on the 工作台.
func (s *Server) registerWatchPages() {
	s.mux.Handle("POST /ledger/filters", s.page(s.saveFilterPage, false))
	s.mux.Handle("POST /filters/{id}/delete", s.page(s.deleteFilterPage, false))
	s.mux.Handle("POST /assignments/{id}/follow", s.page(s.followPage, false))
}

// saveFilterPage saves the ledger's current filter under a name and shows
// the ledger again.
func (s *Server) saveFilterPage(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return duban.Errorf(duban.Invalid, "表单无法读取")
	}
	q := url.Values{}
	for _, k := range ledgerFilterFields {
		if v := r.PostFormValue(k); v != "" {
			q.Set(k, v)
		}
	}
	fr := r.Clone(r.Context())
	fr.URL.RawQuery = q.Encode()
	errs := map[string]string{}
	f, _ := ledgerFilterOf(fr, errs)
	back := f.url("")
	if len(errs) > 0 || f.Plan == 0 {
		flash(w, translate(lang(r), "ledger.bulk.badfilter"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if _, err := s.db.SaveFilter(r.Context(), principal(r), r.PostFormValue("name"), f.query("", "").Encode()); err != nil {
		if duban.ErrorCode(err) == duban.Forbidden {
			return err
		}
		flash(w, duban.ErrorMessage(err))
	} else {
		flash(w, fmt.Sprintf(translate(lang(r), "watch.saved"), r.PostFormValue("name")))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// deleteFilterPage removes one of the caller's saved filters.
func (s *Server) deleteFilterPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.DeleteSavedFilter(r.Context(), principal(r), id); err != nil {
		return err
	}
	flash(w, translate(lang(r), "watch.deleted"))
	http.Redirect(w, r, "/#saved-filters", http.StatusSeeOther)
	return nil
}

// followPage follows (follow=1) or stops following an item.
func (s *Server) followPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	on := r.PostFormValue("follow") == "1"
	if err := s.db.Follow(r.Context(), principal(r), id, on); err != nil {
		return err
	}
	msg := "watch.unfollowed"
	if on {
		msg = "watch.followed"
	}
	flash(w, translate(lang(r), msg))
	http.Redirect(w, r, fmt.Sprintf("/assignments/%d", id), http.StatusSeeOther)
	return nil
}

// SaveFields are the filter's fields for the save form's hidden inputs.
func (v ledgerView) SaveFields() []ledgerOption { return v.BulkFields() }
