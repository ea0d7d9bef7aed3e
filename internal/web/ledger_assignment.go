package web

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

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
	Withdraw                                         bool // the unit's liaison, while its request waits
	SignOff, LeaderReturn                            bool // the unit's leader
	Review, Assign, Verify, AwaitSignOff, Return     bool // the plan's lead office
	Escalate, Decide, Schedule, Record, Reopen       bool
	LongTerm                                         bool
}

// Panel reports whether the side panel has any form.
func (c ledgerCan) Panel() bool {
	return c.Report || c.Start || c.Closure || c.Withdraw || c.Extension || c.SignOff || c.LeaderReturn || c.Assign || c.Verify ||
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
		Withdraw:     liaison && asked,
		Extension:    liaison && a.Open() && st != duban.StatusDraft && a.DeadlineKind.Dated() && !a.Deadline.IsZero() && !pendingExt,
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
	Queue       reviewQueue // the caller's to-do list around this item
	Following   bool        // the caller follows the item (我关注的)
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
	// PendingNotice is a 督办单 still awaiting its reply: issuing another
	// asks for confirmation.
	PendingNotice *ledgerEscalation
	Extensions    []duban.Extension
	Lookbacks     []duban.Lookback
	Timeline      []ledgerEvent // newest first, in the page's language
	Meetings      []duban.Meeting
	Levels        []ledgerOption
	Hints         []ledgerHint
	Period        string // the period a new report is for, by default
	Today         string // an example date for the date fields
	LedgerURL     string
	Can           ledgerCan
	Form          *ledgerForm
}

// Reported reports whether the default period already has a report that
// was not returned: the report form then waits closed, and says so.
func (v ledgerAssignmentView) Reported() bool {
	for _, rp := range v.Reports {
		if rp.Period == v.Period && rp.Review != duban.ReviewReturned {
			return true
		}
	}
	return false
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
	var err error
	if v.Queue, err = s.queueOf(r, id); err != nil {
		return err
	}
	if v.Following, err = s.db.Follows(r.Context(), principal(r), id); err != nil {
		return err
	}
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
		v.Original = dateIn(v.Lang, a.OriginalDeadline)
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
		case duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify, duban.ActionReturn, duban.ActionReopen, duban.ActionWithdraw:
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
	tl, err := s.db.Timeline(ctx, p, id)
	if err != nil {
		return err
	}
	for i := len(tl) - 1; i >= 0; i-- {
		v.Timeline = append(v.Timeline, ledgerEventOf(v.Lang, tl[i]))
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
	for i := range v.Escalations {
		if e := &v.Escalations[i]; e.IsNotice && e.RepliedAt == nil && v.PendingNotice == nil {
			v.PendingNotice = e
		}
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
// message key of its flash, to which withNote may add a translated note.
type ledgerAct func(r *http.Request, id, sub int64, v ledgerValues) (string, error)

// noteSep parts a flash's message key from the note that follows it.
const noteSep = "\x1f"

// withNote adds a note, already in the page's language, after the message
// of key; an empty note adds nothing.
func withNote(key, note string) string {
	if note == "" {
		return key
	}
	return key + noteSep + note
}

// flashText is the flash of what a ledgerAct returned.
func flashText(r *http.Request, ret string) string {
	key, note, _ := strings.Cut(ret, noteSep)
	return translate(lang(r), key) + note
}
