package e2e

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// consoleWatch collects what goes wrong in a tab: exceptions, console.error,
// errors of the browser's log, and every response of 400 or more, whether a
// page asset (script, style, image, font, an htmx fragment) or a page.
type consoleWatch struct {
	mu   sync.Mutex
	errs []string
}

// watchConsole starts collecting the errors of the site's tab. The browser
// hands each event to the watch before the reply to any later command, so
// that a check after a page has loaded sees everything that page did.
func (s *site) watchConsole() *consoleWatch {
	s.t.Helper()
	w := &consoleWatch{}
	if err := chromedp.Listen(s.ctx, w.event); err != nil {
		s.t.Fatalf("watch the console: %v", err)
	}
	return w
}

// event notes an event that tells of an error. It runs in the loop that
// reads the tab's messages, so it only appends.
func (w *consoleWatch) event(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if x := e.ExceptionDetails.Exception; x != nil && x.Description != "" {
			msg += " " + x.Description
		}
		msg += " (" + e.ExceptionDetails.URL + ")"
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range e.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
		}
		msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		// A failed load is also told as a response below, with its type.
		if e.Entry.Level != cdplog.EntryLevelError || e.Entry.Source == cdplog.EntrySourceNetwork {
			return
		}
		msg = fmt.Sprintf("%s error: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
	case *network.EventResponseReceived:
		if e.Response.Status < 400 {
			return
		}
		msg = fmt.Sprintf("HTTP %d for %s %s", e.Response.Status, e.Type, e.Response.URL)
	case *network.EventLoadingFailed:
		// A download ends its navigation, and a page left before it loaded
		// cancels its requests: neither is a failure of the site.
		if e.Canceled || e.ErrorText == "net::ERR_ABORTED" {
			return
		}
		msg = fmt.Sprintf("loading a %s failed: %s", e.Type, e.ErrorText)
	default:
		return
	}
	w.mu.Lock()
	w.errs = append(w.errs, msg)
	w.mu.Unlock()
}

// reset forgets the errors seen so far (a refusal the test asked for).
func (w *consoleWatch) reset() {
	time.Sleep(200 * time.Millisecond) // let a late report arrive
	w.mu.Lock()
	w.errs = nil
	w.mu.Unlock()
}

// expect forgets the errors seen so far that start with what: a refusal the
// walk asked for, such as "HTTP 422 for Document". It fails the test when
// there was none.
func (w *consoleWatch) expect(t *testing.T, what string) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(w.errs)
	w.errs = slices.DeleteFunc(w.errs, func(e string) bool { return strings.HasPrefix(e, what) })
	if len(w.errs) == n {
		t.Errorf("expected %q, the browser told of none", what)
	}
}

// check fails the test with the errors seen since the last check.
func (w *consoleWatch) check(t *testing.T, where string) {
	t.Helper()
	w.mu.Lock()
	errs := w.errs
	w.errs = nil
	w.mu.Unlock()
	for _, e := range errs {
		t.Errorf("%s: %s", where, e)
	}
}
