package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// TestLedgerBulkBrowser: the lead office ticks the page's rows with the
// heading's box, urges them (answering the confirmation), and the list says
// so; on a phone the bulk bar fits the screen.
func TestLedgerBulkBrowser(t *testing.T) {
	s := newSite(t)
	w := s.watchConsole()
	s.login("zgb", "duban-demo")
	s.open(fmt.Sprintf("/ledger?plan=%d&light=red", s.plan))
	s.do(chromedp.WaitVisible(chromedp.ID("bulk-form")))
	rows := s.count(".ledger-flat tbody tr")
	s.do(chromedp.Click(chromedp.ID("bulk-page")))
	if n := s.count("input.bulk-pick:checked"); n != rows || n == 0 {
		t.Fatalf("the heading's box ticked %d of %d rows", n, rows)
	}
	s.screenshot("ledger-bulk")
	asked := ""
	s.do(chromedp.Evaluate[chromedp.Void](`window.confirm = function (m) { sessionStorage.setItem("asked", m); return true; }`))
	s.follow(chromedp.Click(chromedp.ID("bulk-urge")))
	asked = eval[string](s, `sessionStorage.getItem("asked") || ""`)
	if !strings.Contains(asked, "催办") {
		t.Errorf("the bulk 催办 asked %q before going out", asked)
	}
	if got := s.text(".flash"); !strings.HasPrefix(got, fmt.Sprintf("已对%d项事项催办", rows)) {
		t.Errorf("after the bulk 催办 the page says %q (asked %q)", got, asked)
	}
	list, err := s.db.ListAssignments(context.Background(), duban.System, duban.AssignmentFilter{PlanID: s.plan, Open: true}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	urged := 0
	for _, a := range list.Items {
		es, _ := s.db.ListEscalations(context.Background(), duban.System, a.ID)
		for _, e := range es {
			if e.Level == duban.LevelUrge && strings.HasPrefix(e.DeadlineKey, "manual:") {
				urged++
				break
			}
		}
	}
	if urged != rows {
		t.Errorf("%d items urged by hand, want %d", urged, rows)
	}
	s.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait), chromedp.Reload())
	s.do(chromedp.WaitVisible(chromedp.ID("bulk-form")))
	s.checkNoOverflow()
	s.screenshot("ledger-bulk-phone")
	w.check(t, "bulk actions")
}
