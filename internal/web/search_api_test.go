package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"duban/internal/duban"
)

// TestSearchAPI: ranked hits for the office; a liaison's hits are its own
// unit's measures and reports; nothing searchable typed is a clear 422.
func TestSearchAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		var res struct{ Items []duban.SearchHit }
		e.mustDo(t, "zgb", "GET", "/api/v1/search?q="+url.QueryEscape("科技")+"&limit=50", nil, nil, http.StatusOK).decode(t, &res)
		if len(res.Items) == 0 {
			t.Fatal("no hits for 科技 in the demo")
		}
		kinds := map[string]bool{}
		for i, h := range res.Items {
			kinds[h.Kind] = true
			if !strings.Contains(h.Title+h.Text, "科技") {
				t.Errorf("hit %d %+v does not hold 科技", i, h)
			}
			if i > 0 && h.Rank > res.Items[i-1].Rank {
				t.Errorf("hit %d ranks above the one before", i)
			}
		}
		if !kinds["node"] || !kinds["task"] {
			t.Errorf("hits of kinds %v, want problems and measures", kinds)
		}
		e.mustDo(t, "kjt", "GET", "/api/v1/search?q="+url.QueryEscape("科技")+"&limit=50", nil, nil, http.StatusOK).decode(t, &res)
		for _, h := range res.Items {
			if h.Kind != "task" && h.Kind != "report" {
				t.Errorf("a liaison found a %s: %+v", h.Kind, h)
			}
		}
		r := e.mustDo(t, "zgb", "GET", "/api/v1/search?q=%20%2C", nil, nil, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), "请输入要搜索的文字") {
			t.Errorf("empty search: %s", r.Body)
		}
	})
}
