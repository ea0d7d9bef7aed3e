package web

import (
	"bytes"
	"io"
	"math"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// Options are the server's settings from the configuration.
type Options struct {
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed.
	TrustedProxies []netip.Prefix
	// CookieSecure marks session cookies Secure even on plain HTTP (TLS ends
	// at a proxy not listed in TrustedProxies).
	CookieSecure bool
}

// SetOptions sets the server's settings. Call it before serving.
func (s *Server) SetOptions(o Options) { s.opts = o }

// clientIP is the caller's address: the connection's peer, or, when the
// peer is a trusted proxy, the last address in X-Forwarded-For that is not
// itself a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return ""
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if a = a.Unmap(); !s.trusted(a) {
			return a.String()
		}
	}
	return peer.String()
}

// fromTrustedProxy reports whether r came from a trusted proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trusted(a.Unmap())
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// safeNext returns next if it is a path on this site, and "/" otherwise.
// Browsers read a backslash as a slash, so "/\host" goes to another host
// just as "//host" does; control characters are refused for the same
// reason (browsers drop tabs and newlines).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') || duban.HasControl(next) {
		return "/"
	}
	for _, r := range next {
		if r == '\t' || r == '\n' || r == '\r' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// Request body limits: the login routes take a username and a password;
// other forms may carry back an uploaded file of up to maxUpload in base64
// (the import preview's confirm form).
const (
	maxLoginBody = 4 << 10
	maxFormBody  = 2 * maxUpload
)

// loginPaths are the routes whose bodies are held to maxLoginBody.
var loginPaths = map[string]bool{"/login": true, "/api/v1/auth/login": true}

// rejectNUL refuses, with 422 and before any handler or the database sees
// them, requests whose path, query or form fields hold a NUL, which no text
// of duban contains: PostgreSQL refuses it in text, SQLite would store it.
// It also holds form bodies to their size limit. JSON bodies are checked by
// decode.
func (s *Server) rejectNUL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if loginPaths[r.URL.Path] {
			r.Body = http.MaxBytesReader(w, r.Body, maxLoginBody)
		}
		bad := strings.ContainsRune(r.URL.Path, 0) || badValues(r.URL.Query())
		if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !bad && strings.TrimSpace(ct) == "application/x-www-form-urlencoded" {
			// Read the form as it came, so that the handler still parses it
			// under its own limit.
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFormBody))
			if err != nil {
				s.reject(w, r, duban.Errorf(badRequest, "表单无法读取或过大"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			bad = bytes.Contains(body, []byte("%00")) || bytes.IndexByte(body, 0) >= 0
		}
		if bad {
			s.reject(w, r, errNUL)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errNUL = &duban.Error{Code: duban.Invalid, Message: "提交的内容含有不允许的空字符（NUL），请删除后重试"}

// reject renders err as problem+json under /api/ and as a page elsewhere.
func (s *Server) reject(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeProblem(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func badValues(v url.Values) bool {
	for k, vs := range v {
		if strings.ContainsRune(k, 0) {
			return true
		}
		for _, x := range vs {
			if strings.ContainsRune(x, 0) {
				return true
			}
		}
	}
	return false
}

// hasNUL reports whether a decoded JSON value holds a string with NUL.
func hasNUL(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.ContainsRune(v.String(), 0)
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasNUL(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return false
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && hasNUL(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if hasNUL(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasNUL(it.Key()) || hasNUL(it.Value()) {
				return true
			}
		}
	}
	return false
}

// retryAfter sets the Retry-After header when err asks the caller to wait.
func retryAfter(w http.ResponseWriter, err error) {
	if d := duban.ErrorRetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
}

// contentSecurityPolicy allows scripts and everything else only from this
// site: no inline script (the templates load static files), no framing.
// Inline styles stay allowed: the charts size their boxes with them.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// hstsPolicy keeps browsers on HTTPS for a year once they reached duban
// over it (RFC 6797); browsers ignore the header on plain HTTP.
const hstsPolicy = "max-age=31536000"

// securityHeaders sets the security headers on every response, page or API,
// and Strict-Transport-Security on those to requests that came over HTTPS
// (directly, by --cookie-secure, or as a trusted proxy says).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", hstsPolicy)
		}
		next.ServeHTTP(w, r)
	})
}

// uploadName is the name of an uploaded file without any folder a browser
// or a crafted request put before it, with / or \ as separator.
func uploadName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSpace(name)
}
