package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"duban/internal/duban"
)

// Public feedback gets a receipt number; with it anyone can see where the
// message stands and the reply, as the number is typed (any case, spaces,
// full-width), and nothing of the sender. Unknown numbers answer 404.
func TestFeedbackReceipt(t *testing.T) {
	e := newAdmEnv(t)
	anon := e.as(t, "")
	st, body, loc := anon.post("/public/feedback", url.Values{"name": {"李四"}, "contact": {"13800000000"}, "content": {"建议公开科技投入的月度数据"}})
	anon.must("send feedback", st, 303, body)
	m := regexp.MustCompile(`receipt=(YJ\d{8}-[2-9A-HJKMNP-Z]{6})$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after sending: redirected to %q, want the receipt page", loc)
	}
	receipt := m[1]
	st, body = anon.get(loc)
	anon.must("receipt page", st, 200, body)
	admWant(t, body, "感谢您的意见建议", "受理编号："+receipt, "待处理", "尚未答复")
	if strings.Contains(body, "李四") || strings.Contains(body, "13800000000") {
		t.Error("the receipt page shows who sent the message")
	}

	// The lead office replies; the sender sees the reply under the number typed loosely.
	ctx := context.Background()
	lead, err := e.db.PrincipalOf(ctx, "admin") // a message about no plan is the administrators' to handle
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.ListFeedback(ctx, lead, duban.FeedbackFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var fb *duban.Feedback
	for i := range list.Items {
		if list.Items[i].Receipt == receipt {
			fb = &list.Items[i]
		}
	}
	if fb == nil {
		t.Fatalf("the lead office's list has no message %s", receipt)
	}
	reply, status := "已纳入下一期公开内容。", duban.FeedbackReplied
	if _, err := e.db.UpdateFeedback(ctx, lead, fb.ID, 0, duban.FeedbackUpdate{Reply: &reply, Status: &status}); err != nil {
		t.Fatal(err)
	}
	typed := " " + strings.ToLower(strings.ReplaceAll(receipt, "-", " ")) + " "
	typed = strings.Replace(typed, "yj", "ＹＪ", 1)
	st, body = anon.get("/public/feedback/status?receipt=" + url.QueryEscape(typed))
	anon.must("look up as typed", st, 200, body)
	admWant(t, body, receipt, "已答复", reply)

	st, body = anon.get("/public/feedback/status?receipt=YJ20200101-AAAAAA")
	anon.must("unknown number", st, 404, body)
	admWant(t, body, "没有找到这个受理编号")
	st, body = anon.get("/public/feedback/status")
	anon.must("empty form", st, 200, body)
}
