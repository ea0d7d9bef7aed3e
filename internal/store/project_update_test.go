package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestProjectUpdate edits a running project's plan: milestones not yet
// assessed change with their items, new ones are added under supervision,
// assessed ones stay as they were, and a refused edit writes nothing.
func TestProjectUpdate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := mustProjectWorld(t, db)
		at(db, "2022-04-01")
		x := &duban.Project{ProgrammeID: w.programme.ID, Title: "精密减速器攻关", LeadUnit: duban.UnitRef{ID: w.uniA}, Chief: "张教授",
			StartDate: duban.MustDate("2022-04-01"), EndDate: duban.MustDate("2023-03-31"), Budget: 8_000_000, TRLStart: 3, TRLTarget: 6, Milestones: raceMilestones()}
		wantErr(t, db.CreateProject(ctx, w.liaA, x), duban.Forbidden, "a liaison creates a project")
		if err := db.CreateProject(ctx, w.lead, x); err != nil {
			t.Fatal(err)
		}
		at(db, "2022-07-05")
		if _, err := db.AssessMilestone(ctx, w.lead, x.Milestones[0].ID, 0, duban.Assessment{AssessedOn: duban.MustDate("2022-07-05"), Experts: []string{"王某"},
			TRLReached: 4, Result: duban.ResultPass, Opinion: "同意通过"}); err != nil {
			t.Fatal(err)
		}
		cur, err := db.FindProject(ctx, w.lead, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		edit := func(f func(up *duban.Project)) duban.Project {
			up := *cur
			up.Milestones = append([]duban.Milestone(nil), cur.Milestones...)
			f(&up)
			return up
		}
		refused := []struct {
			name string
			who  *duban.Principal
			up   duban.Project
			code duban.Code
		}{
			{"a liaison edits its project", w.liaA, edit(func(up *duban.Project) { up.Title = "改" }), duban.Forbidden},
			{"another unit's liaison", w.liaB, edit(func(up *duban.Project) { up.Title = "改" }), duban.NotFound},
			{"the lead unit changes", w.lead, edit(func(up *duban.Project) { up.LeadUnit = duban.UnitRef{ID: w.uniB} }), duban.Conflict},
			{"an assessed milestone changes", w.lead, edit(func(up *duban.Project) { up.Milestones[0].Tranche = 5 }), duban.Conflict},
			{"a milestone is left out", w.lead, edit(func(up *duban.Project) { up.Milestones = up.Milestones[:2] }), duban.Conflict},
			{"a milestone after the end", w.lead, edit(func(up *duban.Project) { up.Milestones[2].Due = duban.MustDate("2023-06-30") }), duban.Invalid},
			{"tranches over the budget", w.lead, edit(func(up *duban.Project) { up.Budget = 5_000_000 }), duban.Invalid},
		}
		for _, c := range refused {
			_, err := db.UpdateProject(ctx, c.who, x.ID, 0, c.up)
			wantErr(t, err, c.code, c.name)
		}
		if got, _ := db.FindProject(ctx, w.lead, x.ID); got.Version != cur.Version || got.Title != cur.Title || got.Milestones[2].Due != cur.Milestones[2].Due {
			t.Fatalf("after refused edits: got version %d title %q, want nothing written", got.Version, got.Title)
		}

		// Milestone 2 moves a month later and is renamed; a fourth is added;
		// an enterprise joins; the title changes.
		up := edit(func(up *duban.Project) {
			up.Title, up.CoopUnits = "高精度RV减速器攻关", []duban.UnitRef{{ID: w.firm}}
			up.Milestones[1].Title, up.Milestones[1].Due = "模拟工况验证", duban.MustDate("2022-10-31")
			up.Milestones = append(up.Milestones, duban.Milestone{Title: "小批量试产", Due: duban.MustDate("2023-03-31"), TRLRequired: 6, Tranche: 1_000_000, Deliverables: "试产报告"})
		})
		_, err = db.UpdateProject(ctx, w.lead, x.ID, cur.Version+5, up)
		wantErr(t, err, duban.Stale, "an edit of an old version")
		got, err := db.UpdateProject(ctx, w.lead, x.ID, cur.Version, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "高精度RV减速器攻关" || len(got.CoopUnits) != 1 || got.CoopUnits[0].ID != w.firm || len(got.Milestones) != 4 || got.Version != cur.Version+1 {
			t.Fatalf("edited project: got %q coop %+v, %d milestones, version %d", got.Title, got.CoopUnits, len(got.Milestones), got.Version)
		}
		if m := got.Milestones[0]; m.Status != duban.MilestonePassed || m.FundStatus != duban.FundReleased {
			t.Fatalf("the assessed milestone after the edit: got %s/%s", m.Status, m.FundStatus)
		}
		a2 := mustAssignment(t, db, got.Milestones[1].AssignmentID)
		if a2.Deadline != duban.MustDate("2022-10-31") || a2.TaskTitle != "里程碑2：模拟工况验证" || a2.Status != duban.StatusAssigned {
			t.Fatalf("milestone 2's item: got %q due %s (%s), want it to follow the milestone", a2.TaskTitle, a2.Deadline, a2.Status)
		}
		m4 := got.Milestones[3]
		if m4.Seq != 4 || m4.AssignmentID == 0 || m4.FundStatus != duban.FundPlanned {
			t.Fatalf("the added milestone: got %+v", m4)
		}
		if a4 := mustAssignment(t, db, m4.AssignmentID); a4.Status != duban.StatusAssigned || a4.Unit.ID != w.uniA || a4.Deadline != duban.MustDate("2023-03-31") {
			t.Fatalf("the added milestone's item: got %s for unit %d due %s", a4.Status, a4.Unit.ID, a4.Deadline)
		}

		// The programme is renamed; its plan follows.
		_, err = db.UpdateProgramme(ctx, w.liaA, w.programme.ID, 0, "改名", "")
		wantErr(t, err, duban.Forbidden, "a liaison renames the programme")
		_, err = db.UpdateProgramme(ctx, w.lead, w.programme.ID, 0, " ", "")
		wantErr(t, err, duban.Invalid, "an empty title")
		g, err := db.UpdateProgramme(ctx, w.lead, w.programme.ID, w.programme.Version, "两链融合科技专项", "省科技厅组织实施")
		if err != nil {
			t.Fatal(err)
		}
		pl, err := db.FindPlan(ctx, w.lead, g.PlanID)
		if err != nil || g.Title != "两链融合科技专项" || g.Description != "省科技厅组织实施" || pl.Title != "两链融合科技专项里程碑督办台账" {
			t.Fatalf("renamed programme: got %+v, plan %v (%v)", g, pl, err)
		}
	})
}
