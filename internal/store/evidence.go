package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/files"
)

// Attachment is an evidence file attached to a report or a closure request.
type Attachment struct {
	ID        int64     `json:"id"`
	OwnerType string    `json:"owner_type"` // report
	OwnerID   int64     `json:"owner_id"`
	Name      string    `json:"name"`
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	MIME      string    `json:"mime"`
	CreatedAt time.Time `json:"created_at"`
}

// Upload is a file with the name it was uploaded under. A staged upload is
// moved into the file store inside the transaction that references it.
type Upload struct {
	files.File
	Name   string
	Staged *files.Staged
}

// CreateReportWithFiles submits a report with its evidence files, already
// stored by content, in one transaction.
func (db *DB) CreateReportWithFiles(ctx context.Context, p *duban.Principal, x *duban.Report, ups []Upload) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if err := createReport(ctx, tx, p, x); err != nil {
			return err
		}
		return attach(ctx, tx, "report", x.ID, ups)
	})
}

func attach(ctx context.Context, tx *Tx, owner string, id int64, ups []Upload) error {
	for _, u := range ups {
		if u.Staged != nil {
			// In place before commit: a committed row always finds its file;
			// a rollback leaves an unreferenced file for the sweep.
			if err := u.Staged.Place(); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
			u.SHA256, u.Size, u.MIME, tx.now); err != nil {
			return err
		}
		name := strings.TrimSpace(u.Name)
		if name == "" {
			name = u.SHA256[:12]
		}
		aid, err := tx.insert(ctx, `INSERT INTO attachments (owner_type, owner_id, sha256, name, created_at) VALUES (?, ?, ?, ?, ?)`, owner, id, u.SHA256, name, tx.now)
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, "attachment.create", owner, id, nil, map[string]any{"attachment": aid, "name": name, "sha256": u.SHA256}); err != nil {
			return err
		}
	}
	return nil
}

// ReportAttachments lists the files of a report the caller may see.
func (db *DB) ReportAttachments(ctx context.Context, p *duban.Principal, reportID int64) ([]Attachment, error) {
	var aid int64
	if err := db.reader().QueryRowContext(ctx, `SELECT assignment_id FROM reports WHERE id = ?`, reportID).Scan(&aid); err != nil {
		return nil, notFound(err, "进展报送", reportID)
	}
	if _, err := seeAssignment(ctx, db.reader(), p, aid); err != nil {
		return nil, duban.Errorf(duban.NotFound, "进展报送（编号%d）不存在", reportID)
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT a.id, a.owner_type, a.owner_id, a.name, a.sha256, f.size, f.mime, a.created_at
		FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.owner_type = 'report' AND a.owner_id = ? ORDER BY a.id`, reportID)
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

// FindAttachment returns an attachment only to those who may see the
// assignment its report belongs to; anyone else gets NotFound.
func (db *DB) FindAttachment(ctx context.Context, p *duban.Principal, id int64) (*Attachment, error) {
	var x Attachment
	err := db.reader().QueryRowContext(ctx, `SELECT a.id, a.owner_type, a.owner_id, a.name, a.sha256, f.size, f.mime, a.created_at
		FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.id = ?`, id).
		Scan(&x.ID, &x.OwnerType, &x.OwnerID, &x.Name, &x.SHA256, &x.Size, &x.MIME, &x.CreatedAt)
	if err != nil {
		return nil, notFound(err, "附件", id)
	}
	// The file is seen by whoever may see the assignment it evidences.
	q := `SELECT assignment_id FROM reports WHERE id = ?`
	if x.OwnerType == "closure" {
		q = `SELECT assignment_id FROM closures WHERE id = ?`
	}
	var aid int64
	if err := db.reader().QueryRowContext(ctx, q, x.OwnerID).Scan(&aid); err != nil {
		return nil, notFound(err, "附件", id)
	}
	if _, err := seeAssignment(ctx, db.reader(), p, aid); err != nil {
		return nil, duban.Errorf(duban.NotFound, "附件（编号%d）不存在", id)
	}
	return &x, nil
}

// ReviseReport resubmits a returned report with new text (and period or
// work date), by the assignment's unit or the lead office; it goes back to review.
// The first submission time is kept, so a correction does not make an
// on-time report late. Stale when version (if not 0) is no longer the report's.
func (db *DB) ReviseReport(ctx context.Context, p *duban.Principal, id int64, version int, content string, workDate duban.Date) (*duban.Report, error) {
	var out *duban.Report
	err := db.update(ctx, p, func(tx *Tx) error {
		var r duban.Report
		if err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM reports WHERE id = ?`, id), &r); err != nil {
			return notFound(err, "进展报送", id)
		}
		a, err := seeAssignment(ctx, tx, p, r.AssignmentID)
		if err != nil {
			return duban.Errorf(duban.NotFound, "进展报送（编号%d）不存在", id)
		}
		pl, err := findPlan(ctx, tx, a.PlanID)
		if err != nil {
			return err
		}
		if !p.ActsFor(pl, a) {
			return duban.ErrForbidden("修改该单位的报送")
		}
		if version != 0 && version != r.Version {
			return duban.Errorf(duban.Stale, "该报送已被他人修改，请刷新后重试")
		}
		if r.Review != duban.ReviewReturned {
			return duban.Errorf(duban.Conflict, "只有被退回的报送才能修改后重新提交")
		}
		before := r
		r.Content = strings.TrimSpace(content)
		if !workDate.IsZero() {
			r.WorkDate = workDate
		}
		if err := r.Validate(); err != nil {
			return err
		}
		r.Review, r.ReviewerID, r.ReviewedAt, r.ReviewComment, r.Version = duban.ReviewPending, nil, nil, "", r.Version+1
		if err := tx.update(ctx, "进展报送", `UPDATE reports SET content = ?, work_date = ?, review = 'pending', reviewer_id = NULL, reviewed_at = NULL, review_comment = '',
			version = version + 1 WHERE id = ? AND version = ?`, r.Content, r.WorkDate, id, before.Version); err != nil {
			return err
		}
		out = &r
		return tx.audit(ctx, "report.revise", "report", id, before, r)
	})
	return out, err
}

// UnitReporting is one unit's reporting for a period (as DHIS2 reports data sets).
type UnitReporting struct {
	Unit         duban.UnitRef `json:"unit"`
	Expected     int           `json:"expected"`
	OnTime       int           `json:"on_time"`
	Late         int           `json:"late"`
	Missing      int           `json:"missing"`
	OnTimeRate   float64       `json:"on_time_rate"`
	Completeness float64       `json:"completeness"`
}

// Reporting returns, for a period of the plan's cadence, each unit's
// expected reports (assignments given before the due day and open when it
// ended, or closed as long-term work), those in on time, late, and missing,
// with on-time and completeness rates, aggregated in SQL.
func (db *DB) Reporting(ctx context.Context, p *duban.Principal, planID int64, period string) (map[string]any, error) {
	return db.ReportingAsOf(ctx, p, planID, period, duban.Date{})
}

// ReportingAsOf is Reporting as it stood at the end of day asOf (today when
// zero): the assignments as they were when the period fell due (or at the
// end of asOf, if that came first), and the reports made by then. An item
// closed after the due day still counts what its unit reported.
func (db *DB) ReportingAsOf(ctx context.Context, p *duban.Principal, planID int64, period string, asOf duban.Date) (map[string]any, error) {
	pl, err := seePlan(ctx, db.reader(), p, planID)
	if err != nil {
		return nil, err
	}
	due, err := periodDue(pl, period)
	if err != nil {
		return nil, err
	}
	due = db.NextWorkday(due)
	end, cutoff := dayEnd(due), dayEnd(db.asOf(asOf))
	at := end
	if cutoff.Before(at) {
		at = cutoff
	}
	src := liveRows
	if at.Before(db.now()) {
		src = rowsAt(at)
	}
	q := `SELECT a.unit_id, u.short_name, COUNT(*),
		SUM(CASE WHEN f.first IS NOT NULL AND f.first < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN f.first IS NOT NULL AND f.first >= ? THEN 1 ELSE 0 END)
		FROM ` + src.table + ` a JOIN units u ON u.id = a.unit_id
		LEFT JOIN (SELECT assignment_id, MIN(submitted_at) AS first FROM reports WHERE period = ? AND submitted_at < ? GROUP BY assignment_id) f ON f.assignment_id = a.id
		WHERE a.plan_id = ? AND a.status <> 'draft' AND (a.status <> 'closed' OR a.phase_complete) AND a.assigned_at < ?`
	args := append(append([]any{end, end}, src.args...), period, cutoff, planID, end)
	if !p.ReadsAll() {
		q, args = q+` AND a.unit_id = ?`, append(args, p.UnitID)
	}
	rows, err := db.reader().QueryContext(ctx, q+` GROUP BY a.unit_id, u.short_name ORDER BY a.unit_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reporting: %w", err)
	}
	defer rows.Close()
	units := []UnitReporting{}
	for rows.Next() {
		var r UnitReporting
		if err := rows.Scan(&r.Unit.ID, &r.Unit.Name, &r.Expected, &r.OnTime, &r.Late); err != nil {
			return nil, fmt.Errorf("store: reporting: %w", err)
		}
		r.Missing = r.Expected - r.OnTime - r.Late
		r.OnTimeRate = float64(r.OnTime) / float64(r.Expected)
		r.Completeness = float64(r.OnTime+r.Late) / float64(r.Expected)
		units = append(units, r)
	}
	return map[string]any{"plan_id": planID, "period": period, "due": due, "units": units}, rows.Err()
}

// periodDue checks a period name against the plan's cadence and returns its due day.
func periodDue(pl *duban.Plan, period string) (duban.Date, error) {
	bad := &duban.Error{Code: duban.Invalid, Message: "报送期次应写作 2022-03（按月）或 2022-Q1（按季）", Fields: map[string]string{"period": "无效"}}
	var y, n int
	switch pl.Cadence {
	case duban.CadenceMonthly:
		if _, err := fmt.Sscanf(period, "%d-%d", &y, &n); err != nil || n < 1 || n > 12 || len(period) != 7 {
			return duban.Date{}, bad
		}
		return duban.NewDate(y, time.Month(n), pl.ReportDay), nil
	case duban.CadenceQuarterly:
		if _, err := fmt.Sscanf(period, "%d-Q%d", &y, &n); err != nil || n < 1 || n > 4 {
			return duban.Date{}, bad
		}
		return duban.NewDate(y, time.Month(n*3), pl.ReportDay), nil
	}
	return duban.Date{}, duban.Errorf(duban.Conflict, "该方案不要求定期报送")
}

// CheckActsFor returns NotFound unless p sees the assignment, and Forbidden
// unless p may write for its unit: what an upload is checked against before
// any of it is read.
func (db *DB) CheckActsFor(ctx context.Context, p *duban.Principal, id int64) error {
	a, err := seeAssignment(ctx, db.reader(), p, id)
	if err != nil {
		return err
	}
	pl, err := findPlan(ctx, db.reader(), a.PlanID)
	if err != nil {
		return err
	}
	if !p.ActsFor(pl, a) {
		return duban.ErrForbidden("为该单位上传佐证材料")
	}
	return nil
}

// FileReferenced reports whether an attachment refers to the stored file,
// for the sweep of orphans.
func (db *DB) FileReferenced(ctx context.Context, sha string) (bool, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM attachments WHERE sha256 = ?`, sha).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: file referenced: %w", err)
	}
	return n > 0, nil
}
