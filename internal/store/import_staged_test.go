package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// bigOutline is a ledger of n measures over 4 aspects and 20 problems, led
// by 8 units the database does not have yet (the import creates them).
func bigOutline(n int) *duban.Outline {
	o := &duban.Outline{Meta: duban.OutlineMeta{Title: "分批导入测试整改方案", Unit: "分批导入测试单位"}}
	var problems []*duban.OutlineNode
	for a := range 4 {
		asp := &duban.OutlineNode{Kind: duban.NodeAspect, Title: fmt.Sprintf("第%d个方面", a+1)}
		for p := range 5 {
			pr := &duban.OutlineNode{Kind: duban.NodeProblem, Title: fmt.Sprintf("第%d个方面的第%d个问题", a+1, p+1)}
			asp.Children = append(asp.Children, pr)
			problems = append(problems, pr)
		}
		o.Aspects = append(o.Aspects, asp)
	}
	for i := range n {
		pr := problems[i%len(problems)]
		pr.Measures = append(pr.Measures, &duban.OutlineMeasure{Title: fmt.Sprintf("分批导入的举措%05d", i), DeadlineKind: duban.DeadlineDate,
			Deadline: duban.MustDate("2027-06-30"), LeadUnit: fmt.Sprintf("分批导入责任单位%d", i%8), Progress: "已完成部分工作"})
	}
	return o
}

// lastMeasureInvalid makes the outline's last measure fail validation
// (neither title nor content), so that the import fails in its last batch.
func lastMeasureInvalid(o *duban.Outline) {
	last := o.Aspects[len(o.Aspects)-1].Children
	pr := last[len(last)-1]
	pr.Measures[len(pr.Measures)-1].Title = ""
}

// importGone checks that nothing of the outline's import can be seen or
// is left in the tables, and that the audit chain and rows still verify.
func importGone(t *testing.T, db *store.DB, unitsBefore int) {
	t.Helper()
	ctx := context.Background()
	plans, err := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plans.Items) != 0 {
		t.Errorf("plans after the failed import: got %d, want 0", len(plans.Items))
	}
	units, err := db.ListUnits(ctx, duban.UnitFilter{Page: duban.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if len(units.Items) != unitsBefore {
		t.Errorf("units after the failed import: got %d, want %d", len(units.Items), unitsBefore)
	}
	for _, table := range []string{"plans", "nodes", "tasks", "task_units", "assignments", "reports", "transitions", "closures", "assignment_history", "staged_plans", "staged_units"} {
		var n int
		if err := db.QueryRowRaw(ctx, `SELECT count(*) FROM `+table, &n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s after the failed import: got %d rows, want 0", table, n)
		}
	}
	var n int
	if err := db.QueryRowRaw(ctx, `SELECT count(*) FROM units WHERE name LIKE '分批导入%'`, &n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("units the failed import created: got %d left, want 0", n)
	}
	mustVerify(t, db)
}

func mustVerify(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Errorf("audit chain: %v", err)
	}
	drift, err := db.CheckRows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("audit verify names a row: %s", d)
	}
}

// maxImportWait bounds a write's wait beside an import of batches of about
// 100 ms. The aim is about a second; the margin is for a loaded machine,
// where PostgreSQL's commits wait for the disk (0.7–0.9 s seen at a load
// of 17 on 2 cores). Without batches the wait is the whole import.
const maxImportWait = 1500 * time.Millisecond

// TestStagedImportBoundsOtherWrites imports a large ledger while another
// writer creates units: each of its writes waits for one batch, not for the
// import, and nothing of the plan shows until the import has finished.
func TestStagedImportBoundsOtherWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Long enough for several writes beside it: SQLite imports 1,500
		// measures in about half a second.
		n := 1500
		if db.Dialect() == store.SQLite {
			n = 4000
		}
		o := bigOutline(n)
		var (
			mu      sync.Mutex
			waits   []time.Duration
			seen    []string
			started = time.Now()
		)
		importDone := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-importDone:
					return
				default:
				}
				t0 := time.Now()
				err := db.CreateUnit(ctx, duban.System, &duban.Unit{Name: fmt.Sprintf("导入期间新建的单位%d", i), Kind: duban.UnitOther})
				d := time.Since(t0)
				plans, lerr := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
				mu.Lock()
				waits = append(waits, d)
				if err != nil || lerr != nil {
					seen = append(seen, fmt.Sprintf("write %d: %v %v", i, err, lerr))
				}
				select {
				case <-importDone:
				default:
					// The plan shows at the import's last commit, which may
					// come just before ImportOutline returns: seen before
					// that, it must be whole.
					if len(plans.Items) != 0 {
						got, err := db.CountAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: plans.Items[0].ID})
						if err != nil || got != n {
							seen = append(seen, fmt.Sprintf("plan %q visible with %d of %d assignments while the import runs (%v)", plans.Items[0].Title, got, n, err))
						}
					}
				}
				mu.Unlock()
				time.Sleep(10 * time.Millisecond)
			}
		}()
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		took := time.Since(started)
		close(importDone)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range seen {
			t.Error(s)
		}
		var worst time.Duration
		for _, d := range waits {
			worst = max(worst, d)
		}
		t.Logf("import of %d measures: %v; %d concurrent writes, worst %v", n, took, len(waits), worst)
		if len(waits) < 5 {
			t.Fatalf("concurrent writes during the import: got %d, want at least 5", len(waits))
		}
		if worst > maxImportWait || worst > took/2 {
			t.Errorf("worst wait of a concurrent write: got %v (import %v), want under %v and under half the import", worst, took, maxImportWait)
		}
		if res.Created["measures"] != n || res.Created["units"] != 9 || res.Created["reports"] != n {
			t.Errorf("import result: got %+v", res.Created)
		}
		tree, err := db.Tree(ctx, duban.System, res.PlanID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if c := tree.Counts; c.Aspects != 4 || c.Problems != 20 || c.Tasks != n || c.Assignments != n {
			t.Errorf("tree after the import: got %+v", c)
		}
		mustVerify(t, db)
	})
}

// TestStagedImportAllOrNothing fails an import in its last batch, and
// stops another as a killed process would: nothing of either shows, and
// what they wrote is deleted (by the failing import itself; by the sweep
// once the stopped one has gone quiet).
func TestStagedImportAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// One step a batch: 40 measures and 25 nodes make some 66 batches.
		db.SetImportBatches(time.Nanosecond, nil)
		o := bigOutline(40)
		lastMeasureInvalid(o)
		_, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if duban.ErrorCode(err) != duban.Invalid {
			t.Fatalf("import with an invalid last measure: got %v, want Invalid", err)
		}
		importGone(t, db, 0)

		// A failure that is not the outline's: the 30th batch's write fails.
		db.SetImportBatches(time.Nanosecond, func(batch int) error {
			if batch == 30 {
				return errors.New("disk full")
			}
			return nil
		})
		if _, err := db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{}); err == nil {
			t.Fatal("import whose 30th batch fails: got no error")
		}
		importGone(t, db, 0)

		// Killed after 20 batches: the rows stay, hidden, until the sweep.
		db.SetImportBatches(time.Nanosecond, func(batch int) error {
			if batch == 20 {
				panic("killed")
			}
			return nil
		})
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("the import was not stopped")
				}
			}()
			db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{})
		}()
		var tasks int
		if err := db.QueryRowRaw(ctx, `SELECT count(*) FROM tasks`, &tasks); err != nil {
			t.Fatal(err)
		}
		if tasks == 0 {
			t.Fatal("the stopped import wrote no measures: the test stops it too early")
		}
		plans, err := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{}, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		hits, err := db.Search(ctx, duban.System, store.SearchFilter{Text: "分批导入"})
		if err != nil {
			t.Fatal(err)
		}
		if len(plans.Items)+len(list.Items)+len(hits) != 0 {
			t.Errorf("stopped import: %d plans, %d assignments, %d search hits visible; want none", len(plans.Items), len(list.Items), len(hits))
		}
		// The staged plan and a unit it created are not found by id either.
		var planID, unitID int64
		if err := db.QueryRowRaw(ctx, `SELECT plan_id FROM staged_plans`, &planID); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowRaw(ctx, `SELECT MIN(unit_id) FROM staged_units`, &unitID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindPlan(ctx, duban.System, planID); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("the stopped import's plan %d: got %v, want NotFound", planID, err)
		}
		if _, err := db.FindUnit(ctx, unitID); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("a unit %d the stopped import created: got %v, want NotFound", unitID, err)
		}
		if n, err := db.SweepStagedImports(ctx); err != nil || n != 0 {
			t.Errorf("sweep right after the stop: got %d, %v; want 0 (the import may still be alive)", n, err)
		}
		db.SetImportBatches(0, nil)
		real := db.Now
		db.Now = func() time.Time { return real().Add(10 * time.Minute) }
		if n, err := db.SweepStagedImports(ctx); err != nil || n != 1 {
			t.Fatalf("sweep ten minutes later: got %d, %v; want 1", n, err)
		}
		importGone(t, db, 0)

		// The same ledger imports whole afterwards.
		res, err := db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created["measures"] != 40 {
			t.Errorf("measures after the failures: got %d, want 40", res.Created["measures"])
		}
		mustVerify(t, db)
	})
}

// TestStagedImportBesideAnotherStore runs the command line's import (Shared)
// on one store while a second store on the same database, as a server
// beside it, creates units: on SQLite the two hold separate connections to
// the file, whose lock the second's writes wait for by polling. Each write
// waits for about a batch, not for the import (4,000 measures: long enough
// beside a fast import for several writes to come in).
func TestStagedImportBesideAnotherStore(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func() *store.DB {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if err := db.SetAuditKey(ctx, []byte("beside-test-key-0123456789abcdef")); err != nil {
				t.Fatal(err)
			}
			return db
		}
		cli, server := open(), open()
		if err := server.MarkServing(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		var waits []time.Duration
		var failed []error
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				t0 := time.Now()
				if err := server.CreateUnit(ctx, duban.System, &duban.Unit{Name: fmt.Sprintf("服务新建的单位%d", i), Kind: duban.UnitOther}); err != nil {
					failed = append(failed, err)
				}
				waits = append(waits, time.Since(t0))
				time.Sleep(10 * time.Millisecond)
			}
		}()
		started := time.Now()
		res, err := cli.ImportOutline(ctx, duban.System, bigOutline(4000), store.ImportOptions{Shared: true})
		took := time.Since(started)
		close(done)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range failed {
			t.Errorf("a write beside the import failed: %v", err)
		}
		var worst time.Duration
		for _, d := range waits {
			worst = max(worst, d)
		}
		t.Logf("import of 4000 measures: %v; %d writes beside it, worst %v", took, len(waits), worst)
		if len(waits) < 5 {
			t.Fatalf("writes beside the import: got %d, want at least 5", len(waits))
		}
		if worst > maxImportWait || worst > took/2 {
			t.Errorf("worst wait of a write beside the import: got %v (import %v), want under %v and under half the import", worst, took, maxImportWait)
		}
		if res.Created["measures"] != 4000 {
			t.Errorf("measures imported: got %d, want 4000", res.Created["measures"])
		}
		mustVerify(t, server)
	}
	t.Run("sqlite", func(t *testing.T) { storetest.SQLite(t); run(t, filepath.Join(t.TempDir(), "duban.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		run(t, storetest.PostgresSchema(t, dsn, "t"))
	})
}

// The command line's import pauses between batches only while a server
// serves the same SQLite file: the server's mark is a lock beside the file,
// held from MarkServing until Close, and seen from another store.
func TestServingMark(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "duban.db")
	open := func() *store.DB {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	server, cli := open(), open()
	defer cli.Close()
	if cli.ServedElsewhere() {
		t.Fatal("served before any server marked the file")
	}
	if err := server.MarkServing(); err != nil {
		t.Fatal(err)
	}
	if !cli.ServedElsewhere() {
		t.Fatal("a server's mark is not seen from another store")
	}
	second := open()
	if err := second.MarkServing(); err != nil {
		t.Fatalf("a second server beside the first: %v", err)
	}
	server.Close()
	if !cli.ServedElsewhere() {
		t.Fatal("the second server's mark is not seen once the first closed")
	}
	second.Close()
	if cli.ServedElsewhere() {
		t.Fatal("the mark outlives the servers that held it")
	}
}

// Alone on SQLite (no other write waiting, no server beside it), an import
// commits about once a second instead of ten times: every commit rewrites
// the index pages its batch touched. A write that comes in meanwhile still
// waits for about one short batch (TestStagedImportBoundsOtherWrites).
func TestStagedImportAloneCommitsSeldom(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var batches int
		db.SetImportBatches(0, func(batch int) error {
			batches = batch
			return nil
		})
		started := time.Now()
		if _, err := db.ImportOutline(ctx, duban.System, bigOutline(3000), store.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		took := time.Since(started)
		t.Logf("import of 3000 measures alone: %v in %d batches", took, batches)
		// At most one batch a second, and one for the rest; PostgreSQL,
		// where other servers' writes cannot be seen, keeps batches of
		// 100 ms: several for an import of a second or more (fewer than
		// ten a second when its commits are slow on a loaded machine).
		most, least := int(took/time.Second)+2, 1
		if db.Dialect() != store.SQLite {
			most, least = int(took/(50*time.Millisecond))+2, 2
		}
		if batches > most || batches < least {
			t.Errorf("batches of an import alone: got %d in %v, want %d to %d", batches, took, least, most)
		}
	})
}

// An import from the command line (a store of one command) copies each
// committed batch into the database file on a connection of its own while
// it writes the next, instead of in its commits. Leave waits for that copy
// and then empties the log: the database file alone holds the whole plan,
// audit chain and seals included, however many batches ran and copies
// overlapped them.
func TestStagedImportOfOneCommandCopiesBehind(t *testing.T) {
	storetest.SQLite(t)
	ctx := context.Background()
	dir := t.TempDir()
	key := []byte("behind-test-key-0123456789abcdef")
	db, err := store.Open(ctx, filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetAuditKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	db.SetOneCommand()
	var batches int
	var walMost int64
	db.SetImportBatches(time.Nanosecond, func(batch int) error {
		batches = batch
		if st, err := os.Stat(filepath.Join(dir, "duban.db-wal")); err == nil {
			walMost = max(walMost, st.Size())
		}
		return nil
	})
	res, err := db.ImportOutline(ctx, duban.System, bigOutline(2000), store.ImportOptions{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	if batches < 3 {
		t.Fatalf("batches: got %d, want several, each copied behind the next", batches)
	}
	t.Logf("%d batches; write-ahead log up to %d MB", batches, walMost>>20)
	// Each commit rewrites the pages it touched; copied behind, the log
	// would not start over and grew to 450 MB here.
	if walMost > 160<<20 {
		t.Errorf("write-ahead log during the import: up to %d MB, want it kept near 96 MB", walMost>>20)
	}
	if err := db.Leave(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, "duban.db-wal")); err == nil && st.Size() != 0 {
		t.Errorf("write-ahead log after Leave: %d bytes, want it copied and emptied", st.Size())
	}
	b, err := os.ReadFile(filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	alone := filepath.Join(t.TempDir(), "duban.db")
	if err := os.WriteFile(alone, b, 0o600); err != nil {
		t.Fatal(err)
	}
	copied, err := store.Open(ctx, alone)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if err := copied.SetAuditKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	var measures int
	if err := copied.QueryRowRaw(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM tasks WHERE plan_id = %d`, res.PlanID), &measures); err != nil {
		t.Fatal(err)
	}
	if measures != 2000 {
		t.Errorf("measures in the database file alone: got %d of %d batches, want 2000", measures, batches)
	}
	mustVerify(t, copied)
}

// Two imports of one new plan at the same moment (a second click, a second
// clerk): the first is hidden while it runs, so the second would not find
// it and would make a second plan. It is refused with a Conflict instead,
// and an import after the first has finished merges into its plan.
func TestConcurrentImportsOfOnePlan(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The units exist already (another plan brought them), so that only
		// the plan itself could be made twice.
		if _, err := db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{PlanTitle: "先导入的另一方案"}); err != nil {
			t.Fatal(err)
		}
		o := bigOutline(40)
		var once sync.Once
		second := make(chan error, 1)
		db.SetImportBatches(time.Nanosecond, func(batch int) error {
			if batch != 2 {
				return nil
			}
			once.Do(func() {
				go func() {
					_, err := db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{})
					second <- err
				}()
				// Hold this batch until the second import waits for the writer.
				for deadline := time.Now().Add(10 * time.Second); db.WritesInFlight() < 2 && time.Now().Before(deadline); {
					time.Sleep(time.Millisecond)
				}
			})
			return nil
		})
		first, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := <-second; duban.ErrorCode(err) != duban.Conflict || !strings.Contains(err.Error(), "正在由另一次导入写入") {
			t.Errorf("the second import while the first ran: got %v, want a Conflict naming the running import", err)
		}
		db.SetImportBatches(0, nil)
		again, err := db.ImportOutline(ctx, duban.System, bigOutline(40), store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		plans, err := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(plans.Items) != 2 || again.PlanID != first.PlanID {
			t.Errorf("after both imports: %d plans, the later import into plan %d, want the other plan and one more (%d)", len(plans.Items), again.PlanID, first.PlanID)
		}
	})
}

// A plan imported in batches is searchable when it shows: every node,
// measure and report has its search row (on SQLite written a batch at a
// time, the insert triggers skipping a staged plan), and a search finds
// each kind. Measures added to the plan afterwards are indexed by the
// triggers again.
func TestStagedImportIndexesSearch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetImportBatches(time.Millisecond, nil) // many batches
		res, err := db.ImportOutline(ctx, duban.System, bigOutline(120), store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			t.Helper()
			var n int
			if err := db.QueryRowRaw(ctx, fmt.Sprintf(q, res.PlanID, res.PlanID, res.PlanID), &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		want := count(`SELECT (SELECT count(*) FROM nodes WHERE plan_id = %d) + (SELECT count(*) FROM tasks WHERE plan_id = %d)
			+ (SELECT count(*) FROM reports r JOIN assignments a ON a.id = r.assignment_id WHERE a.plan_id = %d)`)
		if got := count(`SELECT count(*) FROM search WHERE plan_id = %d AND %d > 0 AND %d > 0`); got != want || want != 24+120+120 {
			t.Errorf("search rows of the imported plan: got %d, want %d (24 nodes, 120 measures, 120 reports)", got, want)
		}
		for text, kind := range map[string]string{"分批导入的举措00077": "task", "第3个方面的第2个问题": "node", "已完成部分工作": "report"} {
			hits, err := db.Search(ctx, duban.System, store.SearchFilter{Text: text, PlanID: res.PlanID})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Kind != kind {
				t.Errorf("search %s: got %+v, want a %s first", text, hits, kind)
			}
		}
		// Once shown, the plan's new rows are indexed by the triggers.
		top, err := db.TreeLevel(ctx, duban.System, res.PlanID, 0, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		aspect, err := db.TreeLevel(ctx, duban.System, res.PlanID, top.Children[0].ID, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var lead int64
		if err := db.QueryRowRaw(ctx, fmt.Sprintf(`SELECT lead_unit_id FROM tasks WHERE plan_id = %d ORDER BY id LIMIT 1`, res.PlanID), &lead); err != nil {
			t.Fatal(err)
		}
		tk := &duban.Task{NodeID: aspect.Children[0].ID, Title: "导入之后新增的举措", DeadlineKind: duban.DeadlineLongTerm, LeadUnitID: lead}
		if err := db.CreateTask(ctx, duban.System, tk); err != nil {
			t.Fatal(err)
		}
		hits, err := db.Search(ctx, duban.System, store.SearchFilter{Text: "导入之后新增", PlanID: res.PlanID})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].ID != tk.ID {
			t.Errorf("search for a measure added after the import: got %+v, want measure %d", hits, tk.ID)
		}
	})
}

// feedOutline hands o over to a feed as a reader would: its Meta, then its
// nodes and measures in order. After half of them it waits (up to 20 s) for
// the writer to ask for the next when overlap is set, and tells whether it
// did; last, when not nil, is the error the feed is closed with.
func feedOutline(o *duban.Outline, overlap bool, last error) (*duban.OutlineFeed, <-chan bool) {
	f := duban.NewOutlineFeed()
	f.Outline.Meta = o.Meta
	steps := stepsOf(o)
	followed := make(chan bool, 1)
	go func() {
		f.Outline.Aspects = o.Aspects
		f.Settle()
		half := len(steps) / 2
		give(f, steps[:half])
		ok := false
		for end := time.Now().Add(20 * time.Second); overlap && time.Now().Before(end); time.Sleep(time.Millisecond) {
			if ok = f.Asked() > half; ok {
				break
			}
		}
		give(f, steps[half:])
		// A bad file is found while the writer is busy with the rows
		// before: close it once the writer is past the first half.
		for end := time.Now().Add(20 * time.Second); last != nil && overlap && f.Asked() <= half+1 && time.Now().Before(end); {
			time.Sleep(50 * time.Microsecond)
		}
		f.Close(last)
		followed <- ok
	}()
	return f, followed
}

// TestImportFeedWritesWhileRead imports an outline while it is still being
// read: on SQLite the writer takes the first half before the reader goes
// on, and the plan is the same as ImportOutline makes of the whole; a feed
// that fails at its end (a bad cell in the last row) leaves nothing
// written, however much was; elsewhere the feed is read whole first.
func TestImportFeedWritesWhileRead(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sqlite := db.Dialect() == store.SQLite
		// Batches of a nanosecond: the first transaction must still not
		// end before the reader has, however long it has run.
		db.SetImportBatches(time.Nanosecond, nil)
		feed, followed := feedOutline(bigOutline(400), sqlite, errors.New("第 401 行：缺少完成时限"))
		if _, err := db.ImportFeed(ctx, duban.System, feed, store.ImportOptions{Shared: true}); err == nil || !strings.Contains(err.Error(), "缺少完成时限") {
			t.Fatalf("import of a feed closed with an error: got %v, want its error", err)
		}
		if sqlite && !<-followed {
			t.Error("the writer did not take the first half of the feed before the reader finished")
		}
		importGone(t, db, 0)
		var events int
		if err := db.QueryRowRaw(ctx, `SELECT count(*) FROM audit_events`, &events); err != nil || events != 0 {
			t.Errorf("audit events after the failed feed: %d, %v; want none (nothing was written)", events, err)
		}

		feed, followed = feedOutline(bigOutline(400), sqlite, nil)
		res, err := db.ImportFeed(ctx, duban.System, feed, store.ImportOptions{Shared: true})
		if err != nil {
			t.Fatal(err)
		}
		if sqlite && !<-followed {
			t.Error("the writer did not take the first half of the feed before the reader finished")
		}
		want := map[string]int{"plans": 1, "aspects": 4, "problems": 20, "measures": 400, "units": 9}
		for k, n := range want {
			if res.Created[k] != n {
				t.Errorf("created %s: got %d, want %d (all: %v)", k, res.Created[k], n, res.Created)
			}
		}
		tree, err := db.Tree(ctx, duban.System, res.PlanID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		var measures []string
		for _, a := range tree.Children {
			for _, p := range a.Children {
				for _, m := range p.Children {
					measures = append(measures, p.Title+"/"+m.Title)
				}
			}
		}
		if len(measures) != 400 || measures[0] != "第1个方面的第1个问题/分批导入的举措00000" || measures[1] != "第1个方面的第1个问题/分批导入的举措00020" {
			t.Errorf("measures of the imported plan: got %d, first %q", len(measures), measures[:min(2, len(measures))])
		}
		mustVerify(t, db)
	})
}

// A ledger may write the same measure on two rows under one problem (for
// two lead units, each on its own row, or twice by mistake): each row is a
// measure of its own, in a plan imported in batches or not, and importing
// the file again meets each measure once and changes nothing. Before, the
// later row updated the earlier one's measure: the import failed on the
// lead unit ("不能从举措中移除") or, with another content, on the search
// row its update had written ("记录已存在").
func TestImportMeasureNamedTwice(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, batch := range []time.Duration{time.Nanosecond, time.Hour} {
			o := bigOutline(40)
			pr := o.Aspects[0].Children[0]
			first := pr.Measures[0]
			first.Content = "最初写的举措内容甲乙丙"
			again := *first
			again.Content, again.LeadUnit = "后来改写的举措内容丁戊己", "另一个牵头单位"
			pr.Measures = append(pr.Measures, &again)
			o.Meta.Title = fmt.Sprintf("同名举措整改方案%v", batch)
			db.SetImportBatches(batch, nil)
			res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
			if err != nil {
				t.Fatalf("import (batches of %v) of a ledger naming a measure twice: %v", batch, err)
			}
			if res.Created["measures"] != 41 || res.Updated["measures"] != 0 {
				t.Errorf("batches of %v: created %d measures, updated %d; want 41 and 0", batch, res.Created["measures"], res.Updated["measures"])
			}
			var n int
			if err := db.QueryRowRaw(ctx, fmt.Sprintf(`SELECT count(*) FROM tasks t JOIN units u ON u.id = t.lead_unit_id
				WHERE t.plan_id = %d AND t.title = '%s' AND (t.content = '%s' AND u.name = '%s' OR t.content = '%s' AND u.name = '%s')`,
				res.PlanID, first.Title, first.Content, first.LeadUnit, again.Content, again.LeadUnit), &n); err != nil {
				t.Fatal(err)
			}
			if n != 2 {
				t.Errorf("batches of %v: %d measures titled %s hold their own row's content and lead unit, want 2", batch, n, first.Title)
			}
			for _, text := range []string{"后来改写的举措内容", "最初写的举措内容"} {
				hits, err := db.Search(ctx, duban.System, store.SearchFilter{Text: text, PlanID: res.PlanID})
				if err != nil {
					t.Fatal(err)
				}
				if len(hits) != 1 {
					t.Errorf("batches of %v: search %s found %d records, want 1", batch, text, len(hits))
				}
			}
			again2, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: res.PlanID})
			if err != nil {
				t.Fatalf("batches of %v: the same file again: %v", batch, err)
			}
			if !again2.NoChange || again2.Unchanged["measures"] != 41 {
				t.Errorf("batches of %v: the same file again: no change %v, %d measures unchanged, created %v, updated %v; want no change, 41",
					batch, again2.NoChange, again2.Unchanged["measures"], again2.Created, again2.Updated)
			}
		}
		// A plan holding the measure once meets the file's first row with
		// it and makes a measure of the second.
		o := bigOutline(4)
		o.Meta.Title = "合并同名举措整改方案"
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pr := o.Aspects[0].Children[0]
		twice := *pr.Measures[0]
		twice.LeadUnit = "另一个牵头单位"
		pr.Measures = append(pr.Measures, &twice)
		merged, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: res.PlanID})
		if err != nil {
			t.Fatal(err)
		}
		if merged.Created["measures"] != 1 || merged.Updated["measures"] != 0 || merged.Unchanged["measures"] != 4 {
			t.Errorf("the plan's measure written twice in the file: created %v, updated %v, unchanged %v; want 1 measure created, 4 unchanged",
				merged.Created, merged.Updated, merged.Unchanged)
		}
	})
}

// A file in which nothing was understood (a notice whose headings the
// reader did not recognise) is refused: no empty plan is made.
func TestImportNothingUnderstood(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := &duban.Outline{Meta: duban.OutlineMeta{Title: "关于巡察整改进展情况的通报", Unit: "某局"}}
		_, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if duban.ErrorCode(err) != duban.Invalid || !strings.Contains(duban.ErrorMessage(err), "未能从文件中识别出") {
			t.Fatalf("import of an outline with nothing: got %v, want refused", err)
		}
		plans, err := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
		if err != nil || len(plans.Items) != 0 {
			t.Errorf("plans after the refused import: %d (%v), want none", len(plans.Items), err)
		}
	})
}

// A notice copied from a web page writes the plan's titles with half-width
// punctuation (, for ，): imported into the plan it meets the same problems
// and measures instead of adding them again.
func TestImportTitlesWrittenOtherwise(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := bigOutline(4)
		o.Aspects[0].Children[0].Title = "推进工作不够有力，压电单晶项目进展缓慢"
		o.Aspects[0].Children[0].Measures[0].Title = "制定方案（第一批）：明确责任，倒排工期"
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		o.Aspects[0].Children[0].Title = "推进工作不够有力,压电单晶项目进展缓慢"
		o.Aspects[0].Children[0].Measures[0].Title = "制定方案(第一批): 明确责任,倒排工期"
		again, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: res.PlanID})
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Created) != 0 || !again.NoChange {
			t.Errorf("the same titles with half-width punctuation: created %v, no change %v; want nothing created", again.Created, again.NoChange)
		}
	})
}

// gatedFeed hands o's Meta and the first half of its steps over to a feed
// at once, and the rest when finish is called, closing the feed with err.
func gatedFeed(o *duban.Outline) (f *duban.OutlineFeed, half int, finish func(err error)) {
	f = duban.NewOutlineFeed()
	f.Outline.Meta, f.Outline.Aspects = o.Meta, o.Aspects
	steps := stepsOf(o)
	half = len(steps) / 2
	f.Settle()
	give(f, steps[:half])
	return f, half, func(err error) {
		give(f, steps[half:])
		f.Close(err)
	}
}

// stepsOf lists o's nodes and measures in the order a reader hands them
// over.
func stepsOf(o *duban.Outline) []duban.FeedStep {
	var steps []duban.FeedStep
	var walk func(parent, n *duban.OutlineNode)
	walk = func(parent, n *duban.OutlineNode) {
		steps = append(steps, duban.FeedStep{Node: n, Parent: parent})
		for _, m := range n.Measures {
			steps = append(steps, duban.FeedStep{Node: n, Measure: m})
		}
		for _, c := range n.Children {
			walk(n, c)
		}
	}
	for _, n := range o.Aspects {
		walk(nil, n)
	}
	return steps
}

// give hands steps over to f as a reader would.
func give(f *duban.OutlineFeed, steps []duban.FeedStep) {
	for _, s := range steps {
		if s.Measure == nil {
			f.Node(s.Node, s.Parent)
		} else {
			f.Measures(s.Node, []*duban.OutlineMeasure{s.Measure})
		}
	}
}

// A server imports a ledger while it reads it: another request's write
// that comes while the file is still being read waits for a batch, not
// for the rest of the read (the first transaction commits the staged rows
// when a write waits); the plan shows only once it is whole, and a file
// found bad after that leaves nothing, what was committed deleted.
func TestImportFeedYieldsToWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for round, last := range []error{errors.New("第 401 行：缺少完成时限"), nil} {
			feed, half, finish := gatedFeed(bigOutline(400))
			type result struct {
				res *store.ImportResult
				err error
			}
			done := make(chan result, 1)
			go func() {
				res, err := db.ImportFeed(ctx, duban.System, feed, store.ImportOptions{})
				done <- result{res, err}
			}()
			if db.Dialect() == store.SQLite {
				// The writer has taken the first half and waits for more.
				for end := time.Now().Add(20 * time.Second); feed.Asked() <= half; time.Sleep(time.Millisecond) {
					if time.Now().After(end) {
						t.Fatal("the import did not take the first half of the feed")
					}
				}
			}
			wrote := make(chan error, 1)
			go func() {
				wrote <- db.CreateUnit(ctx, duban.System, &duban.Unit{Name: fmt.Sprintf("读表期间新建的单位%d", round), Kind: duban.UnitOther})
			}()
			select {
			case err := <-wrote:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(maxImportWait):
				t.Fatalf("a write while the file is read: still waiting after %v", maxImportWait)
			}
			plans, err := db.ListPlans(ctx, duban.System, duban.PlanFilter{})
			if err != nil || len(plans.Items) != 0 {
				t.Errorf("plans shown while the file is read: %d (%v), want none", len(plans.Items), err)
			}
			finish(last)
			got := <-done
			if last != nil {
				if got.err == nil || !strings.Contains(got.err.Error(), "缺少完成时限") {
					t.Fatalf("import of a feed that failed after a commit: got %v, want its error", got.err)
				}
				importGone(t, db, 1)
				continue
			}
			if got.err != nil {
				t.Fatal(got.err)
			}
			tree, err := db.Tree(ctx, duban.System, got.res.PlanID, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			if c := tree.Counts; c.Aspects != 4 || c.Problems != 20 || c.Tasks != 400 || c.Assignments != 400 {
				t.Errorf("tree after the import: got %+v", c)
			}
			mustVerify(t, db)
		}
	})
}
