package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// pastAnswers is what the store answers about a plan on one day.
type pastAnswers struct {
	Stats     *duban.Stats
	Dashboard *store.Dashboard
	Tree      *duban.Tree
	Open      duban.List[duban.Assignment]
	Reporting map[string]any
}

func answersOn(t *testing.T, db *store.DB, p *duban.Principal, planID int64, asOf duban.Date) string {
	t.Helper()
	ctx := context.Background()
	var a pastAnswers
	var err error
	if a.Stats, err = db.Stats(ctx, p, planID, asOf); err != nil {
		t.Fatal(err)
	}
	if a.Dashboard, err = db.Dashboard(ctx, p, planID, asOf); err != nil {
		t.Fatal(err)
	}
	if a.Tree, err = db.Tree(ctx, p, planID, asOf); err != nil {
		t.Fatal(err)
	}
	if a.Open, err = db.ListAssignments(ctx, p, duban.AssignmentFilter{PlanID: planID, Open: true}, asOf); err != nil {
		t.Fatal(err)
	}
	if a.Reporting, err = db.ReportingAsOf(ctx, p, planID, "2022-05", asOf); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An item closed and then reopened: every figure asked later for a day in
// between is what was answered on that day, and the closure still shows;
// the figures of today follow the reopening.
func TestPastDaysKeepTheirStatuses(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2022, 5, 6, 9, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		f := mustFixture(t, db)
		if _, err := db.UpdatePlan(ctx, f.lead, f.plan, 0, duban.PlanUpdate{Cadence: ptr(duban.CadenceMonthly), ReportDay: ptr(10)}); err != nil {
			t.Fatal(err)
		}
		fin, sci := f.assignmentOf(t, f.finance), f.assignmentOf(t, f.science)
		do := func(p *duban.Principal, id int64, act duban.Action, in duban.TransitionInput) {
			t.Helper()
			if _, err := db.Transition(ctx, p, id, 0, act, in); err != nil {
				t.Fatalf("%s: %v", act, err)
			}
		}
		recorded := map[duban.Date]string{}
		days := []struct {
			day string
			act func()
		}{
			{"2022-05-09", func() {
				do(f.lead, fin.ID, duban.ActionAssign, duban.TransitionInput{})
				do(f.lead, sci.ID, duban.ActionAssign, duban.TransitionInput{})
			}},
			{"2022-05-10", func() {
				if err := db.CreateReport(ctx, f.liaison, &duban.Report{AssignmentID: fin.ID, Period: "2022-05", Content: "已拨付资金"}); err != nil {
					t.Fatal(err)
				}
			}},
			{"2022-05-20", func() {
				do(f.liaison, fin.ID, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
				do(f.leader, fin.ID, duban.ActionSignOff, duban.TransitionInput{Reason: "同意"})
				do(f.lead, fin.ID, duban.ActionVerify, duban.TransitionInput{Reason: "核验通过"})
			}},
			{"2022-07-05", func() {}},
			{"2022-07-11", func() {
				do(f.lead, fin.ID, duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹", NewDeadline: duban.MustDate("2022-08-31")})
			}},
		}
		for _, d := range days {
			day := duban.MustDate(d.day)
			y, m, dd := day.Time().Date()
			now = time.Date(y, m, dd, 10, 0, 0, 0, duban.ChinaTime)
			d.act()
			now = now.Add(6 * time.Hour)
			recorded[day] = answersOn(t, db, duban.System, f.plan, duban.Date{})
		}
		now = time.Date(2022, 8, 1, 9, 0, 0, 0, duban.ChinaTime)
		for _, d := range days {
			day := duban.MustDate(d.day)
			if got := answersOn(t, db, duban.System, f.plan, day); got != recorded[day] {
				t.Errorf("as of %s asked later:\n got %s\nwant %s", day, got, recorded[day])
			}
		}
		closedOn := func(day string) int {
			st, err := db.Stats(ctx, duban.System, f.plan, duban.MustDate(day))
			if err != nil {
				t.Fatal(err)
			}
			return st.Total.Closed
		}
		checkPast := func(after string) {
			t.Helper()
			for day, want := range map[string]int{"2022-05-19": 0, "2022-05-20": 1, "2022-07-10": 1, "2022-07-11": 0, "2022-08-01": 0} {
				if got := closedOn(day); got != want {
					t.Errorf("%s: closed as of %s: got %d, want %d", after, day, got, want)
				}
			}
			// The unit reported May on time; its item being closed later
			// does not make that report missing.
			rep, err := db.Reporting(ctx, f.lead, f.plan, "2022-05")
			if err != nil {
				t.Fatal(err)
			}
			if units := rep["units"].([]store.UnitReporting); len(units) != 2 || onTime(units, f.finance) != 1 {
				t.Errorf("%s: May reporting asked in August: %+v", after, units)
			}
		}
		checkPast("kept by the triggers")
		// A pass replayed as of earlier days (督办单 dated then) keeps one
		// version in force at a time, the current one as the row is.
		for _, day := range []string{"2022-07-20", "2022-07-14"} {
			if _, err := db.RunLadder(ctx, time.Date(2022, 7, duban.MustDate(day).Time().Day(), 10, 0, 0, 0, duban.ChinaTime)); err != nil {
				t.Fatal(err)
			}
		}
		if o, c, d, err := db.HistoryFaults(ctx); err != nil || o+c+d != 0 {
			t.Errorf("history after replayed passes: %d overlapping versions, %d assignments without one current version, %d current versions unlike the row (%v)", o, c, d, err)
		}
		if sci := f.assignmentOf(t, f.science); sci.NoticeDue.IsZero() {
			t.Errorf("the replayed passes issued no 督办单 for the overdue item")
		}
		for _, d := range days[:4] {
			day := duban.MustDate(d.day)
			if got := answersOn(t, db, duban.System, f.plan, day); got != recorded[day] {
				t.Errorf("as of %s after passes replayed later:\n%s", day, got)
			}
		}
		// A database from before the history gets it rebuilt from the
		// transitions and reports by its migration: the statuses of each
		// day, the reports, and the current version as the row is.
		last := recorded[duban.MustDate("2022-07-11")]
		mustRebuildHistory(t, db)
		checkPast("rebuilt by the migration")
		if got := answersOn(t, db, duban.System, f.plan, duban.MustDate("2022-07-11")); got != last {
			t.Errorf("rebuilt: as of the last change:\n got %s\nwant %s", got, last)
		}
	})
}

func onTime(units []store.UnitReporting, unit int64) int {
	for _, u := range units {
		if u.Unit.ID == unit {
			return u.OnTime
		}
	}
	return -1
}

// mustRebuildHistory empties assignment_history and fills it again with
// the part of migration 0021 that rebuilds it from what was recorded.
func mustRebuildHistory(t *testing.T, db *store.DB) {
	t.Helper()
	ms, err := store.Migrations(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version != 21 {
			continue
		}
		_, backfill, ok := strings.Cut(m.SQL, "-- The history before this migration")
		if !ok {
			t.Fatal("migration 0021 has no backfill")
		}
		ctx := context.Background()
		if err := db.ExecRaw(ctx, `DELETE FROM assignment_history`); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "--"+backfill); err != nil {
			t.Fatalf("backfill: %v", err)
		}
		return
	}
	t.Fatal("no migration 0021")
}
