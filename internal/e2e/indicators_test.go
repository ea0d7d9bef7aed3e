package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// The monitoring pages as the lead unit and a city's liaison use them: the
// table with its breaches and items, the trend chart, the battle map's
// panel, approval, and the entry grid.
func TestIndicatorPages(t *testing.T) {
	s := newSite(t)
	x, err := s.db.FindIndicatorByName(context.Background(), duban.System, "财政科技支出")
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/indicators/%d", x.ID)

	s.login("czt-jc", "duban-demo")
	s.open("/indicators")
	if got := s.texts("#ind-list tbody th a"); len(got) != 3 {
		t.Errorf("indicators: got %v, want three", got)
	}
	s.screenshot("indicators")
	s.open(page)
	s.do(chromedp.WaitVisible(chromedp.ID("ind-table")))
	if n := s.count("#ind-table tbody tr"); n != 11 {
		t.Errorf("table rows: got %d, want 11 units", n)
	}
	if got := s.texts("#ind-table tr.ind-breach th"); strings.Join(got, ",") != "延安市,汉中市,商洛市" {
		t.Errorf("units in breach in the last month: got %v, want 延安市, 汉中市 and 商洛市", got)
	}
	if n := s.count("#ind-table tr.ind-breach a[href^='/assignments/']"); n != 3 {
		t.Errorf("breaches linked to their items: got %d, want 3", n)
	}
	s.checkCharts("ind-trend")
	s.checkNoOverflow()
	s.screenshot("indicator-table")

	// The unit's trend: this year against last.
	s.follow(chromedp.Click(chromedp.CSS(`#ind-table tbody tr.ind-breach th a`)))
	s.checkCharts("ind-unit-trend")
	s.screenshot("indicator-unit")

	// The battle map has the panel.
	s.open(fmt.Sprintf("/plans/%d", s.plan))
	if got := s.texts("#indicators-panel #ind-list tbody th a"); len(got) != 3 {
		t.Errorf("battle map panel: got %v", got)
	}

	// Approval of an unapproved month locks it.
	s.open(page)
	if s.count("#approve") == 1 {
		s.follow(chromedp.Click(chromedp.ID("approve")))
		if got := s.text("#ind-completeness"); !strings.Contains(got, "已审核锁定") {
			t.Errorf("after approval: %q", got)
		}
	}

	// A liaison sees its own row and enters figures in the grid.
	s.login("xa", "duban-demo")
	s.open(page)
	if got := s.texts("#ind-table tbody th"); len(got) != 1 || got[0] != "西安市" {
		t.Errorf("liaison's table: got %v, want 西安市 only", got)
	}
	s.open("/entry")
	s.do(chromedp.WaitVisible(chromedp.ID("save")))
	if n := s.count(".ind-last"); n < 12 {
		t.Errorf("entry grid: %d last-year figures, want a year's worth", n)
	}
	s.checkNoOverflow()
	s.screenshot("indicator-entry")
}
