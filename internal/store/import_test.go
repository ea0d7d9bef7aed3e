package store_test

import (
	"context"
	"reflect"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

func sampleOutline() *duban.Outline {
	return &duban.Outline{
		Meta: duban.OutlineMeta{Title: "专项巡视反馈意见整改方案", Unit: "中共陕西省委科技工委", Round: "十三届省委第十一轮", Team: "省委第一巡视组",
			OnsiteStart: duban.MustDate("2021-05-27"), OnsiteEnd: duban.MustDate("2021-06-27"), FeedbackDate: duban.MustDate("2021-08-26")},
		Aspects: []*duban.OutlineNode{{
			Kind: duban.NodeAspect, Title: "政策落实方面",
			Children: []*duban.OutlineNode{{
				Kind: duban.NodeProblem, Title: "落实创新驱动发展政策行动慢",
				Measures: []*duban.OutlineMeasure{
					{Title: "加快推动政策落实", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2021-12-31"), LeadUnit: "省财政厅", CoopUnits: []string{"省科技厅", "渭南市"}},
					{Title: "加快推动政策落地落实", DeadlineKind: duban.DeadlineLongTerm, LeadUnit: "杨凌示范区"},
				},
			}},
		}},
	}
}

func TestImportOutline(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOutline()
		dry, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if dry.Created["measures"] != 2 || dry.Created["units"] != 5 || dry.Created["assignments"] != 4 {
			t.Errorf("dry run: got %+v", dry.Created)
		}
		if units, _ := db.ListUnits(ctx, duban.UnitFilter{}); len(units.Items) != 0 {
			t.Fatalf("dry run wrote %d units, want none", len(units.Items))
		}
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx, duban.System, res.PlanID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if c := tree.Counts; c.Aspects != 1 || c.Problems != 1 || c.Tasks != 2 || c.Assignments != 4 {
			t.Errorf("tree after import: got %+v", c)
		}
		// The same document again: nothing new, everything unchanged.
		again, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.PlanID != res.PlanID || len(again.Created) != 0 || again.Unchanged["measures"] != 2 {
			t.Errorf("second import: got %+v", again)
		}
		// A changed deadline is an update, reported.
		o.Aspects[0].Children[0].Measures[0].Deadline = duban.MustDate("2022-06-30")
		changed, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if changed.Updated["measures"] != 1 || len(changed.Changes) != 1 {
			t.Errorf("changed import: got %+v", changed)
		}
		// Export gives back the same tree.
		out, err := db.Outline(ctx, duban.System, res.PlanID, 0, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Meta.Team != "省委第一巡视组" || out.Meta.Unit != "中共陕西省委科技工委" {
			t.Errorf("exported meta: got %+v", out.Meta)
		}
		got, want := measureSummary(out), measureSummary(o)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("exported measures:\n got %v\nwant %v", got, want)
		}
	})
}

func TestImportRefusesOtherUnitsLead(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		_, err := db.ImportOutline(context.Background(), f.liaison, sampleOutline(), store.ImportOptions{})
		if code := duban.ErrorCode(err); code != duban.Forbidden {
			t.Errorf("liaison import: got %v, want forbidden", err)
		}
	})
}

func measureSummary(o *duban.Outline) []string {
	var out []string
	for _, a := range o.Aspects {
		for _, p := range a.Children {
			for _, m := range p.Measures {
				out = append(out, a.Title+"/"+p.Title+"/"+m.Title+"/"+m.LeadUnit+"/"+duban.DeadlineLabel(m.DeadlineKind, m.Deadline)+"/"+joinUnits(m.CoopUnits))
			}
		}
	}
	return out
}

func joinUnits(us []string) string {
	s := ""
	for _, u := range us {
		s += u + ","
	}
	return s
}
