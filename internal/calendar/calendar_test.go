package calendar

import (
	"testing"

	"duban/internal/duban"
)

func date(s string) duban.Date { return duban.MustDate(s) }

func TestIsWorkday(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		day  string
		want bool
	}{
		{"plain Monday", "2024-03-11", true},
		{"plain Saturday", "2024-03-09", false},
		{"plain Sunday", "2024-03-10", false},
		{"adjusted Saturday 2024 国庆", "2024-10-12", true},
		{"adjusted Sunday 2024 国庆", "2024-09-29", true},
		{"Sunday after adjusted Saturday", "2024-10-13", false},
		{"holiday Monday 2024 国庆", "2024-10-07", false},
		{"first day back 2024", "2024-10-08", true},
		{"除夕 2024 is not a holiday", "2024-02-09", true},
		{"holiday Wednesday 2025 国庆中秋", "2025-10-08", false},
		{"adjusted Saturday 2025", "2025-10-11", true},
		{"adjusted Sunday 2026 元旦", "2026-01-04", true},
		{"holiday Monday 2026 春节", "2026-02-23", false},
		{"weekday out of range follows the week", "2028-10-02", true},
		{"weekend out of range follows the week", "2028-10-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsWorkday(date(tt.day)); got != tt.want {
				t.Errorf("IsWorkday(%s): got %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero", "2024-09-27", 0, "2024-09-27"},
		{"zero on a weekend", "2024-03-09", 0, "2024-03-09"},
		{"next day", "2024-03-11", 1, "2024-03-12"},
		{"Friday to Monday", "2024-03-08", 1, "2024-03-11"},
		{"to the adjusted Sunday", "2024-09-27", 1, "2024-09-29"},
		{"over 国庆 2024", "2024-09-30", 1, "2024-10-08"},
		{"to the adjusted Saturday", "2024-10-11", 1, "2024-10-12"},
		{"weekend start", "2024-03-09", 1, "2024-03-11"},
		{"weekend start into 端午", "2024-06-08", 1, "2024-06-11"},
		{"over 春节 2025", "2025-01-27", 1, "2025-02-05"},
		{"into 春节 2025", "2025-01-24", 5, "2025-02-07"},
		{"whole of 2024", "2024-01-01", 251, "2024-12-31"},
		{"back one", "2024-03-12", -1, "2024-03-11"},
		{"back over a weekend", "2024-03-11", -1, "2024-03-08"},
		{"back over 国庆 2024", "2024-10-08", -1, "2024-09-30"},
		{"back to the adjusted Sunday", "2024-10-08", -2, "2024-09-29"},
		{"back from a weekend", "2024-03-10", -1, "2024-03-08"},
		{"back from the adjusted Saturday", "2024-10-12", -1, "2024-10-11"},
		{"back over 春节 2025", "2025-02-05", -1, "2025-01-27"},
		{"no data: normal week", "2028-09-29", 1, "2028-10-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.AddWorkdays(date(tt.from), tt.n); got != date(tt.want) {
				t.Errorf("AddWorkdays(%s, %d): got %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"same day", "2024-03-11", "2024-03-11", 0},
		{"plain week", "2024-03-08", "2024-03-15", 5},
		{"over 国庆 2024", "2024-09-30", "2024-10-08", 1},
		{"around 国庆 2024", "2024-09-27", "2024-10-12", 7},
		{"across 春节 2024", "2024-02-08", "2024-02-19", 3},
		{"across 春节 2025", "2025-01-24", "2025-02-10", 7},
		{"across 国庆中秋 2025", "2025-09-26", "2025-10-13", 7},
		{"weekend start", "2024-03-09", "2024-03-11", 1},
		{"backwards", "2024-10-08", "2024-09-30", -1},
		{"backwards across 春节 2024", "2024-02-19", "2024-02-08", -3},
		{"year 2024", "2024-01-01", "2025-01-01", 251},
		{"year 2025", "2025-01-01", "2026-01-01", 248},
		{"two years", "2024-01-01", "2026-01-01", 251 + 248},
		{"no data: normal week", "2028-09-29", "2028-10-09", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Between(date(tt.a), date(tt.b)); got != tt.want {
				t.Errorf("Between(%s, %s): got %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestWorkdaysLeft(t *testing.T) {
	c := Default()
	tests := []struct {
		name            string
		today, deadline string
		want            int
	}{
		{"due today", "2024-10-08", "2024-10-08", 0},
		{"before 国庆", "2024-09-27", "2024-10-08", 3},
		{"due on the adjusted Saturday", "2024-10-10", "2024-10-12", 2},
		{"overdue over 国庆", "2024-10-08", "2024-09-30", -1},
		{"overdue a week", "2024-10-14", "2024-10-08", -5},
		{"overdue on a holiday", "2024-10-03", "2024-09-30", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.WorkdaysLeft(date(tt.today), date(tt.deadline)); got != tt.want {
				t.Errorf("WorkdaysLeft(%s, %s): got %d, want %d", tt.today, tt.deadline, got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	c := Default()
	tests := []struct {
		name    string
		day     duban.Date
		wantErr string
	}{
		{"covered 2024", date("2024-10-01"), ""},
		{"covered 2027", date("2027-12-31"), ""},
		{"zero date", duban.Date{}, ""},
		{"2028", date("2028-01-03"), "2028年的法定节假日安排尚未录入，请管理员补充"},
		{"2001 has only adjusted days", date("2001-12-29"), "2001年的法定节假日安排尚未录入，请管理员补充"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Missing(tt.day)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Missing(%s): got %v, want nil", tt.day, err)
				}
				return
			}
			if got := duban.ErrorCode(err); got != duban.Invalid {
				t.Errorf("Missing(%s) code: got %q, want %q", tt.day, got, duban.Invalid)
			}
			if got := duban.ErrorMessage(err); got != tt.wantErr {
				t.Errorf("Missing(%s) message: got %q, want %q", tt.day, got, tt.wantErr)
			}
		})
	}
}

func TestNew(t *testing.T) {
	c := New([]Day{
		{Date: date("2028-01-01"), Name: "元旦节"},
		{Date: date("2028-01-03"), Name: "元旦节"},
		{Date: date("2028-01-03"), Workday: true, Name: "改正"}, // later entry wins
		{Date: date("2028-01-08"), Workday: true, Name: "元旦节调休"},
		{Name: "no date"},
	})
	if got, want := c.Years(), []int{2028}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("Years: got %v, want %v", got, want)
	}
	if !c.Covers(2028) || c.Covers(2027) {
		t.Errorf("Covers(2028), Covers(2027): got %v, %v, want true, false", c.Covers(2028), c.Covers(2027))
	}
	if day, ok := c.Exception(date("2028-01-03")); !ok || !day.Workday || day.Name != "改正" {
		t.Errorf("Exception(2028-01-03): got %+v, %v, want the later entry", day, ok)
	}
	if got := c.Between(date("2027-12-31"), date("2028-01-09")); got != 6 {
		t.Errorf("Between: got %d, want 6", got)
	}
	empty := New(nil)
	if got := empty.Between(date("2024-09-30"), date("2024-10-08")); got != 6 {
		t.Errorf("empty Between: got %d, want 6", got)
	}
	if got := empty.AddWorkdays(date("2024-09-30"), 1); got != date("2024-10-01") {
		t.Errorf("empty AddWorkdays: got %s, want 2024-10-01", got)
	}
}

// countSlow counts working days x with a < x ≤ b one day at a time.
func countSlow(c *Calendar, a, b duban.Date) int {
	n := 0
	for x := a.AddDays(1); !x.After(b); x = x.AddDays(1) {
		if c.IsWorkday(x) {
			n++
		}
	}
	return n
}

func FuzzAddWorkdays(f *testing.F) {
	for _, seed := range [][2]int{{0, 0}, {2096, 1}, {2099, 7}, {2292, -1}, {1862, 5}, {3300, 400}, {3600, -400}} {
		f.Add(seed[0], seed[1])
	}
	c := Default()
	base := date("2019-01-01")
	f.Fuzz(func(t *testing.T, offset, n int) {
		d := base.AddDays(((offset % 3700) + 3700) % 3700) // 2019-01-01 to 2029-02
		n %= 401
		got := c.AddWorkdays(d, n)
		if n >= 0 {
			if b := c.Between(d, got); b != n {
				t.Fatalf("Between(%s, AddWorkdays(%s, %d) = %s): got %d, want %d", d, d, n, got, b, n)
			}
			if slow := countSlow(c, d, got); slow != n {
				t.Fatalf("counting day by day from %s to %s: got %d, want %d", d, got, slow, n)
			}
			if n > 0 && !c.IsWorkday(got) {
				t.Fatalf("AddWorkdays(%s, %d) = %s: got a day off, want a working day", d, n, got)
			}
			return
		}
		if !got.Before(d) || !c.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%s, %d) = %s: want a working day before %s", d, n, got, d)
		}
		// Working days in [got, d) must be -n.
		if slow := countSlow(c, got.AddDays(-1), d.AddDays(-1)); slow != -n {
			t.Fatalf("working days in [%s, %s): got %d, want %d", got, d, slow, -n)
		}
	})
}

func BenchmarkBetween(b *testing.B) {
	c := Default()
	from, to := date("2024-01-01"), date("2025-12-31")
	for b.Loop() {
		c.Between(from, to)
	}
}

func BenchmarkAddWorkdays(b *testing.B) {
	c := Default()
	from := date("2024-01-01")
	for b.Loop() {
		c.AddWorkdays(from, 500)
	}
}
