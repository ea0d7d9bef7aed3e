package duban

import (
	"strings"
	"time"
)

// DeadlineKind tells how a deadline is given.
type DeadlineKind string

// Deadline kinds.
const (
	DeadlineDate      DeadlineKind = "date"      // a date
	DeadlineImmediate DeadlineKind = "immediate" // 立行立改
	DeadlineLongTerm  DeadlineKind = "long_term" // 长期坚持
)

// Dated reports whether an item of this kind is held to its deadline date,
// when it has one: a 限期 item, and a 立行立改 item (whose date is given or
// counted from its assignment). A 长期坚持 item never falls overdue.
func (k DeadlineKind) Dated() bool { return k == DeadlineDate || k == DeadlineImmediate }

// DeadlineKindNames maps each kind to its Chinese name.
var DeadlineKindNames = map[DeadlineKind]string{
	DeadlineDate: "限期完成", DeadlineImmediate: "立行立改", DeadlineLongTerm: "长期坚持",
}

// Task is a measure (整改举措) under a node: what is to be done, by whom, by when.
type Task struct {
	ID                int64        `json:"id"`
	PlanID            int64        `json:"plan_id"`
	NodeID            int64        `json:"node_id"`
	AspectID          int64        `json:"aspect_id"`
	Seq               int          `json:"seq"`
	Title             string       `json:"title"` // the short heading, e.g. 加大科技创新投入力度
	Content           string       `json:"content"`
	Target            string       `json:"target"`
	Requirements      string       `json:"requirements"`
	DeadlineKind      DeadlineKind `json:"deadline_kind"`
	Deadline          Date         `json:"deadline"`
	DeadlineWorkdays  int          `json:"deadline_workdays"` // N working days after assignment, when no date is given
	LeadUnitID        int64        `json:"lead_unit_id"`
	CoopUnitIDs       []int64      `json:"coop_unit_ids"`
	ResponsibleLeader string       `json:"responsible_leader"`
	ResponsiblePerson string       `json:"responsible_person"`
	SourceID          *int64       `json:"source_id"` // the leadership instruction a task answers, if any
	Version           int          `json:"version"`
	CreatedAt         time.Time    `json:"created_at"`
	UpdatedAt         time.Time    `json:"updated_at"`
	// Warnings are said once, when the task is written: e.g. that its
	// deadline falls on a rest day.
	Warnings []string `json:"warnings,omitempty"`
}

// Validate checks a task's own fields.
func (t *Task) Validate() error {
	p := Problems{}
	t.Title = strings.TrimSpace(t.Title)
	t.Content = strings.TrimSpace(t.Content)
	if t.Title == "" && t.Content == "" {
		p.Add("title", "请填写整改举措")
	}
	if t.Title == "" {
		t.Title = firstClause(t.Content)
	}
	if t.NodeID == 0 {
		p.Add("node_id", "请指定所属问题")
	}
	checkSeq(p, t.Seq)
	if t.DeadlineKind == "" {
		t.DeadlineKind = DeadlineDate
	}
	switch t.DeadlineKind {
	case DeadlineDate:
		if t.Deadline.IsZero() && t.DeadlineWorkdays <= 0 {
			p.Add("deadline", "限期完成的举措须填写整改时限，或交办后的工作日数")
		}
	case DeadlineImmediate, DeadlineLongTerm:
	default:
		p.Add("deadline_kind", "时限类型应为 date（限期）、immediate（立行立改）或 long_term（长期坚持）")
	}
	if t.LeadUnitID == 0 {
		p.Add("lead_unit_id", "请指定牵头单位")
	}
	seen := map[int64]bool{t.LeadUnitID: true}
	for _, id := range t.CoopUnitIDs {
		if seen[id] {
			p.Add("coop_unit_ids", "配合单位不能重复，也不能与牵头单位相同")
		}
		seen[id] = true
	}
	return p.Err()
}

// UnitIDs returns the lead unit followed by the cooperating units.
func (t *Task) UnitIDs() []int64 {
	return append([]int64{t.LeadUnitID}, t.CoopUnitIDs...)
}

// firstClause returns the text up to the first full stop, for a heading.
func firstClause(s string) string {
	if i := strings.IndexAny(s, "。；;"); i > 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) > 60 {
		r = r[:60]
	}
	return string(r)
}

// TaskFilter selects tasks.
type TaskFilter struct {
	PlanID int64
	NodeID int64
	UnitID int64 // lead or cooperating
	Text   string
	Page
}

// TaskUpdate holds the optional changes to a task.
type TaskUpdate struct {
	Title             *string       `json:"title"`
	Content           *string       `json:"content"`
	Target            *string       `json:"target"`
	Requirements      *string       `json:"requirements"`
	DeadlineKind      *DeadlineKind `json:"deadline_kind"`
	Deadline          *Date         `json:"deadline"`
	DeadlineWorkdays  *int          `json:"deadline_workdays"`
	LeadUnitID        *int64        `json:"lead_unit_id"`
	CoopUnitIDs       *[]int64      `json:"coop_unit_ids"`
	ResponsibleLeader *string       `json:"responsible_leader"`
	ResponsiblePerson *string       `json:"responsible_person"`
	Seq               *int          `json:"seq"`
}

// Apply copies the set fields of up onto t.
func (up TaskUpdate) Apply(t *Task) {
	setPtr(&t.Title, up.Title)
	setPtr(&t.Content, up.Content)
	setPtr(&t.Target, up.Target)
	setPtr(&t.Requirements, up.Requirements)
	setPtr(&t.DeadlineKind, up.DeadlineKind)
	setPtr(&t.Deadline, up.Deadline)
	setPtr(&t.DeadlineWorkdays, up.DeadlineWorkdays)
	setPtr(&t.LeadUnitID, up.LeadUnitID)
	setPtr(&t.CoopUnitIDs, up.CoopUnitIDs)
	setPtr(&t.ResponsibleLeader, up.ResponsibleLeader)
	setPtr(&t.ResponsiblePerson, up.ResponsiblePerson)
	setPtr(&t.Seq, up.Seq)
	if t.DeadlineKind != DeadlineDate && up.Deadline == nil {
		t.Deadline = Date{}
	}
}
