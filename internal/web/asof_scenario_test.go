package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
)

// The demo plan is driven day by day through National Day 2025: each day
// the ladder runs in the morning, items are closed, returned, reopened,
// reported on and given new deadlines, and in the evening the lead office
// and a liaison ask every figure of the plan. Asked again weeks later with
// asof= each of those days, every answer is byte for byte what it was.
func TestAsOfAnswersWhatTheDaySaid(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2025, 9, 22, 9, 0, 0, 0, duban.ChinaTime)
		db.DB.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		at := func(day duban.Date, hour int) {
			y, m, d := day.Time().Date()
			mu.Lock()
			now = time.Date(y, m, d, hour, 0, 0, 0, duban.ChinaTime)
			mu.Unlock()
		}
		res, err := demo.Load(ctx, db.DB, duban.DateOf(now))
		if err != nil {
			t.Fatal(err)
		}
		e := startEnv(t, db)
		sc := newAsOfScenario(t, db, res.PlanID)

		first := duban.MustDate("2025-09-23")
		var days []duban.Date
		recorded := map[duban.Date]map[string]string{}
		for i := range 32 {
			day := first.AddDays(i)
			days = append(days, day)
			at(day, 8)
			if _, err := db.RunLadder(ctx, db.DB.Now()); err != nil {
				t.Fatal(err)
			}
			at(day, 10)
			sc.act(t, i, day)
			at(day, 18)
			e.mu.Lock()
			e.tokens = map[string]string{} // a login lasts 12 hours
			e.mu.Unlock()
			recorded[day] = sc.ask(t, e, "")
		}

		at(duban.MustDate("2025-11-03"), 10)
		e.mu.Lock()
		e.tokens = map[string]string{}
		e.mu.Unlock()
		for _, day := range days {
			for path, got := range sc.ask(t, e, day.String()) {
				if want := recorded[day][path]; got != want {
					t.Errorf("%s asked with asof=%s differs from that day's answer:\n%s", path, day, firstDifference(got, want))
				}
			}
		}
		// The figures did move: the item closed on the second day and
		// reopened later counts as closed on the days between only.
		closedOn := func(day string) string {
			return recorded[duban.MustDate(day)]["zgb "+sc.plan+"/stats"]
		}
		if closedOn("2025-09-23") == closedOn("2025-09-24") || closedOn("2025-09-24") == closedOn("2025-10-09") {
			t.Error("the recorded statistics did not change with the scenario: the test proves nothing")
		}
		today := sc.ask(t, e, "")
		if today["zgb "+sc.plan+"/stats"] == closedOn("2025-09-24") {
			t.Error("today's statistics equal those of a day the item was closed")
		}
	})
}

// asOfScenario is the items the scenario acts on and the requests it asks.
type asOfScenario struct {
	db      *testDB
	plan    string // /api/v1/plans/{id}
	planID  int64
	open    []duban.Assignment // assigned or in progress, with a date deadline
	closed  []duban.Assignment
	paths   []string
	notices []int64
}

func newAsOfScenario(t *testing.T, db *testDB, planID int64) *asOfScenario {
	t.Helper()
	ctx := context.Background()
	sc := &asOfScenario{db: db, planID: planID, plan: fmt.Sprintf("/api/v1/plans/%d", planID)}
	list, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: planID, Page: duban.Page{Limit: 200}}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Items {
		switch {
		case a.Status == duban.StatusClosed && !a.PhaseComplete:
			sc.closed = append(sc.closed, a)
		case (a.Status == duban.StatusAssigned || a.Status == duban.StatusInProgress) && a.DeadlineKind == duban.DeadlineDate:
			sc.open = append(sc.open, a)
		}
	}
	if len(sc.open) < 5 || len(sc.closed) < 1 {
		t.Fatalf("the demo has %d open items with deadlines and %d closed, want 5 and 1", len(sc.open), len(sc.closed))
	}
	tree, err := db.Tree(ctx, duban.System, planID, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	list2 := fmt.Sprintf("/api/v1/assignments?plan=%d&limit=200", planID)
	sc.paths = []string{
		sc.plan + "/stats", sc.plan + "/dashboard", sc.plan + "/tree", sc.plan + "/tree/level",
		fmt.Sprintf("%s/tree/level?node=%d", sc.plan, tree.Children[0].ID),
		list2, list2 + "&open=true", list2 + "&overdue=true", list2 + "&status=closed",
		sc.plan + "/reporting?period=2025-09", sc.plan + "/reporting?period=2025-10",
		fmt.Sprintf("/api/v1/assignments/%d", sc.open[0].ID), fmt.Sprintf("/api/v1/assignments/%d", sc.closed[0].ID),
	}
	return sc
}

// act does the scenario's writes of day number i.
func (sc *asOfScenario) act(t *testing.T, i int, day duban.Date) {
	t.Helper()
	ctx := context.Background()
	do := func(a duban.Assignment, act duban.Action, in duban.TransitionInput) {
		t.Helper()
		if _, err := sc.db.Transition(ctx, duban.System, a.ID, 0, act, in); err != nil {
			t.Fatalf("day %s: %s on %d: %v", day, act, a.ID, err)
		}
	}
	closeItem := func(a duban.Assignment) {
		do(a, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成整改"})
		do(a, duban.ActionSignOff, duban.TransitionInput{Reason: "同意"})
		do(a, duban.ActionVerify, duban.TransitionInput{Reason: "核验通过"})
	}
	switch i {
	case 1:
		closeItem(sc.open[0])
	case 3:
		do(sc.closed[0], duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹", NewDeadline: day.AddDays(20)})
	case 4:
		if err := sc.db.CreateReport(ctx, duban.System, &duban.Report{AssignmentID: sc.open[1].ID, Period: "2025-09", Content: "九月进展"}); err != nil {
			t.Fatal(err)
		}
	case 6:
		d := day.AddDays(-3)
		if _, err := sc.db.UpdateAssignment(ctx, duban.System, sc.open[2].ID, 0, duban.AssignmentUpdate{Deadline: &d}); err != nil {
			t.Fatal(err)
		}
	case 9:
		do(sc.open[3], duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
		do(sc.open[3], duban.ActionReturn, duban.TransitionInput{Reason: "材料不足"})
	case 12:
		closeItem(sc.open[4])
	case 16:
		do(sc.open[0], duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹", NewDeadline: day.AddDays(30)})
	case 20:
		if err := sc.db.CreateReport(ctx, duban.System, &duban.Report{AssignmentID: sc.open[2].ID, Period: "2025-09", Content: "九月进展（迟报）"}); err != nil {
			t.Fatal(err)
		}
	}
}

// ask asks every request as the lead office and as a liaison, with asof
// when it is not "", and returns the answers (status and body) by user and
// path.
func (sc *asOfScenario) ask(t *testing.T, e *env, asOf string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, user := range []string{"zgb", "kjt"} {
		for _, path := range sc.paths {
			p := path
			if asOf != "" {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				p += sep + "asof=" + asOf
			}
			r := e.do(t, user, "GET", p, nil, nil)
			if r.Status != 200 && r.Status != 404 {
				t.Fatalf("GET %s as %s: %d %s", p, user, r.Status, r.Body)
			}
			out[user+" "+path] = fmt.Sprintf("%d %s", r.Status, r.Body)
		}
	}
	return out
}

// firstDifference shows where two answers part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-300)
	return fmt.Sprintf(" got …%s\nwant …%s", got[from:min(len(got), i+200)], want[from:min(len(want), i+200)])
}
