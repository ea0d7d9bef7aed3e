package store

import (
	"testing"
	"time"
)

func TestParseStoredTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2026-06-10 16:00:00+00:00", time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC)},
		{"2026-06-10 16:00:00.123456+00:00", time.Date(2026, 6, 10, 16, 0, 0, 123456000, time.UTC)},
		{"2026-06-10 16:00:00.123456789+00:00", time.Date(2026, 6, 10, 16, 0, 0, 123456789, time.UTC)},
		{"2026-06-11 00:30:00+08:00", time.Date(2026, 6, 10, 16, 30, 0, 0, time.UTC)},
		{"2026-06-10 11:00:00-05:00", time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC)},
		{"2026-06-10T16:00:00Z", time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC)}, // by time.Parse
		{"2026-06-10 16:00:00", time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC)},
	} {
		var got time.Time
		if err := parseStoredTime(c.in, &got); err != nil || !got.Equal(c.want) {
			t.Errorf("%q: got %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "2026-02-31 10:00:00+00:00", "2026-13-01 10:00:00+00:00", "yesterday", "2026-06-10 16:00:00.+00:00"} {
		var got time.Time
		if err := parseStoredTime(bad, &got); err == nil {
			t.Errorf("%q: got %v, want an error", bad, got)
		}
	}
	// Whatever the driver writes, the fast path reads back exactly.
	for _, tm := range []time.Time{time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 28, 23, 59, 59, 999999000, time.UTC)} {
		s := tm.Format("2006-01-02 15:04:05.999999999-07:00")
		got, ok := parseTimeFast(s)
		if !ok || !got.Equal(tm) || got.Location() != time.UTC {
			t.Errorf("%q: got %v (%v), want %v in UTC", s, got, ok, tm)
		}
	}
}
