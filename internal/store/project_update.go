package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// UpdateProgramme changes a programme's title and description (the office
// that runs it stays). Forbidden unless p runs the programme; Invalid for
// a bad programme; Stale on a version mismatch; Conflict for a title in use.
func (db *DB) UpdateProgramme(ctx context.Context, p *duban.Principal, id int64, version int, title, description string) (*duban.Programme, error) {
	var out *duban.Programme
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := manageProgramme(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return duban.Errorf(duban.Stale, "该专项已被他人修改，请刷新后重试")
		}
		x := *before
		x.Title, x.Description = title, description
		if err := x.Validate(); err != nil {
			return err
		}
		if err := tx.update(ctx, "专项", `UPDATE programmes SET title = ?, description = ?, version = version + 1 WHERE id = ? AND version = ?`,
			x.Title, x.Description, id, before.Version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE plans SET title = ?, version = version + 1, updated_at = ? WHERE id = ?`, x.Title+"里程碑督办台账", tx.now, x.PlanID); err != nil {
			return err
		}
		x.Version++
		out = &x
		return tx.audit(ctx, "programme.update", "programme", id, before, x)
	})
	return out, err
}

// UpdateProject changes a running project and its milestone plan. The
// project's fields are taken from up, except its programme, lead unit
// (whose items are given to it), challenge and status. Milestones are
// matched by id: one not yet assessed may change (its item follows: title,
// deadline, deliverables); one assessed or cancelled must come back
// unchanged; one without an id is added with its item; none may be left
// out. Forbidden unless p runs the programme; NotFound if p cannot see the
// project; Invalid for a bad plan; Conflict for a stopped or completed
// project, a changed lead unit, or an assessed milestone changed or left
// out; Stale on a version mismatch.
func (db *DB) UpdateProject(ctx context.Context, p *duban.Principal, id int64, version int, up duban.Project) (*duban.Project, error) {
	var out *duban.Project
	err := db.update(ctx, p, func(tx *Tx) error {
		before, g, err := db.manageProject(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return duban.Errorf(duban.Stale, "该项目已被他人修改，请刷新后重试")
		}
		x, err := mergeProject(before, up)
		if err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if err := db.writeProject(ctx, tx, p, g, before, x); err != nil {
			return err
		}
		if err := holdTranches(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, "project.update", "project", id, before, x); err != nil {
			return err
		}
		out, err = findProjectIn(ctx, db, tx, id)
		if err == nil {
			out.Warnings = db.milestoneWarnings(out, before)
		}
		return err
	})
	return out, err
}

// manageProject returns a project with its milestones and its programme if
// p runs the programme.
func (db *DB) manageProject(ctx context.Context, tx *Tx, p *duban.Principal, id int64) (*duban.Project, *duban.Programme, error) {
	x, err := seeProject(ctx, tx, p, id)
	if err != nil {
		return nil, nil, err
	}
	g, err := manageProgramme(ctx, tx, p, x.ProgrammeID)
	if err != nil {
		return nil, nil, err
	}
	if err := db.fillProjects(ctx, tx, []*duban.Project{x}); err != nil {
		return nil, nil, err
	}
	if x.Status != duban.ProjectActive {
		return nil, nil, duban.Errorf(duban.Conflict, "项目已%s，不能再修改", duban.ProjectStatusNames[x.Status])
	}
	return x, g, nil
}

func findProjectIn(ctx context.Context, db *DB, q queryer, id int64) (*duban.Project, error) {
	x, err := seeProject(ctx, q, duban.System, id)
	if err != nil {
		return nil, err
	}
	return x, db.fillProjects(ctx, q, []*duban.Project{x})
}

// mergeProject lays the editable fields of up over before and checks that
// what may not change did not.
func mergeProject(before *duban.Project, up duban.Project) (*duban.Project, error) {
	if up.LeadUnit.ID != 0 && up.LeadUnit.ID != before.LeadUnit.ID {
		return nil, &duban.Error{Code: duban.Conflict, Message: "牵头单位确定后不能更改：各里程碑的督办事项已交办给该单位",
			Fields: map[string]string{"lead_unit_id": "不能更改"}}
	}
	x := *before
	x.Title, x.Team, x.CoopUnits, x.Chief, x.ChiefRole = up.Title, up.Team, up.CoopUnits, up.Chief, up.ChiefRole
	x.StartDate, x.EndDate, x.Budget, x.TRLStart, x.TRLTarget = up.StartDate, up.EndDate, up.Budget, up.TRLStart, up.TRLTarget
	old := map[int64]duban.Milestone{}
	for _, m := range before.Milestones {
		old[m.ID] = m
	}
	x.Milestones = nil
	for _, m := range up.Milestones {
		if m.ID == 0 {
			x.Milestones = append(x.Milestones, duban.Milestone{Title: m.Title, Due: m.Due, TRLRequired: m.TRLRequired, Deliverables: m.Deliverables, Tranche: m.Tranche})
			continue
		}
		o, ok := old[m.ID]
		if !ok {
			return nil, &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("里程碑（编号%d）不属于该项目", m.ID), Fields: map[string]string{"milestones": "无效"}}
		}
		delete(old, m.ID)
		if o.Status != duban.MilestonePending {
			if m.Title != o.Title || m.Due != o.Due || m.TRLRequired != o.TRLRequired || m.Tranche != o.Tranche || m.Deliverables != o.Deliverables {
				return nil, &duban.Error{Code: duban.Conflict, Message: fmt.Sprintf("里程碑“%s”已考核或已取消，不能再修改", o.Title), Fields: map[string]string{"milestones": "已考核"}}
			}
			x.Milestones = append(x.Milestones, o)
			continue
		}
		o.Title, o.Due, o.TRLRequired, o.Deliverables, o.Tranche = m.Title, m.Due, m.TRLRequired, m.Deliverables, m.Tranche
		x.Milestones = append(x.Milestones, o)
	}
	for _, o := range old {
		return nil, &duban.Error{Code: duban.Conflict, Message: fmt.Sprintf("里程碑“%s”已设立并交办，不能删除；可修改其内容", o.Title), Fields: map[string]string{"milestones": "不能删除"}}
	}
	return &x, nil
}

// writeProject stores x over before: the row, the cooperating units, the
// heading in the programme's plan, and each milestone with its item.
func (db *DB) writeProject(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, before, x *duban.Project) error {
	for _, u := range x.CoopUnits {
		if err := unitExists(ctx, tx, "coop_unit_ids", u.ID); err != nil {
			return err
		}
	}
	if err := tx.update(ctx, "项目", `UPDATE projects SET title = ?, team = ?, chief = ?, chief_role = ?, start_date = ?, end_date = ?, budget = ?, trl_start = ?, trl_target = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, x.Title, x.Team, x.Chief, x.ChiefRole, x.StartDate, x.EndDate, x.Budget, x.TRLStart, x.TRLTarget,
		tx.now, x.ID, before.Version); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM project_units WHERE project_id = ?`, x.ID); err != nil {
		return err
	}
	for _, u := range x.CoopUnits {
		if _, err := tx.exec(ctx, `INSERT INTO project_units (project_id, unit_id) VALUES (?, ?)`, x.ID, u.ID); err != nil {
			return err
		}
	}
	heading := x.Title
	if x.Team != "" {
		heading += "（" + x.Team + "）"
	}
	if _, err := tx.exec(ctx, `UPDATE nodes SET title = ?, version = version + 1, updated_at = ? WHERE id = ?`, heading, tx.now, x.NodeID); err != nil {
		return err
	}
	// Sequence numbers are unique per project: move the kept ones out of the
	// way before numbering the plan again.
	if _, err := tx.exec(ctx, `UPDATE milestones SET seq = -seq WHERE project_id = ?`, x.ID); err != nil {
		return err
	}
	item, err := findOrInsertNode(ctx, tx, g.PlanID, &x.NodeID, duban.NodeProblem, "里程碑考核节点")
	if err != nil {
		return err
	}
	for i := range x.Milestones {
		m := &x.Milestones[i]
		if m.ID == 0 {
			if err := db.insertMilestone(ctx, tx, p, g, x, item, m); err != nil {
				return err
			}
			continue
		}
		if err := writeMilestone(ctx, tx, x, m); err != nil {
			return err
		}
	}
	return nil
}

// writeMilestone stores a kept milestone under its (new) number and, while
// it is not assessed, carries its changes to its item.
func writeMilestone(ctx context.Context, tx *Tx, x *duban.Project, m *duban.Milestone) error {
	if _, err := tx.exec(ctx, `UPDATE milestones SET seq = ?, title = ?, due = ?, trl_required = ?, deliverables = ?, tranche = ?, version = version + 1 WHERE id = ?`,
		m.Seq, m.Title, m.Due, m.TRLRequired, m.Deliverables, m.Tranche, m.ID); err != nil {
		return err
	}
	if m.Status != duban.MilestonePending {
		return nil
	}
	a, err := findAssignment(ctx, tx, m.AssignmentID)
	if err != nil {
		return err
	}
	t, err := findTask(ctx, tx, a.TaskID)
	if err != nil {
		return err
	}
	after := *t
	after.Title, after.Content = milestoneItemTitle(m), m.Deliverables
	after.Target, after.Deadline, after.ResponsiblePerson = milestoneItemTarget(m), m.Due, x.Chief
	if after.Title == t.Title && after.Content == t.Content && after.Target == t.Target && after.Deadline == t.Deadline && after.ResponsiblePerson == t.ResponsiblePerson {
		return nil
	}
	if err := after.Validate(); err != nil {
		return err
	}
	return writeTask(ctx, tx, t, &after)
}

func milestoneItemTitle(m *duban.Milestone) string {
	return fmt.Sprintf("里程碑%d：%s", m.Seq, m.Title)
}

func milestoneItemTarget(m *duban.Milestone) string {
	return fmt.Sprintf("达到技术就绪度%s（%s）", m.TRLRequired, m.TRLRequired.Chinese())
}
