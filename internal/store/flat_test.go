package store_test

import (
	"context"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// A document without aspects gives a plan without aspects: its problems
// stand at the top of the tree, numbered 一、二、, and come back out the same.
func TestImportFlatOutline(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := &duban.Outline{Meta: duban.OutlineMeta{Title: "关于巡察整改情况的通报", Unit: "中共某县文化旅游局党组", Kind: duban.SourcePatrol,
			Round: "县委第三轮", Team: "县委第二巡察组"}}
		for _, title := range []string{"理论学习流于形式", "项目资金监管不严"} {
			o.Aspects = append(o.Aspects, &duban.OutlineNode{Kind: duban.NodeProblem, Title: title, Children: []*duban.OutlineNode{
				{Kind: duban.NodeSubproblem, Title: title + "的具体表现", Measures: []*duban.OutlineMeasure{{Title: "整改" + title, LeadUnit: "办公室", DeadlineKind: duban.DeadlineLongTerm}}},
			}})
		}
		dry, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if dry.Created["aspects"] != 0 || dry.Created["problems"] != 2 || dry.Created["subproblems"] != 2 {
			t.Errorf("dry run created %v, want no aspect, 2 problems, 2 specific problems", dry.Created)
		}
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx, duban.System, res.PlanID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if c := tree.Counts; c.Aspects != 0 || c.Problems != 2 || c.Subproblems != 2 || c.Tasks != 2 {
			t.Errorf("tree counts: got %+v", c)
		}
		if n := tree.Children[1]; n.Kind != "problem" || n.Number != "二、" {
			t.Errorf("second top node: got %s %q, want the problem numbered 二、", n.Kind, n.Number)
		}
		out, err := db.Outline(ctx, duban.System, res.PlanID, 0, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if a, p, s, m := out.Counts(); a != 0 || p != 2 || s != 2 || m != 2 || out.Meta.Kind != duban.SourcePatrol {
			t.Errorf("outline: %d/%d/%d/%d, kind %q", a, p, s, m, out.Meta.Kind)
		}
		again, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil || len(again.Created) != 0 {
			t.Errorf("second import: %v, created %v", err, again.Created)
		}
	})
}

// The contact lines of an imported notice are kept with its plan and come
// back in the plan's outline for the notices made from it.
func TestImportKeepsNoticeContact(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOutline()
		o.Meta.Contact = "联系电话：029-00000000\n电子邮箱：zgb@example.gov.cn"
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := db.Outline(ctx, duban.System, res.PlanID, 0, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Meta.Contact != o.Meta.Contact {
			t.Errorf("contact: got %q, want %q", out.Meta.Contact, o.Meta.Contact)
		}
	})
}
