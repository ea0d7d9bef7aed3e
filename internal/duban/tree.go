package duban

// TreeItem is a node of a plan's tree as the API returns it: an aspect,
// problem, specific problem or task, with the roll-up of every assignment
// beneath it.
type TreeItem struct {
	ID       int64       `json:"id"`
	Kind     string      `json:"kind"` // aspect, problem, subproblem, task
	Seq      int         `json:"seq"`
	Number   string      `json:"number"` // 一、 （一） 1. （1）
	Title    string      `json:"title"`
	Status   Status      `json:"status"`
	Light    Light       `json:"light"`
	Rollup   Rollup      `json:"rollup"`
	Children []*TreeItem `json:"children"`
	// Task only.
	DeadlineKind DeadlineKind      `json:"deadline_kind,omitempty"`
	Deadline     Date              `json:"deadline,omitzero"`
	Assignments  []AssignmentBrief `json:"assignments,omitempty"`
}

// AssignmentBrief is an assignment inside the tree.
type AssignmentBrief struct {
	ID       int64   `json:"id"`
	Unit     UnitRef `json:"unit"`
	Lead     bool    `json:"lead"`
	Status   Status  `json:"status"`
	Deadline Date    `json:"deadline"`
	Light    Light   `json:"light"`
}

// Tree is a plan with its whole item tree and roll-ups.
type Tree struct {
	Plan     Plan        `json:"plan"`
	AsOf     Date        `json:"asof"`
	Counts   TreeCounts  `json:"counts"`
	Rollup   Rollup      `json:"rollup"`
	Status   Status      `json:"status"`
	Light    Light       `json:"light"`
	Children []*TreeItem `json:"children"`
}

// TreeCounts counts the items of a tree by kind.
type TreeCounts struct {
	Aspects     int `json:"aspects"`
	Problems    int `json:"problems"`
	Subproblems int `json:"subproblems"`
	Tasks       int `json:"tasks"`
	Assignments int `json:"assignments"`
}

// Finish computes the roll-ups of it and everything below it, bottom up.
func (it *TreeItem) Finish() Rollup {
	for _, c := range it.Children {
		it.Rollup.Merge(c.Finish())
	}
	it.Status, it.Light = it.Rollup.Status, it.Rollup.Light
	if it.Children == nil {
		it.Children = []*TreeItem{}
	}
	return it.Rollup
}

// Stats counts a plan's assignments by status, overall, per aspect and per unit.
type Stats struct {
	PlanID   int64        `json:"plan_id"`
	AsOf     Date         `json:"asof"`
	Total    Rollup       `json:"total"`
	ByAspect []GroupStats `json:"by_aspect"`
	ByUnit   []GroupStats `json:"by_unit"`
}

// GroupStats is the roll-up of one aspect or one unit.
type GroupStats struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Rollup Rollup `json:"rollup"`
}

// TreeLevel is one level of a plan's tree: a node (or the plan, for the top
// level) with its roll-up, its child nodes with theirs, and its own measures
// a page at a time, each with its assignments. Large plans are read this
// way, a level at a time, instead of as one Tree.
type TreeLevel struct {
	PlanID   int64          `json:"plan_id"`
	AsOf     Date           `json:"asof"`
	Node     *TreeItem      `json:"node,omitempty"` // nil for the top level
	Rollup   Rollup         `json:"rollup"`
	Measures int            `json:"measures,omitempty"` // the plan's measures the caller sees: top level only
	Children []*TreeItem    `json:"children"`           // child nodes, with roll-ups and no children of their own
	Tasks    List[TreeItem] `json:"tasks"`              // the node's own measures
}
