package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// fixture is a small plan: one aspect, one problem, one task given to two units.
type fixture struct {
	db                 *store.DB
	finance, science   int64 // unit ids
	plan, aspect, prob int64
	task               *duban.Task
	lead, liaison      *duban.Principal
	leader, other      *duban.Principal
}

func mustFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db}
	office := mustUnit(t, db, "中共陕西省委科技工委", "省委科技工委")
	f.finance = mustUnit(t, db, "陕西省财政厅", "省财政厅")
	f.science = mustUnit(t, db, "陕西省科学技术厅", "省科技厅")
	f.lead = &duban.Principal{UserID: mustUser(t, db, "zgb", duban.RoleLead, office), Username: "zgb", Role: duban.RoleLead, UnitID: office}
	f.liaison = &duban.Principal{UserID: mustUser(t, db, "czt", duban.RoleLiaison, f.finance), Username: "czt", Role: duban.RoleLiaison, UnitID: f.finance}
	f.other = &duban.Principal{UserID: mustUser(t, db, "kjt", duban.RoleLiaison, f.science), Username: "kjt", Role: duban.RoleLiaison, UnitID: f.science}
	f.leader = &duban.Principal{UserID: mustUser(t, db, "czt-leader", duban.RoleLeader, f.finance), Username: "czt-leader", Role: duban.RoleLeader, UnitID: f.finance}
	pl := &duban.Plan{Title: "专项巡视反馈意见整改方案", OwnerUnitID: office}
	if err := db.CreatePlan(ctx, f.lead, pl); err != nil {
		t.Fatal(err)
	}
	f.plan = pl.ID
	aspect := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: "工作落实方面"}
	if err := db.CreateNode(ctx, f.lead, aspect); err != nil {
		t.Fatal(err)
	}
	prob := &duban.Node{PlanID: pl.ID, Kind: duban.NodeProblem, ParentID: &aspect.ID, Title: "工作力度不够大"}
	if err := db.CreateNode(ctx, f.lead, prob); err != nil {
		t.Fatal(err)
	}
	f.aspect, f.prob = aspect.ID, prob.ID
	f.task = &duban.Task{NodeID: prob.ID, Title: "加大科技创新投入力度", DeadlineKind: duban.DeadlineDate,
		Deadline: duban.MustDate("2022-06-30"), LeadUnitID: f.finance, CoopUnitIDs: []int64{f.science}}
	if err := db.CreateTask(ctx, f.lead, f.task); err != nil {
		t.Fatal(err)
	}
	return f
}

func mustUnit(t *testing.T, db *store.DB, name, short string) int64 {
	t.Helper()
	u := &duban.Unit{Name: name, ShortName: short, Kind: duban.UnitDepartment}
	if err := db.CreateUnit(context.Background(), duban.System, u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func mustUser(t *testing.T, db *store.DB, name string, role duban.Role, unit int64) int64 {
	t.Helper()
	u := &duban.User{Username: name, Role: role, UnitID: &unit}
	if err := db.CreateUser(context.Background(), duban.System, u, "password-1"); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// assignmentOf returns the task's assignment for a unit.
func (f *fixture) assignmentOf(t *testing.T, unit int64) *duban.Assignment {
	t.Helper()
	list, err := f.db.ListAssignments(context.Background(), duban.System, duban.AssignmentFilter{TaskID: f.task.ID, UnitID: unit}, duban.Date{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("assignment of unit %d: got %v, %v", unit, list.Items, err)
	}
	return &list.Items[0]
}

func TestTaskCreatesAssignments(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		a := f.assignmentOf(t, f.finance)
		if !a.Lead || a.Status != duban.StatusDraft || a.Deadline != f.task.Deadline || a.AspectID != f.aspect {
			t.Errorf("lead assignment: got %+v", a)
		}
		if b := f.assignmentOf(t, f.science); b.Lead {
			t.Errorf("cooperating assignment marked as lead")
		}
		// Moving the deadline moves the assignments that had the old one.
		d := duban.MustDate("2022-09-30")
		if _, err := db.UpdateTask(context.Background(), f.lead, f.task.ID, 1, duban.TaskUpdate{Deadline: &d}); err != nil {
			t.Fatal(err)
		}
		if got := f.assignmentOf(t, f.science).Deadline; got != d {
			t.Errorf("deadline after task update: got %s, want %s", got, d)
		}
	})
}

func TestWorkflow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		id := f.assignmentOf(t, f.finance).ID
		step := func(p *duban.Principal, act duban.Action, in duban.TransitionInput, want duban.Code) *duban.Assignment {
			t.Helper()
			a, err := db.Transition(ctx, p, id, 0, act, in)
			if got := duban.ErrorCode(err); err != nil && got != want || err == nil && want != "" {
				t.Fatalf("%s by %s: got error %v, want code %q", act, p.Username, err, want)
			}
			return a
		}
		step(f.liaison, duban.ActionAssign, duban.TransitionInput{}, duban.NotFound) // a draft is the lead office's alone
		step(f.lead, duban.ActionStart, duban.TransitionInput{}, duban.Conflict)     // still a draft
		step(f.lead, duban.ActionAssign, duban.TransitionInput{}, "")
		step(f.other, duban.ActionStart, duban.TransitionInput{}, duban.NotFound) // another unit's liaison learns nothing
		step(f.liaison, duban.ActionStart, duban.TransitionInput{}, "")
		step(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{}, duban.Invalid)
		step(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"}, "")
		step(f.lead, duban.ActionVerify, duban.TransitionInput{}, duban.Conflict) // not signed off yet
		step(f.liaison, duban.ActionSignOff, duban.TransitionInput{}, duban.Forbidden)
		step(f.leader, duban.ActionSignOff, duban.TransitionInput{}, "")
		step(f.leader, duban.ActionSignOff, duban.TransitionInput{}, duban.Conflict)
		a := step(f.lead, duban.ActionVerify, duban.TransitionInput{}, "")
		if a.Status != duban.StatusClosed || a.ClosedAt == nil || a.Light != duban.LightDone {
			t.Fatalf("after verify: got %+v", a)
		}
		step(f.lead, duban.ActionVerify, duban.TransitionInput{}, duban.Conflict)
		step(f.lead, duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹"}, duban.Invalid) // no new deadline
		nd := duban.MustDate("2023-03-31")
		a = step(f.lead, duban.ActionReopen, duban.TransitionInput{Reason: "回头看发现反弹", NewDeadline: nd}, "")
		if a.Status != duban.StatusInProgress || a.Deadline != nd || a.OriginalDeadline != f.task.Deadline || a.ClosedAt != nil {
			t.Errorf("after reopen: got %+v", a)
		}
		hist, err := db.ListTransitions(ctx, f.lead, id)
		if err != nil {
			t.Fatal(err)
		}
		want := []duban.Action{duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify, duban.ActionReopen}
		if len(hist) != len(want) {
			t.Fatalf("history: got %d transitions, want %d", len(hist), len(want))
		}
		for i, h := range hist {
			if h.Action != want[i] || h.ActorName == "" {
				t.Errorf("transition %d: got %s by %q, want %s by someone", i, h.Action, h.ActorName, want[i])
			}
		}
		if hist[5].Reason != "回头看发现反弹" {
			t.Errorf("reopen reason: got %q", hist[5].Reason)
		}
		// A stale version is refused.
		if _, err := db.Transition(ctx, f.lead, id, 1, duban.ActionRequestClosure, duban.TransitionInput{Summary: "x"}); duban.ErrorCode(err) != duban.Stale {
			t.Errorf("stale transition: got %v, want stale", err)
		}
	})
}

func TestReportsAndScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		id := f.assignmentOf(t, f.finance).ID
		r := &duban.Report{AssignmentID: id, Period: "2021-10", Content: "下达奖补资金1.4亿元", WorkDate: duban.MustDate("2021-10-20")}
		if err := db.CreateReport(ctx, f.liaison, r); duban.ErrorCode(err) != duban.NotFound {
			t.Fatalf("report on a draft: got %v, want not found (the unit does not see drafts)", err)
		}
		if _, err := db.Transition(ctx, f.lead, id, 0, duban.ActionAssign, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateReport(ctx, f.other, r); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("report by another unit: got %v, want not found", err)
		}
		if err := db.CreateReport(ctx, f.liaison, r); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReviewReport(ctx, f.liaison, r.ID, 0, duban.ReportReview{Review: duban.ReviewAccepted}); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison reviewing: got %v, want forbidden", err)
		}
		if _, err := db.ReviewReport(ctx, f.lead, r.ID, 0, duban.ReportReview{Review: duban.ReviewReturned}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("return without comment: got %v, want invalid", err)
		}
		got, err := db.ReviewReport(ctx, f.lead, r.ID, 1, duban.ReportReview{Review: duban.ReviewReturned, Comment: "请补充拨付文件"})
		if err != nil || got.Review != duban.ReviewReturned || got.WorkDate != r.WorkDate {
			t.Fatalf("review: got %+v, %v", got, err)
		}
		// The liaison sees its unit's assignment, plan and task only.
		mine, err := db.ListAssignments(ctx, f.liaison, duban.AssignmentFilter{}, duban.Date{})
		if err != nil || len(mine.Items) != 1 || mine.Items[0].Unit.ID != f.finance {
			t.Errorf("liaison list: got %+v, %v", mine.Items, err)
		}
		if _, err := db.FindAssignment(ctx, f.other, id, duban.Date{}); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("other unit's assignment: got %v, want not found", err)
		}
		// 省科技厅's own assignment is still a draft: the plan is not its yet.
		if _, err := db.Tree(ctx, f.other, f.plan, duban.Date{}); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("other liaison's tree with only a draft: got %v, want not found", err)
		}
		if _, err := db.Transition(ctx, f.lead, f.assignmentOf(t, f.science).ID, 0, duban.ActionAssign, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx, f.other, f.plan, duban.Date{})
		if err != nil || tree.Counts.Assignments != 1 {
			t.Errorf("other liaison's tree: got %+v, %v; want only its own assignment", tree, err)
		}
	})
}

func TestTreeAndStats(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		// Drawn up and assigned before the deadline, asked about later.
		now := time.Date(2022, 6, 1, 9, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return now }
		f := mustFixture(t, db)
		ctx := context.Background()
		id := f.assignmentOf(t, f.finance).ID
		for _, act := range []duban.Action{duban.ActionAssign, duban.ActionStart} {
			if _, err := db.Transition(ctx, f.lead, id, 0, act, duban.TransitionInput{}); err != nil {
				t.Fatal(err)
			}
		}
		now = time.Date(2022, 7, 20, 9, 0, 0, 0, duban.ChinaTime)
		asOf := duban.MustDate("2022-07-01") // a day after the deadline
		tree, err := db.Tree(ctx, f.lead, f.plan, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if c := tree.Counts; c.Aspects != 1 || c.Problems != 1 || c.Tasks != 1 || c.Assignments != 2 {
			t.Errorf("counts: got %+v", c)
		}
		if tree.Light != duban.LightRed || tree.Rollup.Overdue != 2 || tree.Status != duban.StatusDraft {
			t.Errorf("roll-up: got light %s overdue %d status %s, want red 2 draft", tree.Light, tree.Rollup.Overdue, tree.Status)
		}
		aspect := tree.Children[0]
		if aspect.Number != "一、" || aspect.Children[0].Number != "（一）" || aspect.Children[0].Children[0].Kind != "task" {
			t.Errorf("numbering: got %s %s", aspect.Number, aspect.Children[0].Number)
		}
		st, err := db.Stats(ctx, f.lead, f.plan, duban.MustDate("2022-06-27"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Total != 2 || st.Total.Overdue != 0 || st.Total.DueSoon != 2 || len(st.ByAspect) != 1 || len(st.ByUnit) != 2 {
			t.Errorf("stats before the deadline: got %+v", st)
		}
		if st.ByAspect[0].Rollup.ByStatus[duban.StatusInProgress] != 1 || st.ByAspect[0].Rollup.ByStatus[duban.StatusDraft] != 1 {
			t.Errorf("by status: got %v", st.ByAspect[0].Rollup.ByStatus)
		}
		st, err = db.Stats(ctx, f.lead, f.plan, asOf)
		if err != nil || st.Total.Overdue != 2 || st.ByUnit[0].Rollup.Light != duban.LightRed {
			t.Errorf("stats after the deadline: got %+v, %v", st, err)
		}
	})
}

func TestAuditChain(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		if _, _, err := db.Login(ctx, store.LoginAttempt{Username: "czt", Password: "wrong-password", Kind: "api"}); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("bad login: got %v", err)
		}
		n, err := db.VerifyAudit(ctx)
		if err != nil || n < 10 {
			t.Fatalf("intact chain: got %d events, %v", n, err)
		}
		log, err := db.ListAudit(ctx, duban.System, store.AuditFilter{})
		if err != nil || log.Items[0].Action != "auth.login_failed" {
			t.Fatalf("newest event: got %+v, %v; want the failed login", log.Items[0], err)
		}
		if _, err := db.ListAudit(ctx, f.liaison, store.AuditFilter{}); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison reading audit: got %v, want forbidden", err)
		}
	})
}

func TestAuditTamper(t *testing.T) {
	cases := []struct {
		name    string
		sql     string
		wantSeq int64
	}{
		{"changed", `UPDATE audit_events SET after_json = '{"name":"假的"}' WHERE seq = 4`, 4},
		{"removed", `DELETE FROM audit_events WHERE seq = 3`, 3},
		{"removed last", `DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)`, -1},
		{"rehashed", `UPDATE audit_events SET actor_name = 'x', hash = 'ab' WHERE seq = 2`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := t.TempDir() + "/duban.db"
			db, err := store.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for i := range 5 {
				mustUnit(t, db, fmt.Sprintf("单位%d", i), "")
			}
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			_, err = db.VerifyAudit(context.Background())
			var bad *store.AuditProblem
			if !errors.As(err, &bad) {
				t.Fatalf("got %v, want an audit problem", err)
			}
			if c.wantSeq > 0 && bad.Seq != c.wantSeq {
				t.Errorf("got first bad event %d (%s), want %d", bad.Seq, bad.Reason, c.wantSeq)
			}
		})
	}
}

// TestConcurrentWriters checks that writers queue instead of failing with
// "database is locked" on SQLite, and that the chain stays whole.
func TestConcurrentWriters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.CreateUnit(context.Background(), duban.System, &duban.Unit{Name: fmt.Sprintf("并发单位%02d", i)})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent create: %v", err)
			}
		}
		if n, err := db.VerifyAudit(context.Background()); err != nil || n != 40 {
			t.Errorf("chain after concurrent writes: got %d, %v; want 40 intact", n, err)
		}
	})
}

func TestLoginTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		token, u, err := db.Login(ctx, store.LoginAttempt{Username: "czt", Password: "password-1", Kind: "api"})
		if err != nil || u.Username != "czt" {
			t.Fatalf("login: got %v, %v", u, err)
		}
		p, err := db.Authenticate(ctx, token)
		if err != nil || p.UnitID != f.finance || p.Role != duban.RoleLiaison {
			t.Fatalf("authenticate: got %+v, %v", p, err)
		}
		db.Now = func() time.Time { return time.Now().Add(db.SessionPolicy().Lifetime + time.Minute) }
		if _, err := db.Authenticate(ctx, token); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("expired token: got %v, want unauthorized", err)
		}
		db.Now = time.Now
		disabled := true
		if _, err := db.UpdateUser(ctx, duban.System, p.UserID, 0, duban.UserUpdate{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, token); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("disabled user's token: got %v, want unauthorized", err)
		}
		if _, _, err := db.Login(ctx, store.LoginAttempt{Username: "czt", Password: "password-1", Kind: "api"}); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("disabled user's login: got %v, want unauthorized", err)
		}
	})
}

// TestAssignmentsCarryTaskTitle checks that an assignment's copy of its
// task's title follows the task, and that the list's text filter finds an
// assignment by the title, the unit and the task's content.
func TestAssignmentsCarryTaskTitle(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		if a := f.assignmentOf(t, f.finance); a.TaskTitle != f.task.Title {
			t.Fatalf("new assignment's title: got %q, want %q", a.TaskTitle, f.task.Title)
		}
		title, content := "统筹推进科技创新投入", "建立财政科技投入稳定增长机制"
		if _, err := db.UpdateTask(ctx, f.lead, f.task.ID, 0, duban.TaskUpdate{Title: &title, Content: &content}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []int64{f.finance, f.science} {
			if a := f.assignmentOf(t, u); a.TaskTitle != title {
				t.Errorf("unit %d's assignment after the title changed: got %q, want %q", u, a.TaskTitle, title)
			}
		}
		for text, want := range map[string]int{"统筹推进": 2, "稳定增长": 2, "省财政厅": 1, "加大科技": 0} {
			list, err := db.ListAssignments(ctx, f.lead, duban.AssignmentFilter{PlanID: f.plan, Text: text}, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Items) != want {
				t.Errorf("text %q: got %d assignments, want %d", text, len(list.Items), want)
			}
		}
	})
}
