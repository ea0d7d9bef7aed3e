package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// A national plan's battle map lists the first dashRedOnPage red items and
// says how many there are; each unit's row links to its ledger.
func TestBattleMapCutsTheRedList(t *testing.T) {
	d := &store.Dashboard{Plan: duban.Plan{ID: 3, Title: "方案"}, Stats: &duban.Stats{}}
	left := -2
	for i := range 200 {
		d.Red = append(d.Red, duban.Assignment{ID: int64(i + 1), WorkdaysLeft: &left})
	}
	d.Stats.Total.Overdue = 230
	d.Stats.ByUnit = []duban.GroupStats{{ID: 51, Title: "单位051"}}
	today := duban.DateOf(time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	b := dashBattle{Base: Base{Lang: "zh"}, Day: dashDay{Day: today, Today: today}}
	b.fill(d)
	if len(b.Red) != dashRedOnPage || b.Red[0].ID != 1 || b.Red[0].Late != 2 {
		t.Errorf("red rows: got %d, first %+v; want %d from the first", len(b.Red), b.Red[0], dashRedOnPage)
	}
	if want := fmt.Sprintf("仅列出前%d项，共230项。", dashRedOnPage); b.RedMore != want {
		t.Errorf("red note: got %q, want %q", b.RedMore, want)
	}
	u := b.Units[0]
	if u.Ledger != b.UnitLedger(51, "") || u.RedLedger != b.UnitLedger(51, "red") || u.YellowLedger != b.UnitLedger(51, "yellow") || !strings.Contains(u.RedLedger, "51") {
		t.Errorf("unit links: %+v", u)
	}
}
