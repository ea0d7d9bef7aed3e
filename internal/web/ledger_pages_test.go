package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// ledgerEnv is a server on the demo data, with evidence storage.
type ledgerEnv struct {
	db     *store.DB
	ts     *httptest.Server
	planID int64
}

func newLedgerEnv(t *testing.T) *ledgerEnv {
	t.Helper()
	return ledgerEnvOn(t, openTestStore(t, filepath.Join(t.TempDir(), "duban.db")), nil)
}

// forEachStore runs fn on a fresh SQLite database and, when
// DUBAN_TEST_POSTGRES names a PostgreSQL server, on a schema of its own there.
func forEachStore(t *testing.T, schema string, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, openTestStore(t, filepath.Join(t.TempDir(), "duban.db"))) })
	if pg := os.Getenv("DUBAN_TEST_POSTGRES"); pg != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, openTestStore(t, storetest.PostgresSchema(t, pg, schema))) })
	}
}

func openTestStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ledgerEnvOn loads the demo into db and starts a server on it; setup, when
// given, adjusts the server before it starts.
func ledgerEnvOn(t *testing.T, db *store.DB, setup func(*Server)) *ledgerEnv {
	t.Helper()
	res, err := demo.Load(context.Background(), db, duban.DateOf(time.Now().In(duban.ChinaTime)))
	if err != nil {
		t.Fatal(err)
	}
	srv := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.SetFiles(&files.Store{Dir: filepath.Join(t.TempDir(), "files")})
	if setup != nil {
		setup(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &ledgerEnv{db: db, ts: ts, planID: res.PlanID}
}

// ledgerClient is a logged-in browser: it keeps the session cookie and
// does not follow redirects, so that tests see the 303s.
type ledgerClient struct {
	t *testing.T
	e *ledgerEnv
	c *http.Client
}

func (e *ledgerEnv) login(t *testing.T, user string) *ledgerClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"username": {user}, "password": {"duban-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: got %d, want 303", user, resp.StatusCode)
	}
	return &ledgerClient{t: t, e: e, c: c}
}

func (c *ledgerClient) do(req *http.Request, wantStatus int) string {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		c.t.Fatalf("%s %s: got %d, want %d\n%s", req.Method, req.URL.Path, resp.StatusCode, wantStatus, ledgerExcerpt(string(body)))
	}
	return string(body)
}

func (c *ledgerClient) get(path string, wantStatus int) string {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.ts.URL+path, nil)
	return c.do(req, wantStatus)
}

func (c *ledgerClient) post(path string, form url.Values, wantStatus int) string {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req, wantStatus)
}

// postReport submits the report form as a browser does, with one file.
func (c *ledgerClient) postReport(id int64, fields map[string]string, name string, data []byte, wantStatus int) string {
	c.t.Helper()
	return c.postFiles(fmt.Sprintf("/assignments/%d/reports", id), fields, name, data, wantStatus)
}

// postFiles submits a multipart form as a browser does, with one file.
func (c *ledgerClient) postFiles(path string, fields map[string]string, name string, data []byte, wantStatus int) string {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req, wantStatus)
}

// assignmentOf returns the n-th demo assignment of a unit in a state.
func (e *ledgerEnv) assignmentOf(t *testing.T, unit string, st duban.Status, n int) duban.Assignment {
	t.Helper()
	ctx := context.Background()
	u, err := e.db.FindUnitByName(ctx, unit)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{UnitID: u.ID, Statuses: []duban.Status{st}}, duban.Date{})
	if err != nil || len(list.Items) <= n {
		t.Fatalf("no %s assignment #%d of %s: %v", st, n, unit, err)
	}
	return list.Items[n]
}

func ledgerExcerpt(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 1500)]
}

func wantContains(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q\n%s", s, ledgerExcerpt(body))
		}
	}
}

func wantLacks(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("page shows %q but should not", s)
		}
	}
}

// TestLedgerPages runs the ledger's scenarios on one demo store; each
// works on assignments of its own.
func TestLedgerPages(t *testing.T) {
	e := newLedgerEnv(t)
	t.Run("a liaison sees only its unit", func(t *testing.T) { testLedgerLiaison(t, e) })
	t.Run("a report with evidence", func(t *testing.T) { testLedgerReport(t, e) })
	t.Run("closure", func(t *testing.T) { testLedgerClosure(t, e) })
	t.Run("filters and English", func(t *testing.T) { testLedgerFilters(t, e) })
}

func testLedgerLiaison(t *testing.T, e *ledgerEnv) {
	czt := e.login(t, "czt")
	body := czt.get("/ledger", http.StatusOK)
	wantContains(t, body, "本单位整改事项", ">省财政厅</a>", "剩余工作日", `class="light light-`)
	links := regexp.MustCompile(`href="/assignments/\d+">([^<]+)</a>`).FindAllStringSubmatch(body, -1)
	if len(links) == 0 {
		t.Fatal("the liaison's ledger lists no assignment")
	}
	for _, m := range links {
		if m[1] != "省财政厅" {
			t.Errorf("liaison of 省财政厅 sees an assignment of %s", m[1])
		}
	}
	kjt := e.assignmentOf(t, "省科技厅", duban.StatusInProgress, 0)
	page := czt.get(fmt.Sprintf("/assignments/%d", kjt.ID), http.StatusNotFound)
	wantContains(t, page, "不存在")
	wantLacks(t, page, kjt.TaskTitle)
	czt.post(fmt.Sprintf("/assignments/%d/do/request-closure", kjt.ID), url.Values{"summary": {"越权"}}, http.StatusNotFound)
}

// pdfBytes is a minimal file that sniffs as a PDF.
var pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func testLedgerReport(t *testing.T, e *ledgerEnv) {
	a := e.assignmentOf(t, "省财政厅", duban.StatusInProgress, 0)
	czt, kjt, zgb := e.login(t, "czt"), e.login(t, "kjt"), e.login(t, "zgb")
	path := fmt.Sprintf("/assignments/%d", a.ID)

	// Empty content is refused, and what was typed is kept.
	{
		body := czt.postReport(a.ID, map[string]string{"period": "2031-07", "content": "  ", "work_date": "2031年7月3日"}, "", nil, http.StatusUnprocessableEntity)
		wantContains(t, body, "请填写整改进展", `id="rp-content-err"`, `value="2031-07"`, `value="2031-07-03"`, `aria-invalid="true"`)
	}
	// A work date that is no date is refused next to its field.
	{
		body := czt.postReport(a.ID, map[string]string{"period": "2031-07", "content": "进展", "work_date": "明天"}, "", nil, http.StatusUnprocessableEntity)
		wantContains(t, body, "无法识别的日期", `id="rp-work-err"`, ">进展</textarea>")
	}

	czt.postReport(a.ID, map[string]string{"period": "2031-07", "content": "已召开专题会研究科研经费改革。", "work_date": "2031-07-03"},
		"专题会纪要.pdf", pdfBytes, http.StatusSeeOther)
	page := czt.get(path, http.StatusOK)
	wantContains(t, page, "进展已报送", "已召开专题会研究科研经费改革。", "2031-07", "专题会纪要.pdf", "待审核", "2031年7月3日")
	m := regexp.MustCompile(`href="/attachments/(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no evidence link on the page")
	}
	file := czt.get("/attachments/"+m[1], http.StatusOK)
	if file != string(pdfBytes) {
		t.Errorf("downloaded %q, want the uploaded PDF", file)
	}
	kjt.get("/attachments/"+m[1], http.StatusNotFound)

	// A second report for the same period is taken, and the liaison is told it is a supplement.
	czt.postReport(a.ID, map[string]string{"period": "2031-07", "content": "补充：纪要已印发。"}, "", nil, http.StatusSeeOther)
	wantContains(t, czt.get(path, http.StatusOK), "本期此前已有报送，本条作为补充")

	// Returning a report needs a comment; the liaison then revises it.
	{
		page := zgb.get(path, http.StatusOK)
		rm := regexp.MustCompile(`action="/assignments/\d+/reports/(\d+)/review"`).FindStringSubmatch(page)
		if rm == nil {
			t.Fatalf("the lead office sees no review form\n%s", ledgerExcerpt(page))
		}
		review := fmt.Sprintf("%s/reports/%s/review", path, rm[1])
		body := zgb.post(review, url.Values{"decision": {"return"}, "comment": {""}}, http.StatusUnprocessableEntity)
		wantContains(t, body, "退回报送须写明理由", fmt.Sprintf(`id="rv-comment-%s-err"`, rm[1]))
		zgb.post(review, url.Values{"decision": {"return"}, "comment": {"请补充会议纪要的签发页。"}}, http.StatusSeeOther)
		page = czt.get(path, http.StatusOK)
		wantContains(t, page, "已退回", "请补充会议纪要的签发页。", "修改后重新提交")
		czt.post(fmt.Sprintf("%s/reports/%s/revise", path, rm[1]), url.Values{"content": {"已补充签发页。"}}, http.StatusSeeOther)
		wantContains(t, czt.get(path, http.StatusOK), "已补充签发页。", "待审核")
	}
}

func testLedgerClosure(t *testing.T, e *ledgerEnv) {
	a := e.assignmentOf(t, "省财政厅", duban.StatusInProgress, 1)
	path := fmt.Sprintf("/assignments/%d", a.ID)
	czt, leader, zgb := e.login(t, "czt"), e.login(t, "czt-leader"), e.login(t, "zgb")

	body := czt.post(path+"/do/request-closure", url.Values{"summary": {""}}, http.StatusUnprocessableEntity)
	wantContains(t, body, "申请销号须填写整改完成情况", `id="rc-summary-err"`)
	// A first request, then taken back: the item is in progress again.
	czt.post(path+"/do/request-closure", url.Values{"summary": {"初稿"}, "version": {fmt.Sprint(a.Version)}}, http.StatusSeeOther)
	page := czt.get(path, http.StatusOK)
	wantContains(t, page, "销号申请已提交", `action="`+path+`/do/withdraw-closure"`, "撤回销号申请")
	czt.post(path+"/do/withdraw-closure", url.Values{"reason": {"补充材料"}}, http.StatusSeeOther)
	page = czt.get(path, http.StatusOK)
	wantContains(t, page, "销号申请已撤回", "已撤回", "补充材料", `action="`+path+`/do/request-closure"`)
	wantLacks(t, page, `action="`+path+`/do/withdraw-closure"`)

	// The request again, with its evidence file.
	czt.postFiles(path+"/do/request-closure", map[string]string{"summary": "科研经费管理实施意见已印发。"}, "实施意见.pdf", pdfBytes, http.StatusSeeOther)
	page = czt.get(path, http.StatusOK)
	wantContains(t, page, "销号申请已提交", "申请销号", "实施意见.pdf")
	wantLacks(t, page, `action="`+path+`/do/sign-off"`, `action="`+path+`/do/verify"`)

	// The leader reads the summary and the evidence in the sign-off form,
	// above the button, and signs with an opinion after a confirmation.
	page = leader.get(path, http.StatusOK)
	wantContains(t, page, `action="`+path+`/do/sign-off"`, "销号申请待您签批", `data-confirm="确认签批该销号申请`)
	form := page[strings.Index(page, `id="act-signoff"`):]
	form = form[:strings.Index(form, "</form>")]
	summary, file, button := strings.Index(form, "科研经费管理实施意见已印发。"), strings.Index(form, "实施意见.pdf"), strings.Index(form, `type="submit"`)
	if summary < 0 || file < 0 || button < summary || button < file {
		t.Errorf("the sign-off form shows summary at %d, evidence at %d, button at %d: want both before the button", summary, file, button)
	}
	leader.post(path+"/do/sign-off", url.Values{"reason": {"同意销号。"}}, http.StatusSeeOther)
	wantContains(t, leader.get(path, http.StatusOK), "同意销号。")

	// The lead office too verifies what it reads above the button: on a
	// phone the closure card comes only after the panel.
	page = zgb.get(path, http.StatusOK)
	wantContains(t, page, `action="`+path+`/do/verify"`, "待审核销号")
	form = page[strings.Index(page, `id="act-verify"`):]
	form = form[:strings.Index(form, "</form>")]
	summary, file, button = strings.Index(form, "科研经费管理实施意见已印发。"), strings.Index(form, "实施意见.pdf"), strings.Index(form, `type="submit"`)
	if summary < 0 || file < 0 || button < summary || button < file {
		t.Errorf("the verify form shows summary at %d, evidence at %d, button at %d: want both before the button", summary, file, button)
	}
	zgb.post(path+"/do/verify", url.Values{}, http.StatusSeeOther)
	page = zgb.get(path, http.StatusOK)
	wantContains(t, page, "已审核销号", `<span class="st st-closed">已销号</span>`, "审核销号", "省财政厅 孙某某", "整改完成情况", "回头看")

	// A stale form (an old version) is refused with the page, not lost.
	body = zgb.post(path+"/do/reopen", url.Values{"reason": {"反弹"}, "version": {"1"}}, http.StatusPreconditionFailed)
	wantContains(t, body, "已被他人修改", ">反弹</textarea>")
}

func testLedgerFilters(t *testing.T, e *ledgerEnv) {
	zgb := e.login(t, "zgb")
	all := zgb.get("/ledger", http.StatusOK)
	wantContains(t, all, "已销号", "整改中", `<details class="ln ln-aspect" open>`, "红灯（逾期）")

	flat := zgb.get(fmt.Sprintf("/ledger?plan=%d&status=in_progress", e.planID), http.StatusOK)
	wantContains(t, flat, `class="st st-in_progress"`, "ledger-flat", `<option value="in_progress" selected>`)
	wantLacks(t, flat, `class="st st-closed"`, `class="st st-assigned"`, "<details")

	text := zgb.get(fmt.Sprintf("/ledger?plan=%d&q=%s", e.planID, url.QueryEscape("新舟700")), http.StatusOK)
	wantContains(t, text, "加快推动新舟700飞机项目资金落实", `value="新舟700"`)
	if n := strings.Count(text, `href="/assignments/`); n == 0 || n >= strings.Count(all, `href="/assignments/`) {
		t.Errorf("the text filter left %d assignments, want fewer than the whole ledger", n)
	}
	red := zgb.get(fmt.Sprintf("/ledger?plan=%d&light=red", e.planID), http.StatusOK)
	wantContains(t, red, "light-red")
	wantLacks(t, red, `light light-green"`)

	bad := zgb.get(fmt.Sprintf("/ledger?plan=%d&from=%s", e.planID, url.QueryEscape("下个月")), http.StatusBadRequest)
	wantContains(t, bad, `id="lf-from-err"`, `value="下个月"`)

	zgb.get("/lang?to=en&next=/ledger", http.StatusSeeOther)
	en := zgb.get("/ledger", http.StatusOK)
	wantContains(t, en, "Rectification ledger", "Working days left", "Closed")
	a := e.assignmentOf(t, "省财政厅", duban.StatusAssigned, 0)
	wantContains(t, zgb.get(fmt.Sprintf("/assignments/%d", a.ID), http.StatusOK), "The measure", "Progress reports", "Full history")
}
