// Command durability checks, against a real duban server on loopback, what
// BENCHMARKS.md promises about writes: report writes per second at 32
// clients; with If-Match, exactly one of 32 concurrent writers wins each
// version and the rest get 412; over repeated kill -9 of the server during
// writes, no acknowledged write is lost and the audit chain still verifies.
//
//	go run ./scripts/durability                               # SQLite
//	go run ./scripts/durability -db postgres://postgres@127.0.0.1:5432/test
//
// Run it from the repository root. Everything lives in a temporary folder
// (and, on PostgreSQL, a schema of its own, dropped at the end).
package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	dsn := flag.String("db", "", "PostgreSQL URL (a schema is made in it); empty: SQLite in a temporary folder")
	kills := flag.Int("kills", 20, "rounds of kill -9 during writes")
	writers := flag.Int("writers", 32, "concurrent clients for throughput and If-Match")
	seconds := flag.Duration("for", 10*time.Second, "how long the throughput phase writes")
	versions := flag.Int("versions", 20, "versions contested by the If-Match writers")
	flag.Parse()
	if err := run(*dsn, *kills, *writers, *seconds, *versions); err != nil {
		fmt.Fprintln(os.Stderr, "durability:", err)
		os.Exit(1)
	}
}

type server struct {
	bin, data, db, base string
	cmd                 *exec.Cmd
	client              *http.Client
}

func run(dsn string, kills, writers int, seconds time.Duration, versions int) error {
	tmp, err := os.MkdirTemp("", "duban-durability-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	s := &server{bin: filepath.Join(tmp, "duban"), data: filepath.Join(tmp, "data"), client: &http.Client{Timeout: time.Minute}}
	if out, err := exec.Command("go", "build", "-o", s.bin, "./cmd/duban").CombinedOutput(); err != nil {
		return fmt.Errorf("build (run from the repository root): %v: %s", err, out)
	}
	if dsn != "" {
		if s.db, err = pgSchema(dsn); err != nil {
			return err
		}
		defer dropSchema(dsn, s.db)
	}
	os.Setenv("DUBAN_AUDIT_KEY", strings.Repeat("5a", 32))
	if err := s.start(true); err != nil {
		return err
	}
	defer s.stop()
	kjt, err := s.login("kjt")
	if err != nil {
		return err
	}
	targets, err := s.reportable(kjt)
	if err != nil {
		return err
	}
	fmt.Printf("database: %s; %d assignments of kjt take reports\n", map[bool]string{true: "PostgreSQL", false: "SQLite"}[dsn != ""], len(targets))

	n, failed := s.throughput(kjt, targets, writers, seconds)
	fmt.Printf("throughput: %d clients, %d report writes in %v = %.0f writes/s, %d failed\n", writers, n, seconds, float64(n)/seconds.Seconds(), failed)

	admin, err := s.login("admin")
	if err != nil {
		return err
	}
	if err := s.ifMatch(admin, writers, versions); err != nil {
		return err
	}

	acked, err := s.killRounds(kjt, targets, kills)
	if err != nil {
		return err
	}
	lost, err := s.lost(acked)
	if err != nil {
		return err
	}
	fmt.Printf("kill -9: %d rounds, %d writes acknowledged, %d lost\n", kills, len(acked), lost)
	whole, absent, partial, err := s.importKills(5)
	if err != nil {
		return err
	}
	fmt.Printf("kill -9 during a ledger import: 5 rounds, %d imported whole, %d not at all, %d partly\n", whole, absent, partial)
	s.stop()
	args := []string{"audit", "verify", "--data", s.data}
	if s.db != "" {
		args = append(args, "--db", s.db)
	}
	out, err := exec.Command(s.bin, args...).CombinedOutput()
	fmt.Printf("audit verify: %s", out)
	if err != nil {
		return fmt.Errorf("audit verify failed: %v", err)
	}
	if lost > 0 || partial > 0 {
		return fmt.Errorf("%d acknowledged writes lost, %d imports partly written", lost, partial)
	}
	return nil
}

// importKills imports the demo plan's own ledger as a new plan through the
// API and kills the server at a random moment during it, rounds times:
// after the restart each new plan must be there with all its measures or
// not at all.
func (s *server) importKills(rounds int) (whole, absent, partial int, err error) {
	zgb, err := s.login("zgb")
	if err != nil {
		return 0, 0, 0, err
	}
	_, _, ledger, err := s.call("GET", "/api/v1/plans/1/ledger.xlsx", zgb, nil, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	want, err := s.measures(zgb, 1)
	if err != nil {
		return 0, 0, 0, err
	}
	for r := range rounds {
		title := fmt.Sprintf("断电导入测试%d", r)
		req, _ := http.NewRequest("POST", s.base+"/api/v1/imports/ledger?owner="+url.QueryEscape("省委科技工委")+"&title="+url.QueryEscape(title), bytes.NewReader(ledger))
		req.Header.Set("Authorization", "Bearer "+zgb)
		req.Header.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		done := make(chan struct{})
		go func() {
			defer close(done)
			if res, err := s.client.Do(req); err == nil {
				res.Body.Close()
			}
		}()
		time.Sleep(time.Duration(5+rand.IntN(200)) * time.Millisecond) // the demo ledger imports in about 0.1–0.5 s
		s.kill()
		<-done
		if err := s.start(false); err != nil {
			return 0, 0, 0, err
		}
		if zgb, err = s.login("zgb"); err != nil {
			return 0, 0, 0, err
		}
		_, _, b, err := s.call("GET", "/api/v1/plans?limit=500", zgb, nil, nil)
		if err != nil {
			return 0, 0, 0, err
		}
		var plans struct {
			Items []struct {
				ID    int64
				Title string
			}
		}
		json.Unmarshal(b, &plans)
		var id int64
		for _, p := range plans.Items {
			if p.Title == title {
				id = p.ID
			}
		}
		if id == 0 {
			absent++
			continue
		}
		got, err := s.measures(zgb, id)
		if err != nil {
			return 0, 0, 0, err
		}
		if got == want {
			whole++
		} else {
			partial++
			fmt.Printf("import %q: %d of %d measures after the kill\n", title, got, want)
		}
	}
	return whole, absent, partial, nil
}

// measures counts a plan's measures.
func (s *server) measures(token string, plan int64) (int, error) {
	_, _, b, err := s.call("GET", fmt.Sprintf("/api/v1/tasks?plan=%d&limit=500", plan), token, nil, nil)
	if err != nil {
		return 0, err
	}
	var list struct{ Items []json.RawMessage }
	if err := json.Unmarshal(b, &list); err != nil {
		return 0, fmt.Errorf("measures of plan %d: %s", plan, b)
	}
	return len(list.Items), nil
}

// start runs serve (loading the demo on the first start) and waits for it.
func (s *server) start(demo bool) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--data", s.data, "--addr", addr}
	if s.db != "" {
		args = append(args, "--db", s.db)
	}
	if demo {
		args = append(args, "--demo")
	}
	s.cmd = exec.Command(s.bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, io.Discard
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.base = "http://" + addr
	for i := 0; i < 1200; i++ {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the server did not start within 2 minutes")
}

// stop ends the server gently, if it runs.
func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
	s.cmd = nil
}

// kill ends the server as a crash would.
func (s *server) kill() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

func (s *server) call(method, path, token string, body any, header map[string]string) (int, http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b, err
}

func (s *server) login(user string) (string, error) {
	pw := "duban-demo"
	if user == "admin" {
		pw = "duban-admin"
	}
	st, _, b, err := s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": pw}, nil)
	var out struct{ Token string }
	json.Unmarshal(b, &out)
	if err != nil || st != http.StatusOK || out.Token == "" {
		return "", fmt.Errorf("login %s: %d %v %s", user, st, err, b)
	}
	return out.Token, nil
}

// reportable returns kjt's assignments that take a progress report.
func (s *server) reportable(token string) ([]int64, error) {
	_, _, b, err := s.call("GET", "/api/v1/assignments?open=true&limit=100", token, nil, nil)
	if err != nil {
		return nil, err
	}
	var list struct{ Items []struct{ ID int64 } }
	json.Unmarshal(b, &list)
	var out []int64
	for _, a := range list.Items {
		if st, _, _, err := s.call("POST", fmt.Sprintf("/api/v1/assignments/%d/reports", a.ID), token, report("试报"), nil); err == nil && st == http.StatusCreated {
			out = append(out, a.ID)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("kjt can report on none of its assignments")
	}
	return out, nil
}

func report(content string) map[string]string {
	return map[string]string{"period": time.Now().Format("2006-01"), "content": content}
}

// throughput has n clients write reports for d and counts the 201s.
func (s *server) throughput(token string, targets []int64, n int, d time.Duration) (ok, failed int64) {
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(end); i++ {
				id := targets[(w+i)%len(targets)]
				st, _, _, err := s.call("POST", fmt.Sprintf("/api/v1/assignments/%d/reports", id), token, report(fmt.Sprintf("吞吐量测试 %d-%d", w, i)), nil)
				if err == nil && st == http.StatusCreated {
					atomic.AddInt64(&ok, 1)
				} else {
					atomic.AddInt64(&failed, 1)
				}
			}
		}()
	}
	wg.Wait()
	return ok, failed
}

// ifMatch has n writers PATCH one unit with the same If-Match at once, for
// each of versions versions: exactly one may win each, the others get 412.
func (s *server) ifMatch(token string, n, versions int) error {
	const path = "/api/v1/units/1"
	_, h, _, err := s.call("GET", path, token, nil, nil)
	if err != nil {
		return err
	}
	first := h.Get("ETag")
	wrong := 0
	for v := range versions {
		_, h, _, err := s.call("GET", path, token, nil, nil)
		if err != nil {
			return err
		}
		etag := h.Get("ETag")
		var wins, stale, other atomic.Int64
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for w := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				st, _, _, err := s.call("PATCH", path, token, map[string]int{"sort": v*n + w}, map[string]string{"If-Match": etag})
				switch {
				case err == nil && st == http.StatusOK:
					wins.Add(1)
				case err == nil && st == http.StatusPreconditionFailed:
					stale.Add(1)
				default:
					other.Add(1)
				}
			}()
		}
		close(gate)
		wg.Wait()
		if wins.Load() != 1 || stale.Load() != int64(n-1) {
			wrong++
			fmt.Printf("If-Match version %s: %d won, %d got 412, %d other; want 1 and %d\n", etag, wins.Load(), stale.Load(), other.Load(), n-1)
		}
	}
	_, h, _, err = s.call("GET", path, token, nil, nil)
	if err != nil {
		return err
	}
	var a, b int
	fmt.Sscanf(strings.Trim(first, `W/"`), "%d", &a)
	fmt.Sscanf(strings.Trim(h.Get("ETag"), `W/"`), "%d", &b)
	fmt.Printf("If-Match: %d writers × %d versions: %d versions with other than one winner; version went %d → %d (want +%d, no lost update)\n", n, versions, wrong, a, b, versions)
	if wrong > 0 || b-a != versions {
		return errors.New("If-Match let more or fewer than one writer win a version")
	}
	return nil
}

// ack is a report the server answered 201 for.
type ack struct {
	assignment, id int64
	content        string
}

// killRounds writes reports with 8 clients and kills the server with
// SIGKILL after a random 0.3–1.5 s, rounds times, restarting it each time.
func (s *server) killRounds(token string, targets []int64, rounds int) ([]ack, error) {
	var mu sync.Mutex
	var acked []ack
	for r := range rounds {
		if r > 0 {
			if err := s.start(false); err != nil {
				return nil, err
			}
			var err error
			if token, err = s.login("kjt"); err != nil {
				return nil, err
			}
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					id := targets[(w+i)%len(targets)]
					content := fmt.Sprintf("断电测试 第%d轮 %d-%d", r, w, i)
					st, _, b, err := s.call("POST", fmt.Sprintf("/api/v1/assignments/%d/reports", id), token, report(content), nil)
					if err != nil || st != http.StatusCreated {
						continue // not acknowledged: may or may not be there
					}
					var x struct{ ID int64 }
					json.Unmarshal(b, &x)
					mu.Lock()
					acked = append(acked, ack{id, x.ID, content})
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		s.kill()
		close(stop)
		wg.Wait()
	}
	return acked, s.start(false)
}

// lost counts the acknowledged reports missing, or changed, after the kills.
func (s *server) lost(acked []ack) (int, error) {
	token, err := s.login("kjt")
	if err != nil {
		return 0, err
	}
	seen := map[int64]map[int64]string{}
	lost := 0
	for _, a := range acked {
		if seen[a.assignment] == nil {
			_, _, b, err := s.call("GET", fmt.Sprintf("/api/v1/assignments/%d/reports", a.assignment), token, nil, nil)
			if err != nil {
				return 0, err
			}
			var list struct {
				Items []struct {
					ID      int64
					Content string
				}
			}
			if err := json.Unmarshal(b, &list); err != nil {
				var items []struct {
					ID      int64
					Content string
				}
				if err := json.Unmarshal(b, &items); err != nil {
					return 0, fmt.Errorf("reports of %d: %s", a.assignment, b)
				}
				list.Items = items
			}
			seen[a.assignment] = map[int64]string{}
			for _, x := range list.Items {
				seen[a.assignment][x.ID] = x.Content
			}
		}
		if seen[a.assignment][a.id] != a.content {
			lost++
		}
	}
	return lost, nil
}

// pgSchema makes a schema of its own in dsn and returns the URL using it.
func pgSchema(dsn string) (string, error) {
	schema := fmt.Sprintf("durability_%d", time.Now().UnixNano())
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		return "", err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func dropSchema(dsn, withSchema string) {
	u, err := url.Parse(withSchema)
	if err != nil {
		return
	}
	if db, err := sql.Open("pgx", dsn); err == nil {
		db.Exec(`DROP SCHEMA ` + u.Query().Get("search_path") + ` CASCADE`)
		db.Close()
	}
}
