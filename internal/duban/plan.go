package duban

import (
	"fmt"
	"strings"
	"time"
)

// PlanStatus is the life of a plan.
type PlanStatus string

// Plan statuses.
const (
	PlanDraft     PlanStatus = "draft"     // 制定中
	PlanActive    PlanStatus = "active"    // 整改中
	PlanConcluded PlanStatus = "concluded" // 已完成集中整改
)

// Cadence is how often units report on open assignments.
type Cadence string

// Cadences.
const (
	CadenceNone      Cadence = "none"
	CadenceMonthly   Cadence = "monthly"
	CadenceQuarterly Cadence = "quarterly"
)

// Plan is a rectification plan (整改方案): its item tree, its units, its cadence.
// DefaultLookbackMonths is how long after its closure an item is looked
// back at, unless the plan says otherwise.
const DefaultLookbackMonths = 6

type Plan struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	OwnerUnitID int64      `json:"owner_unit_id"` // the inspected unit
	LeadUnitID  int64      `json:"lead_unit_id"`  // the lead office (整改办)
	SourceIDs   []int64    `json:"source_ids"`
	Status      PlanStatus `json:"status"`
	Cadence     Cadence    `json:"cadence"`
	ReportDay   int        `json:"report_day"` // day of the month reports are due
	StartDate   Date       `json:"start_date"`
	EndDate     Date       `json:"end_date"` // end of the concentrated rectification
	Ladder      Ladder     `json:"ladder"`
	// LookbackMonths schedules a look-back this many months after each closure (0: none).
	LookbackMonths int       `json:"lookback_months"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Validate checks a plan before it is written.
func (pl *Plan) Validate() error {
	p := Problems{}
	pl.Title = strings.TrimSpace(pl.Title)
	if pl.Title == "" {
		p.Add("title", "请填写方案名称")
	}
	if pl.OwnerUnitID == 0 {
		p.Add("owner_unit_id", "请选择被巡视（整改责任）单位")
	}
	if pl.LeadUnitID == 0 {
		pl.LeadUnitID = pl.OwnerUnitID
	}
	if pl.Status == "" {
		pl.Status = PlanActive
	}
	switch pl.Status {
	case PlanDraft, PlanActive, PlanConcluded:
	default:
		p.Add("status", "方案状态应为 draft、active 或 concluded")
	}
	if pl.Cadence == "" {
		pl.Cadence = CadenceMonthly
	}
	switch pl.Cadence {
	case CadenceNone, CadenceMonthly, CadenceQuarterly:
	default:
		p.Add("cadence", "报送周期应为 none、monthly 或 quarterly")
	}
	if pl.ReportDay == 0 {
		pl.ReportDay = 25
	}
	if pl.ReportDay < 1 || pl.ReportDay > 28 {
		p.Add("report_day", "每月报送日应在1至28之间")
	}
	if !pl.StartDate.IsZero() && !pl.EndDate.IsZero() && pl.EndDate.Before(pl.StartDate) {
		p.Add("end_date", "结束日期不能早于开始日期")
	}
	if pl.Ladder == (Ladder{}) {
		pl.Ladder = DefaultLadder()
	}
	if err := pl.Ladder.Validate(); err != nil {
		for f, m := range ErrorFields(err) {
			p.Add("ladder."+f, m)
		}
	}
	if pl.LookbackMonths < 0 || pl.LookbackMonths > 36 {
		p.Add("lookback_months", "回头看间隔应在0至36个月之间")
	}
	return p.Err()
}

// CanManagePlan reports whether p may change the plan: an administrator, or
// the lead office of the plan's owner or lead unit.
func (p *Principal) CanManagePlan(pl *Plan) bool {
	if p.Role == RoleAdmin {
		return true
	}
	return p.Role == RoleLead && p.UnitID != 0 && (p.UnitID == pl.OwnerUnitID || p.UnitID == pl.LeadUnitID)
}

// CanCreatePlan reports whether p may create the plan: an administrator, or
// the lead office of the unit that owns it. A lead office never creates a
// plan in another unit's name, even one it would lead.
func (p *Principal) CanCreatePlan(pl *Plan) bool {
	if p.Role == RoleAdmin {
		return true
	}
	return p.Role == RoleLead && p.UnitID != 0 && p.UnitID == pl.OwnerUnitID
}

// ActsFor reports whether p may write for a's unit (report, revise,
// request an extension): the plan's lead office, or a liaison of the unit.
func (p *Principal) ActsFor(pl *Plan, a *Assignment) bool {
	return p.CanManagePlan(pl) || (p.Role == RoleLiaison && p.UnitID == a.Unit.ID)
}

// PlanFilter selects plans.
type PlanFilter struct {
	OwnerUnitID int64
	SourceID    int64
	Status      PlanStatus
	Text        string
	Page
}

// PlanUpdate holds the optional changes to a plan.
type PlanUpdate struct {
	Title      *string     `json:"title"`
	LeadUnitID *int64      `json:"lead_unit_id"`
	SourceIDs  *[]int64    `json:"source_ids"`
	Status     *PlanStatus `json:"status"`
	Cadence    *Cadence    `json:"cadence"`
	ReportDay  *int        `json:"report_day"`
	StartDate  *Date       `json:"start_date"`
	EndDate    *Date       `json:"end_date"`
	Ladder     *Ladder     `json:"ladder"`
	// LookbackMonths: see Plan.
	LookbackMonths *int `json:"lookback_months"`
}

// Apply copies the set fields of up onto pl.
func (up PlanUpdate) Apply(pl *Plan) {
	setPtr(&pl.Title, up.Title)
	setPtr(&pl.LeadUnitID, up.LeadUnitID)
	setPtr(&pl.SourceIDs, up.SourceIDs)
	setPtr(&pl.Status, up.Status)
	setPtr(&pl.Cadence, up.Cadence)
	setPtr(&pl.ReportDay, up.ReportDay)
	setPtr(&pl.StartDate, up.StartDate)
	setPtr(&pl.EndDate, up.EndDate)
	setPtr(&pl.Ladder, up.Ladder)
	setPtr(&pl.LookbackMonths, up.LookbackMonths)
}

// NodeKind is the level of a node in a plan's tree.
type NodeKind string

// Node kinds, from the top.
const (
	NodeAspect     NodeKind = "aspect"     // 方面
	NodeProblem    NodeKind = "problem"    // 问题
	NodeSubproblem NodeKind = "subproblem" // 具体问题
)

// ParentKind returns the kind a node of kind k must hang under ("" for the root level).
func (k NodeKind) ParentKind() (NodeKind, bool) {
	switch k {
	case NodeAspect:
		return "", true
	case NodeProblem:
		return NodeAspect, true
	case NodeSubproblem:
		return NodeProblem, true
	}
	return "", false
}

// Node is an item of a plan's tree: an aspect, a problem or a specific problem.
type Node struct {
	ID          int64     `json:"id"`
	PlanID      int64     `json:"plan_id"`
	ParentID    *int64    `json:"parent_id"`
	AspectID    int64     `json:"aspect_id"` // the aspect at the top of this branch
	Kind        NodeKind  `json:"kind"`
	Seq         int       `json:"seq"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// MaxSeq is the largest order number (seq) a node, task or milestone may
// carry; 0 asks for the next free one. No plan has that many siblings, so a
// larger (or negative) number is a mistake, refused rather than stored.
const MaxSeq = 9999

func checkSeq(p Problems, seq int) {
	if seq < 0 || seq > MaxSeq {
		p.Add("seq", fmt.Sprintf("序号应为 0 至 %d 之间的整数（0 表示排在最后）", MaxSeq))
	}
}

// Validate checks a node's own fields; the store checks its place in the tree.
func (n *Node) Validate() error {
	p := Problems{}
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" {
		p.Add("title", "请填写标题")
	}
	if _, ok := n.Kind.ParentKind(); !ok {
		p.Add("kind", "条目类型应为 aspect（方面）、problem（问题）或 subproblem（具体问题）")
	}
	if n.PlanID == 0 {
		p.Add("plan_id", "请指定所属方案")
	}
	checkSeq(p, n.Seq)
	return p.Err()
}

// NodeFilter selects nodes.
type NodeFilter struct {
	PlanID   int64
	ParentID *int64
	Kind     NodeKind
	Page
}

// NodeUpdate holds the optional changes to a node.
type NodeUpdate struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Seq         *int    `json:"seq"`
}

// Apply copies the set fields of up onto n.
func (up NodeUpdate) Apply(n *Node) {
	setPtr(&n.Title, up.Title)
	setPtr(&n.Description, up.Description)
	setPtr(&n.Seq, up.Seq)
}
