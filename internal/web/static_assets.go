package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// staticAssets serves the embedded static files. Text assets (scripts,
// styles, SVG) are compressed once with gzip and sent compressed to browsers
// that accept it: ECharts alone is 715 KB as text and about a third of that
// compressed. Every asset is cached for a day and carries an ETag.
type staticAssets struct {
	fsys fs.FS
	once sync.Once
	gz   map[string]gzAsset // by file name, text assets only
}

type gzAsset struct {
	body []byte
	etag string
}

func newStaticAssets(fsys fs.FS) *staticAssets { return &staticAssets{fsys: fsys} }

func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".css", ".svg", ".txt":
		return true
	}
	return false
}

// load compresses every text asset once, on first use.
func (a *staticAssets) load() {
	a.gz = map[string]gzAsset{}
	fs.WalkDir(a.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible(name) {
			return nil
		}
		raw, err := fs.ReadFile(a.fsys, name)
		if err != nil {
			return nil
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		sum := sha256.Sum256(raw)
		a.gz[name] = gzAsset{body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `-gz"`}
		return nil
	})
}

func (a *staticAssets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Add("Vary", "Accept-Encoding")
	name := strings.TrimPrefix(r.URL.Path, "/")
	if acceptsGzip(r) && compressible(name) {
		a.once.Do(a.load)
		if z, ok := a.gz[name]; ok {
			if r.Header.Get("If-None-Match") == z.etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			ct := mime.TypeByExtension(path.Ext(name))
			if ct == "" {
				ct = "application/octet-stream"
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("ETag", z.etag)
			w.Header().Set("Content-Length", strconv.Itoa(len(z.body)))
			if r.Method != http.MethodHead {
				w.Write(z.body)
			}
			return
		}
	}
	http.FileServerFS(a.fsys).ServeHTTP(w, r)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// favicon answers the browser's default request for an icon with the seal.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
}

// notFoundPage answers any URL no route knows with the error page in the
// caller's language, signed in or not, instead of the bare text of net/http.
func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) error {
	data := struct {
		Base
		Status  int
		Message string
	}{Base: s.base(r, "error.notfound.title"), Status: http.StatusNotFound}
	data.Message = data.T("error.notfound")
	w.WriteHeader(http.StatusNotFound)
	s.renderTo(w, "error.html", data)
	return nil
}
