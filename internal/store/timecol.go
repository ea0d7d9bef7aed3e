package store

import (
	"fmt"
	"time"
)

// Timestamps are TIMESTAMPTZ on PostgreSQL, which the driver decodes from
// binary, and text on SQLite, written by the driver as
// 2006-01-02 15:04:05.999999999-07:00 (_time_format=sqlite). For a column
// declared TIMESTAMP the SQLite driver parses that text itself, trying
// several layouts with time.Parse: about 0.7 µs a value, or a sixth of a
// page of 50 assignments with four timestamps each. The hot queries
// therefore select a timestamp as tsCol(column), which hides the declared
// type on SQLite (and changes nothing on PostgreSQL), and scan it with
// scanTime or scanNullTime, which parse the one layout directly.

// tsCol is a timestamp column selected so that SQLite hands over its text.
func tsCol(col string) string { return "COALESCE(" + col + ", " + col + ")" }

// scanTime scans a timestamp into *t.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v
		return nil
	case string:
		return parseStoredTime(v, s.t)
	case []byte:
		return parseStoredTime(string(v), s.t)
	}
	return fmt.Errorf("store: cannot read %T as a time", src)
}

// scanNullTime scans a timestamp that may be NULL into *t.
type scanNullTime struct{ t **time.Time }

func (s scanNullTime) Scan(src any) error {
	if src == nil {
		*s.t = nil
		return nil
	}
	var t time.Time
	if err := (scanTime{&t}).Scan(src); err != nil {
		return err
	}
	*s.t = &t
	return nil
}

// parseStoredTime parses a timestamp as the SQLite driver writes it, by
// position; anything else goes to time.Parse with the layouts the driver
// reads.
func parseStoredTime(s string, t *time.Time) error {
	if v, ok := parseTimeFast(s); ok {
		*t = v
		return nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = v
			return nil
		}
	}
	return fmt.Errorf("store: cannot read %q as a time", s)
}

// parseTimeFast reads 2006-01-02 15:04:05[.fraction](+|-)07:00 as an
// instant in UTC.
func parseTimeFast(s string) (time.Time, bool) {
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		digits := j - i - 1
		if digits == 0 || digits > 9 {
			return time.Time{}, false
		}
		nsec, _ = num(i+1, j)
		for range 9 - digits {
			nsec *= 10
		}
		i = j
	}
	if len(s) != i+6 || (s[i] != '+' && s[i] != '-') || s[i+3] != ':' {
		return time.Time{}, false
	}
	zh, ok7 := num(i+1, i+3)
	zm, ok8 := num(i+4, i+6)
	if !ok7 || !ok8 {
		return time.Time{}, false
	}
	offset := zh*3600 + zm*60
	if s[i] == '-' {
		offset = -offset
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // 2026-02-31 and the like
		return time.Time{}, false
	}
	// The instant, in UTC, as the store writes every time.
	return t.Add(-time.Duration(offset) * time.Second), true
}
