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

	"github.com/chromedp/chromedp"

	"duban/internal/demo"
	"duban/internal/duban"
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

// site is a demo server and a browser pointed at it.
type site struct {
	t    *testing.T
	url  string
	ctx  context.Context
	db   *store.DB
	shot string // folder for screenshots, or ""
}

func newSite(t *testing.T) *site {
	t.Helper()
	bin := browser(t)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := demo.Load(ctx, db, duban.DateOf(time.Now().In(duban.ChinaTime))); err != nil {
		t.Fatal(err)
	}
	w := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.SetFiles(&files.Store{Dir: t.TempDir()})
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1366, 768))
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelA)
	bctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(cancelB)
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Skipf("Chromium did not start (%v): the browser tests are skipped", err)
	}
	return &site{t: t, url: srv.URL, ctx: bctx, db: db, shot: os.Getenv("DUBAN_SCREENSHOTS")}
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
func eval[T any](s *site, expr string) T {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		s.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// login signs in through the form, starting from a fresh session.
func (s *site) login(user, password string) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.url+"/lang?to=zh&next=/login"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = "duban_session=; Max-Age=0; path=/"`),
		chromedp.Navigate(s.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// screenshot saves the full page as name.png when screenshots are asked for.
func (s *site) screenshot(name string) {
	s.t.Helper()
	if s.shot == "" {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(s.shot, 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.shot, name+".png"), png, 0o644); err != nil {
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
	s.do(chromedp.Click(chromedp.ID("lang-switch")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := s.text("main h1"); !strings.Contains(got, "Waiting for you today") {
		t.Errorf("after switching to English: got heading %q", got)
	}
	s.do(chromedp.Click(chromedp.ID("lang-switch")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := s.text("main h1"); !strings.Contains(got, "今日待办") {
		t.Errorf("after switching back: got heading %q", got)
	}
}
