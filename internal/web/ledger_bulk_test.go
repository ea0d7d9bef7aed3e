package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestLedgerBulk: the lead office urges the rows it ticks, or every row of
// the filter, in one go; a 督办单 needs its reply date; a liaison may export
// its rows but not urge them; an export of the ticked rows has their
// measures only. On SQLite and PostgreSQL.
func TestLedgerBulk(t *testing.T) {
	forEachStore(t, "ledgerbulk", testLedgerBulk)
}

func testLedgerBulk(t *testing.T, db *store.DB) {
	ctx := context.Background()
	e := ledgerEnvOn(t, db, nil)
	plan := fmt.Sprint(e.planID)
	steps := func(id int64) int {
		t.Helper()
		es, err := db.ListEscalations(ctx, duban.System, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	var open, red []duban.Assignment
	f := duban.AssignmentFilter{PlanID: e.planID, Open: true, Page: duban.Page{Limit: 500}}
	l, err := db.ListAssignments(ctx, duban.System, f, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	open = l.Items
	for _, a := range open {
		if a.Light == duban.LightRed {
			red = append(red, a)
		}
	}
	if len(open) < 3 || len(red) == 0 {
		t.Fatalf("the demo has %d open and %d red items", len(open), len(red))
	}
	before := map[int64]int{}
	for _, a := range open {
		before[a.ID] = steps(a.ID)
	}

	lead := e.login(t, "zgb")
	page := lead.get("/ledger?plan="+plan+"&status=open", http.StatusOK)
	wantContains(t, page, `id="bulk-form"`, `id="bulk-urge"`, `id="bulk-notice"`, `id="bulk-all"`, `name="status" value="open"`, fmt.Sprintf(`name="id" value="%d"`, open[0].ID))

	// Two ticked rows are urged, and no other.
	form := url.Values{"plan": {plan}, "status": {"open"}, "action": {"urge"}, "note": {"请本周内报送进展"}, "id": {fmt.Sprint(open[0].ID), fmt.Sprint(open[1].ID)}}
	lead.post("/ledger/bulk", form, http.StatusSeeOther)
	for i, a := range open {
		want := before[a.ID]
		if i < 2 {
			want++
		}
		if got := steps(a.ID); got != want {
			t.Errorf("item %d has %d steps after the bulk 催办, want %d", a.ID, got, want)
		}
	}
	if got := lead.get("/ledger?plan="+plan+"&status=open", http.StatusOK); !strings.Contains(got, "已对2项事项催办") {
		t.Errorf("the list does not say what was done: %s", ledgerExcerpt(got))
	}

	// Every red item of the filter, none ticked.
	lead.post("/ledger/bulk", url.Values{"plan": {plan}, "light": {"red"}, "action": {"urge"}, "all": {"1"}}, http.StatusSeeOther)
	for _, a := range red {
		want := before[a.ID] + 1
		if a.ID == open[0].ID || a.ID == open[1].ID {
			want++
		}
		if got := steps(a.ID); got != want {
			t.Errorf("red item %d has %d steps after urging all red, want %d", a.ID, got, want)
		}
	}

	// A 督办单 without its reply date writes nothing and says why.
	n := steps(open[2].ID)
	lead.post("/ledger/bulk", url.Values{"plan": {plan}, "action": {"notice"}, "id": {fmt.Sprint(open[2].ID)}}, http.StatusSeeOther)
	if got := lead.get("/ledger?plan="+plan, http.StatusOK); !strings.Contains(got, "发督办单须写明回复时限") || steps(open[2].ID) != n {
		t.Errorf("a 督办单 without its date: %d steps (want %d); %s", steps(open[2].ID), n, ledgerExcerpt(got))
	}
	lead.post("/ledger/bulk", url.Values{"plan": {plan}, "action": {"notice"}, "reply_due": {"2027-01-15"}, "id": {fmt.Sprint(open[2].ID)}}, http.StatusSeeOther)
	es, _ := db.ListEscalations(ctx, duban.System, open[2].ID)
	if len(es) != n+1 || es[len(es)-1].Level != duban.LevelNotice || es[len(es)-1].ReplyDue.String() != "2027-01-15" {
		t.Errorf("bulk 督办单: %+v", es)
	}
	// A second one while it awaits its reply asks for the confirmation.
	lead.post("/ledger/bulk", url.Values{"plan": {plan}, "action": {"notice"}, "reply_due": {"2027-01-20"}, "id": {fmt.Sprint(open[2].ID)}}, http.StatusSeeOther)
	if got := lead.get("/ledger?plan="+plan, http.StatusOK); !strings.Contains(got, "督办单尚待回复") || steps(open[2].ID) != n+1 {
		t.Errorf("a second 督办单 went out unasked: %d steps", steps(open[2].ID))
	}
	// Nothing ticked.
	lead.post("/ledger/bulk", url.Values{"plan": {plan}, "action": {"urge"}}, http.StatusSeeOther)
	if got := lead.get("/ledger?plan="+plan, http.StatusOK); !strings.Contains(got, "请先勾选事项") {
		t.Errorf("urging nothing says nothing: %s", ledgerExcerpt(got))
	}

	// The liaison exports its ticked row but may not urge.
	kjt := e.login(t, "kjt")
	page = kjt.get("/ledger?plan="+plan+"&status=open", http.StatusOK)
	wantContains(t, page, `id="bulk-export"`)
	wantLacks(t, page, `id="bulk-urge"`, `id="bulk-notice"`)
	mine := ledgerIDRe.FindStringSubmatch(page)
	if mine == nil {
		t.Fatal("the liaison's list has no row")
	}
	kjt.post("/ledger/bulk", url.Values{"plan": {plan}, "action": {"urge"}, "id": {mine[1]}}, http.StatusForbidden)

	// The export of one ticked row has its measure and no other.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/ledger/bulk", strings.NewReader(url.Values{"plan": {plan}, "status": {"open"}, "action": {"export"}, "id": {fmt.Sprint(open[0].ID)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body := lead.do(req, http.StatusOK)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	text := fmt.Sprint(rows)
	if !strings.Contains(text, open[0].TaskTitle) {
		t.Errorf("the export lacks the ticked measure %s", open[0].TaskTitle)
	}
	for _, a := range open {
		if a.TaskID != open[0].TaskID && !strings.Contains(open[0].TaskTitle, a.TaskTitle) && strings.Contains(text, a.TaskTitle) {
			t.Errorf("the export has %s, which was not ticked", a.TaskTitle)
			break
		}
	}
}
