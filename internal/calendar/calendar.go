// Package calendar counts working days under China's public-holiday
// arrangements: the statutory holidays and the adjusted working days (调休)
// that the State Council publishes each year. A Calendar is built from a list
// of exceptions to the normal Monday-to-Friday week; Seed supplies the
// published arrangements that lunar-go carries, and an administrator can add
// a new year's arrangement once it is announced.
//
// The package is pure: no database, no HTTP, no clock.
package calendar

import (
	"slices"
	"sort"
	"time"

	"duban/internal/duban"
)

// Day is an exception to the normal week: a statutory holiday (Workday
// false, Name such as 国庆节) or an adjusted working day on a weekend
// (Workday true, Name such as 国庆节调休).
type Day struct {
	Date    duban.Date `json:"date"`
	Workday bool       `json:"workday"`
	Name    string     `json:"name"`
}

// Calendar answers working-day questions for a fixed set of exceptions. It
// is immutable after New and safe for concurrent use.
//
// Internally a date is a day number (days since 1970-01-01). Count(x), the
// number of working days up to and including x relative to a fixed origin, is
// the Monday-to-Friday count from a formula plus a prefix sum over the
// exceptions that change it, so Between is O(log exceptions) whatever the span.
type Calendar struct {
	days  map[int]Day  // every exception by day number
	adj   []int        // sorted day numbers whose status differs from the normal week
	cum   []int        // cum[i] is the sum of the adjustments of adj[:i]
	years map[int]bool // years with at least one statutory holiday
}

// New returns a Calendar with the given exceptions. Days with a zero Date
// are ignored; when a date appears twice the later entry wins.
func New(days []Day) *Calendar {
	c := &Calendar{days: make(map[int]Day, len(days)), years: make(map[int]bool)}
	for _, d := range days {
		if d.Date.IsZero() {
			continue
		}
		c.days[dayNumber(d.Date)] = d
	}
	delta := make(map[int]int)
	for n, d := range c.days {
		if !d.Workday {
			c.years[d.Date.Time().Year()] = true
		}
		switch weekend := isWeekend(n); {
		case d.Workday && weekend:
			delta[n] = 1
		case !d.Workday && !weekend:
			delta[n] = -1
		}
	}
	c.adj = make([]int, 0, len(delta))
	for n := range delta {
		c.adj = append(c.adj, n)
	}
	slices.Sort(c.adj)
	c.cum = make([]int, len(c.adj)+1)
	for i, n := range c.adj {
		c.cum[i+1] = c.cum[i] + delta[n]
	}
	return c
}

// Exception returns the exception recorded for d, if any.
func (c *Calendar) Exception(d duban.Date) (Day, bool) {
	day, ok := c.days[dayNumber(d)]
	return day, ok
}

// IsWorkday reports whether d is a working day: Monday to Friday unless it
// is a holiday, Saturday or Sunday only if it is an adjusted working day.
// Dates in years without data follow the normal week.
func (c *Calendar) IsWorkday(d duban.Date) bool {
	n := dayNumber(d)
	if day, ok := c.days[n]; ok {
		return day.Workday
	}
	return !isWeekend(n)
}

// Between returns the number of working days x with a < x ≤ b, or
// -Between(b, a) when b is before a.
func (c *Calendar) Between(a, b duban.Date) int {
	return c.count(dayNumber(b)) - c.count(dayNumber(a))
}

// WorkdaysLeft returns the working days from today to deadline, counting
// the deadline but not today. When the deadline has passed it is negative:
// minus the working days after the deadline up to and including today.
func (c *Calendar) WorkdaysLeft(today, deadline duban.Date) int {
	return c.Between(today, deadline)
}

// AddWorkdays returns the date n working days after d, counting from the
// day after d: AddWorkdays(Friday, 1) is the next working day, normally
// Monday. n = 0 returns d itself, even when d is not a working day. A
// negative n counts backwards from the day before d, so AddWorkdays(d, -1)
// is the last working day before d.
func (c *Calendar) AddWorkdays(d duban.Date, n int) duban.Date {
	if n == 0 {
		return d
	}
	x := dayNumber(d)
	if n > 0 {
		// The first y after x with count(y) = count(x)+n.
		return fromDayNumber(c.firstReaching(x, c.count(x)+n))
	}
	// The last working day y < x with -n working days in [y, x): then
	// count(y-1) = count(x-1)+n, and y is the first day reaching one more.
	target := c.count(x-1) + n + 1
	lo := x - 1
	for step := -2*n + 16; c.count(lo) >= target; step *= 2 {
		lo -= step
	}
	return fromDayNumber(c.firstReaching(lo, target))
}

// firstReaching returns the first day y > lo with count(y) ≥ target; it
// requires count(lo) < target. count rises by at most one a day, so y is a
// working day and count(y) = target.
func (c *Calendar) firstReaching(lo, target int) int {
	// About seven calendar days per five working days, plus room for the
	// longest holiday; doubled until it suffices.
	span := 2*(target-c.count(lo)) + 16
	hi := lo + span
	for c.count(hi) < target {
		lo, span = hi, span*2
		hi = lo + span
	}
	// Invariant: count(lo) < target ≤ count(hi).
	return lo + 1 + sort.Search(hi-lo-1, func(i int) bool { return c.count(lo+1+i) >= target })
}

// Years returns, in order, the years whose holiday arrangement is known: the
// years in which at least one statutory holiday falls. Adjusted working days
// alone do not count, since they may belong to the next year's arrangement
// (2001-12-29 was worked for the 2002 New Year).
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Covers reports whether the holiday arrangement of year is known.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// Missing returns an Invalid *duban.Error when d falls in a year whose
// holiday arrangement is not known, so that working days counted there
// ignore holidays; callers show it as a warning. It returns nil for a known
// year and for the zero Date.
func (c *Calendar) Missing(d duban.Date) error {
	if d.IsZero() || c.Covers(d.Time().Year()) {
		return nil
	}
	return duban.Errorf(duban.Invalid, "%d年的法定节假日安排尚未录入，请管理员补充", d.Time().Year())
}

// count returns the number of working days up to and including day n,
// relative to a fixed origin; only differences are meaningful.
func (c *Calendar) count(n int) int {
	i, _ := slices.BinarySearch(c.adj, n+1)
	return weekdaysThrough(n) + c.cum[i]
}

// weekdaysThrough returns the number of Mondays to Fridays from Monday
// 1969-12-29 (day -3) through day n, extended below by floor division so
// that differences are right for any two days.
func weekdaysThrough(n int) int {
	m := n + 3 // days since Monday 1969-12-29
	weeks, rest := floorDiv(m, 7)
	return 5*weeks + min(rest+1, 5)
}

func floorDiv(a, b int) (q, r int) {
	q, r = a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// isWeekend reports whether day n is a Saturday or Sunday.
func isWeekend(n int) bool {
	_, r := floorDiv(n+3, 7) // 0 is Monday
	return r >= 5
}

// dayNumber returns the days from 1970-01-01 to d.
func dayNumber(d duban.Date) int {
	s := d.Time().Unix()
	q, _ := floorDiv(int(s), 86400)
	return q
}

func fromDayNumber(n int) duban.Date {
	return duban.DateOf(time.Unix(int64(n)*86400, 0).UTC())
}
