package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestSystemPagesByRole: each of the three administrators (三员) reaches
// exactly their pages; everyone else is refused.
func TestSystemPagesByRole(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		want := map[string]map[string]int{
			"admin":    {"/users": 200, "/units": 200, "/calendar": 200, "/channels": 200, "/deliveries": 200},
			"secadmin": {"/users": 200, "/units": 403, "/calendar": 403, "/channels": 403, "/deliveries": 403},
			"auditor":  {"/users": 403, "/units": 403, "/calendar": 403, "/channels": 403, "/deliveries": 403},
			"zgb":      {"/users": 403, "/units": 403, "/calendar": 403, "/channels": 403, "/deliveries": 403},
			"kjt":      {"/users": 403, "/units": 403, "/calendar": 403, "/channels": 403, "/deliveries": 403},
		}
		for user, paths := range want {
			for path, status := range paths {
				if r := e.page(t, user, "GET", path, nil); r.Status != status {
					t.Errorf("GET %s as %s: got %d, want %d", path, user, r.Status, status)
				}
			}
		}
		// The navigation offers each administrator their pages.
		home := string(e.page(t, "admin", "GET", "/", nil).Body)
		for _, href := range []string{`href="/users"`, `href="/units"`, `href="/calendar"`, `href="/channels"`, `href="/deliveries"`} {
			if !strings.Contains(home, href) {
				t.Errorf("the system administrator's navigation lacks %s", href)
			}
		}
		if sec := string(e.page(t, "secadmin", "GET", "/", nil).Body); !strings.Contains(sec, `href="/users"`) || strings.Contains(sec, `href="/units"`) {
			t.Error("the security administrator's navigation: want users, not units")
		}
	})
}

// TestUsersPages: the system administrator creates an account, moves it
// to another unit and disables it; the security administrator changes its
// role and resets its password; neither may do the other's part.
func TestUsersPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		kjt, _ := db.FindUnitByName(ctx, "省科技厅")
		czt, _ := db.FindUnitByName(ctx, "省财政厅")
		form := url.Values{"username": {"kjt2"}, "display_name": {"省科技厅联络员 李某"}, "role": {"liaison"}, "unit_id": {itoa(kjt.ID)}, "password": {"Liaison-initial-pw9"}}
		r := e.page(t, "admin", "POST", "/users", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/users/") {
			t.Fatalf("create: got %d %s, want 303 to the account: %s", r.Status, r.Header.Get("Location"), r.Body)
		}
		account := r.Header.Get("Location")
		u, err := db.PrincipalOf(ctx, "kjt2")
		if err != nil || u.UnitID != kjt.ID || u.Role != duban.RoleLiaison {
			t.Fatalf("the new account: got %+v, %v", u, err)
		}
		// Refused forms show again with the reason and the input.
		if r := e.page(t, "admin", "POST", "/users", form); r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "已被使用") || !strings.Contains(string(r.Body), "省科技厅联络员 李某") {
			t.Errorf("duplicate username: got %d, want 409 with the message and the input", r.Status)
		}
		noUnit := url.Values{"username": {"nounit"}, "role": {"liaison"}, "password": {"Zq-unit-pw-123"}}
		if r := e.page(t, "admin", "POST", "/users", noUnit); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "必须归属一个单位") {
			t.Errorf("liaison without a unit: got %d, want 422 naming the unit", r.Status)
		}
		officer := url.Values{"username": {"admin2"}, "role": {"secadmin"}, "password": {"Admin2-pw-1234"}}
		if r := e.page(t, "admin", "POST", "/users", officer); r.Status != http.StatusForbidden {
			t.Errorf("an administrator's account by the system administrator: got %d, want 403", r.Status)
		}
		if r := e.page(t, "secadmin", "POST", "/users", url.Values{"username": {"x1"}, "role": {"liaison"}, "unit_id": {itoa(kjt.ID)}, "password": {"X1-password-12"}}); r.Status != http.StatusForbidden {
			t.Errorf("create by the security administrator: got %d, want 403", r.Status)
		}

		// The system administrator's part: unit, profile, disabled.
		page := string(e.page(t, "admin", "GET", account, nil).Body)
		for _, id := range []string{`id="form-profile"`, `id="form-unit"`, `id="form-disable"`} {
			if !strings.Contains(page, id) {
				t.Errorf("the system administrator's account page lacks %s", id)
			}
		}
		for _, id := range []string{`id="form-role"`, `id="form-password"`} {
			if strings.Contains(page, id) {
				t.Errorf("the system administrator's account page offers %s", id)
			}
		}
		mustSee(t, e.page(t, "admin", "POST", account, url.Values{"op": {"unit"}, "unit_id": {itoa(czt.ID)}}), account)
		if u, _ := db.PrincipalOf(ctx, "kjt2"); u.UnitID != czt.ID {
			t.Errorf("after the move: got unit %d, want 省财政厅 %d", u.UnitID, czt.ID)
		}
		if r := e.page(t, "admin", "POST", account, url.Values{"op": {"role"}, "role": {"leader"}}); r.Status != http.StatusForbidden {
			t.Errorf("role by the system administrator: got %d, want 403", r.Status)
		}
		mustSee(t, e.page(t, "admin", "POST", account, url.Values{"op": {"disable"}}), account)
		if r, _ := e.send("POST", "/api/v1/auth/login", map[string]string{"username": "kjt2", "password": "Liaison-initial-pw9"}, nil); r.Status != http.StatusUnauthorized {
			t.Errorf("login of a disabled account: got %d, want 401", r.Status)
		}
		mustSee(t, e.page(t, "admin", "POST", account, url.Values{"op": {"enable"}}), account)

		// The security administrator's part: role and password.
		page = string(e.page(t, "secadmin", "GET", account, nil).Body)
		if !strings.Contains(page, `id="form-role"`) || !strings.Contains(page, `id="form-password"`) || strings.Contains(page, `id="form-unit"`) {
			t.Errorf("the security administrator's account page: want role and password forms, no unit form")
		}
		mustSee(t, e.page(t, "secadmin", "POST", account, url.Values{"op": {"role"}, "role": {"leader"}}), account)
		if u, _ := db.PrincipalOf(ctx, "kjt2"); u.Role != duban.RoleLeader {
			t.Errorf("after the role change: got %s, want leader", u.Role)
		}
		if r := e.page(t, "secadmin", "POST", account, url.Values{"op": {"password"}, "password": {"New-pass-2027a"}, "password2": {"New-pass-2027b"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "两次输入的密码不一致") {
			t.Errorf("mismatched passwords: got %d, want 422 saying so", r.Status)
		}
		mustSee(t, e.page(t, "secadmin", "POST", account, url.Values{"op": {"password"}, "password": {"New-pass-2027a"}, "password2": {"New-pass-2027a"}}), account)
		if r, _ := e.send("POST", "/api/v1/auth/login", map[string]string{"username": "kjt2", "password": "New-pass-2027a"}, nil); r.Status != http.StatusOK {
			t.Errorf("login with the new password: got %d, want 200", r.Status)
		}
		if r := e.page(t, "secadmin", "POST", account, url.Values{"op": {"unit"}, "unit_id": {itoa(kjt.ID)}}); r.Status != http.StatusForbidden {
			t.Errorf("unit by the security administrator: got %d, want 403", r.Status)
		}
		// The lists find the account by its name and unit.
		if r := e.page(t, "secadmin", "GET", "/users?q=kjt2&unit="+itoa(czt.ID), nil); !strings.Contains(string(r.Body), account+`"`) {
			t.Error("the filtered list misses the account")
		}
		if r := e.page(t, "admin", "GET", "/users?unit="+itoa(kjt.ID), nil); strings.Contains(string(r.Body), account+`"`) {
			t.Error("the list of 省科技厅 still shows the account moved away")
		}
	})
}

// TestUnitsPages: the system administrator builds the tree of units and
// corrects it; a unit cannot be put under itself.
func TestUnitsPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		kjt, _ := db.FindUnitByName(ctx, "省科技厅")
		r := e.page(t, "admin", "POST", "/units", url.Values{"name": {"陕西省科学技术厅高新技术处"}, "short_name": {"高新处"}, "kind": {"division"}, "parent_id": {itoa(kjt.ID)}, "sort": {"3"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: got %d, want 303: %s", r.Status, r.Body)
		}
		div, err := db.FindUnitByName(ctx, "高新处")
		if err != nil || div.ParentID == nil || *div.ParentID != kjt.ID || div.Kind != duban.UnitDivision || div.Sort != 3 {
			t.Fatalf("the new unit: got %+v, %v", div, err)
		}
		list := string(e.page(t, "admin", "GET", "/units", nil).Body)
		if !strings.Contains(list, `class="sys-depth-1"><a href="/units/`+itoa(div.ID)+`">陕西省科学技术厅高新技术处</a>`) {
			t.Errorf("the unit list does not show the division under its department")
		}
		if r := e.page(t, "admin", "POST", "/units", url.Values{"name": {""}, "sort": {"x"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "请填写单位全称") {
			t.Errorf("an empty name: got %d, want 422 saying so", r.Status)
		}
		path := "/units/" + itoa(kjt.ID)
		cycle := url.Values{"name": {kjt.Name}, "short_name": {kjt.ShortName}, "kind": {string(kjt.Kind)}, "parent_id": {itoa(div.ID)}, "sort": {"0"}, "version": {itoa(int64(kjt.Version))}}
		if r := e.page(t, "admin", "POST", path, cycle); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "上级单位不能是本单位或其下级单位") {
			t.Errorf("a unit under its own division: got %d, want 422", r.Status)
		}
		rename := url.Values{"name": {"陕西省科学技术厅"}, "short_name": {"省科技厅"}, "kind": {"department"}, "parent_id": {"0"}, "sort": {"2"}, "version": {itoa(int64(kjt.Version))}}
		mustSee(t, e.page(t, "admin", "POST", path, rename), path)
		if u, _ := db.FindUnit(ctx, kjt.ID); u.Sort != 2 || u.Version != kjt.Version+1 {
			t.Errorf("after the edit: got %+v", u)
		}
		if r := e.page(t, "admin", "POST", path, rename); r.Status != http.StatusPreconditionFailed {
			t.Errorf("an edit of an old version: got %d, want 412", r.Status)
		}
		if r := e.page(t, "zgb", "POST", "/units", url.Values{"name": {"某单位"}}); r.Status != http.StatusForbidden {
			t.Errorf("create by a lead office: got %d, want 403", r.Status)
		}
		// The unit's page lists its accounts, each a link to move it.
		if page := string(e.page(t, "admin", "GET", path, nil).Body); !strings.Contains(page, "省科技厅联络员 刘某") {
			t.Error("the unit's page does not list its liaison")
		}
	})
}

// TestCalendarPage: a year without an arrangement is flagged; the State
// Council's notice pasted in records it all at once (working days follow
// at once); a line that cannot be read writes nothing; a day added and
// removed by hand.
func TestCalendarPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		page := string(e.page(t, "admin", "GET", "/calendar?year=2031", nil).Body)
		if !strings.Contains(page, `id="cal-missing"`) {
			t.Fatal("2031 is not flagged as lacking its arrangement")
		}
		workdays := func(from, to string) int {
			var out struct{ Workdays int }
			e.mustDo(t, "admin", "GET", "/api/v1/workdays?from="+from+"&to="+to, nil, nil, 200).decode(t, &out)
			return out.Workdays
		}
		before := workdays("2031-01-24", "2031-02-07")
		bad := "二、春节：1月22日（周三）至28日（周二）放假调休，共7天。1月26日（周日）上班。\n三、清明节：2月30日放假，共1天。"
		if r := e.page(t, "admin", "POST", "/calendar?year=2031", url.Values{"op": {"import"}, "text": {bad}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "第2行") {
			t.Errorf("a notice with an impossible date: got %d, want 422 naming line 2", r.Status)
		}
		if got, _ := db.CalendarDays(context.Background(), 2031); len(got) != 0 {
			t.Fatalf("a refused import wrote %d days, want none", len(got))
		}
		notice := "国务院办公厅关于2031年部分节假日安排的通知\n二、春节：1月22日（周三）至28日（周二）放假调休，共7天。1月19日（周日）、2月8日（周六）上班。"
		r := e.page(t, "admin", "POST", "/calendar?year=2031", url.Values{"op": {"import"}, "text": {notice}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("import: got %d, want 303: %s", r.Status, r.Body)
		}
		// Five weekdays of the festival rest; the Saturday of 8 February works.
		if got := workdays("2031-01-24", "2031-02-07"); got != before-2 {
			t.Errorf("working days 25 Jan – 7 Feb 2031 after the import: got %d, want %d", got, before-2)
		}
		if got := workdays("2031-02-07", "2031-02-08"); got != 1 {
			t.Errorf("Saturday 8 February 2031: got %d working days, want 1 (调休)", got)
		}
		page = string(e.page(t, "admin", "GET", "/calendar?year=2031", nil).Body)
		if strings.Contains(page, `id="cal-missing"`) || !strings.Contains(page, `class="cal-work" title="春节调休" data-date="2031-02-08"`) {
			t.Error("the year after the import: want it covered, 8 February marked as a working day")
		}
		add := url.Values{"op": {"add"}, "from": {"2031-03-08"}, "name": {"测试调休"}, "kind": {"work"}}
		mustSee(t, e.page(t, "admin", "POST", "/calendar?year=2031", add), "/calendar?year=2031")
		if got := workdays("2031-03-07", "2031-03-08"); got != 1 {
			t.Errorf("Saturday 8 March 2031 set as a working day: got %d, want 1", got)
		}
		mustSee(t, e.page(t, "admin", "POST", "/calendar?year=2031", url.Values{"op": {"delete"}, "date": {"2031-03-08"}}), "/calendar?year=2031")
		if got := workdays("2031-03-07", "2031-03-08"); got != 0 {
			t.Errorf("8 March 2031 made ordinary again: got %d working days, want 0", got)
		}
		if r := e.page(t, "admin", "POST", "/calendar?year=2031", url.Values{"op": {"add"}, "from": {"2031-03-09"}, "to": {"2031-03-01"}, "name": {"x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a backwards range: got %d, want 422", r.Status)
		}
		if r := e.page(t, "zgb", "POST", "/calendar?year=2031", add); r.Status != http.StatusForbidden {
			t.Errorf("a lead office changing the calendar: got %d, want 403", r.Status)
		}
	})
}

// robot is a group-chat robot that records what it receives and answers
// with errcode.
type robot struct {
	mu      sync.Mutex
	texts   []string
	errcode int
}

func (rb *robot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var msg struct{ Text struct{ Content string } }
	json.Unmarshal(b, &msg)
	rb.mu.Lock()
	rb.texts = append(rb.texts, msg.Text.Content)
	code := rb.errcode
	rb.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if code != 0 {
		w.Write([]byte(`{"errcode":310000,"errmsg":"sign not match"}`))
		return
	}
	w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

// TestChannelsPages: the system administrator adds a DingTalk robot, sends
// a test through it (the robot receives it; a refusal is reported), turns
// it off and on, and reads the delivery log of a 催办 it carried.
func TestChannelsPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		rb := &robot{}
		hook := httptest.NewServer(rb)
		t.Cleanup(hook.Close)
		webhook := hook.URL + "/robot/send?access_token=secret-token-123"
		if r := e.page(t, "admin", "POST", "/channels", url.Values{"kind": {"dingtalk"}, "url": {"ftp://x"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Webhook") {
			t.Errorf("a bad URL: got %d, want 422 naming the webhook", r.Status)
		}
		r := e.page(t, "admin", "POST", "/channels", url.Values{"kind": {"dingtalk"}, "unit_id": {"0"}, "url": {webhook}, "secret": {"SECabc"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: got %d, want 303: %s", r.Status, r.Body)
		}
		admin, _ := db.PrincipalOf(ctx, "admin")
		chans, err := db.ListChannels(ctx, admin)
		if err != nil || len(chans) != 1 || !chans[0].Signed || chans[0].Secret != "" {
			t.Fatalf("channels: got %+v, %v; want one signed, its secret not read out", chans, err)
		}
		path := "/channels/" + itoa(chans[0].ID)
		page := string(e.page(t, "admin", "GET", "/channels", nil).Body)
		if strings.Contains(page, "secret-token-123") || strings.Contains(page, "SECabc") || !strings.Contains(page, "钉钉") {
			t.Error("the channel list shows the webhook's token or secret, or not the kind")
		}
		r = e.page(t, "admin", "POST", path, url.Values{"op": {"test"}})
		if r.Status != http.StatusSeeOther || len(rb.texts) != 1 || !strings.Contains(rb.texts[0], "测试消息") {
			t.Fatalf("test send: got %d and the robot received %q", r.Status, rb.texts)
		}
		if flash := flashOf(r); !strings.Contains(flash, "测试消息已发出") {
			t.Errorf("test send: got flash %q, want success", flash)
		}
		rb.mu.Lock()
		rb.errcode = 310000
		rb.mu.Unlock()
		if flash := flashOf(e.page(t, "admin", "POST", path, url.Values{"op": {"test"}})); !strings.Contains(flash, "发送失败") || !strings.Contains(flash, "sign not match") || strings.Contains(flash, "secret-token-123") {
			t.Errorf("a refused test: got flash %q, want the robot's reason without the token", flash)
		}
		mustSee(t, e.page(t, "admin", "POST", path, url.Values{"op": {"disable"}}), "/channels")
		if chans, _ := db.ListChannels(ctx, admin); chans[0].Enabled {
			t.Error("the channel is still on")
		}
		mustSee(t, e.page(t, "admin", "POST", path, url.Values{"op": {"enable"}}), "/channels")
		if r := e.page(t, "zgb", "POST", path, url.Values{"op": {"test"}}); r.Status != http.StatusForbidden {
			t.Errorf("a test by a lead office: got %d, want 403", r.Status)
		}

		// A 催办 to 省科技厅 is queued to the robot; the log shows it.
		lead, _ := db.PrincipalOf(ctx, "zgb")
		kjt, _ := db.PrincipalOf(ctx, "kjt")
		mine, err := db.ListAssignments(ctx, kjt, duban.AssignmentFilter{Open: true, Page: duban.Page{Limit: 1}}, duban.Date{})
		if err != nil || len(mine.Items) == 0 {
			t.Fatalf("kjt's open items: %v", err)
		}
		if _, err := db.Escalate(ctx, lead, mine.Items[0].ID, store.EscalationInput{Level: duban.LevelUrge, Note: "请加快进度"}); err != nil {
			t.Fatal(err)
		}
		log := string(e.page(t, "admin", "GET", "/deliveries?status=pending", nil).Body)
		if !strings.Contains(log, "催办") || !strings.Contains(log, `href="/channels#chan-`+itoa(chans[0].ID)+`"`) {
			t.Errorf("the delivery log lacks the 催办 queued to the robot")
		}
		if log := string(e.page(t, "admin", "GET", "/deliveries?status=sent", nil).Body); strings.Contains(log, "催办") {
			t.Error("the sent tab shows a pending delivery")
		}
		// Each test is in the audit log.
		tests := 0
		for _, ev := range listAll[duban.AuditEvent](t, e, "auditor", "/api/v1/audit?limit=200") {
			if ev.Action == "channel.test" {
				tests++
			}
		}
		if tests != 2 {
			t.Errorf("channel tests audited: got %d, want 2", tests)
		}
	})
}

// mustSee checks that a form was accepted: 303 to a page under want.
func mustSee(t *testing.T, r response, want string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), want) {
		t.Fatalf("got %d to %q, want 303 to %s: %s", r.Status, r.Header.Get("Location"), want, r.Body)
	}
}

// flashOf returns the one-time message a redirect carries.
func flashOf(r response) string {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "duban_flash" {
			v, _ := url.QueryUnescape(c.Value)
			return v
		}
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
