package web_test

import (
	"net/http"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestClosureWithEvidence: a unit requests closure with a summary and
// evidence files; the files are kept with the request, downloadable by those
// who may see the assignment, and the request shows its sign-off and result.
func TestClosureWithEvidence(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newSupervisionEnv(t, db, 0)
		all := listAll[duban.Assignment](t, e.env, "czt", "/api/v1/assignments?status=in_progress")
		a := pick(t, all, "an in-progress 省财政厅 assignment", func(a duban.Assignment) bool { return a.Unit.Name == "省财政厅" })
		pdf := []byte("%PDF-1.4\n% 销号佐证\n1 0 obj\n<<>>\nendobj\n")
		body, ct := multipartForm(t, map[string]string{"summary": ""}, []formFile{{"整改完成报告.pdf", pdf}})
		r := e.do(t, "czt", http.MethodPost, pathf("/api/v1/assignments/%d/request-closure", a.ID), body, map[string]string{"Content-Type": ct})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("closure without a summary: got %d, want 422", r.Status)
		}
		body, ct = multipartForm(t, map[string]string{"summary": "资金已全部拨付，制度已印发。"}, []formFile{{"整改完成报告.pdf", pdf}, {"现场照片.png", demoPNG(t)}})
		r = e.mustDo(t, "czt", http.MethodPost, pathf("/api/v1/assignments/%d/request-closure", a.ID), body, map[string]string{"Content-Type": ct}, http.StatusOK)
		var after duban.Assignment
		r.decode(t, &after)
		if after.Status != duban.StatusClosureRequested {
			t.Fatalf("status: got %s, want closure_requested", after.Status)
		}
		e.mustDo(t, "czt-leader", http.MethodPost, pathf("/api/v1/assignments/%d/sign-off", a.ID), nil, nil, http.StatusOK)
		var cs struct{ Items []store.Closure }
		e.mustDo(t, "zgb", http.MethodGet, pathf("/api/v1/assignments/%d/closures", a.ID), nil, nil, http.StatusOK).decode(t, &cs)
		if len(cs.Items) != 1 || cs.Items[0].Summary != "资金已全部拨付，制度已印发。" || cs.Items[0].SignedAt == nil || len(cs.Items[0].Files) != 2 {
			t.Fatalf("closures: got %+v", cs.Items)
		}
		f := cs.Items[0].Files[0]
		if f.MIME != "application/pdf" || f.Name != "整改完成报告.pdf" {
			t.Errorf("first file: got %+v", f)
		}
		got := e.mustDo(t, "czt", http.MethodGet, pathf("/api/v1/attachments/%d", f.ID), nil, nil, http.StatusOK)
		if string(got.Body) != string(pdf) {
			t.Errorf("download: got %d bytes, want the PDF", len(got.Body))
		}
		if r := e.do(t, "kjt", http.MethodGet, pathf("/api/v1/attachments/%d", f.ID), nil, nil); r.Status != http.StatusNotFound {
			t.Errorf("another unit downloading: got %d, want 404", r.Status)
		}
		e.mustDo(t, "zgb", http.MethodPost, pathf("/api/v1/assignments/%d/verify", a.ID), nil, nil, http.StatusOK)
		e.mustDo(t, "zgb", http.MethodGet, pathf("/api/v1/assignments/%d/closures", a.ID), nil, nil, http.StatusOK).decode(t, &cs)
		if cs.Items[0].Result != "closed" || cs.Items[0].DecidedAt == nil {
			t.Errorf("after verification: got %+v", cs.Items[0])
		}
	})
}
