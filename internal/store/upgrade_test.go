package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store/storetest"
)

// upgradeKey is the audit key of the upgraded databases.
var upgradeKey = []byte("upgrade-test-audit-key-32-bytes!")

// TestUpgradeFromEverySchema builds, for each migration, the schema as it
// stood at that version, with the data of testdata/upgrade/NNNN.sql loaded
// after each migration NNNN (rows valid at that version, with the audit
// events the app wrote for them: plain SM3 before the chain was keyed,
// HMAC-SM3 after), then opens it with the current code, which runs the
// remaining migrations. Every row of every table must come through with
// its columns unchanged, the audit chain and the audited rows must verify,
// and the lists, statistics, search and login must answer over the old
// rows as over new ones.
func TestUpgradeFromEverySchema(t *testing.T) {
	ms, err := Migrations(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if _, err := os.Stat(fixturePath(m.Version)); err != nil {
			t.Logf("migration %s has no testdata/upgrade/%04d.sql: upgrades from it are tested with the earlier versions' data only", m.Name, m.Version)
		}
	}
	dbs := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { storetest.SQLite(t); return filepath.Join(t.TempDir(), "duban.db") },
		"postgres": func(t *testing.T) string {
			pg := os.Getenv("DUBAN_TEST_POSTGRES")
			if pg == "" {
				t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
			}
			return storetest.PostgresSchema(t, pg, "upgrade")
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			for _, m := range ms {
				t.Run(fmt.Sprintf("from_%04d", m.Version), func(t *testing.T) {
					upgradeFrom(t, dbs[name](t), m.Version)
				})
			}
		})
	}
}

func fixturePath(version int) string {
	return filepath.Join("testdata", "upgrade", fmt.Sprintf("%04d.sql", version))
}

// upgradeFrom builds the schema of version last with data, upgrades it and
// checks it.
func upgradeFrom(t *testing.T, dsn string, last int) {
	ctx := context.Background()
	old, err := connect(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Migrations(old.dialect)
	if err != nil {
		t.Fatal(err)
	}
	events := int64(0)
	for _, m := range ms {
		if m.Version > last {
			break
		}
		if err := old.migrateTo(ctx, m.Version); err != nil {
			t.Fatalf("build schema %04d: %v", m.Version, err)
		}
		if m.Version >= 7 { // a server of these versions starts with its key
			if _, err := old.write.ExecContext(ctx, old.rebind(`UPDATE audit_head SET key_check = ? WHERE key_check = ''`), duban.AuditKeyCheck(upgradeKey)); err != nil {
				t.Fatal(err)
			}
		}
		b, err := os.ReadFile(fixturePath(m.Version))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if _, err := old.write.ExecContext(ctx, string(b)); err != nil {
			t.Fatalf("data of %04d: %v", m.Version, err)
		}
		n, err := old.auditFixture(ctx, m.Version)
		if err != nil {
			t.Fatalf("audit the data of %04d: %v", m.Version, err)
		}
		events += n
	}
	before, err := old.snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	// What "duban migrate --dry-run" lists: the migrations after last.
	pending, err := Pending(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []int
	for _, m := range pending {
		got = append(got, m.Version)
	}
	for _, m := range ms {
		if m.Version > last {
			want = append(want, m.Version)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pending at %04d: %v, want %v", last, got, want)
	}

	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("upgrade from %04d: %v", last, err)
	}
	defer db.Close()
	after, err := db.snapshotOf(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	for table, rows := range before {
		if lost := missing(rows.rows, after[table].rows); len(lost) > 0 {
			t.Errorf("table %s lost or changed %d of its %d rows in the upgrade from %04d: %q", table, len(lost), len(rows.rows), last, lost)
		}
	}
	if err := db.SetAuditKey(ctx, upgradeKey); err != nil {
		t.Fatalf("audit key after the upgrade: %v", err)
	}
	checkUpgraded(t, db, last, events)
}

// auditFixture appends, for each audited record the fixture of version v
// inserted, the create event the app writes, sealed as the chain of that
// version sealed it. It returns the number of events appended.
func (db *DB) auditFixture(ctx context.Context, v int) (int64, error) {
	var n int64
	at := time.Date(2021, 9, 1, 9, 0, 0, 0, duban.ChinaTime).AddDate(0, 0, v)
	for _, a := range auditedRows {
		ids, recs, err := db.unaudited(ctx, a)
		if err != nil {
			return n, err
		}
		for i, id := range ids {
			if err := db.appendFixtureEvent(ctx, v, duban.AuditEvent{At: at, ActorName: "upgrade-lead", Action: a.actions[0],
				TargetType: a.target, TargetID: id, After: jsonOf(recs[i])}); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// unaudited returns the records of a that have no audit event yet, with
// their audited fields.
func (db *DB) unaudited(ctx context.Context, a audited) ([]int64, []map[string]string, error) {
	names := make([]string, 0, len(a.fields))
	for f := range a.fields {
		names = append(names, f)
	}
	sort.Strings(names)
	cols := make([]string, len(names))
	for i, f := range names {
		cols[i] = a.fields[f]
	}
	rows, err := db.write.QueryContext(ctx, db.rebind(`SELECT id, `+strings.Join(cols, ", ")+` FROM `+a.table+`
		WHERE id NOT IN (SELECT target_id FROM audit_events WHERE target_type = ?) ORDER BY id`), a.target)
	if err != nil {
		return nil, nil, fmt.Errorf("unaudited %s: %w", a.table, err)
	}
	defer rows.Close()
	var ids []int64
	var recs []map[string]string
	for rows.Next() {
		var id int64
		vals := make([]string, len(cols))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		rec := map[string]string{}
		for i, f := range names {
			rec[f] = vals[i]
		}
		ids, recs = append(ids, id), append(recs, rec)
	}
	return ids, recs, rows.Err()
}

// appendFixtureEvent appends e to the chain: plain SM3 before version 0007
// keyed the chain and for events before keyed_from, HMAC-SM3 under
// upgradeKey after.
func (db *DB) appendFixtureEvent(ctx context.Context, v int, e duban.AuditEvent) error {
	keyed := v >= 7
	q := `SELECT seq, hash FROM audit_head WHERE id = 1`
	if keyed {
		q = `SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1`
	}
	var keyedFrom int64 = 1 << 62
	dest := []any{&e.Seq, &e.PrevHash}
	if keyed {
		dest = append(dest, &keyedFrom)
	}
	if err := db.write.QueryRowContext(ctx, q).Scan(dest...); err != nil {
		return err
	}
	e.Seq++
	if e.Seq < keyedFrom {
		e.Hash = e.ComputeHash()
	} else {
		e.Hash = e.ComputeMAC(upgradeKey)
	}
	if _, err := db.write.ExecContext(ctx, db.rebind(`INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, target_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, NULL, ?, ?, ?, ?, '', ?, ?, ?)`), e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.ActorName, e.Action, e.TargetType, e.TargetID, e.After, e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), e.Seq, e.Hash)
	return err
}

// tableRows is a table's columns and its rows as text, sorted.
type tableRows struct {
	cols []string
	rows []string
}

// snapshot reads every table of the schema but the migration record and
// the search index (rebuilt from the tables it indexes).
func (db *DB) snapshot(ctx context.Context) (map[string]tableRows, error) {
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY m.name, p.cid`
	if db.dialect == Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
	}
	rows, err := db.write.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	tables := map[string]tableRows{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			rows.Close()
			return nil, err
		}
		if table == "schema_migrations" || table == "search" || strings.HasPrefix(table, "search_") {
			continue
		}
		tr := tables[table]
		tr.cols = append(tr.cols, col)
		tables[table] = tr
	}
	rows.Close()
	return db.snapshotOf(ctx, tables)
}

// snapshotOf reads the tables and columns of want.
func (db *DB) snapshotOf(ctx context.Context, want map[string]tableRows) (map[string]tableRows, error) {
	out := map[string]tableRows{}
	for table, tr := range want {
		rows, err := db.write.QueryContext(ctx, `SELECT `+strings.Join(tr.cols, ", ")+` FROM `+table)
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", table, err)
		}
		got := tableRows{cols: tr.cols, rows: []string{}}
		for rows.Next() {
			vals := make([]any, len(tr.cols))
			dest := make([]any, len(tr.cols))
			for i := range vals {
				dest[i] = &vals[i]
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return nil, err
			}
			got.rows = append(got.rows, fmt.Sprintf("%v", textOf(vals)))
		}
		rows.Close()
		sort.Strings(got.rows)
		out[table] = got
	}
	return out, nil
}

// missing returns the rows of before that after lacks. Rows may be added
// (the calendar's seed of new years), never lost or changed.
func missing(before, after []string) []string {
	have := map[string]int{}
	for _, r := range after {
		have[r]++
	}
	var out []string
	for _, r := range before {
		if have[r] == 0 {
			out = append(out, r)
			continue
		}
		have[r]--
	}
	return out
}

// textOf shows scanned values the same way whichever type the driver chose.
func textOf(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case []byte:
			out[i] = string(x)
		case time.Time:
			out[i] = x.UTC().Format(time.RFC3339Nano)
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return out
}

// checkUpgraded checks that the upgraded database works: the audit chain,
// the audited rows, login, lists, statistics and search, and new writes.
func checkUpgraded(t *testing.T, db *DB, last int, events int64) {
	ctx := context.Background()
	n, err := db.VerifyAudit(ctx)
	if err != nil || n != events {
		t.Fatalf("audit verify: %d events, %v; want the %d events written before the upgrade, intact", n, err, events)
	}
	drift, err := db.CheckRows(ctx)
	if err != nil || len(drift) > 0 {
		t.Fatalf("audited rows: %v %v, want none changed", drift, err)
	}
	token, _, err := db.Login(ctx, LoginAttempt{Username: "upgrade-liaison", Password: "Upgrade-2021!", Kind: "api"})
	if err != nil {
		t.Fatalf("login with a password set before the upgrade: %v", err)
	}
	liaison, err := db.Authenticate(ctx, token)
	if err != nil || liaison.Username != "upgrade-liaison" {
		t.Fatalf("authenticate: %v %v", liaison, err)
	}
	lead, err := db.PrincipalOf(ctx, "upgrade-lead")
	if err != nil {
		t.Fatal(err)
	}
	// The lead office runs the inspection's plan (a programme's plan, from
	// 0017 on, belongs to the department's office).
	var plan int64
	var want int
	if err := db.write.QueryRowContext(ctx, `SELECT p.id, count(*) FROM plans p JOIN assignments a ON a.plan_id = p.id
		WHERE p.title LIKE '升级省科学技术厅党组%' GROUP BY p.id`).Scan(&plan, &want); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListAssignments(ctx, lead, duban.AssignmentFilter{PlanID: plan, Page: duban.Page{Limit: 100}}, duban.MustDate("2021-10-08"))
	if err != nil || len(list.Items) != want {
		t.Fatalf("the lead office lists %d assignments of its plan, %v; want all %d", len(list.Items), err, want)
	}
	for _, a := range list.Items {
		if a.TaskTitle == "" || a.Light == "" {
			t.Errorf("assignment %d lists with title %q, light %q", a.ID, a.TaskTitle, a.Light)
		}
	}
	mine, err := db.ListAssignments(ctx, liaison, duban.AssignmentFilter{PlanID: plan, Page: duban.Page{Limit: 100}}, duban.MustDate("2021-10-08"))
	if err != nil || len(mine.Items) == 0 || len(mine.Items) >= want {
		t.Errorf("the liaison lists %d of %d assignments, %v; want its unit's only", len(mine.Items), want, err)
	}
	checkPlans(t, db, lead)
	hits, err := db.Search(ctx, lead, SearchFilter{Text: "经费管理"})
	if err != nil || len(hits) < 2 {
		t.Errorf("search 经费管理 over rows older than the search index: %d hits, %v; want the problem and the measure", len(hits), err)
	}
	admin, err := db.PrincipalOf(ctx, "upgrade-admin")
	if err != nil {
		t.Fatal(err)
	}
	u := &duban.Unit{Name: fmt.Sprintf("升级后新建单位%04d", last), ShortName: "新单位", Kind: duban.UnitDepartment}
	if err := db.CreateUnit(ctx, admin, u); err != nil {
		t.Fatalf("create a unit after the upgrade: %v", err)
	}
	if n, err := db.VerifyAudit(ctx); err != nil || n < events+2 {
		t.Errorf("audit verify after new writes: %d events, %v", n, err)
	}
	// The first write with the key sealed the assignments from before the
	// upgrade: from now on they are compared.
	if pending, err := db.AssignmentsPending(ctx); err != nil || pending {
		t.Errorf("assignments still wait for their seal after a write: %t, %v", pending, err)
	}
	if drift, err := db.CheckRows(ctx); err != nil || len(drift) > 0 {
		t.Errorf("audited rows after the first write: %v %v, want none changed", drift, err)
	}
	for _, c := range upgradeChecks {
		if c.since <= last {
			c.check(t, db, lead)
		}
	}
}

// checkPlans checks each plan's statistics, from the tallies the upgrade
// must fill in for old rows, against the assignments counted one by one.
func checkPlans(t *testing.T, db *DB, p *duban.Principal) {
	ctx := context.Background()
	plans, err := db.ListPlans(ctx, p, duban.PlanFilter{Page: duban.Page{Limit: 100}})
	if err != nil || len(plans.Items) == 0 {
		t.Fatalf("plans: %d, %v", len(plans.Items), err)
	}
	for _, pl := range plans.Items {
		day := duban.MustDate("2021-10-08")
		got, err := db.Stats(ctx, p, pl.ID, day)
		if err != nil {
			t.Fatalf("stats of plan %d: %v", pl.ID, err)
		}
		want, err := db.CountedStats(ctx, p, pl.ID, day)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Total, want.Total) {
			t.Errorf("plan %d: stats %+v, counted %+v", pl.ID, got.Total, want.Total)
		}
		if _, err := db.Tree(ctx, p, pl.ID, day); err != nil {
			t.Errorf("tree of plan %d: %v", pl.ID, err)
		}
	}
}

// upgradeChecks are what the data of one version must still do.
var upgradeChecks = []struct {
	since int
	check func(t *testing.T, db *DB, p *duban.Principal)
}{
	{1, func(t *testing.T, db *DB, p *duban.Principal) {
		ctx := context.Background()
		fb, err := db.ListFeedback(ctx, p, duban.FeedbackFilter{Page: duban.Page{Limit: 100}})
		if err != nil || len(fb.Items) < 2 {
			t.Errorf("feedback: %d, %v; want the two of 0001", len(fb.Items), err)
		}
		var id int64
		db.write.QueryRowContext(ctx, `SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.title = '修订科研经费管理办法'`).Scan(&id)
		tl, err := db.Timeline(ctx, p, id)
		if err != nil || len(tl) < 4 {
			t.Errorf("timeline of the closed assignment: %d entries, %v; want its transitions, report and closure", len(tl), err)
		}
		reps, err := db.ListReports(ctx, p, id)
		if err != nil || len(reps) != 1 || reps[0].Review != duban.ReviewAccepted {
			t.Errorf("reports of the closed assignment: %+v, %v", reps, err)
		}
	}},
	{2, func(t *testing.T, db *DB, p *duban.Principal) {
		ctx := context.Background()
		if !db.Calendar().IsWorkday(duban.MustDate("2021-10-16")) {
			t.Error("the Saturday the province made a working day is a rest day after the upgrade")
		}
		var id, reportID int64
		db.write.QueryRowContext(ctx, `SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.lead AND t.title = '开展经费支出专项检查'`).Scan(&id)
		ext, err := db.ListExtensions(ctx, p, id)
		if err != nil || len(ext) != 1 || ext[0].Status != duban.ExtensionPending || ext[0].NewDeadline.String() != "2021-11-30" {
			t.Errorf("extensions: %+v, %v; want the pending one to 2021-11-30", ext, err)
		}
		esc, err := db.ListEscalations(ctx, p, id)
		numbered := false
		for _, e := range esc {
			numbered = numbered || e.Number == "升级督〔2021〕1号"
		}
		if err != nil || len(esc) != 2 || !numbered {
			t.Errorf("escalations: %+v, %v; want the urge of 0001 and the numbered notice of 0002", esc, err)
		}
		db.write.QueryRowContext(ctx, `SELECT id FROM reports WHERE content LIKE '已起草经费管理办法%'`).Scan(&reportID)
		files, err := db.ReportAttachments(ctx, p, reportID)
		if err != nil || len(files) != 1 || files[0].Name != "经费管理办法（修订稿）.pdf" {
			t.Errorf("the report's evidence: %+v, %v", files, err)
		}
		liaison, err := db.PrincipalOf(ctx, "upgrade-liaison")
		if err != nil {
			t.Fatal(err)
		}
		inbox, err := db.Inbox(ctx, liaison, true, duban.Page{Limit: 20})
		if err != nil || len(inbox.Items) != 1 || inbox.Items[0].Title != "催办：开展经费支出专项检查" {
			t.Errorf("the liaison's unread messages: %+v, %v", inbox.Items, err)
		}
	}},
	{3, func(t *testing.T, db *DB, p *duban.Principal) {
		got, err := db.PublishedNotices(context.Background(), duban.Page{Limit: 20})
		if err != nil || len(got.Items) != 1 {
			t.Errorf("published notices: %+v, %v; want the one of 0003", got.Items, err)
		}
	}},
	{7, func(t *testing.T, db *DB, p *duban.Principal) {
		// The account locked in 2021 is free again; its old throttle row does not stand in the way.
		if _, _, err := db.Login(context.Background(), LoginAttempt{Username: "upgrade-admin", Password: "Upgrade-2021!", Kind: "api"}); err != nil {
			t.Errorf("login of the account locked before the upgrade: %v", err)
		}
	}},
	{14, func(t *testing.T, db *DB, p *duban.Principal) {
		hits, err := db.Search(context.Background(), p, SearchFilter{Text: "述职评议"})
		kinds := map[string]bool{}
		for _, h := range hits {
			kinds[h.Kind] = true
		}
		if err != nil || !kinds["task"] || !kinds["report"] || !kinds["feedback"] {
			t.Errorf("search 述职评议: %+v, %v; want the measure, the report and the feedback", hits, err)
		}
	}},
	{15, func(t *testing.T, db *DB, p *duban.Principal) {
		ctx := context.Background()
		inds, err := db.ListIndicators(ctx, p, duban.IndicatorFilter{})
		if err != nil || len(inds) != 1 || inds[0].Code != "SJKJTR" {
			t.Fatalf("indicators: %+v, %v", inds, err)
		}
		var city int64
		db.write.QueryRowContext(ctx, `SELECT id FROM units WHERE name = '升级市人民政府'`).Scan(&city)
		vals, err := db.ListIndicatorValues(ctx, p, inds[0].ID, city)
		if err != nil || len(vals) != 3 || vals[2].Value != 11.8 || !vals[2].Correction {
			t.Errorf("the city's figures: %+v, %v; want three, the last the correction to 11.8", vals, err)
		}
		br, err := db.ListBreaches(ctx, p, inds[0].ID, BreachFilter{})
		if err != nil || len(br) != 1 || br[0].Baseline != 12.5 {
			t.Errorf("breaches: %+v, %v; want the open one against 12.5", br, err)
		}
	}},
	{17, func(t *testing.T, db *DB, p *duban.Principal) {
		ctx := context.Background()
		admin, _ := db.PrincipalOf(ctx, "upgrade-admin")
		projects, err := db.ListProjects(ctx, admin, ProjectFilter{})
		if err != nil || len(projects) != 1 || len(projects[0].Milestones) != 2 || projects[0].Milestones[0].Status != duban.MilestonePassed {
			t.Fatalf("projects: %+v, %v; want the one with its passed and pending milestones", projects, err)
		}
		expert, _ := db.PrincipalOf(ctx, "upgrade-expert")
		if got, err := db.FindProject(ctx, expert, projects[0].ID); err != nil || got.Title != "高精度光刻对准系统" {
			t.Errorf("the expert given the challenge to review reads its project: %v, %v", got, err)
		}
	}},
	{20, func(t *testing.T, db *DB, p *duban.Principal) {
		got, err := db.FeedbackByReceipt(context.Background(), "yj 20211101 k7m2qx")
		if err != nil || got.Status != duban.FeedbackReplied {
			t.Errorf("feedback by its receipt: %+v, %v", got, err)
		}
	}},
}
