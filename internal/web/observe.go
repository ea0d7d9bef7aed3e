package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"duban/internal/metrics"
)

const requestIDKey ctxKey = 100

// SetMetrics counts requests into m and serves m at GET /metrics to callers
// that present token as a bearer token. Without a token /metrics answers
// 404 on the application's address; the metrics can then be scraped on a
// separate, private listener (DUBAN_METRICS_ADDR).
func (s *Server) SetMetrics(m *metrics.Metrics, token string) {
	s.metrics, s.metricsToken = m, token
}

// requestID returns the request's id, set by observe.
func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// observe gives every request an id (the caller's X-Request-ID when it is a
// sensible token, else a new one), sends it back in X-Request-ID, and after
// the request logs one line and counts it under the route pattern it
// matched.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern // set by the mux on this request
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start)
		s.metrics.Request(route, r.Method, rec.status, d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", route),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Float64("duration_ms", float64(d.Microseconds())/1000))
	})
}

// validRequestID accepts ids a proxy would send: up to 128 letters,
// digits, dots, dashes and underscores, nothing a log line could be forged with.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveMetrics answers GET /metrics for callers with the metrics token.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if s.metrics == nil || s.metricsToken == "" {
		http.NotFound(w, r)
		return
	}
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.metricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		http.Error(w, "metrics need the bearer token set in DUBAN_METRICS_TOKEN", http.StatusUnauthorized)
		return
	}
	s.metrics.Handler().ServeHTTP(w, r)
}
