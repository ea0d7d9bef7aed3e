package web

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"duban/internal/duban"
)

// jsonStrings are texts whose quoting differs between careless encoders:
// HTML characters, control characters, invalid UTF-8, the JavaScript line
// separators, and Chinese.
var jsonStrings = []string{
	"", "整改举措：规范公务用车", `引号"与\反斜杠`, "<script>&amp;</script>", "换\n行\r回\t车\b退\f页",
	"\x00\x01\x1f\x7f", "坏\xff字节\xe4\xb8", "行分隔\u2028段分隔\u2029", "emoji 😀 与全角　空格", "a\u00e9\u0301",
}

func assignmentSamples() []duban.Assignment {
	closed := time.Date(2026, 11, 30, 9, 15, 0, 123456789, duban.ChinaTime)
	assigned := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	left, late := 12, -3
	var out []duban.Assignment
	for i, s := range jsonStrings {
		a := duban.Assignment{ID: int64(i + 1), TaskID: 1000 + int64(i), PlanID: 7, AspectID: -1, Unit: duban.UnitRef{ID: 51, Name: s},
			Lead: i%2 == 0, Status: duban.Status(s), DeadlineKind: duban.DeadlineKind("date"), LastPeriod: s, TaskTitle: s,
			Light: duban.Light(s), Version: i, CreatedAt: assigned, UpdatedAt: closed}
		switch i % 3 {
		case 0:
			a.Deadline, a.OriginalDeadline, a.NoticeDue = duban.DateOf(closed), duban.DateOf(assigned), duban.DateOf(closed)
			a.ClosedAt, a.AssignedAt, a.WorkdaysLeft = &closed, &assigned, &left
			a.PhaseComplete, a.SignedOff = true, true
		case 1:
			a.WorkdaysLeft, a.Warnings = &late, []string{s, "时限是休息日"}
		case 2:
			a.Warnings = []string{}
		}
		out = append(out, a)
	}
	return out
}

// The list written by appending is what encoding/json's Encoder writes for
// the same page, byte for byte: empty, nil and full pages, every field
// empty and set, and texts that need escaping.
func TestAssignmentJSONMatchesEncoding(t *testing.T) {
	pages := []duban.List[duban.Assignment]{
		{}, {Items: []duban.Assignment{}}, {Items: assignmentSamples(), NextCursor: "eyJkIjoiMjAyNi0xMi0wNCJ9"},
		{Items: assignmentSamples()[:1], NextCursor: "<&>"},
	}
	for i, l := range pages {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(l); err != nil {
			t.Fatal(err)
		}
		if got := appendAssignmentList(nil, l); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("page %d:\n got %s\nwant %s", i, got, want.Bytes())
		}
	}
}

// FuzzJSONString holds the string quoting to encoding/json's for any bytes.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}
