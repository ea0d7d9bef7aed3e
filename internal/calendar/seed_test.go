package calendar

import (
	"slices"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// TestSeedArrangements checks Seed against the State Council's published
// arrangements (国务院办公厅关于部分节假日安排的通知).
func TestSeedArrangements(t *testing.T) {
	tests := []struct {
		name     string
		from, to string // inclusive
		workday  bool
		wantName string
	}{
		{"2024 春节", "2024-02-10", "2024-02-17", false, "春节"},
		{"2024 春节 adjusted Sunday before", "2024-02-04", "2024-02-04", true, "春节调休"},
		{"2024 春节 adjusted Sunday after", "2024-02-18", "2024-02-18", true, "春节调休"},
		{"2024 国庆节", "2024-10-01", "2024-10-07", false, "国庆节"},
		{"2024 国庆节 adjusted Sunday", "2024-09-29", "2024-09-29", true, "国庆节调休"},
		{"2024 国庆节 adjusted Saturday", "2024-10-12", "2024-10-12", true, "国庆节调休"},
		{"2025 春节", "2025-01-28", "2025-02-04", false, "春节"},
		{"2025 春节 adjusted Sunday", "2025-01-26", "2025-01-26", true, "春节调休"},
		{"2025 春节 adjusted Saturday", "2025-02-08", "2025-02-08", true, "春节调休"},
		{"2025 国庆中秋", "2025-10-01", "2025-10-08", false, "国庆中秋"},
		{"2025 国庆中秋 adjusted Sunday", "2025-09-28", "2025-09-28", true, "国庆中秋调休"},
		{"2025 国庆中秋 adjusted Saturday", "2025-10-11", "2025-10-11", true, "国庆中秋调休"},
		{"2026 元旦节 adjusted Sunday", "2026-01-04", "2026-01-04", true, "元旦节调休"},
		{"2026 春节", "2026-02-15", "2026-02-23", false, "春节"},
		{"2026 春节 adjusted Saturday before", "2026-02-14", "2026-02-14", true, "春节调休"},
		{"2026 春节 adjusted Saturday after", "2026-02-28", "2026-02-28", true, "春节调休"},
		{"2026 中秋节", "2026-09-25", "2026-09-27", false, "中秋节"},
		{"2026 国庆节", "2026-10-01", "2026-10-07", false, "国庆节"},
		{"2026 国庆节 adjusted Sunday", "2026-09-20", "2026-09-20", true, "国庆节调休"},
		{"2026 国庆节 adjusted Saturday", "2026-10-10", "2026-10-10", true, "国庆节调休"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for d := date(tt.from); !d.After(date(tt.to)); d = d.AddDays(1) {
				day, ok := c.Exception(d)
				if !ok {
					t.Fatalf("Exception(%s): got none, want %s", d, tt.wantName)
				}
				if day.Workday != tt.workday || day.Name != tt.wantName {
					t.Errorf("Exception(%s): got %v %s, want %v %s", d, day.Workday, day.Name, tt.workday, tt.wantName)
				}
				if got := c.IsWorkday(d); got != tt.workday {
					t.Errorf("IsWorkday(%s): got %v, want %v", d, got, tt.workday)
				}
			}
		})
	}
}

func TestSeedYears(t *testing.T) {
	c := Default()
	ys := c.Years()
	if got, want := ys[0], 2002; got != want {
		t.Errorf("first year: got %d, want %d", got, want)
	}
	if got, want := ys[len(ys)-1], 2027; got != want {
		t.Errorf("last year: got %d, want %d", got, want)
	}
	for y := 2020; y <= 2027; y++ {
		if !c.Covers(y) {
			t.Errorf("Covers(%d): got false, want true", y)
		}
	}
	if c.Covers(2028) {
		t.Errorf("Covers(2028): got true, want false")
	}
	// Adjusted working days per year; 2024 had eight, more than usual.
	// lunar-go also marks two ordinary weekdays of 2012 (05-02, 10-08) as
	// adjusted working days; harmless, so only later years are checked.
	want := map[int]int{2024: 8, 2025: 5, 2026: 6, 2027: 5}
	got := map[int]int{}
	for _, d := range Seed() {
		if d.Workday {
			got[d.Date.Time().Year()]++
			if wd := d.Date.Time().Weekday(); wd != time.Saturday && wd != time.Sunday && d.Date.Time().Year() >= 2013 {
				t.Errorf("%s %s: an adjusted working day on a %s", d.Date, d.Name, wd)
			}
		}
	}
	for y, w := range want {
		if got[y] != w {
			t.Errorf("adjusted working days in %d: got %d, want %d", y, got[y], w)
		}
	}
}

func TestSeedSorted(t *testing.T) {
	days := Seed()
	sorted := slices.IsSortedFunc(days, func(a, b Day) int { return a.Date.Time().Compare(b.Date.Time()) })
	if !sorted {
		t.Errorf("Seed: got unsorted days, want date order")
	}
	for i := 1; i < len(days); i++ {
		if days[i].Date == days[i-1].Date {
			t.Errorf("Seed: got %s twice, want each date once", days[i].Date)
		}
	}
}

// TestSeedMatchesLunarGo looks every day up in HolidayUtil directly, so a
// year that GetHolidaysByYear misses would show.
func TestSeedMatchesLunarGo(t *testing.T) {
	c := Default()
	for d := date("2001-01-01"); d.Before(date("2029-01-01")); d = d.AddDays(1) {
		tm := d.Time()
		h := HolidayUtil.GetHolidayByYmd(tm.Year(), int(tm.Month()), tm.Day())
		day, ok := c.Exception(d)
		if (h != nil) != ok {
			t.Fatalf("%s: got exception %v, lunar-go has %v", d, ok, h)
		}
		if ok && day.Workday != h.IsWork() {
			t.Errorf("%s: got workday %v, lunar-go says %v", d, day.Workday, h.IsWork())
		}
	}
}
