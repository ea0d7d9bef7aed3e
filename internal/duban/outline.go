package duban

import "strings"

// Outline is a plan's tree as documents carry it, without database ids:
// what an imported ledger or notice yields, and what an exported ledger or a
// generated notice is made from. Units are named, not numbered.
type Outline struct {
	Meta    OutlineMeta    `json:"meta"`
	Aspects []*OutlineNode `json:"aspects"`
}

// OutlineMeta is what a document says about its plan and source.
type OutlineMeta struct {
	Title        string     `json:"title"`             // 关于十三届省委第十一轮巡视整改进展情况的通报
	Kind         SourceKind `json:"kind,omitempty"`    // the work the document answers: inspection, patrol, audit …
	Unit         string     `json:"unit"`              // issuing / inspected unit: 中共陕西省委科技工委
	Round        string     `json:"round"`             // 十三届省委第十一轮
	Team         string     `json:"team"`              // 省委第一巡视组
	Topic        string     `json:"topic"`             // for a special inspection
	OnsiteStart  Date       `json:"onsite_start"`      // 2021-05-27
	OnsiteEnd    Date       `json:"onsite_end"`        // 2021-06-27
	FeedbackDate Date       `json:"feedback_date"`     // 2021-08-26
	SignedDate   Date       `json:"signed_date"`       // the date under the signature
	AsOf         Date       `json:"asof"`              // 截至… in a ledger's title rows
	Contact      string     `json:"contact,omitempty"` // the contact lines a notice ends with, one a line
	// Stated holds the totals the text states, e.g. "4个方面13个问题22个具体问题"
	// gives {"aspects":4,"problems":13,"subproblems":22}.
	Stated map[string]int `json:"stated"`
}

// OutlineNode is an aspect, problem or specific problem with what hangs under it.
type OutlineNode struct {
	Kind     NodeKind          `json:"kind"`
	Title    string            `json:"title"`
	Text     string            `json:"text,omitempty"` // body text that belongs to the node itself
	Children []*OutlineNode    `json:"children,omitempty"`
	Measures []*OutlineMeasure `json:"measures,omitempty"`
}

// OutlineMeasure is a measure with its units, people, deadline and, in an
// exported ledger or a notice, its latest progress.
type OutlineMeasure struct {
	Title             string       `json:"title"`
	Content           string       `json:"content,omitempty"`
	Target            string       `json:"target,omitempty"`
	Requirements      string       `json:"requirements,omitempty"`
	DeadlineKind      DeadlineKind `json:"deadline_kind,omitempty"`
	Deadline          Date         `json:"deadline"`
	DeadlineText      string       `json:"deadline_text,omitempty"` // as written: 2021年12月底
	Within            *Within      `json:"within,omitempty"`        // a span (3个月内), counted by the import: Deadline is zero
	LeadUnit          string       `json:"lead_unit,omitempty"`
	CoopUnits         []string     `json:"coop_units,omitempty"`
	ResponsibleLeader string       `json:"responsible_leader,omitempty"`
	ResponsiblePerson string       `json:"responsible_person,omitempty"`
	Progress          string       `json:"progress,omitempty"` // latest accepted progress
	Status            Status       `json:"status,omitempty"`
	Light             Light        `json:"light,omitempty"`
	Note              string       `json:"note,omitempty"` // 备注
}

// OutlineScan reads an outline's measures a row at a time, in document
// order: each node's own measures, then its children's, depth first. It
// calls yield with each measure and the node it hangs under (a node of the
// outline the scan came with) and stops early when yield returns false. A
// scan may be run more than once; each run yields the same rows.
type OutlineScan func(yield func(n *OutlineNode, m *OutlineMeasure) bool) error

// Scan returns a scan of the measures o holds in its nodes.
func (o *Outline) Scan() OutlineScan {
	return func(yield func(n *OutlineNode, m *OutlineMeasure) bool) error {
		var walk func(ns []*OutlineNode) bool
		walk = func(ns []*OutlineNode) bool {
			for _, n := range ns {
				for _, m := range n.Measures {
					if !yield(n, m) {
						return false
					}
				}
				if !walk(n.Children) {
					return false
				}
			}
			return true
		}
		walk(o.Aspects)
		return nil
	}
}

// Counts returns the numbers of aspects, problems, specific problems and measures.
func (o *Outline) Counts() (aspects, problems, subproblems, measures int) {
	var walk func(ns []*OutlineNode)
	walk = func(ns []*OutlineNode) {
		for _, n := range ns {
			switch n.Kind {
			case NodeAspect:
				aspects++
			case NodeProblem:
				problems++
			case NodeSubproblem:
				subproblems++
			}
			measures += len(n.Measures)
			walk(n.Children)
		}
	}
	walk(o.Aspects)
	return aspects, problems, subproblems, measures
}

// LedgerTitle is the title of the ledger exported from a plan:
// …整改方案 becomes …整改台账.
func LedgerTitle(planTitle string) string {
	if base, ok := strings.CutSuffix(planTitle, "整改方案"); ok {
		return base + "整改台账"
	}
	return planTitle + "整改台账"
}

// PlanTitle is the plan title an imported document's title stands for:
// …整改台账 becomes …整改方案, and 关于…整改进展情况的通报 becomes …整改方案,
// so that a document exported from a plan finds that plan again.
func PlanTitle(docTitle string) string {
	t := strings.TrimSpace(docTitle)
	if i := strings.Index(t, "关于"); i > 0 && strings.HasSuffix(t, "通报") {
		t = t[i:] // 中共某县委关于…的通报: the unit is not part of the plan's name
	}
	if base, ok := strings.CutSuffix(t, "整改台账"); ok {
		return base + "整改方案"
	}
	if strings.HasPrefix(t, "关于") && strings.HasSuffix(t, "通报") {
		t = strings.TrimPrefix(t, "关于")
		for _, s := range []string{"整改进展情况的通报", "整改情况的通报", "情况的通报", "的通报"} {
			if base, ok := strings.CutSuffix(t, s); ok {
				return base + "整改方案"
			}
		}
	}
	return t
}

// SourcePlanTitle names the plan of a document after its source, not after
// the document: the round and kind (县委第二轮巡察整改方案), else the team
// (省委第一巡视组巡视反馈意见整改方案); "" when the document names neither.
func SourcePlanTitle(m OutlineMeta) string {
	w := WordsOf(m.Kind)
	switch {
	case m.Round != "":
		return m.Round + w.Work + "整改方案"
	case m.Team != "":
		return m.Team + w.Found + "整改方案"
	}
	return ""
}
