package duban

import "testing"

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		t    PeriodType
		in   string
		want string
		ok   bool
	}{
		{PeriodMonthly, "2025-01", "2025-01", true},
		{PeriodMonthly, "２０２５-3", "2025-03", true},
		{PeriodMonthly, "202512", "2025-12", true},
		{PeriodMonthly, "2025-13", "", false},
		{PeriodQuarterly, "2025-q2", "2025-Q2", true},
		{PeriodYearly, "2024年", "2024", true},
		{PeriodYearly, "abc", "", false},
	}
	for _, c := range cases {
		p, err := ParsePeriod(c.t, c.in)
		if (err == nil) != c.ok || (c.ok && p.String() != c.want) {
			t.Errorf("ParsePeriod(%s, %q) = %s, %v; want %s ok=%v", c.t, c.in, p, err, c.want, c.ok)
		}
	}
	if d := (Period{Type: PeriodQuarterly, Year: 2025, N: 1}).End(); d.String() != "2025-03-31" {
		t.Errorf("end of 2025-Q1: got %s", d)
	}
}

func TestRuleEvaluate(t *testing.T) {
	lo, hi := 1.0, 3.0
	sum := &Indicator{PeriodType: PeriodMonthly, Aggregation: AggSum}
	ytd := &Indicator{PeriodType: PeriodMonthly, Aggregation: AggYTD}
	s := Series{"2024-01": 5, "2024-02": 5, "2025-01": 6, "2025-02": 3}
	y := Series{"2024-01": 5, "2024-02": 10, "2025-01": 6, "2025-02": 9}
	other := Series{"2025-02": 2}
	feb := Period{Type: PeriodMonthly, Year: 2025, N: 2}
	cases := []struct {
		name         string
		x            *Indicator
		r            IndicatorRule
		s            Series
		breach       bool
		value, basis float64
	}{
		{"sum ytd 9 vs 10", sum, IndicatorRule{Kind: RuleNoDecreaseYTD}, s, true, 9, 10},
		{"sum period 3 vs 5", sum, IndicatorRule{Kind: RuleNoDecreasePeriod}, s, true, 3, 5},
		{"cumulative ytd 9 vs 10", ytd, IndicatorRule{Kind: RuleNoDecreaseYTD}, y, true, 9, 10},
		{"cumulative period 3 vs 5", ytd, IndicatorRule{Kind: RuleNoDecreasePeriod}, y, true, 3, 5},
		{"range inside", sum, IndicatorRule{Kind: RuleRange, Min: &lo, Max: &hi}, s, false, 3, 1},
		{"ratio 3/2 above 1", sum, IndicatorRule{Kind: RuleRatio, Max: &lo, OtherID: 9}, s, true, 1.5, 1},
		{"target straight: 9 vs 120×2/12", sum, IndicatorRule{Kind: RuleTarget, Target: 120}, s, true, 9, 20},
		{"target seasonal: 9 vs 120×(1+1)/24", sum, IndicatorRule{Kind: RuleTarget, Target: 120, Weights: []float64{1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3}}, s, true, 9, 10},
	}
	for _, c := range cases {
		got, ok := c.r.Evaluate(c.x, c.s, other, feb)
		if !ok || got.Breach != c.breach || got.Value != c.value || got.Baseline != c.basis {
			t.Errorf("%s: got %+v ok=%v; want breach=%v %v vs %v", c.name, got, ok, c.breach, c.value, c.basis)
		}
	}
	// A sum with a month missing cannot be judged.
	if _, ok := (&IndicatorRule{Kind: RuleNoDecreaseYTD}).Evaluate(sum, Series{"2025-02": 1, "2024-01": 1, "2024-02": 1}, nil, feb); ok {
		t.Error("missing January: evaluated, want not yet")
	}
}
