package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestProjectForms sets up a programme and a project from the browser
// forms, edits the plan, gets a refused form back with what was typed and
// nothing written, and checks the assessment's TRL picker.
func TestProjectForms(t *testing.T) {
	e := newAdmEnv(t)
	ctx := context.Background()
	lead, liaison := e.as(t, "kjt-zx"), e.as(t, "qcjm")
	st, body := lead.get("/projects")
	admWant(t, body, `href="/projects/new"`, `href="/programmes/new"`, "新建重点项目")
	st, _ = liaison.get("/projects/new")
	liaison.must("a liaison opens the project form", st, http.StatusForbidden, "")

	// A programme, then a duplicate title refused on the form.
	st, _, loc := lead.post("/programmes/new", url.Values{"title": {"秦创原科技专项"}, "office_unit_id": {fmt.Sprint(e.unitID(t, "省科技厅"))}, "description": {"技术总师负责制"}})
	lead.must("set up a programme", st, http.StatusSeeOther, loc)
	st, body, _ = lead.post("/programmes/new", url.Values{"title": {"秦创原科技专项"}, "office_unit_id": {fmt.Sprint(e.unitID(t, "省科技厅"))}})
	if st == http.StatusSeeOther || !strings.Contains(body, `value="秦创原科技专项"`) {
		t.Fatalf("a duplicate programme: got %d, want the form back with the title", st)
	}
	var programme int64
	gs, _ := e.db.ListProgrammes(ctx)
	for _, g := range gs {
		if g.Title == "秦创原科技专项" {
			programme = g.ID
		}
	}
	form := url.Values{"programme_id": {fmt.Sprint(programme)}, "title": {"硅基氮化镓功率器件"}, "lead_unit_id": {fmt.Sprint(e.unitID(t, "秦川精密传动"))},
		"coop_unit_ids": {fmt.Sprint(e.unitID(t, "省财政厅"))}, "chief": {"李总师"}, "chief_role": {"chief_engineer"},
		"start_date": {"2026年1月1日"}, "end_date": {"2027-12-31"}, "budget": {"1,200"}, "trl_start": {"3"}, "trl_target": {"6"},
		"ms_id": {"", "", ""}, "ms_title": {"外延验证", "器件流片", ""}, "ms_due": {"2026-06-30", "2028-06-30", ""}, "ms_trl": {"4", "6", "6"},
		"ms_tranche": {"300", "500.5", ""}, "ms_deliverables": {"外延片", "样品", ""}}
	before := projectCount(t, e)
	st, body, _ = lead.post("/projects/new", form)
	lead.must("a milestone after the end", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "里程碑的考核日期应在项目起止日期之内", `value="硅基氮化镓功率器件"`, `value="500.5"`, `value="2028-06-30"`)
	if projectCount(t, e) != before {
		t.Fatal("a refused project form wrote a project")
	}
	form.Set("budget", "12 万")
	st, body, _ = lead.post("/projects/new", form)
	lead.must("a budget that is not an amount", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写金额（万元）")
	form.Set("budget", "1,200")
	form["ms_due"] = []string{"2026-06-30", "2027-06-30", ""}
	st, _, loc = lead.post("/projects/new", form)
	lead.must("set up the project", st, http.StatusSeeOther, loc)
	id := admID(t, loc, `/projects/(\d+)$`)
	x, err := e.db.FindProject(ctx, duban.System, id)
	if err != nil || len(x.Milestones) != 2 || x.Budget != 12_000_000 || x.Milestones[1].Tranche != 5_005_000 || len(x.CoopUnits) != 1 || x.Chief != "李总师" {
		t.Fatalf("project from the form: got %+v, %v", x, err)
	}

	// The edit form: milestone 1 assessed is locked; 2 moves; a third is added.
	if _, err := e.db.AssessMilestone(ctx, mustPrincipal(t, e.db, "kjt-zx"), x.Milestones[0].ID, 0, duban.Assessment{AssessedOn: duban.MustDate("2026-06-30"),
		Experts: []string{"王某"}, TRLReached: 5, Result: duban.ResultPass, Opinion: "通过"}); err != nil {
		t.Fatal(err)
	}
	st, body = lead.get(fmt.Sprintf("/projects/%d/edit", id))
	lead.must("open the edit form", st, http.StatusOK, body)
	admWant(t, body, "已考核，不能修改", `value="器件流片"`, "牵头单位（立项后不能更改）")
	x, _ = e.db.FindProject(ctx, duban.System, id)
	edit := url.Values{"version": {fmt.Sprint(x.Version)}, "programme_id": {fmt.Sprint(programme)}, "title": {"硅基氮化镓功率器件"}, "lead_unit_id": {fmt.Sprint(x.LeadUnit.ID)},
		"chief": {"李总师"}, "chief_role": {"lead_expert"}, "start_date": {"2026-01-01"}, "end_date": {"2027-12-31"}, "budget": {"1200"}, "trl_start": {"3"}, "trl_target": {"6"},
		"ms_id": {fmt.Sprint(x.Milestones[0].ID), fmt.Sprint(x.Milestones[1].ID), ""}, "ms_title": {"外延验证", "器件流片与封装", "小批量试产"},
		"ms_due": {"2026-06-30", "2027-03-31", "2027-12-31"}, "ms_trl": {"4", "5", "6"}, "ms_tranche": {"300", "500.5", "200"}, "ms_deliverables": {"外延片", "样品", "试产报告"}}
	st, _, loc = lead.post(fmt.Sprintf("/projects/%d/edit", id), edit)
	lead.must("save the edit", st, http.StatusSeeOther, loc)
	x, _ = e.db.FindProject(ctx, duban.System, id)
	if len(x.Milestones) != 3 || x.Milestones[1].Due != duban.MustDate("2027-03-31") || x.ChiefRole != duban.ChiefLeadExpert || x.Milestones[2].AssignmentID == 0 {
		t.Fatalf("project after the edit: got %+v", x)
	}

	// The assessment's TRL picker starts at the level reached (5), with
	// milestone 2's required level chosen and the levels described.
	st, body = lead.get(fmt.Sprintf("/projects/%d", id))
	lead.must("the project page", st, http.StatusOK, body)
	picker := body[strings.Index(body, `name="trl_reached"`):]
	picker = picker[:strings.Index(picker, "</select>")]
	admWant(t, picker, `<option value="5" selected>TRL5 部件或模块在相关（模拟使用）环境中通过验证`, `value="9"`)
	admLacks(t, picker, `value="4"`, `value="1"`)
}

func projectCount(t *testing.T, e *admEnv) int {
	t.Helper()
	xs, err := e.db.ListProjects(context.Background(), duban.System, store.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(xs)
}

func mustPrincipal(t *testing.T, db *store.DB, user string) *duban.Principal {
	t.Helper()
	p, err := db.PrincipalOf(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSelectionPlansPerTeam selects two teams of a 榜单 in the 定榜 form,
// each with its own plan; a plan with a problem brings the form back with
// the problem in that team's plan and nothing written.
func TestSelectionPlansPerTeam(t *testing.T) {
	e := newAdmEnv(t)
	ctx := context.Background()
	lead := mustPrincipal(t, e.db, "kjt-zx")
	gs, _ := e.db.ListProgrammes(ctx)
	c := &duban.Challenge{ProgrammeID: gs[0].ID, Title: "高压储氢瓶", Goal: "70MPa", Budget: 10_000_000, Deadline: duban.DateOf(e.db.Now()).AddDays(30)}
	if err := e.db.CreateChallenge(ctx, lead, c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishChallenge(ctx, lead, c.ID, duban.Date{}); err != nil {
		t.Fatal(err)
	}
	expert := mustPrincipal(t, e.db, "expert")
	if err := e.db.AssignReviewer(ctx, lead, expert.UserID, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	var apps []int64
	for _, u := range []string{"qcjm", "kjt"} {
		a := &duban.Application{ChallengeID: c.ID, Proposal: "方案", Team: u + "团队", Chief: u + "总师"}
		if err := e.db.Apply(ctx, mustPrincipal(t, e.db, u), a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.ScoreApplication(ctx, expert, a.ID, duban.Review{Score: 85, Comment: "可行"}); err != nil {
			t.Fatal(err)
		}
		apps = append(apps, a.ID)
	}
	b := e.as(t, "kjt-zx")
	st, body := b.get(fmt.Sprintf("/challenges/%d", c.ID))
	b.must("the challenge page", st, http.StatusOK, body)
	admWant(t, body, fmt.Sprintf(`name="a%d.ms_title"`, apps[0]), fmt.Sprintf(`name="a%d.ms_title"`, apps[1]), "把第一个团队的计划复制给其他团队")
	plan := func(f url.Values, id int64, budget string, ms ...[4]string) {
		p := fmt.Sprintf("a%d.", id)
		f.Add("application_id", fmt.Sprint(id))
		f.Set(p+"start_date", "2026-01-01")
		f.Set(p+"end_date", "2027-12-31")
		f.Set(p+"budget", budget)
		f.Set(p+"trl_start", "3")
		f.Set(p+"trl_target", "6")
		for _, m := range ms {
			f.Add(p+"ms_id", "")
			f.Add(p+"ms_title", m[0])
			f.Add(p+"ms_due", m[1])
			f.Add(p+"ms_trl", m[2])
			f.Add(p+"ms_tranche", m[3])
			f.Add(p+"ms_deliverables", "成果")
		}
	}
	bad := url.Values{}
	plan(bad, apps[0], "500", [4]string{"样瓶试制", "2026-06-30", "4", "200"}, [4]string{"型式试验", "2027-06-30", "6", "300"})
	plan(bad, apps[1], "400", [4]string{"材料验证", "2026-09-30", "5", "500"})
	st, body, _ = b.post(fmt.Sprintf("/challenges/%d/select", c.ID), bad)
	b.must("tranches over the second team's budget", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "各里程碑拨付经费之和超过项目总经费", `value="材料验证"`, `value="型式试验"`)
	if n := projectCount(t, e); n != projectCountBefore(t, e, c.ID) {
		t.Fatalf("a refused selection wrote projects")
	}
	good := url.Values{"title": {"70MPa车载储氢瓶"}}
	plan(good, apps[0], "500", [4]string{"样瓶试制", "2026-06-30", "4", "200"}, [4]string{"型式试验", "2027-06-30", "6", "300"})
	plan(good, apps[1], "600", [4]string{"材料验证", "2026-09-30", "5", "500"})
	st, _, loc := b.post(fmt.Sprintf("/challenges/%d/select", c.ID), good)
	b.must("select both teams", st, http.StatusSeeOther, loc)
	xs, err := e.db.ListProjects(ctx, duban.System, store.ProjectFilter{ChallengeID: c.ID})
	if err != nil || len(xs) != 2 {
		t.Fatalf("projects of the race: got %d, %v", len(xs), err)
	}
	if len(xs[0].Milestones) != 2 || xs[0].Budget != 5_000_000 || len(xs[1].Milestones) != 1 || xs[1].Budget != 6_000_000 || xs[1].Milestones[0].TRLRequired != 5 {
		t.Fatalf("each team's plan: got %d milestones/%d and %d milestones/%d", len(xs[0].Milestones), xs[0].Budget, len(xs[1].Milestones), xs[1].Budget)
	}
}

// projectCountBefore is the number of projects with none of the challenge's.
func projectCountBefore(t *testing.T, e *admEnv, challenge int64) int {
	t.Helper()
	xs, err := e.db.ListProjects(context.Background(), duban.System, store.ProjectFilter{ChallengeID: challenge})
	if err != nil {
		t.Fatal(err)
	}
	return projectCount(t, e) - len(xs)
}
