package duban

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodType is how often an indicator is reported.
type PeriodType string

// Period types.
const (
	PeriodMonthly   PeriodType = "monthly"
	PeriodQuarterly PeriodType = "quarterly"
	PeriodYearly    PeriodType = "yearly"
)

// PeriodTypeNames maps each period type to its Chinese name.
var PeriodTypeNames = map[PeriodType]string{PeriodMonthly: "按月", PeriodQuarterly: "按季", PeriodYearly: "按年"}

// PerYear returns how many periods of type t a year has.
func (t PeriodType) PerYear() int {
	switch t {
	case PeriodMonthly:
		return 12
	case PeriodQuarterly:
		return 4
	}
	return 1
}

// Aggregation says what a reported figure means across a year.
type Aggregation string

// Aggregations.
const (
	AggSum   Aggregation = "sum"   // each period's own amount; the year is their sum
	AggYTD   Aggregation = "ytd"   // each figure is the year to date (1—N月累计)
	AggLast  Aggregation = "last"  // a level (e.g. a count of enterprises); the year is the last figure
	AggRatio Aggregation = "ratio" // numerator ÷ denominator × 100, computed, never entered
)

// AggregationNames maps each aggregation to its Chinese name.
var AggregationNames = map[Aggregation]string{AggSum: "当期数求和", AggYTD: "累计数", AggLast: "期末数", AggRatio: "两项指标之比"}

// Period is one reporting period: a month, a quarter or a year.
type Period struct {
	Type PeriodType
	Year int
	N    int // month 1–12, quarter 1–4, or 1 for a year
}

// String is the period's key: 2025-01, 2025-Q1 or 2025.
func (p Period) String() string {
	switch p.Type {
	case PeriodMonthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case PeriodQuarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// Chinese names the period: 2025年1月, 2025年第1季度, 2025年.
func (p Period) Chinese() string {
	switch p.Type {
	case PeriodMonthly:
		return fmt.Sprintf("%d年%d月", p.Year, p.N)
	case PeriodQuarterly:
		return fmt.Sprintf("%d年第%d季度", p.Year, p.N)
	}
	return fmt.Sprintf("%d年", p.Year)
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.Year == 0 }

// LastYear returns the same period a year before.
func (p Period) LastYear() Period { p.Year--; return p }

// First returns the first period of p's year.
func (p Period) First() Period { p.N = 1; return p }

// Prev returns the period before p within its year, and false for the first.
func (p Period) Prev() (Period, bool) {
	if p.N <= 1 {
		return p, false
	}
	p.N--
	return p, true
}

// End returns the last day of the period.
func (p Period) End() Date {
	months := 12 / p.Type.PerYear()
	return NewDate(p.Year, time.Month(p.N*months)+1, 1).AddDays(-1)
}

// Before reports whether p comes before q.
func (p Period) Before(q Period) bool {
	return p.Year < q.Year || (p.Year == q.Year && p.N < q.N)
}

// PeriodsOfYear lists the periods of type t in a year.
func PeriodsOfYear(t PeriodType, year int) []Period {
	out := make([]Period, t.PerYear())
	for i := range out {
		out[i] = Period{Type: t, Year: year, N: i + 1}
	}
	return out
}

// ParsePeriod reads a period key of type t: 2025-01 (also 2025-1, 202501),
// 2025-Q1, or 2025. Invalid if it does not fit the type.
func ParsePeriod(t PeriodType, s string) (Period, error) {
	s = strings.ToUpper(strings.TrimSpace(toHalfWidth(s)))
	bad := Errorf(Invalid, "期间“%s”无效，应为 %s", s, periodExample(t))
	p := Period{Type: t, N: 1}
	var err error
	switch t {
	case PeriodMonthly:
		y, m, ok := strings.Cut(s, "-")
		if !ok && len(s) == 6 {
			y, m, ok = s[:4], s[4:], true
		}
		if !ok {
			return p, bad
		}
		if p.Year, err = strconv.Atoi(y); err != nil {
			return p, bad
		}
		if p.N, err = strconv.Atoi(m); err != nil || p.N < 1 || p.N > 12 {
			return p, bad
		}
	case PeriodQuarterly:
		y, q, ok := strings.Cut(s, "-Q")
		if !ok {
			return p, bad
		}
		if p.Year, err = strconv.Atoi(y); err != nil {
			return p, bad
		}
		if p.N, err = strconv.Atoi(q); err != nil || p.N < 1 || p.N > 4 {
			return p, bad
		}
	case PeriodYearly:
		if p.Year, err = strconv.Atoi(strings.TrimSuffix(s, "年")); err != nil {
			return p, bad
		}
	default:
		return p, Errorf(Invalid, "期间类型“%s”无效", string(t))
	}
	if p.Year < 1990 || p.Year > 2100 {
		return p, bad
	}
	return p, nil
}

func periodExample(t PeriodType) string {
	switch t {
	case PeriodMonthly:
		return "2025-01"
	case PeriodQuarterly:
		return "2025-Q1"
	}
	return "2025"
}

// MarshalText writes the period's key.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a period key, its type told by its form.
func (p *Period) UnmarshalText(b []byte) error {
	s := string(b)
	t := PeriodMonthly
	switch {
	case strings.Contains(strings.ToUpper(s), "Q"):
		t = PeriodQuarterly
	case len(s) == 4:
		t = PeriodYearly
	}
	var err error
	*p, err = ParsePeriod(t, s)
	return err
}

// Indicator is a monitored figure (监测指标) that units report each period.
type Indicator struct {
	ID          int64       `json:"id"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Aliases     []string    `json:"aliases"`
	Measure     string      `json:"measure"` // 计量单位: 亿元, %, 家
	PeriodType  PeriodType  `json:"period_type"`
	Aggregation Aggregation `json:"aggregation"`
	// NumeratorID and DenominatorID name the two indicators of a ratio.
	NumeratorID   int64   `json:"numerator_id,omitempty"`
	DenominatorID int64   `json:"denominator_id,omitempty"`
	AllowNegative bool    `json:"allow_negative"`
	Decimals      int     `json:"decimals"`
	LeadUnitID    int64   `json:"lead_unit_id"` // reviews, approves and supervises
	UnitIDs       []int64 `json:"unit_ids"`     // the reporting units
	// DueDay is the day of the month after a period ends by which its figures
	// are due; a rest day moves it to the next working day.
	DueDay int `json:"due_day"`
	// PlanID is the monitoring plan that breaches become items in, once made.
	PlanID    int64     `json:"plan_id,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks an indicator before it is written.
func (x *Indicator) Validate() error {
	p := Problems{}
	x.Code, x.Name, x.Measure = strings.TrimSpace(x.Code), strings.TrimSpace(x.Name), strings.TrimSpace(x.Measure)
	if x.Code == "" || strings.ContainsAny(x.Code, " /") {
		p.Add("code", "请填写指标代码（不含空格和斜杠）")
	}
	if x.Name == "" {
		p.Add("name", "请填写指标名称")
	}
	if x.PeriodType == "" {
		x.PeriodType = PeriodMonthly
	}
	if _, ok := PeriodTypeNames[x.PeriodType]; !ok {
		p.Add("period_type", "报送周期应为 monthly、quarterly 或 yearly")
	}
	if x.Aggregation == "" {
		x.Aggregation = AggSum
	}
	if _, ok := AggregationNames[x.Aggregation]; !ok {
		p.Add("aggregation", "汇总方式应为 sum、ytd、last 或 ratio")
	}
	if x.Aggregation == AggRatio && (x.NumeratorID == 0 || x.DenominatorID == 0) {
		p.Add("numerator_id", "比率指标须指定分子和分母指标")
	}
	if x.LeadUnitID == 0 {
		p.Add("lead_unit_id", "请选择牵头单位")
	}
	if x.DueDay == 0 {
		x.DueDay = 10
	}
	if x.DueDay < 1 || x.DueDay > 28 {
		p.Add("due_day", "报送截止日应在1至28日之间")
	}
	if x.Decimals < 0 || x.Decimals > 6 {
		p.Add("decimals", "小数位数应在0至6之间")
	}
	aliases := x.Aliases[:0:0]
	for _, a := range x.Aliases {
		if a = strings.TrimSpace(a); a != "" {
			aliases = append(aliases, a)
		}
	}
	x.Aliases = aliases
	return p.Err()
}

// Names returns the name and the aliases.
func (x *Indicator) Names() []string { return append([]string{x.Name}, x.Aliases...) }

// Reports reports whether unit reports the indicator.
func (x *Indicator) Reports(unit int64) bool {
	for _, id := range x.UnitIDs {
		if id == unit {
			return true
		}
	}
	return false
}

// DueBefore returns the calendar day a period's figures are due before a
// rest day moves it: DueDay of the month after the period ends.
func (x *Indicator) DueBefore(p Period) Date {
	end := p.End()
	return NewDate(end.Time().Year(), end.Time().Month()+1, x.DueDay)
}

// IndicatorValue is one figure a unit gave for a period. Values are never
// changed: a later figure for the same unit and period supersedes it, so the
// history shows every figure, who gave it, when, and why it was corrected.
type IndicatorValue struct {
	ID          int64     `json:"id"`
	IndicatorID int64     `json:"indicator_id"`
	Unit        UnitRef   `json:"unit"`
	Period      Period    `json:"period"`
	Value       float64   `json:"value"`
	Reason      string    `json:"reason,omitempty"`
	Correction  bool      `json:"correction"` // entered after the period was approved
	EnteredBy   string    `json:"entered_by"`
	EnteredAt   time.Time `json:"entered_at"`
}

// ValueInput is one figure to write.
type ValueInput struct {
	UnitID int64   `json:"unit_id"`
	Period string  `json:"period"`
	Value  float64 `json:"value"`
}

// Series holds a unit's figures by period key.
type Series map[string]float64

// PeriodAmount returns the amount of period p alone: for year-to-date
// figures, this period's less the previous one's.
func (x *Indicator) PeriodAmount(s Series, p Period) (float64, bool) {
	v, ok := s[p.String()]
	if !ok || x.Aggregation != AggYTD {
		return v, ok
	}
	prev, ok := p.Prev()
	if !ok {
		return v, true
	}
	pv, ok := s[prev.String()]
	return v - pv, ok
}

// YTD returns the year-to-date figure at p: the sum of the periods so far
// (all must be reported), the figure itself for year-to-date and level
// indicators, and the figure for ratios.
func (x *Indicator) YTD(s Series, p Period) (float64, bool) {
	if x.Aggregation != AggSum {
		v, ok := s[p.String()]
		return v, ok
	}
	var sum float64
	for q := p.First(); !p.Before(q); q.N++ {
		v, ok := s[q.String()]
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum, true
}

// IndicatorFilter selects indicators.
type IndicatorFilter struct {
	UnitID     int64 // indicators this unit reports
	LeadUnitID int64
}

// HalfWidth turns full-width digits and punctuation into ASCII, as sheets
// typed on Chinese keyboards often hold them.
func HalfWidth(s string) string { return toHalfWidth(s) }

// FigureBook is a monitoring workbook as read, before it is matched against
// indicators and units: the texts that may name the indicator (titles,
// headers, an indicator column), the figures by unit name and period, and
// what could not be read.
type FigureBook struct {
	Names   []string      `json:"names"`
	Measure string        `json:"measure"` // from a 单位：亿元 line, if any
	Figures []Figure      `json:"figures"`
	Errors  []FigureError `json:"errors"`
	// Growth are the figures of growth-rate columns (同比增长%, 增速)
	// beside the figures: the figures of an indicator that is itself a
	// rate, passed over for any other. Their Basis is that of the rate
	// (当月增速, 累计增速), "" when the column does not say.
	Growth []Figure `json:"growth,omitempty"`
	// Warnings are what was passed over and should be checked (a region's
	// total row), which do not refuse the workbook.
	Warnings []FigureError `json:"warnings"`
}

// Figure is one filled cell of a monitoring workbook.
type Figure struct {
	Sheet  string  `json:"sheet"`
	Row    int     `json:"row"`    // 1-based Excel row
	Column string  `json:"column"` // Excel column letter and header, as in "C（2月）"
	Unit   string  `json:"unit"`   // as written
	Period Period  `json:"period"`
	Value  float64 `json:"value"`
	// Basis tells what a figure counts when the sheet says: BasisPeriod (当月,
	// the period alone) or BasisYTD (累计, the year to date); "" when it
	// does not.
	Basis string `json:"basis,omitempty"`
	// Part marks a breakdown of the unit above (其中：西咸新区): imported
	// when its unit reports the indicator, passed over with a warning when not.
	Part bool `json:"part,omitempty"`
	// Percent marks a figure written as a per cent (2.5%, or a cell
	// formatted so), which an indicator of amounts or counts is warned of.
	Percent bool `json:"percent,omitempty"`
}

// Bases of a figure in a workbook that gives both.
const (
	BasisPeriod = "period"
	BasisYTD    = "ytd"
	// BasisGrowth marks a column of growth rates (同比, 增速) as the reader
	// classifies it; its figures go to FigureBook.Growth.
	BasisGrowth = "growth"
)

// FigureError is one problem with one cell of a monitoring workbook; Row is
// 0 when it concerns a whole sheet.
type FigureError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

// FigureTable is what an export of an indicator's figures holds: the units
// in order and their figures by period key, over whole years.
type FigureTable struct {
	Name    string
	Measure string
	Type    PeriodType
	Years   []int
	Units   []string
	Values  map[string]Series // by unit name
	Decimal int
}

// GrowthWords name a growth rate after a quantity's name (固定资产投资增速,
// …增长率): a title of them holds percentages, not the quantity's figures.
var GrowthWords = []string{"增速", "增长率", "增幅", "同比增长", "增长速度"}
