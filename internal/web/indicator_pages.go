package web

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// registerIndicatorPages registers the monitoring pages: the indicators,
// each indicator's table for a period, a unit's trend, and the entry grid.
func (s *Server) registerIndicatorPages() {
	s.mux.Handle("GET /indicators", s.page(s.indicatorsPage, false))
	s.mux.Handle("GET /indicators/{id}", s.page(s.indicatorPage, false))
	s.mux.Handle("GET /indicators/{id}/units/{unit}", s.page(s.indicatorUnitPage, false))
	s.mux.Handle("GET /indicators/{id}/figures.xlsx", s.page(s.indicatorDownload, false))
	s.mux.Handle("POST /indicators/{id}/approve", s.page(s.indicatorApprove, false))
	s.mux.Handle("POST /indicator-breaches/{id}/supervise", s.page(s.breachSupervise, false))
	s.mux.Handle("GET /indicators/import", s.page(s.figuresImportPage, false))
	s.mux.Handle("POST /indicators/import", s.page(s.figuresImport, false))
	s.mux.Handle("GET /entry", s.page(s.entryPage, false))
	s.mux.Handle("POST /entry", s.page(s.entryPage, false))
}

// indBrief is an indicator's line in the list and on the battle map.
type indBrief struct {
	duban.Indicator
	PeriodName string // 按月 …
	Latest     string // the latest period with figures
	Reported   int    // units that reported the latest period
	Units      int    // units visible to the caller
	Open       int    // open breaches
	Items      int    // of which supervised
}

type indicatorsData struct {
	Base
	Indicators []indBrief
	CanEnter   bool
}

// indicatorBriefs sums up each indicator the caller sees: two statements
// an indicator, on the battle map page too, so the sums are kept a moment
// (store.Recent) for the same caller and language.
func (s *Server) indicatorBriefs(r *http.Request) ([]indBrief, error) {
	p := principal(r)
	key := fmt.Sprintf("indicators\x00%d\x00%s\x00%d\x00%s", p.UserID, p.Role, p.UnitID, lang(r))
	return store.Recent(s.db, key, func() ([]indBrief, error) { return s.readIndicatorBriefs(r) })
}

func (s *Server) readIndicatorBriefs(r *http.Request) ([]indBrief, error) {
	ctx, p := r.Context(), principal(r)
	list, err := s.db.ListIndicators(ctx, p, duban.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]indBrief, 0, len(list))
	for _, x := range list {
		b := indBrief{Indicator: x, PeriodName: translate(lang(r), "ind.pt."+string(x.PeriodType))}
		tr, err := s.db.Trend(ctx, p, x.ID, duban.Date{})
		if err != nil {
			return nil, err
		}
		for _, series := range tr {
			for k := range series {
				b.Latest = max(b.Latest, k)
			}
		}
		for _, series := range tr {
			if _, ok := series[b.Latest]; ok {
				b.Reported++
			}
		}
		b.Units = len(x.UnitIDs)
		if !p.ReadsAll() {
			b.Units = 1
		}
		open, err := s.db.ListBreaches(ctx, p, x.ID, store.BreachFilter{Status: duban.BreachOpen})
		if err != nil {
			return nil, err
		}
		b.Open = len(open)
		for _, br := range open {
			if br.AssignmentID != nil {
				b.Items++
			}
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *Server) indicatorsPage(w http.ResponseWriter, r *http.Request) error {
	data := indicatorsData{Base: s.base(r, "ind.title")}
	var err error
	if data.Indicators, err = s.indicatorBriefs(r); err != nil {
		return err
	}
	data.CanEnter = principal(r).Role == duban.RoleLiaison || principal(r).Role == duban.RoleLead || principal(r).Role == duban.RoleAdmin
	return s.render(w, r, "indicators.html", data)
}

// indRow is a unit's line of an indicator's table.
type indRow struct {
	store.IndicatorRow
	Value, LastYear, Change string
	Breaches                []indBreach
	Comp                    duban.Completeness
}

type indBreach struct {
	Text         string
	ID           int64 // the recorded breach, 0 when only seen as of a past day
	AssignmentID int64
	CanSupervise bool
}

type indicatorData struct {
	Base
	Ind        *duban.Indicator
	Period     string
	PeriodName string
	Periods    []string
	AsOf       string
	Rows       []indRow
	Total      string
	Approved   bool
	CanApprove bool
	Due        string
	Reported   int
	OnTime     int
	Chart      dashChart
	Meetings   []store.IndicatorMeeting
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	x, err := s.db.FindIndicator(ctx, p, id)
	if err != nil {
		return err
	}
	data := indicatorData{Base: s.base(r, "ind.title"), Ind: x, AsOf: r.URL.Query().Get("asof")}
	data.Title = x.Name + " · " + data.Title
	asOf, err := duban.ParseDate(data.AsOf)
	if err != nil {
		return err
	}
	tr, err := s.db.Trend(ctx, p, id, asOf)
	if err != nil {
		return err
	}
	data.Periods = periodKeys(x, tr)
	data.Period = r.URL.Query().Get("period")
	if data.Period == "" && len(data.Periods) > 0 {
		data.Period = data.Periods[len(data.Periods)-1]
	}
	if data.Period == "" {
		data.Period = duban.Period{Type: x.PeriodType, Year: duban.DateOf(s.db.Now().In(duban.ChinaTime)).Time().Year(), N: 1}.String()
	}
	if err := s.fillIndicator(r, &data, asOf); err != nil {
		return err
	}
	data.Chart = trendChart(data.Base, x, tr, data.Rows, data.Period)
	if data.Meetings, err = s.db.IndicatorMeetings(ctx, p, id); err != nil {
		return err
	}
	return s.render(w, r, "indicator.html", data)
}

// fillIndicator fills the table, the completeness and the approval state.
func (s *Server) fillIndicator(r *http.Request, data *indicatorData, asOf duban.Date) error {
	ctx, p, x := r.Context(), principal(r), data.Ind
	tbl, err := s.db.Table(ctx, p, x.ID, data.Period, asOf)
	if err != nil {
		return err
	}
	comp, err := s.db.Completeness(ctx, p, x.ID, data.Period, asOf)
	if err != nil {
		return err
	}
	recorded, err := s.db.ListBreaches(ctx, p, x.ID, store.BreachFilter{Period: tbl.Period.String()})
	if err != nil {
		return err
	}
	data.PeriodName, data.Approved = tbl.Period.Chinese(), tbl.Approved
	data.CanApprove = store.LeadsIndicator(p, x) && !tbl.Approved
	data.Due = s.db.DueDate(x, tbl.Period).String()
	if tbl.Total != nil {
		data.Total = duban.FormatFigure(*tbl.Total, x.Decimals)
	}
	f := func(v *float64) string {
		if v == nil {
			return ""
		}
		return duban.FormatFigure(*v, x.Decimals)
	}
	for _, row := range tbl.Rows {
		ir := indRow{IndicatorRow: row, Value: f(row.Value), LastYear: f(row.LastYear)}
		if row.Change != nil {
			ir.Change = fmt.Sprintf("%+.1f%%", *row.Change)
		}
		for _, c := range comp {
			if c.Unit.ID == row.Unit.ID {
				ir.Comp = c
				if c.Reported {
					data.Reported++
				}
				if c.OnTime {
					data.OnTime++
				}
			}
		}
		for _, b := range row.Breaches {
			ib := indBreach{Text: breachText(lang(r), x, b)}
			for _, rb := range recorded {
				if rb.RuleID == b.RuleID && rb.Unit.ID == b.Unit.ID && rb.Status == duban.BreachOpen {
					ib.ID = rb.ID
					if rb.AssignmentID != nil {
						ib.AssignmentID = *rb.AssignmentID
					}
				}
			}
			ib.CanSupervise = ib.ID != 0 && ib.AssignmentID == 0 && store.LeadsIndicator(p, x) && asOf.IsZero()
			ir.Breaches = append(ir.Breaches, ib)
		}
		data.Rows = append(data.Rows, ir)
	}
	return nil
}

// periodKeys lists the periods with figures, in order.
func periodKeys(x *duban.Indicator, tr map[int64]duban.Series) []string {
	seen := map[string]bool{}
	for _, s := range tr {
		for k := range s {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// indPalette tells up to twelve units' lines apart.
var indPalette = []string{"#1a73e8", "#d93025", "#188038", "#f29900", "#9334e6", "#12b5cb", "#e8710a", "#5f6368", "#a50e0e", "#0d652d", "#b06000", "#3949ab"}

// trendChart draws each unit's figures over the year of period, one line a
// unit.
func trendChart(b Base, x *duban.Indicator, tr map[int64]duban.Series, rows []indRow, period string) dashChart {
	per, _ := duban.ParsePeriod(x.PeriodType, period)
	ps := duban.PeriodsOfYear(x.PeriodType, per.Year)
	if x.PeriodType == duban.PeriodYearly {
		ps = nil
		for y := per.Year - 4; y <= per.Year; y++ {
			ps = append(ps, duban.Period{Type: x.PeriodType, Year: y, N: 1})
		}
	}
	o := echartsOption{Color: indPalette, AnimationDuration: 300, Tooltip: echartsTooltip{Trigger: "axis", Confine: true}, Legend: echartsLegend{Top: 0, Left: 0, ItemWidth: 14},
		Grid: echartsGrid{Left: 48, Right: 16, Top: 64, Bottom: 28}, YAxis: echartsAxis{Type: "value"}}
	for _, p := range ps {
		o.XAxis.Data = append(o.XAxis.Data, periodShort(b, p))
	}
	o.XAxis.Type = "category"
	for _, row := range rows {
		data := make([]any, len(ps))
		for i, p := range ps {
			if v, ok := tr[row.Unit.ID][p.String()]; ok {
				data[i] = v
			}
		}
		o.Series = append(o.Series, echartsSeries{Name: row.Unit.Name, Type: "line", Data: data, Emphasis: &echartsEmphasis{Focus: "series"}})
	}
	return dashChart{ID: "ind-trend", Label: fmt.Sprintf(b.T("ind.chart.aria"), x.Name, per.Year), Height: 340, Option: o}
}

func periodShort(b Base, p duban.Period) string {
	switch p.Type {
	case duban.PeriodMonthly:
		return fmt.Sprintf(b.T("ind.month"), p.N)
	case duban.PeriodQuarterly:
		return fmt.Sprintf("Q%d", p.N)
	}
	return strconv.Itoa(p.Year)
}

func (s *Server) indicatorApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	period := r.PostFormValue("period")
	if _, err := s.db.ApprovePeriod(r.Context(), principal(r), id, period); err != nil {
		return err
	}
	return admDone(w, r, admT(r, "ind.flash.approved", period), fmt.Sprintf("/indicators/%d?period=%s", id, period))
}

func (s *Server) breachSupervise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.db.SuperviseBreach(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return admDone(w, r, admT(r, "ind.flash.supervised"), fmt.Sprintf("/assignments/%d", a.ID))
}

func (s *Server) indicatorDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := principal(r)
	x, err := s.db.FindIndicator(r.Context(), p, id)
	if err != nil {
		return err
	}
	tbl, err := s.db.FigureTable(r.Context(), p, id, nil)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteFigures(&buf, *tbl, x.Aggregation != duban.AggRatio && p.ReadsAll()); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", x.Name+"监测表.xlsx", buf.Bytes())
}
