package store

import (
	"context"

	"duban/internal/duban"
)

// ProgrammeSummary is a programme's figures on a day.
type ProgrammeSummary struct {
	Programme  duban.Programme `json:"programme"`
	Projects   int             `json:"projects"`
	Active     int             `json:"active"`
	Red        int             `json:"red"`
	Yellow     int             `json:"yellow"`
	BackLoaded int             `json:"back_loaded"` // projects whose plan is back-loaded
	Lagging    int             `json:"lagging"`     // projects behind their plan
	Budget     duban.Money     `json:"budget"`
	Held       duban.Money     `json:"held"`
	Loading    duban.Loading   `json:"loading"` // the programme's milestones and funds together
	Challenges ChallengeCounts `json:"challenges"`
}

// ProjectLedger returns the ledger lines p may read, as of asOf (today when zero).
func (db *DB) ProjectLedger(ctx context.Context, p *duban.Principal, f ProjectFilter, asOf duban.Date) ([]duban.ProjectRow, error) {
	asOf = db.asOf(asOf)
	xs, err := db.ListProjects(ctx, p, f)
	if err != nil {
		return nil, err
	}
	out := make([]duban.ProjectRow, 0, len(xs))
	for _, x := range xs {
		out = append(out, db.projectRow(x, asOf))
	}
	return out, nil
}

func (db *DB) projectRow(x *duban.Project, asOf duban.Date) duban.ProjectRow {
	cal := db.Calendar()
	warn := duban.DefaultLadder().YellowBefore
	return duban.ProjectRow{Project: x, Light: duban.LightOfProject(x, asOf, warn, cal.WorkdaysLeft), Loading: duban.LoadingOf(x, asOf)}
}

// ProjectRowOf is one project's ledger line. NotFound if p may not read it.
func (db *DB) ProjectRowOf(ctx context.Context, p *duban.Principal, id int64, asOf duban.Date) (duban.ProjectRow, error) {
	x, err := db.FindProject(ctx, p, id)
	if err != nil {
		return duban.ProjectRow{}, err
	}
	return db.projectRow(x, db.asOf(asOf)), nil
}

// SummariseProgrammes returns each programme's figures over the projects
// p may read, as of asOf.
func (db *DB) SummariseProgrammes(ctx context.Context, p *duban.Principal, asOf duban.Date) ([]ProgrammeSummary, error) {
	gs, err := db.ListProgrammes(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.ProjectLedger(ctx, p, ProjectFilter{}, asOf)
	if err != nil {
		return nil, err
	}
	out := make([]ProgrammeSummary, 0, len(gs))
	for _, g := range gs {
		s := ProgrammeSummary{Programme: g}
		for _, r := range rows {
			if r.ProgrammeID == g.ID {
				s.add(r)
			}
		}
		if s.Challenges, err = db.CountChallenges(ctx, g.ID); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (s *ProgrammeSummary) add(r duban.ProjectRow) {
	s.Projects++
	s.Budget += r.Budget
	s.Held += r.Light.HeldSum
	if r.Status == duban.ProjectActive {
		s.Active++
	}
	switch r.Light.Light {
	case duban.LightRed:
		s.Red++
	case duban.LightYellow:
		s.Yellow++
	}
	if r.Loading.BackLoaded {
		s.BackLoaded++
	}
	if r.Loading.Lagging {
		s.Lagging++
	}
	s.Loading.Add(r.Loading)
}
