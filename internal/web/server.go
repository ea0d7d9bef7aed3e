// Package web serves duban over HTTP: the JSON API under /api/v1 with its
// OpenAPI document, and the health check. Handlers parse, call the store
// and respond; the rules live in the duban and store packages.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/metrics"
	"duban/internal/sso"
	"duban/internal/store"
)

// Server holds what the handlers need.
type Server struct {
	db     *store.DB
	log    *slog.Logger
	mux    *routeMux
	routes []route // every registered route, for the OpenAPI check
	jobs   JobsFunc
	files  *files.Store
	pages  pages
	opts   Options

	metrics      *metrics.Metrics // nil: requests are not counted
	metricsToken string           // bearer token for GET /metrics; empty: not served here

	sso *sso.Provider // nil: passwords only

	ledgerRows int // rows of a ledger list page; 0: 50 (tests page with fewer)

	grids    keptCache[template.HTML] // the battle maps' charts and tables, by their figures
	dashJSON keptCache[[]byte]        // the battle map API's answers, by their figures and plan
}

// SetFiles sets where evidence files are kept.
func (s *Server) SetFiles(f *files.Store) { s.files = f }

// JobsFunc runs one background pass as of a time (jobs.Runner.PassAt).
type JobsFunc func(ctx context.Context, at time.Time) (any, error)

// SetJobs lets administrators run background passes through the API.
func (s *Server) SetJobs(f JobsFunc) { s.jobs = f }

// route is one registered method and path pattern.
type route struct {
	Method, Path string
}

// New returns a server on db whose routes are all registered.
func New(db *store.DB, log *slog.Logger) *Server {
	ps, err := parsePages()
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a bug caught by every test
	}
	s := &Server{db: db, log: log, mux: &routeMux{ServeMux: http.NewServeMux()}, pages: ps}
	s.registerRoutes()
	s.registerPages()
	return s
}

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	// Forms post with the session cookie: refuse cross-origin writes (CSRF).
	// Bearer-token API calls carry no cookie and are not affected.
	return s.securityHeaders(s.observe(s.recoverPanics(s.rejectNUL(http.NewCrossOriginProtection().Handler(s.mux)))))
}

// Routes returns every registered route.
func (s *Server) Routes() []route { return s.routes }

// Patterns returns the pattern of every route registered on the server,
// API and web alike ("GET /plans/{id}"), in the order registered: what the
// route × role matrix test walks.
func (s *Server) Patterns() []string { return slices.Clone(s.mux.patterns) }

// routeMux is a ServeMux that remembers every pattern registered on it, so
// that no route escapes the security matrix.
type routeMux struct {
	*http.ServeMux
	patterns []string
}

// Handle registers h for pattern and remembers the pattern.
func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// HandleFunc registers f for pattern and remembers the pattern.
func (m *routeMux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

type ctxKey int

const principalKey ctxKey = 0

// principal returns the caller set by authenticate.
func principal(r *http.Request) *duban.Principal {
	p, _ := r.Context().Value(principalKey).(*duban.Principal)
	return p
}

func withPrincipal(r *http.Request, p *duban.Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey, p))
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "request_id", requestID(r), "panic", v)
				writeProblem(w, r, duban.Errorf(duban.Internal, "服务器内部错误"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
