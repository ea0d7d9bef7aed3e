package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
	"duban/internal/store"
)

// projectKey finds the project pages' message keys shown untranslated.
var projectKey = regexp.MustCompile(`\b(?:prj|ch|ms|fund|ps|cs|as|res|chief|race)\.[a-z][a-z0-9_.-]*[a-z]\b`)

// projectIDs finds the demo's projects by lead unit and the 赛马 challenge.
func (s *site) projectIDs() (map[string]int64, int64) {
	s.t.Helper()
	rows, err := s.db.ProjectLedger(context.Background(), duban.System, store.ProjectFilter{}, duban.Date{})
	if err != nil || len(rows) != 7 {
		s.t.Fatalf("demo projects: got %d, %v", len(rows), err)
	}
	ids, race := map[string]int64{}, int64(0)
	for _, r := range rows {
		ids[r.LeadUnit.Name] = r.ID
		if r.Team != "" {
			race = *r.ChallengeID
		}
	}
	return ids, race
}

// ganttBars reports how many bars the milestone timeline drew, once ECharts has it.
func (s *site) ganttBars() int {
	s.t.Helper()
	return eval[int](s, `(function () {
		var c = window.echarts && echarts.getInstanceByDom(document.getElementById("gantt"));
		if (!c) { return -1; }
		var o = c.getOption();
		return o.series[1].data.length;
	})()`)
}

func TestProjectPages(t *testing.T) {
	s := newSite(t)
	ids, race := s.projectIDs()
	s.login("kjt-zx", "duban-demo")

	s.open("/projects")
	if got := s.count("#projects tbody tr"); got != 7 {
		t.Errorf("project list: %d rows, want 7", got)
	}
	if got := s.text(".prj-counts"); !strings.Contains(got, "发布 19 个榜单，13 个已有单位揭榜") || !strings.Contains(got, "5 个已定榜") {
		t.Errorf("programme counts: got %q", got)
	}
	warn := strings.Join(s.texts(".prj-warn"), " | ")
	for _, want := range []string{"逾期", "暂缓拨付", "前松后紧", "进度滞后", "临近"} {
		if !strings.Contains(warn, want) {
			t.Errorf("project warnings lack %q: %s", want, warn)
		}
	}
	s.checkNoOverflow()
	s.screenshot("projects")

	// The chip project: one passed, one passed after rectification, one overdue.
	s.open(fmt.Sprintf("/projects/%d", ids["先进光子院"]))
	s.checkCharts("funds-chart")
	if got := s.ganttBars(); got != 4 {
		t.Errorf("timeline: %d bars, want the 4 milestones", got)
	}
	states := s.texts("#milestone-table .prj-result")
	if !slices.Equal(states, []string{"通过", "整改后通过", "待考核", "待考核"}) || s.count(".prj-ms-overdue") != 1 {
		t.Errorf("chip milestones: got %v with %d overdue, want passed, conditional, one overdue", states, s.count(".prj-ms-overdue"))
	}
	s.screenshot("project")

	// The energy project failed its first milestone: every tranche held.
	// A pass recorded through the form releases it and lifts the holds.
	s.open(fmt.Sprintf("/projects/%d", ids["西部储能"]))
	if got := s.texts("#milestone-table .prj-fund"); !slices.Equal(got, []string{"暂缓拨付", "暂缓拨付", "暂缓拨付"}) {
		t.Errorf("energy funds before: got %v, want all held", got)
	}
	s.do(chromedp.SetValue(chromedp.CSS(`select[name="trl_reached"]`), "5"),
		chromedp.SendKeys(chromedp.CSS(`input[name="experts"]`), "马某、何某"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="opinion"]`), "密封方案改进后能量效率达到81%，同意通过。"))
	s.follow(chromedp.Submit(chromedp.CSS(`form.prj-form`)))
	if got := s.texts("#milestone-table .prj-fund"); len(got) != 3 || !strings.HasPrefix(got[0], "已拨付") || got[1] != "待拨付" {
		t.Errorf("energy funds after the pass: got %v, want released, then planned", got)
	}
	if got := s.text(".flash"); !strings.Contains(got, "千瓦级电堆验证") {
		t.Errorf("flash after the assessment: got %q", got)
	}

	s.open("/challenges")
	if got := s.texts("#challenge-counts b"); !slices.Equal(got, []string{"19", "13", "10", "15", "5"}) {
		t.Errorf("challenge counts: got %v", got)
	}
	s.screenshot("challenges")
	s.open(fmt.Sprintf("/challenges/%d", race))
	if got := s.count(".prj-race tbody tr"); got < 4 { // the live comparison and the kept round, two teams each
		t.Errorf("race comparison: %d team rows, want two live and two kept", got)
	}
	s.screenshot("challenge-race")

	s.open("/plans")
	if got := s.text("#projects-panel"); !strings.Contains(got, "两链融合重点专项") {
		t.Errorf("battle map's projects panel: got %q", got)
	}
	s.open("/lang?to=en&next=/projects/" + fmt.Sprint(ids["先进光子院"]))
	s.checkTranslated()
	if keys := projectKey.FindAllString(eval[string](s, `document.body.innerText`), 5); len(keys) > 0 {
		t.Errorf("the English project page shows message keys: %v", keys)
	}
	if got := s.text("#h-ms"); got != "Milestones" {
		t.Errorf("English milestone heading: got %q", got)
	}
	s.screenshot("project-en")
}

func TestProjectPagesByRole(t *testing.T) {
	s := newSite(t)
	ids, race := s.projectIDs()
	// A unit sees its own projects: the race team it leads and the platform it cooperates in.
	s.login("qcjm", "duban-demo")
	s.open("/projects")
	if got := s.count("#projects tbody tr"); got != 2 {
		t.Errorf("liaison's projects: %d rows, want its 2", got)
	}
	s.open(fmt.Sprintf("/projects/%d", ids["西部储能"]))
	if got := s.text("main h1"); !strings.Contains(got, "页面不存在") && !strings.Contains(got, "出错") {
		t.Errorf("liaison opening another unit's project: got %q", got)
	}
	s.open(fmt.Sprintf("/challenges/%d", race))
	if got := s.texts("#applications tbody th"); !slices.Equal(got, []string{"秦川精密传动"}) {
		t.Errorf("liaison's view of the race applications: got %v, want its own", got)
	}

	// The expert sees every application of the challenges given to it.
	s.login("expert", "duban-demo")
	s.open(fmt.Sprintf("/challenges/%d", race))
	if got := s.count("#applications tbody tr"); got != 2 {
		t.Errorf("expert's view of the race applications: %d, want 2", got)
	}

	// The public sees the published challenges only, without signing in.
	v := s.visitor()
	v.open("/public/challenges")
	if got := v.count("#public-challenges > li"); got != 19 {
		t.Errorf("public challenges: %d, want 19", got)
	}
	v.screenshot("public-challenges")
	v.open("/projects")
	if got := v.path(); !strings.HasPrefix(got, "/login") {
		t.Errorf("the public opening /projects: at %s, want the login page", got)
	}
}

// TestChallengeLifeInBrowser drafts, publishes, applies to, scores and
// selects a challenge through the pages, two teams making a 赛马.
func TestChallengeLifeInBrowser(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.login("kjt-zx", "duban-demo")
	s.open("/challenges")
	s.do(chromedp.SendKeys(chromedp.CSS(`#challenge-form input[name="title"]`), "高端轴承长寿命攻关"),
		chromedp.SendKeys(chromedp.CSS(`#challenge-form textarea[name="goal"]`), "寿命提高一倍"),
		chromedp.SendKeys(chromedp.CSS(`#challenge-form input[name="budget"]`), "800"),
		chromedp.SetValue(chromedp.CSS(`#challenge-form input[name="deadline"]`), today().AddDays(30).String()))
	s.follow(chromedp.Submit(chromedp.CSS(`#challenge-form`)))
	if got := s.text("main h1"); !strings.Contains(got, "高端轴承长寿命攻关") || !strings.Contains(got, "拟发布") {
		t.Fatalf("after drafting: got %q", got)
	}
	path := s.path()
	s.follow(chromedp.Submit(chromedp.CSS(`form[action$="/publish"]`)))
	if got := s.text("main h1"); !strings.Contains(got, "揭榜中") {
		t.Fatalf("after publishing: got %q", got)
	}
	var id int64
	fmt.Sscanf(path, "/challenges/%d", &id)

	// Two units apply: 秦川 through the page, 西部储能 registered by the office.
	s.login("qcjm", "duban-demo")
	s.open(path)
	s.do(chromedp.SendKeys(chromedp.CSS(`#apply-form textarea[name="proposal"]`), "新型热处理与表面强化"),
		chromedp.SendKeys(chromedp.CSS(`#apply-form input[name="team"]`), "轴承团队8人"),
		chromedp.SendKeys(chromedp.CSS(`#apply-form input[name="chief"]`), "郭某"))
	s.follow(chromedp.Submit(chromedp.CSS(`#apply-form`)))
	if got := s.texts("#applications tbody th"); !slices.Equal(got, []string{"秦川精密传动"}) {
		t.Fatalf("after applying: got %v", got)
	}
	lead, _ := s.db.PrincipalOf(ctx, "kjt-zx")
	expert, _ := s.db.PrincipalOf(ctx, "expert")
	energy := &duban.Application{ChallengeID: id, Proposal: "材料与工艺联合攻关", Team: "储能团队6人", Chief: "田某"}
	units, _ := s.db.ListUnits(ctx, duban.UnitFilter{Text: "西部储能"})
	energy.Unit.ID = units.Items[0].ID
	if err := s.db.Apply(ctx, lead, energy); err != nil {
		t.Fatal(err)
	}
	s.login("kjt-zx", "duban-demo")
	s.open(path)
	s.do(chromedp.SetValue(chromedp.CSS(`#reviewer-form select`), fmt.Sprint(expert.UserID)))
	s.follow(chromedp.Submit(chromedp.CSS(`#reviewer-form`)))
	if got := s.text(".flash"); !strings.Contains(got, "已指定评审专家") {
		t.Fatalf("naming the reviewer: got %q", got)
	}

	s.login("expert", "duban-demo")
	s.open(path)
	for i := 0; i < 2; i++ {
		row := fmt.Sprintf(`#applications tbody tr:nth-child(%d) `, i+1)
		s.do(chromedp.SendKeys(chromedp.CSS(row+`input[name="score"]`), fmt.Sprint(90-5*i)),
			chromedp.SendKeys(chromedp.CSS(row+`input[name="comment"]`), "基础扎实"))
		s.follow(chromedp.Submit(chromedp.CSS(row + `form`)))
	}
	if got := s.count(`#applications tbody td.num .muted`); got != 2 {
		t.Fatalf("after scoring: %d scored applications, want 2", got)
	}

	s.login("kjt-zx", "duban-demo")
	s.open(path)
	// Both teams chosen; the first team's plan is typed, copied to the
	// second, and the second's changed: a larger budget and a third milestone.
	start := today().AddDays(40)
	first := `#select-form fieldset[data-plan]:nth-of-type(1) `
	second := `#select-form fieldset[data-plan]:nth-of-type(2) `
	s.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#select-form legend input[type="checkbox"]').forEach(c => c.checked = true)`),
		chromedp.SendKeys(chromedp.CSS(first+`input[name$="start_date"]`), start.String()),
		chromedp.SendKeys(chromedp.CSS(first+`input[name$="end_date"]`), start.AddDays(729).String()),
		chromedp.SendKeys(chromedp.CSS(first+`input[name$="budget"]`), "400"),
		chromedp.SetValue(chromedp.CSS(first+`select[name$="trl_start"]`), "3"),
		chromedp.SetValue(chromedp.CSS(first+`select[name$="trl_target"]`), "6"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(1) input[name$="ms_title"]`), "台架验证"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(1) input[name$="ms_due"]`), start.AddDays(200).String()),
		chromedp.SetValue(chromedp.CSS(first+`.prj-ms-row:nth-child(1) select[name$="ms_trl"]`), "4"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(1) input[name$="ms_tranche"]`), "150"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(1) input[name$="ms_deliverables"]`), "台架报告"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(2) input[name$="ms_title"]`), "装机验证"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(2) input[name$="ms_due"]`), start.AddDays(700).String()),
		chromedp.SetValue(chromedp.CSS(first+`.prj-ms-row:nth-child(2) select[name$="ms_trl"]`), "6"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(2) input[name$="ms_tranche"]`), "250"),
		chromedp.SendKeys(chromedp.CSS(first+`.prj-ms-row:nth-child(2) input[name$="ms_deliverables"]`), "装机报告"),
		chromedp.Click(chromedp.CSS(`button[data-copy-plan]`)))
	if got := eval[string](s, `document.querySelector(`+jsString(second+`.prj-ms-row:nth-child(2) input[name$="ms_title"]`)+`).value`); got != "装机验证" {
		t.Fatalf("the copied plan: the second team's milestone 2 is %q", got)
	}
	s.do(chromedp.SetValue(chromedp.CSS(second+`input[name$="budget"]`), "600"),
		chromedp.SetValue(chromedp.CSS(second+`.prj-ms-row:nth-child(2) select[name$="ms_trl"]`), "5"),
		chromedp.SendKeys(chromedp.CSS(second+`.prj-ms-row:nth-child(3) input[name$="ms_title"]`), "小批量验证"),
		chromedp.SendKeys(chromedp.CSS(second+`.prj-ms-row:nth-child(3) input[name$="ms_due"]`), start.AddDays(729).String()),
		chromedp.SetValue(chromedp.CSS(second+`.prj-ms-row:nth-child(3) select[name$="ms_trl"]`), "6"),
		chromedp.SendKeys(chromedp.CSS(second+`.prj-ms-row:nth-child(3) input[name$="ms_tranche"]`), "200"))
	s.screenshot("challenge-select")
	s.follow(chromedp.Submit(chromedp.CSS(`#select-form`)))
	if got := s.text("main h1"); !strings.Contains(got, "已定榜") {
		t.Fatalf("after selecting: got %q (%s)", got, strings.Join(s.texts(".error"), " "))
	}
	if got := s.count(".prj-race tbody tr"); got != 2 {
		t.Errorf("the new race: %d teams compared, want 2", got)
	}
	xs, err := s.db.ListProjects(ctx, duban.System, store.ProjectFilter{ChallengeID: id})
	if err != nil || len(xs) != 2 || len(xs[0].Milestones) != 2 || xs[0].Milestones[1].Tranche != 2_500_000 {
		t.Fatalf("projects set up: got %d, %v", len(xs), err)
	}
	if b := xs[1]; b.Budget != 6_000_000 || len(b.Milestones) != 3 || b.Milestones[1].TRLRequired != 5 {
		t.Fatalf("the second team's own plan: got budget %d, %d milestones", b.Budget, len(b.Milestones))
	}
	s.screenshot("challenge-selected")
}
