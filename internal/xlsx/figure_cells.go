package xlsx

import (
	"iter"
	"regexp"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// Reading the cells of monitoring workbooks: period headers in the forms
// sheets use, figures with their decorations, unit labels.

var (
	reYearMonth = regexp.MustCompile(`^(\d{4})\s*(?:年|[-/.])\s*(?:(?:\d{1,2}|[一二三四五六七八九十]+)\s*(?:月)?\s*(?:[-—~至到]\s*))?(\d{1,2}|[一二三四五六七八九十]+)\s*月?(?:[-/.]\d{1,2}日?)?(?:份)?(?:累计)?$`)
	reMonth     = regexp.MustCompile(`^(?:(?:\d{1,2}|[一二三四五六七八九十]+)\s*(?:月)?\s*[-—~至到]\s*)?(\d{1,2}|[一二三四五六七八九十]+)\s*月(?:份)?(?:累计)?$`)
	reQuarter   = regexp.MustCompile(`^(?:(\d{4})\s*年?\s*[-]?\s*)?(?:第)?([1-4一二三四])\s*季度?(?:累计)?$|^(?:(\d{4})\s*[-]?\s*)?Q([1-4])$`)
	// reQuarterSoFar names the quarters so far by their end: 上半年 (the
	// second), 前三季度, 1-3季度.
	reQuarterSoFar = regexp.MustCompile(`^(?:(\d{4})\s*年?)?(?:(上半年)|前([二三四])季度|(?:第)?[一1]\s*[-—~至到]\s*([二三四2-4])\s*季度)(?:累计)?$`)
	// reFromJanuary is a range of months from the first (1-9月, 2025年一至九月):
	// the year to date up to its last month.
	reFromJanuary = regexp.MustCompile(`^(?:\d{4}\s*年?)?(?:1|一)\s*(?:月)?\s*[-—~至到]\s*(?:[2-9]|1[0-2]|[二三四五六七八九]|十[一二]?)\s*月`)
	reYear        = regexp.MustCompile(`^(\d{4})\s*年?(?:度)?(?:全年)?$`)
	// reWholeYear is 全年 written beside quarters or months without a year:
	// the year to date at its end (periodColumns).
	reWholeYear = regexp.MustCompile(`^全年(?:累计|合计)?$`)
	reYearIn    = regexp.MustCompile(`(20\d{2}|19\d{2})\s*年?`)
)

// chineseNumber reads 1–12 written as digits or 一…十二.
func chineseNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10, true
	case len(r) == 1:
		n, ok := digits[r[0]]
		return n, ok
	case len(r) == 2 && r[0] == '十':
		n, ok := digits[r[1]]
		return 10 + n, ok
	}
	return 0, false
}

// periodHeader reads a column header as a period. year is the year the
// sheet or title gives, used when the header has none (0: unknown). It
// reports false for a header that names no period; a period without a year
// comes back with Year 0.
func periodHeader(text string, year int) (duban.Period, bool) {
	s := periodCore(text)
	if m := reYearMonth.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if n, ok := chineseNumber(m[2]); ok && n >= 1 && n <= 12 && y >= 1990 && y <= 2100 { // 3800.5 is a figure
			return duban.Period{Type: duban.PeriodMonthly, Year: y, N: n}, true
		}
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		if n, ok := chineseNumber(m[1]); ok && n >= 1 && n <= 12 {
			return duban.Period{Type: duban.PeriodMonthly, Year: year, N: n}, true
		}
	}
	if m := reQuarterSoFar.FindStringSubmatch(s); m != nil {
		y := year
		if m[1] != "" {
			y, _ = strconv.Atoi(m[1])
		}
		n := 2
		if q := m[3] + m[4]; q != "" {
			n, _ = chineseNumber(q)
		}
		return duban.Period{Type: duban.PeriodQuarterly, Year: y, N: n}, true
	}
	if m := reQuarter.FindStringSubmatch(strings.ToUpper(s)); m != nil {
		ys, qs := m[1], m[2]
		if qs == "" {
			ys, qs = m[3], m[4]
		}
		y := year
		if ys != "" {
			y, _ = strconv.Atoi(ys)
		}
		if n, ok := chineseNumber(qs); ok {
			return duban.Period{Type: duban.PeriodQuarterly, Year: y, N: n}, true
		}
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y >= 1990 && y <= 2100 {
			return duban.Period{Type: duban.PeriodYearly, Year: y, N: 1}, true
		}
	}
	return duban.Period{}, false
}

// soFar tells a period header that names the year to date up to its
// period rather than the period's own figure: the quarters so far (上半年,
// 前三季度), a range of months from January (1-9月) and any period followed
// by 累计 (三季度累计, 9月累计).
func soFar(text string) bool {
	s := periodCore(text)
	return reQuarterSoFar.MatchString(s) || reFromJanuary.MatchString(s) || strings.HasSuffix(s, "累计") || reWholeYear.MatchString(s)
}

// periodCore takes off a period header what sheets write around the period:
// a measure in brackets (2025年（家）), 截至 before it, and after it the
// figure's kind (1-9月执行数, 完成数, 实际完成) and the month's or year's end
// (9月末, 2024年底), leaving 1-9月, 9月, 2024年.
func periodCore(text string) string {
	s := strings.Join(strings.Fields(duban.HalfWidth(text)), "") // 1-2月\n（亿元）: a line break in the cell
	s = bracketMeasure.ReplaceAllString(s, "")
	for _, w := range []string{"截至到", "截止到", "截至", "截止", "到"} {
		if t, ok := strings.CutPrefix(s, w); ok {
			s = t
			break
		}
	}
	for cut := true; cut; {
		cut = false
		for _, w := range figureKinds {
			if t, ok := strings.CutSuffix(s, w); ok && t != "" {
				s, cut = t, true
			}
		}
	}
	if t, ok := strings.CutSuffix(s, "末"); ok && (strings.HasSuffix(t, "月") || strings.HasSuffix(t, "年")) {
		s = t
	} else if t, ok := strings.CutSuffix(s, "底"); ok && (strings.HasSuffix(t, "月") || strings.HasSuffix(t, "年")) {
		s = t
	}
	return s
}

// figureKinds are the words after a period that say what its figure is,
// not which period: 1-9月执行数, 2025年末实有数.
var figureKinds = []string{"执行数", "完成数", "完成额", "完成值", "实有数", "实际数", "统计数", "实际完成", "执行", "完成", "实绩", "实际", "数"}

// yearIn finds a year named in a text (a sheet name, a title).
func yearIn(s string) int {
	if m := reYearIn.FindStringSubmatch(duban.HalfWidth(s)); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// blankFigure reports whether a cell means "not reported": empty, a dash or
// a slash.
func blankFigure(s string) bool {
	s = strings.TrimSpace(duban.HalfWidth(s))
	switch strings.Trim(s, "—–―−﹣-－/／\\、…. ") {
	case "", "无", "未报", "暂无", "未统计", "待统计", "暂未统计", "未填报", "未上报", "暂缺", "缺报", "空", "一",
		"*", "**", "保密", "涉密", "不公布", "不予公布", "不宜公布": // * 为涉及企业商业秘密数据，不予公布
		return true
	}
	return false
}

// parseFigure reads a figure: thousands separators, full-width digits and a
// trailing per cent sign are accepted.
func parseFigure(s string) (float64, bool) {
	s = strings.TrimSpace(duban.HalfWidth(s))
	s = strings.NewReplacer(",", "", "，", "", " ", "", "\u00a0", "", "\u2212", "-").Replace(s)
	s = strings.TrimRight(s, "*") // 12.5*: a note's mark beside the figure
	s = strings.TrimSuffix(s, "%")
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") { // accounting negatives
		s = "-" + s[1:len(s)-1]
	}
	if !plainNumber.MatchString(s) {
		return 0, false // NaN, Inf, 1e3, 1_000, 0x10: not what a clerk writes
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// plainNumber is a number as tables write it: digits, a point, a sign.
var plainNumber = regexp.MustCompile(`^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$`)

// unspaced takes out the spaces, full-width and no-break ones too, that
// line names up in a column.
var unspaced = strings.NewReplacer(" ", "", "\u3000", "", "\u00a0", "")

// isTotalRow tells a total or subtotal row, which is not a unit.
func isTotalRow(unit string) bool {
	u := unspaced.Replace(unit) // 全　　市, 合　计: spaced out to line up
	for _, w := range []string{"合计", "总计", "小计", "全省", "全市", "总数", "汇总"} {
		if strings.Contains(u, w) {
			return true
		}
	}
	return u == "全县" || u == "全区"
}

// isRegion tells the name of a province or a part of it that tables total
// their cities in: 陕西省, 全国, 关中地区, 陕北, 陕南片区, 东部地区.
func isRegion(unit string) bool {
	u := unspaced.Replace(duban.HalfWidth(unit))
	u = listNumber.ReplaceAllString(u, "") // （一）关中地区
	if i := strings.IndexAny(u, "(（"); i > 0 {
		u = u[:i] // 关中地区（5市）
	}
	u = strings.TrimSuffix(u, "合计")
	switch u {
	case "全国", "陕西", "关中", "陕北", "陕南", "关天":
		return true
	}
	for _, end := range []string{"省", "自治区", "地区", "片区", "区域"} {
		if strings.HasSuffix(u, end) && len([]rune(u)) > len([]rune(end)) && len([]rune(u)) <= 6 {
			return true
		}
	}
	return false
}

// bodyRows yields the rows below the header row hdr of a long or
// transposed table that hold something new, up to a notes line (注：,
// 填表人：…), where the table ends.
func (fs *figureSheet) bodyRows(hdr int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for r := hdr + 1; r < len(fs.cells); r++ {
			texts := fs.fresh(r)
			if len(texts) == 0 {
				continue
			}
			if isNoteRow(texts[0]) || !yield(r) {
				return
			}
		}
	}
}

// isNoteRow tells the notes and signature lines under a table.
func isNoteRow(first string) bool {
	s := strings.ReplaceAll(duban.HalfWidth(first), " ", "")
	for _, w := range []string{"注:", "注：", "说明", "备注", "数据来源", "资料来源", "填报人", "填表人", "审核人", "审核:", "联系人", "联系电话", "制表", "填报单位", "填报日期",
		"填表日期", "报出日期", "单位负责人", "统计负责人", "负责人:", "主要负责人", "分管领导"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// measureIn reads the measure of a 单位：亿元 (计量单位：家, （单位：万元）)
// line; a 填报单位：… line names who reports, not a measure.
func measureIn(s string) (string, bool) {
	s = duban.HalfWidth(strings.ReplaceAll(s, " ", ""))
	for i := 0; ; {
		j := strings.Index(s[i:], "单位:")
		if j < 0 {
			return "", false
		}
		j += i
		before := s[:j]
		i = j + len("单位:")
		if strings.HasSuffix(before, "填报") || strings.HasSuffix(before, "报送") || strings.HasSuffix(before, "制表") {
			continue
		}
		m := s[i:]
		if k := strings.IndexAny(m, ")，,;；、/"); k >= 0 { // 亿元、%: the figures' measure first
			m = m[:k]
		}
		return m, m != ""
	}
}

// unitLabels are the headers of the unit column.
var unitLabels = []string{"单位", "地区", "地市", "市(区)", "城市", "区域", "市区", "名称", "单位名称", "设区市", "市别", "填报单位",
	"责任单位", "县(市、区)", "县(市,区)", "县(区)", "县区", "区县", "县市区", "部门", "责任部门", "地市名称", "行政区划", "行政区", "区划",
	"市(州)", "市州", "县(市)", "区(县)", "乡镇", "乡镇(街道)", "镇街", "镇(街道)"}

func isUnitLabel(s string) bool {
	s = strings.NewReplacer(" ", "", "（", "(", "）", ")").Replace(duban.HalfWidth(s))
	for _, l := range unitLabels {
		if s == l || strings.TrimSuffix(s, "名称") == l {
			return true
		}
	}
	return false
}
