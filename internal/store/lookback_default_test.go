package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestImportedPlanLooksBack: a plan made by an import looks back at closed
// items after the default six months, as one made by hand does.
func TestImportedPlanLooksBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := db.ImportOutline(ctx, duban.System, sampleOutline(), store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pl, err := db.FindPlan(ctx, duban.System, res.PlanID)
		if err != nil {
			t.Fatal(err)
		}
		if pl.LookbackMonths != 6 {
			t.Errorf("imported plan: look-back after %d months, want 6", pl.LookbackMonths)
		}
	})
}
