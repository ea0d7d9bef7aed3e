package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
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
	sub     int            // a second label column (绝对额 | 增速 beside the indicator), or -1
	measure int            // a 计量单位 column, or -1
	units   map[int]string // the units' columns
	cols    []int          // those in order
	basis   map[int]string // under a second header row: each column's 本月, 累计 or 增速
	subs    map[int]string // and that row's label of it
	depth   int            // the header's rows: 1, or 2 with units over 本月 | 累计
	period  duban.Period
	rows    string // the value rows' basis: the year to date when the title says so
}

// acrossHeader recognises row r as the header of a report turned round: an
// indicator label (指标, 项目, 指标名称, a corner 指标＼地区, or a blank corner
// over indicators' names) first, maybe a second label or a column of
// measures, then two or more unit names that are neither periods, figures
// nor indicators, over a row of figures or a second header row of 本月 |
// 累计 | 增速 under each unit; the period named above it (a month, a
// quarter, else a year).
func (fs *figureSheet) acrossHeader(r int) *acrossCols {
	row := fs.cells[r]
	first := slices.IndexFunc(row, func(t string) bool { return strings.TrimSpace(t) != "" })
	if first >= 0 && strings.Contains(row[first], "序号") {
		first++ // 序号 | 指标 | 西安 | 宝鸡
		for first < len(row) && strings.TrimSpace(row[first]) == "" {
			first++
		}
	}
	if first < 0 || first >= len(row) || r+1 >= len(fs.cells) {
		return nil
	}
	label := first
	switch {
	case isItemLabel(row[first]) || acrossCorner(row[first]):
	case first > 0 && strings.TrimSpace(row[first-1]) == "" && fs.indicatorBelow(r, first-1):
		label = first - 1 // a blank corner over 规上工业增加值（亿元）
	default:
		return nil
	}
	ac := &acrossCols{label: label, sub: -1, measure: -1, units: map[int]string{}, depth: 1}
	for c := label + 1; c < len(row); c++ {
		t := strings.TrimSpace(row[c])
		switch {
		case (isItemLabel(t) || fs.copied(r, c) && t != "") && len(ac.units) == 0 && ac.sub < 0:
			ac.sub = c // 指标 merged across 规上工业增加值 | 绝对额（亿元）, or a second 项目
		case t == "" || fs.copied(r, c):
		case fs.measures(r, c) || normalizeHeader(t) == "单位":
			if len(ac.units) == 0 && ac.measure < 0 {
				ac.measure = c
			}
		case isTotalRow(t) || fs.notUnit(r, t) || notAcrossUnit(t):
			// 全省, 合计, 关中地区, 平均, 备注: not a unit's column
		default:
			if _, ok := parseFigure(t); ok {
				return nil
			}
			if _, ok := periodHeader(t, 0); ok || basisOf(t) != "" {
				return nil // a period or 本月/累计/增速 across: another kind of table
			}
			if bracketMeasure.MatchString(duban.HalfWidth(t)) || !orgName.MatchString(t) && hasIndicatorWord(t) {
				return nil // 地区生产总值（亿元） across: indicators, not units
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
	if !fs.figuresUnder(r+1, ac.cols) && !fs.acrossSubHeader(r, ac) {
		return nil
	}
	var ok bool
	if ac.period, ac.rows, ok = fs.acrossPeriod(r); !ok {
		return nil
	}
	return ac
}

// figuresUnder tells whether row r holds a figure in one of cols.
func (fs *figureSheet) figuresUnder(r int, cols []int) bool {
	if r >= len(fs.cells) {
		return false
	}
	return slices.ContainsFunc(cols, func(c int) bool {
		_, ok := parseFigure(cellOf(fs.cells[r], c))
		return ok
	})
}

// acrossSubHeader reads a second header row under the units (西安 merged
// over 本月 | 1-9月累计 | 增速, or followed by blanks over them): every column
// under a unit must name its basis, and the row below hold figures. It
// gives the columns to ac.
func (fs *figureSheet) acrossSubHeader(r int, ac *acrossCols) bool {
	if r+2 >= len(fs.cells) {
		return false
	}
	head, sub := fs.cells[r], fs.cells[r+1]
	units, basis, subs := map[int]string{}, map[int]string{}, map[int]string{}
	for i, c := range ac.cols {
		end := len(head)
		if i+1 < len(ac.cols) {
			end = ac.cols[i+1]
		}
		for k := c; k < end && (k == c || fs.copied(r, k) || strings.TrimSpace(head[k]) == ""); k++ {
			t := strings.TrimSpace(cellOf(sub, k))
			if t == "" && k > c && !fs.copied(r, k) {
				break // past the last unit's columns
			}
			b := basisOf(t)
			if b == "" {
				return false
			}
			units[k], basis[k], subs[k] = ac.units[c], b, t
		}
	}
	cols := make([]int, 0, len(units))
	for c := range units {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	if len(cols) <= len(ac.cols) || !fs.figuresUnder(r+2, cols) {
		return false
	}
	ac.units, ac.cols, ac.basis, ac.subs, ac.depth = units, cols, basis, subs, 2
	return true
}

// acrossCorner tells a header corner split by a diagonal that labels the
// rows as indicators and the columns as places: 指标＼地区, 项目/单位, 指标
// 地区, or on two lines 地区 over 指标 (the first line names the columns).
func acrossCorner(t string) bool {
	t = strings.TrimSpace(duban.HalfWidth(t))
	var rows, cols string
	if a, b, ok := strings.Cut(t, "\n"); ok {
		rows, cols = b, a
	} else if i := strings.IndexAny(t, "\\/＼"); i > 0 {
		rows, cols = t[:i], t[i+1:]
	} else if f := strings.Fields(t); len(f) == 2 {
		rows, cols = f[0], f[1] // 指标　地区
	} else {
		return false
	}
	rows, cols = strings.Trim(rows, " \\/＼"), strings.Trim(cols, " \\/＼")
	return (strings.Contains(rows, "指标") || strings.Contains(rows, "项目")) &&
		slices.ContainsFunc([]string{"地区", "单位", "地市", "城市", "市", "县", "区", "部门"}, func(w string) bool { return strings.Contains(cols, w) })
}

// indicatorBelow tells a column whose first label under row r names an
// indicator (规上工业增加值（亿元）, 地区生产总值): a blank corner's rows.
func (fs *figureSheet) indicatorBelow(r, c int) bool {
	for k := r + 1; k < len(fs.cells) && k <= r+2; k++ {
		t := strings.TrimSpace(cellOf(fs.cells[k], c))
		if t == "" {
			continue
		}
		if _, ok := parseFigure(t); ok || orgName.MatchString(bracketNote.ReplaceAllString(t, "")) {
			return false
		}
		return bracketMeasure.MatchString(duban.HalfWidth(t)) || hasIndicatorWord(t)
	}
	return false
}

// notAcrossUnit tells a header across that names no unit: 平均, 备注, 位次.
func notAcrossUnit(t string) bool {
	t = strings.ReplaceAll(t, " ", "")
	for _, w := range []string{"平均", "备注", "说明", "位次", "排名", "排位", "计量", "代码"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// reQuarterTitle finds one quarter a title reports: 2025年三季度, 2025年第二季度
// (not 前三季度, 1-3季度: the year to date, which titlePeriod reads).
var reQuarterTitle = regexp.MustCompile(`(\d{4})\s*年度?\s*第?([一二三四1-4])\s*季度`)

// acrossPeriod reads the period of a report turned round from the lines
// above row r, dates of the day (2025年10月8日, 发布日期：…) left out: a month
// (2025年1-9月: the year to date at September), one quarter, else a year
// (from the lines or the sheet's name); a sheet named by its month too.
func (fs *figureSheet) acrossPeriod(r int) (p duban.Period, basis string, ok bool) {
	year, soFar := 0, false
	for up := 0; up < r; up++ {
		for _, t := range fs.fresh(up) {
			h := duban.HalfWidth(t)
			if isFillDate(t) || fullDate.MatchString(h) || isNumberedNote(t) {
				continue
			}
			if m := reQuarterTitle.FindStringSubmatch(h); m != nil && !strings.Contains(h, "前"+m[2]) && m[2] != "一" && m[2] != "1" && p.IsZero() {
				// 一季度 is the year to date at March (titlePeriod).
				y, _ := strconv.Atoi(m[1])
				n := strings.Index("一二三四", m[2])/len("一") + 1
				if m[2] >= "1" && m[2] <= "4" {
					n, _ = strconv.Atoi(m[2])
				}
				p = duban.Period{Type: duban.PeriodQuarterly, Year: y, N: n}
				continue
			}
			if tp, tok := titlePeriod(t); tok && p.IsZero() {
				p = tp
				soFar = reTitleRange.MatchString(h) || reTitleSoFar.MatchString(h)
			}
			if y := yearIn(t); y != 0 && year == 0 {
				year = y
			}
		}
	}
	if p.IsZero() {
		if sp := fs.sheetMonth(r); !sp.IsZero() {
			p = sp
			soFar = reTitleRange.MatchString(duban.HalfWidth(fs.name))
		}
	}
	if p.IsZero() {
		if year == 0 {
			year = fs.year
		}
		if year == 0 {
			return p, "", false
		}
		return duban.Period{Type: duban.PeriodYearly, Year: year, N: 1}, "", true
	}
	if soFar {
		basis = duban.BasisYTD
	}
	return p, basis, true
}

func cellOf(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// acrossSkip are words of a row that is not a figure of the indicator
// (besides last year's, a plan or a forecast: notThisPeriods): its rank,
// codes, numbers.
var acrossSkip = []string{"位次", "排名", "排位", "代码", "序号"}

// readAcross reads the value row of the one indicator and its growth rows;
// rows of another indicator (or its growth) refuse the sheet, naming them.
func (fs *figureSheet) readAcross(hdr int, ac *acrossCols) {
	// The labels other readers noted while trying the rows above.
	fs.label = map[int]string{ac.label: fs.cells[hdr][ac.label]}
	for c, u := range ac.units {
		fs.label[c] = u
	}
	if r := hdr + ac.depth; r < len(fs.cells) {
		if _, ok := periodHeader(cellOf(fs.cells[r], ac.label), fs.year); ok {
			// 指标 | 西安 | 宝鸡 over 1月, 2月: months down, as under 月份.
			fs.readTransposed(hdr, &transposed{period: ac.label, units: ac.units, cols: ac.cols})
			return
		}
	}
	type line struct {
		r     int
		basis string
	}
	var lines, shares []line
	var names []string
	for r := hdr + ac.depth; r < len(fs.cells); r++ {
		label := strings.TrimSpace(cellOf(fs.cells[r], ac.label))
		if ac.sub >= 0 {
			label = strings.TrimSpace(label + " " + cellOf(fs.cells[r], ac.sub))
		}
		if label != "" && (isNoteRow(label) || isNumberedNote(label)) {
			break
		}
		if isItemLabel(cellOf(fs.cells[r], ac.label)) {
			// 指标 | 铜川 | 渭南 under 指标 | 西安 | 宝鸡: the header again
			// over other units is another table, not rows of these.
			if !slices.ContainsFunc(ac.cols, func(c int) bool { return strings.TrimSpace(cellOf(fs.cells[r], c)) != ac.units[c] }) {
				continue
			}
			fs.fail(r, -1, fmt.Sprintf("第%d行起是另一张表（%s）：一个工作表只能有一张表，请把它移到另一个工作表后重新导入", r+1, strings.Join(fs.fresh(r), " | ")))
			return
		}
		if !slices.ContainsFunc(ac.cols, func(c int) bool { _, ok := parseFigure(cellOf(fs.cells[r], c)); return ok }) {
			continue // a sign-off, a line of words, a row not reported
		}
		squeezed := strings.ReplaceAll(duban.HalfWidth(label), " ", "")
		if notThisPeriods(squeezed) || slices.ContainsFunc(acrossSkip, func(w string) bool { return strings.Contains(squeezed, w) }) {
			continue
		}
		if y := yearIn(label); y != 0 && y != ac.period.Year {
			continue // 2024年1-9月（亿元）: another year's row
		}
		b := basisOf(label)
		if strings.ContainsAny(squeezed, "±") || strings.Contains(squeezed, "增减") {
			b = duban.BasisGrowth // 比上年±%, 增减（%）
		}
		name := indicatorOf(label)
		basis := ac.rows
		if b == duban.BasisPeriod || b == duban.BasisYTD {
			basis, b = b, "" // 本月 and 1-9月累计 rows: each its own figure
		}
		switch {
		case b == duban.BasisGrowth:
			// 增速（%） is the indicator's own; 地区生产总值增速 names one.
			if len([]rune(name)) >= 4 && hasIndicatorWord(name) && !slices.Contains(names, name) {
				names = append(names, name)
			}
			lines = append(lines, line{r, duban.BasisGrowth})
			continue
		case b == "skip":
			// 占GDP比重（%）, 完成率: the table's figure only if no other row is.
			shares = append(shares, line{r, ac.rows})
			if name != "" && !slices.Contains(names, name) {
				names = append(names, name)
			}
			continue
		}
		if name != "" && !slices.Contains(names, name) {
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
		lines = append(lines, line{r, basis})
	}
	if !slices.ContainsFunc(lines, func(l line) bool { return l.basis != duban.BasisGrowth }) && len(shares) == 1 {
		lines = append(lines, shares[0]) // 数字经济核心产业增加值占GDP比重（%）: the indicator itself
	} else if len(shares) > 0 {
		names = slices.DeleteFunc(names, func(n string) bool {
			return n == indicatorOf(strings.TrimSpace(cellOf(fs.cells[shares[0].r], ac.label)))
		})
	}
	if len(names) > 1 {
		fs.fail(hdr, ac.label, fmt.Sprintf("本表各行是%d个指标（%s），各单位横排：一次只能导入一个指标的数据，请每个指标一张表（或只留该指标及其增速两行）后重新导入", len(names), shownNames(names)))
		return
	}
	if len(lines) == 0 {
		fs.fail(hdr, ac.label, "表中没有可导入的数值行：各单位横排的表须有该指标本期数值一行")
		return
	}
	if len(names) == 1 {
		fs.b.Names = append(fs.b.Names, names[0])
	}
	for _, l := range lines {
		for _, c := range ac.cols {
			if basis, ok := ac.cellBasis(l.basis, c); ok {
				// A growth figure's own basis (当月, 累计) is read from
				// its label: the row's and the column's.
				fs.label[c] = strings.TrimSpace(cellOf(fs.cells[l.r], ac.label) + " " + ac.subs[c])
				fs.figure(l.r, c, ac.units[c], ac.period, basis)
			}
		}
	}
}

// cellBasis is the basis of a figure of a row of basis row in column c:
// under a second header row the column's (本月, 累计; 增速 makes the value
// row's figure a growth), else the row's. A growth row under an 增速 column,
// or a column of ranks, gives none.
func (ac *acrossCols) cellBasis(row string, c int) (string, bool) {
	col, ok := ac.basis[c]
	switch {
	case !ok:
		return row, true
	case col == "skip", row == duban.BasisGrowth && col == duban.BasisGrowth:
		return "", false
	case row == duban.BasisGrowth || col == duban.BasisGrowth:
		return duban.BasisGrowth, true
	}
	return col, true
}

// indicatorOf is the indicator a row label names, without its measure and
// its growth words: 规上工业增加值（亿元） and 规上工业增加值增速（%） both
// 规上工业增加值; "" for a bare 增速（%）, 比上年同期增长, 绝对额（亿元）.
func indicatorOf(label string) string {
	t := bracketNote.ReplaceAllString(strings.Join(strings.Fields(duban.HalfWidth(label)), ""), "")
	t = strings.TrimRight(t, "%±")
	for _, w := range []string{"比上年同期", "比去年同期", "比上年", "比去年", "较上年", "较去年", "同期", "同比", "增长率", "增长速度", "增速", "增幅",
		"增长", "增减", "±", "可比价", "名义", "当月", "本月", "累计", "提高", "个百分点", "绝对额", "绝对值", "总量", "数值", "完成值"} {
		t = strings.ReplaceAll(t, w, "")
	}
	t = reRangeMonthIn.ReplaceAllString(t, "")
	t = strings.ReplaceAll(t, "规模以上", "规上")
	return strings.Trim(t, ":：-—%")
}
