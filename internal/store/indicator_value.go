package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"duban/internal/duban"
)

// ValueWrite is what a write of figures did (or, dry, would do).
type ValueWrite struct {
	Indicator *duban.Indicator `json:"-"`
	Values    int              `json:"values"`    // figures written
	Unchanged int              `json:"unchanged"` // figures equal to those in force, not written again
	// Breaches are the open breaches of the units given, after the write.
	Breaches []duban.Breach `json:"breaches"`
}

// SetIndicatorValues writes figures of one indicator in one transaction:
// all of them or, if any is refused, none (Invalid names every bad figure
// as values[i]). A liaison writes for its own unit only; the lead office of
// the indicator's lead unit for every reporting unit. A period the lead unit
// has approved is locked: only the lead office may correct it, with a
// reason, and the figure is kept as a correction. Rules are evaluated on the
// written units at once; a breach of a rule that escalates automatically
// becomes a supervised item in the same transaction. With dry set nothing
// is kept, and the result tells what the write would have done.
func (db *DB) SetIndicatorValues(ctx context.Context, p *duban.Principal, indicatorID int64, in []duban.ValueInput, reason string, dry bool) (*ValueWrite, error) {
	var out *ValueWrite
	err := db.update(ctx, p, func(tx *Tx) error {
		x, err := seeIndicator(ctx, tx, p, indicatorID)
		if err != nil {
			return err
		}
		periods, err := checkValues(ctx, tx, p, x, in, reason)
		if err != nil {
			return err
		}
		ws, err := db.writeFigures(ctx, tx, p, []figureBatch{{x: x, in: in, periods: periods}}, reason)
		if err != nil {
			return err
		}
		out = ws[0]
		if dry {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FigureBatch is the figures of one indicator in a write of several.
type FigureBatch struct {
	IndicatorID int64
	Values      []duban.ValueInput
}

// SetFigures writes the figures of several indicators (a unit's entry grid)
// in one transaction, under the rules of SetIndicatorValues: every figure of
// every indicator is checked first, and if any is refused nothing is
// written; Invalid then names each bad figure as figures[k].values[i] (k the
// batch, i the figure in it). Forbidden when the caller may not write one of
// them, NotFound for an indicator it cannot see. The results are in the
// order of the batches; with dry set nothing is kept.
func (db *DB) SetFigures(ctx context.Context, p *duban.Principal, batches []FigureBatch, reason string, dry bool) ([]*ValueWrite, error) {
	if len(batches) == 0 {
		return nil, duban.Errorf(duban.Invalid, "没有要填报的数据")
	}
	var out []*ValueWrite
	err := db.update(ctx, p, func(tx *Tx) error {
		todo := make([]figureBatch, len(batches))
		probs := duban.Problems{}
		for k, b := range batches {
			x, err := seeIndicator(ctx, tx, p, b.IndicatorID)
			if err != nil {
				return err
			}
			todo[k] = figureBatch{x: x, in: b.Values}
			todo[k].periods, err = checkValues(ctx, tx, p, x, b.Values, reason)
			if err := batchProblems(probs, k, len(b.Values), err); err != nil {
				return err
			}
		}
		if len(probs) > 0 {
			return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("有%d项数据不能填报，均未保存", len(probs)), Fields: probs}
		}
		var err error
		if out, err = db.writeFigures(ctx, tx, p, todo, reason); err != nil {
			return err
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// batchProblems adds a batch's refused figures to probs under
// figures[k].values[i]; a refusal of the whole batch (a computed indicator,
// no figures) is told on each of its figures. Any other error is returned.
func batchProblems(probs duban.Problems, k, n int, err error) error {
	var e *duban.Error
	if err == nil {
		return nil
	}
	if !errors.As(err, &e) || e.Code != duban.Invalid {
		return err
	}
	if n == 0 {
		probs.Add(fmt.Sprintf("figures[%d]", k), e.Message)
	}
	for i := 0; i < n; i++ {
		field := fmt.Sprintf("values[%d]", i)
		if msg, ok := e.Fields[field]; ok {
			probs.Add(fmt.Sprintf("figures[%d].%s", k, field), msg)
		} else if len(e.Fields) == 0 {
			probs.Add(fmt.Sprintf("figures[%d].%s", k, field), e.Message)
		}
	}
	return nil
}

// figureBatch is a checked batch: the indicator, its figures and their periods.
type figureBatch struct {
	x       *duban.Indicator
	in      []duban.ValueInput
	periods []duban.Period
}

// writeFigures writes checked batches, then evaluates the rules of each
// indicator (and of those depending on it) on the units and years written,
// so that no rule is judged on half of a grid; it returns each batch's
// outcome with the open breaches of its units after all of it.
func (db *DB) writeFigures(ctx context.Context, tx *Tx, p *duban.Principal, todo []figureBatch, reason string) ([]*ValueWrite, error) {
	out := make([]*ValueWrite, len(todo))
	scopes := make([]map[int64][]int, len(todo))
	for k, b := range todo {
		out[k], scopes[k] = &ValueWrite{Indicator: b.x}, map[int64][]int{}
		for i, v := range b.in {
			wrote, err := writeValue(ctx, tx, p, b.x, v, b.periods[i], reason)
			if err != nil {
				return nil, err
			}
			if !wrote {
				out[k].Unchanged++
				continue
			}
			out[k].Values++
			scopes[k][v.UnitID] = appendYear(scopes[k][v.UnitID], b.periods[i].Year)
		}
	}
	for k, b := range todo {
		if _, err := db.evaluate(ctx, tx, b.x, scopes[k]); err != nil {
			return nil, err
		}
		if err := db.evaluateDependents(ctx, tx, b.x, scopes[k]); err != nil {
			return nil, err
		}
	}
	for k, b := range todo {
		units := map[int64]bool{}
		var ids []int64
		for _, v := range b.in {
			if !units[v.UnitID] {
				units[v.UnitID] = true
				ids = append(ids, v.UnitID)
			}
		}
		var err error
		if out[k].Breaches, err = openBreaches(ctx, tx, b.x, ids); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func appendYear(ys []int, y int) []int {
	for _, v := range ys {
		if v == y {
			return ys
		}
	}
	return append(ys, y)
}

// checkValues checks every figure before any is written and returns their
// periods; Invalid names each bad one.
func checkValues(ctx context.Context, tx *Tx, p *duban.Principal, x *duban.Indicator, in []duban.ValueInput, reason string) ([]duban.Period, error) {
	if x.Aggregation == duban.AggRatio {
		return nil, duban.Errorf(duban.Invalid, "“%s”由两项指标计算得出，不能直接填报", x.Name)
	}
	if len(in) == 0 {
		return nil, duban.Errorf(duban.Invalid, "没有要填报的数据")
	}
	approved, err := approvedPeriods(ctx, tx, x.ID)
	if err != nil {
		return nil, err
	}
	probs := duban.Problems{}
	periods := make([]duban.Period, len(in))
	for i, v := range in {
		field := fmt.Sprintf("values[%d]", i)
		per, err := duban.ParsePeriod(x.PeriodType, v.Period)
		periods[i] = per
		switch {
		case err != nil:
			probs.Add(field, duban.ErrorMessage(err))
		case !x.Reports(v.UnitID):
			probs.Add(field, fmt.Sprintf("单位（编号%d）不报送该指标", v.UnitID))
		case !leadsIndicator(p, x) && !(p.Role == duban.RoleLiaison && p.UnitID == v.UnitID):
			return nil, duban.ErrForbidden("填报其他单位的指标数据")
		case v.Value < 0 && !x.AllowNegative:
			probs.Add(field, "该指标不能为负数")
		case approved[per.String()]:
			cur, err := currentValue(ctx, tx, x.ID, v.UnitID, per.String())
			switch {
			case err != nil:
				return nil, err
			case cur != nil && cur.Value == v.Value: // unchanged: nothing to correct
			case !leadsIndicator(p, x):
				probs.Add(field, per.Chinese()+"的数据已经牵头单位审核锁定，如需更正请联系牵头单位")
			case reason == "":
				probs.Add(field, per.Chinese()+"的数据已审核锁定，更正须填写理由")
			}
		}
	}
	if len(probs) > 0 {
		return nil, &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("有%d项数据不能填报，均未保存", len(probs)), Fields: probs}
	}
	return periods, nil
}

// writeValue appends a figure unless it equals the one in force, and audits it.
func writeValue(ctx context.Context, tx *Tx, p *duban.Principal, x *duban.Indicator, v duban.ValueInput, per duban.Period, reason string) (bool, error) {
	before, err := currentValue(ctx, tx, x.ID, v.UnitID, per.String())
	if err != nil {
		return false, err
	}
	if before != nil && before.Value == v.Value {
		return false, nil
	}
	var locked int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM indicator_approvals WHERE indicator_id = ? AND period = ?`, x.ID, per.String()).Scan(&locked); err != nil {
		return false, fmt.Errorf("store: approval: %w", err)
	}
	after := duban.IndicatorValue{IndicatorID: x.ID, Unit: duban.UnitRef{ID: v.UnitID}, Period: per, Value: v.Value, Reason: reason,
		Correction: locked > 0, EnteredBy: actorName(p), EnteredAt: tx.now}
	after.ID, err = tx.insert(ctx, `INSERT INTO indicator_values (indicator_id, unit_id, period, value, reason, correction, entered_by, entered_name, entered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.ID, v.UnitID, per.String(), v.Value, reason, after.Correction, actorID(p), after.EnteredBy, tx.now)
	if err != nil {
		return false, err
	}
	action := "indicator.value"
	if after.Correction {
		action = "indicator.correct"
	}
	return true, tx.audit(ctx, action, "indicator", x.ID, before, after)
}

const valueCols = `v.id, v.indicator_id, v.unit_id, u.short_name, v.period, v.value, v.reason, v.correction, v.entered_name, v.entered_at`

func scanValue(s interface{ Scan(...any) error }, t duban.PeriodType, v *duban.IndicatorValue) error {
	var per string
	if err := s.Scan(&v.ID, &v.IndicatorID, &v.Unit.ID, &v.Unit.Name, &per, &v.Value, &v.Reason, &v.Correction, &v.EnteredBy, &v.EnteredAt); err != nil {
		return err
	}
	var err error
	v.Period, err = duban.ParsePeriod(t, per)
	return err
}

func currentValue(ctx context.Context, q queryer, indicatorID, unitID int64, period string) (*duban.IndicatorValue, error) {
	var v duban.IndicatorValue
	err := q.QueryRowContext(ctx, `SELECT id, value, correction, entered_at FROM indicator_values WHERE indicator_id = ? AND unit_id = ? AND period = ?
		ORDER BY id DESC LIMIT 1`, indicatorID, unitID, period).Scan(&v.ID, &v.Value, &v.Correction, &v.EnteredAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: current value: %w", err)
	}
	v.IndicatorID, v.Unit.ID = indicatorID, unitID
	return &v, nil
}

// seriesOf reads the figures in force of an indicator, for one unit or
// (unitID 0) every unit, as entered up to before (zero: now).
func seriesOf(ctx context.Context, q queryer, indicatorID, unitID int64, before time.Time) (map[int64]duban.Series, error) {
	w := where{}
	w.add(`indicator_id = ?`, indicatorID)
	if unitID != 0 {
		w.add(`unit_id = ?`, unitID)
	}
	if !before.IsZero() {
		w.add(`entered_at < ?`, before)
	}
	rows, err := q.QueryContext(ctx, `SELECT unit_id, period, value FROM indicator_values`+w.String()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	defer rows.Close()
	out := map[int64]duban.Series{}
	for rows.Next() {
		var unit int64
		var per string
		var v float64
		if err := rows.Scan(&unit, &per, &v); err != nil {
			return nil, fmt.Errorf("store: series: %w", err)
		}
		if out[unit] == nil {
			out[unit] = duban.Series{}
		}
		out[unit][per] = v // later rows supersede earlier ones
	}
	return out, rows.Err()
}

// endOf returns the instant a day ends in China, for "as of" reads.
func endOf(d duban.Date) time.Time {
	return time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day()+1, 0, 0, 0, 0, duban.ChinaTime).UTC()
}

// indicatorSeries reads the figures in force of x as of asOf (zero: now),
// computing a ratio indicator from its two parts (×100).
func indicatorSeries(ctx context.Context, q queryer, x *duban.Indicator, unitID int64, asOf duban.Date) (map[int64]duban.Series, error) {
	var before time.Time
	if !asOf.IsZero() {
		before = endOf(asOf)
	}
	if x.Aggregation != duban.AggRatio {
		return seriesOf(ctx, q, x.ID, unitID, before)
	}
	num, err := seriesOf(ctx, q, x.NumeratorID, unitID, before)
	if err != nil {
		return nil, err
	}
	den, err := seriesOf(ctx, q, x.DenominatorID, unitID, before)
	if err != nil {
		return nil, err
	}
	out := map[int64]duban.Series{}
	for unit, s := range num {
		out[unit] = duban.Series{}
		for per, v := range s {
			if d, ok := den[unit][per]; ok && d != 0 {
				out[unit][per] = v / d * 100
			}
		}
	}
	return out, nil
}

// ListIndicatorValues returns the history of the figures of one unit (every
// figure ever given, oldest first) that the caller may see.
func (db *DB) ListIndicatorValues(ctx context.Context, p *duban.Principal, indicatorID, unitID int64) ([]duban.IndicatorValue, error) {
	x, err := seeIndicator(ctx, db.reader(), p, indicatorID)
	if err != nil {
		return nil, err
	}
	if !seesUnit(p, x, unitID) {
		return nil, duban.ErrForbidden("查看其他单位的指标数据")
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+valueCols+` FROM indicator_values v JOIN units u ON u.id = v.unit_id
		WHERE v.indicator_id = ? AND v.unit_id = ? ORDER BY v.period, v.id`, indicatorID, unitID)
	if err != nil {
		return nil, fmt.Errorf("store: values: %w", err)
	}
	defer rows.Close()
	out := []duban.IndicatorValue{}
	for rows.Next() {
		var v duban.IndicatorValue
		if err := scanValue(rows, x.PeriodType, &v); err != nil {
			return nil, fmt.Errorf("store: values: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// evaluateDependents evaluates the indicators whose figures or rules use
// x's: ratios of which it is a part, and ratio rules held against it.
func (db *DB) evaluateDependents(ctx context.Context, tx *Tx, x *duban.Indicator, scope map[int64][]int) error {
	ids, err := int64s(ctx, tx, `SELECT id FROM indicators WHERE numerator_id = ? OR denominator_id = ?
		UNION SELECT indicator_id FROM indicator_rules WHERE other_id = ?`, x.ID, x.ID, x.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		dep, err := findIndicator(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := db.evaluate(ctx, tx, dep, scope); err != nil {
			return err
		}
	}
	return nil
}
