package notify

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DingTalk sends to a DingTalk (钉钉) group robot.
type DingTalk struct {
	URL    string // https://oapi.dingtalk.com/robot/send?access_token=…
	Secret string // the robot's 加签 secret, SEC…; empty if the robot is not signed
	Client *http.Client
}

// dingTalkTransient lists the DingTalk error codes worth retrying.
var dingTalkTransient = map[int]bool{
	-1:     true, // system busy
	130101: true, // send too fast: more than 20 messages a minute
}

// Channel returns "dingtalk".
func (d *DingTalk) Channel() string { return "dingtalk" }

// Send posts m as a markdown message when m.Markdown is set, else as text.
// A non-zero errcode is permanent (310000 covers a bad signature, a missing
// keyword and an IP not on the allow list), except rate limits.
func (d *DingTalk) Send(ctx context.Context, m Message) error {
	var payload any
	if m.Markdown != "" {
		title := m.Subject
		if title == "" {
			title = "通知"
		}
		payload = map[string]any{
			"msgtype":  "markdown",
			"markdown": map[string]string{"title": title, "text": m.Markdown},
		}
	} else {
		payload = map[string]any{
			"msgtype": "text",
			"text":    map[string]string{"content": plainText(m)},
		}
	}
	rc := robotCall{
		channel:   d.Channel(),
		url:       d.signedURL(time.Now()),
		payload:   payload,
		reply:     errcodeReply,
		transient: dingTalkTransient,
	}
	return rc.do(ctx, d.Client)
}

// signedURL appends timestamp (ms) and sign =
// base64(HMAC-SHA256(key=secret, msg=timestamp+"\n"+secret)) to the URL.
func (d *DingTalk) signedURL(now time.Time) string {
	if d.Secret == "" {
		return d.URL
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	sep := "?"
	if strings.Contains(d.URL, "?") {
		sep = "&"
	}
	sign := hmacBase64(d.Secret, ts+"\n"+d.Secret)
	return d.URL + sep + "timestamp=" + ts + "&sign=" + url.QueryEscape(sign)
}
