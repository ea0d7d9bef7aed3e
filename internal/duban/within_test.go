package duban

import "testing"

func TestParseWithin(t *testing.T) {
	for in, want := range map[string]string{
		"3个月内":    "3个月",
		"三个月内完成":  "3个月",
		"半年内":     "6个月",
		"两年内":     "24个月",
		"一年内整改到位": "12个月",
		"30日内":    "30日",
		"十五天内":    "15日",
		"2周内":     "14日",
		"15个工作日内": "15个工作日",
		"半个月内":    "15日",
		"反馈后2个月内": "2个月",
		"自收到反馈意见之日起3个月内": "3个月",
		" 6 个月以内。":       "6个月",
	} {
		w, ok := ParseWithin(in)
		got := ""
		if ok {
			got = w.String()
		}
		if got != want {
			t.Errorf("ParseWithin(%q) = %q (%v), want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"2022年底前", "年内", "长期坚持", "立行立改", "3个月", "内", "半周内", "999个月内", "2023年6月30日前3个月内", "项目竣工后3个月内", "验收后30日内"} {
		if w, ok := ParseWithin(in); ok {
			t.Errorf("ParseWithin(%q) = %v, want none", in, w)
		}
	}
}

func TestAddMonths(t *testing.T) {
	for _, c := range [][3]any{{"2024-11-30", 3, "2025-02-28"}, {"2024-01-31", 1, "2024-02-29"}, {"2026-12-07", 3, "2027-03-07"}, {"2026-12-07", 24, "2028-12-07"}} {
		if got := MustDate(c[0].(string)).AddMonths(c[1].(int)).String(); got != c[2] {
			t.Errorf("%s + %d months = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}
