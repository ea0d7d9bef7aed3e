package web

import (
	"fmt"
	"net/http"
	"net/url"
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
