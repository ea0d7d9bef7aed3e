package store

import (
	"context"
	"fmt"

	"duban/internal/calendar"
	"duban/internal/duban"
)

// loadCalendar seeds the calendar table from the published arrangements
// when it is empty, and builds the working-day calendar from the table.
func (db *DB) loadCalendar(ctx context.Context) error {
	var n int
	if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM calendar_days`).Scan(&n); err != nil {
		return fmt.Errorf("store: calendar: %w", err)
	}
	if n == 0 {
		err := db.update(ctx, duban.System, func(tx *Tx) error {
			for _, d := range calendar.Seed() {
				if _, err := tx.exec(ctx, `INSERT INTO calendar_days (day, workday, name, origin) VALUES (?, ?, ?, 'seed') ON CONFLICT (day) DO NOTHING`,
					d.Date.String(), d.Workday, d.Name); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: seed calendar: %w", err)
		}
	}
	return db.ReloadCalendar(ctx)
}

// ReloadCalendar rebuilds the working-day calendar from the table; the
// scheduler calls it so that an edit made through another instance reaches this one.
func (db *DB) ReloadCalendar(ctx context.Context) error {
	days, err := db.calendarDays(ctx, 0)
	if err != nil {
		return err
	}
	db.cal.Store(calendar.New(days))
	return nil
}

// Calendar returns the working-day calendar.
func (db *DB) Calendar() *calendar.Calendar { return db.cal.Load() }

func (db *DB) calendarDays(ctx context.Context, year int) ([]calendar.Day, error) {
	q, args := `SELECT day, workday, name FROM calendar_days`, []any{}
	if year != 0 {
		q, args = q+` WHERE day >= ? AND day < ?`, []any{fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)}
	}
	rows, err := db.reader().QueryContext(ctx, q+` ORDER BY day`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	defer rows.Close()
	var out []calendar.Day
	for rows.Next() {
		var d calendar.Day
		if err := rows.Scan(&d.Date, &d.Workday, &d.Name); err != nil {
			return nil, fmt.Errorf("store: calendar: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CalendarDays lists the exceptions (holidays and adjusted working days) of a year.
func (db *DB) CalendarDays(ctx context.Context, year int) ([]calendar.Day, error) {
	days, err := db.calendarDays(ctx, year)
	if days == nil {
		days = []calendar.Day{}
	}
	return days, err
}

// SetCalendarDay records a holiday or an adjusted working day, for a year
// whose arrangement the seed data lacks or to correct one. Administrators only.
func (db *DB) SetCalendarDay(ctx context.Context, p *duban.Principal, d calendar.Day) error {
	if err := p.RequireAdmin("修改节假日安排"); err != nil {
		return err
	}
	if d.Date.IsZero() {
		return &duban.Error{Code: duban.Invalid, Message: "请填写日期", Fields: map[string]string{"date": "必填"}}
	}
	err := db.update(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO calendar_days (day, workday, name, origin) VALUES (?, ?, ?, 'admin')
			ON CONFLICT (day) DO UPDATE SET workday = excluded.workday, name = excluded.name, origin = 'admin'`, d.Date.String(), d.Workday, d.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "calendar.set", "calendar", 0, nil, d)
	})
	if err != nil {
		return err
	}
	return db.ReloadCalendar(ctx)
}

// DeleteCalendarDay makes a day ordinary again (a weekday works, a weekend rests).
func (db *DB) DeleteCalendarDay(ctx context.Context, p *duban.Principal, day duban.Date) error {
	if err := p.RequireAdmin("修改节假日安排"); err != nil {
		return err
	}
	err := db.update(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, day.String()); err != nil {
			return err
		}
		return tx.audit(ctx, "calendar.delete", "calendar", 0, map[string]string{"day": day.String()}, nil)
	})
	if err != nil {
		return err
	}
	return db.ReloadCalendar(ctx)
}

// rule returns the light rule of a plan as of a day.
func (db *DB) rule(pl *duban.Plan, asOf duban.Date) duban.LightRule {
	r := duban.LightRule{AsOf: asOf, YellowBy: db.Calendar().AddWorkdays(asOf, pl.Ladder.YellowBefore)}
	r.Period, r.PeriodDue = db.DuePeriod(pl, asOf)
	return r
}

// DuePeriod returns the plan's latest report period due before asOf and
// its due day; a due day on a rest day moves to the next working day.
func (db *DB) DuePeriod(pl *duban.Plan, asOf duban.Date) (string, duban.Date) {
	return duban.DuePeriodOn(pl.Cadence, pl.ReportDay, asOf, db.NextWorkday)
}

// NextWorkday returns d when it is a working day, else the working day after it.
func (db *DB) NextWorkday(d duban.Date) duban.Date {
	return db.Calendar().AddWorkdays(d.AddDays(-1), 1)
}

// lighter computes lights of assignments of several plans as of one day.
type lighter struct {
	db    *DB
	q     queryer
	asOf  duban.Date
	rules map[int64]duban.LightRule
}

func (db *DB) lighter(q queryer, asOf duban.Date) *lighter {
	return &lighter{db: db, q: q, asOf: db.asOf(asOf), rules: map[int64]duban.LightRule{}}
}

// planRuleCols are the columns of plans a light rule is made of, for
// ruleOf.
const planRuleCols = `cadence, report_day, ladder`

// ruleOf makes the light rule as of asOf from a plan's planRuleCols.
func (db *DB) ruleOf(cadence duban.Cadence, reportDay int, ladder string, asOf duban.Date) (duban.LightRule, error) {
	pl := duban.Plan{Cadence: cadence, ReportDay: reportDay, Ladder: duban.DefaultLadder()}
	if ladder != "" {
		if err := jsonUnmarshal(ladder, &pl.Ladder); err != nil {
			return duban.LightRule{}, err
		}
	}
	return db.rule(&pl, asOf), nil
}

// know gives the lighter a plan's planRuleCols, read along with its
// assignments, so that it need not look them up.
func (l *lighter) know(planID int64, cadence duban.Cadence, reportDay int, ladder string) error {
	if _, ok := l.rules[planID]; ok {
		return nil
	}
	r, err := l.db.ruleOf(cadence, reportDay, ladder, l.asOf)
	l.rules[planID] = r
	return err
}

// light sets the light and working days left of an assignment.
func (l *lighter) light(ctx context.Context, a *duban.Assignment) error {
	r, ok := l.rules[a.PlanID]
	if !ok {
		var cadence duban.Cadence
		var reportDay int
		var ladder string
		err := l.q.QueryRowContext(ctx, `SELECT `+planRuleCols+` FROM plans WHERE id = ?`, a.PlanID).Scan(&cadence, &reportDay, &ladder)
		if err != nil {
			return notFound(err, "整改方案", a.PlanID)
		}
		if err := l.know(a.PlanID, cadence, reportDay, ladder); err != nil {
			return err
		}
		r = l.rules[a.PlanID]
	}
	a.Light = r.Of(a.Facts())
	a.WorkdaysLeft = nil
	if a.DeadlineKind.Dated() && !a.Deadline.IsZero() {
		n := l.db.Calendar().WorkdaysLeft(l.asOf, a.Deadline)
		a.WorkdaysLeft = &n
	}
	return nil
}

// RestDay tells whether d is a rest day and, when it is, what rest it is
// (the holiday's name, or 星期六/星期日) and the working day after it.
func (db *DB) RestDay(d duban.Date) (rest bool, name string, next duban.Date) {
	cal := db.Calendar()
	if d.IsZero() || cal.IsWorkday(d) {
		return false, "", duban.Date{}
	}
	name = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Time().Weekday()]
	if day, ok := cal.Exception(d); ok && day.Name != "" {
		name = day.Name
	}
	return true, name, db.NextWorkday(d)
}

// restDayWarnings is the warning given when a deadline is set on a rest
// day: the day is kept as set, and the next working day is suggested. what
// names the deadline ("整改时限", "举措“…”的整改时限"). Nil on a working day.
func (db *DB) restDayWarnings(what string, d duban.Date) []string {
	rest, name, next := db.RestDay(d)
	if !rest {
		return nil
	}
	return []string{fmt.Sprintf("%s%s是休息日（%s），按所填日期保留；建议改为下一个工作日%s", what, d.Chinese(), name, next.Chinese())}
}

// SetCalendarDays records a batch of holidays and adjusted working days
// (a year's arrangement, imported) in one transaction: all or none, one
// audit event. Administrators only; Invalid when the batch is empty or a
// day has no date.
func (db *DB) SetCalendarDays(ctx context.Context, p *duban.Principal, days []calendar.Day) error {
	if err := p.RequireAdmin("修改节假日安排"); err != nil {
		return err
	}
	if len(days) == 0 {
		return &duban.Error{Code: duban.Invalid, Message: "没有可导入的日期", Fields: map[string]string{"text": "未识别出任何日期"}}
	}
	for _, d := range days {
		if d.Date.IsZero() {
			return &duban.Error{Code: duban.Invalid, Message: "请填写日期", Fields: map[string]string{"date": "必填"}}
		}
	}
	err := db.update(ctx, p, func(tx *Tx) error {
		for _, d := range days {
			if _, err := tx.exec(ctx, `INSERT INTO calendar_days (day, workday, name, origin) VALUES (?, ?, ?, 'admin')
				ON CONFLICT (day) DO UPDATE SET workday = excluded.workday, name = excluded.name, origin = 'admin'`, d.Date.String(), d.Workday, d.Name); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "calendar.import", "calendar", 0, nil, days)
	})
	if err != nil {
		return err
	}
	return db.ReloadCalendar(ctx)
}
