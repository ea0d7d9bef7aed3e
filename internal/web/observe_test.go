package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"duban/internal/metrics"
	"duban/internal/web"
)

func TestRequestIDsLogsAndMetrics(t *testing.T) {
	db := mustOpenSQLite(t)
	e := newEnv(t, db)
	var logs bytes.Buffer
	s := web.New(db.DB, slog.New(slog.NewJSONHandler(&logs, nil)))
	m := metrics.New()
	m.WatchStore(db.DB)
	const token = "metrics-token-0123456789"
	s.SetMetrics(m, token)
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()

	get := func(path string, h map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, hs.URL+path, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	admin := map[string]string{"Authorization": "Bearer " + e.token(t, "admin")}

	// The caller's id comes back and is logged; a forged one is replaced.
	res := get("/api/v1/me", map[string]string{"X-Request-ID": "proxy-abc.123", "Authorization": admin["Authorization"]})
	if got := res.Header.Get("X-Request-ID"); got != "proxy-abc.123" {
		t.Errorf("X-Request-ID: got %q, want the caller's id back", got)
	}
	res = get("/api/v1/units/999", map[string]string{"X-Request-ID": "bad id forged=1"})
	if got := res.Header.Get("X-Request-ID"); !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(got) {
		t.Errorf("forged X-Request-ID: got %q back, want a new 24-hex id", got)
	}
	get("/api/v1/me", admin)
	m.Pass(2, 3, 1, nil)
	found := false
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["request_id"] == "proxy-abc.123" {
			found = true
			if rec["route"] != "GET /api/v1/me" || rec["status"] != float64(200) {
				t.Errorf("log line: got route %v status %v, want the pattern and 200", rec["route"], rec["status"])
			}
		}
	}
	if !found {
		t.Errorf("no log line carries request_id proxy-abc.123: %s", logs.String())
	}

	// /metrics needs the token.
	if res := get("/metrics", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("/metrics without token: got %d, want 401", res.StatusCode)
	}
	if res := get("/metrics", map[string]string{"Authorization": "Bearer wrong-token-0123456789"}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("/metrics with a wrong token: got %d, want 401", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, hs.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	mres, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(mres.Body)
	mres.Body.Close()
	if ct := mres.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics content type %q, want the text format", ct)
	}
	for _, want := range []string{
		`duban_http_requests_total{method="GET",route="GET /api/v1/me",status="200"} 2`,
		`duban_http_requests_total{method="GET",route="GET /api/v1/units/{id}",status="401"} 1`,
		`duban_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/me",le="+Inf"} 2`,
		`duban_db_connections_open{pool="write"}`,
		`duban_db_writes_in_flight 0`,
		`duban_scheduler_passes_total{result="ok"} 1`,
		`duban_scheduler_passes_total{result="error"} 0`,
		`duban_ladder_steps_total 2`,
		`duban_deliveries_total{result="sent"} 3`,
		`duban_deliveries_total{result="failed"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(body), "/api/v1/units/999") {
		t.Errorf("/metrics labels a raw path, want route patterns only")
	}

	// A server without a token does not serve /metrics at all.
	if res, _ := e.send(http.MethodGet, "/metrics", nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("/metrics without a configured token: got %d, want 404", res.Status)
	}
}
