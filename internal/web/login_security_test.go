package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duban/internal/duban"
)

// postForm posts a form without following redirects.
func (e *env) postForm(t *testing.T, path string, form url.Values) response {
	t.Helper()
	return e.rawForm(t, path, form.Encode())
}

func (e *env) rawForm(t *testing.T, path, body string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.noRedirect(t, req)
}

func (e *env) noRedirect(t *testing.T, req *http.Request) response {
	t.Helper()
	c := *e.http.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	bufio.NewReader(res.Body).WriteTo(&b)
	return response{Status: res.StatusCode, Header: res.Header, Body: []byte(b.String())}
}

func auditActions(t *testing.T, e *env) map[string]int {
	t.Helper()
	rows, err := e.db.mustRaw(t).Query(`SELECT action, count(*) FROM audit_events GROUP BY action`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			t.Fatal(err)
		}
		out[a] = n
	}
	return out
}

// Five wrong passwords lock the account for 15 minutes: the API answers 423
// with Retry-After, even to the right password; the form says until when;
// the security administrator unlocks it (the system administrator may
// not); the lock and the unlock are audited.
func TestLoginLockout(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		sec := &duban.User{Username: "secadmin", Role: duban.RoleSecAdmin}
		if err := db.CreateUser(context.Background(), duban.System, sec, password("secadmin")); err != nil {
			t.Fatal(err)
		}
		r := e.mustDo(t, "admin", "POST", "/api/v1/users", map[string]any{"username": "xsb", "password": "Insp-password-1", "role": "inspector"}, nil, 201)
		var u duban.User
		r.decode(t, &u)
		login := func(pw string) response {
			return e.do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "xsb", "password": pw}, nil)
		}
		for i := range 4 {
			if r := login("wrong"); r.Status != 401 {
				t.Fatalf("failure %d: got %d, want 401: %s", i+1, r.Status, r.Body)
			}
		}
		r = login("wrong")
		if r.Status != http.StatusLocked {
			t.Fatalf("fifth failure: got %d, want 423: %s", r.Status, r.Body)
		}
		if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); s < 890 || s > 901 {
			t.Errorf("got Retry-After %q, want about 900 seconds", r.Header.Get("Retry-After"))
		}
		if p := checkProblem(t, r); p.Code != "locked" || !strings.Contains(p.Detail, "锁定") {
			t.Errorf("got problem %+v, want code locked and a Chinese message", p)
		}
		if r := login("Insp-password-1"); r.Status != http.StatusLocked {
			t.Fatalf("right password while locked: got %d, want 423", r.Status)
		}
		page := e.postForm(t, "/login", url.Values{"username": {"xsb"}, "password": {"Insp-password-1"}})
		until := time.Now().Add(15 * time.Minute).In(duban.ChinaTime)
		if page.Status != http.StatusLocked || !strings.Contains(string(page.Body), "请于 "+until.Format("15:04")) && !strings.Contains(string(page.Body), "请于 "+until.Add(-time.Minute).Format("15:04")) {
			t.Errorf("login form while locked: got %d, want 423 and the time to try again: %s", page.Status, page.Body)
		}
		e.mustDo(t, "admin", "POST", pathf("/api/v1/users/%d/unlock", u.ID), nil, nil, 403)
		e.mustDo(t, "secadmin", "POST", pathf("/api/v1/users/%d/unlock", u.ID), nil, nil, 204)
		r = login("Insp-password-1")
		var tok struct{ Token string }
		r.decode(t, &tok)
		if r.Status != 200 || tok.Token == "" {
			t.Fatalf("login after unlock: got %d: %s", r.Status, r.Body)
		}
		e.tokens["xsb"] = tok.Token
		e.mustDo(t, "xsb", "POST", pathf("/api/v1/users/%d/unlock", u.ID), nil, nil, 403)
		if a := auditActions(t, e); a["auth.lock"] != 1 || a["auth.unlock"] != 1 || a["auth.login_failed"] != 5 {
			t.Errorf("got audit actions %v, want one lock, one unlock, five failures", a)
		}
	})
}

// A 1 MB username is refused before it reaches the audit log, on the API
// and the form, and a 65-character one is refused with 422.
func TestLoginBodyBounded(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		before := auditActions(t, e)
		huge := strings.Repeat("a", 1<<20)
		r := e.do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": huge, "password": "x"}, nil)
		if r.Status != 400 {
			t.Errorf("API login with a 1 MB username: got %d, want 400: %.200s", r.Status, r.Body)
		}
		if f := e.postForm(t, "/login", url.Values{"username": {huge}, "password": {"x"}}); f.Status != 400 {
			t.Errorf("form login with a 1 MB username: got %d, want 400", f.Status)
		}
		r = e.do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": strings.Repeat("名", 65), "password": "x"}, nil)
		if r.Status != 422 {
			t.Errorf("API login with a 65-character username: got %d, want 422: %s", r.Status, r.Body)
		}
		if f := e.postForm(t, "/login", url.Values{"username": {strings.Repeat("名", 65)}, "password": {"x"}}); f.Status != 422 {
			t.Errorf("form login with a 65-character username: got %d, want 422", f.Status)
		}
		if after := auditActions(t, e); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("audit events went from %v to %v, want no change", before, after)
		}
		var longest int
		if err := e.db.mustRaw(t).QueryRow(`SELECT COALESCE(max(length(after_json)), 0) FROM audit_events`).Scan(&longest); err != nil {
			t.Fatal(err)
		}
		if longest > 4096 {
			t.Errorf("the longest audit entry holds %d bytes, want a bounded one", longest)
		}
	})
}

// A NUL in JSON, a query or a form is refused with 422 before the database
// sees it (PostgreSQL answered 500).
func TestNULRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		e.runAll(t, []scenario{
			{name: "login json", method: "POST", path: "/api/v1/auth/login", body: `{"username":"a\u0000b","password":"x"}`, wantStatus: 422},
			{name: "login json password", method: "POST", path: "/api/v1/auth/login", body: `{"username":"zgb","password":"duban\u0000demo"}`, wantStatus: 422},
			{name: "search", user: "zgb", method: "GET", path: "/api/v1/assignments?q=%00", wantStatus: 422},
			{name: "user search", user: "admin", method: "GET", path: "/api/v1/users?q=a%00", wantStatus: 422},
			{name: "create unit", user: "admin", method: "POST", path: "/api/v1/units", body: `{"name":"x\u0000","short_name":"x","kind":"department"}`, wantStatus: 422},
		})
		for _, f := range []struct{ path, body string }{
			{"/login", "username=a%00&password=x"},
			{"/public/feedback", "name=%00&content=x"},
		} {
			if r := e.rawForm(t, f.path, f.body); r.Status != 422 {
				t.Errorf("POST %s with %%00: got %d, want 422: %.300s", f.path, r.Status, r.Body)
			}
		}
		req, _ := http.NewRequest("GET", e.http.URL+"/public?q=%00", nil)
		if r := e.noRedirect(t, req); r.Status != 422 {
			t.Errorf("GET /public?q=%%00: got %d, want 422", r.Status)
		}
	})
}

// Redirects after login and after switching language stay on this site.
func TestRedirectsStayOnSite(t *testing.T) {
	db := mustOpenSQLite(t)
	e := newEnv(t, db)
	bad := []string{"/%5C127.0.0.1:18999/x", "//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/%09/evil.example", "evil.example"}
	for _, next := range bad {
		req, _ := http.NewRequest("GET", e.http.URL+"/lang?to=en&next="+next, nil)
		if r := e.noRedirect(t, req); r.Header.Get("Location") != "/" {
			t.Errorf("/lang next=%s: got Location %q, want /", next, r.Header.Get("Location"))
		}
	}
	for _, next := range []string{"/\\evil.example", "//evil.example", "/\x01/evil"} {
		r := e.postForm(t, "/login", url.Values{"username": {"admin"}, "password": {adminPassword}, "next": {next}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("login next=%q: got %d Location %q, want 303 to /", next, r.Status, r.Header.Get("Location"))
		}
	}
	r := e.postForm(t, "/login", url.Values{"username": {"admin"}, "password": {adminPassword}, "next": {"/ledger?status=open"}})
	if got := r.Header.Get("Location"); got != "/ledger?status=open" {
		t.Errorf("login next=/ledger?status=open: got Location %q, want it kept", got)
	}
}

// A hundred parallel logins do not each take 64 MiB: the hashing is capped,
// the excess is refused with 429 and Retry-After, and the heap stays small.
func TestParallelLoginsBounded(t *testing.T) {
	defer duban.FullPasswordWork()() // what is measured is the full hash's memory and time
	db := mustOpenSQLite(t)
	e := newEnv(t, db)
	pol := duban.DefaultLoginPolicy()
	pol.IPMaxFailures = 1000
	db.SetLoginPolicy(pol)
	// The test process holds what earlier tests left: give it back to the
	// system, reset the peak to what remains, and measure the growth.
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets the peak RSS, where Linux allows it
	base := procStatusMiB("VmRSS:")
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	baseHeap := before.HeapInuse >> 20
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peakHeap.Load() {
				peakHeap.Store(m.HeapInuse)
			}
		}
	})
	statuses := make([]response, 100)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			r, err := e.send("POST", "/api/v1/auth/login", map[string]string{"username": fmt.Sprintf("nobody%d", i), "password": "wrong"}, nil)
			if err != nil {
				t.Error(err)
			}
			statuses[i] = r
		})
	}
	wg.Wait()
	close(stop)
	sampler.Wait()
	count := map[int]int{}
	for _, r := range statuses {
		count[r.Status]++
		if r.Status == 429 {
			if p := checkProblem(t, r); !hasHan(p.Detail) || r.Header.Get("Retry-After") == "" {
				t.Errorf("429 without a Chinese message or Retry-After: %v %s", r.Header, r.Body)
			}
		}
	}
	if count[401]+count[429] != 100 || count[429] == 0 || count[401] == 0 {
		t.Errorf("got statuses %v, want only 401 and 429, some of each", count)
	}
	peak := peakHeap.Load() >> 20
	rss := procStatusMiB("VmHWM:")
	t.Logf("100 parallel logins: statuses %v, heap in use %d MiB before and %d MiB at the peak, RSS %d MiB before and %d MiB at the peak", count, baseHeap, peak, base, rss)
	// What earlier tests of the package left live is not the logins' doing:
	// the growth is measured.
	if peak-baseHeap > 400 {
		t.Errorf("heap in use grew by %d MiB (from %d to %d), want under 400 MiB", peak-baseHeap, baseHeap, peak)
	}
	// Two hashes at a time take 2 × 64 MiB, and the garbage collector lets the
	// heap reach about twice what is live; uncapped, 100 would take 6.4 GB.
	if raceDetector {
		t.Log("the race detector multiplies resident memory: the RSS limit is checked in builds without it")
	} else if rss-base > 400 {
		t.Errorf("RSS grew by %d MiB (from %d to %d), want under 400 MiB", rss-base, base, rss)
	}
}

// A sign-in's 64 MiB hash does not stay resident after it: the server
// gives the memory back when no other hash runs, so one login leaves the
// resident set where it was (a server under load holds 90–110 MB, and each
// sign-in took it past 150 MB).
func TestLoginGivesHashMemoryBack(t *testing.T) {
	defer duban.FullPasswordWork()()
	if raceDetector {
		t.Skip("the race detector multiplies resident memory: checked in builds without it")
	}
	db := mustOpenSQLite(t)
	e := newEnv(t, db)
	for i := range 3 {
		debug.FreeOSMemory()
		base := procStatusMiB("VmRSS:")
		r, err := e.send("POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": adminPassword}, nil)
		if err != nil || r.Status != http.StatusOK {
			t.Fatalf("login: %v %d %s", err, r.Status, r.Body)
		}
		after := procStatusMiB("VmRSS:")
		if base == 0 {
			t.Skip("no /proc/self/status here")
		}
		t.Logf("login %d: RSS %d MiB before, %d MiB after", i+1, base, after)
		if after-base > 24 {
			t.Errorf("login %d: RSS grew by %d MiB (from %d to %d) and stayed, want the hash's 64 MiB given back", i+1, after-base, base, after)
		}
	}
}

// procStatusMiB reads a figure of /proc/self/status (VmRSS:, VmHWM:) in MiB, or 0.
func procStatusMiB(key string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == key {
			kb, _ := strconv.Atoi(f[1])
			return kb >> 10
		}
	}
	return 0
}
