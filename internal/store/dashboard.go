package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"duban/internal/duban"
)

// RedLimit is the most red assignments Dashboard returns; the rest are
// counted in Stats.
const RedLimit = 200

// Dashboard is what a plan's battle map (挂图作战) shows besides its Stats.
type Dashboard struct {
	Plan  duban.Plan   `json:"plan"`
	Stats *duban.Stats `json:"stats"`
	// Tasks counts the measures (整改举措) the caller sees: all of the plan's,
	// or for a liaison those its unit carries.
	Tasks int `json:"tasks"`
	// Overdue counts open assignments whose date deadline is before AsOf.
	Overdue int `json:"overdue"`
	// Deadlines counts open assignments with a date deadline by the month of
	// that deadline and by light, in month order.
	Deadlines []MonthLight `json:"deadlines"`
	// Closures counts the assignments closed as of AsOf by the day (China
	// time) they were closed, in day order.
	Closures []DayCount `json:"closures"`
	// Due counts the assignments with a date deadline by that deadline, up to
	// and including AsOf, in day order: what should have been closed by then.
	Due []DayCount `json:"due"`
	// Red lists the red assignments, earliest deadline first, at most RedLimit.
	Red []duban.Assignment `json:"red"`
	// Lights counts the assignments by light: in total, by aspect id and by
	// unit id.
	Lights       LightCounts           `json:"lights"`
	AspectLights map[int64]LightCounts `json:"aspect_lights"`
	UnitLights   map[int64]LightCounts `json:"unit_lights"`
	// Figures names what these figures were counted from (the plan and its
	// version, the caller's scope, the day's rule and the writes so far):
	// two dashboards with the same Figures hold the same figures, so a
	// page made from them may be kept until it changes.
	Figures string `json:"-"`
}

// LightCounts counts assignments by light.
type LightCounts struct {
	Red    int `json:"red"`
	Yellow int `json:"yellow"`
	Green  int `json:"green"`
	Done   int `json:"done"`
}

// Add counts n assignments of light l.
func (c *LightCounts) Add(l duban.Light, n int) {
	switch l {
	case duban.LightRed:
		c.Red += n
	case duban.LightYellow:
		c.Yellow += n
	case duban.LightGreen:
		c.Green += n
	case duban.LightDone:
		c.Done += n
	}
}

// MonthLight is a count of assignments due in one month with one light.
type MonthLight struct {
	Month string      `json:"month"` // 2022-03
	Light duban.Light `json:"light"`
	Count int         `json:"count"`
}

// DayCount is a count of events on one day.
type DayCount struct {
	Day   duban.Date `json:"day"`
	Count int        `json:"count"`
}

// Dashboard returns the battle-map figures of a plan as of a day. Every
// figure is counted by the database; a liaison's figures cover only its own
// unit, as in Stats, whose figures Dashboard.Stats equals (it is counted in
// the same pass as the lights). NotFound if the caller may not see the plan.
//
// The figures are remembered (dashboardCache) for the plan, day, light
// rule and caller's unit until the next write anywhere (the audit chain's
// head moves with every write transaction). A day that ended more than an
// hour ago (figuresSeq) no write changes: its figures are remembered until
// a name they show changes (namesStamp), a server under writes otherwise
// counting a past day's battle map again for nearly every look.
func (db *DB) Dashboard(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*Dashboard, error) {
	q := db.reader()
	pl, err := seePlan(ctx, q, p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	rule := db.rule(pl, day)
	restrict := seenUnit(p)
	// The names in the figures are today's, a past day's battle map's too.
	seq, err := db.figuresSeq(ctx, day)
	if err != nil {
		return nil, err
	}
	key := dashboardKey{plan: planID, unit: restrict, rule: rule, seq: seq, version: pl.Version}
	if seq == -1 {
		if key.names, err = namesStamp(ctx, q, planID); err != nil {
			return nil, err
		}
	}
	if d, ok := db.dashboards.get(key); ok {
		c := *d
		c.Plan, c.Figures = *pl, fmt.Sprint(key)
		return &c, nil
	}
	// Requests for the same figures at once share one count.
	v, err, _ := db.counting.Do(fmt.Sprint(key), func() (any, error) {
		d, err := db.dashboard(ctx, q, pl, rule, restrict)
		if err == nil {
			db.dashboards.put(key, d)
		}
		return d, err
	})
	if err != nil {
		return nil, err
	}
	c := *v.(*Dashboard)
	c.Plan, c.Figures = *pl, fmt.Sprint(key)
	return &c, nil
}

// figuresSeq is what remembered figures as of day are valid for: the audit
// chain's head, which every write moves, or -1 for a day that ended more
// than an hour ago. A write stamps the history (migration 0021) with its
// own time, so the versions in force at the end of a past day never change
// afterwards, and figures as of that day stay what they were counted.
func (db *DB) figuresSeq(ctx context.Context, day duban.Date) (int64, error) {
	if dayEnd(day).Add(time.Hour).Before(db.Now()) {
		return -1, nil
	}
	return headSeq(ctx, db.reader())
}

// namesStamp changes whenever a name a plan's battle map shows may have:
// a unit's (in the figures by unit and the red list) or an aspect's (in
// the figures by aspect) added, removed or changed (every change of a
// unit or node counts up its version).
func namesStamp(ctx context.Context, q queryer, planID int64) (string, error) {
	var units, unitVersions, aspects, aspectVersions int64
	err := q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM units), (SELECT COALESCE(SUM(version), 0) FROM units),
		(SELECT COUNT(*) FROM nodes WHERE plan_id = ? AND parent_id IS NULL), (SELECT COALESCE(SUM(version), 0) FROM nodes WHERE plan_id = ? AND parent_id IS NULL)`,
		planID, planID).Scan(&units, &unitVersions, &aspects, &aspectVersions)
	if err != nil {
		return "", fmt.Errorf("store: figures: %w", err)
	}
	return fmt.Sprintf("%d.%d/%d.%d", units, unitVersions, aspects, aspectVersions), nil
}

// headSeq is the audit chain's head, which every write transaction moves.
func headSeq(ctx context.Context, q queryer) (int64, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: figures: %w", err)
	}
	return seq, nil
}

// dashboardKey is what a battle map's figures depend on: the plan (and its
// version: ladder and cadence), the caller's unit (0 for the whole plan),
// the day's light rule, and the writes since (figuresSeq).
type dashboardKey struct {
	plan, unit int64
	rule       duban.LightRule
	seq        int64
	version    int
	node       int64  // the tree's node whose branch is counted (0: none)
	names      string // for a day long past, the names it shows (namesStamp)
}

// figureCache remembers figures counted for a dashboardKey, at most max of
// them, until the next write: an answer counted before a write is never
// served again (dashboardKey.seq; -1 for days long past, which writes no
// longer change).
type figureCache[T any] struct {
	max int
	mu  sync.Mutex
	m   map[dashboardKey]T
}

func (c *figureCache[T]) get(k dashboardKey) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *figureCache[T]) put(k dashboardKey, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = map[dashboardKey]T{}
	}
	for old := range c.m {
		if old.seq != k.seq && old.seq != -1 && k.seq != -1 {
			delete(c.m, old) // counted before a write: never served again
		}
	}
	c.m[k] = v
}

// dashboard counts the battle map of plan pl under rule r; restrict is the
// caller's unit when it sees only its own. Its six counts read different
// figures and fill different fields: they run at once, each on a
// connection of its own. A past day's counts each read every version of
// the plan's assignments (on a national plan on SQLite 0.1-0.3 s apiece,
// 0.8 s one after another), so its first battle map is ready in about the
// time of the longest two.
func (db *DB) dashboard(ctx context.Context, q queryer, pl *duban.Plan, rule duban.LightRule, restrict int64) (*Dashboard, error) {
	db.dashboardsCounted.Add(1)
	planID, day := pl.ID, rule.AsOf
	out := &Dashboard{Plan: *pl, Closures: []DayCount{}, Due: []DayCount{}, Red: []duban.Assignment{}}
	src := db.rowsOn(day)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		out.Stats, err = db.dashboardCounts(ctx, q, out, planID, restrict, rule)
		return err
	})
	g.Go(func() error {
		var err error
		switch {
		case restrict != 0:
			err = q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT task_id) FROM `+src.table+` a WHERE plan_id = ? AND unit_id = ? AND `+handedOver, src.with(planID, restrict)...).Scan(&out.Tasks)
		case src.past:
			err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE plan_id = ? AND created_at < ?`, planID, dayEnd(day)).Scan(&out.Tasks)
		default:
			err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE plan_id = ?`, planID).Scan(&out.Tasks)
		}
		if err != nil {
			return fmt.Errorf("store: dashboard tasks: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		return db.dayFigures(ctx, q, out, planID, restrict, rule, src)
	})
	g.Go(func() (err error) {
		out.Red, err = db.redAssignments(ctx, q, planID, restrict, day, src)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// dayFigures fills the battle map's figures by day: today's for the whole
// plan from the tallies when they hold for today's rule, else (a unit's,
// another day's, or today's first look before its recount) counted from
// the rows, the three counts at once.
func (db *DB) dayFigures(ctx context.Context, q queryer, d *Dashboard, planID, restrict int64, rule duban.LightRule, src rowSource) error {
	if restrict == 0 && !src.past && rule.AsOf == db.asOf(duban.Date{}) && !db.rowDays {
		tallies, ok, err := dayTallies(ctx, q, planID, rule)
		if err != nil {
			return err
		}
		if ok {
			fillDays(d, tallies, rule.AsOf)
			db.daysTallied.Add(1)
			return nil
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		d.Deadlines, d.Overdue, err = deadlineMonths(ctx, q, planID, restrict, rule, src)
		return err
	})
	g.Go(func() (err error) {
		d.Closures, err = db.closureDays(ctx, q, planID, restrict, rule.AsOf, src)
		return err
	})
	g.Go(func() (err error) {
		d.Due, err = dueDays(ctx, q, planID, restrict, rule.AsOf, src)
		return err
	})
	return g.Wait()
}

// dashboardCounts counts the plan's assignments by aspect, unit, status and
// light, and returns the Stats that Stats would (the same counts, titles,
// order and roll-ups) while it fills the light counts of d.
func (db *DB) dashboardCounts(ctx context.Context, q queryer, d *Dashboard, planID, unitID int64, r duban.LightRule) (*duban.Stats, error) {
	counts, err := db.lightCounts(ctx, planID, unitID, r)
	if err != nil {
		return nil, err
	}
	d.AspectLights, d.UnitLights = map[int64]LightCounts{}, map[int64]LightCounts{}
	for _, c := range counts {
		m := d.AspectLights
		if c.unit {
			m = d.UnitLights
		} else {
			d.Lights.Add(c.light, c.n)
		}
		l := m[c.id]
		l.Add(c.light, c.n)
		m[c.id] = l
	}
	aspects, units := rollups(counts)
	return statsOf(ctx, q, planID, r.AsOf, unitID, aspects, units)
}

// statsOf titles and orders grouped counts as Stats does.
func statsOf(ctx context.Context, q queryer, planID int64, day duban.Date, restrict int64, aspects, units map[int64]*duban.GroupStats) (*duban.Stats, error) {
	st := &duban.Stats{PlanID: planID, AsOf: day, ByAspect: []duban.GroupStats{}, ByUnit: []duban.GroupStats{}}
	for _, g := range aspects {
		st.Total.Merge(g.Rollup)
	}
	var err error
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

// lightCase is the SQL that classes an assignment by its light, the same
// rule as duban.LightRule.Of and the view assignment_lights (migration
// 0005), with its arguments.
func lightCase(r duban.LightRule) (string, []any) {
	return `CASE
		WHEN status = 'closed' AND NOT phase_complete THEN 'done'
		WHEN status NOT IN ('closed', 'draft') AND notice_due < ? THEN 'red'
		WHEN status <> 'closed' AND deadline_kind <> 'long_term' AND deadline < ? THEN 'red'
		WHEN status <> 'closed' AND deadline_kind <> 'long_term' AND deadline <= ? THEN 'yellow'
		WHEN ? <> '' AND status <> 'draft' AND last_period < ? AND assigned_at < ? THEN 'yellow'
		WHEN status = 'closed' THEN 'done'
		ELSE 'green' END`, []any{r.AsOf.String(), r.AsOf.String(), r.YellowBy.String(), r.Period, r.Period, periodDueInstant(r)}
}

// deadlineMonths groups the open assignments with a date deadline by the
// month of the deadline and their light, and counts those past their
// deadline as of the rule's day.
func deadlineMonths(ctx context.Context, q queryer, planID, unitID int64, r duban.LightRule, src rowSource) ([]MonthLight, int, error) {
	light, args := lightCase(r)
	// deadline, not sort_deadline (the same for a date deadline): the
	// columns of the plan's statistics index, which covers the count.
	query := `SELECT substr(deadline, 1, 7), ` + light + `, CASE WHEN deadline < ? THEN 1 ELSE 0 END, COUNT(*) FROM ` + src.table + ` a
		WHERE plan_id = ? AND status <> 'closed' AND deadline_kind <> 'long_term' AND deadline IS NOT NULL`
	args = append(append(append(args, r.AsOf.String()), src.args...), planID)
	if unitID != 0 {
		query += ` AND unit_id = ? AND ` + handedOver
		args = append(args, unitID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY 1, 2, 3 ORDER BY 1, 2`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: deadline months: %w", err)
	}
	defer rows.Close()
	out, overdue := []MonthLight{}, 0
	for rows.Next() {
		var m MonthLight
		var late int
		if err := rows.Scan(&m.Month, &m.Light, &late, &m.Count); err != nil {
			return nil, 0, fmt.Errorf("store: deadline months: %w", err)
		}
		if late == 1 {
			overdue += m.Count
		}
		if n := len(out); n > 0 && out[n-1].Month == m.Month && out[n-1].Light == m.Light {
			out[n-1].Count += m.Count
			continue
		}
		out = append(out, m)
	}
	return out, overdue, rows.Err()
}

// closureDays counts the plan's assignments closed as of asOf by the day,
// in China time, of their closure.
func (db *DB) closureDays(ctx context.Context, q queryer, planID, unitID int64, asOf duban.Date, src rowSource) ([]DayCount, error) {
	dayOf := `date(closed_at, '+8 hours')`
	if db.dialect == Postgres {
		dayOf = `to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`
	}
	query := `SELECT ` + dayOf + `, COUNT(*) FROM ` + src.table + ` a WHERE plan_id = ? AND status = 'closed' AND closed_at < ?`
	args := src.with(planID, dayEnd(asOf))
	if unitID != 0 {
		query += ` AND unit_id = ? AND ` + handedOver
		args = append(args, unitID)
	}
	return dayCounts(ctx, q, "closure days", query+` GROUP BY 1 ORDER BY 1`, args...)
}

// dueDays counts the plan's assignments with a date deadline by that
// deadline, up to asOf.
func dueDays(ctx context.Context, q queryer, planID, unitID int64, asOf duban.Date, src rowSource) ([]DayCount, error) {
	query := `SELECT deadline, COUNT(*) FROM ` + src.table + ` a WHERE plan_id = ? AND deadline_kind <> 'long_term' AND deadline <= ?`
	args := src.with(planID, asOf.String())
	if unitID != 0 {
		query += ` AND unit_id = ? AND ` + handedOver
		args = append(args, unitID)
	}
	return dayCounts(ctx, q, "due days", query+` GROUP BY 1 ORDER BY 1`, args...)
}

// dayCounts reads rows of a day (YYYY-MM-DD text) and a count.
func dayCounts(ctx context.Context, q queryer, what, query string, args ...any) ([]DayCount, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	out := []DayCount{}
	for rows.Next() {
		var day string
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		d, err := duban.ParseDate(day)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, DayCount{Day: d, Count: n})
	}
	return out, rows.Err()
}

// redAssignments lists the plan's red assignments as of asOf (past a date
// deadline, or a 督办单 unanswered past its due date), earliest deadline
// first, with their lights and working days left.
func (db *DB) redAssignments(ctx context.Context, q queryer, planID, unitID int64, asOf duban.Date, src rowSource) ([]duban.Assignment, error) {
	red := `((a.deadline_kind <> 'long_term' AND a.sort_deadline < ?) OR (a.status <> 'draft' AND a.notice_due < ?))`
	var query string
	var args []any
	if unitID == 0 && !src.past && db.dialect == SQLite {
		// The plan's open assignments in deadline order: one range of
		// its status index per open status, merged (armsQuery;
		// PostgreSQL keeps the plan's open index, migration 0039).
		w := &where{conds: []string{"a.plan_id = ?", red}, args: []any{planID, asOf.String(), asOf.String()}}
		inner, innerArgs := armsQuery(w, "assignments_plan_status_due", openStatuses, "a.id AS id, a.sort_deadline AS sd", "sd, id", RedLimit)
		query, args = `SELECT `+assignmentCols+` FROM (`+inner+`) k JOIN assignments a ON a.id = k.id JOIN units u ON u.id = a.unit_id ORDER BY k.sd, k.id`, innerArgs
	} else {
		query = `SELECT ` + assignmentCols + ` FROM ` + src.table + ` a JOIN units u ON u.id = a.unit_id WHERE a.plan_id = ? AND a.status <> 'closed' AND ` + red
		args = src.with(planID, asOf.String(), asOf.String())
		if unitID != 0 {
			query += ` AND a.unit_id = ? AND a.` + handedOver
			args = append(args, unitID)
		}
		query += fmt.Sprintf(` ORDER BY a.sort_deadline, a.id LIMIT %d`, RedLimit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: red assignments: %w", err)
	}
	defer rows.Close()
	out := []duban.Assignment{}
	for rows.Next() {
		var x duban.Assignment
		if err := scanAssignment(rows, &x); err != nil {
			return nil, fmt.Errorf("store: red assignments: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: red assignments: %w", err)
	}
	rows.Close()
	l := db.lighter(q, asOf)
	for i := range out {
		if err := l.light(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Overview is the inspection office's view of every plan of its rounds.
type Overview struct {
	AsOf   duban.Date   `json:"asof"`
	Rounds []string     `json:"rounds"` // every round with a plan, newest first
	Groups []RoundGroup `json:"groups"`
}

// RoundGroup is the plans of one inspection round, worst first.
type RoundGroup struct {
	Round string      `json:"round"`
	Plans []RoundPlan `json:"plans"`
	Total duban.Rollup
}

// RoundPlan is one inspected unit's plan in a round, with its figures.
type RoundPlan struct {
	PlanID    int64        `json:"plan_id"`
	PlanTitle string       `json:"plan_title"`
	Team      string       `json:"team"`
	Unit      duban.Unit   `json:"unit"` // the inspected unit (the plan's owner)
	Rollup    duban.Rollup `json:"rollup"`
	Overdue   int          `json:"overdue"` // open assignments past a date deadline
}

// Overview returns every plan that answers an inspection (a source of kind
// inspection), grouped by the inspection's round (or, when the round is not
// named, the inspection's title), newest round first, each with its
// figures as of asOf; round "" means every round. Inspectors and
// administrators only.
func (db *DB) Overview(ctx context.Context, p *duban.Principal, round string, asOf duban.Date) (*Overview, error) {
	if p.Role != duban.RoleInspector && p.Role != duban.RoleAdmin {
		return nil, duban.ErrForbidden("查看巡视整改总览")
	}
	q := db.reader()
	day := db.asOf(asOf)
	out := &Overview{AsOf: day, Rounds: []string{}, Groups: []RoundGroup{}}
	// Newest inspection first, so that each round comes in with its newest
	// plan. An inspection whose round is not named goes by its own title.
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(NULLIF(s.round, ''), s.title), ps.plan_id, MAX(s.team), MAX(s.id) FROM sources s
		JOIN plan_sources ps ON ps.source_id = s.id
		WHERE s.kind = 'inspection' GROUP BY COALESCE(NULLIF(s.round, ''), s.title), ps.plan_id ORDER BY 4 DESC, 2`)
	if err != nil {
		return nil, fmt.Errorf("store: overview: %w", err)
	}
	type entry struct {
		round, team string
		plan        int64
	}
	var entries []entry
	seenRound := map[string]bool{}
	for rows.Next() {
		var e entry
		var last int64
		if err := rows.Scan(&e.round, &e.plan, &e.team, &last); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: overview: %w", err)
		}
		if !seenRound[e.round] {
			seenRound[e.round] = true
			out.Rounds = append(out.Rounds, e.round)
		}
		if round == "" || e.round == round {
			entries = append(entries, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: overview: %w", err)
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.plan
	}
	plans, err := overviewPlans(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	overdue, err := overdueByPlan(ctx, db.dialect, q, plans, day, db.rowsOn(day))
	if err != nil {
		return nil, err
	}
	group := map[string]int{}
	for _, e := range entries {
		op := plans[e.plan]
		if op == nil || day.Before(db.asOf(duban.Date{})) && !op.plan.CreatedAt.Before(dayEnd(day)) {
			continue // no such plan then
		}
		counts, err := db.lightCounts(ctx, e.plan, 0, db.rule(&op.plan, day))
		if err != nil {
			return nil, err
		}
		rp := RoundPlan{PlanID: e.plan, PlanTitle: op.plan.Title, Team: e.team, Unit: op.unit, Overdue: overdue[e.plan]}
		for _, c := range counts {
			if !c.unit {
				rp.Rollup.Add(c.status, c.light, c.n)
			}
		}
		i, ok := group[e.round]
		if !ok {
			i = len(out.Groups)
			group[e.round] = i
			out.Groups = append(out.Groups, RoundGroup{Round: e.round})
		}
		out.Groups[i].Plans = append(out.Groups[i].Plans, rp)
		out.Groups[i].Total.Merge(rp.Rollup)
	}
	for i := range out.Groups {
		sortWorstFirst(out.Groups[i].Plans)
	}
	return out, nil
}

// sortWorstFirst ranks plans: most red first, then the lowest closure rate,
// then most yellow.
func sortWorstFirst(ps []RoundPlan) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Rollup, ps[j].Rollup
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		if a.Rate != b.Rate {
			return a.Rate < b.Rate
		}
		return a.DueSoon > b.DueSoon
	})
}

type overviewPlan struct {
	plan duban.Plan
	unit duban.Unit
}

// overviewPlans reads plans with their owner units.
func overviewPlans(ctx context.Context, q queryer, ids []int64) (map[int64]*overviewPlan, error) {
	out := map[int64]*overviewPlan{}
	if len(ids) == 0 {
		return out, nil
	}
	args, marks := []any{}, []string{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args, marks = append(args, id), append(marks, "?")
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+planCols+` FROM plans WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: overview plans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		op := &overviewPlan{}
		if err := scanPlan(rows, &op.plan); err != nil {
			return nil, fmt.Errorf("store: overview plans: %w", err)
		}
		out[op.plan.ID] = op
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: overview plans: %w", err)
	}
	rows.Close()
	for _, op := range out {
		u, err := findUnit(ctx, q, op.plan.OwnerUnitID)
		if err != nil {
			return nil, err
		}
		op.unit = *u
	}
	return out, nil
}

// openStatusList is openStatuses as SQL literals: 'draft', 'assigned', ….
var openStatusList = func() string {
	var out []string
	for _, s := range openStatuses {
		out = append(out, "'"+string(s)+"'")
	}
	return strings.Join(out, ", ")
}()

// overdueByPlan counts each plan's open assignments past a date deadline.
func overdueByPlan(ctx context.Context, d Dialect, q queryer, plans map[int64]*overviewPlan, asOf duban.Date, src rowSource) (map[int64]int, error) {
	out := map[int64]int{}
	if len(plans) == 0 {
		return out, nil
	}
	args, marks := src.with(asOf.String()), []string{}
	for id := range plans {
		args, marks = append(args, id), append(marks, "?")
	}
	// On SQLite the open statuses are named, so that the plans' status
	// index gives the overdue range of each (its open index is gone,
	// migration 0039); PostgreSQL reads the open index.
	open := `status <> 'closed'`
	if d == SQLite {
		open = `status IN (` + openStatusList + `)`
	}
	rows, err := q.QueryContext(ctx, `SELECT plan_id, COUNT(*) FROM `+src.table+` a WHERE `+open+`
		AND deadline_kind <> 'long_term' AND sort_deadline < ? AND plan_id IN (`+strings.Join(marks, ", ")+`) GROUP BY plan_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: overview overdue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: overview overdue: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
