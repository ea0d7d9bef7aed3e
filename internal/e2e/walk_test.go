package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// screen is a size the walks are made at.
type screen struct {
	name  string
	w, h  int64
	phone bool
}

var screens = []screen{{"desk", 1366, 768, false}, {"phone", 390, 844, true}}

// day is what one round of walks (one language, one screen) hands on from
// one role to the next: the liaison's closure request is the leader's to
// sign and then the lead office's to verify; the administrator's new unit is
// where the lead office assigns a measure.
type day struct {
	used     map[int64]bool // assignments a walk changed, on this server
	unit     int64          // the unit the administrator made
	unitName string         // its short name
	closure  int64          // the item the liaison asked to close, with evidence
	evidence string         // the name of its evidence file
	report   string         // what the liaison reported on it
}

// walkRoles are the roles in the order of a day's work.
var walkRoles = []struct {
	name string
	walk func(*walker)
}{
	{"admin", (*walker).adminDay},
	{"liaison", (*walker).liaisonDay},
	{"leader", (*walker).leaderDay},
	{"public", (*walker).publicDay},
	{"lead", (*walker).leadDay},
	{"inspector", (*walker).inspectorDay},
}

// TestRoleWalks walks each role's whole day in Chromium, as a user does it
// (clicks, typing and form posts, no API), at 1366×768 and at 390×844, in
// Chinese and in English: the system administrator makes a unit, an account
// and a calendar year; the liaison reports, asks to close an item with
// evidence and withdraws a request; the unit's leader signs off with an
// opinion; the public sends feedback and looks up its receipt; the lead
// office assigns, reviews, issues and prints a 督办单, verifies the closure
// with its evidence and exports the filtered red list; the inspection office
// reads the round overview. Each page is checked for what the step must
// show, for a page no wider than the screen (tables as cards on the phone),
// for message keys and, in English, Chinese interface text; any console
// error or any response of 400 or more fails the walk.
//
// One server per language: both screens' walks run on it, one after the
// other, each on items the other did not touch. The two languages walk at
// the same time, in tabs of the one Chromium.
func TestRoleWalks(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			base := newSite(t)
			base.lang = lang
			used := map[int64]bool{}
			for _, sc := range screens {
				d := &day{used: used}
				for _, r := range walkRoles {
					t.Run(r.name+"-"+sc.name, func(t *testing.T) {
						w := base.walker(t, sc, d)
						r.walk(w)
						w.watch.check(t, "the end of the walk")
					})
				}
			}
		})
	}
}

// walker is one role's walk: a tab of its own (its own cookies) at one
// screen size, in the site's language, watched for errors.
type walker struct {
	*site
	screen screen
	day    *day
	watch  *consoleWatch
}

// walker opens a tab for a walk on the site's server.
func (s *site) walker(t *testing.T, sc screen, d *day) *walker {
	t.Helper()
	v := *s
	v.t = t
	v.ctx = newTab(t, browser(t))
	w := &walker{site: &v, screen: sc, day: d}
	var opts []chromedp.EmulateViewportOption
	if sc.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	w.do(chromedp.EmulateViewport(sc.w, sc.h, opts...))
	w.watch = w.watchConsole()
	to := "zh"
	if w.lang == "en" {
		to = "en"
	}
	w.open("/lang?to=" + to + "&next=/public")
	return w
}

// en reports whether the walk is in English.
func (w *walker) en() bool { return w.lang == "en" }

// say picks the Chinese or the English text, as the walk's language has it.
func (w *walker) say(zh, en string) string {
	if w.en() {
		return en
	}
	return zh
}

// where names the page and the walk's screen in a failure.
func (w *walker) where() string {
	return fmt.Sprintf("%s (%s, %s)", w.path(), w.lang, w.screen.name)
}

// checkPage checks the page shown: its heading starts with want (when
// want is not ""), it fits the screen and on a phone its tables read as
// cards, no message key shows, in English the interface is English, and
// nothing went wrong in the console or the network since the last check.
func (w *walker) checkPage(want string) {
	w.t.Helper()
	if want != "" {
		if got := w.text("main h1"); !strings.HasPrefix(got, want) {
			w.t.Errorf("%s: heading %q, want %q", w.where(), got, want)
		}
	}
	w.checkNoOverflow()
	w.checkTranslated()
	if w.screen.phone && w.count("main table.grid") > 0 {
		w.checkCards()
	}
	if w.en() {
		if zh := w.cjkIn(englishChrome); len(zh) > 0 {
			w.t.Errorf("%s in English shows Chinese: %q", w.where(), zh)
		}
	}
	w.watch.check(w.t, w.where())
}

// englishChrome is the interface text that must be English on an English
// page, whatever the data: headings of tables, labels, buttons, navigation.
const englishChrome = "main label:not(:has(select)), main thead th, main legend, main button, .act > summary, .sidenav a, .topbar button, main h2[id$=\"-h\"]"

// nav follows a link of the main navigation, as a user clicks it.
func (w *walker) nav(href string) {
	w.t.Helper()
	sel := `.sidenav a[href=` + jsString(href) + `]`
	if w.count(sel) == 0 {
		w.t.Fatalf("%s: the navigation has no link to %s (it has %q)", w.where(), href, w.texts(".sidenav a"))
	}
	w.follow(chromedp.Click(chromedp.CSS(sel)))
}

// submit clicks a form's submit button and waits for the next page.
func (w *walker) submit(form string) {
	w.t.Helper()
	w.follow(chromedp.Click(chromedp.CSS(form + ` button[type=submit]`)))
}

// confirming answers the next confirm() of the page with yes, as the user
// does, keeping its question in sessionStorage.asked for the next page.
func (w *walker) confirming() {
	w.t.Helper()
	w.do(chromedp.Evaluate[chromedp.Void](`sessionStorage.removeItem("asked"); window.confirm = m => { sessionStorage.asked = m; return true; }`))
}

// openDetails opens a <details> section, as a click on its summary does,
// unless it is open already.
func (w *walker) openDetails(id string) {
	w.t.Helper()
	if eval[bool](w.site, `document.getElementById(`+jsString(id)+`).open`) {
		return
	}
	w.do(chromedp.Click(chromedp.CSS("#" + id + " > summary")))
}

// shot saves a screenshot of the page in the Chinese walks: name.png at the
// desk, name-phone.png on the phone. A page too tall to be saved whole is
// saved as the screen shows it, scrolled to the node matching at (if at is
// not "").
func (w *walker) shot(name, at string) {
	w.t.Helper()
	if w.en() || w.site.shot == "" {
		return
	}
	if w.screen.phone {
		name += "-phone"
	}
	if at != "" {
		w.do(chromedp.Evaluate[chromedp.Void](`document.querySelector(` + jsString(at) + `).scrollIntoView()`))
	}
	w.screenshot("walk-" + name)
}

// fetched fetches a URL in the page, with the session, and returns the
// status, the content type and the first bytes of the body.
func (w *walker) fetched(href string) string {
	w.t.Helper()
	return eval[string](w.site, `(async () => {
	  const r = await fetch(`+jsString(href)+`);
	  const b = new Uint8Array(await r.arrayBuffer());
	  return r.status + " " + r.headers.get("Content-Type") + " " + String.fromCharCode(...b.slice(0, 4));
	})()`, chromedp.EvalAwaitPromise)
}

// download clicks a download link and returns the file the browser saved.
func (w *walker) download(sel string) []byte {
	w.t.Helper()
	dir := w.t.TempDir()
	href := eval[string](w.site, `document.querySelector(`+jsString(sel)+`).href`)
	ctx, cancel := context.WithTimeout(w.ctx, 30*time.Second)
	defer cancel()
	// Downloads are a matter of the browser, whose events tell of every
	// tab's downloads: this one's is the one that begins at href.
	events := make(chan any, 64)
	err := chromedp.ListenBrowser(ctx, func(ev any) {
		switch ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin, *cdpbrowser.EventDownloadProgress:
			select {
			case events <- ev:
			default:
			}
		}
	})
	if err != nil {
		w.t.Fatalf("watch the downloads: %v", err)
	}
	yes := true
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &yes,
		BrowserContextID: chromedp.FromContext(w.ctx).BrowserContextID,
	}); err != nil {
		w.t.Fatalf("allow downloads: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		w.t.Fatalf("%s: click %s: %v", w.where(), sel, err)
	}
	var guid string
	for {
		select {
		case <-ctx.Done():
			w.t.Fatalf("%s: the download of %s did not finish", w.where(), href)
		case ev := <-events:
			switch e := ev.(type) {
			case *cdpbrowser.EventDownloadWillBegin:
				if e.URL == href {
					guid = e.GUID
				}
			case *cdpbrowser.EventDownloadProgress:
				if guid == "" || e.GUID != guid {
					continue
				}
				switch e.State {
				case cdpbrowser.DownloadProgressStateCompleted:
					b, err := os.ReadFile(filepath.Join(dir, guid))
					if err != nil {
						w.t.Fatal(err)
					}
					return b
				case cdpbrowser.DownloadProgressStateCanceled:
					w.t.Fatalf("%s: the download of %s was cancelled", w.where(), href)
				}
			}
		}
	}
}

// pdfFile writes a small PDF named name and returns its path.
func (w *walker) pdfFile(name string) string {
	w.t.Helper()
	p := filepath.Join(w.t.TempDir(), name)
	if err := os.WriteFile(p, []byte(minimalPDF), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return p
}
