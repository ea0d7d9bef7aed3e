package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"duban/internal/duban"
)

// TestTreeLevel walks a generated plan a level at a time, paging through
// each node's measures, and compares every node's roll-up, number and
// measures with the whole tree's, for the office and for a liaison, today
// (tallies) and another day (counted).
func TestTreeLevel(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		g, err := db.Generate(ctx, GenShape{Units: 5, Aspects: 3, ProblemsPerAspect: 3, Tasks: 300, Seed: 9, Today: benchToday})
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return benchNow }
		liaison := &duban.Principal{Username: "l", Role: duban.RoleLiaison, UnitID: 2}
		for _, p := range []*duban.Principal{duban.System, liaison} {
			for _, day := range []duban.Date{{}, benchToday.AddDays(-40)} {
				tree, err := db.Tree(ctx, p, g.PlanID, day)
				if err != nil {
					t.Fatal(err)
				}
				var walk func(node int64, want []*duban.TreeItem, rollup duban.Rollup)
				walk = func(node int64, want []*duban.TreeItem, rollup duban.Rollup) {
					var tasks []duban.TreeItem
					var lv *duban.TreeLevel
					page := duban.Page{Limit: 7}
					for {
						lv, err = db.TreeLevel(ctx, p, g.PlanID, node, day, page)
						if err != nil {
							t.Fatalf("%s, node %d: %v", p.Username, node, err)
						}
						tasks = append(tasks, lv.Tasks.Items...)
						if page.Cursor = lv.Tasks.NextCursor; page.Cursor == "" {
							break
						}
					}
					if !reflect.DeepEqual(lv.Rollup, rollup) {
						t.Errorf("%s, node %d, %s: roll-up %+v, whole tree %+v", p.Username, node, day, lv.Rollup, rollup)
					}
					var wantNodes, wantTasks []*duban.TreeItem
					for _, c := range want {
						if c.Kind == "task" {
							wantTasks = append(wantTasks, c)
						} else {
							wantNodes = append(wantNodes, c)
						}
					}
					if len(lv.Children) != len(wantNodes) || len(tasks) != len(wantTasks) {
						t.Fatalf("%s, node %d: %d nodes and %d measures, whole tree %d and %d", p.Username, node, len(lv.Children), len(tasks), len(wantNodes), len(wantTasks))
					}
					for i, c := range lv.Children {
						w := wantNodes[i]
						if c.ID != w.ID || c.Number != w.Number || c.Light != w.Light || c.Status != w.Status {
							t.Errorf("%s, node %d child %d: %d %s %s %s, whole tree %d %s %s %s", p.Username, node, i, c.ID, c.Number, c.Light, c.Status, w.ID, w.Number, w.Light, w.Status)
						}
						walk(c.ID, w.Children, w.Rollup)
					}
					for i, x := range tasks {
						w := wantTasks[i]
						if x.ID != w.ID || x.Number != w.Number || x.Light != w.Light || !reflect.DeepEqual(x.Assignments, w.Assignments) {
							t.Errorf("%s, node %d measure %d: %+v, whole tree %+v", p.Username, node, i, x, *w)
						}
					}
				}
				walk(0, tree.Children, tree.Rollup)
			}
		}
		// The top level's count of measures is remembered until the next
		// write: a new measure is counted at once.
		top, err := db.TreeLevel(ctx, duban.System, g.PlanID, 0, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		aspect, err := db.TreeLevel(ctx, duban.System, g.PlanID, top.Children[0].ID, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		problem, err := db.TreeLevel(ctx, duban.System, g.PlanID, aspect.Children[0].ID, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		tk := &duban.Task{NodeID: aspect.Children[0].ID, Title: "新增的举措", DeadlineKind: duban.DeadlineLongTerm, LeadUnitID: 2}
		if err := db.CreateTask(ctx, duban.System, tk); err != nil {
			t.Fatal(err)
		}
		after, err := db.TreeLevel(ctx, duban.System, g.PlanID, 0, duban.Date{}, duban.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if after.Measures != top.Measures+1 {
			t.Errorf("after a new measure the top level counts %d measures, want %d", after.Measures, top.Measures+1)
		}
		// So are a branch's counts: the aspect and the problem count the
		// new measure's assignment at once.
		for _, before := range []*duban.TreeLevel{aspect, problem} {
			now, err := db.TreeLevel(ctx, duban.System, g.PlanID, before.Node.ID, duban.Date{}, duban.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if now.Rollup.Total != before.Rollup.Total+1 {
				t.Errorf("node %d after a new measure: %d assignments, want %d", before.Node.ID, now.Rollup.Total, before.Rollup.Total+1)
			}
		}
	})
}
