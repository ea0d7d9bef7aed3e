package duban

import "testing"

// FuzzParseDate checks that no text makes ParseDate panic or fail with
// anything but a clerk's error, and that a date it reads reads back the
// same from its YYYY-MM-DD form. Seeds: testdata/fuzz/FuzzParseDate.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if ErrorCode(err) == Internal || ErrorMessage(err) == "" {
				t.Fatalf("ParseDate(%q): got %v, want a clerk's error", s, err)
			}
			return
		}
		if d.IsZero() || d.Time().Year() < 1 || d.Time().Year() > 9999 {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %s, which reads back as %s, %v", s, d, back, err)
		}
	})
}
