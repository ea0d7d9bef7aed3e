package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// Progress texts of the demo: one of 省财政厅 and one of 省科技厅, both on
// measures the two units share.
const (
	cztProgress = "下达高新技术企业综合奖补资金1500万元"
	kjtProgress = "本年度评价入库科技型中小企业11000家"
)

// page makes a web request as user ("" for none) with the session cookie
// (a token of the same kind as the API's) and returns status and body.
func (e *env) page(t testing.TB, user, method, path string, form url.Values) response {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.http.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "duban_session", Value: e.token(t, user)})
	}
	c := *e.http.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: buf.Bytes()}
}

// xlsxText returns every cell of every sheet of a workbook, one per line.
func xlsxText(t testing.TB, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			sb.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return sb.String()
}

// mustUser creates an account with the demo password.
func mustUser(t testing.TB, db *testDB, name string, role duban.Role, unit string) {
	t.Helper()
	u := &duban.User{Username: name, Role: role}
	if unit != "" {
		x, err := db.FindUnitByName(context.Background(), unit)
		if err != nil {
			t.Fatal(err)
		}
		u.UnitID = &x.ID
	}
	if err := db.CreateUser(context.Background(), duban.System, u, "duban-demo"); err != nil {
		t.Fatal(err)
	}
}

// TestExportsForTheCaller: a liaison's exports hold only its own unit's
// progress, whatever it asks for; the notice, which reports every unit, is
// not composed for a liaison.
func TestExportsForTheCaller(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		czt, err := db.FindUnitByName(context.Background(), "省财政厅")
		if err != nil {
			t.Fatal(err)
		}
		ledger := pathf("/api/v1/plans/%d/ledger.xlsx", e.planID)
		all := xlsxText(t, e.mustDo(t, "zgb", "GET", ledger, nil, nil, 200).Body)
		if !strings.Contains(all, cztProgress) || !strings.Contains(all, kjtProgress) {
			t.Fatalf("the lead office's ledger lacks a unit's progress:\n%s", all)
		}
		for _, path := range []string{ledger, ledger + pathf("?unit=%d", czt.ID), pathf("/plans/%d/ledger.xlsx", e.planID)} {
			var r response
			if strings.HasPrefix(path, "/api/") {
				r = e.mustDo(t, "kjt", "GET", path, nil, nil, 200)
			} else {
				r = e.page(t, "kjt", "GET", path, nil)
			}
			if r.Status != 200 {
				t.Fatalf("%s as kjt: got %d, want 200: %s", path, r.Status, r.Body)
			}
			got := xlsxText(t, r.Body)
			if strings.Contains(got, cztProgress) {
				t.Errorf("%s as liaison kjt holds 省财政厅's progress %q", path, cztProgress)
			}
			if !strings.Contains(got, kjtProgress) {
				t.Errorf("%s as liaison kjt lacks its own progress %q", path, kjtProgress)
			}
		}
		for _, f := range []string{"md", "html", "docx"} {
			e.mustDo(t, "kjt", "GET", pathf("/api/v1/plans/%d/notice?format=%s", e.planID, f), nil, nil, http.StatusForbidden)
		}
		r := e.mustDo(t, "zgb", "GET", pathf("/api/v1/plans/%d/notice?format=md", e.planID), nil, nil, 200)
		if !bytes.Contains(r.Body, []byte(cztProgress)) {
			t.Errorf("the lead office's notice lacks 省财政厅's progress")
		}
		for _, p := range []string{"/plans/%d/notice.md", "/plans/%d/notice.docx"} {
			r := e.page(t, "kjt", "GET", pathf(p, e.planID), nil)
			if r.Status != http.StatusForbidden || bytes.Contains(r.Body, []byte(cztProgress)) {
				t.Errorf("%s as kjt: got %d, want 403 without another unit's progress", pathf(p, e.planID), r.Status)
			}
		}
		r = e.page(t, "kjt", "GET", pathf("/plans/%d/notice.md", e.planID), nil)
		if bytes.Contains(r.Body, []byte(cztProgress)) {
			t.Error("the refusal page shows the progress")
		}

		// Every export and every refusal is in the audit log, with who and what.
		events := listAll[duban.AuditEvent](t, e, "auditor", "/api/v1/audit?limit=200")
		count := map[string]int{}
		for _, ev := range events {
			if ev.ActorName == "kjt" {
				count[ev.Action]++
				if ev.Action == "export" && !strings.Contains(ev.After, "ledger.xlsx") {
					t.Errorf("export event names no file: %s", ev.After)
				}
			}
		}
		if count["export"] != 3 || count["access.denied"] != 6 {
			t.Errorf("kjt's audit events: got %v, want 3 exports and 6 refusals", count)
		}
	})
}

// TestLeadActsOnlyForItsUnit: a lead office of 省财政厅 may not import a
// plan in another unit's name, publish its notice, or change its sources
// and feedback, on the API or the web; for its own unit it may.
func TestLeadActsOnlyForItsUnit(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		mustUser(t, db, "czt-lead", duban.RoleLead, "省财政厅")
		ledger := scopeLedger(t)
		before := len(listAll[duban.Plan](t, e, "admin", "/api/v1/plans"))
		other := url.QueryEscape("中共陕西省委科技工委")
		e.mustDo(t, "czt-lead", "POST", "/api/v1/imports/ledger?owner="+other, string(ledger), map[string]string{"Content-Type": "application/octet-stream"}, http.StatusForbidden)
		form := url.Values{"confirm": {"1"}, "name": {"台账.xlsx"}, "plan": {"0"}, "owner": {"中共陕西省委科技工委"}, "title": {"冒名方案"},
			"data": {base64.StdEncoding.EncodeToString(ledger)}}
		if r := e.page(t, "czt-lead", "POST", "/documents/import", form); r.Status != http.StatusForbidden {
			t.Errorf("web import for another unit: got %d, want 403", r.Status)
		}
		if got := len(listAll[duban.Plan](t, e, "admin", "/api/v1/plans")); got != before {
			t.Errorf("plans after refused imports: got %d, want %d", got, before)
		}
		pub := url.Values{"plan": {fmt.Sprint(e.planID)}}
		if r := e.page(t, "czt-lead", "POST", "/documents/publish", pub); r.Status != http.StatusForbidden {
			t.Errorf("publish another unit's notice: got %d, want 403", r.Status)
		}
		sources := listAll[duban.Source](t, e, "admin", "/api/v1/sources")
		if len(sources) == 0 {
			t.Fatal("the demo has no source")
		}
		src := pathf("/api/v1/sources/%d", sources[0].ID)
		e.mustDo(t, "czt-lead", "PATCH", src, map[string]string{"title": "改了"}, nil, http.StatusForbidden)
		e.mustDo(t, "czt-lead", "POST", "/api/v1/sources", map[string]any{"kind": "inspection", "title": "冒名来源", "inspected_unit_id": sources[0].InspectedUnitID}, nil, http.StatusForbidden)
		fbs := listAll[duban.Feedback](t, e, "admin", "/api/v1/feedback")
		var fb duban.Feedback
		for _, f := range fbs {
			if f.PlanID != nil && *f.PlanID == e.planID {
				fb = f
			}
		}
		if fb.ID == 0 {
			t.Fatal("the demo has no feedback about its plan")
		}
		e.mustDo(t, "czt-lead", "PATCH", pathf("/api/v1/feedback/%d", fb.ID), map[string]string{"status": "closed"}, nil, http.StatusForbidden)
		if r := e.page(t, "czt-lead", "POST", pathf("/feedback/%d", fb.ID), url.Values{"op": {"close"}}); r.Status != http.StatusForbidden {
			t.Errorf("web triage of another unit's feedback: got %d, want 403", r.Status)
		}

		// Their own unit's: allowed.
		e.mustDo(t, "czt-lead", "POST", "/api/v1/imports/ledger?owner="+url.QueryEscape("省财政厅"), string(ledger), map[string]string{"Content-Type": "application/octet-stream"}, http.StatusCreated)
		e.mustDo(t, "czt-lead", "POST", "/api/v1/sources", map[string]any{"kind": "inspection", "title": "本单位来源"}, nil, http.StatusCreated)
		e.mustDo(t, "zgb", "PATCH", src, map[string]string{"title": sources[0].Title}, nil, http.StatusOK)
		e.mustDo(t, "zgb", "PATCH", pathf("/api/v1/feedback/%d", fb.ID), map[string]string{"status": "closed"}, nil, http.StatusOK)
	})
}

// scopeLedger is a small valid ledger.
func scopeLedger(t *testing.T) []byte {
	return ledgerOf(t, [][]any{{"序号", "方面", "问题", "整改措施", "责任单位", "配合单位", "责任领导", "责任人", "完成时限"},
		{1, "一、党的领导方面", "1.经费管理不规范", "完善经费管理办法", "省财政厅", nil, "王某", "李某", "2026-12-31"}})
}

// ledgerOf is a workbook of one sheet holding rows.
func ledgerOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
