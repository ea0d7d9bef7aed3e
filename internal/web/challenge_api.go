package web

import (
	"net/http"

	"duban/internal/duban"
	"duban/internal/store"
)

func (s *Server) apiListChallenges(r *http.Request, q *query) ([]duban.Challenge, error) {
	programme := q.id("programme")
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.ListChallenges(r.Context(), principal(r), programme)
}

// apiPublicChallenges lists the published challenges to anyone, signed in or not.
func (s *Server) apiPublicChallenges(r *http.Request, q *query) ([]duban.Challenge, error) {
	return s.db.ListChallenges(r.Context(), nil, 0)
}

func (s *Server) apiGetChallenge(r *http.Request, id int64) (*duban.Challenge, error) {
	return s.db.FindChallenge(r.Context(), principal(r), id)
}

func (s *Server) apiChallengeCounts(r *http.Request, q *query) (store.ChallengeCounts, error) {
	programme := q.id("programme")
	if err := q.err(); err != nil {
		return store.ChallengeCounts{}, err
	}
	return s.db.CountChallenges(r.Context(), programme)
}

func (s *Server) apiCreateChallenge(w http.ResponseWriter, r *http.Request) error {
	var req challengeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c := &duban.Challenge{ProgrammeID: req.ProgrammeID, Title: req.Title, Goal: req.Goal, Conditions: req.Conditions, Budget: req.Budget, Deadline: req.Deadline}
	if err := s.db.CreateChallenge(r.Context(), principal(r), c); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, c.Version, c)
}

func (s *Server) apiPublishChallenge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req publishRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.db.PublishChallenge(r.Context(), principal(r), id, req.On)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusOK, c.Version, c)
}

func (s *Server) apiListApplications(r *http.Request, q *query) ([]duban.Application, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.ListApplications(r.Context(), principal(r), id)
}

func (s *Server) apiMyApplications(r *http.Request, q *query) ([]duban.Application, error) {
	return s.db.MyApplications(r.Context(), principal(r))
}

func (s *Server) apiApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req applicationRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	a := &duban.Application{ChallengeID: id, Unit: duban.UnitRef{ID: req.UnitID}, Proposal: req.Proposal, Team: req.Team, Chief: req.Chief}
	if err := s.db.Apply(r.Context(), principal(r), a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiListReviews(r *http.Request, q *query) ([]duban.Review, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.ListReviews(r.Context(), principal(r), id)
}

func (s *Server) apiScoreApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := s.db.ScoreApplication(r.Context(), principal(r), id, duban.Review{Score: req.Score, Comment: req.Comment})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiSelectApplications(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req selectRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	sel := make([]store.Selection, 0, len(req.Selections))
	for _, x := range req.Selections {
		p := x.Project.project()
		sel = append(sel, store.Selection{ApplicationID: x.ApplicationID, Project: p, Milestones: p.Milestones})
	}
	xs, err := s.db.SelectApplications(r.Context(), principal(r), id, sel)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, xs)
}

func (s *Server) apiRaceComparison(r *http.Request, q *query) ([]duban.RaceEntry, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	seq := q.intIn("seq", 1, duban.MaxSeq)
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.RaceComparison(r.Context(), principal(r), id, max(seq, 1))
}

func (s *Server) apiListRaceRounds(r *http.Request, q *query) ([]duban.RaceRound, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.ListRaceRounds(r.Context(), principal(r), id)
}

func (s *Server) apiDecideRace(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req store.RaceInput
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := s.db.DecideRace(r.Context(), principal(r), id, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func challengeVersion(c *duban.Challenge) int { return c.Version }
