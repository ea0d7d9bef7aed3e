package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"duban/internal/duban"
)

// Key projects (project*.go): a programme owns a supervision plan; each
// project is an aspect of that plan and each milestone a task there, given
// to the project's lead unit and assigned at once, so that the lights, the
// ladder (提醒, 催办, 督办单…), closure and look-back of the ledger apply to
// milestones unchanged. An assessment settles the milestone's item; a
// failed one opens a follow-up item for the lead unit.

const programmeCols = `g.id, g.title, g.office_unit_id, u.short_name, g.plan_id, g.description, g.version, ` + "COALESCE(g.created_at, g.created_at)"

func scanProgramme(s interface{ Scan(...any) error }, x *duban.Programme) error {
	return s.Scan(&x.ID, &x.Title, &x.OfficeUnitID, &x.OfficeUnit, &x.PlanID, &x.Description, &x.Version, scanTime{&x.CreatedAt})
}

func findProgramme(ctx context.Context, q queryer, id int64) (*duban.Programme, error) {
	var x duban.Programme
	err := scanProgramme(q.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM programmes g JOIN units u ON u.id = g.office_unit_id WHERE g.id = ?`, id), &x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.NotFound, "专项（编号%d）不存在", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: programme: %w", err)
	}
	return &x, nil
}

// managesProgramme reports whether p runs the programme: an administrator
// or the lead office of its managing unit.
func managesProgramme(p *duban.Principal, g *duban.Programme) bool {
	return p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID != 0 && p.UnitID == g.OfficeUnitID)
}

// manageProgramme returns the programme if p runs it, Forbidden otherwise.
func manageProgramme(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Programme, error) {
	g, err := findProgramme(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !managesProgramme(p, g) {
		return nil, duban.ErrForbidden("管理该专项")
	}
	return g, nil
}

// CreateProgramme creates a programme and its supervision plan (…里程碑督办台账),
// owned by the managing office. Forbidden unless p manages plans of that unit.
func (db *DB) CreateProgramme(ctx context.Context, p *duban.Principal, x *duban.Programme) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		pl := &duban.Plan{Title: x.Title + "里程碑督办台账", OwnerUnitID: x.OfficeUnitID, LeadUnitID: x.OfficeUnitID, Cadence: duban.CadenceNone}
		if err := pl.Validate(); err != nil {
			return err
		}
		if !p.CanManagePlan(pl) {
			return duban.ErrForbidden("为其他单位设立专项")
		}
		if err := insertPlan(ctx, tx, pl); err != nil {
			return err
		}
		x.PlanID, x.CreatedAt, x.Version = pl.ID, tx.now, 1
		id, err := tx.insert(ctx, `INSERT INTO programmes (title, office_unit_id, plan_id, description, version, created_at) VALUES (?, ?, ?, ?, 1, ?)`,
			x.Title, x.OfficeUnitID, x.PlanID, x.Description, tx.now)
		if err != nil {
			return err
		}
		x.ID = id
		return tx.audit(ctx, "programme.create", "programme", id, nil, x)
	})
}

// FindProgramme returns a programme; every signed-in caller may read it.
func (db *DB) FindProgramme(ctx context.Context, id int64) (*duban.Programme, error) {
	return findProgramme(ctx, db.reader(), id)
}

// ListProgrammes returns every programme, oldest first.
func (db *DB) ListProgrammes(ctx context.Context) ([]duban.Programme, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+programmeCols+` FROM programmes g JOIN units u ON u.id = g.office_unit_id ORDER BY g.id`)
	if err != nil {
		return nil, fmt.Errorf("store: programmes: %w", err)
	}
	defer rows.Close()
	out := []duban.Programme{}
	for rows.Next() {
		var x duban.Programme
		if err := scanProgramme(rows, &x); err != nil {
			return nil, fmt.Errorf("store: programmes: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// CreateProject creates a project with its milestones directly (not from a
// challenge): Forbidden unless p runs the programme.
func (db *DB) CreateProject(ctx context.Context, p *duban.Principal, x *duban.Project) error {
	err := db.update(ctx, p, func(tx *Tx) error {
		g, err := manageProgramme(ctx, tx, p, x.ProgrammeID)
		if err != nil {
			return err
		}
		return db.insertProject(ctx, tx, p, g, x)
	})
	if err == nil {
		x.Warnings = db.milestoneWarnings(x, nil)
	}
	return err
}

// milestoneWarnings warns of each milestone of x due on a rest day, unless
// it was due that day in before already (nil for a new project).
func (db *DB) milestoneWarnings(x, before *duban.Project) []string {
	had := map[int64]duban.Date{}
	if before != nil {
		for _, m := range before.Milestones {
			had[m.ID] = m.Due
		}
	}
	var out []string
	for _, m := range x.Milestones {
		if d, ok := had[m.ID]; ok && m.ID != 0 && d == m.Due {
			continue
		}
		out = append(out, db.restDayWarnings("里程碑“"+m.Title+"”的考核时间", m.Due)...)
	}
	return out
}

// insertProject writes a validated project, its units and milestones, and
// puts each milestone under supervision in the programme's plan.
func (db *DB) insertProject(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, x *duban.Project) error {
	if err := x.Validate(); err != nil {
		return err
	}
	for _, u := range append([]duban.UnitRef{x.LeadUnit}, x.CoopUnits...) {
		if err := unitExists(ctx, tx, "lead_unit_id", u.ID); err != nil {
			return err
		}
	}
	heading := x.Title
	if x.Team != "" {
		heading += "（" + x.Team + "）"
	}
	aspect := &duban.Node{PlanID: g.PlanID, Kind: duban.NodeAspect, Title: heading}
	if err := insertNode(ctx, tx, aspect); err != nil {
		return err
	}
	item := &duban.Node{PlanID: g.PlanID, ParentID: &aspect.ID, Kind: duban.NodeProblem, Title: "里程碑考核节点"}
	if err := insertNode(ctx, tx, item); err != nil {
		return err
	}
	x.NodeID, x.Version, x.CreatedAt = aspect.ID, 1, tx.now
	id, err := tx.insert(ctx, `INSERT INTO projects (programme_id, challenge_id, application_id, title, team, lead_unit_id, chief, chief_role, start_date, end_date, budget,
		trl_start, trl_target, status, stop_reason, node_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1, ?, ?)`,
		x.ProgrammeID, x.ChallengeID, x.ApplicationID, x.Title, x.Team, x.LeadUnit.ID, x.Chief, x.ChiefRole, x.StartDate, x.EndDate, x.Budget,
		x.TRLStart, x.TRLTarget, x.Status, x.NodeID, tx.now, tx.now)
	if err != nil {
		return err
	}
	x.ID = id
	for _, u := range x.CoopUnits {
		if _, err := tx.exec(ctx, `INSERT INTO project_units (project_id, unit_id) VALUES (?, ?)`, id, u.ID); err != nil {
			return err
		}
	}
	for i := range x.Milestones {
		if err := db.insertMilestone(ctx, tx, p, g, x, item, &x.Milestones[i]); err != nil {
			return err
		}
	}
	return tx.audit(ctx, "project.create", "project", id, nil, x)
}

// insertMilestone writes one milestone and its supervised item: a task due
// on the milestone's date, given to the lead unit and assigned.
func (db *DB) insertMilestone(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, x *duban.Project, item *duban.Node, m *duban.Milestone) error {
	t := &duban.Task{PlanID: g.PlanID, NodeID: item.ID, AspectID: x.NodeID,
		Title:   milestoneItemTitle(m),
		Content: m.Deliverables, Target: milestoneItemTarget(m),
		DeadlineKind: duban.DeadlineDate, Deadline: m.Due, LeadUnitID: x.LeadUnit.ID, ResponsiblePerson: x.Chief}
	aid, err := db.openItem(ctx, tx, p, g, t)
	if err != nil {
		return err
	}
	m.ProjectID, m.Status, m.FundStatus, m.AssignmentID, m.Version = x.ID, duban.MilestonePending, duban.FundPlanned, aid, 1
	m.ID, err = tx.insert(ctx, `INSERT INTO milestones (project_id, seq, title, due, trl_required, deliverables, tranche, status, trl_reached, fund_status, released, assignment_id, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, 1)`, x.ID, m.Seq, m.Title, m.Due, m.TRLRequired, m.Deliverables, m.Tranche, m.Status, m.FundStatus, aid)
	return err
}

// openItem writes a task of the programme's plan and assigns its lead
// unit's assignment through the workflow; it returns the assignment's id.
func (db *DB) openItem(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, t *duban.Task) (int64, error) {
	if err := t.Validate(); err != nil {
		return 0, err
	}
	if err := insertTask(ctx, tx, t); err != nil {
		return 0, err
	}
	a, err := taskLeadAssignment(ctx, tx, t.ID)
	if err != nil {
		return 0, err
	}
	pl, err := findPlan(ctx, tx, g.PlanID)
	if err != nil {
		return 0, err
	}
	if err := db.transitionIn(ctx, tx, p, pl, a, duban.ActionAssign, duban.TransitionInput{}); err != nil {
		return 0, err
	}
	return a.ID, nil
}

func taskLeadAssignment(ctx context.Context, q queryer, taskID int64) (*duban.Assignment, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM assignments WHERE task_id = ? AND lead`, taskID).Scan(&id); err != nil {
		return nil, fmt.Errorf("store: task assignment: %w", err)
	}
	return findAssignment(ctx, q, id)
}
