package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

func TestLogin(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		var badDetail string
		e.runAll(t, []scenario{
			{
				name: "good credentials", method: "POST", path: "/api/v1/auth/login",
				body:       map[string]string{"username": "admin", "password": adminPassword},
				wantStatus: http.StatusOK, wantContains: []string{`"token"`, `"token_type":"Bearer"`, `"username":"admin"`},
				wantAbsent: []string{"argon2", "password_hash"},
				check: func(t *testing.T, r response) {
					var out struct{ Token string }
					r.decode(t, &out)
					if len(out.Token) < 20 {
						t.Fatalf("got token %q, want a long random one", out.Token)
					}
					me, err := e.send("GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + out.Token})
					if err != nil {
						t.Fatal(err)
					}
					if me.Status != http.StatusOK || !strings.Contains(string(me.Body), `"username":"admin"`) {
						t.Errorf("GET /me with the new token: got %d %s, want 200 and admin", me.Status, me.Body)
					}
				},
			},
			{
				name: "bad password", method: "POST", path: "/api/v1/auth/login",
				body:       map[string]string{"username": "admin", "password": "wrong-password"},
				wantStatus: http.StatusUnauthorized, wantCode: "unauthorized", wantAbsent: []string{`"token"`},
				check: func(t *testing.T, r response) {
					badDetail = checkProblem(t, r).Detail
					if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
						t.Errorf("got WWW-Authenticate %q, want Bearer …", got)
					}
				},
			},
			{
				name: "unknown user reads like a bad password", method: "POST", path: "/api/v1/auth/login",
				body:       map[string]string{"username": "nobody", "password": "whatever-pw"},
				wantStatus: http.StatusUnauthorized, wantCode: "unauthorized",
				check: func(t *testing.T, r response) {
					if d := checkProblem(t, r).Detail; d != badDetail {
						t.Errorf("got detail %q, want the bad-password detail %q", d, badDetail)
					}
				},
			},
			{
				name: "empty credentials", method: "POST", path: "/api/v1/auth/login",
				body: map[string]string{"username": " ", "password": ""}, wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid",
				wantContains: []string{`"username"`, `"password"`},
			},
			{
				name: "malformed body", method: "POST", path: "/api/v1/auth/login",
				body: `{"username": "admin"`, wantStatus: http.StatusBadRequest, wantCode: "bad_request",
			},
			{
				name: "no token", method: "GET", path: "/api/v1/me",
				wantStatus: http.StatusUnauthorized, wantCode: "unauthorized",
			},
			{
				name: "garbage token", method: "GET", path: "/api/v1/me",
				headers:    map[string]string{"Authorization": "Bearer not-a-token-at-all"},
				wantStatus: http.StatusUnauthorized, wantCode: "unauthorized",
			},
			{
				name: "not a bearer token", method: "GET", path: "/api/v1/units",
				headers:    map[string]string{"Authorization": "Basic YWRtaW46ZHViYW4tYWRtaW4="},
				wantStatus: http.StatusUnauthorized, wantCode: "unauthorized",
			},
		})

		t.Run("logout revokes the token", func(t *testing.T) {
			r := e.mustDo(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": adminPassword}, nil, http.StatusOK)
			var out struct{ Token string }
			r.decode(t, &out)
			auth := map[string]string{"Authorization": "Bearer " + out.Token}
			e.mustDo(t, "", "POST", "/api/v1/auth/logout", nil, auth, http.StatusNoContent)
			e.mustDo(t, "", "GET", "/api/v1/me", nil, auth, http.StatusUnauthorized)
		})
	})
}

func TestPlanTree(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		treePath := pathf("/api/v1/plans/%d/tree", e.planID)
		r := e.mustDo(t, "zgb", "GET", treePath, nil, nil, http.StatusOK)
		var tree duban.Tree
		r.decode(t, &tree)

		t.Run("counts", func(t *testing.T) {
			c := tree.Counts
			if c.Aspects != 4 || c.Problems != 12 || c.Tasks != 23 {
				t.Errorf("got aspects=%d problems=%d tasks=%d, want 4, 12, 23", c.Aspects, c.Problems, c.Tasks)
			}
			var walked duban.TreeCounts
			countItems(tree.Children, &walked)
			if walked != c {
				t.Errorf("got counts %+v by walking the tree, want the reported %+v", walked, c)
			}
		})

		t.Run("every node has its fields", func(t *testing.T) {
			var raw struct {
				Children []map[string]any `json:"children"`
			}
			r.decode(t, &raw)
			if len(raw.Children) == 0 {
				t.Fatal("got no top-level children, want the aspects")
			}
			for i, n := range raw.Children {
				checkNodeFields(t, n, fmt.Sprintf("children[%d]", i))
			}
		})

		t.Run("roll-ups add up", func(t *testing.T) {
			sum := 0
			for _, c := range tree.Children {
				sum += checkRollups(t, c)
			}
			if tree.Rollup.Total != sum {
				t.Errorf("plan roll-up: got total %d, want the sum of its aspects %d", tree.Rollup.Total, sum)
			}
		})

		t.Run("plan roll-up equals the assignment list", func(t *testing.T) {
			// A small page makes the list go through several cursors.
			all := listAll[duban.Assignment](t, e, "zgb", pathf("/api/v1/assignments?plan=%d&limit=7", e.planID))
			ids := map[int64]bool{}
			for _, a := range all {
				if ids[a.ID] {
					t.Errorf("assignment %d is listed twice across pages", a.ID)
				}
				ids[a.ID] = true
			}
			if len(all) <= 7 {
				t.Fatalf("got %d assignments, want more than one page of 7", len(all))
			}
			if tree.Rollup.Total != len(ids) {
				t.Errorf("got plan roll-up total %d, want %d (the assignments listed)", tree.Rollup.Total, len(ids))
			}
			if tree.Counts.Assignments != len(ids) {
				t.Errorf("got counts.assignments %d, want %d", tree.Counts.Assignments, len(ids))
			}
			inTree := map[int64]bool{}
			collectAssignments(tree.Children, inTree)
			for id := range ids {
				if !inTree[id] {
					t.Errorf("assignment %d is listed but not in the tree", id)
				}
			}
		})

		e.runAll(t, []scenario{
			{name: "missing plan", user: "zgb", method: "GET", path: "/api/v1/plans/99999/tree", wantStatus: http.StatusNotFound, wantCode: "not_found"},
			{name: "bad asof", user: "zgb", method: "GET", path: treePath + "?asof=yesterday", wantStatus: http.StatusUnprocessableEntity, wantContains: []string{`"asof"`}},
			{name: "no token", method: "GET", path: treePath, wantStatus: http.StatusUnauthorized},
		})
	})
}

func countItems(items []*duban.TreeItem, c *duban.TreeCounts) {
	for _, it := range items {
		switch it.Kind {
		case "aspect":
			c.Aspects++
		case "problem":
			c.Problems++
		case "subproblem":
			c.Subproblems++
		case "task":
			c.Tasks++
			c.Assignments += len(it.Assignments)
		}
		countItems(it.Children, c)
	}
}

func collectAssignments(items []*duban.TreeItem, ids map[int64]bool) {
	for _, it := range items {
		for _, a := range it.Assignments {
			ids[a.ID] = true
		}
		collectAssignments(it.Children, ids)
	}
}

// checkNodeFields checks that a node as JSON has id, kind, title, children
// and rollup, and so on down the tree.
func checkNodeFields(t *testing.T, n map[string]any, where string) {
	t.Helper()
	for _, k := range []string{"id", "kind", "title", "children", "rollup"} {
		if _, ok := n[k]; !ok {
			t.Errorf("%s: got no %q, want it: %v", where, k, n)
		}
	}
	if id, _ := n["id"].(float64); id <= 0 {
		t.Errorf("%s: got id %v, want a positive number", where, n["id"])
	}
	switch n["kind"] {
	case "aspect", "problem", "subproblem", "task":
	default:
		t.Errorf("%s: got kind %v, want aspect, problem, subproblem or task", where, n["kind"])
	}
	if title, _ := n["title"].(string); title == "" {
		t.Errorf("%s: got an empty title", where)
	}
	if ru, ok := n["rollup"].(map[string]any); !ok || ru["total"] == nil {
		t.Errorf("%s: got rollup %v, want an object with a total", where, n["rollup"])
	}
	children, ok := n["children"].([]any)
	if !ok {
		t.Errorf("%s: got children %v, want an array (empty for a leaf)", where, n["children"])
		return
	}
	for i, c := range children {
		m, ok := c.(map[string]any)
		if !ok {
			t.Errorf("%s.children[%d]: got %v, want an object", where, i, c)
			continue
		}
		checkNodeFields(t, m, fmt.Sprintf("%s.children[%d]", where, i))
	}
}

// checkRollups checks that each item's total is the sum of its children's
// (a task's: its assignments) and returns it.
func checkRollups(t *testing.T, it *duban.TreeItem) int {
	t.Helper()
	want := 0
	if it.Kind == "task" {
		want = len(it.Assignments)
	}
	for _, c := range it.Children {
		want += checkRollups(t, c)
	}
	if it.Rollup.Total != want {
		t.Errorf("%s %d %q: got roll-up total %d, want %d", it.Kind, it.ID, it.Title, it.Rollup.Total, want)
	}
	return it.Rollup.Total
}

func TestPlanStats(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		all := listAll[duban.Assignment](t, e, "zgb", pathf("/api/v1/assignments?plan=%d&limit=100", e.planID))
		stats := func(t *testing.T, asOf string) duban.Stats {
			t.Helper()
			p := pathf("/api/v1/plans/%d/stats", e.planID)
			if asOf != "" {
				p += "?asof=" + asOf
			}
			var st duban.Stats
			e.mustDo(t, "zgb", "GET", p, nil, nil, http.StatusOK).decode(t, &st)
			return st
		}
		overdueListed := func(t *testing.T, asOf string) int {
			t.Helper()
			p := pathf("/api/v1/assignments?plan=%d&overdue=true&limit=100", e.planID)
			if asOf != "" {
				p += "&asof=" + asOf
			}
			return len(listAll[duban.Assignment](t, e, "zgb", p))
		}

		t.Run("totals agree", func(t *testing.T) {
			st := stats(t, "")
			var byAspect, byUnit, overAspect, overUnit int
			for _, g := range st.ByAspect {
				byAspect += g.Rollup.Total
				overAspect += g.Rollup.Overdue
			}
			for _, g := range st.ByUnit {
				byUnit += g.Rollup.Total
				overUnit += g.Rollup.Overdue
			}
			if byAspect != st.Total.Total || byUnit != st.Total.Total {
				t.Errorf("got by_aspect sum %d, by_unit sum %d, total %d; want all equal", byAspect, byUnit, st.Total.Total)
			}
			if st.Total.Total != len(all) {
				t.Errorf("got total %d, want %d (the assignments listed)", st.Total.Total, len(all))
			}
			if overAspect != st.Total.Overdue || overUnit != st.Total.Overdue {
				t.Errorf("got overdue by_aspect %d, by_unit %d, total %d; want all equal", overAspect, overUnit, st.Total.Overdue)
			}
			if len(st.ByAspect) != 4 {
				t.Errorf("got %d aspects, want 4", len(st.ByAspect))
			}
		})

		t.Run("asof moves the overdue count", func(t *testing.T) {
			today := stats(t, "")
			if today.Total.Overdue == 0 {
				t.Fatal("got 0 overdue today, want some: the demo has open items past their deadline")
			}
			if n := overdueListed(t, ""); n != today.Total.Overdue {
				t.Errorf("today: got stats overdue %d, want %d (the overdue list)", today.Total.Overdue, n)
			}

			past := stats(t, "2000-01-01")
			if past.Total.Overdue != 0 {
				t.Errorf("asof 2000-01-01: got %d overdue, want 0", past.Total.Overdue)
			}
			for _, g := range append(past.ByAspect, past.ByUnit...) {
				if g.Rollup.Overdue != 0 {
					t.Errorf("asof 2000-01-01: %s has %d overdue, want 0", g.Title, g.Rollup.Overdue)
				}
			}
			// The figures are those the day had: in 2000 nothing of the
			// plan had been assigned yet.
			if past.Total.Total != 0 {
				t.Errorf("asof 2000-01-01: got total %d, want 0 (the demo's items were assigned long after)", past.Total.Total)
			}
			if n := overdueListed(t, "2000-01-01"); n != 0 {
				t.Errorf("asof 2000-01-01: got %d in the overdue list, want 0", n)
			}

			// In 2100 every open item with a date deadline is overdue.
			want := 0
			for _, a := range all {
				if a.Status != duban.StatusClosed && a.DeadlineKind == duban.DeadlineDate && !a.Deadline.IsZero() {
					want++
				}
			}
			future := stats(t, "2100-01-01")
			if future.Total.Overdue != want {
				t.Errorf("asof 2100-01-01: got %d overdue, want %d", future.Total.Overdue, want)
			}
			if future.Total.Overdue <= today.Total.Overdue {
				t.Errorf("asof 2100-01-01: got %d overdue, want more than today's %d", future.Total.Overdue, today.Total.Overdue)
			}
			if n := overdueListed(t, "2100-01-01"); n != want {
				t.Errorf("asof 2100-01-01: got %d in the overdue list, want %d", n, want)
			}
		})

		e.runAll(t, []scenario{
			{name: "bad asof", user: "zgb", method: "GET", path: pathf("/api/v1/plans/%d/stats?asof=2021-02-30", e.planID), wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid", wantContains: []string{`"asof"`}},
			{name: "missing plan", user: "zgb", method: "GET", path: "/api/v1/plans/99999/stats", wantStatus: http.StatusNotFound, wantCode: "not_found"},
		})
	})
}

func TestRoleReach(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		all := listAll[duban.Assignment](t, e, "admin", "/api/v1/assignments?limit=100")
		kjtCR := findAssignment(t, all, "of 省科技厅 awaiting sign-off", func(a duban.Assignment) bool {
			return a.Unit.Name == "省科技厅" && a.Status == duban.StatusClosureRequested && !a.SignedOff
		})
		czt := findAssignment(t, all, "of 省财政厅", func(a duban.Assignment) bool { return a.Unit.Name == "省财政厅" })
		for _, a := range all { // prefer one a leader could sign off, were it of the leader's unit
			if a.Unit.Name == "省财政厅" && a.Status == duban.StatusClosureRequested {
				czt = a
				break
			}
		}
		kjtUnit, cztUnit := kjtCR.Unit.ID, czt.Unit.ID

		t.Run("a liaison lists only its unit's assignments", func(t *testing.T) {
			mine := listAll[duban.Assignment](t, e, "kjt", "/api/v1/assignments?limit=5")
			want := 0
			for _, a := range all {
				if a.Unit.ID == kjtUnit && a.Status != duban.StatusDraft {
					want++
				}
			}
			if len(mine) != want || want == 0 {
				t.Errorf("got %d assignments for kjt, want %d (all of 省科技厅's but drafts)", len(mine), want)
			}
			for _, a := range mine {
				if a.Unit.Name != "省科技厅" {
					t.Errorf("kjt sees assignment %d of %s, want only 省科技厅's", a.ID, a.Unit.Name)
				}
			}
			other := listAll[duban.Assignment](t, e, "kjt", pathf("/api/v1/assignments?unit=%d", cztUnit))
			if len(other) != 0 {
				t.Errorf("kjt filtering on 省财政厅: got %d assignments, want 0", len(other))
			}
		})

		e.runAll(t, []scenario{
			{name: "liaison reads its own assignment", user: "kjt", method: "GET", path: pathf("/api/v1/assignments/%d", kjtCR.ID),
				wantStatus: http.StatusOK, wantContains: []string{kjtCR.TaskTitle}},
			{name: "liaison cannot read another unit's assignment", user: "kjt", method: "GET", path: pathf("/api/v1/assignments/%d", czt.ID),
				wantStatus: http.StatusNotFound, wantCode: "not_found", wantAbsent: []string{czt.TaskTitle, "省财政厅"}},
			{name: "nor its transitions", user: "kjt", method: "GET", path: pathf("/api/v1/assignments/%d/transitions", czt.ID),
				wantStatus: http.StatusNotFound, wantCode: "not_found"},
			{name: "liaison's tree holds only its unit", user: "kjt", method: "GET", path: pathf("/api/v1/plans/%d/tree", e.planID),
				wantStatus: http.StatusOK, check: func(t *testing.T, r response) {
					var tree duban.Tree
					r.decode(t, &tree)
					seen := map[int64]bool{}
					collectAssignments(tree.Children, seen)
					for _, a := range all {
						if seen[a.ID] && a.Unit.ID != kjtUnit {
							t.Errorf("kjt's tree holds assignment %d of %s", a.ID, a.Unit.Name)
						}
					}
					if len(seen) == 0 || tree.Rollup.Total != len(seen) {
						t.Errorf("kjt's tree: got roll-up total %d over %d assignments, want equal and non-zero", tree.Rollup.Total, len(seen))
					}
				}},
			{name: "liaison's stats count only its unit", user: "kjt", method: "GET", path: pathf("/api/v1/plans/%d/stats", e.planID),
				wantStatus: http.StatusOK, wantAbsent: []string{`"title":"省财政厅"`}, check: func(t *testing.T, r response) {
					var st duban.Stats
					r.decode(t, &st)
					want := 0
					for _, a := range all {
						if a.Unit.ID == kjtUnit && a.PlanID == e.planID && a.Status != duban.StatusDraft {
							want++
						}
					}
					if st.Total.Total != want {
						t.Errorf("kjt's stats: got total %d, want %d (省科技厅's assignments but drafts)", st.Total.Total, want)
					}
					for _, g := range st.ByUnit {
						if g.ID != kjtUnit {
							t.Errorf("kjt's stats name unit %d %s, want only 省科技厅", g.ID, g.Title)
						}
					}
				}},
			{name: "liaison cannot create units", user: "kjt", method: "POST", path: "/api/v1/units",
				body: map[string]any{"name": "联络员建的单位", "kind": "other"}, wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "liaison cannot verify", user: "kjt", method: "POST", path: pathf("/api/v1/assignments/%d/verify", kjtCR.ID),
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "liaison cannot read the audit log", user: "kjt", method: "GET", path: "/api/v1/audit",
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "inspector reads the tree", user: "xsb", method: "GET", path: pathf("/api/v1/plans/%d/tree", e.planID),
				wantStatus: http.StatusOK, wantContains: []string{`"counts"`, `"aspects":4`}},
			{name: "only the audit administrator reads the audit log", user: "auditor", method: "GET", path: "/api/v1/audit?limit=5",
				wantStatus: http.StatusOK, wantContains: []string{`"items"`}},
			{name: "the system administrator cannot read the audit log", user: "admin", method: "GET", path: "/api/v1/audit?limit=5",
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "the inspector cannot read the audit log", user: "xsb", method: "GET", path: "/api/v1/audit?limit=5",
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "inspector cannot create plans", user: "xsb", method: "POST", path: "/api/v1/plans",
				body:       map[string]any{"title": "巡视办自建方案", "owner_unit_id": kjtUnit, "lead_unit_id": kjtUnit},
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "leader signs off own unit's closure", user: "kjt-leader", method: "POST", path: pathf("/api/v1/assignments/%d/sign-off", kjtCR.ID),
				wantStatus: http.StatusOK, wantContains: []string{`"signed_off":true`, `"status":"closure_requested"`}},
			{name: "leader cannot sign off another unit's", user: "kjt-leader", method: "POST", path: pathf("/api/v1/assignments/%d/sign-off", czt.ID),
				wantStatus: http.StatusForbidden, wantCode: "forbidden"},
			{name: "the refused sign-off changed nothing", user: "admin", method: "GET", path: pathf("/api/v1/assignments/%d", czt.ID),
				wantStatus: http.StatusOK, wantContains: []string{fmt.Sprintf(`"version":%d`, czt.Version)}},
		})
	})
}

func TestAssignmentWorkflow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		drafts := listAll[duban.Assignment](t, e, "zgb", pathf("/api/v1/assignments?plan=%d&status=draft", e.planID))
		if len(drafts) == 0 {
			t.Fatal("got no draft assignment in the demo, want one")
		}
		a := drafts[0]
		liaison, leader := "zgb", "admin" // the lead office may start; an admin may sign off
		for _, acc := range demoAccounts(a.Unit.Name) {
			switch acc.role {
			case duban.RoleLiaison:
				liaison = acc.user
			case duban.RoleLeader:
				leader = acc.user
			}
		}
		act := func(action string) string { return pathf("/api/v1/assignments/%d/%s", a.ID, action) }
		newDeadline := duban.DateOf(time.Now()).AddDays(30).String()
		status := func(s duban.Status) string { return `"status":"` + string(s) + `"` }

		e.runAll(t, []scenario{
			{name: "stale If-Match", user: "zgb", method: "POST", path: act("assign"), headers: map[string]string{"If-Match": `"999"`},
				wantStatus: http.StatusPreconditionFailed, wantCode: "stale"},
			{name: "liaison cannot assign, nor see the draft", user: liaison, method: "POST", path: act("assign"), wantStatus: http.StatusNotFound, wantCode: "not_found"},
			{name: "assign", user: "zgb", method: "POST", path: act("assign"), headers: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, a.Version)},
				wantStatus: http.StatusOK, wantContains: []string{status(duban.StatusAssigned)},
				check: func(t *testing.T, r response) {
					if got, want := r.Header.Get("ETag"), fmt.Sprintf(`"%d"`, a.Version+1); got != want {
						t.Errorf("got ETag %s, want %s", got, want)
					}
				}},
			{name: "start", user: liaison, method: "POST", path: act("start"), wantStatus: http.StatusOK, wantContains: []string{status(duban.StatusInProgress)}},
			{name: "request closure without summary", user: liaison, method: "POST", path: act("request-closure"), body: map[string]string{},
				wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid",
				check: func(t *testing.T, r response) {
					if p := checkProblem(t, r); p.Errors["summary"] == "" {
						t.Errorf("got errors %v, want errors.summary", p.Errors)
					}
				}},
			{name: "request closure", user: liaison, method: "POST", path: act("request-closure"), body: map[string]string{"summary": "已建立制度并印发执行，佐证材料已上传。"},
				wantStatus: http.StatusOK, wantContains: []string{status(duban.StatusClosureRequested), `"signed_off":false`}},
			{name: "verify before sign-off", user: "zgb", method: "POST", path: act("verify"), wantStatus: http.StatusConflict, wantCode: "conflict"},
			{name: "sign-off", user: leader, method: "POST", path: act("sign-off"), wantStatus: http.StatusOK,
				wantContains: []string{status(duban.StatusClosureRequested), `"signed_off":true`}},
			{name: "verify", user: "zgb", method: "POST", path: act("verify"), wantStatus: http.StatusOK,
				wantContains: []string{status(duban.StatusClosed)},
				check: func(t *testing.T, r response) {
					var x duban.Assignment
					r.decode(t, &x)
					if x.ClosedAt == nil {
						t.Error("got closed_at null, want the time of closing")
					}
				}},
			{name: "verify again", user: "zgb", method: "POST", path: act("verify"), wantStatus: http.StatusConflict, wantCode: "conflict"},
			{name: "reopen without reason", user: "zgb", method: "POST", path: act("reopen"), body: map[string]string{"new_deadline": newDeadline},
				wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid",
				check: func(t *testing.T, r response) {
					if p := checkProblem(t, r); p.Errors["reason"] == "" {
						t.Errorf("got errors %v, want errors.reason", p.Errors)
					}
				}},
			{name: "reopen", user: "zgb", method: "POST", path: act("reopen"), body: map[string]string{"reason": "回头看发现问题反弹。", "new_deadline": newDeadline},
				wantStatus: http.StatusOK, wantContains: []string{status(duban.StatusInProgress), `"deadline":"` + newDeadline + `"`, `"deadline_kind":"date"`, `"closed_at":null`}},
			{name: "the assignment reads back reopened", user: liaison, method: "GET", path: pathf("/api/v1/assignments/%d", a.ID),
				wantStatus: http.StatusOK, wantContains: []string{status(duban.StatusInProgress), `"deadline":"` + newDeadline + `"`}},
			{name: "unknown action", user: "zgb", method: "POST", path: act("explode"), wantStatus: http.StatusNotFound, wantCode: "not_found"},
		})

		t.Run("transitions", func(t *testing.T) {
			var out struct{ Items []duban.Transition }
			e.mustDo(t, "zgb", "GET", act("transitions"), nil, nil, http.StatusOK).decode(t, &out)
			want := []struct {
				action   duban.Action
				from, to duban.Status
				actor    string
			}{
				{duban.ActionAssign, duban.StatusDraft, duban.StatusAssigned, "zgb"},
				{duban.ActionStart, duban.StatusAssigned, duban.StatusInProgress, liaison},
				{duban.ActionRequestClosure, duban.StatusInProgress, duban.StatusClosureRequested, liaison},
				{duban.ActionSignOff, duban.StatusClosureRequested, duban.StatusClosureRequested, leader},
				{duban.ActionVerify, duban.StatusClosureRequested, duban.StatusClosed, "zgb"},
				{duban.ActionReopen, duban.StatusClosed, duban.StatusInProgress, "zgb"},
			}
			if len(out.Items) != len(want) {
				t.Fatalf("got %d transitions, want %d (refused requests leave none): %+v", len(out.Items), len(want), out.Items)
			}
			for i, w := range want {
				g := out.Items[i]
				if g.Action != w.action || g.From != w.from || g.To != w.to {
					t.Errorf("transition %d: got %s %s→%s, want %s %s→%s", i, g.Action, g.From, g.To, w.action, w.from, w.to)
				}
				if g.ActorName != w.actor && g.ActorName != displayName(w.actor) {
					t.Errorf("transition %d (%s): got actor %q, want %q or %q", i, g.Action, g.ActorName, w.actor, displayName(w.actor))
				}
				if g.At.IsZero() {
					t.Errorf("transition %d (%s): got no time", i, g.Action)
				}
			}
			if r := out.Items[5].Reason; r != "回头看发现问题反弹。" {
				t.Errorf("reopen: got reason %q, want the one given", r)
			}
		})
	})
}

type demoAccount struct {
	user string
	role duban.Role
}

// demoAccounts returns the demo logins of a unit.
func demoAccounts(unit string) []demoAccount {
	var out []demoAccount
	for _, a := range demo.Accounts {
		if a.Unit == unit {
			out = append(out, demoAccount{a.Username, a.Role})
		}
	}
	return out
}

func TestUnitETag(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		created := e.mustDo(t, "admin", "POST", "/api/v1/units", map[string]any{"name": "陕西省测试厅", "short_name": "省测试厅", "kind": "department"}, nil, http.StatusCreated)
		var u duban.Unit
		created.decode(t, &u)
		unitPath := pathf("/api/v1/units/%d", u.ID)

		got := e.mustDo(t, "admin", "GET", unitPath, nil, nil, http.StatusOK)
		oldTag := got.Header.Get("ETag")
		if oldTag == "" {
			t.Fatal("GET unit: got no ETag, want one")
		}
		var newTag string
		e.runAll(t, []scenario{
			{name: "patch with the current ETag", user: "admin", method: "PATCH", path: unitPath, headers: map[string]string{"If-Match": oldTag},
				body: map[string]any{"short_name": "省测试一厅"}, wantStatus: http.StatusOK, wantContains: []string{`"short_name":"省测试一厅"`},
				check: func(t *testing.T, r response) {
					newTag = r.Header.Get("ETag")
					if newTag == "" || newTag == oldTag {
						t.Errorf("got ETag %q after the update, want a new one (was %q)", newTag, oldTag)
					}
				}},
			{name: "patch with the old ETag", user: "admin", method: "PATCH", path: unitPath, headers: map[string]string{"If-Match": oldTag},
				body: map[string]any{"short_name": "省测试二厅"}, wantStatus: http.StatusPreconditionFailed, wantCode: "stale"},
			{name: "malformed JSON", user: "admin", method: "PATCH", path: unitPath, body: `{"short_name": "省测试三厅"`,
				wantStatus: http.StatusBadRequest, wantCode: "bad_request"},
			{name: "unknown field", user: "admin", method: "PATCH", path: unitPath, body: map[string]any{"nmae": "省测试四厅"},
				wantStatus: http.StatusBadRequest, wantCode: "bad_request", wantContains: []string{"nmae"}},
			{name: "empty name", user: "admin", method: "PATCH", path: unitPath, body: map[string]any{"name": "  "},
				wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid",
				check: func(t *testing.T, r response) {
					if p := checkProblem(t, r); p.Errors["name"] == "" {
						t.Errorf("got errors %v, want errors.name", p.Errors)
					}
				}},
			{name: "wrong type", user: "admin", method: "PATCH", path: unitPath, body: `{"sort": "first"}`,
				wantStatus: http.StatusUnprocessableEntity, wantCode: "invalid", wantContains: []string{`"sort"`}},
		})
		t.Run("refused updates changed nothing", func(t *testing.T) {
			r := e.mustDo(t, "admin", "GET", unitPath, nil, nil, http.StatusOK)
			var now duban.Unit
			r.decode(t, &now)
			if now.ShortName != "省测试一厅" || now.Name != "陕西省测试厅" {
				t.Errorf("got %s / %s, want 陕西省测试厅 / 省测试一厅", now.Name, now.ShortName)
			}
			if tag := r.Header.Get("ETag"); tag != newTag {
				t.Errorf("got ETag %s, want %s", tag, newTag)
			}
		})
	})
}

// TestProblemResponses provokes each kind of error and checks (through do)
// that each is a problem document with a Chinese detail.
func TestProblemResponses(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		insp := &duban.User{Username: "xsb", DisplayName: "巡视办", Role: duban.RoleInspector}
		if err := db.CreateUser(context.Background(), duban.System, insp, "duban-demo"); err != nil {
			t.Fatal(err)
		}
		var u duban.Unit
		e.mustDo(t, "admin", "POST", "/api/v1/units", map[string]any{"name": "陕西省问题厅"}, nil, http.StatusCreated).decode(t, &u)
		unitPath := pathf("/api/v1/units/%d", u.ID)
		e.mustDo(t, "admin", "PATCH", unitPath, map[string]any{"sort": 3}, map[string]string{"If-Match": `"1"`}, http.StatusOK)

		e.runAll(t, []scenario{
			{name: "400 malformed JSON", user: "admin", method: "POST", path: "/api/v1/units", body: `{"name":`, wantStatus: 400, wantCode: "bad_request"},
			{name: "400 empty body", user: "admin", method: "POST", path: "/api/v1/units", body: "", wantStatus: 400, wantCode: "bad_request"},
			{name: "400 not an object", user: "admin", method: "POST", path: "/api/v1/units", body: `[1, 2]`, wantStatus: 400, wantCode: "bad_request", wantAbsent: []string{"字段“”", `"":`}},
			{name: "400 unknown field", user: "admin", method: "POST", path: "/api/v1/units", body: map[string]any{"name": "x", "colour": "red"}, wantStatus: 400, wantCode: "bad_request"},
			{name: "401 no token", method: "GET", path: "/api/v1/units", wantStatus: 401, wantCode: "unauthorized"},
			{name: "401 garbage token", method: "GET", path: "/api/v1/units", headers: map[string]string{"Authorization": "Bearer xyz"}, wantStatus: 401, wantCode: "unauthorized"},
			{name: "403 inspector writes", user: "xsb", method: "POST", path: "/api/v1/units", body: map[string]any{"name": "巡视办建的单位"}, wantStatus: 403, wantCode: "forbidden"},
			{name: "403 inspector reads users", user: "xsb", method: "GET", path: "/api/v1/users", wantStatus: 403, wantCode: "forbidden"},
			{name: "404 missing record", user: "admin", method: "GET", path: "/api/v1/units/999999", wantStatus: 404, wantCode: "not_found"},
			{name: "404 bad id", user: "admin", method: "GET", path: "/api/v1/units/abc", wantStatus: 404, wantCode: "not_found"},
			{name: "404 unknown API path", user: "admin", method: "GET", path: "/api/v1/nothing-here", wantStatus: 404, wantCode: "not_found"},
			{name: "404 unknown API path without token", method: "GET", path: "/api/v2/units", wantStatus: 404, wantCode: "not_found"},
			{name: "404 unrouted method on a known path", user: "admin", method: "DELETE", path: unitPath, wantStatus: 404, wantCode: "not_found"},
			{name: "409 duplicate", user: "admin", method: "POST", path: "/api/v1/units", body: map[string]any{"name": "陕西省问题厅"}, wantStatus: 409, wantCode: "conflict"},
			{name: "412 stale", user: "admin", method: "PATCH", path: unitPath, headers: map[string]string{"If-Match": `"1"`}, body: map[string]any{"sort": 4}, wantStatus: 412, wantCode: "stale"},
			{name: "412 unreadable If-Match", user: "admin", method: "PATCH", path: unitPath, headers: map[string]string{"If-Match": `"abc"`}, body: map[string]any{"sort": 4}, wantStatus: 412, wantCode: "stale"},
			{name: "422 invalid value", user: "admin", method: "POST", path: "/api/v1/units", body: map[string]any{"name": "", "kind": "planet"}, wantStatus: 422, wantCode: "invalid",
				wantContains: []string{`"name"`, `"kind"`}},
			{name: "422 bad query", user: "admin", method: "GET", path: "/api/v1/units?limit=many", wantStatus: 422, wantCode: "invalid", wantContains: []string{`"limit"`}},
			{name: "422 bad cursor", user: "admin", method: "GET", path: "/api/v1/assignments?cursor=%21%21", wantStatus: 422, wantCode: "invalid"},
		})
	})
}

func TestAuditChain(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		e := newEnv(t, db)
		for i := range 5 {
			e.mustDo(t, "admin", "POST", "/api/v1/units", map[string]any{"name": fmt.Sprintf("陕西省审计测试%d厅", i)}, nil, http.StatusCreated)
		}
		e.mustDo(t, "admin", "PATCH", "/api/v1/units/1", map[string]any{"sort": 9}, nil, http.StatusOK)
		raw := db.mustRaw(t)
		var rows int64
		if err := raw.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows < 8 {
			t.Fatalf("got %d audit events, want at least 8 after the writes", rows)
		}

		n, err := db.VerifyAudit(ctx)
		if err != nil || n != rows {
			t.Fatalf("intact chain: got %d, %v; want %d, nil", n, err, rows)
		}

		wantBreak := func(t *testing.T, seq int64) {
			t.Helper()
			_, err := db.VerifyAudit(ctx)
			var p *store.AuditProblem
			if !errors.As(err, &p) {
				t.Fatalf("got %v, want an *store.AuditProblem at seq %d", err, seq)
			}
			if p.Seq != seq {
				t.Errorf("got problem at seq %d (%s), want %d", p.Seq, p.Reason, seq)
			}
		}
		mustExec := func(t *testing.T, q string) {
			t.Helper()
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		wantIntact := func(t *testing.T) {
			t.Helper()
			if _, err := db.VerifyAudit(ctx); err != nil {
				t.Fatalf("restored chain: got %v, want no error", err)
			}
		}

		t.Run("changed row", func(t *testing.T) {
			var name string
			if err := raw.QueryRow(`SELECT actor_name FROM audit_events WHERE seq = 5`).Scan(&name); err != nil {
				t.Fatal(err)
			}
			mustExec(t, `UPDATE audit_events SET actor_name = 'x' WHERE seq = 5`)
			wantBreak(t, 5)
			mustExec(t, `UPDATE audit_events SET actor_name = '`+name+`' WHERE seq = 5`)
			wantIntact(t)
		})
		t.Run("changed hash chain", func(t *testing.T) {
			// Rewriting a row and its hash still breaks the link to the next row.
			mustExec(t, `CREATE TABLE audit_keep AS SELECT * FROM audit_events WHERE seq = 4`)
			mustExec(t, `UPDATE audit_events SET hash = 'ffff' WHERE seq = 4`)
			_, err := db.VerifyAudit(ctx)
			var p *store.AuditProblem
			if !errors.As(err, &p) || p.Seq != 4 {
				t.Errorf("got %v, want an *store.AuditProblem at seq 4", err)
			}
			mustExec(t, `DELETE FROM audit_events WHERE seq = 4`)
			mustExec(t, `INSERT INTO audit_events SELECT * FROM audit_keep`)
			mustExec(t, `DROP TABLE audit_keep`)
			wantIntact(t)
		})
		t.Run("deleted middle row", func(t *testing.T) {
			mustExec(t, `CREATE TABLE audit_keep AS SELECT * FROM audit_events WHERE seq = 6`)
			mustExec(t, `DELETE FROM audit_events WHERE seq = 6`)
			wantBreak(t, 6)
			mustExec(t, `INSERT INTO audit_events SELECT * FROM audit_keep`)
			mustExec(t, `DROP TABLE audit_keep`)
			wantIntact(t)
		})
		t.Run("deleted last row", func(t *testing.T) {
			mustExec(t, fmt.Sprintf(`DELETE FROM audit_events WHERE seq = %d`, rows))
			wantBreak(t, rows)
		})
	})
}

func TestConcurrentUnitCreates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		auth := map[string]string{"Authorization": "Bearer " + e.token(t, "admin")}
		const n = 20
		type result struct {
			status int
			body   string
			err    error
		}
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r, err := e.send("POST", "/api/v1/units", map[string]any{"name": fmt.Sprintf("并发测试单位%02d", i), "kind": "other"}, auth)
				results[i] = result{r.Status, string(r.Body), err}
			}()
		}
		close(start)
		wg.Wait()
		for i, r := range results {
			switch {
			case r.err != nil:
				t.Errorf("request %d: %v", i, r.err)
			case r.status != http.StatusCreated:
				t.Errorf("request %d: got status %d, want 201: %s", i, r.status, r.body)
			}
			if strings.Contains(r.body, "locked") {
				t.Errorf("request %d: got %s, want no locking error", i, r.body)
			}
		}
		units := listAll[duban.Unit](t, e, "admin", "/api/v1/units?q="+url.QueryEscape("并发测试单位"))
		if len(units) != n {
			t.Errorf("got %d units named 并发测试…, want %d", len(units), n)
		}
		if _, err := db.VerifyAudit(context.Background()); err != nil {
			t.Errorf("audit chain after concurrent writes: got %v, want intact", err)
		}
	})
}

// displayName returns the demo display name of a username.
func displayName(user string) string {
	for _, a := range demo.Accounts {
		if a.Username == user {
			return a.Name
		}
	}
	return user
}

// The battle map API's answer is kept by its figures and plan: asked twice
// it is the same bytes; a liaison gets its own unit's; after the plan is
// renamed the next answer carries the new title.
func TestPlanDashboardKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		p := pathf("/api/v1/plans/%d/dashboard", e.planID)
		first := e.mustDo(t, "zgb", "GET", p, nil, nil, http.StatusOK)
		again := e.mustDo(t, "zgb", "GET", p, nil, nil, http.StatusOK)
		if !bytes.Equal(first.Body, again.Body) {
			t.Errorf("asked twice: the answers differ")
		}
		var all, own store.Dashboard
		first.decode(t, &all)
		e.mustDo(t, "kjt", "GET", p, nil, nil, http.StatusOK).decode(t, &own)
		if own.Tasks == 0 || own.Tasks >= all.Tasks {
			t.Errorf("liaison's battle map: got %d measures, want its own, fewer than the plan's %d", own.Tasks, all.Tasks)
		}
		title := "改名后的整改方案"
		if _, err := db.UpdatePlan(context.Background(), duban.System, e.planID, all.Plan.Version, duban.PlanUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		var after store.Dashboard
		e.mustDo(t, "zgb", "GET", p, nil, nil, http.StatusOK).decode(t, &after)
		if after.Plan.Title != title || after.Tasks != all.Tasks {
			t.Errorf("after the rename: got title %q and %d measures, want %q and %d", after.Plan.Title, after.Tasks, title, all.Tasks)
		}
	})
}
