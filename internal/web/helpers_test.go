package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx", for raw access to the test schema
	_ "modernc.org/sqlite"             // "sqlite", for raw access to the test file

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
	"duban/internal/web"
)

// testDB is a store on a fresh database, with what a test needs to open a
// raw connection to the same database behind the store's back.
type testDB struct {
	*store.DB
	driver, dsn string
}

// forEachDB runs fn on a fresh SQLite database and, when DUBAN_TEST_POSTGRES
// names a PostgreSQL server, on a fresh schema there too.
func forEachDB(t *testing.T, fn func(t *testing.T, db *testDB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, mustOpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		fn(t, mustOpenPostgres(t, dsn))
	})
}

func mustOpenSQLite(t testing.TB) *testDB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "duban.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testDB{DB: db, driver: "sqlite", dsn: "file:" + path + "?_pragma=busy_timeout(10000)"}
}

// mustOpenPostgres opens the store on a schema of its own, dropped afterwards.
func mustOpenPostgres(t testing.TB, dsn string) *testDB {
	t.Helper()
	schemaURL := storetest.PostgresSchema(t, dsn, "t")
	db, err := store.Open(context.Background(), schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testDB{DB: db, driver: "pgx", dsn: schemaURL}
}

// mustRaw opens a plain database/sql pool on the same database as the
// store, to change rows the way an intruder would.
func (d *testDB) mustRaw(t testing.TB) *sql.DB {
	t.Helper()
	raw, err := sql.Open(d.driver, d.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// env is a running server on a real store, with the logins of its users.
type env struct {
	db     *testDB
	server *web.Server
	http   *httptest.Server
	planID int64 // the demo plan, when the demo is loaded

	mu     sync.Mutex
	tokens map[string]string
}

// adminPassword is the password of the admin account of every env.
const adminPassword = "duban-admin"

// newEnv starts a server on db, which holds only an administrator "admin".
func newEnv(t *testing.T, db *testDB) *env {
	t.Helper()
	u := &duban.User{Username: "admin", DisplayName: "系统管理员", Role: duban.RoleAdmin}
	if err := db.CreateUser(context.Background(), duban.System, u, adminPassword); err != nil {
		t.Fatal(err)
	}
	return startEnv(t, db)
}

// newDemoEnv starts a server on db with the demo loaded (demo.Accounts).
func newDemoEnv(t *testing.T, db *testDB) *env {
	t.Helper()
	res, err := demo.Load(context.Background(), db.DB, duban.DateOf(time.Now()))
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	e := startEnv(t, db)
	e.planID = res.PlanID
	return e
}

func startEnv(t *testing.T, db *testDB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s := web.New(db.DB, log)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return &env{db: db, server: s, http: hs, tokens: map[string]string{}}
}

// testWriter sends the server's log to the test's log, so that the cause of
// a 500 shows next to the failure.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("server: %s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

// password returns the password of a known account.
func password(user string) string {
	for _, a := range demo.Accounts {
		if a.Username == user {
			return a.Password
		}
	}
	if user == "admin" {
		return adminPassword
	}
	return "duban-demo"
}

// token logs user in once and returns the bearer token.
func (e *env) token(t testing.TB, user string) string {
	t.Helper()
	e.mu.Lock()
	tok, ok := e.tokens[user]
	e.mu.Unlock()
	if ok {
		return tok
	}
	r, err := e.send(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": user, "password": password(user)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK {
		t.Fatalf("login %s: got status %d, want 200: %s", user, r.Status, r.Body)
	}
	var out struct{ Token string }
	r.decode(t, &out)
	if out.Token == "" {
		t.Fatalf("login %s: got no token: %s", user, r.Body)
	}
	e.mu.Lock()
	e.tokens[user] = out.Token
	e.mu.Unlock()
	return out.Token
}

// response is what the server answered.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %T: %v in %s", v, err, r.Body)
	}
}

// send makes one request without touching t, so that goroutines may use it.
// body is sent as is when it is a string, and as JSON otherwise (nil: none).
func (e *env) send(method, path string, body any, headers map[string]string) (response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := e.http.Client().Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}, nil
}

// do makes a request as user ("" for none). Every error response is checked
// to be a problem document.
func (e *env) do(t testing.TB, user, method, path string, body any, headers map[string]string) response {
	t.Helper()
	h := map[string]string{}
	if user != "" {
		h["Authorization"] = "Bearer " + e.token(t, user)
	}
	for k, v := range headers {
		h[k] = v
	}
	r, err := e.send(method, path, body, h)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.Status >= 400 {
		checkProblem(t, r)
	}
	return r
}

// mustDo is do that also requires a status.
func (e *env) mustDo(t testing.TB, user, method, path string, body any, headers map[string]string, want int) response {
	t.Helper()
	r := e.do(t, user, method, path, body, headers)
	if r.Status != want {
		t.Fatalf("%s %s as %q: got status %d, want %d: %s", method, path, user, r.Status, want, r.Body)
	}
	return r
}

// scenario is one request and what must come back (pb tests.ApiScenario).
type scenario struct {
	name         string
	user         string // "" sends no token
	method, path string
	body         any
	headers      map[string]string
	wantStatus   int
	wantCode     string   // the problem code, for errors
	wantContains []string // in the body
	wantAbsent   []string // not in the body
	check        func(t *testing.T, r response)
}

func (e *env) run(t *testing.T, sc scenario) response {
	t.Helper()
	r := e.do(t, sc.user, sc.method, sc.path, sc.body, sc.headers)
	if r.Status != sc.wantStatus {
		t.Errorf("%s %s as %q: got status %d, want %d: %s", sc.method, sc.path, sc.user, r.Status, sc.wantStatus, r.Body)
	}
	if sc.wantCode != "" {
		var p problem
		json.Unmarshal(r.Body, &p)
		if p.Code != sc.wantCode {
			t.Errorf("%s %s: got problem code %q, want %q", sc.method, sc.path, p.Code, sc.wantCode)
		}
	}
	for _, s := range sc.wantContains {
		if !bytes.Contains(r.Body, []byte(s)) {
			t.Errorf("%s %s: body does not contain %q: %s", sc.method, sc.path, s, r.Body)
		}
	}
	for _, s := range sc.wantAbsent {
		if bytes.Contains(r.Body, []byte(s)) {
			t.Errorf("%s %s: body contains %q, want it absent: %s", sc.method, sc.path, s, r.Body)
		}
	}
	if sc.check != nil && !t.Failed() {
		sc.check(t, r)
	}
	return r
}

// runAll runs scenarios in order, each as a sub-test.
func (e *env) runAll(t *testing.T, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) { e.run(t, sc) })
	}
}

// problem is the part of an RFC 9457 document the tests read.
type problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Code   string            `json:"code"`
	Detail string            `json:"detail"`
	Errors map[string]string `json:"errors"`
}

// checkProblem checks that an error response is application/problem+json
// with a status matching the response, a code, and a detail in Chinese.
func checkProblem(t testing.TB, r response) problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("status %d: got Content-Type %q, want application/problem+json", r.Status, ct)
	}
	var raw map[string]any
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Errorf("status %d: got body %q, want a JSON object: %v", r.Status, r.Body, err)
		return problem{}
	}
	for _, k := range []string{"status", "code", "detail"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("status %d: problem has no %q: %s", r.Status, k, r.Body)
		}
	}
	var p problem
	json.Unmarshal(r.Body, &p)
	if p.Status != r.Status {
		t.Errorf("got problem status %d, want the response status %d", p.Status, r.Status)
	}
	if p.Code == "" {
		t.Errorf("status %d: got an empty problem code: %s", r.Status, r.Body)
	}
	if !hasHan(p.Detail) {
		t.Errorf("status %d: got detail %q, want a non-empty Chinese message", r.Status, p.Detail)
	}
	return p
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// listAll pages through a list endpoint with next_cursor and returns every item.
func listAll[T any](t testing.TB, e *env, user, path string) []T {
	t.Helper()
	var all []T
	cursor := ""
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("%s: more than 1000 pages, the cursor does not advance", path)
		}
		p := path
		if cursor != "" {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			p += sep + "cursor=" + url.QueryEscape(cursor)
		}
		var list duban.List[T]
		e.mustDo(t, user, http.MethodGet, p, nil, nil, http.StatusOK).decode(t, &list)
		all = append(all, list.Items...)
		if list.NextCursor == "" {
			return all
		}
		cursor = list.NextCursor
	}
}

// findAssignment returns the first assignment in the admin's list that ok accepts.
func findAssignment(t testing.TB, all []duban.Assignment, what string, ok func(a duban.Assignment) bool) duban.Assignment {
	t.Helper()
	for _, a := range all {
		if ok(a) {
			return a
		}
	}
	t.Fatalf("the demo has no assignment that is %s", what)
	return duban.Assignment{}
}

func pathf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
