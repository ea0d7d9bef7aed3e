package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"duban/internal/duban"
	"duban/internal/store"
)

// dashGroupRow is an aspect or a unit with its figures and lights.
type dashGroupRow struct {
	Rank   int
	ID     int64
	Title  string
	Rollup duban.Rollup
	Lights store.LightCounts
	// a unit's ledger: all, red and yellow items (worked out once, not per
	// cell by the template)
	Ledger, RedLedger, YellowLedger string
}

// dashRedOnPage is how many red items the battle map lists: the most
// overdue first; the ledger's red filter and the red.xlsx export hold them
// all. (The page with 200 took 10 ms of a core to render on a national
// plan, and 1 s at p99 with 16 readers.)
const dashRedOnPage = 50

// dashRedRow is a red assignment with how late it is.
type dashRedRow struct {
	duban.Assignment
	Late       int  // working days past the deadline
	NoticeLate bool // red because a 督办单 is unanswered past its due date
}

// dashBattle is the battle map page.
type dashBattle struct {
	Base
	Day       dashDay
	Plan      duban.Plan
	Owner     string
	Source    string
	Liaison   string // the liaison's unit, whose figures alone are shown
	PastNote  string
	Tasks     int
	Total     duban.Rollup
	Overdue   int
	Aspects   []dashGroupRow
	Units     []dashGroupRow
	Red       []dashRedRow
	RedMore   string // "first N of M shown", when the list is cut
	UnitsNote string // when the chart shows only the first units
	Charts    struct{ Aspects, Units, Deadlines, Closures dashChart }
	// Indicators is the monitoring panel: each indicator's latest period.
	Indicators []indBrief
	// Grid is the charts and tables (dash-grid), rendered beforehand.
	Grid template.HTML
}

// battleMapPage is a plan's battle map (挂图作战) as of a day.
func (s *Server) battleMapPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data := dashBattle{Base: s.base(r, "dash.map.title")}
	data.Day = s.dashAsOf(r, data.Base)
	p := principal(r)
	d, err := s.db.Dashboard(r.Context(), p, id, data.Day.Day)
	if err != nil {
		return err
	}
	names := dashNames{s: s, r: r}
	data.Owner = names.unit(d.Plan.OwnerUnitID, true)
	if data.Source, err = names.sources(d.Plan.SourceIDs); err != nil {
		return err
	}
	if !p.ReadsAll() {
		data.Liaison = fmt.Sprintf(data.T("dash.liaison"), names.unit(p.UnitID, false))
	}
	data.fillHead(d)
	if data.Indicators, err = s.indicatorBriefs(r); err != nil {
		return err
	}
	if data.Grid, err = s.dashGrid(&data, d); err != nil {
		return err
	}
	return s.dashRender(w, r, "dashboard.html", data.Day, data)
}

// dashGrid renders the battle map's charts and tables, or returns them as
// rendered for the same figures, language, day and viewer's scope: they
// hold nothing of the user's own. On a national plan they are about 120 KB
// and 5 ms of a core through html/template, and the page is what every
// leader opens. What only they show (fillGrid: the rows, their ledger
// links, the charts) is worked out only when they are rendered: for a
// hundred units it was a third of a kept page's time.
func (s *Server) dashGrid(b *dashBattle, d *store.Dashboard) (template.HTML, error) {
	figures := d.Figures
	key := strings.Join([]string{figures, b.Lang, b.Day.Day.String(), b.Day.Today.String(), b.Liaison}, "\x00")
	if h, ok := s.grids.get(key); ok {
		return h, nil
	}
	b.fillGrid(d)
	t, err := s.pageSet("dashboard.html", b.Lang)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "dash-grid", b); err != nil {
		return "", fmt.Errorf("web: render the battle map: %w", err)
	}
	h := template.HTML(buf.String()) // html/template's own output, in the same context
	if figures != "" {
		s.grids.put(key, h)
	}
	return h, nil
}

// keptCache keeps a few rendered fragments (HTML, JSON) by key; when full
// it starts afresh. Keys name everything a fragment shows, so an entry is
// never stale, only unused.
type keptCache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// keptCacheSize bounds the fragments kept (a national battle map's grid is
// about 120 KB, its JSON 150 KB).
const keptCacheSize = 32

func (c *keptCache[T]) get(k string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[k]
	return h, ok
}

func (c *keptCache[T]) put(k string, h T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= keptCacheSize {
		c.m = map[string]T{}
	}
	c.m[k] = h
}

// fill sets the figures, tables and charts of the battle map from d.
func (b *dashBattle) fill(d *store.Dashboard) {
	b.fillHead(d)
	b.fillGrid(d)
}

// fillHead sets what the page shows above the charts and tables.
func (b *dashBattle) fillHead(d *store.Dashboard) {
	b.Title = d.Plan.Title + " · " + b.T("dash.map.title")
	b.Plan, b.Tasks, b.Total, b.Overdue = d.Plan, d.Tasks, d.Stats.Total, d.Overdue
	switch {
	case b.Day.Day.Before(b.Day.Today):
		b.PastNote = fmt.Sprintf(b.T("dash.asof.past"), dashDate(b.Base, b.Day.Day))
	case b.Day.NotToday():
		b.PastNote = fmt.Sprintf(b.T("dash.asof.future"), dashDate(b.Base, b.Day.Day))
	}
}

// fillGrid sets what the charts and tables (dash-grid) show.
func (b *dashBattle) fillGrid(d *store.Dashboard) {
	b.Aspects = dashGroups(d.Stats.ByAspect, d.AspectLights)
	b.Units = dashGroups(d.Stats.ByUnit, d.UnitLights)
	for i := range b.Units {
		u := &b.Units[i]
		u.Ledger, u.RedLedger, u.YellowLedger = b.UnitLedger(u.ID, ""), b.UnitLedger(u.ID, "red"), b.UnitLedger(u.ID, "yellow")
	}
	if len(b.Units) > dashUnitsInChart {
		b.UnitsNote = fmt.Sprintf(b.T("dash.units.top"), dashUnitsInChart)
	}
	red := d.Red[:min(len(d.Red), dashRedOnPage)]
	b.Red = dashRedRows(red)
	if total := max(len(d.Red), d.Stats.Total.Overdue); len(red) < total {
		b.RedMore = fmt.Sprintf(b.T("dash.red.more"), len(red), total)
	}
	b.Charts.Aspects = aspectChart(b.Base, b.Aspects)
	b.Charts.Units = unitChart(b.Base, d.Plan.ID, b.Units)
	b.Charts.Deadlines = deadlineChart(b.Base, d.Plan.ID, d.Deadlines, b.Day.Day)
	b.Charts.Closures = closureChart(b.Base, d.Plan, d.Closures, d.Due, b.Day.Day)
}

func dashGroups(groups []duban.GroupStats, lights map[int64]store.LightCounts) []dashGroupRow {
	out := make([]dashGroupRow, len(groups))
	for i, g := range groups {
		out[i] = dashGroupRow{Rank: i + 1, ID: g.ID, Title: g.Title, Rollup: g.Rollup, Lights: lights[g.ID]}
	}
	return out
}

func dashRedRows(as []duban.Assignment) []dashRedRow {
	out := make([]dashRedRow, len(as))
	for i, a := range as {
		out[i] = dashRedRow{Assignment: a}
		if a.WorkdaysLeft != nil && *a.WorkdaysLeft < 0 {
			out[i].Late = -*a.WorkdaysLeft
		} else {
			out[i].NoticeLate = true
		}
	}
	return out
}
