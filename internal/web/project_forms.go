package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// projectPlanValues is a project's plan as typed in a form: its period, budget,
// levels and milestones. Prefix names one team's plan in the 定榜 form
// ("a12.") and is empty elsewhere.
type projectPlanValues struct {
	Prefix, Team                            string
	Start, End, Budget, TRLStart, TRLTarget string
	Milestones                              []milestoneValues
	AppID                                   int64 // 定榜 only: the application the plan is for
	Unit, Chief, Score                      string
	Chosen                                  bool
}

// milestoneValues is one milestone row as typed; Locked rows (assessed or
// cancelled) are shown and sent back unchanged.
type milestoneValues struct {
	ID                                     int64
	Title, Due, TRL, Tranche, Deliverables string
	Locked                                 bool
	Status                                 duban.MilestoneStatus
}

// blankMilestones is how many empty rows a plan offers for new milestones.
const blankMilestones = 3

// planOf shows a project's plan in a form, with room for new milestones.
func planOf(x *duban.Project) projectPlanValues {
	v := projectPlanValues{Team: x.Team, Start: x.StartDate.String(), End: x.EndDate.String(), Budget: wanText(x.Budget),
		TRLStart: strconv.Itoa(int(x.TRLStart)), TRLTarget: strconv.Itoa(int(x.TRLTarget))}
	for _, m := range x.Milestones {
		v.Milestones = append(v.Milestones, milestoneValues{ID: m.ID, Title: m.Title, Due: m.Due.String(), TRL: strconv.Itoa(int(m.TRLRequired)),
			Tranche: wanText(m.Tranche), Deliverables: m.Deliverables, Locked: m.Status != duban.MilestonePending, Status: m.Status})
	}
	return v.withBlanks()
}

// withBlanks adds the empty rows for new milestones.
func (v projectPlanValues) withBlanks() projectPlanValues {
	for i := 0; i < blankMilestones; i++ {
		v.Milestones = append(v.Milestones, milestoneValues{})
	}
	return v
}

// wanText writes an amount in 万元 as a user would type it.
func wanText(m duban.Money) string {
	if m == 0 {
		return ""
	}
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(m.WanFloat(), 'f', 4, 64), "0"), ".")
}

// planFromForm reads a plan (fields named with v.Prefix) into the project
// x: period, budget, levels and the milestone rows, skipping empty rows.
// Problems of the form itself go to c under the prefixed field names.
func planFromForm(r *http.Request, prefix string, c admChecks, x *duban.Project) projectPlanValues {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(prefix + k)) }
	v := projectPlanValues{Prefix: prefix, Team: f("team"), Start: f("start_date"), End: f("end_date"), Budget: f("budget"), TRLStart: f("trl_start"), TRLTarget: f("trl_target")}
	budget, ok := wanToMoney(v.Budget)
	if !ok {
		c.add(prefix+"budget", "prj.err.amount")
	}
	x.Team, x.Budget = v.Team, budget
	x.StartDate, x.EndDate = c.date(prefix+"start_date", v.Start), c.date(prefix+"end_date", v.End)
	x.TRLStart, x.TRLTarget = duban.TRL(c.num(prefix+"trl_start", v.TRLStart)), duban.TRL(c.num(prefix+"trl_target", v.TRLTarget))
	col := func(k string, i int) string {
		if vs := r.PostForm[prefix+k]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	for i := range r.PostForm[prefix+"ms_title"] {
		m := milestoneValues{Title: col("ms_title", i), Due: col("ms_due", i), TRL: col("ms_trl", i), Tranche: col("ms_tranche", i), Deliverables: col("ms_deliverables", i)}
		m.ID, _ = strconv.ParseInt(col("ms_id", i), 10, 64)
		if m.ID == 0 && m.Title == "" && m.Due == "" && m.Tranche == "" && m.Deliverables == "" {
			continue
		}
		v.Milestones = append(v.Milestones, m)
		tranche, ok := wanToMoney(m.Tranche)
		if !ok {
			c.add(prefix+"milestones", "prj.err.amount")
		}
		x.Milestones = append(x.Milestones, duban.Milestone{ID: m.ID, Title: m.Title, Due: c.date(prefix+"milestones", m.Due),
			TRLRequired: duban.TRL(c.num(prefix+"milestones", m.TRL)), Tranche: tranche, Deliverables: m.Deliverables})
	}
	return v
}

// prefixed keys a domain error's fields by a team's prefix.
func prefixed(c admChecks, prefix string, err error) {
	for f, m := range duban.ErrorFields(err) {
		c.p.Add(prefix+f, m)
	}
}

// projectFormData is the page that creates or edits a project.
type projectFormData struct {
	Base
	New        bool
	ID         int64
	Version    int
	Programmes []duban.Programme
	Units      []duban.Unit
	Programme  int64
	Lead       int64
	LeadName   string
	Coop       map[int64]bool
	PTitle     string
	Chief      string
	ChiefRole  string
	Plan       projectPlanValues
	Error      string
	Fields     map[string]string
}

func (s *Server) projectFormBase(r *http.Request, key string) (projectFormData, error) {
	d := projectFormData{Base: s.base(r, key), Coop: map[int64]bool{}, ChiefRole: string(duban.ChiefEngineer)}
	var err error
	if d.Programmes, err = s.managedProgrammes(r); err != nil {
		return d, err
	}
	if len(d.Programmes) == 0 {
		return d, duban.ErrForbidden("设立重点项目")
	}
	d.Units, err = s.adminUnits(r)
	return d, err
}

// newProjectPage shows the form of a project set up directly (not from a 榜单).
func (s *Server) newProjectPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.projectFormBase(r, "prj.new")
	if err != nil {
		return err
	}
	d.New, d.Plan = true, projectPlanValues{TRLStart: "3", TRLTarget: "6"}.withBlanks()
	d.Programme, _ = strconv.ParseInt(r.URL.Query().Get("programme"), 10, 64)
	return s.render(w, r, "project_form.html", d)
}

// editProjectPage shows a running project in its form.
func (s *Server) editProjectPage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.projectFormBase(r, "prj.edit") // Forbidden for whoever runs no programme
	if err != nil {
		return err
	}
	x, err := s.db.FindProject(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	d.ID, d.Version, d.Programme, d.Lead, d.LeadName = x.ID, x.Version, x.ProgrammeID, x.LeadUnit.ID, x.LeadUnit.Name
	d.PTitle, d.Chief, d.ChiefRole, d.Plan = x.Title, x.Chief, string(x.ChiefRole), planOf(x)
	for _, u := range x.CoopUnits {
		d.Coop[u.ID] = true
	}
	return s.render(w, r, "project_form.html", d)
}

// saveProjectForm creates (no id in the path) or updates a project from
// its form; a refused form comes back with what was typed and its problems.
func (s *Server) saveProjectForm(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = adminPathID(r, "id"); err != nil {
			return err
		}
	}
	key := map[bool]string{true: "prj.new", false: "prj.edit"}[id == 0]
	d, err := s.projectFormBase(r, key) // Forbidden before any check of the input
	if err != nil {
		return err
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c := newAdmChecks(r)
	x := duban.Project{Title: f("title"), Chief: f("chief"), ChiefRole: duban.ChiefRole(f("chief_role"))}
	x.ProgrammeID, _ = strconv.ParseInt(f("programme_id"), 10, 64)
	x.LeadUnit.ID, _ = strconv.ParseInt(f("lead_unit_id"), 10, 64)
	coop := map[int64]bool{}
	for _, v := range r.PostForm["coop_unit_ids"] {
		if u, err := strconv.ParseInt(v, 10, 64); err == nil && !coop[u] {
			coop[u] = true
			x.CoopUnits = append(x.CoopUnits, duban.UnitRef{ID: u})
		}
	}
	plan := planFromForm(r, "", c, &x)
	version, _ := strconv.Atoi(f("version"))
	err = c.err(func() error { y := x; return y.Validate() })
	if y := x; err == nil && id == 0 {
		err = y.Validate() // before the store, which would first look the programme up
	}
	if err == nil && id == 0 {
		err = s.db.CreateProject(r.Context(), principal(r), &x)
	} else if err == nil {
		var got *duban.Project
		if got, err = s.db.UpdateProject(r.Context(), principal(r), id, version, x); err == nil {
			x = *got
		}
	}
	if err == nil {
		key := map[bool]string{true: "prj.flash.created", false: "prj.flash.saved"}[id == 0]
		return admDone(w, r, admT(r, key, x.Title), fmt.Sprintf("/projects/%d", x.ID))
	}
	if !admFormFailure(err) {
		return err
	}
	d.New, d.ID, d.Version, d.Programme, d.Lead, d.Coop = id == 0, id, version, x.ProgrammeID, x.LeadUnit.ID, coop
	d.PTitle, d.Chief, d.ChiefRole, d.Plan = x.Title, x.Chief, string(x.ChiefRole), plan.withBlanks()
	if id != 0 {
		if cur, err := s.db.FindProject(r.Context(), principal(r), id); err == nil {
			d.LeadName = cur.LeadUnit.Name
			d.Plan = lockRows(d.Plan, cur)
		}
	}
	d.Error, d.Fields = formError(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "project_form.html", d)
}

// lockRows marks again the rows of milestones that may not change.
func lockRows(v projectPlanValues, x *duban.Project) projectPlanValues {
	status := map[int64]duban.MilestoneStatus{}
	for _, m := range x.Milestones {
		status[m.ID] = m.Status
	}
	for i, m := range v.Milestones {
		if st, ok := status[m.ID]; ok && st != duban.MilestonePending {
			v.Milestones[i].Locked, v.Milestones[i].Status = true, st
		}
	}
	return v
}

// programmeFormData is the page that sets up or edits a programme.
type programmeFormData struct {
	Base
	New        bool
	ID         int64
	Version    int
	Units      []duban.Unit // the offices the caller may name
	Office     int64
	OfficeName string
	Name, Desc string
	Error      string
	Fields     map[string]string
}

func (s *Server) programmeUnits(r *http.Request) ([]duban.Unit, error) {
	p := principal(r)
	all, err := s.adminUnits(r)
	if err != nil || p.Role == duban.RoleAdmin {
		return all, err
	}
	var out []duban.Unit
	for _, u := range all {
		if u.ID == p.UnitID {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) error {
	d := programmeFormData{Base: s.base(r, "prg.new"), New: true}
	p := principal(r)
	if p.Role != duban.RoleAdmin && p.Role != duban.RoleLead {
		return duban.ErrForbidden("设立专项")
	}
	if r.PathValue("id") != "" {
		id, err := adminPathID(r, "id")
		if err != nil {
			return err
		}
		g, err := s.db.FindProgramme(r.Context(), id)
		if err != nil {
			return err
		}
		if p.Role != duban.RoleAdmin && p.UnitID != g.OfficeUnitID {
			return duban.ErrForbidden("管理该专项")
		}
		d = programmeFormData{Base: s.base(r, "prg.edit"), ID: g.ID, Version: g.Version, Office: g.OfficeUnitID, OfficeName: g.OfficeUnit, Name: g.Title, Desc: g.Description}
	}
	var err error
	if d.Units, err = s.programmeUnits(r); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		return s.saveProgrammeForm(w, r, d)
	}
	return s.render(w, r, "programme_form.html", d)
}

func (s *Server) saveProgrammeForm(w http.ResponseWriter, r *http.Request, d programmeFormData) error {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	d.Name, d.Desc = f("title"), f("description")
	var err error
	if d.New {
		d.Office, _ = strconv.ParseInt(f("office_unit_id"), 10, 64)
		g := &duban.Programme{Title: d.Name, OfficeUnitID: d.Office, Description: d.Desc}
		if err = s.db.CreateProgramme(r.Context(), principal(r), g); err == nil {
			return admDone(w, r, admT(r, "prg.flash.created", g.Title), "/projects")
		}
	} else {
		d.Version, _ = strconv.Atoi(f("version"))
		var g *duban.Programme
		if g, err = s.db.UpdateProgramme(r.Context(), principal(r), d.ID, d.Version, d.Name, d.Desc); err == nil {
			return admDone(w, r, admT(r, "prg.flash.saved", g.Title), "/projects")
		}
	}
	if !admFormFailure(err) {
		return err
	}
	d.Error, d.Fields = formError(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "programme_form.html", d)
}
