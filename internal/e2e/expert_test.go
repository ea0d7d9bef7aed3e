package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An expert (评审专家) who opens the ledger, the plans or the instructions
// ledger is told why it may not, on the computer and on a phone, and is
// pointed to nothing it cannot use: its navigation has challenges and
// projects only.
func TestExpertLedgerForbidden(t *testing.T) {
	s := newSite(t)
	s.login("expert", "duban-demo")
	if links := s.texts(".sidenav a"); strings.Contains(strings.Join(links, " "), "台账") {
		t.Errorf("an expert's navigation: got %q, want no ledger", links)
	}
	for _, path := range []string{"/ledger", "/plans", "/instructions"} {
		s.open(path)
		s.do(chromedp.WaitVisible(chromedp.CSS("main")))
		if got := s.text("main"); !strings.Contains(got, "您没有权限") || !strings.Contains(got, "评审专家只查看指定给本人的榜单和项目") {
			t.Errorf("%s as an expert: got %q, want the reason it is forbidden", path, got)
		}
	}
	s.open("/ledger")
	s.screenshot("expert-ledger-forbidden")
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	s.open("/ledger")
	s.screenshot("expert-ledger-forbidden-phone")
}
