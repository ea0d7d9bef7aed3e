package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// wanToMoney reads an amount typed in 万元 ("1,250.5") as yuan.
func wanToMoney(s string) (duban.Money, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return duban.Money(math.Round(f * 10000)), true
}

// createChallengeForm drafts a 榜单 from the challenges page.
func (s *Server) createChallengeForm(w http.ResponseWriter, r *http.Request) error {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c := newAdmChecks(r)
	programme, _ := strconv.ParseInt(f("programme_id"), 10, 64)
	budget, ok := wanToMoney(f("budget"))
	if !ok {
		c.add("budget", "adm.err.number")
	}
	x := &duban.Challenge{ProgrammeID: programme, Title: f("title"), Goal: f("goal"), Conditions: f("conditions"), Budget: budget, Deadline: c.date("deadline", f("deadline"))}
	err := c.err(func() error { y := *x; return y.Validate() })
	if err == nil {
		err = s.db.CreateChallenge(r.Context(), principal(r), x)
	}
	if err == nil {
		return admDone(w, r, admT(r, "ch.flash.created", x.Title), fmt.Sprintf("/challenges/%d", x.ID))
	}
	if !admFormFailure(err) {
		return err
	}
	return s.challengesWithError(w, r, err)
}

func (s *Server) challengesWithError(w http.ResponseWriter, r *http.Request, err error) error {
	ctx, p := r.Context(), principal(r)
	data := challengesData{Base: s.base(r, "ch.list.title")}
	var lerr error
	if data.Challenges, lerr = s.db.ListChallenges(ctx, p, 0); lerr != nil {
		return lerr
	}
	if data.Counts, lerr = s.db.CountChallenges(ctx, 0); lerr != nil {
		return lerr
	}
	if data.Programmes, lerr = s.managedProgrammes(r); lerr != nil {
		return lerr
	}
	data.Error = problemText(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "challenges.html", data)
}

// managedProgrammes are the programmes the caller runs.
func (s *Server) managedProgrammes(r *http.Request) ([]duban.Programme, error) {
	p := principal(r)
	gs, err := s.db.ListProgrammes(r.Context())
	if err != nil {
		return nil, err
	}
	var out []duban.Programme
	for _, g := range gs {
		if p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID == g.OfficeUnitID) {
			out = append(out, g)
		}
	}
	return out, nil
}

// problemText words an error with its field messages for a form.
func problemText(lang string, err error) string {
	msg := errorMessageIn(lang, err)
	for f, m := range duban.ErrorFields(err) {
		msg += "；" + f + "：" + textIn(lang, m)
	}
	return msg
}

// selectionFromForm reads the 定榜 form: the chosen applications, each
// with its own project plan (period, budget, levels, milestones) under the
// prefix "a{application id}.", and the project title they share. The plans
// as typed come back keyed by application for the form to show again.
func selectionFromForm(r *http.Request) ([]store.Selection, map[int64]projectPlanValues, error) {
	c := newAdmChecks(r)
	plans := map[int64]projectPlanValues{}
	var out []store.Selection
	title := strings.TrimSpace(r.PostFormValue("title"))
	for _, v := range r.PostForm["application_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || plans[id].Chosen {
			continue
		}
		prefix := fmt.Sprintf("a%d.", id)
		x := duban.Project{Title: title}
		plan := planFromForm(r, prefix, c, &x)
		plan.AppID, plan.Chosen = id, true
		plans[id] = plan
		// The unit and chief come from the application; check the rest here
		// so that each problem shows in its team's plan.
		y := x
		y.ProgrammeID, y.LeadUnit, y.Chief = 1, duban.UnitRef{ID: -1}, "—"
		if y.Title == "" {
			y.Title = "—"
		}
		prefixed(c, prefix, y.Validate())
		out = append(out, store.Selection{ApplicationID: id, Project: x, Milestones: x.Milestones})
	}
	if len(out) == 0 {
		c.add("application_id", "ch.err.choose")
	}
	return out, plans, c.err(nil)
}
