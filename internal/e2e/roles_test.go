package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// The lead office's charts on the battle map, in page order.
var leadCharts = []string{"chart-aspects", "chart-deadlines", "chart-units", "chart-closures"}

// assignments lists the demo plan's assignments as the store has them.
func (s *site) assignments(f duban.AssignmentFilter) []duban.Assignment {
	s.t.Helper()
	f.PlanID, f.Limit = s.plan, 500
	list, err := s.db.ListAssignments(context.Background(), duban.System, f, today())
	if err != nil {
		s.t.Fatal(err)
	}
	return list.Items
}

// assignment reads one assignment from the store.
func (s *site) assignment(id int64) *duban.Assignment {
	s.t.Helper()
	a, err := s.db.FindAssignment(context.Background(), duban.System, id, today())
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// status returns the status the assignment page shows in its heading.
func (s *site) status() string {
	s.t.Helper()
	return s.text(".asg-sub .st")
}

// flash returns the one-time message of the page, or "".
func (s *site) flash() string {
	s.t.Helper()
	return eval[string](s, `(document.querySelector(".flash") || {innerText: ""}).innerText.trim()`)
}

// clickLink follows the first link to href inside the nodes matching within.
func (s *site) clickLink(within, href string) {
	s.t.Helper()
	sel := fmt.Sprintf(`%s a[href=%s]`, within, jsString(href))
	if s.count(sel) == 0 {
		s.t.Fatalf("%s: no link to %s in %s", s.path(), href, within)
	}
	s.follow(chromedp.Click(chromedp.CSS(sel)))
	if got := s.path(); got != href {
		s.t.Fatalf("after following the link to %s the page is %s", href, got)
	}
}

// verify checks and verifies a signed-off closure on its page, as the lead
// office does, and asserts that it is closed.
func (s *site) verify(id int64) {
	s.t.Helper()
	if s.count("#act-verify") != 1 {
		s.t.Fatalf("assignment %d: no verify form for the lead office (status %q)", id, s.status())
	}
	if got := s.texts(".steps .step-current"); !slices.Equal(got, []string{"整改办审核销号"}) {
		s.t.Errorf("closure steps: current %q, want the lead office's verification", got)
	}
	s.do(chromedp.SendKeys(chromedp.ID("vf-reason"), "佐证材料齐全，同意销号。"))
	s.follow(chromedp.Click(chromedp.CSS("#act-verify button[type=submit]")))
	if got := s.flash(); got != "已审核销号。" {
		s.t.Errorf("after verifying: flash %q", got)
	}
	if got := s.status(); got != "已销号" {
		s.t.Errorf("after verifying: the page shows status %q, want 已销号", got)
	}
	if got := s.texts(".steps .step-done"); len(got) != 3 {
		s.t.Errorf("after verifying: closure steps done %q, want all three", got)
	}
	if got := s.texts("#closure .events b"); !slices.Contains(got, "审核销号") {
		s.t.Errorf("after verifying: closure events %q lack 审核销号", got)
	}
	if a := s.assignment(id); a.Status != duban.StatusClosed {
		s.t.Errorf("after verifying: the store has status %s", a.Status)
	}
	if s.count("#act-verify") != 0 {
		s.t.Errorf("after verifying: the verify form is still shown")
	}
}

// TestLeadOfficeVerifiesAClosure walks the lead office's path: the inbox,
// the plans, the battle map with its charts, the ledger tree and the
// verification of a closure its unit's leader signed off.
func TestLeadOfficeVerifiesAClosure(t *testing.T) {
	s := newSite(t)
	var target *duban.Assignment
	for _, a := range s.assignments(duban.AssignmentFilter{Statuses: []duban.Status{duban.StatusClosureRequested}}) {
		if a.SignedOff {
			target = &a
			break
		}
	}
	if target == nil {
		t.Fatal("the demo has no signed-off closure request")
	}
	href := fmt.Sprintf("/assignments/%d", target.ID)

	s.login("zgb", "duban-demo")
	if got := s.text("main h1"); !strings.Contains(got, "今日待办") {
		t.Errorf("lead office's home: heading %q", got)
	}
	if got := s.text(".who"); !strings.Contains(got, "整改办") {
		t.Errorf("the header names %q, want the lead office", got)
	}
	if n := s.count("#todos tbody tr"); n == 0 {
		t.Error("the lead office's inbox shows no todo")
	}
	verifyTodo := fmt.Sprintf(`#todos tr:has(.tag-verify) a[href=%s]`, jsString(href))
	if s.count(verifyTodo) != 1 {
		t.Errorf("the inbox does not ask to verify the signed-off closure of %q (%s)", target.TaskTitle, href)
	}
	if got := s.texts(".summary .stat span"); !slices.Contains(got, "审核销号") {
		t.Errorf("inbox counts %q lack 审核销号", got)
	}
	s.screenshot("home-lead")

	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/plans"]`)))
	if got := s.text("main h1"); got != "整改方案" {
		t.Errorf("/plans heading %q", got)
	}
	plan, err := s.db.FindPlan(context.Background(), duban.System, s.plan)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.texts("#plans tbody .title-cell > a"); !slices.Contains(got, plan.Title) {
		t.Errorf("/plans lists %q, want %q", got, plan.Title)
	}
	s.clickLink("#plans", fmt.Sprintf("/plans/%d", s.plan))
	if got := s.text("main h1"); got != plan.Title {
		t.Errorf("battle map heading %q, want %q", got, plan.Title)
	}
	all := s.assignments(duban.AssignmentFilter{})
	if got := s.text("#kpi-assignments"); got != fmt.Sprint(len(all)) {
		t.Errorf("battle map: %s assignments, the store has %d", got, len(all))
	}
	s.checkCharts(leadCharts...)
	if s.count("#unit-ranking tbody tr") == 0 {
		t.Error("battle map: the unit ranking is empty")
	}
	s.screenshot("dashboard")

	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/ledger"]`)))
	if got := s.text("main h1"); got != "整改台账" {
		t.Errorf("/ledger heading %q", got)
	}
	if n := s.count(".ledger-tree > details.ln-aspect"); n != 4 {
		t.Errorf("the ledger tree shows %d aspects, the demo has 4", n)
	}
	if n := s.count(".ledger-tree .lg-unit a"); n != len(all) {
		t.Errorf("the ledger tree links %d assignments, the store has %d", n, len(all))
	}
	s.screenshot("ledger")
	s.clickLink(".ledger-tree", href)
	if got := s.text("main h1"); got != target.TaskTitle {
		t.Errorf("assignment page heading %q, want %q", got, target.TaskTitle)
	}
	if got := s.status(); got != "申请销号" {
		t.Errorf("assignment page shows status %q, want 申请销号", got)
	}
	if got := s.text(".asg-facts"); !strings.Contains(got, "已经领导签批") {
		t.Errorf("assignment facts %q do not say it was signed off", got)
	}
	if got := s.texts(".hints a"); !slices.Contains(got, "销号申请已经领导签批，待审核销号") {
		t.Errorf("hints %q lack the verification", got)
	}
	s.screenshot("assignment-lead")
	s.verify(target.ID)
}

// TestClosureEndToEnd follows one item from the liaison's report to its
// closure: the liaison of 省财政厅 reports with a file and asks for closure,
// the unit's leader signs off, the lead office verifies.
func TestClosureEndToEnd(t *testing.T) {
	s := newSite(t)
	mine := s.assignments(duban.AssignmentFilter{})
	mine = slices.DeleteFunc(mine, func(a duban.Assignment) bool { return a.Unit.Name != "省财政厅" })
	var target *duban.Assignment
	for _, a := range mine {
		if a.Status == duban.StatusInProgress {
			target = &a
			break
		}
	}
	if len(mine) == 0 || target == nil {
		t.Fatal("the demo has no assignment of 省财政厅 in progress")
	}
	href := fmt.Sprintf("/assignments/%d", target.ID)

	// The liaison sees only the unit's items.
	s.login("czt", "duban-demo")
	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/ledger"]`)))
	if got := s.text("main h1"); got != "本单位整改事项" {
		t.Errorf("liaison's /ledger heading %q", got)
	}
	units := s.texts(".ledger-tree .lg-unit a")
	if len(units) != len(mine) {
		t.Errorf("the liaison's ledger links %d assignments, 省财政厅 has %d", len(units), len(mine))
	}
	for _, u := range units {
		if u != "省财政厅" {
			t.Errorf("the liaison of 省财政厅 sees an item of %q", u)
		}
	}

	// A report with a file, through the real file input.
	s.clickLink(".ledger-tree", href)
	if got := s.status(); got != "整改中" {
		t.Errorf("assignment page shows status %q, want 整改中", got)
	}
	pdf := filepath.Join(t.TempDir(), "财政厅佐证材料.pdf")
	if err := os.WriteFile(pdf, []byte(minimalPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	content := "已印发科研经费管理实施意见，完成首批政策宣讲。"
	s.do(chromedp.WaitVisible(chromedp.ID("rp-content")),
		chromedp.SendKeys(chromedp.ID("rp-content"), content),
		chromedp.SetUploadFiles(chromedp.ID("rp-files"), []string{pdf}))
	if got := s.texts("#act-report .dz-list li"); len(got) != 1 || !strings.HasPrefix(got[0], "财政厅佐证材料.pdf") {
		t.Errorf("the drop zone lists %q, want the chosen PDF", got)
	}
	s.screenshot("assignment-liaison")
	s.follow(chromedp.Click(chromedp.CSS("#act-report button[type=submit]")))
	if got := s.flash(); got != "进展已报送，待整改办审核。" {
		t.Errorf("after reporting: flash %q", got)
	}
	if got := s.text("#reports .report .prose"); got != content {
		t.Errorf("the newest report reads %q, want %q", got, content)
	}
	if got := s.text("#reports .report .rv"); got != "待审核" {
		t.Errorf("the new report's review is %q, want 待审核", got)
	}
	if got := s.texts("#reports .report:first-of-type .files a"); !slices.Equal(got, []string{"财政厅佐证材料.pdf"}) {
		t.Errorf("the new report's files are %q", got)
	}
	// The link gives the file back to the session.
	fetched := eval[string](s, `(async () => {
	  const r = await fetch(document.querySelector("#reports .report .files a").href);
	  return r.status + " " + (await r.text()).slice(0, 8);
	})()`, chromedp.EvalAwaitPromise)
	if fetched != "200 %PDF-1.4" {
		t.Errorf("downloading the evidence: %q", fetched)
	}

	// The closure request.
	s.do(chromedp.Click(chromedp.CSS("#act-closure summary")),
		chromedp.WaitVisible(chromedp.ID("rc-summary")),
		chromedp.SendKeys(chromedp.ID("rc-summary"), "科研经费管理实施意见已印发执行，整改完成。"))
	s.follow(chromedp.Click(chromedp.CSS("#act-closure button[type=submit]")))
	if got := s.flash(); got != "销号申请已提交，待领导签批。" {
		t.Errorf("after requesting closure: flash %q", got)
	}
	if got := s.status(); got != "申请销号" {
		t.Errorf("after requesting closure: status %q, want 申请销号", got)
	}
	if got := s.texts(".steps .step-current"); !slices.Equal(got, []string{"单位领导签批"}) {
		t.Errorf("after requesting closure: current step %q", got)
	}
	if s.count("#act-closure") != 0 {
		t.Errorf("after requesting closure the liaison may still request it again")
	}

	// The leader signs it off from the inbox.
	s.login("czt-leader", "duban-demo")
	signTodo := fmt.Sprintf(`#todos tr:has(.tag-signoff) a[href=%s]`, jsString(href))
	if s.count(signTodo) != 1 {
		t.Fatalf("the leader's inbox does not ask to sign off %s", href)
	}
	s.follow(chromedp.Click(chromedp.CSS(signTodo)))
	if got := s.texts(".hints a"); !slices.Contains(got, "销号申请待您签批") {
		t.Errorf("leader's hints %q", got)
	}
	// The leader reads the summary in the form, writes an opinion and
	// confirms before signing.
	if got := s.text("#act-signoff .signoff-request"); got == "" {
		t.Error("the sign-off form does not show the closure summary")
	}
	s.do(chromedp.SendKeys(chromedp.ID("so-opinion"), "同意销号。"),
		chromedp.Evaluate[chromedp.Void](`window.confirm = (m) => { window.asked = m; return true; }`))
	s.follow(chromedp.Click(chromedp.CSS("#act-signoff button[type=submit]")))
	if got := s.flash(); got != "已签批，待整改办审核销号。" {
		t.Errorf("after signing off: flash %q", got)
	}
	if got := s.text("#closure"); !strings.Contains(got, "同意销号。") {
		t.Errorf("the closure record lacks the leader's opinion: %q", got)
	}
	if got := s.text(".asg-facts"); !strings.Contains(got, "已经领导签批") {
		t.Errorf("after signing off the facts read %q", got)
	}
	if a := s.assignment(target.ID); a.Status != duban.StatusClosureRequested || !a.SignedOff {
		t.Errorf("after signing off the store has status %s, signed off %v", a.Status, a.SignedOff)
	}

	// The lead office verifies it from its inbox.
	s.login("zgb", "duban-demo")
	verifyTodo := fmt.Sprintf(`#todos tr:has(.tag-verify) a[href=%s]`, jsString(href))
	if s.count(verifyTodo) != 1 {
		t.Fatalf("the lead office's inbox does not ask to verify %s", href)
	}
	s.follow(chromedp.Click(chromedp.CSS(verifyTodo)))
	s.verify(target.ID)
	if got := s.texts(".timeline .tl b"); len(got) < 4 {
		t.Errorf("the full history shows %q, want the report, request, sign-off and verification", got)
	}
}

// minimalPDF is a one-page PDF.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// TestInspectorOverview walks the inspection office's path: the round
// overview with each inspected unit's closure rate, down to its battle map.
func TestInspectorOverview(t *testing.T) {
	s := newSite(t)
	all := s.assignments(duban.AssignmentFilter{})
	closed := 0
	for _, a := range all {
		if a.Status == duban.StatusClosed {
			closed++
		}
	}
	rate := pct(float64(closed) / float64(len(all)))

	s.login("xsb", "duban-demo")
	if got := s.texts(".sidenav a"); !slices.Contains(got, "巡视总览") || slices.Contains(got, "导入导出") {
		t.Errorf("the inspector's navigation: %q", got)
	}
	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/overview"]`)))
	if got := s.text("main h1"); got != "巡视整改总览" {
		t.Errorf("/overview heading %q", got)
	}
	row := `.dash-round tbody tr:has(th a[href="/plans/` + fmt.Sprint(s.plan) + `"])`
	if got := s.text(row + " th a"); got != "中共陕西省委科技工委" {
		t.Errorf("the overview names the inspected unit %q", got)
	}
	if got := s.text(row + " .dash-rate-num"); got != rate {
		t.Errorf("the overview shows a closure rate of %s, the store has %d of %d closed (%s)", got, closed, len(all), rate)
	}
	if got := s.texts(row + " td.num"); len(got) < 2 || got[1] != fmt.Sprint(len(all)) || got[2] != fmt.Sprint(closed) {
		t.Errorf("the overview's figures %q, want %d assignments and %d closed", got, len(all), closed)
	}
	s.screenshot("overview")

	s.clickLink(row+" th", fmt.Sprintf("/plans/%d", s.plan))
	if got := s.text("#kpi-rate"); got != rate {
		t.Errorf("the battle map shows a closure rate of %s, want %s", got, rate)
	}
	s.checkCharts(leadCharts...)
}
