package duban

import (
	"strings"
	"time"
)

// ChallengeStatus is the life of a 榜单.
type ChallengeStatus string

// Challenge statuses.
const (
	ChallengeDraft     ChallengeStatus = "draft"     // 拟发布
	ChallengePublished ChallengeStatus = "published" // 已发布（揭榜中）
	ChallengeSelected  ChallengeStatus = "selected"  // 已定榜
)

// ChallengeStatusNames maps each status to its Chinese name.
var ChallengeStatusNames = map[ChallengeStatus]string{ChallengeDraft: "拟发布", ChallengePublished: "揭榜中", ChallengeSelected: "已定榜"}

// Challenge is an open call (揭榜挂帅 榜单): a goal, the conditions a unit
// must meet, the budget and the deadline for applications.
type Challenge struct {
	ID           int64           `json:"id"`
	ProgrammeID  int64           `json:"programme_id"`
	Programme    string          `json:"programme"`
	Title        string          `json:"title"`
	Goal         string          `json:"goal"`       // 攻关目标
	Conditions   string          `json:"conditions"` // 揭榜条件
	Budget       Money           `json:"budget"`
	Deadline     Date            `json:"deadline"` // applications close
	PublishedOn  Date            `json:"published_on"`
	Status       ChallengeStatus `json:"status"`
	Applications int             `json:"applications"`
	Selected     int             `json:"selected"`
	Version      int             `json:"version"`
	CreatedAt    time.Time       `json:"created_at"`
}

// Validate checks a challenge before it is written.
func (c *Challenge) Validate() error {
	p := Problems{}
	c.Title = strings.TrimSpace(c.Title)
	c.Goal = strings.TrimSpace(c.Goal)
	if c.Title == "" {
		p.Add("title", "请填写榜单名称")
	}
	if c.ProgrammeID == 0 {
		p.Add("programme_id", "请指定所属专项")
	}
	if c.Goal == "" {
		p.Add("goal", "请填写攻关目标")
	}
	if c.Budget <= 0 {
		p.Add("budget", "请填写榜单经费")
	}
	if c.Deadline.IsZero() {
		p.Add("deadline", "请填写揭榜截止日期")
	}
	if c.Status == "" {
		c.Status = ChallengeDraft
	}
	return p.Err()
}

// ApplicationStatus is where a 揭榜 application stands.
type ApplicationStatus string

// Application statuses.
const (
	ApplicationSubmitted   ApplicationStatus = "submitted"    // 已揭榜
	ApplicationSelected    ApplicationStatus = "selected"     // 定榜
	ApplicationNotSelected ApplicationStatus = "not_selected" // 未入选
)

// ApplicationStatusNames maps each status to its Chinese name.
var ApplicationStatusNames = map[ApplicationStatus]string{
	ApplicationSubmitted: "已揭榜", ApplicationSelected: "已定榜", ApplicationNotSelected: "未入选",
}

// Application is a unit's answer to a challenge (揭榜).
type Application struct {
	ID          int64             `json:"id"`
	ChallengeID int64             `json:"challenge_id"`
	Challenge   string            `json:"challenge"`
	Unit        UnitRef           `json:"unit"`
	Proposal    string            `json:"proposal"` // 揭榜方案
	Team        string            `json:"team"`     // 团队组成
	Chief       string            `json:"chief"`    // 拟任技术总师
	Status      ApplicationStatus `json:"status"`
	ProjectID   *int64            `json:"project_id"`
	Reviews     int               `json:"reviews"`
	Score       float64           `json:"score"` // mean of the experts' scores
	SubmittedAt time.Time         `json:"submitted_at"`
}

// Validate checks an application before it is written.
func (a *Application) Validate() error {
	p := Problems{}
	a.Proposal = strings.TrimSpace(a.Proposal)
	a.Team = strings.TrimSpace(a.Team)
	a.Chief = strings.TrimSpace(a.Chief)
	if a.ChallengeID == 0 {
		p.Add("challenge_id", "请指定榜单")
	}
	if a.Unit.ID == 0 {
		p.Add("unit_id", "请指定揭榜单位")
	}
	if a.Proposal == "" {
		p.Add("proposal", "请填写揭榜方案")
	}
	if a.Team == "" {
		p.Add("team", "请填写团队组成")
	}
	if a.Chief == "" {
		p.Add("chief", "请填写拟任技术总师")
	}
	return p.Err()
}

// Review is an expert's score of an application (专家评审).
type Review struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	ExpertID      int64     `json:"expert_id"`
	Expert        string    `json:"expert"`
	Score         int       `json:"score"` // 0–100
	Comment       string    `json:"comment"`
	At            time.Time `json:"at"`
}

// Validate checks a review's score and comment.
func (r *Review) Validate() error {
	p := Problems{}
	r.Comment = strings.TrimSpace(r.Comment)
	if r.Score < 0 || r.Score > 100 {
		p.Add("score", "评分应在0至100分之间")
	}
	if r.Comment == "" {
		p.Add("comment", "请填写评审意见")
	}
	return p.Err()
}

// RaceDecision is what the lead decides after comparing 赛马 teams.
type RaceDecision string

// Race decisions.
const (
	RaceContinue RaceDecision = "continue" // 全部继续
	RaceStop     RaceDecision = "stop"     // 终止一支团队
)

// RaceDecisionNames maps each decision to its Chinese name.
var RaceDecisionNames = map[RaceDecision]string{RaceContinue: "全部继续", RaceStop: "终止团队"}

// RaceEntry is one team's line in a side-by-side comparison at a milestone.
type RaceEntry struct {
	ProjectID  int64           `json:"project_id"`
	Team       string          `json:"team"`
	Unit       string          `json:"unit"`
	Status     ProjectStatus   `json:"status"`
	Milestone  string          `json:"milestone"`
	Due        Date            `json:"due"`
	Required   TRL             `json:"trl_required"`
	Reached    TRL             `json:"trl_reached"`
	Result     MilestoneStatus `json:"result"`
	Released   Money           `json:"released"`
	Passed     int             `json:"passed"` // milestones passed so far
	Milestones int             `json:"milestones"`
}

// RaceRound is a kept comparison of the teams of one challenge at a
// milestone, with the decision taken on it.
type RaceRound struct {
	ID          int64        `json:"id"`
	ChallengeID int64        `json:"challenge_id"`
	Seq         int          `json:"seq"` // the milestone compared
	ComparedOn  Date         `json:"compared_on"`
	Decision    RaceDecision `json:"decision"`
	StoppedID   *int64       `json:"stopped_project_id"`
	Note        string       `json:"note"`
	Entries     []RaceEntry  `json:"entries"`
	DecidedBy   string       `json:"decided_by"`
}
