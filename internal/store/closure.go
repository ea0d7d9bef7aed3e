package store

import (
	"context"
	"fmt"
	"time"

	"duban/internal/duban"
)

// Closure is one closure request (销号申请) of an assignment and its outcome.
type Closure struct {
	ID          int64        `json:"id"`
	Summary     string       `json:"summary"`
	RequestedBy *int64       `json:"requested_by"`
	RequestedAt time.Time    `json:"requested_at"`
	SignedBy    *int64       `json:"signed_by"`
	SignedAt    *time.Time   `json:"signed_at"`
	DecidedBy   *int64       `json:"decided_by"`
	DecidedAt   *time.Time   `json:"decided_at"`
	Result      string       `json:"result"` // pending, closed, returned, withdrawn
	Reason      string       `json:"reason"`
	Files       []Attachment `json:"files"`
}

// RequestClosureWithFiles requests closure with a summary and evidence
// files (already stored by content), in one transaction.
func (db *DB) RequestClosureWithFiles(ctx context.Context, p *duban.Principal, id int64, version int, summary string, ups []Upload) (*duban.Assignment, error) {
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
		if err := db.transitionIn(ctx, tx, p, pl, before, duban.ActionRequestClosure, duban.TransitionInput{Summary: summary}); err != nil {
			return err
		}
		var cid int64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM closures WHERE assignment_id = ? AND result = 'pending'`, id).Scan(&cid); err != nil {
			return fmt.Errorf("store: closure: %w", err)
		}
		if err := attach(ctx, tx, "closure", cid, ups); err != nil {
			return err
		}
		out, err = findAssignment(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, db.lighter(db.reader(), duban.Date{}).light(ctx, out)
}

// ListClosures returns an assignment's closure requests, oldest first, each
// with its evidence files.
func (db *DB) ListClosures(ctx context.Context, p *duban.Principal, assignmentID int64) ([]Closure, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, summary, requested_by, requested_at, signed_by, signed_at, decided_by, decided_at, result, reason
		FROM closures WHERE assignment_id = ? ORDER BY id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: closures: %w", err)
	}
	out := []Closure{}
	for rows.Next() {
		var c Closure
		if err := rows.Scan(&c.ID, &c.Summary, &c.RequestedBy, &c.RequestedAt, &c.SignedBy, &c.SignedAt, &c.DecidedBy, &c.DecidedAt, &c.Result, &c.Reason); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: closures: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	for i := range out {
		if out[i].Files, err = db.attachments(ctx, "closure", out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// attachments lists the files of one owner.
func (db *DB) attachments(ctx context.Context, owner string, id int64) ([]Attachment, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT a.id, a.owner_type, a.owner_id, a.name, a.sha256, f.size, f.mime, a.created_at
		FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.owner_type = ? AND a.owner_id = ? ORDER BY a.id`, owner, id)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var x Attachment
		if err := rows.Scan(&x.ID, &x.OwnerType, &x.OwnerID, &x.Name, &x.SHA256, &x.Size, &x.MIME, &x.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: attachments: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
