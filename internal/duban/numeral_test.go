package duban

import (
	"strings"
	"testing"
)

func TestChineseNumeral(t *testing.T) {
	for n, want := range map[int]string{
		1: "一", 9: "九", 10: "十", 11: "十一", 19: "十九", 20: "二十", 21: "二十一", 99: "九十九",
		100: "一百", 101: "一百零一", 105: "一百零五", 109: "一百零九", 110: "一百一十", 111: "一百一十一",
		119: "一百一十九", 120: "一百二十", 999: "九百九十九", 1000: "一千", 1001: "一千零一",
		1010: "一千零一十", 1100: "一千一百", 1011: "一千零一十一", 2024: "二千零二十四",
		9999: "九千九百九十九", 10000: "一万", 10001: "一万零一", 10010: "一万零一十", 10100: "一万零一百",
		11000: "一万一千", 21345: "二万一千三百四十五",
	} {
		if got := ChineseNumeral(n); got != want {
			t.Errorf("ChineseNumeral(%d) = %q, want %q", n, got, want)
		}
	}
}

// Every number to 10,000 reads back as itself, and no numeral has 十十 or
// another doubled unit.
func TestChineseNumeralRoundTrip(t *testing.T) {
	for n := 1; n <= 10000; n++ {
		s := ChineseNumeral(n)
		if got, ok := ParseChineseNumeral(s); !ok || got != n {
			t.Fatalf("ParseChineseNumeral(ChineseNumeral(%d) = %q) = %d, %v", n, s, got, ok)
		}
		for _, bad := range []string{"十十", "百百", "零零", "一十一"} {
			if n >= 20 && bad == "一十一" {
				continue
			}
			if strings.Contains(s, bad) {
				t.Fatalf("ChineseNumeral(%d) = %q holds %q", n, s, bad)
			}
		}
	}
}

func TestParseChineseNumeral(t *testing.T) {
	for s, want := range map[string]int{"697": 697, "十三": 13, "两": 2, "两千": 2000, "一百一十": 110, "三十一": 31} {
		if got, ok := ParseChineseNumeral(s); !ok || got != want {
			t.Errorf("ParseChineseNumeral(%q) = %d, %v, want %d", s, got, ok, want)
		}
	}
	if _, ok := ParseChineseNumeral("关于"); ok {
		t.Error("ParseChineseNumeral(关于) reads as a number")
	}
}

// Dates in Chinese numerals, as signatures of older documents write them,
// are read as the same dates in digits.
func TestParseDateInNumerals(t *testing.T) {
	for in, want := range map[string]string{
		"二〇二三年九月二十八日":  "2023-09-28",
		"二○二二年十二月三十一日": "2022-12-31",
		"二〇二四年二月二十九日":  "2024-02-29",
		"二零二一年一月一日":    "2021-01-01",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"二〇二三年二月三十日", "二〇二三年十三月一日"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q): want an error, the date does not exist", in)
		}
	}
}
