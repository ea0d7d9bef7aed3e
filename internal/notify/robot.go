package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// robotTimeout bounds one webhook request when the caller gives no client.
const robotTimeout = 15 * time.Second

// maxReplyBytes bounds how much of a robot's reply is read.
const maxReplyBytes = 64 << 10

// robotCall is one webhook request and how to read its reply.
type robotCall struct {
	channel string
	url     string
	payload any
	// reply extracts the platform's error code and message from a 200
	// reply; ok is false when the body carries no code at all.
	reply func(body []byte) (code int, msg string, ok bool)
	// transient lists the codes worth retrying (rate limits, busy); any
	// other non-zero code is a configuration problem and permanent.
	transient map[int]bool
}

// do posts the payload and checks the reply. HTTP 4xx other than 408 and
// 429, a bad URL, and error codes outside transient are permanent.
func (rc robotCall) do(ctx context.Context, client *http.Client) error {
	body, err := json.Marshal(rc.payload)
	if err != nil {
		return permanent(fmt.Errorf("notify: %s: encode: %w", rc.channel, err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rc.url, bytes.NewReader(body))
	if err != nil {
		return permanent(fmt.Errorf("notify: %s: %w", rc.channel, redactURL(err)))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if client == nil {
		client = &http.Client{Timeout: robotTimeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: %s: post to %s: %w", rc.channel, req.URL.Host, redactURL(err))
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
	if err != nil {
		return fmt.Errorf("notify: %s: read reply: %w", rc.channel, err)
	}
	if resp.StatusCode != http.StatusOK {
		return rc.statusError(resp.StatusCode, reply)
	}
	code, msg, ok := rc.reply(reply)
	switch {
	case !ok:
		return fmt.Errorf("notify: %s: unexpected reply: %s", rc.channel, snippet(reply))
	case code == 0:
		return nil
	case rc.transient[code]:
		return fmt.Errorf("notify: %s: error %d: %s", rc.channel, code, msg)
	default:
		return permanent(fmt.Errorf("notify: %s: error %d: %s", rc.channel, code, msg))
	}
}

// statusError describes a non-200 reply, quoting the platform's code and
// message when the body has them.
func (rc robotCall) statusError(status int, reply []byte) error {
	detail := snippet(reply)
	if code, msg, ok := rc.reply(reply); ok {
		detail = fmt.Sprintf("error %d: %s", code, msg)
	}
	err := fmt.Errorf("notify: %s: HTTP %d: %s", rc.channel, status, detail)
	if status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests {
		return permanent(err)
	}
	return err
}

// redactURL drops the URL from a *url.Error: robot URLs carry the access
// token, and errors end up in logs.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// snippet returns the start of a reply body for an error message.
func snippet(b []byte) string {
	const n = 200
	s := strings.ToValidUTF8(string(b), "")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "…"
	}
	return strings.TrimSpace(s)
}

// hmacBase64 returns base64(HMAC-SHA256(key, msg)).
func hmacBase64(key, msg string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// plainText joins the subject and text for robots' text messages.
func plainText(m Message) string {
	switch {
	case m.Subject == "":
		return m.Text
	case m.Text == "":
		return m.Subject
	}
	return m.Subject + "\n\n" + m.Text
}

// errcodeReply reads DingTalk's and WeCom's {"errcode":0,"errmsg":"ok"}.
func errcodeReply(body []byte) (int, string, bool) {
	var r struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(body, &r) != nil || r.ErrCode == nil {
		return 0, "", false
	}
	return *r.ErrCode, r.ErrMsg, true
}
