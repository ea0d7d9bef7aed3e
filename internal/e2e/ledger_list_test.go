package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLedgerListBrowser opens the lead office's filtered ledger list in
// Chromium: it states the total, links the deadline header to the other
// order (which the filter form then keeps), and offers the export of the
// view with its filters.
func TestLedgerListBrowser(t *testing.T) {
	s := newSite(t)
	s.login("zgb", "duban-demo")
	s.open(fmt.Sprintf("/ledger?plan=%d&status=open", s.plan))
	s.do(chromedp.WaitVisible(chromedp.CSS(".ledger-flat")))
	total := s.text(".ledger-count")
	m := regexp.MustCompile(`共 (\d+) 项`).FindStringSubmatch(total)
	if m == nil {
		t.Fatalf("the list states no total: %q", total)
	}
	if rows := s.count(".ledger-flat tbody tr"); fmt.Sprint(rows) != m[1] && rows != 50 {
		t.Errorf("共 %s 项 but %d rows on a page of 50", m[1], rows)
	}
	if href := eval[string](s, `document.querySelector(".ledger-export").getAttribute("href")`); !strings.Contains(href, "status=open") || !strings.HasPrefix(href, "/ledger/export.xlsx?") {
		t.Errorf("the export link %q does not carry the filter", href)
	}
	s.screenshot("ledger-list")
	s.follow(chromedp.Click(chromedp.CSS("a.sort-due")))
	if got := eval[string](s, `document.querySelector("th[aria-sort]").getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("after the header's link the list is %s", got)
	}
	s.follow(chromedp.Click(chromedp.CSS(".ledger-filters button[type=submit], .ledger-filters input[type=submit]")))
	if p := s.path(); !strings.Contains(p, "sort=-due") {
		t.Errorf("the filter form dropped the order: %s", p)
	}
}
