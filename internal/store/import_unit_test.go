package store_test

import (
	"context"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/store"
)

const agriNotice = `中共陕西省农业农村厅党组关于十三届省委第十一轮巡视整改进展情况的通报

根据省委统一部署，2021年5月27日至6月27日，省委第一巡视组对中共陕西省农业农村厅党组开展了巡视。2021年8月26日，省委第一巡视组反馈了巡视意见。现将整改进展情况予以公布。

一、关于“农业科技推广不够有力”的问题

一是建立农技推广工作台账。二是开展农技人员轮训。
`

// A notice signed by the 厅's party group goes to the 厅 that exists, under
// any of its names; the preview says so. Two units the name could mean are
// a question, answered by choosing the owner.
func TestImportNoticeMatchesUnit(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		agri := &duban.Unit{Name: "陕西省农业农村厅", ShortName: "省农业农村厅", Kind: duban.UnitDepartment}
		other := &duban.Unit{Name: "陕西省财政厅", ShortName: "省财政厅", Kind: duban.UnitDepartment}
		for _, u := range []*duban.Unit{agri, other} {
			if err := db.CreateUnit(ctx, duban.System, u); err != nil {
				t.Fatal(err)
			}
		}
		res, err := notice.ReadFile("通报.txt", []byte(agriNotice))
		if err != nil {
			t.Fatal(err)
		}
		if res.Outline.Meta.Unit != "中共陕西省农业农村厅党组" {
			t.Fatalf("unit read as %q", res.Outline.Meta.Unit)
		}
		got, err := db.ImportOutline(ctx, duban.System, res.Outline, store.ImportOptions{Notice: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.NewUnits) != 0 || got.Created["units"] != 0 {
			t.Errorf("new units %v, want none", got.NewUnits)
		}
		if len(got.MatchedUnits) != 1 || got.MatchedUnits[0] != (store.UnitMatch{Written: "中共陕西省农业农村厅党组", Unit: "陕西省农业农村厅", UnitID: agri.ID}) {
			t.Errorf("matched units %+v, want the party group taken for 陕西省农业农村厅", got.MatchedUnits)
		}
		pl, err := db.FindPlan(ctx, duban.System, got.PlanID)
		if err != nil {
			t.Fatal(err)
		}
		if pl.OwnerUnitID != agri.ID {
			t.Errorf("plan owner %d, want 省农业农村厅 (%d)", pl.OwnerUnitID, agri.ID)
		}

		// A second 农业农村厅 (another province's) makes the name doubtful.
		gansu := &duban.Unit{Name: "甘肃省农业农村厅", ShortName: "甘肃农业农村厅", Kind: duban.UnitDepartment}
		if err := db.CreateUnit(ctx, duban.System, gansu); err != nil {
			t.Fatal(err)
		}
		o := res.Outline
		o.Meta.Unit = "中共农业农村厅党组"
		_, err = db.ImportOutline(ctx, duban.System, o, store.ImportOptions{Notice: true, DryRun: true})
		if duban.ErrorCode(err) != duban.Invalid || !strings.Contains(duban.ErrorFields(err)["owner"], "陕西省农业农村厅、甘肃省农业农村厅") {
			t.Errorf("doubtful owner: got %v (fields %v), want Invalid on owner naming both", err, duban.ErrorFields(err))
		}
		chosen, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{Notice: true, Owner: "甘肃省农业农村厅", DryRun: true})
		if err != nil || len(chosen.NewUnits) != 0 {
			t.Errorf("owner chosen: got %+v, %v; want no new unit", chosen, err)
		}
	})
}
