package duban

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without time or zone. The zero Date means "no
// date" and is stored as NULL. In the database a Date is the text
// YYYY-MM-DD on both backends, which sorts and compares correctly.
type Date struct {
	t time.Time // midnight UTC, or zero
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	return NewDate(t.Year(), t.Month(), t.Day())
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Chinese returns the date as officials write it: 2022年9月30日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.t.Year(), int(d.t.Month()), d.t.Day())
}

// AddDays returns d moved by n calendar days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysUntil returns the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

var (
	dateISO     = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	dateChinese = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$`)
)

// The years a date may have: none of duban's records are older than the
// People's Republic, and a year beyond 2100 is a typing error.
const (
	MinYear = 1949
	MaxYear = 2100
)

// ParseDate reads a date as users write it: 2021-08-26, 2021/8/26,
// 2021.8.26, 2021年8月26日 (full-width digits too). An empty string gives the
// zero Date and no error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Date{}, nil
	}
	m := dateISO.FindStringSubmatch(s)
	if m == nil {
		m = dateChinese.FindStringSubmatch(s)
	}
	if m == nil {
		// 二〇二三年九月二十八日, as signatures of older documents write it
		m = dateChinese.FindStringSubmatch(arabicDate(s))
	}
	if m == nil {
		return Date{}, Errorf(Invalid, "无法识别的日期“%s”，请写作 2021-08-26 或 2021年8月26日", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	da, _ := strconv.Atoi(m[3])
	d := NewDate(y, time.Month(mo), da)
	if mo < 1 || mo > 12 || da < 1 || d.t.Day() != da {
		return Date{}, Errorf(Invalid, "日期“%s”不存在", s)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, Errorf(Invalid, "日期“%s”的年份应在%d年至%d年之间", s, MinYear, MaxYear)
	}
	return d, nil
}

// MustDate parses s and panics on error; for literals in code and tests.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// toHalfWidth turns full-width digits and punctuation into ASCII.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - 0xFEE0
		}
		if r == '\u3000' {
			return ' '
		}
		return r
	}, s)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	// Written directly: every row of a list carries several dates.
	b := append(make([]byte, 0, 12), '"')
	return append(d.t.AppendFormat(b, "2006-01-02"), '"'), nil
}

// UnmarshalJSON accepts null, "" or any form ParseDate accepts.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(Invalid, "日期应为字符串，如 \"2021-08-26\"")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the date as YYYY-MM-DD text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text (or as a time by a driver that parses it).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case time.Time:
		*d = NewDate(v.Year(), v.Month(), v.Day())
		return nil
	}
	return fmt.Errorf("duban: cannot scan %T into Date", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("duban: scan date %q: %w", s, err)
	}
	*d = Date{t}
	return nil
}
