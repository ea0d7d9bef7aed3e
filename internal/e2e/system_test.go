package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"duban/internal/duban"
	"duban/internal/store"
)

// adminPage is a page an administrator works in, with its heading.
type adminPage struct {
	path, shot string
	zh, en     string // the heading starts with this
	tables     bool   // has tables, which must read as cards on a phone
}

// TestAdministratorsDay walks the three administrators' work in Chromium:
// the system administrator creates a unit and an account in it, imports a
// year's holidays and adds a robot channel; the security administrator
// changes the account's role and resets its password; the audit
// administrator is kept out of both. Every page is then opened at 1366×768
// and 390×844, in Chinese and English: it fits the screen, its tables read as
// cards on the phone, no message key shows, and the console stays clean.
func TestAdministratorsDay(t *testing.T) {
	s := newSite(t)
	w := s.watchConsole()
	ctx := context.Background()

	s.login("admin", "duban-admin")
	s.open("/units")
	s.do(chromedp.SendKeys(chromedp.ID("n-name"), "陕西省科学技术厅对外合作处"),
		chromedp.SendKeys(chromedp.ID("n-short"), "对外合作处"),
		chromedp.SetValue(chromedp.ID("n-kind"), "division"),
		chromedp.SetValue(chromedp.ID("n-parent"), fmt.Sprint(s.unitID("省科技厅"))))
	s.follow(chromedp.Click(chromedp.CSS("#unit-form button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, "已创建单位") {
		t.Fatalf("after creating a unit: flash %q, errors %v", got, s.texts(".error, .field-error"))
	}
	div := s.unitID("对外合作处")
	if n := s.count(fmt.Sprintf(`#units td.sys-depth-1 a[href="/units/%d"]`, div)); n != 1 {
		t.Errorf("the new division is not listed under 省科技厅 (%d rows)", n)
	}
	s.screenshot("admin-units")

	s.open("/users")
	s.do(chromedp.SendKeys(chromedp.ID("u-username"), "cgzh"),
		chromedp.SendKeys(chromedp.ID("u-name"), "对外合作处 吴某"),
		chromedp.SetValue(chromedp.ID("u-role"), "liaison"),
		chromedp.SetValue(chromedp.ID("u-unit"), fmt.Sprint(div)),
		chromedp.SendKeys(chromedp.ID("u-pw"), "Transfer-2026!"))
	s.follow(chromedp.Click(chromedp.CSS("#new-user button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, "cgzh") {
		t.Fatalf("after creating an account: flash %q", got)
	}
	account := s.path()
	if got := s.text("#account-facts"); !strings.Contains(got, "对外合作处") || !strings.Contains(got, "联络员") {
		t.Errorf("the new account's facts: %q", got)
	}
	s.screenshot("admin-user")

	s.open("/calendar?year=2032")
	if s.count("#cal-missing") != 1 {
		t.Error("2032 is not flagged as lacking its arrangement")
	}
	notice := "二、春节：2月10日（周二）至16日（周一）放假调休，共7天。2月8日（周日）、2月21日（周六）上班。"
	s.do(chromedp.SendKeys(chromedp.ID("c-text"), notice))
	s.follow(chromedp.Click(chromedp.CSS("#cal-import button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, "已写入9天") {
		t.Errorf("after the import: flash %q, want 9 days written", got)
	}
	if s.count("#cal-missing") != 0 || s.count(`td.cal-work[data-date="2032-02-21"]`) != 1 || s.count(`td.cal-holiday[data-date="2032-02-12"]`) != 1 {
		t.Error("the year after the import: want it covered, 21 February working and 12 February resting")
	}
	if !s.db.Calendar().IsWorkday(duban.NewDate(2032, 2, 21)) {
		t.Error("the store's calendar does not work on 2032-02-21")
	}
	s.screenshot("admin-calendar")

	s.open("/channels")
	s.do(chromedp.SetValue(chromedp.ID("ch-kind"), "wecom"),
		chromedp.SendKeys(chromedp.ID("ch-url"), "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=not-a-real-key"))
	s.follow(chromedp.Click(chromedp.CSS("#new-channel button[type=submit]")))
	if s.count("#channels tbody tr") != 1 || strings.Contains(s.text("#channels"), "not-a-real-key") {
		t.Error("the channel list: want one channel, its key hidden")
	}
	s.screenshot("admin-channels")
	w.check(t, "the system administrator's day")

	// The security administrator gives the role and a new password.
	s.login("secadmin", "duban-secadmin")
	s.open(account)
	s.do(chromedp.SetValue(chromedp.ID("r-role"), "leader"))
	s.follow(chromedp.Click(chromedp.CSS("#form-role button[type=submit]")))
	if got := s.text("#account-facts"); !strings.Contains(got, "领导") {
		t.Errorf("after the role change the facts read %q", got)
	}
	s.do(chromedp.SendKeys(chromedp.ID("pw1"), "Reset-pass-2026"), chromedp.SendKeys(chromedp.ID("pw2"), "Reset-pass-2026"))
	s.follow(chromedp.Click(chromedp.CSS("#form-password button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, "已重置密码") {
		t.Errorf("after the reset: flash %q", got)
	}
	s.screenshot("secadmin-user")
	w.check(t, "the security administrator's day")
	s.login("cgzh", "Reset-pass-2026")
	if got := s.text(".who"); !strings.Contains(got, "领导") {
		t.Errorf("the account signs in with its new password as %q, want a leader", got)
	}

	// The audit administrator and a lead office are refused.
	for _, who := range [][2]string{{"auditor", "duban-auditor"}, {"zgb", "duban-demo"}} {
		s.login(who[0], who[1])
		for _, path := range []string{"/users", "/units", "/calendar", "/channels"} {
			s.open(path)
			if got := s.text("main"); !strings.Contains(got, "没有权限") {
				t.Errorf("%s as %s: got %q, want refused", path, who[0], got)
			}
		}
		w.reset() // the browser reports each 403 document: expected here
	}

	// Every administrator's page at both sizes, in both languages.
	s.walkPages(w, "admin", "duban-admin", []adminPage{
		{"/users", "admin-users", "用户管理", "Users", true},
		{account, "", "对外合作处 吴某", "对外合作处 吴某", false},
		{"/units", "", "单位管理", "Units", true},
		{fmt.Sprintf("/units/%d", div), "admin-unit", "陕西省科学技术厅对外合作处", "陕西省科学技术厅对外合作处", false},
		{"/calendar?year=2032", "", "工作日历", "Working-day calendar", true},
		{"/channels", "", "消息通道", "Message channels", true},
		{"/deliveries", "admin-deliveries", "发送日志", "Delivery log", false},
	})
	s.walkPages(w, "secadmin", "duban-secadmin", []adminPage{{"/users", "secadmin-users", "用户管理", "Users", true}})
	if u, err := s.db.PrincipalOf(ctx, "cgzh"); err != nil || u.UnitID != div {
		t.Errorf("the account made in the browser: got %+v, %v; want it in 对外合作处", u, err)
	}
}

// media emulates a CSS media type ("print"), or the screen again ("").
func (s *site) media(m string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
		s.t.Fatalf("emulate media %q: %v", m, err)
	}
}

// walkPages opens each page as user at 1366×768 and 390×844, in Chinese and
// English, and checks it; screenshots: the desk in Chinese as shot, the
// phone as shot-phone, the desk in English as shot-en.
func (s *site) walkPages(w *consoleWatch, user, password string, pages []adminPage) {
	s.t.Helper()
	s.login(user, password)
	for _, lang := range []string{"zh", "en"} {
		s.open("/lang?to=" + lang + "&next=/")
		for _, size := range []struct {
			w, h  int64
			phone bool
		}{{1366, 768, false}, {390, 844, true}} {
			opts := []chromedp.EmulateViewportOption{}
			if size.phone {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
			}
			s.do(chromedp.EmulateViewport(size.w, size.h, opts...))
			for _, pg := range pages {
				s.open(pg.path)
				want := pg.zh
				if lang == "en" {
					want = pg.en
				}
				if got := s.text("main h1"); !strings.HasPrefix(got, want) {
					s.t.Errorf("%s (%s, %d px): heading %q, want %q", pg.path, lang, size.w, got, want)
				}
				s.checkNoOverflow()
				s.checkTranslated()
				if keys := s.cjkIn("main thead th, main label:not(:has(select)), main legend, main button, main .adm-hint:not(#cal-importhint), .sidenav a"); lang == "en" && len(keys) > 0 {
					s.t.Errorf("%s in English shows Chinese: %q", pg.path, keys)
				}
				if got := eval[string](s, `document.body.innerText`); strings.Contains(got, "sys.") {
					s.t.Errorf("%s (%s) shows a message key", pg.path, lang)
				}
				if size.phone && pg.tables {
					s.checkCards()
				}
				w.check(s.t, fmt.Sprintf("%s (%s, %d px)", pg.path, lang, size.w))
				switch {
				case pg.shot == "":
				case lang == "zh" && !size.phone:
					s.screenshot(pg.shot)
				case lang == "zh" && size.phone:
					s.screenshot(pg.shot + "-phone")
				case lang == "en" && !size.phone:
					s.screenshot(pg.shot + "-en")
				}
			}
		}
	}
	s.do(chromedp.EmulateViewport(1366, 768))
	s.open("/lang?to=zh&next=/")
}

// TestNoticeReportingAndInstructions walks the lead office's pages of this
// part: a 督办单 issued on the item page (a second one asks to confirm),
// previewed and printed; the reporting rates; the 批示件 ledger; and the
// liaison's view of them, at both sizes and in both languages.
func TestNoticeReportingAndInstructions(t *testing.T) {
	s := newSite(t)
	w := s.watchConsole()
	ctx := context.Background()
	var item *duban.Assignment
	for _, a := range s.assignments(duban.AssignmentFilter{Open: true}) {
		if a.Unit.Name == "省科技厅" && a.Status != duban.StatusDraft && a.Status != duban.StatusClosureRequested {
			item = &a
			break
		}
	}
	if item == nil {
		t.Fatal("the demo has no open item of 省科技厅")
	}
	lead, err := s.db.PrincipalOf(ctx, "zgb")
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.db.Escalate(ctx, lead, item.ID, store.EscalationInput{Level: duban.LevelNotice, Note: "请书面说明进展滞后的原因", ReplyDue: today().AddDays(7)})
	if err != nil {
		t.Fatal(err)
	}
	href := fmt.Sprintf("/assignments/%d", item.ID)
	preview := fmt.Sprintf("%s/notices/%d", href, e.ID)

	s.login("zgb", "duban-demo")
	s.open(href)
	s.clickLink("#escalations", preview)
	if got := s.text(".adm-doc-title"); !strings.Contains(got, "督办") {
		t.Errorf("the preview's title %q", got)
	}
	if got := s.text(".adm-doc-number"); got != e.Number {
		t.Errorf("the preview's number %q, want %q", got, e.Number)
	}
	// Printed, the page is the document alone.
	s.media("print")
	if n := eval[int](s, `[".topbar", ".sidenav", "#notice-print", ".adm-crumbs"].filter(q => { const e = document.querySelector(q); return e && getComputedStyle(e).display !== "none"; }).length`); n != 0 {
		t.Errorf("printing shows %d parts besides the document", n)
	}
	s.media("")
	s.screenshot("notice-preview")

	// A second notice asks to confirm.
	s.open(href)
	s.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("act-escalate").open = true`),
		chromedp.SetValue(chromedp.ID("es-level"), "notice"),
		chromedp.SetValue(chromedp.ID("es-due"), today().AddDays(5).String()))
	if s.count("#es-pending") != 1 {
		t.Error("the escalation form does not warn of the notice awaiting its reply")
	}
	s.follow(chromedp.Click(chromedp.CSS("#act-escalate button[type=submit]")))
	if got := s.text("#act-escalate .error"); !strings.Contains(got, e.Number) {
		t.Errorf("a second notice unconfirmed: error %q, want it to name %s", got, e.Number)
	}
	w.reset() // the form answers 409 by design
	s.do(chromedp.Click(chromedp.CSS(`#es-pending input[name="confirm_second"]`)))
	s.follow(chromedp.Click(chromedp.CSS("#act-escalate button[type=submit]")))
	if got := s.flash(); got == "" || strings.Contains(got, "未能") {
		t.Errorf("the confirmed second notice: flash %q", got)
	}
	w.check(t, "the 督办单")

	// The lead office registers a leader's instruction for 省科技厅.
	s.open("/instructions")
	s.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("instr-register").open = true`),
		chromedp.SendKeys(chromedp.ID("i-number"), "批示〔2026〕9号"),
		chromedp.SendKeys(chromedp.ID("i-leader"), "省政府主要领导"),
		chromedp.SetValue(chromedp.ID("i-unit"), fmt.Sprint(s.unitID("省科技厅"))),
		chromedp.SendKeys(chromedp.ID("i-title"), "科技成果就地转化"),
		chromedp.SendKeys(chromedp.ID("i-text"), "请省科技厅牵头，一季度内拿出成果就地转化的具体措施。"),
		chromedp.SendKeys(chromedp.ID("i-wd"), "15"))
	s.follow(chromedp.Click(chromedp.CSS("#instr-form button[type=submit]")))
	if got := s.flash(); !strings.Contains(got, "批示〔2026〕9号") || !strings.HasPrefix(s.path(), "/assignments/") {
		t.Errorf("after registering an instruction: flash %q on %s", got, s.path())
	}
	s.open("/instructions")
	if got := s.texts("#instructions tbody td:first-child"); len(got) != 1 || got[0] != "批示〔2026〕9号" {
		t.Errorf("the instructions ledger lists %q", got)
	}
	w.check(t, "the instructions ledger")

	// Two months on, the demo's items are expected to have reported.
	s.db.Now = func() time.Time { return time.Now().Add(62 * 24 * time.Hour) }
	t.Cleanup(func() { s.db.Now = time.Now })
	s.walkPages(w, "zgb", "duban-demo", []adminPage{
		{preview, "", "督办单", "Supervision notice", false},
		{fmt.Sprintf("/plans/%d/reporting", s.plan), "reporting", "报送情况", "Reporting rates", true},
		{"/instructions", "instructions", "领导批示件办理台账", "Leadership instructions", true},
	})
	s.open(fmt.Sprintf("/plans/%d/reporting", s.plan))
	if n := s.count("#rates tbody tr"); n < 2 {
		t.Errorf("the reporting rates list %d units, want several", n)
	}
	s.walkPages(w, "kjt", "duban-demo", []adminPage{
		{preview, "", "督办单", "Supervision notice", false},
		{fmt.Sprintf("/plans/%d/reporting", s.plan), "", "报送情况", "Reporting rates", true},
	})
}
