package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"duban/internal/duban"
)

// The assignment list is the API's commonest answer (every unit's own list,
// every filter of the ledger), and encoding/json's reflection was a fifth
// of the server's CPU under load. Its pages are written here by appending,
// byte for byte what encoding/json's Encoder writes for the same value
// (TestAssignmentJSONMatchesEncoding holds the two together): HTML
// characters escaped, invalid UTF-8 replaced, a newline at the end.

var listBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// writeAssignments writes a page of the assignment list with status 200.
func writeAssignments(w http.ResponseWriter, l duban.List[duban.Assignment]) error {
	bp := listBuffers.Get().(*[]byte)
	b := appendAssignmentList((*bp)[:0], l)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	if cap(b) <= 1<<20 {
		*bp = b
		listBuffers.Put(bp)
	}
	return err
}

func appendAssignmentList(b []byte, l duban.List[duban.Assignment]) []byte {
	b = append(b, `{"items":`...)
	if l.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range l.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendAssignment(b, &l.Items[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"next_cursor":`...)
	b = appendJSONString(b, l.NextCursor)
	return append(b, "}\n"...)
}

func appendAssignment(b []byte, a *duban.Assignment) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, a.ID, 10)
	b = append(b, `,"task_id":`...)
	b = strconv.AppendInt(b, a.TaskID, 10)
	b = append(b, `,"plan_id":`...)
	b = strconv.AppendInt(b, a.PlanID, 10)
	b = append(b, `,"aspect_id":`...)
	b = strconv.AppendInt(b, a.AspectID, 10)
	b = append(b, `,"unit":{"id":`...)
	b = strconv.AppendInt(b, a.Unit.ID, 10)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, a.Unit.Name)
	b = append(b, `},"lead":`...)
	b = strconv.AppendBool(b, a.Lead)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(a.Status))
	b = append(b, `,"deadline_kind":`...)
	b = appendJSONString(b, string(a.DeadlineKind))
	b = append(b, `,"deadline":`...)
	b = appendJSONDate(b, a.Deadline)
	b = append(b, `,"original_deadline":`...)
	b = appendJSONDate(b, a.OriginalDeadline)
	b = append(b, `,"phase_complete":`...)
	b = strconv.AppendBool(b, a.PhaseComplete)
	b = append(b, `,"signed_off":`...)
	b = strconv.AppendBool(b, a.SignedOff)
	b = append(b, `,"closed_at":`...)
	b = appendJSONTimePtr(b, a.ClosedAt)
	b = append(b, `,"assigned_at":`...)
	b = appendJSONTimePtr(b, a.AssignedAt)
	b = append(b, `,"notice_due":`...)
	b = appendJSONDate(b, a.NoticeDue)
	b = append(b, `,"last_period":`...)
	b = appendJSONString(b, a.LastPeriod)
	b = append(b, `,"workdays_left":`...)
	if a.WorkdaysLeft == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*a.WorkdaysLeft), 10)
	}
	b = append(b, `,"task_title":`...)
	b = appendJSONString(b, a.TaskTitle)
	b = append(b, `,"light":`...)
	b = appendJSONString(b, string(a.Light))
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(a.Version), 10)
	b = append(b, `,"created_at":`...)
	b = appendJSONTime(b, a.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b = appendJSONTime(b, a.UpdatedAt)
	if len(a.Warnings) > 0 {
		b = append(b, `,"warnings":[`...)
		for i, s := range a.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendJSONDate(b []byte, d duban.Date) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	return append(d.Time().AppendFormat(b, "2006-01-02"), '"')
}

func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	return append(t.AppendFormat(b, time.RFC3339Nano), '"')
}

func appendJSONTimePtr(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	return appendJSONTime(b, *t)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping on.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
