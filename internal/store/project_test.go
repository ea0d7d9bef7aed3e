package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// projectWorld is a programme office, two applying universities, a
// cooperating enterprise, and two experts.
type projectWorld struct {
	db                  *store.DB
	office, uniA, uniB  int64
	firm                int64
	lead, liaA, liaB    *duban.Principal
	leaderA             *duban.Principal
	expert, otherExpert *duban.Principal
	programme           *duban.Programme
}

func mustProjectWorld(t *testing.T, db *store.DB) *projectWorld {
	t.Helper()
	w := &projectWorld{db: db}
	w.office = mustUnit(t, db, "陕西省科学技术厅", "省科技厅")
	w.uniA = mustUnit(t, db, "西安交通大学", "西安交大")
	w.uniB = mustUnit(t, db, "西北工业大学", "西工大")
	w.firm = mustUnit(t, db, "陕西示例装备有限公司", "示例装备")
	w.lead = principal(t, db, "kjt-lead", duban.RoleLead, w.office)
	w.liaA = principal(t, db, "xjtu", duban.RoleLiaison, w.uniA)
	w.liaB = principal(t, db, "nwpu", duban.RoleLiaison, w.uniB)
	w.leaderA = principal(t, db, "xjtu-leader", duban.RoleLeader, w.uniA)
	w.expert = principal(t, db, "expert-wang", duban.RoleExpert, 0)
	w.otherExpert = principal(t, db, "expert-li", duban.RoleExpert, 0)
	w.programme = &duban.Programme{Title: "两链融合重点专项", OfficeUnitID: w.office}
	if err := db.CreateProgramme(context.Background(), w.lead, w.programme); err != nil {
		t.Fatal(err)
	}
	return w
}

func principal(t *testing.T, db *store.DB, name string, role duban.Role, unit int64) *duban.Principal {
	t.Helper()
	u := &duban.User{Username: name, DisplayName: name, Role: role}
	if unit != 0 {
		u.UnitID = &unit
	}
	if err := db.CreateUser(context.Background(), duban.System, u, "password-1"); err != nil {
		t.Fatal(err)
	}
	return &duban.Principal{UserID: u.ID, Username: name, Name: name, Role: role, UnitID: unit}
}

// at makes the store's clock read the given day, 10:00 in China.
func at(db *store.DB, day string) time.Time {
	d := duban.MustDate(day)
	now := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 10, 0, 0, 0, duban.ChinaTime)
	db.Now = func() time.Time { return now }
	return now
}

func raceMilestones() []duban.Milestone {
	return []duban.Milestone{
		{Title: "关键部件实验室验证", Due: duban.MustDate("2022-06-30"), TRLRequired: 4, Deliverables: "实验室验证报告", Tranche: 1_000_000},
		{Title: "模拟环境验证", Due: duban.MustDate("2022-09-30"), TRLRequired: 5, Deliverables: "中试样件与测试报告", Tranche: 2_000_000},
		{Title: "原型系统演示", Due: duban.MustDate("2023-03-31"), TRLRequired: 6, Deliverables: "原型系统", Tranche: 3_000_000},
	}
}

func wantErr(t *testing.T, err error, code duban.Code, what string) {
	t.Helper()
	if duban.ErrorCode(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// TestProjectLife walks a 揭榜挂帅 challenge through its life: published,
// applied to, reviewed, selected as a 赛马 of two teams, milestones passed
// and failed, tranches released and held, an overdue milestone supervised
// by the ladder on working days, and a team stopped.
func TestProjectLife(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := mustProjectWorld(t, db)
		at(db, "2022-02-25")

		// A draft is the office's alone; published, everyone sees it.
		c := &duban.Challenge{ProgrammeID: w.programme.ID, Title: "高端装备精密传动关键技术", Goal: "突破精密减速器寿命瓶颈", Conditions: "省内高校或企业牵头",
			Budget: 6_000_000, Deadline: duban.MustDate("2022-03-31")}
		wantErr(t, db.CreateChallenge(ctx, w.liaA, c), duban.Forbidden, "a liaison creates a challenge")
		if err := db.CreateChallenge(ctx, w.lead, c); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindChallenge(ctx, nil, c.ID)
		wantErr(t, err, duban.NotFound, "the public reads a draft")
		wantErr(t, db.Apply(ctx, w.liaA, &duban.Application{ChallengeID: c.ID, Proposal: "方案", Team: "团队", Chief: "张某"}), duban.NotFound, "applying to a draft")
		if _, err := db.PublishChallenge(ctx, w.lead, c.ID, duban.MustDate("2022-03-01")); err != nil {
			t.Fatal(err)
		}
		public, err := db.ListChallenges(ctx, nil, 0)
		if err != nil || len(public) != 1 || public[0].PublishedOn != duban.MustDate("2022-03-01") {
			t.Fatalf("public challenges: got %+v, %v; want the published one dated 2022-03-01", public, err)
		}

		// Both universities apply; a second application is refused.
		at(db, "2022-03-10")
		appA := &duban.Application{ChallengeID: c.ID, Proposal: "基于新型齿形的减速器", Team: "西安交大精密传动团队（12人）", Chief: "张教授"}
		appB := &duban.Application{ChallengeID: c.ID, Proposal: "基于复合材料的减速器", Team: "西工大传动团队（9人）", Chief: "李教授"}
		for _, x := range []struct {
			p *duban.Principal
			a *duban.Application
		}{{w.liaA, appA}, {w.liaB, appB}} {
			if err := db.Apply(ctx, x.p, x.a); err != nil {
				t.Fatal(err)
			}
		}
		if appA.Unit.ID != w.uniA {
			t.Fatalf("a liaison's application: got unit %d, want its own %d", appA.Unit.ID, w.uniA)
		}
		wantErr(t, db.Apply(ctx, w.liaA, &duban.Application{ChallengeID: c.ID, Proposal: "再报", Team: "团队", Chief: "张教授"}), duban.Conflict, "a second application")
		mine, err := db.ListApplications(ctx, w.liaA, c.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != appA.ID {
			t.Fatalf("a liaison's view of the applications: got %+v, %v; want only its own", mine, err)
		}

		// Experts see and score only what they were given.
		if got, _ := db.ListApplications(ctx, w.expert, c.ID); len(got) != 0 {
			t.Fatalf("an unassigned expert sees %d applications, want 0", len(got))
		}
		_, err = db.ScoreApplication(ctx, w.expert, appA.ID, duban.Review{Score: 90, Comment: "方案可行"})
		wantErr(t, err, duban.Forbidden, "an unassigned expert scores")
		wantErr(t, db.AssignReviewer(ctx, w.lead, w.liaA.UserID, c.ID, 0), duban.Invalid, "a liaison as reviewer")
		if err := db.AssignReviewer(ctx, w.lead, w.expert.UserID, c.ID, 0); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.ListApplications(ctx, w.expert, c.ID); len(got) != 2 {
			t.Fatalf("the assigned expert sees %d applications, want 2", len(got))
		}
		_, err = db.SelectApplications(ctx, w.lead, c.ID, []store.Selection{{ApplicationID: appA.ID}})
		wantErr(t, err, duban.Invalid, "selecting an unreviewed application")
		for _, s := range []struct {
			id    int64
			score int
		}{{appA.ID, 88}, {appB.ID, 84}} {
			if _, err := db.ScoreApplication(ctx, w.expert, s.id, duban.Review{Score: s.score, Comment: "具备攻关基础"}); err != nil {
				t.Fatal(err)
			}
		}

		// 定榜 of both: a 赛马 of two projects with three milestones each.
		at(db, "2022-04-01")
		project := duban.Project{Title: "精密减速器攻关", StartDate: duban.MustDate("2022-04-01"), EndDate: duban.MustDate("2023-03-31"),
			Budget: 6_000_000, TRLStart: 3, TRLTarget: 6, CoopUnits: []duban.UnitRef{{ID: w.firm}}}
		xs, err := db.SelectApplications(ctx, w.lead, c.ID, []store.Selection{
			{ApplicationID: appA.ID, Project: project, Milestones: raceMilestones()},
			{ApplicationID: appB.ID, Project: project, Milestones: raceMilestones()},
		})
		if err != nil {
			t.Fatal(err)
		}
		pa, pb := xs[0], xs[1]
		if pa.LeadUnit.ID != w.uniA || pa.Chief != "张教授" || pa.Team == "" || pb.Team == pa.Team {
			t.Fatalf("selected projects: got lead %d chief %q teams %q/%q", pa.LeadUnit.ID, pa.Chief, pa.Team, pb.Team)
		}
		counts, err := db.CountChallenges(ctx, w.programme.ID)
		if err != nil || counts != (store.ChallengeCounts{Published: 1, Applied: 1, Applications: 2, Units: 2, Selected: 1}) {
			t.Fatalf("counts: got %+v, %v", counts, err)
		}

		// Each milestone is an assigned item of the programme's plan, due on its date.
		a1 := mustAssignment(t, db, pa.Milestones[0].AssignmentID)
		if a1.PlanID != w.programme.PlanID || a1.Status != duban.StatusAssigned || a1.Deadline != duban.MustDate("2022-06-30") || a1.Unit.ID != w.uniA {
			t.Fatalf("milestone item: got plan %d status %s deadline %s unit %d", a1.PlanID, a1.Status, a1.Deadline, a1.Unit.ID)
		}

		// Scope: a unit sees its own project only.
		_, err = db.FindProject(ctx, w.liaA, pb.ID)
		wantErr(t, err, duban.NotFound, "a liaison reads another unit's project")
		if got, _ := db.ListProjects(ctx, w.liaA, store.ProjectFilter{}); len(got) != 1 || got[0].ID != pa.ID {
			t.Fatalf("liaison A's projects: got %d, want its own one", len(got))
		}
		if got, _ := db.ListProjects(ctx, w.otherExpert, store.ProjectFilter{}); len(got) != 0 {
			t.Fatalf("an expert with nothing to review sees %d projects", len(got))
		}
		if got, _ := db.ListProjects(ctx, w.expert, store.ProjectFilter{}); len(got) != 2 {
			t.Fatalf("the challenge's expert sees %d projects, want its 2", len(got))
		}

		projectMilestones(t, db, w, pa, pb, c)
	})
}

// projectMilestones continues the life: assessments, tranches, the 赛马
// decision, the overdue milestone and the ladder.
func projectMilestones(t *testing.T, db *store.DB, w *projectWorld, pa, pb *duban.Project, c *duban.Challenge) {
	ctx := context.Background()
	at(db, "2022-07-05")
	pass := duban.Assessment{AssessedOn: duban.MustDate("2022-07-05"), Experts: []string{"王某", "赵某", "陈某"}, TRLReached: 4, Result: duban.ResultPass, Opinion: "完成实验室验证，同意通过"}
	_, err := db.AssessMilestone(ctx, w.liaA, pa.Milestones[0].ID, 0, pass)
	wantErr(t, err, duban.Forbidden, "a unit assesses its own milestone")
	low := pass
	low.TRLReached = 3
	_, err = db.AssessMilestone(ctx, w.lead, pa.Milestones[0].ID, 0, low)
	wantErr(t, err, duban.Invalid, "a pass below the required level")
	m, err := db.AssessMilestone(ctx, w.lead, pa.Milestones[0].ID, 0, pass)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != duban.MilestonePassed || m.FundStatus != duban.FundReleased || m.Released != 1_000_000 || m.ReleasedOn != duban.MustDate("2022-07-05") {
		t.Fatalf("passed milestone: got %s %s %d on %s, want passed, released 1000000 on 2022-07-05", m.Status, m.FundStatus, m.Released, m.ReleasedOn)
	}
	closeMilestoneItem(t, db, w, m.AssignmentID, "里程碑考核通过")

	// B fails: this and every later tranche held; a supervised item opens.
	fail := pass
	fail.TRLReached, fail.Result, fail.Opinion = 3, duban.ResultFail, "寿命试验未达标，限期整改"
	mb, err := db.AssessMilestone(ctx, w.lead, pb.Milestones[0].ID, 0, fail)
	if err != nil {
		t.Fatal(err)
	}
	xb, _ := db.FindProject(ctx, w.lead, pb.ID)
	for _, m := range xb.Milestones {
		if m.FundStatus != duban.FundHeld {
			t.Fatalf("B's milestone %d after a failure: got %s, want held", m.Seq, m.FundStatus)
		}
	}
	if mb.FollowUpID == nil {
		t.Fatal("a failed milestone opened no supervised item")
	}
	fu := mustAssignment(t, db, *mb.FollowUpID)
	if fu.Unit.ID != w.uniB || fu.Status != duban.StatusAssigned || fu.Deadline != db.Calendar().AddWorkdays(duban.MustDate("2022-07-05"), 20) {
		t.Fatalf("follow-up item: got unit %d status %s deadline %s", fu.Unit.ID, fu.Status, fu.Deadline)
	}
	if a := mustAssignment(t, db, mb.AssignmentID); a.Status != duban.StatusAssigned {
		t.Fatalf("a failed milestone's item: got %s, want still assigned (under supervision)", a.Status)
	}
	rowB, _ := db.ProjectRowOf(ctx, w.lead, pb.ID, duban.MustDate("2022-07-05"))
	if rowB.Light.Light != duban.LightRed || rowB.Light.Held != 3 || rowB.Light.HeldSum != 6_000_000 || !rowB.Loading.Lagging {
		t.Fatalf("B's light: got %+v lagging %v, want red with 3 held tranches of 6000000, lagging", rowB.Light, rowB.Loading.Lagging)
	}

	// 赛马: compared at milestone 1, B stopped; its later tranches cancelled.
	cmp, err := db.RaceComparison(ctx, w.lead, c.ID, 1)
	if err != nil || len(cmp) != 2 || cmp[0].Result != duban.MilestonePassed || cmp[1].Result != duban.MilestoneFailed || cmp[0].Released != 1_000_000 {
		t.Fatalf("comparison: got %+v, %v", cmp, err)
	}
	_, err = db.DecideRace(ctx, w.liaA, c.ID, store.RaceInput{Seq: 1, Decision: duban.RaceStop, StopID: pb.ID})
	wantErr(t, err, duban.Forbidden, "a team stops its rival")
	if _, err := db.DecideRace(ctx, w.lead, c.ID, store.RaceInput{Seq: 1, Decision: duban.RaceStop, StopID: pb.ID, Note: "B团队未通过第一节点考核"}); err != nil {
		t.Fatal(err)
	}
	xb, _ = db.FindProject(ctx, w.lead, pb.ID)
	if xb.Status != duban.ProjectStopped {
		t.Fatalf("stopped team: got %s", xb.Status)
	}
	for _, m := range xb.Milestones {
		if m.Status != duban.MilestoneCancelled || m.FundStatus != duban.FundCancelled {
			t.Fatalf("B's milestone %d after the stop: got %s/%s, want cancelled", m.Seq, m.Status, m.FundStatus)
		}
		if a := mustAssignment(t, db, m.AssignmentID); a.Status != duban.StatusClosureRequested || a.SignedOff {
			t.Fatalf("B's milestone %d item after the stop: got %s (signed %v), want closure requested, not signed", m.Seq, a.Status, a.SignedOff)
		}
	}
	_, err = db.DecideRace(ctx, w.lead, c.ID, store.RaceInput{Seq: 2, Decision: duban.RaceStop, StopID: pa.ID})
	wantErr(t, err, duban.Conflict, "stopping the last team")
	rounds, err := db.ListRaceRounds(ctx, w.lead, c.ID)
	if err != nil || len(rounds) != 1 || len(rounds[0].Entries) != 2 || rounds[0].Entries[1].Result != duban.MilestoneFailed {
		t.Fatalf("kept comparison: got %+v, %v", rounds, err)
	}

	projectOverdue(t, db, w, pa)
}

// projectOverdue: A's second milestone (due Friday 2022-09-30, before the
// National Day holiday) goes unassessed and climbs the ladder on working days.
func projectOverdue(t *testing.T, db *store.DB, w *projectWorld, pa *duban.Project) {
	ctx := context.Background()
	aid := pa.Milestones[1].AssignmentID
	row, _ := db.ProjectRowOf(ctx, w.lead, pa.ID, duban.MustDate("2022-10-10"))
	if row.Light.Light != duban.LightRed || row.Light.Overdue != 1 {
		t.Fatalf("A on 2022-10-10: got %+v, want red with one overdue milestone", row.Light)
	}
	levels := func(now time.Time) map[duban.Level]bool {
		t.Helper()
		fired, err := db.RunLadder(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		got := map[duban.Level]bool{}
		for _, e := range fired {
			if e.AssignmentID == aid {
				got[e.Level] = true
			}
		}
		return got
	}
	// 2022-10-10 is the third working day after the deadline (8 and 9
	// October were working days in exchange for the holiday): 催办, no 督办单;
	// counted in calendar days, ten days would have passed.
	if got := levels(at(db, "2022-10-10")); !got[duban.LevelUrge] || got[duban.LevelNotice] {
		t.Fatalf("ladder on 2022-10-10: got %v, want 催办 only", got)
	}
	if got := levels(at(db, "2022-10-11")); got[duban.LevelNotice] {
		t.Fatalf("ladder on 2022-10-11 (4th working day): got %v, want no 督办单 yet", got)
	}
	if got := levels(at(db, "2022-10-12")); !got[duban.LevelNotice] {
		t.Fatalf("ladder on 2022-10-12 (5th working day): got %v, want the 督办单", got)
	}
	// Assessed at last: 整改后通过 releases the tranche and opens a rectification item.
	m, err := db.AssessMilestone(ctx, w.lead, pa.Milestones[1].ID, 0, duban.Assessment{AssessedOn: duban.MustDate("2022-10-14"), Experts: []string{"王某"},
		TRLReached: 5, Result: duban.ResultConditional, Opinion: "基本达到要求，补充可靠性试验"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != duban.MilestoneConditional || m.FundStatus != duban.FundReleased || m.FollowUpID == nil {
		t.Fatalf("conditional pass: got %+v", m)
	}
	// A's rectification item is filed under A's heading, not under the
	// rectification heading B's failure made first.
	fu := mustAssignment(t, db, *m.FollowUpID)
	ft, err := db.FindTask(ctx, duban.System, fu.TaskID)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := db.FindNode(ctx, duban.System, ft.NodeID)
	if err != nil || fn.ParentID == nil || *fn.ParentID != pa.NodeID {
		t.Fatalf("A's rectification item: under node %+v (%v), want a heading under A's node %d", fn, err, pa.NodeID)
	}
	closeMilestoneItem(t, db, w, aid, "里程碑考核整改后通过")
	as, err := db.ListAssessments(ctx, w.liaA, pa.ID)
	if err != nil || len(as) != 2 || as[1].Result != duban.ResultConditional || len(as[0].Experts) != 3 {
		t.Fatalf("assessments: got %+v, %v", as, err)
	}
	if n, err := db.VerifyAudit(ctx); err != nil || n == 0 {
		t.Fatalf("audit chain: %d events, %v", n, err)
	}
}

// closeMilestoneItem checks that an assessment asked for the closure of a
// milestone's item with the verdict, that the office cannot close it before
// the unit's leader signs off, and then takes it through sign-off and
// verification as any item.
func closeMilestoneItem(t *testing.T, db *store.DB, w *projectWorld, aid int64, verdict string) {
	t.Helper()
	ctx := context.Background()
	a := mustAssignment(t, db, aid)
	if a.Status != duban.StatusClosureRequested || a.SignedOff {
		t.Fatalf("milestone item after a pass: got %s (signed %v), want closure requested awaiting the leader", a.Status, a.SignedOff)
	}
	cs, err := db.ListClosures(ctx, w.lead, aid)
	if err != nil || len(cs) == 0 || !strings.HasPrefix(cs[len(cs)-1].Summary, verdict) || cs[len(cs)-1].Result != "pending" {
		t.Fatalf("closure request: got %+v, %v; want a pending one starting %q", cs, err, verdict)
	}
	inbox, err := db.Inbox(ctx, w.leaderA, false, duban.Page{})
	asked := false
	for _, n := range inbox.Items {
		asked = asked || (n.Kind == "milestone.closure" && n.AssignmentID != nil && *n.AssignmentID == aid)
	}
	if err != nil || !asked {
		t.Fatalf("the unit's leader was not asked to sign off item %d (inbox %+v, %v)", aid, inbox.Items, err)
	}
	_, err = db.Transition(ctx, w.lead, aid, 0, duban.ActionVerify, duban.TransitionInput{})
	wantErr(t, err, duban.Conflict, "the office verifies before the leader signs off")
	if _, err := db.Transition(ctx, w.leaderA, aid, 0, duban.ActionSignOff, duban.TransitionInput{Reason: "同意销号"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Transition(ctx, w.lead, aid, 0, duban.ActionVerify, duban.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	if a := mustAssignment(t, db, aid); a.Status != duban.StatusClosed {
		t.Fatalf("milestone item after sign-off and verification: got %s, want closed", a.Status)
	}
}

func mustAssignment(t *testing.T, db *store.DB, id int64) *duban.Assignment {
	t.Helper()
	a, err := db.FindAssignment(context.Background(), duban.System, id, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
