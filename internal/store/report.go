package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const reportCols = `id, assignment_id, period, content, work_date, author_id, author_name, submitted_at, review, reviewer_id, review_comment, reviewed_at, version`

func scanReport(s interface{ Scan(...any) error }, x *duban.Report) error {
	return s.Scan(&x.ID, &x.AssignmentID, &x.Period, &x.Content, &x.WorkDate, &x.AuthorID, &x.AuthorName, &x.SubmittedAt, &x.Review, &x.ReviewerID,
		&x.ReviewComment, &x.ReviewedAt, &x.Version)
}

// CreateReport submits a progress report on an assignment: by a liaison of
// the assignment's unit, or by the lead office. A draft assignment (not yet
// given to the unit) takes no reports (Conflict).
func (db *DB) CreateReport(ctx context.Context, p *duban.Principal, x *duban.Report) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error { return createReport(ctx, tx, p, x) })
}

// maxEarlier is how many earlier reports of the same period a new report's
// warning counts.
const maxEarlier = 20

// createReport writes a validated report inside tx after checking who may submit it.
func createReport(ctx context.Context, tx *Tx, p *duban.Principal, x *duban.Report) error {
	a, err := seeAssignment(ctx, tx, p, x.AssignmentID)
	if err != nil {
		return err
	}
	pl, err := findPlan(ctx, tx, a.PlanID)
	if err != nil {
		return err
	}
	if !p.ActsFor(pl, a) {
		return duban.ErrForbidden("为该单位报送进展")
	}
	if a.Status == duban.StatusDraft {
		return duban.Errorf(duban.Conflict, "该事项尚未交办，不能报送进展")
	}
	// Counted up to maxEarlier, so that the check costs the same however
	// many reports a period has had.
	var earlier int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM reports WHERE assignment_id = ? AND period = ? AND review <> 'returned' LIMIT ?) e`,
		x.AssignmentID, x.Period, maxEarlier).Scan(&earlier); err != nil {
		return fmt.Errorf("store: report: %w", err)
	}
	switch {
	case earlier >= maxEarlier:
		x.Warnings = append(x.Warnings, fmt.Sprintf("%s期已报送过%d次以上进展，本次报送作为补充，整改办将一并审核", x.Period, maxEarlier))
	case earlier > 0:
		x.Warnings = append(x.Warnings, fmt.Sprintf("%s期已报送过%d次进展，本次报送作为补充，整改办将一并审核", x.Period, earlier))
	}
	x.AuthorID, x.AuthorName, x.SubmittedAt, x.Review, x.Version = actorID(p), p.Name, tx.now, duban.ReviewPending, 1
	if x.AuthorName == "" {
		x.AuthorName = p.Username
	}
	id, err := tx.insert(ctx, `INSERT INTO reports (assignment_id, period, content, work_date, author_id, author_name, submitted_at, review, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, x.AssignmentID, x.Period, x.Content, x.WorkDate, x.AuthorID, x.AuthorName, tx.now, x.Review)
	if err != nil {
		return err
	}
	x.ID = id
	if _, err := tx.exec(ctx, `UPDATE assignments SET last_period = ? WHERE id = ? AND last_period < ?`, x.Period, x.AssignmentID, x.Period); err != nil {
		return err
	}
	return tx.audit(ctx, "report.create", "report", id, nil, x)
}

// ListReports returns the reports on an assignment the caller may see, newest period first.
func (db *DB) ListReports(ctx context.Context, p *duban.Principal, assignmentID int64) ([]duban.Report, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+reportCols+` FROM reports WHERE assignment_id = ? ORDER BY period DESC, id DESC`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: list reports: %w", err)
	}
	defer rows.Close()
	out := []duban.Report{}
	for rows.Next() {
		var x duban.Report
		if err := scanReport(rows, &x); err != nil {
			return nil, fmt.Errorf("store: list reports: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ReviewReport accepts or returns a pending report. Lead office of the plan
// only. Conflict if the report was already reviewed.
func (db *DB) ReviewReport(ctx context.Context, p *duban.Principal, id int64, version int, rv duban.ReportReview) (*duban.Report, error) {
	if rv.Review != duban.ReviewAccepted && rv.Review != duban.ReviewReturned {
		return nil, &duban.Error{Code: duban.Invalid, Message: "审核结果应为 accepted（采用）或 returned（退回）", Fields: map[string]string{"review": "无效"}}
	}
	if rv.Review == duban.ReviewReturned && rv.Comment == "" {
		return nil, &duban.Error{Code: duban.Invalid, Message: "退回报送须写明理由", Fields: map[string]string{"comment": "必填"}}
	}
	var out *duban.Report
	err := db.update(ctx, p, func(tx *Tx) error {
		var before duban.Report
		if err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM reports WHERE id = ?`, id), &before); err != nil {
			return notFound(err, "进展报送", id)
		}
		a, err := seeAssignment(ctx, tx, p, before.AssignmentID)
		if err != nil {
			return err
		}
		if _, err := managePlan(ctx, tx, p, a.PlanID); err != nil {
			return err
		}
		if before.Review != duban.ReviewPending {
			return duban.Errorf(duban.Conflict, "该报送已审核，不能重复审核")
		}
		x := before
		now := tx.now
		x.Review, x.ReviewComment, x.ReviewerID, x.ReviewedAt, x.Version = rv.Review, rv.Comment, actorID(p), &now, before.Version+1
		if err := tx.update(ctx, "进展报送", `UPDATE reports SET review = ?, review_comment = ?, reviewer_id = ?, reviewed_at = ?, version = version + 1
			WHERE id = ? AND (? = 0 OR version = ?)`, x.Review, x.ReviewComment, x.ReviewerID, now, id, version, version); err != nil {
			return err
		}
		out = &x
		title, body := "进展报送已采用：“"+a.TaskTitle+"”", x.Period+"期进展已采用。"+x.ReviewComment
		if x.Review == duban.ReviewReturned {
			title, body = "进展报送被退回：“"+a.TaskTitle+"”", x.Period+"期进展被退回，请修改后重新报送。退回理由："+x.ReviewComment
		}
		if err := tellUnit(ctx, tx, p, a, false, "report."+string(x.Review), id, title, body); err != nil {
			return err
		}
		return tx.audit(ctx, "report.review", "report", id, before, x)
	})
	return out, err
}
