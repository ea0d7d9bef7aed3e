package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// importedBy names the actor of what an import records on the units' behalf.
const importedBy = "台账导入"

// importState carries over what a ledger's clerks filled in for a measure
// just created: a unit named as responsible means the measure was handed
// over (its assignments are assigned, not draft; a 立行立改 one is dated
// from that day); a 整改进展 cell is the lead unit's latest report,
// accepted; 是否销号=是 closes every assignment with a closure recorded as
// imported. Each step is a transition of its own, dated by the import, so
// timelines and figures as of a day show it; the assignment row is written
// once, in the state the steps lead to.
func (im *importer) importState(ctx context.Context, t *duban.Task, m *duban.OutlineMeasure, asOf duban.Date) error {
	if m.LeadUnit == "" {
		return nil // a notice names no unit: the measures wait to be assigned
	}
	as, err := im.draftsOf(ctx, t.ID)
	if err != nil {
		return err
	}
	progress := strings.TrimSpace(m.Progress)
	closed := m.Status == duban.StatusClosed
	for _, a := range as {
		a.plan = t.PlanID
		report := a.lead && progress != ""
		if err := im.settle(ctx, a, closed, report, asOf); err != nil {
			return err
		}
		if err := im.recordTransition(ctx, a.id, duban.ActionAssign, duban.StatusDraft, duban.StatusAssigned); err != nil {
			return err
		}
		im.res.Created["assigned"]++
		if report {
			if err := im.importReport(ctx, a.id, progress, asOf); err != nil {
				return err
			}
		}
		if closed {
			if err := im.importClosure(ctx, a.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// importDraft is an assignment an import has just created.
type importDraft struct {
	id, plan int64
	lead     bool
	kind     duban.DeadlineKind
	deadline duban.Date
	period   string // its last report period
}

// draftsOf reads the assignments of a task just created, the lead first.
func (im *importer) draftsOf(ctx context.Context, taskID int64) ([]importDraft, error) {
	rows, err := im.tx.QueryContext(ctx, `SELECT id, lead, deadline_kind, deadline, last_period FROM assignments WHERE task_id = ? ORDER BY lead DESC, id`, taskID)
	if err != nil {
		return nil, fmt.Errorf("store: import state: %w", err)
	}
	defer rows.Close()
	var out []importDraft
	for rows.Next() {
		var a importDraft
		if err := rows.Scan(&a.id, &a.lead, &a.kind, &a.deadline, &a.period); err != nil {
			return nil, fmt.Errorf("store: import state: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// settle writes a draft assignment as the import's steps leave it:
// assigned (a 立行立改 one dated from today, as dateImmediate does for an
// assignment handed over), with the report's period, and closed when the
// ledger says so; its version counts every step.
func (im *importer) settle(ctx context.Context, a importDraft, closed, report bool, asOf duban.Date) error {
	tx := im.tx
	status, steps := duban.StatusAssigned, 1
	var closedAt *time.Time
	deadline, original := a.deadline, a.deadline
	if a.kind == duban.DeadlineImmediate && a.deadline.IsZero() {
		pl, err := findPlan(ctx, tx, a.plan)
		if err != nil {
			return err
		}
		deadline = tx.db.immediateDue(pl, duban.DateOf(tx.now.In(duban.ChinaTime)))
		original, steps = deadline, steps+1
	}
	if closed {
		status, closedAt, steps = duban.StatusClosed, &tx.now, steps+2
	}
	period := a.period
	if p := importPeriod(asOf, tx.now); report && period < p {
		period = p
	}
	if _, err := tx.exec(ctx, `UPDATE assignments SET status = ?, assigned_at = ?, closed_at = ?, deadline = ?, sort_deadline = ?,
		original_deadline = COALESCE(original_deadline, ?), last_period = ?, version = version + ?, updated_at = ? WHERE id = ? AND status = ?`,
		status, tx.now, closedAt, deadline, sortDeadline(deadline), original, period, steps, tx.now, a.id, duban.StatusDraft); err != nil {
		return fmt.Errorf("store: import %s: %w", duban.ActionAssign, err)
	}
	return nil
}

// importPeriod is the report period of imported progress: that of the
// ledger's 截至 date, or of the import.
func importPeriod(asOf duban.Date, now time.Time) string {
	if asOf.IsZero() {
		asOf = duban.DateOf(now.In(duban.ChinaTime))
	}
	return asOf.Time().Format("2006-01")
}

// recordTransition records a step of an assignment as the import's.
func (im *importer) recordTransition(ctx context.Context, id int64, act duban.Action, from, to duban.Status) error {
	tx := im.tx
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
	period := importPeriod(asOf, tx.now)
	id, err := tx.insert(ctx, `INSERT INTO reports (assignment_id, period, content, author_name, submitted_at, review, review_comment, reviewed_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, assignmentID, period, content, importedBy, tx.now, duban.ReviewAccepted, "导入台账时已填写的整改进展", tx.now)
	if err != nil {
		return fmt.Errorf("store: import report: %w", err)
	}
	im.unindexed[searchReport] = append(im.unindexed[searchReport], id)
	// Audited like a report written in duban, so that verify compares it.
	rec := map[string]any{"id": id, "assignment_id": assignmentID, "period": period, "content": content, "review": duban.ReviewAccepted}
	if err := tx.audit(ctx, "report.import", "report", id, nil, rec); err != nil {
		return err
	}
	im.res.Created["reports"]++
	return nil
}

// importClosure records the closure of an assignment the ledger marks
// 已销号: requested and decided by the import, and its two steps.
func (im *importer) importClosure(ctx context.Context, id int64) error {
	tx := im.tx
	if _, err := tx.insert(ctx, `INSERT INTO closures (assignment_id, summary, requested_at, decided_at, result, reason) VALUES (?, ?, ?, ?, 'closed', ?)`,
		id, "台账中标记为已销号", tx.now, tx.now, "导入台账时已销号"); err != nil {
		return fmt.Errorf("store: import closure: %w", err)
	}
	if err := im.recordTransition(ctx, id, duban.ActionRequestClosure, duban.StatusAssigned, duban.StatusClosureRequested); err != nil {
		return err
	}
	if err := im.recordTransition(ctx, id, duban.ActionVerify, duban.StatusClosureRequested, duban.StatusClosed); err != nil {
		return err
	}
	im.res.Created["closures"]++
	return nil
}
