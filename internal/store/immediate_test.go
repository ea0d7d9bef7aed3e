package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// Tests of 立行立改 deadlines (assignment day + the plan's working days)
// and of the warning given when a deadline is set on a rest day, through
// National Day 2025 (10-01–08 off, Sunday 09-28 and Saturday 10-11 worked)
// and Spring Festival 2026 (02-15–23 off, Saturdays 02-14 and 02-28 worked).

// setClock points db's clock at 10:00 China time on day.
func setClock(db *store.DB, day string) {
	t := duban.MustDate(day).Time()
	at := time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, duban.ChinaTime)
	db.Now = func() time.Time { return at }
}

func deadlineOf(t *testing.T, db *store.DB, id int64) (duban.DeadlineKind, string) {
	t.Helper()
	a, err := db.FindAssignment(context.Background(), duban.System, id, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	return a.DeadlineKind, a.Deadline.String()
}

// TestImmediateDeadlineFollowsChanges: a measure marked 立行立改 after it
// was assigned is dated from its assignment day; changed back to a date,
// its assignments follow the date; an assignment set to 立行立改 by the lead
// office is dated the same way; reopened without a new date, a 立行立改 item
// counts its working days afresh from the reopening.
func TestImmediateDeadlineFollowsChanges(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		setClock(db, "2025-09-26") // a Friday
		rp := newSmallPlan(t, db, duban.CadenceNone)
		a := oneAssignment(t, db, rp.problems[0], rp.units[0], duban.DeadlineDate, duban.MustDate("2025-12-31"), 0)
		step(t, db, a.ID, duban.ActionAssign)

		setClock(db, "2025-10-20")
		task, err := db.UpdateTask(ctx, duban.System, a.TaskID, 0, duban.TaskUpdate{DeadlineKind: ptr(duban.DeadlineImmediate)})
		if err != nil {
			t.Fatal(err)
		}
		if kind, d := deadlineOf(t, db, a.ID); kind != duban.DeadlineImmediate || d != "2025-10-16" {
			t.Errorf("marked 立行立改 after assignment on 09-26: %s %s, want immediate 2025-10-16", kind, d)
		}
		if _, err := db.UpdateTask(ctx, duban.System, a.TaskID, task.Version, duban.TaskUpdate{DeadlineKind: ptr(duban.DeadlineDate), Deadline: ptr(duban.MustDate("2025-11-28"))}); err != nil {
			t.Fatal(err)
		}
		if kind, d := deadlineOf(t, db, a.ID); kind != duban.DeadlineDate || d != "2025-11-28" {
			t.Errorf("changed back to a date: %s %s, want date 2025-11-28", kind, d)
		}

		b := oneAssignment(t, db, rp.problems[1], rp.units[1], duban.DeadlineDate, duban.MustDate("2026-06-30"), 0)
		setClock(db, "2026-02-13") // a Friday, the last working day before the Spring Festival but one
		step(t, db, b.ID, duban.ActionAssign)
		setClock(db, "2026-03-02")
		up, err := db.UpdateAssignment(ctx, duban.System, b.ID, 0, duban.AssignmentUpdate{DeadlineKind: ptr(duban.DeadlineImmediate)})
		if err != nil {
			t.Fatal(err)
		}
		// From 02-13: 02-14 (worked), 02-24, 25, 26, 27, 28 (worked), 03-02, 03, 04, 05.
		if up.DeadlineKind != duban.DeadlineImmediate || up.Deadline.String() != "2026-03-05" {
			t.Errorf("assignment set to 立行立改: %s %s, want immediate 2026-03-05", up.DeadlineKind, up.Deadline)
		}

		c := oneAssignment(t, db, rp.problems[0], rp.units[2], duban.DeadlineImmediate, duban.Date{}, 0)
		setClock(db, "2025-09-30")
		step(t, db, c.ID, duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify)
		if kind, d := deadlineOf(t, db, c.ID); kind != duban.DeadlineImmediate || d != "2025-10-21" {
			t.Errorf("assigned 09-30: %s %s, want immediate 2025-10-21", kind, d)
		}
		setClock(db, "2026-02-13")
		step(t, db, c.ID, duban.ActionReopen)
		if kind, d := deadlineOf(t, db, c.ID); kind != duban.DeadlineImmediate || d != "2026-03-05" {
			t.Errorf("reopened 2026-02-13: %s %s, want immediate 2026-03-05", kind, d)
		}
	})
}

// TestImmediateWithinValidated: the plan's working days for 立行立改 default
// to 10 and must lie between 1 and 60.
func TestImmediateWithinValidated(t *testing.T) {
	pl := duban.Plan{Title: "方案", OwnerUnitID: 1}
	if err := pl.Validate(); err != nil || pl.Ladder.ImmediateWithin != 10 {
		t.Fatalf("default: %d, %v; want 10", pl.Ladder.ImmediateWithin, err)
	}
	for _, n := range []int{-1, 61} {
		l := duban.DefaultLadder()
		l.ImmediateWithin = n
		if f := duban.ErrorFields(l.Validate()); f["immediate_within"] == "" {
			t.Errorf("%d working days accepted", n)
		}
	}
}

// TestRestDayDeadlineWarnings: a deadline set on a rest day is kept as set,
// and the answer says so, naming the rest and the next working day; a
// Saturday worked in lieu is a working day and draws no warning.
func TestRestDayDeadlineWarnings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		setClock(db, "2025-09-01")
		rp := newSmallPlan(t, db, duban.CadenceNone)
		cases := []struct{ day, want string }{
			{"2025-10-01", "整改时限2025年10月1日是休息日（国庆中秋），按所填日期保留；建议改为下一个工作日2025年10月9日"},
			{"2026-02-21", "建议改为下一个工作日2026年2月24日"},
			{"2026-03-01", "2026年3月1日是休息日（星期日）"},
			{"2026-02-28", ""}, // a Saturday worked
			{"2025-10-11", ""}, // a Saturday worked
			{"2025-12-31", ""},
		}
		for _, c := range cases {
			tk := &duban.Task{NodeID: rp.problems[0], Title: "举措" + c.day, DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate(c.day), LeadUnitID: rp.units[0]}
			if err := db.CreateTask(ctx, duban.System, tk); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(tk.Warnings, "|")
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("deadline %s: warnings %q, want one containing %q", c.day, got, c.want)
			}
			if tk.Deadline.String() != c.day {
				t.Errorf("deadline %s stored as %s", c.day, tk.Deadline)
			}
		}

		// Updating: a warning when the deadline is set anew, none otherwise.
		tk := &duban.Task{NodeID: rp.problems[1], Title: "完善制度", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2025-10-01"), LeadUnitID: rp.units[1]}
		if err := db.CreateTask(ctx, duban.System, tk); err != nil {
			t.Fatal(err)
		}
		x, err := db.UpdateTask(ctx, duban.System, tk.ID, 0, duban.TaskUpdate{Title: ptr("完善制度机制")})
		if err != nil || len(x.Warnings) != 0 {
			t.Errorf("title changed: warnings %q, %v; want none", x.Warnings, err)
		}
		x, err = db.UpdateTask(ctx, duban.System, tk.ID, 0, duban.TaskUpdate{Deadline: ptr(duban.MustDate("2026-02-22"))})
		if err != nil || len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "春节") {
			t.Errorf("deadline moved to 2026-02-22: warnings %q, %v; want one naming 春节", x.Warnings, err)
		}
		list, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{TaskID: tk.ID}, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.UpdateAssignment(ctx, duban.System, list.Items[0].ID, 0, duban.AssignmentUpdate{Deadline: ptr(duban.MustDate("2025-10-05"))})
		if err != nil || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "2025年10月9日") {
			t.Errorf("assignment moved to 2025-10-05: warnings %q, %v", a.Warnings, err)
		}

		// A 督办单 whose reply is due on a rest day.
		step(t, db, a.ID, duban.ActionAssign)
		e, err := db.Escalate(ctx, duban.System, a.ID, store.EscalationInput{Level: duban.LevelNotice, Note: "请回复", ReplyDue: duban.MustDate("2026-02-15")})
		if err != nil || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0], "回复时限2026年2月15日是休息日（春节）") {
			t.Errorf("督办单 reply due 2026-02-15: warnings %q, %v", e.Warnings, err)
		}

		// An import names each measure whose deadline is on a rest day.
		o := &duban.Outline{Meta: duban.OutlineMeta{Title: "整改台账"}, Aspects: []*duban.OutlineNode{{Kind: duban.NodeAspect, Title: "作风方面",
			Children: []*duban.OutlineNode{{Kind: duban.NodeProblem, Title: "会议偏多", Measures: []*duban.OutlineMeasure{
				{Title: "精简会议", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2025-10-04"), LeadUnit: "评审单位1"},
				{Title: "压缩文件", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2025-10-10"), LeadUnit: "评审单位1"},
			}}}}}}
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: rp.plan, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "举措“精简会议”的整改时限2025年10月4日是休息日") {
			t.Errorf("import warnings %q, want one for 精简会议", res.Warnings)
		}
	})
}

// TestMilestoneOnRestDayWarned: a project whose milestone falls due on a
// rest day is created as planned, with a warning naming that milestone; an
// edit warns only of a milestone moved to a rest day.
func TestMilestoneOnRestDayWarned(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := mustProjectWorld(t, db)
		at(db, "2025-06-01")
		x := &duban.Project{ProgrammeID: w.programme.ID, Title: "高端轴承攻关", LeadUnit: duban.UnitRef{ID: w.uniA}, Chief: "张教授",
			StartDate: duban.MustDate("2025-06-01"), EndDate: duban.MustDate("2026-05-31"), Budget: 8_000_000, TRLStart: 3, TRLTarget: 6,
			Milestones: []duban.Milestone{
				{Title: "样件试制", Due: duban.MustDate("2025-10-04"), TRLRequired: 4, Deliverables: "样件", Tranche: 1_000_000},
				{Title: "台架试验", Due: duban.MustDate("2026-02-28"), TRLRequired: 5, Deliverables: "试验报告", Tranche: 2_000_000},
			}}
		if err := db.CreateProject(ctx, w.lead, x); err != nil {
			t.Fatal(err)
		}
		if len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "里程碑“样件试制”的考核时间2025年10月4日是休息日（国庆中秋）") {
			t.Errorf("created: warnings %q, want one for 样件试制", x.Warnings)
		}
		up := *x
		up.Milestones = append([]duban.Milestone(nil), x.Milestones...)
		up.Milestones[1].Due = duban.MustDate("2026-02-22")
		got, err := db.UpdateProject(ctx, w.lead, x.ID, 0, up)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "台架试验") || !strings.Contains(got.Warnings[0], "2026年2月24日") {
			t.Errorf("edited: warnings %q, want one for 台架试验 moved to 2026-02-22", got.Warnings)
		}
	})
}
