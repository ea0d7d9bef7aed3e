package cli

import (
	"fmt"
	"strings"
	"testing"
)

// TestPrintSome: an import's text report lists the first printedLines
// reminders and counts the rest; a short list is printed whole.
func TestPrintSome(t *testing.T) {
	var lines []string
	for i := range 35 {
		lines = append(lines, fmt.Sprintf("第%d条", i+1))
	}
	var b strings.Builder
	printSome(&b, "提醒： ", "条提醒", lines)
	out := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(out) != printedLines+1 || out[0] != "提醒： 第1条" || out[printedLines-1] != "提醒： 第30条" {
		t.Fatalf("35 reminders printed as %d lines: %q", len(out), out)
	}
	if want := "提醒： ……另有 5 条提醒未列出，加 --json 可看全部"; out[printedLines] != want {
		t.Errorf("last line: got %q, want %q", out[printedLines], want)
	}
	b.Reset()
	printSome(&b, "   ", "项修改", lines[:3])
	if b.String() != "   第1条\n   第2条\n   第3条\n" {
		t.Errorf("3 changes printed as %q", b.String())
	}
}
