package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// The top bar counts unread messages; a message is marked read from the
// home page, one at a time or all at once; a lead office sees new public
// feedback waiting on its 工作台.
func TestInboxUnreadAndMarkRead(t *testing.T) {
	e := newAdmEnv(t)
	kjt, zgb := e.as(t, "kjt"), e.as(t, "zgb")
	unread := func(c *admClient) int {
		t.Helper()
		st, body := c.get("/")
		c.must("home", st, 200, body)
		m := regexp.MustCompile(`id="unread-badge">消息(?: <span class="badge"[^>]*>(\d+)</span>)?</a>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no message link in the top bar: %s", admExcerpt(body))
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	before := unread(kjt)
	// The lead office urges one of 省科技厅's items: one more unread message.
	ctx := context.Background()
	lead, err := e.db.PrincipalOf(ctx, "zgb")
	if err != nil {
		t.Fatal(err)
	}
	liaison, err := e.db.PrincipalOf(ctx, "kjt")
	if err != nil {
		t.Fatal(err)
	}
	mine, err := e.db.ListAssignments(ctx, liaison, duban.AssignmentFilter{Open: true}, duban.Date{})
	if err != nil || len(mine.Items) == 0 {
		t.Fatalf("省科技厅's open items: %v %v", mine.Items, err)
	}
	if _, err := e.db.Escalate(ctx, lead, mine.Items[0].ID, store.EscalationInput{Level: duban.LevelUrge, Note: "请加快进度"}); err != nil {
		t.Fatal(err)
	}
	if got := unread(kjt); got != before+1 {
		t.Fatalf("unread after a return: %d, want %d", got, before+1)
	}
	st, body := kjt.get("/")
	admWant(t, body, "催办：", "请加快进度", "标为已读", "全部标为已读")
	id := regexp.MustCompile(`action="/inbox/(\d+)/read"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no mark-read button")
	}
	st, body, _ = kjt.post("/inbox/"+id[1]+"/read", url.Values{})
	kjt.must("mark read", st, 303, body)
	if got := unread(kjt); got != before {
		t.Errorf("unread after marking one read: %d, want %d", got, before)
	}
	st, body, _ = zgb.post("/inbox/"+id[1]+"/read", url.Values{})
	zgb.must("someone else's message", st, 404, body)
	st, body, _ = kjt.post("/inbox/read-all", url.Values{})
	kjt.must("mark all read", st, 303, body)
	if got := unread(kjt); got != 0 {
		t.Errorf("unread after marking all read: %d", got)
	}

	// Feedback about the lead office's plan reaches its 工作台 and inbox.
	fb := &duban.Feedback{PlanID: &e.planID, Name: "张三", Channel: "web", Content: "建议公开科技投入的月度数据"}
	if err := e.db.CreateFeedback(ctx, duban.System, fb); err != nil {
		t.Fatal(err)
	}
	st, body = zgb.get("/")
	admWant(t, body, `id="stat-feedback"`, "新的意见建议", "收到新的意见建议")
}
