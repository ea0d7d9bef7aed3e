package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"duban/internal/duban"
)

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
		row := admEditRow{Kind: it.Kind, Number: numberIn(lang(r), it.Number), Title: it.Title, Depth: depth}
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
