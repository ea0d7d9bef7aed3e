package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that a serving goroutine writes while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// served is a duban serve running in the test process until stop.
type served struct {
	base   string
	addr   string
	stdout *lockedBuffer
	stop   context.CancelFunc
	exited chan int // the exit code, once Run returns
	done   chan struct{}
}

func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("DUBAN_DB", "")
	t.Setenv("DUBAN_AUDIT_KEY", "")
	ctx, stop := context.WithCancel(context.Background())
	s := &served{base: "http://" + addr, addr: addr, stdout: &lockedBuffer{}, stop: stop, exited: make(chan int, 1), done: make(chan struct{})}
	errOut, data := &lockedBuffer{}, t.TempDir()
	go func() {
		defer close(s.done)
		s.exited <- Run(ctx, append([]string{"serve", "--data", data, "--addr", addr}, args...), s.stdout, errOut)
	}()
	t.Cleanup(func() {
		stop()
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not exit: %s", errOut.String())
		}
	})
	for i := 0; ; i++ {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if i > 300 {
			t.Fatalf("serve did not start: %s", errOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// slowLogin starts a login whose body arrives in two halves: the handler is
// in flight, reading, until the second half is written to the returned pipe.
func (s *served) slowLogin(t *testing.T, password string) (*io.PipeWriter, chan *http.Response, chan error) {
	t.Helper()
	body := fmt.Sprintf(`{"username":"admin","password":%q}`, password)
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, s.base+"/api/v1/auth/login", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resc, errc := make(chan *http.Response, 1), make(chan error, 1)
	go func() {
		res, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err != nil {
			errc <- err
			return
		}
		resc <- res
	}()
	go pw.Write([]byte(body[:10]))
	time.Sleep(500 * time.Millisecond) // the headers and the first half reach the handler
	go func() { time.Sleep(2 * time.Second); pw.Write([]byte(body[10:])); pw.Close() }()
	return pw, resc, errc
}

// TestGracefulShutdown: on SIGTERM (the context ending) serve stops taking
// connections at once, lets a slow request in flight finish and answer,
// and then exits; a request that outlives --shutdown-timeout does not keep
// the process alive beyond it.
func TestGracefulShutdown(t *testing.T) {
	t.Run("in-flight request completes", func(t *testing.T) {
		s := startServe(t, "--shutdown-timeout", "20s")
		m := regexp.MustCompile(` admin，密码 (\S+)`).FindStringSubmatch(s.stdout.String())
		if m == nil {
			t.Fatalf("first start printed %q, want the admin password", s.stdout.String())
		}
		_, resc, errc := s.slowLogin(t, m[1])
		began := time.Now()
		s.stop() // what SIGTERM does to serve's context
		time.Sleep(300 * time.Millisecond)
		if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
			c.Close()
			t.Errorf("a new connection during shutdown was accepted, want it refused")
		}
		select {
		case code := <-s.exited:
			t.Fatalf("serve exited (%d) before the in-flight request finished", code)
		case err := <-errc:
			t.Fatalf("the in-flight request failed: %v", err)
		case res := <-resc:
			defer res.Body.Close()
			var out struct{ Token string }
			json.NewDecoder(res.Body).Decode(&out)
			if res.StatusCode != http.StatusOK || out.Token == "" {
				t.Errorf("the in-flight login: got %d with token %q, want 200 with a token", res.StatusCode, out.Token)
			}
			if waited := time.Since(began); waited < time.Second {
				t.Errorf("the in-flight request answered after %v, want after its slow body (≥ 1 s)", waited)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the in-flight request got no answer within 15 s")
		}
		select {
		case code := <-s.exited:
			if code != 0 {
				t.Errorf("serve exited with %d after a clean drain, want 0", code)
			}
			t.Logf("drained and exited %v after the stop", time.Since(began).Round(time.Millisecond))
		case <-time.After(5 * time.Second):
			t.Error("serve did not exit within 5 s of the last request, want it to")
		}
	})
	t.Run("a request beyond the timeout", func(t *testing.T) {
		s := startServe(t, "--shutdown-timeout", "1s")
		pw, _, _ := s.slowLogin(t, "x")
		defer pw.CloseWithError(io.ErrUnexpectedEOF)
		// Hold the body back for longer than the timeout.
		began := time.Now()
		s.stop()
		select {
		case code := <-s.exited:
			took := time.Since(began)
			if code == 0 {
				t.Errorf("serve exited with 0 while a request was cut off, want a failure code")
			}
			if took < 900*time.Millisecond || took > 5*time.Second {
				t.Errorf("serve exited %v after the stop, want about the 1 s timeout", took)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not exit within 10 s with a 1 s shutdown timeout")
		}
	})
}
