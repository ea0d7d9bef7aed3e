package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// TestProjectFormsInBrowser sets up a project through its form as the
// programme's office would: a refused form first (its problem shown, what
// was typed kept), then the project with a milestone row added by the
// button; then the edit form, on a desktop and a phone.
func TestProjectFormsInBrowser(t *testing.T) {
	s := newSite(t)
	s.login("kjt-zx", "duban-demo")
	s.open("/projects")
	s.follow(chromedp.Click(chromedp.ID("new-project")))
	if got := s.text("main h1"); got != "新建重点项目" {
		t.Fatalf("the new-project page: got %q", got)
	}
	if got := s.texts(`select[name="trl_start"] option[value="4"]`); len(got) != 1 || got[0] != "TRL4 关键部件或功能模块在实验室环境中通过验证" {
		t.Errorf("a TRL choice reads %q, want the level with its Chinese description", got)
	}
	start := today().AddDays(10)
	row := func(n int) string { return fmt.Sprintf(`#project-form .prj-ms-row:nth-child(%d) `, n) }
	s.do(chromedp.SendKeys(chromedp.CSS(`#project-form input[name="title"]`), "秦岭生态监测卫星载荷"),
		chromedp.SetValue(chromedp.CSS(`#project-form select[name="lead_unit_id"]`), fmt.Sprint(s.unitID("秦川精密传动"))),
		chromedp.SendKeys(chromedp.CSS(`#project-form input[name="chief"]`), "韩总师"),
		chromedp.SendKeys(chromedp.CSS(`#project-form input[name="start_date"]`), start.Chinese()),
		chromedp.SendKeys(chromedp.CSS(`#project-form input[name="end_date"]`), start.AddDays(1000).String()),
		chromedp.SendKeys(chromedp.CSS(`#project-form input[name="budget"]`), "900"),
		chromedp.SetValue(chromedp.CSS(`#project-form select[name="trl_start"]`), "4"),
		chromedp.SetValue(chromedp.CSS(`#project-form select[name="trl_target"]`), "7"))
	for i, m := range []struct{ title, trl, tranche string }{{"载荷原理样机", "5", "200"}, {"环境试验", "6", "300"}, {"在轨验证", "7", "300"}, {"业务化运行", "7", "200"}} {
		if i == 3 { // three empty rows are offered; the fourth comes from the button
			s.do(chromedp.Click(chromedp.CSS(`button[data-add-row]`)))
		}
		s.do(chromedp.SendKeys(chromedp.CSS(row(i+1)+`input[name="ms_title"]`), m.title),
			chromedp.SendKeys(chromedp.CSS(row(i+1)+`input[name="ms_due"]`), start.AddDays(200*(i+1)).String()),
			chromedp.SetValue(chromedp.CSS(row(i+1)+`select[name="ms_trl"]`), m.trl),
			chromedp.SendKeys(chromedp.CSS(row(i+1)+`input[name="ms_tranche"]`), m.tranche),
			chromedp.SendKeys(chromedp.CSS(row(i+1)+`input[name="ms_deliverables"]`), m.title+"报告"))
	}
	s.screenshot("project-new")
	s.follow(chromedp.Submit(chromedp.CSS(`#project-form`)))
	if got := strings.Join(s.texts(".field-error"), " "); !strings.Contains(got, "拨付经费之和超过项目总经费") {
		t.Fatalf("tranches of 1000 over a budget of 900: got %q", got)
	}
	if got := eval[string](s, `document.querySelector('#project-form input[name="title"]').value`); got != "秦岭生态监测卫星载荷" {
		t.Errorf("the refused form lost the title: %q", got)
	}
	if got := s.count(`#project-form input[name="ms_title"][value="业务化运行"]`); got != 1 {
		t.Errorf("the refused form lost the added milestone")
	}
	s.do(chromedp.SetValue(chromedp.CSS(`#project-form input[name="budget"]`), "1000"))
	s.follow(chromedp.Submit(chromedp.CSS(`#project-form`)))
	if got := s.text(".flash"); !strings.Contains(got, "已立项：秦岭生态监测卫星载荷") {
		t.Fatalf("after setting up: got %q (%s)", got, strings.Join(s.texts(".error"), " "))
	}
	if got := s.count("#milestone-table tbody tr"); got != 4 {
		t.Errorf("the new project shows %d milestones, want 4", got)
	}
	// The assessment form offers TRL4 (the level at start) to 9, the first
	// milestone's TRL5 chosen.
	levels := s.texts(`select[name="trl_reached"] option`)
	if len(levels) != 6 || !strings.HasPrefix(levels[0], "TRL4") || eval[string](s, `document.querySelector('select[name="trl_reached"]').value`) != "5" {
		t.Errorf("the assessment's TRL picker: got %v", levels)
	}
	var id int64
	fmt.Sscanf(s.path(), "/projects/%d", &id)
	x, err := s.db.FindProject(context.Background(), duban.System, id)
	if err != nil || len(x.Milestones) != 4 || x.Budget != 10_000_000 || x.Milestones[3].AssignmentID == 0 {
		t.Fatalf("the project written: %+v, %v", x, err)
	}
	s.screenshot("project-created")

	s.follow(chromedp.Click(chromedp.ID("edit-project")))
	if got := s.flash(); got != "" {
		t.Errorf("the edit page shows the project page's flash again: %q", got)
	}
	s.checkNoOverflow()
	s.screenshot("project-edit")
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait), chromedp.Reload())
	s.checkNoOverflow()
	s.screenshot("project-edit-phone")
	s.do(chromedp.SetValue(chromedp.CSS(row(2)+`input[name="ms_title"]`), "热真空与力学环境试验"))
	s.follow(chromedp.Submit(chromedp.CSS(`#project-form`)))
	if got := s.text(".flash"); !strings.Contains(got, "已保存项目") {
		t.Fatalf("after editing: got %q (%s)", got, strings.Join(s.texts(".error"), " "))
	}
	if got := s.text("#milestone-table tbody tr:nth-child(2) .title-cell"); !strings.Contains(got, "热真空与力学环境试验") {
		t.Errorf("milestone 2 after the edit: got %q", got)
	}
	s.checkNoOverflow()
	s.screenshot("project-phone")
}

// unitID is the id of a unit by its short name.
func (s *site) unitID(short string) int64 {
	s.t.Helper()
	us, err := s.db.ListUnits(context.Background(), duban.UnitFilter{Text: short})
	if err != nil || len(us.Items) == 0 {
		s.t.Fatalf("unit %s: %v", short, err)
	}
	return us.Items[0].ID
}

// TestProjectPagesOnPhone opens the project pages on a 390×844 phone: none
// is wider than the screen.
func TestProjectPagesOnPhone(t *testing.T) {
	s := newSite(t)
	ids, race := s.projectIDs()
	s.login("kjt-zx", "duban-demo")
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, p := range []struct{ path, shot string }{
		{"/projects", "projects-phone"},
		{fmt.Sprintf("/projects/%d", ids["先进光子院"]), "project-page-phone"},
		{"/challenges", "challenges-phone"},
		{fmt.Sprintf("/challenges/%d", race), "challenge-race-phone"},
		{"/programmes/new", ""},
	} {
		s.open(p.path)
		s.checkNoOverflow()
		if p.shot != "" {
			s.screenshot(p.shot)
		}
	}
	v := s.visitor()
	v.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	v.open("/public/challenges")
	v.checkNoOverflow()
	v.screenshot("public-challenges-phone")
}

// TestMilestoneClosureInBrowser takes a passed milestone's item through
// the closure path as any item: the 秦川 team's first milestone passed, its
// closure asked for with the verdict; the unit's leader signs it off from
// the home page's to-do list, then the programme's office verifies it.
func TestMilestoneClosureInBrowser(t *testing.T) {
	s := newSite(t)
	ids, _ := s.projectIDs()
	x, err := s.db.FindProject(context.Background(), duban.System, ids["秦川精密传动"])
	if err != nil {
		t.Fatal(err)
	}
	aid := x.Milestones[0].AssignmentID
	if a := s.assignment(aid); a.Status != duban.StatusClosureRequested || a.SignedOff {
		t.Fatalf("the passed milestone's item: %s (signed %v), want awaiting the leader", a.Status, a.SignedOff)
	}
	href := fmt.Sprintf("/assignments/%d", aid)
	s.login("qcjm-leader", "duban-demo")
	todo := fmt.Sprintf(`#todos tr:has(.tag-signoff) a[href=%s]`, jsString(href))
	if s.count(todo) != 1 {
		t.Fatalf("the unit leader's to-do list does not ask to sign off %s", href)
	}
	s.follow(chromedp.Click(chromedp.CSS(todo)))
	if got := s.text("#act-signoff .signoff-request"); !strings.Contains(got, "里程碑考核通过") || !strings.Contains(got, "TRL4") {
		t.Errorf("the sign-off form shows %q, want the assessment's verdict", got)
	}
	s.screenshot("milestone-signoff")
	s.do(chromedp.SendKeys(chromedp.ID("so-opinion"), "同意销号。"),
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	s.follow(chromedp.Click(chromedp.CSS("#act-signoff button[type=submit]")))
	if a := s.assignment(aid); a.Status != duban.StatusClosureRequested || !a.SignedOff {
		t.Fatalf("after the leader's sign-off: %s (signed %v)", a.Status, a.SignedOff)
	}
	s.login("kjt-zx", "duban-demo")
	s.open(href)
	s.verify(aid)
	if a := s.assignment(aid); a.Status != duban.StatusClosed {
		t.Errorf("after verification: %s, want closed", a.Status)
	}
}
