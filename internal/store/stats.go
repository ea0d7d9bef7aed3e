package store

import (
	"context"
	"fmt"

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
	restrict := int64(0)
	if !p.ReadsAll() {
		restrict = p.UnitID
	}
	aspects, units, err := groupCounts(ctx, q, planID, restrict, rule)
	if err != nil {
		return nil, err
	}
	return statsOf(ctx, q, planID, day, restrict, aspects, units)
}

// groupCounts counts the plan's assignments by aspect, unit, status and
// light in one pass over the covering index assignments_plan_stats, classing
// each with the same rule as duban.LightRule.Of, and folds the counts into
// per-aspect and per-unit roll-ups.
func groupCounts(ctx context.Context, q queryer, planID, unitID int64, r duban.LightRule) (map[int64]*duban.GroupStats, map[int64]*duban.GroupStats, error) {
	// Grouping by the leading columns of the index lets the database
	// aggregate as it walks the index, with no sort; the light is summed
	// per group instead of being a group key.
	light, args := lightCase(r)
	// The light is computed once per row and summed as one code: red
	// counts 1, yellow counts 2^20 (more rows than a group can hold).
	query := `SELECT aspect_id, unit_id, status, SUM(CASE (` + light + `) WHEN 'red' THEN 1 WHEN 'yellow' THEN 1048576 ELSE 0 END), COUNT(*)
		FROM assignments WHERE plan_id = ?`
	args = append(args, planID)
	if unitID != 0 {
		query += ` AND unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY aspect_id, unit_id, status`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	aspects, units := map[int64]*duban.GroupStats{}, map[int64]*duban.GroupStats{}
	add := func(m map[int64]*duban.GroupStats, id int64, s duban.Status, l duban.Light, n int) {
		if n == 0 {
			return
		}
		g := m[id]
		if g == nil {
			g = &duban.GroupStats{ID: id}
			m[id] = g
		}
		g.Rollup.Add(s, l, n)
	}
	for rows.Next() {
		var aspect, unit int64
		var s duban.Status
		var code int64
		var n int
		if err := rows.Scan(&aspect, &unit, &s, &code, &n); err != nil {
			return nil, nil, fmt.Errorf("store: stats: %w", err)
		}
		red, yellow := int(code%1048576), int(code/1048576)
		rest := duban.LightGreen
		if s == duban.StatusClosed {
			rest = duban.LightDone
		}
		for _, c := range []struct {
			l duban.Light
			n int
		}{{duban.LightRed, red}, {duban.LightYellow, yellow}, {rest, n - red - yellow}} {
			add(aspects, aspect, s, c.l, c.n)
			add(units, unit, s, c.l, c.n)
		}
	}
	return aspects, units, rows.Err()
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
