package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"duban/internal/duban"
)

const planCols = `id, title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, ladder, lookback_months, version, created_at, updated_at`

func scanPlan(s interface{ Scan(...any) error }, x *duban.Plan) error {
	var ladder string
	err := s.Scan(&x.ID, &x.Title, &x.OwnerUnitID, &x.LeadUnitID, &x.Status, &x.Cadence, &x.ReportDay, &x.StartDate, &x.EndDate, &ladder, &x.LookbackMonths,
		&x.Version, &x.CreatedAt, &x.UpdatedAt)
	x.Ladder = duban.DefaultLadder()
	if err == nil && ladder != "" {
		if jerr := json.Unmarshal([]byte(ladder), &x.Ladder); jerr != nil {
			return fmt.Errorf("store: plan %d ladder: %w", x.ID, jerr)
		}
	}
	return err
}

func findPlan(ctx context.Context, q queryer, id int64) (*duban.Plan, error) {
	return findPlanIf(ctx, q, id, "")
}

// findPlanIf is findPlan of a plan that also meets cond ("AND …"), else
// NotFound.
func findPlanIf(ctx context.Context, q queryer, id int64, cond string) (*duban.Plan, error) {
	// The plan's sources come in the same query (string_agg: PostgreSQL, and
	// SQLite since 3.44): this runs at the start of most writes.
	var x duban.Plan
	var sources sql.NullString
	row := q.QueryRowContext(ctx, `SELECT `+planCols+`,
		(SELECT string_agg(CAST(source_id AS TEXT), ',' ORDER BY source_id) FROM plan_sources WHERE plan_id = plans.id)
		FROM plans WHERE id = ? `+cond, id)
	if err := scanPlan(scanMore{row, []any{&sources}}, &x); err != nil {
		return nil, notFound(err, "整改方案", id)
	}
	x.SourceIDs = []int64{}
	if sources.String != "" {
		for _, f := range strings.Split(sources.String, ",") {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("store: plan %d sources: %w", id, err)
			}
			x.SourceIDs = append(x.SourceIDs, n)
		}
	}
	return &x, nil
}

// scanMore scans a row's columns into a scanner's destinations and then more.
type scanMore struct {
	row  interface{ Scan(...any) error }
	more []any
}

func (s scanMore) Scan(dest ...any) error { return s.row.Scan(append(dest, s.more...)...) }

func planSourceIDs(ctx context.Context, q queryer, planID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT source_id FROM plan_sources WHERE plan_id = ? ORDER BY source_id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: plan sources: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: plan sources: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// seePlan returns NotFound unless p may read the plan: readers of
// everything may; a liaison only where its unit has an assignment.
func seePlan(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Plan, error) {
	// A plan still being imported is hidden: NotFound, as a missing one.
	pl, err := findPlanIf(ctx, q, id, "AND "+planShown)
	if err != nil {
		return nil, err
	}
	if p.ReadsAll() {
		return pl, nil
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM assignments WHERE plan_id = ? AND unit_id = ? AND `+handedOver+` LIMIT 1`, id, p.UnitID).Scan(&one)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: see plan: %w", err)
	}
	if err != nil {
		return nil, duban.Errorf(duban.NotFound, "整改方案（编号%d）不存在", id)
	}
	return pl, nil
}

// planStaged tells whether a plan is still being imported (hidden).
func planStaged(ctx context.Context, q queryer, id int64) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM staged_plans WHERE plan_id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: see plan: %w", err)
	}
	return true, nil
}

// managePlan returns the plan if p manages it: NotFound if p cannot see it,
// Forbidden if p can see but not change it.
func managePlan(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Plan, error) {
	pl, err := seePlan(ctx, q, p, id)
	if err != nil {
		return nil, err
	}
	if !p.CanManagePlan(pl) {
		return nil, duban.ErrForbidden("管理该整改方案")
	}
	return pl, nil
}

// FindPlan returns a plan the caller may see. NotFound otherwise.
func (db *DB) FindPlan(ctx context.Context, p *duban.Principal, id int64) (*duban.Plan, error) {
	return seePlan(ctx, db.reader(), p, id)
}

// ListPlans lists the plans the caller may see.
func (db *DB) ListPlans(ctx context.Context, p *duban.Principal, f duban.PlanFilter) (duban.List[duban.Plan], error) {
	var out duban.List[duban.Plan]
	w := where{}
	w.add(planShown)
	if !p.ReadsAll() {
		w.add("EXISTS (SELECT 1 FROM assignments a WHERE a.plan_id = plans.id AND a.unit_id = ? AND a."+handedOver+")", p.UnitID)
	}
	if f.OwnerUnitID != 0 {
		w.add("owner_unit_id = ?", f.OwnerUnitID)
	}
	if f.SourceID != 0 {
		w.add("id IN (SELECT plan_id FROM plan_sources WHERE source_id = ?)", f.SourceID)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if f.Text != "" {
		w.add(`title LIKE ? ESCAPE '\'`, likePattern(f.Text))
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+planCols+` FROM plans`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list plans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Plan
		if err := scanPlan(rows, &x); err != nil {
			return out, fmt.Errorf("store: list plans: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: list plans: %w", err)
	}
	rows.Close()
	for i := range out.Items {
		if out.Items[i].SourceIDs, err = planSourceIDs(ctx, db.reader(), out.Items[i].ID); err != nil {
			return out, err
		}
	}
	return pageOut(out, limit, func(x duban.Plan) string { return fmt.Sprint(x.ID) }), nil
}

// CreatePlan creates a plan. Administrators, and lead offices for their own unit.
func (db *DB) CreatePlan(ctx context.Context, p *duban.Principal, x *duban.Plan) error {
	if p.Role == duban.RoleLead && x.LeadUnitID == 0 {
		x.LeadUnitID = p.UnitID
	}
	if err := x.Validate(); err != nil {
		return err
	}
	if !p.CanCreatePlan(x) || !p.CanManagePlan(x) {
		return duban.ErrForbidden("为其他单位创建整改方案")
	}
	return db.update(ctx, p, func(tx *Tx) error { return insertPlan(ctx, tx, x) })
}

// insertPlan writes a validated plan with its sources and audits it.
func insertPlan(ctx context.Context, tx *Tx, x *duban.Plan) error {
	if err := checkPlanRefs(ctx, tx, x); err != nil {
		return err
	}
	x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
	id, err := tx.insert(ctx, `INSERT INTO plans (title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, ladder, lookback_months, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, x.Title, x.OwnerUnitID, x.LeadUnitID, x.Status, x.Cadence, x.ReportDay, x.StartDate, x.EndDate,
		jsonOf(x.Ladder), x.LookbackMonths, tx.now, tx.now)
	if err != nil {
		return err
	}
	x.ID = id
	if err := setPlanSources(ctx, tx, id, x.SourceIDs); err != nil {
		return err
	}
	return tx.audit(ctx, "plan.create", "plan", id, nil, x)
}

// UpdatePlan changes a plan the caller manages. Stale on a version mismatch.
func (db *DB) UpdatePlan(ctx context.Context, p *duban.Principal, id int64, version int, up duban.PlanUpdate) (*duban.Plan, error) {
	var out *duban.Plan
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := managePlan(ctx, tx, p, id)
		if err != nil {
			return err
		}
		x := *before
		up.Apply(&x)
		if err := x.Validate(); err != nil {
			return err
		}
		if !p.CanManagePlan(&x) {
			return duban.ErrForbidden("把整改方案交给其他单位牵头")
		}
		if err := checkPlanRefs(ctx, tx, &x); err != nil {
			return err
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "整改方案", `UPDATE plans SET title = ?, lead_unit_id = ?, status = ?, cadence = ?, report_day = ?, start_date = ?, end_date = ?, ladder = ?, lookback_months = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND (? = 0 OR version = ?)`, x.Title, x.LeadUnitID, x.Status, x.Cadence, x.ReportDay, x.StartDate, x.EndDate,
			jsonOf(x.Ladder), x.LookbackMonths, tx.now, id, version, version); err != nil {
			return err
		}
		if up.SourceIDs != nil {
			if _, err := tx.exec(ctx, `DELETE FROM plan_sources WHERE plan_id = ?`, id); err != nil {
				return err
			}
			if err := setPlanSources(ctx, tx, id, x.SourceIDs); err != nil {
				return err
			}
		}
		out = &x
		return tx.audit(ctx, "plan.update", "plan", id, before, x)
	})
	return out, err
}

func checkPlanRefs(ctx context.Context, tx *Tx, x *duban.Plan) error {
	if err := unitExists(ctx, tx, "owner_unit_id", x.OwnerUnitID); err != nil {
		return err
	}
	if err := unitExists(ctx, tx, "lead_unit_id", x.LeadUnitID); err != nil {
		return err
	}
	for _, sid := range x.SourceIDs {
		if _, err := findSource(ctx, tx, sid); err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"source_ids": "来源不存在"}}
		}
	}
	return nil
}

func setPlanSources(ctx context.Context, tx *Tx, planID int64, ids []int64) error {
	seen := map[int64]bool{}
	for _, sid := range ids {
		if seen[sid] {
			continue
		}
		seen[sid] = true
		if _, err := tx.exec(ctx, `INSERT INTO plan_sources (plan_id, source_id) VALUES (?, ?)`, planID, sid); err != nil {
			return err
		}
	}
	return nil
}
