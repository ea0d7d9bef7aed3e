package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// The unit may take back a closure request while it waits, signed off or
// not: the item is in progress again, the request reads withdrawn, and the
// lead office hears of it. Nobody else may.
func TestWithdrawClosureRequest(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		a := f.assignmentOf(t, f.finance)
		do := func(p *duban.Principal, act duban.Action, in duban.TransitionInput, want duban.Code) *duban.Assignment {
			t.Helper()
			x, err := db.Transition(ctx, p, a.ID, 0, act, in)
			if got := duban.ErrorCode(err); err != nil && got != want || err == nil && want != "" {
				t.Fatalf("%s by %s: got %v, want %q", act, p.Username, err, want)
			}
			return x
		}
		do(f.lead, duban.ActionAssign, duban.TransitionInput{}, "")
		do(f.liaison, duban.ActionWithdraw, duban.TransitionInput{}, duban.Conflict) // nothing to withdraw yet
		do(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"}, "")
		do(f.leader, duban.ActionSignOff, duban.TransitionInput{Reason: "同意销号"}, "")
		do(f.other, duban.ActionWithdraw, duban.TransitionInput{}, duban.NotFound)
		do(f.leader, duban.ActionWithdraw, duban.TransitionInput{}, duban.Forbidden)
		inboxTitles(t, db, f.lead) // read what came before
		x := do(f.liaison, duban.ActionWithdraw, duban.TransitionInput{Reason: "补充佐证材料"}, "")
		if x.Status != duban.StatusInProgress || x.SignedOff {
			t.Errorf("after withdrawing: status %s, signed off %v", x.Status, x.SignedOff)
		}
		cs, err := db.ListClosures(ctx, f.lead, a.ID)
		if err != nil || len(cs) != 1 || cs[0].Result != "withdrawn" || cs[0].Reason != "补充佐证材料" || cs[0].SignedAt == nil {
			t.Fatalf("closure records: %+v %v", cs, err)
		}
		wantMessage(t, "lead", inboxTitles(t, db, f.lead), "assignment.withdrawn", "撤回了销号申请")
		// The unit asks again and the new request is the one pending.
		do(f.liaison, duban.ActionRequestClosure, duban.TransitionInput{Summary: "材料已补齐"}, "")
		cs, _ = db.ListClosures(ctx, f.lead, a.ID)
		if len(cs) != 2 || cs[0].Result == cs[1].Result {
			t.Errorf("after asking again: %+v", cs)
		}
	})
}
