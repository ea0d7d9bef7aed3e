package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"duban/internal/files/s3test"
	"duban/internal/store/storetest"
)

// TestTwoInstances runs two duban servers on one PostgreSQL database and one
// object store, as a province deploys them behind a proxy: a file uploaded
// on one downloads on the other, the public feedback limit counts both, and
// a ladder pass run on both at once takes each step once.
func TestTwoInstances(t *testing.T) {
	pg := os.Getenv("DUBAN_TEST_POSTGRES")
	if pg == "" {
		t.Skip("DUBAN_TEST_POSTGRES is not set: two instances need one PostgreSQL")
	}
	dsn := storetest.PostgresSchema(t, pg, "instances")
	s3, kind := s3test.Config(t)
	t.Logf("object store: %s", kind)
	for k, v := range map[string]string{"DUBAN_S3_ENDPOINT": s3.Endpoint, "DUBAN_S3_BUCKET": s3.Bucket, "DUBAN_S3_ACCESS_KEY": s3.AccessKey,
		"DUBAN_S3_SECRET_KEY": s3.SecretKey, "DUBAN_S3_REGION": s3.Region, "DUBAN_S3_PATH_STYLE": "1",
		"DUBAN_AUDIT_KEY": strings.Repeat("ab", 32), "DUBAN_DB": "", "DUBAN_METRICS_TOKEN": ""} {
		t.Setenv(k, v)
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { stop(); wg.Wait() })
	start := func(extra ...string) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		args := append([]string{"serve", "--db", dsn, "--data", t.TempDir(), "--addr", addr}, extra...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out, errOut bytes.Buffer
			if code := Run(ctx, args, &out, &errOut); code != 0 && ctx.Err() == nil {
				t.Errorf("serve %s: exit %d: %s", addr, code, errOut.String())
			}
		}()
		for i := 0; ; i++ {
			if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return "http://" + addr
				}
			}
			if i > 600 {
				t.Fatalf("instance %s did not start", addr)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	a := start("--demo") // loads the reference case into the shared database
	b := start()

	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	call := func(method, u, token, ctype string, body io.Reader) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, u, body)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	login := func(base, user, pw string) string {
		st, body := call("POST", base+"/api/v1/auth/login", "", "application/json", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw)))
		var out struct{ Token string }
		json.Unmarshal(body, &out)
		if st != http.StatusOK || out.Token == "" {
			t.Fatalf("login %s on %s: %d %s", user, base, st, body)
		}
		return out.Token
	}

	t.Run("upload on one, download on the other", func(t *testing.T) {
		kjt := login(a, "kjt", "duban-demo")
		_, body := call("GET", a+"/api/v1/assignments?limit=100", kjt, "", nil)
		var list struct{ Items []struct{ ID int64 } }
		json.Unmarshal(body, &list)
		evidence := []byte("%PDF-1.4\n两实例共享的佐证材料\n")
		var reportID int64
		for _, it := range list.Items {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("period", time.Now().Format("2006-01"))
			mw.WriteField("content", "已完成阶段性整改。")
			mw.WriteField("work_date", time.Now().Format("2006-01-02"))
			fw, _ := mw.CreateFormFile("files", "佐证.pdf")
			fw.Write(evidence)
			mw.Close()
			st, body := call("POST", fmt.Sprintf("%s/api/v1/assignments/%d/reports", a, it.ID), kjt, mw.FormDataContentType(), &buf)
			if st == http.StatusCreated {
				var rep struct{ ID int64 }
				json.Unmarshal(body, &rep)
				reportID = rep.ID
				break
			}
		}
		if reportID == 0 {
			t.Fatalf("kjt could not report with a file on any of %d assignments", len(list.Items))
		}
		kjtB := login(b, "kjt", "duban-demo")
		_, body = call("GET", fmt.Sprintf("%s/api/v1/reports/%d/files", b, reportID), kjtB, "", nil)
		var fl struct{ Items []struct{ ID int64 } }
		json.Unmarshal(body, &fl)
		if len(fl.Items) != 1 {
			t.Fatalf("instance B lists %d files of the report, want 1: %s", len(fl.Items), body)
		}
		st, got := call("GET", fmt.Sprintf("%s/api/v1/attachments/%d", b, fl.Items[0].ID), kjtB, "", nil)
		if st != http.StatusOK || !bytes.Equal(got, evidence) {
			t.Errorf("download on B: %d, %d bytes; want the %d bytes uploaded on A", st, len(got), len(evidence))
		}
	})

	t.Run("public feedback limit shared", func(t *testing.T) {
		post := func(base string, i int) int {
			st, _ := call("POST", base+"/public/feedback", "", "application/x-www-form-urlencoded",
				strings.NewReader(url.Values{"content": {fmt.Sprintf("两实例第%d条", i)}}.Encode()))
			return st
		}
		for i := 1; i <= 5; i++ {
			base := []string{a, b}[i%2]
			if st := post(base, i); st != http.StatusSeeOther {
				t.Fatalf("post %d on %s: %d, want 303", i, base, st)
			}
		}
		for _, base := range []string{a, b} {
			if st := post(base, 6); st != http.StatusTooManyRequests {
				t.Errorf("sixth post on %s: %d, want 429 (five already taken across both instances)", base, st)
			}
		}
	})

	t.Run("login throttling shared", func(t *testing.T) {
		try := func(base, pw string) int {
			st, _ := call("POST", base+"/api/v1/auth/login", "", "application/json", strings.NewReader(fmt.Sprintf(`{"username":"czt","password":%q}`, pw)))
			return st
		}
		for i := 0; i < 5; i++ { // the default policy locks an account after 5 failures
			if st := try([]string{a, b}[i%2], "wrong-password"); st != http.StatusUnauthorized && st != http.StatusLocked {
				t.Fatalf("failure %d: %d", i+1, st)
			}
		}
		for _, base := range []string{a, b} {
			if st := try(base, "duban-demo"); st != http.StatusLocked {
				t.Errorf("right password on %s after 5 failures spread over both instances: %d, want 423", base, st)
			}
		}
	})

	t.Run("ladder steps once", func(t *testing.T) {
		// Far enough for overdue items to climb the ladder, and a working day:
		// nothing goes out on a rest day.
		var wd struct{ Date string }
		_, wdBody := call("GET", a+"/api/v1/workdays?n=1&from="+time.Now().AddDate(0, 0, 44).Format("2006-01-02"), login(a, "admin", "duban-admin"), "", nil)
		if err := json.Unmarshal(wdBody, &wd); err != nil || wd.Date == "" {
			t.Fatalf("workdays: %s", wdBody)
		}
		at := wd.Date
		steps := make([]int, 2)
		var pw sync.WaitGroup
		for i, base := range []string{a, b} {
			pw.Add(1)
			go func() {
				defer pw.Done()
				tok := login(base, "admin", "duban-admin")
				st, body := call("POST", base+"/api/v1/jobs/run?at="+at, tok, "", nil)
				var rep struct{ Steps []json.RawMessage }
				json.Unmarshal(body, &rep)
				if st != http.StatusOK {
					t.Errorf("jobs run on %s: %d %s", base, st, body)
				}
				steps[i] = len(rep.Steps)
			}()
		}
		pw.Wait()
		if steps[0]+steps[1] == 0 {
			t.Fatalf("no ladder step taken on either instance: the test proves nothing")
		}
		tok := login(a, "admin", "duban-admin")
		_, body := call("POST", b+"/api/v1/jobs/run?at="+at, tok, "", nil)
		var again struct{ Steps []json.RawMessage }
		json.Unmarshal(body, &again)
		if len(again.Steps) != 0 {
			t.Errorf("a third pass on the same day took %d steps again", len(again.Steps))
		}
		t.Logf("steps taken: %d on A, %d on B (together once)", steps[0], steps[1])
	})
}
