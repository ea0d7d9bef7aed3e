package store

// Benchmarks of the two read paths that must stay fast on a large plan: the
// filtered assignment list (one page of a unit's overdue assignments) and
// the plan statistics. They run on a generated plan of 100,000 tasks, on
// SQLite and, when DUBAN_TEST_POSTGRES is set, on PostgreSQL. See
// BENCHMARKS.md at the root of the module for how to run them and for the
// results.
//
// The generated data set is built once per dialect and shared by the
// benchmarks of this file; it is removed after the last of them that the
// -bench pattern selects. Normal `go test` runs never build it: only the
// small plan of TestBenchmarkQueriesUseIndexes is generated there.

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/duban"
)

// benchToday is the fixed "today" of the generated data: deadlines are
// spread a year either side of it, and every query asks as of this day.
var benchToday = duban.NewDate(2026, time.June, 15)

// benchShape is the size of a generated plan.
type benchShape struct {
	Units             int // units 1..Units
	Aspects           int // top-level nodes of the plan
	ProblemsPerAspect int // problem nodes under each aspect
	Tasks             int // tasks, spread over the problems
	Seed              uint64
}

// bigShape is the data set of the benchmarks.
var bigShape = benchShape{Units: 100, Aspects: 10, ProblemsPerAspect: 20, Tasks: 100_000, Seed: 1}

// benchPlan describes a generated plan.
type benchPlan struct {
	PlanID      int64
	UnitID      int64 // the unit the list benchmark filters on
	Tasks       int
	TaskUnits   int
	Assignments int
	// Overdue counts, per unit that has assignments, the generated
	// assignments that are not closed and have a date deadline before
	// benchToday.
	Overdue map[int64]int
	Closed  int
	Load    time.Duration // the inserts and the commit
	Analyze time.Duration // the WAL checkpoint (SQLite) or VACUUM (ANALYZE) (PostgreSQL) afterwards
}

// generatePlan fills an empty database with one plan of the given shape,
// in one transaction on the store's writer, through raw multi-row INSERTs
// that work on both dialects. Ids are given explicitly (1..n per table) so
// that assignments can refer to their tasks without reading anything back;
// on PostgreSQL the identity sequences are moved past them afterwards.
//
// The audit chain is deliberately not written: this is bulk fixture data,
// not a user's write, and 250,000 chained events would measure the audit
// code instead of the load. audit_head stays untouched, so the chain of any
// later real write still verifies.
//
// The data is deterministic for a given shape (a seeded PCG):
//   - every task has a lead unit and, for half of them, one cooperating
//     unit: so about 1.5 assignments per task;
//   - 85% of tasks have a date deadline, spread uniformly over
//     benchToday ± 365 days; 10% are long-term and 5% immediate, both
//     without a deadline (sort_deadline '9999-12-31');
//   - each assignment's status is drawn independently: 30% closed, 40%
//     in progress, 15% assigned, 10% closure requested, 5% draft; 5% of
//     assignments had their deadline extended by 30 days;
//   - every assignment but the drafts was assigned 18 months ago; 80% of
//     them have the report of the period due before benchToday (2026-06),
//     20% only the one before; 2% of the open ones have an unanswered
//     督办单 due within 30 days either side of benchToday.
//
// The secondary indexes of tasks, task_units and assignments are dropped
// for the load and rebuilt from their own definitions before the commit.
func generatePlan(ctx context.Context, db *DB, shape benchShape) (*benchPlan, error) {
	rng := rand.New(rand.NewPCG(shape.Seed, 0x6475_6261_6e))
	out := &benchPlan{PlanID: 1, UnitID: int64(shape.Units/2 + 1), Overdue: map[int64]int{}}
	created := benchToday.Time().AddDate(0, -18, 0).Add(9 * time.Hour)
	updated := benchToday.Time().AddDate(0, 0, -3).Add(15 * time.Hour)
	start := time.Now()
	if db.dialect == SQLite {
		// Give the single writer connection room for the whole load (256 MiB
		// instead of the default 2 MiB) so that the transaction does not spill
		// dirty pages to the WAL and read them back; restored afterwards.
		if _, err := db.write.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return nil, err
		}
		defer db.write.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	}
	err := db.update(ctx, duban.System, func(tx *Tx) error {
		units := newBulkInsert(ctx, tx, "units", "id", "parent_id", "name", "short_name", "kind", "sort", "version", "created_at", "updated_at")
		for u := 1; u <= shape.Units; u++ {
			kind := duban.UnitDepartment
			if u%3 == 0 {
				kind = duban.UnitCity
			}
			if err := units.add(u, nil, fmt.Sprintf("测试单位%03d（基准数据）", u), fmt.Sprintf("单位%03d", u), kind, u, 1, created, created); err != nil {
				return err
			}
		}
		if err := units.flush(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO plans (id, title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, out.PlanID, "基准测试整改方案", 1, 1, duban.PlanActive, duban.CadenceMonthly, 5,
			benchToday.AddDays(-540).String(), benchToday.AddDays(540).String(), created, created); err != nil {
			return err
		}

		// Nodes: aspects 1..A (aspect_id = own id), then their problems.
		nodes := newBulkInsert(ctx, tx, "nodes", "id", "plan_id", "parent_id", "aspect_id", "kind", "seq", "title", "description", "version", "created_at", "updated_at")
		type problem struct{ id, aspect int64 }
		var problems []problem
		for a := 1; a <= shape.Aspects; a++ {
			if err := nodes.add(a, out.PlanID, nil, a, duban.NodeAspect, a, fmt.Sprintf("方面%d：落实整改主体责任", a), "", 1, created, created); err != nil {
				return err
			}
		}
		id := int64(shape.Aspects)
		for a := 1; a <= shape.Aspects; a++ {
			for p := 1; p <= shape.ProblemsPerAspect; p++ {
				id++
				problems = append(problems, problem{id, int64(a)})
				if err := nodes.add(id, out.PlanID, a, a, duban.NodeProblem, p, fmt.Sprintf("问题%d.%d：工作推进不够有力", a, p), "巡视反馈指出的问题。", 1, created, created); err != nil {
					return err
				}
			}
		}
		if err := nodes.flush(); err != nil {
			return err
		}

		// The big tables are loaded without their secondary indexes, which
		// are rebuilt afterwards from their own definitions: one sort per
		// index instead of 150,000 random inserts into each.
		indexes, err := dropSecondaryIndexes(ctx, tx, "tasks", "task_units", "assignments")
		if err != nil {
			return err
		}
		tasks := newBulkInsert(ctx, tx, "tasks", "id", "plan_id", "node_id", "aspect_id", "seq", "title", "content", "target", "requirements",
			"deadline_kind", "deadline", "lead_unit_id", "responsible_leader", "responsible_person", "version", "created_at", "updated_at")
		taskUnits := newBulkInsert(ctx, tx, "task_units", "task_id", "unit_id", "lead")
		assignments := newBulkInsert(ctx, tx, "assignments", "id", "task_id", "plan_id", "aspect_id", "unit_id", "lead", "status", "deadline_kind",
			"deadline", "original_deadline", "sort_deadline", "phase_complete", "signed_off", "closed_at", "assigned_at", "notice_due", "last_period",
			"version", "created_at", "updated_at", "task_title")
		taskUnits.parents = []*bulkInsert{tasks}
		assignments.parents = []*bulkInsert{tasks}
		seq := map[int64]int{}
		var aid int64
		for t := 1; t <= shape.Tasks; t++ {
			pr := problems[rng.IntN(len(problems))]
			seq[pr.id]++
			kind, deadline := duban.DeadlineDate, any(nil)
			var due duban.Date
			switch r := rng.IntN(100); {
			case r < 85:
				due = benchToday.AddDays(rng.IntN(731) - 365)
				deadline = due.String()
			case r < 95:
				kind = duban.DeadlineLongTerm
			default:
				kind = duban.DeadlineImmediate
			}
			lead := int64(rng.IntN(shape.Units) + 1)
			unitIDs := []int64{lead}
			if rng.IntN(2) == 0 {
				coop := int64(rng.IntN(shape.Units-1) + 1)
				if coop >= lead {
					coop++
				}
				unitIDs = append(unitIDs, coop)
			}
			content := fmt.Sprintf("针对问题%d，制定整改举措第%d项：健全制度机制，压实工作责任，明确时间节点，确保整改到位。", pr.id, t)
			title := fmt.Sprintf("整改举措%06d", t)
			if err := tasks.add(t, out.PlanID, pr.id, pr.aspect, seq[pr.id], title, content,
				"问题得到有效解决", "每月报送进展", kind, deadline, lead, "张三", "李四", 1, created, updated); err != nil {
				return err
			}
			out.Tasks++
			for _, u := range unitIDs {
				if err := taskUnits.add(t, u, u == lead); err != nil {
					return err
				}
				out.TaskUnits++
				if _, ok := out.Overdue[u]; !ok {
					out.Overdue[u] = 0 // every unit with an assignment has an entry
				}
				aid++
				status := benchStatus(rng.IntN(100))
				d, original := due, deadline
				if !due.IsZero() && rng.IntN(20) == 0 {
					d = due.AddDays(30) // extended; original_deadline keeps the first date
				}
				var closedAt, assignedAt, noticeDue any
				lastPeriod := ""
				if status != duban.StatusDraft {
					assignedAt = created
					lastPeriod = "2026-06"
					if rng.IntN(5) == 0 {
						lastPeriod = "2026-05"
					}
					if status != duban.StatusClosed && rng.IntN(50) == 0 {
						noticeDue = benchToday.AddDays(rng.IntN(61) - 30).String()
					}
				}
				if status == duban.StatusClosed {
					closedAt = updated
					out.Closed++
				} else if kind == duban.DeadlineDate && d.Before(benchToday) {
					out.Overdue[u]++
				}
				if err := assignments.add(aid, t, out.PlanID, pr.aspect, u, u == lead, status, kind, d, original, sortDeadline(d),
					kind == duban.DeadlineLongTerm && aid%5 == 0, status == duban.StatusClosureRequested && aid%2 == 0, closedAt, assignedAt, noticeDue, lastPeriod, 1, created, updated, title); err != nil {
					return err
				}
				out.Assignments++
			}
		}
		for _, b := range []*bulkInsert{tasks, taskUnits, assignments} {
			if err := b.flush(); err != nil {
				return err
			}
		}
		for _, ddl := range indexes {
			if _, err := tx.exec(ctx, ddl); err != nil {
				return fmt.Errorf("recreate index: %w", err)
			}
		}
		if db.dialect == Postgres {
			for _, table := range []string{"units", "plans", "nodes", "tasks", "assignments"} {
				if _, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT max(id) FROM `+table+`))`); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("generate plan: %w", err)
	}
	out.Load = time.Since(start)
	start = time.Now()
	if err := analyzeBenchDB(ctx, db); err != nil {
		return nil, err
	}
	out.Analyze = time.Since(start)
	return out, nil
}

// dropSecondaryIndexes drops the indexes of the tables that no constraint
// needs (the store's CREATE INDEX ones) and returns the statements that
// recreate them.
func dropSecondaryIndexes(ctx context.Context, tx *Tx, tables ...string) ([]string, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` + marks + `)`
	if tx.db.dialect == Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + marks + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)`
	}
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var names, ddl []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, ddl = append(names, name), append(ddl, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no indexes found on %v", tables)
	}
	for _, name := range names {
		if _, err := tx.exec(ctx, `DROP INDEX `+name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return ddl, nil
}

// benchStatus maps a number in 0..99 to a status: 5% draft, 15% assigned,
// 40% in progress, 10% closure requested, 30% closed.
func benchStatus(r int) duban.Status {
	switch {
	case r < 5:
		return duban.StatusDraft
	case r < 20:
		return duban.StatusAssigned
	case r < 60:
		return duban.StatusInProgress
	case r < 70:
		return duban.StatusClosureRequested
	}
	return duban.StatusClosed
}

// analyzeBenchDB brings a freshly loaded database to the state a long-lived
// one is in:
//   - on SQLite, the WAL checkpointed into the main file and truncated. No
//     ANALYZE: the server never runs it, and with its STAT4 samples SQLite
//     re-plans a statement with a range condition each time it is bound
//     (about 0.1 ms more per list page);
//   - on PostgreSQL, VACUUM (ANALYZE), so that the planner has statistics
//     and the visibility map is set, as autovacuum would do by itself some
//     time after a bulk load; doing it here keeps it from happening half-way
//     through a benchmark.
func analyzeBenchDB(ctx context.Context, db *DB) error {
	stmts := []string{`PRAGMA wal_checkpoint(TRUNCATE)`}
	if db.dialect == Postgres {
		stmts = []string{`VACUUM (ANALYZE)`}
	}
	for _, s := range stmts {
		if _, err := db.write.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// bulkInsert writes rows through multi-row INSERT statements of up to
// bulkRows rows each, inside the caller's transaction.
type bulkInsert struct {
	ctx   context.Context
	tx    *Tx
	head  string // INSERT INTO t (a, b) VALUES
	tuple string // (?, ?)
	cols  int
	n     int
	args  []any
	// parents are flushed before this one, so that foreign keys find
	// their rows (they are checked at once, not at commit).
	parents []*bulkInsert
}

// bulkRows keeps a statement's parameters (rows × columns, at most 17
// columns here) well under SQLite's limit of 32,766 and PostgreSQL's 65,535.
const bulkRows = 500

func newBulkInsert(ctx context.Context, tx *Tx, table string, cols ...string) *bulkInsert {
	return &bulkInsert{
		ctx: ctx, tx: tx, cols: len(cols),
		head:  "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		tuple: "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")",
		args:  make([]any, 0, bulkRows*len(cols)),
	}
}

func (b *bulkInsert) add(vals ...any) error {
	if len(vals) != b.cols {
		return fmt.Errorf("bulk insert: %d values for %d columns in %s", len(vals), b.cols, b.head)
	}
	b.args = append(b.args, vals...)
	if b.n++; b.n == bulkRows {
		return b.flush()
	}
	return nil
}

func (b *bulkInsert) flush() error {
	if b.n == 0 {
		return nil
	}
	for _, p := range b.parents {
		if err := p.flush(); err != nil {
			return err
		}
	}
	var q strings.Builder
	q.WriteString(b.head)
	for i := range b.n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(b.tuple)
	}
	if _, err := b.tx.exec(b.ctx, q.String(), b.args...); err != nil {
		return fmt.Errorf("bulk insert: %s…: %w", b.head, err)
	}
	b.n, b.args = 0, b.args[:0]
	return nil
}

// openBenchSQLite opens the store on a new SQLite file in dir.
func openBenchSQLite(ctx context.Context, dir string) (*DB, error) {
	return Open(ctx, filepath.Join(dir, "duban.db"))
}

// openBenchPostgres opens the store on a new schema bench_<nanotime> of the
// server dsn names. schemaDSN selects that schema; drop removes it.
func openBenchPostgres(ctx context.Context, dsn string) (db *DB, schemaDSN string, drop func() error, err error) {
	schema := fmt.Sprintf("bench_%d", time.Now().UnixNano())
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, "", nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return nil, "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop = func() error {
		a, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		return err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, "", nil, errorsJoin(err, drop())
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	schemaDSN = u.String()
	db, err = Open(ctx, schemaDSN)
	if err != nil {
		return nil, "", nil, errorsJoin(err, drop())
	}
	return db, schemaDSN, drop, nil
}

func errorsJoin(err, also error) error {
	if also != nil {
		return fmt.Errorf("%w (and cleaning up: %v)", err, also)
	}
	return err
}

// benchFixture is a generated 100k-task plan on one database.
type benchFixture struct {
	db     *DB
	plan   *benchPlan
	close  func() error
	err    error // why it could not be built; reported to every user
	logged bool  // logFixture has reported it
}

var (
	fixtureMu sync.Mutex
	fixtures  = map[Dialect]*benchFixture{}
	// fixtureUsers is the number of benchmarks in this file still to run
	// that use the fixtures; -1 until counted.
	fixtureUsers = -1
)

// fixtureBenchmarks are the benchmarks that share the fixtures.
var fixtureBenchmarks = []string{"BenchmarkListOverdueForUnit", "BenchmarkPlanStats"}

// useFixtures registers top-level benchmark b as a user of the fixtures:
// when the last selected user ends, they are closed and removed.
func useFixtures(b *testing.B) {
	fixtureMu.Lock()
	if fixtureUsers < 0 {
		fixtureUsers = 0
		for _, name := range fixtureBenchmarks {
			if benchSelected(name) {
				fixtureUsers++
			}
		}
	}
	fixtureMu.Unlock()
	b.Cleanup(func() {
		fixtureMu.Lock()
		defer fixtureMu.Unlock()
		if fixtureUsers--; fixtureUsers > 0 {
			return
		}
		for d, f := range fixtures {
			if f.close != nil {
				if err := f.close(); err != nil {
					b.Errorf("remove the %s fixture: %v", d, err)
				}
			}
			delete(fixtures, d)
		}
		fixtureUsers = -1
	})
}

// benchSelected reports whether the -test.bench and -test.skip patterns
// select the top-level benchmark name, the way package testing matches the
// first element of each '|' alternative. In doubt it says no, so that the
// fixtures are removed too early (and rebuilt) rather than left behind.
func benchSelected(name string) bool {
	// match reports whether some alternative of the pattern in flag fl
	// matches name at the top level, and whether one that does has no
	// sub-benchmark part (which is what -skip needs to skip all of name).
	match := func(fl string) (some, whole bool) {
		f := flag.Lookup(fl)
		if f == nil || f.Value.String() == "" {
			return false, false
		}
		for _, alt := range splitPattern(f.Value.String(), '|') {
			elems := splitPattern(alt, '/')
			if ok, err := regexp.MatchString(elems[0], name); err == nil && ok {
				some, whole = true, whole || len(elems) == 1
			}
		}
		return some, whole
	}
	selected, _ := match("test.bench")
	_, skipped := match("test.skip")
	return selected && !skipped
}

// splitPattern splits a -bench pattern at sep where it is outside brackets
// and parentheses.
func splitPattern(s string, sep byte) []string {
	var out []string
	brackets, parens, from := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			brackets++
		case ']':
			brackets = max(0, brackets-1)
		case '(':
			if brackets == 0 {
				parens++
			}
		case ')':
			if brackets == 0 {
				parens--
			}
		case '\\':
			i++
		case sep:
			if brackets == 0 && parens == 0 {
				out = append(out, s[from:i])
				from = i + 1
			}
		}
	}
	return append(out, s[from:])
}

// fixture returns the shared 100k-task plan on dialect d, building it on
// first use. On PostgreSQL it skips b unless DUBAN_TEST_POSTGRES is set.
func fixture(b *testing.B, d Dialect) (*DB, *benchPlan) {
	b.Helper()
	dsn := os.Getenv("DUBAN_TEST_POSTGRES")
	if d == Postgres && dsn == "" {
		b.Skip("DUBAN_TEST_POSTGRES is not set (e.g. postgres://postgres@127.0.0.1:5432/test): the PostgreSQL run is skipped")
	}
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	f := fixtures[d]
	if f == nil {
		f = buildFixture(d, dsn)
		fixtures[d] = f
	}
	if f.err != nil {
		b.Fatalf("build the %s fixture: %v", d, f.err)
	}
	return f.db, f.plan
}

func buildFixture(d Dialect, dsn string) *benchFixture {
	ctx := context.Background()
	f := &benchFixture{}
	var open func() (*DB, error)
	var drop func() error
	switch d {
	case SQLite:
		dir, err := os.MkdirTemp("", "duban-bench-")
		if err != nil {
			f.err = err
			return f
		}
		open = func() (*DB, error) { return openBenchSQLite(ctx, dir) }
		drop = func() error { return os.RemoveAll(dir) }
		f.db, f.err = open()
	case Postgres:
		var schemaDSN string
		f.db, schemaDSN, drop, f.err = openBenchPostgres(ctx, dsn)
		open = func() (*DB, error) { return Open(ctx, schemaDSN) }
	}
	if f.err != nil {
		if drop != nil {
			drop()
		}
		return f
	}
	f.close = func() error {
		err := f.db.Close()
		if e := drop(); e != nil && err == nil {
			err = e
		}
		return err
	}
	if f.plan, f.err = generatePlan(ctx, f.db, bigShape); f.err != nil {
		f.close()
		f.close = nil
		return f
	}
	// Measure a server started on an existing database, as in production,
	// not the handle that loaded it: on SQLite, reader connections that
	// were open while another connection ran ANALYZE re-read pages from
	// the file on every query afterwards (about 0.8 ms more per list page).
	if err := f.db.Close(); err != nil {
		f.err = err
	} else if f.db, f.err = open(); f.err != nil {
		drop()
		f.close = nil
	}
	if f.err == nil {
		// The store's "today" is the data's, so that statistics for it are
		// read from the light tallies, as a server's are.
		f.db.Now = func() time.Time { return benchNow }
	}
	return f
}

// benchNow is a moment of benchToday, China time.
var benchNow = time.Date(2026, time.June, 15, 10, 0, 0, 0, duban.ChinaTime)

// logFixture logs, once per fixture, how it was generated. It is called
// from leaf benchmarks, whose log package testing prints without -v.
func logFixture(b *testing.B, d Dialect) {
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	f := fixtures[d]
	if f == nil || f.plan == nil || f.logged {
		return
	}
	f.logged = true
	p := f.plan
	b.Logf("generated on %s: %d tasks, %d task units, %d assignments (%d closed, %d overdue in unit %d): load %v, %s %v",
		d, p.Tasks, p.TaskUnits, p.Assignments, p.Closed, p.Overdue[p.UnitID], p.UnitID, p.Load.Round(time.Millisecond),
		map[Dialect]string{SQLite: "WAL checkpoint", Postgres: "VACUUM (ANALYZE)"}[d], p.Analyze.Round(time.Millisecond))
}

// overdueFilter is the list every benchmark and test here asks for: a page
// of 50 of one unit's overdue, not closed assignments.
func overdueFilter(unitID int64, cursor string) duban.AssignmentFilter {
	return duban.AssignmentFilter{UnitID: unitID, OverdueAsOf: benchToday, Page: duban.Page{Limit: 50, Cursor: cursor}}
}

// checkOverduePage fails unless l is a full page of 50 overdue, open
// assignments of unit, each after the one before in (sort_deadline, id).
func checkOverduePage(l duban.List[duban.Assignment], unitID int64) error {
	if len(l.Items) != 50 {
		return fmt.Errorf("got %d items, want 50", len(l.Items))
	}
	if l.NextCursor == "" {
		return fmt.Errorf("no next cursor after a full page")
	}
	for i, x := range l.Items {
		switch {
		case x.Unit.ID != unitID:
			return fmt.Errorf("item %d: unit %d, want %d", i, x.Unit.ID, unitID)
		case x.Status == duban.StatusClosed:
			return fmt.Errorf("item %d (assignment %d) is closed", i, x.ID)
		case x.DeadlineKind != duban.DeadlineDate || x.Deadline.IsZero() || !x.Deadline.Before(benchToday):
			return fmt.Errorf("item %d (assignment %d): deadline %s %q is not before %s", i, x.ID, x.DeadlineKind, x.Deadline, benchToday)
		case i > 0 && (x.Deadline.Before(l.Items[i-1].Deadline) || x.Deadline == l.Items[i-1].Deadline && x.ID <= l.Items[i-1].ID):
			return fmt.Errorf("item %d (assignment %d) is out of order", i, x.ID)
		}
	}
	return nil
}

// BenchmarkListOverdueForUnit measures one page of 50 of a unit's overdue,
// not closed assignments, asked by an administrator (duban.System): the
// first page, and the second page through the first page's cursor.
func BenchmarkListOverdueForUnit(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			first, err := db.ListAssignments(ctx, duban.System, overdueFilter(plan.UnitID, ""), benchToday)
			if err != nil {
				b.Fatal(err)
			}
			if err := checkOverduePage(first, plan.UnitID); err != nil {
				b.Fatalf("first page: %v", err)
			}
			second, err := db.ListAssignments(ctx, duban.System, overdueFilter(plan.UnitID, first.NextCursor), benchToday)
			if err != nil {
				b.Fatal(err)
			}
			if err := checkOverduePage(second, plan.UnitID); err != nil {
				b.Fatalf("second page: %v", err)
			}
			if last, next := first.Items[49], second.Items[0]; next.Deadline.Before(last.Deadline) || next.Deadline == last.Deadline && next.ID <= last.ID {
				b.Fatalf("second page starts at assignment %d (%s), not after %d (%s)", next.ID, next.Deadline, last.ID, last.Deadline)
			}
			for _, page := range []struct {
				name   string
				cursor string
			}{{"page1", ""}, {"page2", first.NextCursor}} {
				b.Run(page.name, func(b *testing.B) {
					logFixture(b, d)
					f := overdueFilter(plan.UnitID, page.cursor)
					for b.Loop() {
						l, err := db.ListAssignments(ctx, duban.System, f, benchToday)
						if err != nil || len(l.Items) != 50 {
							b.Fatalf("got %d items, %v", len(l.Items), err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkPlanStats measures the statistics of the whole plan (total, per
// aspect, per unit), asked by an administrator:
//
//   - today: today's figures, read from the light tallies the triggers keep
//     (what every battle map and stats request does);
//   - recount: counting the plan afresh into the tallies, which happens once
//     a day (or when the plan's ladder or the calendar changes); the
//     iterations alternate between two days' rules, so each is a real count;
//   - other_day: figures for another day, counted from the assignments.
func BenchmarkPlanStats(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			yesterday := benchToday.AddDays(-1)
			for _, day := range []duban.Date{{}, yesterday} {
				st, err := db.Stats(ctx, duban.System, plan.PlanID, day)
				if err != nil {
					b.Fatal(err)
				}
				if err := checkStats(st, plan); err != nil {
					b.Fatalf("stats as of %s: %v", db.asOf(day), err)
				}
			}
			perAssignment := func(b *testing.B) {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(plan.Assignments), "ns/assignment")
			}
			b.Run("today", func(b *testing.B) {
				logFixture(b, d)
				for b.Loop() {
					if _, err := db.Stats(ctx, duban.System, plan.PlanID, duban.Date{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("recount", func(b *testing.B) {
				pl, err := findPlan(ctx, db.reader(), plan.PlanID)
				if err != nil {
					b.Fatal(err)
				}
				rules := []duban.LightRule{db.rule(pl, yesterday), db.rule(pl, benchToday)}
				i := 0
				for b.Loop() {
					if err := db.recount(ctx, plan.PlanID, rules[i%2]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				perAssignment(b)
			})
			b.Run("other_day", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Stats(ctx, duban.System, plan.PlanID, yesterday); err != nil {
						b.Fatal(err)
					}
				}
				perAssignment(b)
			})
		})
	}
}

// checkStats compares the statistics with what the generator wrote: the
// counts that do not depend on the light rules, which the store owns.
func checkStats(st *duban.Stats, plan *benchPlan) error {
	switch {
	case st.Total.Total != plan.Assignments:
		return fmt.Errorf("total %d, want the %d generated assignments", st.Total.Total, plan.Assignments)
	case st.Total.Closed != plan.Closed:
		return fmt.Errorf("closed %d, want %d", st.Total.Closed, plan.Closed)
	case len(st.ByUnit) != len(plan.Overdue):
		return fmt.Errorf("%d units, want %d", len(st.ByUnit), len(plan.Overdue))
	}
	return nil
}

// TestBenchmarkQueriesUseIndexes checks, on a small generated plan, that
// SQLite answers the overdue list the benchmark measures from an index, in
// index order: no full scan of assignments and no sort of the matches. The
// query is assembled from the same pieces as in ListAssignments.
func TestBenchmarkQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := openBenchSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plan, err := generatePlan(ctx, db, benchShape{Units: 10, Aspects: 2, ProblemsPerAspect: 5, Tasks: 2000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Overdue[plan.UnitID] < 51 {
		t.Fatalf("unit %d has only %d overdue assignments; the plan is too small for two pages", plan.UnitID, plan.Overdue[plan.UnitID])
	}
	first, err := db.ListAssignments(ctx, duban.System, overdueFilter(plan.UnitID, ""), benchToday)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkOverduePage(first, plan.UnitID); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, duban.System, plan.PlanID, benchToday)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkStats(st, plan); err != nil {
		t.Fatal(err)
	}

	for _, page := range []struct{ name, cursor string }{{"page1", ""}, {"page2", first.NextCursor}} {
		t.Run(page.name, func(t *testing.T) {
			w, err := assignmentWhere(duban.System, overdueFilter(plan.UnitID, page.cursor))
			if err != nil {
				t.Fatal(err)
			}
			q, args := listAssignmentsQuery(w, 51)
			lines, err := explainSQLite(ctx, db, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			plan := strings.Join(lines, "\n")
			t.Logf("EXPLAIN QUERY PLAN:\n%s", plan)
			usesIndex := false
			for _, l := range lines {
				if strings.HasPrefix(l, "SCAN a") && !strings.Contains(l, "USING") {
					t.Errorf("assignments are scanned in full: %q", l)
				}
				if (strings.HasPrefix(l, "SEARCH a ") || strings.HasPrefix(l, "SCAN a ")) &&
					(strings.Contains(l, "USING INDEX") || strings.Contains(l, "USING COVERING INDEX")) {
					usesIndex = true
				}
				if strings.Contains(l, "TEMP B-TREE") {
					t.Errorf("the matches are sorted instead of read in index order: %q", l)
				}
			}
			if !usesIndex {
				t.Errorf("assignments are not read through an index:\n%s", plan)
			}
		})
	}
}

// explainSQLite returns the detail lines of EXPLAIN QUERY PLAN for q.
func explainSQLite(ctx context.Context, db *DB, q string, args ...any) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			return nil, err
		}
		lines = append(lines, detail)
	}
	return lines, rows.Err()
}
