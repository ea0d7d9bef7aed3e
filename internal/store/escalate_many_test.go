package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestEscalateMany: a bulk 催办 or 督办单 is taken on every assignment
// chosen, in one go (督办单 numbered one after another); when one of them
// is refused, none is written; a liaison takes none.
func TestEscalateMany(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		a, b := f.assignmentOf(t, f.finance), f.assignmentOf(t, f.science)
		count := func(id int64) int {
			t.Helper()
			es, err := db.ListEscalations(ctx, f.lead, id)
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}

		es, err := db.EscalateMany(ctx, f.lead, []int64{a.ID, b.ID, a.ID}, store.EscalationInput{Level: duban.LevelUrge, Note: "请加快进度"})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || count(a.ID) != 1 || count(b.ID) != 1 {
			t.Fatalf("bulk 催办: %d steps, %d and %d on the items; want 2, 1 and 1", len(es), count(a.ID), count(b.ID))
		}
		for _, e := range es {
			if e.Level != duban.LevelUrge || e.Note != "请加快进度" || e.ID == 0 {
				t.Errorf("step %+v", e)
			}
		}
		wantMessage(t, "liaison", inboxTitles(t, db, f.liaison), "escalation.urge", "")
		wantMessage(t, "other liaison", inboxTitles(t, db, f.other), "escalation.urge", "")

		ns, err := db.EscalateMany(ctx, f.lead, []int64{a.ID, b.ID}, store.EscalationInput{Level: duban.LevelNotice, ReplyDue: duban.MustDate("2022-04-08")})
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 2 || ns[0].Number == "" || ns[0].Number == ns[1].Number {
			t.Errorf("bulk 督办单 numbers %q and %q: want two different", ns[0].Number, ns[1].Number)
		}

		// One missing item: nothing is written, and the message names it.
		_, err = db.EscalateMany(ctx, f.lead, []int64{a.ID, 999999}, store.EscalationInput{Level: duban.LevelUrge})
		if duban.ErrorCode(err) != duban.NotFound {
			t.Fatalf("with a missing item: %v, want not found", err)
		}
		if count(a.ID) != 2 {
			t.Errorf("after the refused bulk step item %d has %d steps, want 2 (nothing written)", a.ID, count(a.ID))
		}
		// A liaison may not; nor a 督办单 without its reply date; nor nothing chosen.
		if _, err := db.EscalateMany(ctx, f.liaison, []int64{a.ID}, store.EscalationInput{Level: duban.LevelUrge}); duban.ErrorCode(err) != duban.Forbidden && duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("liaison's bulk 催办: %v, want refused", err)
		}
		if _, err := db.EscalateMany(ctx, f.lead, []int64{a.ID}, store.EscalationInput{Level: duban.LevelNotice}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("bulk 督办单 without a reply date: %v, want invalid", err)
		}
		if _, err := db.EscalateMany(ctx, f.lead, nil, store.EscalationInput{Level: duban.LevelUrge}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("bulk 催办 of nothing: %v, want invalid", err)
		}
		if count(a.ID) != 2 {
			t.Errorf("refused steps wrote something: %d", count(a.ID))
		}
	})
}
