package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"duban/internal/duban"
	"duban/internal/store"
)

// mustLedgerHistory gives 省财政厅 a new measure of the demo plan and takes
// its assignment through every kind of event a timeline shows. It returns
// the assignment's id and the number of its 督办单.
func mustLedgerHistory(t *testing.T, e *ledgerEnv) (int64, string) {
	t.Helper()
	ctx, p := context.Background(), duban.System
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	unit, err := e.db.FindUnitByName(ctx, "省财政厅")
	must("unit", err)
	some, err := e.db.ListAssignments(ctx, p, duban.AssignmentFilter{PlanID: e.planID, Page: duban.Page{Limit: 1}}, duban.Date{})
	if err != nil || len(some.Items) == 0 {
		t.Fatalf("the demo plan has no assignment: %v", err)
	}
	other, err := e.db.FindTask(ctx, p, some.Items[0].TaskID)
	must("task", err)
	task := &duban.Task{NodeID: other.NodeID, Title: "完善资金拨付台账", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2022-06-30"), LeadUnitID: unit.ID}
	must("create task", e.db.CreateTask(ctx, p, task))
	as, err := e.db.ListAssignments(ctx, p, duban.AssignmentFilter{TaskID: task.ID}, duban.Date{})
	if err != nil || len(as.Items) != 1 {
		t.Fatalf("the new task's assignments: got %v, %v, want one", as.Items, err)
	}
	id := as.Items[0].ID
	step := func(act duban.Action, in duban.TransitionInput) {
		t.Helper()
		_, err := e.db.Transition(ctx, p, id, 0, act, in)
		must(string(act), err)
	}
	step(duban.ActionAssign, duban.TransitionInput{})
	step(duban.ActionStart, duban.TransitionInput{})
	must("report", e.db.CreateReport(ctx, p, &duban.Report{AssignmentID: id, Period: "2022-03", Content: "已拨付首批资金"}))
	esc, err := e.db.Escalate(ctx, p, id, store.EscalationInput{Level: duban.LevelNotice, Note: "请书面说明", ReplyDue: duban.MustDate("2022-07-08")})
	must("escalate", err)
	_, err = e.db.ReplyEscalation(ctx, p, esc.ID, "已落实")
	must("reply", err)
	x, err := e.db.RequestExtension(ctx, p, id, duban.MustDate("2022-09-30"), "资金到位较晚")
	must("request extension", err)
	_, err = e.db.DecideExtension(ctx, p, x.ID, true, "准予延期")
	must("decide extension", err)
	step(duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
	step(duban.ActionReturn, duban.TransitionInput{Reason: "佐证不足"})
	step(duban.ActionRequestClosure, duban.TransitionInput{Summary: "已补充佐证"})
	step(duban.ActionSignOff, duban.TransitionInput{})
	step(duban.ActionVerify, duban.TransitionInput{})
	_, err = e.db.ScheduleLookbacks(ctx, p, e.planID, id, duban.MustDate("2022-12-15"), "2022年第四季度回头看")
	must("schedule look-back", err)
	ls, err := e.db.ListLookbacks(ctx, p, store.LookbackFilter{AssignmentID: id})
	must("look-backs", err)
	for _, l := range ls { // closing scheduled one of its own too
		if l.Campaign == "2022年第四季度回头看" {
			_, err = e.db.RecordLookback(ctx, p, l.ID, duban.LookbackHolds, "未发现反弹", duban.Date{})
			must("record look-back", err)
			return id, esc.Number
		}
	}
	t.Fatalf("look-backs: got %v, want the one scheduled", ls)
	return 0, ""
}

// timelineSection returns the history section of an assignment page.
func timelineSection(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `<section id="timeline"`)
	if i < 0 {
		t.Fatalf("the page has no history section\n%s", ledgerExcerpt(page))
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

// TestLedgerTimelineLanguages checks that an assignment's history reads in
// the page's language: in Chinese exactly as the API words it, in English
// with English names and phrases around what people typed.
func TestLedgerTimelineLanguages(t *testing.T) {
	e := newLedgerEnv(t)
	id, number := mustLedgerHistory(t, e)
	t.Run("Chinese words are the store's", func(t *testing.T) { testTimelineWords(t, e) })
	t.Run("Chinese page", func(t *testing.T) { testTimelineChinese(t, e, id, number) })
	t.Run("English page", func(t *testing.T) { testTimelineEnglish(t, e, id, number) })
	t.Run("API fields", func(t *testing.T) { testTimelineAPI(t, e, id, number) })
}

// testTimelineWords checks every entry of the demo and the new assignment:
// worded in Chinese from its fields, it reads as its Title and Detail.
func testTimelineWords(t *testing.T, e *ledgerEnv) {
	ctx := context.Background()
	all, err := e.db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{Page: duban.Page{Limit: 500}}, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, a := range all.Items {
		entries, err := e.db.Timeline(ctx, duban.System, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			kinds[en.Kind] = true
			if got := ledgerEventOf("zh", en); got.Title != en.Title || got.Detail != en.Detail {
				t.Errorf("assignment %d, %s entry: got %q / %q, want %q / %q", a.ID, en.Kind, got.Title, got.Detail, en.Title, en.Detail)
			}
		}
	}
	if len(kinds) != 6 {
		t.Errorf("got entries of kinds %v, want all six", kinds)
	}
}

func testTimelineChinese(t *testing.T, e *ledgerEnv, id int64, number string) {
	tl, err := e.db.Timeline(context.Background(), duban.System, id)
	if err != nil {
		t.Fatal(err)
	}
	sec := timelineSection(t, e.login(t, "zgb").get(fmt.Sprintf("/assignments/%d", id), http.StatusOK))
	for _, en := range tl {
		wantContains(t, sec, template.HTMLEscapeString(en.Title), template.HTMLEscapeString(en.Detail))
	}
	wantContains(t, sec, "<b>交办</b>", "草拟 → 已交办，系统 ", "报送进展（2022-03）", "送达：省财政厅 请书面说明", "回复督办单 "+number,
		"申请延期", "2022-06-30 → 2022-09-30：资金到位较晚", "同意延期", "安排回头看", "应于2022年12月15日开展 2022年第四季度回头看", "回头看：巩固")
}

func testTimelineEnglish(t *testing.T, e *ledgerEnv, id int64, number string) {
	zgb := e.login(t, "zgb")
	zgb.get("/lang?to=en&next=/", http.StatusSeeOther)
	sec := timelineSection(t, zgb.get(fmt.Sprintf("/assignments/%d", id), http.StatusOK))
	wantContains(t, sec, "<b>Assigned</b>", "Draft → Assigned, 系统 ", "<b>Returned</b>", "Closure requested → In progress, 系统 佐证不足",
		"<b>Verified and closed</b>", "<b>Progress report (2022-03)</b>", "已拨付首批资金",
		"<b>Supervision notice "+number+"</b>", "Sent to: 省财政厅 请书面说明", "<b>Reply to supervision notice "+number+"</b>", "已落实",
		"<b>Extension requested</b>", "30 Jun 2022 → 30 Sep 2022: 资金到位较晚", "<b>Extension approved</b>", "准予延期",
		"<b>Look-back scheduled</b>", "Due by 15 Dec 2022 2022年第四季度回头看", "<b>Look-back: the fix holds</b>", "未发现反弹")
	chinese := []string{"报送进展", "送达：", "回复督办单", "申请延期", "同意延期", "安排回头看", "应于", "回头看："}
	for _, s := range duban.ActionNames {
		chinese = append(chinese, s)
	}
	for _, s := range duban.StatusNames {
		chinese = append(chinese, s)
	}
	for _, s := range duban.LevelNames {
		chinese = append(chinese, s)
	}
	wantLacks(t, sec, chinese...)
	for _, m := range regexp.MustCompile(`<b>([^<]*)</b>`).FindAllStringSubmatch(sec, -1) {
		if title := strings.ReplaceAll(m[1], number, ""); strings.ContainsFunc(title, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("got the English title %q, want no Chinese but the notice number", m[1])
		}
	}
}

// testTimelineAPI checks that the API keeps its Chinese title and detail
// and adds the structured fields, which the OpenAPI document describes.
func testTimelineAPI(t *testing.T, e *ledgerEnv, id int64, number string) {
	token, _, err := e.db.Login(context.Background(), store.LoginAttempt{Username: "zgb", Password: "duban-demo", Kind: "api"})
	if err != nil {
		t.Fatal(err)
	}
	c := e.login(t, "zgb")
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+fmt.Sprintf("/api/v1/assignments/%d/timeline", id), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	wantContains(t, c.do(req, http.StatusOK), `"title":"交办"`, `"detail":"草拟 → 已交办，系统 "`, `"action":"assign"`, `"from":"draft"`, `"to":"assigned"`,
		`"actor":"系统"`, `"reason":"佐证不足"`, `"period":"2022-03"`, `"level":"notice"`, `"number":"`+number+`"`, `"recipients":"省财政厅"`,
		`"note":"请书面说明"`, `"old_deadline":"2022-06-30"`, `"new_deadline":"2022-09-30"`, `"approved":true`, `"due_date":"2022-12-15"`,
		`"campaign":"2022年第四季度回头看"`, `"result":"holds"`)

	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	req, _ = http.NewRequest(http.MethodGet, e.ts.URL+"/api/v1/openapi.json", nil)
	if err := json.Unmarshal([]byte(c.do(req, http.StatusOK)), &doc); err != nil {
		t.Fatal(err)
	}
	props := doc.Components.Schemas["TimelineEntry"].Properties
	for _, f := range []string{"at", "kind", "title", "detail", "action", "from", "to", "actor", "reason", "period", "level", "number",
		"recipients", "note", "old_deadline", "new_deadline", "approved", "due_date", "campaign", "result"} {
		if _, ok := props[f]; !ok {
			t.Errorf("the OpenAPI schema of TimelineEntry lacks %q: got %d properties", f, len(props))
		}
	}
}

// TestLedgerMessages checks that every ledger string has both languages,
// taking the same arguments.
func TestLedgerMessages(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	for k, m := range ledgerMessages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %s lacks a language: %q", k, m)
		}
		if zh, en := verbs.FindAllString(m[0], -1), verbs.FindAllString(m[1], -1); strings.Join(zh, "") != strings.Join(en, "") {
			t.Errorf("message %s: got arguments %v in Chinese and %v in English, want the same", k, zh, en)
		}
	}
}
