package xlsx

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// Reading long tables of figures: a unit column, a period column (or a
// year and a month column) and a value column.

// longColumns are the columns of a long table. A period written in two
// columns, 年份 | 月份 (2025 | 9), has the year in period and the month (or
// quarter) in month; month is -1 otherwise. bases, when the header tells
// them apart (本期 | 累计, 当月数 | 累计数), are the value columns to read
// with the basis of each; nil when value is the one to read.
type longColumns struct {
	unit, period, value, indicator, month int
	bases                                 map[int]string
	measure                               int // 计量单位: each row's measure (万元), -1 when none
}

var (
	periodLabels = []string{"期间", "月份", "年", "月", "时间", "日期", "年份", "年度", "统计期", "报告期", "所属期", "期别", "period", "统计时间", "年月", "月度", "季度"}
	valueLabels  = []string{"数值", "数据", "金额", "值", "完成值", "完成数", "本期", "累计", "value", "指标值", "本年累计", "实际值",
		"数量", "个数", "家数", "总数", "总额", "完成额", "累计数", "本年累计数", "年末数", "期末数", "统计值", "实际完成", "完成情况", "本月累计", "累计值", "本期值", "当期值", "本期数", "当期数", "绝对值", "绝对额", "总量", "本月值", "当月值"}
	indicatorLabels = []string{"指标", "指标名称", "监测指标", "indicator"}
	measureLabels   = []string{"计量单位", "计算单位", "数据单位", "度量单位"}
	// periodSuffixes end the labels of period columns not listed above
	// (统计月份, 所属年度, 报送期间).
	periodSuffixes = []string{"月份", "期间", "时间", "日期", "年度", "年份", "年月"}
)

func labelIn(s string, labels []string) bool {
	s = strings.ToLower(strings.ReplaceAll(duban.HalfWidth(s), " ", ""))
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i] // 金额（亿元）
	}
	for _, l := range labels {
		if s == l {
			return true
		}
	}
	return false
}

// isPeriodLabel tells the header of a long table's period column.
func isPeriodLabel(s string) bool {
	if labelIn(s, periodLabels) {
		return true
	}
	s = strings.ReplaceAll(duban.HalfWidth(s), " ", "")
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i]
	}
	for _, suffix := range periodSuffixes {
		if strings.HasSuffix(s, suffix) && len([]rune(s)) <= 6 {
			return true
		}
	}
	return false
}

// longHeader recognises the header of a long table in row r.
func (fs *figureSheet) longHeader(r int) *longColumns {
	lc := &longColumns{unit: -1, period: -1, value: -1, indicator: -1, month: -1, measure: -1}
	for c, t := range fs.cells[r] {
		switch {
		case lc.measure < 0 && labelIn(t, measureLabels):
			lc.measure = c
		case isUnitLabel(t) && (lc.unit < 0 || fs.codesBelow(r, lc.unit)):
			lc.unit = c // 行政区划 over 610100 beside 地区名称: the names
		case lc.period < 0 && isPeriodLabel(t):
			lc.period = c
		case lc.month < 0 && isPeriodLabel(t):
			lc.month = c
		case lc.value < 0 && labelIn(t, valueLabels):
			lc.value = c
		case lc.indicator < 0 && labelIn(t, indicatorLabels):
			lc.indicator = c
		default:
			continue
		}
		fs.label[c] = t
	}
	if lc.unit >= 0 && lc.period >= 0 && lc.value < 0 {
		// 地区 | 时间 | 地区生产总值（亿元）, as statistics systems export
		// them: the one column named by an indicator holds the values, and
		// names the indicator (it was no header; the rows were refused).
		named := -1
		for c, t := range fs.cells[r] {
			if c == lc.unit || c == lc.period || c == lc.month || c == lc.indicator || c == lc.measure || basisOf(t) != "" || !namesIndicator(t) {
				continue
			}
			if named >= 0 {
				return nil // two indicators: not one indicator's long table
			}
			named = c
		}
		if named >= 0 {
			lc.value, fs.label[named] = named, fs.cells[r][named]
			fs.b.Names = append(fs.b.Names, strings.TrimSpace(bracketNote.ReplaceAllString(fs.cells[r][named], "")))
		}
	}
	if lc.unit < 0 || lc.period < 0 || lc.value < 0 {
		return nil
	}
	if lc.month >= 0 && !isYearLabel(fs.cells[r][lc.period]) {
		lc.period, lc.month = lc.month, lc.period // 月份 | 年份
	}
	if lc.month >= 0 && (!isYearLabel(fs.cells[r][lc.period]) || isYearLabel(fs.cells[r][lc.month])) {
		lc.month = -1 // two period columns, neither the year of the other
	}
	if m, ok := measureIn(strings.NewReplacer("（", "(单位:", "）", ")").Replace(fs.cells[r][lc.value])); ok && fs.b.Measure == "" {
		fs.b.Measure = m
	}
	lc.bases = fs.longBases(r, lc)
	return lc
}

// longBases returns the value columns of a long table's header row r that
// say their basis, when there are columns of both (本期 | 累计): each is
// read with its basis. A lone value column of the period's own (本期,
// 当月数) is returned too, so that an indicator of the year to date
// refuses it instead of taking it for its own.
func (fs *figureSheet) longBases(r int, lc *longColumns) map[int]string {
	bases, kinds := map[int]string{}, map[string]bool{}
	for c, t := range fs.cells[r] {
		if c == lc.unit || c == lc.period || c == lc.month || c == lc.indicator {
			continue
		}
		if b := basisOf(t); b == duban.BasisPeriod || b == duban.BasisYTD {
			bases[c], kinds[b] = b, true
			fs.label[c] = t
		}
	}
	switch {
	case len(kinds) == 2:
		return bases
	case bases[lc.value] != "":
		// 本期值 alone, or 累计值 alone: an indicator of the other basis
		// refuses it instead of taking it for its own.
		return map[int]string{lc.value: bases[lc.value]}
	}
	return nil
}

func (fs *figureSheet) readLong(hdr int, lc *longColumns) {
	seen := map[string]bool{}
	above := map[string]duban.Period{} // each unit's last period: rows of several units interleave
	for r := range fs.bodyRows(hdr) {
		unit := fs.cells[r][lc.unit]
		if fs.notUnit(r, unit) {
			continue
		}
		if lc.indicator >= 0 && !seen[fs.cells[r][lc.indicator]] {
			seen[fs.cells[r][lc.indicator]] = true
			fs.b.Names = append(fs.b.Names, fs.cells[r][lc.indicator])
		}
		p, ok := fs.longPeriod(r, lc.period)
		if lc.month >= 0 {
			p, ok = fs.splitPeriod(r, lc.period, lc.month)
		} else if ok {
			p = fs.octoberDown(r, lc.period, p, above[unit], fs.nextOf(r, lc, unit))
			above[unit] = p
		}
		if !ok {
			if text := fs.cells[r][lc.period]; !blankFigure(fs.cells[r][lc.value]) {
				if lc.month >= 0 {
					text += "”“" + fs.cells[r][lc.month]
				}
				fs.fail(r, lc.period, fmt.Sprintf("无法识别的期间：“%s”", text))
			}
			continue
		}
		if lc.measure >= 0 && lc.measure < len(fs.cells[r]) {
			// 万元 in a 计量单位 column; a rate's % is no measure of amounts.
			if m, ok := measureIn("(单位:" + fs.cells[r][lc.measure] + ")"); ok && baseMeasure(m) != "%" {
				fs.setMeasure(m, r, lc.measure)
			}
		}
		basis := ""
		if lc.month < 0 && soFar(fs.cells[r][lc.period]) || lc.month >= 0 && soFar(fs.cells[r][lc.month]) {
			basis = duban.BasisYTD // 前三季度, 1-9月: the year to date, not the period's own
		}
		if lc.bases == nil {
			fs.figure(r, lc.value, unit, p, basis)
			continue
		}
		for _, c := range slices.Sorted(maps.Keys(lc.bases)) {
			fs.figure(r, c, unit, p, lc.bases[c])
		}
	}
}

// nextOf is the period of the next row of unit after row r in a long
// table, zero when none follows.
func (fs *figureSheet) nextOf(r int, lc *longColumns, unit string) duban.Period {
	for n := r + 1; n < len(fs.cells); n++ {
		if lc.unit < len(fs.cells[n]) && fs.cells[n][lc.unit] == unit && lc.period < len(fs.cells[n]) {
			p, _ := fs.longPeriod(n, lc.period)
			return p
		}
	}
	return duban.Period{}
}

// isYearLabel tells the header of a column of years: 年份, 年度, 统计年度.
func isYearLabel(s string) bool {
	s = strings.ReplaceAll(duban.HalfWidth(s), " ", "")
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i]
	}
	return strings.HasSuffix(s, "年份") || strings.HasSuffix(s, "年度") || s == "年"
}

// splitPeriod reads a period written in two cells of row r, the year in
// column yc (2025, 2025年) and the month or quarter in mc (9, 9月, 1-9月,
// 三季度); a bare number is a quarter under a 季度 header, else a month.
func (fs *figureSheet) splitPeriod(r, yc, mc int) (duban.Period, bool) {
	y := yearIn(fs.cells[r][yc])
	if y == 0 {
		return duban.Period{}, false
	}
	text := strings.TrimSpace(duban.HalfWidth(fs.cells[r][mc]))
	if n, err := strconv.Atoi(text); err == nil {
		if strings.Contains(fs.cells[fs.hdr][mc], "季") {
			return duban.Period{Type: duban.PeriodQuarterly, Year: y, N: n}, n >= 1 && n <= 4
		}
		return duban.Period{Type: duban.PeriodMonthly, Year: y, N: n}, n >= 1 && n <= 12
	}
	p, ok := periodHeader(text, y)
	if !ok || p.Type == duban.PeriodYearly {
		return duban.Period{}, false
	}
	return p, true
}

// longPeriod reads a period cell of a long table: a period text, or a date
// (as text or as an Excel date serial), which names its month.
func (fs *figureSheet) longPeriod(r, c int) (duban.Period, bool) {
	text := fs.cells[r][c]
	if p, ok := periodHeader(text, 0); ok && p.Year != 0 {
		return p, true
	}
	// 1月, 一季度 under a title or sheet naming the year (2025年各市…).
	if p, ok := periodHeader(text, fs.year); ok && p.Year != 0 {
		return p, true
	}
	if serial, err := strconv.ParseFloat(fs.rawValue(r, c), 64); err == nil && serial > 20000 && serial < 80000 {
		if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
			return duban.Period{Type: duban.PeriodMonthly, Year: t.Year(), N: int(t.Month())}, true
		}
	}
	if d, err := duban.ParseDate(text); err == nil {
		return duban.Period{Type: duban.PeriodMonthly, Year: d.Time().Year(), N: int(d.Time().Month())}, true
	}
	t := strings.TrimSpace(duban.HalfWidth(text))
	if m := monthCode.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		return duban.Period{Type: duban.PeriodMonthly, Year: y, N: n}, true // 报告期 202501
	}
	// 1, 2 … under 月份 (or 1–4 under 季度), the year in the sheet's name.
	if n, err := strconv.Atoi(t); err == nil && fs.year != 0 {
		switch label := fs.label[c]; {
		case labelIn(label, []string{"月份", "月", "月度", "统计月份", "报告月份"}) && n >= 1 && n <= 12:
			return duban.Period{Type: duban.PeriodMonthly, Year: fs.year, N: n}, true
		case labelIn(label, []string{"季度", "统计季度"}) && n >= 1 && n <= 4:
			return duban.Period{Type: duban.PeriodQuarterly, Year: fs.year, N: n}, true
		}
	}
	return duban.Period{}, false
}

// codesBelow tells a column whose first value under row r is a number (a
// 行政区划 code, 610100), not a unit's name.
func (fs *figureSheet) codesBelow(r, c int) bool {
	for k := r + 1; k < len(fs.cells) && k <= r+3; k++ {
		if t := strings.TrimSpace(cellOf(fs.cells[k], c)); t != "" {
			_, err := strconv.Atoi(t)
			return err == nil
		}
	}
	return false
}

// monthCode is a month written as statistics systems code it: 202501.
var monthCode = regexp.MustCompile(`^((?:19|20|21)\d{2})(0[1-9]|1[0-2])$`)
