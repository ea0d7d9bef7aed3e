package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// TestOpenAPIValidates loads the served document with a standard OpenAPI 3
// library, validates it whole, and checks real answers of the demo server
// against the schemas it declares for them.
func TestOpenAPIValidates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		r := e.mustDo(t, "", http.MethodGet, "/api/v1/openapi.json", nil, nil, http.StatusOK)
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(r.Body)
		if err != nil {
			t.Fatalf("load openapi.json: %v", err)
		}
		ctx := context.Background()
		if err := doc.Validate(ctx); err != nil {
			t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
		}
		// The router matches request URLs against the document's servers.
		doc.Servers = openapi3.Servers{{URL: e.http.URL}}
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			t.Fatalf("router: %v", err)
		}
		plan := strconv.FormatInt(e.planID, 10)
		paths := []struct{ user, path string }{
			{"admin", "/api/v1/units"},
			{"admin", "/api/v1/users"},
			{"zgb", "/api/v1/sources"},
			{"zgb", "/api/v1/plans"},
			{"zgb", "/api/v1/plans/" + plan},
			{"zgb", "/api/v1/plans/" + plan + "/stats"},
			{"zgb", "/api/v1/plans/" + plan + "/tree"},
			{"zgb", "/api/v1/plans/" + plan + "/tree/level?limit=5"},
			{"zgb", "/api/v1/nodes?plan=" + plan},
			{"zgb", "/api/v1/tasks?plan=" + plan},
			{"zgb", "/api/v1/assignments?plan=" + plan + "&limit=20"},
			{"kjt", "/api/v1/assignments?open=true"},
			{"zgb", "/api/v1/meetings?plan=" + plan},
			{"zgb", "/api/v1/feedback"},
			{"zgb", "/api/v1/search?q=" + url.QueryEscape("创新")},
			{"zgb", "/api/v1/workdays?from=2021-08-26&n=20"},
			{"kjt", "/api/v1/inbox"},
			{"auditor", "/api/v1/audit?limit=10"},
			{"admin", "/api/v1/me"},
			{"zgb", "/api/v1/units/999999"}, // an error: the problem schema
		}
		checked := 0
		for _, p := range paths {
			res := e.do(t, p.user, http.MethodGet, p.path, nil, nil)
			req, err := http.NewRequest(http.MethodGet, e.http.URL+p.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Errorf("GET %s: not in the document: %v", p.path, err)
				continue
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
				t.Errorf("GET %s: request does not match the document: %v", p.path, err)
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.Status, Header: res.Header,
				Body: io.NopCloser(bytes.NewReader(res.Body)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("GET %s as %s (%d): the answer does not match the document: %s", p.path, p.user, res.Status, firstLines(err.Error(), 12))
				continue
			}
			checked++
		}
		if checked < len(paths)*3/4 {
			t.Errorf("got %d answers checked, want at least %d of %d", checked, len(paths)*3/4, len(paths))
		}
	})
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}
