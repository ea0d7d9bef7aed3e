package duban

import (
	"strings"
	"time"
)

// ReviewStatus is the lead office's verdict on a report.
type ReviewStatus string

// Review statuses.
const (
	ReviewPending  ReviewStatus = "pending"  // 待审核
	ReviewAccepted ReviewStatus = "accepted" // 已采用
	ReviewReturned ReviewStatus = "returned" // 已退回
)

// Report is a unit's progress report (进展报送) on its assignment for a period.
type Report struct {
	ID            int64        `json:"id"`
	AssignmentID  int64        `json:"assignment_id"`
	Period        string       `json:"period"` // 2022-03, 2022-Q1
	Content       string       `json:"content"`
	WorkDate      Date         `json:"work_date"` // the date of the work the report evidences
	AuthorID      *int64       `json:"author_id"`
	AuthorName    string       `json:"author_name"`
	SubmittedAt   time.Time    `json:"submitted_at"`
	Review        ReviewStatus `json:"review"`
	ReviewerID    *int64       `json:"reviewer_id"`
	ReviewComment string       `json:"review_comment"`
	ReviewedAt    *time.Time   `json:"reviewed_at"`
	Version       int          `json:"version"`
	// Warnings are said once, when the report is written: e.g. that the
	// period already had a report, so this one comes as a supplement.
	Warnings []string `json:"warnings,omitempty"`
}

// Validate checks a report before it is written.
func (r *Report) Validate() error {
	p := Problems{}
	r.Content = strings.TrimSpace(r.Content)
	r.Period = strings.TrimSpace(r.Period)
	if r.Content == "" {
		p.Add("content", "请填写整改进展")
	}
	if r.Period == "" {
		p.Add("period", "请填写报送期次，如 2022-03")
	}
	return p.Err()
}

// ReportReview is the lead office's review of a report.
type ReportReview struct {
	Review  ReviewStatus `json:"review"`
	Comment string       `json:"comment"`
}

// Meeting is a meeting that studied the work (工委会, 专题会 …), linked to tasks.
type Meeting struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"plan_id"`
	Kind      string    `json:"kind"` // 工委会, 专题会, 领导小组会 …
	HeldOn    Date      `json:"held_on"`
	Title     string    `json:"title"`
	Attendees string    `json:"attendees"`
	Decisions string    `json:"decisions"`
	TaskIDs   []int64   `json:"task_ids"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a meeting before it is written.
func (m *Meeting) Validate() error {
	p := Problems{}
	m.Title = strings.TrimSpace(m.Title)
	m.Kind = strings.TrimSpace(m.Kind)
	if m.Title == "" {
		p.Add("title", "请填写会议名称")
	}
	if m.Kind == "" {
		p.Add("kind", "请填写会议类型，如 工委会、专题会")
	}
	if m.HeldOn.IsZero() {
		p.Add("held_on", "请填写会议日期")
	}
	if m.PlanID == 0 {
		p.Add("plan_id", "请指定所属方案")
	}
	return p.Err()
}

// MeetingFilter selects meetings.
type MeetingFilter struct {
	PlanID int64
	TaskID int64
	Kind   string
	Page
}

// MeetingUpdate holds the optional changes to a meeting.
type MeetingUpdate struct {
	Kind      *string  `json:"kind"`
	HeldOn    *Date    `json:"held_on"`
	Title     *string  `json:"title"`
	Attendees *string  `json:"attendees"`
	Decisions *string  `json:"decisions"`
	TaskIDs   *[]int64 `json:"task_ids"`
}

// Apply copies the set fields of up onto m.
func (up MeetingUpdate) Apply(m *Meeting) {
	setPtr(&m.Kind, up.Kind)
	setPtr(&m.HeldOn, up.HeldOn)
	setPtr(&m.Title, up.Title)
	setPtr(&m.Attendees, up.Attendees)
	setPtr(&m.Decisions, up.Decisions)
	setPtr(&m.TaskIDs, up.TaskIDs)
}

// FeedbackStatus is where a feedback message stands in triage.
type FeedbackStatus string

// Feedback statuses.
const (
	FeedbackNew       FeedbackStatus = "new"       // 待处理
	FeedbackReplied   FeedbackStatus = "replied"   // 已答复
	FeedbackConverted FeedbackStatus = "converted" // 已转为整改任务
	FeedbackClosed    FeedbackStatus = "closed"    // 已办结
)

// Feedback is a message from the public or entered by staff (意见建议).
type Feedback struct {
	ID        int64          `json:"id"`
	PlanID    *int64         `json:"plan_id"`
	Name      string         `json:"name"`
	Contact   string         `json:"contact"`
	Channel   string         `json:"channel"` // web, phone, mail, email
	Content   string         `json:"content"`
	Status    FeedbackStatus `json:"status"`
	Reply     string         `json:"reply"`
	TaskID    *int64         `json:"task_id"`
	Receipt   string         `json:"receipt"` // 受理编号, e.g. YJ20261204-K7Q2MX: the sender looks the reply up with it
	Version   int            `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// Validate checks feedback before it is written.
func (f *Feedback) Validate() error {
	p := Problems{}
	f.Content = strings.TrimSpace(f.Content)
	if f.Content == "" {
		p.Add("content", "请填写意见建议内容")
	}
	if len([]rune(f.Content)) > 5000 {
		p.Add("content", "内容不能超过5000字")
	}
	if f.Channel == "" {
		f.Channel = "web"
	}
	if f.Status == "" {
		f.Status = FeedbackNew
	}
	switch f.Status {
	case FeedbackNew, FeedbackReplied, FeedbackConverted, FeedbackClosed:
	default:
		p.Add("status", "状态应为 new、replied、converted 或 closed")
	}
	return p.Err()
}

// FeedbackFilter selects feedback.
type FeedbackFilter struct {
	PlanID int64
	Status FeedbackStatus
	Page
}

// FeedbackUpdate holds the optional changes to feedback in triage.
type FeedbackUpdate struct {
	Status *FeedbackStatus `json:"status"`
	Reply  *string         `json:"reply"`
	TaskID *int64          `json:"task_id"`
	PlanID *int64          `json:"plan_id"`
}

// Apply copies the set fields of up onto f.
func (up FeedbackUpdate) Apply(f *Feedback) {
	setPtr(&f.Status, up.Status)
	setPtr(&f.Reply, up.Reply)
	if up.TaskID != nil {
		f.TaskID = up.TaskID
	}
	if up.PlanID != nil {
		f.PlanID = up.PlanID
	}
}

// SearchHit is one record found by a text search.
type SearchHit struct {
	Kind         string  `json:"kind"` // node (aspect, problem), task, report, feedback
	ID           int64   `json:"id"`
	PlanID       int64   `json:"plan_id"`
	TaskID       int64   `json:"task_id,omitempty"`       // the measure, for a task, report or feedback
	AssignmentID int64   `json:"assignment_id,omitempty"` // for a report
	Title        string  `json:"title"`
	Text         string  `json:"text"`
	Rank         float64 `json:"rank"` // higher is better; comparable within one answer
}
