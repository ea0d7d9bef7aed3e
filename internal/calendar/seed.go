package calendar

import (
	"slices"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"

	"duban/internal/duban"
)

// Years searched for lunar-go data. Its table starts with 2001-12-29 (worked
// for the 2002 New Year) and ends with 2027; the margin keeps years that a
// newer release or HolidayUtil.Fix adds.
const (
	seedFirstYear = 1990
	seedLastYear  = 2100
)

// Seed returns the exceptions for every year that lunar-go's HolidayUtil
// knows, in date order: statutory holidays named as lunar-go names them
// (元旦节, 春节, 国庆中秋, …) and adjusted working days with 调休 appended
// (春节调休). It reflects HolidayUtil's data at the time of the call, so
// patches made with HolidayUtil.Fix are included.
func Seed() []Day {
	var days []Day
	for y := seedFirstYear; y <= seedLastYear; y++ {
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := duban.ParseDate(h.GetDay())
			if err != nil || d.IsZero() {
				continue // lunar-go's table is well formed; skip rather than panic if not
			}
			name := h.GetName()
			if h.IsWork() {
				name += "调休"
			}
			days = append(days, Day{Date: d, Workday: h.IsWork(), Name: name})
		}
	}
	// lunar-go's table is in date order today; sorting keeps Seed's promise
	// whatever a newer release or HolidayUtil.Fix does to it.
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.Time().Compare(b.Date.Time()) })
	return days
}

var defaultCalendar = sync.OnceValue(func() *Calendar { return New(Seed()) })

// Default returns New(Seed()). It is built once and shared, which is safe
// because a Calendar never changes.
func Default() *Calendar { return defaultCalendar() }
