package notify

import (
	"context"
	"net/http"
	"unicode/utf8"
)

// WeCom limits a robot message's content, in bytes of UTF-8.
const (
	weComMarkdownMax = 4096
	weComTextMax     = 2048
)

// truncatedNote ends a message cut to fit a platform's limit.
const truncatedNote = "\n……（内容过长，已截断）"

// WeCom sends to a WeCom (企业微信) group robot. The key in the URL is the
// only credential; WeCom robots are not signed.
type WeCom struct {
	URL    string // https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
	Client *http.Client
}

// weComTransient lists the WeCom error codes worth retrying.
var weComTransient = map[int]bool{
	-1:    true, // system busy
	45009: true, // API frequency limit: 20 messages a minute per robot
}

// Channel returns "wecom".
func (w *WeCom) Channel() string { return "wecom" }

// Send posts m as a markdown message when m.Markdown is set, else as text,
// cut to WeCom's size limits. A non-zero errcode is permanent (93000: bad
// key), except rate limits.
func (w *WeCom) Send(ctx context.Context, m Message) error {
	var payload any
	if m.Markdown != "" {
		payload = map[string]any{
			"msgtype":  "markdown",
			"markdown": map[string]string{"content": truncateBytes(m.Markdown, weComMarkdownMax)},
		}
	} else {
		payload = map[string]any{
			"msgtype": "text",
			"text":    map[string]string{"content": truncateBytes(plainText(m), weComTextMax)},
		}
	}
	rc := robotCall{
		channel:   w.Channel(),
		url:       w.URL,
		payload:   payload,
		reply:     errcodeReply,
		transient: weComTransient,
	}
	return rc.do(ctx, w.Client)
}

// truncateBytes cuts s to at most max bytes on a rune boundary, ending it
// with truncatedNote when it had to cut.
func truncateBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len(truncatedNote)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncatedNote
}
