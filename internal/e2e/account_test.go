package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// An account the system administrator created signs in for the first time
// in a browser: it is sent to change its password (a weak one is refused
// with the rule it breaks), sees its sessions, turns on the second factor
// with the QR code, keeps its recovery codes, and signs in again with a
// code after the password.
func TestAccountSecurity(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin, err := s.db.PrincipalOf(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	u := &duban.User{Username: "zhang-new", DisplayName: "新来的张某", Role: duban.RoleInspector}
	if err := s.db.CreateUser(ctx, admin, u, "Given-pw-1"); err != nil {
		t.Fatal(err)
	}
	s.login("zhang-new", "Given-pw-1")
	if p := s.path(); !strings.HasPrefix(p, "/account/password") {
		t.Fatalf("first sign-in: landed on %q, want the change form", p)
	}
	if got := s.text("#pw-reason"); !strings.Contains(got, "首次登录须先修改初始密码") {
		t.Errorf("change form says %q, want why", got)
	}
	change := func(current, pw string) {
		s.do(chromedp.SendKeys(chromedp.ID("current_password"), current), chromedp.SendKeys(chromedp.ID("password"), pw), chromedp.SendKeys(chromedp.ID("password2"), pw))
		s.follow(chromedp.Submit(chromedp.ID("password2")))
	}
	change("Given-pw-1", "zhangsan1234")
	if got := s.text("#pw-error"); !strings.Contains(got, "至少3类") {
		t.Errorf("weak password: the form says %q, want the classes rule", got)
	}
	s.screenshot("account-password")
	change("Given-pw-1", "Qinling-2026")
	if p := s.path(); p != "/" {
		t.Fatalf("after the change: landed on %q, want the home page", p)
	}
	s.follow(chromedp.Click(chromedp.ID("my-account")))
	if n := s.count("#session-list tbody tr.current"); n != 1 {
		t.Errorf("account page: got %d current sessions, want 1", n)
	}
	s.screenshot("account")

	s.follow(chromedp.Click(chromedp.ID("totp-link")))
	s.follow(chromedp.Click(chromedp.ID("totp-start")))
	if ok := eval[bool](s, `document.getElementById("totp-qr").complete && document.getElementById("totp-qr").naturalWidth === 240`); !ok {
		t.Error("enrolment: the QR code did not load")
	}
	secret := strings.ReplaceAll(s.text("#totp-secret"), " ", "")
	s.screenshot("account-totp")
	s.do(chromedp.SendKeys(chromedp.ID("code"), duban.TOTPCode(secret, time.Now())))
	s.follow(chromedp.Submit(chromedp.ID("code")))
	codes := s.texts("#recovery-codes code")
	if len(codes) != 10 {
		t.Fatalf("after confirming: got %d recovery codes, want 10", len(codes))
	}
	s.screenshot("account-totp-recovery")

	s.follow(chromedp.Submit(chromedp.CSS(`form[action="/logout"]`)))
	s.login("zhang-new", "Qinling-2026")
	if p := s.path(); !strings.HasPrefix(p, "/login/totp") {
		t.Fatalf("sign-in with a second factor: landed on %q, want the code form", p)
	}
	s.screenshot("login-totp")
	s.db.Now = func() time.Time { return time.Now().Add(30 * time.Second) } // the enrolment's code is used
	defer func() { s.db.Now = time.Now }()
	s.do(chromedp.SendKeys(chromedp.ID("code"), duban.TOTPCode(secret, time.Now().Add(30*time.Second))))
	s.follow(chromedp.Submit(chromedp.ID("code")))
	if got := s.text(".who"); !strings.Contains(got, "新来的张某") {
		t.Errorf("after the code: the header names %q, want the user", got)
	}
}

// The audit administrator filters the audit log and verifies the chain
// with the button.
func TestAuditLogPage(t *testing.T) {
	s := newSite(t)
	s.login("czt", "wrong-password")
	s.login("auditor", "duban-auditor")
	s.follow(chromedp.Click(chromedp.CSS(`.sidenav a[href="/audit"]`)))
	if n := s.count("#audit-log tbody tr"); n != 50 {
		t.Errorf("first page: got %d events, want 50", n)
	}
	s.do(chromedp.SendKeys(chromedp.CSS(`input[name="actor"]`), "czt"), chromedp.SendKeys(chromedp.CSS(`input[name="action"]`), "auth"))
	s.follow(chromedp.Submit(chromedp.CSS(`input[name="actor"]`)))
	rows := s.texts("#audit-log tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], "登录失败") {
		t.Errorf("czt's sign-in events: got %q, want the one failure", rows)
	}
	s.follow(chromedp.Click(chromedp.ID("verify-button")))
	if got := s.text("#verify-result"); !strings.Contains(got, "审计链完好") {
		t.Errorf("verification: got %q", got)
	}
	s.screenshot("audit")
}
