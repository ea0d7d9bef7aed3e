package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

// draftTitle names the measure the lead office drafts in the draft tests:
// it must appear nowhere a liaison looks until it is handed over.
const draftTitle = "草拟待交办的举措某某专项"

// TestLiaisonNeverSeesADraft: a measure the lead office has drafted for
// 省科技厅 but not handed over (交办) is invisible to 省科技厅's liaison on
// every API read and page — the item, its measure, lists, search, the tree
// and its levels, the statistics (today's tallies and another day's count),
// the ledger export and the 工作台 — and a plan where the unit has nothing
// but a draft is not the unit's plan; once handed over, the liaison sees it.
func TestLiaisonNeverSeesADraft(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		kjt, err := db.FindUnitByName(ctx, "省科技厅")
		if err != nil {
			t.Fatal(err)
		}
		nodes := listAll[duban.Node](t, e, "zgb", pathf("/api/v1/nodes?plan=%d&limit=500", e.planID))
		var aspect int64
		for _, n := range nodes {
			if n.ParentID == nil {
				aspect = n.ID
				break
			}
		}
		statsPath := pathf("/api/v1/plans/%d/stats", e.planID)
		yesterday := duban.DateOf(time.Now().In(duban.ChinaTime)).AddDays(-1).String()
		total := func(path string) int {
			var st duban.Stats
			e.mustDo(t, "kjt", "GET", path, nil, nil, 200).decode(t, &st)
			return st.Total.Total
		}
		before, beforeYesterday := total(statsPath), total(statsPath+"?asof="+yesterday)

		var task duban.Task
		e.mustDo(t, "zgb", "POST", "/api/v1/tasks", map[string]any{"plan_id": e.planID, "node_id": aspect, "title": draftTitle,
			"deadline_kind": "date", "deadline": duban.DateOf(time.Now()).AddDays(60).String(), "lead_unit_id": kjt.ID}, nil, 201).decode(t, &task)
		drafts := listAll[duban.Assignment](t, e, "zgb", pathf("/api/v1/assignments?task=%d", task.ID))
		if len(drafts) != 1 || drafts[0].Status != duban.StatusDraft {
			t.Fatalf("the lead office's assignments of the new measure: got %+v, want one draft", drafts)
		}
		id := drafts[0].ID

		// A plan of its own in which 省科技厅 has only a draft.
		office, err := db.FindUnitByName(ctx, "省委科技工委")
		if err != nil {
			t.Fatal(err)
		}
		var other duban.Plan
		e.mustDo(t, "zgb", "POST", "/api/v1/plans", map[string]any{"title": "仅有草拟事项的方案", "owner_unit_id": office.ID, "cadence": "monthly", "report_day": 5}, nil, 201).decode(t, &other)
		var otherNode duban.Node
		e.mustDo(t, "zgb", "POST", "/api/v1/nodes", map[string]any{"plan_id": other.ID, "kind": "aspect", "title": "方面一"}, nil, 201).decode(t, &otherNode)
		e.mustDo(t, "zgb", "POST", "/api/v1/tasks", map[string]any{"plan_id": other.ID, "node_id": otherNode.ID, "title": "另一方案的草拟举措",
			"deadline_kind": "date", "deadline": duban.DateOf(time.Now()).AddDays(30).String(), "lead_unit_id": kjt.ID}, nil, 201)

		hidden := func(t *testing.T) {
			t.Helper()
			for _, path := range []string{pathf("/api/v1/assignments/%d", id), pathf("/api/v1/tasks/%d", task.ID),
				pathf("/api/v1/assignments/%d/timeline", id), pathf("/api/v1/plans/%d", other.ID), pathf("/api/v1/plans/%d/tree", other.ID)} {
				e.mustDo(t, "kjt", "GET", path, nil, nil, http.StatusNotFound)
			}
			for _, path := range []string{"/api/v1/assignments?limit=500", "/api/v1/assignments?q=" + url.QueryEscape(draftTitle),
				"/api/v1/search?q=" + url.QueryEscape(draftTitle), "/api/v1/tasks?limit=500", "/api/v1/plans",
				pathf("/api/v1/plans/%d/tree", e.planID), pathf("/api/v1/plans/%d/tree/level?node=%d", e.planID, aspect)} {
				if r := e.mustDo(t, "kjt", "GET", path, nil, nil, 200); strings.Contains(string(r.Body), draftTitle) || strings.Contains(string(r.Body), "仅有草拟事项的方案") {
					t.Errorf("%s as liaison kjt shows the draft: %s", path, r.Body)
				}
			}
			if got := total(statsPath); got != before {
				t.Errorf("kjt's statistics today: got %d assignments, want %d (the draft left out)", got, before)
			}
			if got := total(statsPath + "?asof=" + yesterday); got != beforeYesterday {
				t.Errorf("kjt's statistics of yesterday: got %d assignments, want %d", got, beforeYesterday)
			}
			ledger := xlsxText(t, e.mustDo(t, "kjt", "GET", pathf("/api/v1/plans/%d/ledger.xlsx", e.planID), nil, nil, 200).Body)
			if strings.Contains(ledger, draftTitle) {
				t.Error("kjt's ledger export holds the draft")
			}
			for _, path := range []string{"/", "/ledger", "/ledger?q=" + url.QueryEscape(draftTitle), pathf("/ledger?plan=%d", e.planID), pathf("/plans/%d", e.planID), "/plans"} {
				// The text filter echoes the title: the draft's link is what must not show.
				r := e.page(t, "kjt", "GET", path, nil)
				body := strings.ReplaceAll(string(r.Body), `value="`+draftTitle+`"`, "")
				if r.Status != 200 || strings.Contains(body, draftTitle) || strings.Contains(body, pathf("/assignments/%d\"", id)) || strings.Contains(body, "仅有草拟事项的方案") {
					t.Errorf("page %s as kjt: got %d, showing the draft: %v", path, r.Status, strings.Contains(body, draftTitle))
				}
			}
			if r := e.page(t, "kjt", "GET", pathf("/assignments/%d", id), nil); r.Status != http.StatusNotFound {
				t.Errorf("the draft's page as kjt: got %d, want 404", r.Status)
			}
		}
		t.Run("draft", hidden)

		// The lead office still sees it, and once handed over, so does the unit.
		if r := e.mustDo(t, "zgb", "GET", pathf("/api/v1/plans/%d/tree", e.planID), nil, nil, 200); !strings.Contains(string(r.Body), draftTitle) {
			t.Error("the lead office's tree lacks its draft")
		}
		e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/assign", id), map[string]any{}, nil, 200)
		e.mustDo(t, "kjt", "GET", pathf("/api/v1/assignments/%d", id), nil, nil, 200)
		if got := total(statsPath); got != before+1 {
			t.Errorf("kjt's statistics after 交办: got %d, want %d", got, before+1)
		}
		if r := e.mustDo(t, "kjt", "GET", "/api/v1/search?q="+url.QueryEscape(draftTitle), nil, nil, 200); !strings.Contains(string(r.Body), draftTitle) {
			t.Error("kjt's search misses the measure handed over")
		}
		if r := e.page(t, "kjt", "GET", "/ledger?q="+url.QueryEscape(draftTitle), nil); !strings.Contains(string(r.Body), pathf("/assignments/%d\"", id)) {
			t.Error("kjt's ledger misses the measure handed over")
		}
	})
}
