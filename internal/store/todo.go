package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// Todo is something waiting for a person today.
type Todo struct {
	Kind         string       `json:"kind"` // report, review, verify, signoff, notice, extension, lookback, overdue, duesoon
	AssignmentID int64        `json:"assignment_id"`
	RefID        int64        `json:"ref_id"` // the report, escalation, extension or look-back
	Title        string       `json:"title"`
	Unit         string       `json:"unit"`
	Status       duban.Status `json:"status"`
	Deadline     duban.Date   `json:"deadline"`
	DeadlineKind string       `json:"deadline_kind"`
	Light        duban.Light  `json:"light"`
	WorkdaysLeft *int         `json:"workdays_left"`
	Note         string       `json:"note"`
}

// todoQueries are the waiting items of each kind: the SQL selects
// assignment id, ref id, title, unit and a note, restricted by scope.
var todoQueries = []struct {
	kind  string
	roles []duban.Role
	scope string // "plan": plans the caller leads; "unit": the caller's unit
	sql   string
}{
	{"review", []duban.Role{duban.RoleLead, duban.RoleAdmin}, "plan", `SELECT a.id, r.id, t.title, u.short_name, r.period FROM reports r
		JOIN assignments a ON a.id = r.assignment_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE r.review = 'pending'`},
	{"verify", []duban.Role{duban.RoleLead, duban.RoleAdmin}, "plan", `SELECT a.id, a.id, t.title, u.short_name, '' FROM assignments a
		JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE a.status = 'closure_requested' AND a.signed_off`},
	{"extension", []duban.Role{duban.RoleLead, duban.RoleAdmin}, "plan", `SELECT a.id, x.id, t.title, u.short_name, x.new_deadline FROM extensions x
		JOIN assignments a ON a.id = x.assignment_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE x.status = 'pending'`},
	{"lookback", []duban.Role{duban.RoleLead, duban.RoleAdmin}, "plan", `SELECT a.id, l.id, t.title, u.short_name, l.due_date FROM lookbacks l
		JOIN assignments a ON a.id = l.assignment_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE l.result = 'pending' AND l.due_date <= ?`},
	{"signoff", []duban.Role{duban.RoleLeader}, "unit", `SELECT a.id, a.id, t.title, u.short_name, '' FROM assignments a
		JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE a.status = 'closure_requested' AND NOT a.signed_off`},
	{"notice", []duban.Role{duban.RoleLiaison, duban.RoleLeader}, "unit", `SELECT a.id, e.id, t.title, u.short_name, e.number FROM escalations e
		JOIN assignments a ON a.id = e.assignment_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE e.level = 'notice' AND e.replied_at IS NULL`},
}

// Todos returns what waits for p today: reviews, verifications, extension
// decisions and look-backs for a lead office; sign-offs for a leader; 督办单
// to answer, and red and yellow items (overdue, due soon, report missing)
// for a liaison.
func (db *DB) Todos(ctx context.Context, p *duban.Principal, asOf duban.Date) ([]Todo, error) {
	day := db.asOf(asOf)
	out := []Todo{}
	for _, q := range todoQueries {
		if !hasRole(q.roles, p.Role) {
			continue
		}
		query, args := q.sql+` AND `+planShownOf("a.plan_id"), []any{}
		if q.kind == "lookback" {
			args = append(args, day)
		}
		switch {
		case q.scope == "unit":
			query, args = query+` AND a.unit_id = ? AND a.`+handedOver, append(args, p.UnitID)
		case p.Role != duban.RoleAdmin:
			query, args = query+` AND a.plan_id IN (SELECT id FROM plans WHERE lead_unit_id = ? OR owner_unit_id = ?)`, append(args, p.UnitID, p.UnitID)
		}
		rows, err := db.reader().QueryContext(ctx, query+` ORDER BY 1 LIMIT 200`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: todos %s: %w", q.kind, err)
		}
		for rows.Next() {
			t := Todo{Kind: q.kind}
			if err := rows.Scan(&t.AssignmentID, &t.RefID, &t.Title, &t.Unit, &t.Note); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: todos: %w", err)
			}
			out = append(out, t)
		}
		rows.Close()
	}
	if err := db.fillTodos(ctx, out, day); err != nil {
		return nil, err
	}
	if p.Role == duban.RoleLiaison {
		items, err := db.unitAlerts(ctx, p, day)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// fillTodos gives each waiting item its assignment's status, deadline,
// light and working days left.
func (db *DB) fillTodos(ctx context.Context, todos []Todo, day duban.Date) error {
	l := db.lighter(db.reader(), day)
	for i := range todos {
		a, err := findAssignment(ctx, db.reader(), todos[i].AssignmentID)
		if err != nil {
			return err
		}
		if err := l.light(ctx, a); err != nil {
			return err
		}
		t := &todos[i]
		t.Status, t.Deadline, t.DeadlineKind, t.Light, t.WorkdaysLeft = a.Status, a.Deadline, string(a.DeadlineKind), a.Light, a.WorkdaysLeft
	}
	return nil
}

func hasRole(rs []duban.Role, r duban.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// unitAlerts are the liaison's own open items that are red or yellow.
func (db *DB) unitAlerts(ctx context.Context, p *duban.Principal, day duban.Date) ([]Todo, error) {
	var out []Todo
	f := duban.AssignmentFilter{Open: true, Page: duban.Page{Limit: 500}}
	yellowBefore := map[int64]int{} // each plan's working days of warning
	for {
		list, err := db.ListAssignments(ctx, p, f, day)
		if err != nil {
			return nil, err
		}
		for _, a := range list.Items {
			// Nothing waits on the unit while its closure request is with others.
			if a.Light != duban.LightRed && a.Light != duban.LightYellow || a.Status == duban.StatusDraft || a.Status == duban.StatusClosureRequested {
				continue
			}
			if _, ok := yellowBefore[a.PlanID]; !ok {
				pl, err := findPlan(ctx, db.reader(), a.PlanID)
				if err != nil {
					return nil, err
				}
				yellowBefore[a.PlanID] = pl.Ladder.YellowBefore
			}
			// Yellow for its near deadline (the plan's working days), else
			// for its missing report.
			kind := "duesoon"
			switch {
			case a.Light == duban.LightRed:
				kind = "overdue"
			case !a.DeadlineKind.Dated() || a.WorkdaysLeft == nil || *a.WorkdaysLeft > yellowBefore[a.PlanID]:
				kind = "report"
			}
			out = append(out, Todo{Kind: kind, AssignmentID: a.ID, RefID: a.ID, Title: a.TaskTitle, Unit: a.Unit.Name, Status: a.Status,
				Deadline: a.Deadline, DeadlineKind: string(a.DeadlineKind), Light: a.Light, WorkdaysLeft: a.WorkdaysLeft})
		}
		if list.NextCursor == "" {
			return out, nil
		}
		f.Cursor = list.NextCursor
	}
}
