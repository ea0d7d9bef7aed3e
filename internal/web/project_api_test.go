package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// demoProjects finds the demo's projects by lead unit and its challenges by title.
type demoProjects struct {
	programme              int64
	racer, stopped, energy int64 // 秦川 (running), 关中 (stopped), 西部储能 (failed milestone)
	race, open, draft      int64 // challenges: the 赛马 one, one open for applications, a new draft
	failedMilestone        int64
	pendingMilestone       int64
	openApplication        int64 // an application to a published challenge the expert reviews
	office                 int64 // 省科技厅
}

func mustDemoProjects(t *testing.T, e *env) demoProjects {
	t.Helper()
	ctx := context.Background()
	var d demoProjects
	rows, err := e.db.ProjectLedger(ctx, duban.System, store.ProjectFilter{}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		d.programme = r.ProgrammeID
		switch r.LeadUnit.Name {
		case "秦川精密传动":
			d.racer, d.race = r.ID, *r.ChallengeID
			d.pendingMilestone = r.Milestones[1].ID
		case "关中新材料院":
			d.stopped = r.ID
		case "西部储能":
			d.energy, d.failedMilestone = r.ID, r.Milestones[0].ID
		}
	}
	cs, err := e.db.ListChallenges(ctx, duban.System, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Title == "钛合金增材制造构件" {
			d.open = c.ID
		}
		if c.Title == "氢燃料电池膜电极" {
			apps, err := e.db.ListApplications(ctx, duban.System, c.ID)
			if err != nil || len(apps) == 0 {
				t.Fatalf("applications of %s: %v, %v", c.Title, apps, err)
			}
			d.openApplication = apps[0].ID
		}
	}
	lead, _ := e.db.PrincipalOf(ctx, "kjt-zx")
	draft := &duban.Challenge{ProgrammeID: d.programme, Title: "未发布的榜单", Goal: "目标", Budget: 1, Deadline: duban.DateOf(e.db.Now()).AddDays(60)}
	if err := e.db.CreateChallenge(ctx, lead, draft); err != nil {
		t.Fatal(err)
	}
	d.draft, d.office = draft.ID, lead.UnitID
	if d.racer == 0 || d.stopped == 0 || d.energy == 0 || d.open == 0 {
		t.Fatalf("demo projects not found: %+v", d)
	}
	return d
}

// TestProjectAPIAccess writes down who may read and do what with projects
// and challenges: the programme's office runs them; a unit sees its own
// projects and applications; an expert what they review; the public the
// published challenges only.
func TestProjectAPIAccess(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		d := mustDemoProjects(t, e)
		p := func(f string, args ...any) string { return fmt.Sprintf(f, args...) }
		apply := map[string]any{"proposal": "方案", "team": "团队", "chief": "某某"}
		assess := map[string]any{"assessed_on": "2026年1月5日", "experts": []string{"王某"}, "trl_reached": 5, "result": "pass", "opinion": "整改到位"}
		e.runAll(t, []scenario{
			{name: "lead: counts as the notice states them", user: "kjt-zx", method: "GET", path: "/api/v1/challenges/counts", wantStatus: 200, wantContains: []string{`"published":19`, `"applied":13`, `"selected":5`}},
			{name: "public: published challenges", method: "GET", path: "/api/v1/public/challenges", wantStatus: 200, wantContains: []string{"工业机器人高精度RV减速器"}, wantAbsent: []string{"未发布的榜单"}},
			{name: "public: no projects", method: "GET", path: "/api/v1/projects", wantStatus: 401},
			{name: "public: no challenge detail", method: "GET", path: p("/api/v1/challenges/%d", d.race), wantStatus: 401},
			{name: "liaison: published list without drafts", user: "qcjm", method: "GET", path: "/api/v1/challenges", wantStatus: 200, wantAbsent: []string{"未发布的榜单"}},
			{name: "liaison: a draft is not found", user: "qcjm", method: "GET", path: p("/api/v1/challenges/%d", d.draft), wantStatus: 404},
			{name: "lead: sees the draft", user: "kjt-zx", method: "GET", path: p("/api/v1/challenges/%d", d.draft), wantStatus: 200},
			{name: "liaison: own projects only", user: "qcjm", method: "GET", path: "/api/v1/projects", wantStatus: 200, wantContains: []string{"秦川团队"}, wantAbsent: []string{"关中团队", "西部储能"}},
			{name: "liaison: another unit's project", user: "qcjm", method: "GET", path: p("/api/v1/projects/%d", d.energy), wantStatus: 404},
			{name: "liaison: a project it cooperates in", user: "qcjm", method: "GET", path: "/api/v1/projects", wantStatus: 200, wantContains: []string{"秦创原高端装备共性技术平台"}},
			{name: "liaison: its own applications of the race", user: "qcjm", method: "GET", path: p("/api/v1/challenges/%d/applications", d.race), wantStatus: 200, wantContains: []string{"秦川精密传动"}, wantAbsent: []string{"关中新材料院"}},
			{name: "liaison of another unit: none", user: "kjt", method: "GET", path: p("/api/v1/challenges/%d/applications", d.race), wantStatus: 200, wantAbsent: []string{"秦川精密传动"}},
			{name: "liaison: no review scores", user: "qcjm", method: "GET", path: "/api/v1/applications/1/reviews", wantStatus: 403},
			{name: "liaison: applies to an open challenge", user: "qcjm", method: "POST", path: p("/api/v1/challenges/%d/applications", d.open), body: apply, wantStatus: 201, wantContains: []string{"秦川精密传动"}},
			{name: "liaison: applies twice", user: "qcjm", method: "POST", path: p("/api/v1/challenges/%d/applications", d.open), body: apply, wantStatus: 409},
			{name: "liaison: to a closed challenge", user: "qcjm", method: "POST", path: p("/api/v1/challenges/%d/applications", d.race), body: apply, wantStatus: 409},
			{name: "liaison: cannot publish", user: "qcjm", method: "POST", path: p("/api/v1/challenges/%d/publish", d.draft), body: map[string]any{}, wantStatus: 404},
			{name: "liaison: cannot assess", user: "qcjm", method: "POST", path: p("/api/v1/milestones/%d/assessments", d.pendingMilestone), body: assess, wantStatus: 403},
			{name: "liaison: cannot stop a rival", user: "qcjm", method: "POST", path: p("/api/v1/challenges/%d/race-rounds", d.race), body: map[string]any{"seq": 2, "decision": "continue"}, wantStatus: 403},
			{name: "liaison: exports only its own", user: "qcjm", method: "GET", path: "/api/v1/projects/ledger.xlsx", wantStatus: 200},
			{name: "expert: the race it reviewed", user: "expert", method: "GET", path: "/api/v1/projects", wantStatus: 200, wantContains: []string{"秦川团队", "关中团队"}},
			{name: "expert: every application of its challenge", user: "expert", method: "GET", path: p("/api/v1/challenges/%d/applications", d.race), wantStatus: 200, wantContains: []string{"秦川精密传动", "关中新材料院"}},
			{name: "expert: not the direct project", user: "expert", method: "GET", path: "/api/v1/projects", wantStatus: 200, wantAbsent: []string{"秦创原高端装备共性技术平台"}},
			{name: "expert: no supervision ledger", user: "expert", method: "GET", path: "/api/v1/assignments", wantStatus: 200, wantAbsent: []string{"\"unit\""}},
			{name: "expert: scores outside its challenges", user: "expert", method: "POST", path: "/api/v1/applications/999999/reviews", body: map[string]any{"score": 80, "comment": "好"}, wantStatus: 404},
			{name: "other lead: cannot run the programme", user: "zgb", method: "POST", path: p("/api/v1/challenges/%d/publish", d.draft), body: map[string]any{}, wantStatus: 403},
			{name: "other lead: cannot assess", user: "zgb", method: "POST", path: p("/api/v1/milestones/%d/assessments", d.pendingMilestone), body: assess, wantStatus: 403},
			{name: "inspector: reads every project", user: "xsb", method: "GET", path: "/api/v1/projects", wantStatus: 200, wantContains: []string{"秦川团队", "西部储能"}},
			{name: "inspector: cannot create a challenge", user: "xsb", method: "POST", path: "/api/v1/challenges", body: map[string]any{"programme_id": d.programme, "title": "x", "goal": "y", "budget": 1, "deadline": "2099-01-01"}, wantStatus: 403},
			{name: "lead: the kept race comparison", user: "kjt-zx", method: "GET", path: p("/api/v1/challenges/%d/race-rounds", d.race), wantStatus: 200, wantContains: []string{`"decision":"stop"`, "关中团队"}},
			{name: "lead: publishes the draft", user: "kjt-zx", method: "POST", path: p("/api/v1/challenges/%d/publish", d.draft), body: map[string]any{}, wantStatus: 200, wantContains: []string{`"status":"published"`}},
			{name: "public: now sees it", method: "GET", path: "/api/v1/public/challenges", wantStatus: 200, wantContains: []string{"未发布的榜单"}},
			{name: "lead: a pass below the level is refused", user: "kjt-zx", method: "POST", path: p("/api/v1/milestones/%d/assessments", d.failedMilestone), body: map[string]any{"assessed_on": "2026-01-05", "experts": []string{"王某"}, "trl_reached": 4, "result": "pass", "opinion": "x"}, wantStatus: 422, wantContains: []string{"trl_reached"}},
			{name: "expert: the TRL levels", user: "expert", method: "GET", path: "/api/v1/trl-levels", wantStatus: 200, wantContains: []string{"基本原理"}},
			{name: "liaison: programme figures", user: "qcjm", method: "GET", path: "/api/v1/programmes", wantStatus: 200, wantContains: []string{"两链融合重点专项"}},
			{name: "liaison: cannot set up a programme", user: "qcjm", method: "POST", path: "/api/v1/programmes", body: map[string]any{"title": "x", "office_unit_id": d.office}, wantStatus: 403},
			{name: "other lead: not for another unit", user: "zgb", method: "POST", path: "/api/v1/programmes", body: map[string]any{"title": "x", "office_unit_id": d.office}, wantStatus: 403},
			{name: "liaison: cannot set up a project", user: "qcjm", method: "POST", path: "/api/v1/projects", body: map[string]any{"programme_id": d.programme, "title": "x"}, wantStatus: 403},
			{name: "liaison: its project's assessments", user: "qcjm", method: "GET", path: p("/api/v1/projects/%d/assessments", d.racer), wantStatus: 200, wantContains: []string{"台架寿命"}},
			{name: "liaison: not another's assessments", user: "qcjm", method: "GET", path: p("/api/v1/projects/%d/assessments", d.energy), wantStatus: 404},
			{name: "liaison: cannot name reviewers", user: "qcjm", method: "POST", path: p("/api/v1/projects/%d/reviewers", d.racer), body: map[string]any{"user_id": 1}, wantStatus: 403},
			{name: "lead: a settled challenge is not selected again", user: "kjt-zx", method: "POST", path: p("/api/v1/challenges/%d/selection", d.race), body: map[string]any{"selections": []any{}}, wantStatus: 409},
			{name: "expert: the race side by side", user: "expert", method: "GET", path: p("/api/v1/challenges/%d/race?seq=1", d.race), wantStatus: 200, wantContains: []string{"秦川团队", "关中团队"}},
			{name: "liaison: its unit's applications", user: "qcjm", method: "GET", path: "/api/v1/applications/mine", wantStatus: 200, wantContains: []string{"秦川精密传动"}, wantAbsent: []string{"关中新材料院"}},
			{name: "liaison: cannot score", user: "qcjm", method: "POST", path: p("/api/v1/applications/%d/reviews", d.openApplication), body: map[string]any{"score": 90, "comment": "好"}, wantStatus: 403},
			{name: "expert: scores what it reviews", user: "expert", method: "POST", path: p("/api/v1/applications/%d/reviews", d.openApplication), body: map[string]any{"score": 91, "comment": "方案可行"}, wantStatus: 201, wantContains: []string{`"score":91`}},
			{name: "expert: a score out of range", user: "expert", method: "POST", path: p("/api/v1/applications/%d/reviews", d.openApplication), body: map[string]any{"score": 120, "comment": "x"}, wantStatus: 422},
			{name: "lead: reads the scores", user: "kjt-zx", method: "GET", path: p("/api/v1/applications/%d/reviews", d.openApplication), wantStatus: 200, wantContains: []string{`"score":91`}},
			{name: "lead: reassesses the failed milestone", user: "kjt-zx", method: "POST", path: p("/api/v1/milestones/%d/assessments", d.failedMilestone), body: assess, wantStatus: 201, wantContains: []string{`"fund_status":"released"`}},
			{name: "lead: a stopped team's milestone", user: "kjt-zx", method: "GET", path: p("/api/v1/projects/%d", d.stopped), wantStatus: 200, wantContains: []string{`"status":"stopped"`, `"fund_status":"cancelled"`}},
		})
		r := e.mustDo(t, "kjt-zx", http.MethodGet, p("/api/v1/projects/%d", d.energy), nil, nil, 200)
		var row duban.ProjectRow
		r.decode(t, &row)
		if row.Light.Held != 0 || row.Milestones[1].FundStatus != duban.FundPlanned {
			t.Errorf("after the failed milestone passed: got %d held, milestone 2 %s; want the holds lifted", row.Light.Held, row.Milestones[1].FundStatus)
		}

		// The plan of the racing team changes through the API: its pending
		// second milestone is renamed, its assessed first stays.
		r = e.mustDo(t, "kjt-zx", http.MethodGet, p("/api/v1/projects/%d", d.racer), nil, nil, 200)
		var racer duban.ProjectRow
		r.decode(t, &racer)
		plan := map[string]any{"title": racer.Title, "team": racer.Team, "lead_unit_id": racer.LeadUnit.ID, "chief": racer.Chief, "chief_role": racer.ChiefRole,
			"start_date": racer.StartDate, "end_date": racer.EndDate, "budget": racer.Budget, "trl_start": racer.TRLStart, "trl_target": racer.TRLTarget}
		var ms []map[string]any
		for _, m := range racer.Milestones {
			ms = append(ms, map[string]any{"id": m.ID, "title": m.Title, "due": m.Due, "trl_required": m.TRLRequired, "deliverables": m.Deliverables, "tranche": m.Tranche})
		}
		ms[1]["title"] = "整机模拟工况与可靠性验证"
		plan["milestones"] = ms
		version := map[string]string{"If-Match": fmt.Sprintf(`"%d"`, racer.Version)}
		e.mustDo(t, "qcjm", http.MethodPut, p("/api/v1/projects/%d", d.racer), plan, version, 403)
		changed := ms[0]["title"]
		ms[0]["title"] = "改名"
		e.mustDo(t, "kjt-zx", http.MethodPut, p("/api/v1/projects/%d", d.racer), plan, version, 409)
		ms[0]["title"] = changed
		r = e.mustDo(t, "kjt-zx", http.MethodPut, p("/api/v1/projects/%d", d.racer), plan, version, 200)
		var got duban.Project
		r.decode(t, &got)
		if got.Milestones[1].Title != "整机模拟工况与可靠性验证" || got.Version != racer.Version+1 {
			t.Errorf("the changed plan: got %q, version %d", got.Milestones[1].Title, got.Version)
		}
		e.mustDo(t, "kjt-zx", http.MethodPut, p("/api/v1/projects/%d", d.racer), plan, version, 412)
		e.mustDo(t, "kjt-zx", http.MethodPatch, p("/api/v1/programmes/%d", d.programme), map[string]any{"title": "两链融合科技专项", "description": "改"}, nil, 200)
		e.mustDo(t, "qcjm", http.MethodPatch, p("/api/v1/programmes/%d", d.programme), map[string]any{"title": "x"}, nil, 403)
	})
}
