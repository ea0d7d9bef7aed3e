package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// inboxTitles returns the titles in p's inbox, newest first, and marks them read.
func inboxTitles(t *testing.T, db *store.DB, p *duban.Principal) []string {
	t.Helper()
	l, err := db.Inbox(context.Background(), p, true, duban.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range l.Items {
		out = append(out, n.Kind+" "+n.Title)
		if err := db.MarkRead(context.Background(), p, n.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func wantMessage(t *testing.T, who string, got []string, kind, text string) {
	t.Helper()
	for _, g := range got {
		if strings.HasPrefix(g, kind+" ") && strings.Contains(g, text) {
			return
		}
	}
	t.Errorf("%s got no %s message with %q; inbox: %q", who, kind, text, got)
}

// Each step one side takes reaches the other side's inbox, and never the
// actor's own: new items, reviews, 督办单 and replies, extensions, closures
// and their outcome, and public feedback.
func TestEventMessages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		a := f.assignmentOf(t, f.finance)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.Transition(ctx, f.lead, a.ID, 0, duban.ActionAssign, duban.TransitionInput{})
		must(err)
		wantMessage(t, "liaison", inboxTitles(t, db, f.liaison), "assignment.assigned", "加大科技创新投入力度")
		if got := inboxTitles(t, db, f.lead); len(got) != 0 {
			t.Errorf("the lead office was told of its own step: %q", got)
		}
		if got := inboxTitles(t, db, f.other); len(got) != 0 {
			t.Errorf("another unit heard of this unit's item: %q", got)
		}

		r := &duban.Report{AssignmentID: a.ID, Period: "2022-03", Content: "已拨付专项资金"}
		must(db.CreateReport(ctx, f.liaison, r))
		_, err = db.ReviewReport(ctx, f.lead, r.ID, 0, duban.ReportReview{Review: duban.ReviewReturned, Comment: "请补充拨付金额"})
		must(err)
		wantMessage(t, "liaison", inboxTitles(t, db, f.liaison), "report.returned", "进展报送被退回")

		e, err := db.Escalate(ctx, f.lead, a.ID, store.EscalationInput{Level: duban.LevelNotice, ReplyDue: duban.MustDate("2022-04-08")})
		must(err)
		wantMessage(t, "liaison", inboxTitles(t, db, f.liaison), "escalation.notice", e.Number)
		wantMessage(t, "leader", inboxTitles(t, db, f.leader), "escalation.notice", e.Number)
		_, err = db.ReplyEscalation(ctx, f.liaison, e.ID, "已于4月1日完成拨付")
		must(err)
		wantMessage(t, "lead", inboxTitles(t, db, f.lead), "escalation.replied", "已回复督办单")

		x, err := db.RequestExtension(ctx, f.liaison, a.ID, duban.MustDate("2022-09-30"), "资金下达晚于预期")
		must(err)
		wantMessage(t, "lead", inboxTitles(t, db, f.lead), "extension.requested", "申请延期")
		_, err = db.DecideExtension(ctx, f.lead, x.ID, true, "")
		must(err)
		wantMessage(t, "liaison", inboxTitles(t, db, f.liaison), "extension.approved", "延期申请已批准")

		_, err = db.Transition(ctx, f.liaison, a.ID, 0, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
		must(err)
		wantMessage(t, "lead", inboxTitles(t, db, f.lead), "assignment.closure", "申请销号")
		_, err = db.Transition(ctx, f.lead, a.ID, 0, duban.ActionReturn, duban.TransitionInput{Reason: "佐证材料不全"})
		must(err)
		got := inboxTitles(t, db, f.leader)
		wantMessage(t, "leader", got, "assignment.returned", "销号申请被退回")

		fb := &duban.Feedback{PlanID: &f.plan, Name: "群众", Channel: "web", Content: "希望公开资金拨付进度"}
		must(db.CreateFeedback(ctx, duban.System, fb))
		wantMessage(t, "lead", inboxTitles(t, db, f.lead), "feedback.new", "意见建议")
		if got := inboxTitles(t, db, f.liaison); len(got) != 1 || !strings.Contains(strings.Join(got, "|"), "assignment.returned") {
			t.Errorf("liaison after the return: %q (want the return and nothing about feedback)", got)
		}
	})
}

// The inbox lists messages by the time they stand for, newest first, page by
// page: a message written later but dated earlier (a pass replayed as of a
// past day) comes after the newer ones.
func TestInboxByTime(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		base := time.Date(2022, 3, 10, 9, 0, 0, 0, duban.ChinaTime)
		// Written in this order, dated 10, 12, 11 and 9 March.
		for i, day := range []int{0, 2, 1, -1} {
			db.Now = func() time.Time { return base.AddDate(0, 0, day) }
			fb := &duban.Feedback{PlanID: &f.plan, Name: "群众", Channel: "web", Content: fmt.Sprintf("第%d条", i+1)}
			if err := db.CreateFeedback(ctx, duban.System, fb); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		page := duban.Page{Limit: 1}
		for {
			l, err := db.Inbox(ctx, f.lead, false, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range l.Items {
				got = append(got, n.Body)
			}
			if l.NextCursor == "" {
				break
			}
			page.Cursor = l.NextCursor
		}
		if want := []string{"第2条", "第3条", "第1条", "第4条"}; !slices.Equal(got, want) {
			t.Errorf("the inbox, a message a page: %q, want %q (newest first)", got, want)
		}
	})
}
