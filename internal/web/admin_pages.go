package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// Public feedback limits: per client address, in memory.
const (
	publicFeedbackPerWindow = 5
	publicFeedbackWindow    = 10 * time.Minute
	publicFeedbackMaxBody   = 16 << 10
	publicFeedbackMaxRunes  = 2000
)

// registerAdminPages registers the lead office's pages (plan editing,
// meetings, documents, feedback triage) and the public portal.
func (s *Server) registerAdminPages() {
	pf := &publicFeedback{s: s, limit: newAdmRateLimit(s.db, "public_feedback", publicFeedbackPerWindow, publicFeedbackWindow)}
	s.mux.Handle("GET /plans/new", s.page(s.newPlanPage, false))
	s.mux.Handle("POST /plans/new", s.page(s.newPlanPage, false))
	s.mux.Handle("GET /plans/{id}/edit", s.page(s.planEditPage, false))
	s.mux.Handle("POST /plans/{id}/edit/nodes", s.page(s.createNodePage, false))
	s.mux.Handle("POST /plans/{id}/edit/nodes/{node}", s.page(s.updateNodePage, false))
	s.mux.Handle("POST /plans/{id}/edit/tasks", s.page(s.createTaskPage, false))
	s.mux.Handle("POST /plans/{id}/edit/tasks/{task}", s.page(s.updateTaskPage, false))
	s.mux.Handle("POST /plans/{id}/edit/tasks/{task}/units", s.page(s.addUnitPage, false))
	s.mux.Handle("POST /plans/{id}/edit/assign", s.page(s.assignAllPage, false))
	s.mux.Handle("GET /plans/{id}/meetings", s.page(s.meetingsPage, false))
	s.mux.Handle("POST /plans/{id}/meetings", s.page(s.meetingsPage, false))
	s.mux.Handle("GET /plans/{id}/ledger.xlsx", s.page(s.ledgerDownload, false))
	s.mux.Handle("GET /plans/{id}/notice.docx", s.page(s.noticeDownload("docx"), false))
	s.mux.Handle("GET /plans/{id}/notice.md", s.page(s.noticeDownload("md"), false))
	s.mux.Handle("GET /documents", s.page(s.documentsPage, false))
	s.mux.Handle("POST /documents/import", s.page(s.importPage, false))
	s.mux.Handle("POST /documents/publish", s.page(s.publishPage, false))
	s.mux.Handle("GET /feedback", s.page(s.feedbackPage, false))
	s.mux.Handle("POST /feedback/{id}", s.page(s.triagePage, false))
	s.mux.Handle("GET /public", s.page(s.publicPage, true))
	s.mux.Handle("GET /public/notices/{id}", s.page(s.publicNoticePage, true))
	s.mux.Handle("GET /public/feedback", s.page(pf.get, true))
	s.mux.Handle("POST /public/feedback", s.page(pf.post, true))
	s.mux.Handle("GET /public/feedback/status", s.page(s.feedbackReceiptPage, true))
}

// ---- shared helpers ----

// adminPathID reads a numeric path value; NotFound when it is not one.
func adminPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, duban.Errorf(duban.NotFound, "编号“%s”无效", r.PathValue(name))
	}
	return id, nil
}

// admFormID reads an id from a form or query value; 0 when absent or not a number.
func admFormID(v string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// admFormIDs reads every id posted under name, without repeats.
func admFormIDs(r *http.Request, name string) []int64 {
	var ids []int64
	for _, v := range r.PostForm[name] {
		if id := admFormID(v); id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// adminAll reads every page of a list.
func adminAll[T any](list func(duban.Page) (duban.List[T], error)) ([]T, error) {
	var out []T
	page := duban.Page{Limit: 500}
	for {
		l, err := list(page)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.NextCursor == "" || len(l.Items) == 0 {
			return out, nil
		}
		page.Cursor = l.NextCursor
	}
}

// admChecks collects a form's problems before the store sees it, in the page's language.
type admChecks struct {
	lang string
	p    duban.Problems
}

func newAdmChecks(r *http.Request) admChecks { return admChecks{lang: lang(r), p: duban.Problems{}} }

func (c admChecks) add(field, key string) { c.p.Add(field, translate(c.lang, key)) }

func (c admChecks) date(field, v string) duban.Date {
	d, err := duban.ParseDate(v)
	if err != nil {
		c.add(field, "adm.err.date")
	}
	return d
}

func (c admChecks) num(field, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.add(field, "adm.err.number")
	}
	return n
}

// err returns the collected problems, with those validate finds added, or
// nil when the form itself is clean (the store validates again).
func (c admChecks) err(validate func() error) error {
	if len(c.p) == 0 {
		return nil
	}
	if validate != nil {
		for f, m := range duban.ErrorFields(validate()) {
			c.p.Add(f, m)
		}
	}
	return c.p.Err()
}

// admFormFailure tells whether err belongs next to the form that caused it.
func admFormFailure(err error) bool {
	switch duban.ErrorCode(err) {
	case duban.Invalid, duban.Stale, duban.Conflict:
		return true
	}
	return false
}

func admStatus(err error) int {
	if st := problemStatus[duban.ErrorCode(err)]; st != 0 {
		return st
	}
	return http.StatusBadRequest
}

// renderAdm renders a page with a status other than 200 (a form to fix).
func (s *Server) renderAdm(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	if status == 0 || status == http.StatusOK {
		return s.render(w, r, name, data)
	}
	clearFlash(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return s.renderTo(w, name, data)
}

// admDone flashes a message and sends the browser on (303).
func admDone(w http.ResponseWriter, r *http.Request, msg, to string) error {
	flash(w, msg)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// admT translates key into the request's language, formatting args into it.
func admT(r *http.Request, key string, args ...any) string {
	if len(args) == 0 {
		return translate(lang(r), key)
	}
	return fmt.Sprintf(translate(lang(r), key), args...)
}

func (s *Server) adminUnits(r *http.Request) ([]duban.Unit, error) {
	return adminAll(func(pg duban.Page) (duban.List[duban.Unit], error) {
		return s.db.ListUnits(r.Context(), duban.UnitFilter{Page: pg})
	})
}

// managedPlans lists the plans the caller may change.
func (s *Server) managedPlans(r *http.Request) ([]duban.Plan, error) {
	p := principal(r)
	all, err := adminAll(func(pg duban.Page) (duban.List[duban.Plan], error) {
		return s.db.ListPlans(r.Context(), p, duban.PlanFilter{Page: pg})
	})
	return slices.DeleteFunc(all, func(pl duban.Plan) bool { return !p.CanManagePlan(&pl) }), err
}

// admRequireOffice refuses everyone but administrators and lead offices.
func admRequireOffice(r *http.Request, what string) error {
	if p := principal(r); p.Role != duban.RoleAdmin && p.Role != duban.RoleLead {
		return duban.ErrForbidden(what)
	}
	return nil
}

// workdaysLabel is a task's deadline as shown: the label, or N working days.
func workdaysLabel(r *http.Request, t duban.Task) string {
	if t.DeadlineKind == duban.DeadlineDate && t.Deadline.IsZero() && t.DeadlineWorkdays > 0 {
		return admT(r, "adm.workdays.label", t.DeadlineWorkdays)
	}
	return deadlineIn(lang(r), t.DeadlineKind, t.Deadline)
}
