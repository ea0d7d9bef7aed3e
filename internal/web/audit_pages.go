package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

func (s *Server) registerAuditPages() {
	s.mux.Handle("GET /audit", s.page(s.auditPage, false))
	s.mux.Handle("POST /audit/verify", s.page(s.auditVerifyPage, false))
}

// auditView is the audit log page of the audit administrator: the
// filters, a page of events, and the outcome of a verification.
type auditView struct {
	Base
	Q             auditQuery
	Events        []auditRow
	Next, First   string // links to the next and the first page, "" when none
	Report        *store.AuditReport
	Anchor, Error string
	Fields        map[string]string
	Groups        [][2]string // action groups for the filter's suggestions: {value, label}
}

// auditQuery is the filter as the user typed it.
type auditQuery struct{ From, To, Actor, Action, TargetType, TargetID string }

// auditRow is an event with its action in words.
type auditRow struct {
	duban.AuditEvent
	Label                 string
	ActorHref, TargetHref string // the log filtered to this actor, to this object
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudit(w, r, nil, "")
}

// auditVerifyPage verifies the chain (against the anchor typed, if any)
// and shows the outcome above the first page of the log.
func (s *Server) auditVerifyPage(w http.ResponseWriter, r *http.Request) error {
	anchorText := strings.TrimSpace(r.PostFormValue("anchor"))
	anchor, err := parseAnchor(anchorText)
	if err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.renderAudit(w, r, nil, anchorText, err)
	}
	rep, err := s.db.VerifyAuditBy(r.Context(), principal(r), anchor)
	if err != nil {
		return err
	}
	return s.renderAudit(w, r, rep, anchorText)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, rep *store.AuditReport, anchor string, formErr ...error) error {
	v := auditView{Base: s.base(r, "audit.title"), Report: rep, Anchor: anchor}
	for _, g := range auditGroups {
		v.Groups = append(v.Groups, [2]string{g[0], textIn(v.Lang, g[1])})
	}
	qv := r.URL.Query()
	v.Q = auditQuery{From: qv.Get("from"), To: qv.Get("to"), Actor: qv.Get("actor"), Action: qv.Get("action"), TargetType: qv.Get("target_type"), TargetID: qv.Get("target_id")}
	if len(formErr) > 0 {
		v.Error, v.Fields = formError(lang(r), formErr[0])
	}
	q := newQuery(r)
	f, err := auditFilter(q)
	if err == nil && f.Limit == 0 {
		f.Limit = 50
	}
	if err != nil {
		if duban.ErrorCode(err) != duban.Invalid {
			return err
		}
		v.Error, v.Fields = formError(lang(r), err)
		f = store.AuditFilter{Page: duban.Page{Limit: 50}}
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	list, err := s.db.ListAudit(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	for _, e := range list.Items {
		row := auditRow{AuditEvent: e, Label: actionLabel(v.Base, e.Action), ActorHref: auditLink(url.Values{"actor": {e.ActorName}})}
		if e.TargetID != 0 {
			row.TargetHref = auditLink(url.Values{"target_type": {e.TargetType}, "target_id": {strconv.FormatInt(e.TargetID, 10)}})
		}
		v.Events = append(v.Events, row)
	}
	if list.NextCursor != "" {
		next := r.URL.Query()
		next.Set("cursor", list.NextCursor)
		v.Next = "/audit?" + next.Encode()
	}
	if f.Cursor != "" {
		first := r.URL.Query()
		first.Del("cursor")
		v.First = "/audit?" + first.Encode()
	}
	return s.render(w, r, "audit.html", v)
}

// auditGroups are the groups of actions offered in the filter.
var auditGroups = [][2]string{
	{"auth", "登录、口令与会话"}, {"access", "权限拒绝"}, {"export", "导出"}, {"audit", "审计核验"}, {"user", "用户"}, {"unit", "单位"},
	{"plan", "方案"}, {"task", "举措"}, {"assignment", "分办事项"}, {"report", "进展报送"}, {"feedback", "意见建议"},
}

// actionLabel names an action in the page's language, or returns it as is.
func actionLabel(b Base, action string) string {
	if l := b.T("audit.action." + action); l != "audit.action."+action {
		return l
	}
	return action
}

// auditLink is the audit page filtered by q.
func auditLink(q url.Values) string { return "/audit?" + q.Encode() }
