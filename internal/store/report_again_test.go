package store_test

import (
	"context"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// A second report for a period is taken as a supplement, with a warning; a
// report after a returned one is the period's report again, without one.
func TestSecondReportOfAPeriodWarns(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		a := f.assignmentOf(t, f.finance)
		if _, err := db.Transition(ctx, f.lead, a.ID, 0, duban.ActionAssign, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		report := func(content string) *duban.Report {
			t.Helper()
			r := &duban.Report{AssignmentID: a.ID, Period: "2022-03", Content: content}
			if err := db.CreateReport(ctx, f.liaison, r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := report("已拨付专项资金")
		if len(first.Warnings) != 0 {
			t.Errorf("first report warns: %q", first.Warnings)
		}
		if _, err := db.ReviewReport(ctx, f.lead, first.ID, 0, duban.ReportReview{Review: duban.ReviewReturned, Comment: "请补充金额"}); err != nil {
			t.Fatal(err)
		}
		again := report("已拨付专项资金5000万元")
		if len(again.Warnings) != 0 {
			t.Errorf("a report after a returned one warns: %q", again.Warnings)
		}
		extra := report("补充：资金已到位")
		if len(extra.Warnings) != 1 || !strings.Contains(extra.Warnings[0], "2022-03期已报送过1次") {
			t.Errorf("second report of the period: warnings %q", extra.Warnings)
		}
		// The count is bounded, so that a write costs the same however many
		// reports the period has: past 20 the warning says "more than 20".
		for range 18 {
			report("补充材料")
		}
		if w := report("再补充").Warnings; len(w) != 1 || !strings.Contains(w[0], "2022-03期已报送过20次以上") {
			t.Errorf("the 22nd report of the period: warnings %q", w)
		}
		other := &duban.Report{AssignmentID: a.ID, Period: "2022-04", Content: "四月进展"}
		if err := db.CreateReport(ctx, f.liaison, other); err != nil || len(other.Warnings) != 0 {
			t.Errorf("next period: %v, warnings %q", err, other.Warnings)
		}
	})
}
