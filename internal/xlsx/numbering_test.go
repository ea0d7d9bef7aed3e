package xlsx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// A ledger with more than a hundred problems under an aspect numbers them in
// Chinese (（一百一十）), and reads back with every problem.
func TestWriteLedgerNumbersPastOneHundred(t *testing.T) {
	a := &duban.OutlineNode{Kind: duban.NodeAspect, Title: "党的领导方面"}
	for i := 1; i <= 121; i++ {
		a.Children = append(a.Children, &duban.OutlineNode{Kind: duban.NodeProblem, Title: fmt.Sprintf("问题%d", i),
			Measures: []*duban.OutlineMeasure{{Title: fmt.Sprintf("举措%d", i), LeadUnit: "办公室", DeadlineKind: duban.DeadlineLongTerm}}})
	}
	o := &duban.Outline{Aspects: []*duban.OutlineNode{a}}
	b := mustWrite(t, o, WriteOptions{SheetName: "台账"})
	f, err := excelize.OpenReader(b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("台账")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, want := range []string{"（一百）问题100", "（一百零九）问题109", "（一百一十）问题110", "（一百二十一）问题121"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("ledger lacks %q", want)
		}
	}
	got := mustReadClean(t, mustWrite(t, o, WriteOptions{}))
	if n := len(got.Aspects[0].Children); n != 121 {
		t.Errorf("read back %d problems, want 121", n)
	}
}
