package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// registerRatesPages registers the reporting rates of a plan and the
// leadership instructions ledger (批示件).
func (s *Server) registerRatesPages() {
	s.mux.Handle("GET /plans/{id}/reporting", s.page(s.reportingPage, false))
	s.mux.Handle("GET /instructions", s.page(s.instructionsPage, false))
	s.mux.Handle("POST /instructions", s.page(s.instructionsPage, false))
}

type reportingData struct {
	Base
	Plan    *duban.Plan
	Period  string
	Periods []string
	Day     dashDay // 统计日期: the reports made and the items open by then
	Due     duban.Date
	Units   []store.UnitReporting
	Total   store.UnitReporting
	Notice  string // why there are no figures
}

// reportingPage shows, for a period of the plan's cadence, each unit's
// expected reports (应报), those in on time (按时), late (迟报) and missing
// (未报), with the on-time (及时率) and completeness (完整率) rates.
func (s *Server) reportingPage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	pl, err := s.db.FindPlan(ctx, p, id)
	if err != nil {
		return err
	}
	data := reportingData{Base: s.base(r, "sys.rates.title"), Plan: pl}
	data.Day = s.dashAsOf(r, data.Base)
	data.Title = pl.Title + " · " + data.Title
	if pl.Cadence != duban.CadenceMonthly && pl.Cadence != duban.CadenceQuarterly {
		data.Notice = data.T("sys.rates.nocadence")
		return s.render(w, r, "reporting.html", data)
	}
	current, _ := s.db.DuePeriod(pl, data.Day.Day)
	data.Periods = periodsBack(pl.Cadence, current, 12)
	data.Period = r.URL.Query().Get("period")
	if data.Period == "" {
		data.Period = current
	}
	out, err := s.db.ReportingAsOf(ctx, p, id, data.Period, data.Day.Day)
	if duban.ErrorCode(err) == duban.Invalid {
		data.Notice = errorMessageIn(lang(r), err)
		return s.renderAdm(w, r, http.StatusUnprocessableEntity, "reporting.html", data)
	}
	if err != nil {
		return err
	}
	data.Units, _ = out["units"].([]store.UnitReporting)
	data.Due, _ = out["due"].(duban.Date)
	for _, u := range data.Units {
		data.Total.Expected += u.Expected
		data.Total.OnTime += u.OnTime
		data.Total.Late += u.Late
		data.Total.Missing += u.Missing
	}
	if n := data.Total.Expected; n > 0 {
		data.Total.OnTimeRate = float64(data.Total.OnTime) / float64(n)
		data.Total.Completeness = float64(data.Total.OnTime+data.Total.Late) / float64(n)
	}
	return s.render(w, r, "reporting.html", data)
}

// periodsBack names n report periods of a cadence, the latest (current)
// first: 2022-03, 2022-02, … or 2022-Q1, 2021-Q4, ….
func periodsBack(c duban.Cadence, current string, n int) []string {
	var y, m int
	quarterly := c == duban.CadenceQuarterly
	format := "%d-%d"
	if quarterly {
		format = "%d-Q%d"
	}
	if _, err := fmt.Sscanf(current, format, &y, &m); err != nil || current == "" {
		return nil
	}
	var out []string
	for range n {
		if quarterly {
			out = append(out, fmt.Sprintf("%d-Q%d", y, m))
			if m--; m == 0 {
				y, m = y-1, 4
			}
			continue
		}
		out = append(out, time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		if m--; m == 0 {
			y, m = y-1, 12
		}
	}
	return out
}

type instructionsData struct {
	Base
	Items  []store.InstructionRow
	More   string
	CanAdd bool
	Units  []unitOption
	Form   instructionValues
	Error  string
	Fields map[string]string
	Opened bool // the form is shown open (after a refusal)
}

type instructionValues struct {
	Number, IssuedDate, Leader, Title, Text, Deadline, Workdays string
	Unit                                                        int64
}

// instructionsPage is the leadership instructions ledger (批示件): each
// instruction with its number, leader, the unit that handles it, status and
// deadline, newest first; a liaison sees its unit's only. A lead office
// registers one here: it becomes a draft item of the unit, handed over
// (交办) from its page.
func (s *Server) instructionsPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p, q := r.Context(), principal(r), r.URL.Query()
	if err := p.RequireLedgers("查看领导批示件台账"); err != nil {
		return err
	}
	data := instructionsData{Base: s.base(r, "sys.instr.title"), CanAdd: p.Role == duban.RoleLead && p.UnitID != 0}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if !data.CanAdd {
			return duban.ErrForbidden("登记领导批示件（由整改办负责）")
		}
		row, v, err := s.registerInstruction(r)
		if err == nil {
			return admDone(w, r, admT(r, "sys.flash.instr", v.Number), fmt.Sprintf("/assignments/%d", row.AssignmentID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, data.Opened, status = v, true, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	list, err := s.db.ListInstructions(ctx, p, duban.Page{Limit: 50, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	data.Items = list.Items
	if list.NextCursor != "" {
		q.Set("cursor", list.NextCursor)
		data.More = "/instructions?" + q.Encode()
	}
	if data.CanAdd {
		if data.Units, _, err = s.unitOptions(r); err != nil {
			return err
		}
	}
	return s.renderAdm(w, r, status, "instructions.html", data)
}

// registerInstruction reads the registration form and registers it.
func (s *Server) registerInstruction(r *http.Request) (*store.InstructionRow, instructionValues, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := instructionValues{Number: f("number"), IssuedDate: f("issued_date"), Leader: f("leader"), Title: f("title"), Text: f("text"),
		Deadline: f("deadline"), Workdays: f("deadline_workdays"), Unit: admFormID(f("unit_id"))}
	c := newAdmChecks(r)
	in := store.InstructionInput{Number: v.Number, Leader: v.Leader, Title: v.Title, Text: v.Text, UnitID: v.Unit,
		DeadlineKind: duban.DeadlineDate, DeadlineWorkdays: c.num("deadline_workdays", v.Workdays)}
	if v.IssuedDate != "" {
		in.IssuedDate = c.date("issued_date", v.IssuedDate)
	}
	if v.Deadline != "" {
		in.Deadline = c.date("deadline", v.Deadline)
	}
	if err := c.err(nil); err != nil {
		return nil, v, err
	}
	row, err := s.db.RegisterInstruction(r.Context(), principal(r), in)
	return row, v, err
}
