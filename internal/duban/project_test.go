package duban

import "testing"

func TestTRLLevels(t *testing.T) {
	ls := TRLLevels()
	if len(ls) != 9 || ls[0].Level != 1 || ls[8].Level != 9 {
		t.Fatalf("got %d levels from %d to %d, want 1..9", len(ls), ls[0].Level, ls[len(ls)-1].Level)
	}
	seen := map[string]bool{}
	for _, l := range ls {
		if l.Chinese == "" || l.English == "" || seen[l.Chinese] {
			t.Errorf("level %d: empty or repeated description %q", l.Level, l.Chinese)
		}
		seen[l.Chinese] = true
	}
	if TRL(0).Valid() || TRL(10).Valid() || TRL(0).Chinese() != "" {
		t.Error("levels outside 1..9 must be invalid and undescribed")
	}
}

func TestMoneyWan(t *testing.T) {
	for _, c := range []struct {
		m    Money
		want string
	}{{0, "0.00"}, {12_500_000, "1,250.00"}, {1_234_567_800, "123,456.78"}, {-50_000, "-5.00"}, {49, "0.00"}, {50, "0.01"}} {
		if got := c.m.Wan(); got != c.want {
			t.Errorf("Money(%d).Wan(): got %q, want %q", c.m, got, c.want)
		}
	}
}

func project(ms ...Milestone) *Project {
	return &Project{Title: "x", ProgrammeID: 1, LeadUnit: UnitRef{ID: 1}, Chief: "张某", StartDate: MustDate("2022-01-01"), EndDate: MustDate("2024-12-31"),
		Budget: 9_000_000, TRLStart: 3, TRLTarget: 7, Status: ProjectActive, Milestones: ms}
}

func TestLoading(t *testing.T) {
	even := project(
		Milestone{Due: MustDate("2022-12-31"), TRLRequired: 4, Tranche: 3_000_000, Status: MilestonePassed, FundStatus: FundReleased, Released: 3_000_000},
		Milestone{Due: MustDate("2023-12-31"), TRLRequired: 5, Tranche: 3_000_000, Status: MilestonePending, FundStatus: FundPlanned},
		Milestone{Due: MustDate("2024-12-31"), TRLRequired: 7, Tranche: 3_000_000, Status: MilestonePending, FundStatus: FundPlanned},
	)
	l := LoadingOf(even, MustDate("2023-06-30"))
	if l.BackLoaded || l.LateMilestones != 1 || l.Lagging || l.DueByNow != 1 || l.Released != 3_000_000 {
		t.Errorf("an even plan: got %+v, want one late milestone, not back-loaded, not lagging", l)
	}
	late := project(
		Milestone{Due: MustDate("2022-06-30"), TRLRequired: 4, Tranche: 1_000_000, Status: MilestonePending, FundStatus: FundPlanned},
		Milestone{Due: MustDate("2024-06-30"), TRLRequired: 6, Tranche: 4_000_000, Status: MilestonePending, FundStatus: FundPlanned},
		Milestone{Due: MustDate("2024-12-31"), TRLRequired: 7, Tranche: 4_000_000, Status: MilestonePending, FundStatus: FundPlanned},
	)
	l = LoadingOf(late, MustDate("2023-06-30"))
	if !l.BackLoaded || l.FundShare < 0.88 || l.WorkShare < 0.66 || !l.Lagging {
		t.Errorf("a back-loaded plan with an overdue milestone: got %+v", l)
	}
	var sum Loading
	sum.Add(LoadingOf(even, MustDate("2023-06-30")))
	sum.Add(l)
	if sum.Milestones != 6 || sum.LateMilestones != 3 || sum.WorkShare != 0.5 || sum.LateFunds != 11_000_000 || !sum.BackLoaded || !sum.Lagging {
		t.Errorf("a programme of both: got %+v, want half the milestones but 11 of 18 million late: back-loaded by funds, lagging", sum)
	}
}

func TestProjectValidate(t *testing.T) {
	ok := project(Milestone{Title: "a", Due: MustDate("2023-01-01"), TRLRequired: 5, Tranche: 1})
	if err := ok.Validate(); err != nil {
		t.Fatalf("a valid project: %v", err)
	}
	for name, x := range map[string]*Project{
		"over budget":     project(Milestone{Title: "a", Due: MustDate("2023-01-01"), TRLRequired: 5, Tranche: 10_000_000}),
		"outside period":  project(Milestone{Title: "a", Due: MustDate("2025-01-01"), TRLRequired: 5}),
		"level falls":     project(Milestone{Title: "a", Due: MustDate("2023-01-01"), TRLRequired: 5}, Milestone{Title: "b", Due: MustDate("2023-06-01"), TRLRequired: 4}),
		"above target":    project(Milestone{Title: "a", Due: MustDate("2023-01-01"), TRLRequired: 8}),
		"no milestones":   project(),
		"dates unordered": project(Milestone{Title: "a", Due: MustDate("2023-06-01"), TRLRequired: 5}, Milestone{Title: "b", Due: MustDate("2023-01-01"), TRLRequired: 5}),
	} {
		if ErrorCode(x.Validate()) != Invalid {
			t.Errorf("%s: got %v, want Invalid", name, x.Validate())
		}
	}
}

func TestLightOfProject(t *testing.T) {
	days := func(today, due Date) int { return today.DaysUntil(due) }
	x := project(Milestone{Due: MustDate("2023-01-10"), TRLRequired: 4, Status: MilestonePending, FundStatus: FundPlanned})
	for _, c := range []struct {
		day  string
		want Light
	}{{"2022-12-01", LightGreen}, {"2023-01-06", LightYellow}, {"2023-01-11", LightRed}} {
		if got := LightOfProject(x, MustDate(c.day), 5, days).Light; got != c.want {
			t.Errorf("on %s: got %s, want %s", c.day, got, c.want)
		}
	}
	x.Milestones[0].FundStatus = FundHeld
	if got := LightOfProject(x, MustDate("2022-12-01"), 5, days); got.Light != LightRed || got.Held != 1 {
		t.Errorf("held funds: got %+v, want red", got)
	}
	x.Status = ProjectStopped
	if got := LightOfProject(x, MustDate("2022-12-01"), 5, days).Light; got != LightDone {
		t.Errorf("a stopped project: got %s, want done", got)
	}
}

func TestCurrentTRL(t *testing.T) {
	x := project(
		Milestone{TRLRequired: 4, Status: MilestonePassed, TRLReached: 5},
		Milestone{TRLRequired: 6, Status: MilestoneFailed, TRLReached: 6},
		Milestone{TRLRequired: 7, Status: MilestonePending},
	)
	if got := x.CurrentTRL(); got != 5 {
		t.Errorf("current level: got %s, want TRL5 (a failed milestone's level does not count)", got)
	}
	if got := project().CurrentTRL(); got != 3 {
		t.Errorf("current level with nothing passed: got %s, want the start TRL3", got)
	}
	ls := TRLLevelsFrom(5)
	if len(ls) != 5 || ls[0].Level != 5 || ls[4].Level != 9 || ls[0].Chinese != TRL(5).Chinese() {
		t.Errorf("levels from 5: got %+v, want 5..9 with their descriptions", ls)
	}
}
