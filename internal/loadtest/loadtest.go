// Package loadtest is duban's load harness: it generates a plan, starts
// duban on it (a child process on loopback), asks it the list shapes, the
// tree, statistics and pages at two concurrencies, runs the list shapes'
// SQL through a bare net/http server in the same run, and prints req/s,
// p50 and p99 for both, their ratio, and duban's resident memory. Every
// phase is bounded by a request count and a duration.
package loadtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// Options bound a run.
type Options struct {
	Tasks       int
	DSN         string        // an empty PostgreSQL schema's URL, or "" for SQLite in Dir
	Dir         string        // working folder (the SQLite file)
	Duration    time.Duration // per shape and concurrency
	MaxRequests int           // per shape and concurrency
	Levels      []int         // concurrencies
	Exe         string        // the duban binary to start
	ServerLog   string        // a file for the started duban's standard error, or "" to drop it
}

// shape is one kind of request.
type shape struct {
	name   string
	path   string // for duban
	user   string // admin, liaison or page (admin's session cookie)
	filter *duban.AssignmentFilter
	viewer *duban.Principal
}

// Result is one shape at one concurrency.
type Result struct {
	Shape, Server string
	Conc          int
	N             int
	PerSec        float64
	P50, P99, Max time.Duration
	Errors        int
	Bytes         int64 // the largest response body
	RSS           int64 // duban's highest resident memory while it ran (0 for the bare server)
}

const liaisonUnit = 51

// Run performs the whole run and writes its report to out.
func Run(ctx context.Context, o Options, out io.Writer) error {
	today := duban.DateOf(time.Now().In(duban.ChinaTime))
	dsn := o.DSN
	if dsn == "" {
		dsn = filepath.Join(o.Dir, "duban.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	start := time.Now()
	g, err := db.Generate(ctx, store.GenShape{Units: 100, Aspects: 10, ProblemsPerAspect: 20, Tasks: o.Tasks, Seed: 1, Today: today})
	if err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(out, "generated %d tasks, %d assignments in %v\n", g.Tasks, g.Assignments, time.Since(start).Round(time.Millisecond))
	// The plan as a server that has run a working day holds it: the
	// ladder's first pass over a newly loaded plan takes every step due at
	// once (tens of thousands, minutes on PostgreSQL), and each of its
	// commits makes the battle map count afresh. Measured here, apart; the
	// server's own passes then find nothing new.
	start = time.Now()
	_, steps, err := db.RunLadderSome(ctx, time.Now(), 0)
	if err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(out, "the ladder's first pass took %d steps in %v\n", steps, time.Since(start).Round(time.Millisecond))
	// Settled again as after generating (VACUUM (ANALYZE) on PostgreSQL,
	// the WAL checkpointed on SQLite): left to itself, autovacuum would
	// visit the pass's rows while the first shapes are measured.
	start = time.Now()
	if err := db.Settle(ctx); err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(out, "settled again in %v\n", time.Since(start).Round(time.Millisecond))
	unit := int64(liaisonUnit)
	for _, u := range []*duban.User{{Username: "lt-admin", DisplayName: "压测管理员", Role: duban.RoleAdmin}, {Username: "lt-liaison", DisplayName: "压测联络员", Role: duban.RoleLiaison, UnitID: &unit}} {
		if err := db.CreateUser(ctx, duban.System, u, "loadtest-pass"); err != nil {
			db.Close()
			return err
		}
	}
	shapes := shapesOf(today)
	var bare []bareQuery
	for _, s := range shapes {
		if s.filter != nil {
			q, args, _, err := db.ListSQL(s.viewer, *s.filter)
			if err != nil {
				db.Close()
				return err
			}
			bare = append(bare, bareQuery{q, args})
		} else {
			bare = append(bare, bareQuery{})
		}
	}
	dialect := db.Dialect()
	if err := db.Close(); err != nil {
		return err
	}

	srv, err := startDuban(ctx, o, dsn)
	if err != nil {
		return err
	}
	defer srv.stop()
	auth, err := srv.logins()
	if err != nil {
		return err
	}
	bareSrv, err := startBare(dsn, dialect, bare)
	if err != nil {
		return err
	}
	defer bareSrv.close()

	// Every shape once briefly first, on both servers, not measured: the
	// first shape measured would otherwise meet the database's buffers and
	// both servers' prepared statements cold.
	start = time.Now()
	warm := Options{Duration: 300 * time.Millisecond, MaxRequests: 300}
	for i, s := range shapes {
		hammer(ctx, srv.base+s.path, auth[s.user], 4, warm)
		if s.filter != nil {
			hammer(ctx, fmt.Sprintf("%s/q/%d", bareSrv.base, i), nil, 4, warm)
		}
	}
	fmt.Fprintf(out, "warmed up every shape in %v\n", time.Since(start).Round(time.Millisecond))

	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	watch := srv.watch(watchCtx)
	var results []Result
	for _, c := range o.Levels {
		for i, s := range shapes {
			watch.take()
			r := hammer(ctx, srv.base+s.path, auth[s.user], c, o)
			r.Shape, r.Server, r.RSS = s.name, "duban", watch.take()
			results = append(results, r)
			if s.filter != nil {
				b := hammer(ctx, fmt.Sprintf("%s/q/%d", bareSrv.base, i), nil, c, o)
				b.Shape, b.Server = s.name, "bare"
				results = append(results, b)
			}
		}
	}
	report(out, results, dialect)
	// The exports of the whole plan, once each, after the load: their
	// time, size and what the server's resident memory came to.
	fmt.Fprintf(out, "\n%-26s %9s %10s %7s\n", "single request", "time", "KB", "RSS MB")
	for _, s := range singles {
		watch.take()
		r := hammer(ctx, srv.base+s.path, auth[s.user], 1, Options{Duration: time.Minute, MaxRequests: 1})
		if r.N != 1 || r.Errors != 0 {
			return fmt.Errorf("%s: the request failed", s.name)
		}
		fmt.Fprintf(out, "%-26s %9s %10d %7d\n", s.name, r.Max.Round(time.Millisecond), (r.Bytes+1023)>>10, watch.take()>>20)
	}
	fmt.Fprintf(out, "duban RSS: at the end %d MB; its high-water mark over the whole run (VmHWM) %d MB\n",
		srv.rss()>>20, srv.status("VmHWM:")>>20)
	return nil
}

// shapesOf are the requests a run measures, as of today: the list shapes
// (with the filter the bare server runs) and the other pages and APIs.
func shapesOf(today duban.Date) []shape {
	liaison := &duban.Principal{Username: "lt-liaison", Role: duban.RoleLiaison, UnitID: liaisonUnit}
	page := duban.Page{Limit: 50}
	list := func(name, query string, p *duban.Principal, f duban.AssignmentFilter) shape {
		f.Page = page
		user := "admin"
		if p != duban.System {
			user = "liaison"
		}
		return shape{name: name, path: "/api/v1/assignments?limit=50&" + query, user: user, filter: &f, viewer: p}
	}
	return []shape{
		list("admin plan+unit+overdue", "plan=1&unit=51&overdue=true", duban.System, duban.AssignmentFilter{PlanID: 1, UnitID: 51, OverdueAsOf: today}),
		list("liaison own overdue", "plan=1&overdue=true", liaison, duban.AssignmentFilter{PlanID: 1, OverdueAsOf: today}),
		list("admin plan+overdue", "plan=1&overdue=true", duban.System, duban.AssignmentFilter{PlanID: 1, OverdueAsOf: today}),
		list("admin unit+overdue", "unit=51&overdue=true", duban.System, duban.AssignmentFilter{UnitID: 51, OverdueAsOf: today}),
		list("admin plan+status", "plan=1&status=closure_requested", duban.System, duban.AssignmentFilter{PlanID: 1, Statuses: []duban.Status{duban.StatusClosureRequested}}),
		list("admin deadline range", "plan=1&deadline_from="+today.AddDays(30).String()+"&deadline_to="+today.AddDays(60).String(), duban.System,
			duban.AssignmentFilter{PlanID: 1, DeadlineFrom: today.AddDays(30), DeadlineTo: today.AddDays(60)}),
		list("admin aspect", "plan=1&aspect=3", duban.System, duban.AssignmentFilter{PlanID: 1, AspectID: 3}),
		list("admin text", "plan=1&q="+url.QueryEscape("整改举措012345"), duban.System, duban.AssignmentFilter{PlanID: 1, Text: "整改举措012345"}),
		list("admin text common", "plan=1&q="+url.QueryEscape("整改"), duban.System, duban.AssignmentFilter{PlanID: 1, Text: "整改"}),
		list("admin text theme", "plan=1&q="+url.QueryEscape("公务用车"), duban.System, duban.AssignmentFilter{PlanID: 1, Text: "公务用车"}),
		list("admin text theme overdue", "plan=1&overdue=true&q="+url.QueryEscape("公务用车"), duban.System, duban.AssignmentFilter{PlanID: 1, OverdueAsOf: today, Text: "公务用车"}),
		list("liaison text common", "plan=1&overdue=true&q="+url.QueryEscape("整改"), liaison, duban.AssignmentFilter{PlanID: 1, OverdueAsOf: today, Text: "整改"}),
		{name: "search ranked", path: "/api/v1/search?plan=1&q=" + url.QueryEscape("整改举措012345"), user: "admin"},
		{name: "search common", path: "/api/v1/search?plan=1&q=" + url.QueryEscape("整改"), user: "admin"},
		{name: "search theme", path: "/api/v1/search?plan=1&q=" + url.QueryEscape("公务用车"), user: "admin"},
		{name: "search liaison common", path: "/api/v1/search?plan=1&q=" + url.QueryEscape("整改"), user: "liaison"},
		{name: "search absent", path: "/api/v1/search?plan=1&q=" + url.QueryEscape("财政科技投入"), user: "admin"},
		{name: "tree top level", path: "/api/v1/plans/1/tree/level", user: "admin"},
		{name: "tree problem level", path: "/api/v1/plans/1/tree/level?node=11&limit=50", user: "admin"},
		{name: "stats", path: "/api/v1/plans/1/stats", user: "admin"},
		{name: "stats yesterday", path: "/api/v1/plans/1/stats?asof=" + today.AddDays(-1).String(), user: "admin"},
		{name: "battle map API", path: "/api/v1/plans/1/dashboard", user: "admin"},
		{name: "battle map API 30 days", path: "/api/v1/plans/1/dashboard?asof=" + today.AddDays(-30).String(), user: "admin"},
		{name: "battle map page", path: "/plans/1", user: "page"},
		{name: "battle map page 30 days", path: "/plans/1?asof=" + today.AddDays(-30).String(), user: "page"},
		{name: "ledger page", path: "/ledger?plan=1", user: "page"},
	}
}

// singles are the requests of a whole plan, sent once each after the load.
var singles = []shape{
	{name: "ledger.xlsx (API)", path: "/api/v1/plans/1/ledger.xlsx", user: "admin"},
	{name: "ledger.xlsx (page)", path: "/plans/1/ledger.xlsx", user: "page"},
	{name: "notice.docx (page)", path: "/plans/1/notice.docx", user: "page"},
}

// hammer sends GETs to u from conc workers until o's count or time runs out.
func hammer(ctx context.Context, u string, header http.Header, conc int, o Options) Result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 30 * time.Second}
	var sent, errs, size atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(o.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil && sent.Add(1) <= int64(o.MaxRequests) {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				for k, v := range header {
					req.Header[k] = v
				}
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					var n int64
					n, err = io.Copy(io.Discard, resp.Body)
					for m := size.Load(); n > m && !size.CompareAndSwap(m, n); m = size.Load() {
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	client.CloseIdleConnections()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := Result{Conc: conc, N: len(lat), Errors: int(errs.Load()), Bytes: size.Load()}
	if len(lat) > 0 {
		r.PerSec = float64(len(lat)) / el.Seconds()
		r.P50, r.P99, r.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	return r
}

func report(out io.Writer, rs []Result, d store.Dialect) {
	fmt.Fprintf(out, "\ndatabase %s; load average at the end: %s\n", d, loadAvg())
	fmt.Fprintf(out, "%-26s %4s %-6s %7s %9s %9s %9s %9s %6s %8s %6s %s\n", "shape", "c", "server", "n", "req/s", "p50", "p99", "max", "errors", "KB", "RSS MB", "duban/bare")
	byKey := map[string]Result{}
	for _, r := range rs {
		byKey[fmt.Sprintf("%s|%d|%s", r.Shape, r.Conc, r.Server)] = r
	}
	for _, r := range rs {
		ratio := ""
		if b, ok := byKey[fmt.Sprintf("%s|%d|bare", r.Shape, r.Conc)]; ok && r.Server == "duban" && b.PerSec > 0 {
			ratio = fmt.Sprintf("%.0f%%", 100*r.PerSec/b.PerSec)
		}
		rss := ""
		if r.RSS > 0 {
			rss = strconv.FormatInt(r.RSS>>20, 10)
		}
		fmt.Fprintf(out, "%-26s %4d %-6s %7d %9.0f %9s %9s %9s %6d %8d %6s %s\n", r.Shape, r.Conc, r.Server, r.N, r.PerSec,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond), r.Errors, (r.Bytes+1023)>>10, rss, ratio)
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// dubanServer is duban started as a child process on loopback.
type dubanServer struct {
	cmd  *exec.Cmd
	base string
}

func startDuban(ctx context.Context, o Options, dsn string) (*dubanServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.CommandContext(ctx, o.Exe, "serve", "--addr", addr, "--data", o.Dir, "--db", dsn)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if o.ServerLog != "" {
		f, err := os.Create(o.ServerLog)
		if err != nil {
			return nil, err
		}
		cmd.Stderr = f // closed when the harness exits
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &dubanServer{cmd: cmd, base: "http://" + addr}
	for range 600 {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("duban did not answer on %s within a minute", addr)
}

func (s *dubanServer) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// rssWatch keeps the highest resident memory of the child seen since it
// was last taken, sampled every 10 ms.
type rssWatch struct{ peak atomic.Int64 }

// take returns the highest resident memory since the last take and starts
// again from the present one.
func (w *rssWatch) take() int64 { return w.peak.Swap(0) }

// watch samples the child's resident memory until ctx ends.
func (s *dubanServer) watch(ctx context.Context) *rssWatch {
	w := &rssWatch{}
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			v := s.rss()
			for p := w.peak.Load(); v > p && !w.peak.CompareAndSwap(p, v); p = w.peak.Load() {
			}
		}
	}()
	return w
}

// rss is the child's resident memory in bytes (VmRSS), 0 when unknown.
func (s *dubanServer) rss() int64 { return s.status("VmRSS:") }

// status is one of the child's memory figures in /proc (VmRSS:, VmHWM:) in
// bytes, 0 when unknown.
func (s *dubanServer) status(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// logins returns the headers of the three kinds of caller: the admin's and
// the liaison's bearer tokens, and the admin's session cookie for pages.
func (s *dubanServer) logins() (map[string]http.Header, error) {
	out := map[string]http.Header{}
	for _, u := range []string{"admin", "liaison"} {
		body := strings.NewReader(fmt.Sprintf(`{"username":"lt-%s","password":"loadtest-pass"}`, u))
		resp, err := http.Post(s.base+"/api/v1/auth/login", "application/json", body)
		if err != nil {
			return nil, err
		}
		var tok struct{ Token string }
		err = json.NewDecoder(resp.Body).Decode(&tok)
		resp.Body.Close()
		if err != nil || tok.Token == "" {
			return nil, fmt.Errorf("login lt-%s: status %d, %v", u, resp.StatusCode, err)
		}
		out[u] = http.Header{"Authorization": {"Bearer " + tok.Token}}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.base+"/login", url.Values{"username": {"lt-admin"}, "password": {"loadtest-pass"}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	var cookies []string
	for _, ck := range resp.Cookies() {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	if len(cookies) == 0 {
		return nil, fmt.Errorf("page login: status %d and no cookie", resp.StatusCode)
	}
	out["page"] = http.Header{"Cookie": {strings.Join(cookies, "; ")}}
	return out, nil
}

// bareQuery is a list shape's SQL.
type bareQuery struct {
	q    string
	args []any
}

// bareServer answers /q/{i} by running query i on its own pool and writing
// the rows as JSON arrays: the floor a list request could reach.
type bareServer struct {
	db   *sql.DB
	hs   *http.Server
	base string
}

func startBare(dsn string, d store.Dialect, qs []bareQuery) (*bareServer, error) {
	driver, src := "sqlite", "file:"+dsn+"?mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	if d == store.Postgres {
		driver, src = "pgx", dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	stmts := make([]*sql.Stmt, len(qs))
	for i, q := range qs {
		if q.q == "" {
			continue
		}
		if stmts[i], err = db.Prepare(q.q); err != nil {
			db.Close()
			return nil, fmt.Errorf("bare server: prepare %d: %w", i, err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /q/{i}", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.PathValue("i"))
		if err != nil || i < 0 || i >= len(stmts) || stmts[i] == nil {
			http.NotFound(w, r)
			return
		}
		rows, err := stmts[i].QueryContext(r.Context(), qs[i].args...)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			out = append(out, vals)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	hs := &http.Server{Handler: mux}
	go hs.Serve(l)
	return &bareServer{db: db, hs: hs, base: "http://" + l.Addr().String()}, nil
}

func (b *bareServer) close() {
	b.hs.Close()
	b.db.Close()
}
