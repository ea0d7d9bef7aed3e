package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// TestDemoProjects checks the key-project demo against what the issue and
// the reference notice state: 19 published challenges, 13 applied to, 5
// selected, 7 projects under a 技术总师 or 领衔专家, one 赛马 of two teams,
// and milestones in every state.
func TestDemoProjects(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := duban.MustDate("2026-03-16")
	if _, err := demo.Load(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	n, err := db.CountChallenges(ctx, 0)
	if err != nil || n.Published != 19 || n.Applied != 13 || n.Selected != 5 {
		t.Fatalf("challenge counts: got %+v, %v; want 19 published, 13 applied, 5 selected", n, err)
	}
	rows, err := db.ProjectLedger(ctx, duban.System, store.ProjectFilter{}, today)
	if err != nil || len(rows) != 7 {
		t.Fatalf("projects: got %d, %v; want 7", len(rows), err)
	}
	states := map[string]bool{}
	lights := map[duban.Light]int{}
	stopped, backLoaded := 0, 0
	for _, r := range rows {
		if r.Chief == "" || duban.ChiefRoleNames[r.ChiefRole] == "" {
			t.Errorf("%s: no 技术总师/领衔专家", r.Title)
		}
		lights[r.Light.Light]++
		if r.Status == duban.ProjectStopped {
			stopped++
		}
		if r.Loading.BackLoaded {
			backLoaded++
		}
		for _, m := range r.Milestones {
			states[string(m.Status)+"/"+string(m.FundStatus)] = true
			if m.Overdue(today) && m.Status == duban.MilestonePending {
				states["overdue"] = true
			}
		}
	}
	for _, want := range []string{"passed/released", "conditional/released", "failed/held", "pending/held", "pending/planned", "cancelled/cancelled", "overdue"} {
		if !states[want] {
			t.Errorf("no milestone in state %s (have %v)", want, states)
		}
	}
	if stopped != 1 || backLoaded == 0 || lights[duban.LightRed] == 0 || lights[duban.LightYellow] == 0 || lights[duban.LightGreen] == 0 {
		t.Errorf("got %d stopped, %d back-loaded, lights %v; want one stopped team, a back-loaded plan, red, yellow and green", stopped, backLoaded, lights)
	}
}

// TestDemoMilestoneClosures checks that the demo's passed milestones went
// through the closure path: older ones signed off by the unit's leader and
// verified, the 秦川 team's (whose leader has a login) awaiting sign-off.
func TestDemoMilestoneClosures(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := duban.MustDate("2026-03-16")
	if _, err := demo.Load(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	xs, err := db.ListProjects(ctx, duban.System, store.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	closed, awaiting := 0, 0
	for _, x := range xs {
		for _, m := range x.Milestones {
			if m.Status != duban.MilestonePassed && m.Status != duban.MilestoneConditional {
				continue
			}
			a, err := db.FindAssignment(ctx, duban.System, m.AssignmentID, today)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case a.Status == duban.StatusClosed:
				closed++
				ts, err := db.ListTransitions(ctx, duban.System, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				var acts []duban.Action
				for _, tr := range ts {
					acts = append(acts, tr.Action)
				}
				if n := len(acts); n < 3 || acts[n-3] != duban.ActionRequestClosure || acts[n-2] != duban.ActionSignOff || acts[n-1] != duban.ActionVerify {
					t.Errorf("%s %s: closed by %v, want request, sign-off, verification", x.Title, m.Title, acts)
				}
			case a.Status == duban.StatusClosureRequested && x.LeadUnit.Name == "秦川精密传动":
				awaiting++
			default:
				t.Errorf("%s %s (passed): item %s", x.Title, m.Title, a.Status)
			}
		}
	}
	if closed == 0 || awaiting != 1 {
		t.Errorf("passed milestones: %d items closed, %d awaiting 秦川's leader; want some closed and 1 awaiting", closed, awaiting)
	}
}
