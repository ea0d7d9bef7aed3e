package duban

import (
	"strings"
	"time"
)

// SourceKind is where a body of work comes from.
type SourceKind string

// Source kinds.
const (
	SourceInspection        SourceKind = "inspection"         // 巡视
	SourceCentralInspection SourceKind = "central_inspection" // 中央巡视
	SourceAudit             SourceKind = "audit"              // 审计
	SourceInstruction       SourceKind = "instruction"        // 领导批示
	SourcePublic            SourceKind = "public"             // 群众反映
	SourcePolicy            SourceKind = "policy"             // 政策任务分工
	SourceSelf              SourceKind = "self"               // 自查
	SourcePatrol            SourceKind = "patrol"             // 巡察, by a 市委/县委 or a 党组
	SourceSupervision       SourceKind = "supervision"        // 督查
)

// SourceKindNames maps each kind to its Chinese name.
var SourceKindNames = map[SourceKind]string{
	SourceInspection: "巡视", SourceCentralInspection: "中央巡视", SourceAudit: "审计", SourceInstruction: "领导批示",
	SourcePublic: "群众反映", SourcePolicy: "政策任务分工", SourceSelf: "自查", SourcePatrol: "巡察", SourceSupervision: "督查",
}

// Source is the origin of problems: an inspection, an audit, an instruction …
type Source struct {
	ID              int64      `json:"id"`
	Kind            SourceKind `json:"kind"`
	Title           string     `json:"title"`
	Round           string     `json:"round"`           // 十三届省委第十一轮
	Team            string     `json:"team"`            // 省委第一巡视组
	InspectionType  string     `json:"inspection_type"` // routine 常规 / special 专项
	Topic           string     `json:"topic"`           // for a special inspection
	OnsiteStart     Date       `json:"onsite_start"`
	OnsiteEnd       Date       `json:"onsite_end"`
	FeedbackDate    Date       `json:"feedback_date"`
	InspectedUnitID *int64     `json:"inspected_unit_id"`
	DocNumber       string     `json:"doc_number"` // 文号 or 批示件编号
	Leader          string     `json:"leader"`     // the instructing leader
	IssuedDate      Date       `json:"issued_date"`
	Content         string     `json:"content"`
	Version         int        `json:"version"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Validate checks a source before it is written.
func (s *Source) Validate() error {
	p := Problems{}
	s.Title = strings.TrimSpace(s.Title)
	if s.Title == "" {
		p.Add("title", "请填写来源名称")
	}
	if _, ok := SourceKindNames[s.Kind]; !ok {
		p.Add("kind", "来源类型无效，应为 inspection、central_inspection、patrol、audit、supervision、instruction、public、policy 或 self")
	}
	switch s.InspectionType {
	case "", "routine", "special":
	default:
		p.Add("inspection_type", "巡视类型应为 routine（常规）或 special（专项）")
	}
	if !s.OnsiteStart.IsZero() && !s.OnsiteEnd.IsZero() && s.OnsiteEnd.Before(s.OnsiteStart) {
		p.Add("onsite_end", "进驻结束日期不能早于开始日期")
	}
	if !s.FeedbackDate.IsZero() && !s.OnsiteEnd.IsZero() && s.FeedbackDate.Before(s.OnsiteEnd) {
		p.Add("feedback_date", "反馈日期不能早于进驻结束日期")
	}
	return p.Err()
}

// SourceFilter selects sources.
type SourceFilter struct {
	Kind SourceKind
	Text string
	Page
}

// SourceUpdate holds the optional changes to a source.
type SourceUpdate struct {
	Title           *string `json:"title"`
	Round           *string `json:"round"`
	Team            *string `json:"team"`
	InspectionType  *string `json:"inspection_type"`
	Topic           *string `json:"topic"`
	OnsiteStart     *Date   `json:"onsite_start"`
	OnsiteEnd       *Date   `json:"onsite_end"`
	FeedbackDate    *Date   `json:"feedback_date"`
	InspectedUnitID *int64  `json:"inspected_unit_id"`
	DocNumber       *string `json:"doc_number"`
	Leader          *string `json:"leader"`
	IssuedDate      *Date   `json:"issued_date"`
	Content         *string `json:"content"`
}

// Apply copies the set fields of up onto s.
func (up SourceUpdate) Apply(s *Source) {
	setPtr(&s.Title, up.Title)
	setPtr(&s.Round, up.Round)
	setPtr(&s.Team, up.Team)
	setPtr(&s.InspectionType, up.InspectionType)
	setPtr(&s.Topic, up.Topic)
	setPtr(&s.OnsiteStart, up.OnsiteStart)
	setPtr(&s.OnsiteEnd, up.OnsiteEnd)
	setPtr(&s.FeedbackDate, up.FeedbackDate)
	setPtr(&s.DocNumber, up.DocNumber)
	setPtr(&s.Leader, up.Leader)
	setPtr(&s.IssuedDate, up.IssuedDate)
	setPtr(&s.Content, up.Content)
	if up.InspectedUnitID != nil {
		s.InspectedUnitID = up.InspectedUnitID
		if *up.InspectedUnitID == 0 {
			s.InspectedUnitID = nil
		}
	}
}

// CanManageSource reports whether p may record or change the source: an
// administrator, or the lead office of the inspected unit.
func (p *Principal) CanManageSource(x *Source) bool {
	if p.Role == RoleAdmin {
		return true
	}
	return p.Role == RoleLead && p.UnitID != 0 && x.InspectedUnitID != nil && *x.InspectedUnitID == p.UnitID
}
