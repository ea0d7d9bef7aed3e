package loadtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store/storetest"
)

// TestRunReportsEveryShape runs the harness briefly on a small generated
// plan, against a duban built from this tree, on SQLite and (where
// DUBAN_TEST_POSTGRES is set) PostgreSQL: every shape is answered by duban
// without an error, every list shape by the bare server too with the ratio
// between them, the exports are sent once, and duban's memory is reported.
func TestRunReportsEveryShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds duban and starts it: not in -short")
	}
	exe := filepath.Join(t.TempDir(), "duban")
	build := exec.Command("go", "build", "-o", exe, "duban/cmd/duban")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbs := map[string]string{"sqlite": ""}
	if pg := os.Getenv("DUBAN_TEST_POSTGRES"); pg != "" {
		dbs["postgres"] = storetest.PostgresSchema(t, pg, "loadtest")
	}
	for name, dsn := range dbs {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			o := Options{Tasks: 400, DSN: dsn, Dir: t.TempDir(), Duration: 150 * time.Millisecond, MaxRequests: 40, Levels: []int{2}, Exe: exe}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			if err := Run(ctx, o, &out); err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			checkReport(t, out.String())
		})
	}
}

// checkReport reads the harness's table: one duban row per shape, one bare
// row per list shape, each with requests answered and none failed.
func checkReport(t *testing.T, report string) {
	t.Helper()
	rows := map[string]map[string][]string{} // shape → server → columns after the name
	for _, line := range strings.Split(report, "\n") {
		for _, server := range []string{"duban", "bare"} {
			// name (padded to 26), c, server, n, req/s, p50, p99, max, errors, KB, [RSS], [ratio]
			if len(line) < 27 {
				continue
			}
			f := strings.Fields(line[26:])
			if len(f) >= 9 && f[0] == "2" && f[1] == server {
				name := strings.TrimSpace(line[:26])
				if rows[name] == nil {
					rows[name] = map[string][]string{}
				}
				rows[name][server] = f
			}
		}
	}
	for _, s := range shapesOf(duban.DateOf(time.Now().In(duban.ChinaTime))) {
		d, ok := rows[s.name]["duban"]
		if !ok {
			t.Errorf("no row of duban for %q in:\n%s", s.name, report)
			continue
		}
		if n, _ := strconv.Atoi(d[2]); n == 0 || d[7] != "0" {
			t.Errorf("%s: duban answered %s requests with %s errors, want some and none", s.name, d[2], d[7])
		}
		if s.filter == nil {
			continue // not a list: no bare server
		}
		b, ok := rows[s.name]["bare"]
		if !ok {
			t.Errorf("no row of the bare server for the list shape %q", s.name)
			continue
		}
		if n, _ := strconv.Atoi(b[2]); n == 0 || b[7] != "0" {
			t.Errorf("%s: the bare server answered %s requests with %s errors, want some and none", s.name, b[2], b[7])
		}
		if last := d[len(d)-1]; !strings.HasSuffix(last, "%") {
			t.Errorf("%s: no ratio of duban to the bare server (row %q)", s.name, d)
		}
	}
	for _, s := range singles {
		if !strings.Contains(report, s.name) {
			t.Errorf("the export %q was not sent", s.name)
		}
	}
	if !strings.Contains(report, "(VmHWM)") {
		t.Errorf("no high-water mark of duban's memory in:\n%s", report)
	}
}
