package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/store"
)

// registerLedgerPages registers the ledger pages: the ledger tree and its
// filtered list, the assignment page with the forms of each role, and the
// download of evidence files with the session.
func (s *Server) registerLedgerPages() {
	s.mux.Handle("GET /ledger", s.page(s.ledgerPage, false))
	s.mux.Handle("GET /assignments/{id}", s.page(s.ledgerAssignmentPage, false))
	s.mux.Handle("GET /attachments/{id}", s.page(s.ledgerAttachment, false))
	post := func(path, form string, act ledgerAct) {
		s.mux.Handle("POST /assignments/{id}/"+path, s.page(s.ledgerPost(form, act), false))
	}
	post("reports", "report", s.ledgerActReport)
	post("reports/{sub}/revise", "revise", s.ledgerActRevise)
	post("reports/{sub}/review", "review", s.ledgerActReview)
	post("do/{action}", "", s.ledgerActTransition)
	post("escalations", "escalate", s.ledgerActEscalate)
	post("escalations/{sub}/reply", "reply", s.ledgerActReply)
	post("extensions", "extension", s.ledgerActExtension)
	post("extensions/{sub}/decide", "decide", s.ledgerActDecide)
	post("lookbacks", "lookback", s.ledgerActSchedule)
	post("lookbacks/{sub}/result", "result", s.ledgerActLookback)
}

// ledgerFilter is the ledger's GET form, kept in the URL.
type ledgerFilter struct {
	Plan, Unit                    int64
	Status, Light, From, To, Text string
}

// Flat reports whether a filter other than the plan is set: the ledger is
// then a flat list of assignments instead of the tree.
func (f ledgerFilter) Flat() bool {
	return f.Unit != 0 || f.Status != "" || f.Light != "" || f.From != "" || f.To != "" || f.Text != ""
}

// url returns the ledger's address for f at a page cursor.
func (f ledgerFilter) url(cursor string) string {
	q := url.Values{}
	q.Set("plan", strconv.FormatInt(f.Plan, 10))
	if f.Unit != 0 {
		q.Set("unit", strconv.FormatInt(f.Unit, 10))
	}
	for k, v := range map[string]string{"status": f.Status, "light": f.Light, "from": f.From, "to": f.To, "q": f.Text, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return "/ledger?" + q.Encode()
}

type ledgerOption struct {
	Value, Label string
	Selected     bool
}

// ledgerRow is an assignment as a ledger row, with its labels prepared.
type ledgerRow struct {
	duban.Assignment
	Due, Left, StatusText, LightText string
	Late                             bool // past its deadline
}

// ledgerTask is a measure and its units' rows.
type ledgerTask struct {
	ID            int64
	Number, Title string
	Rows          []ledgerRow
}

// ledgerNode is an aspect, problem or specific problem with its roll-up.
type ledgerNode struct {
	Lang                string
	Number, Title, Kind string
	Rollup              duban.Rollup
	Open                bool
	Nodes               []ledgerNode
	Tasks               []ledgerTask
}

// T translates for the node's template, which has no Base.
func (n ledgerNode) T(key string) string { return translate(n.Lang, key) }

// ledgerAlert is a count of red or yellow lights, linked to their list.
type ledgerAlert struct {
	Light       duban.Light
	Count       int
	Label, Href string
}

// ledgerView is the ledger page.
type ledgerView struct {
	Base
	F                ledgerFilter
	Errors           map[string]string
	Plans, Units     []ledgerOption
	Statuses, Lights []ledgerOption
	Plan             *duban.Plan
	Tree             *duban.Tree
	Nodes            []ledgerNode
	Rows             []ledgerRow
	Alerts           []ledgerAlert
	Next, Reset      string
	Rate             string
	NoPlan, ShowUnit bool
}

// ledgerPage shows the caller's ledger: the plan's tree with roll-ups, or,
// with any filter besides the plan, a flat list a keyset page at a time.
func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	title := "ledger.title"
	if !p.ReadsAll() {
		title = "ledger.title.mine"
	}
	v := ledgerView{Base: s.base(r, title), Errors: map[string]string{}, ShowUnit: p.ReadsAll()}
	f, af := ledgerFilterOf(r, v.Errors)
	plans, err := s.db.ListPlans(ctx, p, duban.PlanFilter{Page: duban.Page{Limit: 100}})
	if err != nil {
		return err
	}
	if f.Plan == 0 && len(plans.Items) > 0 {
		f.Plan = plans.Items[0].ID
	}
	v.F, v.NoPlan, v.Reset = f, f.Plan == 0, ledgerFilter{Plan: f.Plan}.url("")
	for _, pl := range plans.Items {
		v.Plans = append(v.Plans, ledgerOption{strconv.FormatInt(pl.ID, 10), pl.Title, pl.ID == f.Plan})
	}
	if err := s.ledgerOptions(r, &v); err != nil {
		return err
	}
	if !v.NoPlan {
		if v.Plan, err = s.db.FindPlan(ctx, p, f.Plan); err != nil {
			return err
		}
		af.PlanID = f.Plan
		if f.Flat() {
			err = s.ledgerList(r, &v, af)
		} else {
			err = s.ledgerTree(r, &v)
		}
		if err != nil {
			return err
		}
	}
	return s.ledgerRender(w, r, ledgerStatus(v.Errors), "ledger.html", v)
}

func ledgerStatus(errs map[string]string) int {
	if len(errs) > 0 {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// ledgerFilterOf reads the filter form; a bad value is reported in errs
// and does not filter.
func ledgerFilterOf(r *http.Request, errs map[string]string) (ledgerFilter, duban.AssignmentFilter) {
	q := r.URL.Query()
	f := ledgerFilter{Status: q.Get("status"), Light: q.Get("light"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Text: strings.TrimSpace(q.Get("q"))}
	f.Plan, _ = strconv.ParseInt(q.Get("plan"), 10, 64)
	f.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	af := duban.AssignmentFilter{UnitID: f.Unit, Text: f.Text, Page: duban.Page{Cursor: q.Get("cursor"), Limit: 50}}
	switch st := duban.Status(f.Status); {
	case f.Status == "open":
		af.Open = true
	case st.Valid():
		af.Statuses = []duban.Status{st}
	case f.Status != "":
		errs["status"] = translate(lang(r), "ledger.err.status")
	}
	if _, ok := ledgerLights[duban.Light(f.Light)]; !ok && f.Light != "" {
		errs["light"] = translate(lang(r), "ledger.err.light")
	}
	var err error
	if af.DeadlineFrom, err = duban.ParseDate(f.From); err != nil {
		errs["from"] = duban.ErrorMessage(err)
	}
	if af.DeadlineTo, err = duban.ParseDate(f.To); err != nil {
		errs["to"] = duban.ErrorMessage(err)
	}
	return f, af
}

var ledgerLights = map[duban.Light]bool{duban.LightRed: true, duban.LightYellow: true, duban.LightGreen: true, duban.LightDone: true}

// ledgerOptions fills the choices of the filter form.
func (s *Server) ledgerOptions(r *http.Request, v *ledgerView) error {
	v.Statuses = []ledgerOption{{"open", v.T("ledger.status.open"), v.F.Status == "open"}}
	for _, st := range duban.Statuses {
		v.Statuses = append(v.Statuses, ledgerOption{string(st), v.T("ledger.status." + string(st)), v.F.Status == string(st)})
	}
	for _, l := range []duban.Light{duban.LightRed, duban.LightYellow, duban.LightGreen, duban.LightDone} {
		v.Lights = append(v.Lights, ledgerOption{string(l), v.T("ledger.light." + string(l)), v.F.Light == string(l)})
	}
	if !v.ShowUnit {
		return nil
	}
	units, err := s.db.ListUnits(r.Context(), duban.UnitFilter{Page: duban.Page{Limit: 500}})
	if err != nil {
		return err
	}
	for _, u := range units.Items {
		v.Units = append(v.Units, ledgerOption{strconv.FormatInt(u.ID, 10), u.ShortName, u.ID == v.F.Unit})
	}
	return nil
}

// ledgerList fills the flat list. Lights are computed, not stored, so a
// light filter reads on through pages until a page's worth is found.
func (s *Server) ledgerList(r *http.Request, v *ledgerView, f duban.AssignmentFilter) error {
	want := f.PageLimit()
	for range 20 {
		list, err := s.db.ListAssignments(r.Context(), principal(r), f, s.ledgerToday())
		if err != nil {
			return err
		}
		for _, a := range list.Items {
			if v.F.Light == "" || v.Errors["light"] != "" || string(a.Light) == v.F.Light {
				v.Rows = append(v.Rows, ledgerRowOf(v.Lang, a))
			}
		}
		f.Cursor = list.NextCursor
		if f.Cursor == "" || len(v.Rows) >= want {
			break
		}
	}
	if f.Cursor != "" {
		v.Next = v.F.url(f.Cursor)
	}
	return nil
}

// ledgerTree fills the tree, with each assignment's working days left.
func (s *Server) ledgerTree(r *http.Request, v *ledgerView) error {
	ctx, p, today := r.Context(), principal(r), s.ledgerToday()
	tree, err := s.db.Tree(ctx, p, v.F.Plan, today)
	if err != nil {
		return err
	}
	byID := map[int64]duban.Assignment{}
	f := duban.AssignmentFilter{PlanID: v.F.Plan, Page: duban.Page{Limit: 500}}
	for {
		list, err := s.db.ListAssignments(ctx, p, f, today)
		if err != nil {
			return err
		}
		for _, a := range list.Items {
			byID[a.ID] = a
		}
		if f.Cursor = list.NextCursor; f.Cursor == "" {
			break
		}
	}
	v.Tree, v.Nodes = tree, ledgerNodes(v.Lang, tree.Children, byID)
	v.Rate = fmt.Sprintf("%.0f%%", tree.Rollup.Rate*100)
	for _, al := range []ledgerAlert{{Light: duban.LightRed, Count: tree.Rollup.Overdue}, {Light: duban.LightYellow, Count: tree.Rollup.DueSoon}} {
		al.Label, al.Href = v.T("ledger.s."+string(al.Light)), ledgerFilter{Plan: v.F.Plan, Light: string(al.Light)}.url("")
		v.Alerts = append(v.Alerts, al)
	}
	return nil
}

func ledgerNodes(lang string, items []*duban.TreeItem, byID map[int64]duban.Assignment) []ledgerNode {
	var out []ledgerNode
	for _, it := range items {
		if it.Kind == "task" {
			continue
		}
		n := ledgerNode{Lang: lang, Number: it.Number, Title: it.Title, Kind: it.Kind, Rollup: it.Rollup,
			Open: it.Kind == "aspect" || it.Rollup.Closed < it.Rollup.Total, Nodes: ledgerNodes(lang, it.Children, byID)}
		for _, c := range it.Children {
			if c.Kind != "task" {
				continue
			}
			t := ledgerTask{ID: c.ID, Number: c.Number, Title: c.Title}
			for _, b := range c.Assignments {
				a, ok := byID[b.ID]
				if !ok {
					a = duban.Assignment{ID: b.ID, Unit: b.Unit, Lead: b.Lead, Status: b.Status, DeadlineKind: c.DeadlineKind, Deadline: b.Deadline, Light: b.Light}
				}
				t.Rows = append(t.Rows, ledgerRowOf(lang, a))
			}
			n.Tasks = append(n.Tasks, t)
		}
		out = append(out, n)
	}
	return out
}

func ledgerRowOf(lang string, a duban.Assignment) ledgerRow {
	row := ledgerRow{Assignment: a, Due: duban.DeadlineLabel(a.DeadlineKind, a.Deadline), Left: "—",
		StatusText: translate(lang, "ledger.status."+string(a.Status)), LightText: translate(lang, "ledger.light."+string(a.Light))}
	if a.WorkdaysLeft != nil && a.Open() {
		row.Left, row.Late = strconv.Itoa(*a.WorkdaysLeft), *a.WorkdaysLeft < 0
		if row.Late {
			row.Left = fmt.Sprintf(translate(lang, "ledger.overdue_by"), -*a.WorkdaysLeft)
		}
	}
	if row.Due == "" {
		row.Due = "—"
	}
	return row
}

func (s *Server) ledgerToday() duban.Date { return duban.DateOf(s.db.Now().In(duban.ChinaTime)) }

// ledgerStatusWriter holds back a status until the page is written, so that
// the page's own headers still go out with it.
type ledgerStatusWriter struct {
	http.ResponseWriter
	status int
}

func (w *ledgerStatusWriter) Write(b []byte) (int, error) {
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
		w.status = 0
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) ledgerRender(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	if status == http.StatusOK {
		return s.render(w, r, name, data)
	}
	return s.render(&ledgerStatusWriter{ResponseWriter: w, status: status}, r, name, data)
}

// ledgerAttachment sends an evidence file to a session that may see its
// assignment, as the API does to a bearer token.
func (s *Server) ledgerAttachment(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return duban.Errorf(duban.NotFound, "附件不存在")
	}
	return s.apiDownload(w, r)
}

// ledgerValues are the fields of every form on the assignment page, as typed.
type ledgerValues struct {
	Period, Content, WorkDate, Summary, Reason, NewDeadline, Comment, Decision string
	Level, MeetingID, Note, ReplyDue, Reply, DueDate, Campaign, Result         string
	PhaseComplete                                                              bool
	Version                                                                    int
}

// ledgerForm is the state of one form: what was typed and, when it is the
// form that failed, the message and the per-field messages.
type ledgerForm struct {
	Name    string
	Target  int64 // the report, notice, request or look-back of a per-row form
	Failed  bool
	Message string
	Fields  map[string]string
	Values  ledgerValues
}

// Err returns the message for a field of the form, or "".
func (f ledgerForm) Err(field string) string { return f.Fields[field] }

// ledgerCan tells which forms the caller is shown; the store decides.
type ledgerCan struct {
	Report, Revise, Start, Closure, Extension, Reply bool // the unit's liaison (Reply: or its leader)
	SignOff, LeaderReturn                            bool // the unit's leader
	Review, Assign, Verify, AwaitSignOff, Return     bool // the plan's lead office
	Escalate, Decide, Schedule, Record, Reopen       bool
	LongTerm                                         bool
}

// Panel reports whether the side panel has any form.
func (c ledgerCan) Panel() bool {
	return c.Report || c.Start || c.Closure || c.Extension || c.SignOff || c.LeaderReturn || c.Assign || c.Verify ||
		c.AwaitSignOff || c.Return || c.Escalate || c.Schedule || c.Reopen
}

func ledgerCanOf(p *duban.Principal, a *duban.Assignment, pl *duban.Plan, pendingExt bool) ledgerCan {
	own := p.UnitID != 0 && p.UnitID == a.Unit.ID
	liaison, leader, manages := own && p.Role == duban.RoleLiaison, own && p.Role == duban.RoleLeader, p.CanManagePlan(pl)
	st := a.Status
	working := st == duban.StatusAssigned || st == duban.StatusInProgress
	asked := st == duban.StatusClosureRequested
	return ledgerCan{
		Report:       liaison && st != duban.StatusDraft && (st != duban.StatusClosed || a.PhaseComplete),
		Revise:       liaison,
		Start:        (liaison || manages) && st == duban.StatusAssigned,
		Closure:      liaison && working,
		Extension:    liaison && a.Open() && st != duban.StatusDraft && a.DeadlineKind == duban.DeadlineDate && !pendingExt,
		Reply:        liaison || leader,
		SignOff:      (leader || p.Role == duban.RoleAdmin) && asked && !a.SignedOff,
		LeaderReturn: leader && asked && !a.SignedOff,
		Review:       manages,
		Assign:       manages && st == duban.StatusDraft,
		Verify:       manages && asked && a.SignedOff,
		AwaitSignOff: manages && asked && !a.SignedOff,
		Return:       manages && asked,
		Escalate:     manages && a.Open() && st != duban.StatusDraft,
		Decide:       manages,
		Schedule:     manages && st == duban.StatusClosed,
		Record:       manages,
		Reopen:       manages && st == duban.StatusClosed,
		LongTerm:     a.DeadlineKind == duban.DeadlineLongTerm,
	}
}

// ledgerReport is a report with its files.
type ledgerReport struct {
	duban.Report
	Files []ledgerFile
}

type ledgerFile struct {
	store.Attachment
	Human string // the size, for people
	Ext   string // PDF, JPG …
}

// ledgerEscalation is a supervision step with its meeting's name.
type ledgerEscalation struct {
	duban.Escalation
	Meeting           string
	IsNotice, Overdue bool
}

// ledgerStep is a step of the closure: done, current or todo.
type ledgerStep struct{ Label, State string }

// ledgerHint is something on the page that waits for the caller.
type ledgerHint struct{ Text, Href string }

// ledgerAssignmentView is the assignment page.
type ledgerAssignmentView struct {
	Base
	A           ledgerRow
	Original    string // the original deadline, when an extension moved it
	Task        *duban.Task
	Plan        *duban.Plan
	Path        []duban.Node // aspect down to the task's node
	Aspect      string
	Problem     string // the problem (and specific problem) under the aspect
	LeadUnit    string
	CoopUnits   []string
	Others      []ledgerRow
	Reports     []ledgerReport
	Steps       []ledgerStep
	Closure     []duban.Transition
	Requests    []store.Closure // the closure requests with their summaries and evidence
	Escalations []ledgerEscalation
	Extensions  []duban.Extension
	Lookbacks   []duban.Lookback
	Timeline    []store.TimelineEntry
	Meetings    []duban.Meeting
	Levels      []ledgerOption
	Hints       []ledgerHint
	Period      string // the period a new report is for, by default
	Today       string // an example date for the date fields
	LedgerURL   string
	Can         ledgerCan
	Form        *ledgerForm
}

// F returns the state of a form on the page: the failed one as typed,
// any other with its defaults.
func (v ledgerAssignmentView) F(name string, target int64) ledgerForm {
	if v.Form != nil && v.Form.Name == name && v.Form.Target == target {
		return *v.Form
	}
	return ledgerForm{Name: name, Target: target, Values: ledgerValues{Period: v.Period, Version: v.A.Version}}
}

func (s *Server) ledgerAssignmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.ledgerRenderAssignment(w, r, id, nil, http.StatusOK)
}

// ledgerRenderAssignment shows the assignment page, with a failed form if any.
func (s *Server) ledgerRenderAssignment(w http.ResponseWriter, r *http.Request, id int64, form *ledgerForm, status int) error {
	v := ledgerAssignmentView{Base: s.base(r, "ledger.assignment"), Form: form}
	if err := s.ledgerMeasure(r, id, &v); err != nil {
		return err
	}
	if err := s.ledgerHistory(r, id, &v); err != nil {
		return err
	}
	v.Title = v.A.TaskTitle
	for i := range v.Nav {
		v.Nav[i].Active = v.Nav[i].Href == "/ledger"
	}
	pending := false
	for _, x := range v.Extensions {
		pending = pending || x.Status == duban.ExtensionPending
	}
	v.Can = ledgerCanOf(principal(r), &v.A.Assignment, v.Plan, pending)
	v.Steps, v.Hints = ledgerSteps(v.Base, &v.A.Assignment), ledgerHints(&v)
	return s.ledgerRender(w, r, status, "assignment.html", v)
}

// ledgerMeasure loads the assignment, its measure, plan, place in the
// tree and units, and the other units' assignments of the measure.
func (s *Server) ledgerMeasure(r *http.Request, id int64, v *ledgerAssignmentView) error {
	ctx, p, today := r.Context(), principal(r), s.ledgerToday()
	a, err := s.db.FindAssignment(ctx, p, id, today)
	if err != nil {
		return err
	}
	v.A = ledgerRowOf(v.Lang, *a)
	if a.OriginalDeadline != a.Deadline && !a.OriginalDeadline.IsZero() {
		v.Original = a.OriginalDeadline.Chinese()
	}
	if v.Task, err = s.db.FindTask(ctx, p, a.TaskID); err != nil {
		return err
	}
	if v.Plan, err = s.db.FindPlan(ctx, p, a.PlanID); err != nil {
		return err
	}
	v.Period, v.Today, v.LedgerURL = duban.PeriodOf(v.Plan.Cadence, today), today.String(), ledgerFilter{Plan: a.PlanID}.url("")
	if err := s.ledgerPlace(r, v); err != nil {
		return err
	}
	others, err := s.db.ListAssignments(ctx, p, duban.AssignmentFilter{TaskID: a.TaskID, Page: duban.Page{Limit: 500}}, today)
	for _, o := range others.Items {
		if o.ID != a.ID {
			v.Others = append(v.Others, ledgerRowOf(v.Lang, o))
		}
	}
	return err
}

// ledgerPlace loads where the measure sits in the tree (aspect down to
// its problem) and the names of its lead and cooperating units.
func (s *Server) ledgerPlace(r *http.Request, v *ledgerAssignmentView) error {
	ctx, p := r.Context(), principal(r)
	for nid := v.Task.NodeID; nid != 0; {
		n, err := s.db.FindNode(ctx, p, nid)
		if err != nil {
			return err
		}
		v.Path, nid = append([]duban.Node{*n}, v.Path...), 0
		if n.ParentID != nil {
			nid = *n.ParentID
		}
	}
	var probs []string
	for i, n := range v.Path {
		if i == 0 {
			v.Aspect = n.Title
		} else {
			probs = append(probs, n.Title)
		}
	}
	v.Problem = strings.Join(probs, " › ")
	for i, uid := range v.Task.UnitIDs() {
		u, err := s.db.FindUnit(ctx, uid)
		if err != nil {
			return err
		}
		if i == 0 {
			v.LeadUnit = u.ShortName
		} else {
			v.CoopUnits = append(v.CoopUnits, u.ShortName)
		}
	}
	return nil
}

// ledgerHistory loads the reports with their files, closure steps,
// supervision, extensions, look-backs, the timeline and, for the lead
// office, the plan's meetings.
func (s *Server) ledgerHistory(r *http.Request, id int64, v *ledgerAssignmentView) error {
	ctx, p := r.Context(), principal(r)
	if err := s.ledgerReports(r, id, v); err != nil {
		return err
	}
	trs, err := s.db.ListTransitions(ctx, p, id)
	if err != nil {
		return err
	}
	for _, t := range trs {
		switch t.Action {
		case duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify, duban.ActionReturn, duban.ActionReopen:
			v.Closure = append(v.Closure, t)
		}
	}
	if v.Requests, err = s.db.ListClosures(ctx, p, id); err != nil {
		return err
	}
	if err := s.ledgerEscalations(r, id, v); err != nil {
		return err
	}
	if v.Extensions, err = s.db.ListExtensions(ctx, p, id); err != nil {
		return err
	}
	if v.Lookbacks, err = s.db.ListLookbacks(ctx, p, store.LookbackFilter{AssignmentID: id}); err != nil {
		return err
	}
	if v.Timeline, err = s.db.Timeline(ctx, p, id); err != nil {
		return err
	}
	for i, j := 0, len(v.Timeline)-1; i < j; i, j = i+1, j-1 {
		v.Timeline[i], v.Timeline[j] = v.Timeline[j], v.Timeline[i]
	}
	if p.CanManagePlan(v.Plan) {
		ms, err := s.db.ListMeetings(ctx, p, duban.MeetingFilter{PlanID: v.Plan.ID, Page: duban.Page{Limit: 200}})
		v.Meetings = ms.Items
		return err
	}
	return nil
}

// ledgerReports loads the reports, newest first, with their files.
func (s *Server) ledgerReports(r *http.Request, id int64, v *ledgerAssignmentView) error {
	ctx, p := r.Context(), principal(r)
	reports, err := s.db.ListReports(ctx, p, id)
	if err != nil {
		return err
	}
	for _, rp := range reports {
		files, err := s.db.ReportAttachments(ctx, p, rp.ID)
		if err != nil {
			return err
		}
		lr := ledgerReport{Report: rp}
		for _, f := range files {
			ext := strings.ToUpper(strings.TrimPrefix(filepath.Ext(f.Name), "."))
			lr.Files = append(lr.Files, ledgerFile{Attachment: f, Human: ledgerSize(f.Size), Ext: ext})
		}
		v.Reports = append(v.Reports, lr)
	}
	sort.SliceStable(v.Reports, func(i, j int) bool { return v.Reports[i].SubmittedAt.After(v.Reports[j].SubmittedAt) })
	return nil
}

// ledgerEscalations loads the supervision steps with their meetings.
func (s *Server) ledgerEscalations(r *http.Request, id int64, v *ledgerAssignmentView) error {
	ctx, p, today := r.Context(), principal(r), s.ledgerToday()
	es, err := s.db.ListEscalations(ctx, p, id)
	if err != nil {
		return err
	}
	for _, e := range es {
		le := ledgerEscalation{Escalation: e, IsNotice: e.Level == duban.LevelNotice, Overdue: e.Unanswered(today)}
		if e.MeetingID != nil {
			if m, err := s.db.FindMeeting(ctx, p, *e.MeetingID); err == nil {
				le.Meeting = m.Kind + " · " + m.Title
			}
		}
		v.Escalations = append(v.Escalations, le)
	}
	for _, l := range []duban.Level{duban.LevelCircular, duban.LevelInterview, duban.LevelNotice} {
		v.Levels = append(v.Levels, ledgerOption{Value: string(l), Label: v.T("ledger.level." + string(l))})
	}
	return nil
}

func ledgerSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// ledgerSteps are the closure's three steps: request, sign-off, verify.
func ledgerSteps(b Base, a *duban.Assignment) []ledgerStep {
	states := map[duban.Status][3]string{
		duban.StatusClosureRequested: {"done", "current", "todo"}, duban.StatusClosed: {"done", "done", "done"},
	}
	st, ok := states[a.Status]
	if !ok {
		return nil
	}
	if a.Status == duban.StatusClosureRequested && a.SignedOff {
		st = [3]string{"done", "done", "current"}
	}
	labels := []string{"ledger.step.request", "ledger.step.signoff", "ledger.step.verify"}
	out := make([]ledgerStep, 3)
	for i := range out {
		out[i] = ledgerStep{b.T(labels[i]), st[i]}
	}
	return out
}

// ledgerHints lists what on the page waits for the caller.
func ledgerHints(v *ledgerAssignmentView) []ledgerHint {
	var out []ledgerHint
	add := func(ok bool, key, href string) {
		if ok {
			out = append(out, ledgerHint{v.T(key), href})
		}
	}
	pendingReport, returnedReport, notice, ext, look := false, false, false, false, false
	for _, rp := range v.Reports {
		pendingReport = pendingReport || rp.Review == duban.ReviewPending
		returnedReport = returnedReport || rp.Review == duban.ReviewReturned
	}
	for _, e := range v.Escalations {
		notice = notice || (e.Level == duban.LevelNotice && e.RepliedAt == nil)
	}
	for _, x := range v.Extensions {
		ext = ext || x.Status == duban.ExtensionPending
	}
	for _, l := range v.Lookbacks {
		look = look || l.Result == duban.LookbackPending
	}
	c := v.Can
	add(c.Review && pendingReport, "ledger.hint.review", "#reports")
	add(c.Revise && returnedReport, "ledger.hint.revise", "#reports")
	add(c.SignOff, "ledger.hint.signoff", "#act-signoff")
	add(c.Verify, "ledger.hint.verify", "#act-verify")
	add(c.Reply && notice, "ledger.hint.reply", "#escalations")
	add(c.Decide && ext, "ledger.hint.extension", "#extensions")
	add(c.Record && look, "ledger.hint.lookback", "#lookbacks")
	return out
}

// ledgerAct is one form of the assignment page: it takes what was typed
// for assignment id (and sub, the row of a per-row form) and returns the
// message key of its flash.
type ledgerAct func(r *http.Request, id, sub int64, v ledgerValues) (string, error)

// ledgerPost handles a form: success flashes and goes back to the page
// (303); a refused form re-renders the page with the form as typed and
// its errors next to the fields.
func (s *Server) ledgerPost(form string, act ledgerAct) pageHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		name := form
		if name == "" {
			name = r.PathValue("action")
		}
		sub, _ := strconv.ParseInt(r.PathValue("sub"), 10, 64)
		v, err := ledgerReadValues(w, r)
		if err == nil {
			var key string
			if key, err = act(r, id, sub, v); err == nil {
				flash(w, translate(lang(r), key))
				http.Redirect(w, r, fmt.Sprintf("/assignments/%d", id), http.StatusSeeOther)
				return nil
			}
		}
		code := duban.ErrorCode(err)
		if code == duban.NotFound || code == duban.Internal {
			return err
		}
		msg, fields := formError(err)
		status := problemStatus[code]
		if status == 0 {
			status = http.StatusBadRequest
		}
		f := &ledgerForm{Name: name, Target: sub, Failed: true, Message: msg, Fields: fields, Values: v}
		return s.ledgerRenderAssignment(w, r, id, f, status)
	}
}

// ledgerReadValues parses a form, multipart (with files) or not.
func ledgerReadValues(w http.ResponseWriter, r *http.Request) (ledgerValues, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	var err error
	if isMultipart(r) {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return ledgerValues{}, duban.Errorf(badRequest, "无法读取提交的表单，或超过%dMB上限", maxReportForm>>20)
	}
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := ledgerValues{Period: g("period"), Content: g("content"), WorkDate: g("work_date"), Summary: g("summary"), Reason: g("reason"),
		NewDeadline: g("new_deadline"), Comment: g("comment"), Decision: g("decision"), Level: g("level"), MeetingID: g("meeting_id"),
		Note: g("note"), ReplyDue: g("reply_due"), Reply: g("reply"), DueDate: g("due_date"), Campaign: g("campaign"), Result: g("result"),
		PhaseComplete: g("phase_complete") != ""}
	v.Version, _ = strconv.Atoi(g("version"))
	return v, nil
}

// ledgerDate parses a typed date, recording a problem with the field.
func ledgerDate(p duban.Problems, field, s string, required bool) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		p.Add(field, duban.ErrorMessage(err))
	} else if required && d.IsZero() {
		p.Add(field, "必填")
	}
	return d
}

func (s *Server) ledgerActReport(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	x := &duban.Report{AssignmentID: id, Period: v.Period, Content: v.Content, WorkDate: ledgerDate(p, "work_date", v.WorkDate, false)}
	for f, m := range duban.ErrorFields(x.Validate()) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	ups, err := s.ledgerUploads(r)
	if err != nil {
		return "", err
	}
	return "ledger.flash.report", s.db.CreateReportWithFiles(r.Context(), principal(r), x, ups)
}

// ledgerUploads stores the evidence files of a report form by content,
// before the report is written (as the API does).
func (s *Server) ledgerUploads(r *http.Request) ([]store.Upload, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["files"]) == 0 {
		return nil, nil
	}
	bad := func(msg string) error {
		return &duban.Error{Code: duban.Invalid, Message: msg, Fields: map[string]string{"files": msg}}
	}
	if s.files == nil {
		return nil, bad("本实例未配置佐证材料存储")
	}
	var ups []store.Upload
	for _, fh := range r.MultipartForm.File["files"] {
		f, err := fh.Open()
		if err != nil {
			return nil, bad(fmt.Sprintf("文件“%s”读取失败", fh.Filename))
		}
		data, err := io.ReadAll(io.LimitReader(f, files.MaxSize+1))
		f.Close()
		if err != nil {
			return nil, bad(fmt.Sprintf("文件“%s”读取失败", fh.Filename))
		}
		stored, err := s.files.Put(fh.Filename, data)
		if err != nil {
			return nil, bad(duban.ErrorMessage(err))
		}
		ups = append(ups, store.Upload{File: stored, Name: fh.Filename})
	}
	return ups, nil
}

func (s *Server) ledgerActRevise(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	work := ledgerDate(p, "work_date", v.WorkDate, false)
	if v.Content == "" {
		p.Add("content", "请填写整改进展")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.ReviseReport(r.Context(), principal(r), sub, 0, v.Content, work)
	return "ledger.flash.revise", err
}

func (s *Server) ledgerActReview(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	rv, key := duban.ReportReview{Review: duban.ReviewAccepted, Comment: v.Comment}, "ledger.flash.accepted"
	if v.Decision == "return" {
		rv.Review, key = duban.ReviewReturned, "ledger.flash.returned"
	}
	_, err := s.db.ReviewReport(r.Context(), principal(r), sub, v.Version, rv)
	return key, err
}

func (s *Server) ledgerActTransition(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	act := duban.Action(r.PathValue("action"))
	if _, ok := duban.ActionNames[act]; !ok {
		return "", duban.Errorf(duban.NotFound, "没有“%s”这一操作", string(act))
	}
	p := duban.Problems{}
	in := duban.TransitionInput{Reason: v.Reason, Summary: v.Summary, PhaseComplete: v.PhaseComplete,
		NewDeadline: ledgerDate(p, "new_deadline", v.NewDeadline, false)}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.Transition(r.Context(), principal(r), id, v.Version, act, in)
	return "ledger.flash." + string(act), err
}

func (s *Server) ledgerActEscalate(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	in := store.EscalationInput{Level: duban.Level(v.Level), Note: v.Note, ReplyDue: ledgerDate(p, "reply_due", v.ReplyDue, false)}
	if v.MeetingID != "" {
		mid, err := strconv.ParseInt(v.MeetingID, 10, 64)
		if err != nil {
			p.Add("meeting_id", "无效")
		}
		in.MeetingID = &mid
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.Escalate(r.Context(), principal(r), id, in)
	return "ledger.flash.escalate", err
}

func (s *Server) ledgerActReply(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	_, err := s.db.ReplyEscalation(r.Context(), principal(r), sub, v.Reply)
	return "ledger.flash.reply", err
}

func (s *Server) ledgerActExtension(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	d := ledgerDate(p, "new_deadline", v.NewDeadline, true)
	if v.Reason == "" {
		p.Add("reason", "必填")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.RequestExtension(r.Context(), principal(r), id, d, v.Reason)
	return "ledger.flash.extension", err
}

func (s *Server) ledgerActDecide(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	approve := v.Decision == "approve"
	_, err := s.db.DecideExtension(r.Context(), principal(r), sub, approve, v.Comment)
	if approve {
		return "ledger.flash.approved", err
	}
	return "ledger.flash.refused", err
}

func (s *Server) ledgerActSchedule(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	due := ledgerDate(p, "due_date", v.DueDate, true)
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.ScheduleLookbacks(r.Context(), principal(r), 0, id, due, v.Campaign)
	return "ledger.flash.lookback", err
}

func (s *Server) ledgerActLookback(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	d := ledgerDate(p, "new_deadline", v.NewDeadline, false)
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.RecordLookback(r.Context(), principal(r), sub, duban.LookbackResult(v.Result), v.Note, d)
	return "ledger.flash.result", err
}

// ledgerMessages are the ledger pages' strings: Chinese first, English second.
var ledgerMessages = map[string][2]string{
	"ledger.title":      {"整改台账", "Rectification ledger"},
	"ledger.title.mine": {"本单位整改事项", "My unit's rectification items"},
	"ledger.assignment": {"分办事项", "Assignment"},
	"ledger.noplan":     {"您还没有可查看的整改方案。", "There is no plan you may see yet."},
	"ledger.empty":      {"该方案还没有整改条目。", "This plan has no items yet."},
	"ledger.nomatch":    {"没有符合条件的事项，请放宽筛选条件。", "No assignment matches; try a wider filter."},
	"ledger.count":      {"本页 %d 项", "%d on this page"},
	"ledger.next":       {"下一页", "Next page"},
	"ledger.expand":     {"全部展开", "Expand all"},
	"ledger.collapse":   {"全部收起", "Collapse all"},
	"ledger.unassigned": {"尚未分办到单位", "Not yet given to any unit"},
	"ledger.lead":       {"牵头", "Lead"},
	"ledger.coop":       {"配合", "Cooperating"},
	"ledger.overdue_by": {"逾期%d", "%d overdue"},

	"ledger.filter":        {"筛选台账", "Filter the ledger"},
	"ledger.f.plan":        {"整改方案", "Plan"},
	"ledger.f.unit":        {"责任单位", "Unit"},
	"ledger.f.status":      {"状态", "Status"},
	"ledger.f.light":       {"红黄绿灯", "Light"},
	"ledger.f.deadline":    {"整改时限", "Deadline between"},
	"ledger.f.from":        {"起 2022-01-01", "from 2022-01-01"},
	"ledger.f.to":          {"止 2022-12-31", "to 2022-12-31"},
	"ledger.f.text":        {"关键词", "Text"},
	"ledger.f.textph":      {"举措、内容或单位", "Measure, content or unit"},
	"ledger.f.all":         {"全部", "All"},
	"ledger.f.apply":       {"筛选", "Filter"},
	"ledger.f.reset":       {"清除筛选", "Clear filters"},
	"ledger.err.status":    {"状态无效", "Unknown status"},
	"ledger.err.light":     {"灯色无效", "Unknown light"},
	"ledger.s.tasks":       {"整改举措", "Measures"},
	"ledger.s.assignments": {"分办事项", "Assignments"},
	"ledger.s.closed":      {"已销号", "Closed"},
	"ledger.s.red":         {"红灯（逾期）", "Red (overdue)"},
	"ledger.s.yellow":      {"黄灯（临期或缺报）", "Yellow (due soon or report missing)"},

	"ledger.col.measure":  {"整改举措", "Measure"},
	"ledger.col.light":    {"灯", "Light"},
	"ledger.col.unit":     {"责任单位", "Unit"},
	"ledger.col.status":   {"状态", "Status"},
	"ledger.col.deadline": {"整改时限", "Deadline"},
	"ledger.col.left":     {"剩余工作日", "Working days left"},

	"ledger.status.open":              {"未销号（全部在办）", "Open (not closed)"},
	"ledger.status.draft":             {"草拟", "Draft"},
	"ledger.status.assigned":          {"已交办", "Assigned"},
	"ledger.status.in_progress":       {"整改中", "In progress"},
	"ledger.status.closure_requested": {"申请销号", "Closure requested"},
	"ledger.status.closed":            {"已销号", "Closed"},
	"ledger.light.red":                {"红灯", "Red"},
	"ledger.light.yellow":             {"黄灯", "Yellow"},
	"ledger.light.green":              {"绿灯", "Green"},
	"ledger.light.done":               {"已完成", "Done"},

	"ledger.crumbs":       {"位置", "Breadcrumbs"},
	"ledger.phase":        {"阶段性完成", "Phase complete"},
	"ledger.signed":       {"（已经领导签批）", "(signed off by the leader)"},
	"ledger.original":     {"原时限", "originally"},
	"ledger.lastperiod":   {"最近报送期次", "Last period reported"},
	"ledger.panel":        {"办理", "Actions"},
	"ledger.measure":      {"整改举措", "The measure"},
	"ledger.aspect":       {"所属方面", "Aspect"},
	"ledger.problem":      {"所属问题", "Problem"},
	"ledger.content":      {"举措内容", "Content"},
	"ledger.target":       {"整改目标", "Target"},
	"ledger.requirements": {"整改要求", "Requirements"},
	"ledger.leader":       {"责任领导", "Responsible leader"},
	"ledger.person":       {"责任人", "Responsible person"},
	"ledger.leadunit":     {"牵头单位", "Lead unit"},
	"ledger.coopunits":    {"配合单位", "Cooperating units"},
	"ledger.taskdeadline": {"举措时限", "Measure deadline"},
	"ledger.others":       {"其他单位承担情况", "The other units' shares"},

	"ledger.reports":         {"进展报送", "Progress reports"},
	"ledger.report":          {"进展报送", "Report"},
	"ledger.noreports":       {"尚无进展报送。", "No report yet."},
	"ledger.workdate":        {"工作日期", "Work done on"},
	"ledger.submitted":       {"提交于", "submitted"},
	"ledger.files":           {"佐证材料", "Evidence"},
	"ledger.reviewcomment":   {"审核意见：", "Review:"},
	"ledger.review.pending":  {"待审核", "Awaiting review"},
	"ledger.review.accepted": {"已采用", "Accepted"},
	"ledger.review.returned": {"已退回", "Returned"},
	"ledger.revise":          {"修改后重新提交", "Revise and resubmit"},

	"ledger.closure":                 {"对账销号", "Closure"},
	"ledger.closure.summary":         {"整改完成情况", "What was done"},
	"ledger.closure.files":           {"佐证材料：", "Evidence: "},
	"ledger.closure.signed":          {"领导已签批于", "Signed off by the leader on"},
	"ledger.closure.result.pending":  {"待审核", "Pending"},
	"ledger.closure.result.closed":   {"已销号", "Closed"},
	"ledger.closure.result.returned": {"已退回", "Returned"},
	"ledger.noclosure":               {"尚未申请销号。", "No closure requested yet."},
	"ledger.step.request":            {"单位申请销号", "Unit requests closure"},
	"ledger.step.signoff":            {"单位领导签批", "Unit leader signs off"},
	"ledger.step.verify":             {"整改办审核销号", "Lead office verifies"},
	"ledger.action.assign":           {"交办", "Assigned"},
	"ledger.action.recall":           {"撤回交办", "Recalled"},
	"ledger.action.start":            {"开始整改", "Started"},
	"ledger.action.request-closure":  {"申请销号", "Closure requested"},
	"ledger.action.sign-off":         {"领导签批", "Signed off"},
	"ledger.action.verify":           {"审核销号", "Verified and closed"},
	"ledger.action.return":           {"退回", "Returned"},
	"ledger.action.reopen":           {"重新整改", "Reopened"},

	"ledger.escalations":     {"督办记录", "Supervision"},
	"ledger.noesc":           {"尚无督办记录。", "No supervision step yet."},
	"ledger.recipients":      {"送达：", "To: "},
	"ledger.meeting":         {"会议：", "Meeting: "},
	"ledger.replydue":        {"回复时限", "Reply due"},
	"ledger.replied":         {"已回复", "Answered"},
	"ledger.replyoverdue":    {"逾期未回复", "Reply overdue"},
	"ledger.awaitreply":      {"待回复", "Awaiting reply"},
	"ledger.level.remind":    {"提醒", "Reminder"},
	"ledger.level.remind2":   {"提醒（责任领导）", "Reminder to the leader"},
	"ledger.level.urge":      {"催办", "Urging"},
	"ledger.level.notice":    {"督办单", "Supervision notice"},
	"ledger.level.circular":  {"通报", "Named in a circular"},
	"ledger.level.interview": {"约谈", "Interview"},

	"ledger.extensions":   {"延期申请", "Extensions"},
	"ledger.noext":        {"没有延期申请。", "No extension requested."},
	"ledger.decided":      {"审批于", "Decided"},
	"ledger.ext.pending":  {"待审批", "Pending"},
	"ledger.ext.approved": {"已同意", "Approved"},
	"ledger.ext.refused":  {"不同意", "Refused"},

	"ledger.lookbacks":   {"回头看", "Look-backs"},
	"ledger.nolb":        {"尚未安排回头看。", "No look-back scheduled."},
	"ledger.lbdue":       {"应于", "Due"},
	"ledger.newdeadline": {"新的整改时限", "New deadline"},
	"ledger.lb.pending":  {"待开展", "Pending"},
	"ledger.lb.holds":    {"巩固", "Holds"},
	"ledger.lb.relapsed": {"反弹", "Relapsed"},

	"ledger.timeline":    {"全过程记录", "Full history"},
	"ledger.newestfirst": {"最新在前", "newest first"},
	"ledger.notimeline":  {"暂无记录。", "Nothing recorded yet."},

	"ledger.hint.review":    {"有进展报送待审核", "A report awaits your review"},
	"ledger.hint.revise":    {"有报送被退回，请修改后重新提交", "A report was returned: revise and resubmit it"},
	"ledger.hint.signoff":   {"销号申请待您签批", "A closure request awaits your sign-off"},
	"ledger.hint.verify":    {"销号申请已经领导签批，待审核销号", "A signed-off closure awaits verification"},
	"ledger.hint.reply":     {"督办单待书面回复", "A supervision notice awaits your written reply"},
	"ledger.hint.extension": {"延期申请待审批", "An extension request awaits a decision"},
	"ledger.hint.lookback":  {"回头看待记录结果", "A look-back awaits its result"},

	"ledger.assign.hint":    {"该事项尚在草拟，交办后单位即可开展整改和报送。", "This is a draft: assign it so that the unit can start."},
	"ledger.start.hint":     {"事项已交办，签收后进入整改中。", "Assigned: acknowledge it to start the work."},
	"ledger.signoff":        {"签批销号申请", "Sign off the closure request"},
	"ledger.signoff.hint":   {"请核实整改完成情况和佐证材料，签批后报整改办审核。", "Check the work and its evidence; once signed off it goes to the lead office."},
	"ledger.verify":         {"审核销号", "Verify the closure"},
	"ledger.awaitsignoff":   {"销号申请待单位领导签批后，方可审核销号。", "The closure can be verified once the unit's leader has signed it off."},
	"ledger.returnclosure":  {"退回销号申请", "Return the closure request"},
	"ledger.newreport":      {"报送本期进展", "Report progress"},
	"ledger.requestclosure": {"申请销号", "Request closure"},
	"ledger.closure.hint":   {"提交后由本单位领导签批，再报整改办审核销号。", "Your leader signs it off, then the lead office verifies it."},
	"ledger.requestext":     {"申请延期", "Request an extension"},
	"ledger.escalate":       {"督办", "Escalate"},
	"ledger.schedule":       {"安排回头看", "Schedule a look-back"},
	"ledger.reopen":         {"重新整改", "Reopen"},

	"ledger.f.period":        {"报送期次", "Period"},
	"ledger.f.workdate":      {"工作日期", "Date of the work"},
	"ledger.f.content":       {"整改进展", "Progress"},
	"ledger.f.files":         {"佐证材料", "Evidence files"},
	"ledger.f.drop":          {"把文件拖到这里，或点击选择", "Drop files here, or click to choose"},
	"ledger.f.files.hint":    {"可上传多个文件：PDF、图片、Word、Excel、压缩包，单个不超过20MB。", "Several files: PDF, images, Word, Excel, zip; 20 MB each at most."},
	"ledger.f.files.again":   {"请重新选择文件。", "Please choose the files again."},
	"ledger.f.comment":       {"审核意见", "Review comment"},
	"ledger.f.comment.hint":  {"退回时必填", "required to return"},
	"ledger.f.opinion":       {"意见", "Comment"},
	"ledger.f.reason":        {"理由", "Reason"},
	"ledger.f.summary":       {"整改完成情况", "What was done"},
	"ledger.f.newdeadline":   {"新的整改时限", "New deadline"},
	"ledger.f.extreason":     {"延期理由", "Why more time is needed"},
	"ledger.f.reply":         {"书面回复", "Written reply"},
	"ledger.f.level":         {"督办方式", "Step"},
	"ledger.f.meeting":       {"会议", "Meeting"},
	"ledger.f.nomeeting":     {"（不关联会议）", "(no meeting)"},
	"ledger.f.replydue":      {"回复时限", "Reply due"},
	"ledger.f.replydue.hint": {"督办单必填", "required for a notice"},
	"ledger.f.note":          {"说明", "Note"},
	"ledger.f.phase":         {"按阶段性完成销号（长期坚持，继续定期报送）", "Close as phase complete (long-term: keeps reporting)"},
	"ledger.f.lbdate":        {"回头看日期", "Look-back date"},
	"ledger.f.campaign":      {"批次", "Campaign"},
	"ledger.f.campaign.ph":   {"如 2022年第二季度回头看", "e.g. Q2 2022 look-back"},
	"ledger.f.result":        {"回头看结论", "Result"},
	"ledger.f.lbnote":        {"情况说明", "Findings"},
	"ledger.f.ifrelapsed":    {"发现反弹时必填", "required if it relapsed"},

	"ledger.b.accept":         {"采用", "Accept"},
	"ledger.b.returnreport":   {"退回", "Return"},
	"ledger.b.resubmit":       {"重新提交", "Resubmit"},
	"ledger.b.assign":         {"交办", "Assign"},
	"ledger.b.start":          {"签收，开始整改", "Acknowledge and start"},
	"ledger.b.signoff":        {"同意，签批", "Sign off"},
	"ledger.b.verify":         {"审核通过，予以销号", "Verify and close"},
	"ledger.b.return":         {"退回", "Return"},
	"ledger.b.report":         {"提交报送", "Submit the report"},
	"ledger.b.requestclosure": {"提交销号申请", "Request closure"},
	"ledger.b.requestext":     {"提交延期申请", "Request the extension"},
	"ledger.b.reply":          {"提交回复", "Send the reply"},
	"ledger.b.escalate":       {"下发", "Issue"},
	"ledger.b.approve":        {"同意延期", "Approve"},
	"ledger.b.refuse":         {"不同意", "Refuse"},
	"ledger.b.schedule":       {"安排", "Schedule"},
	"ledger.b.record":         {"记录结论", "Record the result"},
	"ledger.b.reopen":         {"重新整改", "Reopen"},

	"ledger.flash.report":          {"进展已报送，待整改办审核。", "The report is in and awaits review."},
	"ledger.flash.revise":          {"报送已修改并重新提交。", "The report was revised and resubmitted."},
	"ledger.flash.accepted":        {"报送已采用。", "The report was accepted."},
	"ledger.flash.returned":        {"报送已退回。", "The report was returned."},
	"ledger.flash.assign":          {"已交办。", "Assigned."},
	"ledger.flash.recall":          {"已撤回交办。", "Recalled."},
	"ledger.flash.start":           {"已签收，进入整改中。", "Acknowledged: the work has started."},
	"ledger.flash.request-closure": {"销号申请已提交，待领导签批。", "Closure requested; it awaits the leader's sign-off."},
	"ledger.flash.sign-off":        {"已签批，待整改办审核销号。", "Signed off; the lead office verifies next."},
	"ledger.flash.verify":          {"已审核销号。", "Verified and closed."},
	"ledger.flash.return":          {"销号申请已退回。", "The closure request was returned."},
	"ledger.flash.reopen":          {"已重新整改。", "Reopened."},
	"ledger.flash.escalate":        {"督办已下发。", "The supervision step was issued."},
	"ledger.flash.reply":           {"督办单回复已提交。", "The reply was sent."},
	"ledger.flash.extension":       {"延期申请已提交，待整改办审批。", "Extension requested; it awaits a decision."},
	"ledger.flash.approved":        {"已同意延期，时限已调整。", "Extension approved; the deadline moved."},
	"ledger.flash.refused":         {"已不同意延期。", "Extension refused."},
	"ledger.flash.lookback":        {"回头看已安排。", "The look-back was scheduled."},
	"ledger.flash.result":          {"回头看结论已记录。", "The look-back result was recorded."},
}
