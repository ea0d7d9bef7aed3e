package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// dashEnv is a server on a fresh SQLite store with the demo loaded.
type dashEnv struct {
	db     *store.DB
	srv    *httptest.Server
	planID int64
	today  duban.Date
	tokens map[string]string // session tokens by user
}

func newDashEnv(t *testing.T) *dashEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	today := duban.DateOf(time.Now().In(duban.ChinaTime))
	res, err := demo.Load(ctx, db, today)
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	srv := httptest.NewServer(New(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	return &dashEnv{db: db, srv: srv, planID: res.PlanID, today: today, tokens: map[string]string{}}
}

// login returns a client of its own that carries user's session cookie;
// each user signs in through the login form once.
func (e *dashEnv) login(t *testing.T, user string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	u, _ := url.Parse(e.srv.URL)
	if tok, ok := e.tokens[user]; ok {
		jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: tok, Path: "/"}})
		return c
	}
	pw := "duban-demo"
	if user == "admin" {
		pw = "duban-admin"
	}
	res, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {user}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" {
		t.Fatalf("login %s: got %d at %s, want the inbox", user, res.StatusCode, res.Request.URL)
	}
	for _, ck := range jar.Cookies(u) {
		if ck.Name == sessionCookie {
			e.tokens[user] = ck.Value
		}
	}
	return c
}

// get fetches a page and returns its status and body.
func (e *dashEnv) get(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// principalOf is what the store sees of a demo account.
func (e *dashEnv) principalOf(t *testing.T, user string) *duban.Principal {
	t.Helper()
	e.login(t, user)
	p, err := e.db.Authenticate(context.Background(), e.tokens[user])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// dashKPI reads a headline figure of the battle map.
func dashKPI(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="kpi-` + id + `"[^>]*>([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no figure kpi-%s in the page", id)
	}
	return m[1]
}

// dashTableRows returns the rows of the table with the id.
func dashTableRows(t *testing.T, body, id string) []string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s in the page", id)
	}
	table := body[i:]
	table = table[:strings.Index(table, "</table>")]
	tbody := table[strings.Index(table, "<tbody>"):]
	return strings.Split(tbody, "<tr")[1:]
}

// dashChartOption decodes the options of the chart container with the id.
func dashChartOption(t *testing.T, body, id string) echartsOption {
	t.Helper()
	m := regexp.MustCompile(`<div class="dash-chart" id="` + id + `" role="img" aria-label="([^"]+)"[^>]* data-chart="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no chart %s with an aria-label and options", id)
	}
	var o echartsOption
	if err := json.Unmarshal([]byte(html.UnescapeString(m[2])), &o); err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	return o
}

func TestDashboardPages(t *testing.T) {
	e := newDashEnv(t)
	ctx := context.Background()
	mapPath := fmt.Sprintf("/plans/%d", e.planID)
	zgb := e.login(t, "zgb")
	lead := e.principalOf(t, "zgb")
	st, err := e.db.Stats(ctx, lead, e.planID, e.today)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("plans", func(t *testing.T) {
		status, body := e.get(t, zgb, "/plans")
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200", status)
		}
		for _, want := range []string{"全省贯彻创新驱动发展战略作风建设情况专项巡视反馈意见的整改方案", `href="` + mapPath + `"`, "省委科技工委", "十三届省委第十一轮",
			fmt.Sprintf(">%.0f%%<", st.Total.Rate*100), fmt.Sprintf(`<td class="num">%d</td>`, st.Total.Total)} {
			if !strings.Contains(body, want) {
				t.Errorf("the plans page lacks %q", want)
			}
		}
	})

	t.Run("battle map", func(t *testing.T) {
		start := time.Now()
		status, body := e.get(t, zgb, mapPath)
		took := time.Since(start)
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200: %s", status, body)
		}
		if took > time.Second {
			t.Errorf("the battle map took %v, want well under a second", took)
		}
		want := map[string]string{
			"tasks": "23", "assignments": strconv.Itoa(st.Total.Total), "closed": strconv.Itoa(st.Total.Closed),
			"rate": fmt.Sprintf("%.0f%%", st.Total.Rate*100), "red": strconv.Itoa(st.Total.Overdue), "yellow": strconv.Itoa(st.Total.DueSoon),
		}
		for id, v := range want {
			if got := dashKPI(t, body, id); got != v {
				t.Errorf("kpi %s: got %s, want %s", id, got, v)
			}
		}
		if !strings.Contains(body, `<script src="/static/echarts-6.1.0.common.min.js" defer></script>`) || !strings.Contains(body, `/static/dashboard.js`) {
			t.Error("the battle map does not load ECharts and dashboard.js")
		}
		aspects := dashChartOption(t, body, "chart-aspects")
		if len(aspects.Series) != 4 || aspects.Color[0] != "#d93025" || len(aspects.YAxis.Data) != len(st.ByAspect) {
			t.Errorf("aspect chart: got %d series, colours %v, %d aspects; want 4 light series over %d aspects", len(aspects.Series), aspects.Color, len(aspects.YAxis.Data), len(st.ByAspect))
		}
		units := dashChartOption(t, body, "chart-units")
		if len(units.YAxis.Data) == 0 || units.YAxis.Data[0] != st.ByUnit[0].Title {
			t.Errorf("unit chart: got %v, want %s first", units.YAxis.Data, st.ByUnit[0].Title)
		}
		if deadlines := dashChartOption(t, body, "chart-deadlines"); deadlines.XAxis.Type != "category" || len(deadlines.Series) != 3 {
			t.Errorf("deadline chart: got %+v", deadlines)
		}
		if closures := dashChartOption(t, body, "chart-closures"); closures.XAxis.Type != "time" || len(closures.Series) != 2 {
			t.Errorf("closure chart: got %+v", closures)
		}
		rows := dashTableRows(t, body, "unit-ranking")
		if len(rows) != len(st.ByUnit) || !strings.Contains(rows[0], st.ByUnit[0].Title) {
			t.Errorf("ranking table: got %d rows, want %d with %s first", len(rows), len(st.ByUnit), st.ByUnit[0].Title)
		}
		red := dashTableRows(t, body, "red-table")
		if len(red) != st.Total.Overdue {
			t.Errorf("red list: got %d rows, want %d", len(red), st.Total.Overdue)
		}
		for _, r := range red {
			if !strings.Contains(r, `href="/assignments/`) || !strings.Contains(r, "light-red") {
				t.Errorf("red row lacks its link or light: %s", r)
			}
		}
	})

	t.Run("liaison sees its own unit", func(t *testing.T) {
		kjt := e.login(t, "kjt")
		mine, err := e.db.Stats(ctx, e.principalOf(t, "kjt"), e.planID, e.today)
		if err != nil {
			t.Fatal(err)
		}
		status, body := e.get(t, kjt, mapPath)
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200", status)
		}
		if got := dashKPI(t, body, "assignments"); got != strconv.Itoa(mine.Total.Total) || mine.Total.Total >= st.Total.Total {
			t.Errorf("assignments: got %s, want the unit's %d of %d", got, mine.Total.Total, st.Total.Total)
		}
		if !strings.Contains(body, "仅显示本单位（省科技厅）承担的事项") {
			t.Error("the page does not say it shows only the unit's items")
		}
		for _, other := range []string{"省财政厅", "省工信厅", "省商务厅", "渭南市", "unit-ranking"} {
			if strings.Contains(body, other) {
				t.Errorf("the liaison's battle map shows %s", other)
			}
		}
		if status, _ := e.get(t, kjt, "/plans/9999"); status != http.StatusNotFound {
			t.Errorf("a missing plan: got %d, want 404", status)
		}
		if status, _ := e.get(t, kjt, "/overview"); status != http.StatusForbidden {
			t.Errorf("liaison /overview: got %d, want 403", status)
		}
	})

	t.Run("as of an earlier day", func(t *testing.T) {
		past := e.today.AddDays(-40)
		old, err := e.db.Stats(ctx, lead, e.planID, past)
		if err != nil {
			t.Fatal(err)
		}
		status, body := e.get(t, zgb, mapPath+"?asof="+past.String())
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200", status)
		}
		got := dashKPI(t, body, "red")
		if got != strconv.Itoa(old.Total.Overdue) || old.Total.Overdue >= st.Total.Overdue {
			t.Errorf("red 40 days ago: got %s, want %d (today %d)", got, old.Total.Overdue, st.Total.Overdue)
		}
		if !strings.Contains(body, past.Chinese()) || !strings.Contains(body, `value="`+past.String()+`"`) {
			t.Error("the page does not show the day it is computed for")
		}
		// The cards count the statuses of that day, as the closure chart
		// does: items closed since are not closed yet.
		d, err := e.db.Dashboard(ctx, lead, e.planID, past)
		if err != nil {
			t.Fatal(err)
		}
		charted := 0
		for _, c := range d.Closures {
			charted += c.Count
		}
		if got := dashKPI(t, body, "closed"); got != strconv.Itoa(charted) || charted >= st.Total.Closed || !strings.Contains(body, "日终的事项状态") {
			t.Errorf("closed 40 days ago: card %s, chart %d, today %d; want the card to equal the chart, below today's, with the note", got, charted, st.Total.Closed)
		}
		status, body = e.get(t, zgb, mapPath+"?asof="+url.QueryEscape("2022年3月1日"))
		if status != http.StatusOK || !strings.Contains(body, `value="2022-03-01"`) {
			t.Errorf("a Chinese date: got %d", status)
		}
		status, body = e.get(t, zgb, mapPath+"?asof=nonsense")
		if status != http.StatusBadRequest || !strings.Contains(body, `id="asof-error"`) || !strings.Contains(body, `value="nonsense"`) {
			t.Errorf("a wrong date: got %d, want 400 with the field error and the typed value", status)
		}
	})

	t.Run("overview", func(t *testing.T) {
		xsb := e.login(t, "xsb")
		status, body := e.get(t, xsb, "/overview")
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200", status)
		}
		for _, want := range []string{"巡视整改总览", "中共陕西省委科技工委", "省委第一巡视组", `<option value="十三届省委第十一轮"`, `href="` + mapPath + `"`,
			fmt.Sprintf(">%.0f%%<", st.Total.Rate*100)} {
			if !strings.Contains(body, want) {
				t.Errorf("the overview lacks %q", want)
			}
		}
		if _, body := e.get(t, xsb, "/overview?round="+url.QueryEscape("十三届省委第十一轮")); !strings.Contains(body, "中共陕西省委科技工委") || !strings.Contains(body, `<option value="十三届省委第十一轮" selected>`) {
			t.Error("filtering by the round lost the unit or the selection")
		}
		if _, body := e.get(t, xsb, "/overview?round=other"); strings.Contains(body, "中共陕西省委科技工委") {
			t.Error("another round shows the demo unit")
		}
		if status, _ := e.get(t, xsb, mapPath); status != http.StatusOK {
			t.Errorf("inspector's drill-down: got %d, want 200", status)
		}
		if status, _ := e.get(t, e.login(t, "admin"), "/overview"); status != http.StatusOK {
			t.Errorf("admin /overview: got %d, want 200", status)
		}
		status, body = e.get(t, e.login(t, "czt"), "/overview")
		if status != http.StatusForbidden || !strings.Contains(body, "没有权限") {
			t.Errorf("czt /overview: got %d, want the 403 page", status)
		}
	})

	t.Run("english", func(t *testing.T) {
		c := e.login(t, "zgb")
		status, body := e.get(t, c, "/lang?to=en&next="+url.QueryEscape(mapPath))
		if status != http.StatusOK {
			t.Fatalf("got %d, want 200", status)
		}
		for _, want := range []string{"Progress by aspect", "Laggards (red and yellow list)", "Closures over time", "Red items", "Closure rate", `<html lang="en">`} {
			if !strings.Contains(body, want) {
				t.Errorf("the English battle map lacks %q", want)
			}
		}
		if strings.Contains(body, "各方面整改情况") {
			t.Error("the English battle map still shows Chinese headings")
		}
		if _, body := e.get(t, c, "/plans"); !strings.Contains(body, "Rectification plans") {
			t.Error("the English plans page lacks its heading")
		}
	})

	// The charts and tables are kept by the figures they show (dashGrid):
	// a write shows on the next request. Last: it changes the figures.
	t.Run("charts and tables follow a write", func(t *testing.T) {
		_, before := e.get(t, zgb, mapPath)
		unit := st.ByUnit[0]
		tree, err := e.db.Tree(ctx, lead, e.planID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		problem := tree.Children[0].Children[0]
		task := &duban.Task{PlanID: e.planID, NodeID: problem.ID, Title: "看板缓存测试举措", Content: "新增一项举措，看板应随之变化。", DeadlineKind: duban.DeadlineLongTerm, LeadUnitID: unit.ID}
		if err := e.db.CreateTask(ctx, lead, task); err != nil {
			t.Fatal(err)
		}
		_, after := e.get(t, zgb, mapPath)
		total := func(body string) string {
			row := dashTableRows(t, body, "unit-ranking")[0]
			m := regexp.MustCompile(`</th><td class="num">(\d+)</td>`).FindStringSubmatch(row)
			if m == nil || !strings.Contains(row, unit.Title) {
				t.Fatalf("the first ranking row is not %s with its count: %s", unit.Title, row)
			}
			return m[1]
		}
		if got, was := total(after), total(before); got != strconv.Itoa(unit.Rollup.Total+1) || was != strconv.Itoa(unit.Rollup.Total) {
			t.Errorf("%s's assignments in the ranking: %s before the new measure, %s after; want %d then %d", unit.Title, was, got, unit.Rollup.Total, unit.Rollup.Total+1)
		}
	})

	t.Run("signed out", func(t *testing.T) {
		res, err := http.Get(e.srv.URL + "/plans")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Request.URL.Path != "/login" {
			t.Errorf("got %s, want the login page", res.Request.URL)
		}
	})
}

// TestDashboardMessages checks that every dashboard string has both languages.
func TestDashboardMessages(t *testing.T) {
	for k, m := range dashboardMessages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %s lacks a language: %q", k, m)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("message %s: the languages take different arguments: %q", k, m)
		}
	}
}

// The burn-up starts near the work, not at the earliest deadline: ten weeks of
// closures must fill the chart, and what fell due before its start is counted
// into the due line's first point.
func TestClosureChartStartsNearTheWork(t *testing.T) {
	day := func(s string) duban.Date { d, _ := duban.ParseDate(s); return d }
	pl := duban.Plan{StartDate: day("2021-08-26")}
	asOf := day("2026-12-04")
	closed := []store.DayCount{{Day: day("2026-09-25"), Count: 2}, {Day: day("2026-11-30"), Count: 3}}
	due := []store.DayCount{{Day: day("2022-03-31"), Count: 4}, {Day: day("2026-10-31"), Count: 6}}
	b := Base{Lang: "zh"}
	c := closureChart(b, pl, closed, due, asOf)
	points := c.Option.Series[1].Data.([][2]any)
	if got := points[0]; got[0] != "2026-09-11" || got[1] != 4 {
		t.Fatalf("due line starts at %v, want 2026-09-11 with the 4 already due", got)
	}
	if got := c.Option.Series[0].Data.([][2]any)[0]; got[0] != "2026-09-11" || got[1] != 0 {
		t.Errorf("closed line starts at %v", got)
	}
	none := closureChart(b, pl, nil, due, asOf).Option.Series[1].Data.([][2]any)
	if none[0][0] != "2026-09-05" {
		t.Errorf("with nothing closed the chart starts at %v, want the last 90 days", none[0][0])
	}
}

// Every month of the deadline chart is labelled, year above month.
func TestDeadlineChartLabelsEveryMonth(t *testing.T) {
	var months []store.MonthLight
	for m := 1; m <= 12; m++ {
		months = append(months, store.MonthLight{Month: fmt.Sprintf("2026-%02d", m), Light: duban.LightGreen, Count: 1})
	}
	day, _ := duban.ParseDate("2026-06-01")
	c := deadlineChart(Base{Lang: "zh"}, 7, months, day)
	// A bar opens the ledger's open items due in its month; February ends on the 28th.
	if len(c.Links) != 12 || c.Links[1] != "/ledger?from=2026-02-01&plan=7&status=open&to=2026-02-28" {
		t.Errorf("links %q: want 12, the second /ledger?from=2026-02-01&plan=7&status=open&to=2026-02-28", c.Links)
	}
	if c.Lights["红灯"] != "red" || c.Lights["绿灯"] != "green" {
		t.Errorf("series lights %v", c.Lights)
	}
	if c.Option.XAxis.AxisLabel == nil || c.Option.XAxis.AxisLabel.Interval == nil || *c.Option.XAxis.AxisLabel.Interval != 0 {
		t.Fatalf("axis label %+v: want interval 0", c.Option.XAxis.AxisLabel)
	}
	if got := c.Option.XAxis.Data[2]; got != "2026年\n3月" {
		t.Errorf("third label %q", got)
	}
}
