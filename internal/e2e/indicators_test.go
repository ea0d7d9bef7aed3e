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

	// One grid, one write: a word in one indicator's cell and a negative
	// count in another's are both named, and the good cell beside them is
	// not saved either.
	firms, err := s.db.FindIndicatorByName(context.Background(), duban.System, "高新技术企业数量")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := s.db.FindIndicatorByName(context.Background(), duban.System, "研发经费投入强度")
	if err != nil {
		t.Fatal(err)
	}
	year := today().Time().Year()
	before, _ := s.db.Trend(context.Background(), duban.System, rd.ID, duban.Date{})
	money := func(n int) string { return fmt.Sprintf(`input[name="v.%d.%d-%02d"]`, x.ID, year, n) }
	s.do(chromedp.SetValue(chromedp.CSS(money(12)), "约九亿"),
		chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`input[name="v.%d.%d"]`, firms.ID, year)), "-5"),
		chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`input[name="v.%d.%d"]`, rd.ID, year)), "2.75"))
	s.follow(chromedp.Click(chromedp.ID("save")))
	if errs := s.texts(".ind-cell-error .field-error"); len(errs) != 2 || !strings.Contains(strings.Join(errs, " "), "不是数字") || !strings.Contains(strings.Join(errs, " "), "不能为负数") {
		t.Errorf("grid errors: got %q, want the word and the negative count named", errs)
	}
	if got := s.text(".error"); !strings.Contains(got, "均未保存") {
		t.Errorf("grid message: %q", got)
	}
	after, _ := s.db.Trend(context.Background(), duban.System, rd.ID, duban.Date{})
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("the good cell of a refused grid was saved")
	}
	s.screenshot("indicator-entry-refused")
}
