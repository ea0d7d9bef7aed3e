package xlsx

import (
	"fmt"
	"slices"
	"strings"

	"duban/internal/duban"
)

// A statistics bulletin's table often turns one period's report round: the
// units across and, down the first column, the indicator and its growth
// (指标 | 全省 | 西安 | 宝鸡 over 规上工业增加值（亿元） and 增速（%）), the
// period in the title (2025年1-9月各市…). It was found by no reader and
// refused as having no header; it is read when its rows hold one
// indicator, and refused naming them when they hold several.

// acrossCols are the columns of such a table.
type acrossCols struct {
	label   int            // the rows' labels: the indicator and its growth
	measure int            // a 计量单位 column, or -1
	units   map[int]string // the units' columns
	cols    []int          // those in order
	period  duban.Period
	basis   string // of the value rows: the year to date when the title says so
}

// acrossHeader recognises row r as the header of a report turned round: an
// indicator label (指标, 项目, 指标名称) first, maybe a column of measures,
// then two or more names that are neither periods nor figures, over rows
// of figures; the period named above it (a month, else a year).
func (fs *figureSheet) acrossHeader(r int) *acrossCols {
	row := fs.cells[r]
	first := slices.IndexFunc(row, func(t string) bool { return strings.TrimSpace(t) != "" })
	if first < 0 || !isItemLabel(row[first]) || r+1 >= len(fs.cells) {
		return nil
	}
	ac := &acrossCols{label: first, measure: -1, units: map[int]string{}}
	for c := first + 1; c < len(row); c++ {
		t := strings.TrimSpace(row[c])
		switch {
		case t == "" || fs.copied(r, c):
		case fs.measures(r, c) && ac.measure < 0 && len(ac.units) == 0:
			ac.measure = c
		case isTotalRow(t) || fs.notUnit(r, t):
			// 全省, 合计, 关中地区: not a unit's column
		default:
			if _, ok := parseFigure(t); ok {
				return nil
			}
			if _, ok := periodHeader(t, 0); ok || basisOf(t) != "" {
				return nil // a period or 本月/累计/增速 across: another kind of table
			}
			ac.units[c] = t
		}
	}
	if len(ac.units) < 2 {
		return nil
	}
	ac.cols = make([]int, 0, len(ac.units))
	for c := range ac.units {
		ac.cols = append(ac.cols, c)
	}
	slices.Sort(ac.cols)
	if below := fs.cells[r+1]; !slices.ContainsFunc(ac.cols, func(c int) bool {
		_, ok := parseFigure(cellOf(below, c))
		return ok
	}) {
		return nil
	}
	if ac.period = fs.reportMonth(r); ac.period.IsZero() {
		year := fs.year
		for up := 0; up < r && year == 0; up++ {
			for _, t := range fs.fresh(up) {
				if y := yearIn(t); y != 0 && !isFillDate(t) {
					year = y
					break
				}
			}
		}
		if year == 0 {
			return nil
		}
		ac.period = duban.Period{Type: duban.PeriodYearly, Year: year}
	} else if fs.titleSoFar(r) {
		ac.basis = duban.BasisYTD
	}
	return ac
}

func cellOf(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// readAcross reads the value row of the one indicator and its growth rows;
// rows of another indicator (or its growth) refuse the sheet, naming them.
func (fs *figureSheet) readAcross(hdr int, ac *acrossCols) {
	// The labels other readers noted while trying the rows above.
	fs.label = map[int]string{ac.label: fs.cells[hdr][ac.label]}
	for c, u := range ac.units {
		fs.label[c] = u
	}
	type line struct {
		r     int
		basis string
	}
	var lines []line
	var names []string
	for r := hdr + 1; r < len(fs.cells); r++ {
		label := strings.TrimSpace(cellOf(fs.cells[r], ac.label))
		if label == "" {
			continue
		}
		if isNoteRow(label) {
			break
		}
		b := basisOf(label)
		if b == "skip" || lastYears(strings.ReplaceAll(duban.HalfWidth(label), " ", "")) || strings.Contains(label, "目标") {
			continue // 位次, 占比, 上年同期, 目标: not this period's figures
		}
		name := indicatorOf(label)
		if b == duban.BasisGrowth {
			// 增速（%） is the indicator's own; 地区生产总值增速 names one.
			if name != "" && !slices.Contains(names, name) {
				names = append(names, name)
			}
			lines = append(lines, line{r, duban.BasisGrowth})
			continue
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		if m := bracketMeasure.FindStringSubmatch(duban.HalfWidth(label)); m != nil && fs.b.Measure == "" {
			fs.b.Measure = m[1] // 规上工业增加值（亿元）
		}
		if ac.measure >= 0 && fs.b.Measure == "" {
			if m := strings.Trim(strings.TrimSpace(duban.HalfWidth(cellOf(fs.cells[r], ac.measure))), "()"); isMeasureWord(m) {
				fs.b.Measure = m
			}
		}
		lines = append(lines, line{r, ac.basis})
	}
	if len(names) > 1 {
		shown := strings.Join(names[:min(3, len(names))], "、")
		if len(names) > 3 {
			shown += "等"
		}
		fs.fail(hdr, ac.label, fmt.Sprintf("本表各行是%d个指标（%s），各单位横排：一次只能导入一个指标的数据，请每个指标一张表（或只留该指标及其增速两行）后重新导入", len(names), shown))
		return
	}
	if len(names) == 1 {
		fs.b.Names = append(fs.b.Names, names[0])
	}
	for _, l := range lines {
		for _, c := range ac.cols {
			fs.figure(l.r, c, ac.units[c], ac.period, l.basis)
		}
	}
}

// indicatorOf is the indicator a row label names, without its measure and
// its growth words: 规上工业增加值（亿元） and 规上工业增加值增速（%） both
// 规上工业增加值; "" for a bare 增速（%）, 同比增长.
func indicatorOf(label string) string {
	t := bracketNote.ReplaceAllString(strings.Join(strings.Fields(duban.HalfWidth(label)), ""), "")
	t = strings.TrimRight(t, "%")
	for _, w := range []string{"同比增长", "比上年增长", "较上年增长", "增长率", "增长速度", "增速", "增幅", "增长", "同比", "绝对额", "总量", "数值", "完成值", "累计"} {
		t = strings.ReplaceAll(t, w, "")
	}
	t = strings.ReplaceAll(t, "规模以上", "规上")
	return strings.Trim(t, ":：-—")
}
