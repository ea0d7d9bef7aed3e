package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// mustHistory takes the finance assignment of f through every kind of
// event a timeline shows and returns its id and the notice's number.
func mustHistory(t *testing.T, f *fixture) (int64, string) {
	t.Helper()
	ctx, db := context.Background(), f.db
	id := f.assignmentOf(t, f.finance).ID
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step := func(p *duban.Principal, act duban.Action, in duban.TransitionInput) {
		t.Helper()
		_, err := db.Transition(ctx, p, id, 0, act, in)
		must(string(act), err)
	}
	step(f.lead, duban.ActionAssign, duban.TransitionInput{})
	step(f.liaison, duban.ActionStart, duban.TransitionInput{})
	must("report", db.CreateReport(ctx, f.liaison, &duban.Report{AssignmentID: id, Period: "2022-03", Content: "已拨付首批资金"}))
	e, err := db.Escalate(ctx, f.lead, id, store.EscalationInput{Level: duban.LevelNotice, Note: "请书面说明", ReplyDue: duban.MustDate("2022-07-08")})
	must("escalate", err)
	_, err = db.ReplyEscalation(ctx, f.liaison, e.ID, "已落实")
	must("reply", err)
	x, err := db.RequestExtension(ctx, f.liaison, id, duban.MustDate("2022-09-30"), "资金到位较晚")
	must("request extension", err)
	_, err = db.DecideExtension(ctx, f.lead, x.ID, true, "同意")
	must("decide extension", err)
	step(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
	step(f.lead, duban.ActionReturn, duban.TransitionInput{Reason: "佐证不足"})
	step(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已补充佐证"})
	step(f.leader, duban.ActionSignOff, duban.TransitionInput{})
	step(f.lead, duban.ActionVerify, duban.TransitionInput{})
	_, err = db.ScheduleLookbacks(ctx, f.lead, f.plan, id, duban.MustDate("2022-12-15"), "2022年第四季度回头看")
	must("schedule look-back", err)
	ls, err := db.ListLookbacks(ctx, f.lead, store.LookbackFilter{AssignmentID: id})
	if err != nil || len(ls) != 1 {
		t.Fatalf("look-backs: got %v, %v, want one", ls, err)
	}
	_, err = db.RecordLookback(ctx, f.lead, ls[0].ID, duban.LookbackHolds, "未发现反弹", duban.Date{})
	must("record look-back", err)
	return id, e.Number
}

// TestTimelineStructuredFields checks that every kind of timeline entry
// carries the fields its words are made of, next to its Chinese title.
func TestTimelineStructuredFields(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		id, number := mustHistory(t, f)
		tl, err := db.Timeline(context.Background(), f.lead, id)
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		cases := []struct {
			name  string
			title string
			want  store.TimelineEntry // At, Title and Detail left out
		}{
			{"transition", "交办", store.TimelineEntry{Kind: "transition", Action: duban.ActionAssign, From: duban.StatusDraft, To: duban.StatusAssigned, Actor: "zgb"}},
			{"transition with a reason", "退回", store.TimelineEntry{Kind: "transition", Action: duban.ActionReturn, From: duban.StatusClosureRequested, To: duban.StatusInProgress, Actor: "zgb", Reason: "佐证不足"}},
			{"report", "报送进展（2022-03）", store.TimelineEntry{Kind: "report", Period: "2022-03"}},
			{"escalation", "督办单 " + number, store.TimelineEntry{Kind: "escalation", Level: duban.LevelNotice, Number: number, Recipients: "省财政厅", Note: "请书面说明"}},
			{"reply", "回复督办单 " + number, store.TimelineEntry{Kind: "reply", Level: duban.LevelNotice, Number: number}},
			{"extension request", "申请延期", store.TimelineEntry{Kind: "extension", OldDeadline: duban.MustDate("2022-06-30"), NewDeadline: duban.MustDate("2022-09-30"), Reason: "资金到位较晚"}},
			{"extension decision", "同意延期", store.TimelineEntry{Kind: "extension", Approved: &yes}},
			{"look-back scheduled", "安排回头看", store.TimelineEntry{Kind: "lookback", DueDate: duban.MustDate("2022-12-15"), Campaign: "2022年第四季度回头看"}},
			{"look-back result", "回头看：巩固", store.TimelineEntry{Kind: "lookback", Result: duban.LookbackHolds}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, e := range tl {
					if e.Title != c.title {
						continue
					}
					got := e
					got.At, got.Title, got.Detail = time.Time{}, "", ""
					if !reflect.DeepEqual(got, c.want) {
						t.Errorf("got %+v, want %+v", got, c.want)
					}
					return
				}
				t.Errorf("got no entry titled %q in %+v", c.title, tl)
			})
		}
		for i := 1; i < len(tl); i++ {
			if tl[i].At.Before(tl[i-1].At) {
				t.Errorf("entry %d (%s) is older than entry %d (%s), want oldest first", i, tl[i].Title, i-1, tl[i-1].Title)
			}
		}
	})
}
