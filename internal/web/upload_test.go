package web_test

import (
	"context"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"duban/internal/duban"
)

// allFiles counts every regular file under dir, temporary ones included.
func allFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRefusedUploadsLeaveNothing: a multipart report the caller may not
// make (404: cannot see the item; 403: sees it, may not write for it)
// leaves no byte in the file store, on the API and the web; an allowed one
// leaves exactly its file and no temporary copy.
func TestRefusedUploadsLeaveNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		kjtUnit, err := db.FindUnitByName(context.Background(), "省科技厅")
		if err != nil {
			t.Fatal(err)
		}
		l, err := db.ListAssignments(context.Background(), duban.System, duban.AssignmentFilter{PlanID: e.planID, UnitID: kjtUnit.ID,
			Statuses: []duban.Status{duban.StatusInProgress}, Page: duban.Page{Limit: 1}}, duban.Date{})
		if err != nil || len(l.Items) == 0 {
			t.Fatalf("no assignment of 省科技厅 in progress: %v", err)
		}
		id := l.Items[0].ID
		u := &duban.Unit{Name: "与本方案无关的单位", ShortName: "无关单位", Kind: duban.UnitDepartment}
		if err := db.CreateUnit(context.Background(), duban.System, u); err != nil {
			t.Fatal(err)
		}
		mustUser(t, db, "u-liaison-x", duban.RoleLiaison, "无关单位")
		pdf := formFile{name: "佐证.pdf", data: append([]byte("%PDF-1.4\n"), make([]byte, 2<<20)...)}
		fields := map[string]string{"period": "2026-11", "content": "上传测试"}
		if r := e.postReportForm(t, "u-liaison-x", id, fields, []formFile{pdf}); r.Status != http.StatusNotFound {
			t.Errorf("liaison of another unit: got %d, want 404", r.Status)
		}
		if r := e.postReportForm(t, "xsb", id, fields, []formFile{pdf}); r.Status != http.StatusForbidden {
			t.Errorf("inspector: got %d, want 403", r.Status)
		}
		body, ct := multipartForm(t, fields, []formFile{pdf})
		req, _ := http.NewRequest(http.MethodPost, e.http.URL+pathf("/assignments/%d/reports", id), stringsReader(body))
		req.Header.Set("Content-Type", ct)
		req.AddCookie(&http.Cookie{Name: "duban_session", Value: e.token(t, "xsb")})
		res, err := e.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("web report as inspector: got %d, want 403", res.StatusCode)
		}
		if n := allFiles(t, e.filesDir); n != 0 {
			t.Fatalf("refused uploads left %d files in the store", n)
		}
		if r := e.postReportForm(t, "kjt", id, fields, []formFile{pdf}); r.Status != http.StatusCreated {
			t.Fatalf("own unit's report: got %d, want 201: %s", r.Status, r.Body)
		}
		if n := allFiles(t, e.filesDir); n != 1 {
			t.Errorf("after one accepted file: got %d files (temporary ones included), want 1", n)
		}
	})
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
