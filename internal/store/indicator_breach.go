package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"duban/internal/duban"
)

// monitor is the principal of what the monitoring does by itself: opening an
// item for a breach and asking to close it once the figures recover.
var monitor = &duban.Principal{Username: "system", Name: "系统（指标监测）", Role: duban.RoleAdmin}

// checkUnit applies every rule to one unit's series over the given years
// (and the year after each, whose baseline they are) and returns the
// outcome per rule and period key.
func checkUnit(x *duban.Indicator, rules []duban.IndicatorRule, s duban.Series, others map[int64]duban.Series, years []int) map[int64]map[string]duban.Check {
	span := map[int]bool{}
	for _, y := range years {
		span[y], span[y+1] = true, true
	}
	out := map[int64]map[string]duban.Check{}
	for i := range rules {
		r := &rules[i]
		out[r.ID] = map[string]duban.Check{}
		for y := range span {
			for _, per := range duban.PeriodsOfYear(x.PeriodType, y) {
				if c, ok := r.Evaluate(x, s, others[r.OtherID], per); ok {
					out[r.ID][per.String()] = c
				}
			}
		}
	}
	return out
}

// yearsOf returns the years a series has figures for.
func yearsOf(s duban.Series) []int {
	seen := map[int]bool{}
	var ys []int
	for k := range s {
		var y int
		fmt.Sscanf(k, "%4d", &y)
		if !seen[y] {
			seen[y] = true
			ys = append(ys, y)
		}
	}
	return ys
}

// evaluate applies x's rules to the units and years of scope (nil: all) as
// the figures stand in tx, records breaches that appear, resolves those that
// are mended, opens items for new breaches of rules that escalate
// automatically, asks to close the item of a mended breach, and returns the
// open breaches of the units in scope.
func (db *DB) evaluate(ctx context.Context, tx *Tx, x *duban.Indicator, scope map[int64][]int) ([]duban.Breach, error) {
	rules, err := indicatorRules(ctx, tx, x.ID)
	if err != nil {
		return nil, err
	}
	series, err := indicatorSeries(ctx, tx, x, 0, duban.Date{})
	if err != nil {
		return nil, err
	}
	others := map[int64]map[int64]duban.Series{}
	for _, r := range rules {
		if r.OtherID != 0 && others[r.OtherID] == nil {
			o, err := findIndicator(ctx, tx, r.OtherID)
			if err != nil {
				return nil, err
			}
			if others[r.OtherID], err = indicatorSeries(ctx, tx, o, 0, duban.Date{}); err != nil {
				return nil, err
			}
		}
	}
	if scope == nil {
		scope = map[int64][]int{}
		for unit, s := range series {
			scope[unit] = yearsOf(s)
		}
	}
	var units []int64
	for unit, years := range scope {
		units = append(units, unit)
		unitOthers := map[int64]duban.Series{}
		for id, o := range others {
			unitOthers[id] = o[unit]
		}
		checks := checkUnit(x, rules, series[unit], unitOthers, years)
		for i := range rules {
			if err := db.recordChecks(ctx, tx, x, &rules[i], unit, checks[rules[i].ID]); err != nil {
				return nil, err
			}
		}
	}
	return openBreaches(ctx, tx, x, units)
}

// cumulative reports whether a rule looks at the year to date, so that a
// later period that passes mends the earlier ones of the year.
func cumulative(k duban.RuleKind) bool { return k == duban.RuleNoDecreaseYTD || k == duban.RuleTarget }

// mend clears the breaches of a cumulative rule in every year whose latest
// checked period passes: the year to date has recovered.
func mend(r *duban.IndicatorRule, checks map[string]duban.Check) {
	if !cumulative(r.Kind) {
		return
	}
	latest := map[string]string{} // year → latest period key checked
	for k := range checks {
		if y := k[:4]; k > latest[y] {
			latest[y] = k
		}
	}
	for k, c := range checks {
		if !checks[latest[k[:4]]].Breach {
			c.Breach = false
			checks[k] = c
		}
	}
}

// recordChecks brings the stored breaches of one rule and unit in line with
// the checks, in period order.
func (db *DB) recordChecks(ctx context.Context, tx *Tx, x *duban.Indicator, r *duban.IndicatorRule, unit int64, checks map[string]duban.Check) error {
	mend(r, checks)
	keys := make([]string, 0, len(checks))
	for k := range checks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	stored, err := storedBreaches(ctx, tx, r.ID, unit)
	if err != nil {
		return err
	}
	mended := map[int64]duban.Check{} // items whose breaches were mended now
	var last string
	for _, per := range keys {
		c := checks[per]
		id, status, item := stored[per].id, stored[per].status, stored[per].item
		switch {
		case c.Breach && id == 0:
			id, err = tx.insert(ctx, `INSERT INTO indicator_breaches (rule_id, indicator_id, unit_id, period, value, baseline, status, detected_at)
				VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`, r.ID, x.ID, unit, per, c.Value, c.Baseline, tx.now)
			if err == nil {
				err = tx.audit(ctx, "indicator.breach", "indicator", x.ID, nil, map[string]any{"breach": id, "unit": unit, "period": per, "value": c.Value, "baseline": c.Baseline})
			}
			if err == nil && r.Escalate == duban.EscalateAuto {
				err = db.superviseOnce(ctx, tx, x, r, unit, per, id)
			}
		case c.Breach:
			_, err = tx.exec(ctx, `UPDATE indicator_breaches SET value = ?, baseline = ?, status = 'open', resolved_at = NULL WHERE id = ?`, c.Value, c.Baseline, id)
			if err == nil && status == duban.BreachResolved && !item.Valid && r.Escalate == duban.EscalateAuto {
				err = db.superviseOnce(ctx, tx, x, r, unit, per, id)
			}
		case status == duban.BreachOpen:
			_, err = tx.exec(ctx, `UPDATE indicator_breaches SET status = 'resolved', resolved_at = ? WHERE id = ?`, tx.now, id)
			if err == nil {
				err = tx.audit(ctx, "indicator.breach.resolve", "indicator", x.ID, nil, map[string]any{"breach": id, "unit": unit, "period": per, "value": c.Value, "baseline": c.Baseline})
			}
			if item.Valid {
				mended[item.Int64] = duban.Check{}
			}
		}
		if err != nil {
			return err
		}
		last = per
	}
	for aid := range mended {
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM indicator_breaches WHERE assignment_id = ? AND status = 'open'`, aid).Scan(&open); err != nil {
			return fmt.Errorf("store: breach: %w", err)
		}
		if open == 0 {
			if err := db.recovered(ctx, tx, x, aid, checks[last], last); err != nil {
				return err
			}
		}
	}
	return nil
}

// storedBreach is a recorded breach's state.
type storedBreach struct {
	id     int64
	status string
	item   sql.NullInt64
}

// storedBreaches reads the recorded breaches of a rule and unit by period.
func storedBreaches(ctx context.Context, tx *Tx, ruleID, unit int64) (map[string]storedBreach, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, period, status, assignment_id FROM indicator_breaches WHERE rule_id = ? AND unit_id = ?`, ruleID, unit)
	if err != nil {
		return nil, fmt.Errorf("store: breaches: %w", err)
	}
	defer rows.Close()
	out := map[string]storedBreach{}
	for rows.Next() {
		var b storedBreach
		var per string
		if err := rows.Scan(&b.id, &per, &b.status, &b.item); err != nil {
			return nil, fmt.Errorf("store: breaches: %w", err)
		}
		out[per] = b
	}
	return out, rows.Err()
}

// superviseOnce gives a new breach the open item of the same rule, unit and
// year if there is one, so that a shortfall running for months is one item;
// otherwise it opens an item.
func (db *DB) superviseOnce(ctx context.Context, tx *Tx, x *duban.Indicator, r *duban.IndicatorRule, unit int64, per string, id int64) error {
	var aid int64
	err := tx.QueryRowContext(ctx, `SELECT b.assignment_id FROM indicator_breaches b JOIN assignments a ON a.id = b.assignment_id
		WHERE b.rule_id = ? AND b.unit_id = ? AND b.period LIKE ? AND a.status <> 'closed' ORDER BY b.id LIMIT 1`, r.ID, unit, per[:4]+"%").Scan(&aid)
	if errors.Is(err, sql.ErrNoRows) {
		return db.supervise(ctx, tx, x, r, id)
	}
	if err != nil {
		return fmt.Errorf("store: breach item: %w", err)
	}
	_, err = tx.exec(ctx, `UPDATE indicator_breaches SET assignment_id = ? WHERE id = ?`, aid, id)
	return err
}

const breachCols = `b.id, b.rule_id, r.name, r.kind, b.indicator_id, b.unit_id, u.short_name, b.period, b.value, b.baseline, b.status, b.detected_at, b.resolved_at, b.assignment_id`
const breachFrom = ` FROM indicator_breaches b JOIN indicator_rules r ON r.id = b.rule_id JOIN units u ON u.id = b.unit_id`

func scanBreach(s interface{ Scan(...any) error }, t duban.PeriodType, b *duban.Breach) error {
	var per string
	var item sql.NullInt64
	if err := s.Scan(&b.ID, &b.RuleID, &b.Rule, &b.Kind, &b.IndicatorID, &b.Unit.ID, &b.Unit.Name, &per, &b.Value, &b.Baseline, &b.Status,
		scanTime{&b.DetectedAt}, scanNullTime{&b.ResolvedAt}, &item); err != nil {
		return err
	}
	if item.Valid {
		b.AssignmentID = &item.Int64
	}
	var err error
	b.Period, err = duban.ParsePeriod(t, per)
	return err
}

func listBreaches(ctx context.Context, q queryer, x *duban.Indicator, w *where) ([]duban.Breach, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+breachCols+breachFrom+w.String()+` ORDER BY b.period, u.sort, b.unit_id, b.rule_id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: breaches: %w", err)
	}
	defer rows.Close()
	out := []duban.Breach{}
	for rows.Next() {
		var b duban.Breach
		if err := scanBreach(rows, x.PeriodType, &b); err != nil {
			return nil, fmt.Errorf("store: breaches: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func openBreaches(ctx context.Context, q queryer, x *duban.Indicator, units []int64) ([]duban.Breach, error) {
	if len(units) == 0 {
		return []duban.Breach{}, nil
	}
	w := &where{}
	w.add(`b.indicator_id = ?`, x.ID)
	w.add(`b.status = 'open'`)
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(units)), ", ")
	args := make([]any, len(units))
	for i, u := range units {
		args[i] = u
	}
	w.add(`b.unit_id IN (`+marks+`)`, args...)
	return listBreaches(ctx, q, x, w)
}

// BreachFilter selects breaches.
type BreachFilter struct {
	UnitID int64
	Period string
	Status string
}

// ListBreaches returns the recorded breaches of an indicator that the caller
// may see (a liaison: its own unit's).
func (db *DB) ListBreaches(ctx context.Context, p *duban.Principal, indicatorID int64, f BreachFilter) ([]duban.Breach, error) {
	x, err := seeIndicator(ctx, db.reader(), p, indicatorID)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add(`b.indicator_id = ?`, x.ID)
	if !p.ReadsAll() {
		f.UnitID = p.UnitID
	}
	if f.UnitID != 0 {
		w.add(`b.unit_id = ?`, f.UnitID)
	}
	if f.Period != "" {
		w.add(`b.period = ?`, f.Period)
	}
	if f.Status != "" {
		w.add(`b.status = ?`, f.Status)
	}
	return listBreaches(ctx, db.reader(), x, w)
}

// BreachesAsOf evaluates the rules of an indicator on the figures as they
// stood at the end of a day, without recording anything: the breaches a
// reader would have seen then. A liaison sees its own unit's.
func (db *DB) BreachesAsOf(ctx context.Context, p *duban.Principal, indicatorID int64, asOf duban.Date) ([]duban.Breach, error) {
	q := db.reader()
	x, err := seeIndicator(ctx, q, p, indicatorID)
	if err != nil {
		return nil, err
	}
	rules, err := indicatorRules(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	series, err := indicatorSeries(ctx, q, x, 0, asOf)
	if err != nil {
		return nil, err
	}
	names, err := unitNames(ctx, q)
	if err != nil {
		return nil, err
	}
	out := []duban.Breach{}
	for unit, s := range series {
		if !seesUnit(p, x, unit) {
			continue
		}
		others := map[int64]duban.Series{}
		for _, r := range rules {
			if r.OtherID != 0 {
				o, err := findIndicator(ctx, q, r.OtherID)
				if err != nil {
					return nil, err
				}
				os, err := indicatorSeries(ctx, q, o, unit, asOf)
				if err != nil {
					return nil, err
				}
				others[r.OtherID] = os[unit]
			}
		}
		for _, b := range failing(x, rules, duban.UnitRef{ID: unit, Name: names[unit]}, s, others, yearsOf(s)) {
			if b.Status == duban.BreachOpen {
				out = append(out, b)
			}
		}
	}
	sortBreaches(out)
	return out, nil
}

// failing applies the rules to one unit's series over the given years (and
// the years after) and returns every period that breaks one: open, or
// resolved when a later period of the year mended a cumulative rule.
func failing(x *duban.Indicator, rules []duban.IndicatorRule, unit duban.UnitRef, s duban.Series, others map[int64]duban.Series, years []int) []duban.Breach {
	var out []duban.Breach
	checks := checkUnit(x, rules, s, others, years)
	for _, r := range rules {
		raw := map[string]duban.Check{}
		for per, c := range checks[r.ID] {
			raw[per] = c
		}
		mend(&r, checks[r.ID])
		for per, c := range raw {
			if !c.Breach {
				continue
			}
			pp, _ := duban.ParsePeriod(x.PeriodType, per)
			b := duban.Breach{RuleID: r.ID, Rule: r.Name, Kind: r.Kind, IndicatorID: x.ID, Unit: unit, Period: pp, Value: c.Value, Baseline: c.Baseline, Status: duban.BreachOpen}
			if !checks[r.ID][per].Breach {
				b.Status = duban.BreachResolved
			}
			out = append(out, b)
		}
	}
	return out
}

// sortBreaches orders breaches by period, unit and rule.
func sortBreaches(out []duban.Breach) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Period != b.Period {
			return a.Period.Before(b.Period)
		}
		if a.Unit.ID != b.Unit.ID {
			return a.Unit.ID < b.Unit.ID
		}
		return a.RuleID < b.RuleID
	})
}

func unitNames(ctx context.Context, q queryer) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, short_name FROM units`)
	if err != nil {
		return nil, fmt.Errorf("store: unit names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: unit names: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// dayOf is the day in China of an instant.
func dayOf(t time.Time) duban.Date { return duban.DateOf(t.In(duban.ChinaTime)) }
