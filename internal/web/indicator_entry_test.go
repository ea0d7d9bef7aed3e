package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"duban/internal/duban"
)

// The entry grid is one write: a grid with figures for three indicators and
// one bad cell writes nothing and names every bad cell; corrected, it
// writes all of them at once. An empty form is refused, and a unit enters
// only for itself.
func TestEntryGridAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		ctx := context.Background()
		ind := func(name string) *duban.Indicator {
			x, err := db.FindIndicatorByName(ctx, duban.System, name)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		money, rd, firms := ind("财政科技支出"), ind("研发经费投入强度"), ind("高新技术企业数量")
		xian, err := db.FindUnitByName(ctx, "西安市")
		if err != nil {
			t.Fatal(err)
		}
		cell := func(x *duban.Indicator, period string) string { return "v." + fmt.Sprint(x.ID) + "." + period }
		figure := func(x *duban.Indicator, period string) (float64, bool) {
			tr, err := db.Trend(ctx, duban.System, x.ID, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			v, ok := tr[xian.ID][period]
			return v, ok
		}
		form := url.Values{"unit": {fmt.Sprint(xian.ID)}, "year": {"2027"},
			cell(money, "2027-01"): {"7.5"}, cell(rd, "2027"): {"2.61"}, cell(firms, "2027"): {"-3"}}

		// One negative count: nothing of the grid is written, the cell is named.
		r := e.page(t, "czt-jc", http.MethodPost, "/entry", form)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("grid with a negative cell: got %d, want 422", r.Status)
		}
		body := string(r.Body)
		if !strings.Contains(body, "1项数据不能填报，均未保存") || !strings.Contains(body, "该指标不能为负数") {
			t.Errorf("the page does not name the bad cell: %s", pageError(body))
		}
		for _, c := range []struct {
			x      *duban.Indicator
			period string
		}{{money, "2027-01"}, {rd, "2027"}, {firms, "2027"}} {
			if v, ok := figure(c.x, c.period); ok {
				t.Errorf("%s %s written (%v) although the grid was refused", c.x.Name, c.period, v)
			}
		}

		// Two bad cells in two indicators: both named, nothing written.
		form.Set(cell(rd, "2027"), "二点六")
		r = e.page(t, "czt-jc", http.MethodPost, "/entry", form)
		body = string(r.Body)
		if r.Status != http.StatusUnprocessableEntity || strings.Count(body, `class="field-error"`) != 2 || !strings.Contains(body, "不是数字") || !strings.Contains(body, "该指标不能为负数") {
			t.Errorf("two bad cells: got %d with %d cell errors, want 422 naming both", r.Status, strings.Count(body, `class="field-error"`))
		}
		if _, ok := figure(money, "2027-01"); ok {
			t.Error("the good cell was written beside two bad ones")
		}

		// Corrected: the three figures in one write.
		form.Set(cell(rd, "2027"), "2.61")
		form.Set(cell(firms, "2027"), "3,120")
		r = e.page(t, "czt-jc", http.MethodPost, "/entry", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("corrected grid: got %d, want 303: %s", r.Status, pageError(string(r.Body)))
		}
		for _, c := range []struct {
			x      *duban.Indicator
			period string
			want   float64
		}{{money, "2027-01", 7.5}, {rd, "2027", 2.61}, {firms, "2027", 3120}} {
			if v, ok := figure(c.x, c.period); !ok || v != c.want {
				t.Errorf("%s %s: got %v (%v), want %v", c.x.Name, c.period, v, ok, c.want)
			}
		}

		// Emptying a given figure is refused, not ignored.
		cleared := url.Values{"unit": {fmt.Sprint(xian.ID)}, "year": {"2027"}, cell(money, "2027-01"): {""}, "was." + cell(money, "2027-01"): {"7.50"}}
		if r = e.page(t, "czt-jc", http.MethodPost, "/entry", cleared); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "不能清空") {
			t.Errorf("emptied cell: got %d, want 422 saying it cannot be emptied", r.Status)
		}

		// An empty form, or one where nothing changed, is a clear error.
		for _, c := range []struct {
			user string
			form url.Values
			want string
		}{
			{"xa", url.Values{}, "没有填写任何数据"},
			{"czt-jc", url.Values{}, "没有填写任何数据"},
			{"xa", url.Values{cell(money, "2027-01"): {"7.50"}, "was." + cell(money, "2027-01"): {"7.50"}, "year": {"2027"}}, "没有新填或修改的数据"},
		} {
			r = e.page(t, c.user, http.MethodPost, "/entry", c.form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), c.want) {
				t.Errorf("%s, form %v: got %d %q, want 422 saying %s", c.user, c.form, r.Status, pageError(string(r.Body)), c.want)
			}
		}

		// A liaison enters for its own unit only; a lead office that leads
		// no indicator enters for none.
		shangluo, err := db.FindUnitByName(ctx, "商洛市")
		if err != nil {
			t.Fatal(err)
		}
		other := url.Values{"unit": {fmt.Sprint(shangluo.ID)}, "year": {"2027"}, cell(money, "2027-02"): {"1"}}
		for _, user := range []string{"xa", "zgb"} {
			if r = e.page(t, user, http.MethodPost, "/entry", other); r.Status != http.StatusForbidden {
				t.Errorf("%s entering for 商洛: got %d, want 403", user, r.Status)
			}
		}
		if r = e.page(t, "xa", http.MethodGet, "/entry?unit="+fmt.Sprint(shangluo.ID), nil); r.Status != http.StatusForbidden {
			t.Errorf("xa opening 商洛's grid: got %d, want 403", r.Status)
		}
		tr, _ := db.Trend(ctx, duban.System, money.ID, duban.Date{})
		if _, ok := tr[shangluo.ID]["2027-02"]; ok {
			t.Error("a figure for 商洛 was written by another unit")
		}
	})
}

// pageError returns the alert of a page, for failure messages.
func pageError(body string) string {
	if i := strings.Index(body, `role="alert">`); i >= 0 {
		rest := body[i+len(`role="alert">`):]
		if j := strings.Index(rest, "<"); j >= 0 {
			return rest[:j]
		}
	}
	return ""
}
