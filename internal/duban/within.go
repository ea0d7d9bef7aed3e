package duban

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Within is a deadline written as a span from a start the text does not
// name: 3个月内, 半年内, 两年内, 30日内, 15个工作日内, 反馈后2个月内完成.
// The import counts it from the feedback's date when the document gives
// one, else from the day of the import, and says so.
type Within struct {
	Months   int `json:"months,omitempty"`
	Days     int `json:"days,omitempty"`
	Workdays int `json:"workdays,omitempty"`
}

// withinPattern reads a span: an optional start (反馈后, 自收到反馈意见之日起),
// a number (digits, 一…九十九, 两, 半), a unit and 内, then perhaps 完成.
var withinPattern = regexp.MustCompile(`^(?:([^0-9]{0,16}?)(?:后|起))?(\d{1,3}|[一二两三四五六七八九十]{1,3}|半)个?(月|年|周|星期|天|日|工作日)(?:内|之内|以内)(?:完成|办结|整改到位|整改完成|整改完毕|落实到位)?$`)

// withinStarts are the words a span's start may name: the feedback, the
// plan, the notice. Any other start (项目竣工后, 验收后) is no day the import
// can know.
var withinStarts = []string{"反馈", "收到", "接到", "交办", "印发", "下发", "通报", "意见", "方案", "巡视", "巡察", "本"}

// ParseWithin reads a deadline written as a span; false when s is none.
func ParseWithin(s string) (Within, bool) {
	t := strings.TrimRight(normalizeDeadline(s), "。.；;，,")
	m := withinPattern.FindStringSubmatchIndex(t)
	if m == nil {
		return Within{}, false
	}
	if m[2] >= 0 {
		start := t[m[2]:m[3]]
		if !slices.ContainsFunc(withinStarts, func(w string) bool { return strings.Contains(start, w) }) {
			return Within{}, false // 项目竣工后3个月内: counted from a day not known
		}
	}
	num, unit := t[m[4]:m[5]], t[m[6]:m[7]]
	half := num == "半"
	n := 0
	if !half {
		var ok bool
		if n, ok = ParseChineseNumeral(num); !ok || n <= 0 {
			return Within{}, false
		}
	}
	var w Within
	switch unit {
	case "年":
		w.Months = 12 * n
		if half {
			w.Months = 6
		}
	case "月":
		w.Months = n
		if half {
			w.Days = 15
		}
	case "周", "星期":
		w.Days = 7 * n
		if half {
			return Within{}, false
		}
	case "天", "日":
		w.Days = n
		if half {
			return Within{}, false
		}
	case "工作日":
		w.Workdays = n
		if half {
			return Within{}, false
		}
	}
	if w.Months > 120 || w.Days > 3650 || w.Workdays > 2500 {
		return Within{}, false
	}
	return w, true
}

// String writes the span as officials do: 3个月, 15日, 10个工作日.
func (w Within) String() string {
	switch {
	case w.Workdays > 0:
		return fmt.Sprintf("%d个工作日", w.Workdays)
	case w.Months > 0 && w.Days > 0:
		return fmt.Sprintf("%d个月%d日", w.Months, w.Days)
	case w.Months > 0:
		return fmt.Sprintf("%d个月", w.Months)
	}
	return fmt.Sprintf("%d日", w.Days)
}

// AddMonths returns d moved by n calendar months, kept within the month it
// lands in: 2024年11月30日 plus 3 months is 2025年2月28日.
func (d Date) AddMonths(n int) Date {
	day := d.t.Day()
	first := d.t.AddDate(0, 0, 1-day).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.AddDate(0, 0, min(day, last)-1)}
}
