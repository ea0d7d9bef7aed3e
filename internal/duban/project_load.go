package duban

// BackLoadShare is the share of milestones or funds falling in the last
// third of a period above which the plan counts as back-loaded (前松后紧):
// an even plan puts about a third there.
const BackLoadShare = 0.5

// Loading tells how a project's (or a programme's) milestones and funds are
// spread over its period, and whether its progress lags its plan on a day.
type Loading struct {
	Milestones     int     `json:"milestones"`
	LateMilestones int     `json:"late_milestones"` // due in the last third of the period
	WorkShare      float64 `json:"work_share"`
	Funds          Money   `json:"funds"`
	LateFunds      Money   `json:"late_funds"`
	FundShare      float64 `json:"fund_share"`
	BackLoaded     bool    `json:"back_loaded"`
	// As of the day asked about:
	DueByNow     int   `json:"due_by_now"`    // milestones due on or before the day
	PassedByNow  int   `json:"passed_by_now"` // of those, passed
	PlannedFunds Money `json:"planned_funds"` // tranches of the milestones due by the day
	Released     Money `json:"released"`
	Lagging      bool  `json:"lagging"`
}

// LoadingOf measures one project's plan on asOf. A milestone is in the last
// third when its due date falls after two thirds of the period; the project
// lags when a milestone due by asOf is not passed, or when less money has
// been released than the tranches due by then.
func LoadingOf(x *Project, asOf Date) Loading {
	var l Loading
	span := x.StartDate.DaysUntil(x.EndDate)
	cut := x.StartDate.AddDays(span * 2 / 3)
	for _, m := range x.Milestones {
		if m.Status == MilestoneCancelled {
			continue
		}
		l.Milestones++
		l.Funds += m.Tranche
		if m.Due.After(cut) {
			l.LateMilestones++
			l.LateFunds += m.Tranche
		}
		if !m.Due.After(asOf) {
			l.DueByNow++
			l.PlannedFunds += m.Tranche
			if m.Settled() {
				l.PassedByNow++
			}
		}
		if m.FundStatus == FundReleased {
			l.Released += m.Released
		}
	}
	l.finish(x.Status == ProjectActive)
	return l
}

// Add sums another project's loading into a programme's.
func (l *Loading) Add(o Loading) {
	l.Milestones += o.Milestones
	l.LateMilestones += o.LateMilestones
	l.Funds += o.Funds
	l.LateFunds += o.LateFunds
	l.DueByNow += o.DueByNow
	l.PassedByNow += o.PassedByNow
	l.PlannedFunds += o.PlannedFunds
	l.Released += o.Released
	l.finish(true)
}

func (l *Loading) finish(active bool) {
	l.WorkShare, l.FundShare = 0, 0
	if l.Milestones > 0 {
		l.WorkShare = float64(l.LateMilestones) / float64(l.Milestones)
	}
	if l.Funds > 0 {
		l.FundShare = float64(l.LateFunds) / float64(l.Funds)
	}
	l.BackLoaded = l.WorkShare > BackLoadShare || l.FundShare > BackLoadShare
	l.Lagging = active && (l.PassedByNow < l.DueByNow || l.Released < l.PlannedFunds)
}

// ProjectLight is a project's light on a day: red when a milestone is
// overdue or funds are held, yellow when a milestone falls due within
// warnDays working days, green otherwise; a stopped or completed project
// is grey.
type ProjectLight struct {
	Light    Light `json:"light"`
	Overdue  int   `json:"overdue"`
	DueSoon  int   `json:"due_soon"`
	Held     int   `json:"held"`
	HeldSum  Money `json:"held_sum"`
	NextDue  Date  `json:"next_due"`
	NextTRL  TRL   `json:"next_trl"`
	Progress int   `json:"progress"` // milestones passed
}

// LightOfProject computes the light of x on asOf; workdaysLeft counts the
// working days from asOf to a due date (the calendar's WorkdaysLeft).
func LightOfProject(x *Project, asOf Date, warnDays int, workdaysLeft func(today, due Date) int) ProjectLight {
	var pl ProjectLight
	for _, m := range x.Milestones {
		if m.FundStatus == FundHeld {
			pl.Held++
			pl.HeldSum += m.Tranche
		}
		if m.Settled() {
			if m.Status != MilestoneCancelled {
				pl.Progress++
			}
			continue
		}
		if pl.NextDue.IsZero() {
			pl.NextDue, pl.NextTRL = m.Due, m.TRLRequired
		}
		switch {
		case m.Overdue(asOf):
			pl.Overdue++
		case workdaysLeft(asOf, m.Due) <= warnDays:
			pl.DueSoon++
		}
	}
	switch {
	case x.Status != ProjectActive:
		pl.Light = LightDone
	case pl.Overdue > 0 || pl.Held > 0:
		pl.Light = LightRed
	case pl.DueSoon > 0:
		pl.Light = LightYellow
	default:
		pl.Light = LightGreen
	}
	return pl
}

// ProjectRow is a line of the project ledger on a day: the project with
// its milestones, its light and how its plan is loaded (前松后紧).
type ProjectRow struct {
	*Project
	Light   ProjectLight `json:"light"`
	Loading Loading      `json:"loading"`
}
