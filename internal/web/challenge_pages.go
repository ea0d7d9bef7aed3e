package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// challengesData is the list of 榜单 with the notice's counts.
type challengesData struct {
	Base
	Counts     store.ChallengeCounts
	Challenges []duban.Challenge
	Programmes []duban.Programme // those the caller runs, for the new-challenge form
	Error      string
}

func (s *Server) challengesPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	data := challengesData{Base: s.base(r, "ch.list.title")}
	var err error
	if data.Challenges, err = s.db.ListChallenges(ctx, p, 0); err != nil {
		return err
	}
	if data.Counts, err = s.db.CountChallenges(ctx, 0); err != nil {
		return err
	}
	if data.Programmes, err = s.managedProgrammes(r); err != nil {
		return err
	}
	return s.render(w, r, "challenges.html", data)
}

// challengeData is one 榜单: its applications as the caller may see them,
// the forms the caller may use, and for a 赛马 the comparison and its rounds.
type challengeData struct {
	Base
	Challenge    *duban.Challenge
	Applications []duban.Application
	Projects     []duban.ProjectRow
	Race         []duban.RaceEntry
	RaceSeq      int
	RaceSeqs     []int
	RaceRunning  int // teams still running
	Rounds       []duban.RaceRound
	Manages      bool
	Experts      []duban.User // for the office to name reviewers
	CanApply     bool
	Reviews      bool                // the caller is an expert reviewing it
	OwnOnly      bool                // a liaison sees its own applications only
	Plans        []projectPlanValues // the 定榜 form: one plan per application still open
	SelTitle     string
	Error        string
	Fields       map[string]string
}

func (s *Server) challengePage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.challengeData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, "challenge.html", data)
}

func (s *Server) challengeData(r *http.Request, id int64) (*challengeData, error) {
	ctx, p := r.Context(), principal(r)
	c, err := s.db.FindChallenge(ctx, p, id)
	if err != nil {
		return nil, err
	}
	data := &challengeData{Base: s.base(r, "ch.list.title"), Challenge: c}
	data.Title = c.Title
	if data.Applications, err = s.db.ListApplications(ctx, p, id); err != nil {
		return nil, err
	}
	if data.Projects, err = s.db.ProjectLedger(ctx, p, store.ProjectFilter{ChallengeID: id}, duban.Date{}); err != nil {
		return nil, err
	}
	if g, err := s.db.FindProgramme(ctx, c.ProgrammeID); err == nil {
		data.Manages = p.Role == duban.RoleAdmin || (p.Role == duban.RoleLead && p.UnitID == g.OfficeUnitID)
	}
	if data.Manages {
		list, err := s.db.ListUsers(ctx, p, duban.UserFilter{Role: duban.RoleExpert, Page: duban.Page{Limit: 200}})
		if err != nil {
			return nil, err
		}
		data.Experts = list.Items
	}
	today := duban.DateOf(s.db.Now().In(duban.ChinaTime))
	data.CanApply = p.Role == duban.RoleLiaison && c.Status == duban.ChallengePublished && !c.Deadline.Before(today)
	for _, a := range data.Applications {
		data.CanApply = data.CanApply && a.Unit.ID != p.UnitID
	}
	data.Reviews = p.Role == duban.RoleExpert && len(data.Applications) > 0
	if data.Manages && c.Status == duban.ChallengePublished {
		data.Plans = selectionPlans(data.Applications, nil)
	}
	data.OwnOnly = p.Role == duban.RoleLiaison
	if len(data.Projects) > 1 {
		if err := s.fillRace(r, data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// fillRace reads the side-by-side comparison at the milestone asked for
// (the first by default) and the kept rounds.
func (s *Server) fillRace(r *http.Request, data *challengeData) error {
	ctx, p := r.Context(), principal(r)
	q := newQuery(r)
	data.RaceSeq = max(q.intIn("seq", 1, duban.MaxSeq), 1)
	if err := q.err(); err != nil {
		return err
	}
	for _, m := range data.Projects[0].Milestones {
		data.RaceSeqs = append(data.RaceSeqs, m.Seq)
	}
	var err error
	if data.Race, err = s.db.RaceComparison(ctx, p, data.Challenge.ID, data.RaceSeq); err != nil {
		return err
	}
	for _, e := range data.Race {
		if e.Status == duban.ProjectActive {
			data.RaceRunning++
		}
	}
	data.Rounds, err = s.db.ListRaceRounds(ctx, p, data.Challenge.ID)
	return err
}

// challengePost takes the actions of a challenge page: publish, apply,
// review (score an application) and race (keep a decision).
func (s *Server) challengePost(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	var msg string
	switch r.PathValue("action") {
	case "publish":
		msg = admT(r, "ch.flash.pub")
		_, err = s.db.PublishChallenge(ctx, p, id, duban.Date{})
	case "apply":
		msg = admT(r, "ch.flash.applied")
		err = s.db.Apply(ctx, p, &duban.Application{ChallengeID: id, Proposal: f("proposal"), Team: f("team"), Chief: f("chief")})
	case "review":
		msg = admT(r, "ch.flash.scored")
		app, _ := strconv.ParseInt(f("application_id"), 10, 64)
		score, convErr := strconv.Atoi(f("score"))
		if convErr != nil {
			score = -1
		}
		_, err = s.db.ScoreApplication(ctx, p, app, duban.Review{Score: score, Comment: f("comment")})
	case "reviewer":
		msg = admT(r, "ch.flash.reviewer")
		user, _ := strconv.ParseInt(f("user_id"), 10, 64)
		err = s.db.AssignReviewer(ctx, p, user, id, 0)
	case "select":
		msg = admT(r, "ch.flash.selected")
		var sel []store.Selection
		var plans map[int64]projectPlanValues
		if sel, plans, err = selectionFromForm(r); err == nil {
			_, err = s.db.SelectApplications(ctx, p, id, sel)
		}
		if err != nil && admFormFailure(err) {
			return s.selectionFailed(w, r, id, plans, err)
		}
	case "race":
		msg = admT(r, "ch.flash.race")
		in := store.RaceInput{Decision: duban.RaceContinue, Note: f("note")}
		in.Seq, _ = strconv.Atoi(f("seq")) // not a number: 0, refused as missing
		if stop, _ := strconv.ParseInt(f("stop"), 10, 64); stop != 0 {
			in.Decision, in.StopID = duban.RaceStop, stop
		}
		_, err = s.db.DecideRace(ctx, p, id, in)
	default:
		return duban.Errorf(duban.NotFound, "没有这一操作")
	}
	if err == nil {
		return admDone(w, r, msg, fmt.Sprintf("/challenges/%d", id))
	}
	if !admFormFailure(err) {
		return err
	}
	data, derr := s.challengeData(r, id)
	if derr != nil {
		return derr
	}
	data.Error = problemText(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "challenge.html", data)
}

// selectionPlans gives each application still open its plan in the 定榜
// form: as typed when the form comes back, else empty.
func selectionPlans(apps []duban.Application, typed map[int64]projectPlanValues) []projectPlanValues {
	var out []projectPlanValues
	for _, a := range apps {
		if a.Status != duban.ApplicationSubmitted {
			continue
		}
		v, ok := typed[a.ID]
		if !ok {
			v = projectPlanValues{TRLStart: "3", TRLTarget: "6"}
		}
		v = v.withBlanks()
		v.Prefix, v.AppID, v.Unit, v.Chief = fmt.Sprintf("a%d.", a.ID), a.ID, a.Unit.Name, a.Chief
		if a.Reviews > 0 {
			v.Score = fmt.Sprintf("%.1f", a.Score)
		}
		out = append(out, v)
	}
	return out
}

// selectionFailed shows the 定榜 form again with what was typed and where
// each team's plan went wrong; nothing was written.
func (s *Server) selectionFailed(w http.ResponseWriter, r *http.Request, id int64, plans map[int64]projectPlanValues, err error) error {
	data, derr := s.challengeData(r, id)
	if derr != nil {
		return derr
	}
	data.Plans = selectionPlans(data.Applications, plans)
	data.SelTitle = strings.TrimSpace(r.PostFormValue("title"))
	data.Error, data.Fields = formError(lang(r), err)
	return s.renderAdm(w, r, admStatus(err), "challenge.html", data)
}

// publicChallengesData is the portal's list of published challenges.
type publicChallengesData struct {
	Base
	Challenges []duban.Challenge
}

func (s *Server) publicChallengesPage(w http.ResponseWriter, r *http.Request) error {
	data := publicChallengesData{Base: s.base(r, "ch.public.title")}
	var err error
	if data.Challenges, err = s.db.ListChallenges(r.Context(), nil, 0); err != nil {
		return err
	}
	return s.render(w, r, "public_challenges.html", data)
}
