package duban

import (
	"strings"
	"time"
)

// Status is the state of an assignment.
type Status string

// Assignment states (DESIGN §2).
const (
	StatusDraft            Status = "draft"             // 草拟
	StatusAssigned         Status = "assigned"          // 已交办
	StatusInProgress       Status = "in_progress"       // 整改中
	StatusClosureRequested Status = "closure_requested" // 申请销号
	StatusClosed           Status = "closed"            // 已销号
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusDraft, StatusAssigned, StatusInProgress, StatusClosureRequested, StatusClosed}

// StatusNames maps each status to its Chinese name.
var StatusNames = map[Status]string{
	StatusDraft: "草拟", StatusAssigned: "已交办", StatusInProgress: "整改中",
	StatusClosureRequested: "申请销号", StatusClosed: "已销号",
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := StatusNames[s]; return ok }

// Assignment is a task's share given to one unit (分办): the unit's own
// status, deadline, reports and closure.
type Assignment struct {
	ID               int64        `json:"id"`
	TaskID           int64        `json:"task_id"`
	PlanID           int64        `json:"plan_id"`
	AspectID         int64        `json:"aspect_id"`
	Unit             UnitRef      `json:"unit"`
	Lead             bool         `json:"lead"` // the lead unit of the task, not a cooperating one
	Status           Status       `json:"status"`
	DeadlineKind     DeadlineKind `json:"deadline_kind"`
	Deadline         Date         `json:"deadline"`
	OriginalDeadline Date         `json:"original_deadline"`
	PhaseComplete    bool         `json:"phase_complete"` // 阶段性完成, for long-term items
	SignedOff        bool         `json:"signed_off"`     // the pending closure has the leader's sign-off
	ClosedAt         *time.Time   `json:"closed_at"`
	AssignedAt       *time.Time   `json:"assigned_at"`
	NoticeDue        Date         `json:"notice_due"`    // reply due date of the oldest unanswered 督办单
	LastPeriod       string       `json:"last_period"`   // the latest period reported on
	WorkdaysLeft     *int         `json:"workdays_left"` // working days to the deadline (negative when overdue); null without a date`
	TaskTitle        string       `json:"task_title"`
	Light            Light        `json:"light"`
	Version          int          `json:"version"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
	// Warnings are said once, when a deadline is set: e.g. that it falls
	// on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}

// Facts returns what the assignment's light depends on.
func (a *Assignment) Facts() LightFacts {
	f := LightFacts{Status: a.Status, DeadlineKind: a.DeadlineKind, Deadline: a.Deadline, NoticeDue: a.NoticeDue, LastPeriod: a.LastPeriod, PhaseComplete: a.PhaseComplete}
	if a.AssignedAt != nil {
		f.AssignedOn = DateOf(a.AssignedAt.In(ChinaTime))
	}
	return f
}

// ChinaTime is the zone dates are counted in.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Open reports whether the assignment still needs work.
func (a *Assignment) Open() bool { return a.Status != StatusClosed }

// AssignmentFilter selects assignments. Empty fields do not filter.
type AssignmentFilter struct {
	PlanID         int64
	TaskID         int64
	AspectID       int64 // the aspect (top-level node) the task lies under
	UnitID         int64
	Statuses       []Status
	Open           bool // not closed
	DeadlineFrom   Date // deadline on or after
	DeadlineTo     Date // deadline on or before
	OverdueAsOf    Date // open, with a date deadline before this day
	Text           string
	RestrictUnitID int64  // set by the store from the caller: a liaison sees only its unit
	By             string // the first sort key before the deadline: "" none, ListByUnit, ListByStatus
	Latest         bool   // the order backwards: latest deadline first (those without one first)
	Page
}

// The sort keys an assignment list may be ordered by before the deadline:
// the unit (by its id, so that each unit's share stays together) and the
// status (by its code).
const (
	ListByUnit   = "unit"
	ListByStatus = "status"
)

// AssignmentUpdate holds the optional changes an office may make to an
// assignment outside the workflow.
type AssignmentUpdate struct {
	DeadlineKind *DeadlineKind `json:"deadline_kind"`
	Deadline     *Date         `json:"deadline"`
}

// Action is a workflow transition an actor asks for.
type Action string

// Actions, as they appear in POST /api/v1/assignments/{id}/{action}.
const (
	ActionAssign         Action = "assign"
	ActionRecall         Action = "recall"
	ActionStart          Action = "start"
	ActionRequestClosure Action = "request-closure"
	ActionSignOff        Action = "sign-off"
	ActionVerify         Action = "verify"
	ActionReturn         Action = "return"
	ActionReopen         Action = "reopen"
	ActionWithdraw       Action = "withdraw-closure" // the unit takes its closure request back
)

// ActionNames maps each action to its Chinese name.
var ActionNames = map[Action]string{
	ActionAssign: "交办", ActionRecall: "撤回交办", ActionStart: "开始整改", ActionRequestClosure: "申请销号",
	ActionSignOff: "领导签批", ActionVerify: "审核销号", ActionReturn: "退回", ActionReopen: "重新整改",
	ActionWithdraw: "撤回销号申请",
}

// Actions lists every action.
var Actions = []Action{ActionAssign, ActionRecall, ActionStart, ActionRequestClosure, ActionSignOff, ActionVerify, ActionReturn, ActionReopen, ActionWithdraw}

// transitions maps an action to the states it starts from and the state it leads to.
var transitions = map[Action]struct {
	from []Status
	to   Status
}{
	ActionAssign:         {[]Status{StatusDraft}, StatusAssigned},
	ActionRecall:         {[]Status{StatusAssigned}, StatusDraft},
	ActionStart:          {[]Status{StatusAssigned}, StatusInProgress},
	ActionRequestClosure: {[]Status{StatusAssigned, StatusInProgress}, StatusClosureRequested},
	ActionSignOff:        {[]Status{StatusClosureRequested}, StatusClosureRequested},
	ActionVerify:         {[]Status{StatusClosureRequested}, StatusClosed},
	ActionReturn:         {[]Status{StatusClosureRequested}, StatusInProgress},
	ActionReopen:         {[]Status{StatusClosed}, StatusInProgress},
	ActionWithdraw:       {[]Status{StatusClosureRequested}, StatusInProgress},
}

// TransitionInput is what an actor sends with an action.
type TransitionInput struct {
	Reason        string `json:"reason"`         // why: required for return and reopen
	Summary       string `json:"summary"`        // closure summary, for request-closure
	NewDeadline   Date   `json:"new_deadline"`   // for reopen
	PhaseComplete bool   `json:"phase_complete"` // verify a long-term item as 阶段性完成
}

// Transition is one recorded change of an assignment's state.
type Transition struct {
	ID           int64     `json:"id"`
	AssignmentID int64     `json:"assignment_id"`
	Action       Action    `json:"action"`
	From         Status    `json:"from"`
	To           Status    `json:"to"`
	ActorID      *int64    `json:"actor_id"`
	ActorName    string    `json:"actor_name"`
	Reason       string    `json:"reason"`
	At           time.Time `json:"at"`
}

// Plan checks whether p may take action on a, returning the state that
// results. It returns Invalid for a missing reason, Forbidden for a role
// that may not act, and Conflict for an action the state does not allow.
// manages tells whether p manages a's plan.
func (act Action) Plan(p *Principal, a *Assignment, in *TransitionInput, manages bool) (Status, error) {
	tr, ok := transitions[act]
	if !ok {
		return "", Errorf(NotFound, "没有“%s”这一操作", string(act))
	}
	if err := act.allowed(p, a, manages); err != nil {
		return "", err
	}
	legal := false
	for _, s := range tr.from {
		legal = legal || s == a.Status
	}
	if !legal {
		return "", Errorf(Conflict, "当前状态为“%s”，不能执行“%s”", StatusNames[a.Status], ActionNames[act])
	}
	in.Reason = strings.TrimSpace(in.Reason)
	switch act {
	case ActionReturn, ActionReopen:
		if in.Reason == "" {
			return "", &Error{Code: Invalid, Message: "请填写" + ActionNames[act] + "的理由", Fields: map[string]string{"reason": "必填"}}
		}
	case ActionRequestClosure:
		if strings.TrimSpace(in.Summary) == "" {
			return "", &Error{Code: Invalid, Message: "申请销号须填写整改完成情况", Fields: map[string]string{"summary": "必填"}}
		}
	case ActionSignOff:
		if a.SignedOff {
			return "", Errorf(Conflict, "该销号申请已经领导签批")
		}
	case ActionVerify:
		if !a.SignedOff {
			return "", Errorf(Conflict, "该销号申请尚未经领导签批，不能审核销号")
		}
		if in.PhaseComplete && a.DeadlineKind != DeadlineLongTerm {
			return "", &Error{Code: Invalid, Message: "只有长期坚持的举措才能按阶段性完成销号", Fields: map[string]string{"phase_complete": "仅限长期坚持"}}
		}
	}
	if act == ActionReopen && in.NewDeadline.IsZero() && a.DeadlineKind == DeadlineDate {
		return "", &Error{Code: Invalid, Message: "重新整改须给出新的整改时限", Fields: map[string]string{"new_deadline": "必填"}}
	}
	return tr.to, nil
}

// allowed checks the role and scope of p for act on a.
func (act Action) allowed(p *Principal, a *Assignment, manages bool) error {
	ownUnit := p.UnitID != 0 && p.UnitID == a.Unit.ID
	switch act {
	case ActionStart, ActionRequestClosure, ActionWithdraw:
		if manages || (p.Role == RoleLiaison && ownUnit) {
			return nil
		}
	case ActionSignOff:
		if p.Role == RoleAdmin || (p.Role == RoleLeader && ownUnit) {
			return nil
		}
	case ActionReturn:
		if manages || (p.Role == RoleLeader && ownUnit) {
			return nil
		}
	default:
		if manages {
			return nil
		}
	}
	return ErrForbidden(ActionNames[act])
}
