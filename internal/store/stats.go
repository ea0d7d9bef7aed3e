package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"duban/internal/duban"
)

// Stats counts a plan's assignments by status, in total, per aspect and per
// unit, as of a day. The counting is done by the database over its indexes;
// nothing but the grouped counts is read. A liaison's counts cover only its
// own unit.
func (db *DB) Stats(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*duban.Stats, error) {
	q := db.reader()
	pl, err := seePlan(ctx, q, p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	rule := db.rule(pl, day)
	st := &duban.Stats{PlanID: planID, AsOf: day, ByAspect: []duban.GroupStats{}, ByUnit: []duban.GroupStats{}}
	restrict := int64(0)
	if !p.ReadsAll() {
		restrict = p.UnitID
	}
	aspects, err := groupCounts(ctx, q, "aspect_id", planID, restrict, rule)
	if err != nil {
		return nil, err
	}
	units, err := groupCounts(ctx, q, "unit_id", planID, restrict, rule)
	if err != nil {
		return nil, err
	}
	for _, g := range aspects {
		st.Total.Merge(g.Rollup)
	}
	if st.ByAspect, err = titled(ctx, q, aspects, restrict != 0, `SELECT id, title, seq FROM nodes WHERE plan_id = ? AND parent_id IS NULL`, planID); err != nil {
		return nil, err
	}
	ids := make([]any, 0, len(units))
	marks := make([]string, 0, len(units))
	for id := range units {
		ids, marks = append(ids, id), append(marks, "?")
	}
	if len(ids) > 0 {
		st.ByUnit, err = titled(ctx, q, units, true, `SELECT id, short_name, sort FROM units WHERE id IN (`+strings.Join(marks, ", ")+`)`, ids...)
		if err != nil {
			return nil, err
		}
	}
	// Units with the most overdue first, then the lowest closure rate.
	sort.SliceStable(st.ByUnit, func(i, j int) bool {
		a, b := st.ByUnit[i].Rollup, st.ByUnit[j].Rollup
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		return a.Rate < b.Rate
	})
	return st, nil
}

// groupCounts runs one GROUP BY over the plan's assignments, classing each
// by its light with the same rule as duban.LightRule.Of; col is a column
// name chosen by the caller, never user input.
func groupCounts(ctx context.Context, q queryer, col string, planID, unitID int64, r duban.LightRule) (map[int64]*duban.GroupStats, error) {
	query := `SELECT ` + col + `, status, CASE
		WHEN status = 'closed' AND NOT phase_complete THEN 'done'
		WHEN status NOT IN ('closed', 'draft') AND notice_due < ? THEN 'red'
		WHEN status <> 'closed' AND deadline_kind = 'date' AND deadline < ? THEN 'red'
		WHEN status <> 'closed' AND deadline_kind = 'date' AND deadline <= ? THEN 'yellow'
		WHEN ? <> '' AND status <> 'draft' AND last_period < ? AND assigned_at < ? THEN 'yellow'
		WHEN status = 'closed' THEN 'done'
		ELSE 'green' END, COUNT(*)
		FROM assignments WHERE plan_id = ?`
	d := r.PeriodDue.Time()
	due := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, duban.ChinaTime).UTC()
	args := []any{r.AsOf.String(), r.AsOf.String(), r.YellowBy.String(), r.Period, r.Period, due, planID}
	if unitID != 0 {
		query += ` AND unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	out := map[int64]*duban.GroupStats{}
	for rows.Next() {
		var id int64
		var s duban.Status
		var l duban.Light
		var n int
		if err := rows.Scan(&id, &s, &l, &n); err != nil {
			return nil, fmt.Errorf("store: stats: %w", err)
		}
		g := out[id]
		if g == nil {
			g = &duban.GroupStats{ID: id}
			out[id] = g
		}
		g.Rollup.Add(s, l, n)
	}
	return out, rows.Err()
}

// titled gives the groups their titles, in the order of the query's third
// column, including groups with no assignments.
// With onlyCounted, groups without assignments are left out.
func titled(ctx context.Context, q queryer, groups map[int64]*duban.GroupStats, onlyCounted bool, query string, args ...any) ([]duban.GroupStats, error) {
	rows, err := q.QueryContext(ctx, query+` ORDER BY 3, 1`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stats titles: %w", err)
	}
	defer rows.Close()
	out := []duban.GroupStats{}
	for rows.Next() {
		var g duban.GroupStats
		var order int
		if err := rows.Scan(&g.ID, &g.Title, &order); err != nil {
			return nil, fmt.Errorf("store: stats titles: %w", err)
		}
		if c := groups[g.ID]; c != nil {
			g.Rollup = c.Rollup
		} else if onlyCounted {
			continue
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
