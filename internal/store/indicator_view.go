package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"duban/internal/duban"
)

// approvedPeriods returns the approved (locked) period keys of an indicator.
func approvedPeriods(ctx context.Context, q queryer, indicatorID int64) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT period FROM indicator_approvals WHERE indicator_id = ?`, indicatorID)
	if err != nil {
		return nil, fmt.Errorf("store: approvals: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var per string
		if err := rows.Scan(&per); err != nil {
			return nil, fmt.Errorf("store: approvals: %w", err)
		}
		out[per] = true
	}
	return out, rows.Err()
}

// ApprovePeriod approves an indicator's figures for a period, which locks
// them. Forbidden unless the caller leads the indicator; Conflict if the
// period is already approved.
func (db *DB) ApprovePeriod(ctx context.Context, p *duban.Principal, indicatorID int64, period string) (*duban.Approval, error) {
	var out *duban.Approval
	err := db.update(ctx, p, func(tx *Tx) error {
		x, err := seeIndicator(ctx, tx, p, indicatorID)
		if err != nil {
			return err
		}
		if !leadsIndicator(p, x) {
			return duban.ErrForbidden("审核该指标的数据")
		}
		per, err := duban.ParsePeriod(x.PeriodType, period)
		if err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"period": "无效"}}
		}
		out = &duban.Approval{IndicatorID: x.ID, Period: per, ApprovedBy: actorName(p), ApprovedAt: tx.now}
		if _, err := tx.exec(ctx, `INSERT INTO indicator_approvals (indicator_id, period, approved_by, approved_name, approved_at) VALUES (?, ?, ?, ?, ?)`,
			x.ID, per.String(), actorID(p), out.ApprovedBy, tx.now); err != nil {
			if duban.ErrorCode(err) == duban.Conflict {
				return duban.Errorf(duban.Conflict, "%s的数据已经审核", per.Chinese())
			}
			return err
		}
		return tx.audit(ctx, "indicator.approve", "indicator", x.ID, nil, out)
	})
	return out, err
}

// Completeness tells, per reporting unit the caller may see, whether each
// reported the period's figures by the end of asOf (zero: now) and whether
// on time: by the due day, moved to the next working day when it falls on a
// rest day.
func (db *DB) Completeness(ctx context.Context, p *duban.Principal, indicatorID int64, period string, asOf duban.Date) ([]duban.Completeness, error) {
	q := db.reader()
	x, err := seeIndicator(ctx, q, p, indicatorID)
	if err != nil {
		return nil, err
	}
	per, err := duban.ParsePeriod(x.PeriodType, period)
	if err != nil {
		return nil, err
	}
	due := db.DueDate(x, per)
	approved, err := approvedPeriods(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add(`indicator_id = ?`, x.ID)
	w.add(`period = ?`, per.String())
	if !asOf.IsZero() {
		w.add(`entered_at < ?`, endOf(asOf))
	}
	rows, err := q.QueryContext(ctx, `SELECT unit_id, MIN(entered_at) FROM indicator_values`+w.String()+` GROUP BY unit_id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: completeness: %w", err)
	}
	first := map[int64]time.Time{}
	for rows.Next() {
		var unit int64
		var at time.Time
		if err := rows.Scan(&unit, scanTime{&at}); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: completeness: %w", err)
		}
		first[unit] = at
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: completeness: %w", err)
	}
	units, err := db.reportingUnits(ctx, x)
	if err != nil {
		return nil, err
	}
	out := []duban.Completeness{}
	for _, u := range units {
		if !seesUnit(p, x, u.ID) {
			continue
		}
		c := duban.Completeness{Unit: u, Period: per, Due: due, Approved: approved[per.String()]}
		if at, ok := first[u.ID]; ok {
			c.Reported, c.FirstAt = true, &at
			c.OnTime = !dayOf(at).After(due)
		}
		out = append(out, c)
	}
	return out, nil
}

// DueDate is the day a period's figures are due, moved off a rest day.
func (db *DB) DueDate(x *duban.Indicator, per duban.Period) duban.Date {
	d := x.DueBefore(per)
	if cal := db.Calendar(); !cal.IsWorkday(d) {
		d = cal.AddWorkdays(d, 1)
	}
	return d
}

// reportingUnits names the units of x, in the units' order.
func (db *DB) reportingUnits(ctx context.Context, x *duban.Indicator) ([]duban.UnitRef, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT u.id, u.short_name FROM indicator_units iu JOIN units u ON u.id = iu.unit_id
		WHERE iu.indicator_id = ? ORDER BY u.sort, u.id`, x.ID)
	if err != nil {
		return nil, fmt.Errorf("store: reporting units: %w", err)
	}
	defer rows.Close()
	out := []duban.UnitRef{}
	for rows.Next() {
		var u duban.UnitRef
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, fmt.Errorf("store: reporting units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// IndicatorRow is one unit's line of an indicator's table for a period.
type IndicatorRow struct {
	Unit     duban.UnitRef  `json:"unit"`
	Value    *float64       `json:"value"`
	LastYear *float64       `json:"last_year"`
	Change   *float64       `json:"change"` // per cent against last year
	Rank     int            `json:"rank"`   // by value, 1 the highest; 0 unreported
	Breaches []duban.Breach `json:"breaches"`
}

// IndicatorTable is an indicator's figures for one period, by unit.
type IndicatorTable struct {
	Indicator *duban.Indicator `json:"indicator"`
	Period    duban.Period     `json:"period"`
	Rows      []IndicatorRow   `json:"rows"`
	Total     *float64         `json:"total"` // the sum, where figures add up
	Approved  bool             `json:"approved"`
}

// Table returns an indicator's table for a period as of a day (zero: now):
// each reporting unit the caller may see, its figure, last year's, the
// change, its rank among all units, and the breaches as of that day.
func (db *DB) Table(ctx context.Context, p *duban.Principal, indicatorID int64, period string, asOf duban.Date) (*IndicatorTable, error) {
	q := db.reader()
	x, err := seeIndicator(ctx, q, p, indicatorID)
	if err != nil {
		return nil, err
	}
	per, err := duban.ParsePeriod(x.PeriodType, period)
	if err != nil {
		return nil, err
	}
	series, err := indicatorSeries(ctx, q, x, 0, asOf)
	if err != nil {
		return nil, err
	}
	breaches, err := db.BreachesAsOf(ctx, duban.System, x.ID, asOf)
	if err != nil {
		return nil, err
	}
	units, err := db.reportingUnits(ctx, x)
	if err != nil {
		return nil, err
	}
	approved, err := approvedPeriods(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	t := &IndicatorTable{Indicator: x, Period: per, Rows: []IndicatorRow{}, Approved: approved[per.String()]}
	var values []float64
	for _, u := range units {
		if v, ok := series[u.ID][per.String()]; ok {
			values = append(values, v)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(values)))
	var total float64
	for _, u := range units {
		row := IndicatorRow{Unit: u, Breaches: []duban.Breach{}}
		if v, ok := series[u.ID][per.String()]; ok {
			row.Value = &v
			total += v
			row.Rank = sort.Search(len(values), func(i int) bool { return values[i] <= v }) + 1
		}
		if v, ok := series[u.ID][per.LastYear().String()]; ok {
			row.LastYear = &v
			if row.Value != nil && v != 0 {
				ch := (*row.Value - v) / v * 100
				row.Change = &ch
			}
		}
		for _, b := range breaches {
			if b.Unit.ID == u.ID && b.Period == per {
				row.Breaches = append(row.Breaches, b)
			}
		}
		if seesUnit(p, x, u.ID) {
			t.Rows = append(t.Rows, row)
		}
	}
	if x.Aggregation != duban.AggRatio && len(values) > 0 && p.ReadsAll() {
		t.Total = &total
	}
	return t, nil
}

// Trend returns each visible unit's figures of an indicator by period key,
// for charts and the entry grid.
func (db *DB) Trend(ctx context.Context, p *duban.Principal, indicatorID int64, asOf duban.Date) (map[int64]duban.Series, error) {
	x, err := seeIndicator(ctx, db.reader(), p, indicatorID)
	if err != nil {
		return nil, err
	}
	series, err := indicatorSeries(ctx, db.reader(), x, 0, asOf)
	if err != nil {
		return nil, err
	}
	for unit := range series {
		if !seesUnit(p, x, unit) {
			delete(series, unit)
		}
	}
	return series, nil
}

// FigureTable gathers an indicator's figures for an export: the reporting
// units the caller may see, over the given years (none: every year with
// figures).
func (db *DB) FigureTable(ctx context.Context, p *duban.Principal, indicatorID int64, years []int) (*duban.FigureTable, error) {
	x, err := seeIndicator(ctx, db.reader(), p, indicatorID)
	if err != nil {
		return nil, err
	}
	series, err := db.Trend(ctx, p, x.ID, duban.Date{})
	if err != nil {
		return nil, err
	}
	units, err := db.reportingUnits(ctx, x)
	if err != nil {
		return nil, err
	}
	t := &duban.FigureTable{Name: x.Name, Measure: x.Measure, Type: x.PeriodType, Years: years, Values: map[string]duban.Series{}, Decimal: x.Decimals}
	seen := map[int]bool{}
	for _, u := range units {
		if !seesUnit(p, x, u.ID) {
			continue
		}
		t.Units = append(t.Units, u.Name)
		t.Values[u.Name] = series[u.ID]
		for _, y := range yearsOf(series[u.ID]) {
			seen[y] = true
		}
	}
	if len(t.Years) == 0 {
		for y := range seen {
			t.Years = append(t.Years, y)
		}
		sort.Ints(t.Years)
	}
	return t, nil
}

// ApprovedPeriods returns the period keys of an indicator that its lead
// unit has approved (locked).
func (db *DB) ApprovedPeriods(ctx context.Context, p *duban.Principal, indicatorID int64) (map[string]bool, error) {
	if _, err := seeIndicator(ctx, db.reader(), p, indicatorID); err != nil {
		return nil, err
	}
	return approvedPeriods(ctx, db.reader(), indicatorID)
}

// LeadsIndicator reports whether p reviews x: approves its periods, turns
// its breaches into items, corrects locked figures.
func LeadsIndicator(p *duban.Principal, x *duban.Indicator) bool { return leadsIndicator(p, x) }
