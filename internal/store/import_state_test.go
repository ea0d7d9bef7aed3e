package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
		// 立行立改 and closed: dated from the import's day before it closes.
		p.Measures = append(p.Measures, &duban.OutlineMeasure{Title: "举措11", LeadUnit: "省财政厅", DeadlineKind: duban.DeadlineImmediate,
			Status: duban.StatusClosed})
		o.Meta.AsOf = duban.MustDate("2022-09-30")
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Created; c["assignments"] != 20 || c["assigned"] != 20 || c["closures"] != 13 || c["reports"] != 10 {
			t.Errorf("created %v, want 20 assignments all assigned, 13 closures (6 measures × 2 units and one alone), 10 reports", c)
		}
		// Each assignment is as its steps leave it: a version per step, the
		// report's period, the days it was assigned and closed, and one
		// transition per step.
		var shape string
		if err := db.QueryRowRaw(ctx, `SELECT COUNT(*) || ' ' || SUM(version) || ' ' || SUM(CASE WHEN last_period = '2022-09' THEN 1 ELSE 0 END)
			|| ' ' || SUM(CASE WHEN assigned_at IS NOT NULL THEN 1 ELSE 0 END) || ' ' || SUM(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END)
			|| ' ' || (SELECT COUNT(*) FROM transitions) || ' ' || SUM(CASE WHEN deadline_kind = 'immediate' AND deadline IS NOT NULL AND original_deadline = deadline THEN 1 ELSE 0 END)
			FROM assignments`, &shape); err != nil {
			t.Fatal(err)
		}
		// versions: 7 assigned × 2, 12 closed × 4, the 立行立改 one 5 (created, assigned, dated, closure asked, closed)
		if want := "20 67 10 20 13 46 1"; shape != want {
			t.Errorf("assignments, versions, with the report's period, assigned, closed, transitions, 立行立改 dated = %s, want %s", shape, want)
		}
		// What the import wrote (reports, assignments) is audited as if
		// written in duban: verify finds nothing added behind its back.
		if drift, err := db.CheckRows(ctx); err != nil || len(drift) > 0 {
			t.Errorf("audited rows after the import: %v %v, want none", drift, err)
		}
		// They are audited together: one import.rows event for the
		// measures and one for the reports, none a row; the assignments
		// by the seal alone.
		var events string
		if err := db.QueryRowRaw(ctx, `SELECT COALESCE(SUM(CASE WHEN action = 'import.rows' THEN 1 ELSE 0 END), 0) || ' ' ||
			COALESCE(SUM(CASE WHEN action IN ('task.create', 'report.import', 'assignment.create') THEN 1 ELSE 0 END), 0) FROM audit_events`, &events); err != nil {
			t.Fatal(err)
		}
		if events != "2 0" {
			t.Errorf("import.rows events and events of single rows = %s, want 2 0", events)
		}
		as, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID, Page: duban.Page{Limit: 100}}, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[duban.Status]int{}
		for _, a := range as.Items {
			byStatus[a.Status]++
		}
		if byStatus[duban.StatusClosed] != 13 || byStatus[duban.StatusAssigned] != 7 || byStatus[duban.StatusDraft] != 0 {
			t.Errorf("statuses %v, want 13 closed, 7 assigned, none draft", byStatus)
		}
		out, err := db.Outline(ctx, duban.System, res.PlanID, 0, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		closed := 0
		for i, m := range out.Aspects[0].Children[0].Measures[:10] {
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
		// An imported measure's or report's text changed behind duban's
		// back, or an imported assignment closed, is named all the same.
		must(t, db.ExecRaw(ctx, `UPDATE tasks SET content = '改过的内容' WHERE id = (SELECT MAX(id) FROM tasks)`))
		must(t, db.ExecRaw(ctx, `UPDATE reports SET content = '伪造的进展' WHERE id = (SELECT MIN(id) FROM reports)`))
		must(t, db.ExecRaw(ctx, `UPDATE assignments SET status = 'closed' WHERE id = (SELECT MIN(id) FROM assignments WHERE status <> 'closed')`))
		drift, err := db.CheckRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(drift); len(drift) != 3 || !strings.Contains(got, "tasks 第") || !strings.Contains(got, "reports 第") || !strings.Contains(got, "assignments 第") {
			t.Errorf("drift after editing an imported measure, report and assignment: %s, want the three", got)
		}
	})
}

// A notice that names no responsible unit imports its measures to be
// assigned; what it says of their progress cannot become a unit's report,
// and the import says so in one warning instead of dropping it silently.
// Importing the same notice into the plan it made finds the measures and
// warns of nothing (they are the plan's own).
func TestImportWarnsOfProgressItCannotKeep(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOutline()
		p := o.Aspects[0].Children[0]
		p.Measures = nil
		for i := 1; i <= 5; i++ {
			m := &duban.OutlineMeasure{Title: fmt.Sprintf("举措%d", i), DeadlineKind: duban.DeadlineLongTerm}
			if i <= 4 {
				m.Progress = fmt.Sprintf("已召开第%d次专题会议", i)
			}
			if i <= 2 {
				m.Status = duban.StatusClosed
			}
			p.Measures = append(p.Measures, m)
		}
		for _, dry := range []bool{true, false} {
			res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{Notice: true, DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			want := "“举措1”“举措2”“举措3”等4项举措的整改进展未导入（其中2项写明已完成）。文件未写明这些举措的责任单位，导入后待分配；进展由分配到的单位报送，完成的经核验销号"
			if len(res.Warnings) != 1 || res.Warnings[0] != want {
				t.Errorf("dry run %v: warnings %q, want [%q]", dry, res.Warnings, want)
			}
			if res.Created["measures"] != 5 || res.Created["reports"] != 0 || res.Created["closures"] != 0 {
				t.Errorf("dry run %v: created %v, want 5 measures, no report or closure", dry, res.Created)
			}
			if !dry {
				again, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: res.PlanID, Notice: true})
				if err != nil || len(again.Warnings) != 0 || again.Unchanged["measures"] != 5 {
					t.Errorf("into its own plan: %+v, %v; want the 5 measures unchanged and no warning", again, err)
				}
			}
		}
	})
}

// A deadline written as a span (3个月内, 10个工作日内) is counted from the
// document's feedback date, else from the day of the import, moved back to
// a working day so that it stays within the span, and said so; importing
// the file again on a later day moves no deadline.
func TestImportCountsSpans(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.Now = func() time.Time { return time.Date(2026, 12, 7, 10, 0, 0, 0, duban.ChinaTime) }
		span := func(text string) *duban.OutlineMeasure {
			w, ok := duban.ParseWithin(text)
			if !ok {
				t.Fatalf("ParseWithin(%q)", text)
			}
			return &duban.OutlineMeasure{DeadlineKind: duban.DeadlineDate, DeadlineText: text, Within: &w, LeadUnit: "省财政厅"}
		}
		o := sampleOutline()
		p := o.Aspects[0].Children[0]
		p.Measures = nil
		for i, text := range []string{"3个月内", "3个月内", "10个工作日内"} {
			m := span(text)
			m.Title = fmt.Sprintf("举措%d", i+1)
			p.Measures = append(p.Measures, m)
		}
		deadlines := func(planID int64) []string {
			var out []string
			for _, title := range []string{"举措1", "举措2", "举措3"} {
				tasks, err := db.ListTasks(ctx, duban.System, duban.TaskFilter{PlanID: planID, Text: title, Page: duban.Page{Limit: 10}})
				if err != nil || len(tasks.Items) != 1 {
					t.Fatalf("%s: %+v %v", title, tasks, err)
				}
				out = append(out, tasks.Items[0].Deadline.String())
			}
			return out
		}

		// From the feedback's date, 2021年8月26日: 2021-11-26 is a Friday.
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"2项举措的整改时限“3个月内”自2021年8月26日（反馈之日）起算：“举措1”“举措2”，定为2021年11月26日，请核对",
			"举措“举措3”的整改时限“10个工作日内”自2021年8月26日（反馈之日）起算，定为2021年9月9日，请核对"}
		if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
		}
		if got := deadlines(res.PlanID); fmt.Sprint(got) != "[2021-11-26 2021-11-26 2021-09-09]" {
			t.Errorf("deadlines from the feedback: %v", got)
		}

		// No feedback date: from the import's day, 2026年12月7日; three
		// months on is Sunday 2027-03-07, so Friday 2027-03-05.
		o.Meta = duban.OutlineMeta{Title: "某局整改台账", Unit: "某局"}
		res, err = db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want = []string{"2项举措的整改时限“3个月内”自2026年12月7日（导入之日）起算：“举措1”“举措2”，定为2027年3月5日，请核对",
			"举措“举措3”的整改时限“10个工作日内”自2026年12月7日（导入之日）起算，定为2026年12月21日，请核对"}
		if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
		}
		if got := deadlines(res.PlanID); fmt.Sprint(got) != "[2027-03-05 2027-03-05 2026-12-21]" {
			t.Errorf("deadlines from the import's day: %v", got)
		}

		// The same file a month later: nothing moves.
		db.Now = func() time.Time { return time.Date(2027, 1, 7, 10, 0, 0, 0, duban.ChinaTime) }
		again, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: res.PlanID})
		if err != nil || again.Unchanged["measures"] != 3 || len(again.Changes) != 0 {
			t.Errorf("again a month later: %+v, %v; want the 3 measures unchanged", again, err)
		}
		if got := deadlines(res.PlanID); fmt.Sprint(got) != "[2027-03-05 2027-03-05 2026-12-21]" {
			t.Errorf("deadlines after importing again: %v", got)
		}
	})
}
