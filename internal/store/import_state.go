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
// once, in the state the steps lead to (settle, before it is inserted).
// made are the task's assignments as written, the lead's first.
func (im *importer) importState(ctx context.Context, m *duban.OutlineMeasure, made []*duban.Assignment) error {
	if m.LeadUnit == "" {
		return nil // a notice names no unit: the measures wait to be assigned (warnUnkept)
	}
	progress := strings.TrimSpace(m.Progress)
	closed := m.Status == duban.StatusClosed
	for _, a := range made {
		if err := im.recordTransition(ctx, a.ID, duban.ActionAssign, duban.StatusDraft, duban.StatusAssigned); err != nil {
			return err
		}
		im.res.Created["assigned"]++
		if a.Lead && progress != "" {
			if err := im.importReport(ctx, a.ID, progress, im.asOf); err != nil {
				return err
			}
		}
		if closed {
			if err := im.importClosure(ctx, a.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// settle takes a draft assignment of a measure just created to the state
// the ledger's row leads to before it is written: assigned (a 立行立改 one
// dated from today, as dateImmediate does for an assignment handed over),
// with the report's period, and closed when the ledger says so; its version
// counts every step importState records. Nothing for a notice's measure,
// which names no unit.
func (im *importer) settle(ctx context.Context, m *duban.OutlineMeasure, a *duban.Assignment) error {
	if m.LeadUnit == "" {
		return nil
	}
	tx := im.tx
	steps := 1
	now := tx.now
	a.Status, a.AssignedAt = duban.StatusAssigned, &now
	if a.DeadlineKind == duban.DeadlineImmediate && a.Deadline.IsZero() {
		if im.target == nil || im.target.ID != a.PlanID {
			pl, err := findPlan(ctx, tx, a.PlanID)
			if err != nil {
				return err
			}
			im.target = pl
		}
		a.Deadline = tx.db.immediateDue(im.target, duban.DateOf(now.In(duban.ChinaTime)))
		if a.OriginalDeadline.IsZero() {
			a.OriginalDeadline = a.Deadline
		}
		steps++
	}
	if m.Status == duban.StatusClosed {
		a.Status, a.ClosedAt = duban.StatusClosed, &now
		steps += 2
	}
	if p := importPeriod(im.asOf, now); a.Lead && strings.TrimSpace(m.Progress) != "" && a.LastPeriod < p {
		a.LastPeriod = p
	}
	a.Version = 1 + steps
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
	if err := tx.insertLater(ctx, "transitions", `INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at) VALUES`,
		`(?, ?, ?, ?, NULL, ?, ?, ?)`, id, act, from, to, importedBy, "导入台账时"+duban.ActionNames[act], tx.now); err != nil {
		return fmt.Errorf("store: import %s: %w", act, err)
	}
	return nil
}

// importReport records the ledger's 整改进展 as an accepted report of the
// period of the ledger's 截至 date (or of the import).
func (im *importer) importReport(ctx context.Context, assignmentID int64, content string, asOf duban.Date) error {
	tx := im.tx
	period := importPeriod(asOf, tx.now)
	id, err := tx.insertRow(ctx, true, "reports", `assignment_id, period, content, author_name, submitted_at, review, review_comment, reviewed_at, version`,
		`?, ?, ?, ?, ?, ?, ?, ?, 1`, assignmentID, period, content, importedBy, tx.now, duban.ReviewAccepted, "导入台账时已填写的整改进展", tx.now)
	if err != nil {
		return fmt.Errorf("store: import report: %w", err)
	}
	im.unindexed[searchReport] = append(im.unindexed[searchReport], id)
	// Audited like a report written in duban, so that verify compares it.
	rec := map[string]any{"id": id, "assignment_id": assignmentID, "period": period, "content": content, "review": duban.ReviewAccepted}
	if err := tx.auditRow(ctx, "report.import", "report", id, rec); err != nil {
		return err
	}
	im.res.Created["reports"]++
	return nil
}

// importClosure records the closure of an assignment the ledger marks
// 已销号: requested and decided by the import, and its two steps.
func (im *importer) importClosure(ctx context.Context, id int64) error {
	tx := im.tx
	if err := tx.insertLater(ctx, "closures", `INSERT INTO closures (assignment_id, summary, requested_at, decided_at, result, reason) VALUES`,
		`(?, ?, ?, ?, 'closed', ?)`, id, "台账中标记为已销号", tx.now, tx.now, "导入台账时已销号"); err != nil {
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
