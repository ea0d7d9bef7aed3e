package duban

// Light is the red/yellow/green signal of an item (红黄绿灯).
type Light string

// Lights. Done marks closed items, which are shown apart from the signal.
const (
	LightGreen  Light = "green"
	LightYellow Light = "yellow"
	LightRed    Light = "red"
	LightDone   Light = "done"
)

// YellowDays is how close a deadline must be for a yellow light.
const YellowDays = 5

// LightOf computes the light of an assignment as of a day: red when past a
// date deadline and not closed, yellow when the deadline is within
// YellowDays, green otherwise; closed assignments are done.
func LightOf(status Status, kind DeadlineKind, deadline, asOf Date) Light {
	if status == StatusClosed {
		return LightDone
	}
	if kind != DeadlineDate || deadline.IsZero() {
		return LightGreen
	}
	switch left := asOf.DaysUntil(deadline); {
	case left < 0:
		return LightRed
	case left <= YellowDays:
		return LightYellow
	}
	return LightGreen
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
