package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"duban/internal/duban"
)

// FuzzDecode checks the JSON body decoder of the API: no body makes it
// panic, and every refusal is a clerk's error (400 or 422 with a Chinese
// message), never an internal one. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/plans", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var v struct {
			Title     string        `json:"title"`
			OwnerID   int64         `json:"owner_unit_id"`
			SourceIDs []int64       `json:"source_ids"`
			Start     duban.Date    `json:"start_date"`
			Ladder    *duban.Ladder `json:"ladder"`
		}
		err := decode(httptest.NewRecorder(), r, &v)
		if err == nil {
			return
		}
		code := duban.ErrorCode(err)
		if code != badRequest && code != duban.Invalid {
			t.Fatalf("decode(%q): got code %q (%v), want bad request or invalid", body, code, err)
		}
		if !hasChinese(duban.ErrorMessage(err)) {
			t.Fatalf("decode(%q): message %q is not a clerk's", body, duban.ErrorMessage(err))
		}
	})
}

func hasChinese(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
