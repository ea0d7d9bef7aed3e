package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// Sheets often give more than one figure per unit and period: 当月 beside
// 累计, or a single month's report with 本年累计, 上年同期, 增减 and 增长（%）
// columns and the month named only in the title. Some turn the table round:
// periods down, units across. This file reads them.

// basisOf classifies a column label: the period's own figure, the year to
// date, a growth rate (同比, 增速), a column to skip (a change, a rank, a
// share), or "" when unknown.
func basisOf(label string) string {
	s := strings.Join(strings.Fields(duban.HalfWidth(label)), "")
	percent := strings.Contains(s, "%")
	if i := strings.IndexAny(s, "("); i > 0 {
		s = s[:i]
	}
	for _, w := range []string{"占比", "排名", "位次", "完成率", "进度", "比重"} {
		if strings.Contains(s, w) {
			return "skip"
		}
	}
	if strings.Contains(s, "增减") && !percent && !strings.Contains(s, "同比") {
		return "skip" // 增减额: a change in the figures' measure
	}
	for _, w := range []string{"同比", "增长", "增幅", "增减", "增速"} {
		if strings.Contains(s, w) {
			return duban.BasisGrowth
		}
	}
	switch {
	case strings.Contains(s, "累计") || reRangeMonth.MatchString(s):
		return duban.BasisYTD
	case s == "当月" || s == "本月" || s == "当期" || s == "本期" || s == "月度" || s == "当月数" || s == "本月数" ||
		s == "当月值" || s == "本月值" || s == "本期值" || s == "当期值" || s == "本期数" || s == "当期数":
		return duban.BasisPeriod
	case periodWords.MatchString(s):
		return duban.BasisPeriod // 本月新登记, 当月完成
	}
	return ""
}

// periodWords open a label of the period's own figure: 本月新登记, 当月完成
// (not 本月末, a month's end).
var periodWords = regexp.MustCompile(`^(?:本月|当月|本期|当期)(?:新|完成|实现|发生|新增|新登记|新认定|办理|受理)`)

// reRangeMonth is a 1-11月 label: the year to date up to a month.
var reRangeMonth = regexp.MustCompile(`^1[-—~至到]\d{1,2}月$`)

// subColumns looks under a header of period cells for a row of 当月 / 累计
// (and 同比, 金额 …) labels, under each period merged across them or, not
// merged, followed by blanks over them (8月 | | 9月 | over 本月 | 累计 |
// 本月 | 累计); when found, it adds the columns under each period to cols
// and returns the basis of every figure column (those to skip are removed
// from cols). Nil when the header has no such row.
func (fs *figureSheet) subColumns(hdr int, cols map[int]duban.Period) map[int]string {
	if hdr+1 >= len(fs.cells) {
		return nil
	}
	sub := fs.cells[hdr+1]
	basis := map[int]string{}
	known := false
	order := sortedCols(cols)
	for i, c := range order {
		p := cols[c]
		end := len(sub)
		if i+1 < len(order) {
			end = order[i+1]
		}
		for k := c; k < end && k < len(fs.cells[hdr]); k++ {
			if !fs.underPeriod(hdr, c, k) {
				break
			}
			b, value := basisOf(sub[k]), labelIn(sub[k], valueLabels)
			known = known || b != "" || value
			// 去年同期累计 beside 本年累计: last year's figure, as a report
			// of one period reads it (snapshotHeader); 目标, 计划: none.
			squeezed := strings.ReplaceAll(duban.HalfWidth(sub[k]), " ", "")
			last := b != duban.BasisGrowth && b != "skip" && lastYears(squeezed)
			if !last && b != duban.BasisGrowth && notThisPeriods(squeezed) {
				b, value = "skip", false
			}
			if m := bracketMeasure.FindStringSubmatch(duban.HalfWidth(sub[k])); m != nil && (value || b == duban.BasisPeriod || b == duban.BasisYTD) && fs.b.Measure == "" {
				fs.b.Measure = m[1] // 2025年 over 数量（家）; not a growth column's （%）
			}
			if k != c || b == "skip" {
				delete(cols, k)
			}
			at := p
			if last {
				at = p.LastYear()
			}
			switch {
			case b == duban.BasisPeriod || b == duban.BasisYTD || b == duban.BasisGrowth:
				basis[k], cols[k] = b, at
				fs.label[k] = fs.cells[hdr][c] + sub[k]
			case value && k != c: // 9月 over 同比% | 金额
				cols[k] = at
				fs.label[k] = fs.cells[hdr][c] + sub[k]
			case last && k == c:
				delete(cols, k) // 上年同期 alone, no basis: not this period's
			}
		}
	}
	if !known {
		return nil
	}
	return basis
}

// underPeriod tells whether column k of the header row hdr is under the
// period of column c: c itself, merged with it, or a blank beside it over
// a label of the row below.
func (fs *figureSheet) underPeriod(hdr, c, k int) bool {
	if hr, hc := fs.home(hdr, k); k == c || hr == hdr && hc == c {
		return true
	}
	if hr, hc := fs.home(hdr, k); hr != hdr || hc != k || fs.cells[hdr][k] != "" {
		return false
	}
	below := fs.cells[hdr+1]
	return k < len(below) && (basisOf(below[k]) != "" || labelIn(below[k], valueLabels))
}

// groupAbove reads a row of 本月 / 累计 / 同比 labels over the period
// columns of row hdr (本月 over 8月 | 9月, 累计 over 8月 | 9月), merged or
// written once with blanks after it: each period column takes the basis
// of the label above it, and those under 同比, 增速 … are removed from cols.
// Nil when there is no such row.
func (fs *figureSheet) groupAbove(hdr, unitCol int, cols map[int]duban.Period) map[int]string {
	if hdr == 0 {
		return nil
	}
	up := hdr - 1
	basis := map[int]string{}
	known := false
	for _, c := range sortedCols(cols) {
		label := ""
		for k := c; k > unitCol && k < len(fs.cells[up]) && label == ""; k-- {
			if _, hc := fs.home(up, k); hc <= unitCol {
				break // a title merged across the table
			}
			label = fs.cells[up][k]
		}
		if len([]rune(label)) > 10 {
			continue // a line of words above the table, not a group's label
		}
		switch b := basisOf(label); b {
		case "skip":
			delete(cols, c)
			known = true
		case duban.BasisPeriod, duban.BasisYTD, duban.BasisGrowth:
			basis[c], known = b, true
			fs.label[c] = label + fs.cells[hdr][c]
		}
	}
	if !known {
		return nil
	}
	return basis
}

// snapshotCols are the columns of a single period's report.
type snapshotCols struct {
	unit   int
	period duban.Period
	cols   map[int]duban.Period // figure columns: this period or last year's
	basis  map[int]string
}

// snapshotHeader recognises a single period's report: a unit column and
// 本年累计 / 本月 columns (with 上年同期 beside them), the period named in
// the title above (2024年1-11月 …, 截至2024年11月底).
func (fs *figureSheet) snapshotHeader(r int) *snapshotCols {
	per := fs.reportMonth(r)
	if per.IsZero() {
		return fs.yearValueHeader(r)
	}
	sc := &snapshotCols{unit: -1, period: per, cols: map[int]duban.Period{}, basis: map[int]string{}}
	last := ""
	for c, t := range fs.cells[r] {
		s := strings.ReplaceAll(duban.HalfWidth(t), " ", "")
		switch b := basisOf(t); {
		case sc.unit < 0 && isUnitLabel(t):
			sc.unit = c
		case strings.HasPrefix(s, "上年同期") || strings.HasPrefix(s, "去年同期") || strings.HasPrefix(s, "上年同期累计"):
			if last != "" {
				sc.cols[c], sc.basis[c] = per.LastYear(), last
			}
		case b == duban.BasisPeriod || b == duban.BasisYTD:
			sc.cols[c], sc.basis[c], last = per, b, b
		case b == duban.BasisGrowth:
			sc.cols[c], sc.basis[c] = per, b
		default:
			continue
		}
		fs.label[c] = t
	}
	if sc.unit < 0 {
		return nil
	}
	if last == "" {
		vc := fs.valueHeader(r, per)
		if vc != nil && fs.titleSoFar(r) {
			for c := range vc.cols {
				vc.basis[c] = duban.BasisYTD // 2025年1-9月…: nine months' figures
			}
		}
		return vc
	}
	for c := range sc.cols {
		if r+1 < len(fs.cells) && c < len(fs.cells[r+1]) {
			if _, ok := periodHeader(fs.cells[r+1][c], 0); ok {
				return nil // 本月 | 累计 over 8月 | 9月: a header of two rows
			}
		}
	}
	return sc
}

// reportMonth returns the month a single period's report above row r is
// of: the one its title names (2024年1-11月, 2025年上半年), else its sheet's
// (9月), else a month its title names without the year; zero when none.
func (fs *figureSheet) reportMonth(r int) duban.Period {
	for up := 0; up < r; up++ {
		for _, t := range fs.fresh(up) {
			if isFillDate(t) {
				continue // 填报日期：2025年7月10日 is when, not the figures' month
			}
			if p, ok := titlePeriod(t); ok {
				return p
			}
		}
	}
	if p := fs.sheetMonth(r); !p.IsZero() {
		return p
	}
	return fs.titleMonth(r)
}

func (fs *figureSheet) readSnapshot(hdr int, sc *snapshotCols) {
	fs.b.Names = append(fs.b.Names, fs.cells[hdr][sc.unit])
	order := sortedCols(sc.cols)
	for r := hdr + 1; r < len(fs.cells); r++ {
		switch fs.tableRow(r, sc.unit, order[0]) {
		case endRow:
			return
		case groupRow:
			continue
		}
		unit := fs.cells[r][sc.unit]
		if fs.notUnit(r, unit) {
			continue
		}
		for _, c := range order {
			fs.figure(r, c, unit, sc.cols[c], sc.basis[c])
		}
	}
}

// yearValueHeader recognises a year's report of one figure per unit: a
// units' column and a value column (地区 | 数量（家）) under a title naming
// the year (2025年各市高新技术企业数量) or in a sheet named by it.
func (fs *figureSheet) yearValueHeader(r int) *snapshotCols {
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
	return fs.valueHeader(r, duban.Period{Type: duban.PeriodYearly, Year: year, N: 1})
}

// valueHeader recognises a units' column and one value column (数量,
// 数值, 完成数 …) in row r: the figures of period per.
func (fs *figureSheet) valueHeader(r int, per duban.Period) *snapshotCols {
	sc := &snapshotCols{unit: -1, period: per, cols: map[int]duban.Period{}, basis: map[int]string{}}
	named := -1 // a column named by the indicator: 地区 | 研发经费投入（亿元）
	for c, t := range fs.cells[r] {
		switch {
		case sc.unit < 0 && isUnitLabel(t):
			sc.unit = c
		case sc.unit >= 0 && labelIn(t, valueLabels) && basisOf(t) == "":
			sc.cols[c] = per
		case sc.unit >= 0 && basisOf(t) == "" && namesIndicator(t):
			if named >= 0 {
				return nil // several indicators across (acrossIndicators says so)
			}
			named = c
		default:
			continue
		}
		fs.label[c] = t
	}
	if sc.unit >= 0 && len(sc.cols) == 0 && named >= 0 {
		// 地区 | 研发经费投入（亿元）: the indicator's own column, when no
		// 数值 or 完成值 column is there (地区 | 数值 | 投入强度（%）).
		sc.cols[named] = per
		fs.label[named] = fs.cells[r][named]
		fs.b.Names = append(fs.b.Names, strings.TrimSpace(bracketNote.ReplaceAllString(fs.cells[r][named], "")))
	}
	if sc.unit < 0 || len(sc.cols) != 1 {
		return nil
	}
	for c := range sc.cols {
		if m := bracketMeasure.FindStringSubmatch(duban.HalfWidth(fs.cells[r][c])); m != nil && fs.b.Measure == "" {
			fs.b.Measure = m[1] // 数量（家）
		}
	}
	return sc
}

// namesIndicator tells a header naming an indicator: 研发经费投入（亿元）,
// 高新技术企业数（家）, 地区生产总值.
func namesIndicator(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || strings.HasPrefix(t, "其中") || orgName.MatchString(bracketNote.ReplaceAllString(t, "")) || labelIn(t, valueLabels) ||
		notThisPeriods(strings.ReplaceAll(duban.HalfWidth(t), " ", "")) {
		return false // 完成值（亿元）, 全年目标（亿元）: the figures, or none
	}
	if _, ok := periodHeader(t, 0); ok {
		return false
	}
	return bracketMeasure.MatchString(duban.HalfWidth(t)) || hasIndicatorWord(t)
}

// acrossIndicators finds, among the first rows, a units' label followed by
// two or more indicators' names (地区 | 研发经费投入 | 高新技术企业数): a
// table of several indicators, which is refused saying so rather than as
// one without a header.
func (fs *figureSheet) acrossIndicators() []string {
	for r := 0; r < len(fs.cells) && r < maxFigureHeaderRow; r++ {
		var names []string
		unit := false
		for _, t := range fs.cells[r] {
			switch {
			case !unit && isUnitLabel(t):
				unit = true
			case unit && basisOf(t) == "" && namesIndicator(t):
				// Once each: a name merged over its 本月 | 累计 columns
				// was counted as two indicators.
				if n := strings.TrimSpace(bracketNote.ReplaceAllString(t, "")); !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		if len(names) >= 2 {
			return names
		}
	}
	return nil
}

// sheetMonth reads the month of a workbook of a sheet per month from the
// sheet's name (9月, 2025年9月, 2025.9), its year from the name or else from
// the lines above row r (2025年各市…); zero when either is missing.
func (fs *figureSheet) sheetMonth(r int) duban.Period {
	p, ok := periodHeader(fs.name, 0)
	if !ok || p.Type != duban.PeriodMonthly {
		return duban.Period{}
	}
	for up := 0; up < r && p.Year == 0; up++ {
		for _, t := range fs.fresh(up) {
			if y := yearIn(t); y != 0 && !isFillDate(t) {
				p.Year = y
				break
			}
		}
	}
	if p.Year == 0 {
		return duban.Period{}
	}
	return p
}

// titleMonth reads the month a title names without its year (1-9月各市…,
// 截至9月底…) in the year the sheet's name or another line gives (a sheet
// 2025年, a line （2025年）); zero when either is missing.
func (fs *figureSheet) titleMonth(r int) duban.Period {
	year, month := fs.year, 0
	for up := 0; up < r; up++ {
		for _, t := range fs.fresh(up) {
			if isFillDate(t) {
				continue
			}
			t = duban.HalfWidth(t)
			if m := reMonthNoYear.FindStringSubmatch(t); m != nil && month == 0 {
				month, _ = strconv.Atoi(m[1])
			}
			if year == 0 {
				year = yearIn(t)
			}
		}
	}
	if year == 0 || month < 1 || month > 12 {
		return duban.Period{}
	}
	return duban.Period{Type: duban.PeriodMonthly, Year: year, N: month}
}

// titleSoFar tells whether the lines above row r name the year to date as
// the report's period: a range of months from January (2025年1-9月, 1至9月)
// or the quarters so far (上半年, 前三季度). 截至9月底 does not: a count at
// the month's end is as often a stock as a sum.
func (fs *figureSheet) titleSoFar(r int) bool {
	for up := 0; up < r; up++ {
		for _, t := range fs.fresh(up) {
			if t = duban.HalfWidth(t); !isFillDate(t) && (reTitleRange.MatchString(t) || reTitleSoFar.MatchString(t)) {
				return true
			}
		}
	}
	return false
}

// reTitleRange finds a range of months from January in a title: 1-9月,
// 1至9月 (not 11-12月).
var reTitleRange = regexp.MustCompile(`(?:^|[^\d])1\s*[-—~至到]\s*(?:[2-9]|1[0-2])月`)

// reMonthNoYear finds a month a title names without a year: 1-9月, 截至9月底.
var reMonthNoYear = regexp.MustCompile(`(?:^|[^\d年])(?:1\s*[-—~至到]\s*)?(\d{1,2})月`)

// reTitleMonth finds the month a title reports: 2024年1-11月, 2024年11月,
// 截至2024年11月底, 2024年1至11月.
var reTitleMonth = regexp.MustCompile(`(\d{4})年(?:1\s*[-—~至到]\s*)?(\d{1,2})月`)

// reTitleSoFar finds a part of the year a title reports up to: 2025年上半年,
// 2025年前三季度, 2025年一季度 (the year to date at its last month).
var reTitleSoFar = regexp.MustCompile(`(\d{4})年度?(上半年|前三季度|1-3季度|一至三季度|前两季度|第?一季度)`)

// titlePeriod reads the month a report's title names.
func titlePeriod(t string) (duban.Period, bool) {
	m := reTitleMonth.FindStringSubmatch(duban.HalfWidth(t))
	if m == nil {
		if m := reTitleSoFar.FindStringSubmatch(duban.HalfWidth(t)); m != nil {
			y, _ := strconv.Atoi(m[1])
			n := map[string]int{"上半年": 6, "前两季度": 6, "前三季度": 9, "1-3季度": 9, "一至三季度": 9, "一季度": 3, "第一季度": 3}[m[2]]
			return duban.Period{Type: duban.PeriodMonthly, Year: y, N: n}, true
		}
		return duban.Period{}, false
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	if n < 1 || n > 12 {
		return duban.Period{}, false
	}
	return duban.Period{Type: duban.PeriodMonthly, Year: y, N: n}, true
}

// transposedHeader recognises a table turned round: row r starts with a
// period label (月份, 时间 …) or a blank corner, followed by two or more unit
// names, and the row below starts with a period. It returns the period column and the units'
// columns, or nil.
func (fs *figureSheet) transposedHeader(r int) *transposed {
	row := fs.cells[r]
	first := -1
	for c, t := range row {
		if t != "" {
			first = c
			break
		}
	}
	if first < 0 {
		return nil
	}
	if !isPeriodLabel(row[first]) {
		if first == 0 || strings.TrimSpace(row[first-1]) != "" {
			return nil
		}
		first-- // a blank corner over 1月, 2月 (checked below)
	}
	if r+1 >= len(fs.cells) || first >= len(fs.cells[r+1]) {
		return nil
	}
	if _, ok := fs.longPeriod(r+1, first); !ok {
		if _, ok := periodHeader(fs.cells[r+1][first], fs.year); !ok {
			return nil
		}
	}
	tr := &transposed{period: first, units: map[int]string{}}
	order := map[int]duban.Period{}
	for c := first + 1; c < len(row); c++ {
		if t := strings.TrimSpace(row[c]); t != "" && !fs.notUnit(r, t) && basisOf(t) == "" {
			tr.units[c], order[c] = t, duban.Period{}
			fs.label[c] = t
		}
	}
	if len(tr.units) < 2 {
		return nil
	}
	tr.cols = sortedCols(order)
	fs.label[first] = row[first]
	return tr
}

// transposed is a table with periods down and units across.
type transposed struct {
	period int            // the periods' column
	units  map[int]string // the units' columns
	cols   []int          // those columns in order
}

func (fs *figureSheet) readTransposed(hdr int, tr *transposed) {
	pc, units, cols := tr.period, tr.units, tr.cols
	var above duban.Period
	for r := range fs.bodyRows(hdr) {
		if pc >= len(fs.cells[r]) || isTotalRow(fs.cells[r][pc]) {
			continue
		}
		p, ok := periodHeader(fs.cells[r][pc], fs.year)
		if !ok || p.Year == 0 {
			p, ok = fs.longPeriod(r, pc)
		}
		if !ok || p.Year == 0 {
			fs.fail(r, pc, fmt.Sprintf("无法识别的期间：“%s”", fs.cells[r][pc]))
			continue
		}
		var next duban.Period
		if r+1 < len(fs.cells) && pc < len(fs.cells[r+1]) {
			next, _ = periodHeader(fs.cells[r+1][pc], fs.year)
		}
		p = fs.octoberDown(r, pc, p, above, next)
		above = p
		for _, c := range cols {
			fs.figure(r, c, units[c], p, "")
		}
	}
}

// growthBasis is the basis of a growth rate's column label: 当月增速 the
// period's, 累计增速 (1-9月同比) the year to date's, "" when it does not say.
func growthBasis(label string) string {
	s := strings.ReplaceAll(duban.HalfWidth(label), " ", "")
	switch {
	case strings.Contains(s, "当月") || strings.Contains(s, "本月") || strings.Contains(s, "当期"):
		return duban.BasisPeriod // 1-2月当月增速: February's own
	case strings.Contains(s, "累计") || reRangeMonthIn.MatchString(s):
		return duban.BasisYTD
	}
	return ""
}

// reRangeMonthIn finds a 1-9月 within a label.
var reRangeMonthIn = regexp.MustCompile(`1[-—~至到]\d{1,2}月`)

// namesRate tells whether a title names a growth rate (…增速, …增长率):
// then a sheet of growth columns only holds its figures.
func namesRate(names []string) bool {
	for _, n := range names {
		for _, w := range duban.GrowthWords {
			if strings.Contains(n, w) {
				return true
			}
		}
	}
	return false
}
