package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const feedbackCols = `id, plan_id, name, contact, channel, content, status, reply, task_id, version, created_at, updated_at, receipt`

func scanFeedback(s interface{ Scan(...any) error }, x *duban.Feedback) error {
	return s.Scan(&x.ID, &x.PlanID, &x.Name, &x.Contact, &x.Channel, &x.Content, &x.Status, &x.Reply, &x.TaskID, &x.Version, &x.CreatedAt, &x.UpdatedAt, &x.Receipt)
}

func canTriage(p *duban.Principal) bool {
	return p.Role == duban.RoleAdmin || p.Role == duban.RoleLead
}

func canReadFeedback(p *duban.Principal) bool {
	return p.ReadsAll()
}

// FindFeedback returns a feedback message. Liaisons may not read feedback.
func (db *DB) FindFeedback(ctx context.Context, p *duban.Principal, id int64) (*duban.Feedback, error) {
	if !canReadFeedback(p) {
		return nil, duban.ErrForbidden("查看意见建议")
	}
	var x duban.Feedback
	if err := scanFeedback(db.reader().QueryRowContext(ctx, `SELECT `+feedbackCols+` FROM feedback WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "意见建议", id)
	}
	return &x, nil
}

// ListFeedback lists feedback, newest last.
func (db *DB) ListFeedback(ctx context.Context, p *duban.Principal, f duban.FeedbackFilter) (duban.List[duban.Feedback], error) {
	var out duban.List[duban.Feedback]
	if !canReadFeedback(p) {
		return out, duban.ErrForbidden("查看意见建议")
	}
	w := where{}
	if f.PlanID != 0 {
		w.add("plan_id = ?", f.PlanID)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+feedbackCols+` FROM feedback`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list feedback: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Feedback
		if err := scanFeedback(rows, &x); err != nil {
			return out, fmt.Errorf("store: list feedback: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	return pageOut(out, limit, func(x duban.Feedback) string { return fmt.Sprint(x.ID) }), rows.Err()
}

// CreateFeedback records a message received by other means (a call, a
// letter) for the people who triage it: administrators, and a lead office
// for a plan it manages; Forbidden otherwise (the public write through
// /public/feedback). It starts as new, whatever status was sent.
func (db *DB) CreateFeedback(ctx context.Context, p *duban.Principal, x *duban.Feedback) error {
	if !canTriage(p) {
		return duban.ErrForbidden("登记意见建议（由整改办或管理员登记）")
	}
	x.Status, x.Reply, x.TaskID = duban.FeedbackNew, "", nil
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if err := triageScope(ctx, tx, p, x.PlanID); err != nil {
			return err
		}
		if x.PlanID != nil {
			if _, err := seePlan(ctx, tx, p, *x.PlanID); err != nil {
				return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"plan_id": "不存在"}}
			}
		}
		x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
		receipt, err := newReceipt(tx.now)
		if err != nil {
			return err
		}
		x.Receipt = receipt
		id, err := tx.insert(ctx, `INSERT INTO feedback (plan_id, name, contact, channel, content, status, reply, version, created_at, updated_at, receipt) VALUES (?, ?, ?, ?, ?, ?, '', 1, ?, ?, ?)`,
			x.PlanID, x.Name, x.Contact, x.Channel, x.Content, x.Status, tx.now, tx.now, x.Receipt)
		if err != nil {
			return err
		}
		x.ID = id
		users, err := feedbackReaders(ctx, tx, x.PlanID)
		if err != nil {
			return err
		}
		if err := tell(ctx, tx, p, users, "feedback.new", id, "收到新的意见建议", x.Content, nil); err != nil {
			return err
		}
		return tx.audit(ctx, "feedback.create", "feedback", id, nil, x)
	})
}

// triageScope returns Forbidden unless p may triage feedback about the
// plan: administrators any; a lead office only feedback about a plan it
// manages (feedback about no plan belongs to no unit: administrators only).
func triageScope(ctx context.Context, tx *Tx, p *duban.Principal, planID *int64) error {
	if p.Role == duban.RoleAdmin {
		return nil
	}
	if planID == nil {
		return duban.ErrForbidden("处理未指明整改方案的意见建议")
	}
	pl, err := seePlan(ctx, tx, p, *planID)
	if err != nil {
		return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"plan_id": "不存在"}}
	}
	if !p.CanManagePlan(pl) {
		return duban.ErrForbidden("处理其他单位的意见建议")
	}
	return nil
}

// UpdateFeedback triages a message: reply, link to a task, close.
// Administrators, and lead offices for plans they manage; Forbidden
// otherwise. Stale on a version mismatch.
func (db *DB) UpdateFeedback(ctx context.Context, p *duban.Principal, id int64, version int, up duban.FeedbackUpdate) (*duban.Feedback, error) {
	if !canTriage(p) {
		return nil, duban.ErrForbidden("处理意见建议")
	}
	var out *duban.Feedback
	err := db.update(ctx, p, func(tx *Tx) error {
		var before duban.Feedback
		if err := scanFeedback(tx.QueryRowContext(ctx, `SELECT `+feedbackCols+` FROM feedback WHERE id = ?`, id), &before); err != nil {
			return notFound(err, "意见建议", id)
		}
		x := before
		up.Apply(&x)
		if err := x.Validate(); err != nil {
			return err
		}
		if err := triageScope(ctx, tx, p, before.PlanID); err != nil {
			return err
		}
		if err := triageScope(ctx, tx, p, x.PlanID); err != nil {
			return err
		}
		if x.Status == duban.FeedbackConverted && x.TaskID == nil {
			return &duban.Error{Code: duban.Invalid, Message: "转为整改任务时须指定整改举措", Fields: map[string]string{"task_id": "必填"}}
		}
		if x.TaskID != nil {
			t, err := findTask(ctx, tx, *x.TaskID)
			if err != nil {
				return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"task_id": "不存在"}}
			}
			if err := triageScope(ctx, tx, p, &t.PlanID); err != nil {
				return err
			}
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "意见建议", `UPDATE feedback SET plan_id = ?, status = ?, reply = ?, task_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND (? = 0 OR version = ?)`,
			x.PlanID, x.Status, x.Reply, x.TaskID, tx.now, id, version, version); err != nil {
			return err
		}
		out = &x
		return tx.audit(ctx, "feedback.update", "feedback", id, before, x)
	})
	return out, err
}
