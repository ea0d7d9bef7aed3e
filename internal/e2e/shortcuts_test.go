package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestReviewShortcuts: the lead reviews from the keyboard: "?" opens the
// list of shortcuts, "a" twice accepts the pending report, "r" moves to
// the return comment, "n" opens the next to-do item, j/k walk a list.
func TestReviewShortcuts(t *testing.T) {
	s := newSite(t)
	w := s.watchConsole()
	// A report of 省科技厅 waits for the lead's review.
	ctx := context.Background()
	tok, _, err := s.db.Login(ctx, store.LoginAttempt{Username: "kjt", Password: "duban-demo", Kind: "api"})
	if err != nil {
		t.Fatal(err)
	}
	kjt, err := s.db.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := s.db.ListAssignments(ctx, kjt, duban.AssignmentFilter{PlanID: s.plan, Open: true}, duban.Date{})
	if err != nil || len(mine.Items) == 0 {
		t.Fatalf("kjt has no open item: %v", err)
	}
	if err := s.db.CreateReport(ctx, kjt, &duban.Report{AssignmentID: mine.Items[0].ID, Period: "2026-12", Content: "已完成制度起草，正在征求意见"}); err != nil {
		t.Fatal(err)
	}
	s.login("zgb", "duban-demo")
	s.open("/")
	s.do(chromedp.WaitVisible(chromedp.ID("todos")))
	href := eval[string](s, `(function () {
		var tag = document.querySelector("#todos tr .tag-review");
		return tag ? tag.closest("tr").querySelector("td.title-cell a").getAttribute("href") : "";
	})()`)
	if href == "" {
		t.Fatal("the lead has no report to review on the 工作台")
	}
	// j moves to the first row of the list, Enter opens it.
	s.do(chromedp.KeyEvent("j"))
	if got := eval[string](s, `document.activeElement.closest("tr") ? document.activeElement.closest("tr").id : ""`); !strings.HasPrefix(got, "todo-") {
		t.Errorf("j did not reach the first to-do row (focus in %q)", got)
	}
	s.open(href)
	s.do(chromedp.WaitVisible(chromedp.CSS("form.report-review")))
	s.do(chromedp.KeyEvent("?"))
	if !eval[bool](s, `document.getElementById("shortcuts").open`) {
		t.Fatal("? did not open the shortcuts")
	}
	if got := s.text("#shortcuts"); !strings.Contains(got, "退回进展报送") || !strings.Contains(got, "待办中的下一项") {
		t.Errorf("the shortcuts say %q", got)
	}
	s.screenshot("shortcuts")
	s.do(chromedp.KeyEvent("?"))
	if eval[bool](s, `document.getElementById("shortcuts").open`) {
		t.Fatal("? did not close the shortcuts")
	}
	// r moves to the comment; typing there is not a shortcut.
	s.do(chromedp.KeyEvent("r"))
	if got := eval[string](s, `document.activeElement.tagName + "." + document.activeElement.name`); got != "TEXTAREA.comment" {
		t.Errorf("r put the focus on %s, want the review comment", got)
	}
	s.do(chromedp.KeyEvent("n"))
	if p := s.path(); p != href {
		t.Fatalf("n typed in the comment left the page for %s", p)
	}
	s.do(chromedp.Evaluate[chromedp.Void](`document.activeElement.value = ""; document.activeElement.blur()`))
	pending := s.count("form.report-review")
	s.do(chromedp.KeyEvent("a"))
	if got := eval[string](s, `document.activeElement.value || ""`); got != "accept" {
		t.Fatalf("the first a put the focus on %q, want the accept button", got)
	}
	s.follow(chromedp.KeyEvent("a"))
	if n := s.count("form.report-review"); n != pending-1 {
		t.Errorf("after a a: %d reports wait for review, want %d", n, pending-1)
	}
	next := eval[string](s, `(document.getElementById("next-item") || {}).getAttribute ? document.getElementById("next-item").getAttribute("href") : ""`)
	if next != "" {
		s.follow(chromedp.KeyEvent("n"))
		if p := s.path(); p != next {
			t.Errorf("n opened %s, want %s", p, next)
		}
	}
	w.check(t, "shortcuts")
}
