package demo

import (
	"context"
	"fmt"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// projectLoader loads the key-project demo, each step dated by setting the
// store's clock to its day.
type projectLoader struct {
	*loader
	lead, expert *duban.Principal
	programme    *duban.Programme
}

// loadProjects loads the programme, its challenges and projects.
func (l *loader) loadProjects(ctx context.Context) error {
	now := l.db.Now
	defer func() { l.db.Now = now }()
	pl := &projectLoader{loader: l}
	for i, u := range projectUnits {
		x := &duban.Unit{Name: u.Name, ShortName: u.Short, Kind: u.Kind, Sort: 100 + i}
		if err := l.db.CreateUnit(ctx, duban.System, x); err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.Short, err)
		}
		l.units[u.Short] = x.ID
	}
	for _, a := range ProjectAccounts {
		p, err := pl.account(ctx, a)
		if err != nil {
			return err
		}
		switch a.Role {
		case duban.RoleLead:
			pl.lead = p
		case duban.RoleExpert:
			pl.expert = p
		}
	}
	pl.at(-420)
	pl.programme = &duban.Programme{Title: "两链融合重点专项", OfficeUnitID: l.units["省科技厅"],
		Description: "围绕产业链部署创新链，实行技术总师负责制、揭榜挂帅和赛马制，对重大项目实施里程碑式管理。"}
	if err := l.db.CreateProgramme(ctx, pl.lead, pl.programme); err != nil {
		return fmt.Errorf("demo: programme: %w", err)
	}
	if err := pl.direct(ctx); err != nil {
		return err
	}
	for _, c := range demoChallenges {
		if err := pl.challenge(ctx, c); err != nil {
			return fmt.Errorf("demo: challenge %s: %w", c.Title, err)
		}
	}
	return pl.closeItems(ctx)
}

// closeItems takes the milestone items whose closure an assessment or a
// stopped team asked for a week or more ago through the closure path: the
// unit's leader signs off two working days later, the office verifies two
// more on. Units with a demo leader login are left for that leader to sign.
func (pl *projectLoader) closeItems(ctx context.Context) error {
	withLeader := map[int64]bool{}
	for _, a := range ProjectAccounts {
		if a.Role == duban.RoleLeader {
			withLeader[pl.units[a.Unit]] = true
		}
	}
	xs, err := pl.db.ListProjects(ctx, duban.System, store.ProjectFilter{})
	if err != nil {
		return err
	}
	cal := pl.db.Calendar()
	for _, x := range xs {
		if withLeader[x.LeadUnit.ID] {
			continue
		}
		leader := &duban.Principal{Username: "demo-leader", Name: x.LeadUnit.Name + "分管负责人", Role: duban.RoleLeader, UnitID: x.LeadUnit.ID}
		for _, m := range x.Milestones {
			for _, aid := range []*int64{&m.AssignmentID, m.FollowUpID} {
				if aid == nil {
					continue
				}
				cs, err := pl.db.ListClosures(ctx, duban.System, *aid)
				if err != nil {
					return err
				}
				if len(cs) == 0 || cs[len(cs)-1].Result != "pending" {
					continue
				}
				asked := duban.DateOf(cs[len(cs)-1].RequestedAt.In(duban.ChinaTime))
				if !cal.AddWorkdays(asked, 4).Before(pl.today) {
					continue
				}
				pl.on(cal.AddWorkdays(asked, 2))
				if _, err := pl.db.Transition(ctx, leader, *aid, 0, duban.ActionSignOff, duban.TransitionInput{Reason: "同意销号"}); err != nil {
					return fmt.Errorf("demo: sign off %s: %w", m.Title, err)
				}
				pl.on(cal.AddWorkdays(asked, 4))
				if _, err := pl.db.Transition(ctx, pl.lead, *aid, 0, duban.ActionVerify, duban.TransitionInput{}); err != nil {
					return fmt.Errorf("demo: verify %s: %w", m.Title, err)
				}
			}
		}
	}
	return nil
}

func (pl *projectLoader) account(ctx context.Context, a Account) (*duban.Principal, error) {
	u := &duban.User{Username: a.Username, DisplayName: a.Name, Role: a.Role}
	p := &duban.Principal{Username: a.Username, Name: a.Name, Role: a.Role}
	if a.Unit != "" {
		id := pl.units[a.Unit]
		u.UnitID, p.UnitID = &id, id
	}
	if err := pl.db.CreateUser(ctx, duban.System, u, a.Password); err != nil {
		return nil, fmt.Errorf("demo: account %s: %w", a.Username, err)
	}
	p.UserID = u.ID
	return p, nil
}

// at sets the store's clock to 10:00 on the day so many days from today.
func (pl *projectLoader) at(days int) duban.Date {
	d := pl.today.AddDays(days)
	pl.on(d)
	return d
}

// on sets the store's clock to 10:00 on day d.
func (pl *projectLoader) on(d duban.Date) {
	t := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 10, 0, 0, 0, duban.ChinaTime)
	pl.db.Now = func() time.Time { return t }
}

// direct creates the project set up without a challenge and assesses it.
func (pl *projectLoader) direct(ctx context.Context) error {
	pl.at(directProject.Start)
	x := pl.project(directProject)
	if err := pl.db.CreateProject(ctx, pl.lead, &x); err != nil {
		return fmt.Errorf("demo: project %s: %w", x.Title, err)
	}
	return pl.assess(ctx, &x, directProject)
}

// challenge publishes a 榜单, takes its applications and reviews, and
// selects, assesses and races its projects.
func (pl *projectLoader) challenge(ctx context.Context, spec challengeSpec) error {
	pl.at(spec.Published - 10)
	c := &duban.Challenge{ProgrammeID: pl.programme.ID, Title: spec.Title, Goal: spec.Goal, Conditions: spec.Conditions,
		Budget: duban.Money(spec.BudgetWan * 10000), Deadline: pl.today.AddDays(spec.Published + 45)}
	if err := pl.db.CreateChallenge(ctx, pl.lead, c); err != nil {
		return err
	}
	if _, err := pl.db.PublishChallenge(ctx, pl.lead, c.ID, pl.today.AddDays(spec.Published)); err != nil {
		return err
	}
	if len(spec.Applicants) == 0 {
		return nil
	}
	if err := pl.db.AssignReviewer(ctx, pl.lead, pl.expert.UserID, c.ID, 0); err != nil {
		return err
	}
	pl.at(spec.Published + 20)
	apps := make([]*duban.Application, len(spec.Applicants))
	for i, unit := range spec.Applicants {
		apps[i] = &duban.Application{ChallengeID: c.ID, Unit: duban.UnitRef{ID: pl.units[unit]},
			Proposal: fmt.Sprintf("%s围绕“%s”提出技术路线、分年度目标和经费安排。", unit, spec.Title), Team: fmt.Sprintf("%s攻关团队，高级职称%d人", unit, 5+i*2), Chief: "拟任技术总师（见方案）"}
		if len(spec.Select) > i {
			apps[i].Chief = spec.Select[i].Chief
		}
		if err := pl.db.Apply(ctx, pl.lead, apps[i]); err != nil {
			return err
		}
	}
	if len(spec.Select) == 0 {
		return nil
	}
	return pl.selectChallenge(ctx, c, spec, apps)
}

func (pl *projectLoader) selectChallenge(ctx context.Context, c *duban.Challenge, spec challengeSpec, apps []*duban.Application) error {
	pl.at(spec.Published + 50)
	for i, a := range apps {
		if _, err := pl.db.ScoreApplication(ctx, pl.expert, a.ID, duban.Review{Score: 88 - 3*i, Comment: "技术路线清晰，团队具备攻关基础。"}); err != nil {
			return err
		}
	}
	pl.at(spec.Select[0].Start)
	sel := make([]store.Selection, len(spec.Select))
	for i, ps := range spec.Select {
		x := pl.project(ps)
		sel[i] = store.Selection{ApplicationID: apps[i].ID, Project: x, Milestones: x.Milestones}
	}
	xs, err := pl.db.SelectApplications(ctx, pl.lead, c.ID, sel)
	if err != nil {
		return err
	}
	for i, x := range xs {
		if err := pl.assess(ctx, x, spec.Select[i]); err != nil {
			return err
		}
	}
	if len(xs) < 2 {
		return nil
	}
	pl.at(-140)
	_, err = pl.db.DecideRace(ctx, pl.lead, c.ID, store.RaceInput{Seq: 1, ComparedOn: pl.today.AddDays(-140), Decision: duban.RaceStop, StopID: xs[1].ID,
		Note: "第一节点比较：关中团队台架寿命未达标，秦川团队通过，终止关中团队，后续经费不再拨付。"})
	return err
}

// project builds a project from its spec.
func (pl *projectLoader) project(s projectSpec) duban.Project {
	start := pl.today.AddDays(s.Start)
	x := duban.Project{ProgrammeID: pl.programme.ID, Title: s.Title, Team: s.Team, LeadUnit: duban.UnitRef{ID: pl.units[s.Lead]}, Chief: s.Chief, ChiefRole: s.Role,
		StartDate: start, EndDate: duban.DateOf(start.Time().AddDate(s.Years, 0, -1)), Budget: duban.Money(s.BudgetWan * 10000), TRLStart: s.TRLStart, TRLTarget: s.TRLTarget}
	for _, u := range s.Coop {
		x.CoopUnits = append(x.CoopUnits, duban.UnitRef{ID: pl.units[u]})
	}
	for _, m := range s.Milestones {
		x.Milestones = append(x.Milestones, duban.Milestone{Title: m.Title, Due: pl.today.AddDays(m.Due), TRLRequired: m.TRL, Deliverables: m.Deliverables,
			Tranche: duban.Money(m.TrancheWan * 10000)})
	}
	return x
}

// assess records the assessments the spec gives, each on its day.
func (pl *projectLoader) assess(ctx context.Context, x *duban.Project, s projectSpec) error {
	for i, m := range s.Milestones {
		if m.Result == "" {
			continue
		}
		day := pl.at(m.Due + m.AssessedAfter)
		a := duban.Assessment{AssessedOn: day, Experts: demoExperts, TRLReached: m.Reached, Result: m.Result, Opinion: m.Opinion}
		if _, err := pl.db.AssessMilestone(ctx, pl.lead, x.Milestones[i].ID, 0, a); err != nil {
			return fmt.Errorf("demo: assess %s %d: %w", x.Title, i+1, err)
		}
	}
	return nil
}
