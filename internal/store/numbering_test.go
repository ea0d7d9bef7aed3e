package store_test

import (
	"context"
	"fmt"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// An aspect with more than a hundred problems is numbered in full
// (一百零九、 一百一十、 一百二十一、), never 十十、 and never a crash.
func TestTreeNumbersPastOneHundred(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOutline()
		a := o.Aspects[0]
		a.Children = nil
		for i := 1; i <= 121; i++ {
			a.Children = append(a.Children, &duban.OutlineNode{Kind: duban.NodeProblem, Title: fmt.Sprintf("问题%d", i),
				Measures: []*duban.OutlineMeasure{{Title: fmt.Sprintf("举措%d", i), DeadlineKind: duban.DeadlineLongTerm, LeadUnit: "省财政厅"}}})
		}
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx, duban.System, res.PlanID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		kids := tree.Children[0].Children
		if len(kids) != 121 {
			t.Fatalf("got %d problems, want 121", len(kids))
		}
		for i, want := range map[int]string{9: "（十）", 99: "（一百）", 100: "（一百零一）", 108: "（一百零九）", 109: "（一百一十）", 120: "（一百二十一）"} {
			if got := kids[i].Number; got != want {
				t.Errorf("problem %d numbered %q, want %q", i+1, got, want)
			}
		}
	})
}
