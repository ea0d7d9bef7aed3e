package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"duban/internal/calendar"
	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// sameStats fails unless the statistics read from the light tallies equal
// those counted from the assignments, and the tallies held for the day's
// rule before they were read (so that no recount hid a wrong count).
func sameStats(t *testing.T, db *store.DB, planID int64, today duban.Date, after string) {
	t.Helper()
	ctx := context.Background()
	ok, err := db.Tallied(ctx, planID, today)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("after %s: the tallies no longer hold for today's rule", after)
	}
	got, err := db.Stats(ctx, duban.System, planID, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.CountedStats(ctx, duban.System, planID, today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after %s: tallied stats differ from counted ones:\n got %+v\nwant %+v", after, got.Total, want.Total)
	}
	// A liaison's figures, of its own unit, come from the same tallies.
	for i, u := range want.ByUnit {
		if i%3 != 0 {
			continue
		}
		p := &duban.Principal{Username: "liaison", Role: duban.RoleLiaison, UnitID: u.ID}
		got, err := db.Stats(ctx, p, planID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.CountedStats(ctx, p, planID, today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s: unit %s's tallied stats differ from counted ones:\n got %+v\nwant %+v", after, u.Title, got, want)
		}
	}
}

// TestLightTalliesFollowWrites makes random writes of every kind that moves
// an assignment's status or light, and after each compares the statistics
// kept by the triggers with a fresh count.
func TestLightTalliesFollowWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		today := duban.DateOf(now)
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		plan := res.PlanID
		if ok, _ := db.Tallied(ctx, plan, today); ok {
			t.Fatal("a plan nobody asked about is tallied already")
		}
		// Nor is it counted row by row meanwhile: the first question
		// recounts it anyway (on SQLite the triggers skip it since
		// migration 0040; before, they ran and found nothing to count).
		var held int
		if err := db.QueryRowRaw(ctx, `SELECT count(*) FROM light_tallies WHERE plan_id = `+strconv.FormatInt(plan, 10), &held); err != nil || held != 0 {
			t.Fatalf("a plan nobody asked about has %d tally rows (%v); want none", held, err)
		}
		// The first question of the day counts the plan.
		if _, err := db.Stats(ctx, duban.System, plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		sameStats(t, db, plan, today, "the first count")
		// The ladder's 督办单 set reply due dates, which turn lights red.
		if _, err := db.RunLadder(ctx, now); err != nil {
			t.Fatal(err)
		}
		sameStats(t, db, plan, today, "the ladder")

		rng := rand.New(rand.NewPCG(7, 11))
		all := allAssignments(t, db, duban.System, plan, today)
		nodes := map[int64]int64{} // task → problem node
		tasks, err := db.ListTasks(ctx, duban.System, duban.TaskFilter{PlanID: plan, Page: duban.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range tasks.Items {
			nodes[tk.ID] = tk.NodeID
		}
		pl, err := db.FindPlan(ctx, duban.System, plan)
		if err != nil {
			t.Fatal(err)
		}
		period, _ := duban.DuePeriod(pl.Cadence, pl.ReportDay, today)
		day := func() duban.Date { return today.AddDays(rng.IntN(40) - 20) }
		done := map[string]int{}
		kinds := []string{"assign", "recall", "start", "request-closure", "sign-off", "verify", "return", "reopen", "deadline", "report", "notice", "new task", "coop units removed"}
		covered := func() bool {
			for _, what := range kinds {
				if done[what] == 0 {
					return false
				}
			}
			return true
		}
		// At least 150 writes, and on until every kind was made: which
		// writes the random walk makes depends on the demo's data.
		for i := 0; i < 150 || (i < 600 && !covered()); i++ {
			a := all[rng.IntN(len(all))]
			cur, err := db.FindAssignment(ctx, duban.System, a.ID, duban.Date{})
			if duban.ErrorCode(err) == duban.NotFound {
				continue // removed with its unit from a task
			}
			if err != nil {
				t.Fatal(err)
			}
			var what string
			switch op := rng.IntN(7); op {
			case 0, 1, 2: // a step of the workflow that the state allows, by whom may take it
				next := map[duban.Status][]duban.Action{
					duban.StatusDraft:            {duban.ActionAssign},
					duban.StatusAssigned:         {duban.ActionStart, duban.ActionRecall, duban.ActionRequestClosure},
					duban.StatusInProgress:       {duban.ActionRequestClosure},
					duban.StatusClosureRequested: {duban.ActionSignOff, duban.ActionReturn},
					duban.StatusClosed:           {duban.ActionReopen},
				}[cur.Status]
				act := next[rng.IntN(len(next))]
				if cur.Status == duban.StatusClosureRequested && cur.SignedOff && rng.IntN(3) > 0 {
					act = duban.ActionVerify
				}
				p := duban.System
				switch act {
				case duban.ActionSignOff:
					p = &duban.Principal{Username: "leader", Role: duban.RoleLeader, UnitID: cur.Unit.ID}
				case duban.ActionStart, duban.ActionRequestClosure:
					p = &duban.Principal{Username: "liaison", Role: duban.RoleLiaison, UnitID: cur.Unit.ID}
				}
				in := duban.TransitionInput{Reason: "测试", Summary: "已完成", NewDeadline: day(),
					PhaseComplete: cur.DeadlineKind == duban.DeadlineLongTerm && rng.IntN(2) == 0}
				_, err = db.Transition(ctx, p, cur.ID, 0, act, in)
				what = string(act)
			case 3: // the lead office corrects the deadline
				d := day()
				_, err = db.UpdateAssignment(ctx, duban.System, cur.ID, 0, duban.AssignmentUpdate{DeadlineKind: ptr(duban.DeadlineDate), Deadline: &d})
				what = "deadline"
			case 4: // a progress report for the period due
				err = db.CreateReport(ctx, duban.System, &duban.Report{AssignmentID: cur.ID, Period: period, Content: "本月进展", WorkDate: today})
				what = "report"
			case 5: // a 督办单 with a reply due
				_, err = db.Escalate(ctx, duban.System, cur.ID, store.EscalationInput{Level: duban.LevelNotice, Note: "请按期回复", ReplyDue: day()})
				what = "notice"
			case 6: // a new measure for two units, or a unit taken off a measure
				if rng.IntN(2) == 0 {
					tk := &duban.Task{NodeID: nodes[cur.TaskID], Title: "新增整改举措", DeadlineKind: duban.DeadlineDate, Deadline: day(),
						LeadUnitID: cur.Unit.ID, CoopUnitIDs: []int64{all[rng.IntN(len(all))].Unit.ID}}
					if tk.CoopUnitIDs[0] == tk.LeadUnitID {
						tk.CoopUnitIDs = nil
					}
					if err = db.CreateTask(ctx, duban.System, tk); err == nil {
						nodes[tk.ID] = tk.NodeID
						all = allAssignments(t, db, duban.System, plan, today)
					}
					what = "new task"
				} else {
					tk, ferr := db.FindTask(ctx, duban.System, cur.TaskID)
					if ferr != nil {
						t.Fatal(ferr)
					}
					none := []int64{}
					_, err = db.UpdateTask(ctx, duban.System, tk.ID, 0, duban.TaskUpdate{CoopUnitIDs: &none})
					what = "coop units removed"
				}
			}
			switch code := duban.ErrorCode(err); {
			case err == nil:
				done[what]++
			case code == duban.Conflict || code == duban.Invalid || code == duban.Forbidden:
				continue // not allowed in this state: nothing was written
			default:
				t.Fatalf("%s on assignment %d: %v", what, cur.ID, err)
			}
			sameStats(t, db, plan, today, what)
		}
		t.Logf("writes made: %v", done)
		for _, what := range kinds {
			if done[what] == 0 {
				t.Errorf("no %s was made: the writes do not cover every kind (%v)", what, done)
			}
		}

		// A new day, a changed ladder and a changed calendar each change the
		// rule: the next question recounts, and the count is right.
		now = now.Add(24 * time.Hour)
		today = duban.DateOf(now)
		if ok, _ := db.Tallied(ctx, plan, today); ok {
			t.Fatal("yesterday's tallies hold for today")
		}
		if _, err := db.Stats(ctx, duban.System, plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		sameStats(t, db, plan, today, "a new day")
		ladder := pl.Ladder
		ladder.YellowBefore += 7
		if _, err := db.UpdatePlan(ctx, duban.System, plan, 0, duban.PlanUpdate{Ladder: &ladder}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.Tallied(ctx, plan, today); ok {
			t.Fatal("the tallies hold after the yellow light's lead time changed")
		}
		if _, err := db.Stats(ctx, duban.System, plan, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		sameStats(t, db, plan, today, "a longer yellow lead time")
		// Make the next working day a holiday: the yellow horizon moves.
		next := today.AddDays(1)
		for !db.Calendar().IsWorkday(next) {
			next = next.AddDays(1)
		}
		if err := db.SetCalendarDay(ctx, duban.System, calendar.Day{Date: next, Workday: false, Name: "测试假日"}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.Tallied(ctx, plan, today); ok {
			t.Fatal("the tallies hold after a working day became a holiday")
		}
		if err := db.RecountLights(ctx, duban.Date{}); err != nil {
			t.Fatal(err)
		}
		sameStats(t, db, plan, today, "a holiday and the scheduler's recount")

		// Figures for another day are counted, and leave today's tallies be.
		past := today.AddDays(-30)
		got, err := db.Stats(ctx, duban.System, plan, past)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.CountedStats(ctx, duban.System, plan, past)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stats 30 days ago differ from a count: got %+v, want %+v", got.Total, want.Total)
		}
		sameStats(t, db, plan, today, "a question about another day")
	})
}

// TestLightTalliesUnderConcurrentWrites runs workflow steps from several
// goroutines while recounts for two different days run alongside; at the
// end the tallies must equal a fresh count.
func TestLightTalliesUnderConcurrentWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		today := duban.DateOf(now)
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		all := allAssignments(t, db, duban.System, res.PlanID, today)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 3))
				for range 40 {
					a := all[rng.IntN(len(all))]
					act := []duban.Action{duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionReturn, duban.ActionReopen}[rng.IntN(5)]
					in := duban.TransitionInput{Reason: "测试", Summary: "已完成", NewDeadline: today.AddDays(rng.IntN(20) - 10)}
					_, err := db.Transition(ctx, duban.System, a.ID, 0, act, in)
					if c := duban.ErrorCode(err); err != nil && c != duban.Conflict && c != duban.Invalid && c != duban.Stale {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if err := db.RecountAt(ctx, res.PlanID, today.AddDays(-(i % 2))); err != nil {
					errs <- err
					return
				}
			}
			if err := db.RecountAt(ctx, res.PlanID, today); err != nil {
				errs <- err
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		sameStats(t, db, res.PlanID, today, "concurrent writes and recounts")
	})
}

func ptr[T any](v T) *T { return &v }
