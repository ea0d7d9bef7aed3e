package store

import (
	"context"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// importedBy names the actor of what an import records on the units' behalf.
const importedBy = "台账导入"

// importState carries over what a ledger's clerks filled in for a measure
// just created: a unit named as responsible means the measure was handed
// over (its assignments are assigned, not draft); a 整改进展 cell is the
// lead unit's latest report, accepted; 是否销号=是 closes every assignment
// with a closure recorded as imported. Each step is a transition of its
// own, dated by the import, so timelines and figures as of a day show it.
func (im *importer) importState(ctx context.Context, t *duban.Task, m *duban.OutlineMeasure, asOf duban.Date) error {
	if m.LeadUnit == "" {
		return nil // a notice names no unit: the measures wait to be assigned
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT id, lead FROM assignments WHERE task_id = ? ORDER BY lead DESC, id`, t.ID)
	if err != nil {
		return fmt.Errorf("store: import state: %w", err)
	}
	type ref struct {
		id   int64
		lead bool
	}
	var as []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.lead); err != nil {
			rows.Close()
			return fmt.Errorf("store: import state: %w", err)
		}
		as = append(as, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: import state: %w", err)
	}
	for _, a := range as {
		if err := im.importTransition(ctx, a.id, duban.ActionAssign, duban.StatusDraft, duban.StatusAssigned); err != nil {
			return err
		}
		im.res.Created["assigned"]++
		if err := dateImmediate(ctx, im.tx, t.ID); err != nil {
			return err
		}
		if progress := strings.TrimSpace(m.Progress); a.lead && progress != "" {
			if err := im.importReport(ctx, a.id, progress, asOf); err != nil {
				return err
			}
		}
		if m.Status == duban.StatusClosed {
			if err := im.importClosure(ctx, a.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// importTransition moves an assignment from one status to another and
// records the step as the import's.
func (im *importer) importTransition(ctx context.Context, id int64, act duban.Action, from, to duban.Status) error {
	tx := im.tx
	q := `UPDATE assignments SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ?`
	args := []any{to, tx.now, id, from}
	switch to {
	case duban.StatusAssigned:
		q = `UPDATE assignments SET status = ?, assigned_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ?`
		args = []any{to, tx.now, tx.now, id, from}
	case duban.StatusClosed:
		q = `UPDATE assignments SET status = ?, closed_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ?`
		args = []any{to, tx.now, tx.now, id, from}
	}
	if _, err := tx.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("store: import %s: %w", act, err)
	}
	if _, err := tx.insert(ctx, `INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
		id, act, from, to, importedBy, "导入台账时"+duban.ActionNames[act], tx.now); err != nil {
		return fmt.Errorf("store: import %s: %w", act, err)
	}
	return nil
}

// importReport records the ledger's 整改进展 as an accepted report of the
// period of the ledger's 截至 date (or of the import).
func (im *importer) importReport(ctx context.Context, assignmentID int64, content string, asOf duban.Date) error {
	tx := im.tx
	day := asOf
	if day.IsZero() {
		day = duban.DateOf(tx.now.In(duban.ChinaTime))
	}
	period := day.Time().Format("2006-01")
	id, err := tx.insert(ctx, `INSERT INTO reports (assignment_id, period, content, author_name, submitted_at, review, review_comment, reviewed_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, assignmentID, period, content, importedBy, tx.now, duban.ReviewAccepted, "导入台账时已填写的整改进展", tx.now)
	if err != nil {
		return fmt.Errorf("store: import report: %w", err)
	}
	// Audited like a report written in duban, so that verify compares it.
	rec := map[string]any{"id": id, "assignment_id": assignmentID, "period": period, "content": content, "review": duban.ReviewAccepted}
	if err := tx.audit(ctx, "report.import", "report", id, nil, rec); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE assignments SET last_period = ? WHERE id = ? AND last_period < ?`, period, assignmentID, period); err != nil {
		return fmt.Errorf("store: import report: %w", err)
	}
	im.res.Created["reports"]++
	return nil
}

// importClosure closes an assignment the ledger marks 已销号: a closure
// requested and decided by the import, then the two transitions.
func (im *importer) importClosure(ctx context.Context, id int64) error {
	tx := im.tx
	if _, err := tx.insert(ctx, `INSERT INTO closures (assignment_id, summary, requested_at, decided_at, result, reason) VALUES (?, ?, ?, ?, 'closed', ?)`,
		id, "台账中标记为已销号", tx.now, tx.now, "导入台账时已销号"); err != nil {
		return fmt.Errorf("store: import closure: %w", err)
	}
	if err := im.importTransition(ctx, id, duban.ActionRequestClosure, duban.StatusAssigned, duban.StatusClosureRequested); err != nil {
		return err
	}
	if err := im.importTransition(ctx, id, duban.ActionVerify, duban.StatusClosureRequested, duban.StatusClosed); err != nil {
		return err
	}
	im.res.Created["closures"]++
	return nil
}
