package duban

import (
	"strings"
	"time"
)

// Programme is a key programme (专项), e.g. 两链融合重点专项: its projects and
// challenges are managed by an office whose supervision plan holds every
// milestone as an item.
type Programme struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	OfficeUnitID int64     `json:"office_unit_id"` // the managing office (e.g. 省科技厅)
	OfficeUnit   string    `json:"office_unit"`
	PlanID       int64     `json:"plan_id"` // the supervision plan holding the milestones
	Description  string    `json:"description"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks a programme before it is written.
func (x *Programme) Validate() error {
	p := Problems{}
	x.Title = strings.TrimSpace(x.Title)
	if x.Title == "" {
		p.Add("title", "请填写专项名称")
	}
	if x.OfficeUnitID == 0 {
		p.Add("office_unit_id", "请指定专项管理单位")
	}
	return p.Err()
}

// ChiefRole is the role of the person who leads a project's technical work.
type ChiefRole string

// Chief roles.
const (
	ChiefEngineer   ChiefRole = "chief_engineer" // 技术总师
	ChiefLeadExpert ChiefRole = "lead_expert"    // 领衔专家
)

// ChiefRoleNames maps each chief role to its Chinese name.
var ChiefRoleNames = map[ChiefRole]string{ChiefEngineer: "技术总师", ChiefLeadExpert: "领衔专家"}

// ProjectStatus is the life of a project.
type ProjectStatus string

// Project statuses.
const (
	ProjectActive    ProjectStatus = "active"    // 实施中
	ProjectStopped   ProjectStatus = "stopped"   // 已终止 (a 赛马 team stopped)
	ProjectCompleted ProjectStatus = "completed" // 已完成
)

// ProjectStatusNames maps each status to its Chinese name.
var ProjectStatusNames = map[ProjectStatus]string{ProjectActive: "实施中", ProjectStopped: "已终止", ProjectCompleted: "已完成"}

// Project is a key project under milestone management.
type Project struct {
	ID            int64         `json:"id"`
	ProgrammeID   int64         `json:"programme_id"`
	Programme     string        `json:"programme"`
	ChallengeID   *int64        `json:"challenge_id"`   // the 榜单 it was selected from, if any
	ApplicationID *int64        `json:"application_id"` // the winning 揭榜 application, if any
	Title         string        `json:"title"`
	Team          string        `json:"team"` // the team's name, told apart in a 赛马
	LeadUnit      UnitRef       `json:"lead_unit"`
	CoopUnits     []UnitRef     `json:"coop_units"`
	Chief         string        `json:"chief"` // the person: 技术总师 or 领衔专家
	ChiefRole     ChiefRole     `json:"chief_role"`
	StartDate     Date          `json:"start_date"`
	EndDate       Date          `json:"end_date"`
	Budget        Money         `json:"budget"` // yuan
	TRLStart      TRL           `json:"trl_start"`
	TRLTarget     TRL           `json:"trl_target"`
	Status        ProjectStatus `json:"status"`
	StoppedOn     Date          `json:"stopped_on"`
	StopReason    string        `json:"stop_reason"`
	NodeID        int64         `json:"node_id"` // its heading in the programme's supervision plan
	Milestones    []Milestone   `json:"milestones,omitempty"`
	Version       int           `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
	// Warnings are said once, when the project is written: e.g. that a
	// milestone falls due on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}

// Validate checks a project and its milestones before they are written.
func (x *Project) Validate() error {
	p := Problems{}
	x.Title = strings.TrimSpace(x.Title)
	x.Chief = strings.TrimSpace(x.Chief)
	if x.Title == "" {
		p.Add("title", "请填写项目名称")
	}
	if x.ProgrammeID == 0 {
		p.Add("programme_id", "请指定所属专项")
	}
	if x.LeadUnit.ID == 0 {
		p.Add("lead_unit_id", "请指定牵头单位")
	}
	for _, c := range x.CoopUnits {
		if c.ID == x.LeadUnit.ID {
			p.Add("coop_unit_ids", "参与单位不能与牵头单位相同")
		}
	}
	if x.Chief == "" {
		p.Add("chief", "请填写技术总师或领衔专家")
	}
	if x.ChiefRole == "" {
		x.ChiefRole = ChiefEngineer
	}
	if _, ok := ChiefRoleNames[x.ChiefRole]; !ok {
		p.Add("chief_role", "角色应为 chief_engineer（技术总师）或 lead_expert（领衔专家）")
	}
	if x.StartDate.IsZero() || x.EndDate.IsZero() {
		p.Add("end_date", "请填写项目起止日期")
	} else if !x.StartDate.Before(x.EndDate) {
		p.Add("end_date", "结束日期应晚于开始日期")
	}
	if x.Budget <= 0 {
		p.Add("budget", "请填写项目总经费")
	}
	if !x.TRLStart.Valid() {
		p.Add("trl_start", "起始技术就绪度应为1至9级")
	}
	if !x.TRLTarget.Valid() || x.TRLTarget < x.TRLStart {
		p.Add("trl_target", "目标技术就绪度应为1至9级，且不低于起始等级")
	}
	if x.Status == "" {
		x.Status = ProjectActive
	}
	x.validateMilestones(p)
	return p.Err()
}

// CurrentTRL is the level the project stands at: the highest level a
// passed milestone reached, or the level at start.
func (x *Project) CurrentTRL() TRL {
	l := x.TRLStart
	for _, m := range x.Milestones {
		if (m.Status == MilestonePassed || m.Status == MilestoneConditional) && m.TRLReached > l {
			l = m.TRLReached
		}
	}
	return l
}

// validateMilestones checks the milestone plan: dates inside the period and
// in order, levels rising to no more than the target, tranches within budget.
func (x *Project) validateMilestones(p Problems) {
	if len(x.Milestones) == 0 {
		p.Add("milestones", "请至少设置一个里程碑考核节点")
		return
	}
	var sum Money
	prev := Milestone{TRLRequired: x.TRLStart, Due: x.StartDate}
	for i := range x.Milestones {
		m := &x.Milestones[i]
		m.Seq = i + 1
		m.Title = strings.TrimSpace(m.Title)
		if m.Title == "" {
			p.Add("milestones", "每个里程碑都要有名称")
		}
		if m.Due.IsZero() || (!x.StartDate.IsZero() && m.Due.Before(x.StartDate)) || (!x.EndDate.IsZero() && m.Due.After(x.EndDate)) {
			p.Add("milestones", "里程碑的考核日期应在项目起止日期之内")
		} else if !prev.Due.IsZero() && m.Due.Before(prev.Due) {
			p.Add("milestones", "里程碑应按考核日期先后排列")
		}
		if !m.TRLRequired.Valid() || m.TRLRequired < prev.TRLRequired || m.TRLRequired > x.TRLTarget {
			p.Add("milestones", "里程碑要求的技术就绪度应逐步提高，且不超过项目目标")
		}
		if m.Tranche < 0 {
			p.Add("milestones", "拨付经费不能为负数")
		}
		sum += m.Tranche
		prev = *m
	}
	if sum > x.Budget {
		p.Add("milestones", "各里程碑拨付经费之和超过项目总经费")
	}
}

// MilestoneStatus is where a milestone stands after its assessments.
type MilestoneStatus string

// Milestone statuses; overdue and due-soon are computed from the date.
const (
	MilestonePending     MilestoneStatus = "pending"     // 待考核
	MilestonePassed      MilestoneStatus = "passed"      // 通过
	MilestoneConditional MilestoneStatus = "conditional" // 整改后通过
	MilestoneFailed      MilestoneStatus = "failed"      // 不通过
	MilestoneCancelled   MilestoneStatus = "cancelled"   // 已取消 (team stopped)
)

// MilestoneStatusNames maps each status to its Chinese name.
var MilestoneStatusNames = map[MilestoneStatus]string{
	MilestonePending: "待考核", MilestonePassed: "通过", MilestoneConditional: "整改后通过", MilestoneFailed: "不通过", MilestoneCancelled: "已取消",
}

// FundStatus is where a milestone's tranche of funds stands.
type FundStatus string

// Fund statuses.
const (
	FundPlanned   FundStatus = "planned"   // 待拨付
	FundReleased  FundStatus = "released"  // 已拨付
	FundHeld      FundStatus = "held"      // 暂缓拨付
	FundCancelled FundStatus = "cancelled" // 取消拨付
)

// FundStatusNames maps each fund status to its Chinese name.
var FundStatusNames = map[FundStatus]string{FundPlanned: "待拨付", FundReleased: "已拨付", FundHeld: "暂缓拨付", FundCancelled: "取消拨付"}

// Milestone is an assessment point of a project (里程碑考核节点) and the
// tranche of funds it releases.
type Milestone struct {
	ID           int64           `json:"id"`
	ProjectID    int64           `json:"project_id"`
	Seq          int             `json:"seq"`
	Title        string          `json:"title"`
	Due          Date            `json:"due"`
	TRLRequired  TRL             `json:"trl_required"`
	Deliverables string          `json:"deliverables"`
	Tranche      Money           `json:"tranche"` // planned amount, yuan
	Status       MilestoneStatus `json:"status"`
	TRLReached   TRL             `json:"trl_reached"` // from the latest assessment
	FundStatus   FundStatus      `json:"fund_status"`
	Released     Money           `json:"released"`
	ReleasedOn   Date            `json:"released_on"`
	AssignmentID int64           `json:"assignment_id"` // the supervised item of the milestone
	FollowUpID   *int64          `json:"follow_up_id"`  // the supervised item opened when it failed
	Version      int             `json:"version"`
}

// Settled reports whether the milestone needs no more assessment.
func (m *Milestone) Settled() bool {
	return m.Status == MilestonePassed || m.Status == MilestoneConditional || m.Status == MilestoneCancelled
}

// Overdue reports whether the milestone is past due without a pass on asOf.
func (m *Milestone) Overdue(asOf Date) bool {
	return !m.Settled() && m.Due.Before(asOf)
}

// AssessmentResult is the outcome of a milestone assessment.
type AssessmentResult string

// Assessment results.
const (
	ResultPass        AssessmentResult = "pass"        // 通过
	ResultConditional AssessmentResult = "conditional" // 整改后通过
	ResultFail        AssessmentResult = "fail"        // 不通过
)

// AssessmentResultNames maps each result to its Chinese name.
var AssessmentResultNames = map[AssessmentResult]string{ResultPass: "通过", ResultConditional: "整改后通过", ResultFail: "不通过"}

// Assessment is one 考核 of a milestone by named experts.
type Assessment struct {
	ID          int64            `json:"id"`
	MilestoneID int64            `json:"milestone_id"`
	AssessedOn  Date             `json:"assessed_on"`
	Experts     []string         `json:"experts"`
	TRLReached  TRL              `json:"trl_reached"`
	Result      AssessmentResult `json:"result"`
	Opinion     string           `json:"opinion"`
	RectifyDue  Date             `json:"rectify_due"` // for a failed milestone: when the rectification is due
	CreatedBy   string           `json:"created_by"`
	CreatedAt   time.Time        `json:"created_at"`
}

// Validate checks an assessment against its milestone.
func (a *Assessment) Validate(m *Milestone) error {
	p := Problems{}
	a.Opinion = strings.TrimSpace(a.Opinion)
	experts := a.Experts[:0]
	for _, e := range a.Experts {
		if e = strings.TrimSpace(e); e != "" {
			experts = append(experts, e)
		}
	}
	a.Experts = experts
	if len(a.Experts) == 0 {
		p.Add("experts", "请填写参加考核的专家")
	}
	if a.AssessedOn.IsZero() {
		p.Add("assessed_on", "请填写考核日期")
	}
	if !a.TRLReached.Valid() {
		p.Add("trl_reached", "达到的技术就绪度应为1至9级")
	}
	if _, ok := AssessmentResultNames[a.Result]; !ok {
		p.Add("result", "考核结果应为 pass（通过）、conditional（整改后通过）或 fail（不通过）")
	}
	if a.Result != ResultFail && a.TRLReached.Valid() && a.TRLReached < m.TRLRequired {
		p.Add("trl_reached", "未达到本节点要求的技术就绪度，不能判定为通过")
	}
	if a.Opinion == "" {
		p.Add("opinion", "请填写考核意见")
	}
	if m.Status == MilestoneCancelled || m.Status == MilestonePassed || m.Status == MilestoneConditional {
		p.Add("milestone_id", "该里程碑已考核通过或已取消，不能再次考核")
	}
	return p.Err()
}
