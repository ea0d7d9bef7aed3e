package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// registerProjectPages registers the key-project and challenge pages.
func (s *Server) registerProjectPages() {
	s.mux.Handle("GET /projects", s.page(s.projectsPage, false))
	s.mux.Handle("GET /projects/ledger.xlsx", s.page(s.projectsDownload, false))
	s.mux.Handle("GET /projects/new", s.page(s.newProjectPage, false))
	s.mux.Handle("POST /projects/new", s.page(s.saveProjectForm, false))
	s.mux.Handle("GET /projects/{id}/edit", s.page(s.editProjectPage, false))
	s.mux.Handle("POST /projects/{id}/edit", s.page(s.saveProjectForm, false))
	s.mux.Handle("GET /programmes/new", s.page(s.programmePage, false))
	s.mux.Handle("POST /programmes/new", s.page(s.programmePage, false))
	s.mux.Handle("GET /programmes/{id}/edit", s.page(s.programmePage, false))
	s.mux.Handle("POST /programmes/{id}/edit", s.page(s.programmePage, false))
	s.mux.Handle("GET /projects/{id}", s.page(s.projectPage, false))
	s.mux.Handle("POST /projects/{id}/assess", s.page(s.projectPage, false))
	s.mux.Handle("GET /challenges", s.page(s.challengesPage, false))
	s.mux.Handle("POST /challenges", s.page(s.createChallengeForm, false))
	s.mux.Handle("GET /challenges/{id}", s.page(s.challengePage, false))
	s.mux.Handle("POST /challenges/{id}/{action}", s.page(s.challengePost, false))
	s.mux.Handle("GET /public/challenges", s.page(s.publicChallengesPage, true))
}

// projectsData is the project list: programmes with their figures, then
// every project the caller may see with its light and warnings.
type projectsData struct {
	Base
	Day        duban.Date
	Programmes []store.ProgrammeSummary
	Rows       []duban.ProjectRow
	Runs       map[int64]bool // the programmes the caller runs
	CanRun     bool           // runs at least one: may set up projects
	CanSetUp   bool           // may set up a programme (an administrator or a lead office)
}

func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	data := projectsData{Base: s.base(r, "prj.list.title"), Day: duban.DateOf(s.db.Now().In(duban.ChinaTime))}
	var err error
	if data.Programmes, err = s.db.SummariseProgrammes(ctx, p, data.Day); err != nil {
		return err
	}
	if data.Rows, err = s.db.ProjectLedger(ctx, p, store.ProjectFilter{}, data.Day); err != nil {
		return err
	}
	runs, err := s.managedProgrammes(r)
	if err != nil {
		return err
	}
	data.Runs = map[int64]bool{}
	for _, g := range runs {
		data.Runs[g.ID] = true
	}
	data.CanRun, data.CanSetUp = len(runs) > 0, p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID != 0)
	return s.render(w, r, "projects.html", data)
}

func (s *Server) projectsDownload(w http.ResponseWriter, r *http.Request) error {
	day := duban.DateOf(s.db.Now().In(duban.ChinaTime))
	rows, err := s.db.ProjectLedger(r.Context(), principal(r), store.ProjectFilter{}, day)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteProjectLedger(&buf, rows, day); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "重点项目台账.xlsx", buf.Bytes())
}

// projectData is a project's page.
type projectData struct {
	Base
	Day         duban.Date
	Row         duban.ProjectRow
	Assessments []assessmentRow
	Race        []duban.RaceEntry
	Gantt       ganttData
	Funds       dashChart
	CanAssess   bool
	Pending     []duban.Milestone // what may be assessed
	Levels      []duban.TRLLevel  // what an assessment may find: from the project's current level up
	Form        assessValues
	Error       string
	Fields      map[string]string
}

type assessmentRow struct {
	duban.Assessment
	Milestone string
}

type assessValues struct {
	Milestone                                      int64
	On, Experts, Reached, Result, Opinion, Rectify string
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	data := projectData{Base: s.base(r, "prj.title"), Day: duban.DateOf(s.db.Now().In(duban.ChinaTime))}
	data.Form.On, data.Form.Result = data.Day.String(), string(duban.ResultPass)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		done, err := s.assessFromForm(w, r, id, &data)
		if done || err != nil {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	if data.Row, err = s.db.ProjectRowOf(ctx, p, id, data.Day); err != nil {
		return err
	}
	data.Title = data.Row.Title
	if err := s.fillProject(r, &data); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "project.html", data)
}

// fillProject reads what the project page shows besides the project.
func (s *Server) fillProject(r *http.Request, data *projectData) error {
	ctx, p, x := r.Context(), principal(r), data.Row.Project
	as, err := s.db.ListAssessments(ctx, p, x.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range x.Milestones {
		names[m.ID] = fmt.Sprintf("%d. %s", m.Seq, m.Title)
		if !m.Settled() && x.Status == duban.ProjectActive {
			data.Pending = append(data.Pending, m)
		}
	}
	data.Levels = duban.TRLLevelsFrom(x.CurrentTRL())
	if data.Form.Reached == "" && len(data.Pending) > 0 {
		data.Form.Milestone, data.Form.Reached = data.Pending[0].ID, strconv.Itoa(int(data.Pending[0].TRLRequired))
	}
	for _, a := range as {
		data.Assessments = append(data.Assessments, assessmentRow{Assessment: a, Milestone: names[a.MilestoneID]})
	}
	if x.ChallengeID != nil {
		if data.Race, err = s.db.RaceComparison(ctx, p, *x.ChallengeID, 1); err != nil {
			return err
		}
		if len(data.Race) < 2 {
			data.Race = nil
		}
	}
	if g, err := s.db.FindProgramme(ctx, x.ProgrammeID); err == nil {
		data.CanAssess = p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID == g.OfficeUnitID)
	}
	data.Gantt = projectGantt(data.Base, x, data.Day)
	data.Funds = fundsChart(data.Base, x)
	return nil
}

// assessFromForm records an assessment posted from the project page; done
// when it redirected, else the form is re-shown with its problems.
func (s *Server) assessFromForm(w http.ResponseWriter, r *http.Request, id int64, data *projectData) (bool, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := assessValues{On: f("assessed_on"), Experts: f("experts"), Reached: f("trl_reached"), Result: f("result"), Opinion: f("opinion"), Rectify: f("rectify_due")}
	v.Milestone, _ = strconv.ParseInt(f("milestone_id"), 10, 64)
	c := newAdmChecks(r)
	reached, _ := strconv.Atoi(v.Reached)
	experts := strings.FieldsFunc(v.Experts, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' })
	a := duban.Assessment{AssessedOn: c.date("assessed_on", v.On), Experts: experts, TRLReached: duban.TRL(reached), Result: duban.AssessmentResult(v.Result),
		Opinion: v.Opinion, RectifyDue: c.date("rectify_due", v.Rectify)}
	err := c.err(func() error { return nil })
	var m *duban.Milestone
	if err == nil {
		m, err = s.db.AssessMilestone(r.Context(), principal(r), v.Milestone, 0, a)
	}
	if err == nil {
		return true, admDone(w, r, admT(r, "prj.flash.assessed", m.Title), fmt.Sprintf("/projects/%d#milestones", id))
	}
	if !admFormFailure(err) {
		return false, err
	}
	data.Form = v
	data.Error, data.Fields = formError(lang(r), err)
	return false, nil
}

// ganttData is what static/project.js draws as the milestone timeline.
type ganttData struct {
	Label string      `json:"label"`
	Today string      `json:"today"`
	Start string      `json:"start"`
	End   string      `json:"end"`
	Rows  []ganttBar  `json:"rows"`
	Names ganttLegend `json:"names"`
}

type ganttBar struct {
	Name   string `json:"name"`
	From   string `json:"from"`
	To     string `json:"to"`
	State  string `json:"state"` // passed, conditional, failed, cancelled, overdue, pending
	Detail string `json:"detail"`
}

type ganttLegend struct {
	Today string            `json:"today"`
	State map[string]string `json:"state"`
}

func projectGantt(b Base, x *duban.Project, today duban.Date) ganttData {
	g := ganttData{Label: b.T("prj.timeline"), Today: today.String(), Start: x.StartDate.String(), End: x.EndDate.String(),
		Names: ganttLegend{Today: map[bool]string{true: "今天", false: "Today"}[b.Lang != "en"], State: map[string]string{}}}
	from := x.StartDate
	for _, m := range x.Milestones {
		state := string(m.Status)
		if m.Overdue(today) && m.Status == duban.MilestonePending {
			state = "overdue"
		}
		g.Rows = append(g.Rows, ganttBar{Name: fmt.Sprintf("%d. %s", m.Seq, m.Title), From: from.String(), To: m.Due.String(), State: state,
			Detail: fmt.Sprintf("%s %s · TRL%d · %s", b.T("prj.col.due"), m.Due, m.TRLRequired, b.T("ms."+string(m.Status)))})
		from = m.Due
	}
	for _, k := range []string{"pending", "passed", "conditional", "failed", "cancelled"} {
		g.Names.State[k] = b.T("ms." + k)
	}
	g.Names.State["overdue"] = b.T("prj.overdue.tag")
	return g
}

// fundsChart draws the tranches planned and released, cumulated by due date.
func fundsChart(b Base, x *duban.Project) dashChart {
	var labels []string
	var planned, released []float64
	var p, rel duban.Money
	for _, m := range x.Milestones {
		labels = append(labels, fmt.Sprintf("%d. %s", m.Seq, m.Due))
		if m.FundStatus != duban.FundCancelled {
			p += m.Tranche
		}
		if m.FundStatus == duban.FundReleased {
			rel += m.Released
		}
		planned, released = append(planned, p.WanFloat()), append(released, rel.WanFloat())
	}
	return dashChart{ID: "funds-chart", Label: b.T("prj.funds"), Height: 260, Option: echartsOption{
		Color: []string{dashDone, dashGreen}, Tooltip: echartsTooltip{Trigger: "axis", Confine: true}, Legend: echartsLegend{Top: 0, Left: 0, ItemWidth: 14},
		Grid: echartsGrid{Left: 56, Right: 16, Top: 32, Bottom: 28}, XAxis: echartsAxis{Type: "category", Data: labels}, YAxis: echartsAxis{Type: "value"},
		Series: []echartsSeries{{Name: b.T("fund.planned"), Type: "bar", Data: planned}, {Name: b.T("fund.released"), Type: "bar", Data: released}},
	}}
}

// pagePair passes a page (for its strings) and one item to a sub-template.
type pagePair struct {
	Page any
	Item any
}

// projectFuncs are the template functions of the project pages.
var projectFuncs = template.FuncMap{
	"prjWith":     func(page, item any) pagePair { return pagePair{page, item} },
	"ganttHeight": func(g ganttData) int { return 60 + 36*len(g.Rows) },
	"deref64":     func(p *int64) int64 { return *p },
	"trlLevels":   duban.TRLLevels,
	"resultKinds": func() []string { return []string{"pass", "conditional", "fail"} },
}
