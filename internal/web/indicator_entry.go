package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
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
	p := principal(r)
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
		if !slices.ContainsFunc(units, func(x duban.UnitRef) bool { return x.ID == u }) {
			return duban.ErrForbidden("填报其他单位的指标数据")
		}
		data.UnitID = u
	}
	inds, err := s.entryIndicators(r, data.UnitID)
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
		data.Error, data.Fields = formError(lang(r), err)
		status = admStatus(err)
	}
	if err := s.fillEntry(r, &data, inds); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "entry.html", data)
}

// entryIndicators are the rows of a unit's grid: the indicators it reports
// that the caller may write (a liaison its unit's; the lead office those its
// unit leads).
func (s *Server) entryIndicators(r *http.Request, unit int64) ([]duban.Indicator, error) {
	p := principal(r)
	all, err := s.db.ListIndicators(r.Context(), p, duban.IndicatorFilter{UnitID: unit})
	if err != nil || p.Role == duban.RoleLiaison {
		return all, err
	}
	return slices.DeleteFunc(all, func(x duban.Indicator) bool { return !store.LeadsIndicator(p, &x) }), nil
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

// saveEntry writes the changed cells of the grid, every indicator in one
// transaction: a bad cell anywhere keeps everything unsaved, and every bad
// cell is named (by its input's name) in the error's fields.
func (s *Server) saveEntry(r *http.Request, unit int64, inds []duban.Indicator) (int, error) {
	ctx, p := r.Context(), principal(r)
	in, fields := entryCells(r.PostForm, unit, inds)
	if len(in.batches) == 0 && len(fields) == 0 {
		msg := "没有填写任何数据，未保存"
		if in.cells > 0 {
			msg = "没有新填或修改的数据，未保存"
		}
		return 0, duban.Errorf(duban.Invalid, "%s", msg)
	}
	if len(in.batches) > 0 {
		// With cells already refused the write is only tried, so that the
		// page names the store's complaints about the others too.
		_, err := s.db.SetFigures(ctx, p, in.batches, strings.TrimSpace(r.PostFormValue("reason")), len(fields) > 0)
		if err = entryFields(err, in, fields); err != nil {
			return 0, err
		}
	}
	if len(fields) > 0 {
		return 0, &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("有%d项数据不能填报，均未保存", len(fields)), Fields: fields}
	}
	n := 0
	for _, b := range in.batches {
		n += len(b.Values)
	}
	return n, nil
}

// entryInput is what a grid's form asks to write: a batch per indicator
// with its cells' names (to put the store's complaints back on them), and
// how many cells the form had.
type entryInput struct {
	batches []store.FigureBatch
	names   [][]string
	cells   int
}

// entryCells reads the grid's cells (v.INDICATOR.PERIOD, with the figure
// shown in was.v.INDICATOR.PERIOD): those typed or changed become figures;
// a cell that is not a number, emptied after a figure was given, or not in
// the unit's grid is a problem.
func entryCells(form url.Values, unit int64, inds []duban.Indicator) (entryInput, duban.Problems) {
	var in entryInput
	fields := duban.Problems{}
	batch := map[int64]int{}
	for _, x := range inds {
		batch[x.ID] = -1
	}
	keys := make([]string, 0, len(form))
	for key := range form {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		rest, ok := strings.CutPrefix(key, "v.")
		if !ok {
			continue
		}
		in.cells++
		typed, was := strings.TrimSpace(form.Get(key)), strings.TrimSpace(form.Get("was."+key))
		idText, period, _ := strings.Cut(rest, ".")
		id, _ := strconv.ParseInt(idText, 10, 64)
		k, known := batch[id]
		switch {
		case !known:
			fields.Add(key, "本单位不填报这项指标")
			continue
		case typed == was:
			continue
		case typed == "":
			fields.Add(key, "已报送的数据不能清空；如需更正，请填写正确的数值")
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(duban.HalfWidth(typed), ",", ""), 64)
		if err != nil {
			fields.Add(key, "不是数字")
			continue
		}
		if k < 0 {
			k, batch[id] = len(in.batches), len(in.batches)
			in.batches = append(in.batches, store.FigureBatch{IndicatorID: id})
			in.names = append(in.names, nil)
		}
		in.batches[k].Values = append(in.batches[k].Values, duban.ValueInput{UnitID: unit, Period: period, Value: v})
		in.names[k] = append(in.names[k], key)
	}
	return in, fields
}

// entryFields puts a write's complaints about figures (figures[k].values[i])
// on the grid's cells in fields; any other error is returned.
func entryFields(err error, in entryInput, fields duban.Problems) error {
	e, ok := err.(*duban.Error)
	if !ok || e.Code != duban.Invalid || len(e.Fields) == 0 {
		return err
	}
	named := 0
	for k, names := range in.names {
		for i, name := range names {
			if msg, ok := e.Fields[fmt.Sprintf("figures[%d].values[%d]", k, i)]; ok {
				fields.Add(name, msg)
				named++
			}
		}
	}
	if named == 0 {
		return err
	}
	return nil
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
