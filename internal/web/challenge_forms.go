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
	data.Error = problemText(err)
	w.WriteHeader(admStatus(err))
	return s.render(w, r, "challenges.html", data)
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
func problemText(err error) string {
	msg := duban.ErrorMessage(err)
	for f, m := range duban.ErrorFields(err) {
		msg += "；" + f + "：" + m
	}
	return msg
}

// selectionFromForm reads the 定榜 form: the chosen applications, and one
// project plan (period, budget per team, TRLs, milestones) for each of them.
// Milestones are lines of 名称｜考核日期｜要求TRL｜拨付经费（万元）｜交付成果.
func selectionFromForm(r *http.Request) ([]store.Selection, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c := newAdmChecks(r)
	budget, ok := wanToMoney(f("budget"))
	if !ok {
		c.add("budget", "adm.err.number")
	}
	x := duban.Project{Title: f("title"), StartDate: c.date("start_date", f("start_date")), EndDate: c.date("end_date", f("end_date")), Budget: budget,
		TRLStart: duban.TRL(c.num("trl_start", f("trl_start"))), TRLTarget: duban.TRL(c.num("trl_target", f("trl_target")))}
	for i, line := range strings.Split(strings.ReplaceAll(f("milestones"), "\r", ""), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == '｜' })
		for len(parts) < 5 {
			parts = append(parts, "")
		}
		field := fmt.Sprintf("milestones.%d", i+1)
		tranche, ok := wanToMoney(parts[3])
		if !ok {
			c.add(field, "adm.err.number")
		}
		x.Milestones = append(x.Milestones, duban.Milestone{Title: strings.TrimSpace(parts[0]), Due: c.date(field, strings.TrimSpace(parts[1])),
			TRLRequired: duban.TRL(c.num(field, strings.TrimPrefix(strings.TrimSpace(parts[2]), "TRL"))), Tranche: tranche, Deliverables: strings.TrimSpace(parts[4])})
	}
	if err := c.err(nil); err != nil {
		return nil, err
	}
	var out []store.Selection
	for _, v := range r.PostForm["application_id"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		ms := append([]duban.Milestone(nil), x.Milestones...)
		out = append(out, store.Selection{ApplicationID: id, Project: x, Milestones: ms})
	}
	return out, nil
}
