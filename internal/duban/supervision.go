package duban

import (
	"strings"
	"time"
)

// Level is a rung of the supervision ladder.
type Level string

// The ladder, from the mildest step.
const (
	LevelRemind    Level = "remind"    // 提醒: to the responsible person before the deadline
	LevelRemindLdr Level = "remind2"   // 再提醒: to the responsible leader, nearer the deadline
	LevelUrge      Level = "urge"      // 催办: once overdue
	LevelNotice    Level = "notice"    // 督办单: numbered, to the unit's principal leader, needs a written reply
	LevelCircular  Level = "circular"  // 通报: named in a circular
	LevelInterview Level = "interview" // 约谈: the unit's leaders interviewed
)

// LevelNames maps each rung to its Chinese name.
var LevelNames = map[Level]string{
	LevelRemind: "提醒", LevelRemindLdr: "提醒（责任领导）", LevelUrge: "催办", LevelNotice: "督办单", LevelCircular: "通报", LevelInterview: "约谈",
}

// Escalation is one step of the ladder taken on an assignment.
type Escalation struct {
	ID           int64      `json:"id"`
	AssignmentID int64      `json:"assignment_id"`
	Level        Level      `json:"level"`
	Number       string     `json:"number"` // 督办〔2021〕3号, for a notice
	DeadlineKey  string     `json:"deadline_key"`
	IssuedBy     *int64     `json:"issued_by"`
	IssuedAt     time.Time  `json:"issued_at"`
	Recipients   string     `json:"recipients"`
	Note         string     `json:"note"`
	MeetingID    *int64     `json:"meeting_id"`
	ReplyDue     Date       `json:"reply_due"`
	Reply        string     `json:"reply"`
	RepliedAt    *time.Time `json:"replied_at"`
	// Undelivered tells, when the step is taken, that the unit has no
	// account to receive it online (it is not stored: Recipients says so).
	Undelivered bool `json:"undelivered,omitempty"`
	// Warnings are said once, when the step is taken: e.g. that the reply
	// is due on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}

// Unanswered reports whether a notice's reply is past due as of a day.
func (e *Escalation) Unanswered(asOf Date) bool {
	return e.Level == LevelNotice && e.RepliedAt == nil && !e.ReplyDue.IsZero() && e.ReplyDue.Before(asOf)
}

// Ladder configures the supervision ladder of a plan, in working days.
type Ladder struct {
	RemindBefore    int    `json:"remind_before"`     // 提醒 this many working days before the deadline
	RemindLdrBefore int    `json:"remind_ldr_before"` // 提醒 the responsible leader this many before
	NoticeAfter     int    `json:"notice_after"`      // 督办单 after this many working days overdue
	ReplyWithin     int    `json:"reply_within"`      // the 督办单 reply is due this many working days after issue
	YellowBefore    int    `json:"yellow_before"`     // yellow light this many working days before the deadline
	NoticePrefix    string `json:"notice_prefix"`     // 督办 in 督办〔2021〕3号
	// ImmediateWithin is the time of a 立行立改 item given without a date:
	// due this many working days after the day it is assigned.
	ImmediateWithin int `json:"immediate_within"`
}

// DefaultImmediateWithin is the working days a 立行立改 item has, unless
// the plan says otherwise.
const DefaultImmediateWithin = 10

// DefaultLadder follows common practice.
func DefaultLadder() Ladder {
	return Ladder{RemindBefore: 10, RemindLdrBefore: 3, NoticeAfter: 5, ReplyWithin: 5, YellowBefore: 5, NoticePrefix: "督办", ImmediateWithin: DefaultImmediateWithin}
}

// Validate checks a ladder.
func (l *Ladder) Validate() error {
	p := Problems{}
	if l.RemindBefore < l.RemindLdrBefore || l.RemindLdrBefore < 0 {
		p.Add("remind_before", "首次提醒应早于（大于等于）责任领导提醒，且不能为负")
	}
	if l.NoticeAfter < 1 || l.ReplyWithin < 1 {
		p.Add("notice_after", "督办单的触发与回复时限至少为1个工作日")
	}
	if l.YellowBefore < 0 {
		p.Add("yellow_before", "黄灯提前量不能为负")
	}
	if strings.TrimSpace(l.NoticePrefix) == "" {
		l.NoticePrefix = "督办"
	}
	if l.ImmediateWithin == 0 {
		l.ImmediateWithin = DefaultImmediateWithin
	}
	if l.ImmediateWithin < 1 || l.ImmediateWithin > 60 {
		p.Add("immediate_within", "立行立改的时限应为1至60个工作日")
	}
	return p.Err()
}

// ExtensionStatus is where an extension request stands.
type ExtensionStatus string

// Extension statuses.
const (
	ExtensionPending  ExtensionStatus = "pending"
	ExtensionApproved ExtensionStatus = "approved"
	ExtensionRefused  ExtensionStatus = "refused"
)

// Extension is a unit's request for a later deadline (延期申请).
type Extension struct {
	ID           int64           `json:"id"`
	AssignmentID int64           `json:"assignment_id"`
	Reason       string          `json:"reason"`
	OldDeadline  Date            `json:"old_deadline"`
	NewDeadline  Date            `json:"new_deadline"`
	Status       ExtensionStatus `json:"status"`
	RequestedBy  *int64          `json:"requested_by"`
	RequestedAt  time.Time       `json:"requested_at"`
	DecidedBy    *int64          `json:"decided_by"`
	DecidedAt    *time.Time      `json:"decided_at"`
	Comment      string          `json:"comment"`
	// Warnings are said once, when the new deadline is asked for or
	// granted: e.g. that it falls on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}

// LookbackResult is the outcome of a look-back.
type LookbackResult string

// Look-back results.
const (
	LookbackPending  LookbackResult = "pending"
	LookbackHolds    LookbackResult = "holds"    // 巩固
	LookbackRelapsed LookbackResult = "relapsed" // 反弹
)

// Lookback is a scheduled review of a closed assignment (回头看).
type Lookback struct {
	ID           int64          `json:"id"`
	AssignmentID int64          `json:"assignment_id"`
	DueDate      Date           `json:"due_date"`
	Campaign     string         `json:"campaign"`
	Result       LookbackResult `json:"result"`
	Note         string         `json:"note"`
	NewDeadline  Date           `json:"new_deadline"`
	DoneBy       *int64         `json:"done_by"`
	DoneAt       *time.Time     `json:"done_at"`
	CreatedAt    time.Time      `json:"created_at"`
	// Warnings are said once, when a relapse sets a new deadline: e.g.
	// that it falls on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}
