package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// WriteFigures writes an indicator's figures in the wide layout ReadFigures
// reads: for monthly and quarterly figures one sheet per year (2025年) with
// a merged title, a 单位：… line, a header 序号 | 单位 | 1月 … 12月, a row per
// unit and a 合计 row when total is set; yearly figures go on one sheet
// with a column per year. Unreported cells stay empty.
func WriteFigures(w io.Writer, t duban.FigureTable, total bool) error {
	f := excelize.NewFile()
	defer f.Close()
	sheets := [][]duban.Period{}
	if t.Type == duban.PeriodYearly {
		var ps []duban.Period
		for _, y := range t.Years {
			ps = append(ps, duban.Period{Type: t.Type, Year: y, N: 1})
		}
		sheets = append(sheets, ps)
	} else {
		for _, y := range t.Years {
			sheets = append(sheets, duban.PeriodsOfYear(t.Type, y))
		}
	}
	for i, ps := range sheets {
		name := fmt.Sprintf("%d年", ps[0].Year)
		title := fmt.Sprintf("%d年%s监测表", ps[0].Year, t.Name)
		if t.Type == duban.PeriodYearly {
			name, title = "按年", t.Name+"监测表"
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("xlsx: figures: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: figures: %w", err)
		}
		if err := writeFigureSheet(f, name, title, t, ps, total); err != nil {
			return fmt.Errorf("xlsx: figures: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: figures: %w", err)
	}
	return nil
}

// periodLabel is a period's column header.
func periodLabel(p duban.Period) string {
	switch p.Type {
	case duban.PeriodMonthly:
		return fmt.Sprintf("%d月", p.N)
	case duban.PeriodQuarterly:
		return fmt.Sprintf("第%d季度", p.N)
	}
	return fmt.Sprintf("%d年", p.Year)
}

func writeFigureSheet(f *excelize.File, name, title string, t duban.FigureTable, ps []duban.Period, total bool) error {
	last := cell(len(ps)+1, 1)
	lastCol := strings.TrimRight(last, "0123456789")
	var errs []error
	set := func(axis string, v any) { errs = append(errs, f.SetCellValue(name, axis, v)) }
	set("A1", title)
	errs = append(errs, f.MergeCell(name, "A1", lastCol+"1"))
	set(lastCol+"2", "单位："+t.Measure)
	set("A3", "序号")
	set("B3", "单位")
	for j, p := range ps {
		set(cell(j+2, 3), periodLabel(p))
	}
	sums, given := make([]float64, len(ps)), make([]bool, len(ps))
	for i, u := range t.Units {
		r := i + 4
		set(cell(0, r), i+1)
		set(cell(1, r), u)
		for j, p := range ps {
			if v, ok := t.Values[u][p.String()]; ok {
				set(cell(j+2, r), v)
				sums[j], given[j] = sums[j]+v, true
			}
		}
	}
	if total {
		r := len(t.Units) + 4
		set(cell(0, r), "合计")
		errs = append(errs, f.MergeCell(name, cell(0, r), cell(1, r)))
		for j := range ps {
			if given[j] { // a month no unit has reported has no total
				set(cell(j+2, r), sums[j])
			}
		}
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	errs = append(errs, err, f.SetCellStyle(name, "A1", "A1", titleStyle))
	numStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0." + strings.Repeat("0", max(t.Decimal, 1)))})
	errs = append(errs, err, f.SetCellStyle(name, "C4", cell(len(ps)+1, len(t.Units)+5), numStyle))
	errs = append(errs, f.SetColWidth(name, "B", "B", 14))
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
