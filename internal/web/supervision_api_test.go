package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"log/slog"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"duban/internal/calendar"
	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/jobs"
	"duban/internal/store"
	"duban/internal/web"
)

// This file tests the supervision API over HTTP: evidence files on reports,
// review and revision, reporting rates, extensions, escalations, look-backs,
// the working-day calendar, leadership instructions, the background pass
// and the in-app inbox.

// supEnv is an env on the demo whose server keeps evidence files in a
// folder of its own and runs background passes.
type supEnv struct {
	*env
	filesDir string
}

// newSupervisionEnv loads the demo into db and starts a server on it the
// way startEnv does, with SetFiles and SetJobs. The demo's records are
// written as of loadedAgo before now (its deadlines still count from today),
// so that a test may find assignments given before a past reporting period.
func newSupervisionEnv(t *testing.T, db *testDB, loadedAgo time.Duration) *supEnv {
	t.Helper()
	s := &supEnv{filesDir: t.TempDir()}
	db.DB.Now = func() time.Time { return time.Now().Add(-loadedAgo) }
	res, err := demo.Load(context.Background(), db.DB, chinaToday())
	db.DB.Now = time.Now
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := web.New(db.DB, log)
	srv.SetFiles(&files.Store{Dir: s.filesDir})
	runner := &jobs.Runner{DB: db.DB, Now: time.Now, Instance: "t", Log: log}
	srv.SetJobs(func(ctx context.Context, at time.Time) (any, error) { return runner.PassAt(ctx, at) })
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	s.env = &env{db: db, server: srv, http: hs, planID: res.PlanID, tokens: map[string]string{}}
	return s
}

// chinaToday is today in China, the day the server counts in.
func chinaToday() duban.Date { return duban.DateOf(time.Now().In(duban.ChinaTime)) }

// formFile is a file part of a multipart form.
type formFile struct {
	name string
	data []byte
}

// multipartForm encodes fields and files (each under "files").
func multipartForm(t testing.TB, fields map[string]string, parts []formFile) (body, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range parts {
		part, err := w.CreateFormFile("files", f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

// postReportForm submits a report with files as multipart/form-data.
func (e *supEnv) postReportForm(t testing.TB, user string, assignment int64, fields map[string]string, parts []formFile) response {
	t.Helper()
	body, ct := multipartForm(t, fields, parts)
	return e.do(t, user, http.MethodPost, pathf("/api/v1/assignments/%d/reports", assignment), body, map[string]string{"Content-Type": ct})
}

// storedFiles counts the files kept in the evidence folder.
func (e *supEnv) storedFiles(t testing.TB) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(e.filesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), ".upload-") {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// reports lists an assignment's reports as user.
func (e *supEnv) reports(t testing.TB, user string, assignment int64) []duban.Report {
	t.Helper()
	var out struct{ Items []duban.Report }
	e.mustDo(t, user, http.MethodGet, pathf("/api/v1/assignments/%d/reports", assignment), nil, nil, http.StatusOK).decode(t, &out)
	return out.Items
}

// assignment reads one assignment as user.
func (e *supEnv) assignment(t testing.TB, user string, id int64) duban.Assignment {
	t.Helper()
	var a duban.Assignment
	e.mustDo(t, user, http.MethodGet, pathf("/api/v1/assignments/%d", id), nil, nil, http.StatusOK).decode(t, &a)
	return a
}

// workdaysOut is the answer of GET /api/v1/workdays.
type workdaysOut struct {
	From      duban.Date `json:"from"`
	IsWorkday bool       `json:"is_workday"`
	Date      duban.Date `json:"date"`
	Workdays  int        `json:"workdays"`
	Warning   string     `json:"warning"`
}

func (e *env) workdays(t testing.TB, query string) workdaysOut {
	t.Helper()
	var out workdaysOut
	e.mustDo(t, "admin", http.MethodGet, "/api/v1/workdays?"+query, nil, nil, http.StatusOK).decode(t, &out)
	return out
}

// demoPDF, demoPNG and demoEXE are evidence files: two allowed, one not.
var (
	demoPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	demoEXE = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00"), []byte("This program cannot be run in DOS mode.\r\r\n$")...)
)

func demoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := range 4 {
		for y := range 4 {
			img.Set(x, y, color.RGBA{R: uint8(60 * x), G: uint8(60 * y), B: 200, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// pick returns the first assignment of the admin's list that ok accepts,
// other than those in skip.
func pick(t testing.TB, all []duban.Assignment, what string, ok func(a duban.Assignment) bool, skip ...int64) duban.Assignment {
	t.Helper()
	return findAssignment(t, all, what, func(a duban.Assignment) bool { return ok(a) && !slices.Contains(skip, a.ID) })
}

func TestEvidenceAndRevision(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		all := listAll[duban.Assignment](t, e.env, "admin", "/api/v1/assignments?limit=100")
		a := pick(t, all, "of 省财政厅 in progress", func(a duban.Assignment) bool {
			return a.Unit.Name == "省财政厅" && a.Status == duban.StatusInProgress
		})
		pngData := demoPNG(t)
		before := e.reports(t, "czt", a.ID)
		start := time.Now()

		r := e.postReportForm(t, "czt", a.ID, map[string]string{"period": "2022-03", "content": "已拨付专项资金，拨付文件和现场照片见附件。", "work_date": "2022年3月20日"},
			[]formFile{{"拨付文件.pdf", demoPDF}, {"现场照片.png", pngData}})
		if r.Status != http.StatusCreated {
			t.Fatalf("POST a report with two files as czt: got status %d, want 201: %s", r.Status, r.Body)
		}
		var rep duban.Report
		r.decode(t, &rep)
		var pdfAttachment store.Attachment

		t.Run("the report is created with its fields", func(t *testing.T) {
			if rep.ID == 0 || rep.AssignmentID != a.ID || rep.Period != "2022-03" || rep.Review != duban.ReviewPending {
				t.Errorf("got report %+v, want a pending report of assignment %d for 2022-03", rep, a.ID)
			}
			if got := r.Header.Get("ETag"); got != fmt.Sprintf(`"%d"`, rep.Version) {
				t.Errorf("got ETag %q, want the version %d", got, rep.Version)
			}
			after := e.reports(t, "czt", a.ID)
			if len(after) != len(before)+1 {
				t.Errorf("got %d reports after the upload, want %d", len(after), len(before)+1)
			}
		})

		t.Run("work date stays apart from the submission time", func(t *testing.T) {
			if rep.WorkDate.String() != "2022-03-20" {
				t.Errorf("got work_date %s, want 2022-03-20 (from 2022年3月20日)", rep.WorkDate)
			}
			if rep.SubmittedAt.Before(start.Add(-time.Minute)) || rep.SubmittedAt.After(time.Now().Add(time.Minute)) {
				t.Errorf("got submitted_at %s, want the time of the upload (about %s)", rep.SubmittedAt, start)
			}
			stored := e.reports(t, "zgb", a.ID)
			for _, x := range stored {
				if x.ID == rep.ID && (x.WorkDate.String() != "2022-03-20" || !x.SubmittedAt.Equal(rep.SubmittedAt)) {
					t.Errorf("the stored report has work_date %s submitted_at %s, want 2022-03-20 and %s", x.WorkDate, x.SubmittedAt, rep.SubmittedAt)
				}
			}
		})

		t.Run("its files are listed with the sniffed type", func(t *testing.T) {
			var list struct{ Items []store.Attachment }
			e.mustDo(t, "czt", "GET", pathf("/api/v1/reports/%d/files", rep.ID), nil, nil, http.StatusOK).decode(t, &list)
			if len(list.Items) != 2 {
				t.Fatalf("got %d files, want 2: %+v", len(list.Items), list.Items)
			}
			want := map[string]struct {
				mime string
				data []byte
			}{"拨付文件.pdf": {"application/pdf", demoPDF}, "现场照片.png": {"image/png", pngData}}
			for _, f := range list.Items {
				w, ok := want[f.Name]
				if !ok {
					t.Errorf("got a file named %q, want 拨付文件.pdf or 现场照片.png", f.Name)
					continue
				}
				delete(want, f.Name)
				if f.MIME != w.mime || f.Size != int64(len(w.data)) || f.SHA256 != sha(w.data) || f.OwnerType != "report" || f.OwnerID != rep.ID {
					t.Errorf("file %s: got %+v, want mime %s, size %d, sha256 %s, owner report %d", f.Name, f, w.mime, len(w.data), sha(w.data), rep.ID)
				}
				if f.Name == "拨付文件.pdf" {
					pdfAttachment = f
				}
			}
			if len(want) != 0 {
				t.Errorf("files missing from the list: %v", want)
			}
			if n := e.storedFiles(t); n != 2 {
				t.Errorf("got %d files in the evidence folder, want 2", n)
			}
		})
		if pdfAttachment.ID == 0 {
			t.Fatal("no PDF attachment to download")
		}

		t.Run("download", func(t *testing.T) {
			path := pathf("/api/v1/attachments/%d", pdfAttachment.ID)
			for _, user := range []string{"czt", "xsb"} {
				r := e.mustDo(t, user, "GET", path, nil, nil, http.StatusOK)
				if !bytes.Equal(r.Body, demoPDF) {
					t.Errorf("download as %s: got %d bytes, want the %d uploaded", user, len(r.Body), len(demoPDF))
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
					t.Errorf("download as %s: got Content-Type %q, want application/pdf", user, ct)
				}
				cd := r.Header.Get("Content-Disposition")
				if !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, url.PathEscape("拨付文件.pdf")) {
					t.Errorf("download as %s: got Content-Disposition %q, want an attachment named 拨付文件.pdf", user, cd)
				}
				if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("download as %s: got X-Content-Type-Options %q, want nosniff", user, got)
				}
			}
			r := e.mustDo(t, "kjt", "GET", path, nil, nil, http.StatusNotFound)
			if bytes.Contains(r.Body, demoPDF[:8]) || strings.Contains(string(r.Body), "拨付文件") {
				t.Errorf("kjt's 404 reveals the file: %s", r.Body)
			}
			e.mustDo(t, "kjt", "GET", pathf("/api/v1/reports/%d/files", rep.ID), nil, nil, http.StatusNotFound)
			e.mustDo(t, "czt", "GET", "/api/v1/attachments/999999", nil, nil, http.StatusNotFound)
		})

		t.Run("an executable named .pdf is refused with its report", func(t *testing.T) {
			n := len(e.reports(t, "czt", a.ID))
			r := e.postReportForm(t, "czt", a.ID, map[string]string{"period": "2022-04", "content": "附件为拨付凭证。", "work_date": "2022-04-01"},
				[]formFile{{"拨付文件.pdf", demoPDF}, {"report.pdf", demoEXE}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("got status %d, want 422: %s", r.Status, r.Body)
			}
			p := checkProblem(t, r)
			if p.Code != "invalid" || p.Errors["files"] == "" || !strings.Contains(p.Detail, "report.pdf") {
				t.Errorf("got problem %+v, want code invalid naming report.pdf with an error on files", p)
			}
			if got := len(e.reports(t, "czt", a.ID)); got != n {
				t.Errorf("got %d reports after the refused upload, want %d (none created)", got, n)
			}
			if got := e.storedFiles(t); got != 2 {
				t.Errorf("got %d files in the evidence folder, want 2 (the executable is not kept)", got)
			}
		})

		t.Run("a bad work date is refused", func(t *testing.T) {
			r := e.postReportForm(t, "czt", a.ID, map[string]string{"period": "2022-04", "content": "进展。", "work_date": "2022年13月1日"}, nil)
			if r.Status != http.StatusUnprocessableEntity || checkProblem(t, r).Errors["work_date"] == "" {
				t.Errorf("got status %d %s, want 422 with an error on work_date", r.Status, r.Body)
			}
		})

		var second duban.Report
		t.Run("the same file uploaded twice is stored once", func(t *testing.T) {
			r := e.postReportForm(t, "czt", a.ID, map[string]string{"period": "2022-04", "content": "再次报送拨付文件。", "work_date": "2022-04-08"},
				[]formFile{{"拨付文件（再次报送）.pdf", demoPDF}})
			if r.Status != http.StatusCreated {
				t.Fatalf("got status %d, want 201: %s", r.Status, r.Body)
			}
			r.decode(t, &second)
			var list struct{ Items []store.Attachment }
			e.mustDo(t, "czt", "GET", pathf("/api/v1/reports/%d/files", second.ID), nil, nil, http.StatusOK).decode(t, &list)
			if len(list.Items) != 1 {
				t.Fatalf("got %d files on the second report, want 1", len(list.Items))
			}
			f := list.Items[0]
			if f.SHA256 != pdfAttachment.SHA256 || f.ID == pdfAttachment.ID {
				t.Errorf("got attachment %d with sha256 %s, want a new attachment sharing %s", f.ID, f.SHA256, pdfAttachment.SHA256)
			}
			if n := e.storedFiles(t); n != 2 {
				t.Errorf("got %d files in the evidence folder, want still 2", n)
			}
			d := e.mustDo(t, "czt", "GET", pathf("/api/v1/attachments/%d", f.ID), nil, nil, http.StatusOK)
			if !bytes.Equal(d.Body, demoPDF) || !strings.Contains(d.Header.Get("Content-Disposition"), url.PathEscape("拨付文件（再次报送）.pdf")) {
				t.Errorf("download of the second attachment: got %d bytes, Content-Disposition %q, want the PDF under its own name", len(d.Body), d.Header.Get("Content-Disposition"))
			}
		})

		// Review and revise.
		reportPath := pathf("/api/v1/reports/%d", rep.ID)
		t.Run("lead office returns the report", func(t *testing.T) {
			var x duban.Report
			e.mustDo(t, "zgb", "POST", reportPath+"/review", map[string]string{"review": "returned", "comment": "请补充"}, nil, http.StatusOK).decode(t, &x)
			if x.Review != duban.ReviewReturned || x.ReviewComment != "请补充" || x.Version != rep.Version+1 {
				t.Errorf("got review %q comment %q version %d, want returned, 请补充, %d", x.Review, x.ReviewComment, x.Version, rep.Version+1)
			}
			rep = x
		})
		t.Run("a liaison cannot review", func(t *testing.T) {
			e.mustDo(t, "czt", "POST", pathf("/api/v1/reports/%d/review", second.ID), map[string]string{"review": "accepted"}, nil, http.StatusForbidden)
		})
		t.Run("another unit cannot revise it", func(t *testing.T) {
			e.mustDo(t, "kjt", "PATCH", reportPath, map[string]string{"content": "别的单位改的"}, nil, http.StatusNotFound)
		})
		t.Run("the liaison revises it and it goes back to review", func(t *testing.T) {
			var x duban.Report
			r := e.mustDo(t, "czt", "PATCH", reportPath, map[string]string{"content": "补充后的进展"}, map[string]string{"If-Match": fmt.Sprintf(`"%d"`, rep.Version)}, http.StatusOK)
			r.decode(t, &x)
			if x.Review != duban.ReviewPending || x.Content != "补充后的进展" || x.WorkDate.String() != "2022-03-20" || x.Version != rep.Version+1 {
				t.Errorf("got %+v, want pending, content 补充后的进展, work_date kept 2022-03-20, version %d", x, rep.Version+1)
			}
			if got := r.Header.Get("ETag"); got != fmt.Sprintf(`"%d"`, x.Version) {
				t.Errorf("got ETag %q, want %d", got, x.Version)
			}
			found := false
			for _, s := range e.reports(t, "zgb", a.ID) {
				if s.ID == rep.ID {
					found = true
					if s.Review != duban.ReviewPending || s.Content != "补充后的进展" {
						t.Errorf("the stored report has review %q content %q, want pending and the new text", s.Review, s.Content)
					}
				}
			}
			if !found {
				t.Errorf("report %d is missing from the list", rep.ID)
			}
			rep = x
		})
		t.Run("a pending report cannot be revised", func(t *testing.T) {
			e.mustDo(t, "czt", "PATCH", reportPath, map[string]string{"content": "再改一次"}, nil, http.StatusConflict)
		})
		t.Run("an accepted report cannot be revised", func(t *testing.T) {
			e.mustDo(t, "zgb", "POST", reportPath+"/review", map[string]string{"review": "accepted"}, nil, http.StatusOK)
			e.mustDo(t, "czt", "PATCH", reportPath, map[string]string{"content": "采用后又改"}, nil, http.StatusConflict)
			for _, s := range e.reports(t, "czt", a.ID) {
				if s.ID == rep.ID && (s.Review != duban.ReviewAccepted || s.Content != "补充后的进展") {
					t.Errorf("got review %q content %q, want the accepted report unchanged", s.Review, s.Content)
				}
			}
		})
		t.Run("a revision with a stale If-Match is refused", func(t *testing.T) {
			// The second report is returned (version 2); a client that last
			// saw version 1 must not overwrite it.
			var x duban.Report
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/reports/%d/review", second.ID), map[string]string{"review": "returned", "comment": "请附拨付凭证"}, nil, http.StatusOK).decode(t, &x)
			r := e.do(t, "czt", "PATCH", pathf("/api/v1/reports/%d", second.ID), map[string]string{"content": "基于旧版本的修改"},
				map[string]string{"If-Match": fmt.Sprintf(`"%d"`, x.Version-1)})
			if r.Status != http.StatusPreconditionFailed {
				t.Errorf("PATCH with If-Match %d while the report is at version %d: got status %d, want 412: %s", x.Version-1, x.Version, r.Status, r.Body)
			}
		})
	})
}

// reportingOut is the answer of GET /api/v1/plans/{id}/reporting.
type reportingOut struct {
	PlanID int64                 `json:"plan_id"`
	Period string                `json:"period"`
	Due    duban.Date            `json:"due"`
	Units  []store.UnitReporting `json:"units"`
}

// checkReporting checks that each unit's counts add up and its rates follow from them.
func checkReporting(t *testing.T, out reportingOut) {
	t.Helper()
	for _, u := range out.Units {
		if u.Expected <= 0 || u.OnTime < 0 || u.Late < 0 || u.Missing < 0 || u.OnTime+u.Late+u.Missing != u.Expected {
			t.Errorf("%s: got expected %d on_time %d late %d missing %d, want non-negative counts adding up to expected", u.Unit.Name, u.Expected, u.OnTime, u.Late, u.Missing)
			continue
		}
		for name, rate := range map[string]float64{"on_time_rate": u.OnTimeRate, "completeness": u.Completeness} {
			if rate < 0 || rate > 1 {
				t.Errorf("%s: got %s %v, want within [0,1]", u.Unit.Name, name, rate)
			}
		}
		if want := float64(u.OnTime) / float64(u.Expected); math.Abs(u.OnTimeRate-want) > 1e-9 {
			t.Errorf("%s: got on_time_rate %v, want %v", u.Unit.Name, u.OnTimeRate, want)
		}
		if want := float64(u.OnTime+u.Late) / float64(u.Expected); math.Abs(u.Completeness-want) > 1e-9 {
			t.Errorf("%s: got completeness %v, want %v", u.Unit.Name, u.Completeness, want)
		}
	}
}

func unitRow(out reportingOut, name string) (store.UnitReporting, bool) {
	for _, u := range out.Units {
		if u.Unit.Name == name {
			return u, true
		}
	}
	return store.UnitReporting{}, false
}

func TestReportingRates(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		// Assignments given two months ago are expected in the current period.
		e := newSupervisionEnv(t, db, 62*24*time.Hour)
		today := chinaToday()
		base := pathf("/api/v1/plans/%d/reporting", e.planID)
		get := func(t *testing.T, user, period string) reportingOut {
			t.Helper()
			var out reportingOut
			e.mustDo(t, user, "GET", base+"?period="+url.QueryEscape(period), nil, nil, http.StatusOK).decode(t, &out)
			checkReporting(t, out)
			return out
		}
		all := listAll[duban.Assignment](t, e.env, "admin", pathf("/api/v1/assignments?plan=%d&limit=100", e.planID))
		var expected []duban.Assignment // 省财政厅's assignments that report
		for _, a := range all {
			if a.Unit.Name == "省财政厅" && a.Status != duban.StatusDraft && (a.Status != duban.StatusClosed || a.PhaseComplete) {
				expected = append(expected, a)
			}
		}
		if len(expected) < 2 {
			t.Fatalf("the demo gives 省财政厅 %d assignments to report on, want at least 2", len(expected))
		}
		report := func(t *testing.T, a duban.Assignment, period, content string) {
			t.Helper()
			e.mustDo(t, "czt", "POST", pathf("/api/v1/assignments/%d/reports", a.ID),
				map[string]string{"period": period, "content": content, "work_date": today.String()}, nil, http.StatusCreated)
		}

		// A due day on a rest day moves to the next working day.
		period, due := duban.DuePeriodOn(duban.CadenceMonthly, 25, today, func(d duban.Date) duban.Date { return calendar.Default().AddWorkdays(d.AddDays(-1), 1) })
		t.Run("current period", func(t *testing.T) {
			out := get(t, "zgb", period)
			if out.Period != period || out.Due != due || out.PlanID != e.planID {
				t.Errorf("got plan %d period %s due %s, want %d, %s, %s", out.PlanID, out.Period, out.Due, e.planID, period, due)
			}
			if len(out.Units) < 3 {
				t.Errorf("got %d units, want the demo's units that report", len(out.Units))
			}
			var def reportingOut
			e.mustDo(t, "zgb", "GET", base, nil, nil, http.StatusOK).decode(t, &def)
			if def.Period != period || len(def.Units) != len(out.Units) {
				t.Errorf("without ?period: got period %s with %d units, want the current one %s with %d", def.Period, len(def.Units), period, len(out.Units))
			}
			before, ok := unitRow(out, "省财政厅")
			if !ok || before.Expected != len(expected) {
				t.Fatalf("省财政厅: got %+v, want expected %d", before, len(expected))
			}
			// Its due day has passed: a report now is late.
			var a duban.Assignment
			for _, x := range expected {
				if !slices.ContainsFunc(e.reports(t, "czt", x.ID), func(r duban.Report) bool { return r.Period == period }) {
					a = x
					break
				}
			}
			if a.ID == 0 {
				t.Fatalf("every assignment of 省财政厅 already reported for %s", period)
			}
			report(t, a, period, "本期进展，逾期报送。")
			after, _ := unitRow(get(t, "zgb", period), "省财政厅")
			if after.Expected != before.Expected || after.Late != before.Late+1 || after.OnTime != before.OnTime || after.Missing != before.Missing-1 {
				t.Errorf("省财政厅 after a late report: got %+v, want %+v with one more late and one fewer missing", after, before)
			}
		})

		t.Run("bad period", func(t *testing.T) {
			for _, p := range []string{"2022-13", "2022-Q1", "2022年3月"} {
				r := e.mustDo(t, "zgb", "GET", base+"?period="+url.QueryEscape(p), nil, nil, http.StatusUnprocessableEntity)
				if checkProblem(t, r).Errors["period"] == "" {
					t.Errorf("period %q: got %s, want an error on period", p, r.Body)
				}
			}
		})

		// A period still ahead: nothing is in yet, and a report now is on time.
		nextDue := duban.NewDate(today.Time().Year(), today.Time().Month()+1, 25)
		next := duban.PeriodOf(duban.CadenceMonthly, nextDue)
		t.Run("a period ahead starts with every report missing", func(t *testing.T) {
			out := get(t, "zgb", next)
			if out.Due != nextDue || len(out.Units) == 0 {
				t.Fatalf("got due %s and %d units, want %s and some units", out.Due, len(out.Units), nextDue)
			}
			u, ok := unitRow(out, "省财政厅")
			if !ok || u.Expected != len(expected) || u.OnTime != 0 || u.Late != 0 || u.Missing != len(expected) {
				t.Errorf("省财政厅: got %+v, want expected %d, all missing", u, len(expected))
			}
		})
		t.Run("an early report counts on time, once per assignment", func(t *testing.T) {
			report(t, expected[0], next, "本月按计划推进。")
			report(t, expected[0], next, "本月补充一份报送。")
			report(t, expected[1], next, "另一项本月进展。")
			u, _ := unitRow(get(t, "zgb", next), "省财政厅")
			n := float64(len(expected))
			if u.Expected != len(expected) || u.OnTime != 2 || u.Late != 0 || u.Missing != len(expected)-2 ||
				math.Abs(u.OnTimeRate-2/n) > 1e-9 || math.Abs(u.Completeness-2/n) > 1e-9 {
				t.Errorf("省财政厅: got %+v, want on_time 2, late 0, missing %d, rates %v", u, len(expected)-2, 2/n)
			}
		})

		t.Run("a liaison sees only its unit", func(t *testing.T) {
			out := get(t, "czt", next)
			if len(out.Units) != 1 || out.Units[0].Unit.Name != "省财政厅" {
				t.Errorf("czt: got units %+v, want only 省财政厅", out.Units)
			}
			for _, u := range get(t, "kjt", next).Units {
				if u.Unit.Name != "省科技厅" {
					t.Errorf("kjt sees the reporting of %s", u.Unit.Name)
				}
			}
		})
	})
}

func TestExtensionsAndEscalations(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		all := listAll[duban.Assignment](t, e.env, "admin", "/api/v1/assignments?limit=100")
		a := pick(t, all, "of 省财政厅 in progress with a date", func(a duban.Assignment) bool {
			return a.Unit.Name == "省财政厅" && a.Status == duban.StatusInProgress && a.DeadlineKind == duban.DeadlineDate
		})
		extPath := pathf("/api/v1/assignments/%d/extensions", a.ID)
		later := a.Deadline.AddDays(30)

		t.Run("extensions", func(t *testing.T) {
			e.mustDo(t, "kjt", "POST", extPath, map[string]string{"new_deadline": later.String(), "reason": "别的单位申请"}, nil, http.StatusNotFound)
			e.mustDo(t, "czt", "POST", extPath, map[string]string{"new_deadline": a.Deadline.String(), "reason": "不晚于现时限"}, nil, http.StatusUnprocessableEntity)
			e.mustDo(t, "czt", "POST", extPath, map[string]string{"new_deadline": later.String(), "reason": " "}, nil, http.StatusUnprocessableEntity)

			var ext duban.Extension
			e.mustDo(t, "czt", "POST", extPath, map[string]string{"new_deadline": later.String(), "reason": "资金拨付需待预算调整批复"}, nil, http.StatusCreated).decode(t, &ext)
			if ext.ID == 0 || ext.Status != duban.ExtensionPending || ext.OldDeadline != a.Deadline || ext.NewDeadline != later || ext.AssignmentID != a.ID {
				t.Fatalf("got %+v, want a pending request from %s to %s", ext, a.Deadline, later)
			}
			e.mustDo(t, "czt", "POST", extPath, map[string]string{"new_deadline": later.AddDays(10).String(), "reason": "再申请"}, nil, http.StatusConflict)
			e.mustDo(t, "czt", "POST", pathf("/api/v1/extensions/%d/approve", ext.ID), nil, nil, http.StatusForbidden)
			e.mustDo(t, "kjt", "POST", pathf("/api/v1/extensions/%d/approve", ext.ID), nil, nil, http.StatusNotFound)
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/extensions/%d/postpone", ext.ID), nil, nil, http.StatusNotFound)
			if got := e.assignment(t, "czt", a.ID); got.Deadline != a.Deadline {
				t.Errorf("before approval: got deadline %s, want %s unchanged", got.Deadline, a.Deadline)
			}

			var dec duban.Extension
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/extensions/%d/approve", ext.ID), map[string]string{"comment": "同意延期"}, nil, http.StatusOK).decode(t, &dec)
			if dec.Status != duban.ExtensionApproved || dec.DecidedAt == nil || dec.Comment != "同意延期" {
				t.Errorf("got %+v, want approved with the comment", dec)
			}
			got := e.assignment(t, "czt", a.ID)
			if got.Deadline != later || got.OriginalDeadline != a.OriginalDeadline || got.OriginalDeadline.IsZero() || got.Version <= a.Version {
				t.Errorf("after approval: got deadline %s original %s version %d, want %s, %s kept, a new version", got.Deadline, got.OriginalDeadline, got.Version, later, a.OriginalDeadline)
			}
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/extensions/%d/refuse", ext.ID), nil, nil, http.StatusConflict)
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/extensions/%d/approve", ext.ID), nil, nil, http.StatusConflict)

			var list struct{ Items []duban.Extension }
			e.mustDo(t, "czt", "GET", extPath, nil, nil, http.StatusOK).decode(t, &list)
			if len(list.Items) != 1 || list.Items[0].ID != ext.ID || list.Items[0].OldDeadline != a.Deadline || list.Items[0].NewDeadline != later ||
				list.Items[0].Status != duban.ExtensionApproved {
				t.Errorf("got extensions %+v, want the one approved from %s to %s", list.Items, a.Deadline, later)
			}
			e.mustDo(t, "kjt", "GET", extPath, nil, nil, http.StatusNotFound)
		})

		t.Run("escalations", func(t *testing.T) {
			escPath := pathf("/api/v1/assignments/%d/escalations", a.ID)
			replyDue := chinaToday().AddDays(10)
			e.mustDo(t, "czt", "POST", escPath, map[string]string{"level": "circular", "note": "联络员自己通报"}, nil, http.StatusForbidden)
			r := e.mustDo(t, "zgb", "POST", escPath, map[string]string{"level": "bogus"}, nil, http.StatusUnprocessableEntity)
			if checkProblem(t, r).Errors["level"] == "" {
				t.Errorf("got %s, want an error on level", r.Body)
			}
			r = e.mustDo(t, "zgb", "POST", escPath, map[string]string{"level": "notice"}, nil, http.StatusUnprocessableEntity)
			if checkProblem(t, r).Errors["reply_due"] == "" {
				t.Errorf("got %s, want an error on reply_due", r.Body)
			}

			var notice duban.Escalation
			e.mustDo(t, "zgb", "POST", escPath, map[string]string{"level": "notice", "reply_due": replyDue.String()}, nil, http.StatusCreated).decode(t, &notice)
			m := regexp.MustCompile(`^督办〔(\d{4})〕(\d+)号$`).FindStringSubmatch(notice.Number)
			if notice.ID == 0 || notice.Level != duban.LevelNotice || m == nil || m[1] != fmt.Sprint(chinaToday().Time().Year()) || notice.ReplyDue != replyDue {
				t.Fatalf("got %+v, want a notice numbered 督办〔%d〕N号 due %s", notice, chinaToday().Time().Year(), replyDue)
			}
			if got := e.assignment(t, "czt", a.ID); got.NoticeDue != replyDue {
				t.Errorf("got notice_due %s, want the notice's reply due %s", got.NoticeDue, replyDue)
			}

			var circ duban.Escalation
			e.mustDo(t, "zgb", "POST", escPath, map[string]string{"level": "circular", "note": "在工委会上通报"}, nil, http.StatusCreated).decode(t, &circ)
			if circ.Level != duban.LevelCircular || circ.Note != "在工委会上通报" || circ.Number != "" || circ.ID == notice.ID {
				t.Errorf("got %+v, want an unnumbered circular with the note", circ)
			}

			t.Run("notices are numbered in sequence", func(t *testing.T) {
				other := pick(t, all, "another open one of 省财政厅", func(x duban.Assignment) bool {
					return x.Unit.Name == "省财政厅" && x.Status != duban.StatusClosed && x.Status != duban.StatusDraft
				}, a.ID)
				var n2 duban.Escalation
				e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/escalations", other.ID),
					map[string]string{"level": "notice", "reply_due": replyDue.String()}, nil, http.StatusCreated).decode(t, &n2)
				if want := fmt.Sprintf("督办〔%s〕%d号", m[1], atoi(t, m[2])+1); n2.Number != want {
					t.Errorf("got the next notice numbered %q, want %q", n2.Number, want)
				}
			})

			replyPath := pathf("/api/v1/escalations/%d/reply", notice.ID)
			if r := e.do(t, "kjt", "POST", replyPath, map[string]string{"reply": "别的单位回复"}, nil); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("kjt replies to 省财政厅's notice: got status %d, want 404 or 403: %s", r.Status, r.Body)
			}
			e.mustDo(t, "czt", "POST", pathf("/api/v1/escalations/%d/reply", circ.ID), map[string]string{"reply": "通报无须回复"}, nil, http.StatusConflict)
			e.mustDo(t, "czt", "POST", replyPath, map[string]string{"reply": "  "}, nil, http.StatusUnprocessableEntity)

			var replied duban.Escalation
			e.mustDo(t, "czt", "POST", replyPath, map[string]string{"reply": "已完成资金拨付，书面说明另附。"}, nil, http.StatusOK).decode(t, &replied)
			if replied.Reply != "已完成资金拨付，书面说明另附。" || replied.RepliedAt == nil || replied.Number != notice.Number {
				t.Errorf("got %+v, want the reply recorded", replied)
			}
			e.mustDo(t, "czt", "POST", replyPath, map[string]string{"reply": "再次回复"}, nil, http.StatusConflict)
			if got := e.assignment(t, "czt", a.ID); !got.NoticeDue.IsZero() {
				t.Errorf("after the reply: got notice_due %s, want none", got.NoticeDue)
			}

			var list struct{ Items []duban.Escalation }
			e.mustDo(t, "czt", "GET", escPath, nil, nil, http.StatusOK).decode(t, &list)
			if len(list.Items) != 2 {
				t.Fatalf("got %d escalations, want 2: %+v", len(list.Items), list.Items)
			}
			if n := list.Items[0]; n.ID != notice.ID || n.Level != duban.LevelNotice || n.Number != notice.Number || n.Reply != replied.Reply || n.RepliedAt == nil {
				t.Errorf("got first %+v, want the answered notice %s", n, notice.Number)
			}
			if c := list.Items[1]; c.ID != circ.ID || c.Level != duban.LevelCircular || c.Note != "在工委会上通报" {
				t.Errorf("got second %+v, want the circular", c)
			}
			e.mustDo(t, "kjt", "GET", escPath, nil, nil, http.StatusNotFound)
		})
	})
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLookbacks(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		all := listAll[duban.Assignment](t, e.env, "admin", "/api/v1/assignments?limit=100")
		closed := pick(t, all, "closed of 省财政厅", func(a duban.Assignment) bool { return a.Unit.Name == "省财政厅" && a.Status == duban.StatusClosed })
		open := pick(t, all, "open of 省财政厅", func(a duban.Assignment) bool {
			return a.Unit.Name == "省财政厅" && a.Status != duban.StatusClosed && a.Status != duban.StatusDraft
		})
		listPath := pathf("/api/v1/lookbacks?assignment=%d", closed.ID)
		list := func(t *testing.T, user string) []duban.Lookback {
			t.Helper()
			var out struct{ Items []duban.Lookback }
			e.mustDo(t, user, "GET", listPath, nil, nil, http.StatusOK).decode(t, &out)
			return out.Items
		}
		before := list(t, "zgb")
		schedPath := pathf("/api/v1/assignments/%d/lookbacks", closed.ID)

		e.mustDo(t, "zgb", "POST", schedPath, map[string]string{}, nil, http.StatusUnprocessableEntity)
		e.mustDo(t, "czt", "POST", schedPath, map[string]string{"due_date": "2027-01-15"}, nil, http.StatusForbidden)
		e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/lookbacks", open.ID), map[string]string{"due_date": "2027-01-15"}, nil, http.StatusConflict)
		var sched struct{ Scheduled *int }
		e.mustDo(t, "zgb", "POST", schedPath, map[string]string{"due_date": "2027-01-15", "campaign": "2027年初回头看"}, nil, http.StatusCreated).decode(t, &sched)
		if sched.Scheduled == nil || *sched.Scheduled != 1 {
			t.Fatalf("got scheduled %v, want 1", sched.Scheduled)
		}

		after := list(t, "zgb")
		var lb duban.Lookback
		for _, l := range after {
			if !slices.ContainsFunc(before, func(b duban.Lookback) bool { return b.ID == l.ID }) {
				if lb.ID != 0 {
					t.Errorf("got a second new look-back %+v", l)
				}
				lb = l
			}
		}
		if lb.ID == 0 || lb.AssignmentID != closed.ID || lb.DueDate.String() != "2027-01-15" || lb.Result != duban.LookbackPending || lb.Campaign != "2027年初回头看" {
			t.Fatalf("got new look-back %+v among %+v, want a pending one of assignment %d due 2027-01-15", lb, after, closed.ID)
		}
		for _, l := range after {
			if l.AssignmentID != closed.ID {
				t.Errorf("?assignment=%d lists look-back %d of assignment %d", closed.ID, l.ID, l.AssignmentID)
			}
		}
		if got := list(t, "czt"); !slices.ContainsFunc(got, func(l duban.Lookback) bool { return l.ID == lb.ID }) {
			t.Errorf("czt's list %+v lacks look-back %d of its unit", got, lb.ID)
		}
		if got := list(t, "kjt"); len(got) != 0 {
			t.Errorf("kjt lists %d look-backs of 省财政厅, want 0", len(got))
		}

		resPath := pathf("/api/v1/lookbacks/%d/result", lb.ID)
		relapse := map[string]string{"result": "relapsed", "note": "资金拨付再次滞后，问题反弹", "new_deadline": "2027-03-31"}
		e.mustDo(t, "czt", "POST", resPath, relapse, nil, http.StatusForbidden)
		e.mustDo(t, "zgb", "POST", resPath, map[string]string{"result": "maybe"}, nil, http.StatusUnprocessableEntity)
		e.mustDo(t, "zgb", "POST", resPath, map[string]string{"result": "relapsed", "note": "反弹"}, nil, http.StatusUnprocessableEntity)
		if got := e.assignment(t, "zgb", closed.ID); got.Status != duban.StatusClosed {
			t.Fatalf("after refused results: got status %s, want closed", got.Status)
		}

		var done duban.Lookback
		e.mustDo(t, "zgb", "POST", resPath, relapse, nil, http.StatusOK).decode(t, &done)
		if done.Result != duban.LookbackRelapsed || done.NewDeadline.String() != "2027-03-31" || done.DoneAt == nil || done.Note != relapse["note"] {
			t.Errorf("got %+v, want relapsed with the new deadline", done)
		}
		got := e.assignment(t, "czt", closed.ID)
		if got.Status != duban.StatusInProgress || got.Deadline.String() != "2027-03-31" || got.DeadlineKind != duban.DeadlineDate || got.ClosedAt != nil {
			t.Errorf("after the relapse: got status %s deadline %s (%s) closed_at %v, want in_progress by 2027-03-31", got.Status, got.Deadline, got.DeadlineKind, got.ClosedAt)
		}
		var tr struct{ Items []duban.Transition }
		e.mustDo(t, "zgb", "GET", pathf("/api/v1/assignments/%d/transitions", closed.ID), nil, nil, http.StatusOK).decode(t, &tr)
		if n := len(tr.Items); n == 0 || tr.Items[n-1].Action != duban.ActionReopen || !strings.Contains(tr.Items[n-1].Reason, "回头看") {
			t.Errorf("got transitions %+v, want a last reopen giving the look-back as reason", tr.Items)
		}
		e.mustDo(t, "zgb", "POST", resPath, map[string]string{"result": "holds"}, nil, http.StatusConflict)
	})
}

func TestCalendarAndWorkdays(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newEnv(t, db)
		ctx := context.Background()
		unit := &duban.Unit{Name: "中共陕西省委科技工委", ShortName: "省委科技工委", Kind: duban.UnitParty}
		if err := db.CreateUnit(ctx, duban.System, unit); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, duban.System, &duban.User{Username: "zgb", DisplayName: "整改办", Role: duban.RoleLead, UnitID: &unit.ID}, password("zgb")); err != nil {
			t.Fatal(err)
		}

		t.Run("national day 2024", func(t *testing.T) {
			if w := e.workdays(t, "from=2024-09-30&n=1"); w.Date.String() != "2024-10-08" || !w.IsWorkday || w.Warning != "" {
				t.Errorf("1 working day after 2024-09-30: got %+v, want 2024-10-08, from a working day, no warning", w)
			}
			if w := e.workdays(t, "from=2024-09-27&to=2024-10-12"); w.Workdays != 7 {
				t.Errorf("working days in (2024-09-27, 2024-10-12]: got %d, want 7", w.Workdays)
			}
			if w := e.workdays(t, "from=2024-10-01"); w.IsWorkday {
				t.Errorf("2024-10-01: got a working day, want the holiday")
			}
			if w := e.workdays(t, "from=2024-09-29"); !w.IsWorkday {
				t.Errorf("Sunday 2024-09-29: got a rest day, want the adjusted working day")
			}
		})
		t.Run("bad queries", func(t *testing.T) {
			e.mustDo(t, "admin", "GET", "/api/v1/workdays?n=1", nil, nil, http.StatusUnprocessableEntity)
			e.mustDo(t, "admin", "GET", "/api/v1/workdays?from=2024-09-30&n=x", nil, nil, http.StatusUnprocessableEntity)
			e.mustDo(t, "admin", "GET", "/api/v1/workdays?from=2024-02-30", nil, nil, http.StatusUnprocessableEntity)
		})

		type calendarOut struct {
			Year    int           `json:"year"`
			Covered bool          `json:"covered"`
			Days    []calendarDay `json:"days"`
			Warning string        `json:"warning"`
		}
		cal := func(t *testing.T, year int) calendarOut {
			t.Helper()
			var out calendarOut
			e.mustDo(t, "zgb", "GET", pathf("/api/v1/calendar?year=%d", year), nil, nil, http.StatusOK).decode(t, &out)
			if out.Year != year {
				t.Errorf("got year %d, want %d", out.Year, year)
			}
			return out
		}
		t.Run("years with and without an arrangement", func(t *testing.T) {
			c := cal(t, 2024)
			if !c.Covered || c.Warning != "" || !slices.ContainsFunc(c.Days, func(d calendarDay) bool { return d.Date.String() == "2024-10-01" && !d.Workday }) {
				t.Errorf("2024: got covered %v warning %q and %d days, want covered, no warning, 2024-10-01 a holiday", c.Covered, c.Warning, len(c.Days))
			}
			c = cal(t, 2028)
			if c.Covered || !hasHan(c.Warning) {
				t.Errorf("2028: got covered %v warning %q, want not covered with a warning", c.Covered, c.Warning)
			}
			if w := e.workdays(t, "from=2028-03-01&n=1"); !hasHan(w.Warning) {
				t.Errorf("working days in 2028: got warning %q, want one", w.Warning)
			}
		})

		if w := e.workdays(t, "from=2027-12-31&n=1"); w.Date.String() != "2028-01-03" {
			t.Fatalf("1 working day after 2027-12-31: got %s, want 2028-01-03", w.Date)
		}
		holiday := map[string]any{"workday": false, "name": "测试假日"}
		t.Run("only an administrator sets a day", func(t *testing.T) {
			e.mustDo(t, "zgb", "PUT", "/api/v1/calendar/2028-01-03", holiday, nil, http.StatusForbidden)
			if w := e.workdays(t, "from=2027-12-31&n=1"); w.Date.String() != "2028-01-03" {
				t.Errorf("after zgb's refused PUT: got %s, want 2028-01-03", w.Date)
			}
			e.mustDo(t, "admin", "PUT", "/api/v1/calendar/2028-02-30", holiday, nil, http.StatusUnprocessableEntity)
		})
		t.Run("a holiday set moves the count", func(t *testing.T) {
			r := e.mustDo(t, "admin", "PUT", "/api/v1/calendar/2028-01-03", holiday, nil, http.StatusOK)
			var d calendarDay
			r.decode(t, &d)
			if d.Date.String() != "2028-01-03" || d.Workday || d.Name != "测试假日" {
				t.Errorf("got %s, want the day set", r.Body)
			}
			if w := e.workdays(t, "from=2027-12-31&n=1"); w.Date.String() != "2028-01-04" {
				t.Errorf("after the PUT: got %s, want 2028-01-04", w.Date)
			}
			if w := e.workdays(t, "from=2028-01-03"); w.IsWorkday {
				t.Errorf("2028-01-03: got a working day, want the holiday just set")
			}
			if c := cal(t, 2028); !slices.ContainsFunc(c.Days, func(d calendarDay) bool {
				return d.Date.String() == "2028-01-03" && !d.Workday && d.Name == "测试假日"
			}) {
				t.Errorf("2028's days %+v lack the holiday set", c.Days)
			}
		})
		t.Run("deleting it restores the normal week", func(t *testing.T) {
			e.mustDo(t, "zgb", "DELETE", "/api/v1/calendar/2028-01-03", nil, nil, http.StatusForbidden)
			if w := e.workdays(t, "from=2027-12-31&n=1"); w.Date.String() != "2028-01-04" {
				t.Errorf("after zgb's refused DELETE: got %s, want still 2028-01-04", w.Date)
			}
			e.mustDo(t, "admin", "DELETE", "/api/v1/calendar/2028-01-03", nil, nil, http.StatusNoContent)
			if w := e.workdays(t, "from=2027-12-31&n=1"); w.Date.String() != "2028-01-03" {
				t.Errorf("after the DELETE: got %s, want 2028-01-03", w.Date)
			}
			c := cal(t, 2028)
			if len(c.Days) != 0 || c.Covered || !hasHan(c.Warning) {
				t.Errorf("2028 after the DELETE: got %d days, covered %v, warning %q, want none, false, a warning", len(c.Days), c.Covered, c.Warning)
			}
		})
	})
}

// calendarDay is a day of GET /api/v1/calendar (calendar.Day, whose fields
// carry no JSON tags).
type calendarDay struct {
	Date    duban.Date
	Workday bool
	Name    string
}

func TestInstructions(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		units := listAll[duban.Unit](t, e.env, "admin", "/api/v1/units?limit=100")
		var kjtUnit int64
		for _, u := range units {
			if u.ShortName == "省科技厅" {
				kjtUnit = u.ID
			}
		}
		if kjtUnit == 0 {
			t.Fatal("the demo has no 省科技厅")
		}
		in := map[string]any{"number": "批示〔2022〕5号", "issued_date": "2022-03-01", "leader": "省委主要领导", "title": "压电单晶项目外流",
			"text": "请省科技厅牵头核查压电单晶项目外流情况，提出留住项目的措施。", "unit_id": kjtUnit, "deadline_kind": "date", "deadline_workdays": 10}

		e.mustDo(t, "kjt", "POST", "/api/v1/instructions", in, nil, http.StatusForbidden)
		bad := map[string]any{"issued_date": "2022-03-01", "text": "", "unit_id": kjtUnit, "deadline_kind": "date", "deadline_workdays": 10}
		r := e.mustDo(t, "zgb", "POST", "/api/v1/instructions", bad, nil, http.StatusUnprocessableEntity)
		if p := checkProblem(t, r); p.Errors["number"] == "" || p.Errors["text"] == "" {
			t.Errorf("got %s, want errors on number and text", r.Body)
		}

		var row store.InstructionRow
		e.mustDo(t, "zgb", "POST", "/api/v1/instructions", in, nil, http.StatusCreated).decode(t, &row)
		if row.Number != "批示〔2022〕5号" || row.Unit != "省科技厅" || row.Status != duban.StatusDraft || row.AssignmentID == 0 || row.TaskID == 0 ||
			row.PlanID == 0 || row.PlanID == e.planID || row.Title != "压电单晶项目外流" || row.Leader != "省委主要领导" || row.IssuedDate.String() != "2022-03-01" {
			t.Fatalf("got %+v, want a draft line for 省科技厅 in an instructions ledger of its own", row)
		}

		ledger := func(t *testing.T, user string) []store.InstructionRow {
			t.Helper()
			return listAll[store.InstructionRow](t, e.env, user, "/api/v1/instructions")
		}
		for _, user := range []string{"zgb", "xsb"} {
			got := ledger(t, user)
			if len(got) != 1 || got[0].AssignmentID != row.AssignmentID || got[0].Number != row.Number {
				t.Errorf("%s's ledger: got %+v, want the one instruction", user, got)
			}
		}
		// Until it is handed over (交办) the item is the lead office's draft:
		// 省科技厅 does not see it yet, and 省财政厅 never does.
		for _, user := range []string{"kjt", "czt"} {
			if got := ledger(t, user); len(got) != 0 {
				t.Errorf("%s's ledger before 交办: got %d items, want 0", user, len(got))
			}
			e.mustDo(t, user, "GET", pathf("/api/v1/assignments/%d", row.AssignmentID), nil, nil, http.StatusNotFound)
		}
		if a := e.assignment(t, "zgb", row.AssignmentID); a.Status != duban.StatusDraft || !a.Deadline.IsZero() || a.Unit.ID != kjtUnit {
			t.Errorf("before assignment: got %+v, want a draft of 省科技厅 without a deadline", a)
		}

		today := chinaToday()
		want := e.workdays(t, "from="+today.String()+"&n=10").Date
		var a duban.Assignment
		e.mustDo(t, "zgb", "POST", pathf("/api/v1/assignments/%d/assign", row.AssignmentID), nil, nil, http.StatusOK).decode(t, &a)
		if a.Status != duban.StatusAssigned || a.Deadline != want || a.OriginalDeadline != want || a.AssignedAt == nil {
			t.Errorf("after assign: got status %s deadline %s original %s, want assigned, %s (10 working days after %s)", a.Status, a.Deadline, a.OriginalDeadline, want, today)
		}
		if !a.Deadline.After(today.AddDays(10)) {
			t.Errorf("got deadline %s, want more than 10 calendar days after %s for 10 working days", a.Deadline, today)
		}
		for _, user := range []string{"zgb", "kjt"} {
			if got := ledger(t, user); len(got) != 1 || got[0].Status != duban.StatusAssigned || got[0].Deadline != want {
				t.Errorf("%s's ledger after assign: got %+v, want assigned with deadline %s", user, got, want)
			}
		}
		if got := ledger(t, "czt"); len(got) != 0 {
			t.Errorf("czt's ledger: got %d items, want 0 (the instruction is 省科技厅's)", len(got))
		}
	})
}

// jobsReport is the answer of POST /api/v1/jobs/run (jobs.Report).
type jobsReport struct {
	Steps      []duban.Escalation `json:"steps"`
	Lookbacks  int                `json:"lookbacks_due"`
	Digests    int                `json:"digests"`
	Deliveries int                `json:"deliveries"`
	Failed     int                `json:"failed"`
}

func TestJobsAndInbox(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		today := chinaToday()
		all := listAll[duban.Assignment](t, e.env, "admin", "/api/v1/assignments?limit=100")
		byID := map[int64]duban.Assignment{}
		for _, a := range all {
			byID[a.ID] = a
		}
		var pl duban.Plan
		e.mustDo(t, "admin", "GET", pathf("/api/v1/plans/%d", e.planID), nil, nil, http.StatusOK).decode(t, &pl)
		// Nothing goes out on a rest day: when China's today is one (a test run after
		// 16:00 UTC on a Friday is already Saturday there), the pass of today takes no
		// step and the steps are taken on the next working day.
		day := e.workdays(t, "from="+today.AddDays(-1).String()+"&n=1").Date
		runPath := "/api/v1/jobs/run?at=" + day.String()

		e.mustDo(t, "zgb", "POST", runPath, nil, nil, http.StatusForbidden)
		e.mustDo(t, "czt", "POST", runPath, nil, nil, http.StatusForbidden)
		e.mustDo(t, "admin", "POST", "/api/v1/jobs/run?at=yesterday", nil, nil, http.StatusUnprocessableEntity)
		if day != today {
			var rest jobsReport
			e.mustDo(t, "admin", "POST", "/api/v1/jobs/run?at="+today.String(), nil, nil, http.StatusOK).decode(t, &rest)
			if len(rest.Steps) != 0 || rest.Digests != 0 {
				t.Errorf("a pass on the rest day %s: got %d steps and %d digests, want none", today, len(rest.Steps), rest.Digests)
			}
		}
		today = day

		r := e.mustDo(t, "admin", "POST", runPath, nil, nil, http.StatusOK)
		var first jobsReport
		r.decode(t, &first)
		var raw map[string]json.RawMessage
		r.decode(t, &raw)
		if _, ok := raw["steps"]; !ok {
			t.Errorf("the pass report has no steps: %s", r.Body)
		}

		t.Run("the first pass takes the steps due", func(t *testing.T) {
			taken := map[string]bool{}
			for _, s := range first.Steps {
				taken[fmt.Sprintf("%d/%s", s.AssignmentID, s.Level)] = true
			}
			overdueCZT := 0
			for _, a := range all {
				if (a.Status != duban.StatusAssigned && a.Status != duban.StatusInProgress) || a.DeadlineKind != duban.DeadlineDate || !a.Deadline.Before(today) {
					continue
				}
				if a.Unit.Name == "省财政厅" {
					overdueCZT++
				}
				if !taken[fmt.Sprintf("%d/urge", a.ID)] {
					t.Errorf("assignment %d of %s is overdue since %s: got no urge step", a.ID, a.Unit.Name, a.Deadline)
				}
				late := e.workdays(t, "from="+a.Deadline.String()+"&to="+today.String()).Workdays
				if late >= pl.Ladder.NoticeAfter && !taken[fmt.Sprintf("%d/notice", a.ID)] {
					t.Errorf("assignment %d of %s is %d working days overdue: got no notice step", a.ID, a.Unit.Name, late)
				}
			}
			if overdueCZT == 0 {
				t.Errorf("the demo has no overdue assignment of 省财政厅, want one (due today-20)")
			}
			notice := regexp.MustCompile(fmt.Sprintf(`^督办〔%d〕\d+号$`, today.Time().Year()))
			for _, s := range first.Steps {
				if s.Level == duban.LevelNotice && (!notice.MatchString(s.Number) || s.ReplyDue.IsZero()) {
					t.Errorf("notice step %+v: want a number 督办〔%d〕N号 and a reply due", s, today.Time().Year())
				}
				var list struct{ Items []duban.Escalation }
				e.mustDo(t, "admin", "GET", pathf("/api/v1/assignments/%d/escalations", s.AssignmentID), nil, nil, http.StatusOK).decode(t, &list)
				if !slices.ContainsFunc(list.Items, func(x duban.Escalation) bool {
					return x.ID == s.ID && x.Level == s.Level && x.Number == s.Number && x.DeadlineKey == s.DeadlineKey
				}) {
					t.Errorf("step %d (%s on assignment %d) is missing from its escalations %+v", s.ID, s.Level, s.AssignmentID, list.Items)
				}
			}
		})

		t.Run("a second pass on the same day takes none", func(t *testing.T) {
			var second jobsReport
			e.mustDo(t, "admin", "POST", runPath, nil, nil, http.StatusOK).decode(t, &second)
			if len(second.Steps) != 0 || second.Digests != 0 {
				t.Errorf("got %d steps and %d digests, want none: %+v", len(second.Steps), second.Digests, second.Steps)
			}
			for _, s := range first.Steps {
				var list struct{ Items []duban.Escalation }
				e.mustDo(t, "admin", "GET", pathf("/api/v1/assignments/%d/escalations", s.AssignmentID), nil, nil, http.StatusOK).decode(t, &list)
				n := 0
				for _, x := range list.Items {
					if x.Level == s.Level && x.DeadlineKey == s.DeadlineKey {
						n++
					}
				}
				if n != 1 {
					t.Errorf("assignment %d has %d %s steps for deadline %s, want 1", s.AssignmentID, n, s.Level, s.DeadlineKey)
				}
			}
		})

		inbox := func(t *testing.T, user, query string) []store.Notification {
			t.Helper()
			return listAll[store.Notification](t, e.env, user, "/api/v1/inbox"+query)
		}
		czt := inbox(t, "czt", "")
		t.Run("the liaison's inbox holds its unit's steps", func(t *testing.T) {
			for _, s := range first.Steps {
				if byID[s.AssignmentID].Unit.Name != "省财政厅" {
					continue
				}
				if !slices.ContainsFunc(czt, func(n store.Notification) bool {
					return n.Kind == "ladder."+string(s.Level) && n.AssignmentID != nil && *n.AssignmentID == s.AssignmentID &&
						(s.Level != duban.LevelNotice || strings.Contains(n.Title, s.Number))
				}) {
					t.Errorf("czt's inbox lacks the %s step on assignment %d: %+v", s.Level, s.AssignmentID, czt)
				}
			}
			if !slices.ContainsFunc(czt, func(n store.Notification) bool { return strings.HasPrefix(n.Kind, "ladder.") }) {
				t.Errorf("czt's inbox holds no ladder notification: %+v", czt)
			}
			for _, n := range czt {
				if n.AssignmentID != nil && byID[*n.AssignmentID].Unit.Name != "省财政厅" {
					t.Errorf("czt's inbox holds notification %d about assignment %d of %s", n.ID, *n.AssignmentID, byID[*n.AssignmentID].Unit.Name)
				}
				if n.ReadAt != nil {
					t.Errorf("notification %d is read before anyone read it", n.ID)
				}
			}
			zgb := inbox(t, "zgb", "")
			for _, s := range first.Steps {
				if byID[s.AssignmentID].PlanID != e.planID {
					continue // the monitoring plans' notices go to their own lead office
				}
				if s.Level == duban.LevelNotice && !slices.ContainsFunc(zgb, func(n store.Notification) bool {
					return n.Kind == "ladder.notice" && n.AssignmentID != nil && *n.AssignmentID == s.AssignmentID
				}) {
					t.Errorf("the lead office's inbox lacks notice %s on assignment %d", s.Number, s.AssignmentID)
				}
			}
		})
		if len(czt) < 2 {
			t.Fatalf("czt has %d notifications, want at least 2 to read", len(czt))
		}

		t.Run("read", func(t *testing.T) {
			n := czt[0]
			e.mustDo(t, "czt", "POST", pathf("/api/v1/inbox/%d/read", n.ID), nil, nil, http.StatusNoContent)
			if slices.ContainsFunc(inbox(t, "czt", "?unread=true"), func(x store.Notification) bool { return x.ID == n.ID }) {
				t.Errorf("notification %d is still listed as unread", n.ID)
			}
			for _, x := range inbox(t, "czt", "") {
				if x.ID == n.ID && x.ReadAt == nil {
					t.Errorf("notification %d has no read_at after it was read", n.ID)
				}
			}
			e.mustDo(t, "czt", "POST", pathf("/api/v1/inbox/%d/read", n.ID), nil, nil, http.StatusNoContent)
		})
		t.Run("another user's notification", func(t *testing.T) {
			n := czt[1]
			e.mustDo(t, "kjt", "POST", pathf("/api/v1/inbox/%d/read", n.ID), nil, nil, http.StatusNotFound)
			e.mustDo(t, "zgb", "POST", pathf("/api/v1/inbox/%d/read", n.ID), nil, nil, http.StatusNotFound)
			if !slices.ContainsFunc(inbox(t, "czt", "?unread=true"), func(x store.Notification) bool { return x.ID == n.ID }) {
				t.Errorf("notification %d became read for czt when others tried to read it", n.ID)
			}
			e.mustDo(t, "czt", "POST", "/api/v1/inbox/99999999/read", nil, nil, http.StatusNotFound)
			if got := inbox(t, "kjt", ""); slices.ContainsFunc(got, func(x store.Notification) bool { return x.ID == n.ID }) {
				t.Errorf("kjt's inbox holds czt's notification %d", n.ID)
			}
		})

		t.Run("deliveries are for administrators", func(t *testing.T) {
			e.mustDo(t, "admin", "GET", "/api/v1/deliveries", nil, nil, http.StatusOK)
			e.mustDo(t, "zgb", "GET", "/api/v1/deliveries", nil, nil, http.StatusForbidden)
		})
	})
}
