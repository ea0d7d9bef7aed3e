package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
)

// admEnv is a server on a fresh SQLite store with the demo loaded; the
// admin tests share one, each working on its own records.
type admEnv struct {
	db       *store.DB
	srv      *httptest.Server
	planID   int64
	sessions map[string]string // session tokens by user, to sign in once
}

func newAdmEnv(t *testing.T) *admEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, err := demo.Load(ctx, db, duban.DateOf(time.Now().In(duban.ChinaTime)))
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	srv := httptest.NewServer(New(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	return &admEnv{db: db, srv: srv, planID: res.PlanID, sessions: map[string]string{}}
}

// admClient is a browser of one user ("" for the public): it keeps the
// session cookie and does not follow redirects, so that tests see the 303s.
type admClient struct {
	t *testing.T
	e *admEnv
	c *http.Client
}

func (e *admEnv) as(t *testing.T, user string) *admClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &admClient{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if user == "" {
		return c
	}
	u, _ := url.Parse(e.srv.URL)
	if tok, ok := e.sessions[user]; ok {
		jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: tok, Path: "/"}})
		return c
	}
	pw := "duban-demo"
	if user == "admin" {
		pw = "duban-admin"
	}
	st, _, loc := c.post("/login", url.Values{"username": {user}, "password": {pw}})
	if st != http.StatusSeeOther || loc != "/" {
		t.Fatalf("login %s: got %d to %q, want 303 to /", user, st, loc)
	}
	for _, ck := range jar.Cookies(u) {
		if ck.Name == sessionCookie {
			e.sessions[user] = ck.Value
		}
	}
	return c
}

func (c *admClient) do(req *http.Request) (int, string, string) {
	c.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// get returns the status and body of a page.
func (c *admClient) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	st, body, _ := c.do(req)
	return st, body
}

// post sends a form and returns the status, the body and where it redirects.
func (c *admClient) post(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload posts a multipart form: the fields, and a file as "file" unless name is "".
func (c *admClient) upload(path string, fields map[string]string, name string, data []byte) (int, string, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// must fails unless got is want.
func (c *admClient) must(what string, got, want int, body string) {
	c.t.Helper()
	if got != want {
		c.t.Fatalf("%s: got status %d, want %d: %s", what, got, want, admExcerpt(body))
	}
}

func (e *admEnv) unitID(t *testing.T, name string) int64 {
	t.Helper()
	u, err := e.db.FindUnitByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func (e *admEnv) planCount(t *testing.T) int {
	t.Helper()
	l, err := e.db.ListPlans(context.Background(), duban.System, duban.PlanFilter{Page: duban.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	return len(l.Items)
}

// admWant fails unless body holds every sub (compared as the browser shows the text).
func admWant(t *testing.T, body string, subs ...string) {
	t.Helper()
	text := html.UnescapeString(body)
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("page lacks %q: %s", s, admExcerpt(body))
		}
	}
}

func admLacks(t *testing.T, body string, subs ...string) {
	t.Helper()
	text := html.UnescapeString(body)
	for _, s := range subs {
		if strings.Contains(text, s) {
			t.Errorf("page shows %q, want it absent", s)
		}
	}
}

func admExcerpt(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if r := []rune(s); len(r) > 1500 {
		s = string(r[:1500]) + "…"
	}
	return s
}

// admID reads the number after prefix in a redirect such as /plans/7/edit#node-12.
func admID(t *testing.T, loc, pattern string) int64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("redirect %q does not match %s", loc, pattern)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// TestAdminPages runs the admin scenarios on one demo store, in an order
// that keeps them apart: public feedback before anything is published.
func TestAdminPages(t *testing.T) {
	e := newAdmEnv(t)
	t.Run("PlanEditing", func(t *testing.T) { testAdminPlanEditing(t, e) })
	t.Run("Meetings", func(t *testing.T) { testAdminMeetings(t, e) })
	t.Run("Import", func(t *testing.T) { testAdminImport(t, e) })
	t.Run("FeedbackTriage", func(t *testing.T) { testAdminFeedbackTriage(t, e) })
	t.Run("PublicFeedback", func(t *testing.T) { testAdminPublicFeedback(t, e) })
	t.Run("NoticeAndPublic", func(t *testing.T) { testAdminNoticeAndPublic(t, e) })
}

func testAdminPlanEditing(t *testing.T, e *admEnv) {
	zgb := e.as(t, "zgb")
	st, body := zgb.get("/plans/new")
	zgb.must("new plan form", st, http.StatusOK, body)
	admWant(t, body, "新建整改方案", "整改责任单位", "回头看间隔")

	// A bad form comes back with the field errors and what was typed.
	st, body, _ = zgb.post("/plans/new", url.Values{"title": {""}, "owner_unit_id": {fmt.Sprint(e.unitID(t, "省委科技工委"))}, "report_day": {"30"}, "start_date": {"2022年1月1日"}})
	zgb.must("bad plan", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写方案名称", "每月报送日应在1至28之间", `value="30"`, `value="2022-01-01"`)

	st, body, loc := zgb.post("/plans/new", url.Values{"title": {"科技厅专项整改方案"}, "owner_unit_id": {fmt.Sprint(e.unitID(t, "省委科技工委"))},
		"cadence": {"monthly"}, "report_day": {"20"}, "start_date": {"2022年1月1日"}, "end_date": {"2022/6/30"}, "lookback_months": {"6"}})
	zgb.must("create plan", st, http.StatusSeeOther, body)
	planID := admID(t, loc, `^/plans/(\d+)/edit$`)
	base := fmt.Sprintf("/plans/%d/edit", planID)

	// A liaison of a unit without a share in the plan does not see it at all.
	for _, p := range []string{base, fmt.Sprintf("/plans/%d/meetings", planID)} {
		st, body = e.as(t, "czt").get(p)
		zgb.must("czt "+p, st, http.StatusNotFound, body)
	}

	_, body, loc = zgb.post(base+"/nodes", url.Values{"kind": {"aspect"}, "title": {"组织领导方面"}})
	aspect := admID(t, loc, `#node-(\d+)$`)
	_, body, loc = zgb.post(base+"/nodes", url.Values{"kind": {"problem"}, "parent_id": {fmt.Sprint(aspect)}, "title": {"学习贯彻不够深入"}})
	problem := admID(t, loc, `#node-(\d+)$`)
	kjt, czt := e.unitID(t, "省科技厅"), e.unitID(t, "省财政厅")
	measure := url.Values{"node_id": {fmt.Sprint(problem)}, "title": {"健全理论学习制度"}, "content": {"修订理论学习中心组学习规则。"},
		"deadline_mode": {"long_term"}, "lead_unit_id": {fmt.Sprint(kjt)}, "coop_unit_ids": {fmt.Sprint(czt)}, "responsible_leader": {"张某某"}}
	st, body, loc = zgb.post(base+"/tasks", measure)
	zgb.must("create measure", st, http.StatusSeeOther, body)
	taskID := admID(t, loc, `#task-(\d+)$`)

	st, body = zgb.get(base)
	zgb.must("editor", st, http.StatusOK, body)
	admWant(t, body, "组织领导方面", "学习贯彻不够深入", "健全理论学习制度", "长期坚持", "省科技厅", "省财政厅", "张某某", "草拟", "一键交办草拟事项（2）")

	// A measure without a title: the field error, and everything typed kept.
	bad := url.Values{"node_id": {fmt.Sprint(problem)}, "title": {""}, "content": {"先填写的举措内容"}, "target": {"目标写在这里"},
		"deadline_mode": {"date"}, "deadline": {"2022年12月31日"}, "lead_unit_id": {fmt.Sprint(kjt)}}
	st, body, _ = zgb.post(base+"/tasks", bad)
	zgb.must("measure without title", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写举措名称", "先填写的举措内容", "目标写在这里", `value="2022-12-31"`)

	// Editing with the version of the form; a second save of the same form is stale.
	st, body = zgb.get(fmt.Sprintf("%s?form=edit-task&id=%d", base, taskID))
	zgb.must("edit form", st, http.StatusOK, body)
	admWant(t, body, "编辑整改举措", `name="version" value="1"`, "修订理论学习中心组学习规则。")
	edit := url.Values{"version": {"1"}, "title": {"健全理论学习制度并抓好落实"}, "deadline_mode": {"workdays"}, "deadline_workdays": {"20"},
		"lead_unit_id": {fmt.Sprint(kjt)}, "coop_unit_ids": {fmt.Sprint(czt)}}
	st, body, _ = zgb.post(fmt.Sprintf("%s/tasks/%d", base, taskID), edit)
	zgb.must("edit measure", st, http.StatusSeeOther, body)
	edit.Set("title", "又一次修改")
	st, body, _ = zgb.post(fmt.Sprintf("%s/tasks/%d", base, taskID), edit)
	zgb.must("stale edit", st, http.StatusPreconditionFailed, body)
	admWant(t, body, "已被他人修改", `value="又一次修改"`)
	st, body, _ = zgb.post(fmt.Sprintf("%s/nodes/%d", base, aspect), url.Values{"version": {"9"}, "title": {"改名"}})
	zgb.must("stale node", st, http.StatusPreconditionFailed, body)
	admWant(t, body, "已被他人修改")

	// One more unit, twice: the second time is refused at the form.
	edu := fmt.Sprint(e.unitID(t, "省教育厅"))
	st, body, _ = zgb.post(fmt.Sprintf("%s/tasks/%d/units", base, taskID), url.Values{"unit_id": {edu}})
	zgb.must("add unit", st, http.StatusSeeOther, body)
	st, body, _ = zgb.post(fmt.Sprintf("%s/tasks/%d/units", base, taskID), url.Values{"unit_id": {edu}})
	zgb.must("add unit again", st, http.StatusConflict, body)
	admWant(t, body, "不能重复分办")

	st, body, _ = zgb.post(base+"/assign", nil)
	zgb.must("assign all", st, http.StatusSeeOther, body)
	st, body = zgb.get(base)
	admWant(t, body, "已交办 3 项", "健全理论学习制度并抓好落实", "交办后20个工作日内", "省教育厅")
	admLacks(t, body, ">草拟<")

	// Who may not edit.
	for _, u := range []string{"kjt", "xsb", "kjt-leader"} {
		st, body = e.as(t, u).get("/plans/new")
		zgb.must(u+" new plan", st, http.StatusForbidden, body)
		st, body = e.as(t, u).get(base)
		zgb.must(u+" editor", st, http.StatusForbidden, body)
	}

	// English.
	st, _ = zgb.get("/lang?to=en&next=/")
	st, body = zgb.get(base)
	admWant(t, body, "Assign all drafts", "Add aspect", "Measure")
}

func testAdminMeetings(t *testing.T, e *admEnv) {
	zgb := e.as(t, "zgb")
	path := fmt.Sprintf("/plans/%d/meetings", e.planID)
	st, body := zgb.get(path)
	zgb.must("meetings", st, http.StatusOK, body)
	admWant(t, body, "会议记录", "已召开的会议", "记录会议")
	tasks, err := e.db.ListTasks(context.Background(), duban.System, duban.TaskFilter{PlanID: e.planID, Page: duban.Page{Limit: 2}})
	if err != nil || len(tasks.Items) < 2 {
		t.Fatalf("tasks: %v", err)
	}

	st, body, _ = zgb.post(path, url.Values{"kind": {"专题会"}, "held_on": {"2022-03-01"}, "title": {""}, "attendees": {"工委委员"},
		"task_ids": {fmt.Sprint(tasks.Items[1].ID)}})
	zgb.must("meeting without title", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写会议名称", "工委委员", fmt.Sprintf(`value="%d" checked`, tasks.Items[1].ID))

	st, body, _ = zgb.post(path, url.Values{"kind": {"领导小组会"}, "held_on": {"2022年3月1日"}, "title": {"领导小组会研究整改推进"}, "decisions": {"逐项对账销号"},
		"task_ids": {fmt.Sprint(tasks.Items[0].ID), fmt.Sprint(tasks.Items[1].ID)}})
	zgb.must("record meeting", st, http.StatusSeeOther, body)
	st, body = zgb.get(path)
	admWant(t, body, "领导小组会研究整改推进", "2022年3月1日", "逐项对账销号", tasks.Items[0].Title, tasks.Items[1].Title, "领导小组会")

	st, body, _ = e.as(t, "kjt").post(path, url.Values{"kind": {"专题会"}, "held_on": {"2022-03-01"}, "title": {"越权"}})
	zgb.must("liaison records a meeting", st, http.StatusForbidden, body)
}

// admLedger builds a ledger workbook of header and rows.
func admLedger(t *testing.T, rows [][]any) []byte {
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

var admHeader = []any{"序号", "方面", "问题", "整改措施", "责任单位", "配合单位", "责任领导", "责任人", "完成时限"}

func testAdminImport(t *testing.T, e *admEnv) {
	zgb := e.as(t, "zgb")
	st, body := zgb.get("/documents")
	zgb.must("documents", st, http.StatusOK, body)
	admWant(t, body, "导入台账或方案", "导出台账", "生成整改进展情况通报")
	plans := e.planCount(t)

	bad := admLedger(t, [][]any{admHeader,
		{1, "一、党的领导方面", "1.科技投入不足", "加大科技投入", "省科技厅", "省财政厅", "王某", "李某", "2026-12-31"},
		{2, nil, nil, "", "省科技厅", nil, nil, nil, "2026-12-31"},
		{3, nil, "2.成果转化不力", "建立转化平台", "", nil, nil, nil, "2021年2月30日"},
		{4, "二、作风建设方面", "会议过多", "精简会议", "省科技厅", nil, nil, nil, "尽快"},
	})
	st, body, _ = zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委"}, "台账.xlsx", bad)
	zgb.must("bad ledger", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "4 处单元格有误", "工作表", "原因", "Sheet1", "D（整改措施）", "缺少整改措施", "E（责任单位）", "缺少责任单位",
		"“2021年2月30日”", "“尽快”")
	if n := strings.Count(body, "<tr><td>Sheet1</td>"); n != 4 {
		t.Errorf("rejected cells listed: got %d rows, want 4", n)
	}
	admLacks(t, body, "确认导入")
	if got := e.planCount(t); got != plans {
		t.Fatalf("plans after a bad ledger: got %d, want %d", got, plans)
	}

	good := admLedger(t, [][]any{admHeader,
		{1, "一、党的领导方面", "1.科技投入不足", "加大科技投入", "省科技厅", "省财政厅", "王某", "李某", "2026-12-31"},
		{2, nil, nil, "完善考核办法", "省科技厅", nil, nil, nil, "长期坚持"},
		{3, "二、作风建设方面", "会议过多", "精简会议", "省科技厅", nil, nil, nil, "立行立改"},
	})
	st, body, _ = zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委", "title": "导入的整改方案"}, "台账.xlsx", good)
	zgb.must("good ledger preview", st, http.StatusOK, body)
	admWant(t, body, "确认导入", "尚未写入", "确认后将写入")
	if got := e.planCount(t); got != plans {
		t.Fatalf("plans after a preview: got %d, want %d (nothing written)", got, plans)
	}
	m := heldUpload.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("preview holds no file: %s", admExcerpt(body))
	}
	form := url.Values{"confirm": {"1"}, "name": {"台账.xlsx"}, "plan": {"0"}, "owner": {"中共陕西省委科技工委"}, "title": {"导入的整改方案"}, "upload": {m[1]}}
	st, body, loc := zgb.post("/documents/import", form)
	zgb.must("confirm import", st, http.StatusSeeOther, body)
	if got := e.planCount(t); got != plans+1 {
		t.Fatalf("plans after confirming: got %d, want %d", got, plans+1)
	}
	st, body = zgb.get(loc)
	zgb.must("imported plan", st, http.StatusOK, body)
	admWant(t, body, "导入的整改方案", "已导入：2 个方面、2 个问题、3 项整改举措", "加大科技投入", "完善考核办法", "精简会议", "立行立改")

	st, body = e.as(t, "kjt").get("/documents")
	zgb.must("liaison documents", st, http.StatusForbidden, body)
}

func testAdminNoticeAndPublic(t *testing.T, e *admEnv) {
	zgb, anon := e.as(t, "zgb"), e.as(t, "")
	const title = "关于十三届省委第十一轮巡视整改进展情况的通报"
	// The demo's measures are dated 120 days before it was loaded (today):
	// notices of a month ago and of yesterday, and none before the plan had
	// measures, which would state "0项整改举措" under the unit's name.
	today := duban.DateOf(time.Now())
	older, newer := today.AddDays(-30), today.AddDays(-1)
	d1, d2 := older.String(), newer.String()
	st, body := zgb.get(fmt.Sprintf("/plans/%d/notice.md?asof=2020-01-01", e.planID))
	zgb.must("notice before any measure", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "尚无整改举措")
	st, body = zgb.get(fmt.Sprintf("/documents?notice=1&plan=%d&asof=%s", e.planID, d1))
	zgb.must("notice preview", st, http.StatusOK, body)
	admWant(t, body, title, "中共陕西省委科技工委", "截至"+older.Chinese(), "notice.docx?asof="+d1, "notice.md?asof="+d1, "发布到公开信息")
	st, body = zgb.get(fmt.Sprintf("/documents?notice=1&plan=%d&asof=someday", e.planID))
	zgb.must("notice with a bad date", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "日期格式不对", `value="someday"`)

	for _, p := range []string{"/notice.docx?asof=" + d1, "/ledger.xlsx", "/ledger.xlsx?unit=" + fmt.Sprint(e.unitID(t, "省财政厅"))} {
		st, body = zgb.get(fmt.Sprintf("/plans/%d%s", e.planID, p))
		zgb.must(p, st, http.StatusOK, body)
		if !strings.HasPrefix(body, "PK") {
			t.Errorf("%s: got no zip file", p)
		}
	}
	st, body = zgb.get(fmt.Sprintf("/plans/%d/notice.md?asof=%s", e.planID, d1))
	zgb.must("markdown", st, http.StatusOK, body)
	admWant(t, body, "# "+title)
	// The lead's options: figures per aspect, unfinished measures left out; a bad rule is a 422.
	st, body = zgb.get(fmt.Sprintf("/documents?notice=1&plan=%d&asof=%s&unfinished=omit&by_aspect=1", e.planID, d1))
	zgb.must("notice with options", st, http.StatusOK, body)
	admWant(t, body, "该方面", "完成率", `<option value="omit" selected>`, "unfinished=omit", "by_aspect=1")
	st, body = zgb.get(fmt.Sprintf("/plans/%d/notice.md?asof=%s&unfinished=hide", e.planID, d1))
	zgb.must("notice with a bad rule", st, http.StatusUnprocessableEntity, body)
	st, body = zgb.get(fmt.Sprintf("/plans/%d/notice.md?asof=%s&by_aspect=1", e.planID, d1))
	zgb.must("markdown by aspect", st, http.StatusOK, body)
	admWant(t, body, "该方面", "项整改举措中，已完成")

	// The demo's lead office published a notice a week ago.
	before, err := e.db.PublishedNotices(context.Background(), duban.Page{})
	if err != nil || len(before.Items) != 1 {
		t.Fatalf("the demo's published notices: %v %d, want 1", err, len(before.Items))
	}
	demoID := before.Items[0].ID
	st, body = anon.get("/public")
	zgb.must("portal of the demo", st, http.StatusOK, body)
	admWant(t, body, fmt.Sprintf(`href="/public/notices/%d"`, demoID))
	for _, asof := range []string{d1, d2} {
		st, body, _ = zgb.post("/documents/publish", url.Values{"plan": {fmt.Sprint(e.planID)}, "asof": {asof}})
		zgb.must("publish "+asof, st, http.StatusSeeOther, body)
	}
	st, body, _ = e.as(t, "kjt").post("/documents/publish", url.Values{"plan": {fmt.Sprint(e.planID)}, "asof": {d2}})
	zgb.must("liaison publishes", st, http.StatusForbidden, body)

	list, err := e.db.PublishedNotices(context.Background(), duban.Page{})
	if err != nil || len(list.Items) != 3 || list.Items[2].ID != demoID {
		t.Fatalf("published: %v %d, want the demo's and two more", err, len(list.Items))
	}
	newerID, olderID := list.Items[0].ID, list.Items[1].ID
	st, body = anon.get("/public")
	zgb.must("portal", st, http.StatusOK, body)
	admWant(t, body, title, "中共陕西省委科技工委", newer.Chinese(), older.Chinese())
	if i, j := strings.Index(body, newer.Chinese()), strings.Index(body, older.Chinese()); i > j {
		t.Errorf("portal: the newer notice should come first")
	}
	st, body = anon.get(fmt.Sprintf("/public/notices/%d", olderID))
	zgb.must("older notice", st, http.StatusOK, body)
	admWant(t, body, title, "截至"+older.Chinese(), fmt.Sprintf(`href="/public/notices/%d">下一条`, newerID), fmt.Sprintf(`href="/public/notices/%d">← 上一条`, demoID))
	st, body = anon.get(fmt.Sprintf("/public/notices/%d", newerID))
	admWant(t, body, fmt.Sprintf(`href="/public/notices/%d">← 上一条`, olderID), "下一条：没有了")
	st, body = anon.get("/public/notices/999")
	zgb.must("missing notice", st, http.StatusNotFound, body)
}

func testAdminPublicFeedback(t *testing.T, e *admEnv) {
	anon := e.as(t, "")
	st, body := anon.get("/public/feedback")
	zgb := e.as(t, "zgb")
	zgb.must("feedback form", st, http.StatusOK, body)
	admWant(t, body, "意见建议内容", "不超过2000字")

	st, body, _ = anon.post("/public/feedback", url.Values{"contact": {"13800000000"}, "content": {"   "}})
	zgb.must("empty content", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写意见建议内容", `value="13800000000"`)
	st, body, _ = anon.upload("/public/feedback", map[string]string{"content": strings.Repeat("长", 2001)}, "", nil)
	zgb.must("long content", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "内容不能超过2000字")
	st, body, loc := anon.upload("/public/feedback", map[string]string{"content": strings.Repeat("长", 2000), "contact": "test@example.com"}, "", nil)
	zgb.must("2000 characters, as the browser posts them", st, http.StatusSeeOther, body)
	if !strings.HasPrefix(loc, "/public/feedback/status?receipt=YJ") {
		t.Fatalf("post went to %q, want the receipt page", loc)
	}
	st, body, _ = anon.post("/public/feedback", url.Values{"content": {"有内容"}, "plan_id": {"999"}})
	zgb.must("plan without a published notice", st, http.StatusUnprocessableEntity, body)
	// The demo's plan has its published notice: a message about it reaches
	// the plan's lead office.
	st, body, _ = anon.post("/public/feedback", url.Values{"content": {"建议公开奖补资金到账时间表。"}, "plan_id": {fmt.Sprint(e.planID)}})
	zgb.must("feedback on the demo's plan", st, http.StatusSeeOther, body)
	st, body = zgb.get("/")
	zgb.must("the lead office's inbox on its 工作台", st, http.StatusOK, body)
	admWant(t, body, "收到新的意见建议", "建议公开奖补资金到账时间表。")
	st, body, _ = anon.post("/public/feedback", url.Values{"content": {strings.Repeat("x", 20<<10)}})
	zgb.must("oversized body", st, http.StatusRequestEntityTooLarge, body)

	for i := 3; i <= publicFeedbackPerWindow; i++ { // two are in already
		st, body, loc := anon.post("/public/feedback", url.Values{"name": {"群众甲"}, "content": {fmt.Sprintf("第%d条：建议公开科技项目评审结果。", i)}})
		zgb.must(fmt.Sprintf("post %d", i), st, http.StatusSeeOther, body)
		if !strings.HasPrefix(loc, "/public/feedback/status?receipt=YJ") {
			t.Fatalf("post %d went to %q", i, loc)
		}
		if i == publicFeedbackPerWindow {
			st, body = anon.get(loc)
			admWant(t, body, "感谢您的意见建议", "受理编号")
		}
	}
	st, body, _ = anon.post("/public/feedback", url.Values{"content": {"第6条"}})
	zgb.must("sixth post", st, http.StatusTooManyRequests, body)
	admWant(t, body, "提交过于频繁")

	st, body = zgb.get("/feedback")
	zgb.must("triage", st, http.StatusOK, body)
	admWant(t, body, "第3条：建议公开科技项目评审结果。", "第5条", "群众甲", "网上留言", "test@example.com")
	list, err := e.db.ListFeedback(context.Background(), duban.System, duban.FeedbackFilter{})
	if err != nil {
		t.Fatal(err)
	}
	last := list.Items[len(list.Items)-1]
	if last.Channel != "web" || last.Status != duban.FeedbackNew {
		t.Errorf("stored feedback = %+v, want channel web, status new", last)
	}
}

func testAdminFeedbackTriage(t *testing.T, e *admEnv) {
	zgb := e.as(t, "zgb")
	ctx := context.Background()
	list, err := e.db.ListFeedback(ctx, duban.System, duban.FeedbackFilter{})
	if err != nil || len(list.Items) < 2 {
		t.Fatalf("demo feedback: %v", err)
	}
	first, second := list.Items[0], list.Items[1]
	st, body := zgb.get("/feedback")
	zgb.must("triage", st, http.StatusOK, body)
	admWant(t, body, first.Content, second.Content, "转为整改任务", "答复", "办结")

	at := func(id int64) string { return fmt.Sprintf("/feedback/%d?status=new", id) }
	st, body, _ = zgb.post(at(first.ID), url.Values{"op": {"reply"}, "version": {"1"}, "reply": {""}})
	zgb.must("empty reply", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写答复内容")
	st, body, _ = zgb.post(at(first.ID), url.Values{"op": {"reply"}, "version": {"1"}, "reply": {"已转省科技厅研究办理。"}})
	zgb.must("reply", st, http.StatusSeeOther, body)
	st, body = zgb.get("/feedback?status=replied")
	admWant(t, body, first.Content, "已转省科技厅研究办理。")

	nodes, err := e.db.ListNodes(ctx, duban.System, duban.NodeFilter{PlanID: e.planID, Kind: duban.NodeProblem})
	if err != nil || len(nodes.Items) == 0 {
		t.Fatalf("problems: %v", err)
	}
	convert := url.Values{"op": {"convert"}, "version": {"1"}, "node_id": {fmt.Sprint(nodes.Items[0].ID)}, "title": {""}, "lead_unit_id": {fmt.Sprint(e.unitID(t, "省教育厅"))}, "deadline_workdays": {"15"}}
	st, body, _ = zgb.post(at(second.ID), convert)
	zgb.must("convert without title", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "请填写举措名称")
	convert.Set("title", "扩大人才子女入学服务覆盖面")
	st, body, _ = zgb.post(at(second.ID), convert)
	zgb.must("convert", st, http.StatusSeeOther, body)
	fb, err := e.db.FindFeedback(ctx, duban.System, second.ID)
	if err != nil || fb.Status != duban.FeedbackConverted || fb.TaskID == nil {
		t.Fatalf("converted feedback = %+v, %v", fb, err)
	}
	task, err := e.db.FindTask(ctx, duban.System, *fb.TaskID)
	if err != nil || task.Title != "扩大人才子女入学服务覆盖面" || task.DeadlineWorkdays != 15 || task.NodeID != nodes.Items[0].ID {
		t.Fatalf("task = %+v, %v", task, err)
	}
	st, body = zgb.get("/feedback?status=converted")
	admWant(t, body, "扩大人才子女入学服务覆盖面", fmt.Sprintf("#task-%d", task.ID))

	st, body, _ = zgb.post(fmt.Sprintf("/feedback/%d?status=replied", first.ID), url.Values{"op": {"close"}, "version": {"1"}})
	zgb.must("close with a stale version", st, http.StatusPreconditionFailed, body)
	st, body, _ = zgb.post(fmt.Sprintf("/feedback/%d?status=replied", first.ID), url.Values{"op": {"close"}, "version": {"2"}})
	zgb.must("close", st, http.StatusSeeOther, body)
	st, body = zgb.get("/feedback?status=closed")
	admWant(t, body, first.Content)

	st, body = e.as(t, "kjt").get("/feedback")
	zgb.must("liaison triage", st, http.StatusForbidden, body)
	st, body, _ = e.as(t, "kjt").post(at(second.ID), url.Values{"op": {"close"}})
	zgb.must("liaison closes", st, http.StatusForbidden, body)
	st, body = e.as(t, "xsb").get("/feedback")
	zgb.must("inspector reads", st, http.StatusOK, body)
	admLacks(t, body, "转为整改任务</summary>")
}

func TestAdminRateLimit(t *testing.T) {
	forEachStore(t, "ratelimit", testRateLimit)
}

func testRateLimit(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// Two limits on one database stand for two instances: they share the count.
	one := newAdmRateLimit(db, "test", 2, time.Minute)
	two := newAdmRateLimit(db, "test", 2, time.Minute)
	allow := func(l *admRateLimit, key string, at time.Time) bool {
		ok, err := l.allow(ctx, key, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	now := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, l := range []*admRateLimit{one, two} {
		if !allow(l, "a", now) {
			t.Fatalf("event %d refused", i)
		}
		if err := l.add(ctx, "a", now); err != nil {
			t.Fatal(err)
		}
	}
	if allow(one, "a", now.Add(30*time.Second)) || allow(two, "a", now.Add(30*time.Second)) {
		t.Error("third event within the window allowed")
	}
	if !allow(one, "b", now) {
		t.Error("another address refused")
	}
	if !allow(two, "a", now.Add(time.Minute)) {
		t.Error("event after the window refused")
	}
	if other := newAdmRateLimit(db, "other", 2, time.Minute); !allow(other, "a", now) {
		t.Error("another scope shares the count")
	}
}

func TestAdminMessages(t *testing.T) {
	for k, m := range adminMessages {
		if !strings.HasPrefix(k, "adm.") || m[0] == "" || m[1] == "" {
			t.Errorf("message %q = %q: want an adm. key and both languages", k, m)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("message %q: the two languages take different arguments", k)
		}
	}
}
