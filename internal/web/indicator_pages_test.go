package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// The monitoring pages on the demo: the lead unit sees every city, a city
// liaison its own; the entry grid writes; the battle map has the panel.
func TestIndicatorPages(t *testing.T) {
	e := newDashEnv(t)
	ctx := context.Background()
	x, err := e.db.FindIndicatorByName(ctx, duban.System, "财政科技支出")
	if err != nil {
		t.Fatal(err)
	}
	lead, liaison := e.login(t, "czt-jc"), e.login(t, "xa")
	page := "/indicators/" + id64(x.ID)

	code, body := e.get(t, lead, "/indicators")
	if code != 200 || !strings.Contains(body, "财政科技支出") || !strings.Contains(body, "高新技术企业数量") {
		t.Fatalf("list for the lead: %d", code)
	}
	code, body = e.get(t, lead, page)
	if code != 200 {
		t.Fatalf("table for the lead: %d %s", code, body)
	}
	for _, want := range []string{"西安市", "商洛市", "杨凌示范区", "低于上年同期累计", `id="approve"`, "data-chart", "财政科技投入月度监测会商"} {
		if !strings.Contains(body, want) {
			t.Errorf("lead's table lacks %q", want)
		}
	}
	if got := len(dashTableRows(t, body, "ind-table")); got != 11 {
		t.Errorf("lead's table: %d rows, want 11", got)
	}
	// On the English page the breaches are told in English, with the figures.
	u, _ := url.Parse(e.srv.URL)
	lead.Jar.SetCookies(u, []*http.Cookie{{Name: "duban_lang", Value: "en", Path: "/"}})
	code, body = e.get(t, lead, page)
	for _, want := range []string{"for the year to date, below the", "hundred million yuan of the same months last year"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("English table (%d) lacks %q", code, want)
		}
	}
	if strings.Contains(body, "低于上年同期") {
		t.Error("the English table tells a breach in Chinese")
	}
	lead.Jar.SetCookies(u, []*http.Cookie{{Name: "duban_lang", Value: "zh", Path: "/"}})

	code, body = e.get(t, liaison, page)
	if code != 200 || !strings.Contains(body, "西安市") || strings.Contains(body, "商洛市") || strings.Contains(body, `id="approve"`) {
		t.Errorf("liaison's table: %d; want 西安 only, no approval", code)
	}
	if code, _ = e.get(t, liaison, page+"/units/"+id64(e.unitID(t, "商洛市"))); code != http.StatusForbidden {
		t.Errorf("liaison on 商洛's trend: got %d, want 403", code)
	}
	if code, body = e.get(t, liaison, page+"/units/"+id64(e.unitID(t, "西安市"))); code != 200 || !strings.Contains(body, "ind-unit-trend") {
		t.Errorf("liaison on its own trend: %d", code)
	}
	if code, body = e.get(t, lead, "/plans/"+id64(e.planID)); code != 200 || !strings.Contains(body, "indicators-panel") || !strings.Contains(body, "财政科技支出") {
		t.Errorf("battle map: %d, want the indicators panel", code)
	}

	// The entry grid: the liaison's unit only, last year beside each cell.
	code, body = e.get(t, liaison, "/entry?year=2026")
	if code != 200 || !strings.Contains(body, "研发经费投入强度") || !strings.Contains(body, `class="ind-last"`) {
		t.Fatalf("entry grid: %d", code)
	}
	if strings.Contains(body, "<option value=\""+id64(e.unitID(t, "商洛市"))+"\"") {
		t.Error("the liaison may pick another unit")
	}
	form := url.Values{"unit": {id64(e.unitID(t, "西安市"))}, "year": {"2027"}, "v." + id64(x.ID) + ".2027-01": {"7.5"}}
	res, err := liaison.PostForm(e.srv.URL+"/entry", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Request.URL.String(), "/entry") {
		t.Fatalf("entry: got %d at %s", res.StatusCode, res.Request.URL)
	}
	tr, _ := e.db.Trend(ctx, duban.System, x.ID, duban.Date{})
	if tr[e.unitID(t, "西安市")]["2027-01"] != 7.5 {
		t.Errorf("entry did not write 7.5 for 2027-01: %v", tr[e.unitID(t, "西安市")]["2027-01"])
	}
	form.Set("v."+id64(x.ID)+".2027-01", "七点五")
	res, _ = liaison.PostForm(e.srv.URL+"/entry", form)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad figure: got %d, want 422", res.StatusCode)
	}
	bs, _ := e.db.ListBreaches(ctx, duban.System, x.ID, store.BreachFilter{Status: duban.BreachOpen})
	if len(bs) == 0 {
		t.Error("no open breach in the demo")
	}
}

func (e *dashEnv) unitID(t *testing.T, short string) int64 {
	t.Helper()
	u, err := e.db.FindUnitByName(context.Background(), short)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func id64(n int64) string { return strconv.FormatInt(n, 10) }

// A breach's sentence follows the page's language, in every kind of rule.
func TestBreachText(t *testing.T) {
	x := &duban.Indicator{Name: "财政科技支出", Measure: "亿元", Decimals: 2}
	jun := duban.Period{Type: duban.PeriodMonthly, Year: 2026, N: 6}
	b := duban.Breach{Kind: duban.RuleNoDecreaseYTD, Rule: duban.RuleKindNames[duban.RuleNoDecreaseYTD], Unit: duban.UnitRef{Name: "商洛市"}, Period: jun, Value: 0.94, Baseline: 0.98}
	for _, c := range []struct {
		kind     duban.RuleKind
		rule     string
		zh, en   string
		measure  string
		decimals int
	}{
		{duban.RuleNoDecreaseYTD, "", "商洛市2026年6月累计0.94亿元，低于上年同期累计0.98亿元", "商洛市, Jun 2026: 0.94 hundred million yuan for the year to date, below the 0.98 hundred million yuan of the same months last year", "亿元", 2},
		{duban.RuleNoDecreasePeriod, "", "商洛市2026年6月当期0.94亿元，低于上年同期0.98亿元", "商洛市, Jun 2026: 0.94 hundred million yuan in the period, below the 0.98 hundred million yuan of the same period last year", "亿元", 2},
		{duban.RuleTarget, "", "商洛市2026年6月累计0.94亿元，未达年度目标进度0.98亿元", "商洛市, Jun 2026: 0.94 hundred million yuan for the year to date, short of the 0.98 hundred million yuan the year's target calls for by then", "亿元", 2},
		{duban.RuleRange, "", "商洛市2026年6月为1%，超出“取值范围”的界限1%", "商洛市, Jun 2026: 1%, beyond the limit 1% of “Range”", "%", 0},
		{duban.RuleRange, "强度上限", "商洛市2026年6月为1家，超出“强度上限”的界限1家", "商洛市, Jun 2026: 1 firms, beyond the limit 1 firms of “强度上限”", "家", 0},
	} {
		b.Kind, b.Rule = c.kind, c.rule
		if c.rule == "" {
			b.Rule = duban.RuleKindNames[c.kind]
		}
		x.Measure, x.Decimals = c.measure, c.decimals
		if got := breachText("zh", x, b); got != c.zh || got != b.Describe(x) {
			t.Errorf("%s in Chinese: got %q, want %q (and Describe %q)", c.kind, got, c.zh, b.Describe(x))
		}
		if got := breachText("en", x, b); got != c.en {
			t.Errorf("%s in English: got %q, want %q", c.kind, got, c.en)
		}
	}
}
