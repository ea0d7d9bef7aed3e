package duban

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// RuleKind is what a validation rule checks.
type RuleKind string

// Rule kinds.
const (
	RuleNoDecreaseYTD    RuleKind = "no_decrease_ytd"    // 只增不减：累计不低于上年同期累计
	RuleNoDecreasePeriod RuleKind = "no_decrease_period" // 只增不减：当期不低于上年同期
	RuleRange            RuleKind = "range"              // 取值范围
	RuleRatio            RuleKind = "ratio"              // 与另一指标之比在范围内
	RuleTarget           RuleKind = "target"             // 年度目标的进度
)

// RuleKindNames maps each rule kind to its Chinese name.
var RuleKindNames = map[RuleKind]string{
	RuleNoDecreaseYTD: "只增不减（累计）", RuleNoDecreasePeriod: "只增不减（当期）", RuleRange: "取值范围",
	RuleRatio: "指标比例", RuleTarget: "年度目标进度",
}

// Escalation modes: what a breach of a rule leads to.
const (
	EscalateNone   = "none"   // shown only
	EscalateAuto   = "auto"   // becomes a supervised item at once
	EscalateReview = "review" // becomes one when the lead unit decides
)

// IndicatorRule is a validation rule on an indicator.
type IndicatorRule struct {
	ID          int64    `json:"id"`
	IndicatorID int64    `json:"indicator_id"`
	Kind        RuleKind `json:"kind"`
	Name        string   `json:"name"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	OtherID     int64    `json:"other_id,omitempty"` // the divisor of a ratio rule
	Target      float64  `json:"target,omitempty"`   // the year's target
	// Weights give a seasonal path: each period's share of the target; empty
	// means a straight path.
	Weights []float64 `json:"weights,omitempty"`
	// Escalate is none, auto or review; DeadlineWorkdays is the item's time.
	Escalate         string    `json:"escalate"`
	DeadlineWorkdays int       `json:"deadline_workdays"`
	Version          int       `json:"version"`
	CreatedAt        time.Time `json:"created_at"`
}

// Validate checks a rule of an indicator whose periods are of type t.
func (r *IndicatorRule) Validate(t PeriodType) error {
	p := Problems{}
	if _, ok := RuleKindNames[r.Kind]; !ok {
		p.Add("kind", "规则类型应为 no_decrease_ytd、no_decrease_period、range、ratio 或 target")
	}
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		r.Name = RuleKindNames[r.Kind]
	}
	if (r.Kind == RuleRange || r.Kind == RuleRatio) && r.Min == nil && r.Max == nil {
		p.Add("min", "请填写下限或上限")
	}
	if r.Kind == RuleRatio && r.OtherID == 0 {
		p.Add("other_id", "请选择作比较的指标")
	}
	if r.Kind == RuleTarget && r.Target <= 0 {
		p.Add("target", "请填写年度目标")
	}
	if len(r.Weights) != 0 && len(r.Weights) != t.PerYear() {
		p.Add("weights", fmt.Sprintf("季节进度须给出%d个期间的权重", t.PerYear()))
	}
	if r.Escalate == "" {
		r.Escalate = EscalateNone
	}
	switch r.Escalate {
	case EscalateNone, EscalateAuto, EscalateReview:
	default:
		p.Add("escalate", "转督办方式应为 none、auto 或 review")
	}
	if r.DeadlineWorkdays == 0 {
		r.DeadlineWorkdays = 20
	}
	if r.DeadlineWorkdays < 1 || r.DeadlineWorkdays > 250 {
		p.Add("deadline_workdays", "整改时限应为1至250个工作日")
	}
	return p.Err()
}

// Check is the outcome of a rule for one unit and period.
type Check struct {
	Breach   bool
	Value    float64 // the figure the rule looked at
	Baseline float64 // what it was held against: last year, a bound, the path
}

// Evaluate applies r to a unit's series s (this year and last) at period p;
// other is the unit's series of the rule's other indicator. It returns false
// when the figures it needs are not all reported yet.
func (r *IndicatorRule) Evaluate(x *Indicator, s, other Series, p Period) (Check, bool) {
	var c Check
	var ok, ok2 bool
	switch r.Kind {
	case RuleNoDecreaseYTD:
		c.Value, ok = x.YTD(s, p)
		c.Baseline, ok2 = x.YTD(s, p.LastYear())
		return Check{Breach: less(c.Value, c.Baseline), Value: c.Value, Baseline: c.Baseline}, ok && ok2
	case RuleNoDecreasePeriod:
		c.Value, ok = x.PeriodAmount(s, p)
		c.Baseline, ok2 = x.PeriodAmount(s, p.LastYear())
		return Check{Breach: less(c.Value, c.Baseline), Value: c.Value, Baseline: c.Baseline}, ok && ok2
	case RuleRange:
		c.Value, ok = s[p.String()]
		return r.bounds(c.Value), ok
	case RuleRatio:
		v, ok := s[p.String()]
		d, ok2 := other[p.String()]
		if !ok || !ok2 || d == 0 {
			return c, false
		}
		return r.bounds(v / d), true
	case RuleTarget:
		c.Value, ok = x.YTD(s, p)
		c.Baseline = r.Target * r.share(x, p)
		c.Breach = less(c.Value, c.Baseline)
		return c, ok
	}
	return c, false
}

// bounds checks v against Min and Max; the baseline is the bound broken, or
// the nearer one.
func (r *IndicatorRule) bounds(v float64) Check {
	c := Check{Value: v}
	switch {
	case r.Min != nil && less(v, *r.Min):
		c.Breach, c.Baseline = true, *r.Min
	case r.Max != nil && less(*r.Max, v):
		c.Breach, c.Baseline = true, *r.Max
	case r.Min != nil:
		c.Baseline = *r.Min
	default:
		c.Baseline = *r.Max
	}
	return c
}

// share is the part of the year's target due by the end of p: straight, or
// by the seasonal weights.
func (r *IndicatorRule) share(x *Indicator, p Period) float64 {
	n := x.PeriodType.PerYear()
	if len(r.Weights) != n {
		return float64(p.N) / float64(n)
	}
	var done, all float64
	for i, w := range r.Weights {
		all += w
		if i < p.N {
			done += w
		}
	}
	if all == 0 {
		return 0
	}
	return done / all
}

// less compares figures as entered (to a millionth), so that sums of
// decimal figures do not breach by rounding.
func less(a, b float64) bool { return math.Round(a*1e6) < math.Round(b*1e6) }

// Breach statuses.
const (
	BreachOpen     = "open"     // the rule is broken now
	BreachResolved = "resolved" // a later figure mended it
)

// Breach is a rule broken by a unit's figure for a period.
type Breach struct {
	ID           int64      `json:"id"`
	RuleID       int64      `json:"rule_id"`
	Rule         string     `json:"rule"`
	Kind         RuleKind   `json:"kind"`
	IndicatorID  int64      `json:"indicator_id"`
	Unit         UnitRef    `json:"unit"`
	Period       Period     `json:"period"`
	Value        float64    `json:"value"`
	Baseline     float64    `json:"baseline"`
	Status       string     `json:"status"`
	DetectedAt   time.Time  `json:"detected_at"`
	ResolvedAt   *time.Time `json:"resolved_at"`
	AssignmentID *int64     `json:"assignment_id"` // the supervised item it became
}

// Describe says the breach in a sentence, with its figures.
func (b *Breach) Describe(x *Indicator) string {
	f := func(v float64) string { return FormatFigure(v, x.Decimals) }
	switch b.Kind {
	case RuleNoDecreaseYTD:
		return fmt.Sprintf("%s%s累计%s%s，低于上年同期累计%s%s", b.Unit.Name, b.Period.Chinese(), f(b.Value), x.Measure, f(b.Baseline), x.Measure)
	case RuleNoDecreasePeriod:
		return fmt.Sprintf("%s%s当期%s%s，低于上年同期%s%s", b.Unit.Name, b.Period.Chinese(), f(b.Value), x.Measure, f(b.Baseline), x.Measure)
	case RuleTarget:
		return fmt.Sprintf("%s%s累计%s%s，未达年度目标进度%s%s", b.Unit.Name, b.Period.Chinese(), f(b.Value), x.Measure, f(b.Baseline), x.Measure)
	}
	return fmt.Sprintf("%s%s为%s%s，超出“%s”的界限%s%s", b.Unit.Name, b.Period.Chinese(), f(b.Value), x.Measure, b.Rule, f(b.Baseline), x.Measure)
}

// FormatFigure writes v with the given decimals.
func FormatFigure(v float64, decimals int) string {
	return fmt.Sprintf("%.*f", decimals, v)
}

// Approval is the lead unit's approval of an indicator's figures for a
// period; it locks them.
type Approval struct {
	IndicatorID int64     `json:"indicator_id"`
	Period      Period    `json:"period"`
	ApprovedBy  string    `json:"approved_by"`
	ApprovedAt  time.Time `json:"approved_at"`
}

// Completeness tells, for one unit and period, whether and when it reported.
type Completeness struct {
	Unit     UnitRef    `json:"unit"`
	Period   Period     `json:"period"`
	Due      Date       `json:"due"`
	Reported bool       `json:"reported"`
	OnTime   bool       `json:"on_time"`
	FirstAt  *time.Time `json:"first_at"`
	Approved bool       `json:"approved"`
}
