package notice

import (
	"os"
	"testing"
)

// FuzzParse checks that no text makes Parse or Check panic, and that every
// result is usable: an outline, a non-nil Unplaced.
func FuzzParse(f *testing.F) {
	for _, s := range []string{layoutB, layoutC, ascii, deep, runIn, summary, stray, wantDocText, sentences, sentencesPlain,
		"", "一、", "（一）", "1.", "⑴", "①", "一是二是三是", "关于“”的问题", "关于“的问题", "2021年5月27日至6月27日反馈",
		"一、关于“甲”的问题\n（一）关于“乙”的问题\n1.关于“丙”的问题\n（1）关于“丁”\n①一是。二是。"} {
		f.Add(s)
	}
	if b, err := os.ReadFile(referenceNotice); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Parse(s)
		if r == nil || r.Outline == nil || r.Outline.Aspects == nil || r.Unplaced == nil {
			t.Fatalf("got an incomplete result %+v", r)
		}
		r.Check()
		r.Outline.Counts()
	})
}
