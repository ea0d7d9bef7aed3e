package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// A ledger imported as a new plan is written in short transactions, so that
// other writes (a liaison's report, a login's audit event) wait for one
// batch instead of the whole import: on SQLite there is one writer, and on
// PostgreSQL every write takes the audit chain's head first. All or nothing
// still holds: until the last transaction the plan is staged (staged_plans,
// migration 0030), which hides it, everything under it and the units the
// import created from every read; the last transaction deletes the staging
// rows and links the plan's source, so the whole plan appears at once. A
// failed import deletes what it wrote, a batch at a time; one whose process
// died is deleted by the scheduler once it stops renewing alive_at.

// importBatch is how long one transaction of a staged import writes before
// it commits and lets other writes in, when writes the import cannot see
// may be waiting: those of another process on the same SQLite file (a
// server beside the command line), or of another server on PostgreSQL.
// Where every writer is in this process (SQLite with no server beside),
// a batch goes on for up to importLongBatch, and ends after importYield as
// soon as another write of the process waits: each commit rewrites every
// index page the batch touched (an assignment had 21 indexes then), so ten
// commits a second took a quarter of a 10,000-row import.
const (
	importBatch     = 100 * time.Millisecond
	importLongBatch = time.Second
	importYield     = 20 * time.Millisecond
)

// stagedStale is how long a staged import may go without a batch before it
// counts as abandoned (its process killed) and is deleted.
const stagedStale = 5 * time.Minute

// planShown and unitShown are the conditions that hide a staged import's
// plan and new units from reads; planShownOf applies to a plan_id column.
const (
	planShown = "id NOT IN (SELECT plan_id FROM staged_plans)"
	unitShown = "id NOT IN (SELECT unit_id FROM staged_units)"
)

func planShownOf(col string) string { return col + " NOT IN (SELECT plan_id FROM staged_plans)" }

// hideStaged keeps the assignment list's condition from showing a plan
// being imported. For a list of one plan (the commonest: a unit's own
// list, the ledger's filters) the check goes into the list's own statement
// as a subquery of no row of the list, which the databases answer once
// before reading the list's index (PostgreSQL's one-time filter), so a
// request sends one statement less. Otherwise the staged plans' ids
// (usually none) are read and named as constants, which leaves the
// planner's choice of the list's index alone (a subquery there made
// PostgreSQL sort).
func (db *DB) hideStaged(ctx context.Context, w *where, planID int64) error {
	if planID != 0 {
		w.add("NOT EXISTS (SELECT 1 FROM staged_plans s WHERE s.plan_id = ?)", planID)
		return nil
	}
	ids, err := queryIDs(ctx, db.reader(), `SELECT plan_id FROM staged_plans ORDER BY plan_id`)
	if err != nil {
		return fmt.Errorf("store: staged plans: %w", err)
	}
	if len(ids) > 0 {
		in, args := idsIn(ids)
		w.add("a.plan_id NOT IN "+in, args...)
	}
	return nil
}

// importStep is one node to find or create (measure nil) or one measure
// under node, in the outline's order.
type importStep struct {
	node, parent *duban.OutlineNode
	measure      *duban.OutlineMeasure
}

func outlineSteps(o *duban.Outline) []importStep {
	var out []importStep
	var walk func(parent, n *duban.OutlineNode)
	walk = func(parent, n *duban.OutlineNode) {
		out = append(out, importStep{node: n, parent: parent})
		for _, m := range n.Measures {
			out = append(out, importStep{node: n, measure: m})
		}
		for _, c := range n.Children {
			walk(n, c)
		}
	}
	for _, n := range o.Aspects {
		walk(nil, n)
	}
	return out
}

// importSource gives an import its steps: from an outline read before
// (stepList) or one still being read (feedSteps).
type importSource interface {
	// step returns step i, waiting for it if need be; false when there
	// is none.
	step(i int) (importStep, bool, error)
	// ready reports whether step(i) would return at once.
	ready(i int) bool
	// complete reports whether every step is known and good: until
	// then a transaction does not end on its budget, only for another
	// write of the process waiting (a feed that fails is never
	// complete, so its error ends the transaction instead, and what the
	// import committed before is deleted).
	complete() bool
}

type stepList []importStep

func (l stepList) step(i int) (importStep, bool, error) {
	if i < len(l) {
		return l[i], true, nil
	}
	return importStep{}, false, nil
}

func (stepList) ready(int) bool { return true }

func (stepList) complete() bool { return true }

type feedSteps struct{ f *duban.OutlineFeed }

func (s feedSteps) step(i int) (importStep, bool, error) {
	fs, ok, err := s.f.Step(i)
	return importStep{node: fs.Node, parent: fs.Parent, measure: fs.Measure}, ok, err
}

func (s feedSteps) ready(i int) bool { return s.f.Ready(i) }

func (s feedSteps) complete() bool { return s.f.Complete() }

// ImportOutline writes an outline (from a ledger or a notice) into a plan:
// nodes are matched by kind and title under their parent, measures by title
// under their node, so importing the same document twice creates nothing the
// second time and reports what changed. Units are found by full or short
// name and created when missing. Administrators, and lead offices for a plan
// of their own unit. A new plan is written in batches and shown by the last
// one; a merge into an existing plan (and a dry run) is one transaction.
func (db *DB) ImportOutline(ctx context.Context, p *duban.Principal, o *duban.Outline, opt ImportOptions) (*ImportResult, error) {
	if len(o.Aspects) == 0 {
		return nil, nothingUnderstood()
	}
	return db.importFrom(ctx, p, o.Meta, stepList(outlineSteps(o)), opt)
}

// nothingUnderstood refuses a document of which nothing was read (a notice
// whose headings were not understood, a ledger of a header only), which
// would make a plan with nothing in it.
func nothingUnderstood() error {
	return duban.Errorf(duban.Invalid, "未能从文件中识别出任何方面、问题或整改举措，未写入任何数据：请检查层次编号（一、（一）1.）和问题的写法（如 关于“……”的问题）")
}

// ImportFeed imports an outline as ImportOutline does while it is being
// read, so that reading and writing a large ledger overlap. A feed closed
// with an error leaves nothing written: the first transaction, which
// creates the plan, lasts until the reader has finished (and is rolled back
// if the file was bad), and only the batches after it commit on their own;
// but where another write of this process waits for the writer (a server's
// request), it commits the staged plan's rows after importYield as a batch
// does, and a feed that fails later has what was committed deleted, as a
// failed batch has. Where writes the process cannot see may wait
// (PostgreSQL, a server beside the command line) and for a dry run or a
// merge into a named plan, it waits for the whole outline and imports it
// as ImportOutline does.
func (db *DB) ImportFeed(ctx context.Context, p *duban.Principal, f *duban.OutlineFeed, opt ImportOptions) (*ImportResult, error) {
	if db.dialect != SQLite || opt.DryRun || opt.PlanID != 0 || (opt.Shared && db.servedElsewhere()) {
		if err := f.Wait(); err != nil {
			return nil, err
		}
		return db.ImportOutline(ctx, p, f.Outline, opt)
	}
	m, err := f.Meta()
	if err != nil {
		return nil, err
	}
	return db.importFrom(ctx, p, m, feedSteps{f}, opt)
}

func (db *DB) importFrom(ctx context.Context, p *duban.Principal, meta duban.OutlineMeta, src importSource, opt ImportOptions) (*ImportResult, error) {
	res := &ImportResult{DryRun: opt.DryRun, Created: map[string]int{}, Updated: map[string]int{}, Unchanged: map[string]int{}, NewUnits: []string{}, MatchedUnits: []UnitMatch{},
		Changes: []string{}, Warnings: []string{}}
	im := &importer{res: res, units: map[string]int64{}, asOf: meta.AsOf, feedback: meta.FeedbackDate, notice: opt.Notice, nodes: map[*duban.OutlineNode]*duban.Node{}, dryRun: opt.DryRun}
	// Room for a batch (64 MiB) while the import runs; the first
	// transaction of a feed writes most of a large ledger.
	restore, err := db.widenWriterCache(ctx, 64)
	if err != nil {
		return res, fmt.Errorf("store: import: %w", err)
	}
	defer restore()
	if err := db.checkpointAside(ctx); err != nil {
		return res, fmt.Errorf("store: import: %w", err)
	}
	var pl *duban.Plan
	staged, next := false, 0
	err = db.update(ctx, p, func(tx *Tx) error {
		im.use(tx)
		var err error
		if pl, err = im.plan(ctx, p, &meta, opt); err != nil {
			return err
		}
		res.PlanID = pl.ID
		if staged = !opt.DryRun && res.Created["plans"] == 1; staged {
			if err := im.stage(ctx, pl.ID); err != nil {
				return err
			}
			if !src.complete() {
				// The rest of the outline is still being read: write it
				// as it comes, and commit once the reader is done (or
				// another write waits).
				if next, err = im.run(ctx, pl, src, 0, cmp.Or(db.importBatch, importLongBatch)); err != nil {
					return err
				}
				if err := im.indexStaged(ctx); err != nil {
					return err
				}
				if err := im.stage(ctx, pl.ID); err != nil {
					return err
				}
			}
			// A feed is known to hold something only now; an outline
			// was checked before.
			if _, some, err := src.step(0); err != nil || !some {
				return cmp.Or(err, nothingUnderstood())
			}
			return nil
		}
		if _, err := im.run(ctx, pl, src, 0, 0); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	res.NoChange = res.noChange()
	if err != nil || !staged {
		return res, err
	}
	db.checkpointBehind()
	if err := db.importStaged(ctx, p, im, pl, src, next, opt.Shared && db.dialect == SQLite); err != nil {
		// Delete what was written even if the caller has gone away; what
		// this cannot finish, the scheduler's sweep does.
		if derr := db.discardStaged(context.WithoutCancel(ctx), p, pl.ID); derr != nil {
			return res, errors.Join(err, derr)
		}
		return res, err
	}
	return res, nil
}

// importStaged writes the steps from next on in batches, then shows the
// plan. Every step is known (src.complete).
func (db *DB) importStaged(ctx context.Context, p *duban.Principal, im *importer, pl *duban.Plan, src importSource, next int, pause bool) error {
	for batch := 1; ; batch++ {
		if _, more, err := src.step(next); err != nil || !more {
			if err != nil {
				return err
			}
			break
		}
		served := pause && db.servedElsewhere()
		budget := importLongBatch
		if served || db.dialect != SQLite {
			budget = importBatch
		}
		budget = cmp.Or(db.importBatch, budget)
		if served && batch > 1 {
			select {
			case <-time.After(budget):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		var n int
		err := db.update(ctx, p, func(tx *Tx) error {
			im.use(tx)
			if db.importHook != nil {
				if err := db.importHook(batch); err != nil {
					return err
				}
			}
			var err error
			if n, err = im.run(ctx, pl, src, next, budget); err != nil {
				return err
			}
			if err := im.indexStaged(ctx); err != nil {
				return err
			}
			return im.stage(ctx, pl.ID)
		})
		if err != nil {
			return err
		}
		db.checkpointBehind()
		next = n
	}
	return db.update(ctx, p, func(tx *Tx) error {
		im.use(tx)
		if err := im.stage(ctx, pl.ID); err != nil {
			return err
		}
		if im.source != nil {
			if err := insertSource(ctx, tx, im.source); err != nil {
				return err
			}
			pl.SourceIDs = []int64{im.source.ID}
			if err := setPlanSources(ctx, tx, pl.ID, pl.SourceIDs); err != nil {
				return err
			}
		}
		for _, q := range []string{`DELETE FROM staged_units WHERE plan_id = ?`, `DELETE FROM staged_plans WHERE plan_id = ?`} {
			if _, err := tx.exec(ctx, q, pl.ID); err != nil {
				return fmt.Errorf("store: show imported plan: %w", err)
			}
		}
		return tx.audit(ctx, "plan.import", "plan", pl.ID, nil, map[string]any{"plan": pl, "created": im.res.Created})
	})
}

// run takes the steps from i on until budget has passed (0: all of them),
// or importYield has and another write of this process waits for the
// writer; at least one step, and all of them until every step is known
// unless another write waits, also while run waits for the reader. It
// returns where it stopped.
func (im *importer) run(ctx context.Context, pl *duban.Plan, src importSource, i int, budget time.Duration) (int, error) {
	start, from := time.Now(), i
	// db.writers counts this batch's own transaction too.
	yield := func() bool {
		return time.Since(start) >= min(importYield, budget) && im.tx.db.writers.Load() > 1
	}
	for ; ; i++ {
		if budget > 0 && i > from {
			if yield() || time.Since(start) >= budget && src.complete() {
				return i, nil
			}
			for !src.ready(i) {
				if yield() {
					return i, nil
				}
				time.Sleep(time.Millisecond)
			}
		}
		s, ok, err := src.step(i)
		if err != nil || !ok {
			return i, err
		}
		if s.measure == nil {
			err = im.node(ctx, pl, im.nodes[s.parent], s.node)
		} else {
			err = im.measure(ctx, im.nodes[s.node], s.measure)
		}
		if err != nil {
			return i, err
		}
	}
}

// stage marks the plan staged (or renews its mark) and the units created
// since the last batch as the import's. NotFound when the mark is gone: the
// import was taken for abandoned and is being deleted.
func (im *importer) stage(ctx context.Context, planID int64) error {
	tx := im.tx
	res, err := tx.exec(ctx, `UPDATE staged_plans SET alive_at = ? WHERE plan_id = ?`, tx.wall, planID)
	if err != nil {
		return fmt.Errorf("store: stage import: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if im.staged {
			return duban.Errorf(duban.Conflict, "导入中断时间过长，已写入的部分已被清除，请重新导入")
		}
		if _, err := tx.exec(ctx, `INSERT INTO staged_plans (plan_id, started_at, alive_at) VALUES (?, ?, ?)`, planID, tx.wall, tx.wall); err != nil {
			return fmt.Errorf("store: stage import: %w", err)
		}
		im.staged = true
	}
	for _, id := range im.fresh {
		if _, err := tx.exec(ctx, `INSERT INTO staged_units (unit_id, plan_id) VALUES (?, ?)`, id, planID); err != nil {
			return fmt.Errorf("store: stage import: %w", err)
		}
	}
	im.fresh = nil
	return nil
}

// indexStaged writes the search rows of the nodes, measures and reports
// this batch added to a staged plan. On SQLite the search triggers skip a
// staged plan (migration 0036): row by row, the full-text index wrote a
// segment of its own for every measure and spent the import merging them.
// One statement writes a batch's rows, in the order of their rowids: FTS5
// writes what it holds to a new segment whenever a statement of the
// transaction opens a savepoint (as each such insert does) and whenever a
// rowid comes below the last, so statements of 500 ids by kind wrote a
// segment each and merged them. (A staged plan is new: no row of the file
// updates a measure another wrote, whose update trigger would have indexed
// it already; see findMeasure.) PostgreSQL's triggers index as before.
func (im *importer) indexStaged(ctx context.Context) error {
	pending := im.unindexed
	im.unindexed = [3][]int64{}
	if im.tx.db.dialect != SQLite {
		return nil
	}
	kinds := [3]string{
		searchNode:   `SELECT id * 4, search_grams(title || ' ' || description), plan_id FROM nodes WHERE id IN (SELECT value FROM json_each(?))`,
		searchTask:   `SELECT id * 4 + 1, search_grams(title || ' ' || content), plan_id FROM tasks WHERE id IN (SELECT value FROM json_each(?))`,
		searchReport: `SELECT r.id * 4 + 2, search_grams(r.content), a.plan_id FROM reports r JOIN assignments a ON a.id = r.assignment_id WHERE r.id IN (SELECT value FROM json_each(?))`,
	}
	var parts []string
	var args []any
	for kind, ids := range pending {
		if len(ids) == 0 {
			continue
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return fmt.Errorf("store: index import: %w", err)
		}
		parts, args = append(parts, kinds[kind]), append(args, string(list))
	}
	if len(parts) == 0 {
		return nil
	}
	q := `INSERT INTO search (rowid, grams, plan_id) SELECT * FROM (` + strings.Join(parts, ` UNION ALL `) + `) ORDER BY 1`
	if _, err := im.tx.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("store: index import: %w", err)
	}
	return nil
}

// widenWriterCache gives SQLite's one writer connection a page cache of
// mib MiB until restore is called, for a long load: with the default 2 MiB
// a large transaction spills dirty pages to the WAL and reads index pages
// back from the file. Restoring the default frees the pages (not for a
// store of one command: SetOneCommand). The WAL is
// checkpointed after a quarter of that much is written instead of 4 MiB:
// a load's commits rewrite the same index pages, which a checkpoint then
// copies once instead of at every few commits. Nothing on PostgreSQL.
func (db *DB) widenWriterCache(ctx context.Context, mib int) (restore func(), err error) {
	if db.dialect != SQLite {
		return func() {}, nil
	}
	checkpoint := mib << 20 / 4 / 4096 // a quarter of the cache, in 4 KiB pages
	for _, q := range []string{fmt.Sprintf(`PRAGMA cache_size = -%d`, mib<<10), fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, checkpoint)} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	if db.oneCommand {
		return func() {}, nil
	}
	return func() {
		for _, q := range []string{`PRAGMA cache_size = -2000`, `PRAGMA wal_autocheckpoint = 1000`} {
			db.write.ExecContext(context.WithoutCancel(ctx), q)
		}
	}, nil
}

// checkpointAside keeps SQLite's writer connection, while an import runs,
// from copying the write-ahead log into the database file when it commits,
// until the log holds walBound: checkpointBehind copies each batch on a
// connection of its own while the next is written (and Leave, for a store
// of one command, the last). Copying in the commit took a tenth of a
// 10,000-row import. The log starts over only when a write begins with all
// of it copied, which a copy running beside the writer seldom allows; the
// writer's own copy, once the log is that large, bounds it. A server's
// other writes during the import commit without copying too; the import's
// end (widenWriterCache's restore) gives the writer back its usual bound.
// Through the API a 10,000-row import took 2.20–2.51 s with it against
// 2.50–2.84 s without, alternating (BENCHMARKS, twenty-third pass).
func (db *DB) checkpointAside(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	_, err := db.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, walBound/4096))
	return err
}

// walBound is how large checkpointAside lets the log grow (in 4 KiB pages
// of the database): a 10,000-row import writes about 60 MiB.
const walBound = 96 << 20

// checkpointBehind starts copying what an import has committed so far
// into the database file, on a reading connection, unless the previous copy
// is still going. PASSIVE: it copies what no reader still needs and never
// waits for the writer, which goes on with the next batch (and starts the
// log over once the copy is complete). Leave and Close wait for it.
func (db *DB) checkpointBehind() {
	if db.dialect != SQLite || !db.copying.CompareAndSwap(false, true) {
		return
	}
	db.behind.Add(1)
	go func() {
		defer db.behind.Done()
		defer db.copying.Store(false)
		var busy, logged, copied int
		// An error leaves the copy to Leave's checkpoint, or to the next
		// writer's.
		_ = db.read.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logged, &copied)
	}()
}

// discardBatch bounds the rows one transaction of a discard deletes.
const discardBatch = 500

// discardStaged deletes a staged plan and everything written under it, a
// batch at a time. Each batch is audited (import.discard, listing the ids
// per table), so that audit verify knows the rows went on purpose.
func (db *DB) discardStaged(ctx context.Context, p *duban.Principal, planID int64) error {
	for _, step := range []func(context.Context, *Tx, int64) (bool, error){discardAssignments, discardTasks, discardNodes, discardPlan} {
		for more := true; more; {
			err := db.update(ctx, p, func(tx *Tx) error {
				var err error
				more, err = step(ctx, tx, planID)
				return err
			})
			if err != nil {
				return fmt.Errorf("store: discard import of plan %d: %w", planID, err)
			}
		}
	}
	return nil
}

// SweepStagedImports deletes the staged imports whose process stopped
// renewing them (killed mid-import) and returns how many it deleted. The
// scheduler runs it.
func (db *DB) SweepStagedImports(ctx context.Context) (int, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT plan_id FROM staged_plans WHERE alive_at < ? ORDER BY plan_id`, db.now().Add(-stagedStale))
	if err != nil {
		return 0, fmt.Errorf("store: sweep imports: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: sweep imports: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: sweep imports: %w", err)
	}
	for _, id := range ids {
		if err := db.discardStaged(ctx, duban.System, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// queryIDs returns the ids a query selects (its one column).
func queryIDs(ctx context.Context, db queryer, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func idsIn(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

// stillStaged guards every discard batch: a plan whose staging row is gone
// was shown (or deleted) and must not be touched.
func stillStaged(ctx context.Context, tx *Tx, planID int64) (bool, error) {
	ids, err := queryIDs(ctx, tx, `SELECT plan_id FROM staged_plans WHERE plan_id = ?`, planID)
	return len(ids) == 1, err
}

func discardAssignments(ctx context.Context, tx *Tx, planID int64) (bool, error) {
	if ok, err := stillStaged(ctx, tx, planID); !ok || err != nil {
		return false, err
	}
	ids, err := queryIDs(ctx, tx, fmt.Sprintf(`SELECT id FROM assignments WHERE plan_id = ? ORDER BY id LIMIT %d`, discardBatch), planID)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	in, args := idsIn(ids)
	reports, err := queryIDs(ctx, tx, `SELECT id FROM reports WHERE assignment_id IN `+in, args...)
	if err != nil {
		return false, err
	}
	for _, table := range []string{"reports", "closures", "transitions", "escalations", "extensions", "lookbacks", "notifications"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE assignment_id IN `+in, args...); err != nil {
			return false, err
		}
	}
	for _, q := range []string{`DELETE FROM assignments WHERE id IN `, `DELETE FROM assignment_history WHERE assignment_id IN `} {
		if _, err := tx.exec(ctx, q+in, args...); err != nil {
			return false, err
		}
	}
	tx.dropped = append(tx.dropped, ids...)
	return true, tx.audit(ctx, "import.discard", "plan", planID, nil, map[string][]int64{"assignments": ids, "reports": reports})
}

func discardTasks(ctx context.Context, tx *Tx, planID int64) (bool, error) {
	if ok, err := stillStaged(ctx, tx, planID); !ok || err != nil {
		return false, err
	}
	ids, err := queryIDs(ctx, tx, fmt.Sprintf(`SELECT id FROM tasks WHERE plan_id = ? ORDER BY id LIMIT %d`, discardBatch), planID)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	in, args := idsIn(ids)
	for _, q := range []string{`DELETE FROM task_units WHERE task_id IN `, `DELETE FROM tasks WHERE id IN `} {
		if _, err := tx.exec(ctx, q+in, args...); err != nil {
			return false, err
		}
	}
	return true, tx.audit(ctx, "import.discard", "plan", planID, nil, map[string][]int64{"tasks": ids})
}

// discardNodes deletes the newest nodes first: a node's children were
// created after it, so they have gone by then or go in the same statement.
func discardNodes(ctx context.Context, tx *Tx, planID int64) (bool, error) {
	if ok, err := stillStaged(ctx, tx, planID); !ok || err != nil {
		return false, err
	}
	ids, err := queryIDs(ctx, tx, fmt.Sprintf(`SELECT id FROM nodes WHERE plan_id = ? ORDER BY id DESC LIMIT %d`, discardBatch), planID)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	in, args := idsIn(ids)
	if _, err := tx.exec(ctx, `DELETE FROM nodes WHERE id IN `+in, args...); err != nil {
		return false, err
	}
	return true, tx.audit(ctx, "import.discard", "plan", planID, nil, map[string][]int64{"nodes": ids})
}

// discardPlan deletes the plan itself and the units the import created
// that nothing else has come to use.
func discardPlan(ctx context.Context, tx *Tx, planID int64) (bool, error) {
	if ok, err := stillStaged(ctx, tx, planID); !ok || err != nil {
		return false, err
	}
	units, err := queryIDs(ctx, tx, `SELECT unit_id FROM staged_units s WHERE plan_id = ?
		AND NOT EXISTS (SELECT 1 FROM units u WHERE u.parent_id = s.unit_id) AND NOT EXISTS (SELECT 1 FROM users u WHERE u.unit_id = s.unit_id)
		AND NOT EXISTS (SELECT 1 FROM task_units t WHERE t.unit_id = s.unit_id) AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.lead_unit_id = s.unit_id)
		AND NOT EXISTS (SELECT 1 FROM plans p WHERE (p.owner_unit_id = s.unit_id OR p.lead_unit_id = s.unit_id) AND p.id <> ?)`, planID, planID)
	if err != nil {
		return false, err
	}
	for _, table := range []string{"light_tallies", "light_rules", "plan_sources", "staged_units", "staged_plans", "plans"} {
		col := "plan_id"
		if table == "plans" {
			col = "id"
		}
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE `+col+` = ?`, planID); err != nil {
			return false, err
		}
	}
	if len(units) > 0 {
		in, args := idsIn(units)
		if _, err := tx.exec(ctx, `DELETE FROM units WHERE id IN `+in, args...); err != nil {
			return false, err
		}
	}
	return false, tx.audit(ctx, "import.discard", "plan", planID, nil, map[string][]int64{"plans": {planID}, "units": units})
}
