package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSavedFilterAndFollow: the lead saves the red list as a filter and
// follows an item; both are on the 工作台, and the saved filter opens the
// same list; at phone width the 工作台 fits.
func TestSavedFilterAndFollow(t *testing.T) {
	s := newSite(t)
	w := s.watchConsole()
	s.login("zgb", "duban-demo")
	s.open(fmt.Sprintf("/ledger?plan=%d&light=red", s.plan))
	s.do(chromedp.WaitVisible(chromedp.ID("save-filter")))
	rows := s.texts(".ledger-flat tbody td.title-cell a")
	s.do(chromedp.SendKeys(chromedp.ID("save-filter-name"), "红灯事项"))
	s.follow(chromedp.Click(chromedp.CSS("#save-filter button[type=submit]")))
	if got := s.text(".flash"); !strings.Contains(got, "已保存常用筛选") {
		t.Errorf("after saving: %q", got)
	}
	s.follow(chromedp.Click(chromedp.CSS(".ledger-flat tbody td.title-cell a")))
	s.follow(chromedp.Click(chromedp.ID("follow-button")))
	if got := s.text("#follow-button"); !strings.Contains(got, "取消关注") {
		t.Errorf("after following the button says %q", got)
	}
	title := s.text("h1")
	s.open("/")
	s.do(chromedp.WaitVisible(chromedp.ID("followed-list")))
	if got := s.text("#followed-list"); !strings.Contains(got, title) {
		t.Errorf("我关注的 lists %q, want %q", got, title)
	}
	s.screenshot("home-watch")
	s.follow(chromedp.Click(chromedp.CSS("a.saved-filter")))
	if got := s.texts(".ledger-flat tbody td.title-cell a"); strings.Join(got, "|") != strings.Join(rows, "|") {
		t.Errorf("the saved filter lists %q, the red list was %q", got, rows)
	}
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	s.open("/")
	s.do(chromedp.WaitVisible(chromedp.ID("followed-list")))
	s.checkNoOverflow()
	s.screenshot("home-watch-phone")
	w.check(t, "saved filter and follow")
}
