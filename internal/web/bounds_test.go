package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"duban/internal/duban"
)

// TestParamBounds: a negative or absurd order number or paging parameter is
// refused with 422 wherever it is read (query, JSON body, form), instead of
// being stored or quietly clamped.
func TestParamBounds(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		var nodes duban.List[duban.Node]
		e.mustDo(t, "zgb", "GET", fmt.Sprintf("/api/v1/nodes?plan=%d&kind=problem&limit=1", e.planID), nil, nil, 200).decode(t, &nodes)
		var tasks duban.List[duban.Task]
		e.mustDo(t, "zgb", "GET", fmt.Sprintf("/api/v1/tasks?plan=%d&limit=1", e.planID), nil, nil, 200).decode(t, &tasks)
		if len(nodes.Items) == 0 || len(tasks.Items) == 0 {
			t.Fatalf("got %d nodes and %d tasks, want some of each", len(nodes.Items), len(tasks.Items))
		}
		node, task := nodes.Items[0], tasks.Items[0]
		var challenges []duban.Challenge
		e.mustDo(t, "zgb", "GET", "/api/v1/challenges", nil, nil, 200).decode(t, &challenges)
		if len(challenges) == 0 {
			t.Fatal("got no challenges in the demo, want some")
		}
		ch := challenges[0].ID
		newNode := func(seq int) map[string]any {
			return map[string]any{"plan_id": e.planID, "parent_id": node.AspectID, "kind": "problem", "title": "序号检查", "seq": seq}
		}
		newTask := func(seq int) map[string]any {
			return map[string]any{"node_id": node.ID, "title": "序号检查", "deadline_kind": "long_term", "lead_unit_id": task.LeadUnitID, "seq": seq}
		}
		var scs []scenario
		for _, bad := range []string{"-1", "0", "501", "100000000000", "x"} {
			for _, path := range []string{"/api/v1/units", "/api/v1/assignments", "/api/v1/audit", fmt.Sprintf("/api/v1/plans/%d/tree/level", e.planID), "/api/v1/inbox"} {
				user := "zgb"
				if path == "/api/v1/audit" {
					user = "auditor"
				}
				scs = append(scs, scenario{name: path + " limit " + bad, user: user, method: "GET", path: path + "?limit=" + bad, wantStatus: 422, wantContains: []string{`"limit"`}})
			}
		}
		scs = append(scs,
			scenario{name: "search limit beyond 100", user: "zgb", method: "GET", path: "/api/v1/search?q=%E5%88%9B%E6%96%B0&limit=101", wantStatus: 422},
			scenario{name: "negative cursor", user: "zgb", method: "GET", path: "/api/v1/units?cursor=-3", wantStatus: 422},
			scenario{name: "race seq negative", user: "zgb", method: "GET", path: fmt.Sprintf("/api/v1/challenges/%d/race?seq=-1", ch), wantStatus: 422},
			scenario{name: "race seq absurd", user: "zgb", method: "GET", path: fmt.Sprintf("/api/v1/challenges/%d/race?seq=99999999", ch), wantStatus: 422},
			scenario{name: "figures years negative", user: "zgb", method: "GET", path: "/api/v1/indicators/1/figures.xlsx?years=-1", wantStatus: 422, wantContains: []string{`"years"`}},
			scenario{name: "figures years absurd", user: "zgb", method: "GET", path: "/api/v1/indicators/1/figures.xlsx?years=2025,99999", wantStatus: 422, wantContains: []string{`"years"`}},
			scenario{name: "calendar year absurd", user: "zgb", method: "GET", path: "/api/v1/calendar?year=-2024", wantStatus: 422},
			scenario{name: "new node seq negative", user: "zgb", method: "POST", path: "/api/v1/nodes", body: newNode(-1), wantStatus: 422, wantContains: []string{`"seq"`}},
			scenario{name: "new node seq absurd", user: "zgb", method: "POST", path: "/api/v1/nodes", body: newNode(1 << 30), wantStatus: 422, wantContains: []string{`"seq"`}},
			scenario{name: "node seq negative", user: "zgb", method: "PATCH", path: fmt.Sprintf("/api/v1/nodes/%d", node.ID), body: map[string]any{"seq": -5}, wantStatus: 422, wantContains: []string{`"seq"`}},
			scenario{name: "new task seq negative", user: "zgb", method: "POST", path: "/api/v1/tasks", body: newTask(-1), wantStatus: 422, wantContains: []string{`"seq"`}},
			scenario{name: "task seq absurd", user: "zgb", method: "PATCH", path: fmt.Sprintf("/api/v1/tasks/%d", task.ID), body: map[string]any{"seq": 1 << 30}, wantStatus: 422, wantContains: []string{`"seq"`}},
			// Within bounds the same requests are served.
			scenario{name: "limit 500", user: "zgb", method: "GET", path: "/api/v1/assignments?limit=500", wantStatus: 200},
			scenario{name: "node seq 3", user: "zgb", method: "PATCH", path: fmt.Sprintf("/api/v1/nodes/%d", node.ID), body: map[string]any{"seq": 3}, wantStatus: 200},
			scenario{name: "new node seq 0 goes last", user: "zgb", method: "POST", path: "/api/v1/nodes", body: newNode(0), wantStatus: 201},
		)
		e.runAll(t, scs)
		for _, q := range []string{"-1", "99999999", "x"} {
			if r := e.page(t, "zgb", http.MethodGet, fmt.Sprintf("/challenges/%d?seq=%s", ch, q), nil); r.Status != 422 {
				t.Errorf("GET /challenges/%d?seq=%s: got status %d, want 422", ch, q, r.Status)
			}
		}
		var got duban.Node
		e.mustDo(t, "zgb", "GET", fmt.Sprintf("/api/v1/nodes/%d", node.ID), nil, nil, 200).decode(t, &got)
		if got.Seq != 3 {
			t.Errorf("node %d: got seq %d, want 3 (the refused values left nothing)", node.ID, got.Seq)
		}
	})
}
