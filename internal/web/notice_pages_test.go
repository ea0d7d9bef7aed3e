package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestNoticeOnTheItemPage: a 督办单 issued from the item page can be
// previewed, printed and downloaded there by the lead office and the unit
// (not by another unit); a second one while the first awaits its reply is
// issued only when confirmed; a step to a unit without accounts says it
// reached nobody.
func TestNoticeOnTheItemPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		all := listAll[duban.Assignment](t, e, "zgb", pathf("/api/v1/assignments?plan=%d&limit=500", e.planID))
		kjt := findAssignment(t, all, "an open item of 省科技厅", func(a duban.Assignment) bool {
			return a.Unit.Name == "省科技厅" && a.Status != duban.StatusDraft && a.Status != duban.StatusClosed
		})
		item := pathf("/assignments/%d", kjt.ID)
		due := duban.DateOf(time.Now()).AddDays(10).String()
		notice := url.Values{"level": {"notice"}, "reply_due": {due}, "note": {"请书面说明进展滞后的原因"}}
		mustSee(t, e.page(t, "zgb", "POST", item+"/escalations", notice), item)

		var esc struct{ Items []duban.Escalation }
		e.mustDo(t, "zgb", "GET", pathf("/api/v1/assignments/%d/escalations", kjt.ID), nil, nil, 200).decode(t, &esc)
		var issued duban.Escalation
		for _, x := range esc.Items {
			if x.Level == duban.LevelNotice && x.RepliedAt == nil {
				issued = x
			}
		}
		if issued.ID == 0 || issued.Number == "" {
			t.Fatalf("no numbered 督办单 after issuing one: %+v", esc.Items)
		}
		page := string(e.page(t, "zgb", "GET", item, nil).Body)
		preview := pathf("%s/notices/%d", item, issued.ID)
		if !strings.Contains(page, `href="`+preview+`"`) || !strings.Contains(page, `href="`+preview+`/notice.docx"`) {
			t.Error("the item page offers no preview or download of its 督办单")
		}
		for _, user := range []string{"zgb", "kjt"} {
			r := e.page(t, user, "GET", preview, nil)
			body := string(r.Body)
			if r.Status != 200 || !strings.Contains(body, issued.Number) || !strings.Contains(body, "督办") || !strings.Contains(body, "data-print") || !strings.Contains(body, kjt.TaskTitle) {
				t.Errorf("preview as %s: got %d, want the numbered notice with its measure and a print button", user, r.Status)
			}
			r = e.page(t, user, "GET", preview+"/notice.docx", nil)
			if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("PK")) || !strings.Contains(r.Header.Get("Content-Disposition"), url.PathEscape("督办通知单")) {
				t.Errorf("download as %s: got %d %q, want a Word file named 督办通知单", user, r.Status, r.Header.Get("Content-Disposition"))
			}
		}
		for _, path := range []string{preview, preview + "/notice.docx"} {
			if r := e.page(t, "czt", "GET", path, nil); r.Status != http.StatusNotFound || strings.Contains(string(r.Body), issued.Number) {
				t.Errorf("%s as another unit: got %d, want 404", path, r.Status)
			}
		}
		urges := findEscalation(t, e, kjt.ID, duban.LevelUrge)
		if r := e.page(t, "zgb", "GET", pathf("%s/notices/%d", item, urges), nil); urges != 0 && r.Status != http.StatusNotFound {
			t.Errorf("a 催办 previewed as a 督办单: got %d, want 404", r.Status)
		}

		// A second notice while the first awaits its reply.
		if !strings.Contains(page, `id="es-pending"`) || !strings.Contains(page, issued.Number) {
			t.Error("the escalation form does not warn of the notice awaiting its reply")
		}
		r := e.page(t, "zgb", "POST", item+"/escalations", notice)
		if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "等待回复") || !strings.Contains(string(r.Body), `name="confirm_second"`) {
			t.Errorf("a second notice unconfirmed: got %d, want 409 with the warning and the confirmation", r.Status)
		}
		if n := countEscalations(t, e, kjt.ID, duban.LevelNotice); n != 1 {
			t.Errorf("notices after the refused second: got %d, want 1", n)
		}
		notice.Set("confirm_second", "1")
		mustSee(t, e.page(t, "zgb", "POST", item+"/escalations", notice), item)
		if n := countEscalations(t, e, kjt.ID, duban.LevelNotice); n != 2 {
			t.Errorf("notices after the confirmed second: got %d, want 2", n)
		}

		// A 催办 to a unit without accounts reached nobody: said on the
		// record, to the lead office, and in the API's answer.
		withAccounts := map[string]bool{"省科技厅": true, "省财政厅": true}
		lonely := findAssignment(t, all, "an open item of a unit without accounts", func(a duban.Assignment) bool {
			return !withAccounts[a.Unit.Name] && a.Status != duban.StatusDraft && a.Status != duban.StatusClosed
		})
		r = e.page(t, "zgb", "POST", pathf("/assignments/%d/escalations", lonely.ID), url.Values{"level": {"urge"}, "note": {"请抓紧"}})
		if flash := flashOf(r); r.Status != http.StatusSeeOther || !strings.Contains(flash, "尚无系统账号") {
			t.Errorf("a 催办 to %s: got %d and flash %q, want a warning that it reached nobody", lonely.Unit.Name, r.Status, flash)
		}
		var got duban.Escalation
		e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/escalations", lonely.ID), map[string]any{"level": "urge", "note": "再催"}, nil, 201).decode(t, &got)
		if !got.Undelivered || !strings.Contains(got.Recipients, "尚无系统账号，未能在线送达") {
			t.Errorf("the API's 催办 to %s: got %+v, want it marked undelivered", lonely.Unit.Name, got)
		}
		page = string(e.page(t, "zgb", "GET", pathf("/assignments/%d", lonely.ID), nil).Body)
		if !strings.Contains(page, "未能在线送达") {
			t.Error("the item page's 督办 record does not say the step reached nobody")
		}
		inbox := listAll[store.Notification](t, e, "zgb", "/api/v1/inbox?limit=100")
		warned := false
		for _, n := range inbox {
			warned = warned || strings.Contains(n.Title, "未能送达")
		}
		if !warned {
			t.Error("the lead office was not told the 催办 reached nobody")
		}
	})
}

func countEscalations(t *testing.T, e *env, id int64, lv duban.Level) int {
	t.Helper()
	var esc struct{ Items []duban.Escalation }
	e.mustDo(t, "zgb", "GET", pathf("/api/v1/assignments/%d/escalations", id), nil, nil, 200).decode(t, &esc)
	n := 0
	for _, x := range esc.Items {
		if x.Level == lv {
			n++
		}
	}
	return n
}

func findEscalation(t *testing.T, e *env, id int64, lv duban.Level) int64 {
	t.Helper()
	var esc struct{ Items []duban.Escalation }
	e.mustDo(t, "zgb", "GET", pathf("/api/v1/assignments/%d/escalations", id), nil, nil, 200).decode(t, &esc)
	for _, x := range esc.Items {
		if x.Level == lv {
			return x.ID
		}
	}
	return 0
}

// TestReportingAndInstructionPages: the reporting rates page shows the
// API's figures per unit with their sum (a liaison its own unit only), and
// refuses a malformed period; the instructions ledger lists a registered
// instruction for the lead office, and for the unit once handed over.
func TestReportingAndInstructionPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		// Loaded two months ago, so that the current period expects reports.
		e := newSupervisionEnv(t, db, 62*24*time.Hour).env
		var rep struct {
			Period string
			Due    duban.Date
			Units  []store.UnitReporting
		}
		e.mustDo(t, "zgb", "GET", pathf("/api/v1/plans/%d/reporting", e.planID), nil, nil, 200).decode(t, &rep)
		if len(rep.Units) < 2 {
			t.Fatalf("the demo's reporting: got %d units, want several", len(rep.Units))
		}
		page := string(e.page(t, "zgb", "GET", pathf("/plans/%d/reporting", e.planID), nil).Body)
		expected := 0
		for _, u := range rep.Units {
			expected += u.Expected
			row := fmt.Sprintf(`<td data-label="应报" class="num">%d</td>
    <td data-label="按时" class="num">%d</td>
    <td data-label="迟报" class="num">%d</td>`, u.Expected, u.OnTime, u.Late)
			if !strings.Contains(page, u.Unit.Name) || !strings.Contains(page, row) {
				t.Errorf("the rates page lacks %s's row %d/%d/%d", u.Unit.Name, u.Expected, u.OnTime, u.Late)
			}
		}
		if !strings.Contains(page, fmt.Sprintf("<b>%d</b><span>应报</span>", expected)) || !strings.Contains(page, "及时率") || !strings.Contains(page, "完整率") {
			t.Errorf("the rates page's total: want 应报 %d and both rates", expected)
		}
		if bm := string(e.page(t, "zgb", "GET", pathf("/plans/%d", e.planID), nil).Body); !strings.Contains(bm, pathf(`href="/plans/%d/reporting"`, e.planID)) {
			t.Error("the battle map has no link to the reporting rates")
		}
		mine := string(e.page(t, "kjt", "GET", pathf("/plans/%d/reporting", e.planID), nil).Body)
		if !strings.Contains(mine, "省科技厅") || strings.Contains(mine, ">省财政厅<") {
			t.Error("the liaison's rates page: want 省科技厅 only")
		}
		// 统计日期: a day after the period fell due, the page shows what the
		// API gives as of that day, the field holding the day.
		day := rep.Due.AddDays(3)
		var then struct{ Units []store.UnitReporting }
		e.mustDo(t, "zgb", "GET", pathf("/api/v1/plans/%d/reporting?period=%s&asof=%s", e.planID, rep.Period, day), nil, nil, 200).decode(t, &then)
		old := string(e.page(t, "zgb", "GET", pathf("/plans/%d/reporting?period=%s&asof=%s", e.planID, rep.Period, day), nil).Body)
		sum := 0
		for _, u := range then.Units {
			sum += u.OnTime + u.Late
		}
		if !strings.Contains(old, `value="`+day.String()+`"`) || !strings.Contains(old, fmt.Sprintf("<b>%d</b><span>按时</span>", sumOnTime(then.Units))) {
			t.Errorf("the rates page as of %s: want the day in its field and the API's %d on time (%d in)", day, sumOnTime(then.Units), sum)
		}
		if r := e.page(t, "zgb", "GET", pathf("/plans/%d/reporting?period=2022-13", e.planID), nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "报送期次") {
			t.Errorf("a bad period: got %d, want 422 naming the period", r.Status)
		}
		en := string(e.pageResponse(t, "zgb", pathf("/plans/%d/reporting", e.planID), "en").Body)
		for _, w := range []string{"On-time rate", "Completeness", "Expected"} {
			if !strings.Contains(en, w) {
				t.Errorf("the English rates page lacks %q", w)
			}
		}

		units := listAll[duban.Unit](t, e, "zgb", "/api/v1/units?limit=100")
		var kjtUnit int64
		for _, u := range units {
			if u.ShortName == "省科技厅" {
				kjtUnit = u.ID
			}
		}
		in := map[string]any{"number": "批示〔2026〕7号", "issued_date": "2026-03-01", "leader": "省委主要领导", "title": "压电单晶项目外流",
			"text": "请省科技厅牵头核查。", "unit_id": kjtUnit, "deadline_kind": "date", "deadline_workdays": 10}
		var row store.InstructionRow
		e.mustDo(t, "zgb", "POST", "/api/v1/instructions", in, nil, 201).decode(t, &row)
		if got := string(e.page(t, "zgb", "GET", "/instructions", nil).Body); !strings.Contains(got, "批示〔2026〕7号") || !strings.Contains(got, pathf(`href="/assignments/%d"`, row.AssignmentID)) {
			t.Error("the lead office's instructions ledger lacks the instruction")
		}
		if got := string(e.page(t, "kjt", "GET", "/instructions", nil).Body); strings.Contains(got, "批示〔2026〕7号") {
			t.Error("the unit sees the instruction before it is handed over")
		}
		e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/assign", row.AssignmentID), nil, nil, 200)
		if got := string(e.page(t, "kjt", "GET", "/instructions", nil).Body); !strings.Contains(got, "批示〔2026〕7号") {
			t.Error("the unit's instructions ledger lacks the instruction handed over")
		}
		if got := string(e.page(t, "czt", "GET", "/instructions", nil).Body); strings.Contains(got, "批示〔2026〕7号") {
			t.Error("another unit sees the instruction")
		}

		// The lead office registers one on the page; units may not.
		form := url.Values{"number": {"批示〔2026〕8号"}, "issued_date": {"2026年3月2日"}, "leader": {"省政府主要领导"}, "title": {"科技成果转化"},
			"text": {""}, "unit_id": {itoa(kjtUnit)}, "deadline_workdays": {"15"}}
		if r := e.page(t, "zgb", "POST", "/instructions", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "请填写批示内容") || !strings.Contains(string(r.Body), "批示〔2026〕8号") {
			t.Errorf("an instruction without its text: got %d, want 422 with the message and the input", r.Status)
		}
		form.Set("text", "请省科技厅牵头推动科技成果就地转化。")
		r := e.page(t, "zgb", "POST", "/instructions", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/assignments/") {
			t.Fatalf("register: got %d to %q, want 303 to the item", r.Status, r.Header.Get("Location"))
		}
		if got := string(e.page(t, "zgb", "GET", "/instructions", nil).Body); !strings.Contains(got, "批示〔2026〕8号") || !strings.Contains(got, "2026年3月2日") {
			t.Error("the ledger lacks the instruction registered on the page")
		}
		for _, user := range []string{"kjt", "admin"} {
			if r := e.page(t, user, "POST", "/instructions", form); r.Status != http.StatusForbidden {
				t.Errorf("register as %s: got %d, want 403", user, r.Status)
			}
		}
	})
}

func sumOnTime(us []store.UnitReporting) int {
	n := 0
	for _, u := range us {
		n += u.OnTime
	}
	return n
}
