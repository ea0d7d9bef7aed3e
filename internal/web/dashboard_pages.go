package web

import (
	"fmt"
	"net/http"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// registerDashboardPages registers the dashboard pages: the plans, each
// plan's battle map (挂图作战) and the inspection office's overview.
func (s *Server) registerDashboardPages() {
	s.mux.Handle("GET /plans", s.page(s.plansPage, false))
	s.mux.Handle("GET /plans/{id}", s.page(s.battleMapPage, false))
	s.mux.Handle("GET /plans/{id}/red.xlsx", s.page(s.dashExportRed, false))
	s.mux.Handle("GET /plans/{id}/laggards.xlsx", s.page(s.dashExportLaggards, false))
	s.mux.Handle("GET /plans/{id}/screen", s.page(s.battleScreenPage, false))
	s.mux.Handle("GET /overview", s.page(s.overviewPage, false))
}

// dashDay is the day a dashboard is computed for, as the user typed it.
type dashDay struct {
	Day, Today duban.Date
	Input      string // the asof field as typed, kept when it is wrong
	Error      string
}

// NotToday reports whether the figures are for another day than today.
func (d dashDay) NotToday() bool { return d.Day != d.Today }

// dashAsOf reads the asof query parameter; a wrong one leaves today's figures
// and a message next to the field.
func (s *Server) dashAsOf(r *http.Request, b Base) dashDay {
	today := duban.DateOf(s.db.Now().In(duban.ChinaTime))
	d := dashDay{Day: today, Today: today, Input: strings.TrimSpace(r.URL.Query().Get("asof"))}
	day, err := duban.ParseDate(d.Input)
	switch {
	case err != nil:
		d.Error = b.T("dash.asof.invalid")
	case !day.IsZero():
		d.Day, d.Input = day, day.String()
	default:
		d.Input = today.String()
	}
	return d
}

// dashRender renders a dashboard page, with 400 when its asof field is wrong.
func (s *Server) dashRender(w http.ResponseWriter, r *http.Request, name string, day dashDay, data any) error {
	if day.Error != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
	}
	return s.render(w, r, name, data)
}

// dashPlanRow is a plan in the list, with its figures.
type dashPlanRow struct {
	Plan   duban.Plan
	Owner  string
	Source string
	Total  duban.Rollup
}

// plansPage lists the plans the caller may see with their figures.
func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if err := p.RequireLedgers("查看整改方案"); err != nil {
		return err
	}
	list, err := s.db.ListPlans(r.Context(), p, duban.PlanFilter{Page: duban.Page{Cursor: r.URL.Query().Get("cursor"), Limit: 50}})
	if err != nil {
		return err
	}
	data := struct {
		Base
		Plans    []dashPlanRow
		Next     string
		Projects []store.ProgrammeSummary
	}{Base: s.base(r, "dash.plans.title"), Next: list.NextCursor}
	names := dashNames{s: s, r: r}
	for _, pl := range list.Items {
		st, err := s.db.Stats(r.Context(), p, pl.ID, duban.Date{})
		if err != nil {
			return err
		}
		row := dashPlanRow{Plan: pl, Total: st.Total, Owner: names.unit(pl.OwnerUnitID, false)}
		if row.Source, err = names.sources(pl.SourceIDs); err != nil {
			return err
		}
		data.Plans = append(data.Plans, row)
	}
	if data.Projects, err = s.db.SummariseProgrammes(r.Context(), p, duban.Date{}); err != nil {
		return err
	}
	return s.render(w, r, "plans.html", data)
}

// dashNames looks up and remembers names for a page.
type dashNames struct {
	s     *Server
	r     *http.Request
	units map[int64]*duban.Unit
}

// unit names a unit, by its short name or its full name; "" if it is gone.
func (n *dashNames) unit(id int64, full bool) string {
	if n.units == nil {
		n.units = map[int64]*duban.Unit{}
	}
	u, ok := n.units[id]
	if !ok {
		u, _ = store.Recent(n.s.db, fmt.Sprintf("unit\x00%d", id), func() (*duban.Unit, error) { return n.s.db.FindUnit(n.r.Context(), id) })
		n.units[id] = u
	}
	switch {
	case u == nil:
		return ""
	case full:
		return u.Name
	}
	return u.ShortName
}

// sources names a plan's sources: the round and team of an inspection, the
// title of anything else.
func (n *dashNames) sources(ids []int64) (string, error) {
	var parts []string
	for _, id := range ids {
		src, err := store.Recent(n.s.db, fmt.Sprintf("source\x00%d", id), func() (*duban.Source, error) { return n.s.db.FindSource(n.r.Context(), id) })
		if err != nil {
			return "", err
		}
		if src.Kind == duban.SourceInspection && src.Round != "" {
			parts = append(parts, strings.TrimSpace(src.Round+" "+src.Team))
		} else {
			parts = append(parts, src.Title)
		}
	}
	return strings.Join(parts, "；"), nil
}

// dashDate writes a day as the page's language does.
func dashDate(b Base, d duban.Date) string {
	return dateIn(b.Lang, d)
}

// dashOverviewRow is an inspected unit's plan in the overview.
type dashOverviewRow struct {
	Rank int
	store.RoundPlan
}

// dashOverviewGroup is one round in the overview.
type dashOverviewGroup struct {
	Round   string
	Summary string
	Plans   []dashOverviewRow
}

// overviewPage is the inspection office's overview of every plan of a
// round, worst first. Inspectors and administrators.
func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	data := struct {
		Base
		Day    dashDay
		Round  string
		Rounds []string
		Groups []dashOverviewGroup
	}{Base: s.base(r, "dash.overview.title"), Round: r.URL.Query().Get("round")}
	data.Day = s.dashAsOf(r, data.Base)
	o, err := s.db.Overview(r.Context(), principal(r), data.Round, data.Day.Day)
	if err != nil {
		return err
	}
	data.Rounds = o.Rounds
	for _, g := range o.Groups {
		og := dashOverviewGroup{Round: g.Round, Summary: fmt.Sprintf(data.T("dash.round.summary"), len(g.Plans), g.Total.Total, g.Total.Closed, g.Total.Overdue)}
		if og.Round == "" {
			og.Round = data.T("dash.round.none")
		}
		for i, p := range g.Plans {
			og.Plans = append(og.Plans, dashOverviewRow{Rank: i + 1, RoundPlan: p})
		}
		data.Groups = append(data.Groups, og)
	}
	return s.dashRender(w, r, "overview.html", data.Day, data)
}
