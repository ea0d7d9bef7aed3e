package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// allAssignments lists every assignment of a plan the caller sees, with lights.
func allAssignments(t *testing.T, db *store.DB, p *duban.Principal, planID int64, asOf duban.Date) []duban.Assignment {
	t.Helper()
	list, err := db.ListAssignments(context.Background(), p, duban.AssignmentFilter{PlanID: planID, Page: duban.Page{Limit: 500}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if list.NextCursor != "" {
		t.Fatal("more than one page of assignments")
	}
	return list.Items
}

// checkDashboard compares the dashboard's figures with the lights the store
// computes one assignment at a time.
func checkDashboard(t *testing.T, db *store.DB, p *duban.Principal, planID int64, asOf duban.Date) *store.Dashboard {
	t.Helper()
	d, err := db.Dashboard(context.Background(), p, planID, asOf)
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), p, planID, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Stats, st) {
		t.Errorf("stats: got %+v, want Stats' %+v", d.Stats, st)
	}
	all := allAssignments(t, db, p, planID, asOf)
	if d.Stats.Total.Total != len(all) {
		t.Errorf("stats total %d, want %d assignments", d.Stats.Total.Total, len(all))
	}
	months := map[store.MonthLight]int{}
	overdue, due, red := 0, map[duban.Date]int{}, map[int64]bool{}
	tasks := map[int64]bool{}
	var lights store.LightCounts
	aspects, units := map[int64]store.LightCounts{}, map[int64]store.LightCounts{}
	closures := map[duban.Date]int{}
	for _, a := range all {
		tasks[a.TaskID] = true
		if a.Status == duban.StatusClosed && a.ClosedAt != nil {
			if day := duban.DateOf(a.ClosedAt.In(duban.ChinaTime)); !day.After(asOf) {
				closures[day]++
			}
		}
		lights.Add(a.Light, 1)
		c := aspects[a.AspectID]
		c.Add(a.Light, 1)
		aspects[a.AspectID] = c
		c = units[a.Unit.ID]
		c.Add(a.Light, 1)
		units[a.Unit.ID] = c
		if a.Light == duban.LightRed {
			red[a.ID] = true
		}
		dated := a.DeadlineKind.Dated() && !a.Deadline.IsZero() // 限期, and 立行立改 once assigned
		if dated && !a.Deadline.After(asOf) {
			due[a.Deadline]++
		}
		if a.Status == duban.StatusClosed || !dated {
			continue
		}
		months[store.MonthLight{Month: a.Deadline.String()[:7], Light: a.Light}]++
		if a.Deadline.Before(asOf) {
			overdue++
		}
	}
	got := map[store.MonthLight]int{}
	for i, m := range d.Deadlines {
		if i > 0 && d.Deadlines[i-1].Month > m.Month {
			t.Errorf("deadline months out of order: %v", d.Deadlines)
		}
		got[store.MonthLight{Month: m.Month, Light: m.Light}] = m.Count
	}
	if len(got) != len(months) {
		t.Errorf("deadline months: got %v, want %v", got, months)
	}
	for k, n := range months {
		if got[k] != n {
			t.Errorf("deadline month %v: got %d, want %d", k, got[k], n)
		}
	}
	if d.Lights != lights || d.Lights.Red != d.Stats.Total.Overdue || d.Lights.Yellow != d.Stats.Total.DueSoon {
		t.Errorf("lights: got %+v, want %+v (stats %+v)", d.Lights, lights, d.Stats.Total)
	}
	for id, c := range aspects {
		if d.AspectLights[id] != c {
			t.Errorf("lights of aspect %d: got %+v, want %+v", id, d.AspectLights[id], c)
		}
	}
	for id, c := range units {
		if d.UnitLights[id] != c {
			t.Errorf("lights of unit %d: got %+v, want %+v", id, d.UnitLights[id], c)
		}
	}
	if len(d.AspectLights) != len(aspects) || len(d.UnitLights) != len(units) {
		t.Errorf("got lights of %d aspects and %d units, want %d and %d", len(d.AspectLights), len(d.UnitLights), len(aspects), len(units))
	}
	if len(d.Due) != len(due) {
		t.Errorf("due days: got %v, want %v", d.Due, due)
	}
	for i, c := range d.Due {
		if c.Count != due[c.Day] || (i > 0 && !d.Due[i-1].Day.Before(c.Day)) {
			t.Errorf("due on %s: got %d, want %d (in day order)", c.Day, c.Count, due[c.Day])
		}
	}
	if len(d.Closures) != len(closures) {
		t.Errorf("closure days: got %v, want %v", d.Closures, closures)
	}
	for i, c := range d.Closures {
		if c.Count != closures[c.Day] || (i > 0 && !d.Closures[i-1].Day.Before(c.Day)) {
			t.Errorf("closed on %s: got %d, want %d (in day order)", c.Day, c.Count, closures[c.Day])
		}
	}
	if d.Overdue != overdue {
		t.Errorf("overdue: got %d, want %d", d.Overdue, overdue)
	}
	if len(d.Red) != len(red) || len(red) != d.Stats.Total.Overdue {
		t.Errorf("red: got %d listed, stats %d, want %d", len(d.Red), d.Stats.Total.Overdue, len(red))
	}
	for _, a := range d.Red {
		if !red[a.ID] || a.Light != duban.LightRed {
			t.Errorf("red list holds assignment %d (%s)", a.ID, a.Light)
		}
		if p.Role == duban.RoleLiaison && a.Unit.ID != p.UnitID {
			t.Errorf("liaison sees assignment %d of unit %s", a.ID, a.Unit.Name)
		}
	}
	if p.Role == duban.RoleLiaison && d.Tasks != len(tasks) {
		t.Errorf("tasks: got %d, want %d", d.Tasks, len(tasks))
	}
	return d
}

func TestDashboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := duban.DateOf(time.Now().In(duban.ChinaTime))
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		lead := &duban.Principal{Username: "zgb", Role: duban.RoleLead, UnitID: 1}
		d := checkDashboard(t, db, lead, res.PlanID, today)
		if d.Tasks != res.Tasks {
			t.Errorf("tasks: got %d, want %d", d.Tasks, res.Tasks)
		}
		if d.Stats.Total.Overdue == 0 || d.Stats.Total.Closed == 0 {
			t.Fatalf("the demo should have red and closed items: %+v", d.Stats.Total)
		}
		// The demo's closed items were closed over the ten weeks before it
		// loaded (those closed as 阶段性完成, on the day it loads).
		closed, before := 0, map[duban.Date]int{}
		for i, c := range d.Closures {
			closed += c.Count
			if c.Day.After(today) || c.Day.Before(today.AddDays(-70)) || (i > 0 && !d.Closures[i-1].Day.Before(c.Day)) {
				t.Errorf("closures: day %s is out of order or outside the ten weeks before %s", c.Day, today)
			}
			before[c.Day] = c.Count
		}
		if closed != d.Stats.Total.Closed || len(d.Closures) < 6 {
			t.Errorf("closures: got %v (%d in all), want %d on at least 6 days", d.Closures, closed, d.Stats.Total.Closed)
		}

		// As of an earlier day, fewer deadlines have passed and only the
		// closures up to that day count.
		past := today.AddDays(-40)
		old := checkDashboard(t, db, lead, res.PlanID, past)
		if old.Stats.Total.Overdue >= d.Stats.Total.Overdue {
			t.Errorf("red 40 days ago: got %d, want fewer than today's %d", old.Stats.Total.Overdue, d.Stats.Total.Overdue)
		}
		want := 0
		for day, n := range before {
			if !day.After(past) {
				want += n
			}
		}
		got := 0
		for _, c := range old.Closures {
			got += c.Count
			if c.Day.After(past) || before[c.Day] != c.Count {
				t.Errorf("closures 40 days ago: day %s with %d, want only days up to %s as today sees them (%d)", c.Day, c.Count, past, before[c.Day])
			}
		}
		if got != want || want == 0 {
			t.Errorf("closures 40 days ago: got %d, want %d (and some)", got, want)
		}

		// A liaison's figures cover its own unit only.
		kjt, err := db.FindUnitByName(ctx, "省科技厅")
		if err != nil {
			t.Fatal(err)
		}
		liaison := &duban.Principal{Username: "kjt", Role: duban.RoleLiaison, UnitID: kjt.ID}
		mine := checkDashboard(t, db, liaison, res.PlanID, today)
		if mine.Stats.Total.Total == 0 || mine.Stats.Total.Total >= d.Stats.Total.Total {
			t.Errorf("liaison total %d, want some of %d", mine.Stats.Total.Total, d.Stats.Total.Total)
		}
		for _, u := range mine.Stats.ByUnit {
			if u.ID != kjt.ID {
				t.Errorf("liaison sees unit %s", u.Title)
			}
		}
		stranger := &duban.Principal{Username: "x", Role: duban.RoleLiaison, UnitID: 99999}
		if _, err := db.Dashboard(ctx, stranger, res.PlanID, today); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("unrelated liaison: got %v, want not found", err)
		}
	})
}

func TestOverview(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := duban.DateOf(time.Now().In(duban.ChinaTime))
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		inspector := &duban.Principal{Username: "xsb", Role: duban.RoleInspector}
		o, err := db.Overview(ctx, inspector, "", today)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Rounds) != 1 || o.Rounds[0] != "十三届省委第十一轮" || len(o.Groups) != 1 || len(o.Groups[0].Plans) != 1 {
			t.Fatalf("got rounds %v and %d groups, want the demo round with its plan", o.Rounds, len(o.Groups))
		}
		rp := o.Groups[0].Plans[0]
		st, err := db.Stats(ctx, inspector, res.PlanID, today)
		if err != nil {
			t.Fatal(err)
		}
		if rp.PlanID != res.PlanID || rp.Unit.Name != "中共陕西省委科技工委" || rp.Team != "省委第一巡视组" {
			t.Errorf("got plan %d of %s by %s", rp.PlanID, rp.Unit.Name, rp.Team)
		}
		if rp.Rollup.Total != st.Total.Total || rp.Rollup.Closed != st.Total.Closed || rp.Rollup.Overdue != st.Total.Overdue || rp.Rollup.DueSoon != st.Total.DueSoon {
			t.Errorf("got %+v, want the plan's stats %+v", rp.Rollup, st.Total)
		}
		if rp.Overdue == 0 || rp.Overdue > rp.Rollup.Overdue {
			t.Errorf("overdue %d, want between 1 and the red count %d", rp.Overdue, rp.Rollup.Overdue)
		}
		// As of an earlier day, the plan's figures are that day's; before
		// the plan was drawn up, there is none.
		past := today.AddDays(-40)
		then, err := db.Overview(ctx, inspector, "", past)
		if err != nil {
			t.Fatal(err)
		}
		old, err := db.Stats(ctx, inspector, res.PlanID, past)
		if err != nil {
			t.Fatal(err)
		}
		if len(then.Groups) != 1 || !reflect.DeepEqual(then.Groups[0].Plans[0].Rollup, old.Total) || old.Total.Closed >= st.Total.Closed {
			t.Errorf("as of %s: got %+v, want the plan's figures of that day %+v (closed below today's %d)", past, then.Groups, old.Total, st.Total.Closed)
		}
		if before, err := db.Overview(ctx, inspector, "", today.AddDays(-200)); err != nil || len(before.Groups) != 0 {
			t.Errorf("before the plan was drawn up: got %+v, %v; want no plans", before.Groups, err)
		}
		other, err := db.Overview(ctx, inspector, "另一轮", today)
		if err != nil || len(other.Groups) != 0 || len(other.Rounds) != 1 {
			t.Errorf("unknown round: got %+v, %v; want no groups and the round list", other, err)
		}
		// An inspection with no round named goes by its title, in the list of
		// rounds and as its group, not under one "no round" for all.
		plan, err := db.FindPlan(ctx, duban.System, res.PlanID)
		if err != nil {
			t.Fatal(err)
		}
		unnamed := &duban.Source{Kind: duban.SourceInspection, Title: "省委巡视组专项巡视反馈意见（未注明轮次）", InspectedUnitID: &plan.OwnerUnitID, FeedbackDate: today}
		if err := db.CreateSource(ctx, duban.System, unnamed); err != nil {
			t.Fatal(err)
		}
		second := &duban.Plan{Title: "第二份整改方案", OwnerUnitID: plan.OwnerUnitID, SourceIDs: []int64{unnamed.ID}}
		if err := db.CreatePlan(ctx, duban.System, second); err != nil {
			t.Fatal(err)
		}
		named, err := db.Overview(ctx, inspector, "", today)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(named.Rounds, []string{unnamed.Title, "十三届省委第十一轮"}) || len(named.Groups) != 2 || named.Groups[0].Round != unnamed.Title || named.Groups[0].Plans[0].PlanID != second.ID {
			t.Errorf("with an unnamed round: got rounds %q and groups %+v, want the inspection's title first", named.Rounds, named.Groups)
		}
		only, err := db.Overview(ctx, inspector, unnamed.Title, today)
		if err != nil || len(only.Groups) != 1 || only.Groups[0].Plans[0].PlanID != second.ID {
			t.Errorf("filtered by the unnamed inspection's title: got %+v, %v", only, err)
		}
		for _, role := range []duban.Role{duban.RoleLead, duban.RoleLeader, duban.RoleLiaison} {
			if _, err := db.Overview(ctx, &duban.Principal{Role: role, UnitID: 1}, "", today); duban.ErrorCode(err) != duban.Forbidden {
				t.Errorf("%s: got %v, want forbidden", role, err)
			}
		}
	})
}

// Stats are remembered until the next write: asked twice they are the same,
// and after a unit is renamed both today's and a past day's name it anew.
func TestStatsRememberedUntilAWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := duban.DateOf(time.Now().In(duban.ChinaTime))
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		past := today.AddDays(-40)
		first, err := db.Stats(ctx, duban.System, res.PlanID, today)
		if err != nil {
			t.Fatal(err)
		}
		again, err := db.Stats(ctx, duban.System, res.PlanID, today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("asked twice: got %+v, then %+v", first, again)
		}
		if _, err := db.Stats(ctx, duban.System, res.PlanID, past); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Dashboard(ctx, duban.System, res.PlanID, past); err != nil {
			t.Fatal(err)
		}
		if len(first.ByUnit) == 0 {
			t.Fatal("the demo plan's stats name no unit")
		}
		id := first.ByUnit[0].ID
		u, err := db.FindUnit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		name := "改名后的单位"
		if _, err := db.UpdateUnit(ctx, duban.System, id, u.Version, duban.UnitUpdate{ShortName: &name}); err != nil {
			t.Fatal(err)
		}
		for _, day := range []duban.Date{today, past} {
			st, err := db.Stats(ctx, duban.System, res.PlanID, day)
			if err != nil {
				t.Fatal(err)
			}
			// The battle map remembers its figures as Stats does, a past
			// day's too: the names in them are today's all the same.
			d, err := db.Dashboard(ctx, duban.System, res.PlanID, day)
			if err != nil {
				t.Fatal(err)
			}
			for what, groups := range map[string][]duban.GroupStats{"stats": st.ByUnit, "battle map": d.Stats.ByUnit} {
				found := false
				for _, g := range groups {
					if g.ID == id {
						found = g.Title == name
						if !found {
							t.Errorf("%s as of %s after the rename: unit %d is %q, want %q", what, day, id, g.Title, name)
						}
					}
				}
				if !found && day == today {
					t.Errorf("%s as of %s after the rename: unit %d not in the figures", what, day, id)
				}
			}
		}
	})
}

// A day long past no write changes: its battle map is counted once and
// remembered through writes, until a name it shows changes; today's is
// counted again after a write.
func TestPastBattleMapRememberedThroughWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := duban.DateOf(time.Now().In(duban.ChinaTime))
		res, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		past := today.AddDays(-20)
		look := func(day duban.Date) *store.Dashboard {
			t.Helper()
			d, err := db.Dashboard(ctx, duban.System, res.PlanID, day)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		first, todays := look(past), look(today)
		counted := db.DashboardsCounted()
		// A write of the plan: an assigned item recalled and assigned again.
		l, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID, Statuses: []duban.Status{duban.StatusAssigned}, Page: duban.Page{Limit: 1}}, duban.Date{})
		if err != nil || len(l.Items) == 0 {
			t.Fatalf("no assigned item: %v", err)
		}
		for _, act := range []duban.Action{duban.ActionRecall, duban.ActionAssign} {
			if _, err := db.Transition(ctx, duban.System, l.Items[0].ID, 0, act, duban.TransitionInput{Reason: "测试"}); err != nil {
				t.Fatal(err)
			}
		}
		again := look(past)
		if got := db.DashboardsCounted() - counted; got != 0 {
			t.Errorf("the battle map as of %s was counted %d times after a write, want remembered", past, got)
		}
		if !reflect.DeepEqual(first.Stats, again.Stats) || !reflect.DeepEqual(first.Deadlines, again.Deadlines) || !reflect.DeepEqual(first.Closures, again.Closures) ||
			first.Tasks != again.Tasks || first.Overdue != again.Overdue || len(first.Red) != len(again.Red) {
			t.Errorf("the battle map as of %s changed after a write of today", past)
		}
		// Counted again, and only once through requests, whichever comes.
		recounted := look(today)
		look(today)
		if got := db.DashboardsCounted() - counted; got != 1 {
			t.Errorf("today's battle map after a write: counted %d times, want once", got)
		}
		if recounted.Figures == todays.Figures {
			t.Errorf("today's battle map after a write has the figures of before it (%s)", recounted.Figures)
		}
		// A renamed aspect is shown as of the past day too.
		top, err := db.TreeLevel(ctx, duban.System, res.PlanID, 0, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		aspect := top.Children[0]
		n, err := db.FindNode(ctx, duban.System, aspect.ID)
		if err != nil {
			t.Fatal(err)
		}
		title := "改名后的方面"
		if _, err := db.UpdateNode(ctx, duban.System, n.ID, n.Version, duban.NodeUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		renamed := look(past)
		found := false
		for _, g := range renamed.Stats.ByAspect {
			if g.ID == aspect.ID {
				found = g.Title == "改名后的方面"
			}
		}
		if !found {
			t.Errorf("the battle map as of %s after an aspect was renamed: %+v, want %q", past, renamed.Stats.ByAspect, "改名后的方面")
		}
	})
}
