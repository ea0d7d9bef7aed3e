package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

// The audit administrator, and no one else, browses the audit log on a
// page with filters and paging and verifies the chain with a button; the
// API takes the same filters.
func TestAuditPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		e.token(t, "kjt")
		e.mustDo(t, "kjt", "GET", "/api/v1/audit", nil, nil, http.StatusForbidden) // one access.denied of kjt; the page and the button make two more
		for _, who := range []string{"admin", "secadmin", "kjt", "zgb"} {
			if r := e.page(t, who, "GET", "/audit", nil); r.Status != http.StatusForbidden {
				t.Errorf("%s opens the audit page: got %d, want 403", who, r.Status)
			}
			if r := e.page(t, who, "POST", "/audit/verify", url.Values{}); r.Status != http.StatusForbidden {
				t.Errorf("%s verifies: got %d, want 403", who, r.Status)
			}
		}
		r := e.page(t, "auditor", "GET", "/audit", nil)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, `id="audit-log"`) || !strings.Contains(body, `id="verify-button"`) || !strings.Contains(body, `href="/audit"`) {
			t.Fatalf("audit page: got %d: %.300s", r.Status, body)
		}
		today := time.Now().In(duban.ChinaTime).Format("2006-01-02")
		r = e.page(t, "auditor", "GET", "/audit?actor=kjt&action=access&from="+today+"&to="+today, nil)
		rows := regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`).FindString(string(r.Body))
		if r.Status != 200 || !strings.Contains(rows, "权限拒绝") || strings.Contains(rows, ">登录<") || strings.Count(rows, "<tr>") != 3 || strings.Count(rows, "权限拒绝") != 3 {
			t.Errorf("filtered to kjt's refusals today: got %d, rows %s", r.Status, rows)
		}
		if r = e.page(t, "auditor", "GET", "/audit?from=2026-13-45", nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `class="error"`) {
			t.Errorf("bad date: got %d, want 422 with the error shown", r.Status)
		}
		r = e.page(t, "auditor", "GET", "/audit?limit=2", nil)
		next := regexp.MustCompile(`id="audit-next" class="button"|href="([^"]+)" id="audit-next"`).FindStringSubmatch(string(r.Body))
		if next == nil || next[1] == "" {
			t.Fatalf("first page of 2: want a link to the next page: %.2000s", r.Body)
		}
		r = e.page(t, "auditor", "GET", html.UnescapeString(next[1]), nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `id="audit-first"`) {
			t.Errorf("second page: got %d, want a link back to the first", r.Status)
		}
		r = e.page(t, "auditor", "POST", "/audit/verify", url.Values{"anchor": {""}})
		if r.Status != 200 || !strings.Contains(string(r.Body), "审计链完好") {
			t.Errorf("verify button: got %d: %.300s", r.Status, r.Body)
		}
		if r = e.page(t, "auditor", "POST", "/audit/verify", url.Values{"anchor": {"not-an-anchor"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("verify with a bad anchor: got %d, want 422", r.Status)
		}

		var l duban.List[duban.AuditEvent]
		e.mustDo(t, "auditor", "GET", "/api/v1/audit?actor=kjt&from="+today+"&to="+today, nil, nil, http.StatusOK).decode(t, &l)
		if len(l.Items) == 0 {
			t.Fatal("API filtered to kjt today: got nothing")
		}
		for _, ev := range l.Items {
			if ev.ActorName != "kjt" {
				t.Errorf("API filtered to kjt: got an event of %q", ev.ActorName)
			}
		}
		e.mustDo(t, "auditor", "GET", "/api/v1/audit?from=2026-02-01&to=2026-01-01", nil, nil, http.StatusUnprocessableEntity)
		var rep struct {
			OK     bool
			Events int64
		}
		e.mustDo(t, "auditor", "POST", "/api/v1/audit/verify", map[string]string{}, nil, http.StatusOK).decode(t, &rep)
		if !rep.OK || rep.Events == 0 {
			t.Errorf("API verify: got %+v, want ok", rep)
		}
		e.mustDo(t, "admin", "POST", "/api/v1/audit/verify", map[string]string{}, nil, http.StatusForbidden)
	})
}
