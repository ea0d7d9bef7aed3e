package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// wideSheet writes a monitoring workbook the way a city finance bureau
// might: a title, a 单位 line, units down and the months of a year across,
// a 合计 row and a note. figures[unit][month] is a number or text; nil
// leaves the cell empty.
func wideSheet(t *testing.T, path string, year, months int, units []string, figures map[string]map[int]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := fmt.Sprintf("%d年", year)
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", fmt.Sprintf("%d年1-%d月全省地方财政科技支出情况统计表", year, months))
	f.SetCellValue(sh, "A2", "单位：亿元")
	head := []any{"序号", "地  区"}
	for m := 1; m <= months; m++ {
		head = append(head, fmt.Sprintf("%d月", m))
	}
	f.SetSheetRow(sh, "A3", &head)
	for i, u := range units {
		row := []any{i + 1, u}
		for m := 1; m <= months; m++ {
			row = append(row, figures[u][m])
		}
		f.SetSheetRow(sh, fmt.Sprintf("A%d", i+4), &row)
	}
	total := fmt.Sprintf("A%d", len(units)+4)
	f.SetSheetRow(sh, total, &[]any{nil, "合计"})
	f.SetCellValue(sh, fmt.Sprintf("A%d", len(units)+5), "注：月度数据为1月至当月累计数，数据来源于各市（区）财政局。")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// The workbook import in the browser: the lead office uploads a sheet with
// bad cells and sees each one named and no way to confirm; then a good
// sheet with the next month's figures, whose preview gives the counts and
// the two breaches it causes; confirming writes it, and the indicator's
// table shows the breaches on that month.
func TestIndicatorImportPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	x, err := s.db.FindIndicatorByName(ctx, duban.System, "财政科技支出")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := s.db.Trend(ctx, duban.System, x.ID, duban.Date{})
	if err != nil {
		t.Fatal(err)
	}
	var latest string
	names := map[int64]string{}
	for id, series := range tr {
		u, err := s.db.FindUnit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		names[id] = u.ShortName
		for k := range series {
			latest = max(latest, k)
		}
	}
	last, _ := duban.ParsePeriod(duban.PeriodMonthly, latest)
	next := duban.Period{Type: duban.PeriodMonthly, Year: last.Year, N: last.N + 1}
	if next.N > 12 {
		next = duban.Period{Type: duban.PeriodMonthly, Year: last.Year + 1, N: 1}
	}
	var units []string
	figures := map[string]map[int]any{}
	for _, id := range x.UnitIDs {
		u := names[id]
		units = append(units, u)
		figures[u] = map[int]any{}
		for m := 1; m < next.N; m++ {
			figures[u][m] = tr[id][duban.Period{Type: duban.PeriodMonthly, Year: next.Year, N: m}.String()]
		}
		base := tr[id][next.LastYear().String()]
		figures[u][next.N] = duban.FormatFigure(base*1.08, 2)
		if u == "商洛市" || u == "延安市" {
			figures[u][next.N] = duban.FormatFigure(base*0.9, 2)
		}
	}
	dir := t.TempDir()
	good := filepath.Join(dir, fmt.Sprintf("%d年财政科技支出监测表.xlsx", next.Year))
	wideSheet(t, good, next.Year, next.N, units, figures)

	// The same sheet with three bad cells and a unit duban does not know.
	bad := filepath.Join(dir, "有误的监测表.xlsx")
	figures["宝鸡市"][next.N] = "约1.2"
	figures["铜川市"][next.N] = -0.5
	badUnits := append(append([]string{}, units...), "西咸新区")
	figures["西咸新区"] = map[int]any{next.N: 3.1}
	wideSheet(t, bad, next.Year, next.N, badUnits, figures)

	s.login("czt-jc", "duban-demo")
	s.open("/indicators")
	s.follow(chromedp.Click(chromedp.ID("ind-import")))
	s.do(chromedp.WaitVisible(chromedp.ID("imp-file")), chromedp.SetUploadFiles(chromedp.ID("imp-file"), []string{bad}))
	s.follow(chromedp.Click(chromedp.ID("imp-preview")))
	rows := s.texts("#cell-errors tbody tr")
	if len(rows) != 3 {
		t.Errorf("rejected cells: got %q, want three", rows)
	}
	// Each cell as sheet, row, column (letter and header) and reason.
	cellOf := func(unit string) string {
		for i, u := range badUnits {
			if u == unit {
				return fmt.Sprintf("%d年%d%s（%d月）", next.Year, i+4, excelColumn(next.N+2), next.N)
			}
		}
		return ""
	}
	for _, want := range []string{cellOf("宝鸡市") + "不是数字：“约1.2”", cellOf("铜川市") + "不能为负数", cellOf("西咸新区") + "未知单位：“西咸新区”"} {
		found := false
		for _, r := range rows {
			found = found || strings.HasPrefix(r, want)
		}
		if !found {
			t.Errorf("rejected cells %q lack %q", rows, want)
		}
	}
	if s.count("#imp-confirm") != 0 {
		t.Error("a rejected workbook can be confirmed")
	}
	s.checkNoOverflow()
	s.screenshot("indicator-import-rejected")

	s.do(chromedp.SetUploadFiles(chromedp.ID("imp-file"), []string{good}))
	s.follow(chromedp.Click(chromedp.ID("imp-preview")))
	if got := s.text("#imp-status"); !strings.Contains(got, "检查通过") {
		t.Fatalf("good workbook: %q", got)
	}
	counts := s.texts("#imp-counts .stat b")
	if want := []string{"11", fmt.Sprint(next.N), fmt.Sprint(11 * next.N)}; strings.Join(counts[:3], ",") != strings.Join(want, ",") {
		t.Errorf("counts: got %v, want units, periods, figures %v", counts, want)
	}
	month := next.Chinese()
	var breached []string
	for _, r := range s.texts("#imp-breaches tbody tr") {
		if strings.Contains(r, month) {
			breached = append(breached, strings.SplitN(r, month, 2)[0])
		}
	}
	if strings.Join(breached, ",") != "延安市,商洛市" && strings.Join(breached, ",") != "商洛市,延安市" {
		t.Errorf("breaches of %s in the preview: got %v, want 延安市 and 商洛市", month, breached)
	}
	if tr2, _ := s.db.Trend(ctx, duban.System, x.ID, duban.Date{}); len(tr2[x.UnitIDs[0]]) != len(tr[x.UnitIDs[0]]) {
		t.Error("the preview wrote figures")
	}
	s.checkNoOverflow()
	s.screenshot("indicator-import-preview")

	s.follow(chromedp.Click(chromedp.ID("imp-confirm")))
	if got := s.path(); got != fmt.Sprintf("/indicators/%d", x.ID) {
		t.Fatalf("after confirming: at %s, want the indicator", got)
	}
	if got := s.flash(); !strings.Contains(got, fmt.Sprintf("已导入 %d 个", 11*next.N)) {
		t.Errorf("flash: %q", got)
	}
	if got := s.text("#ind-period"); got != month {
		t.Errorf("the table shows %q, want the imported month %s", got, month)
	}
	if got := s.texts("#ind-table tr.ind-breach th"); !strings.Contains(strings.Join(got, ","), "商洛市") || !strings.Contains(strings.Join(got, ","), "延安市") {
		t.Errorf("units in breach in %s: got %v", month, got)
	}
	s.screenshot("indicator-import-done")

	// In English the breaches are told in English.
	s.open(fmt.Sprintf("/lang?to=en&next=/indicators/%d", x.ID))
	texts := strings.Join(s.texts("#ind-table .ind-breach-text"), " | ")
	if !strings.Contains(texts, "for the year to date, below the") || strings.Contains(texts, "低于") {
		t.Errorf("English breaches: %q", texts)
	}
	s.checkTranslated()
	s.screenshot("indicator-table-en")
}

// excelColumn is the letter of a 1-based column.
func excelColumn(n int) string {
	c, _ := excelize.ColumnNumberToName(n)
	return c
}
