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
type benchShape = GenShape

// bigShape is the data set of the benchmarks.
var bigShape = benchShape{Units: 100, Aspects: 10, ProblemsPerAspect: 20, Tasks: 100_000, Seed: 1, Today: benchToday}

// benchPlan is a generated plan and the unit the list benchmark filters on.
type benchPlan struct {
	*Generated
	UnitID int64
}

// generatePlan fills an empty database with a plan of the given shape
// through the store's generator (gen.go), as of benchToday.
func generatePlan(ctx context.Context, db *DB, shape benchShape) (*benchPlan, error) {
	shape.Today = benchToday
	g, err := db.Generate(ctx, shape)
	if err != nil {
		return nil, err
	}
	return &benchPlan{Generated: g, UnitID: int64(shape.Units/2 + 1)}, nil
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
var fixtureBenchmarks = []string{"BenchmarkListOverdueForUnit", "BenchmarkPlanStats", "BenchmarkSearch", "BenchmarkCountAssignments"}

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
		map[Dialect]string{SQLite: "WAL checkpoint", Postgres: "VACUUM (ANALYZE)"}[d], p.Settle.Round(time.Millisecond))
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

// BenchmarkDashboard measures the battle map's figures of the 100k plan
// today (light tallies and the live rows) and for an earlier day (the
// history of the assignments, migration 0021): as remembered, and counted
// again after a write (each op follows an item recalled and assigned
// again, not timed), as a server under writes counts them.
func BenchmarkDashboard(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			l, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: plan.PlanID, UnitID: plan.UnitID,
				Statuses: []duban.Status{duban.StatusAssigned}, Page: duban.Page{Limit: 1}}, duban.Date{})
			if err != nil || len(l.Items) == 0 {
				b.Fatalf("no assigned item: %v", err)
			}
			for _, day := range []struct {
				name string
				day  duban.Date
			}{{"today", duban.Date{}}, {"other_day", benchToday.AddDays(-30)}} {
				b.Run(day.name+"_after_a_write", func(b *testing.B) {
					// The day's first look (the plan counted under its rule) is not timed.
					if _, err := db.Dashboard(ctx, duban.System, plan.PlanID, day.day); err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						b.StopTimer()
						for _, act := range []duban.Action{duban.ActionRecall, duban.ActionAssign} {
							if _, err := db.Transition(ctx, duban.System, l.Items[0].ID, 0, act, duban.TransitionInput{Reason: "基准测试"}); err != nil {
								b.Fatal(err)
							}
						}
						b.StartTimer()
						x, err := db.Dashboard(ctx, duban.System, plan.PlanID, day.day)
						if err != nil {
							b.Fatal(err)
						}
						if x.Stats.Total.Total != plan.Assignments {
							b.Fatalf("as of %s: %d assignments, want %d", db.asOf(day.day), x.Stats.Total.Total, plan.Assignments)
						}
					}
				})
				b.Run(day.name, func(b *testing.B) {
					for b.Loop() {
						x, err := db.Dashboard(ctx, duban.System, plan.PlanID, day.day)
						if err != nil {
							b.Fatal(err)
						}
						if x.Stats.Total.Total != plan.Assignments {
							b.Fatalf("as of %s: %d assignments, want %d", db.asOf(day.day), x.Stats.Total.Total, plan.Assignments)
						}
					}
				})
			}
		})
	}
}

// BenchmarkTransition measures one write of the workflow on the 100k
// plan, with every trigger it fires (light tallies, the assignment's
// history): an assigned item recalled and assigned again, two writes an op.
func BenchmarkTransition(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			l, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: plan.PlanID, UnitID: plan.UnitID,
				Statuses: []duban.Status{duban.StatusAssigned}, Page: duban.Page{Limit: 1}}, duban.Date{})
			if err != nil || len(l.Items) == 0 {
				b.Fatalf("no assigned item: %v", err)
			}
			id := l.Items[0].ID
			for b.Loop() {
				for _, act := range []duban.Action{duban.ActionRecall, duban.ActionAssign} {
					if _, err := db.Transition(ctx, duban.System, id, 0, act, duban.TransitionInput{Reason: "基准测试"}); err != nil {
						b.Fatal(err)
					}
				}
			}
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
	plan, err := generatePlan(ctx, db, benchShape{Units: 10, Aspects: 2, ProblemsPerAspect: 5, Tasks: 2000, Seed: 2, Today: benchToday})
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
			w, err := assignmentWhere(SQLite, duban.System, overdueFilter(plan.UnitID, page.cursor))
			if err != nil {
				t.Fatal(err)
			}
			q, args := listQueryFor(SQLite, w, duban.System, overdueFilter(plan.UnitID, page.cursor), 51)
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

// BenchmarkSearch measures text search on the 100k plan: the ranked search
// (20 best of problems, measures, reports and feedback) and the first page
// of the assignment list filtered by the text, for a theme (about 2,500
// measures and 4,000 reports), a rarer phrase and a single character.
func BenchmarkSearch(b *testing.B) {
	useFixtures(b)
	for _, d := range []Dialect{SQLite, Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, plan := fixture(b, d)
			ctx := context.Background()
			for _, term := range []struct{ name, text string }{{"theme", "公务用车"}, {"phrase", "整改举措012345"}, {"char", "械"}} {
				b.Run("ranked/"+term.name, func(b *testing.B) {
					logFixture(b, d)
					for b.Loop() {
						if _, err := db.Search(ctx, duban.System, SearchFilter{Text: term.text, PlanID: plan.PlanID}); err != nil {
							b.Fatal(err)
						}
					}
				})
				if term.name == "theme" {
					// A liaison's search for a word in nearly every record.
					liaison := &duban.Principal{Role: duban.RoleLiaison, UnitID: 51}
					b.Run("ranked/liaison-common", func(b *testing.B) {
						for b.Loop() {
							if _, err := db.Search(ctx, liaison, SearchFilter{Text: "整改", PlanID: plan.PlanID}); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
				b.Run("list/"+term.name, func(b *testing.B) {
					f := duban.AssignmentFilter{PlanID: plan.PlanID, Text: term.text, Page: duban.Page{Limit: 50}}
					for b.Loop() {
						if _, err := db.ListAssignments(ctx, duban.System, f, benchToday); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
