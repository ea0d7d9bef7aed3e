package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// The monitoring indicators' API: definitions and rules, figures (a unit's
// liaison writes and reads its own; the lead unit all), tables, trends,
// breaches and their supervision, completeness, approval, meetings, and
// workbook import and export.

type indicatorRequest struct {
	Code          string            `json:"code"`
	Name          string            `json:"name"`
	Aliases       []string          `json:"aliases"`
	Measure       string            `json:"measure"`
	PeriodType    duban.PeriodType  `json:"period_type"`
	Aggregation   duban.Aggregation `json:"aggregation"`
	NumeratorID   int64             `json:"numerator_id"`
	DenominatorID int64             `json:"denominator_id"`
	AllowNegative bool              `json:"allow_negative"`
	Decimals      int               `json:"decimals"`
	LeadUnitID    int64             `json:"lead_unit_id"`
	UnitIDs       []int64           `json:"unit_ids"`
	DueDay        int               `json:"due_day"`
}

type ruleRequest struct {
	Kind             duban.RuleKind `json:"kind"`
	Name             string         `json:"name"`
	Min              *float64       `json:"min"`
	Max              *float64       `json:"max"`
	OtherID          int64          `json:"other_id"`
	Target           float64        `json:"target"`
	Weights          []float64      `json:"weights"`
	Escalate         string         `json:"escalate"`
	DeadlineWorkdays int            `json:"deadline_workdays"`
}

type valuesRequest struct {
	Values []duban.ValueInput `json:"values"`
	Reason string             `json:"reason"` // required to correct an approved period
	DryRun bool               `json:"dry_run"`
}

type approvalRequest struct {
	Period string `json:"period"`
}

type indicatorMeetingRequest struct {
	MeetingID int64  `json:"meeting_id"`
	Period    string `json:"period"`
}

func (s *Server) apiListIndicators(r *http.Request, q *query) ([]duban.Indicator, error) {
	f := duban.IndicatorFilter{UnitID: q.id("unit"), LeadUnitID: q.id("lead")}
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.ListIndicators(r.Context(), principal(r), f)
}

func (s *Server) apiGetIndicator(r *http.Request, id int64) (*duban.Indicator, error) {
	return s.db.FindIndicator(r.Context(), principal(r), id)
}

func indicatorVersion(x *duban.Indicator) int { return x.Version }

func (s *Server) apiCreateIndicator(w http.ResponseWriter, r *http.Request) error {
	var req indicatorRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Indicator{Code: req.Code, Name: req.Name, Aliases: req.Aliases, Measure: req.Measure, PeriodType: req.PeriodType,
		Aggregation: req.Aggregation, NumeratorID: req.NumeratorID, DenominatorID: req.DenominatorID, AllowNegative: req.AllowNegative,
		Decimals: req.Decimals, LeadUnitID: req.LeadUnitID, UnitIDs: req.UnitIDs, DueDay: req.DueDay}
	if err := s.db.CreateIndicator(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

// withID adapts a handler of the {id} path value.
func withID(h func(w http.ResponseWriter, r *http.Request, id int64) error) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		return h(w, r, id)
	}
}

func (s *Server) apiListRules(w http.ResponseWriter, r *http.Request, id int64) error {
	out, err := s.db.ListIndicatorRules(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateRule(w http.ResponseWriter, r *http.Request, id int64) error {
	var req ruleRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.IndicatorRule{IndicatorID: id, Kind: req.Kind, Name: req.Name, Min: req.Min, Max: req.Max, OtherID: req.OtherID, Target: req.Target,
		Weights: req.Weights, Escalate: req.Escalate, DeadlineWorkdays: req.DeadlineWorkdays}
	if err := s.db.CreateIndicatorRule(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiSetValues(w http.ResponseWriter, r *http.Request, id int64) error {
	var req valuesRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := s.db.SetIndicatorValues(r.Context(), principal(r), id, req.Values, strings.TrimSpace(req.Reason), req.DryRun)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !req.DryRun && out.Values > 0 {
		status = http.StatusCreated
	}
	return writeJSON(w, status, out)
}

func (s *Server) apiListValues(w http.ResponseWriter, r *http.Request, id int64) error {
	q := newQuery(r)
	unit := q.id("unit")
	if unit == 0 {
		q.errs.Add("unit", "必填")
	}
	if err := q.err(); err != nil {
		return err
	}
	out, err := s.db.ListIndicatorValues(r.Context(), principal(r), id, unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// periodQuery reads the required period and the optional asof.
func periodQuery(r *http.Request) (string, duban.Date, error) {
	q := newQuery(r)
	per, asOf := q.str("period"), q.date("asof")
	if per == "" {
		q.errs.Add("period", "必填，如 2025-03")
	}
	return per, asOf, q.err()
}

func (s *Server) apiIndicatorTable(w http.ResponseWriter, r *http.Request, id int64) error {
	per, asOf, err := periodQuery(r)
	if err != nil {
		return err
	}
	out, err := s.db.Table(r.Context(), principal(r), id, per, asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiIndicatorTrend(w http.ResponseWriter, r *http.Request, id int64) error {
	q := newQuery(r)
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	series, err := s.db.Trend(r.Context(), principal(r), id, asOf)
	if err != nil {
		return err
	}
	out := map[string]duban.Series{}
	for unit, s := range series {
		out[strconv.FormatInt(unit, 10)] = s
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiIndicatorBreaches(w http.ResponseWriter, r *http.Request, id int64) error {
	q := newQuery(r)
	f := store.BreachFilter{UnitID: q.id("unit"), Period: q.str("period"), Status: q.str("status")}
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	var out []duban.Breach
	var err error
	if asOf.IsZero() {
		out, err = s.db.ListBreaches(r.Context(), principal(r), id, f)
	} else {
		out, err = s.db.BreachesAsOf(r.Context(), principal(r), id, asOf)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSuperviseBreach(w http.ResponseWriter, r *http.Request, id int64) error {
	a, err := s.db.SuperviseBreach(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, a.Version, a)
}

func (s *Server) apiCompleteness(w http.ResponseWriter, r *http.Request, id int64) error {
	per, asOf, err := periodQuery(r)
	if err != nil {
		return err
	}
	out, err := s.db.Completeness(r.Context(), principal(r), id, per, asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiApprovePeriod(w http.ResponseWriter, r *http.Request, id int64) error {
	var req approvalRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := s.db.ApprovePeriod(r.Context(), principal(r), id, req.Period)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiLinkMeeting(w http.ResponseWriter, r *http.Request, id int64) error {
	var req indicatorMeetingRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.db.LinkMeeting(r.Context(), principal(r), req.MeetingID, id, req.Period); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiIndicatorMeetings(w http.ResponseWriter, r *http.Request, id int64) error {
	out, err := s.db.IndicatorMeetings(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if out == nil {
		out = []store.IndicatorMeeting{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiImportFigures takes a monitoring workbook: 200 with the outcome on a
// dry run or when written (201), a 422 problem naming every bad cell when
// rejected.
func (s *Server) apiImportFigures(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	dry, reason := q.bool("dry_run"), q.str("reason")
	if err := q.err(); err != nil {
		return err
	}
	_, data, err := readUpload(w, r)
	if err != nil {
		return err
	}
	book, err := xlsx.ReadFigures(bytes.NewReader(data))
	if err != nil {
		return err
	}
	res, ok, err := s.db.ImportFigures(r.Context(), principal(r), book, store.FigureImportOptions{DryRun: dry, Reason: reason})
	if err != nil {
		return err
	}
	if !ok {
		fields := map[string]string{}
		for _, c := range res.Errors {
			key := fmt.Sprintf("%s!%d %s", c.Sheet, c.Row, c.Column)
			if c.Row == 0 { // the whole sheet, or (no sheet) the whole file
				key = cmp.Or(c.Sheet, "file")
			}
			for n := 2; fields[key] != ""; n++ {
				key = fmt.Sprintf("%s (%d)", strings.TrimSuffix(key, fmt.Sprintf(" (%d)", n-1)), n)
			}
			fields[key] = c.Reason
		}
		return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("监测表有 %d 处有误，整份文件未导入，请修改后重新上传", len(res.Errors)), Fields: fields}
	}
	status := http.StatusCreated
	if dry {
		status = http.StatusOK
	}
	return writeJSON(w, status, res)
}

func (s *Server) apiExportFigures(w http.ResponseWriter, r *http.Request, id int64) error {
	var years []int
	if raw := strings.TrimSpace(r.URL.Query().Get("years")); raw != "" {
		for _, y := range strings.Split(raw, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(y))
			if err != nil || n < 1949 || n > 2100 || len(years) >= 20 {
				return &duban.Error{Code: duban.Invalid, Message: "查询参数有误", Fields: map[string]string{"years": "应为 1949 至 2100 之间的年份，逗号分隔，最多 20 个"}}
			}
			years = append(years, n)
		}
	}
	p := principal(r)
	x, err := s.db.FindIndicator(r.Context(), p, id)
	if err != nil {
		return err
	}
	tbl, err := s.db.FigureTable(r.Context(), p, id, years)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteFigures(&buf, *tbl, x.Aggregation != duban.AggRatio && p.ReadsAll()); err != nil {
		return err
	}
	if err := s.recordExport(r, "figures.xlsx", "indicator", id); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", x.Name+"监测表.xlsx", buf.Bytes())
}
