package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// Tests of the light tallies (migration 0005, tally.go): edge cases of
// the classification against duban.LightRule.Of, plans without assignments
// or without a due report period, a liaison's figures, and concurrent
// writers on PostgreSQL.

// smallPlan is a small plan built for a test: three units, two aspects
// with one problem each.
type smallPlan struct {
	plan     int64
	units    []int64
	aspects  []int64
	problems []int64
}

func newSmallPlan(t *testing.T, db *store.DB, cadence duban.Cadence) smallPlan {
	t.Helper()
	ctx := context.Background()
	var rp smallPlan
	owner := &duban.Unit{Name: "评审整改办", ShortName: "整改办", Kind: duban.UnitDepartment}
	if err := db.CreateUnit(ctx, duban.System, owner); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		u := &duban.Unit{Name: fmt.Sprintf("评审单位%d", i+1), ShortName: fmt.Sprintf("单位%d", i+1), Kind: duban.UnitDepartment}
		if err := db.CreateUnit(ctx, duban.System, u); err != nil {
			t.Fatal(err)
		}
		rp.units = append(rp.units, u.ID)
	}
	pl := &duban.Plan{Title: "评审方案", OwnerUnitID: owner.ID, Status: duban.PlanActive, Cadence: cadence, ReportDay: 25}
	if err := db.CreatePlan(ctx, duban.System, pl); err != nil {
		t.Fatal(err)
	}
	rp.plan = pl.ID
	for i := range 2 {
		a := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: fmt.Sprintf("方面%d", i+1)}
		if err := db.CreateNode(ctx, duban.System, a); err != nil {
			t.Fatal(err)
		}
		p := &duban.Node{PlanID: pl.ID, ParentID: &a.ID, Kind: duban.NodeProblem, Title: fmt.Sprintf("问题%d", i+1)}
		if err := db.CreateNode(ctx, duban.System, p); err != nil {
			t.Fatal(err)
		}
		rp.aspects, rp.problems = append(rp.aspects, a.ID), append(rp.problems, p.ID)
	}
	return rp
}

// oneAssignment creates a task for one unit and returns its draft assignment.
func oneAssignment(t *testing.T, db *store.DB, node, unit int64, kind duban.DeadlineKind, deadline duban.Date, workdays int) duban.Assignment {
	t.Helper()
	ctx := context.Background()
	tk := &duban.Task{NodeID: node, Title: "评审举措", DeadlineKind: kind, Deadline: deadline, DeadlineWorkdays: workdays, LeadUnitID: unit}
	if err := db.CreateTask(ctx, duban.System, tk); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{TaskID: tk.ID}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 {
		t.Fatalf("task %d has %d assignments, want 1", tk.ID, len(list.Items))
	}
	return list.Items[0]
}

func step(t *testing.T, db *store.DB, id int64, acts ...duban.Action) {
	t.Helper()
	for _, act := range acts {
		if _, err := db.Transition(context.Background(), duban.System, id, 0, act, duban.TransitionInput{Reason: "评审", Summary: "已完成"}); err != nil {
			t.Fatalf("%s on assignment %d: %v", act, id, err)
		}
	}
}

// statsByOf is what Stats should hold: each assignment classed one at a
// time by duban.LightRule.Of (ListAssignments sets Light with it).
func statsByOf(t *testing.T, db *store.DB, p *duban.Principal, planID int64, day duban.Date) (total duban.Rollup, units, aspects map[int64]duban.Rollup, lights map[int64]duban.Light) {
	t.Helper()
	units, aspects, lights = map[int64]duban.Rollup{}, map[int64]duban.Rollup{}, map[int64]duban.Light{}
	for _, a := range allAssignments(t, db, p, planID, day) {
		total.Add(a.Status, a.Light, 1)
		u := units[a.Unit.ID]
		u.Add(a.Status, a.Light, 1)
		units[a.Unit.ID] = u
		x := aspects[a.AspectID]
		x.Add(a.Status, a.Light, 1)
		aspects[a.AspectID] = x
		lights[a.ID] = a.Light
	}
	return total, units, aspects, lights
}

// checkAgainstOf fails unless the tallies hold for today's rule and Stats
// (read from them) equals both a fresh count and the one-at-a-time lights,
// for the plan and for a liaison of each unit.
func checkAgainstOf(t *testing.T, db *store.DB, rp smallPlan, today duban.Date, after string) {
	t.Helper()
	ctx := context.Background()
	if ok, err := db.Tallied(ctx, rp.plan, today); err != nil || !ok {
		t.Fatalf("after %s: tallied %v, %v; want the tallies to hold for today", after, ok, err)
	}
	principals := []*duban.Principal{duban.System}
	for _, u := range rp.units {
		principals = append(principals, &duban.Principal{Username: "liaison", Role: duban.RoleLiaison, UnitID: u})
	}
	for _, p := range principals {
		if p != duban.System {
			if _, err := db.Stats(ctx, p, rp.plan, duban.Date{}); duban.ErrorCode(err) == duban.NotFound {
				continue // the unit has no assignment in the plan
			}
		}
		got, err := db.Stats(ctx, p, rp.plan, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		counted, err := db.CountedStats(ctx, p, rp.plan, today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, counted) {
			t.Errorf("after %s, %s %d: tallied stats %+v differ from counted %+v", after, p.Role, p.UnitID, got, counted)
		}
		total, units, aspects, _ := statsByOf(t, db, p, rp.plan, today)
		if !reflect.DeepEqual(got.Total, total) {
			t.Errorf("after %s, %s %d: total %+v, want by LightRule.Of %+v", after, p.Role, p.UnitID, got.Total, total)
		}
		for _, g := range got.ByUnit {
			if !reflect.DeepEqual(g.Rollup, units[g.ID]) {
				t.Errorf("after %s, %s %d: unit %d %+v, want %+v", after, p.Role, p.UnitID, g.ID, g.Rollup, units[g.ID])
			}
		}
		for _, g := range got.ByAspect {
			if want := aspects[g.ID]; want.Total > 0 && !reflect.DeepEqual(g.Rollup, want) {
				t.Errorf("after %s, %s %d: aspect %d %+v, want %+v", after, p.Role, p.UnitID, g.ID, g.Rollup, want)
			}
		}
		if len(got.ByUnit) != len(units) {
			t.Errorf("after %s, %s %d: %d units, want %d", after, p.Role, p.UnitID, len(got.ByUnit), len(units))
		}
	}
}

// TestTalliesEdgeLights writes the cases where the SQL classification
// could part from duban.LightRule.Of — NULL deadlines and notice dates,
// drafts, the instant a period's report fell due, long-term items closed as
// phase-complete with and without their report — through the triggers of a
// plan tallied before any assignment existed, and compares the figures with
// the lights taken one assignment at a time.
func TestTalliesEdgeLights(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		today := duban.DateOf(now)
		rp := newSmallPlan(t, db, duban.CadenceMonthly)
		// Due period 2026-05, due on 2026-05-25; a report assigned before
		// 2026-05-26 00:00 China time is missing.
		if period, due := duban.DuePeriod(duban.CadenceMonthly, 25, today); period != "2026-05" || due != duban.NewDate(2026, 5, 25) {
			t.Fatalf("due period %s %s", period, due)
		}

		// A plan with no assignments is counted, and its figures are empty.
		st, err := db.Stats(ctx, duban.System, rp.plan, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Total != 0 || len(st.ByAspect) != 2 || len(st.ByUnit) != 0 {
			t.Fatalf("empty plan: got %+v", st)
		}
		checkAgainstOf(t, db, rp, today, "counting an empty plan")

		X, Y := rp.problems[0], rp.problems[1]
		U1, U2, U3 := rp.units[0], rp.units[1], rp.units[2]
		at := func(tm time.Time) { now = tm }
		may20 := time.Date(2026, 5, 20, 9, 0, 0, 0, duban.ChinaTime)
		lastInstant := time.Date(2026, 5, 25, 23, 59, 59, 999999000, duban.ChinaTime)
		nextDay := time.Date(2026, 5, 26, 0, 0, 0, 0, duban.ChinaTime)
		want := map[int64]duban.Light{}
		report := func(id int64) {
			t.Helper()
			if err := db.CreateReport(ctx, duban.System, &duban.Report{AssignmentID: id, Period: "2026-05", Content: "本月进展", WorkDate: duban.DateOf(now)}); err != nil {
				t.Fatal(err)
			}
		}

		// Long-term, assigned in the last microsecond of the due day: missing.
		a := oneAssignment(t, db, X, U1, duban.DeadlineLongTerm, duban.Date{}, 0)
		at(lastInstant)
		step(t, db, a.ID, duban.ActionAssign)
		want[a.ID] = duban.LightYellow
		// Long-term, assigned at midnight after the due day: not yet due.
		a = oneAssignment(t, db, X, U2, duban.DeadlineLongTerm, duban.Date{}, 0)
		at(nextDay)
		step(t, db, a.ID, duban.ActionAssign)
		want[a.ID] = duban.LightGreen
		at(may20)
		// Long-term with its report in.
		a = oneAssignment(t, db, Y, U1, duban.DeadlineLongTerm, duban.Date{}, 0)
		step(t, db, a.ID, duban.ActionAssign)
		report(a.ID)
		want[a.ID] = duban.LightGreen
		// Closed as phase-complete without the report: yellow though closed.
		phase := func(unit int64, phaseComplete, withReport bool) int64 {
			t.Helper()
			a := oneAssignment(t, db, Y, unit, duban.DeadlineLongTerm, duban.Date{}, 0)
			step(t, db, a.ID, duban.ActionAssign, duban.ActionStart)
			if withReport {
				report(a.ID)
			}
			step(t, db, a.ID, duban.ActionRequestClosure, duban.ActionSignOff)
			if _, err := db.Transition(ctx, duban.System, a.ID, 0, duban.ActionVerify, duban.TransitionInput{PhaseComplete: phaseComplete}); err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		want[phase(U2, true, false)] = duban.LightYellow
		want[phase(U3, false, false)] = duban.LightDone
		want[phase(U3, true, true)] = duban.LightDone
		// Immediate without a date, assigned on 05-20: due 10 working days
		// later (06-03), red on 06-15; as a draft it has no date yet and
		// owes no report: green.
		a = oneAssignment(t, db, X, U1, duban.DeadlineImmediate, duban.Date{}, 0)
		step(t, db, a.ID, duban.ActionAssign)
		want[a.ID] = duban.LightRed
		a = oneAssignment(t, db, Y, U3, duban.DeadlineImmediate, duban.Date{}, 0)
		want[a.ID] = duban.LightGreen
		// Immediate with its own date, past: red like a dated item.
		a = oneAssignment(t, db, X, U2, duban.DeadlineImmediate, today.AddDays(-2), 0)
		want[a.ID] = duban.LightRed
		// A draft past its date deadline is red; a draft whose deadline is
		// counted in working days from assignment has none yet (NULL).
		a = oneAssignment(t, db, X, U2, duban.DeadlineDate, today.AddDays(-1), 0)
		want[a.ID] = duban.LightRed
		a = oneAssignment(t, db, X, U3, duban.DeadlineDate, duban.Date{}, 5)
		want[a.ID] = duban.LightGreen
		// A deadline today is not past: yellow.
		a = oneAssignment(t, db, Y, U1, duban.DeadlineDate, today, 0)
		want[a.ID] = duban.LightYellow
		// 督办单 due yesterday: red; due tomorrow: the light stays green.
		at(now.AddDate(0, 0, 20)) // 2026-06-09, after the due day: no report missing
		for i, due := range []duban.Date{today.AddDays(-1), today.AddDays(1)} {
			a = oneAssignment(t, db, Y, U2, duban.DeadlineDate, today.AddDays(60), 0)
			step(t, db, a.ID, duban.ActionAssign)
			if _, err := db.Escalate(ctx, duban.System, a.ID, store.EscalationInput{Level: duban.LevelNotice, Note: "请回复", ReplyDue: due}); err != nil {
				t.Fatal(err)
			}
			want[a.ID] = []duban.Light{duban.LightRed, duban.LightGreen}[i]
		}

		at(time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime))
		_, _, _, lights := statsByOf(t, db, duban.System, rp.plan, today)
		for id, l := range want {
			if lights[id] != l {
				t.Errorf("assignment %d: LightRule.Of gives %s, want %s", id, lights[id], l)
			}
		}
		checkAgainstOf(t, db, rp, today, "the writes, kept by the triggers")
		// The same after a recount from another day's rule.
		if err := db.RecountAt(ctx, rp.plan, today.AddDays(-3)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Stats(ctx, duban.System, rp.plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		checkAgainstOf(t, db, rp, today, "a recount")
	})
}

// TestTalliesWithoutDuePeriod counts a plan whose cadence has no report
// period (the rule's period is "" and its due instant the zero day's): the
// rule row must still match the rule read back, so that the tallies are
// used, and a change of cadence must recount.
func TestTalliesWithoutDuePeriod(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		today := duban.DateOf(now)
		rp := newSmallPlan(t, db, duban.CadenceNone)
		if ok, _ := db.Tallied(ctx, rp.plan, today); ok {
			t.Fatal("a new plan is tallied before anyone asked")
		}
		if _, err := db.Stats(ctx, duban.System, rp.plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		checkAgainstOf(t, db, rp, today, "counting an empty plan without a report period")
		a := oneAssignment(t, db, rp.problems[0], rp.units[0], duban.DeadlineLongTerm, duban.Date{}, 0)
		now = time.Date(2026, 1, 5, 10, 0, 0, 0, duban.ChinaTime)
		step(t, db, a.ID, duban.ActionAssign)
		now = time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
		checkAgainstOf(t, db, rp, today, "an assignment without a report period")
		st, err := db.Stats(ctx, duban.System, rp.plan, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Total != 1 || st.Total.DueSoon != 0 {
			t.Fatalf("no report period: got %+v, want one green", st.Total)
		}
		monthly := duban.CadenceMonthly
		if _, err := db.UpdatePlan(ctx, duban.System, rp.plan, 0, duban.PlanUpdate{Cadence: &monthly}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.Tallied(ctx, rp.plan, today); ok {
			t.Fatal("the tallies hold after the cadence changed")
		}
		if st, err = db.Stats(ctx, duban.System, rp.plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		if st.Total.DueSoon != 1 {
			t.Errorf("monthly cadence: got %+v, want the missing report yellow", st.Total)
		}
		checkAgainstOf(t, db, rp, today, "a change of cadence")
	})
}

// openPostgresRaw opens the store on a fresh schema, with a plain pool on
// the same schema for the test's own statements.
func openPostgresRaw(t *testing.T) (*store.DB, *sql.DB) {
	t.Helper()
	dsn := os.Getenv("DUBAN_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("DUBAN_TEST_POSTGRES is not set")
	}
	schemaURL := storetest.PostgresSchema(t, dsn, "t_tally")
	db, err := store.Open(context.Background(), schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("pgx", schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	postgresURLs.Store(db, schemaURL)
	return db, raw
}

// postgresURLs are the schemas openPostgresRaw opened, by store, for a
// second instance on the same database (secondInstance).
var postgresURLs sync.Map

// secondInstance opens another store on db's schema: what a second server
// process on the same PostgreSQL is.
func secondInstance(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	url, _ := postgresURLs.Load(db)
	other, err := store.Open(context.Background(), url.(string))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// waitForLockWaiters waits until n backends wait for a lock on a statement
// that contains what.
func waitForLockWaiters(t *testing.T, raw *sql.DB, what string, n int) {
	t.Helper()
	for range 200 {
		var got int
		if err := raw.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`, what).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d backends never came to wait on %q", n, what)
}

// TestTallyWritersDoNotDeadlock: two API writes that touch different
// assignments (a new measure for units 1 and 2 in one aspect; assigning
// unit 2's draft in another aspect) never deadlocked before the tallies:
// they share no row but the audit head, which each takes once. The tally
// triggers make both hold counter rows of unit 2 (draft, green) and take
// them in opposite orders around the audit head: PostgreSQL aborts one with
// "deadlock detected" (40P01). A third transaction holding the audit head
// for a moment (any other write) only fixes the interleaving. The store now
// takes the audit head at the start of every write on PostgreSQL, so both
// wait there before touching any counter.
func TestTallyWritersDoNotDeadlock(t *testing.T) {
	db, raw := openPostgresRaw(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
	db.Now = func() time.Time { return now }
	rp := newSmallPlan(t, db, duban.CadenceMonthly)
	U1, U2 := rp.units[0], rp.units[1]
	draft := oneAssignment(t, db, rp.problems[1], U2, duban.DeadlineLongTerm, duban.Date{}, 0)
	// Someone looks at the plan: from now on the triggers keep its tallies.
	if _, err := db.Stats(ctx, duban.System, rp.plan, duban.Date{}); err != nil {
		t.Fatal(err)
	}

	hold, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.Exec(`UPDATE audit_head SET seq = seq WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	created := make(chan error, 1)
	go func() {
		tk := &duban.Task{NodeID: rp.problems[0], Title: "两单位举措", DeadlineKind: duban.DeadlineLongTerm, LeadUnitID: U1, CoopUnitIDs: []int64{U2}}
		created <- db.CreateTask(ctx, duban.System, tk)
	}()
	// The new measure waits for the audit head (before the store took it
	// first in every write, it had written unit 1's draft by then).
	waitForLockWaiters(t, raw, "audit_head", 1)
	// The assignment comes from a second instance: within one process the
	// store queues its writes before they reach the database, so only two
	// processes meet at the audit head's lock.
	other := secondInstance(t, db)
	other.Now = db.Now
	assigned := make(chan error, 1)
	go func() {
		_, err := other.Transition(ctx, duban.System, draft.ID, 0, duban.ActionAssign, duban.TransitionInput{})
		assigned <- err
	}()
	// The assignment waits too (before, it had already taken unit 2's
	// draft counters, which the new measure then needed).
	waitForLockWaiters(t, raw, "audit_head", 2)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	errCreate, errAssign := <-created, <-assigned
	for what, err := range map[string]error{"new measure": errCreate, "assign": errAssign} {
		if err != nil {
			t.Errorf("%s: %v", what, err)
			if strings.Contains(err.Error(), "40P01") {
				t.Logf("%s was chosen as the deadlock victim", what)
			}
		}
	}
	// Whatever happened, the tallies still agree with a count.
	checkAgainstOf(t, db, rp, duban.DateOf(now), "two concurrent writers")
}
