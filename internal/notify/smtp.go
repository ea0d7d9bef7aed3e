package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

const (
	// smtpDialTimeout bounds the TCP connect when ctx has no deadline.
	smtpDialTimeout = 15 * time.Second
	// smtpSessionTimeout bounds the whole session, so that a server
	// that stops answering cannot hold a sender whose ctx has no deadline.
	smtpSessionTimeout = 2 * time.Minute
)

// SMTPConfig is how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int // 0 means 25
	Username string
	Password string
	From     string // "督查室 <duban@example.gov.cn>" or a bare address
	StartTLS bool   // upgrade with STARTTLS before authenticating; required if set
}

// SMTP sends e-mail through a mail server, one connection per message.
// Implicit TLS (SMTPS, port 465) is not supported: use STARTTLS on 587 or 25.
type SMTP struct {
	Config SMTPConfig
	// TLSConfig is used for STARTTLS; nil means the system roots and
	// ServerName = Config.Host.
	TLSConfig *tls.Config
}

// NewSMTP returns a sender for cfg.
func NewSMTP(cfg SMTPConfig) *SMTP { return &SMTP{Config: cfg} }

// Channel returns "email".
func (s *SMTP) Channel() string { return "email" }

// Send delivers m to m.To in one SMTP transaction, as text/plain UTF-8.
// Invalid addresses, 5xx replies, a missing STARTTLS and certificate errors
// are permanent; 4xx replies and network errors are not.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.Config.From)
	if err != nil {
		return permanent(fmt.Errorf("notify: email: from %q: %w", s.Config.From, err))
	}
	to, err := parseRecipients(m.To)
	if err != nil {
		return permanent(err)
	}
	if s.Config.Username != "" && !s.Config.StartTLS && !isLoopback(s.Config.Host) {
		return permanent(errors.New("notify: email: refusing to send a password without TLS; set StartTLS"))
	}
	msg := composeMail(from, to, m, time.Now())

	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("notify: email: dial: %w", err)
	}
	// Cancelling ctx mid-session unblocks whatever read or write is pending.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	err = s.session(conn, from.Address, to, msg)
	if err != nil && ctx.Err() != nil {
		return errors.Join(fmt.Errorf("notify: email: %w", ctx.Err()), err)
	}
	return classifySMTP(err)
}

// dial connects to the server, with a deadline smtpSessionTimeout from
// now. Send ends the session sooner if ctx is done: ctx's deadline is not
// copied to the connection, so that a timeout always shows as ctx.Err().
func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	port := s.Config.Port
	if port == 0 {
		port = 25
	}
	d := net.Dialer{Timeout: smtpDialTimeout}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.Config.Host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	if err := conn.SetDeadline(time.Now().Add(smtpSessionTimeout)); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// session speaks SMTP on conn: optional STARTTLS, optional AUTH PLAIN, one
// message, QUIT.
func (s *SMTP) session(conn net.Conn, from string, to []*mail.Address, msg []byte) error {
	c, err := smtp.NewClient(conn, s.Config.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("notify: email: greeting: %w", err)
	}
	defer c.Close()
	if err := s.secure(c); err != nil {
		return err
	}
	if s.Config.Username != "" {
		auth := smtp.PlainAuth("", s.Config.Username, s.Config.Password, s.Config.Host)
		if err := c.Auth(auth); err != nil {
			return fmt.Errorf("notify: email: auth: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("notify: email: mail from: %w", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt.Address); err != nil {
			return fmt.Errorf("notify: email: rcpt to %s: %w", rcpt.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("notify: email: data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("notify: email: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("notify: email: data: %w", err)
	}
	// The server took the message when it accepted DATA; a failed QUIT
	// must not make Retry send it twice.
	_ = c.Quit()
	return nil
}

// secure upgrades the connection with STARTTLS when configured.
func (s *SMTP) secure(c *smtp.Client) error {
	if !s.Config.StartTLS {
		return nil
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return permanent(errors.New("notify: email: server does not offer STARTTLS"))
	}
	cfg := s.TLSConfig
	if cfg == nil {
		cfg = &tls.Config{ServerName: s.Config.Host}
	}
	if err := c.StartTLS(cfg); err != nil {
		return fmt.Errorf("notify: email: starttls: %w", err)
	}
	return nil
}

// isLoopback matches the hosts net/smtp lets PLAIN auth use without TLS.
func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// classifySMTP marks 5xx replies and certificate failures permanent.
func classifySMTP(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanent(err)
	}
	var ce *tls.CertificateVerificationError
	if errors.As(err, &ce) {
		return permanent(err)
	}
	return err
}

// parseRecipients parses each of to as an RFC 5322 address.
func parseRecipients(to []string) ([]*mail.Address, error) {
	if len(to) == 0 {
		return nil, errors.New("notify: email: no recipients")
	}
	out := make([]*mail.Address, 0, len(to))
	for _, s := range to {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("notify: email: recipient %q: %w", s, err)
		}
		out = append(out, a)
	}
	return out, nil
}
