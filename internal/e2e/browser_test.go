// Package e2e drives duban's web UI in a real browser (Debian's Chromium,
// through chromedp) on the demo data, as each role would use it. The tests
// skip, saying why, where Chromium is not installed. With DUBAN_SCREENSHOTS
// set to a folder, they save screenshots of the main pages there.
package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"duban/internal/files"
	"duban/internal/store"
	"duban/internal/web"
)

// browser finds Chromium or skips the test.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed (apt-get install chromium): the browser tests are skipped")
	return ""
}

// site is a demo server and a browser tab pointed at it.
type site struct {
	t    *testing.T
	url  string
	ctx  context.Context
	db   *store.DB
	plan int64  // the demo plan
	shot string // folder for screenshots, or ""
	lang string // the language login keeps: "en", or Chinese
}

// newSite starts a server on a fresh copy of the demo data and opens a tab
// for it in a browser context of its own.
func newSite(t *testing.T) *site {
	t.Helper()
	bin := browser(t)
	db, plan := demoCopy(t, t.TempDir())
	w := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.SetFiles(&files.Store{Dir: t.TempDir()})
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return &site{t: t, url: srv.URL, ctx: newTab(t, bin), db: db, plan: plan, shot: os.Getenv("DUBAN_SCREENSHOTS")}
}

// visitor is a second browser, with cookies of its own, on the same server.
func (s *site) visitor() *site {
	s.t.Helper()
	v := *s
	v.ctx = newTab(s.t, browser(s.t))
	return &v
}

// do runs steps with a time limit, failing the test on error.
func (s *site) do(steps ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		s.t.Fatal(err)
	}
}

// text returns the text of the first node matching a CSS selector.
func (s *site) text(sel string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// eval runs a JavaScript expression and returns its value.
func eval[T any](s *site, expr string, opts ...chromedp.EvaluateOption) T {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		s.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// login signs in through the form, starting from a fresh session, in the
// site's language (Chinese unless it is "en").
func (s *site) login(user, password string) {
	s.t.Helper()
	to := "zh"
	if s.lang == "en" {
		to = "en"
	}
	s.do(chromedp.Navigate(s.url+"/lang?to="+to+"&next=/login"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = "duban_session=; Max-Age=0; path=/"`),
		chromedp.Navigate(s.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), password))
	s.follow(chromedp.Submit(chromedp.ID("password")))
	s.do(chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// follow runs an action that loads another page (a click on a link, a
// form's submission) and waits until that page has loaded.
func (s *site) follow(a chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	s.do(chromedp.Evaluate[chromedp.Void](`window.__e2eOld = true`), a)
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__e2eOld === undefined && document.readyState === "complete"`))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the next page did not load (%v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// open loads a page of the site by its path.
func (s *site) open(path string) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.url + path))
}

// count returns how many nodes match a CSS selector.
func (s *site) count(sel string) int {
	s.t.Helper()
	return eval[int](s, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// texts returns the text of every node matching a CSS selector, shown or
// not (in a closed <details>), with its white space collapsed.
func (s *site) texts(sel string) []string {
	s.t.Helper()
	return eval[[]string](s, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.textContent.replace(/\s+/g, " ").trim())`)
}

// path returns the path and query of the page shown.
func (s *site) path() string {
	s.t.Helper()
	return eval[string](s, `location.pathname + location.search`)
}

// maxShotHeight is the tallest page saved whole; a taller one is saved as
// the viewport shows it.
const maxShotHeight = 3000

// screenshot saves the page as name.png when screenshots are asked for: the
// whole page, or the viewport when the page is taller than maxShotHeight.
func (s *site) screenshot(name string) {
	s.t.Helper()
	if s.shot == "" {
		return
	}
	size := eval[[2]float64](s, `[document.documentElement.scrollWidth, document.documentElement.scrollHeight]`)
	params := page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng}
	if size[1] <= maxShotHeight {
		yes := true
		params.CaptureBeyondViewport = &yes
		params.Clip = &page.Viewport{Width: size[0], Height: size[1], Scale: 1}
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, params)
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(s.shot, 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.shot, name+".png"), res.Data, 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func TestLoginInboxAndLanguage(t *testing.T) {
	s := newSite(t)
	s.do(chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.ID("username")))
	s.screenshot("login")
	s.login("czt", "wrong-password")
	if got := s.text(".error"); !strings.Contains(got, "用户名或密码错误") {
		t.Errorf("bad password: got %q", got)
	}
	s.login("czt", "duban-demo")
	if got := s.text("main h1"); !strings.Contains(got, "今日待办") {
		t.Errorf("liaison's home: got heading %q", got)
	}
	if got := s.text(".who"); !strings.Contains(got, "联络员") {
		t.Errorf("the header names %q, want the liaison role", got)
	}
	s.screenshot("home-liaison")
	s.follow(chromedp.Click(chromedp.ID("lang-switch")))
	if got := s.text("main h1"); !strings.Contains(got, "Waiting for you today") {
		t.Errorf("after switching to English: got heading %q", got)
	}
	s.follow(chromedp.Click(chromedp.ID("lang-switch")))
	if got := s.text("main h1"); !strings.Contains(got, "今日待办") {
		t.Errorf("after switching back: got heading %q", got)
	}
}
