package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestWatchPages: a lead saves a ledger filter and finds it on the 工作台,
// opening the same list; a liaison follows an item and finds it there
// with its light, then stops; another user cannot delete the filter. On
// SQLite and PostgreSQL.
func TestWatchPages(t *testing.T) {
	forEachStore(t, "watchpages", testWatchPages)
}

func testWatchPages(t *testing.T, db *store.DB) {
	ctx := context.Background()
	e := ledgerEnvOn(t, db, nil)
	plan := fmt.Sprint(e.planID)

	lead := e.login(t, "zgb")
	list := lead.get("/ledger?plan="+plan+"&light=red&status=open", http.StatusOK)
	wantContains(t, list, `id="save-filter"`, `name="light" value="red"`)
	lead.post("/ledger/filters", url.Values{"plan": {plan}, "light": {"red"}, "status": {"open"}, "name": {"红灯未销号"}}, http.StatusSeeOther)
	home := lead.get("/", http.StatusOK)
	wantContains(t, home, "常用筛选", "我关注的")
	m := regexp.MustCompile(`<a href="([^"]+)" class="saved-filter">红灯未销号</a>`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("the saved filter is not on the 工作台: %s", ledgerExcerpt(home))
	}
	href := html.UnescapeString(m[1])
	want := ledgerFilter{Plan: e.planID, Light: "red", Status: "open"}.url("")
	if href != want {
		t.Errorf("the saved filter opens %s, want %s", href, want)
	}
	same := lead.get(href, http.StatusOK)
	if a, b := ledgerIDRe.FindAllString(same, -1), ledgerIDRe.FindAllString(list, -1); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("the saved filter lists %v, the filtered ledger %v", a, b)
	}
	// Without a name nothing is saved, and the ledger says why.
	lead.post("/ledger/filters", url.Values{"plan": {plan}, "light": {"red"}, "name": {""}}, http.StatusSeeOther)
	wantContains(t, lead.get("/ledger?plan="+plan+"&light=red", http.StatusOK), "请为筛选条件起一个名称")

	fs, err := db.SavedFilters(ctx, &duban.Principal{UserID: userID(t, db, "zgb")})
	if err != nil || len(fs) != 1 {
		t.Fatalf("saved filters %v %v", fs, err)
	}
	kjt := e.login(t, "kjt")
	kjt.post(fmt.Sprintf("/filters/%d/delete", fs[0].ID), url.Values{}, http.StatusNotFound)
	lead.post(fmt.Sprintf("/filters/%d/delete", fs[0].ID), url.Values{}, http.StatusSeeOther)
	wantLacks(t, lead.get("/", http.StatusOK), `class="saved-filter"`)

	// The liaison follows one of its items.
	mine := ledgerIDRe.FindStringSubmatch(kjt.get("/ledger?plan="+plan+"&status=open", http.StatusOK))
	if mine == nil {
		t.Fatal("the liaison has no item")
	}
	page := kjt.get("/assignments/"+mine[1], http.StatusOK)
	wantContains(t, page, `id="follow-button"`, "☆ 关注")
	kjt.post("/assignments/"+mine[1]+"/follow", url.Values{"follow": {"1"}}, http.StatusSeeOther)
	wantContains(t, kjt.get("/assignments/"+mine[1], http.StatusOK), "★ 取消关注")
	home = kjt.get("/", http.StatusOK)
	wantContains(t, home, `id="followed-list"`, `<a href="/assignments/`+mine[1]+`">`)
	// Not the lead's.
	wantLacks(t, lead.get("/", http.StatusOK), `id="followed-list"`)
	kjt.post("/assignments/"+mine[1]+"/follow", url.Values{"follow": {"0"}}, http.StatusSeeOther)
	wantLacks(t, kjt.get("/", http.StatusOK), `id="followed-list"`)
	// Another unit's item cannot be followed.
	other := e.assignmentOf(t, "省财政厅", duban.StatusInProgress, 0)
	kjt.post(fmt.Sprintf("/assignments/%d/follow", other.ID), url.Values{"follow": {"1"}}, http.StatusNotFound)
}

// userID is the id of a demo account.
func userID(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	l, err := db.ListUsers(context.Background(), duban.System, duban.UserFilter{Text: name, Page: duban.Page{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range l.Items {
		if u.Username == name {
			return u.ID
		}
	}
	t.Fatalf("no user %s", name)
	return 0
}
