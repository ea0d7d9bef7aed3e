package web

import (
	"fmt"

	"duban/internal/duban"
	"duban/internal/store"
)

// The colours of the lights, as app.css draws them.
const (
	dashRed    = "#d93025"
	dashYellow = "#f0a800"
	dashGreen  = "#1e8e3e"
	dashDone   = "#9aa0a6"
)

// dashChart is a chart container: its options for ECharts, drawn by
// static/dashboard.js, and the text that stands for it.
type dashChart struct {
	ID     string
	Label  string // the aria-label: what the chart shows, in words
	Height int    // pixels
	Option echartsOption
	// Links are the ledger views a click on each category opens, and Lights
	// the light filter a click on each series (by name) adds: the charts
	// click through to the matching ledger list (static/dashboard.js).
	Links  []string
	Lights map[string]string
}

// seriesLights maps the light series' names to the ledger's light filter.
func seriesLights(b Base) map[string]string {
	return map[string]string{b.T("dash.light.red"): "red", b.T("dash.light.yellow"): "yellow", b.T("dash.light.green"): "green", b.T("dash.light.done"): "done"}
}

// echartsOption is the part of ECharts' option object the dashboard uses.
type echartsOption struct {
	Color             []string        `json:"color"`
	AnimationDuration int             `json:"animationDuration"`
	Tooltip           echartsTooltip  `json:"tooltip"`
	Legend            echartsLegend   `json:"legend"`
	Grid              echartsGrid     `json:"grid"`
	XAxis             echartsAxis     `json:"xAxis"`
	YAxis             echartsAxis     `json:"yAxis"`
	Series            []echartsSeries `json:"series"`
}

type echartsTooltip struct {
	Trigger string `json:"trigger"`
	Confine bool   `json:"confine"`
}

type echartsLegend struct {
	Top       int `json:"top"`
	Left      int `json:"left"`
	ItemWidth int `json:"itemWidth"`
}

type echartsGrid struct {
	Left   int `json:"left"`
	Right  int `json:"right"`
	Top    int `json:"top"`
	Bottom int `json:"bottom"`
}

type echartsAxis struct {
	Type        string        `json:"type"`
	Data        []string      `json:"data,omitempty"`
	Inverse     bool          `json:"inverse,omitempty"`
	MinInterval int           `json:"minInterval,omitempty"`
	AxisLabel   *echartsLabel `json:"axisLabel,omitempty"`
}

type echartsLabel struct {
	Width       int               `json:"width,omitempty"`
	Overflow    string            `json:"overflow,omitempty"`
	HideOverlap bool              `json:"hideOverlap,omitempty"`
	Interval    *int              `json:"interval,omitempty"` // 0: every label
	Formatter   *echartsTimeLabel `json:"formatter,omitempty"`
}

// echartsTimeLabel formats a time axis's labels by level.
type echartsTimeLabel struct {
	Year  string `json:"year"`
	Month string `json:"month"`
	Day   string `json:"day"`
}

type echartsSeries struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Stack       string            `json:"stack,omitempty"`
	Data        any               `json:"data"`
	BarMaxWidth int               `json:"barMaxWidth,omitempty"`
	Step        string            `json:"step,omitempty"`
	Symbol      string            `json:"symbol,omitempty"`
	AreaStyle   *echartsAreaStyle `json:"areaStyle,omitempty"`
	LineStyle   *echartsLineStyle `json:"lineStyle,omitempty"`
	Emphasis    *echartsEmphasis  `json:"emphasis,omitempty"`
	MarkLine    *echartsMarkLine  `json:"markLine,omitempty"`
}

type echartsAreaStyle struct {
	Opacity float64 `json:"opacity"`
}

type echartsLineStyle struct {
	Type  string  `json:"type"`
	Width float64 `json:"width"`
}

type echartsEmphasis struct {
	Focus string `json:"focus"`
}

type echartsMarkLine struct {
	Symbol    string               `json:"symbol"`
	Silent    bool                 `json:"silent"`
	Data      []echartsMarkPoint   `json:"data"`
	Label     echartsMarkLabel     `json:"label"`
	LineStyle echartsMarkLineStyle `json:"lineStyle"`
}

type echartsMarkPoint struct {
	XAxis string `json:"xAxis"`
}

type echartsMarkLabel struct {
	Formatter string `json:"formatter"`
	Position  string `json:"position"`
}

type echartsMarkLineStyle struct {
	Color string `json:"color"`
	Type  string `json:"type"`
}

// lightsOption is a stacked bar chart of lights over categories: the
// categories run along the y axis (horizontal bars) when horizontal.
func lightsOption(b Base, cats []string, series [4][]int, horizontal bool) echartsOption {
	names := [4]string{b.T("dash.light.red"), b.T("dash.light.yellow"), b.T("dash.light.green"), b.T("dash.light.done")}
	o := echartsOption{
		Color: []string{dashRed, dashYellow, dashGreen, dashDone}, AnimationDuration: 400,
		Tooltip: echartsTooltip{Trigger: "axis", Confine: true},
		Legend:  echartsLegend{Top: 0, Left: 0, ItemWidth: 14},
		Grid:    echartsGrid{Left: 8, Right: 16, Top: 36, Bottom: 8},
	}
	cat := echartsAxis{Type: "category", Data: cats, AxisLabel: &echartsLabel{Width: 150, Overflow: "break", HideOverlap: !horizontal}}
	val := echartsAxis{Type: "value", MinInterval: 1}
	if horizontal {
		cat.Inverse = true
		o.XAxis, o.YAxis = val, cat
	} else {
		cat.AxisLabel.Width = 0
		o.XAxis, o.YAxis = cat, val
	}
	for i, data := range series {
		if data == nil {
			continue
		}
		o.Series = append(o.Series, echartsSeries{Name: names[i], Type: "bar", Stack: "lights", Data: data, BarMaxWidth: 28, Emphasis: &echartsEmphasis{Focus: "series"}})
	}
	return o
}

// aspectChart draws each aspect's lights.
func aspectChart(b Base, rows []dashGroupRow) dashChart {
	var cats []string
	var series [4][]int
	label := b.T("dash.aria.aspects")
	for _, r := range rows {
		cats = append(cats, r.Title)
		series = appendLights(series, r.Lights)
		label += fmt.Sprintf(b.T("dash.aria.lights"), r.Title, r.Lights.Red, r.Lights.Yellow, r.Lights.Green, r.Lights.Done)
	}
	return dashChart{ID: "chart-aspects", Label: label, Height: 70 + 46*max(len(rows), 2), Option: lightsOption(b, cats, series, true)}
}

// dashUnitsInChart is how many units the ranking chart shows.
const dashUnitsInChart = 30

// unitChart draws the lights of the units ranked worst first.
func unitChart(b Base, plan int64, rows []dashGroupRow) dashChart {
	var cats, links []string
	var series [4][]int
	label := b.T("dash.aria.units")
	for i, r := range rows {
		if i == dashUnitsInChart {
			break
		}
		cats, links = append(cats, r.Title), append(links, dashLedgerURL(plan, "unit", fmt.Sprint(r.ID)))
		series = appendLights(series, r.Lights)
		label += fmt.Sprintf(b.T("dash.aria.unit"), r.Rank, r.Title, r.Lights.Red, fmt.Sprintf("%.0f%%", r.Rollup.Rate*100))
	}
	return dashChart{ID: "chart-units", Label: label, Height: 60 + 30*max(len(cats), 3), Option: lightsOption(b, cats, series, true), Links: links, Lights: seriesLights(b)}
}

func appendLights(s [4][]int, c store.LightCounts) [4][]int {
	s[0], s[1], s[2], s[3] = append(s[0], c.Red), append(s[1], c.Yellow), append(s[2], c.Green), append(s[3], c.Done)
	return s
}

// deadlineChart draws the open items by the month of their deadline, every
// month between the first and the last, with the day's month marked.
func deadlineChart(b Base, plan int64, months []store.MonthLight, asOf duban.Date) dashChart {
	byMonth := map[string]store.LightCounts{}
	var keys []string
	for _, m := range months {
		if _, ok := byMonth[m.Month]; !ok {
			keys = append(keys, m.Month)
		}
		c := byMonth[m.Month]
		c.Add(m.Light, m.Count)
		byMonth[m.Month] = c
	}
	if len(keys) > 0 {
		keys = monthRange(keys[0], keys[len(keys)-1], keys)
	}
	var cats, links []string
	var series [4][]int
	label := b.T("dash.aria.deadlines")
	for _, k := range keys {
		c := byMonth[k]
		name := dashMonth(b, k)
		cats = append(cats, dashMonthAxis(b, k))
		links = append(links, monthLedgerURL(plan, k))
		series = appendLights(series, c)
		if c != (store.LightCounts{}) {
			label += fmt.Sprintf(b.T("dash.aria.month"), name, c.Red, c.Yellow, c.Green)
		}
	}
	series[3] = nil // open items are never done
	o := lightsOption(b, cats, series, false)
	o.Grid.Top = 60 // room for the label of the day's mark
	// Every month is labelled: year over month, so that the labels fit.
	o.XAxis.AxisLabel = &echartsLabel{Interval: new(int)}
	today := dashMonthAxis(b, asOf.String()[:7])
	for _, c := range cats {
		if c == today && len(o.Series) > 0 {
			o.Series[0].MarkLine = &echartsMarkLine{Symbol: "none", Silent: true, Data: []echartsMarkPoint{{XAxis: today}},
				Label: echartsMarkLabel{Formatter: b.T("dash.today"), Position: "end"}, LineStyle: echartsMarkLineStyle{Color: "#5f6b7a", Type: "dashed"}}
		}
	}
	return dashChart{ID: "chart-deadlines", Label: label, Height: 300, Option: o, Links: links, Lights: seriesLights(b)}
}

// monthLedgerURL is the ledger list of the plan's open items due in a month
// ("2026-03").
func monthLedgerURL(plan int64, month string) string {
	first, err := duban.ParseDate(month + "-01")
	if err != nil {
		return ""
	}
	last := duban.DateOf(first.Time().AddDate(0, 1, -1))
	return dashLedgerURL(plan, "status", "open", "from", first.String(), "to", last.String())
}

// dashMonth writes a month "2022-03" as the page's language does.
func dashMonth(b Base, month string) string {
	var y, m int
	if _, err := fmt.Sscanf(month, "%d-%d", &y, &m); err != nil {
		return month
	}
	return fmt.Sprintf(b.T("dash.month"), y, m)
}

// dashMonthAxis writes a month as an axis label: year above month.
func dashMonthAxis(b Base, month string) string {
	var y, m int
	if _, err := fmt.Sscanf(month, "%d-%d", &y, &m); err != nil {
		return month
	}
	return fmt.Sprintf(b.T("dash.month.axis"), y, m)
}

// monthRange lists the months from first to last ("2022-03"), or returns
// have when the range is too long to draw every month.
func monthRange(first, last string, have []string) []string {
	var y, m, ly, lm int
	if _, err := fmt.Sscanf(first, "%d-%d", &y, &m); err != nil {
		return have
	}
	if _, err := fmt.Sscanf(last, "%d-%d", &ly, &lm); err != nil {
		return have
	}
	if (ly-y)*12+lm-m > 48 {
		return have
	}
	var out []string
	for (y < ly || (y == ly && m <= lm)) && len(out) <= 48 {
		out = append(out, fmt.Sprintf("%04d-%02d", y, m))
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return out
}

// closureChart draws the cumulative closures beside the cumulative count of
// assignments due (a burn-up), from the plan's start to the day.
func closureChart(b Base, pl duban.Plan, closed, due []store.DayCount, asOf duban.Date) dashChart {
	first := closureChartStart(pl, closed, asOf)
	closedLine, closedTotal := cumulative(closed, first, asOf)
	dueLine, dueTotal := cumulative(due, first, asOf)
	o := echartsOption{
		Color: []string{dashGreen, "#5f6b7a"}, AnimationDuration: 400,
		Tooltip: echartsTooltip{Trigger: "axis", Confine: true},
		Legend:  echartsLegend{Top: 0, Left: 0, ItemWidth: 14},
		Grid:    echartsGrid{Left: 8, Right: 24, Top: 36, Bottom: 8},
		XAxis:   echartsAxis{Type: "time", AxisLabel: &echartsLabel{HideOverlap: true, Formatter: &echartsTimeLabel{Year: "{yyyy}", Month: b.T("dash.axis.month"), Day: b.T("dash.axis.day")}}},
		YAxis:   echartsAxis{Type: "value", MinInterval: 1},
		Series: []echartsSeries{
			{Name: b.T("dash.series.closed"), Type: "line", Step: "end", Symbol: "none", Data: closedLine, AreaStyle: &echartsAreaStyle{Opacity: 0.12}},
			{Name: b.T("dash.series.due"), Type: "line", Step: "end", Symbol: "none", Data: dueLine, LineStyle: &echartsLineStyle{Type: "dashed", Width: 1.5}},
		},
	}
	label := fmt.Sprintf(b.T("dash.aria.closures"), dashDate(b, asOf), dueTotal, closedTotal)
	return dashChart{ID: "chart-closures", Label: label, Height: 280, Option: o}
}

// closureChartStart is where the burn-up begins: two weeks before the first
// closure (or the last quarter when nothing is closed yet), never before the
// plan starts. Due dates years away from the work would otherwise squeeze
// months of progress into a sliver of the axis.
func closureChartStart(pl duban.Plan, closed []store.DayCount, asOf duban.Date) duban.Date {
	first := asOf.AddDays(-90)
	if len(closed) > 0 && closed[0].Day.Before(asOf) {
		first = closed[0].Day.AddDays(-14)
	}
	if !pl.StartDate.IsZero() && first.Before(pl.StartDate) && pl.StartDate.Before(asOf) {
		first = pl.StartDate
	}
	return first
}

// cumulative turns counts by day into the points of a step line from first
// to last, and returns the total. Days before first are counted into the
// line's starting value.
func cumulative(days []store.DayCount, first, last duban.Date) ([][2]any, int) {
	points := [][2]any{}
	total := 0
	for len(days) > 0 && days[0].Day.Before(first) {
		total += days[0].Count
		days = days[1:]
	}
	if len(days) == 0 || first.Before(days[0].Day) {
		points = append(points, [2]any{first.String(), total})
	}
	for _, d := range days {
		total += d.Count
		points = append(points, [2]any{d.Day.String(), total})
	}
	if len(days) == 0 || days[len(days)-1].Day.Before(last) {
		points = append(points, [2]any{last.String(), total})
	}
	return points, total
}
