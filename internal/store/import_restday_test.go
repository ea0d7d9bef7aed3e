package store_test

import (
	"context"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestImportRestDayWarningsGrouped: an import warns once per rest day a
// deadline falls on, counting the measures and naming the first; a
// deadline written 底前 or 前 is met on the working day before, which is
// suggested; a deadline before the ledger's 截至 date, or of a measure
// already closed, draws no warning.
func TestImportRestDayWarningsGrouped(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		setClock(db, "2025-09-01")
		rp := newSmallPlan(t, db, duban.CadenceNone)
		measure := func(title, day, text string) *duban.OutlineMeasure {
			return &duban.OutlineMeasure{Title: title, DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate(day), DeadlineText: text, LeadUnit: "评审单位1"}
		}
		// A festival's eve read from the cell: 2026年春节前 is 除夕,
		// February 16th, within the holiday of February 15th–23rd.
		festive := func(title, text string) *duban.OutlineMeasure {
			kind, d, err := duban.ParseDeadline(text)
			if err != nil || d != duban.MustDate("2026-02-16") {
				t.Fatalf("ParseDeadline(%q) = %s %s, %v", text, kind, d, err)
			}
			return &duban.OutlineMeasure{Title: title, DeadlineKind: kind, Deadline: d, DeadlineText: text, LeadUnit: "评审单位1"}
		}
		o := &duban.Outline{Meta: duban.OutlineMeta{Title: "整改台账", AsOf: duban.MustDate("2025-09-15")}, Aspects: []*duban.OutlineNode{{Kind: duban.NodeAspect, Title: "作风方面",
			Children: []*duban.OutlineNode{{Kind: duban.NodeProblem, Title: "会议偏多", Measures: []*duban.OutlineMeasure{
				measure("精简会议", "2025-10-04", "2025年10月4日"),
				measure("压缩文件", "2025-10-04", "2025年10月4日"),
				measure("规范简报", "2025-10-04", "2025.10.4"),
				measure("清理评比", "2025-10-04", "2025.10.4"),
				measure("修订制度", "2025-11-30", "2025年11月底前"),
				measure("建立台账", "2025-11-30", "2025年11月30日前"),
				measure("开展自查", "2025-08-31", "2025年8月31日"), // before the 截至 date
				measure("压缩会期", "2025-10-10", "2025年10月10日"),
				festive("节前走访", "2026年春节前"),
				{Title: "清理文件", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate("2025-10-05"), LeadUnit: "评审单位1", Status: duban.StatusClosed}, // done
			}}}}}}
		res, err := db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: rp.plan, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"4项举措的整改时限2025年10月4日是休息日（国庆中秋）：“精简会议”“压缩文件”“规范简报”等，按所填日期保留；建议改为下一个工作日2025年10月9日",
			"2项举措的整改时限2025年11月30日是休息日（星期日）：“修订制度”“建立台账”，按所填日期保留；时限写作“…前”，建议改为前一个工作日2025年11月28日",
			"举措“节前走访”的整改时限2026年2月16日是休息日（春节），按所填日期保留；时限写作“…前”，建议改为前一个工作日2026年2月14日",
		}
		if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings\n%s\nwant\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
		}
	})
}
