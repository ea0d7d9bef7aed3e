package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/report"
	"duban/internal/store"
	"duban/internal/xlsx"
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
	pf := &publicFeedback{s: s, limit: newAdmRateLimit(publicFeedbackPerWindow, publicFeedbackWindow)}
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
	return duban.DeadlineLabel(t.DeadlineKind, t.Deadline)
}

// ---- new plan ----

// planValues is what the new-plan form holds, as typed.
type planValues struct {
	Title                      string
	Owner, Lead                int64
	Cadence, ReportDay         string
	Start, End, LookbackMonths string
}

// newPlanPage shows and handles the form that creates a plan.
func (s *Server) newPlanPage(w http.ResponseWriter, r *http.Request) error {
	if err := admRequireOffice(r, "新建整改方案"); err != nil {
		return err
	}
	p := principal(r)
	data, err := s.planEditBase(r, "adm.plan.new")
	if err != nil {
		return err
	}
	data.New, data.LeadUnits = true, data.Units
	if p.Role == duban.RoleLead {
		data.LeadUnits = slices.DeleteFunc(slices.Clone(data.Units), func(u duban.Unit) bool { return u.ID != p.UnitID })
	}
	data.PlanForm = planValues{Owner: p.UnitID, Lead: p.UnitID, Cadence: string(duban.CadenceMonthly), ReportDay: "25", LookbackMonths: "6"}
	if r.Method != http.MethodPost {
		return s.render(w, r, "plan_edit.html", data)
	}
	v := planValues{Title: strings.TrimSpace(r.PostFormValue("title")), Owner: admFormID(r.PostFormValue("owner_unit_id")), Lead: admFormID(r.PostFormValue("lead_unit_id")),
		Cadence: r.PostFormValue("cadence"), ReportDay: r.PostFormValue("report_day"), Start: r.PostFormValue("start_date"), End: r.PostFormValue("end_date"),
		LookbackMonths: r.PostFormValue("lookback_months")}
	if p.Role == duban.RoleLead {
		v.Lead = p.UnitID // a lead office makes plans it leads itself
	}
	c := newAdmChecks(r)
	x := &duban.Plan{Title: v.Title, OwnerUnitID: v.Owner, LeadUnitID: v.Lead, Cadence: duban.Cadence(v.Cadence), ReportDay: c.num("report_day", v.ReportDay),
		StartDate: c.date("start_date", v.Start), EndDate: c.date("end_date", v.End), LookbackMonths: c.num("lookback_months", v.LookbackMonths)}
	err = c.err(func() error { y := *x; return y.Validate() })
	if err == nil {
		err = s.db.CreatePlan(r.Context(), p, x)
	}
	if err == nil {
		return admDone(w, r, admT(r, "adm.flash.plan", x.Title), fmt.Sprintf("/plans/%d/edit", x.ID))
	}
	if !admFormFailure(err) {
		return err
	}
	data.PlanForm = v
	data.Error, data.Fields = formError(err)
	return s.renderAdm(w, r, admStatus(err), "plan_edit.html", data)
}

// ---- plan editor ----

// planEditData is the plan editor (and the new-plan form).
type planEditData struct {
	Base
	New       bool
	PlanForm  planValues
	LeadUnits []duban.Unit // the lead units the caller may choose
	Units     []duban.Unit
	Plan      *duban.Plan
	Owner     string
	Lead      string
	Counts    duban.TreeCounts
	Drafts    int
	Rows      []admEditRow
	Form      *itemForm
	AddHref   string
	Error     string
	Fields    map[string]string
}

// admEditRow is one line of the plan's tree: a node or a measure.
type admEditRow struct {
	Anchor, Kind, Number, Title, Description string
	Depth                                    int
	Actions                                  []admEditAction
	Deadline                                 string // measures only
	Units                                    []duban.AssignmentBrief
	Leader, Person                           string
}

type admEditAction struct{ Href, Label string }

// itemForm is the one open form of the plan editor: what it does, under
// which row it opens, what was typed and what was wrong.
type itemForm struct {
	Op      string // aspect, problem, subproblem, task, node, edit-task, unit
	ID      int64  // the parent node, the node, or the task
	Version int
	Values  itemValues
	Error   string
	Fields  map[string]string
	Stale   bool

	Anchor, Action, Heading, Cancel, Reload string
	Kind                                    duban.NodeKind
	Node, Task                              bool
}

// itemValues is what the editor's forms hold, as typed.
type itemValues struct {
	Title, Description, Content, Target, Requirements string
	Mode, Deadline, Workdays                          string
	Lead, Unit                                        int64
	Coop                                              map[int64]bool
	Leader, Person                                    string
}

func (s *Server) planEditBase(r *http.Request, titleKey string) (planEditData, error) {
	units, err := s.adminUnits(r)
	return planEditData{Base: s.base(r, titleKey), Units: units}, err
}

// planEditPage shows a plan's tree with the form the query opens.
func (s *Server) planEditPage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderPlanEdit(w, r, id, nil, http.StatusOK)
}

// renderPlanEdit renders the editor of a plan the caller manages; form is
// the failed form to show again, or nil to open the one the query names.
func (s *Server) renderPlanEdit(w http.ResponseWriter, r *http.Request, planID int64, form *itemForm, status int) error {
	ctx, p := r.Context(), principal(r)
	pl, err := s.db.FindPlan(ctx, p, planID)
	if err != nil {
		return err
	}
	if !p.CanManagePlan(pl) {
		return duban.ErrForbidden("修改该整改方案")
	}
	tree, err := s.db.Tree(ctx, p, planID, duban.Date{})
	if err != nil {
		return err
	}
	nodes, tasks, err := s.planRecords(r, planID)
	if err != nil {
		return err
	}
	data, err := s.planEditBase(r, "adm.edit.title")
	if err != nil {
		return err
	}
	data.Plan, data.Counts = pl, tree.Counts
	data.Title = pl.Title
	data.AddHref = fmt.Sprintf("/plans/%d/edit?form=aspect#end", planID)
	for _, u := range data.Units {
		if u.ID == pl.OwnerUnitID {
			data.Owner = u.Name
		}
		if u.ID == pl.LeadUnitID {
			data.Lead = u.Name
		}
	}
	data.Rows = editRows(r, planID, tree.Children, nodes, tasks, 0, nil)
	for _, row := range data.Rows {
		for _, a := range row.Units {
			if a.Status == duban.StatusDraft {
				data.Drafts++
			}
		}
	}
	if form == nil {
		form = admOpenForm(r.URL.Query(), nodes, tasks)
	}
	if form != nil && form.complete(r, planID, nodes, tasks) {
		data.Form = form
	} else if form != nil && form.Error != "" {
		data.Error = form.Error
	}
	return s.renderAdm(w, r, status, "plan_edit.html", data)
}

// planRecords returns a plan's nodes and tasks by id.
func (s *Server) planRecords(r *http.Request, planID int64) (map[int64]duban.Node, map[int64]duban.Task, error) {
	ctx, p := r.Context(), principal(r)
	nodes, err := adminAll(func(pg duban.Page) (duban.List[duban.Node], error) {
		return s.db.ListNodes(ctx, p, duban.NodeFilter{PlanID: planID, Page: pg})
	})
	if err != nil {
		return nil, nil, err
	}
	tasks, err := adminAll(func(pg duban.Page) (duban.List[duban.Task], error) {
		return s.db.ListTasks(ctx, p, duban.TaskFilter{PlanID: planID, Page: pg})
	})
	if err != nil {
		return nil, nil, err
	}
	nm, tm := map[int64]duban.Node{}, map[int64]duban.Task{}
	for _, n := range nodes {
		nm[n.ID] = n
	}
	for _, t := range tasks {
		tm[t.ID] = t
	}
	return nm, tm, nil
}

// editRows flattens the tree into rows, each with the actions it offers.
func editRows(r *http.Request, planID int64, items []*duban.TreeItem, nodes map[int64]duban.Node, tasks map[int64]duban.Task, depth int, out []admEditRow) []admEditRow {
	act := func(op string, id int64, anchor, key string) admEditAction {
		return admEditAction{Href: fmt.Sprintf("/plans/%d/edit?form=%s&id=%d#%s", planID, op, id, anchor), Label: admT(r, key)}
	}
	for _, it := range items {
		row := admEditRow{Kind: it.Kind, Number: it.Number, Title: it.Title, Depth: depth}
		if it.Kind == "task" {
			t := tasks[it.ID]
			row.Anchor = fmt.Sprintf("task-%d", it.ID)
			row.Deadline, row.Units, row.Leader, row.Person = workdaysLabel(r, t), it.Assignments, t.ResponsibleLeader, t.ResponsiblePerson
			row.Actions = []admEditAction{act("edit-task", it.ID, row.Anchor, "adm.act.edit"), act("unit", it.ID, row.Anchor, "adm.act.unit")}
		} else {
			row.Anchor = fmt.Sprintf("node-%d", it.ID)
			row.Description = nodes[it.ID].Description
			row.Actions = []admEditAction{act("node", it.ID, row.Anchor, "adm.act.edit")}
			switch it.Kind {
			case "aspect":
				row.Actions = append(row.Actions, act("problem", it.ID, row.Anchor, "adm.act.problem"))
			case "problem":
				row.Actions = append(row.Actions, act("subproblem", it.ID, row.Anchor, "adm.act.subproblem"), act("task", it.ID, row.Anchor, "adm.act.task"))
			case "subproblem":
				row.Actions = append(row.Actions, act("task", it.ID, row.Anchor, "adm.act.task"))
			}
		}
		out = append(out, row)
		out = editRows(r, planID, it.Children, nodes, tasks, depth+1, out)
	}
	return out
}

// admOpenForm opens the form the query names (form=…&id=…), filled from the record it edits.
func admOpenForm(q url.Values, nodes map[int64]duban.Node, tasks map[int64]duban.Task) *itemForm {
	f := &itemForm{Op: q.Get("form"), ID: admFormID(q.Get("id"))}
	switch f.Op {
	case "aspect", "problem", "subproblem":
	case "task":
	case "node":
		n, ok := nodes[f.ID]
		if !ok {
			return nil
		}
		f.Version, f.Values.Title, f.Values.Description = n.Version, n.Title, n.Description
	case "edit-task":
		t, ok := tasks[f.ID]
		if !ok {
			return nil
		}
		f.Version, f.Values = t.Version, admTaskValues(t)
	case "unit":
	default:
		return nil
	}
	return f
}

// admTaskValues fills the measure form from a task.
func admTaskValues(t duban.Task) itemValues {
	v := itemValues{Title: t.Title, Content: t.Content, Target: t.Target, Requirements: t.Requirements, Deadline: t.Deadline.String(),
		Lead: t.LeadUnitID, Coop: map[int64]bool{}, Leader: t.ResponsibleLeader, Person: t.ResponsiblePerson, Mode: string(t.DeadlineKind)}
	for _, id := range t.CoopUnitIDs {
		v.Coop[id] = true
	}
	if t.DeadlineKind == duban.DeadlineDate && t.Deadline.IsZero() && t.DeadlineWorkdays > 0 {
		v.Mode, v.Workdays = "workdays", strconv.Itoa(t.DeadlineWorkdays)
	}
	return v
}

// complete places the form in the tree and names where it posts; false
// when what it refers to is not in this plan.
func (f *itemForm) complete(r *http.Request, planID int64, nodes map[int64]duban.Node, tasks map[int64]duban.Task) bool {
	pfx := fmt.Sprintf("/plans/%d/edit", planID)
	node, isNode := nodes[f.ID]
	task, isTask := tasks[f.ID]
	switch f.Op {
	case "aspect":
		f.Anchor, f.Action, f.Kind, f.Node, f.Heading = "end", pfx+"/nodes", duban.NodeAspect, true, admT(r, "adm.form.aspect")
		f.ID = 0
	case "problem", "subproblem":
		want := map[string]duban.NodeKind{"problem": duban.NodeAspect, "subproblem": duban.NodeProblem}[f.Op]
		if !isNode || node.Kind != want {
			return false
		}
		f.Anchor, f.Action, f.Kind, f.Node = fmt.Sprintf("node-%d", f.ID), pfx+"/nodes", duban.NodeKind(f.Op), true
		f.Heading = admT(r, "adm.form."+f.Op, node.Title)
	case "node":
		if !isNode {
			return false
		}
		f.Anchor, f.Action, f.Node, f.Heading = fmt.Sprintf("node-%d", f.ID), fmt.Sprintf("%s/nodes/%d", pfx, f.ID), true, admT(r, "adm.form.node")
		f.Reload = fmt.Sprintf("%s?form=node&id=%d#%s", pfx, f.ID, f.Anchor)
	case "task":
		if !isNode || node.Kind == duban.NodeAspect {
			return false
		}
		f.Anchor, f.Action, f.Task, f.Heading = fmt.Sprintf("node-%d", f.ID), pfx+"/tasks", true, admT(r, "adm.form.task", node.Title)
	case "edit-task":
		if !isTask {
			return false
		}
		f.Anchor, f.Action, f.Task, f.Heading = fmt.Sprintf("task-%d", f.ID), fmt.Sprintf("%s/tasks/%d", pfx, f.ID), true, admT(r, "adm.form.edittask")
		f.Reload = fmt.Sprintf("%s?form=edit-task&id=%d#%s", pfx, f.ID, f.Anchor)
	case "unit":
		if !isTask {
			return false
		}
		f.Anchor, f.Action, f.Heading = fmt.Sprintf("task-%d", f.ID), fmt.Sprintf("%s/tasks/%d/units", pfx, f.ID), admT(r, "adm.form.unit", task.Title)
	default:
		return false
	}
	if f.Values.Coop == nil {
		f.Values.Coop = map[int64]bool{}
	}
	if f.Values.Mode == "" {
		f.Values.Mode = "date"
	}
	f.Cancel = pfx + "#" + f.Anchor
	return true
}

// planFormFailed shows the editor again with the failed form, or returns
// err for the error page when the user cannot fix it there.
func (s *Server) planFormFailed(w http.ResponseWriter, r *http.Request, planID int64, f *itemForm, err error) error {
	if !admFormFailure(err) {
		return err
	}
	f.Error, f.Fields = formError(err)
	f.Stale = duban.ErrorCode(err) == duban.Stale
	return s.renderPlanEdit(w, r, planID, f, admStatus(err))
}

// createNodePage adds an aspect, a problem or a specific problem.
func (s *Server) createNodePage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	kind, parent := duban.NodeKind(r.PostFormValue("kind")), admFormID(r.PostFormValue("parent_id"))
	v := itemValues{Title: r.PostFormValue("title"), Description: strings.TrimSpace(r.PostFormValue("description"))}
	x := &duban.Node{PlanID: planID, Kind: kind, Title: v.Title, Description: v.Description}
	if parent != 0 {
		x.ParentID = &parent
	}
	if err := s.db.CreateNode(r.Context(), principal(r), x); err != nil {
		return s.planFormFailed(w, r, planID, &itemForm{Op: string(kind), ID: parent, Values: v}, err)
	}
	return admDone(w, r, admT(r, "adm.flash.node", x.Title), fmt.Sprintf("/plans/%d/edit#node-%d", planID, x.ID))
}

// updateNodePage changes a node's title and description, if nobody changed it meanwhile.
func (s *Server) updateNodePage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	id, err := adminPathID(r, "node")
	if err != nil {
		return err
	}
	version := int(admFormID(r.PostFormValue("version")))
	v := itemValues{Title: r.PostFormValue("title"), Description: strings.TrimSpace(r.PostFormValue("description"))}
	x, err := s.db.UpdateNode(r.Context(), principal(r), id, version, duban.NodeUpdate{Title: &v.Title, Description: &v.Description})
	if err != nil {
		return s.planFormFailed(w, r, planID, &itemForm{Op: "node", ID: id, Version: version, Values: v}, err)
	}
	return admDone(w, r, admT(r, "adm.flash.saved", x.Title), fmt.Sprintf("/plans/%d/edit#node-%d", x.PlanID, x.ID))
}

// parseTaskForm reads the measure form into its typed values and a task.
func parseTaskForm(r *http.Request, c admChecks) (itemValues, duban.Task) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := itemValues{Title: f("title"), Content: f("content"), Target: f("target"), Requirements: f("requirements"), Mode: f("deadline_mode"),
		Deadline: f("deadline"), Workdays: f("deadline_workdays"), Lead: admFormID(f("lead_unit_id")), Coop: map[int64]bool{},
		Leader: f("responsible_leader"), Person: f("responsible_person")}
	t := duban.Task{Title: v.Title, Content: v.Content, Target: v.Target, Requirements: v.Requirements, LeadUnitID: v.Lead,
		ResponsibleLeader: v.Leader, ResponsiblePerson: v.Person, CoopUnitIDs: []int64{}}
	for _, id := range admFormIDs(r, "coop_unit_ids") {
		v.Coop[id] = true
		t.CoopUnitIDs = append(t.CoopUnitIDs, id)
	}
	if v.Title == "" {
		c.add("title", "adm.err.title")
	}
	switch v.Mode {
	case "immediate", "long_term":
		t.DeadlineKind, t.Deadline = duban.DeadlineKind(v.Mode), c.date("deadline", v.Deadline)
	case "workdays":
		t.DeadlineKind, t.DeadlineWorkdays = duban.DeadlineDate, c.num("deadline_workdays", v.Workdays)
		if t.DeadlineWorkdays <= 0 {
			c.add("deadline_workdays", "adm.err.workdays")
		}
	default:
		v.Mode = "date"
		t.DeadlineKind, t.Deadline = duban.DeadlineDate, c.date("deadline", v.Deadline)
		if t.Deadline.IsZero() {
			c.add("deadline", "adm.err.deadline")
		}
	}
	return v, t
}

// createTaskPage adds a measure under a problem; its units get draft assignments.
func (s *Server) createTaskPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	c := newAdmChecks(r)
	v, t := parseTaskForm(r, c)
	t.PlanID, t.NodeID = planID, admFormID(r.PostFormValue("node_id"))
	err = c.err(func() error { y := t; return y.Validate() })
	if err == nil {
		err = s.db.CreateTask(r.Context(), principal(r), &t)
	}
	if err != nil {
		return s.planFormFailed(w, r, planID, &itemForm{Op: "task", ID: t.NodeID, Values: v}, err)
	}
	return admDone(w, r, admT(r, "adm.flash.task", t.Title), fmt.Sprintf("/plans/%d/edit#task-%d", planID, t.ID))
}

// updateTaskPage changes a measure, if nobody changed it meanwhile.
func (s *Server) updateTaskPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	id, err := adminPathID(r, "task")
	if err != nil {
		return err
	}
	version := int(admFormID(r.PostFormValue("version")))
	c := newAdmChecks(r)
	v, t := parseTaskForm(r, c)
	t.NodeID = 1 // the node is not changed here; keep Validate quiet about it
	err = c.err(func() error { y := t; return y.Validate() })
	if err == nil {
		up := duban.TaskUpdate{Title: &t.Title, Content: &t.Content, Target: &t.Target, Requirements: &t.Requirements, DeadlineKind: &t.DeadlineKind,
			Deadline: &t.Deadline, DeadlineWorkdays: &t.DeadlineWorkdays, LeadUnitID: &t.LeadUnitID, CoopUnitIDs: &t.CoopUnitIDs,
			ResponsibleLeader: &t.ResponsibleLeader, ResponsiblePerson: &t.ResponsiblePerson}
		var x *duban.Task
		if x, err = s.db.UpdateTask(r.Context(), principal(r), id, version, up); err == nil {
			return admDone(w, r, admT(r, "adm.flash.saved", x.Title), fmt.Sprintf("/plans/%d/edit#task-%d", x.PlanID, x.ID))
		}
	}
	return s.planFormFailed(w, r, planID, &itemForm{Op: "edit-task", ID: id, Version: version, Values: v}, err)
}

// addUnitPage gives a measure to one more unit, as a draft.
func (s *Server) addUnitPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	id, err := adminPathID(r, "task")
	if err != nil {
		return err
	}
	c := newAdmChecks(r)
	v := itemValues{Unit: admFormID(r.PostFormValue("unit_id")), Deadline: strings.TrimSpace(r.PostFormValue("deadline"))}
	d := c.date("deadline", v.Deadline)
	if v.Unit == 0 {
		c.add("unit_id", "adm.err.unit")
	}
	err = c.err(nil)
	var a *duban.Assignment
	if err == nil {
		a, err = s.db.CreateAssignment(r.Context(), principal(r), id, v.Unit, d)
	}
	if err != nil {
		return s.planFormFailed(w, r, planID, &itemForm{Op: "unit", ID: id, Values: v}, err)
	}
	return admDone(w, r, admT(r, "adm.flash.unit", a.Unit.Name), fmt.Sprintf("/plans/%d/edit#task-%d", planID, id))
}

// assignAllPage assigns (交办) every draft assignment of the plan.
func (s *Server) assignAllPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	pl, err := s.db.FindPlan(ctx, p, planID)
	if err != nil {
		return err
	}
	if !p.CanManagePlan(pl) {
		return duban.ErrForbidden("交办该方案的事项")
	}
	drafts, err := adminAll(func(pg duban.Page) (duban.List[duban.Assignment], error) {
		f := duban.AssignmentFilter{PlanID: planID, Statuses: []duban.Status{duban.StatusDraft}, Page: pg}
		return s.db.ListAssignments(ctx, p, f, duban.Date{})
	})
	if err != nil {
		return err
	}
	ok, failed, why := 0, 0, ""
	for _, a := range drafts {
		if _, err := s.db.Transition(ctx, p, a.ID, a.Version, duban.ActionAssign, duban.TransitionInput{}); err != nil {
			if duban.ErrorCode(err) == duban.Internal {
				return err
			}
			failed++
			why = duban.ErrorMessage(err)
			continue
		}
		ok++
	}
	msg := admT(r, "adm.flash.assigned", ok)
	if failed > 0 {
		msg += admT(r, "adm.flash.assignfail", failed, why)
	}
	return admDone(w, r, msg, fmt.Sprintf("/plans/%d/edit", planID))
}

// ---- meetings ----

// meetingsData is the meetings page of a plan.
type meetingsData struct {
	Base
	Plan     *duban.Plan
	CanEdit  bool
	Counts   []store.MeetingCount
	Meetings []meetingRow
	Picks    []admPickRow
	Kinds    []string
	Form     meetingValues
	Error    string
	Fields   map[string]string
}

type meetingRow struct {
	duban.Meeting
	Tasks []string // the linked measures, numbered
}

// admPickRow is a line of the measure picker: a node as a heading, or a measure to tick.
type admPickRow struct {
	ID      int64
	Label   string
	Heading bool
	Depth   int
	Checked bool
}

type meetingValues struct{ Kind, HeldOn, Title, Attendees, Decisions string }

// meetingKinds are offered as suggestions; any kind may be typed.
var admMeetingKinds = []string{"工委会", "专题会", "领导小组会", "党组会", "常委会", "推进会", "调度会"}

// meetingsPage lists a plan's meetings and records new ones.
func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	pl, err := s.db.FindPlan(ctx, p, planID)
	if err != nil {
		return err
	}
	data := meetingsData{Base: s.base(r, "adm.meet.title"), Plan: pl, CanEdit: p.CanManagePlan(pl), Kinds: admMeetingKinds,
		Form: meetingValues{Kind: admMeetingKinds[0]}}
	status, checked := http.StatusOK, []int64{}
	if r.Method == http.MethodPost {
		if !data.CanEdit {
			return duban.ErrForbidden("记录该方案的会议")
		}
		f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
		v := meetingValues{Kind: f("kind"), HeldOn: f("held_on"), Title: f("title"), Attendees: f("attendees"), Decisions: f("decisions")}
		c := newAdmChecks(r)
		x := &duban.Meeting{PlanID: planID, Kind: v.Kind, HeldOn: c.date("held_on", v.HeldOn), Title: v.Title, Attendees: v.Attendees, Decisions: v.Decisions,
			TaskIDs: admFormIDs(r, "task_ids")}
		err := c.err(func() error { y := *x; return y.Validate() })
		if err == nil {
			err = s.db.CreateMeeting(ctx, p, x)
		}
		if err == nil {
			return admDone(w, r, admT(r, "adm.flash.meeting", x.Title), fmt.Sprintf("/plans/%d/meetings#meeting-%d", planID, x.ID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, checked, status = v, x.TaskIDs, admStatus(err)
		data.Error, data.Fields = formError(err)
	}
	if err := s.fillMeetings(r, &data, checked); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "meetings.html", data)
}

// fillMeetings lists the meetings, newest first, with their measures, and the picker.
func (s *Server) fillMeetings(r *http.Request, data *meetingsData, checked []int64) error {
	ctx, p, planID := r.Context(), principal(r), data.Plan.ID
	tree, err := s.db.Tree(ctx, p, planID, duban.Date{})
	if err != nil {
		return err
	}
	labels := map[int64]string{}
	var walk func(items []*duban.TreeItem, depth int, path string)
	walk = func(items []*duban.TreeItem, depth int, path string) {
		for _, it := range items {
			if it.Kind == "task" {
				labels[it.ID] = path + it.Number + it.Title
				data.Picks = append(data.Picks, admPickRow{ID: it.ID, Label: it.Number + it.Title, Depth: depth, Checked: slices.Contains(checked, it.ID)})
				continue
			}
			data.Picks = append(data.Picks, admPickRow{ID: it.ID, Label: it.Number + it.Title, Heading: true, Depth: depth})
			walk(it.Children, depth+1, path+it.Number)
		}
	}
	walk(tree.Children, 0, "")
	ms, err := adminAll(func(pg duban.Page) (duban.List[duban.Meeting], error) {
		return s.db.ListMeetings(ctx, p, duban.MeetingFilter{PlanID: planID, Page: pg})
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(ms, func(a, b duban.Meeting) int { return b.HeldOn.Time().Compare(a.HeldOn.Time()) })
	for _, m := range ms {
		row := meetingRow{Meeting: m}
		for _, id := range m.TaskIDs {
			if l, ok := labels[id]; ok {
				row.Tasks = append(row.Tasks, l)
			}
		}
		data.Meetings = append(data.Meetings, row)
	}
	data.Counts, err = s.db.MeetingCounts(ctx, p, planID, duban.Date{})
	return err
}

// ---- downloads ----

// ledgerDownload streams a plan's ledger (optionally one unit's share) as .xlsx.
func (s *Server) ledgerDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	c := newAdmChecks(r)
	asOf := c.date("asof", r.URL.Query().Get("asof"))
	if err := c.err(nil); err != nil {
		return err
	}
	o, err := s.db.Outline(r.Context(), principal(r), id, admFormID(r.URL.Query().Get("unit")), asOf)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteLedger(&buf, o, xlsx.WriteOptions{Title: duban.LedgerTitle(o.Meta.Title), AsOf: o.Meta.AsOf}); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "整改台账.xlsx", buf.Bytes())
}

// noticeDownload serves a plan's notice as of a date as DOCX or Markdown.
func (s *Server) noticeDownload(format string) pageHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := adminPathID(r, "id")
		if err != nil {
			return err
		}
		q, c := r.URL.Query(), newAdmChecks(r)
		asOf := c.date("asof", q.Get("asof"))
		if err := c.err(nil); err != nil {
			return err
		}
		doc, err := report.NoticeOf(r.Context(), s.db, principal(r), id, asOf, q.Get("contact"))
		if err != nil {
			return err
		}
		if format == "md" {
			return writeDownload(w, "text/markdown; charset=utf-8", "整改进展情况的通报.md", []byte(report.Markdown(doc)))
		}
		return writeDoc(w, doc, "docx", "整改进展情况的通报")
	}
}

// ---- documents ----

// documentsData is the import / export / notice page.
type documentsData struct {
	Base
	Plans       []duban.Plan // those the caller manages
	Units       []duban.Unit
	Import      importValues
	Preview     *importView
	NoticeForm  noticeValues
	Notice      *noticeView
	NoticeError string
	Published   []store.PublishedNotice
	Error       string
	Fields      map[string]string
}

type importValues struct {
	Plan         int64
	Owner, Title string
}

type noticeValues struct {
	Plan          int64
	AsOf, Contact string
}

type noticeView struct {
	Doc                             *duban.Document
	Plan                            int64
	AsOf                            string
	DocxHref, MarkdownHref, Contact string
}

// importView is the preview of an uploaded ledger or notice.
type importView struct {
	Name, Kind, Data                         string
	Aspects, Problems, Subproblems, Measures int
	Meta                                     duban.OutlineMeta
	Stated                                   []admStatedRow
	Checks, Unplaced                         []string
	Errors                                   []xlsx.CellError
	Counts                                   []admCountRow
	Changes, NewUnits                        []string
	PlanID                                   int64
	Problem                                  string
	ProblemFields                            []string
	CanConfirm                               bool
}

type admStatedRow struct {
	Label         string
	Stated, Found int
	OK            bool
}

type admCountRow struct {
	Label                       string
	Created, Updated, Unchanged int
}

var admImportKeys = []string{"plans", "sources", "units", "aspects", "problems", "subproblems", "measures", "assignments"}

// documentsData fills what every state of the documents page shows.
func (s *Server) documentsBase(r *http.Request) (documentsData, error) {
	if err := admRequireOffice(r, "导入导出文件"); err != nil {
		return documentsData{}, err
	}
	data := documentsData{Base: s.base(r, "adm.doc.title"), NoticeForm: noticeValues{AsOf: duban.DateOf(s.db.Now().In(duban.ChinaTime)).String()}}
	var err error
	if data.Plans, err = s.managedPlans(r); err != nil {
		return data, err
	}
	if data.Units, err = s.adminUnits(r); err != nil {
		return data, err
	}
	if len(data.Plans) > 0 {
		data.NoticeForm.Plan = data.Plans[0].ID
	}
	pub, err := s.db.PublishedNotices(r.Context(), duban.Page{Limit: 5})
	data.Published = pub.Items
	return data, err
}

// documentsPage shows the import, export and notice forms; with notice=1 in
// the query it also previews the notice of a plan as of a date.
func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.documentsBase(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("notice") == "" {
		return s.render(w, r, "documents.html", data)
	}
	c := newAdmChecks(r)
	v := noticeValues{Plan: admFormID(q.Get("plan")), AsOf: strings.TrimSpace(q.Get("asof")), Contact: strings.TrimSpace(q.Get("contact"))}
	data.NoticeForm = v
	asOf := c.date("asof", v.AsOf)
	err = c.err(nil)
	var doc *duban.Document
	if err == nil {
		doc, err = report.NoticeOf(r.Context(), s.db, principal(r), v.Plan, asOf, v.Contact)
	}
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return err
		}
		data.NoticeError, data.Fields = formError(err)
		return s.renderAdm(w, r, admStatus(err), "documents.html", data)
	}
	qs := url.Values{"asof": {asOf.String()}}
	if v.Contact != "" {
		qs.Set("contact", v.Contact)
	}
	data.Notice = &noticeView{Doc: doc, Plan: v.Plan, AsOf: asOf.String(), Contact: v.Contact,
		DocxHref: fmt.Sprintf("/plans/%d/notice.docx?%s", v.Plan, qs.Encode()), MarkdownHref: fmt.Sprintf("/plans/%d/notice.md?%s", v.Plan, qs.Encode())}
	return s.render(w, r, "documents.html", data)
}

// importPage takes an upload (or the confirmed preview) of a ledger or a
// notice: it shows what would be written, and writes it only on confirm.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.documentsBase(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload*4/3+1<<20)
	name, raw, confirm, err := readImport(r)
	data.Import = importValues{Plan: admFormID(r.FormValue("plan")), Owner: strings.TrimSpace(r.FormValue("owner")), Title: strings.TrimSpace(r.FormValue("title"))}
	if err == nil {
		data.Preview, err = s.previewImport(r, name, raw, data.Import, !confirm)
	}
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return err
		}
		data.Error, data.Fields = formError(err)
		if data.Fields == nil {
			data.Fields = map[string]string{"file": data.Error}
		}
		return s.renderAdm(w, r, admStatus(err), "documents.html", data)
	}
	pv := data.Preview
	if confirm && pv.Problem == "" && len(pv.Errors) == 0 {
		return admDone(w, r, admT(r, "adm.flash.imported", pv.Aspects, pv.Problems, pv.Measures), fmt.Sprintf("/plans/%d/edit", pv.PlanID))
	}
	status := http.StatusOK
	if len(pv.Errors) > 0 || pv.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.renderAdm(w, r, status, "documents.html", data)
}

// readImport returns the uploaded file (multipart field "file"), or the
// file a preview carries back (base64 in "data") with confirm set.
func readImport(r *http.Request) (string, []byte, bool, error) {
	missing := &duban.Error{Code: duban.Invalid, Message: "请选择要导入的文件", Fields: map[string]string{"file": "请选择要导入的文件"}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return "", nil, false, duban.Errorf(duban.Invalid, "文件读取失败或超过20MB上限")
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			return "", nil, false, missing
		}
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil || buf.Len() > maxUpload {
			return "", nil, false, duban.Errorf(duban.Invalid, "文件读取失败或超过20MB上限")
		}
		return h.Filename, buf.Bytes(), false, nil
	}
	if err := r.ParseForm(); err != nil {
		return "", nil, false, duban.Errorf(duban.Invalid, "文件读取失败或超过20MB上限")
	}
	raw, err := base64.StdEncoding.DecodeString(r.PostFormValue("data"))
	if err != nil || len(raw) == 0 {
		return "", nil, false, missing
	}
	return r.PostFormValue("name"), raw, r.PostFormValue("confirm") == "1", nil
}

// previewImport reads the file and runs the import, as a dry run unless
// dryRun is false. A ledger with rejected cells is never imported.
func (s *Server) previewImport(r *http.Request, name string, raw []byte, in importValues, dryRun bool) (*importView, error) {
	v := &importView{Name: path.Base(name), Kind: "notice", Data: base64.StdEncoding.EncodeToString(raw), Checks: []string{}}
	var o *duban.Outline
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls":
		v.Kind = "ledger"
		out, cells, err := xlsx.ReadLedger(bytes.NewReader(raw))
		if err != nil {
			return nil, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"file": duban.ErrorMessage(err)}}
		}
		o, v.Errors = out, cells
	default:
		res, err := notice.ReadFile(v.Name, raw)
		if err != nil {
			return nil, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"file": duban.ErrorMessage(err)}}
		}
		o, v.Unplaced, v.Checks = res.Outline, res.Unplaced, res.Check()
	}
	v.Aspects, v.Problems, v.Subproblems, v.Measures = o.Counts()
	v.Meta = o.Meta
	found := map[string]int{"aspects": v.Aspects, "problems": v.Problems, "subproblems": v.Subproblems, "measures": v.Measures}
	for _, k := range []string{"aspects", "problems", "subproblems", "measures"} {
		if n, ok := o.Meta.Stated[k]; ok {
			v.Stated = append(v.Stated, admStatedRow{Label: admT(r, "adm.k."+k), Stated: n, Found: found[k], OK: n == found[k]})
		}
	}
	if len(v.Errors) > 0 {
		return v, nil
	}
	res, err := s.db.ImportOutline(r.Context(), principal(r), o, store.ImportOptions{PlanID: in.Plan, Owner: in.Owner, PlanTitle: in.Title, DryRun: dryRun})
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return nil, err
		}
		v.Problem = duban.ErrorMessage(err)
		for f, m := range duban.ErrorFields(err) {
			if label := admT(r, "adm.field."+f); label != "adm.field."+f {
				m = label
			}
			v.ProblemFields = append(v.ProblemFields, m)
		}
		slices.Sort(v.ProblemFields)
		return v, nil
	}
	v.PlanID, v.Changes, v.NewUnits, v.CanConfirm = res.PlanID, res.Changes, res.NewUnits, dryRun
	for _, k := range admImportKeys {
		if row := (admCountRow{Label: admT(r, "adm.k."+k), Created: res.Created[k], Updated: res.Updated[k], Unchanged: res.Unchanged[k]}); row.Created+row.Updated+row.Unchanged > 0 {
			v.Counts = append(v.Counts, row)
		}
	}
	return v, nil
}

// publishPage publishes the notice of a plan as of a date on the public portal.
func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) error {
	if err := admRequireOffice(r, "发布通报"); err != nil {
		return err
	}
	c := newAdmChecks(r)
	planID, asOf := admFormID(r.PostFormValue("plan")), c.date("asof", r.PostFormValue("asof"))
	if err := c.err(nil); err != nil {
		return err
	}
	doc, err := report.NoticeOf(r.Context(), s.db, principal(r), planID, asOf, strings.TrimSpace(r.PostFormValue("contact")))
	if err != nil {
		return err
	}
	n, err := s.db.PublishNotice(r.Context(), principal(r), planID, doc)
	if err != nil {
		return err
	}
	return admDone(w, r, admT(r, "adm.flash.published", n.Title), "/documents#published")
}

// ---- feedback triage ----

// feedbackData is the lead office's triage of public feedback.
type feedbackData struct {
	Base
	Status    string
	Tabs      []feedbackTab
	Items     []feedbackRow
	More      string
	CanTriage bool
	Nodes     []admNodeGroup
	Units     []duban.Unit
}

type feedbackTab struct {
	Href, Label string
	Active      bool
}

type feedbackRow struct {
	duban.Feedback
	StatusLabel, ChannelLabel, PlanTitle string
	TaskTitle, TaskHref                  string
	Open                                 bool // show what may still be done with it
	Failed                               string
	Error                                string
	Fields                               map[string]string
	Values                               feedbackValues
}

type feedbackValues struct {
	Reply, Title, Deadline, Workdays string
	Node, Lead                       int64
}

type admNodeGroup struct {
	Plan  string
	Nodes []admNodeOption
}

type admNodeOption struct {
	ID    int64
	Label string
}

var admFeedbackStatuses = []string{"new", "replied", "converted", "closed", "all"}

// feedbackPage lists feedback by status, with the triage forms.
func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedback(w, r, nil, http.StatusOK)
}

// renderFeedback renders the triage page; failed is the row whose form
// failed, shown open with what was typed.
func (s *Server) renderFeedback(w http.ResponseWriter, r *http.Request, failed *feedbackRow, status int) error {
	ctx, p := r.Context(), principal(r)
	st := r.URL.Query().Get("status")
	if !slices.Contains(admFeedbackStatuses, st) {
		st = "new"
	}
	data := feedbackData{Base: s.base(r, "adm.fb.title"), Status: st, CanTriage: p.Role == duban.RoleAdmin || p.Role == duban.RoleLead}
	for _, k := range admFeedbackStatuses {
		data.Tabs = append(data.Tabs, feedbackTab{Href: "/feedback?status=" + k, Label: admT(r, "adm.fb.s."+k), Active: k == st})
	}
	f := duban.FeedbackFilter{Page: duban.Page{Cursor: r.URL.Query().Get("cursor"), Limit: 30}}
	if st != "all" {
		f.Status = duban.FeedbackStatus(st)
	}
	list, err := s.db.ListFeedback(ctx, p, f)
	if err != nil {
		return err
	}
	if list.NextCursor != "" {
		data.More = "/feedback?" + url.Values{"status": {st}, "cursor": {list.NextCursor}}.Encode()
	}
	plans, err := adminAll(func(pg duban.Page) (duban.List[duban.Plan], error) {
		return s.db.ListPlans(ctx, p, duban.PlanFilter{Page: pg})
	})
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, pl := range plans {
		titles[pl.ID] = pl.Title
	}
	for _, fb := range list.Items {
		row := feedbackRow{Feedback: fb, StatusLabel: admT(r, "adm.fb.s."+string(fb.Status)), Values: feedbackValues{Workdays: "15", Title: admShortTitle(fb.Content)}}
		if row.ChannelLabel = admT(r, "adm.ch."+fb.Channel); row.ChannelLabel == "adm.ch."+fb.Channel {
			row.ChannelLabel = fb.Channel
		}
		row.Open = data.CanTriage && (fb.Status == duban.FeedbackNew || fb.Status == duban.FeedbackReplied)
		if fb.PlanID != nil {
			row.PlanTitle = titles[*fb.PlanID]
		}
		if fb.TaskID != nil {
			if t, err := s.db.FindTask(ctx, p, *fb.TaskID); err == nil {
				row.TaskTitle, row.TaskHref = t.Title, fmt.Sprintf("/plans/%d/edit#task-%d", t.PlanID, t.ID)
			}
		}
		if failed != nil && failed.ID == fb.ID {
			row.Failed, row.Error, row.Fields, row.Values = failed.Failed, failed.Error, failed.Fields, failed.Values
		}
		data.Items = append(data.Items, row)
	}
	if data.CanTriage {
		if data.Nodes, err = s.problemNodes(r, plans); err != nil {
			return err
		}
		if data.Units, err = s.adminUnits(r); err != nil {
			return err
		}
	}
	return s.renderAdm(w, r, status, "feedback.html", data)
}

// admShortTitle is a first guess at a measure's title from a message.
func admShortTitle(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "。；;！？!?\n"); i > 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40])
	}
	return s
}

// problemNodes lists the problems and specific problems of the plans the caller manages, numbered.
func (s *Server) problemNodes(r *http.Request, plans []duban.Plan) ([]admNodeGroup, error) {
	p := principal(r)
	var out []admNodeGroup
	for _, pl := range plans {
		if !p.CanManagePlan(&pl) {
			continue
		}
		tree, err := s.db.Tree(r.Context(), p, pl.ID, duban.Date{})
		if err != nil {
			return nil, err
		}
		g := admNodeGroup{Plan: pl.Title}
		var walk func(items []*duban.TreeItem, path string)
		walk = func(items []*duban.TreeItem, path string) {
			for _, it := range items {
				if it.Kind == "task" {
					continue
				}
				if it.Kind != "aspect" {
					g.Nodes = append(g.Nodes, admNodeOption{ID: it.ID, Label: path + it.Number + it.Title})
				}
				walk(it.Children, path+it.Number)
			}
		}
		walk(tree.Children, "")
		out = append(out, g)
	}
	return out, nil
}

// triagePage replies to, converts or closes one message.
func (s *Server) triagePage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	op, version := f("op"), int(admFormID(f("version")))
	v := feedbackValues{Reply: f("reply"), Title: f("title"), Deadline: f("deadline"), Workdays: f("deadline_workdays"), Node: admFormID(f("node_id")), Lead: admFormID(f("lead_unit_id"))}
	c := newAdmChecks(r)
	var msg string
	switch op {
	case "reply":
		if v.Reply == "" {
			c.add("reply", "adm.err.reply")
		}
		if err = c.err(nil); err == nil {
			st := duban.FeedbackReplied
			_, err = s.db.UpdateFeedback(ctx, p, id, version, duban.FeedbackUpdate{Status: &st, Reply: &v.Reply})
		}
		msg = admT(r, "adm.flash.replied")
	case "close":
		st := duban.FeedbackClosed
		_, err = s.db.UpdateFeedback(ctx, p, id, version, duban.FeedbackUpdate{Status: &st})
		msg = admT(r, "adm.flash.closed")
	case "convert":
		var t *duban.Task
		t, err = s.convertFeedback(r, c, id, version, v)
		if t != nil {
			msg = admT(r, "adm.flash.converted", t.Title)
		}
	default:
		return duban.Errorf(duban.Invalid, "未知的操作")
	}
	if err == nil {
		return admDone(w, r, msg, fmt.Sprintf("/feedback?status=%s#fb-%d", url.QueryEscape(r.URL.Query().Get("status")), id))
	}
	if !admFormFailure(err) {
		return err
	}
	row := &feedbackRow{Feedback: duban.Feedback{ID: id}, Failed: op, Values: v}
	row.Error, row.Fields = formError(err)
	return s.renderFeedback(w, r, row, admStatus(err))
}

// convertFeedback turns a message into a measure under a problem and marks it converted.
func (s *Server) convertFeedback(r *http.Request, c admChecks, id int64, version int, v feedbackValues) (*duban.Task, error) {
	ctx, p := r.Context(), principal(r)
	fb, err := s.db.FindFeedback(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && fb.Version != version {
		return nil, duban.Errorf(duban.Stale, "该意见建议已被他人修改，请刷新后重试")
	}
	t := &duban.Task{NodeID: v.Node, Title: v.Title, Content: fb.Content, LeadUnitID: v.Lead, DeadlineKind: duban.DeadlineDate, Deadline: c.date("deadline", v.Deadline)}
	if t.Deadline.IsZero() {
		if t.DeadlineWorkdays = c.num("deadline_workdays", v.Workdays); t.DeadlineWorkdays <= 0 {
			c.add("deadline_workdays", "adm.err.workdays")
		}
	}
	if v.Node == 0 {
		c.add("node_id", "adm.err.node")
	}
	if v.Title == "" {
		c.add("title", "adm.err.title")
	}
	if err := c.err(func() error { y := *t; return y.Validate() }); err != nil {
		return nil, err
	}
	if err := s.db.CreateTask(ctx, p, t); err != nil {
		return nil, err
	}
	st := duban.FeedbackConverted
	_, err = s.db.UpdateFeedback(ctx, p, id, fb.Version, duban.FeedbackUpdate{Status: &st, TaskID: &t.ID, PlanID: &t.PlanID})
	return t, err
}

// ---- public portal ----

// publicListData is the public list of published notices.
type publicListData struct {
	Base
	Items []store.PublishedNotice
	More  string
}

// publicPage lists every published notice, newest first.
func (s *Server) publicPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.PublishedNotices(r.Context(), duban.Page{Cursor: r.URL.Query().Get("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	data := publicListData{Base: s.base(r, "public.title"), Items: list.Items}
	if list.NextCursor != "" {
		data.More = "/public?cursor=" + url.QueryEscape(list.NextCursor)
	}
	return s.render(w, r, "public.html", data)
}

// publicNoticeData is one published notice.
type publicNoticeData struct {
	Base
	Notice *store.PublishedNotice
}

// publicNoticePage shows a published notice with links to its neighbours.
func (s *Server) publicNoticePage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.db.PublishedNotice(r.Context(), id)
	if err != nil {
		return err
	}
	data := publicNoticeData{Base: s.base(r, "public.title"), Notice: n}
	data.Title = n.Title
	return s.render(w, r, "public_notice.html", data)
}

// publicFeedback is the public 意见建议 form with its rate limit.
type publicFeedback struct {
	s     *Server
	limit *admRateLimit
}

type publicFeedbackData struct {
	Base
	Plans    []store.PublicPlan
	Form     publicFeedbackValues
	Error    string
	Fields   map[string]string
	Limited  bool
	MaxRunes int
}

type publicFeedbackValues struct {
	Name, Contact, Content string
	Plan                   int64
}

func (pf *publicFeedback) data(r *http.Request) (publicFeedbackData, error) {
	plans, err := pf.s.db.PublicPlans(r.Context())
	return publicFeedbackData{Base: pf.s.base(r, "adm.pub.fb.title"), Plans: plans, MaxRunes: publicFeedbackMaxRunes,
		Form: publicFeedbackValues{Plan: admFormID(r.URL.Query().Get("plan"))}}, err
}

func (pf *publicFeedback) get(w http.ResponseWriter, r *http.Request) error {
	data, err := pf.data(r)
	if err != nil {
		return err
	}
	return pf.s.render(w, r, "public_feedback.html", data)
}

// post takes a message from the public: at most publicFeedbackPerWindow per
// address per window, a small body, and written as the system.
func (pf *publicFeedback) post(w http.ResponseWriter, r *http.Request) error {
	s := pf.s
	data, err := pf.data(r)
	if err != nil {
		return err
	}
	ip, now := admClientIP(r), s.db.Now()
	if !pf.limit.allow(ip, now) {
		w.Header().Set("Retry-After", strconv.Itoa(int(publicFeedbackWindow.Seconds())))
		data.Limited, data.Error = true, admT(r, "adm.pub.limited", int(publicFeedbackWindow.Minutes()))
		return s.renderAdm(w, r, http.StatusTooManyRequests, "public_feedback.html", data)
	}
	// The form posts multipart: 2000 Chinese characters URL-encoded would
	// not fit in the body limit (9 bytes each), as multipart they take 6 KB.
	r.Body = http.MaxBytesReader(w, r.Body, publicFeedbackMaxBody)
	parse := r.ParseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		parse = func() error { return r.ParseMultipartForm(publicFeedbackMaxBody) }
	}
	if err := parse(); err != nil {
		data.Error = admT(r, "adm.pub.toolarge")
		return s.renderAdm(w, r, http.StatusRequestEntityTooLarge, "public_feedback.html", data)
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := publicFeedbackValues{Name: f("name"), Contact: f("contact"), Content: f("content"), Plan: admFormID(f("plan_id"))}
	x := &duban.Feedback{Name: v.Name, Contact: v.Contact, Channel: "web", Content: v.Content}
	c := newAdmChecks(r)
	switch n := len([]rune(v.Content)); {
	case n == 0:
		c.add("content", "adm.pub.err.content")
	case n > publicFeedbackMaxRunes:
		c.add("content", "adm.pub.err.long")
	}
	if len([]rune(v.Name)) > 50 {
		c.add("name", "adm.pub.err.name")
	}
	if len([]rune(v.Contact)) > 100 {
		c.add("contact", "adm.pub.err.contact")
	}
	if v.Plan != 0 {
		if !slices.ContainsFunc(data.Plans, func(p store.PublicPlan) bool { return p.ID == v.Plan }) {
			c.add("plan_id", "adm.pub.err.plan")
		}
		x.PlanID = &v.Plan
	}
	err = c.err(nil)
	if err == nil {
		err = s.db.CreateFeedback(r.Context(), duban.System, x)
	}
	if err != nil {
		if !admFormFailure(err) {
			return err
		}
		data.Form = v
		data.Error, data.Fields = formError(err)
		return s.renderAdm(w, r, admStatus(err), "public_feedback.html", data)
	}
	pf.limit.add(ip, now)
	return admDone(w, r, admT(r, "adm.pub.thanks"), "/public/feedback")
}

// admClientIP is the address a request came from (the proxy's, behind one).
func admClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// admRateLimit allows at most n events per key within a sliding window, in memory.
type admRateLimit struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	seen   map[string][]time.Time
}

func newAdmRateLimit(n int, window time.Duration) *admRateLimit {
	return &admRateLimit{n: n, window: window, seen: map[string][]time.Time{}}
}

// allow reports whether key may have one more event at now.
func (l *admRateLimit) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) < l.n
}

// add records an event of key at now.
func (l *admRateLimit) add(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen[key] = append(l.recent(key, now), now)
	if len(l.seen) > 10000 { // forget idle addresses
		for k := range l.seen {
			if len(l.recent(k, now)) == 0 {
				delete(l.seen, k)
			}
		}
	}
}

// recent drops key's events older than the window and returns the rest; l.mu is held.
func (l *admRateLimit) recent(key string, now time.Time) []time.Time {
	ts := l.seen[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	l.seen[key] = ts
	return ts
}

// adminMessages are the admin pages' strings: Chinese first, English second.
var adminMessages = map[string][2]string{
	"adm.crumbs":   {"位置", "Breadcrumbs"},
	"adm.colon":    {"：", ": "},
	"adm.choose":   {"请选择", "Choose…"},
	"adm.cancel":   {"取消", "Cancel"},
	"adm.save":     {"保存", "Save"},
	"adm.reload":   {"载入最新内容（将放弃本次填写）", "Load the latest version (discards your input)"},
	"adm.more":     {"下一页", "Next page"},
	"adm.optional": {"（选填）", "(optional)"},
	"adm.day":      {"每月报送日", "due day"},

	"adm.err.date":     {"日期格式不对，请写作 2021-08-26 或 2021年8月26日", "Write the date as 2021-08-26 or 2021年8月26日"},
	"adm.err.number":   {"请填写整数", "Enter a whole number"},
	"adm.err.title":    {"请填写举措名称", "Enter a title"},
	"adm.err.deadline": {"限期完成的举措须填写完成日期", "A measure with a due date needs the date"},
	"adm.err.workdays": {"请填写大于0的工作日数", "Enter a number of working days above 0"},
	"adm.err.unit":     {"请选择单位", "Choose a unit"},
	"adm.err.reply":    {"请填写答复内容", "Write the reply"},
	"adm.err.node":     {"请选择所属问题", "Choose the problem it belongs to"},

	"adm.plan.new":       {"新建整改方案", "New rectification plan"},
	"adm.plan.intro":     {"方案建好后，可逐条添加方面、问题和整改举措，也可在“导入导出”中导入台账或方案文本。", "Once the plan exists, add aspects, problems and measures one by one, or import a ledger or plan text under Documents."},
	"adm.plan.create":    {"创建方案", "Create plan"},
	"adm.f.plantitle":    {"方案名称", "Plan title"},
	"adm.ph.plantitle":   {"如：关于省委第一巡视组专项巡视反馈意见的整改方案", "e.g. Plan for rectifying the findings of the first inspection team"},
	"adm.f.owner":        {"整改责任单位（被巡视单位）", "Responsible (inspected) unit"},
	"adm.f.lead":         {"牵头单位（整改办）", "Lead office"},
	"adm.lead.same":      {"同整改责任单位", "Same as the responsible unit"},
	"adm.f.cadence":      {"报送周期", "Reporting cadence"},
	"adm.cad.monthly":    {"每月", "Monthly"},
	"adm.cad.quarterly":  {"每季度", "Quarterly"},
	"adm.cad.none":       {"不定期", "No fixed cadence"},
	"adm.f.reportday":    {"每月报送日", "Report due day"},
	"adm.hint.reportday": {"1至28日之间，默认25日", "Between the 1st and the 28th; 25 by default"},
	"adm.f.start":        {"开始日期", "Start date"},
	"adm.f.end":          {"集中整改结束日期", "End of concentrated rectification"},
	"adm.f.period":       {"整改期限", "Period"},
	"adm.f.lookback":     {"回头看间隔（月）", "Look-back after (months)"},
	"adm.hint.lookback":  {"销号后多少个月开展“回头看”，0 表示不安排", "Months after closure to look back; 0 for none"},
	"adm.ph.date":        {"如 2022-06-30", "e.g. 2022-06-30"},

	"adm.edit.title":        {"编辑整改方案", "Edit plan"},
	"adm.edit.crumb":        {"编辑方案", "Edit"},
	"adm.tree":              {"方案条目", "Plan items"},
	"adm.tree.empty":        {"方案还没有条目。", "The plan has no items yet."},
	"adm.drafts":            {"待交办", "Not yet assigned"},
	"adm.assign.all":        {"一键交办草拟事项", "Assign all drafts"},
	"adm.assign.confirm":    {"确定将全部草拟事项交办给各责任单位吗？交办后各单位即收到任务。", "Assign every draft to its unit now? The units will be notified."},
	"adm.units":             {"责任单位", "Units"},
	"adm.leadmark":          {"牵头", "Lead"},
	"adm.kind.aspect":       {"方面", "Aspect"},
	"adm.kind.problem":      {"问题", "Problem"},
	"adm.kind.subproblem":   {"具体问题", "Specific problem"},
	"adm.kind.task":         {"举措", "Measure"},
	"adm.act.edit":          {"编辑", "Edit"},
	"adm.act.aspect":        {"新增方面", "Add aspect"},
	"adm.act.problem":       {"＋问题", "+ Problem"},
	"adm.act.subproblem":    {"＋具体问题", "+ Specific problem"},
	"adm.act.task":          {"＋举措", "+ Measure"},
	"adm.act.unit":          {"增加单位", "Add unit"},
	"adm.form.aspect":       {"新增方面", "New aspect"},
	"adm.form.problem":      {"在“%s”下新增问题", "New problem under “%s”"},
	"adm.form.subproblem":   {"在“%s”下新增具体问题", "New specific problem under “%s”"},
	"adm.form.node":         {"编辑条目", "Edit item"},
	"adm.form.task":         {"在“%s”下新增整改举措", "New measure under “%s”"},
	"adm.form.edittask":     {"编辑整改举措", "Edit measure"},
	"adm.form.unit":         {"将“%s”再交给一个单位", "Give “%s” to one more unit"},
	"adm.f.title":           {"标题", "Title"},
	"adm.f.desc":            {"说明（选填）", "Description (optional)"},
	"adm.f.tasktitle":       {"举措名称", "Measure"},
	"adm.ph.tasktitle":      {"如：加大财政科技投入力度", "e.g. Raise public spending on science"},
	"adm.f.content":         {"举措内容", "What is to be done"},
	"adm.f.target":          {"整改目标", "Target"},
	"adm.f.requirements":    {"整改要求", "Requirements"},
	"adm.f.deadline":        {"整改时限", "Deadline"},
	"adm.mode.date":         {"限期完成", "By a date"},
	"adm.mode.immediate":    {"立行立改", "Immediately"},
	"adm.mode.long_term":    {"长期坚持", "Long-term"},
	"adm.mode.workdays":     {"交办后N个工作日", "N working days after assignment"},
	"adm.f.deadlinedate":    {"完成日期", "Due date"},
	"adm.f.workdays":        {"工作日数", "Working days"},
	"adm.hint.deadline":     {"立行立改、长期坚持也可填写完成日期（如“2021年12月31日前完成，长期坚持”）；工作日按法定节假日和调休计算。", "Immediate and long-term measures may also have a date; working days follow the statutory calendar."},
	"adm.workdays.label":    {"交办后%d个工作日内", "Within %d working days of assignment"},
	"adm.f.leadunit":        {"牵头单位", "Lead unit"},
	"adm.f.coop":            {"配合单位", "Cooperating units"},
	"adm.f.leader":          {"责任领导", "Responsible leader"},
	"adm.f.person":          {"责任人", "Responsible person"},
	"adm.f.unit":            {"单位", "Unit"},
	"adm.f.unitdeadline":    {"该单位的完成日期（选填）", "This unit's due date (optional)"},
	"adm.hint.unitdeadline": {"不填则沿用举措的整改时限", "Leave empty to keep the measure's deadline"},
	"adm.flash.plan":        {"已创建整改方案“%s”，请添加方面、问题和整改举措", "Plan “%s” created: add its aspects, problems and measures"},
	"adm.flash.node":        {"已新增“%s”", "Added “%s”"},
	"adm.flash.saved":       {"已保存“%s”", "Saved “%s”"},
	"adm.flash.task":        {"已新增整改举措“%s”，各单位分办为草拟状态，确认后请交办", "Measure “%s” added; its units' shares are drafts until assigned"},
	"adm.flash.unit":        {"已增加单位：%s（草拟，待交办）", "Added %s (draft, to be assigned)"},
	"adm.flash.assigned":    {"已交办 %d 项", "Assigned %d items"},
	"adm.flash.assignfail":  {"；%d 项未能交办：%s", "; %d could not be assigned: %s"},

	"adm.meet.title":    {"会议记录", "Meetings"},
	"adm.meet.list":     {"已召开的会议", "Meetings held"},
	"adm.meet.none":     {"还没有会议记录。", "No meeting recorded yet."},
	"adm.meet.new":      {"记录会议", "Record a meeting"},
	"adm.meet.save":     {"保存会议", "Save meeting"},
	"adm.f.kind":        {"会议类型", "Kind"},
	"adm.f.heldon":      {"会议日期", "Date"},
	"adm.f.meettitle":   {"会议名称", "Title"},
	"adm.ph.meettitle":  {"如：工委会专题研究巡视整改工作", "e.g. Committee meeting on rectification"},
	"adm.f.attendees":   {"参会人员", "Attendees"},
	"adm.f.decisions":   {"研究决定事项", "Decisions"},
	"adm.f.linked":      {"涉及的整改举措", "Measures discussed"},
	"adm.flash.meeting": {"已记录会议“%s”", "Meeting “%s” recorded"},

	"adm.doc.title":          {"导入导出", "Documents"},
	"adm.doc.import":         {"导入台账或方案", "Import a ledger or a plan"},
	"adm.doc.importhint":     {"支持整改台账（.xlsx）和通报、方案文本（.txt、.docx）。先预览，确认无误后才写入；有任何单元格出错，整份文件都不导入。", "Ledgers (.xlsx) and notices or plans (.txt, .docx). You see a preview first; nothing is written until you confirm, and a ledger with any bad cell is not imported at all."},
	"adm.f.file":             {"文件", "File"},
	"adm.f.into":             {"导入到", "Import into"},
	"adm.doc.newplan":        {"按文件标题匹配或新建方案", "Match by title or create a plan"},
	"adm.doc.fromdoc":        {"按文件识别", "As the document says"},
	"adm.doc.preview":        {"上传并预览", "Upload and preview"},
	"adm.doc.blank":          {"或新建空白方案", "or start an empty plan"},
	"adm.doc.export":         {"导出台账", "Export ledger"},
	"adm.doc.exporthint":     {"导出为 Excel 整改台账，含最新进展和红黄绿灯；可只导出一个单位承担的事项。", "As an Excel ledger with the latest progress and lights; optionally one unit's share only."},
	"adm.f.unitopt":          {"单位", "Unit"},
	"adm.doc.allunits":       {"全部单位", "All units"},
	"adm.doc.download":       {"下载 .xlsx", "Download .xlsx"},
	"adm.doc.noplans":        {"您还没有可管理的整改方案。", "You manage no plan yet."},
	"adm.doc.notice":         {"生成整改进展情况通报", "Generate the progress notice"},
	"adm.doc.noticehint":     {"按台账数据生成截至某日的通报，先在本页预览，可下载 Word 或 Markdown，确认后发布到公开信息栏目。", "Compose the notice as of a date from the ledger, preview it here, download it as Word or Markdown, and publish it on the public portal."},
	"adm.f.plan":             {"整改方案", "Plan"},
	"adm.f.asof":             {"截至日期", "As of"},
	"adm.f.contact":          {"意见建议联系方式（选填）", "Contact lines for feedback (optional)"},
	"adm.ph.contact":         {"如：联系电话 029-xxxxxxxx；电子邮箱 xxx@xxx.gov.cn", "e.g. phone and e-mail for public feedback"},
	"adm.doc.generate":       {"生成预览", "Preview"},
	"adm.doc.generated":      {"通报预览：", "Preview:"},
	"adm.doc.docx":           {"下载 Word（.docx）", "Download Word (.docx)"},
	"adm.doc.md":             {"下载 Markdown", "Download Markdown"},
	"adm.doc.publish":        {"发布到公开信息", "Publish"},
	"adm.doc.publishconfirm": {"确定将该通报发布到公开信息栏目吗？发布后任何人都能看到。", "Publish this notice? Anyone will be able to read it."},
	"adm.doc.previewlabel":   {"通报预览", "Notice preview"},
	"adm.doc.published":      {"最近发布的通报", "Recently published"},
	"adm.doc.allpublished":   {"查看全部公开通报", "All published notices"},
	"adm.flash.imported":     {"已导入：%d 个方面、%d 个问题、%d 项整改举措", "Imported %d aspects, %d problems and %d measures"},
	"adm.flash.published":    {"已发布“%s”，可在公开信息中查看", "Published “%s” on the public portal"},

	"adm.pv.title":       {"导入预览", "Import preview"},
	"adm.pv.kind.ledger": {"整改台账", "ledger"},
	"adm.pv.kind.notice": {"通报或方案文本", "notice or plan"},
	"adm.pv.rejected":    {"台账中有 %d 处单元格有误，整份文件未导入。请按下表修改后重新上传。", "%d cells of the ledger are wrong: nothing was imported. Fix them as listed and upload again."},
	"adm.pv.cannot":      {"无法导入：", "Cannot import: "},
	"adm.field.owner":    {"请在下方“整改责任单位”中选择单位，或在“导入到”中选择已有方案，再重新上传。", "Choose the responsible unit below, or a plan to import into, and upload again."},
	"adm.pv.ready":       {"文件已读取，尚未写入。请核对以下内容后确认导入。", "The file was read; nothing is written yet. Check below, then confirm."},
	"adm.pv.stated":      {"与文中所述总数核对", "Totals stated in the text"},
	"adm.pv.item":        {"项目", "Item"},
	"adm.pv.statedn":     {"文中所述", "Stated"},
	"adm.pv.found":       {"识别出", "Found"},
	"adm.pv.check":       {"核对", "Check"},
	"adm.pv.match":       {"一致", "matches"},
	"adm.pv.mismatch":    {"不一致", "differs"},
	"adm.pv.checks":      {"核对提示", "Checks"},
	"adm.pv.unplaced":    {"未能归入条目的段落", "Paragraphs not placed"},
	"adm.pv.cells":       {"有误的单元格", "Rejected cells"},
	"adm.pv.sheet":       {"工作表", "Sheet"},
	"adm.pv.row":         {"行", "Row"},
	"adm.pv.col":         {"列", "Column"},
	"adm.pv.reason":      {"原因", "Reason"},
	"adm.pv.effect":      {"确认后将写入", "What confirming writes"},
	"adm.pv.created":     {"新建", "New"},
	"adm.pv.updated":     {"修改", "Changed"},
	"adm.pv.unchanged":   {"不变", "Unchanged"},
	"adm.pv.newunits":    {"将新建单位：", "New units: "},
	"adm.pv.changes":     {"修改明细", "Changes"},
	"adm.pv.confirm":     {"确认导入", "Confirm import"},
	"adm.pv.again":       {"重新选择文件", "Choose another file"},
	"adm.pv.nothing":     {"在点击“确认导入”之前，系统不会写入任何数据。", "Nothing is written until you confirm."},
	"adm.meta.title":     {"标题", "Title"},
	"adm.meta.unit":      {"单位", "Unit"},
	"adm.meta.round":     {"巡视轮次", "Round"},
	"adm.meta.team":      {"巡视组", "Team"},
	"adm.meta.onsite":    {"进驻时间", "On site"},
	"adm.meta.feedback":  {"反馈日期", "Feedback"},
	"adm.meta.asof":      {"截至", "As of"},
	"adm.k.plans":        {"整改方案", "Plans"},
	"adm.k.sources":      {"问题来源", "Sources"},
	"adm.k.units":        {"单位", "Units"},
	"adm.k.aspects":      {"方面", "Aspects"},
	"adm.k.problems":     {"问题", "Problems"},
	"adm.k.subproblems":  {"具体问题", "Specific problems"},
	"adm.k.measures":     {"整改举措", "Measures"},
	"adm.k.assignments":  {"分办事项", "Assignments"},

	"adm.fb.title":        {"意见建议", "Feedback"},
	"adm.fb.filter":       {"按状态筛选", "Filter by status"},
	"adm.fb.s.new":        {"待处理", "New"},
	"adm.fb.s.replied":    {"已答复", "Replied"},
	"adm.fb.s.converted":  {"已转为整改任务", "Turned into a task"},
	"adm.fb.s.closed":     {"已办结", "Closed"},
	"adm.fb.s.all":        {"全部", "All"},
	"adm.fb.none":         {"没有这类意见建议。", "No feedback here."},
	"adm.fb.anon":         {"匿名", "Anonymous"},
	"adm.ch.web":          {"网上留言", "Web form"},
	"adm.ch.phone":        {"电话", "Phone"},
	"adm.ch.mail":         {"来信", "Letter"},
	"adm.ch.email":        {"电子邮件", "E-mail"},
	"adm.fb.reply":        {"答复", "Reply"},
	"adm.fb.task":         {"已转为整改举措", "Turned into the measure"},
	"adm.fb.doreply":      {"答复", "Reply"},
	"adm.fb.replytext":    {"答复内容", "Reply"},
	"adm.fb.sendreply":    {"保存答复", "Save reply"},
	"adm.fb.convert":      {"转为整改任务", "Turn into a task"},
	"adm.fb.node":         {"归入问题", "Under the problem"},
	"adm.fb.orworkdays":   {"或交办后工作日数", "or working days after assignment"},
	"adm.fb.doconvert":    {"转为整改举措", "Create the measure"},
	"adm.fb.close":        {"办结", "Close"},
	"adm.fb.closeconfirm": {"确定办结这条意见建议吗？", "Close this message?"},
	"adm.flash.replied":   {"已保存答复", "Reply saved"},
	"adm.flash.closed":    {"已办结", "Closed"},
	"adm.flash.converted": {"已转为整改举措“%s”（草拟，待交办）", "Turned into the measure “%s” (draft, to be assigned)"},

	"adm.pub.heading":      {"巡视整改进展情况通报", "Rectification progress notices"},
	"adm.pub.intro":        {"各单位按规定公开巡视整改进展情况，接受干部群众监督。", "Units publish the progress of their rectification here for public scrutiny."},
	"adm.pub.aside":        {"对巡视整改工作有意见建议，可在线留言。", "Comments on the rectification work are welcome."},
	"adm.pub.write":        {"我要留言", "Write to us"},
	"adm.pub.published":    {"发布于", "Published"},
	"adm.pub.older":        {"更早的通报", "Older notices"},
	"adm.pub.nav":          {"上一条和下一条", "Previous and next"},
	"adm.pub.noprev":       {"没有了", "none"},
	"adm.pub.nonext":       {"没有了", "none"},
	"adm.pub.back":         {"返回列表", "Back to the list"},
	"adm.pub.aboutthis":    {"对本通报提出意见建议", "Comment on this notice"},
	"adm.pub.fb.title":     {"意见建议", "Send feedback"},
	"adm.pub.fb.intro":     {"欢迎对巡视整改工作提出意见建议。我们会认真研究，需要答复的将通过您留下的联系方式答复。", "Your comments on the rectification work are welcome; if you leave a contact we will answer there."},
	"adm.pub.f.name":       {"姓名", "Name"},
	"adm.pub.f.contact":    {"联系方式", "Contact"},
	"adm.pub.hint.contact": {"电话或电子邮箱，便于答复", "Phone or e-mail, so that we can answer"},
	"adm.pub.f.plan":       {"涉及的整改工作", "About"},
	"adm.pub.noplan":       {"不限", "Any"},
	"adm.pub.f.content":    {"意见建议内容", "Your message"},
	"adm.pub.hint.content": {"不超过%d字。", "At most %d characters."},
	"adm.pub.submit":       {"提交", "Send"},
	"adm.pub.privacyh":     {"个人信息保护", "Your privacy"},
	"adm.pub.privacy":      {"您填写的姓名和联系方式仅用于答复，我们将严格保密，不会公开。", "Your name and contact are used only to answer you and are never published."},
	"adm.pub.thanks":       {"感谢您的意见建议！我们已收到，将认真研究办理。", "Thank you: we received your message and will look into it."},
	"adm.pub.limitedh":     {"提交过于频繁", "Too many messages"},
	"adm.pub.limited":      {"同一网络地址在%d分钟内提交的意见建议已达上限，请稍后再试。", "Too many messages from your address within %d minutes; please try again later."},
	"adm.pub.toolarge":     {"提交的内容过长，请精简后再提交。", "Your message is too long; please shorten it."},
	"adm.pub.err.content":  {"请填写意见建议内容", "Write your message"},
	"adm.pub.err.long":     {"内容不能超过2000字", "At most 2000 characters"},
	"adm.pub.err.name":     {"姓名不能超过50字", "At most 50 characters"},
	"adm.pub.err.contact":  {"联系方式不能超过100字", "At most 100 characters"},
	"adm.pub.err.plan":     {"请选择列表中的整改工作", "Choose one from the list"},
}
