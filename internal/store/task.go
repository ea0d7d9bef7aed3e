package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const taskCols = `id, plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, deadline_workdays, lead_unit_id, responsible_leader, responsible_person, version, created_at, updated_at`

func scanTask(s interface{ Scan(...any) error }, x *duban.Task) error {
	return s.Scan(&x.ID, &x.PlanID, &x.NodeID, &x.AspectID, &x.Seq, &x.Title, &x.Content, &x.Target, &x.Requirements, &x.DeadlineKind, &x.Deadline, &x.DeadlineWorkdays,
		&x.LeadUnitID, &x.ResponsibleLeader, &x.ResponsiblePerson, &x.Version, &x.CreatedAt, &x.UpdatedAt)
}

func findTask(ctx context.Context, q queryer, id int64) (*duban.Task, error) {
	var x duban.Task
	if err := scanTask(q.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "整改举措", id)
	}
	coop, err := coopUnits(ctx, q, id)
	x.CoopUnitIDs = coop
	return &x, err
}

func coopUnits(ctx context.Context, q queryer, taskID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT unit_id FROM task_units WHERE task_id = ? AND NOT lead ORDER BY unit_id`, taskID)
	if err != nil {
		return nil, fmt.Errorf("store: task units: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: task units: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FindTask returns a task the caller may see: a liaison sees only tasks
// its unit has an assignment on; anyone else gets NotFound for those.
func (db *DB) FindTask(ctx context.Context, p *duban.Principal, id int64) (*duban.Task, error) {
	x, err := findTask(ctx, db.reader(), id)
	if err != nil {
		return nil, err
	}
	if staged, err := planStaged(ctx, db.reader(), x.PlanID); err != nil || staged {
		if err == nil {
			err = duban.Errorf(duban.NotFound, "整改举措（编号%d）不存在", id)
		}
		return nil, err
	}
	if !p.ReadsAll() {
		var n int
		if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM assignments WHERE task_id = ? AND unit_id = ? AND `+handedOver, id, p.UnitID).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: find task: %w", err)
		}
		if n == 0 {
			return nil, duban.Errorf(duban.NotFound, "整改举措（编号%d）不存在", id)
		}
	}
	return x, nil
}

// ListTasks lists tasks the caller may see, in id order.
func (db *DB) ListTasks(ctx context.Context, p *duban.Principal, f duban.TaskFilter) (duban.List[duban.Task], error) {
	var out duban.List[duban.Task]
	w := where{}
	w.add(planShownOf("plan_id"))
	if !p.ReadsAll() {
		w.add("id IN (SELECT task_id FROM assignments WHERE unit_id = ? AND "+handedOver+")", p.UnitID)
	}
	if f.PlanID != 0 {
		w.add("plan_id = ?", f.PlanID)
	}
	if f.NodeID != 0 {
		w.add("node_id = ?", f.NodeID)
	}
	if f.UnitID != 0 {
		w.add("id IN (SELECT task_id FROM task_units WHERE unit_id = ?)", f.UnitID)
	}
	if m, ok, err := db.textMatch(ctx, f.Text); err != nil {
		return out, err
	} else if ok {
		cond, args := m.cond(db.dialect)
		w.add(`id IN (SELECT `+searchID(db.dialect)+` / 4`+m.from(db.dialect)+` WHERE `+cond+` AND `+searchID(db.dialect)+` % 4 = 1)`, args...)
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+taskCols+` FROM tasks`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Task
		if err := scanTask(rows, &x); err != nil {
			return out, fmt.Errorf("store: list tasks: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: list tasks: %w", err)
	}
	rows.Close()
	for i := range out.Items {
		if out.Items[i].CoopUnitIDs, err = coopUnits(ctx, db.reader(), out.Items[i].ID); err != nil {
			return out, err
		}
	}
	return pageOut(out, limit, func(x duban.Task) string { return fmt.Sprint(x.ID) }), nil
}

// CreateTask adds a measure under a node of a plan the caller manages, and a
// draft assignment for its lead unit and each cooperating unit.
func (db *DB) CreateTask(ctx context.Context, p *duban.Principal, x *duban.Task) error {
	if err := x.Validate(); err != nil {
		return err
	}
	err := db.update(ctx, p, func(tx *Tx) error {
		node, err := findNode(ctx, tx, x.NodeID)
		if err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"node_id": "不存在"}}
		}
		if x.PlanID != 0 && x.PlanID != node.PlanID {
			return &duban.Error{Code: duban.Invalid, Message: "所属问题不在该方案中", Fields: map[string]string{"node_id": "不属于该方案"}}
		}
		x.PlanID, x.AspectID = node.PlanID, node.AspectID
		if _, err := managePlan(ctx, tx, p, x.PlanID); err != nil {
			return err
		}
		return insertTask(ctx, tx, x)
	})
	if err == nil {
		x.Warnings = db.restDayWarnings("整改时限", x.Deadline)
	}
	return err
}

// insertTask writes a validated task placed under its node (PlanID and
// AspectID set), its units and their draft assignments, and audits it.
func insertTask(ctx context.Context, tx *Tx, x *duban.Task) error {
	return insertTaskAs(ctx, tx, x, taskInsert{})
}

// taskInsert says how insertTaskAs writes a task. An import of a new plan
// found or created every unit it names in the same import, so their
// existence is not looked up again, and it writes each assignment in the
// state the ledger's columns lead to rather than as a draft to be updated.
type taskInsert struct {
	unitsKnown bool
	// settle, when set, is given each assignment before it is written and
	// may take it past draft.
	settle func(a *duban.Assignment) error
	// keep: the task and its assignments are kept to be written several to
	// a statement (later.go), their ids given ahead.
	keep bool
}

// insertTaskAs is insertTask as opt says.
func insertTaskAs(ctx context.Context, tx *Tx, x *duban.Task, opt taskInsert) error {
	if !opt.unitsKnown {
		for _, uid := range x.UnitIDs() {
			if err := unitExists(ctx, tx, "lead_unit_id", uid); err != nil {
				return err
			}
		}
	}
	if x.Seq == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks WHERE node_id = ?`, x.NodeID).Scan(&x.Seq); err != nil {
			return fmt.Errorf("store: task seq: %w", err)
		}
	}
	x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
	const cols = `plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, deadline_workdays, lead_unit_id, responsible_leader, responsible_person, source_id, version, created_at, updated_at`
	args := []any{x.PlanID, x.NodeID, x.AspectID, x.Seq, x.Title, x.Content, x.Target, x.Requirements,
		x.DeadlineKind, x.Deadline, x.DeadlineWorkdays, x.LeadUnitID, x.ResponsibleLeader, x.ResponsiblePerson, x.SourceID, tx.now, tx.now}
	id, err := tx.insertRow(ctx, opt.keep, "tasks", cols, `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?`, args...)
	if err != nil {
		return err
	}
	x.ID = id
	for _, uid := range x.UnitIDs() {
		if err := addTaskUnit(ctx, tx, x, uid, opt); err != nil {
			return err
		}
	}
	return tx.auditRow(ctx, "task.create", "task", id, x)
}

// addTaskUnit links a unit to a task and gives it a draft assignment, or
// one in the state settle (when not nil) brings it to.
func addTaskUnit(ctx context.Context, tx *Tx, x *duban.Task, unitID int64, opt taskInsert) error {
	lead := unitID == x.LeadUnitID
	if err := tx.insertLater(ctx, "task_units", `INSERT INTO task_units (task_id, unit_id, lead) VALUES`, `(?, ?, ?)`, x.ID, unitID, lead); err != nil {
		return err
	}
	a := &duban.Assignment{TaskID: x.ID, PlanID: x.PlanID, AspectID: x.AspectID, Unit: duban.UnitRef{ID: unitID}, Lead: lead,
		Status: duban.StatusDraft, DeadlineKind: x.DeadlineKind, Deadline: x.Deadline, OriginalDeadline: x.Deadline, TaskTitle: x.Title}
	if opt.settle != nil {
		if err := opt.settle(a); err != nil {
			return err
		}
	}
	return insertAssignmentAs(ctx, tx, a, opt.keep)
}

// UpdateTask changes a task. A new deadline moves the deadlines of open
// assignments that still had the old one; added units get draft
// assignments; a removed unit's assignment is deleted if it is still a
// draft, and the change is refused (Conflict) otherwise.
func (db *DB) UpdateTask(ctx context.Context, p *duban.Principal, id int64, version int, up duban.TaskUpdate) (*duban.Task, error) {
	var out *duban.Task
	var moved bool // the deadline was set anew
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := managePlan(ctx, tx, p, before.PlanID); err != nil {
			return err
		}
		if version != 0 && version != before.Version {
			return duban.Errorf(duban.Stale, "该整改举措已被他人修改，请刷新后重试")
		}
		x := *before
		up.Apply(&x)
		if err := x.Validate(); err != nil {
			return err
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := writeTask(ctx, tx, before, &x); err != nil {
			return err
		}
		out, moved = &x, x.Deadline != before.Deadline
		return tx.audit(ctx, "task.update", "task", id, before, x)
	})
	if err == nil && moved {
		out.Warnings = db.restDayWarnings("整改时限", out.Deadline)
	}
	return out, err
}

func syncTaskUnits(ctx context.Context, tx *Tx, before, after *duban.Task) error {
	old := map[int64]bool{}
	for _, u := range before.UnitIDs() {
		old[u] = true
	}
	now := map[int64]bool{}
	for _, u := range after.UnitIDs() {
		now[u] = true
		if old[u] {
			if _, err := tx.exec(ctx, `UPDATE task_units SET lead = ? WHERE task_id = ? AND unit_id = ?`, u == after.LeadUnitID, after.ID, u); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE assignments SET lead = ? WHERE task_id = ? AND unit_id = ?`, u == after.LeadUnitID, after.ID, u); err != nil {
				return err
			}
			continue
		}
		if err := unitExists(ctx, tx, "coop_unit_ids", u); err != nil {
			return err
		}
		if err := addTaskUnit(ctx, tx, after, u, taskInsert{}); err != nil {
			return err
		}
	}
	for u := range old {
		if now[u] {
			continue
		}
		var status string
		var reports int
		if err := tx.QueryRowContext(ctx, `SELECT a.status, (SELECT count(*) FROM reports r WHERE r.assignment_id = a.id) FROM assignments a WHERE a.task_id = ? AND a.unit_id = ?`,
			after.ID, u).Scan(&status, &reports); err != nil {
			return fmt.Errorf("store: remove task unit: %w", err)
		}
		if status != string(duban.StatusDraft) || reports > 0 {
			return duban.Errorf(duban.Conflict, "该单位的分办已交办或已有报送，不能从举措中移除；请改为退回或重新交办")
		}
		var gone int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM assignments WHERE task_id = ? AND unit_id = ?`, after.ID, u).Scan(&gone); err != nil {
			return fmt.Errorf("store: remove task unit: %w", err)
		}
		tx.dropped = append(tx.dropped, gone)
		for _, q := range []string{
			`DELETE FROM transitions WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = ? AND unit_id = ?)`,
			`DELETE FROM assignments WHERE task_id = ? AND unit_id = ?`,
			`DELETE FROM task_units WHERE task_id = ? AND unit_id = ?`,
		} {
			if _, err := tx.exec(ctx, q, after.ID, u); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTask stores after over before (checking before's version): the row,
// the deadlines of open assignments that followed the task, and its units.
func writeTask(ctx context.Context, tx *Tx, before, after *duban.Task) error {
	x, id, version := after, before.ID, before.Version
	if err := tx.update(ctx, "整改举措", `UPDATE tasks SET seq = ?, title = ?, content = ?, target = ?, requirements = ?, deadline_kind = ?, deadline = ?, deadline_workdays = ?, lead_unit_id = ?,
		responsible_leader = ?, responsible_person = ?, version = version + 1, updated_at = ? WHERE id = ? AND (? = 0 OR version = ?)`,
		x.Seq, x.Title, x.Content, x.Target, x.Requirements, x.DeadlineKind, x.Deadline, x.DeadlineWorkdays, x.LeadUnitID, x.ResponsibleLeader, x.ResponsiblePerson,
		tx.now, id, version, version); err != nil {
		return err
	}
	if x.DeadlineKind != before.DeadlineKind || x.Deadline != before.Deadline {
		// An assignment follows the task when its deadline is the task's,
		// or, for a task without a date, the one counted from its
		// assignment (and not moved since by an extension).
		if _, err := tx.exec(ctx, `UPDATE assignments SET deadline_kind = ?, deadline = ?, sort_deadline = ?, version = version + 1, updated_at = ?
			WHERE task_id = ? AND status <> 'closed' AND deadline_kind = ?
			AND (deadline IS NOT DISTINCT FROM ? OR (? AND NOT EXISTS (SELECT 1 FROM extensions e WHERE e.assignment_id = assignments.id AND e.status = 'approved')))`,
			x.DeadlineKind, x.Deadline, sortDeadline(x.Deadline), tx.now, id, before.DeadlineKind, before.Deadline, before.Deadline.IsZero()); err != nil {
			return err
		}
		if x.DeadlineKind == duban.DeadlineImmediate && x.Deadline.IsZero() {
			if err := dateImmediate(ctx, tx, id); err != nil {
				return err
			}
		}
	}
	if err := syncTaskUnits(ctx, tx, before, x); err != nil {
		return err
	}
	return nil
}
