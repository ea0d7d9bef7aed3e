package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"duban/internal/duban"
)

const projectCols = `x.id, x.programme_id, g.title, x.challenge_id, x.application_id, x.title, x.team, x.lead_unit_id, u.short_name, x.chief, x.chief_role,
	x.start_date, x.end_date, x.budget, x.trl_start, x.trl_target, x.status, x.stopped_on, x.stop_reason, x.node_id, x.version, ` + "COALESCE(x.created_at, x.created_at)"

const projectFrom = ` FROM projects x JOIN programmes g ON g.id = x.programme_id JOIN units u ON u.id = x.lead_unit_id`

func scanProject(s interface{ Scan(...any) error }, x *duban.Project) error {
	return s.Scan(&x.ID, &x.ProgrammeID, &x.Programme, &x.ChallengeID, &x.ApplicationID, &x.Title, &x.Team, &x.LeadUnit.ID, &x.LeadUnit.Name, &x.Chief, &x.ChiefRole,
		&x.StartDate, &x.EndDate, &x.Budget, &x.TRLStart, &x.TRLTarget, &x.Status, &x.StoppedOn, &x.StopReason, &x.NodeID, &x.Version, scanTime{&x.CreatedAt})
}

// projectScope is the condition on projects x that p may read: everything
// for readers of the whole ledger; a unit's own projects (lead or
// cooperating) for its liaison; for an expert, the projects given to them
// to review and those selected from a challenge they reviewed.
func projectScope(p *duban.Principal) (string, []any) {
	switch {
	case p.ReadsAll():
		return "", nil
	case p.Role == duban.RoleExpert:
		return `(x.id IN (SELECT project_id FROM review_assignments WHERE user_id = ? AND project_id IS NOT NULL)
			OR x.challenge_id IN (SELECT challenge_id FROM review_assignments WHERE user_id = ? AND challenge_id IS NOT NULL))`, []any{p.UserID, p.UserID}
	case p.UnitID != 0:
		return `(x.lead_unit_id = ? OR x.id IN (SELECT project_id FROM project_units WHERE unit_id = ?))`, []any{p.UnitID, p.UnitID}
	}
	return "1 = 0", nil
}

// seeProject returns the project (without milestones) if p may read it, NotFound otherwise.
func seeProject(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Project, error) {
	w := where{}
	w.add("x.id = ?", id)
	if c, args := projectScope(p); c != "" {
		w.add(c, args...)
	}
	var x duban.Project
	err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+w.String(), w.args...), &x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.NotFound, "项目（编号%d）不存在", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: project: %w", err)
	}
	return &x, nil
}

// FindProject returns a project with its cooperating units and milestones.
// NotFound if p may not read it.
func (db *DB) FindProject(ctx context.Context, p *duban.Principal, id int64) (*duban.Project, error) {
	x, err := seeProject(ctx, db.reader(), p, id)
	if err != nil {
		return nil, err
	}
	if err := db.fillProjects(ctx, db.reader(), []*duban.Project{x}); err != nil {
		return nil, err
	}
	return x, nil
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	ProgrammeID int64
	ChallengeID int64
	UnitID      int64
}

// ListProjects returns the projects p may read, with their milestones, in
// programme and creation order.
func (db *DB) ListProjects(ctx context.Context, p *duban.Principal, f ProjectFilter) ([]*duban.Project, error) {
	w := where{}
	if c, args := projectScope(p); c != "" {
		w.add(c, args...)
	}
	if f.ProgrammeID != 0 {
		w.add("x.programme_id = ?", f.ProgrammeID)
	}
	if f.ChallengeID != 0 {
		w.add("x.challenge_id = ?", f.ChallengeID)
	}
	if f.UnitID != 0 {
		w.add("x.lead_unit_id = ?", f.UnitID)
	}
	out, err := queryProjects(ctx, db.reader(), `SELECT `+projectCols+projectFrom+w.String()+` ORDER BY x.programme_id, x.id`, w.args...)
	if err != nil {
		return nil, err
	}
	return out, db.fillProjects(ctx, db.reader(), out)
}

func queryProjects(ctx context.Context, q queryer, query string, args ...any) ([]*duban.Project, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: projects: %w", err)
	}
	defer rows.Close()
	out := []*duban.Project{}
	for rows.Next() {
		x := &duban.Project{}
		if err := scanProject(rows, x); err != nil {
			return nil, fmt.Errorf("store: projects: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// fillProjects reads the cooperating units and milestones of xs in two queries.
func (db *DB) fillProjects(ctx context.Context, q queryer, xs []*duban.Project) error {
	if len(xs) == 0 {
		return nil
	}
	byID := map[int64]*duban.Project{}
	ids := make([]any, 0, len(xs))
	for _, x := range xs {
		byID[x.ID] = x
		x.CoopUnits, x.Milestones = []duban.UnitRef{}, []duban.Milestone{}
		ids = append(ids, x.ID)
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
	rows, err := q.QueryContext(ctx, `SELECT pu.project_id, u.id, u.short_name FROM project_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.project_id IN `+in+` ORDER BY u.sort, u.id`, ids...)
	if err != nil {
		return fmt.Errorf("store: project units: %w", err)
	}
	for rows.Next() {
		var pid int64
		var u duban.UnitRef
		if err := rows.Scan(&pid, &u.ID, &u.Name); err != nil {
			rows.Close()
			return fmt.Errorf("store: project units: %w", err)
		}
		byID[pid].CoopUnits = append(byID[pid].CoopUnits, u)
	}
	rows.Close()
	ms, err := queryMilestones(ctx, q, `SELECT `+milestoneCols+` FROM milestones m WHERE m.project_id IN `+in+` ORDER BY m.project_id, m.seq`, ids...)
	if err != nil {
		return err
	}
	for _, m := range ms {
		byID[m.ProjectID].Milestones = append(byID[m.ProjectID].Milestones, m)
	}
	return nil
}

const milestoneCols = `m.id, m.project_id, m.seq, m.title, m.due, m.trl_required, m.deliverables, m.tranche, m.status, m.trl_reached, m.fund_status,
	m.released, m.released_on, m.assignment_id, m.follow_up_id, m.version`

func scanMilestone(s interface{ Scan(...any) error }, m *duban.Milestone) error {
	return s.Scan(&m.ID, &m.ProjectID, &m.Seq, &m.Title, &m.Due, &m.TRLRequired, &m.Deliverables, &m.Tranche, &m.Status, &m.TRLReached, &m.FundStatus,
		&m.Released, &m.ReleasedOn, &m.AssignmentID, &m.FollowUpID, &m.Version)
}

func queryMilestones(ctx context.Context, q queryer, query string, args ...any) ([]duban.Milestone, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: milestones: %w", err)
	}
	defer rows.Close()
	var out []duban.Milestone
	for rows.Next() {
		var m duban.Milestone
		if err := scanMilestone(rows, &m); err != nil {
			return nil, fmt.Errorf("store: milestones: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListAssessments returns the assessments of a project's milestones, oldest
// first. NotFound if p may not read the project.
func (db *DB) ListAssessments(ctx context.Context, p *duban.Principal, projectID int64) ([]duban.Assessment, error) {
	if _, err := seeProject(ctx, db.reader(), p, projectID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT s.id, s.milestone_id, s.assessed_on, s.experts, s.trl_reached, s.result, s.opinion, s.rectify_due, s.created_by, `+
		tsCol("s.created_at")+` FROM assessments s JOIN milestones m ON m.id = s.milestone_id WHERE m.project_id = ? ORDER BY s.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: assessments: %w", err)
	}
	defer rows.Close()
	out := []duban.Assessment{}
	for rows.Next() {
		var a duban.Assessment
		var experts string
		if err := rows.Scan(&a.ID, &a.MilestoneID, &a.AssessedOn, &experts, &a.TRLReached, &a.Result, &a.Opinion, &a.RectifyDue, &a.CreatedBy, scanTime{&a.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: assessments: %w", err)
		}
		a.Experts = strings.Split(experts, "、")
		out = append(out, a)
	}
	return out, rows.Err()
}
