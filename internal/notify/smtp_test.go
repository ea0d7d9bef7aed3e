package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"
)

// parsedMail is a received message decoded the way a mail client would.
type parsedMail struct {
	header  mail.Header
	subject string
	from    []*mail.Address
	to      []*mail.Address
	body    string // line endings turned back into \n
}

// mustParseMail parses raw with net/mail and decodes the RFC 2047 subject
// and the base64 text/plain body.
func mustParseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	var p parsedMail
	p.header = msg.Header
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	if p.from, err = msg.Header.AddressList("From"); err != nil {
		t.Fatalf("From: %v", err)
	}
	if p.to, err = msg.Header.AddressList("To"); err != nil {
		t.Fatalf("To: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Fatalf("Content-Type = %q, want text/plain; charset=utf-8", msg.Header.Get("Content-Type"))
	}
	if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "base64" {
		t.Fatalf("Content-Transfer-Encoding = %q, want base64", cte)
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, msg.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	p.body = strings.ReplaceAll(string(body), "\r\n", "\n")
	return p
}

// chineseMessage has a subject long enough to need several encoded-words
// and a body with a line that starts with a dot (SMTP dot-stuffing).
var chineseMessage = Message{
	To:      []string{"张三 <zhangsan@example.gov.cn>", "lisi@example.gov.cn"},
	Subject: "【督查督办】关于落实2024年度重点工作任务的督办提醒：请于5月10日前报送进展情况",
	Text:    "张三同志：\n\n请于5月10日前报送“优化营商环境”专项整治进展。\n.以点开头的一行\n此致\n督查室",
}

func TestSMTPSendChinese(t *testing.T) {
	srv := startSMTPServer(t, &smtpServer{})
	s := NewSMTP(SMTPConfig{
		Host: "127.0.0.1", Port: srv.addr.Port,
		Username: "duban@example.gov.cn", Password: "p@ss 密码",
		From: "督查室 <duban@example.gov.cn>",
	})
	before := time.Now().Add(-time.Second)
	if err := s.Send(context.Background(), chineseMessage); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.got()
	if len(got) != 1 {
		t.Fatalf("got %d sessions, want 1", len(got))
	}
	r := got[0]
	if r.authIdentity != "" || r.authUser != "duban@example.gov.cn" || r.authPass != "p@ss 密码" {
		t.Errorf("AUTH PLAIN = (%q, %q, %q), want (\"\", duban@example.gov.cn, p@ss 密码)", r.authIdentity, r.authUser, r.authPass)
	}
	if r.from != "duban@example.gov.cn" {
		t.Errorf("MAIL FROM = %q, want duban@example.gov.cn", r.from)
	}
	wantRcpts := []string{"zhangsan@example.gov.cn", "lisi@example.gov.cn"}
	if !slices.Equal(r.rcpts, wantRcpts) {
		t.Errorf("RCPT TO = %q, want %q", r.rcpts, wantRcpts)
	}
	checkHeaderLines(t, r.data)
	p := mustParseMail(t, r.data)
	if p.subject != chineseMessage.Subject {
		t.Errorf("subject = %q, want %q", p.subject, chineseMessage.Subject)
	}
	if p.body != chineseMessage.Text {
		t.Errorf("body = %q, want %q", p.body, chineseMessage.Text)
	}
	if len(p.from) != 1 || p.from[0].Name != "督查室" || p.from[0].Address != "duban@example.gov.cn" {
		t.Errorf("From = %v, want 督查室 <duban@example.gov.cn>", p.from)
	}
	if len(p.to) != 2 || p.to[0].Name != "张三" || p.to[0].Address != wantRcpts[0] || p.to[1].Address != wantRcpts[1] {
		t.Errorf("To = %v, want 张三 <%s>, <%s>", p.to, wantRcpts[0], wantRcpts[1])
	}
	checkDateAndID(t, p.header, before)
}

// checkHeaderLines asserts the header is 7-bit and no line passes 78
// characters (RFC 5322 2.1.1).
func checkHeaderLines(t *testing.T, raw []byte) {
	t.Helper()
	head, _, _ := bytes.Cut(raw, []byte("\n\n"))
	for _, line := range strings.Split(string(head), "\n") {
		if len(line) > 78 {
			t.Errorf("header line has %d characters, want ≤78: %q", len(line), line)
		}
		for _, c := range []byte(line) {
			if c >= 0x80 {
				t.Errorf("header line has a non-ASCII byte: %q", line)
				break
			}
		}
	}
}

// checkDateAndID asserts a current Date and a Message-ID in the sender's
// domain.
func checkDateAndID(t *testing.T, h mail.Header, before time.Time) {
	t.Helper()
	date, err := h.Date()
	if err != nil {
		t.Errorf("Date: %v", err)
	} else if date.Before(before.Truncate(time.Second)) || date.After(time.Now()) {
		t.Errorf("Date = %v, want between %v and now", date, before)
	}
	id := h.Get("Message-ID")
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.gov.cn>") {
		t.Errorf("Message-ID = %q, want <…@example.gov.cn>", id)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	serverTLS, roots := mustSelfSignedTLS(t)
	srv := startSMTPServer(t, &smtpServer{tlsConfig: serverTLS})
	cfg := SMTPConfig{
		Host: "127.0.0.1", Port: srv.addr.Port, StartTLS: true,
		Username: "u", Password: "secret", From: "duban@example.gov.cn",
	}
	m := Message{To: []string{"a@example.gov.cn"}, Subject: "测试", Text: "正文"}

	t.Run("trusted certificate", func(t *testing.T) {
		s := &SMTP{Config: cfg, TLSConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}}
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatalf("Send: %v", err)
		}
		got := srv.got()
		if len(got) != 1 || !got[0].tls || got[0].authPass != "secret" {
			t.Fatalf("sessions = %+v, want one over TLS with password secret", got)
		}
		if p := mustParseMail(t, got[0].data); p.subject != "测试" || p.body != "正文" {
			t.Errorf("got subject %q body %q, want 测试 正文", p.subject, p.body)
		}
	})
	t.Run("untrusted certificate is permanent", func(t *testing.T) {
		err := NewSMTP(cfg).Send(context.Background(), m)
		if err == nil || !IsPermanent(err) {
			t.Fatalf("got %v, want a permanent certificate error", err)
		}
	})
}

func TestSMTPErrors(t *testing.T) {
	ok := Message{To: []string{"a@example.gov.cn"}, Subject: "s", Text: "t"}
	tests := []struct {
		name          string
		srv           *smtpServer
		cfg           SMTPConfig // Host and Port are filled in
		m             Message
		wantPermanent bool
	}{
		{"mailbox unavailable", &smtpServer{rcptReply: "550 5.1.1 no such user"}, SMTPConfig{}, ok, true},
		{"mailbox busy", &smtpServer{rcptReply: "451 4.3.0 try again later"}, SMTPConfig{}, ok, false},
		{"bad password", &smtpServer{authReply: "535 5.7.8 authentication failed"}, SMTPConfig{Username: "u", Password: "x"}, ok, true},
		{"STARTTLS not offered", &smtpServer{}, SMTPConfig{StartTLS: true}, ok, true},
		{"no recipients", &smtpServer{}, SMTPConfig{}, Message{Subject: "s"}, true},
		{"bad recipient", &smtpServer{}, SMTPConfig{}, Message{To: []string{"not an address"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTPServer(t, tt.srv)
			cfg := tt.cfg
			cfg.Host, cfg.Port, cfg.From = "127.0.0.1", srv.addr.Port, "duban@example.gov.cn"
			err := NewSMTP(cfg).Send(context.Background(), tt.m)
			if err == nil {
				t.Fatal("got nil error, want one")
			}
			if IsPermanent(err) != tt.wantPermanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tt.wantPermanent)
			}
		})
	}
}

func TestSMTPRefusesClearTextPassword(t *testing.T) {
	s := NewSMTP(SMTPConfig{Host: "mail.example.invalid", Username: "u", Password: "p", From: "a@example.gov.cn"})
	err := s.Send(context.Background(), Message{To: []string{"b@example.gov.cn"}})
	if err == nil || !IsPermanent(err) || !strings.Contains(err.Error(), "StartTLS") {
		t.Fatalf("got %v, want a permanent error naming StartTLS", err)
	}
}

func TestSMTPContextDeadline(t *testing.T) {
	srv := startSMTPServer(t, &smtpServer{silent: true})
	s := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: srv.addr.Port, From: "a@example.gov.cn"})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, Message{To: []string{"b@example.gov.cn"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after the deadline, want it to stop promptly", d)
	}
}
