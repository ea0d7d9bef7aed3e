package duban

import "fmt"

// TRL is a technology readiness level (技术就绪度), 1 to 9, in the sense of
// GB/T 22900-2022 科学技术研究项目评价通则: from a principle first observed to
// a system proven in use.
type TRL int

// trlNames describes each level in Chinese and English, worded after the
// meaning of the standard's nine levels.
var trlNames = [10][2]string{
	{},
	{"基本原理被发现并形成报告", "basic principle observed and reported"},
	{"形成技术概念或应用设想", "technology concept or application formulated"},
	{"关键功能和特性通过分析和实验得到原理验证", "key function proven in principle by analysis and experiment"},
	{"关键部件或功能模块在实验室环境中通过验证", "component or module validated in the laboratory"},
	{"部件或模块在相关（模拟使用）环境中通过验证", "component or module validated in a relevant environment"},
	{"系统或原型在相关（模拟使用）环境中完成演示", "system or prototype demonstrated in a relevant environment"},
	{"原型样机在实际使用环境中完成演示验证", "prototype demonstrated in the operational environment"},
	{"实际系统完成试验验证，具备定型或试产条件", "actual system completed and qualified by test"},
	{"实际系统在使用中得到验证，实现批量生产或推广应用", "actual system proven in use, produced or deployed at scale"},
}

// Valid reports whether l is one of the nine levels.
func (l TRL) Valid() bool { return l >= 1 && l <= 9 }

// Chinese returns the level's Chinese description, e.g. "TRL4 关键部件或功能模块…".
func (l TRL) Chinese() string {
	if !l.Valid() {
		return ""
	}
	return trlNames[l][0]
}

// English returns the level's English description.
func (l TRL) English() string {
	if !l.Valid() {
		return ""
	}
	return trlNames[l][1]
}

// String names the level as "TRL n".
func (l TRL) String() string {
	if !l.Valid() {
		return "—"
	}
	return fmt.Sprintf("TRL%d", int(l))
}

// TRLLevel is one level with its descriptions, for lists and forms.
type TRLLevel struct {
	Level   TRL    `json:"level"`
	Chinese string `json:"zh"`
	English string `json:"en"`
}

// TRLLevels lists the nine levels in order.
func TRLLevels() []TRLLevel { return TRLLevelsFrom(1) }

// TRLLevelsFrom lists the levels from l (at least 1) up to 9 in order.
func TRLLevelsFrom(l TRL) []TRLLevel {
	if l < 1 {
		l = 1
	}
	out := make([]TRLLevel, 0, 9)
	for ; l <= 9; l++ {
		out = append(out, TRLLevel{l, l.Chinese(), l.English()})
	}
	return out
}

// Money is an amount in yuan (元); pages show it in 万元.
type Money int64

// Wan formats m in 万元 with two decimals, e.g. "1,250.00".
func (m Money) Wan() string {
	neg := m < 0
	if neg {
		m = -m
	}
	cents := (int64(m) + 50) / 100 // in hundredths of 万元
	whole, frac := cents/100, cents%100
	s := fmt.Sprint(whole)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return fmt.Sprintf("%s.%02d", s, frac)
}

// WanFloat is m in 万元 as a number, for charts.
func (m Money) WanFloat() float64 { return float64(m) / 10000 }
