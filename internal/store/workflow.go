package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// CreateAssignment gives a task to one more unit (as a cooperating unit),
// as a draft. The caller must manage the task's plan.
func (db *DB) CreateAssignment(ctx context.Context, p *duban.Principal, taskID, unitID int64, deadline duban.Date) (*duban.Assignment, error) {
	var out *duban.Assignment
	err := db.update(ctx, p, func(tx *Tx) error {
		t, err := findTask(ctx, tx, taskID)
		if err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"task_id": "不存在"}}
		}
		if _, err := managePlan(ctx, tx, p, t.PlanID); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, "unit_id", unitID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM assignments WHERE task_id = ? AND unit_id = ?`, taskID, unitID).Scan(&n); err != nil {
			return fmt.Errorf("store: create assignment: %w", err)
		}
		if n > 0 {
			return duban.Errorf(duban.Conflict, "该举措已交给这个单位，不能重复分办")
		}
		if _, err := tx.exec(ctx, `INSERT INTO task_units (task_id, unit_id, lead) VALUES (?, ?, FALSE)`, taskID, unitID); err != nil {
			return err
		}
		a := &duban.Assignment{TaskID: t.ID, PlanID: t.PlanID, AspectID: t.AspectID, Unit: duban.UnitRef{ID: unitID},
			Status: duban.StatusDraft, DeadlineKind: t.DeadlineKind, Deadline: t.Deadline, OriginalDeadline: t.Deadline}
		if !deadline.IsZero() {
			a.DeadlineKind, a.Deadline, a.OriginalDeadline = duban.DeadlineDate, deadline, deadline
		}
		if err := insertAssignment(ctx, tx, a); err != nil {
			return err
		}
		out, err = findAssignment(ctx, tx, a.ID)
		return err
	})
	if err == nil {
		out.Warnings = db.restDayWarnings("整改时限", deadline)
	}
	return out, err
}

// Transition applies a workflow action to an assignment and records who did
// it, when and why. NotFound if the caller cannot see the assignment,
// Forbidden if its role may not take the action, Conflict if the state does
// not allow it, Invalid if a reason is missing, Stale on a version mismatch.
func (db *DB) Transition(ctx context.Context, p *duban.Principal, id int64, version int, act duban.Action, in duban.TransitionInput) (*duban.Assignment, error) {
	var out *duban.Assignment
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := seeAssignment(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return duban.Errorf(duban.Stale, "该分办事项已被他人修改，请刷新后重试")
		}
		pl, err := findPlan(ctx, tx, before.PlanID)
		if err != nil {
			return err
		}
		if err := db.transitionIn(ctx, tx, p, pl, before, act, in); err != nil {
			return err
		}
		out, err = findAssignment(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if act == duban.ActionReopen {
		out.Warnings = db.restDayWarnings("新的整改时限", in.NewDeadline)
	}
	return out, db.lighter(db.reader(), duban.Date{}).light(ctx, out)
}

// transitionIn applies act to before inside tx and records it.
func (db *DB) transitionIn(ctx context.Context, tx *Tx, p *duban.Principal, pl *duban.Plan, before *duban.Assignment, act duban.Action, in duban.TransitionInput) error {
	id := before.ID
	to, err := act.Plan(p, before, &in, p.CanManagePlan(pl))
	if err != nil {
		return err
	}
	x := *before
	x.Status, x.Version, x.UpdatedAt = to, before.Version+1, tx.now
	if err := applyAction(ctx, tx, p, &x, act, in); err != nil {
		return err
	}
	if err := db.afterAction(ctx, tx, pl, &x, act); err != nil {
		return err
	}
	if err := tx.update(ctx, "分办事项", `UPDATE assignments SET status = ?, deadline_kind = ?, deadline = ?, sort_deadline = ?, phase_complete = ?, signed_off = ?, closed_at = ?,
		assigned_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		x.Status, x.DeadlineKind, x.Deadline, sortDeadline(x.Deadline), x.PhaseComplete, x.SignedOff, x.ClosedAt, x.AssignedAt, tx.now, id, before.Version); err != nil {
		return err
	}
	tid, err := tx.insert(ctx, `INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, act, before.Status, to, actorID(p), actorName(p), in.Reason, tx.now)
	if err != nil {
		return err
	}
	if err := transitionMessage(ctx, tx, p, &x, act, in, tid); err != nil {
		return err
	}
	return tx.audit(ctx, "assignment."+string(act), "assignment", id, before, map[string]any{"assignment": x, "input": in})
}

// applyAction changes x and the closure records for act.
func applyAction(ctx context.Context, tx *Tx, p *duban.Principal, x *duban.Assignment, act duban.Action, in duban.TransitionInput) error {
	var err error
	switch act {
	case duban.ActionRequestClosure:
		x.SignedOff = false
		_, err = tx.insert(ctx, `INSERT INTO closures (assignment_id, summary, requested_by, requested_at) VALUES (?, ?, ?, ?)`, x.ID, in.Summary, actorID(p), tx.now)
	case duban.ActionSignOff:
		x.SignedOff = true
		_, err = tx.exec(ctx, `UPDATE closures SET signed_by = ?, signed_at = ? WHERE assignment_id = ? AND result = 'pending'`, actorID(p), tx.now, x.ID)
	case duban.ActionVerify:
		now := tx.now
		x.ClosedAt, x.SignedOff, x.PhaseComplete = &now, false, in.PhaseComplete
		_, err = tx.exec(ctx, `UPDATE closures SET decided_by = ?, decided_at = ?, result = 'closed', reason = ? WHERE assignment_id = ? AND result = 'pending'`,
			actorID(p), tx.now, in.Reason, x.ID)
	case duban.ActionReturn:
		x.SignedOff = false
		_, err = tx.exec(ctx, `UPDATE closures SET decided_by = ?, decided_at = ?, result = 'returned', reason = ? WHERE assignment_id = ? AND result = 'pending'`,
			actorID(p), tx.now, in.Reason, x.ID)
	case duban.ActionWithdraw:
		x.SignedOff = false
		_, err = tx.exec(ctx, `UPDATE closures SET decided_by = ?, decided_at = ?, result = 'withdrawn', reason = ? WHERE assignment_id = ? AND result = 'pending'`,
			actorID(p), tx.now, in.Reason, x.ID)
	case duban.ActionReopen:
		x.ClosedAt, x.PhaseComplete = nil, false
		if !in.NewDeadline.IsZero() {
			x.DeadlineKind, x.Deadline = duban.DeadlineDate, in.NewDeadline
		}
	}
	return err
}

func actorID(p *duban.Principal) *int64 {
	if p.UserID == 0 {
		return nil
	}
	id := p.UserID
	return &id
}

// ListTransitions returns the history of an assignment, oldest first.
func (db *DB) ListTransitions(ctx context.Context, p *duban.Principal, assignmentID int64) ([]duban.Transition, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at
		FROM transitions WHERE assignment_id = ? ORDER BY id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: list transitions: %w", err)
	}
	defer rows.Close()
	out := []duban.Transition{}
	for rows.Next() {
		var t duban.Transition
		if err := rows.Scan(&t.ID, &t.AssignmentID, &t.Action, &t.From, &t.To, &t.ActorID, &t.ActorName, &t.Reason, &t.At); err != nil {
			return nil, fmt.Errorf("store: list transitions: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// afterAction does what an action sets in motion: assigning starts the
// working-day clock of a deadline given as "N working days after
// assignment" and of a 立行立改 item without a date (the plan's
// Ladder.ImmediateWithin); verifying schedules the look-back of the closed item;
// reopening starts the reports afresh.
func (db *DB) afterAction(ctx context.Context, tx *Tx, pl *duban.Plan, x *duban.Assignment, act duban.Action) error {
	today := duban.DateOf(tx.now.In(duban.ChinaTime))
	switch act {
	case duban.ActionAssign:
		now := tx.now
		x.AssignedAt = &now
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT deadline_workdays FROM tasks WHERE id = ?`, x.TaskID).Scan(&n); err != nil {
			return fmt.Errorf("store: assign: %w", err)
		}
		if n > 0 && x.DeadlineKind == duban.DeadlineDate && x.Deadline.IsZero() {
			x.Deadline = db.Calendar().AddWorkdays(today, n)
		}
		if x.DeadlineKind == duban.DeadlineImmediate && x.Deadline.IsZero() {
			x.Deadline = db.immediateDue(pl, today)
		}
		if x.OriginalDeadline.IsZero() && !x.Deadline.IsZero() {
			x.OriginalDeadline = x.Deadline
			if _, err := tx.exec(ctx, `UPDATE assignments SET original_deadline = ? WHERE id = ?`, x.Deadline, x.ID); err != nil {
				return err
			}
		}
	case duban.ActionReopen:
		// A 立行立改 item reopened without a new date (a new date makes it
		// 限期) is to be put right at once again: its working days count
		// from the reopening.
		if x.DeadlineKind == duban.DeadlineImmediate {
			x.Deadline = db.immediateDue(pl, today)
		}
		// A reopened item owes no report for the periods it spent closed:
		// it owes the next one.
		if period, _ := db.DuePeriod(pl, today); period != "" && x.LastPeriod < period {
			x.LastPeriod = period
			if _, err := tx.exec(ctx, `UPDATE assignments SET last_period = ? WHERE id = ?`, period, x.ID); err != nil {
				return err
			}
		}
	case duban.ActionVerify:
		if pl.LookbackMonths > 0 {
			// On a working day: the months ahead may end on a rest day.
			due := db.NextWorkday(duban.DateOf(today.Time().AddDate(0, pl.LookbackMonths, 0)))
			if _, err := tx.insert(ctx, `INSERT INTO lookbacks (assignment_id, due_date, result, campaign, created_at) VALUES (?, ?, 'pending', '', ?)`,
				x.ID, due, tx.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// actorName is how a person is named in a history: the display name, or
// the username when there is none.
func actorName(p *duban.Principal) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Username
}

// immediateDue is the deadline of a 立行立改 item without a date, assigned
// on day: the plan's Ladder.ImmediateWithin working days later.
func (db *DB) immediateDue(pl *duban.Plan, day duban.Date) duban.Date {
	return db.Calendar().AddWorkdays(day, pl.Ladder.ImmediateWithin)
}

// dateImmediate gives each open 立行立改 assignment of a task that was
// assigned without a date the deadline counted from its assignment day:
// for a measure marked 立行立改 after it was assigned, and for assignments
// an import marks assigned.
func dateImmediate(ctx context.Context, tx *Tx, taskID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM assignments WHERE task_id = ? AND deadline_kind = 'immediate' AND deadline IS NULL
		AND assigned_at IS NOT NULL AND status <> 'closed' ORDER BY id`, taskID)
	if err != nil {
		return fmt.Errorf("store: date immediate: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: date immediate: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	var pl *duban.Plan
	for _, id := range ids {
		a, err := findAssignment(ctx, tx, id)
		if err != nil {
			return err
		}
		if pl == nil {
			if pl, err = findPlan(ctx, tx, a.PlanID); err != nil {
				return err
			}
		}
		due := tx.db.immediateDue(pl, duban.DateOf(a.AssignedAt.In(duban.ChinaTime)))
		if _, err := tx.exec(ctx, `UPDATE assignments SET deadline = ?, sort_deadline = ?, original_deadline = COALESCE(original_deadline, ?),
			version = version + 1, updated_at = ? WHERE id = ?`, due, sortDeadline(due), due, tx.now, id); err != nil {
			return err
		}
	}
	return nil
}
