package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// sessionCookie carries the login of the web UI; the token is the same
// kind of token the API takes as a bearer token.
const sessionCookie = "duban_session"

// pageHandler is a page handler: it returns an error instead of writing one.
type pageHandler func(w http.ResponseWriter, r *http.Request) error

// Base is what every page's data carries: the title, the caller, the
// language and the navigation.
type Base struct {
	Title string
	User  *duban.Principal
	Lang  string
	Path  string
	Flash string
	Nav   []NavItem
	// Unread is how many messages the signed-in user has not read.
	Unread int
}

// NavItem is a link in the side navigation.
type NavItem struct {
	Href, Label string
	Active      bool
}

func (b Base) language() string { return b.Lang }

// T translates a message key into the page's language.
func (b Base) T(key string) string { return translate(b.Lang, key) }

// page adapts h: it requires a session (unless public), renders errors as
// an HTML page, and redirects to the login page when the session is missing.
func (s *Server) page(h pageHandler, public bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !public {
			p, err := s.session(r)
			if err != nil {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			r = withPrincipal(r, p)
		} else if p, err := s.session(r); err == nil {
			r = withPrincipal(r, p)
		}
		if err := confine(principal(r), r); err != nil {
			s.pageError(w, r, err)
			return
		}
		if p := principal(r); !public && p.Pending != "" && !allowedWhilePending(r, pendingPages) {
			http.Redirect(w, r, pendingPage(p, r), http.StatusSeeOther)
			return
		}
		if err := h(w, r); err != nil {
			s.pageError(w, r, err)
		}
	})
}

func (s *Server) session(r *http.Request) (*duban.Principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, duban.Errorf(duban.Unauthorized, "请先登录")
	}
	return s.db.Authenticate(r.Context(), c.Value)
}

// pageError renders an error page in the user's language, with the status
// the error's code calls for; internal errors are logged once.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := duban.ErrorCode(err)
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.log.Info("client went away", "method", r.Method, "path", r.URL.Path)
		return
	}
	if code == duban.Internal {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r), slog.Any("err", err))
	}
	s.recordDenied(r, err)
	status := problemStatus[code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	data := struct {
		Base
		Status  int
		Message string
	}{Base: s.base(r, "error.title"), Status: status, Message: errorMessageIn(lang(r), err)}
	w.WriteHeader(status)
	s.renderTo(w, "error.html", data)
}

// base fills the common page data for a request.
func (s *Server) base(r *http.Request, titleKey string) Base {
	b := Base{Lang: lang(r), User: principal(r), Path: r.URL.Path}
	b.Title = b.T(titleKey)
	if c, err := r.Cookie("duban_flash"); err == nil {
		b.Flash, _ = url.QueryUnescape(c.Value)
	}
	b.Nav = s.nav(b)
	if b.User != nil {
		// A badge is not worth failing a page for, nor a statement on
		// every page: kept a moment (store.Recent).
		b.Unread, _ = store.Recent(s.db, fmt.Sprintf("unread\x00%d", b.User.UserID), func() (int, error) { return s.db.UnreadCount(r.Context(), b.User) })
	}
	return b
}

// nav is the side navigation for the caller's role.
func (s *Server) nav(b Base) []NavItem {
	if b.User == nil {
		return nil
	}
	items := []NavItem{{Href: "/", Label: b.T("nav.home")}}
	for _, it := range navByRole[b.User.Role] {
		items = append(items, NavItem{Href: it[0], Label: b.T(it[1])})
	}
	items = append(items, NavItem{Href: "/public", Label: b.T("nav.public")})
	for i := range items {
		items[i].Active = items[i].Href == b.Path || (items[i].Href != "/" && strings.HasPrefix(b.Path, items[i].Href))
	}
	return items
}

// navByRole lists the pages each role works in, as {href, message key}.
var navByRole = map[duban.Role][][2]string{
	duban.RoleAdmin: {{"/plans", "nav.plans"}, {"/ledger", "nav.ledger"}, {"/documents", "nav.documents"}, {"/feedback", "nav.feedback"}, {"/overview", "nav.overview"}, {"/indicators", "nav.indicators"}, {"/projects", "nav.projects"}, {"/challenges", "nav.challenges"},
		{"/instructions", "nav.instructions"}, {"/users", "nav.users"}, {"/units", "nav.units"}, {"/calendar", "nav.calendar"}, {"/channels", "nav.channels"}, {"/deliveries", "nav.deliveries"}},
	duban.RoleSecAdmin:  {{"/users", "nav.users"}},
	duban.RoleLead:      {{"/plans", "nav.plans"}, {"/ledger", "nav.ledger"}, {"/documents", "nav.documents"}, {"/feedback", "nav.feedback"}, {"/indicators", "nav.indicators"}, {"/projects", "nav.projects"}, {"/challenges", "nav.challenges"}, {"/instructions", "nav.instructions"}},
	duban.RoleLiaison:   {{"/ledger", "nav.mine"}, {"/indicators", "nav.indicators"}, {"/projects", "nav.projects"}, {"/challenges", "nav.challenges"}, {"/instructions", "nav.instructions"}},
	duban.RoleLeader:    {{"/plans", "nav.plans"}, {"/ledger", "nav.ledger"}, {"/indicators", "nav.indicators"}, {"/projects", "nav.projects"}, {"/instructions", "nav.instructions"}},
	duban.RoleInspector: {{"/overview", "nav.overview"}, {"/plans", "nav.plans"}, {"/indicators", "nav.indicators"}, {"/projects", "nav.projects"}, {"/instructions", "nav.instructions"}},
	duban.RoleExpert:    {{"/challenges", "nav.challenges"}, {"/projects", "nav.projects"}},
	duban.RoleAuditor:   {{"/audit", "nav.audit"}},
}

// flash sets a one-time message shown on the next page.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "duban_flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 10, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// clearFlash removes the flash once a page has shown it.
func clearFlash(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie("duban_flash"); err == nil {
		http.SetCookie(w, &http.Cookie{Name: "duban_flash", Path: "/", MaxAge: -1})
	}
}

var pageFuncs = template.FuncMap{
	"statusName":   func(s duban.Status) string { return duban.StatusNames[s] },
	"levelName":    func(l duban.Level) string { return duban.LevelNames[l] },
	"roleName":     func(r duban.Role) string { return duban.RoleNames[r] },
	"deadline":     duban.DeadlineLabel,
	"cn":           func(d duban.Date) string { return d.Chinese() },
	"say":          func(s string) string { return s },
	"recipients":   func(s string) string { return s },
	"isodate":      isoDateValue,
	"pct":          func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"datetime":     func(t time.Time) string { return t.In(duban.ChinaTime).Format("2006-01-02 15:04") },
	"lightName":    lightName,
	"add":          func(a, b int) int { return a + b },
	"deref":        func(p *int) int { return *p },
	"neg":          func(n int) int { return -n },
	"json":         func(v any) (template.JS, error) { return toJS(v) },
	"hasPrefix":    strings.HasPrefix,
	"lightOfCount": func(r duban.Rollup) duban.Light { return r.Light },
	"ledgerHref":   func(query string) string { return "/ledger?" + query }, // a saved filter's ledger list
}

func lightName(l duban.Light) string {
	return map[duban.Light]string{duban.LightRed: "红灯", duban.LightYellow: "黄灯", duban.LightGreen: "绿灯", duban.LightDone: "已完成"}[l]
}

// pages holds every page template, parsed once at start-up.
type pages map[string]*template.Template

func parsePages() (pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	known := map[string]any{}
	for _, b := range []string{"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"} {
		known[b] = true // text/template's own functions
	}
	for _, m := range []template.FuncMap{pageFuncs, projectFuncs, englishFuncs} {
		maps.Copy(known, m)
	}
	ix, err := indexPartials(known)
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		parts, err := ix.partialsFor(n, known)
		if err != nil {
			return nil, err
		}
		files := append(append([]string{"templates/layout.html"}, parts...), n)
		for _, v := range []struct {
			key   string
			funcs template.FuncMap
		}{{base, pageFuncs}, {base + "#en", englishFuncs}} {
			t, err := template.New("layout.html").Funcs(pageFuncs).Funcs(projectFuncs).Funcs(v.funcs).ParseFS(templateFS, files...)
			if err != nil {
				return nil, fmt.Errorf("web: parse %s: %w", n, err)
			}
			out[v.key] = t
		}
	}
	return out, nil
}

// render writes a page, clearing the flash it shows.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) error {
	clearFlash(w, r)
	return s.renderTo(w, name, data)
}

// pageLayout is the template a page is rendered through.
func pageLayout(name string) string {
	switch {
	case strings.HasPrefix(name, "public"):
		return "public-layout"
	case strings.HasPrefix(name, "screen"):
		return "screen-layout" // the wall screen: no navigation
	}
	return "layout.html"
}

// pageSet is the parsed set of page name for lang: in English, the same
// templates with the value formatters in English.
func (s *Server) pageSet(name, lang string) (*template.Template, error) {
	if lang == "en" {
		name += "#en"
	}
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no page %s", name)
	}
	return t, nil
}

func (s *Server) renderTo(w http.ResponseWriter, name string, data any) error {
	lang := ""
	if l, ok := data.(interface{ language() string }); ok {
		lang = l.language()
	}
	t, err := s.pageSet(name, lang)
	if err != nil {
		return err
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, pageLayout(name), data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = buf.WriteTo(w)
	return err
}

// pageBuffers hold pages while they are rendered: a battle map page is
// 126 KB on a national plan, and a new buffer for each grew through every
// size up to 256 KB (at c=16, half a megabyte a request for the collector).
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// loginPage shows the login form and handles it.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	data := struct {
		Base
		Username, Next, Error, SSOLabel string
	}{Base: s.base(r, "login.title"), Next: safeNext(r.URL.Query().Get("next"))}
	data.SSOLabel = s.ssoLabel(data.Base)
	if r.Method == http.MethodPost {
		data.Username, data.Next = strings.TrimSpace(r.PostFormValue("username")), safeNext(r.PostFormValue("next"))
		token, _, err := s.db.Login(r.Context(), s.loginAttempt(r, data.Username, r.PostFormValue("password"), "session"))
		if duban.ErrorCode(err) == duban.TOTPRequired {
			s.startSecondStep(w, r, token, data.Next)
			return nil
		}
		if err == nil {
			s.setSession(w, r, token)
			http.Redirect(w, r, data.Next, http.StatusSeeOther)
			return nil
		}
		msg, status := loginFailure(data.Base, err)
		if status == 0 {
			return err
		}
		data.Error = msg
		retryAfter(w, err)
		w.WriteHeader(status)
	}
	return s.render(w, r, "login.html", data)
}

func (s *Server) logoutPage(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.db.Logout(r.Context(), principal(r), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// langPage switches the UI language and goes back.
func (s *Server) langPage(w http.ResponseWriter, r *http.Request) error {
	to := r.URL.Query().Get("to")
	if to != "en" {
		to = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: "duban_lang", Value: to, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

func lang(r *http.Request) string {
	if c, err := r.Cookie("duban_lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// formError is a form's failure: the message and per-field messages,
// re-rendered next to the fields with what the user typed.
func formError(lang string, err error) (string, map[string]string) {
	var e *duban.Error
	if errors.As(err, &e) {
		return textIn(lang, e.Message), fieldsIn(lang, e.Fields)
	}
	return errorMessageIn(lang, err), nil
}
