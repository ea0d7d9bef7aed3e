package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"duban/internal/duban"
)

const indicatorCols = `id, code, name, aliases, measure, period_type, aggregation, COALESCE(numerator_id, 0), COALESCE(denominator_id, 0),
	allow_negative, decimals, lead_unit_id, due_day, COALESCE(plan_id, 0), version, created_at, updated_at`

func scanIndicator(s interface{ Scan(...any) error }, x *duban.Indicator) error {
	var aliases string
	if err := s.Scan(&x.ID, &x.Code, &x.Name, &aliases, &x.Measure, &x.PeriodType, &x.Aggregation, &x.NumeratorID, &x.DenominatorID,
		&x.AllowNegative, &x.Decimals, &x.LeadUnitID, &x.DueDay, &x.PlanID, &x.Version, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return err
	}
	return jsonUnmarshal(aliases, &x.Aliases)
}

func findIndicator(ctx context.Context, q queryer, id int64) (*duban.Indicator, error) {
	var x duban.Indicator
	if err := scanIndicator(q.QueryRowContext(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "监测指标", id)
	}
	units, err := int64s(ctx, q, `SELECT unit_id FROM indicator_units WHERE indicator_id = ? ORDER BY unit_id`, id)
	x.UnitIDs = units
	return &x, err
}

// int64s runs a query of one integer column.
func int64s(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ids: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: ids: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// seeIndicator returns the indicator if p may read it: readers of everything
// may; a liaison only if its unit reports it. NotFound otherwise.
func seeIndicator(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Indicator, error) {
	x, err := findIndicator(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !p.ReadsAll() && !x.Reports(p.UnitID) {
		return nil, duban.Errorf(duban.NotFound, "监测指标（编号%d）不存在", id)
	}
	return x, nil
}

// leadsIndicator reports whether p reviews the indicator: an administrator,
// or the lead office (整改办 role) of its lead unit.
func leadsIndicator(p *duban.Principal, x *duban.Indicator) bool {
	return p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID != 0 && p.UnitID == x.LeadUnitID)
}

// seesUnit reports whether p may read a unit's figures of x.
func seesUnit(p *duban.Principal, x *duban.Indicator, unitID int64) bool {
	return p.ReadsAll() || p.UnitID == unitID
}

// FindIndicator returns an indicator the caller may see.
func (db *DB) FindIndicator(ctx context.Context, p *duban.Principal, id int64) (*duban.Indicator, error) {
	return seeIndicator(ctx, db.reader(), p, id)
}

// ListIndicators returns the indicators the caller may see, by code.
func (db *DB) ListIndicators(ctx context.Context, p *duban.Principal, f duban.IndicatorFilter) ([]duban.Indicator, error) {
	w := where{}
	if !p.ReadsAll() {
		f.UnitID = p.UnitID
	}
	if f.UnitID != 0 {
		w.add(`id IN (SELECT indicator_id FROM indicator_units WHERE unit_id = ?)`, f.UnitID)
	}
	if f.LeadUnitID != 0 {
		w.add(`lead_unit_id = ?`, f.LeadUnitID)
	}
	ids, err := int64s(ctx, db.reader(), `SELECT id FROM indicators`+w.String()+` ORDER BY code`, w.args...)
	if err != nil {
		return nil, err
	}
	out := make([]duban.Indicator, 0, len(ids))
	for _, id := range ids {
		x, err := findIndicator(ctx, db.reader(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, *x)
	}
	return out, nil
}

// FindIndicatorByName returns the indicator whose code, name or an alias is
// name, compared without spaces. NotFound if none.
func (db *DB) FindIndicatorByName(ctx context.Context, p *duban.Principal, name string) (*duban.Indicator, error) {
	all, err := db.ListIndicators(ctx, p, duban.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	key := squeeze(name)
	for i := range all {
		if squeeze(all[i].Code) == key {
			return &all[i], nil
		}
		for _, n := range all[i].Names() {
			if squeeze(n) == key {
				return &all[i], nil
			}
		}
	}
	return nil, duban.Errorf(duban.NotFound, "没有名为“%s”的监测指标", name)
}

func squeeze(s string) string {
	return strings.Join(strings.Fields(duban.HalfWidth(s)), "")
}

// CreateIndicator defines an indicator. Administrators, and lead offices for
// indicators their unit leads.
func (db *DB) CreateIndicator(ctx context.Context, p *duban.Principal, x *duban.Indicator) error {
	if p.Role == duban.RoleLead && x.LeadUnitID == 0 {
		x.LeadUnitID = p.UnitID
	}
	if err := x.Validate(); err != nil {
		return err
	}
	if !leadsIndicator(p, x) {
		return duban.ErrForbidden("定义其他单位牵头的监测指标")
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if err := unitExists(ctx, tx, "lead_unit_id", x.LeadUnitID); err != nil {
			return err
		}
		x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
		id, err := tx.insert(ctx, `INSERT INTO indicators (code, name, aliases, measure, period_type, aggregation, numerator_id, denominator_id, allow_negative,
			decimals, lead_unit_id, due_day, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			x.Code, x.Name, jsonOf(x.Aliases), x.Measure, x.PeriodType, x.Aggregation, nullID(x.NumeratorID), nullID(x.DenominatorID), x.AllowNegative,
			x.Decimals, x.LeadUnitID, x.DueDay, tx.now, tx.now)
		if err != nil {
			return err
		}
		x.ID = id
		for _, uid := range x.UnitIDs {
			if err := unitExists(ctx, tx, "unit_ids", uid); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO indicator_units (indicator_id, unit_id) VALUES (?, ?)`, id, uid); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "indicator.create", "indicator", id, nil, x)
	})
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

const ruleCols = `id, indicator_id, kind, name, min_value, max_value, COALESCE(other_id, 0), target, weights, escalate, deadline_workdays, version, created_at`

func scanRule(s interface{ Scan(...any) error }, r *duban.IndicatorRule) error {
	var weights string
	var lo, hi sql.NullFloat64
	if err := s.Scan(&r.ID, &r.IndicatorID, &r.Kind, &r.Name, &lo, &hi, &r.OtherID, &r.Target, &weights, &r.Escalate,
		&r.DeadlineWorkdays, &r.Version, &r.CreatedAt); err != nil {
		return err
	}
	if lo.Valid {
		r.Min = &lo.Float64
	}
	if hi.Valid {
		r.Max = &hi.Float64
	}
	return jsonUnmarshal(weights, &r.Weights)
}

func indicatorRules(ctx context.Context, q queryer, indicatorID int64) ([]duban.IndicatorRule, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ruleCols+` FROM indicator_rules WHERE indicator_id = ? ORDER BY id`, indicatorID)
	if err != nil {
		return nil, fmt.Errorf("store: rules: %w", err)
	}
	defer rows.Close()
	out := []duban.IndicatorRule{}
	for rows.Next() {
		var r duban.IndicatorRule
		if err := scanRule(rows, &r); err != nil {
			return nil, fmt.Errorf("store: rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListIndicatorRules returns the rules of an indicator the caller may see.
func (db *DB) ListIndicatorRules(ctx context.Context, p *duban.Principal, indicatorID int64) ([]duban.IndicatorRule, error) {
	if _, err := seeIndicator(ctx, db.reader(), p, indicatorID); err != nil {
		return nil, err
	}
	return indicatorRules(ctx, db.reader(), indicatorID)
}

// CreateIndicatorRule adds a rule to an indicator the caller leads, and
// evaluates it at once on the figures already in.
func (db *DB) CreateIndicatorRule(ctx context.Context, p *duban.Principal, r *duban.IndicatorRule) error {
	return db.update(ctx, p, func(tx *Tx) error {
		x, err := seeIndicator(ctx, tx, p, r.IndicatorID)
		if err != nil {
			return err
		}
		if !leadsIndicator(p, x) {
			return duban.ErrForbidden("设置该指标的校验规则")
		}
		if err := r.Validate(x.PeriodType); err != nil {
			return err
		}
		if r.OtherID != 0 {
			if _, err := findIndicator(ctx, tx, r.OtherID); err != nil {
				return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"other_id": "不存在"}}
			}
		}
		r.CreatedAt, r.Version = tx.now, 1
		id, err := tx.insert(ctx, `INSERT INTO indicator_rules (indicator_id, kind, name, min_value, max_value, other_id, target, weights, escalate, deadline_workdays, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`, r.IndicatorID, r.Kind, r.Name, r.Min, r.Max, nullID(r.OtherID), r.Target, jsonOf(r.Weights),
			r.Escalate, r.DeadlineWorkdays, tx.now)
		if err != nil {
			return err
		}
		r.ID = id
		if err := tx.audit(ctx, "indicator.rule.create", "indicator", x.ID, nil, r); err != nil {
			return err
		}
		_, err = db.evaluate(ctx, tx, x, nil)
		return err
	})
}
