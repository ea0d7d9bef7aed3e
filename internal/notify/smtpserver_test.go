package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is what the test SMTP server recorded of one session.
type received struct {
	tls                bool
	authIdentity       string
	authUser, authPass string
	from               string
	rcpts              []string
	data               []byte // as after the dot-decoding, lines end in \n
}

// smtpServer is a small SMTP server on 127.0.0.1 for tests: it speaks the
// commands net/smtp sends and records each session.
type smtpServer struct {
	addr      *net.TCPAddr
	tlsConfig *tls.Config // non-nil: offer STARTTLS
	authReply string      // reply to AUTH; "" means 235
	rcptReply string      // reply to RCPT; "" means 250
	silent    bool        // accept connections and never greet

	mu       sync.Mutex
	sessions []received
}

// startSMTPServer starts srv on 127.0.0.1:0 and stops it when the test ends.
func startSMTPServer(t *testing.T, srv *smtpServer) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv.addr = ln.Addr().(*net.TCPAddr)
	var wg sync.WaitGroup
	var connsMu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			connsMu.Lock()
			conns = append(conns, conn)
			connsMu.Unlock()
			wg.Go(func() { srv.handle(conn) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		connsMu.Lock()
		for _, c := range conns {
			c.Close()
		}
		connsMu.Unlock()
		wg.Wait()
	})
	return srv
}

// got returns the recorded sessions that reached QUIT.
func (s *smtpServer) got() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.sessions...)
}

// handle runs one SMTP session.
func (s *smtpServer) handle(conn net.Conn) {
	defer conn.Close()
	if s.silent {
		_, _ = conn.Read(make([]byte, 1)) // until the client gives up
		return
	}
	s.converse(conn)
}

// converse answers commands until QUIT or a broken connection.
func (s *smtpServer) converse(conn net.Conn) {
	tp := textproto.NewConn(conn)
	var r received
	reply(tp, "220 test.local ESMTP ready")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			s.ehlo(tp, r.tls)
		case "STARTTLS":
			reply(tp, "220 2.0.0 ready to start TLS")
			tc := tls.Server(conn, s.tlsConfig)
			if tc.Handshake() != nil {
				return
			}
			conn, tp, r.tls = tc, textproto.NewConn(tc), true
		case "AUTH":
			s.auth(tp, arg, &r)
		case "MAIL":
			r.from = envelopeAddr(arg)
			reply(tp, "250 2.1.0 ok")
		case "RCPT":
			s.rcpt(tp, arg, &r)
		case "DATA":
			reply(tp, "354 end data with <CR><LF>.<CR><LF>")
			if r.data, err = tp.ReadDotBytes(); err != nil {
				return
			}
			reply(tp, "250 2.0.0 queued")
		case "QUIT":
			s.record(r)
			reply(tp, "221 2.0.0 bye")
			return
		case "RSET", "NOOP":
			reply(tp, "250 2.0.0 ok")
		default:
			reply(tp, "502 5.5.2 command not recognized")
		}
	}
}

// record keeps a finished session; it runs before the reply to QUIT, so
// the client sees it once Send returns.
func (s *smtpServer) record(r received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = append(s.sessions, r)
}

// ehlo advertises STARTTLS (before the upgrade, if configured) and AUTH PLAIN.
func (s *smtpServer) ehlo(tp *textproto.Conn, secured bool) {
	lines := []string{"test.local"}
	if s.tlsConfig != nil && !secured {
		lines = append(lines, "STARTTLS")
	}
	lines = append(lines, "AUTH PLAIN")
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		reply(tp, "250"+sep+l)
	}
}

// auth handles AUTH PLAIN, with the initial response on the line or after
// a 334 challenge, and records identity, user and password.
func (s *smtpServer) auth(tp *textproto.Conn, arg string, r *received) {
	mech, resp, _ := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") {
		reply(tp, "504 5.5.4 mechanism not supported")
		return
	}
	if resp == "" {
		reply(tp, "334 ")
		resp, _ = tp.ReadLine()
	}
	raw, err := base64.StdEncoding.DecodeString(resp)
	parts := strings.Split(string(raw), "\x00")
	if err != nil || len(parts) != 3 {
		reply(tp, "501 5.5.2 cannot decode response")
		return
	}
	r.authIdentity, r.authUser, r.authPass = parts[0], parts[1], parts[2]
	if s.authReply != "" {
		reply(tp, s.authReply)
		return
	}
	reply(tp, "235 2.7.0 authentication successful")
}

// rcpt records a recipient, or answers rcptReply.
func (s *smtpServer) rcpt(tp *textproto.Conn, arg string, r *received) {
	if s.rcptReply != "" {
		reply(tp, s.rcptReply)
		return
	}
	r.rcpts = append(r.rcpts, envelopeAddr(arg))
	reply(tp, "250 2.1.5 ok")
}

// envelopeAddr extracts the address from "FROM:<a@b> BODY=8BITMIME".
func envelopeAddr(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

// reply writes one reply line; write errors end the session at the next read.
func reply(tp *textproto.Conn, line string) {
	_ = tp.PrintfLine("%s", line)
}

// mustSelfSignedTLS returns a server config with a certificate for
// 127.0.0.1 and a pool that trusts it.
func mustSelfSignedTLS(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test.local"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	pair := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}
	return &tls.Config{Certificates: []tls.Certificate{pair}}, pool
}
