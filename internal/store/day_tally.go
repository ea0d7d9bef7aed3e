package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"duban/internal/duban"
)

// The battle map's figures by day (deadline months, due days, closure
// days) of a whole plan are kept in light_tallies too (migration 0042):
// grain 'deadline' by the deadline and grain 'closed' by the China day of
// the closure, as a number YYYYMMDD in aspect_id, id 0. Today's battle map
// of the whole plan reads them as the light counts are read; a unit's own
// (a few thousand rows at most, through its indexes) and another day's are
// counted from the rows. Kept per unit as well, they were nearly a count
// per assignment: 100,000 tally rows for a plan of 150,000.

// dayTally is one count of light_tallies by day.
type dayTally struct {
	closed bool // by the day of closure; else by the deadline
	day    int  // YYYYMMDD
	status duban.Status
	light  duban.Light
	n      int
}

// dayNumber is d as YYYYMMDD.
func dayNumber(d duban.Date) int {
	t := d.Time()
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

// dateOfNumber is the date of a YYYYMMDD number.
func dateOfNumber(n int) duban.Date {
	return duban.NewDate(n/10000, time.Month(n/100%100), n%100)
}

// deadlineDayCol and closedDayCol are an assignment's deadline and the
// China day of its closure as YYYYMMDD numbers, as the tallies key them.
const deadlineDayCol = `CAST(replace(deadline, '-', '') AS BIGINT)`

func closedDayCol(d Dialect) string {
	if d == Postgres {
		return `CAST(to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS BIGINT)`
	}
	return `CAST(strftime('%Y%m%d', closed_at, '+8 hours') AS BIGINT)`
}

// countDays counts a plan's assignments by deadline day and by closure
// day, status and light under rule r into fresh, as the tallies by day
// hold them: the rows a recount writes.
func countDays(ctx context.Context, tx *Tx, planID int64, r duban.LightRule, fresh map[tallyKey]int) error {
	light, args := lightCase(r)
	for _, by := range []struct {
		grain string
		day   string
		cond  string
	}{
		{"deadline", deadlineDayCol, `deadline_kind <> 'long_term' AND deadline IS NOT NULL AND deadline <> ''`},
		{"closed", closedDayCol(tx.db.dialect), `status = 'closed' AND closed_at IS NOT NULL`},
	} {
		rows, err := tx.QueryContext(ctx, `SELECT status, `+light+`, `+by.day+`, COUNT(*) FROM assignments
			WHERE plan_id = ? AND `+by.cond+` GROUP BY 1, 2, 3`, append(append([]any{}, args...), planID)...)
		if err != nil {
			return fmt.Errorf("store: count days: %w", err)
		}
		for rows.Next() {
			var day int64
			var status duban.Status
			var l duban.Light
			var n int
			if err := rows.Scan(&status, &l, &day, &n); err != nil {
				rows.Close()
				return fmt.Errorf("store: count days: %w", err)
			}
			fresh[tallyKey{by.grain, 0, day, status, l}] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: count days: %w", err)
		}
	}
	return nil
}

// dayTallies reads a plan's counts by day, and false when they hold for
// another rule than r.
func dayTallies(ctx context.Context, q queryer, planID int64, r duban.LightRule) ([]dayTally, bool, error) {
	query, args := heldThen(planID, r, `SELECT 1, grain, aspect_id, status, light, n FROM light_tallies WHERE plan_id = ? AND grain IN ('deadline', 'closed') AND id = 0 AND n > 0`, planID)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: day tallies: %w", err)
	}
	defer rows.Close()
	var out []dayTally
	current := false
	for rows.Next() {
		var kind int
		var grain string
		var t dayTally
		if err := rows.Scan(&kind, &grain, &t.day, &t.status, &t.light, &t.n); err != nil {
			return nil, false, fmt.Errorf("store: day tallies: %w", err)
		}
		if kind == 0 {
			current = true
			continue
		}
		t.closed = grain == "closed"
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: day tallies: %w", err)
	}
	return out, current, nil
}

// fillDays sets d's figures by day from the tallies as of asOf: the open
// assignments by deadline month and light with those overdue, the due
// days up to asOf and the closure days up to asOf. The same figures as
// deadlineMonths, dueDays and closureDays count from the rows.
func fillDays(d *Dashboard, tallies []dayTally, asOf duban.Date) {
	today := dayNumber(asOf)
	months := map[MonthLight]int{}
	due, closed := map[int]int{}, map[int]int{}
	d.Overdue = 0
	for _, t := range tallies {
		switch {
		case t.closed:
			if t.day <= today {
				closed[t.day] += t.n
			}
		default:
			if t.day <= today {
				due[t.day] += t.n
			}
			if t.status == duban.StatusClosed {
				continue
			}
			months[MonthLight{Month: fmt.Sprintf("%04d-%02d", t.day/10000, t.day/100%100), Light: t.light}] += t.n
			if t.day < today {
				d.Overdue += t.n
			}
		}
	}
	d.Deadlines = make([]MonthLight, 0, len(months))
	for m, n := range months {
		m.Count = n
		d.Deadlines = append(d.Deadlines, m)
	}
	slices.SortFunc(d.Deadlines, func(a, b MonthLight) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Light, b.Light))
	})
	d.Due, d.Closures = dayList(due), dayList(closed)
}

// dayList lists counts by day in day order.
func dayList(by map[int]int) []DayCount {
	days := make([]int, 0, len(by))
	for day := range by {
		days = append(days, day)
	}
	slices.Sort(days)
	out := make([]DayCount, len(days))
	for i, day := range days {
		out[i] = DayCount{Day: dateOfNumber(day), Count: by[day]}
	}
	return out
}
