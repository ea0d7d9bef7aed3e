package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// TestRestDayDeadlineWarned: a lead office that sets a deadline on a rest
// day keeps it, and is told so with the next working day, on the page (the
// flash after saving) and in the API's answer (warnings); a Saturday worked
// in lieu draws no warning. A new plan takes the working days of its
// 立行立改 measures from the form.
func TestRestDayDeadlineWarned(t *testing.T) {
	e := newAdmEnv(t)
	ctx := context.Background()
	zgb := e.as(t, "zgb")
	st, body, loc := zgb.post("/plans/new", url.Values{"title": {"节假日时限测试方案"}, "owner_unit_id": {fmt.Sprint(e.unitID(t, "省委科技工委"))},
		"cadence": {"monthly"}, "report_day": {"20"}, "lookback_months": {"6"}, "immediate_within": {"3"}})
	zgb.must("create plan", st, http.StatusSeeOther, body)
	planID := admID(t, loc, `^/plans/(\d+)/edit$`)
	pl, err := e.db.FindPlan(ctx, duban.System, planID)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Ladder.ImmediateWithin != 3 {
		t.Errorf("立行立改 working days %d, want 3 from the form", pl.Ladder.ImmediateWithin)
	}
	st, body, _ = zgb.post("/plans/new", url.Values{"title": {"又一个方案"}, "owner_unit_id": {fmt.Sprint(e.unitID(t, "省委科技工委"))}, "immediate_within": {"90"}})
	zgb.must("plan with 90 working days", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "立行立改的时限应为1至60个工作日", `value="90"`)

	base := fmt.Sprintf("/plans/%d/edit", planID)
	_, _, loc = zgb.post(base+"/nodes", url.Values{"kind": {"aspect"}, "title": {"作风建设方面"}})
	aspect := admID(t, loc, `#node-(\d+)$`)
	_, _, loc = zgb.post(base+"/nodes", url.Values{"kind": {"problem"}, "parent_id": {fmt.Sprint(aspect)}, "title": {"会议文件偏多"}})
	problem := admID(t, loc, `#node-(\d+)$`)
	kjt := fmt.Sprint(e.unitID(t, "省科技厅"))
	for _, c := range []struct{ deadline, want string }{
		{"2026年2月21日", "注意：整改时限2026年2月21日是休息日（春节），已按所填日期保存；建议改为下一个工作日2026年2月24日。"},
		{"2026年2月28日", ""}, // a Saturday worked
	} {
		st, body, loc = zgb.post(base+"/tasks", url.Values{"node_id": {fmt.Sprint(problem)}, "title": {"精简会议" + c.deadline},
			"deadline_mode": {"date"}, "deadline": {c.deadline}, "lead_unit_id": {kjt}})
		zgb.must("measure due "+c.deadline, st, http.StatusSeeOther, body)
		_, page := zgb.get(loc)
		if c.want == "" {
			admLacks(t, page, "休息日")
		} else {
			admWant(t, page, c.want)
		}
	}

	// The API says the same in warnings.
	tok := zgbToken(t, e)
	for _, c := range []struct{ deadline, want string }{{"2025-10-03", "2025年10月9日"}, {"2025-10-11", ""}} {
		b := fmt.Sprintf(`{"node_id": %d, "title": "压缩文件%s", "deadline_kind": "date", "deadline": %q, "lead_unit_id": %s}`, problem, c.deadline, c.deadline, kjt)
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/tasks", strings.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		st, body, _ := zgb.do(req)
		zgb.must("API measure due "+c.deadline, st, http.StatusCreated, body)
		var out struct{ Warnings []string }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(out.Warnings, "|")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("API deadline %s: warnings %q, want %q", c.deadline, got, c.want)
		}
	}
}

// zgbToken signs the lead office in through the API.
func zgbToken(t *testing.T, e *admEnv) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/auth/login", strings.NewReader(`{"username": "zgb", "password": "duban-demo"}`))
	req.Header.Set("Content-Type", "application/json")
	st, body, _ := e.as(t, "").do(req)
	if st != http.StatusOK {
		t.Fatalf("login: %d %s", st, body)
	}
	var out struct{ Token string }
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Token == "" {
		t.Fatalf("login: %s", body)
	}
	return out.Token
}

// TestImportPreviewKindAndRestDays: the preview of an uploaded ledger names
// the work its title says it answers, and lists each measure whose deadline
// falls on a rest day, with the working day to prefer.
func TestImportPreviewKindAndRestDays(t *testing.T) {
	e := newAdmEnv(t)
	zgb := e.as(t, "zgb")
	ledger := admLedger(t, [][]any{{"审计发现问题整改台账"}, admHeader,
		{1, "一、预算管理方面", "1.预算执行偏慢", "加快预算执行", "省财政厅", nil, nil, nil, "2025年10月4日"},
		{2, nil, nil, "压减非急需支出", "省财政厅", nil, nil, nil, "2025年10月11日"},
	})
	st, body, _ := zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委", "title": "审计整改方案"}, "审计台账.xlsx", ledger)
	zgb.must("audit ledger preview", st, http.StatusOK, body)
	admWant(t, body, `id="source-kind">审计`, `id="import-warnings"`,
		"举措“加快预算执行”的整改时限2025年10月4日是休息日（国庆中秋），按所填日期保留；建议改为下一个工作日2025年10月9日")
	admLacks(t, body, "压减非急需支出”的整改时限") // 10-11 is a Saturday worked
}

// TestImportPreviewListsSomeRestDays: a large ledger can have thousands of
// deadlines on rest days, one warning per day; the preview lists the first
// fifty and says how many more there are, instead of a page of hundreds of
// KB.
func TestImportPreviewListsSomeRestDays(t *testing.T) {
	e := newAdmEnv(t)
	zgb := e.as(t, "zgb")
	rows := [][]any{{"整改台账"}, admHeader}
	day := duban.MustDate("2025-10-01")
	for i := range 70 {
		aspect, problem := any(nil), any(nil)
		if i == 0 {
			aspect, problem = "一、预算管理方面", "1.预算执行偏慢"
		}
		for rest, _, _ := e.db.RestDay(day); !rest; rest, _, _ = e.db.RestDay(day) {
			day = day.AddDays(1)
		}
		rows = append(rows, []any{i + 1, aspect, problem, fmt.Sprintf("周末到期的举措%02d", i), "省财政厅", nil, nil, nil, day.Chinese()})
		day = day.AddDays(1)
	}
	st, body, _ := zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委", "title": "大台账"}, "大台账.xlsx", admLedger(t, rows))
	zgb.must("preview of 70 rest-day deadlines", st, http.StatusOK, body)
	admWant(t, body, `<small class="muted">70</small>`, "举措“周末到期的举措49”的整改时限", "……另有 20 条未列出")
	admLacks(t, body, "举措“周末到期的举措50”的整改时限")
}

// TestImportPreviewInEnglish: a clerk reading the pages in English sees
// what the ledger reader and the importer say of the file in English: the
// reasons given for cells and columns and the rest-day warnings, with only
// the file's own words (quoted titles, units) left as written.
func TestImportPreviewInEnglish(t *testing.T) {
	e := newAdmEnv(t)
	zgb := e.as(t, "zgb")
	zgb.get("/lang?to=en&next=/")
	header := append(slices.Clone(admHeader), "备注", "资金来源")
	ledger := admLedger(t, [][]any{{"审计发现问题整改台账"}, header,
		{1, "一、预算管理方面", "1.预算执行偏慢", "加快预算执行", "省财政厅", "有关单位", nil, nil, "2025年10月4日", "已督促", "省级"},
		{2, nil, nil, "压减非急需支出", "省财政厅", nil, nil, nil, "2025年10月1日", nil, nil},
	})
	st, body, _ := zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委", "title": "审计整改方案"}, "审计台账.xlsx", ledger)
	zgb.must("English preview", st, http.StatusOK, body)
	admWant(t, body,
		"“有关单位” is not a particular unit: not imported as a cooperating unit.",
		"Remarks (1 in the column) are not imported",
		"Column not recognised: its contents are not imported.",
		"The deadline of measure “加快预算执行”, 4 Oct 2025, is a rest day",
		"kept as written; the next working day is 9 Oct 2025")
	admLacks(t, body, "不是具体单位", "备注不会导入", "未识别的列", "是休息日", "按所填日期保留")
}
