package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// indicatorUnitData is one unit's trend of an indicator: this year against
// last year, and every figure given with its corrections.
type indicatorUnitData struct {
	Base
	Ind     *duban.Indicator
	Unit    duban.UnitRef
	Year    int
	Chart   dashChart
	History []indHistory
}

type indHistory struct {
	duban.IndicatorValue
	Figure string
}

func (s *Server) indicatorUnitPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	unit, err := adminPathID(r, "unit")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	x, err := s.db.FindIndicator(ctx, p, id)
	if err != nil {
		return err
	}
	hist, err := s.db.ListIndicatorValues(ctx, p, id, unit)
	if err != nil {
		return err
	}
	u, err := s.db.FindUnit(ctx, unit)
	if err != nil {
		return err
	}
	data := indicatorUnitData{Base: s.base(r, "ind.title"), Ind: x, Unit: duban.UnitRef{ID: u.ID, Name: u.ShortName}}
	data.Title = u.ShortName + " · " + x.Name
	series := duban.Series{}
	for _, v := range hist {
		series[v.Period.String()] = v.Value
		data.Year = max(data.Year, v.Period.Year)
		data.History = append(data.History, indHistory{IndicatorValue: v, Figure: duban.FormatFigure(v.Value, x.Decimals)})
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		data.Year = y
	}
	if data.Year == 0 {
		data.Year = duban.DateOf(s.db.Now().In(duban.ChinaTime)).Time().Year()
	}
	data.Chart = indUnitChart(data.Base, x, series, data.Year)
	return s.render(w, r, "indicator_unit.html", data)
}

// indUnitChart draws a unit's figures of a year beside the year before.
func indUnitChart(b Base, x *duban.Indicator, s duban.Series, year int) dashChart {
	o := echartsOption{Color: []string{"#1a73e8", "#9aa0a6"}, AnimationDuration: 300, Tooltip: echartsTooltip{Trigger: "axis", Confine: true},
		Legend: echartsLegend{Top: 0, Left: 0, ItemWidth: 14}, Grid: echartsGrid{Left: 48, Right: 16, Top: 36, Bottom: 28},
		XAxis: echartsAxis{Type: "category"}, YAxis: echartsAxis{Type: "value"}}
	ps := duban.PeriodsOfYear(x.PeriodType, year)
	if x.PeriodType == duban.PeriodYearly {
		ps = nil
		for y := year - 4; y <= year; y++ {
			ps = append(ps, duban.Period{Type: x.PeriodType, Year: y, N: 1})
		}
	}
	this, last := make([]any, len(ps)), make([]any, len(ps))
	for i, p := range ps {
		o.XAxis.Data = append(o.XAxis.Data, periodShort(b, p))
		if v, ok := s[p.String()]; ok {
			this[i] = v
		}
		if v, ok := s[p.LastYear().String()]; ok {
			last[i] = v
		}
	}
	o.Series = []echartsSeries{{Name: fmt.Sprintf(b.T("ind.year"), year), Type: "line", Data: this},
		{Name: fmt.Sprintf(b.T("ind.year"), year-1), Type: "line", Data: last, LineStyle: &echartsLineStyle{Type: "dashed", Width: 2}}}
	return dashChart{ID: "ind-unit-trend", Label: fmt.Sprintf(b.T("ind.unitchart.aria"), x.Name, year), Height: 300, Option: o}
}

// entryData is the data-entry grid: a unit's indicators × the periods of a
// year, each cell with last year's figure beside it.
type entryData struct {
	Base
	Units      []duban.UnitRef // the units the caller may enter for
	UnitID     int64
	CanCorrect bool // may change approved periods, with a reason
	Year       int
	Rows       []entryRow
	Error      string
	Fields     map[string]string
}

type entryRow struct {
	Ind   duban.Indicator
	Cells []entryCell
}

type entryCell struct {
	Name, Label, Value, LastYear string
	Locked, Ratio                bool
	Error                        string
}

func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	data := entryData{Base: s.base(r, "ind.entry.title"), Year: duban.DateOf(s.db.Now().In(duban.ChinaTime)).Time().Year()}
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y > 1990 && y < 2100 {
		data.Year = y
	}
	units, err := s.entryUnits(r)
	if err != nil {
		return err
	}
	data.Units, data.CanCorrect = units, p.Role == duban.RoleLead || p.Role == duban.RoleAdmin
	if len(units) == 0 {
		return duban.ErrForbidden("填报监测指标数据")
	}
	data.UnitID = units[0].ID
	if u := admFormID(r.FormValue("unit")); u != 0 {
		data.UnitID = u
	}
	inds, err := s.db.ListIndicators(ctx, p, duban.IndicatorFilter{UnitID: data.UnitID})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		done, err := s.saveEntry(r, data.UnitID, inds)
		if err == nil {
			return admDone(w, r, admT(r, "ind.flash.saved", done), fmt.Sprintf("/entry?unit=%d&year=%d", data.UnitID, data.Year))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Error, data.Fields = formError(err)
		status = admStatus(err)
	}
	if err := s.fillEntry(r, &data, inds); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "entry.html", data)
}

// entryUnits are the units the caller may enter for: a liaison its own; the
// lead office the units of the indicators it leads.
func (s *Server) entryUnits(r *http.Request) ([]duban.UnitRef, error) {
	ctx, p := r.Context(), principal(r)
	seen := map[int64]bool{}
	var ids []int64
	if p.Role == duban.RoleLiaison {
		ids = []int64{p.UnitID}
	} else {
		inds, err := s.db.ListIndicators(ctx, p, duban.IndicatorFilter{})
		if err != nil {
			return nil, err
		}
		for _, x := range inds {
			if x.LeadUnitID == p.UnitID || p.Role == duban.RoleAdmin {
				for _, u := range x.UnitIDs {
					if !seen[u] {
						seen[u] = true
						ids = append(ids, u)
					}
				}
			}
		}
	}
	var out []duban.UnitRef
	for _, id := range ids {
		u, err := s.db.FindUnit(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, duban.UnitRef{ID: u.ID, Name: u.ShortName})
	}
	return out, nil
}

// saveEntry writes the changed cells: every indicator tried first, then
// written, so that a bad cell anywhere keeps everything unsaved.
func (s *Server) saveEntry(r *http.Request, unit int64, inds []duban.Indicator) (int, error) {
	ctx, p := r.Context(), principal(r)
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	batches := map[int64][]duban.ValueInput{}
	fields := duban.Problems{}
	for _, x := range inds {
		for key, vals := range r.PostForm {
			prefix := fmt.Sprintf("v.%d.", x.ID)
			if !strings.HasPrefix(key, prefix) || strings.TrimSpace(vals[0]) == "" || vals[0] == r.PostFormValue("was."+key) {
				continue
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(duban.HalfWidth(strings.TrimSpace(vals[0])), ",", ""), 64)
			if err != nil {
				fields.Add(key, "不是数字")
				continue
			}
			batches[x.ID] = append(batches[x.ID], duban.ValueInput{UnitID: unit, Period: strings.TrimPrefix(key, prefix), Value: v})
		}
	}
	if len(fields) > 0 {
		return 0, &duban.Error{Code: duban.Invalid, Message: "有数据不是数字，均未保存", Fields: fields}
	}
	for _, dry := range []bool{true, false} {
		for id, in := range batches {
			if _, err := s.db.SetIndicatorValues(ctx, p, id, in, reason, dry); err != nil {
				return 0, entryFields(err, id, in)
			}
		}
	}
	n := 0
	for _, in := range batches {
		n += len(in)
	}
	return n, nil
}

// entryFields names the grid's cells in a write's field errors.
func entryFields(err error, id int64, in []duban.ValueInput) error {
	e, ok := err.(*duban.Error)
	if !ok || e.Fields == nil {
		return err
	}
	out := &duban.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{}}
	for i, v := range in {
		if msg, ok := e.Fields[fmt.Sprintf("values[%d]", i)]; ok {
			out.Fields[fmt.Sprintf("v.%d.%s", id, v.Period)] = msg
		}
	}
	return out
}

// entryPeriods are the columns of an indicator in a year's grid.
func entryPeriods(x *duban.Indicator, year int) []duban.Period {
	return duban.PeriodsOfYear(x.PeriodType, year)
}

func (s *Server) fillEntry(r *http.Request, data *entryData, inds []duban.Indicator) error {
	ctx, p := r.Context(), principal(r)
	for _, x := range inds {
		hist, err := s.db.ListIndicatorValues(ctx, p, x.ID, data.UnitID)
		if err != nil {
			return err
		}
		locked, err := s.db.ApprovedPeriods(ctx, p, x.ID)
		if err != nil {
			return err
		}
		cur := duban.Series{}
		for _, v := range hist {
			cur[v.Period.String()] = v.Value
		}
		row := entryRow{Ind: x}
		for _, per := range entryPeriods(&x, data.Year) {
			c := entryCell{Name: fmt.Sprintf("v.%d.%s", x.ID, per), Label: periodShort(data.Base, per), Locked: locked[per.String()], Ratio: x.Aggregation == duban.AggRatio}
			if v, ok := cur[per.String()]; ok {
				c.Value = duban.FormatFigure(v, x.Decimals)
			}
			if v, ok := cur[per.LastYear().String()]; ok {
				c.LastYear = duban.FormatFigure(v, x.Decimals)
			}
			if typed := r.PostFormValue(c.Name); r.Method == http.MethodPost && typed != "" {
				c.Value = typed
			}
			c.Error = data.Fields[c.Name]
			row.Cells = append(row.Cells, c)
		}
		data.Rows = append(data.Rows, row)
	}
	return nil
}
