package store

import (
	"context"
	"fmt"
	"strings"

	"duban/internal/duban"
)

const extensionCols = `id, assignment_id, reason, old_deadline, new_deadline, status, requested_by, requested_at, decided_by, decided_at, comment`

func scanExtension(s interface{ Scan(...any) error }, e *duban.Extension) error {
	return s.Scan(&e.ID, &e.AssignmentID, &e.Reason, &e.OldDeadline, &e.NewDeadline, &e.Status, &e.RequestedBy, &e.RequestedAt, &e.DecidedBy, &e.DecidedAt, &e.Comment)
}

// RequestExtension asks for a later deadline (延期申请): by a liaison of the
// assignment's unit or the lead office, for an open assignment with a date
// deadline; Conflict while another request is pending.
func (db *DB) RequestExtension(ctx context.Context, p *duban.Principal, assignmentID int64, newDeadline duban.Date, reason string) (*duban.Extension, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, &duban.Error{Code: duban.Invalid, Message: "请说明延期理由", Fields: map[string]string{"reason": "必填"}}
	}
	var out *duban.Extension
	err := db.update(ctx, p, func(tx *Tx) error {
		a, err := seeAssignment(ctx, tx, p, assignmentID)
		if err != nil {
			return err
		}
		pl, err := findPlan(ctx, tx, a.PlanID)
		if err != nil {
			return err
		}
		if !p.ActsFor(pl, a) {
			return duban.ErrForbidden("为该单位申请延期")
		}
		if !a.Open() || a.Status == duban.StatusDraft || !a.DeadlineKind.Dated() || a.Deadline.IsZero() {
			return duban.Errorf(duban.Conflict, "只有已交办、未销号且有明确时限的事项才能申请延期")
		}
		if !newDeadline.After(a.Deadline) {
			return &duban.Error{Code: duban.Invalid, Message: "新的时限应晚于现时限" + a.Deadline.Chinese(), Fields: map[string]string{"new_deadline": "应晚于现时限"}}
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM extensions WHERE assignment_id = ? AND status = 'pending'`, a.ID).Scan(&pending); err != nil {
			return fmt.Errorf("store: extension: %w", err)
		}
		if pending > 0 {
			return duban.Errorf(duban.Conflict, "已有待审批的延期申请")
		}
		e := &duban.Extension{AssignmentID: a.ID, Reason: strings.TrimSpace(reason), OldDeadline: a.Deadline, NewDeadline: newDeadline,
			Status: duban.ExtensionPending, RequestedBy: actorID(p), RequestedAt: tx.now}
		if e.ID, err = tx.insert(ctx, `INSERT INTO extensions (assignment_id, reason, old_deadline, new_deadline, status, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.AssignmentID, e.Reason, e.OldDeadline, e.NewDeadline, e.Status, e.RequestedBy, e.RequestedAt); err != nil {
			return err
		}
		out = e
		if err := tellLead(ctx, tx, p, a, "extension.requested", e.ID, a.Unit.Name+"申请延期：“"+a.TaskTitle+"”",
			"申请将时限由"+e.OldDeadline.Chinese()+"延至"+e.NewDeadline.Chinese()+"。理由："+e.Reason); err != nil {
			return err
		}
		return tx.audit(ctx, "extension.request", "assignment", a.ID, nil, e)
	})
	if err == nil {
		out.Warnings = db.restDayWarnings("申请的新时限", newDeadline)
	}
	return out, err
}

// DecideExtension approves or refuses a pending request; approval moves the
// assignment's deadline, keeping the original and the request's old one.
// The lead office of the plan only.
func (db *DB) DecideExtension(ctx context.Context, p *duban.Principal, id int64, approve bool, comment string) (*duban.Extension, error) {
	var out *duban.Extension
	err := db.update(ctx, p, func(tx *Tx) error {
		var e duban.Extension
		if err := scanExtension(tx.QueryRowContext(ctx, `SELECT `+extensionCols+` FROM extensions WHERE id = ?`, id), &e); err != nil {
			return notFound(err, "延期申请", id)
		}
		a, err := seeAssignment(ctx, tx, p, e.AssignmentID)
		if err != nil {
			return duban.Errorf(duban.NotFound, "延期申请（编号%d）不存在", id)
		}
		if _, err := managePlan(ctx, tx, p, a.PlanID); err != nil {
			return err
		}
		if e.Status != duban.ExtensionPending {
			return duban.Errorf(duban.Conflict, "该延期申请已审批")
		}
		before := e
		now := tx.now
		e.Status, e.DecidedBy, e.DecidedAt, e.Comment = duban.ExtensionRefused, actorID(p), &now, strings.TrimSpace(comment)
		if approve {
			e.Status = duban.ExtensionApproved
			if _, err := tx.exec(ctx, `UPDATE assignments SET deadline = ?, sort_deadline = ?, version = version + 1, updated_at = ? WHERE id = ?`,
				e.NewDeadline, sortDeadline(e.NewDeadline), tx.now, a.ID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE extensions SET status = ?, decided_by = ?, decided_at = ?, comment = ? WHERE id = ?`, e.Status, e.DecidedBy, now, e.Comment, id); err != nil {
			return err
		}
		out = &e
		title, body := "延期申请未获批准：“"+a.TaskTitle+"”", "时限仍为"+e.OldDeadline.Chinese()+"。"+e.Comment
		if approve {
			title, body = "延期申请已批准：“"+a.TaskTitle+"”", "新的时限为"+e.NewDeadline.Chinese()+"。"+e.Comment
		}
		if err := tellUnit(ctx, tx, p, a, false, "extension."+string(e.Status), id, title, body); err != nil {
			return err
		}
		return tx.audit(ctx, "extension."+string(e.Status), "assignment", a.ID, before, e)
	})
	if err == nil && approve {
		out.Warnings = db.restDayWarnings("批准的新时限", out.NewDeadline)
	}
	return out, err
}

// ListExtensions returns an assignment's extension requests, oldest first.
func (db *DB) ListExtensions(ctx context.Context, p *duban.Principal, assignmentID int64) ([]duban.Extension, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+extensionCols+` FROM extensions WHERE assignment_id = ? ORDER BY id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: extensions: %w", err)
	}
	defer rows.Close()
	out := []duban.Extension{}
	for rows.Next() {
		var e duban.Extension
		if err := scanExtension(rows, &e); err != nil {
			return nil, fmt.Errorf("store: extensions: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const lookbackCols = `id, assignment_id, due_date, campaign, result, note, new_deadline, done_by, done_at, created_at`

func scanLookback(s interface{ Scan(...any) error }, l *duban.Lookback) error {
	return s.Scan(&l.ID, &l.AssignmentID, &l.DueDate, &l.Campaign, &l.Result, &l.Note, &l.NewDeadline, &l.DoneBy, &l.DoneAt, &l.CreatedAt)
}

// ScheduleLookbacks schedules a look-back (回头看) on one closed assignment,
// or, with assignmentID 0, a campaign over every closed assignment of the
// plan. The lead office of the plan only. It returns how many were scheduled.
func (db *DB) ScheduleLookbacks(ctx context.Context, p *duban.Principal, planID, assignmentID int64, due duban.Date, campaign string) (int, error) {
	if due.IsZero() {
		return 0, &duban.Error{Code: duban.Invalid, Message: "请填写回头看的日期", Fields: map[string]string{"due_date": "必填"}}
	}
	due = db.NextWorkday(due) // a look-back lands on a working day
	n := 0
	err := db.update(ctx, p, func(tx *Tx) error {
		if assignmentID != 0 {
			a, err := seeAssignment(ctx, tx, p, assignmentID)
			if err != nil {
				return err
			}
			if a.Status != duban.StatusClosed {
				return duban.Errorf(duban.Conflict, "只有已销号的事项才能安排回头看")
			}
			planID = a.PlanID
		}
		if _, err := managePlan(ctx, tx, p, planID); err != nil {
			return err
		}
		q := `INSERT INTO lookbacks (assignment_id, due_date, result, campaign, created_at)
			SELECT id, ?, 'pending', ?, ? FROM assignments WHERE plan_id = ? AND status = 'closed'`
		args := []any{due, strings.TrimSpace(campaign), tx.now, planID}
		if assignmentID != 0 {
			q, args = q+` AND id = ?`, append(args, assignmentID)
		}
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		return tx.audit(ctx, "lookback.schedule", "plan", planID, nil, map[string]any{"assignment_id": assignmentID, "due_date": due, "campaign": campaign, "count": n})
	})
	return n, err
}

// LookbackFilter selects look-backs.
type LookbackFilter struct {
	PlanID       int64
	AssignmentID int64
	DueBy        duban.Date // pending and due on or before this day
}

// ListLookbacks lists look-backs the caller may see, by due date.
func (db *DB) ListLookbacks(ctx context.Context, p *duban.Principal, f LookbackFilter) ([]duban.Lookback, error) {
	w := where{}
	if f.PlanID != 0 {
		w.add("l.assignment_id IN (SELECT id FROM assignments WHERE plan_id = ?)", f.PlanID)
	}
	if f.AssignmentID != 0 {
		w.add("l.assignment_id = ?", f.AssignmentID)
	}
	if !f.DueBy.IsZero() {
		w.add("l.result = 'pending' AND l.due_date <= ?", f.DueBy)
	}
	if !p.ReadsAll() {
		w.add("l.assignment_id IN (SELECT id FROM assignments WHERE unit_id = ? AND "+handedOver+")", p.UnitID)
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT l.`+strings.ReplaceAll(lookbackCols, ", ", ", l.")+` FROM lookbacks l`+w.String()+` ORDER BY l.due_date, l.id LIMIT 1000`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: lookbacks: %w", err)
	}
	defer rows.Close()
	out := []duban.Lookback{}
	for rows.Next() {
		var l duban.Lookback
		if err := scanLookback(rows, &l); err != nil {
			return nil, fmt.Errorf("store: lookbacks: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RecordLookback records the result of a look-back: holds (巩固), or
// relapsed (反弹), which reopens the assignment with a new deadline in the
// same transaction. The lead office of the plan only.
func (db *DB) RecordLookback(ctx context.Context, p *duban.Principal, id int64, result duban.LookbackResult, note string, newDeadline duban.Date) (*duban.Lookback, error) {
	if result != duban.LookbackHolds && result != duban.LookbackRelapsed {
		return nil, &duban.Error{Code: duban.Invalid, Message: "回头看结果应为 holds（巩固）或 relapsed（反弹）", Fields: map[string]string{"result": "无效"}}
	}
	if result == duban.LookbackRelapsed && (newDeadline.IsZero() || strings.TrimSpace(note) == "") {
		return nil, &duban.Error{Code: duban.Invalid, Message: "发现反弹时须写明情况并给出新的整改时限", Fields: map[string]string{"note": "必填", "new_deadline": "必填"}}
	}
	var out *duban.Lookback
	err := db.update(ctx, p, func(tx *Tx) error {
		var l duban.Lookback
		if err := scanLookback(tx.QueryRowContext(ctx, `SELECT `+lookbackCols+` FROM lookbacks WHERE id = ?`, id), &l); err != nil {
			return notFound(err, "回头看", id)
		}
		a, err := seeAssignment(ctx, tx, p, l.AssignmentID)
		if err != nil {
			return duban.Errorf(duban.NotFound, "回头看（编号%d）不存在", id)
		}
		pl, err := managePlan(ctx, tx, p, a.PlanID)
		if err != nil {
			return err
		}
		if l.Result != duban.LookbackPending {
			return duban.Errorf(duban.Conflict, "该回头看已有结论")
		}
		before := l
		now := tx.now
		l.Result, l.Note, l.NewDeadline, l.DoneBy, l.DoneAt = result, strings.TrimSpace(note), newDeadline, actorID(p), &now
		if _, err := tx.exec(ctx, `UPDATE lookbacks SET result = ?, note = ?, new_deadline = ?, done_by = ?, done_at = ? WHERE id = ?`,
			l.Result, l.Note, l.NewDeadline, l.DoneBy, now, id); err != nil {
			return err
		}
		if result == duban.LookbackRelapsed && a.Status == duban.StatusClosed {
			if err := db.transitionIn(ctx, tx, p, pl, a, duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹：" + l.Note, NewDeadline: newDeadline}); err != nil {
				return err
			}
		}
		out = &l
		return tx.audit(ctx, "lookback."+string(result), "assignment", a.ID, before, l)
	})
	if err == nil {
		out.Warnings = db.restDayWarnings("新的整改时限", newDeadline)
	}
	return out, err
}
