package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestSavedFiltersAndFollows: each user keeps their own saved filters
// (same name replaces) and followed items; another user sees none of
// them and cannot delete them; an item the user may not see cannot be
// followed, and drops out of the list when it is no longer visible.
func TestSavedFiltersAndFollows(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		if _, err := db.SaveFilter(ctx, f.lead, "财政厅红灯", "plan=1&unit=2&light=red"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveFilter(ctx, f.lead, "全部未销号", "?plan=1&status=open"); err != nil {
			t.Fatal(err)
		}
		again, err := db.SaveFilter(ctx, f.lead, "财政厅红灯", "plan=1&unit=2&light=yellow")
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.SavedFilters(ctx, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Name != "全部未销号" || got[0].Query != "plan=1&status=open" || got[1].Query != "plan=1&unit=2&light=yellow" || got[1].ID != again.ID {
			t.Fatalf("saved filters %+v", got)
		}
		if mine, _ := db.SavedFilters(ctx, f.liaison); len(mine) != 0 {
			t.Errorf("the liaison sees the lead's filters: %+v", mine)
		}
		if err := db.DeleteSavedFilter(ctx, f.liaison, again.ID); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("the liaison deleted the lead's filter: %v", err)
		}
		if _, err := db.SaveFilter(ctx, f.lead, " ", "plan=1"); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("a filter without a name: %v", err)
		}
		if err := db.DeleteSavedFilter(ctx, f.lead, again.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.SavedFilters(ctx, f.lead); len(got) != 1 {
			t.Errorf("after the delete: %+v", got)
		}

		a, b := f.assignmentOf(t, f.finance), f.assignmentOf(t, f.science)
		if _, err := db.Transition(ctx, f.lead, a.ID, 0, duban.ActionAssign, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{a.ID, b.ID, a.ID} {
			if err := db.Follow(ctx, f.lead, id, true); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.Followed(ctx, f.lead, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
			t.Fatalf("the lead follows %d items (first %v), want a then b", len(list), list)
		}
		if on, _ := db.Follows(ctx, f.lead, b.ID); !on {
			t.Error("Follows says no")
		}
		// The finance liaison follows its own item, not the science one (a draft of another unit).
		if err := db.Follow(ctx, f.liaison, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := db.Follow(ctx, f.liaison, b.ID, true); duban.ErrorCode(err) != duban.NotFound && duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("the liaison followed another unit's item: %v", err)
		}
		if l, _ := db.Followed(ctx, f.liaison, duban.Date{}); len(l) != 1 || l[0].ID != a.ID {
			t.Errorf("the liaison follows %v", l)
		}
		if err := db.Follow(ctx, f.lead, b.ID, false); err != nil {
			t.Fatal(err)
		}
		if l, _ := db.Followed(ctx, f.lead, duban.Date{}); len(l) != 1 || l[0].ID != a.ID {
			t.Errorf("after unfollowing b the lead follows %v", l)
		}
	})
}
