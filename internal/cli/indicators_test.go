package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/store"
)

var shaanxi = []struct{ name, short string }{
	{"西安市人民政府", "西安市"}, {"铜川市人民政府", "铜川市"}, {"宝鸡市人民政府", "宝鸡市"}, {"咸阳市人民政府", "咸阳市"},
	{"渭南市人民政府", "渭南市"}, {"延安市人民政府", "延安市"}, {"汉中市人民政府", "汉中市"}, {"榆林市人民政府", "榆林市"},
	{"安康市人民政府", "安康市"}, {"商洛市人民政府", "商洛市"}, {"杨凌农业高新技术产业示范区管委会", "杨凌示范区"},
}

// monitorDB makes a data folder with the cities and 财政科技支出 (YTD, 只增不减).
func monitorDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lead := &duban.Unit{Name: "陕西省财政厅", ShortName: "省财政厅", Kind: duban.UnitDepartment}
	if err := db.CreateUnit(ctx, duban.System, lead); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range shaanxi {
		u := &duban.Unit{Name: c.name, ShortName: c.short, Kind: duban.UnitCity}
		if err := db.CreateUnit(ctx, duban.System, u); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	x := &duban.Indicator{Code: "CZKJ", Name: "财政科技支出", Aliases: []string{"地方财政科技支出"}, Measure: "亿元", PeriodType: duban.PeriodMonthly,
		Aggregation: duban.AggYTD, LeadUnitID: lead.ID, UnitIDs: ids, Decimals: 2}
	if err := db.CreateIndicator(ctx, duban.System, x); err != nil {
		t.Fatal(err)
	}
	r := &duban.IndicatorRule{IndicatorID: x.ID, Kind: duban.RuleNoDecreaseYTD, Escalate: duban.EscalateNone}
	if err := db.CreateIndicatorRule(ctx, duban.System, r); err != nil {
		t.Fatal(err)
	}
	return dir
}

// workbook writes rows (with merges) to sheets of a file.
func workbook(t *testing.T, path string, sheets []string, rows map[string][][]any, merges ...string) {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, row := range rows[name] {
			for c, v := range row {
				if v != nil {
					axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
					f.SetCellValue(name, axis, v)
				}
			}
		}
	}
	for _, m := range merges {
		sh, rng, _ := strings.Cut(m, "!")
		a, b, _ := strings.Cut(rng, ":")
		f.MergeCell(sh, a, b)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// wideYear is one year's sheet: units as sheets name them, cumulative
// figures per month; 铜川 falls behind in March and recovers in April;
// 商洛 falls behind from May; 延安's June is not yet in.
func wideYear(year, months int) [][]any {
	names := []string{"西安市", "铜川", "宝鸡市", "咸阳", "渭南市", "延安市", "汉中", "榆林市", "安康市", "商洛", "杨凌示范区"}
	rows := [][]any{
		{fmt.Sprintf("%d年1-%d月全省各市（区）地方财政科技支出情况表", year, months)},
		{nil, nil, nil, nil, "单位：亿元"},
		{"序号", "市（区）"},
	}
	for m := 1; m <= months; m++ {
		label := fmt.Sprintf("1-%d月", m)
		if m == 1 {
			label = "1月"
		}
		rows[2] = append(rows[2], label)
	}
	for i, n := range names {
		row := []any{i + 1, n}
		for m := 1; m <= months; m++ {
			v := float64(m) * float64(i+1) // last year's pace
			if year == 2025 {
				v *= 1.1
				switch {
				case n == "铜川" && m == 3:
					v = 5.5 // below 6
				case n == "商洛" && m >= 5:
					v = float64(m)*10 - 1 // below m*10
				}
			}
			if year == 2025 && n == "延安市" && m == 6 {
				row = append(row, "—")
				continue
			}
			row = append(row, fmt.Sprintf("%.2f", v))
		}
		rows = append(rows, row)
	}
	rows = append(rows, []any{"合计"}, []any{"注：表中数据为当年累计数，“—”为未报送。"})
	return rows
}

type importJSON struct {
	Indicator string `json:"indicator"`
	Units     int    `json:"units"`
	Periods   int    `json:"periods"`
	Values    int    `json:"values"`
	Errors    []struct {
		Sheet  string `json:"sheet"`
		Row    int    `json:"row"`
		Column string `json:"column"`
		Reason string `json:"reason"`
	} `json:"errors"`
	Breaches []struct {
		Mended   bool    `json:"mended"`
		Unit     string  `json:"unit"`
		Period   string  `json:"period"`
		Rule     string  `json:"rule"`
		Value    float64 `json:"value"`
		Baseline float64 `json:"baseline"`
	} `json:"breaches"`
}

func importIndicators(t *testing.T, args ...string) (int, importJSON, string) {
	t.Helper()
	code, out, errOut := run(t, append([]string{"import", "indicators", "--json"}, args...)...)
	var res importJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output %q (%s): %v", out, errOut, err)
	}
	return code, res, errOut
}

func TestImportIndicatorsWide(t *testing.T) {
	dir := monitorDB(t)
	file := filepath.Join(t.TempDir(), "监测表.xlsx")
	last := len(shaanxi) + 5
	workbook(t, file, []string{"2024年", "2025年"}, map[string][][]any{"2024年": wideYear(2024, 12), "2025年": wideYear(2025, 6)},
		"2024年!A1:N1", "2025年!A1:H1", fmt.Sprintf("2024年!A%d:B%d", last-1, last-1), fmt.Sprintf("2025年!A%d:H%d", last, last))

	// A dry run reports everything and writes nothing.
	code, res, errOut := importIndicators(t, "--data", dir, "--dry-run", file)
	if code != 0 || res.Indicator != "CZKJ" || res.Units != 11 || res.Periods != 18 || res.Values != 11*18-1 || len(res.Errors) != 0 {
		t.Fatalf("dry run: code %d %s, got %+v; want CZKJ, 11 units, 18 periods, 197 values", code, errOut, res)
	}
	code, res2, _ := importIndicators(t, "--data", dir, "--dry-run", file)
	if code != 0 || res2.Values != res.Values {
		t.Errorf("second dry run: got %d values, want %d: the first wrote something", res2.Values, res.Values)
	}

	code, res, errOut = importIndicators(t, "--data", dir, file)
	if code != 0 {
		t.Fatalf("import: code %d, %s", code, errOut)
	}
	// Every month below last year's year to date is reported; 铜川 recovered
	// in April, so its March is mended, and only 商洛's May and June are open.
	got := []string{}
	for _, b := range res.Breaches {
		got = append(got, fmt.Sprintf("%s %s %.2f<%.2f mended=%v", b.Unit, b.Period, b.Value, b.Baseline, b.Mended))
	}
	want := []string{"铜川市 2025-03 5.50<6.00 mended=true", "商洛市 2025-05 49.00<50.00 mended=false", "商洛市 2025-06 59.00<60.00 mended=false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("breaches: got %v, want %v", got, want)
	}

	// The export reads back in: the same figures, nothing changes.
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if code, _, errOut := run(t, "export", "indicators", "--data", dir, "--indicator", "CZKJ", "-o", out); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	code, res, errOut = importIndicators(t, "--data", dir, "--dry-run", out)
	if code != 0 || res.Values != 197 || res.Units != 11 || res.Periods != 18 || len(res.Breaches) != 3 {
		t.Errorf("export read back: code %d %s, got %+v", code, errOut, res)
	}
}

func TestImportIndicatorsLong(t *testing.T) {
	dir := monitorDB(t)
	file := filepath.Join(t.TempDir(), "long.xlsx")
	rows := [][]any{
		{"指标名称", "单位名称", "统计期", "本年累计（亿元）"},
		{"财政科技支出", "西安", "2024年1月", 10},
		{"财政科技支出", "西安", "2024年2月", 20},
		{"财政科技支出", "西安", "2025年1月", 12},
		{"财政科技支出", "西安", "2025-02", "19.5"},
		{"财政科技支出", "杨凌示范区", "2025年2月", "—"},
		{"填报人：张三"},
	}
	workbook(t, file, []string{"明细"}, map[string][][]any{"明细": rows})
	code, res, errOut := importIndicators(t, "--data", dir, file)
	if code != 0 || res.Units != 1 || res.Periods != 4 || res.Values != 4 || len(res.Breaches) != 1 ||
		res.Breaches[0].Period != "2025-02" || res.Breaches[0].Value != 19.5 || res.Breaches[0].Baseline != 20 {
		t.Errorf("long: code %d %s, got %+v", code, errOut, res)
	}
}

func TestImportIndicatorsRejected(t *testing.T) {
	dir := monitorDB(t)
	file := filepath.Join(t.TempDir(), "bad.xlsx")
	rows := [][]any{
		{"2025年财政科技支出监测"},
		{"地区", "1月", "2月", "3月"},
		{"西安市", 1, "待报", 3},
		{"铜川市", -0.5, 1, 1.5},
		{"咸阳x", 1, 2, 3},
		{nil, 1, nil, nil},
		{"宝鸡市", "1,2", "２.５", "3"},
	}
	workbook(t, file, []string{"2025"}, map[string][][]any{"2025": rows})
	code, res, _ := importIndicators(t, "--data", dir, file)
	if code == 0 {
		t.Fatal("a bad workbook was accepted")
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, fmt.Sprintf("%s!%d %s %s", e.Sheet, e.Row, e.Column, e.Reason))
	}
	want := []string{
		"2025!3 C（2月） 不是数字：“待报”",
		"2025!6 B（1月） 单位名称为空",
		"2025!4 B（1月） 不能为负数：-0.50",
		"2025!5 B（1月） 未知单位：“咸阳x”",
		"2025!5 C（2月） 未知单位：“咸阳x”",
		"2025!5 D（3月） 未知单位：“咸阳x”",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Nothing was written: the good rows (宝鸡) are not in.
	db, err := store.Open(context.Background(), filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	x, _ := db.FindIndicatorByName(context.Background(), duban.System, "CZKJ")
	if tr, _ := db.Trend(context.Background(), duban.System, x.ID, duban.Date{}); len(tr) != 0 {
		t.Errorf("after a rejected import: got figures %v, want none", tr)
	}
}
