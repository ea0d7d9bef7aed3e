package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// The tests share what is slow to make: the demo data, loaded once into a
// template database that each test copies, and one Chromium process, in
// which each test opens a tab of its own browser context (its own cookies).
var shared struct {
	demoOnce sync.Once
	dir      string // holds the template database
	demoDB   string
	plan     int64
	demoErr  error

	browserOnce sync.Once
	browser     context.Context // the first tab of the shared Chromium
	browserErr  error
	stop        []context.CancelFunc
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(shared.stop) - 1; i >= 0; i-- {
		shared.stop[i]()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// e2eAuditKey keys the audit chain of the demo data and of every copy, so
// that the audit administrator's verification holds in the browser tests.
var e2eAuditKey = []byte("duban-e2e-audit-key-0123456789")

// demoCopy opens a fresh copy of the demo database in dir and returns it
// with the demo plan's id.
func demoCopy(t *testing.T, dir string) (*store.DB, int64) {
	t.Helper()
	shared.demoOnce.Do(func() {
		ctx := context.Background()
		if shared.dir, shared.demoErr = os.MkdirTemp("", "duban-e2e-"); shared.demoErr != nil {
			return
		}
		shared.demoDB = filepath.Join(shared.dir, "demo.db")
		db, err := store.Open(ctx, shared.demoDB)
		if err != nil {
			shared.demoErr = err
			return
		}
		if shared.demoErr = db.SetAuditKey(ctx, e2eAuditKey); shared.demoErr != nil {
			return
		}
		res, err := demo.Load(ctx, db, duban.DateOf(time.Now().In(duban.ChinaTime)))
		if err == nil {
			shared.plan = res.PlanID
		}
		shared.demoErr = err
		if err := db.Close(); shared.demoErr == nil {
			shared.demoErr = err
		}
	})
	if shared.demoErr != nil {
		t.Fatalf("demo data: %v", shared.demoErr)
	}
	path := filepath.Join(dir, "duban.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := copyFile(shared.demoDB+suffix, path+suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SetAuditKey(context.Background(), e2eAuditKey); err != nil {
		t.Fatal(err)
	}
	return db, shared.plan
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// newTab opens a tab in a new browser context of the shared Chromium, or
// skips the test when Chromium does not start.
func newTab(t *testing.T, bin string) context.Context {
	t.Helper()
	shared.browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("no-first-run", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1366, 768))
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelB := chromedp.NewContext(actx)
		shared.stop = append(shared.stop, cancelA, cancelB)
		// The first run starts Chromium, which lives as long as its context:
		// bctx, not a context with a time limit.
		shared.browser, shared.browserErr = bctx, chromedp.Do(bctx, chromedp.Navigate("about:blank"))
	})
	if shared.browserErr != nil {
		t.Skipf("Chromium did not start (%v): the browser tests are skipped", shared.browserErr)
	}
	ctx, cancel := chromedp.NewContext(shared.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab, which lives as long as ctx.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768), chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("quote %q: %v", s, err))
	}
	return string(b)
}
