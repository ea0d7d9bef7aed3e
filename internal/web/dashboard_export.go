package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"duban/internal/duban"
	"duban/internal/xlsx"
)

// dashLedgerURL is the ledger's list of a plan filtered as the battle map's
// charts and tables link to it.
func dashLedgerURL(plan int64, extra ...string) string {
	f := ledgerFilter{Plan: plan}
	for i := 0; i+1 < len(extra); i += 2 {
		switch extra[i] {
		case "unit":
			f.Unit, _ = strconv.ParseInt(extra[i+1], 10, 64)
		case "status":
			f.Status = extra[i+1]
		case "light":
			f.Light = extra[i+1]
		case "from":
			f.From = extra[i+1]
		case "to":
			f.To = extra[i+1]
		}
	}
	return f.url("")
}

// dashExportRed sends the battle map's red list (红灯事项) as of its day.
func (s *Server) dashExportRed(w http.ResponseWriter, r *http.Request) error {
	return s.dashExport(w, r, "red")
}

// dashExportLaggards sends the battle map's 红黄榜 (后进排名): the units,
// most red first, as of its day. Not for a liaison, whose map shows only
// its own unit.
func (s *Server) dashExportLaggards(w http.ResponseWriter, r *http.Request) error {
	return s.dashExport(w, r, "laggards")
}

func (s *Server) dashExport(w http.ResponseWriter, r *http.Request, what string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b := s.base(r, "dash.map.title")
	day := s.dashAsOf(r, b)
	if day.Error != "" {
		return &duban.Error{Code: duban.Invalid, Message: day.Error, Fields: map[string]string{"asof": day.Error}}
	}
	p := principal(r)
	d, err := s.db.Dashboard(r.Context(), p, id, day.Day)
	if err != nil {
		return err
	}
	if what == "laggards" && !p.ReadsAll() {
		return duban.ErrForbidden("导出各单位后进排名")
	}
	m := dashBattle{Base: b, Day: day}
	m.fill(d)
	asOf := fmt.Sprintf(b.T("dash.x.asof"), dashDate(b, day.Day))
	t := xlsx.Table{Subtitle: d.Plan.Title + " · " + asOf}
	switch what {
	case "red":
		t.Sheet, t.Title = b.T("dash.red"), b.T("dash.red")
		t.Header = []string{b.T("dash.col.item"), b.T("dash.col.unit"), b.T("dash.col.deadline"), b.T("dash.col.late"), b.T("dash.col.state")}
		t.Widths = []float64{48, 24, 16, 12, 12}
		for _, a := range m.Red {
			late := any(a.Late)
			if a.NoticeLate {
				late = b.T("dash.notice.late")
			}
			t.Rows = append(t.Rows, []any{a.TaskTitle, a.Unit.Name, dashDeadline(b, a.Assignment), late, b.T("ledger.status." + string(a.Status))})
		}
		t.Note = m.RedMore
	default:
		t.Sheet, t.Title = b.T("dash.units.sheet"), b.T("dash.units")
		t.Header = []string{b.T("dash.col.rank"), b.T("dash.col.unit"), b.T("dash.col.assignments"), b.T("dash.col.closed"), b.T("dash.col.rate"), b.T("dash.col.red"), b.T("dash.col.yellow")}
		t.Widths = []float64{8, 28, 10, 10, 10, 8, 8}
		for _, u := range m.Units {
			t.Rows = append(t.Rows, []any{u.Rank, u.Title, u.Rollup.Total, u.Rollup.Closed, fmt.Sprintf("%.0f%%", u.Rollup.Rate*100), u.Lights.Red, u.Lights.Yellow})
		}
		t.Note = b.T("dash.units.note")
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTable(&buf, t); err != nil {
		return err
	}
	if err := s.recordExport(r, what+".xlsx", "plan", id); err != nil {
		return err
	}
	name := safeFileName(d.Plan.Title) + "_" + t.Title + "_" + day.Day.String() + ".xlsx"
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Bytes())
}

// dashDeadline writes an assignment's deadline in the page's language.
func dashDeadline(b Base, a duban.Assignment) string {
	if b.Lang == "en" {
		return englishDeadline(a.DeadlineKind, a.Deadline)
	}
	return duban.DeadlineLabel(a.DeadlineKind, a.Deadline)
}

// UnitLedger is the ledger list of the map's plan for a unit (0: every
// unit) and a light ("": every light).
func (b dashBattle) UnitLedger(unit int64, light string) string {
	f := ledgerFilter{Plan: b.Plan.ID, Unit: unit, Light: light}
	if unit == 0 && light == "" {
		f.Status = "open"
	}
	return f.url("")
}

// dashScreen is the battle map's wall screen: the same figures, the
// longest lists cut to what a screen shows.
type dashScreen struct {
	dashBattle
	ScreenURL string
	Updated   string // the time of day the figures were computed
	TopUnits  []dashGroupRow
	TopRed    []dashRedRow
}

// Rows of the lists a wall screen shows.
const (
	screenUnits = 10
	screenRed   = 12
)

// battleScreenPage is a plan's battle map as a wall screen (大屏) for the
// command room; it refreshes itself every 60 seconds.
func (s *Server) battleScreenPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data := dashScreen{dashBattle: dashBattle{Base: s.base(r, "dash.screen.title")}}
	data.Day = s.dashAsOf(r, data.Base)
	p := principal(r)
	d, err := s.db.Dashboard(r.Context(), p, id, data.Day.Day)
	if err != nil {
		return err
	}
	if !p.ReadsAll() {
		names := dashNames{s: s, r: r}
		data.Liaison = fmt.Sprintf(data.T("dash.liaison"), names.unit(p.UnitID, false))
	}
	data.fill(d)
	data.Title = d.Plan.Title + " · " + data.T("dash.screen.title")
	data.ScreenURL = fmt.Sprintf("/plans/%d/screen", id)
	if data.Day.NotToday() {
		data.ScreenURL += "?asof=" + data.Day.Day.String()
	}
	data.Updated = s.db.Now().In(duban.ChinaTime).Format("15:04:05")
	data.TopUnits = data.Units[:min(len(data.Units), screenUnits)]
	data.TopRed = data.Red[:min(len(data.Red), screenRed)]
	data.Charts.Deadlines.Height, data.Charts.Closures.Height = 340, 340
	return s.dashRender(w, r, "screen.html", data.Day, data)
}
