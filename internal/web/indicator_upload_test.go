package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// uploadPage posts a file as "file" in a multipart form to a page as user,
// without following a redirect.
func (e *env) uploadPage(t *testing.T, user, path, name string, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.http.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "duban_session", Value: e.token(t, user)})
	c := *e.http.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: out.Bytes()}
}

// longBook writes a long monitoring sheet: a title, then unit, period, value.
func longBook(t *testing.T, title string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", title)
	f.SetSheetRow("Sheet1", "A2", &[]any{"地区", "月份", "本年累计（亿元）"})
	for i, r := range rows {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+3), &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The browser's workbook import: the demo's sheet downloaded and uploaded
// again is previewed with its counts and breaches and nothing written; a
// sheet with bad cells is refused whole, each cell named, with no way to
// confirm; a good sheet is written only on confirm, all of it.
func TestFiguresImportPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		x, err := db.FindIndicatorByName(ctx, duban.System, "财政科技支出")
		if err != nil {
			t.Fatal(err)
		}
		if r := e.page(t, "czt-jc", http.MethodGet, "/indicators", nil); !strings.Contains(string(r.Body), `href="/indicators/import"`) {
			t.Error("the indicators page has no link to the import")
		}
		if r := e.page(t, "czt-jc", http.MethodGet, "/indicators/import", nil); r.Status != 200 || !strings.Contains(string(r.Body), `type="file"`) {
			t.Fatalf("import form: got %d", r.Status)
		}
		figures := func() int {
			n := 0
			tr, err := db.Trend(ctx, duban.System, x.ID, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tr {
				n += len(s)
			}
			return n
		}
		before := figures()

		// The exported sheet, previewed: every figure, the breaches, nothing written.
		sheet := e.page(t, "czt-jc", http.MethodGet, fmt.Sprintf("/indicators/%d/figures.xlsx", x.ID), nil)
		r := e.uploadPage(t, "czt-jc", "/indicators/import", "监测表.xlsx", sheet.Body)
		body := html.UnescapeString(string(r.Body))
		if r.Status != 200 || !strings.Contains(body, "CZKJZC") || !strings.Contains(body, `id="imp-confirm"`) {
			t.Fatalf("preview of the exported sheet: got %d, want 200 with the indicator and a confirm: %s", r.Status, pageError(body))
		}
		counts := regexp.MustCompile(`<b>(\d+)</b><span>个单位</span>.*?<b>(\d+)</b><span>个期间</span>.*?<b>(\d+)</b><span>个数据</span>`).FindStringSubmatch(strings.ReplaceAll(body, "\n", ""))
		if counts == nil || counts[1] != "11" || counts[3] != fmt.Sprint(before) {
			t.Errorf("preview counts: got %v, want 11 units and %d figures", counts, before)
		}
		if !strings.Contains(body, `id="imp-breaches"`) || !strings.Contains(body, "商洛市") || !strings.Contains(body, "只增不减") {
			t.Error("the preview lists no breach of 商洛")
		}

		// Bad cells: each named with sheet, row, column and reason; no confirm.
		bad := longBook(t, "2027年地方财政科技支出月度监测表", [][]any{
			{"西安市", "2027年1月", 8.5},
			{"宝鸡", "2027年1月", "待核实"},
			{"咸阳市", "2027年1月", -0.3},
			{"西咸新区", "2027年1月", 1.2},
			{"", "2027年1月", 0.5},
			{"渭南市", "2027年1月", nil},
		})
		r = e.uploadPage(t, "czt-jc", "/indicators/import", "有误.xlsx", bad)
		body = html.UnescapeString(string(r.Body))
		if r.Status != http.StatusUnprocessableEntity || strings.Contains(body, `id="imp-confirm"`) {
			t.Fatalf("bad sheet: got %d, want 422 and no confirm", r.Status)
		}
		rows := regexp.MustCompile(`<tr><td>Sheet1</td><td class="num">(\d+)</td><td>([^<]*)</td><td class="title-cell">([^<]*)</td></tr>`).FindAllStringSubmatch(body, -1)
		got := map[string]string{}
		for _, m := range rows {
			got[m[1]] = m[3]
		}
		for row, want := range map[string]string{"4": "不是数字", "5": "负数", "6": "西咸新区", "7": "单位名称为空"} {
			if !strings.Contains(got[row], want) {
				t.Errorf("row %s: got %q, want a reason with %q", row, got[row], want)
			}
		}
		if len(got) != 4 {
			t.Errorf("rejected cells: got %v, want rows 4 to 7 (an empty figure is not yet reported)", got)
		}
		if n := figures(); n != before {
			t.Fatalf("a refused sheet wrote %d figures", n-before)
		}

		// A good sheet: previewed, written only on confirm, all of it.
		good := longBook(t, "地方财政科技支出（2027年）", [][]any{{"西安市", "2027年1月", 8.5}, {"宝鸡", "2027年1月", 1.25}, {"渭南市", "2027年1月", "—"}})
		r = e.uploadPage(t, "czt-jc", "/indicators/import", "2027.xlsx", good)
		if r.Status != 200 || figures() != before {
			t.Fatalf("good sheet preview: got %d with %d figures written", r.Status, figures()-before)
		}
		held := regexp.MustCompile(`<input type="hidden" name="upload" value="([0-9a-f]{32})">`).FindStringSubmatch(string(r.Body))
		if held == nil {
			t.Fatalf("the preview holds no file")
		}
		sent := url.Values{"confirm": {"1"}, "name": {"2027.xlsx"}, "data": {base64.StdEncoding.EncodeToString(good)}}
		if r = e.page(t, "xa", http.MethodPost, "/indicators/import", sent); r.Status != http.StatusForbidden || figures() != before {
			t.Errorf("西安's liaison importing 宝鸡's figure: got %d, want 403 and nothing written", r.Status)
		}
		confirm := url.Values{"confirm": {"1"}, "upload": {held[1]}}
		if r = e.page(t, "xa", http.MethodPost, "/indicators/import", confirm); r.Status != http.StatusUnprocessableEntity || figures() != before {
			t.Errorf("西安's liaison with another user's held file: got %d, want 422 and nothing written", r.Status)
		}
		r = e.page(t, "czt-jc", http.MethodPost, "/indicators/import", confirm)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != fmt.Sprintf("/indicators/%d", x.ID) {
			t.Fatalf("confirm: got %d to %q, want 303 to the indicator", r.Status, r.Header.Get("Location"))
		}
		if n := figures(); n != before+2 {
			t.Errorf("confirm wrote %d figures, want 2", n-before)
		}

		// No file, and a role that enters no figures.
		if r = e.page(t, "czt-jc", http.MethodPost, "/indicators/import", url.Values{}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "请选择要导入的文件") {
			t.Errorf("no file: got %d, want 422 asking for a file", r.Status)
		}
		if r = e.page(t, "kjt-leader", http.MethodGet, "/indicators/import", nil); r.Status != http.StatusForbidden {
			t.Errorf("a leader on the import: got %d, want 403", r.Status)
		}
	})
}
