package duban

import (
	"fmt"
	"time"
)

// Light is the red/yellow/green signal of an item (红黄绿灯).
type Light string

// Lights. Done marks closed items, which are shown apart from the signal.
const (
	LightGreen  Light = "green"
	LightYellow Light = "yellow"
	LightRed    Light = "red"
	LightDone   Light = "done"
)

// LightRule decides the lights of a plan's assignments as of a day. It is
// built by the store from the plan's ladder, its reporting cadence and the
// working-day calendar.
type LightRule struct {
	AsOf      Date   // the day the lights are for
	YellowBy  Date   // an open deadline on or before this day, and not past, is yellow
	Period    string // the report period that should be in by AsOf, or "" when none is due
	PeriodDue Date   // the day that period's report was due
}

// LightFacts are the columns of an assignment that its light depends on.
type LightFacts struct {
	Status        Status
	DeadlineKind  DeadlineKind
	Deadline      Date
	NoticeDue     Date // reply due date of the oldest unanswered 督办单
	LastPeriod    string
	PhaseComplete bool
	AssignedOn    Date // zero while a draft
}

// Of computes a light: red when past a dated deadline (限期, or 立行立改 with
// its date) and not closed, or when
// a 督办单 is unanswered past its due date; yellow when the deadline is near
// or the due period's report is missing; done when closed (a long-term item
// closed as 阶段性完成 still turns yellow when its report is missing);
// green otherwise.
func (r LightRule) Of(f LightFacts) Light {
	closed := f.Status == StatusClosed
	if closed && !f.PhaseComplete {
		return LightDone
	}
	if !closed && f.Status != StatusDraft {
		if !f.NoticeDue.IsZero() && f.NoticeDue.Before(r.AsOf) {
			return LightRed
		}
	}
	if !closed && f.DeadlineKind.Dated() && !f.Deadline.IsZero() {
		if f.Deadline.Before(r.AsOf) {
			return LightRed
		}
		if !f.Deadline.After(r.YellowBy) {
			return LightYellow
		}
	}
	if r.reportMissing(f) {
		return LightYellow
	}
	if closed {
		return LightDone
	}
	return LightGreen
}

func (r LightRule) reportMissing(f LightFacts) bool {
	return r.Period != "" && f.Status != StatusDraft && !f.AssignedOn.IsZero() && !f.AssignedOn.After(r.PeriodDue) && f.LastPeriod < r.Period
}

// PeriodOf names the report period that holds day d: 2022-03 for a monthly
// cadence, 2022-Q1 for a quarterly one, "" for none.
func PeriodOf(c Cadence, d Date) string {
	t := d.Time()
	switch c {
	case CadenceMonthly:
		return t.Format("2006-01")
	case CadenceQuarterly:
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	}
	return ""
}

// DuePeriod returns the latest report period whose due day is before asOf,
// and that due day: a monthly report is due on reportDay of its month, a
// quarterly one on reportDay of the quarter's last month.
func DuePeriod(c Cadence, reportDay int, asOf Date) (string, Date) {
	return DuePeriodOn(c, reportDay, asOf, nil)
}

// DuePeriodOn is DuePeriod with the due days moved by workday: a due day
// that falls on a rest day moves to the working day workday gives for it
// (the next one, from the calendar). A nil workday moves nothing.
func DuePeriodOn(c Cadence, reportDay int, asOf Date, workday func(Date) Date) (string, Date) {
	if c != CadenceMonthly && c != CadenceQuarterly {
		return "", Date{}
	}
	t := asOf.Time()
	y, m := t.Year(), int(t.Month())
	if c == CadenceQuarterly {
		m = ((m-1)/3)*3 + 3
	}
	step := 1
	if c == CadenceQuarterly {
		step = 3
	}
	for {
		nominal := NewDate(y, time.Month(m), reportDay)
		due := nominal
		if workday != nil {
			due = workday(nominal)
		}
		if due.Before(asOf) {
			return PeriodOf(c, nominal), due
		}
		m -= step
		if m < 1 {
			m += 12
			y--
		}
	}
}

// LightOf is the light by calendar days alone (yellow within a week), for
// documents that carry no light of their own and have no plan to ask.
func LightOf(status Status, kind DeadlineKind, deadline, asOf Date) Light {
	return LightRule{AsOf: asOf, YellowBy: asOf.AddDays(7)}.Of(LightFacts{Status: status, DeadlineKind: kind, Deadline: deadline})
}

// Worse returns the more alarming of two lights (red > yellow > green > done).
func Worse(a, b Light) Light {
	rank := map[Light]int{"": 0, LightDone: 1, LightGreen: 2, LightYellow: 3, LightRed: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Rollup summarises the assignments under a task, node or plan. It is
// computed from the assignments, never typed in.
type Rollup struct {
	Total    int            `json:"total"`
	ByStatus map[Status]int `json:"by_status"`
	Closed   int            `json:"closed"`
	Overdue  int            `json:"overdue"`
	DueSoon  int            `json:"due_soon"`
	Light    Light          `json:"light"`
	Status   Status         `json:"status"` // the least advanced status of any assignment
	Rate     float64        `json:"closure_rate"`
}

// Add folds n assignments of one status and light into r.
func (r *Rollup) Add(s Status, l Light, n int) {
	if r.ByStatus == nil {
		r.ByStatus = map[Status]int{}
	}
	r.Total += n
	r.ByStatus[s] += n
	switch l {
	case LightRed:
		r.Overdue += n
	case LightYellow:
		r.DueSoon += n
	}
	if s == StatusClosed {
		r.Closed += n
	}
	r.Light = Worse(r.Light, l)
	if r.Status == "" || statusRank(s) < statusRank(r.Status) {
		r.Status = s
	}
	r.Rate = float64(r.Closed) / float64(r.Total)
}

// LeastAdvanced returns the less advanced of two statuses, as a roll-up
// takes it; "" stands for none.
func LeastAdvanced(a, b Status) Status {
	if a == "" || (b != "" && statusRank(b) < statusRank(a)) {
		return b
	}
	return a
}

// Merge folds another roll-up into r.
func (r *Rollup) Merge(o Rollup) {
	for s, n := range o.ByStatus {
		if n == 0 {
			continue
		}
		if r.ByStatus == nil {
			r.ByStatus = map[Status]int{}
		}
		r.ByStatus[s] += n
		r.Total += n
		if s == StatusClosed {
			r.Closed += n
		}
		if r.Status == "" || statusRank(s) < statusRank(r.Status) {
			r.Status = s
		}
	}
	r.Overdue += o.Overdue
	r.DueSoon += o.DueSoon
	r.Light = Worse(r.Light, o.Light)
	if r.Total > 0 {
		r.Rate = float64(r.Closed) / float64(r.Total)
	}
}

func statusRank(s Status) int {
	for i, x := range Statuses {
		if x == s {
			return i
		}
	}
	return len(Statuses)
}
