package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"duban/internal/duban"
)

// OutlineFilter chooses the plan, day and measures of an outline.
type OutlineFilter struct {
	PlanID int64
	UnitID int64      // only the measures this unit shares in, and only its own progress; 0 for all
	AsOf   duban.Date // zero: today
	// Keep, when not nil, keeps only these measures (by task id) and the
	// nodes above them: the export of a filtered list.
	Keep map[int64]bool
	// Brief reads of each measure only what a notice says of it: title,
	// deadline, status, light and progress (no content, target,
	// requirements, units or people).
	Brief bool
}

// Outline returns a plan as a document outline as of a day: its tree, each
// measure with its units, people, deadline, roll-up status and light, and
// the latest accepted progress of each unit up to that day. With unitID set,
// only the measures that unit shares in, and only its own progress. It is
// computed for the caller: a caller who does not read everything (a
// liaison) always gets its own unit's share, whatever unitID asks.
func (db *DB) Outline(ctx context.Context, p *duban.Principal, planID, unitID int64, asOf duban.Date) (*duban.Outline, error) {
	return db.OutlineOf(ctx, p, planID, unitID, asOf, nil)
}

// OutlineOf is Outline with only the measures keep names (by task id), and
// the nodes above them: the export of a filtered list. A nil keep keeps all.
// It holds the whole plan in memory; ScanOutline reads it a batch at a time.
func (db *DB) OutlineOf(ctx context.Context, p *duban.Principal, planID, unitID int64, asOf duban.Date, keep map[int64]bool) (*duban.Outline, error) {
	return db.OutlineFor(ctx, p, OutlineFilter{PlanID: planID, UnitID: unitID, AsOf: asOf, Keep: keep})
}

// OutlineFor is the outline f chooses, as ScanOutline reads it, whole.
func (db *DB) OutlineFor(ctx context.Context, p *duban.Principal, f OutlineFilter) (*duban.Outline, error) {
	var out *duban.Outline
	err := db.ScanOutline(ctx, p, f,
		func(o *duban.Outline, scan duban.OutlineScan) error {
			out = o
			return scan(func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool {
				n.Measures = append(n.Measures, m)
				return true
			})
		})
	return out, err
}

// ScanOutline reads a plan as Outline does, a batch of measures at a time:
// fn gets the outline's meta and nodes (without their measures) and a scan
// that yields the measures in document order, under those nodes. Everything
// is read from one snapshot of the database, a read transaction held while
// fn runs, so that each run of the scan yields the same rows. A liaison
// always gets its own unit's share. It returns NotFound for a plan the
// caller may not see.
func (db *DB) ScanOutline(ctx context.Context, p *duban.Principal, f OutlineFilter, fn func(o *duban.Outline, scan duban.OutlineScan) error) error {
	if !p.ReadsAll() {
		f.UnitID = p.UnitID
	}
	tx, err := db.readSnapshot(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := snapshotQueryer{db: db, tx: tx}
	pl, err := seePlan(ctx, q, p, f.PlanID)
	if err != nil {
		return err
	}
	day := db.asOf(f.AsOf)
	o := &duban.Outline{Meta: duban.OutlineMeta{Title: pl.Title, AsOf: day}}
	if err := outlineMeta(ctx, q, pl, &o.Meta); err != nil {
		return err
	}
	ol := &outliner{q: q, p: p, f: f, src: db.rowsOn(day), day: day, rule: db.rule(pl, day), rolls: map[int64]taskRoll{}}
	// The whole plan as it stands needs no roll-up to choose its measures:
	// each batch rolls its own up from the assignments it reads for the
	// progress. A unit's share, a liaison's or a past day's is rolled up
	// first, from the rows the caller sees on that day.
	ol.batchRolls = !ol.src.past && f.UnitID == 0 && p.ReadsAll()
	if !ol.batchRolls {
		if err := ol.rollUp(ctx); err != nil {
			return err
		}
	}
	if o.Aspects, err = ol.nodes(ctx); err != nil {
		return err
	}
	return fn(o, func(yield func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool) error {
		return ol.scan(ctx, yield)
	})
}

// readSnapshot begins a read-only transaction that sees one state of the
// database throughout: SQLite's reader keeps its snapshot from the first
// read; PostgreSQL needs REPEATABLE READ for that.
func (db *DB) readSnapshot(ctx context.Context) (*sql.Tx, error) {
	opt := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opt.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opt)
	if err != nil {
		return nil, fmt.Errorf("store: begin read: %w", err)
	}
	return tx, nil
}

// snapshotQueryer runs reads in a snapshot transaction.
type snapshotQueryer struct {
	db *DB
	tx *sql.Tx
}

func (s snapshotQueryer) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.tx.QueryContext(ctx, s.db.rebind(q), args...)
}

func (s snapshotQueryer) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return s.tx.QueryRowContext(ctx, s.db.rebind(q), args...)
}

// outlineMeta fills the meta from the plan's owner and first source: its
// kind decides the words of every document made from the plan.
func outlineMeta(ctx context.Context, q queryer, pl *duban.Plan, m *duban.OutlineMeta) error {
	owner, err := findUnit(ctx, q, pl.OwnerUnitID)
	if err != nil {
		return err
	}
	m.Unit = owner.Name
	if err := q.QueryRowContext(ctx, `SELECT notice_contact FROM plans WHERE id = ?`, pl.ID).Scan(&m.Contact); err != nil {
		return fmt.Errorf("store: plan contact: %w", err)
	}
	if len(pl.SourceIDs) == 0 {
		return nil
	}
	s, err := findSource(ctx, q, pl.SourceIDs[0])
	if err != nil {
		return err
	}
	m.Kind, m.Round, m.Team, m.Topic = s.Kind, s.Round, s.Team, s.Topic
	m.OnsiteStart, m.OnsiteEnd, m.FeedbackDate = s.OnsiteStart, s.OnsiteEnd, s.FeedbackDate
	return nil
}

// outliner reads one plan's outline for one caller.
type outliner struct {
	q     queryer
	p     *duban.Principal
	f     OutlineFilter
	src   rowSource
	day   duban.Date
	rule  duban.LightRule
	rolls map[int64]taskRoll // per task, the roll-up of the assignments the caller sees
	// batchRolls: the roll-up is made batch by batch by batchProgress
	batchRolls bool
	statuses   map[duban.Status]duban.Status // one string per status, not one per row
	order      []*outlineNode                // the nodes kept, depth first
	tasks      []outlineTask                 // the measures the outline holds
	units      map[int64]outlineUnit
}

// outlineTask is a measure the outline holds and where it goes in the
// document.
type outlineTask struct {
	id, node int64
	seq      int
	pos      int // its place among the document's measures, once known
}

// taskRoll is what a measure's row shows of its assignments: the least
// advanced status and the worst light, and whether the unit asked for
// shares in it.
type taskRoll struct {
	status duban.Status
	light  duban.Light
	shares bool
}

// outlineNode is a node kept in the outline, with the number of its own
// measures the outline holds.
type outlineNode struct {
	id    int64
	node  *duban.OutlineNode
	tasks int
}

// rollUp reads the assignments the caller sees, as of the day, into the
// roll-up of each task: a liaison sees its unit's handed-over ones.
func (ol *outliner) rollUp(ctx context.Context) error {
	query := `SELECT a.task_id, a.unit_id, ` + rollCols + ` FROM ` + ol.src.table + ` a WHERE a.plan_id = ?`
	if !ol.src.past {
		// The rows in the table's order (SQLite looks the ids up sorted),
		// not the plan index's: each page of the table is read once.
		query = `SELECT a.task_id, a.unit_id, ` + rollCols + ` FROM assignments a WHERE a.id IN (SELECT id FROM assignments WHERE plan_id = ?)`
	}
	args := ol.src.with(ol.f.PlanID)
	if !ol.p.ReadsAll() {
		query += ` AND a.unit_id = ? AND a.` + handedOver
		args = append(args, ol.p.UnitID)
	}
	rows, err := ol.q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: outline assignments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var taskID, unitID int64
		var a duban.Assignment
		if err := rows.Scan(append([]any{&taskID, &unitID}, rollDest(&a)...)...); err != nil {
			return fmt.Errorf("store: outline assignments: %w", err)
		}
		ol.roll(taskID, unitID, &a)
	}
	return rows.Err()
}

// rollCols are the columns of an assignment a roll-up reads, as rollDest
// scans them.
var rollCols = `a.status, a.deadline_kind, a.deadline, a.phase_complete, a.notice_due, a.last_period, ` + tsCol("a.assigned_at")

func rollDest(a *duban.Assignment) []any {
	return []any{&a.Status, &a.DeadlineKind, &a.Deadline, &a.PhaseComplete, &a.NoticeDue, &a.LastPeriod, scanNullTime{&a.AssignedAt}}
}

// roll adds an assignment of the task to its roll-up.
func (ol *outliner) roll(taskID, unitID int64, a *duban.Assignment) {
	if ol.statuses == nil {
		ol.statuses = map[duban.Status]duban.Status{}
	}
	if s, ok := ol.statuses[a.Status]; ok {
		a.Status = s
	} else {
		ol.statuses[a.Status] = a.Status
	}
	r := ol.rolls[taskID]
	r.status = duban.LeastAdvanced(r.status, a.Status)
	r.light = duban.Worse(r.light, ol.rule.Of(a.Facts()))
	r.shares = r.shares || unitID == ol.f.UnitID
	ol.rolls[taskID] = r
}

// includes tells whether the outline holds the task: a liaison's only
// those with its assignments, a unit's share only those the unit shares
// in, a filtered list only those it kept.
func (ol *outliner) includes(taskID int64) bool {
	if ol.f.Keep != nil && !ol.f.Keep[taskID] {
		return false
	}
	if ol.f.UnitID != 0 || !ol.p.ReadsAll() {
		return ol.rolls[taskID].shares
	}
	return true
}

// nodes reads the plan's tree of nodes (for a past day, those made by then),
// siblings in order, and drops the branches that hold no measure of the
// outline unless the outline is the whole plan.
func (ol *outliner) nodes(ctx context.Context) ([]*duban.OutlineNode, error) {
	all, err := treeNodes(ctx, ol.q, ol.f.PlanID, ol.src)
	if err != nil {
		return nil, err
	}
	counts, err := ol.countTasks(ctx)
	if err != nil {
		return nil, err
	}
	children := map[int64][]*outlineNode{}
	var roots []*outlineNode
	for _, n := range all {
		on := &outlineNode{id: n.item.ID, node: &duban.OutlineNode{Kind: duban.NodeKind(n.item.Kind), Title: n.item.Title},
			tasks: counts[n.item.ID]}
		if n.parent == 0 {
			roots = append(roots, on)
		} else {
			children[n.parent] = append(children[n.parent], on)
		}
	}
	whole := ol.f.UnitID == 0 && ol.f.Keep == nil && ol.p.ReadsAll()
	var walk func(ns []*outlineNode) []*duban.OutlineNode
	walk = func(ns []*outlineNode) []*duban.OutlineNode {
		var out []*duban.OutlineNode
		for _, n := range ns {
			at := len(ol.order)
			ol.order = append(ol.order, n)
			n.node.Children = walk(children[n.id])
			if whole || n.tasks > 0 || len(n.node.Children) > 0 {
				out = append(out, n.node)
			} else {
				ol.order = ol.order[:at] // nothing below it was kept either
			}
		}
		return out
	}
	return walk(roots), nil
}

// countTasks lists the measures the outline holds (those made by the day,
// that the caller sees and the filter keeps) and counts them per node.
func (ol *outliner) countTasks(ctx context.Context) (map[int64]int, error) {
	query, args := `SELECT id, node_id, seq FROM tasks WHERE plan_id = ?`, []any{ol.f.PlanID}
	if ol.src.past {
		query, args = query+` AND created_at < ?`, append(args, ol.src.args[0])
	}
	rows, err := ol.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outline tasks: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var t outlineTask
		if err := rows.Scan(&t.id, &t.node, &t.seq); err != nil {
			return nil, fmt.Errorf("store: outline tasks: %w", err)
		}
		if ol.includes(t.id) {
			out[t.node]++
			ol.tasks = append(ol.tasks, t)
		}
	}
	return out, rows.Err()
}

// outlineBatch is how many measures the scan reads at a time (a variable
// so that tests can make batches small).
var outlineBatch = 2000

// scan yields the measures node by node in document order. A plan's
// measures lie in its tables in the order they were made, which is not the
// document's: read in the document's order, nearly every row is a page read
// of its own. So the measures, their units and progress are read a batch at
// a time in id order, each page once, into a temporary file, and yielded
// from the file in document order. The reading runs on a goroutine of its
// own, beside the yielding: a part of the document is yielded as soon as
// all its measures are read, and a plan made in the document's order (an
// import, most plans) fills its parts one after another, so that what the
// caller does with the measures (an export's sheet, a notice's sentences)
// takes the other core while the database is read.
func (ol *outliner) scan(ctx context.Context, yield func(n *duban.OutlineNode, m *duban.OutlineMeasure) bool) error {
	rank := make(map[int64]int, len(ol.order))
	for i, n := range ol.order {
		rank[n.id] = i
	}
	tasks := make([]outlineTask, 0, len(ol.tasks))
	for _, t := range ol.tasks {
		if _, ok := rank[t.node]; ok {
			tasks = append(tasks, t)
		}
	}
	slices.SortFunc(tasks, func(a, b outlineTask) int {
		return cmp.Or(cmp.Compare(rank[a.node], rank[b.node]), cmp.Compare(a.seq, b.seq), cmp.Compare(a.id, b.id))
	})
	nodes := make([]*duban.OutlineNode, len(tasks)) // by place in the document
	for i := range tasks {
		tasks[i].pos, nodes[i] = i, ol.order[rank[tasks[i].node]].node
	}
	slices.SortFunc(tasks, func(a, b outlineTask) int { return cmp.Compare(a.id, b.id) })
	sp, err := newMeasureSpool(len(tasks))
	if err != nil {
		return err
	}
	defer sp.close()
	if ol.units == nil {
		if ol.units, err = outlineUnits(ctx, ol.q); err != nil {
			return err
		}
	}
	full := make(chan struct{}, len(sp.parts)) // a part all read, one after another in the document's order
	readCtx, cancel := context.WithCancel(ctx)
	var readErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		defer close(full)
		next := 0
		for batch := range slices.Chunk(tasks, outlineBatch) {
			if readErr = ol.readBatch(readCtx, batch, sp); readErr != nil {
				return
			}
			for ; next < len(sp.parts) && sp.full(next); next++ {
				full <- struct{}{}
			}
		}
	}()
	// The reader is done before the spool is closed and the snapshot's
	// transaction ends, also when the caller stops early.
	defer func() { cancel(); <-read }()
	r := &spoolReader{s: sp}
	for i := range sp.parts {
		if _, ok := <-full; !ok {
			<-read
			if readErr != nil {
				return readErr
			}
			return errSpoolRecord // every batch read and a part not full
		}
		more, err := r.part(i, func(pos int, m *duban.OutlineMeasure) bool { return yield(nodes[pos], m) })
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// outlineUnit is what a measure's row shows of a unit, and its place
// among the units.
type outlineUnit struct {
	name string
	sort int
}

// outlineUnits reads every unit's short name and place: they are few, and
// looked up for every measure.
func outlineUnits(ctx context.Context, q queryer) (map[int64]outlineUnit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, short_name, sort FROM units`)
	if err != nil {
		return nil, fmt.Errorf("store: outline units: %w", err)
	}
	defer rows.Close()
	out := map[int64]outlineUnit{}
	for rows.Next() {
		var id int64
		var u outlineUnit
		if err := rows.Scan(&id, &u.name, &u.sort); err != nil {
			return nil, fmt.Errorf("store: outline units: %w", err)
		}
		out[id] = u
	}
	return out, rows.Err()
}

// readBatch reads the measures of batch (sorted by id), with their units
// and progress, and puts them in sp, noting where.
func (ol *outliner) readBatch(ctx context.Context, batch []outlineTask, sp *measureSpool) error {
	// Most batches are ids made one after another (a plan made at once):
	// those are read as a range, cheaper than looking each id up, and the
	// rows of the range that are not the batch's are dropped; a sparse
	// batch is read by its ids.
	in, ids := ` BETWEEN ? AND ?`, []any{batch[0].id, batch[len(batch)-1].id}
	if span := batch[len(batch)-1].id - batch[0].id + 1; span > 2*int64(len(batch)) {
		ids = make([]any, len(batch))
		for i, t := range batch {
			ids[i] = t.id
		}
		in = ` IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
	}
	ms, err := ol.batchTasks(ctx, batch, in, ids)
	if err != nil {
		return err
	}
	if !ol.f.Brief {
		if err := ol.batchUnits(ctx, in, ids, ms); err != nil {
			return err
		}
	}
	if err := ol.batchProgress(ctx, in, ids, ms); err != nil {
		return err
	}
	for i := range batch {
		m := ms[batch[i].id]
		if m == nil {
			return fmt.Errorf("store: outline task %d: %w", batch[i].id, sql.ErrNoRows)
		}
		r := ol.rolls[batch[i].id]
		m.Status, m.Light = r.status, r.light
		if err := sp.put(batch[i].pos, m); err != nil {
			return err
		}
	}
	return nil
}

// batchTasks reads the measures of batch, whose ids in (with ids) chooses,
// and only those: the measures of the batch's units and progress.
func (ol *outliner) batchTasks(ctx context.Context, batch []outlineTask, in string, ids []any) (map[int64]*duban.OutlineMeasure, error) {
	details := `content, target, requirements, responsible_leader, responsible_person`
	if ol.f.Brief {
		details = `'', '', '', '', ''`
	}
	rows, err := ol.q.QueryContext(ctx, `SELECT id, title, deadline_kind, deadline, `+details+` FROM tasks WHERE id`+in, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: outline tasks: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]*duban.OutlineMeasure, len(batch))
	for rows.Next() {
		var id int64
		m := &duban.OutlineMeasure{}
		if err := rows.Scan(&id, &m.Title, &m.DeadlineKind, &m.Deadline, &m.Content, &m.Target, &m.Requirements,
			&m.ResponsibleLeader, &m.ResponsiblePerson); err != nil {
			return nil, fmt.Errorf("store: outline tasks: %w", err)
		}
		if _, ok := slices.BinarySearchFunc(batch, id, func(t outlineTask, id int64) int { return cmp.Compare(t.id, id) }); !ok {
			continue // in the range, not in the batch
		}
		m.DeadlineText = duban.DeadlineLabel(m.DeadlineKind, m.Deadline)
		out[id] = m
	}
	return out, rows.Err()
}

// batchUnits fills in the lead and cooperating units of the measures, the
// cooperating ones in the units' order.
func (ol *outliner) batchUnits(ctx context.Context, in string, ids []any, ms map[int64]*duban.OutlineMeasure) error {
	rows, err := ol.q.QueryContext(ctx, `SELECT task_id, unit_id, lead FROM task_units WHERE task_id`+in, ids...)
	if err != nil {
		return fmt.Errorf("store: outline units: %w", err)
	}
	defer rows.Close()
	type taskUnit struct {
		task, unit int64
		lead       bool
	}
	var tus []taskUnit
	for rows.Next() {
		var tu taskUnit
		if err := rows.Scan(&tu.task, &tu.unit, &tu.lead); err != nil {
			return fmt.Errorf("store: outline units: %w", err)
		}
		tus = append(tus, tu)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: outline units: %w", err)
	}
	slices.SortFunc(tus, func(a, b taskUnit) int {
		ua, ub := ol.units[a.unit], ol.units[b.unit]
		return cmp.Or(cmp.Compare(a.task, b.task), -cmpBool(a.lead, b.lead), cmp.Compare(ua.sort, ub.sort), cmp.Compare(a.unit, b.unit))
	})
	for _, tu := range tus {
		m, name := ms[tu.task], ol.units[tu.unit].name
		switch {
		case m == nil:
		case tu.lead:
			m.LeadUnit = name
		default:
			m.CoopUnits = append(m.CoopUnits, name)
		}
	}
	return nil
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// batchProgress fills in the latest accepted report of each unit of the
// measures up to the day (of the unit asked for only, when one is), joined
// as "单位：进展" when several units report. With batchRolls it rolls the
// same assignments up.
func (ol *outliner) batchProgress(ctx context.Context, in string, ids []any, ms map[int64]*duban.OutlineMeasure) error {
	cols := `a.task_id, a.unit_id`
	if ol.batchRolls {
		cols += `, ` + rollCols
	}
	q := `SELECT ` + cols + `, (SELECT r.content FROM reports r
			WHERE r.assignment_id = a.id AND r.review = 'accepted' AND r.submitted_at < ?
			ORDER BY r.period DESC, r.id DESC LIMIT 1)
		FROM assignments a WHERE a.task_id` + in
	args := append([]any{ol.day.AddDays(1).Time()}, ids...)
	if ol.f.UnitID != 0 {
		q += ` AND a.unit_id = ?`
		args = append(args, ol.f.UnitID)
	}
	rows, err := ol.q.QueryContext(ctx, q+` ORDER BY a.task_id, a.lead DESC, a.id`, args...)
	if err != nil {
		return fmt.Errorf("store: latest progress: %w", err)
	}
	defer rows.Close()
	var lastTask int64
	var parts []string
	flush := func() {
		if m := ms[lastTask]; m != nil && len(parts) > 0 {
			if len(parts) == 1 {
				_, parts[0], _ = strings.Cut(parts[0], "：")
			}
			m.Progress = strings.Join(parts, "\n")
		}
		parts = parts[:0]
	}
	for rows.Next() {
		var tid, unit int64
		var content *string
		var a duban.Assignment
		dest := []any{&tid, &unit}
		if ol.batchRolls {
			dest = append(dest, rollDest(&a)...)
		}
		if err := rows.Scan(append(dest, &content)...); err != nil {
			return fmt.Errorf("store: latest progress: %w", err)
		}
		if ms[tid] == nil {
			continue // in the range, not in the batch
		}
		if ol.batchRolls {
			ol.roll(tid, unit, &a)
		}
		if tid != lastTask {
			flush()
			lastTask = tid
		}
		if content != nil {
			parts = append(parts, ol.units[unit].name+"："+strings.TrimRight(strings.TrimSpace(*content), "。；;"))
		}
	}
	flush()
	return rows.Err()
}
