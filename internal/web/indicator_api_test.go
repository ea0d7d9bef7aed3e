package web_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"duban/internal/duban"
	"duban/internal/xlsx"
)

// monitorEnv: 省财政厅 leads indicators that 西安 and 宝鸡 report; 省科技厅
// reports none. Accounts: czt (lead office of 省财政厅), xa and bj
// (liaisons), kjt (a liaison of 省科技厅), ld (a leader, reads all).
func monitorEnv(t *testing.T, db *testDB) (*env, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	e := newEnv(t, db)
	ids := map[string]int64{}
	for _, u := range []struct{ key, name, short string }{
		{"czt", "陕西省财政厅", "省财政厅"}, {"xa", "西安市人民政府", "西安市"}, {"bj", "宝鸡市人民政府", "宝鸡市"}, {"kjt", "陕西省科学技术厅", "省科技厅"},
	} {
		x := &duban.Unit{Name: u.name, ShortName: u.short, Kind: duban.UnitCity}
		if err := db.CreateUnit(ctx, duban.System, x); err != nil {
			t.Fatal(err)
		}
		ids[u.key] = x.ID
	}
	for _, a := range []struct {
		user string
		role duban.Role
		unit string
	}{{"czt", duban.RoleLead, "czt"}, {"xa", duban.RoleLiaison, "xa"}, {"bj", duban.RoleLiaison, "bj"}, {"kjt", duban.RoleLiaison, "kjt"}, {"ld", duban.RoleLeader, "kjt"}} {
		unit := ids[a.unit]
		if err := db.CreateUser(ctx, duban.System, &duban.User{Username: a.user, Role: a.role, UnitID: &unit}, password(a.user)); err != nil {
			t.Fatal(err)
		}
	}
	return e, ids
}

func TestIndicatorAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e, ids := monitorEnv(t, db)
		def := map[string]any{"code": "CZKJ", "name": "财政科技支出", "measure": "亿元", "period_type": "monthly", "aggregation": "ytd",
			"lead_unit_id": ids["czt"], "unit_ids": []int64{ids["xa"], ids["bj"]}, "decimals": 2}
		e.mustDo(t, "xa", "POST", "/api/v1/indicators", def, nil, http.StatusForbidden)
		var ind duban.Indicator
		e.mustDo(t, "czt", "POST", "/api/v1/indicators", def, nil, http.StatusCreated).decode(t, &ind)
		base := pathf("/api/v1/indicators/%d", ind.ID)
		rule := map[string]any{"kind": "no_decrease_ytd", "escalate": "review", "deadline_workdays": 10}
		e.mustDo(t, "xa", "POST", base+"/rules", rule, nil, http.StatusForbidden)
		e.mustDo(t, "czt", "POST", base+"/rules", rule, nil, http.StatusCreated)
		last := map[string]any{"values": []map[string]any{
			{"unit_id": ids["xa"], "period": "2024-01", "value": 10}, {"unit_id": ids["bj"], "period": "2024-01", "value": 2},
		}}
		e.mustDo(t, "czt", "POST", base+"/values", last, nil, http.StatusCreated)

		own := map[string]any{"values": []map[string]any{{"unit_id": ids["xa"], "period": "2025-01", "value": 9}}}
		other := map[string]any{"values": []map[string]any{{"unit_id": ids["bj"], "period": "2025-01", "value": 3}}}
		e.runAll(t, []scenario{
			{name: "liaison writes its own", user: "xa", method: "POST", path: base + "/values", body: own, wantStatus: 201, wantContains: []string{`"period":"2025-01"`, `"value":9`}},
			{name: "liaison may not write another unit's", user: "xa", method: "POST", path: base + "/values", body: other, wantStatus: 403, wantCode: "forbidden"},
			{name: "a unit that does not report sees no indicator", user: "kjt", method: "GET", path: base, wantStatus: 404},
			{name: "liaison's list", user: "xa", method: "GET", path: "/api/v1/indicators", wantStatus: 200, wantContains: []string{"CZKJ"}},
			{name: "other liaison's empty list", user: "kjt", method: "GET", path: "/api/v1/indicators", wantStatus: 200, wantAbsent: []string{"CZKJ"}},
			{name: "liaison's table has its row only", user: "xa", method: "GET", path: base + "/table?period=2025-01", wantStatus: 200,
				wantContains: []string{"西安市"}, wantAbsent: []string{"宝鸡市", `"total":1`}},
			{name: "lead's table has all", user: "czt", method: "GET", path: base + "/table?period=2024-01", wantStatus: 200,
				wantContains: []string{"西安市", "宝鸡市", `"total":12`}},
			{name: "a leader reads all", user: "ld", method: "GET", path: base + "/table?period=2024-01", wantStatus: 200, wantContains: []string{"宝鸡市"}},
			{name: "table needs a period", user: "czt", method: "GET", path: base + "/table", wantStatus: 422, wantContains: []string{"period"}},
			{name: "liaison's history of another unit", user: "xa", method: "GET", path: base + pathf("/values?unit=%d", ids["bj"]), wantStatus: 403},
			{name: "liaison's breaches are its own", user: "xa", method: "GET", path: base + "/breaches", wantStatus: 200, wantContains: []string{`"period":"2025-01"`, `"baseline":10`}},
			{name: "other liaison sees none of them", user: "bj", method: "GET", path: base + "/breaches", wantStatus: 200, wantAbsent: []string{"西安市"}},
			{name: "breaches as of a day before the figure", user: "czt", method: "GET", path: base + "/breaches?asof=2020-01-01", wantStatus: 200, wantAbsent: []string{"2025-01"}},
			{name: "completeness for the lead", user: "czt", method: "GET", path: base + "/completeness?period=2025-01", wantStatus: 200,
				wantContains: []string{`"reported":true`, `"reported":false`}},
			{name: "liaison may not approve", user: "xa", method: "POST", path: base + "/approvals", body: map[string]string{"period": "2025-01"}, wantStatus: 403},
			{name: "lead approves", user: "czt", method: "POST", path: base + "/approvals", body: map[string]string{"period": "2025-01"}, wantStatus: 201},
			{name: "approved twice", user: "czt", method: "POST", path: base + "/approvals", body: map[string]string{"period": "2025-01"}, wantStatus: 409},
			{name: "the same figure again is left alone", user: "xa", method: "POST", path: base + "/values", body: own, wantStatus: 200, wantContains: []string{`"unchanged":1`}},
			{name: "locked for the liaison", user: "xa", method: "POST", path: base + "/values",
				body: map[string]any{"values": []map[string]any{{"unit_id": ids["xa"], "period": "2025-01", "value": 9.5}}}, wantStatus: 422, wantContains: []string{"锁定"}},
			{name: "lead corrects with a reason", user: "czt", method: "POST", path: base + "/values",
				body: map[string]any{"values": []map[string]any{{"unit_id": ids["xa"], "period": "2025-01", "value": 10.5}}, "reason": "来函更正"}, wantStatus: 201},
			{name: "bad figures named", user: "czt", method: "POST", path: base + "/values",
				body:       map[string]any{"values": []map[string]any{{"unit_id": ids["xa"], "period": "2025-02", "value": -1}, {"unit_id": ids["kjt"], "period": "2025-02", "value": 1}}},
				wantStatus: 422, wantContains: []string{"values[0]", "values[1]"}},
			{name: "export for a liaison has its unit only", user: "xa", method: "GET", path: base + "/figures.xlsx", wantStatus: 200},
		})

		// The 2025-01 breach of 宝鸡 (review): liaison may not make it an item; the lead may, once.
		e.mustDo(t, "czt", "POST", base+"/values", map[string]any{"values": other["values"], "reason": "补报"}, nil, http.StatusCreated)
		var bs []duban.Breach
		e.mustDo(t, "czt", "GET", base+pathf("/breaches?unit=%d&status=open", ids["bj"]), nil, nil, 200).decode(t, &bs)
		if len(bs) != 0 {
			t.Fatalf("宝鸡 3 against 2: got breaches %+v, want none", bs)
		}
		e.mustDo(t, "czt", "POST", base+"/values", map[string]any{"values": []map[string]any{{"unit_id": ids["bj"], "period": "2025-01", "value": 1}}, "reason": "更正"}, nil, 201)
		e.mustDo(t, "czt", "GET", base+pathf("/breaches?unit=%d&status=open", ids["bj"]), nil, nil, 200).decode(t, &bs)
		if len(bs) != 1 || bs[0].AssignmentID != nil {
			t.Fatalf("宝鸡 1 against 2: got %+v, want one breach without an item (review)", bs)
		}
		sup := pathf("/api/v1/breaches/%d/supervise", bs[0].ID)
		e.mustDo(t, "bj", "POST", sup, nil, nil, http.StatusForbidden)
		var a duban.Assignment
		e.mustDo(t, "czt", "POST", sup, nil, nil, http.StatusCreated).decode(t, &a)
		if a.Unit.ID != ids["bj"] || a.Status != duban.StatusAssigned {
			t.Errorf("item: got %+v, want assigned to 宝鸡", a)
		}
		e.mustDo(t, "czt", "POST", sup, nil, nil, http.StatusConflict)
		e.mustDo(t, "bj", "GET", pathf("/api/v1/assignments/%d", a.ID), nil, nil, http.StatusOK)
		var hist []duban.IndicatorValue
		e.mustDo(t, "bj", "GET", base+pathf("/values?unit=%d", ids["bj"]), nil, nil, 200).decode(t, &hist)
		if len(hist) != 3 || !hist[2].Correction || hist[2].Reason != "更正" || hist[1].Value != 3 {
			t.Errorf("宝鸡's history: got %+v, want three figures (2, 3, then 1 corrected)", hist)
		}
	})
}

func TestIndicatorImportAPI(t *testing.T) {
	db := mustOpenSQLite(t)
	e, ids := monitorEnv(t, db)
	x := &duban.Indicator{Code: "CZKJ", Name: "财政科技支出", Measure: "亿元", PeriodType: duban.PeriodMonthly, Aggregation: duban.AggYTD,
		LeadUnitID: ids["czt"], UnitIDs: []int64{ids["xa"], ids["bj"]}}
	if err := db.CreateIndicator(context.Background(), duban.System, x); err != nil {
		t.Fatal(err)
	}
	book := func(units ...string) string {
		tbl := duban.FigureTable{Name: "财政科技支出", Measure: "亿元", Type: duban.PeriodMonthly, Years: []int{2025}, Units: units, Values: map[string]duban.Series{}}
		for _, u := range units {
			tbl.Values[u] = duban.Series{"2025-01": 1, "2025-02": 2}
		}
		var buf bytes.Buffer
		if err := xlsx.WriteFigures(&buf, tbl, true); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	ct := map[string]string{"Content-Type": "application/octet-stream"}
	e.runAll(t, []scenario{
		{name: "dry run", user: "czt", method: "POST", path: "/api/v1/imports/indicators?dry_run=true", body: book("西安", "宝鸡市"), headers: ct,
			wantStatus: 200, wantContains: []string{`"indicator":"CZKJ"`, `"units":2`, `"values":4`}},
		{name: "rejected whole", user: "czt", method: "POST", path: "/api/v1/imports/indicators", body: book("西安", "咸阳x"), headers: ct,
			wantStatus: 422, wantContains: []string{"2025年!5 C（1月）", "未知单位"}},
		{name: "a liaison imports its own unit", user: "xa", method: "POST", path: "/api/v1/imports/indicators", body: book("西安市"), headers: ct, wantStatus: 201},
		{name: "but not another's", user: "xa", method: "POST", path: "/api/v1/imports/indicators", body: book("宝鸡市"), headers: ct, wantStatus: 403},
	})
	tr, err := db.Trend(context.Background(), duban.System, x.ID, duban.Date{})
	if err != nil || len(tr) != 1 || len(tr[ids["xa"]]) != 2 {
		t.Errorf("after the imports: got %v, %v; want 西安's two figures only", tr, err)
	}
}
