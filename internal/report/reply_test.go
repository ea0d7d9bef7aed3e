package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestSupervisionReplyOnWorkingDays: a 督办单 composed without a reply date
// is answered the plan's reply time (5 working days by default) after its
// issue, never on a rest day, and counts the days past the deadline in
// working days. Issued 2025-09-30 for a measure due Friday 09-26: 3 working
// days late (09-28 is a Sunday worked), reply by 10-14 (10-09, 10, 11 a
// Saturday worked, 13, 14), not 10-07 in the National Day holiday; issued
// 2026-02-13, reply by 02-27 (02-14 worked, 02-24 … 02-27), not 02-20 in
// the Spring Festival.
func TestSupervisionReplyOnWorkingDays(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = func() time.Time { return time.Date(2025, 9, 1, 10, 0, 0, 0, duban.ChinaTime) }
	o := sample()
	o.Aspects[0].Children[0].Measures[0].DeadlineKind = duban.DeadlineDate
	o.Aspects[0].Children[0].Measures[0].Deadline = duban.MustDate("2025-09-26")
	res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, a := range as.Items {
		if a.Deadline == duban.MustDate("2025-09-26") {
			id = a.ID
		}
	}
	if id == 0 {
		t.Fatal("no assignment due 2025-09-26")
	}
	for _, c := range []struct{ issued, overdue, reply string }{
		{"2025-09-30", "已超期3个工作日", "2025年10月14日前"},
		{"2026-02-13", "", "2026年2月27日前"},
	} {
		d, err := SupervisionOf(ctx, db, duban.System, id, "督办〔2025〕1号", duban.Date{}, duban.MustDate(c.issued))
		if err != nil {
			t.Fatal(err)
		}
		md := Markdown(d)
		if !strings.Contains(md, c.reply) || !strings.Contains(md, c.overdue) {
			t.Errorf("issued %s: want %q and %q in\n%s", c.issued, c.reply, c.overdue, md)
		}
	}
	// A reply date given is kept as given.
	d, err := SupervisionOf(ctx, db, duban.System, id, "督办〔2025〕2号", duban.MustDate("2025-10-20"), duban.MustDate("2025-09-30"))
	if err != nil {
		t.Fatal(err)
	}
	if md := Markdown(d); !strings.Contains(md, "2025年10月20日前") {
		t.Errorf("given reply date lost:\n%s", md)
	}
}
