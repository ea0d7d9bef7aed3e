package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// A plan's assignments are counted by aspect, unit, status and light in the
// table light_tallies, which triggers keep in step with every write to
// assignments (migration 0005). The counts hold for the rule in the plan's
// light_rules row; asked for today's figures under another rule, the store
// recounts the plan once and reads the counts from then on. A plan never
// counted (its row holds no rule: every new plan, an import's included) is
// not tallied row by row (migration 0040 on SQLite; PostgreSQL's trigger
// function always skipped it): its first reader counts it. Figures for
// another day are counted from the assignments themselves.

// lightCount is how many of a plan's assignments have one aspect, unit,
// status and light.
type lightCount struct {
	aspect, unit int64
	status       duban.Status
	light        duban.Light
	n            int
}

// groupCount is how many of a plan's assignments of one aspect, or of one
// unit, have one status and light.
type groupCount struct {
	unit   bool // a unit's count; else an aspect's
	id     int64
	status duban.Status
	light  duban.Light
	n      int
}

// lightCounts counts a plan's assignments (of one unit when unitID is not 0)
// by status and light, per aspect and per unit, under rule r.
func (db *DB) lightCounts(ctx context.Context, planID, unitID int64, r duban.LightRule) ([]groupCount, error) {
	// Counts are remembered as the battle map is, until the next write
	// (figuresSeq): today's from the tallies (a few milliseconds on a
	// 150,000-assignment plan, asked by the statistics, the tree and every
	// page's figures), another day's from every version of the plan's
	// assignments (tens of milliseconds).
	seq, err := db.figuresSeq(ctx, r.AsOf)
	if err != nil {
		return nil, err
	}
	key := dashboardKey{plan: planID, unit: unitID, rule: r, seq: seq}
	if out, ok := db.pastCounts.get(key); ok {
		return out, nil
	}
	if r.AsOf == db.asOf(duban.Date{}) {
		// A recount may be overtaken by another with a newer rule (the plan
		// or the calendar changed meanwhile); then the day's count is taken
		// from the assignments.
		for range 2 {
			out, ok, err := db.tallied(ctx, planID, unitID, r)
			if err != nil {
				return nil, err
			}
			if ok {
				db.pastCounts.put(key, out)
				return out, nil
			}
			if err := db.recount(ctx, planID, r); err != nil {
				return nil, err
			}
		}
	}
	// Another day's count reads every version of the plan's assignments
	// (a second on a national plan on PostgreSQL): requests for the same
	// counts at once share one, as the battle map's do, rather than each
	// taking a share of the same cores for it.
	v, err, _ := db.counting.Do("lights "+fmt.Sprint(key), func() (any, error) {
		counts, err := countLights(ctx, db.reader(), planID, unitID, r, db.rowsOn(r.AsOf))
		if err != nil {
			return nil, err
		}
		out := perGroup(counts)
		db.pastCounts.put(key, out)
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]groupCount), nil
}

// perGroup sums counts per aspect and per unit.
func perGroup(counts []lightCount) []groupCount {
	type key struct {
		unit   bool
		id     int64
		status duban.Status
		light  duban.Light
	}
	sums := map[key]int{}
	var order []key
	for _, c := range counts {
		for _, k := range []key{{false, c.aspect, c.status, c.light}, {true, c.unit, c.status, c.light}} {
			if _, ok := sums[k]; !ok {
				order = append(order, k)
			}
			sums[k] += c.n
		}
	}
	out := make([]groupCount, len(order))
	for i, k := range order {
		out[i] = groupCount{unit: k.unit, id: k.id, status: k.status, light: k.light, n: sums[k]}
	}
	return out
}

// ruleHeld is the condition that a light_rules row holds the rule of
// ruleArgs.
const ruleHeld = `as_of = ? AND yellow_by = ? AND period = ? AND period_due = ?`

// ruleArgs are the values of a rule as light_rules holds them.
func ruleArgs(r duban.LightRule) []any {
	return []any{r.AsOf.String(), r.YellowBy.String(), r.Period, periodDueInstant(r)}
}

// periodDueInstant is the end of the day the rule's report period was due,
// in China time: a report from before it was in on time.
func periodDueInstant(r duban.LightRule) time.Time {
	d := r.PeriodDue.Time()
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, duban.ChinaTime).UTC()
}

// heldThen is one statement reading tallies of a plan (counts, selecting
// 1, grain, id, status, light, n, with args) together with whether they
// hold for rule r: a row of kind 0 first when they do.
func heldThen(planID int64, r duban.LightRule, counts string, args ...any) (string, []any) {
	return `SELECT 0, '', 0, '', '', 0 FROM light_rules WHERE plan_id = ? AND ` + ruleHeld + ` UNION ALL ` + counts,
		append(append([]any{planID}, ruleArgs(r)...), args...)
}

// tallied reads the plan's counts per aspect and per unit, and false when
// they hold for another rule.
func (db *DB) tallied(ctx context.Context, planID, unitID int64, r duban.LightRule) ([]groupCount, bool, error) {
	q, args := heldThen(planID, r, `SELECT 1, grain, id, status, light, n FROM light_tallies WHERE plan_id = ? AND grain IN ('aspect', 'unit') AND n > 0`, planID)
	if unitID != 0 {
		q, args = heldThen(planID, r, `SELECT 1, 'unit_aspect', aspect_id, status, light, n FROM light_tallies WHERE plan_id = ? AND grain = 'unit_aspect' AND id = ? AND n > 0`, planID, unitID)
	}
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: light tallies: %w", err)
	}
	defer rows.Close()
	var out []groupCount
	var ofUnit []lightCount // one unit's counts per aspect
	current := false
	for rows.Next() {
		var kind int
		var grain string
		var c groupCount
		if err := rows.Scan(&kind, &grain, &c.id, &c.status, &c.light, &c.n); err != nil {
			return nil, false, fmt.Errorf("store: light tallies: %w", err)
		}
		switch {
		case kind == 0:
			current = true
		case grain == "unit_aspect" && c.status == duban.StatusDraft:
			// A unit's view leaves out drafts: they are the lead office's alone.
		case grain == "unit_aspect":
			ofUnit = append(ofUnit, lightCount{aspect: c.id, unit: unitID, status: c.status, light: c.light, n: c.n})
		default:
			c.unit = grain == "unit"
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: light tallies: %w", err)
	}
	if unitID != 0 {
		// Per aspect as held; the unit's own total is their sum.
		out = perGroup(ofUnit)
	}
	return out, current, nil
}

// recount counts a plan's assignments afresh under rule r, unless another
// recount has just done so. On PostgreSQL the update of the rule row waits
// for writes under way (their triggers hold a share lock on it), and writes
// that start meanwhile wait for the recount.
func (db *DB) recount(ctx context.Context, planID int64, r duban.LightRule) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, db: db}
	// Every plan gets its row when it is created; a plan that somehow has
	// none gets one here rather than never being tallied.
	if _, err := tx.exec(ctx, `INSERT INTO light_rules (plan_id, as_of, yellow_by, period) VALUES (?, '', '', '') ON CONFLICT (plan_id) DO NOTHING`, planID); err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	args := ruleArgs(r)
	res, err := tx.exec(ctx, `UPDATE light_rules SET as_of = ?, yellow_by = ?, period = ?, period_due = ?
		WHERE plan_id = ? AND (as_of <> ? OR yellow_by <> ? OR period <> ? OR period_due IS NULL OR period_due <> ?)`,
		append(append(append([]any{}, args...), planID), args...)...)
	if err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	counts, err := countLights(ctx, tx, planID, 0, r, liveRows)
	if err != nil {
		return err
	}
	// The grains the triggers keep: per unit within each aspect as
	// counted, the sums per aspect and per unit, and the counts by day
	// (day_tally.go). Only the counts that
	// differ from those held are written: from one day to the next most
	// stay as they were.
	fresh := map[tallyKey]int{}
	for _, c := range counts {
		fresh[tallyKey{"unit_aspect", c.unit, c.aspect, c.status, c.light}] += c.n
	}
	for _, g := range perGroup(counts) {
		grain := "aspect"
		if g.unit {
			grain = "unit"
		}
		fresh[tallyKey{grain, g.id, 0, g.status, g.light}] += g.n
	}
	if err := countDays(ctx, tx, planID, r, fresh); err != nil {
		return err
	}
	held, err := heldTallies(ctx, tx, planID)
	if err != nil {
		return err
	}
	var changed []tallyRow
	for k, n := range fresh {
		if held[k] != n {
			changed = append(changed, tallyRow{k, n})
		}
	}
	for k, n := range held {
		if _, ok := fresh[k]; !ok && n != 0 {
			changed = append(changed, tallyRow{k, 0})
		}
	}
	if err := upsertTallies(ctx, tx, planID, changed); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	return nil
}

// tallyKey names one row of light_tallies within a plan.
type tallyKey struct {
	grain    string
	id       int64
	aspectID int64
	status   duban.Status
	light    duban.Light
}

// tallyRow is one row of light_tallies, without its plan.
type tallyRow struct {
	tallyKey
	n int
}

// heldTallies reads the counts a plan's tallies hold.
func heldTallies(ctx context.Context, tx *Tx, planID int64) (map[tallyKey]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT grain, id, aspect_id, status, light, n FROM light_tallies WHERE plan_id = ?`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: recount: %w", err)
	}
	defer rows.Close()
	held := map[tallyKey]int{}
	for rows.Next() {
		var k tallyKey
		var n int
		if err := rows.Scan(&k.grain, &k.id, &k.aspectID, &k.status, &k.light, &n); err != nil {
			return nil, fmt.Errorf("store: recount: %w", err)
		}
		held[k] = n
	}
	return held, rows.Err()
}

// upsertTallies writes rows in statements of up to 500 rows.
func upsertTallies(ctx context.Context, tx *Tx, planID int64, rows []tallyRow) error {
	for len(rows) > 0 {
		batch := rows[:min(len(rows), 500)]
		rows = rows[len(batch):]
		var q strings.Builder
		q.WriteString(`INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n) VALUES `)
		args := make([]any, 0, 7*len(batch))
		for i, r := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, planID, r.grain, r.id, r.aspectID, r.status, r.light, r.n)
		}
		q.WriteString(` ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = excluded.n`)
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("store: recount: %w", err)
		}
	}
	return nil
}

// RecountLights brings every plan's counts to the rule of a day (today when
// zero), so that the first reader of a new day does not wait for the count.
// The scheduler runs it on each pass, for the day the pass stands for; a
// plan already counted for that day costs one lookup.
func (db *DB) RecountLights(ctx context.Context, day duban.Date) error {
	type planRule struct {
		id        int64
		cadence   duban.Cadence
		reportDay int
		ladder    string
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, `+planRuleCols+` FROM plans ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	var plans []planRule
	for rows.Next() {
		var p planRule
		if err := rows.Scan(&p.id, &p.cadence, &p.reportDay, &p.ladder); err != nil {
			rows.Close()
			return fmt.Errorf("store: recount: %w", err)
		}
		plans = append(plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	day = db.asOf(day)
	for _, p := range plans {
		r, err := db.ruleOf(p.cadence, p.reportDay, p.ladder, day)
		if err != nil {
			return err
		}
		// A read first: most passes find every plan counted already, and
		// need not queue for the writer.
		var held int
		err = db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM light_rules WHERE plan_id = ? AND `+ruleHeld,
			append([]any{p.id}, ruleArgs(r)...)...).Scan(&held)
		if err != nil {
			return fmt.Errorf("store: recount: %w", err)
		}
		if held > 0 {
			continue
		}
		if err := db.recount(ctx, p.id, r); err != nil {
			return err
		}
	}
	return nil
}

// countLights counts a plan's assignments by aspect, unit, status and light
// from the assignments, in one pass over the covering index
// assignments_plan_stats: for a day other than today.
func countLights(ctx context.Context, q queryer, planID, unitID int64, r duban.LightRule, src rowSource) ([]lightCount, error) {
	// Grouping by the leading columns of the index lets the database
	// aggregate as it walks the index, with no sort. The light is computed
	// once per row and summed as one code: red counts 1, yellow counts 2^20
	// (more rows than a group can hold).
	light, args := lightCase(r)
	query := `SELECT aspect_id, unit_id, status, SUM(CASE (` + light + `) WHEN 'red' THEN 1 WHEN 'yellow' THEN 1048576 ELSE 0 END), COUNT(*)
		FROM ` + src.table + ` a WHERE plan_id = ?`
	args = append(append(args, src.args...), planID)
	if unitID != 0 {
		query += ` AND unit_id = ? AND ` + handedOver
		args = append(args, unitID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY aspect_id, unit_id, status`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: count lights: %w", err)
	}
	defer rows.Close()
	out := []lightCount{}
	for rows.Next() {
		var c lightCount
		var code int64
		if err := rows.Scan(&c.aspect, &c.unit, &c.status, &code, &c.n); err != nil {
			return nil, fmt.Errorf("store: count lights: %w", err)
		}
		red, yellow := int(code%1048576), int(code/1048576)
		rest := duban.LightGreen
		if c.status == duban.StatusClosed {
			rest = duban.LightDone
		}
		for _, part := range []struct {
			l duban.Light
			n int
		}{{duban.LightRed, red}, {duban.LightYellow, yellow}, {rest, c.n - red - yellow}} {
			if part.n > 0 {
				out = append(out, lightCount{aspect: c.aspect, unit: c.unit, status: c.status, light: part.l, n: part.n})
			}
		}
	}
	return out, rows.Err()
}
