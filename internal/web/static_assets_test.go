package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Text assets go out compressed to browsers that accept gzip, and unchanged
// to those that do not; both carry the same bytes once decompressed.
func TestStaticAssetsCompressed(t *testing.T) {
	e := newEnv(t, mustOpenSQLite(t))
	const echarts = "/static/echarts-6.1.0.common.min.js"
	plain, err := e.send("GET", echarts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Status != 200 || plain.Header.Get("Content-Encoding") != "" || len(plain.Body) < 500_000 {
		t.Fatalf("uncompressed: status %d, encoding %q, %d bytes", plain.Status, plain.Header.Get("Content-Encoding"), len(plain.Body))
	}
	gz, err := e.send("GET", echarts, nil, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if err != nil {
		t.Fatal(err)
	}
	if gz.Status != 200 || gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("compressed: status %d, encoding %q", gz.Status, gz.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(gz.Header.Get("Content-Type"), "javascript") || !strings.Contains(gz.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("compressed headers: type %q, vary %q", gz.Header.Get("Content-Type"), gz.Header.Get("Vary"))
	}
	if len(gz.Body)*2 > len(plain.Body) {
		t.Errorf("compressed ECharts is %d bytes of %d: want under half", len(gz.Body), len(plain.Body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz.Body))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(raw, plain.Body) {
		t.Fatalf("decompressed asset differs from the file (err %v)", err)
	}
	again, _ := e.send("GET", echarts, nil, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gz.Header.Get("ETag")})
	if again.Status != http.StatusNotModified {
		t.Errorf("revalidation with the ETag: status %d, want 304", again.Status)
	}
}

// Unknown addresses get the application's own page in the caller's language,
// and the browser's icon request finds the seal.
func TestNotFoundPageAndFavicon(t *testing.T) {
	e := newEnv(t, mustOpenSQLite(t))
	r, _ := e.send("GET", "/no/such/page", nil, nil)
	if r.Status != 404 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "页面不存在") {
		t.Fatalf("unknown page: %d %q %.200s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	en, _ := e.send("GET", "/no/such/page", nil, map[string]string{"Cookie": "duban_lang=en"})
	if en.Status != 404 || !strings.Contains(string(en.Body), "Page not found") {
		t.Errorf("unknown page in English: %d %.300s", en.Status, en.Body)
	}
	api, _ := e.send("GET", "/api/v1/no-such", nil, nil)
	if api.Status != 404 || !strings.Contains(api.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("unknown API route: %d %q", api.Status, api.Header.Get("Content-Type"))
	}
	icon, _ := e.send("GET", "/favicon.ico", nil, nil) // the client follows the redirect
	if icon.Status != 200 || !strings.Contains(icon.Header.Get("Content-Type"), "svg") || !bytes.Contains(icon.Body, []byte("督")) {
		t.Errorf("favicon: %d %q", icon.Status, icon.Header.Get("Content-Type"))
	}
}

// An exported ledger is named by its plan, its unit and its day, not always
// 整改台账.xlsx.
func TestLedgerExportFileName(t *testing.T) {
	e := newDemoEnv(t, mustOpenSQLite(t))
	u, err := e.db.FindUnitByName(context.Background(), "省科技厅")
	if err != nil {
		t.Fatal(err)
	}
	kjt := u.ID
	for path, want := range map[string][]string{
		pathf("/api/v1/plans/%d/ledger.xlsx?asof=2022-09-30", e.planID):              {"整改台账-20220930.xlsx"},
		pathf("/api/v1/plans/%d/ledger.xlsx?asof=2022-09-30&unit=%d", e.planID, kjt): {"整改台账-省科技厅-20220930.xlsx"},
	} {
		r := e.mustDo(t, "zgb", "GET", path, nil, nil, 200)
		cd := r.Header.Get("Content-Disposition")
		name, err := url.PathUnescape(strings.TrimPrefix(cd, "attachment; filename*=UTF-8''"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.HasSuffix(name, w) || !strings.Contains(name, "专项巡视") {
				t.Errorf("%s: file name %q, want …%s", path, name, w)
			}
		}
	}
}
