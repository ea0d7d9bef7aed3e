package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBattleMapExportsAndLinks: the battle map's 红黄榜 is named for what it
// is, its rows and the red list link to the matching ledger view, and the
// red list and the 红黄榜 download as spreadsheets with the page's rows
// (the 红黄榜 not for a liaison, whose map shows only its unit).
func TestBattleMapExportsAndLinks(t *testing.T) {
	e := newDashEnv(t)
	lead := e.login(t, "zgb")
	status, body := e.get(t, lead, fmt.Sprintf("/plans/%d", e.planID))
	if status != http.StatusOK {
		t.Fatalf("battle map: %d", status)
	}
	wantContains(t, body, "红黄榜（后进排名）", "后进位次", `id="export-red"`, `id="export-laggards"`, `id="screen-link"`, `data-links=`)
	wantLacks(t, body, ">排名<", "责任单位排名")

	// The worst unit's row opens its items in the ledger; its red count its red items.
	rows := dashTableRows(t, body, "unit-ranking")
	if len(rows) == 0 {
		t.Fatal("no unit in the 红黄榜")
	}
	d, err := e.db.Dashboard(context.Background(), e.principalOf(t, "zgb"), e.planID, e.today)
	if err != nil {
		t.Fatal(err)
	}
	worst := d.Stats.ByUnit[0]
	href := html.UnescapeString(attr(t, rows[0], `class="unit-ledger" href="`))
	if want := fmt.Sprintf("/ledger?plan=%d&unit=%d", e.planID, worst.ID); href != want {
		t.Errorf("first row links %q, want %q", href, want)
	}
	_, list := e.get(t, lead, href)
	wantContains(t, list, fmt.Sprintf("共 %d 项", worst.Rollup.Total))
	if red := d.UnitLights[worst.ID].Red; red > 0 {
		rh := html.UnescapeString(attr(t, rows[0], `class="red-ledger" href="`))
		_, list := e.get(t, lead, rh)
		if n := strings.Count(list, `class="light light-red"`); n < min(red, 50) {
			t.Errorf("%s lists %d red lights, want %d", rh, n, red)
		}
		wantLacks(t, list, `class="light light-green"`)
	}

	// The red list's spreadsheet has every red item of the page, in order.
	sheet := e.xlsxRows(t, lead, fmt.Sprintf("/plans/%d/red.xlsx?asof=%s", e.planID, e.today), "红灯事项")
	if got, want := len(sheet)-3, len(d.Red); got < want {
		t.Fatalf("red.xlsx has %d rows, want %d", got, want)
	}
	for i, a := range d.Red {
		if r := sheet[3+i]; r[0] != a.TaskTitle || r[1] != a.Unit.Name {
			t.Errorf("red.xlsx row %d: %q, want %s / %s", i+1, r, a.TaskTitle, a.Unit.Name)
		}
	}
	// The 红黄榜's has every unit, worst first, with its position.
	sheet = e.xlsxRows(t, lead, fmt.Sprintf("/plans/%d/laggards.xlsx", e.planID), "后进排名")
	if sheet[0][0] != "红黄榜（后进排名）" || sheet[2][0] != "后进位次" {
		t.Errorf("laggards.xlsx heads %q / %q", sheet[0], sheet[2])
	}
	for i, u := range d.Stats.ByUnit {
		r := sheet[3+i]
		if r[0] != strconv.Itoa(i+1) || r[1] != u.Title || r[5] != strconv.Itoa(d.UnitLights[u.ID].Red) {
			t.Errorf("laggards.xlsx row %d: %q, want %d %s red %d", i+1, r, i+1, u.Title, d.UnitLights[u.ID].Red)
		}
	}
	// In English the sheet is English.
	en := e.login(t, "zgb")
	e.get(t, en, "/lang?to=en&next=/")
	sheet = e.xlsxRows(t, en, fmt.Sprintf("/plans/%d/laggards.xlsx", e.planID), "Laggards")
	if sheet[2][0] != "Laggard #" {
		t.Errorf("English laggards.xlsx head %q", sheet[2])
	}
	e.get(t, en, "/lang?to=zh&next=/")

	liaison := e.login(t, "kjt")
	if status, _ := e.get(t, liaison, fmt.Sprintf("/plans/%d/laggards.xlsx", e.planID)); status != http.StatusForbidden {
		t.Errorf("liaison's laggards.xlsx: %d, want 403", status)
	}
	sheet = e.xlsxRows(t, liaison, fmt.Sprintf("/plans/%d/red.xlsx", e.planID), "红灯事项")
	for _, r := range sheet[3:] {
		if len(r) > 1 && r[1] != "" && !strings.Contains(r[1], "科技厅") {
			t.Errorf("liaison's red.xlsx lists another unit's item: %q", r)
		}
	}
}

// TestBattleScreen: the wall screen has the map's figures, no navigation,
// and replaces itself every 60 seconds through htmx.
func TestBattleScreen(t *testing.T) {
	e := newDashEnv(t)
	lead := e.login(t, "zgb")
	_, m := e.get(t, lead, fmt.Sprintf("/plans/%d", e.planID))
	status, body := e.get(t, lead, fmt.Sprintf("/plans/%d/screen", e.planID))
	if status != http.StatusOK {
		t.Fatalf("screen: %d", status)
	}
	wantContains(t, body, `hx-trigger="every 60s"`, fmt.Sprintf(`hx-get="/plans/%d/screen"`, e.planID), `hx-select="#screen"`, `data-chart-theme="dark"`, "挂图作战大屏", "红黄榜（后进排名）", `id="screen-exit"`)
	wantLacks(t, body, `class="sidenav"`, `class="topbar"`, "<script>")
	for _, k := range []string{"assignments", "closed", "red"} {
		want := dashKPI(t, m, k)
		if got := attrText(t, body, `id="screen-`+k+`">`); got != want {
			t.Errorf("screen %s = %q, map says %q", k, got, want)
		}
	}
	if n := len(dashTableRows(t, body, "screen-laggards")); n > screenUnits || n == 0 {
		t.Errorf("screen lists %d units, want 1..%d", n, screenUnits)
	}
	// As of another day it keeps that day when it refreshes.
	day := e.today.AddDays(-30)
	_, body = e.get(t, lead, fmt.Sprintf("/plans/%d/screen?asof=%s", e.planID, day))
	wantContains(t, body, fmt.Sprintf(`hx-get="/plans/%d/screen?asof=%s"`, e.planID, day))
	// A unit without the plan does not see it.
	if status, _ := e.get(t, e.login(t, "admin"), "/plans/99999/screen"); status != http.StatusNotFound {
		t.Errorf("screen of a missing plan: %d, want 404", status)
	}
}

// attr returns the text after prefix up to the next quote.
func attr(t *testing.T, s, prefix string) string {
	t.Helper()
	i := strings.Index(s, prefix)
	if i < 0 {
		t.Fatalf("no %s in %.300s", prefix, s)
	}
	s = s[i+len(prefix):]
	return s[:strings.IndexByte(s, '"')]
}

// attrText returns the text after prefix up to the next tag.
func attrText(t *testing.T, s, prefix string) string {
	t.Helper()
	i := strings.Index(s, prefix)
	if i < 0 {
		t.Fatalf("no %s in the page", prefix)
	}
	s = s[i+len(prefix):]
	return s[:strings.IndexByte(s, '<')]
}

// xlsxRows downloads a spreadsheet and returns the rows of its sheet.
func (e *dashEnv) xlsxRows(t *testing.T, c *http.Client, path, sheet string) [][]string {
	t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s: %d %q %.200s", path, res.StatusCode, res.Header.Get("Content-Disposition"), b)
	}
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) < 3 {
		t.Fatalf("%s: sheet %s: %v (%d rows)", path, sheet, err, len(rows))
	}
	return rows
}
