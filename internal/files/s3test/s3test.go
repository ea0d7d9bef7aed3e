// Package s3test gives tests a bucket on an S3-compatible server: MinIO when
// DUBAN_TEST_MINIO names one (a running server's URL with its keys,
// http://KEY:SECRET@127.0.0.1:9000, or the path of a minio binary to start),
// otherwise gofakes3, an S3 server in the test process. Only tests import it.
package s3test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"duban/internal/files"
)

// Config returns the settings of a fresh bucket and the kind of server
// behind it ("minio" or "gofakes3").
func Config(t testing.TB) (files.S3Config, string) {
	t.Helper()
	bucket := fmt.Sprintf("duban-test-%d", time.Now().UnixNano())
	v := os.Getenv("DUBAN_TEST_MINIO")
	switch {
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		u, err := url.Parse(v)
		if err != nil || u.User == nil {
			t.Fatalf("DUBAN_TEST_MINIO=%q: want http://KEY:SECRET@host:port", v)
		}
		secret, _ := u.User.Password()
		return files.S3Config{Endpoint: u.Scheme + "://" + u.Host, Bucket: bucket, AccessKey: u.User.Username(),
			SecretKey: secret, PathStyle: true}, "minio"
	case v != "":
		return startMinIO(t, v, bucket), "minio"
	}
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	return files.S3Config{Endpoint: srv.URL, Bucket: bucket, AccessKey: "test-key", SecretKey: "test-secret",
		Region: "us-east-1", PathStyle: true}, "gofakes3"
}

// startMinIO runs the minio binary at bin on a free port until the test ends.
func startMinIO(t testing.TB, bin, bucket string) files.S3Config {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "server", t.TempDir(), "--address", addr, "--console-address", "127.0.0.1:0", "--quiet")
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER=duban-test", "MINIO_ROOT_PASSWORD=duban-test-secret")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start MinIO from DUBAN_TEST_MINIO=%s: %v", bin, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		res, err := http.Get("http://" + addr + "/minio/health/ready")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if i > 100 {
			t.Fatalf("MinIO at %s did not become ready", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return files.S3Config{Endpoint: "http://" + addr, Bucket: bucket, AccessKey: "duban-test", SecretKey: "duban-test-secret", PathStyle: true}
}
