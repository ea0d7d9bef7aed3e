package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// The route × role matrix: every route the server registers (API and web,
// read from the mux, not from a list kept by hand) is called as every role
// on the demo, and the answer's class must be the one written down in
// testdata/routes.txt. A route without a line there fails the test, and the
// failure prints the line observed, to review and paste. The file's own
// header says how to read and add a line.

// matrixRoles are the table's columns: the role and the account used.
var matrixRoles = []struct{ col, user string }{
	{"anon", ""},
	{"sys", "admin"},         // 系统管理员
	{"sec", "secadmin"},      // 安全管理员
	{"aud", "auditor"},       // 审计管理员
	{"leadO", "zgb"},         // lead office of the unit that owns the demo plan
	{"leadX", "m-lead-x"},    // lead office of another unit (省财政厅)
	{"liaW", "kjt"},          // liaison of a unit with items in the plan (省科技厅)
	{"liaX", "m-liaison-x"},  // liaison of a unit with no item in the plan
	{"leader", "kjt-leader"}, // leader of 省科技厅
	{"insp", "xsb"},          // 巡视办
	{"expert", "m-expert"},   // 评审专家
}

// matrixLine is one route's expectation.
type matrixLine struct {
	pattern string
	want    []string // one code per role
	path    string   // the concrete path requested; "" derives it from the pattern
}

func readMatrix(t *testing.T) map[string]matrixLine {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "routes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]matrixLine{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 2 || len(parts) > 3 {
			t.Fatalf("routes.txt:%d: want “pattern | codes [| path]”, got %q", n, line)
		}
		l := matrixLine{pattern: strings.TrimSpace(parts[0]), want: strings.Fields(parts[1])}
		if len(parts) == 3 {
			l.path = strings.TrimSpace(parts[2])
		}
		if len(l.want) != len(matrixRoles) {
			t.Fatalf("routes.txt:%d: %d codes, want %d (one per role)", n, len(l.want), len(matrixRoles))
		}
		for _, c := range l.want {
			if !strings.Contains("24FNU", c) || len(c) != 1 {
				t.Fatalf("routes.txt:%d: unknown code %q", n, c)
			}
		}
		if _, dup := out[l.pattern]; dup {
			t.Fatalf("routes.txt:%d: %s written twice", n, l.pattern)
		}
		out[l.pattern] = l
	}
	return out
}

// statusClass is the table's code for an answer.
func statusClass(r response) string {
	switch {
	case r.Status == http.StatusUnauthorized:
		return "U"
	case r.Status >= 300 && r.Status < 400 && strings.HasPrefix(r.Header.Get("Location"), "/login"):
		return "U"
	case r.Status < 400:
		return "2"
	case r.Status == http.StatusForbidden:
		return "F"
	case r.Status == http.StatusNotFound:
		return "N"
	case r.Status < 500:
		return "4"
	}
	return fmt.Sprint(r.Status)
}

// matrixFixtures names the demo records a route's {id} stands for, by the
// path segment before it.
func matrixFixtures(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx, sys := context.Background(), duban.System
	kjtUnit, err := e.db.FindUnitByName(ctx, "省科技厅")
	if err != nil {
		t.Fatal(err)
	}
	as, err := e.db.ListAssignments(ctx, sys, duban.AssignmentFilter{PlanID: e.planID, UnitID: kjtUnit.ID, Page: duban.Page{Limit: 1}}, duban.Date{})
	if err != nil || len(as.Items) == 0 {
		t.Fatalf("fixtures: no assignment of 省科技厅: %v", err)
	}
	a := as.Items[0]
	task, err := e.db.FindTask(ctx, sys, a.TaskID)
	if err != nil {
		t.Fatal(err)
	}
	fx := map[string]string{"plans": fmt.Sprint(e.planID), "assignments": fmt.Sprint(a.ID), "tasks": fmt.Sprint(a.TaskID),
		"nodes": fmt.Sprint(task.NodeID), "units": fmt.Sprint(kjtUnit.ID), "edit/nodes": fmt.Sprint(task.NodeID), "edit/tasks": fmt.Sprint(a.TaskID)}
	first := func(name, path string) {
		var l duban.List[struct{ ID int64 }]
		e.mustDo(t, "admin", "GET", path, nil, nil, http.StatusOK).decode(t, &l)
		if len(l.Items) > 0 {
			fx[name] = fmt.Sprint(l.Items[0].ID)
		}
	}
	first("users", "/api/v1/users?q=kjt")
	first("sources", "/api/v1/sources")
	first("meetings", pathf("/api/v1/meetings?plan=%d", e.planID))
	first("feedback", pathf("/api/v1/feedback?plan=%d", e.planID))
	plan, err := e.db.FindPlan(ctx, sys, e.planID)
	if err != nil {
		t.Fatal(err)
	}
	fx["owner"] = fmt.Sprint(plan.OwnerUnitID)
	reports, err := e.db.ListReports(ctx, sys, a.ID)
	if err == nil && len(reports) > 0 {
		fx["reports"] = fmt.Sprint(reports[0].ID)
	}
	return fx
}

var matrixParam = regexp.MustCompile(`\{[a-z_]+\}`)

// concretePath fills a pattern's wildcards from the fixtures.
func concretePath(pattern string, fx map[string]string) string {
	path := pattern
	if _, p, ok := strings.Cut(pattern, " "); ok {
		path = p
	}
	path = strings.ReplaceAll(path, "{$}", "")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if !matrixParam.MatchString(s) {
			continue
		}
		v := map[string]string{"{action}": "start", "{decision}": "approve", "{date}": "2030-01-07"}[s]
		if v == "" && i > 0 {
			v = fx[segs[i-1]]
			if i > 1 && fx[segs[i-2]+"/"+segs[i-1]] != "" {
				v = fx[segs[i-2]+"/"+segs[i-1]]
			}
			if s == "{node}" {
				v = fx["nodes"]
			}
			if s == "{task}" {
				v = fx["tasks"]
			}
		}
		if v == "" {
			v = "1"
		}
		segs[i] = v
	}
	return strings.Join(segs, "/")
}

// matrixBodies are valid minimal bodies for write routes that check the
// input before the permission: with an empty body such a route answers 422
// to everyone and its line shows only that nothing was written. With these,
// a role that may write gets 2 and one that may not its 403 or 404. Each
// call creates a new record (titles may repeat), so the order of the roles
// does not change the answers. The values are filled from the fixtures
// ({owner} is the demo plan's owning unit, {units} 省科技厅).
var matrixBodies = map[string]string{
	"POST /api/v1/sources":                      `{"kind":"inspection","title":"矩阵测试来源","inspected_unit_id":{owner}}`,
	"POST /api/v1/plans":                        `{"title":"矩阵测试方案","owner_unit_id":{owner}}`,
	"POST /api/v1/nodes":                        `{"plan_id":{plans},"kind":"aspect","title":"矩阵测试方面"}`,
	"POST /api/v1/tasks":                        `{"node_id":{nodes},"title":"矩阵测试举措","deadline_kind":"long_term","lead_unit_id":{units}}`,
	"POST /api/v1/assignments/{id}/reports":     `{"period":"2030-01","content":"矩阵测试进展"}`,
	"POST /api/v1/meetings":                     `{"plan_id":{plans},"kind":"专题会","held_on":"2030-01-07","title":"矩阵测试会议"}`,
	"POST /api/v1/feedback":                     `{"plan_id":{plans},"channel":"phone","content":"矩阵测试意见"}`,
	"POST /api/v1/assignments/{id}/escalations": `{"level":"urge","note":"矩阵测试催办"}`,
	"POST /api/v1/assignments/{id}/extensions":  `{"new_deadline":"2030-06-28","reason":"矩阵测试"}`,
	"POST /api/v1/plans/{id}/lookbacks":         `{"due_date":"2030-06-28","campaign":"矩阵测试"}`,
	"POST /api/v1/instructions":                 `{"number":"矩阵","issued_date":"2030-01-07","leader":"某领导","title":"矩阵测试批示","text":"请办理","unit_id":{units},"deadline_kind":"long_term","owner_unit_id":{owner}}`,
	"POST /api/v1/challenges":                   `{"programme_id":1,"title":"矩阵测试榜单","goal":"矩阵测试目标","deadline":"2030-06-28","budget":1000000}`,
	"POST /api/v1/challenges/{id}/applications": `{"unit_id":{units},"proposal":"矩阵测试方案","team":"矩阵团队","chief":"某专家"}`,
	"POST /api/v1/applications/{id}/reviews":    `{"score":80,"comment":"矩阵测试评分"}`,
	"POST /challenges":                          `programme_id=1&title=矩阵测试榜单&goal=矩阵测试目标&deadline=2030-06-28&budget=100`,
	"POST /plans/new":                           `title=矩阵测试方案&owner_unit_id={owner}`,
	"POST /plans/{id}/edit/nodes":               `kind=aspect&title=矩阵测试方面`,
	"POST /plans/{id}/edit/tasks":               `node_id={nodes}&title=矩阵测试举措&deadline_mode=long_term&lead_unit_id={units}`,
	"POST /assignments/{id}/reports":            `period=2030-01&content=矩阵测试进展`,
	"POST /assignments/{id}/escalations":        `level=urge&note=矩阵测试催办`,
	"POST /assignments/{id}/extensions":         `new_deadline=2030-06-28&reason=矩阵测试`,
	"POST /plans/{id}/meetings":                 `kind=专题会&held_on=2030-01-07&title=矩阵测试会议`,
}

// matrixBody returns the body matrixBodies gives pattern, filled from fx.
func matrixBody(pattern string, fx map[string]string) (string, bool) {
	b, ok := matrixBodies[pattern]
	if !ok {
		return "", false
	}
	return matrixParam.ReplaceAllStringFunc(b, func(k string) string { return fx[strings.Trim(k, "{}")] }), true
}

// matrixRequest calls the route as user, with the body of matrixBodies or
// else an empty JSON object or an empty form as the body of a write, and a
// session cookie on web routes.
func matrixRequest(t *testing.T, e *env, user, pattern, path string, fx map[string]string) response {
	t.Helper()
	method, _, ok := strings.Cut(pattern, " ")
	if !ok {
		method = http.MethodGet
	}
	given, hasBody := matrixBody(pattern, fx)
	if strings.HasPrefix(path, "/api/") {
		var body any
		if method != http.MethodGet && method != http.MethodDelete {
			body = map[string]any{}
		}
		if hasBody {
			body = given
		}
		h := map[string]string{}
		if user != "" {
			h["Authorization"] = "Bearer " + e.token(t, user)
		}
		r, err := e.send(method, path, body, h)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return r
	}
	if method == http.MethodGet {
		return e.page(t, user, method, path, nil)
	}
	form := url.Values{}
	if hasBody {
		var err error
		if form, err = url.ParseQuery(given); err != nil {
			t.Fatal(err)
		}
	}
	return e.page(t, user, method, path, form)
}

// TestRouteMatrix walks every route × every role against testdata/routes.txt.
func TestRouteMatrix(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		mustUser(t, db, "m-lead-x", duban.RoleLead, "省财政厅")
		mustUser(t, db, "m-expert", duban.RoleExpert, "")
		u := &duban.Unit{Name: "与本方案无关的单位", ShortName: "无关单位", Kind: duban.UnitDepartment}
		if err := db.CreateUnit(context.Background(), duban.System, u); err != nil {
			t.Fatal(err)
		}
		mustUser(t, db, "m-liaison-x", duban.RoleLiaison, "无关单位")
		table := readMatrix(t)
		fx := matrixFixtures(t, e)
		patterns := e.server.Patterns()
		var missing, observed []string
		for _, pat := range patterns {
			l, ok := table[pat]
			path := l.path
			if path == "" {
				path = concretePath(pat, fx)
			}
			got := make([]string, len(matrixRoles))
			for i, role := range matrixRoles {
				r := matrixRequest(t, e, role.user, pat, path, fx)
				got[i] = statusClass(r)
				if ok && got[i] != l.want[i] {
					t.Errorf("%s (%s) as %s (%s): got %s (status %d), want %s: %.300s", pat, path, role.col, role.user, got[i], r.Status, l.want[i], r.Body)
				}
				e.revive(t, role.user)
			}
			line := fmt.Sprintf("%-58s | %s", pat, strings.Join(got, " "))
			if l.path != "" {
				line += " | " + l.path
			}
			observed = append(observed, line)
			if !ok {
				missing = append(missing, line)
			}
		}
		if os.Getenv("DUBAN_MATRIX_WRITE") != "" && t.Name() == "TestRouteMatrix/sqlite" {
			writeMatrix(t, observed)
		}
		if len(missing) > 0 {
			t.Errorf("%d routes have no expectation in testdata/routes.txt; observed (review before adding):\n%s", len(missing), strings.Join(missing, "\n"))
		}
		for pat := range table {
			if !slices.Contains(patterns, pat) {
				t.Errorf("routes.txt names %q, which the server does not register", pat)
			}
		}
	})
}

// revive logs user in again when a route (a logout) ended their token.
func (e *env) revive(t *testing.T, user string) {
	t.Helper()
	if user == "" {
		return
	}
	if _, err := e.db.Authenticate(context.Background(), e.token(t, user)); err != nil {
		e.mu.Lock()
		delete(e.tokens, user)
		e.mu.Unlock()
	}
}

// writeMatrix rewrites testdata/routes.txt with what was observed, keeping
// its header (DUBAN_MATRIX_WRITE=1): review the diff line by line before
// committing it, since it records whatever the code does today.
func writeMatrix(t *testing.T, lines []string) {
	t.Helper()
	path := filepath.Join("testdata", "routes.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			break
		}
		head = append(head, l)
	}
	out := strings.Join(head, "\n") + "\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}
