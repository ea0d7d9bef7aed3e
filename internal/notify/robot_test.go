package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// capture records what a fake platform received.
type capture struct {
	mu      sync.Mutex
	queries []url.Values
	bodies  []map[string]any
}

// add records one request.
func (c *capture) add(q url.Values, body map[string]any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queries = append(c.queries, q)
	c.bodies = append(c.bodies, body)
}

// last returns the last request, failing the test if there was none.
func (c *capture) last(t *testing.T) (url.Values, map[string]any) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.bodies) == 0 {
		t.Fatal("the server received no request")
	}
	return c.queries[len(c.queries)-1], c.bodies[len(c.bodies)-1]
}

// field walks nested JSON objects and returns the string at path.
func field(t *testing.T, body map[string]any, path ...string) string {
	t.Helper()
	var v any = body
	for _, k := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v: not an object at %q", body, k)
		}
		v = obj[k]
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s = %#v, want a string", strings.Join(path, "."), v)
	}
	return s
}

// sign is the platforms' HMAC-SHA256, written out here rather than taken
// from the package, so that the fakes check the senders independently.
func sign(key, msg string) string {
	h := hmac.New(sha256.New, []byte(key))
	io.WriteString(h, msg)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// withinHour reports whether ts (in unit) is within an hour of now, the
// window DingTalk and Feishu allow.
func withinHour(ts string, unit time.Duration) bool {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := time.Since(time.Unix(0, n*int64(unit)))
	return d < time.Hour && d > -time.Hour
}

// readJSON decodes a request body and checks the content type.
func readJSON(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("got %s with Content-Type %q, want POST application/json", r.Method, r.Header.Get("Content-Type"))
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		t.Errorf("decode body: %v", err)
	}
	return body
}

// reply writes a JSON reply with status 200.
func replyJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// fakeDingTalk checks the token and, when secret is set, the signature as
// DingTalk does: sign = base64(HMAC-SHA256(secret, timestamp+"\n"+secret)).
func fakeDingTalk(t *testing.T, token, secret string) (*httptest.Server, *capture) {
	c := &capture{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		body := readJSON(t, r)
		c.add(q, body)
		if q.Get("access_token") != token {
			replyJSON(w, map[string]any{"errcode": 300001, "errmsg": "token is not exist"})
			return
		}
		ts := q.Get("timestamp")
		if secret != "" && (!withinHour(ts, time.Millisecond) || q.Get("sign") != sign(secret, ts+"\n"+secret)) {
			replyJSON(w, map[string]any{"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"})
			return
		}
		replyJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

// fakeWeCom checks the key in the URL, WeCom's only credential.
func fakeWeCom(t *testing.T, key string) (*httptest.Server, *capture) {
	c := &capture{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		c.add(q, readJSON(t, r))
		if r.URL.Path != "/cgi-bin/webhook/send" || q.Get("key") != key {
			replyJSON(w, map[string]any{"errcode": 93000, "errmsg": "invalid webhook url, hint: [1700000000_1_abc]"})
			return
		}
		replyJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

// fakeFeishu checks, when secret is set, the signature as Feishu does:
// sign = base64(HMAC-SHA256(key=timestamp+"\n"+secret, msg="")).
func fakeFeishu(t *testing.T, secret string) (*httptest.Server, *capture) {
	c := &capture{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := readJSON(t, r)
		c.add(r.URL.Query(), body)
		ts, _ := body["timestamp"].(string)
		got, _ := body["sign"].(string)
		if secret != "" && (!withinHour(ts, time.Second) || got != sign(ts+"\n"+secret, "")) {
			replyJSON(w, map[string]any{"code": 19021, "data": map[string]any{}, "msg": "sign match fail or timestamp is not within one hour from current time"})
			return
		}
		replyJSON(w, map[string]any{"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": map[string]any{}, "msg": "success"})
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

// digestLike is a message with both text and Markdown.
var digestLike = Message{
	Subject:  "【督查督办】每日提醒",
	Text:     "张三同志：请于5月10日前报送进展。",
	Markdown: "### 督查督办每日提醒\n\n**张三**同志：请于5月10日前报送进展。",
}

func TestDingTalk(t *testing.T) {
	const secret = "SECa1b2c3+/="
	srv, c := fakeDingTalk(t, "tok123", secret)
	hook := srv.URL + "/robot/send?access_token=tok123"

	t.Run("signed markdown", func(t *testing.T) {
		if err := (&DingTalk{URL: hook, Secret: secret}).Send(context.Background(), digestLike); err != nil {
			t.Fatalf("Send: %v", err)
		}
		q, body := c.last(t)
		if q.Get("timestamp") == "" || q.Get("sign") == "" {
			t.Errorf("query = %v, want timestamp and sign", q)
		}
		for path, want := range map[string]string{"msgtype": "markdown", "markdown.title": digestLike.Subject, "markdown.text": digestLike.Markdown} {
			if got := field(t, body, strings.Split(path, ".")...); got != want {
				t.Errorf("%s = %q, want %q", path, got, want)
			}
		}
	})
	t.Run("unsigned text", func(t *testing.T) {
		unsigned, c := fakeDingTalk(t, "tok123", "")
		m := Message{Subject: "提醒", Text: "请及时办理。"}
		if err := (&DingTalk{URL: unsigned.URL + "/robot/send?access_token=tok123"}).Send(context.Background(), m); err != nil {
			t.Fatalf("Send: %v", err)
		}
		q, body := c.last(t)
		if q.Has("timestamp") || q.Has("sign") {
			t.Errorf("query = %v, want no signature", q)
		}
		if got := field(t, body, "msgtype"); got != "text" {
			t.Errorf("msgtype = %q, want text", got)
		}
		if got, want := field(t, body, "text", "content"), "提醒\n\n请及时办理。"; got != want {
			t.Errorf("text.content = %q, want %q", got, want)
		}
	})
	t.Run("wrong secret is permanent", func(t *testing.T) {
		err := (&DingTalk{URL: hook, Secret: "SECwrong"}).Send(context.Background(), digestLike)
		if err == nil || !IsPermanent(err) || !strings.Contains(err.Error(), "310000") || !strings.Contains(err.Error(), "sign not match") {
			t.Fatalf("got %v, want a permanent error with 310000 sign not match", err)
		}
	})
}

func TestWeCom(t *testing.T) {
	srv, c := fakeWeCom(t, "key-693a")
	hook := srv.URL + "/cgi-bin/webhook/send?key=key-693a"
	tests := []struct {
		name         string
		m            Message
		wantType     string
		wantContent  string
		wantMaxBytes int
	}{
		{"markdown", digestLike, "markdown", digestLike.Markdown, weComMarkdownMax},
		{"text", Message{Subject: "提醒", Text: "请及时办理。"}, "text", "提醒\n\n请及时办理。", weComTextMax},
		{"long markdown is cut", Message{Markdown: strings.Repeat("督办", 1000)}, "markdown", "", weComMarkdownMax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := (&WeCom{URL: hook}).Send(context.Background(), tt.m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			_, body := c.last(t)
			if got := field(t, body, "msgtype"); got != tt.wantType {
				t.Errorf("msgtype = %q, want %q", got, tt.wantType)
			}
			got := field(t, body, tt.wantType, "content")
			if tt.wantContent != "" && got != tt.wantContent {
				t.Errorf("content = %q, want %q", got, tt.wantContent)
			}
			if len(got) > tt.wantMaxBytes || !utf8.ValidString(got) {
				t.Errorf("content is %d bytes (valid UTF-8: %v), want ≤%d", len(got), utf8.ValidString(got), tt.wantMaxBytes)
			}
		})
	}
	t.Run("wrong key is permanent", func(t *testing.T) {
		err := (&WeCom{URL: srv.URL + "/cgi-bin/webhook/send?key=nope"}).Send(context.Background(), digestLike)
		if err == nil || !IsPermanent(err) || !strings.Contains(err.Error(), "invalid webhook url") {
			t.Fatalf("got %v, want a permanent error quoting invalid webhook url", err)
		}
	})
}

func TestFeishu(t *testing.T) {
	const secret = "fs-secret-9Q"
	srv, c := fakeFeishu(t, secret)

	t.Run("signed text", func(t *testing.T) {
		if err := (&Feishu{URL: srv.URL, Secret: secret}).Send(context.Background(), digestLike); err != nil {
			t.Fatalf("Send: %v", err)
		}
		_, body := c.last(t)
		if got := field(t, body, "msg_type"); got != "text" {
			t.Errorf("msg_type = %q, want text", got)
		}
		if got, want := field(t, body, "content", "text"), digestLike.Subject+"\n\n"+digestLike.Text; got != want {
			t.Errorf("content.text = %q, want %q", got, want)
		}
		if ts := field(t, body, "timestamp"); !withinHour(ts, time.Second) {
			t.Errorf("timestamp = %q, want seconds since 1970, now", ts)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		open, c := fakeFeishu(t, "")
		if err := (&Feishu{URL: open.URL}).Send(context.Background(), Message{Text: "正文"}); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if _, body := c.last(t); body["sign"] != nil || body["timestamp"] != nil {
			t.Errorf("body = %v, want no timestamp or sign", body)
		}
	})
	t.Run("wrong secret is permanent", func(t *testing.T) {
		err := (&Feishu{URL: srv.URL, Secret: "wrong"}).Send(context.Background(), digestLike)
		if err == nil || !IsPermanent(err) || !strings.Contains(err.Error(), "19021") || !strings.Contains(err.Error(), "sign match fail") {
			t.Fatalf("got %v, want a permanent error with 19021 sign match fail", err)
		}
	})
}

func TestFeishuReply(t *testing.T) {
	tests := []struct {
		body     string
		wantCode int
		wantMsg  string
		wantOK   bool
	}{
		{`{"code":0,"msg":"success","data":{}}`, 0, "", true},
		{`{"Extra":null,"StatusCode":0,"StatusMessage":"success"}`, 0, "", true},
		{`{"code":19024,"msg":"Key Words Not Found"}`, 19024, "Key Words Not Found", true},
		{`{"StatusCode":9499,"StatusMessage":"Bad Request"}`, 9499, "Bad Request", true},
		{`<html>gateway</html>`, 0, "", false},
		{`{}`, 0, "", false},
	}
	for _, tt := range tests {
		code, msg, ok := feishuReply([]byte(tt.body))
		if code != tt.wantCode || msg != tt.wantMsg || ok != tt.wantOK {
			t.Errorf("feishuReply(%s) = %d, %q, %v; want %d, %q, %v", tt.body, code, msg, ok, tt.wantCode, tt.wantMsg, tt.wantOK)
		}
	}
}

// TestRobotErrorHidesToken checks that a network error does not quote the
// URL, whose query holds the robot's credential.
func TestRobotErrorHidesToken(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	hook := srv.URL + "/robot/send?access_token=very-secret-token"
	srv.Close()
	err := (&DingTalk{URL: hook}).Send(context.Background(), digestLike)
	if err == nil || IsPermanent(err) {
		t.Fatalf("got %v, want a transient connection error", err)
	}
	if strings.Contains(err.Error(), "very-secret-token") {
		t.Errorf("error %q quotes the access token", err)
	}
}
