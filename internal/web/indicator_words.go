package web

import (
	"fmt"
	"time"

	"duban/internal/duban"
)

// breachText says a breach in the page's language, with its figures: the
// unit, the period, the figure and the baseline it fell short of.
func breachText(lang string, x *duban.Indicator, b duban.Breach) string {
	key := "ind.br.limit"
	switch b.Kind {
	case duban.RuleNoDecreaseYTD, duban.RuleNoDecreasePeriod, duban.RuleTarget:
		key = "ind.br." + string(b.Kind)
	}
	return fmt.Sprintf(translate(lang, key), b.Unit.Name, periodName(lang, b.Period),
		figureIn(lang, x, b.Value), figureIn(lang, x, b.Baseline), ruleName(lang, b.Kind, b.Rule))
}

// periodName names a period: 2025年1月 or Jan 2025, 2025年第1季度 or Q1 2025.
func periodName(lang string, p duban.Period) string {
	if lang != "en" {
		return p.Chinese()
	}
	switch p.Type {
	case duban.PeriodMonthly:
		return fmt.Sprintf("%s %d", time.Month(p.N).String()[:3], p.Year)
	case duban.PeriodQuarterly:
		return fmt.Sprintf("Q%d %d", p.N, p.Year)
	}
	return fmt.Sprint(p.Year)
}

// measureWords are the English of the measures monitoring sheets use.
var measureWords = map[string]string{"亿元": " hundred million yuan", "万元": " ten thousand yuan", "元": " yuan", "家": " firms", "个": "", "项": "", "%": "%"}

// figureIn writes a figure with the indicator's measure.
func figureIn(lang string, x *duban.Indicator, v float64) string {
	f := duban.FormatFigure(v, x.Decimals)
	if lang != "en" {
		return f + x.Measure
	}
	if m, ok := measureWords[x.Measure]; ok {
		return f + m
	}
	if x.Measure == "" {
		return f
	}
	return f + " " + x.Measure
}

// ruleName is a rule's name; on English pages a rule keeping its kind's
// Chinese name is called by the kind's English name.
func ruleName(lang string, kind duban.RuleKind, name string) string {
	if lang == "en" && (name == "" || name == duban.RuleKindNames[kind]) {
		return translate(lang, "ind.rule."+string(kind))
	}
	if name == "" {
		return duban.RuleKindNames[kind]
	}
	return name
}
