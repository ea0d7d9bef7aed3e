package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
)

// A workbook is imported as a clerk writes it: figures in 万元 become 亿元,
// 宝鸡 and 西安 are found by shortened names, and the breaches it reports
// are every month whose year to date fell below last year's (宝鸡's dip of
// March to May, mended later in the year; 西安's December, open); figures in 家 for an 亿元
// indicator are refused whole; changing an approved month needs a reason.
func TestImportFiguresAsWritten(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		mustUnit(t, db, "宝鸡市科学技术局", "宝鸡市科技局") // a second unit named 宝鸡…
		f.at("2025-02-10")
		var figs []duban.Figure
		for m := 1; m <= 12; m++ {
			last, this := float64(10*m), float64(11*m) // 万元
			if m >= 3 && m <= 5 {
				this = float64(10*m - 1) // below last year's year to date, then recovered
			}
			figs = append(figs,
				duban.Figure{Sheet: "2023年", Row: 3 + m, Column: "C", Unit: "宝鸡", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2023, N: m}, Value: last * 1000},
				duban.Figure{Sheet: "2024年", Row: 3 + m, Column: "C", Unit: "宝鸡", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2024, N: m}, Value: this * 1000},
				duban.Figure{Sheet: "2023年", Row: 3 + m, Column: "D", Unit: "陕西省西安市", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2023, N: m}, Value: 40000},
				duban.Figure{Sheet: "2024年", Row: 3 + m, Column: "D", Unit: "陕西省西安市", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2024, N: m}, Value: 50000})
		}
		figs[len(figs)-1].Value = 30000 // 西安's December: 3 against 4 last year, open
		book := &duban.FigureBook{Names: []string{"2023—2024年各市地方财政科技支出"}, Measure: "万元", Figures: figs}

		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err != nil || !ok {
			t.Fatalf("dry run: ok %v, %v, errors %v", ok, err, res.Errors)
		}
		if res.Indicator != "CZKJ" || res.Units != 2 || res.Periods != 24 || res.Values != 48 {
			t.Errorf("counts: got %s %d units %d periods %d figures, want CZKJ 2 24 48", res.Indicator, res.Units, res.Periods, res.Values)
		}
		var got []string
		for _, b := range res.Breaches {
			got = append(got, fmt.Sprintf("%s %s %v<%v mended=%v", b.Unit, b.Period, b.Value, b.Baseline, b.Mended))
		}
		want := []string{"宝鸡市 2024-03 2.9<3 mended=true", "宝鸡市 2024-04 3.9<4 mended=true", "宝鸡市 2024-05 4.9<5 mended=true", "西安市 2024-12 3<4 mended=false"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("breaches:\n got %v\nwant %v", got, want)
		}
		if tr, _ := db.Trend(ctx, f.lead, f.ind.ID, duban.Date{}); len(tr[f.baoji]) != 0 {
			t.Fatal("the dry run wrote figures")
		}

		if _, ok, err = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{}); err != nil || !ok {
			t.Fatalf("import: %v %v", ok, err)
		}
		tr, _ := db.Trend(ctx, f.lead, f.ind.ID, duban.Date{})
		if tr[f.baoji]["2024-02"] != 2.2 || tr[f.xian]["2024-07"] != 5 {
			t.Errorf("converted figures: 宝鸡 2024-02 %v (want 2.2亿元), 西安 2024-07 %v (want 5)", tr[f.baoji]["2024-02"], tr[f.xian]["2024-07"])
		}
		open, _ := db.ListBreaches(ctx, f.lead, f.ind.ID, store.BreachFilter{Status: duban.BreachOpen})
		if len(open) != 1 || open[0].Period.String() != "2024-12" || open[0].Unit.ID != f.xian {
			t.Errorf("open breaches after the import: %+v, want 西安 2024-12 only", open)
		}

		// Another measure altogether is refused, naming both.
		book.Measure = "家"
		res, ok, err = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err != nil || ok || len(res.Errors) != 1 || res.Errors[0].Reason != "表中计量单位为“家”，与指标“财政科技支出”的计量单位“亿元”不一致" {
			t.Errorf("figures in 家: ok %v %v %+v, want one error naming both measures", ok, err, res.Errors)
		}

		// A sheet giving 当月 and 累计 is read on the indicator's basis (the
		// year to date); one giving only 当月 is refused cell by cell.
		month := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 1}
		book.Measure = "亿元"
		book.Figures = []duban.Figure{
			{Sheet: "2025年", Row: 4, Column: "B（1月当月）", Unit: "西安市", Period: month, Value: 9, Basis: duban.BasisPeriod},
			{Sheet: "2025年", Row: 4, Column: "C（1月累计）", Unit: "西安市", Period: month, Value: 6, Basis: duban.BasisYTD}}
		res, ok, err = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err != nil || !ok || res.Values != 1 || len(res.Breaches) != 0 {
			t.Errorf("当月 and 累计: ok %v %v, %d figures, breaches %+v; want the 累计 figure 6 (above last year's 5), no breach", ok, err, res.Values, res.Breaches)
		}
		book.Figures = book.Figures[:1]
		res, ok, _ = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if ok || len(res.Errors) != 1 || res.Errors[0].Column != "B（1月当月）" || res.Errors[0].Reason != "该列为当月（当期）数，“财政科技支出”按累计数报送" {
			t.Errorf("当月 only: ok %v %+v, want the cell refused", ok, res.Errors)
		}

		// A changed figure of an approved month needs the reason.
		if _, err := db.ApprovePeriod(ctx, f.lead, f.ind.ID, "2024-12"); err != nil {
			t.Fatal(err)
		}
		book.Measure = "亿元"
		book.Figures = []duban.Figure{{Sheet: "2024年", Row: 15, Column: "N", Unit: "西安市", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2024, N: 12}, Value: 4.5}}
		res, ok, _ = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{})
		if ok || len(res.Errors) != 1 || res.Errors[0].Row != 15 || res.Errors[0].Column != "N" {
			t.Errorf("a locked month without a reason: ok %v %+v, want the cell refused", ok, res.Errors)
		}
		if _, ok, err = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{Reason: "按决算数更正"}); err != nil || !ok {
			t.Fatalf("with a reason: %v %v", ok, err)
		}
		if open, _ = db.ListBreaches(ctx, f.lead, f.ind.ID, store.BreachFilter{Status: duban.BreachOpen}); len(open) != 0 {
			t.Errorf("西安's December corrected to 4.5: %d open breaches, want none", len(open))
		}
	})
}

// A workbook whose texts name two different indicators (a 指标名称 column,
// a sheet per indicator) is refused whole: read as one, every figure would
// have gone under the indicator of the longest name. A name within another
// (财政科技支出 in 地方财政科技支出) is the same indicator.
func TestImportFiguresOfTwoIndicators(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		other := &duban.Indicator{Code: "GDTZ", Name: "固定资产投资", Measure: "亿元", PeriodType: duban.PeriodMonthly, Aggregation: duban.AggYTD, Decimals: 2, UnitIDs: []int64{f.xian}, DueDay: 10}
		if err := db.CreateIndicator(ctx, f.lead, other); err != nil {
			t.Fatal(err)
		}
		fig := duban.Figure{Sheet: "Sheet1", Row: 3, Column: "C", Unit: "宝鸡", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2024, N: 1}, Value: 1}
		book := &duban.FigureBook{Names: []string{"2024年各市主要指标", "地方财政科技支出", "固定资产投资"}, Measure: "亿元", Figures: []duban.Figure{fig}}
		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err == nil && ok || err == nil && (len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "多项指标（财政科技支出、固定资产投资）")) {
			t.Errorf("two indicators: ok %v, err %v, errors %+v; want refused naming both", ok, err, res.Errors)
		}
		if err != nil && !strings.Contains(duban.ErrorMessage(err), "多项指标") {
			t.Errorf("two indicators: %v", err)
		}
		book.Names = []string{"2024年地方财政科技支出", "财政科技支出"}
		if res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true}); err != nil || !ok || res.Indicator != "CZKJ" {
			t.Errorf("one indicator named twice: ok %v, err %v, indicator %q, errors %+v", ok, err, res.Indicator, res.Errors)
		}
	})
}

// A breakdown row (其中：西咸新区 under 西安市) is no unit of the indicator:
// passed over with one warning for the row, the rest imported. A breakdown
// of a unit that reports (其中：宝鸡) is imported as that unit's.
func TestImportFiguresBreakdownRows(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-08-10")
		jan, feb := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 1}, duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 2}
		book := &duban.FigureBook{Names: []string{"2025年各市财政科技支出"}, Measure: "亿元", Figures: []duban.Figure{
			{Sheet: "2025年", Row: 4, Column: "B（1月）", Unit: "西安市", Period: jan, Value: 3},
			{Sheet: "2025年", Row: 4, Column: "C（2月）", Unit: "西安市", Period: feb, Value: 6},
			{Sheet: "2025年", Row: 5, Column: "B（1月）", Unit: "西咸新区", Period: jan, Value: 1, Part: true},
			{Sheet: "2025年", Row: 5, Column: "C（2月）", Unit: "西咸新区", Period: feb, Value: 2, Part: true},
			{Sheet: "2025年", Row: 6, Column: "B（1月）", Unit: "宝鸡", Period: jan, Value: 1.5, Part: true},
		}}
		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{})
		if err != nil || !ok {
			t.Fatalf("import: ok %v, %v, errors %+v", ok, err, res.Errors)
		}
		if res.Values != 3 || res.Units != 2 {
			t.Errorf("imported %d figures of %d units, want 3 of 2", res.Values, res.Units)
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Row != 5 || !strings.Contains(res.Warnings[0].Reason, "西咸新区") {
			t.Errorf("warnings %+v: want one for row 5 naming 西咸新区", res.Warnings)
		}
		tr, _ := db.Trend(ctx, f.lead, f.ind.ID, duban.Date{})
		if tr[f.xian]["2025-02"] != 6 || tr[f.baoji]["2025-01"] != 1.5 {
			t.Errorf("figures: 西安 2025-02 %v (want 6, not 6+2), 宝鸡 2025-01 %v (want 1.5)", tr[f.xian]["2025-02"], tr[f.baoji]["2025-01"])
		}
	})
}

// A title naming another quantity of the indicator's subject (its share of
// the budget, an enterprise's revenue) is not the indicator: refused, not
// written under it.
func TestImportFiguresOtherQuantity(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-10-10")
		sep := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 9}
		for _, title := range []string{"2025年1-9月各市财政科技支出占一般公共预算支出比重", "各市财政科技支出比例"} {
			book := &duban.FigureBook{Names: []string{title}, Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B（1-9月）", Unit: "西安市", Period: sep, Value: 4.35}}}
			res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
			if err != nil || ok || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "无法从标题或表头识别指标") {
				t.Errorf("%s: ok %v %v %+v, want it refused as no indicator", title, ok, err, res.Errors)
			}
		}
		// Its growth rate (财政科技支出增速): percentages, not 亿元; they
		// were written as the amounts.
		for _, title := range []string{"2025年1-9月各市财政科技支出增速", "各市财政科技支出同比增长情况"} {
			book := &duban.FigureBook{Names: []string{title}, Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B（1-9月）", Unit: "西安市", Period: sep, Value: 3.2}}}
			res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
			if err != nil || ok || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "是增速（百分比），不是指标") {
				t.Errorf("%s: ok %v %v %+v, want it refused as a growth rate", title, ok, err, res.Errors)
			}
		}
		// With its measure said (1-9月完成（亿元） | 增速（%）), the amounts
		// are the indicator's, whatever the title.
		amounts := &duban.FigureBook{Names: []string{"2025年1-9月各市财政科技支出增速及完成情况"}, Measure: "亿元", Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B（1-9月完成）", Unit: "西安市", Period: sep, Value: 4.35}}}
		if res, ok, err := db.ImportFigures(ctx, f.lead, amounts, store.FigureImportOptions{DryRun: true}); err != nil || !ok || res.Indicator != "CZKJ" {
			t.Errorf("amounts under a title naming the growth: ok %v %v %+v", ok, err, res.Errors)
		}
		// Every sheet passed over (a project list): said so, not that the
		// workbook has no title.
		passed := &duban.FigureBook{Warnings: []duban.FigureError{{Sheet: "重点项目", Row: 2, Reason: "该工作表是项目清单，不是各单位的监测数据，未读取"}}}
		if res, ok, err := db.ImportFigures(ctx, f.lead, passed, store.FigureImportOptions{DryRun: true}); err != nil || ok || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "没有可导入的监测数据表") {
			t.Errorf("a workbook of sheets passed over: ok %v %v %+v", ok, err, res.Errors)
		}
		book := &duban.FigureBook{Names: []string{"2025年1-9月各市财政科技支出完成情况"}, Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B（1-9月）", Unit: "西安市", Period: sep, Value: 4.35}}}
		if res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true}); err != nil || !ok || res.Indicator != "CZKJ" {
			t.Errorf("the indicator's own title: ok %v %v %+v", ok, err, res)
		}
	})
}

// Words before an indicator's name that narrow it (新认定 high-tech
// enterprises are this year's new ones, 规上工业企业's intensity is
// industry's) make a title another quantity: refused, naming the words. A
// place, a time or words of the same meaning (全社会, 国家) before the name
// keep it.
func TestImportFiguresQualifiedName(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2026-03-10")
		for _, x := range []*duban.Indicator{
			{Code: "GXQY", Name: "高新技术企业数量", Aliases: []string{"高新技术企业", "高企数量"}, Measure: "家"},
			{Code: "RDQD", Name: "研发经费投入强度", Aliases: []string{"R&D经费投入强度", "研发投入强度"}, Measure: "%", Decimals: 2},
		} {
			x.PeriodType, x.Aggregation, x.UnitIDs, x.DueDay = duban.PeriodYearly, duban.AggLast, []int64{f.xian, f.baoji}, 28
			if err := db.CreateIndicator(ctx, f.lead, x); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct{ title, want, words string }{
			{"2025年各市新认定高新技术企业数量", "", "新认定高新技术企业数量"},
			{"各市新增高新技术企业数量", "", "新增高新技术企业数量"},
			{"各市规上工业企业研发投入强度", "", "规上工业企业研发投入强度"},
			{"2025年规模以上工业企业R&D经费投入强度", "", "规模以上工业企业R&D经费投入强度"},
			{"市本级财政科技支出", "", "本级财政科技支出"},
			{"截至2025年底各市（区）国家高新技术企业数量统计表", "GXQY", ""},
			{"2025年度陕西省各设区市全社会研发经费投入强度", "RDQD", ""},
			{"全省及各市研发投入强度", "RDQD", ""},
			{"各市有效期内高新技术企业数量", "GXQY", ""},
			{"2025年1-9月各市地方财政科技支出", "CZKJ", ""},
		}
		for _, c := range cases {
			t.Run(c.title, func(t *testing.T) {
				p := duban.Period{Type: duban.PeriodYearly, Year: 2025, N: 1}
				if c.want == "CZKJ" {
					p = duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 9}
				}
				book := &duban.FigureBook{Names: []string{c.title, "地区"}, Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B", Unit: "西安市", Period: p, Value: 4}}}
				res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
				if err != nil {
					t.Fatal(err)
				}
				if c.want != "" {
					if !ok || res.Indicator != c.want {
						t.Errorf("ok %v indicator %q errors %+v, want %s", ok, res.Indicator, res.Errors, c.want)
					}
					return
				}
				if ok || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "“"+c.words+"”与指标") {
					t.Errorf("ok %v indicator %q errors %+v, want refused naming “%s”", ok, res.Indicator, res.Errors, c.words)
				}
			})
		}
	})
}

// What the reader passed over with a warning (a region's total row) is in
// the import's warnings, and the rest is imported.
func TestImportFiguresReaderWarnings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-08-10")
		jan := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 1}
		warn := duban.FigureError{Sheet: "2025年", Row: 3, Reason: "“陕西省”是全省或片区的合计，不是报送单位，未导入"}
		book := &duban.FigureBook{Names: []string{"2025年各市财政科技支出"}, Warnings: []duban.FigureError{warn},
			Figures: []duban.Figure{{Sheet: "2025年", Row: 4, Column: "B（1月）", Unit: "西安市", Period: jan, Value: 3}}}
		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err != nil || !ok || res.Values != 1 {
			t.Fatalf("import: ok %v, %v, %d figures, errors %+v", ok, err, res.Values, res.Errors)
		}
		if len(res.Warnings) != 1 || res.Warnings[0] != warn {
			t.Errorf("warnings %+v, want the reader's %+v", res.Warnings, warn)
		}
	})
}

// For a monthly indicator of the year to date, 一季度, 上半年 and 前三季度
// are the years to date of March, June and September; a quarter's own
// figure (二季度) is refused.
func TestImportFiguresQuartersSoFar(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-10-20")
		q := func(n int) duban.Period { return duban.Period{Type: duban.PeriodQuarterly, Year: 2025, N: n} }
		figs := []duban.Figure{
			{Sheet: "Sheet1", Row: 4, Column: "B（一季度）", Unit: "西安市", Period: q(1), Value: 1},
			{Sheet: "Sheet1", Row: 4, Column: "C（上半年）", Unit: "西安市", Period: q(2), Value: 2.5, Basis: duban.BasisYTD},
			{Sheet: "Sheet1", Row: 4, Column: "D（前三季度）", Unit: "西安市", Period: q(3), Value: 4.2, Basis: duban.BasisYTD},
		}
		book := &duban.FigureBook{Names: []string{"2025年各市财政科技支出"}, Measure: "亿元", Figures: figs}
		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{})
		if err != nil || !ok || res.Values != 3 {
			t.Fatalf("import: ok %v, %v, %d figures, errors %+v", ok, err, res.Values, res.Errors)
		}
		tr, _ := db.Trend(ctx, f.lead, f.ind.ID, duban.Date{})
		if got := fmt.Sprint(tr[f.xian]["2025-03"], tr[f.xian]["2025-06"], tr[f.xian]["2025-09"]); got != "1 2.5 4.2" {
			t.Errorf("西安 March, June, September: got %s, want 1 2.5 4.2", got)
		}
		book.Figures = []duban.Figure{{Sheet: "Sheet1", Row: 4, Column: "E（二季度）", Unit: "西安市", Period: q(2), Value: 1.5}}
		res, ok, _ = db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if ok || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "按月报送") {
			t.Errorf("二季度: ok %v errors %+v, want refused as a quarter's", ok, res.Errors)
		}
	})
}

// Figures likely wrong are imported with a warning each: a per cent for an
// indicator in 亿元, a year to date below the month before's.
func TestImportFiguresImplausible(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-10-20")
		m := func(n int) duban.Period { return duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: n} }
		book := &duban.FigureBook{Names: []string{"2025年各市财政科技支出"}, Measure: "亿元", Figures: []duban.Figure{
			{Sheet: "S", Row: 3, Column: "B（7月）", Unit: "西安市", Period: m(7), Value: 40},
			{Sheet: "S", Row: 3, Column: "C（8月）", Unit: "西安市", Period: m(8), Value: 45},
			{Sheet: "S", Row: 3, Column: "D（9月）", Unit: "西安市", Period: m(9), Value: 4.6},
			{Sheet: "S", Row: 4, Column: "B（7月）", Unit: "宝鸡市", Period: m(7), Value: 2.5, Percent: true},
			{Sheet: "S", Row: 4, Column: "C（8月）", Unit: "宝鸡市", Period: m(8), Value: 6},
		}}
		res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
		if err != nil || !ok || res.Values != 5 {
			t.Fatalf("import: ok %v, %v, %d figures, errors %+v", ok, err, res.Values, res.Errors)
		}
		var got []string
		for _, w := range res.Warnings {
			got = append(got, fmt.Sprintf("%d %s %s", w.Row, w.Column, w.Reason))
		}
		want := []string{"4 B（7月） 该单元格是百分数（2.5%），“财政科技支出”的计量单位是亿元，请核对",
			"3 D（9月） 累计数4.60小于8月的累计数45.00：累计数不应逐月减少，请核对"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// An indicator that is a growth rate takes a sheet's growth columns (同比
// beside the amounts, whatever their measure); any other indicator the
// amounts.
func TestImportFiguresRate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.at("2025-10-20")
		rate := &duban.Indicator{Code: "GDTZZS", Name: "固定资产投资增速", Measure: "%", PeriodType: duban.PeriodMonthly, Aggregation: duban.AggLast,
			AllowNegative: true, Decimals: 1, UnitIDs: []int64{f.xian, f.baoji}, DueDay: 10}
		if err := db.CreateIndicator(ctx, f.lead, rate); err != nil {
			t.Fatal(err)
		}
		sep := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 9}
		book := &duban.FigureBook{Measure: "亿元",
			Figures: []duban.Figure{{Sheet: "S", Row: 4, Column: "C（累计9月）", Unit: "西安市", Period: sep, Value: 100, Basis: duban.BasisYTD}},
			Growth:  []duban.Figure{{Sheet: "S", Row: 4, Column: "E（同比增长（%）9月）", Unit: "西安市", Period: sep, Value: -4.1}}}
		for _, c := range []struct{ title, code, want string }{{"2025年各市固定资产投资增速", "GDTZZS", "-4.1"}, {"2025年各市财政科技支出", "CZKJ", "100"}} {
			book.Names = []string{c.title}
			if _, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{}); err != nil || !ok {
				t.Fatalf("%s: ok %v, %v", c.title, ok, err)
			}
			id := rate.ID
			if c.code == "CZKJ" {
				id = f.ind.ID
			}
			if tr, _ := db.Trend(ctx, f.lead, id, duban.Date{}); fmt.Sprint(tr[f.xian]["2025-09"]) != c.want {
				t.Errorf("%s: 西安 2025-09 %v, want %s", c.code, tr[f.xian]["2025-09"], c.want)
			}
		}
	})
}

// A sheet giving only counts to date (累计, 1-9月) is refused cell by cell
// for an indicator of each period's own figures, and taken for one of
// period-end figures: a count to date is the count at the period's end.
func TestImportFiguresToDateByAggregation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		sept := duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 9}
		for _, c := range []struct {
			name string
			agg  duban.Aggregation
			ok   bool
		}{{"高新技术企业数量", duban.AggLast, true}, {"技术合同成交额", duban.AggSum, false}} {
			x := &duban.Indicator{Code: string(c.agg), Name: c.name, Measure: "家", PeriodType: duban.PeriodMonthly, Aggregation: c.agg, Decimals: 0, UnitIDs: []int64{f.xian}, DueDay: 10}
			if err := db.CreateIndicator(ctx, f.lead, x); err != nil {
				t.Fatal(err)
			}
			book := &duban.FigureBook{Names: []string{"2025年1-9月各市" + c.name}, Measure: "家",
				Figures: []duban.Figure{{Sheet: "Sheet1", Row: 3, Column: "B", Unit: "西安市", Period: sept, Value: 40, Basis: duban.BasisYTD}}}
			res, ok, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if c.ok && (!ok || res.Values != 1) {
				t.Errorf("%s: ok %v, %d figures, errors %+v; want the count to date taken", c.name, ok, res.Values, res.Errors)
			}
			if want := "该列为累计数，“" + c.name + "”按当期数报送"; !c.ok && (ok || len(res.Errors) != 1 || res.Errors[0].Reason != want) {
				t.Errorf("%s: ok %v, errors %+v; want the cell refused: %s", c.name, ok, res.Errors, want)
			}
		}
	})
}

// A year to date below the month before it is warned of when the month
// before is already stored, not only when the same file gives it: 西安's
// April (file) below its stored March, and 宝鸡's February (file) above its
// stored March.
func TestImportFiguresYTDAgainstStored(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.lastYear(t) // 2024: 西安 10, 20, 32 …; 宝鸡 2, 4, 6.4 …
		f.at("2025-01-10")
		month := func(n int) duban.Period { return duban.Period{Type: duban.PeriodMonthly, Year: 2024, N: n} }
		book := &duban.FigureBook{Names: []string{"财政科技支出"}, Measure: "亿元", Figures: []duban.Figure{
			{Sheet: "Sheet1", Row: 3, Column: "B", Unit: "西安市", Period: month(4), Value: 30},
			{Sheet: "Sheet1", Row: 4, Column: "C", Unit: "宝鸡市", Period: month(2), Value: 9},
		}}
		res, _, err := db.ImportFigures(ctx, f.lead, book, store.FigureImportOptions{DryRun: true, Reason: "核对"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range res.Warnings {
			got = append(got, fmt.Sprintf("%d %s %s", w.Row, w.Column, w.Reason))
		}
		want := []string{
			"3 B 累计数30.00小于已有的3月累计数32.00：累计数不应逐月减少，请核对",
			"4 C 累计数9.00大于已有的3月累计数6.40：累计数不应逐月减少，请核对",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
