package store_test

import (
	"context"
	"fmt"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// A ledger's clerks filled in who is responsible, the progress and which
// measures are closed: all of it arrives. 6 of 10 measures closed, each
// with an imported closure; the 19 assignments assigned; progress text as
// the latest accepted report.
func TestImportKeepsLedgerState(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOutline()
		p := o.Aspects[0].Children[0]
		p.Measures = nil
		for i := 1; i <= 10; i++ {
			m := &duban.OutlineMeasure{Title: fmt.Sprintf("举措%d", i), LeadUnit: "省财政厅", DeadlineKind: duban.DeadlineDate,
				Deadline: duban.MustDate("2022-12-31"), Progress: fmt.Sprintf("已完成第%d项工作", i)}
			if i <= 9 {
				m.CoopUnits = []string{"省科技厅"}
			}
			if i <= 6 {
				m.Status = duban.StatusClosed
			}
			p.Measures = append(p.Measures, m)
		}
		o.Meta.AsOf = duban.MustDate("2022-09-30")
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Created; c["assignments"] != 19 || c["assigned"] != 19 || c["closures"] != 12 || c["reports"] != 10 {
			t.Errorf("created %v, want 19 assignments all assigned, 12 closures (6 measures × 2 units), 10 reports", c)
		}
		// What the import wrote (reports, assignments) is audited as if
		// written in duban: verify finds nothing added behind its back.
		if drift, err := db.CheckRows(ctx); err != nil || len(drift) > 0 {
			t.Errorf("audited rows after the import: %v %v, want none", drift, err)
		}
		as, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID, Page: duban.Page{Limit: 100}}, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[duban.Status]int{}
		for _, a := range as.Items {
			byStatus[a.Status]++
		}
		if byStatus[duban.StatusClosed] != 12 || byStatus[duban.StatusAssigned] != 7 || byStatus[duban.StatusDraft] != 0 {
			t.Errorf("statuses %v, want 12 closed, 7 assigned, none draft", byStatus)
		}
		out, err := db.Outline(ctx, duban.System, res.PlanID, 0, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		closed := 0
		for i, m := range out.Aspects[0].Children[0].Measures {
			if m.Status == duban.StatusClosed {
				closed++
			}
			if want := fmt.Sprintf("已完成第%d项工作", i+1); m.Progress != want {
				t.Errorf("measure %d progress %q, want %q", i+1, m.Progress, want)
			}
		}
		if closed != 6 {
			t.Errorf("%d measures closed, want 6", closed)
		}
		for _, a := range as.Items {
			if a.Status != duban.StatusClosed {
				continue
			}
			cl, err := db.ListClosures(ctx, duban.System, a.ID)
			if err != nil || len(cl) != 1 {
				t.Fatalf("closures of %d: %v, %d", a.ID, err, len(cl))
			}
			break
		}
	})
}
