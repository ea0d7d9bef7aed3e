package notify

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Feishu sends to a Feishu (飞书) group robot, as a text message.
type Feishu struct {
	URL    string // https://open.feishu.cn/open-apis/bot/v2/hook/…
	Secret string // the robot's 签名校验 secret; empty if the robot is not signed
	Client *http.Client
}

// feishuTransient lists the Feishu error codes worth retrying.
var feishuTransient = map[int]bool{
	11232:    true, // frequency limited
	99991400: true, // request trigger frequency limit
}

// Channel returns "feishu".
func (f *Feishu) Channel() string { return "feishu" }

// Send posts plain text (Feishu's text messages do not render Markdown). A
// non-zero code is permanent (19021: bad signature or stale timestamp),
// except rate limits.
func (f *Feishu) Send(ctx context.Context, m Message) error {
	payload := map[string]any{
		"msg_type": "text",
		"content":  map[string]string{"text": plainText(m)},
	}
	if f.Secret != "" {
		ts, sign := feishuSign(f.Secret, time.Now())
		payload["timestamp"] = ts
		payload["sign"] = sign
	}
	rc := robotCall{
		channel:   f.Channel(),
		url:       f.URL,
		payload:   payload,
		reply:     feishuReply,
		transient: feishuTransient,
	}
	return rc.do(ctx, f.Client)
}

// feishuSign returns the timestamp (seconds) and sign =
// base64(HMAC-SHA256(key=timestamp+"\n"+secret, msg="")).
func feishuSign(secret string, now time.Time) (ts, sign string) {
	ts = strconv.FormatInt(now.Unix(), 10)
	return ts, hmacBase64(ts+"\n"+secret, "")
}

// feishuReply reads {"code":0,"msg":"success"}, or the older
// {"StatusCode":0,"StatusMessage":"success"}.
func feishuReply(body []byte) (int, string, bool) {
	var r struct {
		Code          *int   `json:"code"`
		Msg           string `json:"msg"`
		StatusCode    *int   `json:"StatusCode"`
		StatusMessage string `json:"StatusMessage"`
	}
	if json.Unmarshal(body, &r) != nil {
		return 0, "", false
	}
	switch {
	case r.Code != nil && *r.Code != 0:
		return *r.Code, r.Msg, true
	case r.StatusCode != nil && *r.StatusCode != 0:
		return *r.StatusCode, r.StatusMessage, true
	case r.Code != nil || r.StatusCode != nil:
		return 0, "", true
	}
	return 0, "", false
}
