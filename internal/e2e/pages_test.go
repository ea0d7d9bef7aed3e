package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
	"duban/internal/report"
)

// cjkIn returns the texts of the nodes matching sel that hold Chinese
// characters.
func (s *site) cjkIn(sel string) []string {
	s.t.Helper()
	return slices.DeleteFunc(s.texts(sel), func(t string) bool {
		for _, r := range t {
			if r >= 0x4e00 && r <= 0x9fff {
				return false
			}
		}
		return true
	})
}

// TestLanguageSwitchOnLedger switches the ledger to English and back: the
// headings, columns and form follow, and the inbox is English too.
func TestLanguageSwitchOnLedger(t *testing.T) {
	s := newSite(t)
	s.login("zgb", "duban-demo")
	s.open("/ledger")
	if got := s.text("main h1"); got != "整改台账" {
		t.Fatalf("/ledger heading %q", got)
	}
	s.follow(chromedp.Click(chromedp.ID("lang-switch")))
	if got := s.path(); got != "/ledger" {
		t.Errorf("switching the language went to %s, want to stay on /ledger", got)
	}
	if got := eval[string](s, `document.documentElement.lang`); got != "en" {
		t.Errorf("the English page says lang=%q", got)
	}
	if got := s.text("main h1"); got != "Rectification ledger" {
		t.Errorf("English /ledger heading %q", got)
	}
	if got := s.texts(".ledger-tree thead th"); len(got) < 6 || !slices.Equal(got[:6], []string{"Measure", "Light", "Unit", "Status", "Deadline", "Working days left"}) {
		t.Errorf("English ledger columns %q", got)
	}
	if got := s.texts(".ledger-summary .stat span"); len(got) < 3 || got[0] != "Measures" || got[1] != "Assignments" {
		t.Errorf("English ledger figures %q", got)
	}
	if got := s.texts(".sidenav a"); !slices.Equal(got, []string{"Inbox", "Battle map", "Ledger", "Documents", "Feedback", "Indicators", "Key projects", "Open challenges", "Instructions", "Public portal"}) {
		t.Errorf("English navigation %q", got)
	}
	// What the UI says, apart from the data, is English (but the link back
	// to Chinese, which says 中文).
	if got := s.cjkIn(".ledger-filters label, .ledger-filters button, .ledger-grid thead th, .ledger-summary .stat span, .ln-count, .lg-lt, .st, .sidenav a, .topbar button"); len(got) > 0 {
		t.Errorf("English ledger shows Chinese UI text: %q", got)
	}
	s.checkTranslated()

	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/"]`)))
	if got := s.text("main h1"); !strings.Contains(got, "Waiting for you today") {
		t.Errorf("English inbox heading %q", got)
	}
	if got := s.cjkIn("#todos thead th, #todos .tag, .summary .stat span, main h2"); len(got) > 0 {
		t.Errorf("English inbox shows Chinese UI text: %q", got)
	}
	s.checkTranslated()
	s.screenshot("home-en")

	s.open("/ledger")
	s.follow(chromedp.Click(chromedp.ID("lang-switch")))
	if got := s.text("main h1"); got != "整改台账" {
		t.Errorf("after switching back: heading %q", got)
	}
	if got := s.texts(".sidenav a"); len(got) < 3 || got[2] != "整改台账" {
		t.Errorf("after switching back: navigation %q", got)
	}
	s.checkTranslated()
}

// TestPublicNoticesAndFeedback publishes notices, reads them as the public
// does, and sends feedback that the lead office then finds.
func TestPublicNoticesAndFeedback(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	plan, err := s.db.FindPlan(ctx, duban.System, s.plan)
	if err != nil {
		t.Fatal(err)
	}

	// The lead office previews this week's notice and publishes it.
	s.login("zgb", "duban-demo")
	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/documents"]`)))
	// The demo's lead office published a notice a week ago.
	demoNotice := s.texts("#published li > a")
	if len(demoNotice) != 1 {
		t.Errorf("before publishing, the published notices are %q, want the demo's one", demoNotice)
	}
	s.follow(chromedp.Click(chromedp.CSS("#notice form button[type=submit]")))
	title := s.text(".adm-paper .adm-doc-title")
	if title == "" || s.count(".adm-paper .adm-doc-p") == 0 {
		t.Fatalf("the notice preview is empty (title %q)", title)
	}
	s.screenshot("documents")
	s.do(chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	s.follow(chromedp.Click(chromedp.CSS(".adm-notice-bar button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, title) {
		t.Errorf("after publishing: flash %q, want it to name %q", got, title)
	}
	if got := s.texts("#published li > a"); !slices.Equal(got, append([]string{title}, demoNotice...)) {
		t.Errorf("after publishing: published %q, want %q first", got, title)
	}
	// A second, older notice, published through the store.
	doc, err := report.NoticeOf(ctx, s.db, duban.System, s.plan, today().AddDays(-30), "", report.NoticeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc.Title += "（上月）"
	if _, err := s.db.PublishNotice(ctx, duban.System, s.plan, doc); err != nil {
		t.Fatal(err)
	}

	// The public, without an account.
	v := s.visitor()
	v.open("/public")
	if got := v.text("main h1"); got != "巡视整改进展情况通报" {
		t.Errorf("/public heading %q", got)
	}
	if got := v.texts(".adm-pub-list .adm-pub-title"); !slices.Equal(got, append([]string{doc.Title, title}, demoNotice...)) {
		t.Errorf("/public lists %q, want the newest first: %q, %q, then the demo's", got, doc.Title, title)
	}
	if v.count(".sidenav, .who") != 0 {
		t.Error("/public shows the navigation of a signed-in user to the public")
	}
	v.screenshot("public")
	v.follow(chromedp.Click(chromedp.CSS(".adm-pub-list li:first-child .adm-pub-title")))
	if got := v.text(".adm-paper .adm-doc-title"); got != doc.Title {
		t.Errorf("the newest notice's page shows %q", got)
	}
	if v.count(".adm-prevnext a[rel=prev]") != 1 || v.count(".adm-prevnext a[rel=next]") != 0 {
		t.Errorf("the newest notice: links %q, want 上一条 only", v.texts(".adm-prevnext > *"))
	}
	if got := v.text(".adm-prevnext"); !strings.Contains(got, "上一条") || !strings.Contains(got, "下一条") {
		t.Errorf("the newest notice's navigation reads %q", got)
	}
	v.screenshot("public-notice")
	v.follow(chromedp.Click(chromedp.CSS(".adm-prevnext a[rel=prev]")))
	if got := v.text(".adm-paper .adm-doc-title"); got != title {
		t.Errorf("上一条 shows %q, want %q", got, title)
	}
	if v.count(".adm-prevnext a[rel=next]") != 1 || v.count(".adm-prevnext a[rel=prev]") != 1 {
		t.Errorf("the older notice: links %q, want 下一条 and 上一条 (the demo's)", v.texts(".adm-prevnext > *"))
	}

	// Feedback about this plan, from the notice's page.
	v.follow(chromedp.Click(chromedp.CSS(".adm-pub-cta a")))
	if got := v.text("main h1"); got != "意见建议" {
		t.Errorf("/public/feedback heading %q", got)
	}
	if got := eval[string](v, `document.getElementById("pf-plan").value`); got != fmt.Sprint(s.plan) {
		t.Errorf("the feedback form is about plan %q, want the notice's plan %d", got, s.plan)
	}
	message := "建议在秦创原平台公开科研经费使用情况，便于群众监督。"
	v.do(chromedp.SendKeys(chromedp.ID("pf-name"), "李群众"),
		chromedp.SendKeys(chromedp.ID("pf-contact"), "13800000000"),
		chromedp.SendKeys(chromedp.ID("pf-content"), message))
	v.follow(chromedp.Click(chromedp.CSS(".adm-pub-fb form button[type=submit]")))
	flash := v.flash()
	if !strings.HasPrefix(flash, "感谢您的意见建议！我们已收到，将认真研究办理。受理编号：YJ") {
		t.Errorf("after sending feedback: flash %q", flash)
	}
	// The sender lands on the receipt page: the number, the status, no reply yet.
	receipt := v.text("#receipt-result b")
	if !strings.HasPrefix(receipt, "YJ") || !strings.Contains(flash, receipt) || !strings.Contains(v.text("#receipt-result"), "待处理") {
		t.Errorf("after sending feedback: receipt %q, page %q", receipt, v.text("#receipt-result"))
	}
	v.screenshot("public-receipt")

	// The lead office finds it among the new messages.
	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/feedback"]`)))
	item := ".adm-fb-list > li"
	var found bool
	for i, c := range s.texts(item + " .adm-fb-content") {
		if c != message {
			continue
		}
		found = true
		li := fmt.Sprintf(".adm-fb-list > li:nth-child(%d)", i+1)
		if got := s.text(li + " .adm-fb-head"); !strings.Contains(got, "李群众") || !strings.Contains(got, "13800000000") {
			t.Errorf("the message's head reads %q, want the name and contact", got)
		}
		if got := s.text(li + " .adm-fb-plan"); !strings.Contains(got, plan.Title) {
			t.Errorf("the message is about %q, want %q", got, plan.Title)
		}
		if s.count(li+" .adm-fb-actions") != 1 {
			t.Error("the lead office cannot reply to, convert or close the message")
		}
	}
	if !found {
		t.Errorf("/feedback does not list the message; it lists %q", s.texts(item+" .adm-fb-content"))
	}
}

// TestPhoneWidth checks that the ledger and the battle map fit a phone:
// tables may scroll inside their wrappers, the page may not scroll sideways.
func TestPhoneWidth(t *testing.T) {
	s := newSite(t)
	s.login("zgb", "duban-demo")
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	s.open("/ledger")
	if got := eval[int](s, `document.documentElement.clientWidth`); got != 390 {
		t.Fatalf("the phone's viewport is %d px wide", got)
	}
	if got := s.text("main h1"); got != "整改台账" {
		t.Errorf("/ledger heading %q", got)
	}
	s.checkNoOverflow()
	s.screenshot("ledger-phone")

	s.open(fmt.Sprintf("/plans/%d", s.plan))
	s.checkCharts(leadCharts...)
	s.checkNoOverflow()
	if got := eval[[]float64](s, `Array.from(document.querySelectorAll("[data-chart]"), e => e.getBoundingClientRect().right)`); slices.ContainsFunc(got, func(r float64) bool { return r > 391 }) {
		t.Errorf("a chart sticks out of the phone's screen: right edges %v", got)
	}
	s.checkCards()
	s.screenshot("dashboard-phone")

	s.open("/")
	s.checkNoOverflow()
	s.checkCards()
	s.screenshot("home-phone")
}

// checkCards asserts that on a phone every table reads as cards: no cell
// sticks out of the screen, and the key columns (时限, 剩余工作日, 红灯…) are
// shown beside their headings instead of hidden off to the side.
func (s *site) checkCards() {
	s.t.Helper()
	type cards struct {
		Tables, Cards, Unlabelled int
		Right                     float64
	}
	c := eval[cards](s, `(() => {
  const ts = document.querySelectorAll("main table.grid");
  let right = 0, unlabelled = 0;
  document.querySelectorAll("main table.grid.cards tbody td").forEach(td => {
    const r = td.getBoundingClientRect();
    if (r.width > 0) right = Math.max(right, r.right);
    if (!td.dataset.label && td.textContent.trim() !== "" && r.width > 0) unlabelled++;
  });
  return {Tables: ts.length, Cards: document.querySelectorAll("main table.grid.cards").length, Unlabelled: unlabelled, Right: right};
})()`)
	if c.Tables == 0 || c.Cards != c.Tables {
		s.t.Errorf("%s: %d of %d tables are cards on a phone", s.path(), c.Cards, c.Tables)
	}
	if c.Right > 391 {
		s.t.Errorf("%s: a table cell reaches %.0f px on a 390 px phone", s.path(), c.Right)
	}
	if c.Unlabelled > 0 {
		s.t.Errorf("%s: %d cells on a phone carry no column heading", s.path(), c.Unlabelled)
	}
}

// TestBattleMapOfAPastDay opens the battle map as of six weeks ago: the
// cards count that day's statuses, as its closure chart does, and the page
// says so.
func TestBattleMapOfAPastDay(t *testing.T) {
	s := newSite(t)
	s.login("zgb", "duban-demo")
	today := duban.DateOf(time.Now().In(duban.ChinaTime))
	past := today.AddDays(-40)
	d, err := s.db.Dashboard(context.Background(), duban.System, s.plan, past)
	if err != nil {
		t.Fatal(err)
	}
	charted := 0
	for _, c := range d.Closures {
		charted += c.Count
	}
	s.open(fmt.Sprintf("/plans/%d?asof=%s", s.plan, past))
	s.checkCharts(leadCharts...)
	if got := s.text(".dash-note-past"); !strings.Contains(got, past.Chinese()) || !strings.Contains(got, "日终的事项状态") {
		t.Errorf("the note of a past day reads %q", got)
	}
	if got := s.text("#kpi-closed"); got != strconv.Itoa(charted) {
		t.Errorf("the closed card reads %q, want the %d closures of the chart up to %s", got, charted, past)
	}
	s.screenshot("dashboard-past-day")

	// The reporting rates take the same 统计日期.
	s.open(fmt.Sprintf("/plans/%d/reporting?asof=%s", s.plan, past))
	if got := eval[string](s, `document.querySelector("#asof").value`); got != past.String() {
		t.Errorf("the rates page's 统计日期 reads %q, want %s", got, past)
	}
	s.screenshot("reporting-past-day")
}
