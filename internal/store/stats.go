package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// Stats counts a plan's assignments by status and light, in total, per
// aspect and per unit, as of a day. Today's figures are read from the plan's
// light tallies (see tally.go), another day's are counted by the database
// over its indexes; nothing but grouped counts is read. A liaison's counts
// cover only its own unit.
func (db *DB) Stats(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*duban.Stats, error) {
	q := db.reader()
	pl, err := seePlan(ctx, q, p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	restrict := seenUnit(p)
	rule := db.rule(pl, day)
	// The answer, titles and all, is remembered until the next write: the
	// audit chain's head moves with every write, a renamed unit's too.
	seq, err := headSeq(ctx, q)
	if err != nil {
		return nil, err
	}
	key := dashboardKey{plan: planID, unit: restrict, rule: rule, seq: seq, version: pl.Version}
	if st, ok := db.stats.get(key); ok {
		c := *st
		return &c, nil
	}
	counts, err := db.lightCounts(ctx, planID, restrict, rule)
	if err != nil {
		return nil, err
	}
	aspects, units := rollups(counts)
	st, err := statsOf(ctx, q, planID, day, restrict, aspects, units)
	if err != nil {
		return nil, err
	}
	db.stats.put(key, st)
	c := *st
	return &c, nil
}

// seenUnit is the unit whose assignments alone p sees (a liaison's), or 0
// when p reads the whole plan: the scope figures are counted and
// remembered for.
func seenUnit(p *duban.Principal) int64 {
	if p.ReadsAll() {
		return 0
	}
	return p.UnitID
}

// rollups folds counts into per-aspect and per-unit roll-ups.
func rollups(counts []groupCount) (aspects, units map[int64]*duban.GroupStats) {
	aspects, units = map[int64]*duban.GroupStats{}, map[int64]*duban.GroupStats{}
	for _, c := range counts {
		m := aspects
		if c.unit {
			m = units
		}
		g := m[c.id]
		if g == nil {
			g = &duban.GroupStats{ID: c.id}
			m[c.id] = g
		}
		g.Rollup.Add(c.status, c.light, c.n)
	}
	return aspects, units
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
