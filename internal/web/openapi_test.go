package web_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks that the OpenAPI document names exactly
// the registered routes, each with a summary.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := startEnv(t, mustOpenSQLite(t)) // the document does not depend on the database
	r := e.mustDo(t, "", http.MethodGet, "/api/v1/openapi.json", nil, nil, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("got Content-Type %q, want application/json", ct)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	r.decode(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("got openapi %q, want 3.x", doc.OpenAPI)
	}

	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for method, raw := range ops {
			key := strings.ToUpper(method) + " " + p
			documented[key] = true
			var op struct {
				Summary    string `json:"summary"`
				Parameters []struct {
					Name string `json:"name"`
					In   string `json:"in"`
				} `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Errorf("%s: %v", key, err)
				continue
			}
			if strings.TrimSpace(op.Summary) == "" {
				t.Errorf("%s: got an empty summary, want one", key)
			}
			// Every {param} of the path is declared as a path parameter.
			for _, seg := range strings.Split(p, "/") {
				if !strings.HasPrefix(seg, "{") {
					continue
				}
				name, found := strings.Trim(seg, "{}"), false
				for _, prm := range op.Parameters {
					found = found || (prm.In == "path" && prm.Name == name)
				}
				if !found {
					t.Errorf("%s: path parameter %q is not declared", key, name)
				}
			}
		}
	}

	registered := map[string]bool{}
	for _, rt := range e.server.Routes() {
		key := rt.Method + " " + rt.Path
		if registered[key] {
			t.Errorf("route %s is registered twice", key)
		}
		registered[key] = true
	}
	if len(registered) == 0 {
		t.Fatal("got no registered routes, want the API's")
	}

	var missing, extra []string
	for k := range registered {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes missing from openapi.json: got none documented, want %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("openapi.json documents routes that are not registered: %v", extra)
	}
	if len(registered) != len(documented) {
		t.Errorf("got %d documented operations, want %d (one per route)", len(documented), len(registered))
	}
}
