package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// planFormFailed shows the editor again with the failed form, or returns
// err for the error page when the user cannot fix it there.
func (s *Server) planFormFailed(w http.ResponseWriter, r *http.Request, planID int64, f *itemForm, err error) error {
	if !admFormFailure(err) {
		return err
	}
	f.Error, f.Fields = formError(lang(r), err)
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
	return admDone(w, r, admT(r, "adm.flash.task", t.Title)+s.restDayNote(r, &t), fmt.Sprintf("/plans/%d/edit#task-%d", planID, t.ID))
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
			return admDone(w, r, admT(r, "adm.flash.saved", x.Title)+s.restDayNote(r, x), fmt.Sprintf("/plans/%d/edit#task-%d", x.PlanID, x.ID))
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
			why = errorMessageIn(lang(r), err)
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

// ---- new plan ----

// planValues is what the new-plan form holds, as typed.
type planValues struct {
	Title                      string
	Owner, Lead                int64
	Cadence, ReportDay         string
	Start, End, LookbackMonths string
	Immediate                  string // working days of a 立行立改 measure without a date
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
	data.PlanForm = planValues{Owner: p.UnitID, Lead: p.UnitID, Cadence: string(duban.CadenceMonthly), ReportDay: "25", LookbackMonths: "6",
		Immediate: strconv.Itoa(duban.DefaultImmediateWithin)}
	if r.Method != http.MethodPost {
		return s.render(w, r, "plan_edit.html", data)
	}
	v := planValues{Title: strings.TrimSpace(r.PostFormValue("title")), Owner: admFormID(r.PostFormValue("owner_unit_id")), Lead: admFormID(r.PostFormValue("lead_unit_id")),
		Cadence: r.PostFormValue("cadence"), ReportDay: r.PostFormValue("report_day"), Start: r.PostFormValue("start_date"), End: r.PostFormValue("end_date"),
		LookbackMonths: r.PostFormValue("lookback_months"), Immediate: strings.TrimSpace(r.PostFormValue("immediate_within"))}
	if p.Role == duban.RoleLead {
		v.Lead = p.UnitID // a lead office makes plans it leads itself
	}
	c := newAdmChecks(r)
	x := &duban.Plan{Title: v.Title, OwnerUnitID: v.Owner, LeadUnitID: v.Lead, Cadence: duban.Cadence(v.Cadence), ReportDay: c.num("report_day", v.ReportDay),
		StartDate: c.date("start_date", v.Start), EndDate: c.date("end_date", v.End), LookbackMonths: c.num("lookback_months", v.LookbackMonths),
		Ladder: duban.DefaultLadder()}
	if v.Immediate != "" {
		x.Ladder.ImmediateWithin = c.num("ladder.immediate_within", v.Immediate)
	}
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
	data.Error, data.Fields = formError(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "plan_edit.html", data)
}

// restDayNote is the warning added to the flash when a measure was saved
// with its deadline on a rest day, with the working day to prefer.
func (s *Server) restDayNote(r *http.Request, t *duban.Task) string {
	if len(t.Warnings) == 0 {
		return ""
	}
	return admT(r, "adm.stop") + s.restDayNoteOn(r, "adm.flash.restday", t.Deadline)
}

// restDayNoteOn is the warning (message key: a deadline or a reply date)
// for a date set on day d, in the page's language, or "" when d is a
// working day (or none).
func (s *Server) restDayNoteOn(r *http.Request, key string, d duban.Date) string {
	rest, name, next := s.db.RestDay(d)
	if !rest {
		return ""
	}
	return admT(r, key, dateIn(lang(r), d), textIn(lang(r), name), dateIn(lang(r), next))
}
