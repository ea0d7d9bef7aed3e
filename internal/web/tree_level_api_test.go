package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestTreeLevelAPI: a large plan's whole tree is refused with directions,
// and read a level at a time instead, each level small.
func TestTreeLevelAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		g, err := db.Generate(context.Background(), store.GenShape{Units: 10, Aspects: 3, ProblemsPerAspect: 4, Tasks: 3500, Seed: 4, Today: duban.DateOf(time.Now())})
		if err != nil {
			t.Fatal(err)
		}
		if g.Assignments <= store.WholeTreeLimit {
			t.Fatalf("only %d assignments", g.Assignments)
		}
		base := fmt.Sprintf("/api/v1/plans/%d/tree", g.PlanID)
		e.mustDo(t, "admin", "GET", base, nil, nil, http.StatusUnprocessableEntity)
		var top duban.TreeLevel
		r := e.mustDo(t, "admin", "GET", base+"/level", nil, nil, http.StatusOK)
		r.decode(t, &top)
		if len(top.Children) != 3 || top.Rollup.Total != g.Assignments || len(r.Body) > 20_000 {
			t.Fatalf("top level: %d aspects, total %d (want 3, %d), %d bytes", len(top.Children), top.Rollup.Total, g.Assignments, len(r.Body))
		}
		var aspect duban.TreeLevel
		e.mustDo(t, "admin", "GET", fmt.Sprintf("%s/level?node=%d", base, top.Children[0].ID), nil, nil, http.StatusOK).decode(t, &aspect)
		sum := 0
		for _, c := range aspect.Children {
			sum += c.Rollup.Total
		}
		if len(aspect.Children) != 4 || sum != top.Children[0].Rollup.Total {
			t.Fatalf("aspect: %d problems holding %d, want 4 holding %d", len(aspect.Children), sum, top.Children[0].Rollup.Total)
		}
		var problem duban.TreeLevel
		r = e.mustDo(t, "admin", "GET", fmt.Sprintf("%s/level?node=%d&limit=20", base, aspect.Children[0].ID), nil, nil, http.StatusOK)
		r.decode(t, &problem)
		if len(problem.Tasks.Items) != 20 || problem.Tasks.NextCursor == "" || len(problem.Tasks.Items[0].Assignments) == 0 {
			t.Fatalf("problem: %d measures, cursor %q", len(problem.Tasks.Items), problem.Tasks.NextCursor)
		}
		e.mustDo(t, "admin", "GET", fmt.Sprintf("%s/level?node=999999", base), nil, nil, http.StatusNotFound)
	})
}
