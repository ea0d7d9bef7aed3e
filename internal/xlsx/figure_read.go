package xlsx

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// ReadFigures reads a monitoring workbook (监测表) in either layout: wide
// (units down, periods across, often one sheet per year, a title and a
// 单位：亿元 line above, a 合计 row and notes below) or long (a unit
// column, a period column and a value column). Merged cells are filled;
// periods are read from headers like 1月, 一月, 1-2月, 2025年1月, 2025-01,
// 一季度 or 2024年, taking a missing year from the cells above, the sheet's
// name or its title. Empty cells, dashes and slashes are not yet reported;
// any other text where a figure belongs is an error of that cell. Figures
// are not matched to units or indicators here. It returns an Invalid
// *duban.Error when r is not a readable workbook.
func ReadFigures(r io.Reader) (*duban.FigureBook, error) {
	f, err := openBook(r)
	if err != nil {
		return nil, duban.Errorf(duban.Invalid, "无法读取该文件，请上传 Excel 工作簿（.xlsx）")
	}
	defer f.Close()
	b := &duban.FigureBook{Figures: []duban.Figure{}, Errors: []duban.FigureError{}, Warnings: []duban.FigureError{}}
	sheets, hidden := visibleFirst(f)
	measured := "" // the sheet whose 单位：… line gave the measure
	for _, name := range sheets {
		if hidden[name] && !hidden[sheets[0]] {
			// A hidden sheet beside visible ones (last year's copy, a
			// draft) is not what the clerk sees: passed over, and said so.
			b.Warnings = append(b.Warnings, duban.FigureError{Sheet: name, Reason: "该工作表已隐藏，未导入；如需导入请在Excel中取消隐藏"})
			continue
		}
		s, err := loadSheet(f, name)
		if err != nil {
			b.Errors = append(b.Errors, duban.FigureError{Sheet: name, Reason: "无法读取该工作表"})
			continue
		}
		if len(s.cells) == 0 {
			continue // an empty sheet, as workbooks often carry
		}
		before := b.Measure
		b.Measure = ""
		readFigureSheet(b, s)
		switch {
		case b.Measure == "":
			b.Measure = before
		case before != "" && baseMeasure(b.Measure) != "" && baseMeasure(before) != "" && baseMeasure(b.Measure) != baseMeasure(before):
			// 万元 on one year's sheet, 亿元 on the next: one measure for
			// the whole book would misread one of them a thousandfold.
			b.Errors = append(b.Errors, duban.FigureError{Sheet: name,
				Reason: fmt.Sprintf("本表的计量单位是“%s”，工作表“%s”是“%s”：同一工作簿的数据须用同一计量单位，请统一后重新导入", b.Measure, measured, before)})
			b.Measure = before
		default:
			measured = name
		}
	}
	return b, nil
}

// setMeasure takes m, written in row r (column c, or -1 for a line), as
// the figures' measure, unless another was written before it: a different
// scale (单位：万元 over 1月（亿元）) fails the sheet, since either reading
// would be a thousandfold wrong for the other. A per cent beside amounts
// is a rate's column, read apart.
func (fs *figureSheet) setMeasure(m string, r, c int) {
	switch before := fs.b.Measure; {
	case before == "":
		fs.b.Measure = m
	case baseMeasure(before) != "" && baseMeasure(m) != "" && baseMeasure(before) != baseMeasure(m) && baseMeasure(m) != "%" && baseMeasure(before) != "%" &&
		!strings.Contains(before, m) && !fs.measureFailed:
		fs.measureFailed = true
		fs.fail(r, c, fmt.Sprintf("计量单位不一致：表中既写“%s”又写“%s”，请核对后统一为一种再导入", before, m))
	}
}

// baseMeasure is the measure a 单位 line names first (亿元 of 亿元、%, 亿元。,
// 亿元（%）), "" when it names none of those the store converts or counts.
func baseMeasure(m string) string {
	return measureBase.FindString(strings.TrimSpace(duban.HalfWidth(m)))
}

var measureBase = regexp.MustCompile(`^(?:百万元|千元|万元|亿元|元|家|个|项|人|%)`)

// figureSheet is a sheet being read.
type figureSheet struct {
	*sheet
	b             *duban.FigureBook
	measureFailed bool // setMeasure has said the measures differ
	year          int  // the year the sheet name or title gives
	hdr           int  // 0-based header row
	// titleBasis is the basis a title says its figures are, in brackets
	// or at its end (…（当月值）, …（累计）): that of the period columns
	// that say none.
	titleBasis string
	label      map[int]string
	// regions are the rows (or columns) of a province's or a region's
	// total passed over (陕西省, 关中地区), said in one warning.
	regions  []string
	regionAt int // the first one's row, 1-based
	// unsaved counts the formula cells without a saved result, read as
	// not reported; unsavedAt is the first of them.
	unsaved   int
	unsavedAt [2]int
}

func (fs *figureSheet) fail(r, c int, reason string) {
	fs.b.Errors = append(fs.b.Errors, duban.FigureError{Sheet: fs.name, Row: r + 1, Column: fs.column(c), Reason: reason})
}

// column names a column by letter and header, as in "C（2月）".
func (fs *figureSheet) column(c int) string {
	if c < 0 {
		return ""
	}
	letter, _ := excelize.ColumnNumberToName(c + 1)
	if l := fs.label[c]; l != "" {
		return letter + "（" + l + "）"
	}
	return letter
}

// maxFigureHeaderRow is how far down a monitoring sheet its header is
// looked for: a notice's notes (填报说明 line by line) can fill twenty rows
// above the table.
const maxFigureHeaderRow = 40

func readFigureSheet(b *duban.FigureBook, s *sheet) {
	fs := &figureSheet{sheet: s, b: b, year: yearIn(s.name), label: map[int]string{}}
	defer fs.warnHidden(len(b.Figures), len(b.Growth))
	defer fs.warnRegions()
	defer fs.warnUnsaved()
	for r := 0; r < len(s.cells) && r < maxFigureHeaderRow; r++ {
		if ac := fs.acrossHeader(r); ac != nil {
			// 指标 | 西安 | 宝鸡 over 规上工业增加值 | 2000 | 2100: read
			// round before the row below is taken for a header of years.
			fs.title(r)
			fs.readAcross(r, ac)
			return
		}
		if long := fs.longHeader(r); long != nil {
			fs.title(r)
			fs.readLong(r, long)
			return
		}
		if cols, others := fs.periodColumns(r); len(cols) >= 1 && fs.hasUnitColumn(r, cols) {
			if snap := fs.snapshotHeader(r); snap != nil && len(cols) == 1 && fs.monthColumn(r, snap, cols) {
				// 本月 | 1-9月累计 under a title of 2025年9月: one month's
				// report, whose 本月 column names no period of its own.
				fs.title(r)
				fs.readSnapshot(r, snap)
				return
			}
			fs.title(r)
			fs.warnOtherKinds(r, cols, others)
			fs.readWide(r, cols)
			return
		}
		if snap := fs.snapshotHeader(r); snap != nil {
			fs.title(r)
			fs.readSnapshot(r, snap)
			return
		}
		if units := fs.transposedHeader(r); units != nil {
			fs.title(r)
			fs.readTransposed(r, units)
			return
		}
	}
	if !fs.hasFigures() {
		return // a sheet of words (填报说明, 指标解释) beside the tables
	}
	if fs.auxiliary() {
		b.Warnings = append(b.Warnings, duban.FigureError{Sheet: s.name, Reason: "该工作表没有期间列，不是监测数据表（如说明、地区列表），未读取"})
		return
	}
	if r, c, ok := fs.projectList(); ok {
		// 序号 | 项目名称 | 建设单位 | 总投资 | 1-9月完成投资 beside the
		// units' table: the projects' own figures, no unit's. The whole
		// workbook was refused.
		letter, _ := excelize.ColumnNumberToName(c + 1)
		b.Warnings = append(b.Warnings, duban.FigureError{Sheet: s.name, Row: r + 1, Column: letter + "（" + fs.cells[r][c] + "）",
			Reason: "该工作表是项目清单，不是各单位的监测数据，未读取"})
		return
	}
	if names := fs.acrossIndicators(); names != nil {
		b.Errors = append(b.Errors, duban.FigureError{Sheet: s.name,
			Reason: fmt.Sprintf("本表各列是%d个指标（%s）：一次只能导入一个指标的数据，请每个指标一张表（单位 | 期间，或单位 | 该指标一列）后重新导入", len(names), shownNames(names))})
		return
	}
	b.Errors = append(b.Errors, duban.FigureError{Sheet: s.name,
		Reason: "未找到表头：宽表应有单位列和月份（或季度、年度）列，长表应有单位、期间、数值三列"})
}

// hasFigures tells whether any cell of the sheet is a number: a sheet with
// none holds no table to read.
func (fs *figureSheet) hasFigures() bool {
	for _, row := range fs.cells {
		for _, t := range row {
			if _, ok := parseFigure(t); ok {
				return true
			}
		}
	}
	return false
}

// title takes the texts above the header as names of the indicator, a
// 单位：… line as the measure, and a year from them when the sheet's name
// has none.
func (fs *figureSheet) title(hdr int) {
	fs.hdr = hdr
	for r := 0; r < hdr; r++ {
		for _, t := range fs.fresh(r) {
			if isFillDate(t) || bareDate.MatchString(strings.TrimSpace(duban.HalfWidth(t))) {
				continue // 填报日期：2026年1月8日, or the date alone: when, not the figures' year
			}
			// A numbered sentence is a note (3.2024年数据已按年报修订。); a
			// numbered title is not (1.2025年各市规上工业增加值（亿元）).
			note := isNumberedNote(t)
			if m, ok := measureIn(t); ok {
				fs.setMeasure(m, r, -1)
				// 2025年各市一般公共预算收入（单位：万元）: the rest names
				// the indicator and the year.
				if t = strings.TrimSpace(measureNote.ReplaceAllString(t, "")); t == "" || strings.Contains(duban.HalfWidth(t), "单位:") {
					continue
				}
			}
			if note {
				continue // 3.2024年数据已按年报修订。: a note of the 填报说明, not a title
			}
			if _, ok := periodHeader(t, 0); ok {
				continue // a year over the period columns
			}
			if m := bracketMeasure.FindStringSubmatch(duban.HalfWidth(t)); m != nil {
				fs.setMeasure(m[1], r, -1) // 2025年1-9月各市财政科技支出情况（万元）
			}
			fs.b.Names = append(fs.b.Names, t)
			if m := basisInTitle.FindStringSubmatch(duban.HalfWidth(t)); m != nil && fs.titleBasis == "" {
				fs.titleBasis = duban.BasisPeriod
				if strings.HasPrefix(m[1]+m[2], "累计") {
					fs.titleBasis = duban.BasisYTD
				}
			}
			if y := yearIn(t); fs.year == 0 {
				fs.year = y
			} else if y != 0 && y != fs.year && yearIn(fs.name) == fs.year && !twoYears.MatchString(fs.name) && !fullDate.MatchString(duban.HalfWidth(t)) {
				// Sheet 2024年 under a title of 2025年: which year the
				// months are is not for the reader to guess.
				fs.b.Errors = append(fs.b.Errors, duban.FigureError{Sheet: fs.name, Row: r + 1,
					Reason: fmt.Sprintf("工作表名是%d年，标题“%s”是%d年：无法确定数据的年份，请改正其一后重新导入", fs.year, t, y)})
			}
		}
	}
}

// projectList finds the label of a list of projects in the sheet's first
// rows (项目名称, 重点项目名称): its figures are the projects', not units'.
func (fs *figureSheet) projectList() (r, c int, ok bool) {
	for r := 0; r < min(len(fs.cells), 10); r++ {
		for c, t := range fs.cells[r] {
			switch strings.Join(strings.Fields(t), "") {
			case "项目名称", "重点项目名称", "建设项目名称", "项目":
				return r, c, true
			}
		}
	}
	return 0, 0, false
}

// basisInTitle is a title's word for its figures' basis, in brackets or
// at its end: 2024年各县区社会消费品零售总额（当月值）, …外贸进出口总额累计数.
var basisInTitle = regexp.MustCompile(`[(（](当月|本月|当期|本期|累计)(?:值|数)?[)）]\s*$|(当月|本月|当期|本期|累计)(?:值|数)\s*$`)

// monthColumn tells a one-month report's header whose 本月 (当月) column
// names no period of its own beside the one period column (1-9月累计).
func (fs *figureSheet) monthColumn(r int, snap *snapshotCols, cols map[int]duban.Period) bool {
	for c, b := range snap.basis {
		if _, wide := cols[c]; !wide && b == duban.BasisPeriod {
			if _, ok := periodHeader(fs.cells[r][c], 0); !ok {
				return true
			}
		}
	}
	return false
}

// twoYears is a name of two years (2024-2025年); fullDate a date to the day
// (填报时间：2026年1月8日, 数据截至2026年1月5日): neither is a title's year.
var (
	twoYears = regexp.MustCompile(`\d{4}\D{1,3}\d{4}`)
	fullDate = regexp.MustCompile(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]`)
)

// numberedNote is a numbered line of notes above a table (1. …, 2、…,
// （3）…): 23.2024年数据已按年报修订 names no year of the figures. A
// number of four digits is a year, not a note's.
var numberedNote = regexp.MustCompile(`^(?:\d{1,2}\s*[.、．]|[(（]\d{1,2}[)）])\s*\S`)

// isNumberedNote tells a numbered line of notes: a sentence, ending in 。
// or holding a comma or semicolon, as titles do not.
func isNumberedNote(t string) bool {
	t = strings.TrimSpace(t)
	return numberedNote.MatchString(duban.HalfWidth(t)) && (strings.HasSuffix(t, "。") || strings.ContainsAny(t, "，；"))
}

// bareDate is a line that is a date alone (2026年1月10日): the day the
// table was made, not the year of its figures.
var bareDate = regexp.MustCompile(`^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]$`)

// bracketMeasure is a measure in brackets at the end of a title: （万元）.
var bracketMeasure = regexp.MustCompile(`[(]\s*(元|千元|万元|百万元|亿元|家|个|项|人|%)\s*[)]\s*$`)

// measureNote is a 单位：… note within a title, bracketed or at its end.
var measureNote = regexp.MustCompile(`[（(]\s*(?:计量)?单位\s*[:：][^）)]*[）)]|(?:计量)?单位\s*[:：].*$`)

// isFillDate tells a line that dates the filling in, not the figures.
func isFillDate(t string) bool {
	t = strings.ReplaceAll(t, " ", "")
	for _, w := range []string{"填报日期", "报出日期", "填表日期", "报送日期", "制表日期"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// headerYear returns a year written above column c's header, in a group
// row such as a merged 2025年.
func (fs *figureSheet) headerYear(r, c int) int {
	for up := r - 1; up >= 0 && up >= r-3; up-- {
		if p, ok := periodHeader(fs.cells[up][c], 0); ok && p.Type == duban.PeriodYearly {
			return p.Year
		}
	}
	return 0
}

// periodColumns returns the columns of row r whose text is a period, all of
// one type (the first's); the year is filled from above, the sheet or the
// title. others are the period columns of other types, not read.
func (fs *figureSheet) periodColumns(r int) (cols, others map[int]duban.Period) {
	cols, others = map[int]duban.Period{}, map[int]duban.Period{}
	found := map[int]duban.Period{}
	var kind duban.PeriodType
	count := map[duban.PeriodType]int{}
	for c, t := range fs.cells[r] {
		if fs.copied(r, c) {
			continue
		}
		// A date cell first: the sheet reader writes one of Excel's short
		// format in full (2025-08-01), which reads as no month otherwise.
		p, ok := fs.dateHeader(r, c)
		if !ok {
			p, ok = periodHeader(t, 0)
		}
		if !ok {
			continue
		}
		found[c] = p
		// The kind of most columns, the first of equals: 2023年 | 1-2月 |
		// 1-3月 … is a header of months beside last year's total.
		if count[p.Type]++; kind == "" || count[p.Type] > count[kind] {
			kind = p.Type
		}
	}
	for c, t := range fs.cells[r] {
		p, ok := found[c]
		if !ok {
			continue
		}
		if p.Type != kind {
			others[c] = p
			continue
		}
		if p.Year == 0 {
			p.Year = fs.headerYear(r, c)
		}
		cols[c] = p
		fs.label[c] = t
		if m := bracketMeasure.FindStringSubmatch(duban.HalfWidth(t)); m != nil {
			fs.setMeasure(m[1], r, c) // 2025年（家）: the figures' measure
		}
	}
	// 一季度 | 上半年 | 前三季度 | 全年 (or 1月 … 11月 | 全年): the whole
	// year is the last quarter's (December's) year to date. It was passed
	// over without a word.
	if kind == duban.PeriodQuarterly || kind == duban.PeriodMonthly {
		for c, t := range fs.cells[r] {
			// Right after a period only: 全年 | 一季度 | 二季度 is the
			// year's task set before them, no figure of its end.
			_, after := cols[c-1]
			if _, taken := cols[c]; taken || !after || fs.copied(r, c) || !reWholeYear.MatchString(periodCore(t)) {
				continue
			}
			p := duban.Period{Type: kind, Year: cmp.Or(fs.headerYear(r, c), cols[c-1].Year), N: 4}
			if kind == duban.PeriodMonthly {
				p.N = 12
			}
			cols[c], fs.label[c] = p, t
		}
	}
	// 地区生产总值 | 亿元 | 26000 | 9000 | 2000 | 2100: a row of figures,
	// two of which read as years, is no header. One stray number (a 目标值
	// of 6.5, a year 1978 of a yearbook) is left as it was, and so are
	// side numbers in a row naming its units' column (地区 | 1月 | 全省目标 | 6.5).
	if !slices.ContainsFunc(fs.cells[r], isUnitLabel) {
		figures := 0
		for c, t := range fs.cells[r] {
			_, period := cols[c]
			_, other := others[c]
			if v, ok := parseFigure(t); ok && !period && !other && !fs.copied(r, c) {
				if figures++; figures >= 2 || math.Abs(v) > 2100 {
					return nil, nil
				}
			}
		}
	}
	// 规上工业增加值（亿元） | 2000 | 2100: an indicator's row of figures
	// that read as years, its header not found above, is no header either.
	if kind == duban.PeriodYearly && fs.figuresRow(r, cols) {
		return nil, nil
	}
	if kind == duban.PeriodMonthly {
		fs.octoberAsNumber(r, cols)
	}
	if kind == duban.PeriodYearly && len(cols) == 1 && !fs.yearColumn(r, cols) {
		return nil, nil // one year alone is more likely a title than a header
	}
	if kind == duban.PeriodYearly && fs.monthsBelow(r) {
		return nil, nil // 2024年 | 2025年, each over its months: the months are the header
	}
	return cols, others
}

// monthOne is a month written as a number with one decimal, 2025.1:
// January, or October typed as 2025.10 into a cell that keeps a number.
var monthOne = regexp.MustCompile(`^\d{4}\s*[.．]\s*1$`)

// octoberAsNumber reads a month header written 2025.1 as October where the
// months around it say so: after 2025.9 or before 2025.11 of the same year
// (Excel keeps 2025.10 typed into a cell of numbers as 2025.1, and shows
// it so). It was read as January, and October's figures were January's.
func (fs *figureSheet) octoberAsNumber(r int, cols map[int]duban.Period) {
	order := sortedCols(cols)
	for i, c := range order {
		p := cols[c]
		if p.N != 1 || !monthOne.MatchString(strings.TrimSpace(fs.cells[r][c])) {
			continue
		}
		near := func(j, n int) bool {
			return j >= 0 && j < len(order) && cols[order[j]].Year == p.Year && cols[order[j]].N == n
		}
		last := i+1 >= len(order) || cols[order[i+1]].Year != p.Year
		// 2025.9 | 2025.1 | 2025.11 (or last), the other way round, or a
		// second January after later months (2025.1 | 2025.4 | 2025.7 |
		// 2025.1, last); not 当月 7 8 9 | 累计 2025.1 2025.2, nor 2025.1 |
		// 2025.9 (January and September).
		second := slices.ContainsFunc(order[:i], func(k int) bool { return cols[k].Year == p.Year && cols[k].N == 1 }) && near(i-1, 7) && last
		if near(i-1, 9) && (last || near(i+1, 11)) || near(i-1, 11) && (last || near(i+1, 9)) || second {
			p.N = 10
			cols[c] = p
		}
	}
}

// octoberDown reads the period p of row r's cell in column c, written
// 2025.1, as October where the rows around say so (2025.9 above it, or
// 2025.11 below), as octoberAsNumber does across a header: in a table of
// months down (transposed) or a long table's period column.
func (fs *figureSheet) octoberDown(r, c int, p, above, next duban.Period) duban.Period {
	if p.Type != duban.PeriodMonthly || p.N != 1 || c >= len(fs.cells[r]) || !monthOne.MatchString(strings.TrimSpace(fs.cells[r][c])) {
		return p
	}
	last := next.Type != p.Type || next.Year != p.Year
	if above.Year == p.Year && above.N == 9 && (last || next.N == 11) || above.Year == p.Year && above.N == 11 && (last || next.N == 9) {
		p.N = 10
	}
	return p
}

// monthsBelow tells a row of years each over months or quarters written
// as such (11月 12月 | 1月 2月): every column under a year holds one.
func (fs *figureSheet) monthsBelow(r int) bool {
	if r+1 >= len(fs.cells) {
		return false
	}
	under := 0
	for c, t := range fs.cells[r] {
		if p, ok := periodHeader(t, 0); !ok || p.Type != duban.PeriodYearly {
			continue
		}
		if c >= len(fs.cells[r+1]) || !periodText(fs.cells[r+1][c]) {
			return false
		}
		under++
	}
	return under > 0
}

// periodText tells a cell that names a month or a quarter in words (1月,
// 一季度, 1-9月), not a number that reads as one (2024.5).
func periodText(t string) bool {
	if reWholeYear.MatchString(periodCore(t)) {
		return true // 全年 after 前三季度
	}
	p, ok := periodHeader(t, 0)
	if !ok || p.Type == duban.PeriodYearly {
		return false
	}
	_, number := parseFigure(t)
	return !number
}

// warnOtherKinds warns of each period column of header row r of another
// kind than cols (三季度 or 2025年 beside 7月, 8月, 9月): its figures are not
// read, and the clerk is told so.
func (fs *figureSheet) warnOtherKinds(r int, cols, others map[int]duban.Period) {
	var kind duban.PeriodType
	for _, p := range cols {
		kind = p.Type
	}
	for _, c := range sortedCols(others) {
		t := fs.cells[r][c]
		letter, _ := excelize.ColumnNumberToName(c + 1)
		fs.b.Warnings = append(fs.b.Warnings, duban.FigureError{Sheet: fs.name, Row: r + 1, Column: letter + "（" + t + "）",
			Reason: fmt.Sprintf("“%s”是%s，表头其余期间列是%s，该列未导入", t, kindWords[others[c].Type], kindWords[kind])})
	}
}

// kindWords name the periods of each kind in messages.
var kindWords = map[duban.PeriodType]string{duban.PeriodMonthly: "月份", duban.PeriodQuarterly: "季度", duban.PeriodYearly: "年度"}

// yearColumn tells whether the one year of row r heads a column of
// figures (a yearly indicator's report of one year, duban's own export of
// one year) rather than a group of columns: not merged across, no periods
// in the row below, and a figure, a blank or a value's label (数量) right
// below it.
func (fs *figureSheet) yearColumn(r int, cols map[int]duban.Period) bool {
	if r+1 >= len(fs.cells) {
		return false
	}
	for c := range cols {
		if hr, hc := fs.home(r, c+1); hr == r && hc == c {
			return false // 2025年 merged over 1月, 2月 …
		}
		for _, t := range fs.cells[r+1] {
			if _, ok := periodHeader(t, 0); ok {
				return false
			}
		}
		if c >= len(fs.cells[r+1]) {
			return false
		}
		below := fs.cells[r+1][c]
		if _, ok := parseFigure(below); !ok && !blankFigure(below) && !labelIn(below, valueLabels) {
			return false // 2025年 over 数量（家） is a header of two rows
		}
	}
	return true
}

// dateHeader reads a header cell that is a date (2025-08-01 shown as
// 08-01-25, Aug-25 or 8月1日) as the month it falls in: a sheet that keeps
// its months as dates. A number shown as a number is none.
func (fs *figureSheet) dateHeader(r, c int) (duban.Period, bool) {
	if t := fs.cells[r][c]; t == "" {
		return duban.Period{}, false
	} else if _, ok := parseFigure(t); ok {
		return duban.Period{}, false
	}
	serial, err := strconv.ParseFloat(fs.rawValue(r, c), 64)
	if err != nil || serial < 20000 || serial > 80000 {
		return duban.Period{}, false
	}
	d, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return duban.Period{}, false
	}
	return duban.Period{Type: duban.PeriodMonthly, Year: d.Year(), N: int(d.Month())}, true
}

// hasUnitColumn tells whether row r has text left of its period columns.
func (fs *figureSheet) hasUnitColumn(r int, cols map[int]duban.Period) bool {
	return fs.unitColumn(r, cols) >= 0
}

// unitColumn finds the units' column: one labelled 单位, 地区…, else the
// last labelled column before the first period column that is not a 序号.
func (fs *figureSheet) unitColumn(r int, cols map[int]duban.Period) int {
	first := len(fs.cells[r])
	for c := range cols {
		first = min(first, c)
	}
	best, item := -1, -1
	for c := 0; c < first; c++ {
		t := fs.cells[r][c]
		switch {
		case fs.measures(r, c):
			// 计量单位, or 单位 over 亿元 and %: the figures' measures
		case isUnitLabel(t):
			fs.label[c] = t
			return c
		case isItemLabel(t):
			item = c
		case t != "" && !strings.Contains(t, "序号"):
			best = c
		}
	}
	if best < 0 {
		best = item // 指标名称 | 计量单位 | 1-9月: refused by readWide
	}
	if best >= 0 {
		fs.label[best] = fs.cells[r][best]
		return best
	}
	// 地区 written once in the first of two header rows, not merged down
	// (地区 | 本月 | | 累计 over | 8月 | 9月 | 8月).
	for c := 0; r > 0 && c < first && c < len(fs.cells[r-1]); c++ {
		if isUnitLabel(fs.cells[r-1][c]) {
			fs.label[c] = fs.cells[r-1][c]
			return c
		}
	}
	return fs.unlabelledUnits(r, first)
}

// unlabelledUnits finds a units' column left without a label: the last
// column before the periods (first) whose cell in the first row below the
// header is a name beside a figure, as in | 1月 | 2月 over 西安市 | 3 | 6.
func (fs *figureSheet) unlabelledUnits(r, first int) int {
	for below := r + 1; below < len(fs.cells) && below <= r+3; below++ {
		row := fs.cells[below]
		if first >= len(row) {
			continue
		}
		if _, ok := parseFigure(row[first]); !ok {
			continue // a sub-header, a group line
		}
		for c := first - 1; c >= 0; c-- {
			if _, ok := parseFigure(row[c]); !ok && strings.TrimSpace(row[c]) != "" && !isNoteRow(row[c]) && !fs.measures(r, c) {
				return c
			}
		}
		return -1
	}
	return -1
}

func (fs *figureSheet) readWide(hdr int, cols map[int]duban.Period) {
	unitCol := fs.unitColumn(hdr, cols)
	for c, p := range cols {
		if p.Year == 0 && fs.year == 0 {
			fs.fail(hdr, c, "无法确定年份：请在表头、工作表名或标题中写明年份")
			return
		}
		if p.Year == 0 {
			p.Year = fs.year
			cols[c] = p
		}
	}
	if isItemLabel(fs.cells[hdr][unitCol]) && fs.namesIndicators(hdr, unitCol, sortedCols(cols)[0]) {
		fs.fail(hdr, unitCol, "本表每行是一个指标，没有单位（地区）列：监测数据须每行一个单位、每列一个期间，一次导入一个指标；请按“单位 | 1月 | 2月 …”整理后重新导入")
		return
	}
	if l := fs.cells[hdr][unitCol]; l != "" {
		fs.b.Names = append(fs.b.Names, l)
	}
	basis, first := fs.subColumns(hdr, cols), hdr+1
	if basis != nil {
		first++
	} else {
		basis = fs.groupAbove(hdr, unitCol, cols)
	}
	// 上半年, 前三季度, 1-9月, 三季度累计: the year to date up to the period.
	for c := range cols {
		if _, ok := basis[c]; !ok && soFar(fs.cells[hdr][c]) {
			if basis == nil {
				basis = map[int]string{}
			}
			basis[c] = duban.BasisYTD
		}
	}
	// 9月 beside 1-9月: the month's own figure beside its year to date (it
	// was read as a second figure of the month, and the file refused).
	for c, p := range cols {
		if _, ok := basis[c]; ok {
			continue
		}
		for d, q := range cols {
			if d != c && q == p && basis[d] == duban.BasisYTD {
				basis[c] = duban.BasisPeriod
				break
			}
		}
	}
	// A title of 当月值 or 累计 says it of the columns that say nothing.
	for c := range cols {
		if _, ok := basis[c]; !ok && fs.titleBasis != "" {
			if basis == nil {
				basis = map[int]string{}
			}
			basis[c] = fs.titleBasis
		}
	}
	order := sortedCols(cols)
	if len(order) == 0 || !slices.ContainsFunc(order, func(c int) bool { return basis[c] != duban.BasisGrowth }) && !namesRate(fs.b.Names) {
		fs.fail(hdr, -1, "表头的各期间列下都是增速或同比，没有可导入的数值列：请保留当期或累计数值列")
		return
	}
	if !fs.measureColumn(hdr, first, unitCol, order[0]) {
		return
	}
	if label, names := fs.indicators(hdr, first, unitCol, order[0]); len(names) > 1 {
		fs.fail(hdr, -1, fmt.Sprintf("本表的“%s”列每个单位有%d种数据（%s）：一次只能导入一个指标一期的数值，请把各指标分别放在不同工作表或分别导入，上年同期、目标等行请删去",
			label, len(names), shownNames(names)))
		return
	}
	for r := first; r < len(fs.cells); r++ {
		switch fs.tableRow(r, unitCol, order[0]) {
		case endRow:
			return
		case groupRow:
			continue
		}
		if m := fs.measuresRow(r, order); m != "" {
			fs.setMeasure(m, r, order[0]) // 万元 | 万元 under 1月 | 2月: the figures' measure
			continue
		}
		unit := fs.cells[r][unitCol]
		if fs.notUnit(r, unit) || strings.ContainsAny(unit, "年月") && fs.isHeaderAgain(r) {
			continue
		}
		if strings.TrimSpace(unit) == "" && slices.ContainsFunc(fs.cells[r][:min(order[0], len(fs.cells[r]))], isTotalRow) {
			continue // 合计 written in the 序号 column, the unit's cell blank
		}
		if fs.periodsInWords(r) {
			if fs.sameHeader(hdr, r, order) {
				continue // the header again, on the next printed page
			}
			// 县区 | 1月 | 2月 under the cities' table: another table,
			// which the rows above do not head.
			fs.fail(r, -1, fmt.Sprintf("第%d行起是另一张表（%s）：一个工作表只能有一张表，请把它移到另一个工作表后重新导入", r+1, strings.Join(fs.fresh(r), " | ")))
			return
		}
		rowBasis := fs.itemBasis(r, unitCol, order[0])
		if rowBasis == "skip" {
			continue // a 位次 or 占比 row under the unit's figures
		}
		for _, c := range order {
			b := basis[c]
			if rowBasis != "" {
				b = rowBasis
			}
			fs.figure(r, c, unit, cols[c], b)
		}
	}
}

// measuresRow returns the measure a row of measures under the header
// writes in the figures' columns (万元 | 万元), "" for any other row: one
// measure in every cell written, and no figure.
func (fs *figureSheet) measuresRow(r int, order []int) string {
	m := ""
	for _, c := range order {
		t := strings.TrimSpace(cellOf(fs.cells[r], c))
		if t == "" {
			continue
		}
		got, ok := measureIn("(单位:" + strings.Trim(t, "()（）") + ")")
		if !ok || baseMeasure(got) == "" || m != "" && got != m {
			return ""
		}
		m = got
	}
	return m
}

// itemBasis reads what row r's figures are when a 项目 column between
// the units and the periods names it row by row (绝对额（亿元） then 增速
// （%） under one city merged down): its basis, "skip" for a row that is
// neither a figure nor a growth (位次, 占比), "" when no such column says.
func (fs *figureSheet) itemBasis(r, unitCol, firstCol int) string {
	for c := unitCol + 1; c < firstCol && c < len(fs.cells[r]); c++ {
		t := strings.TrimSpace(fs.cells[r][c])
		if t == "" || fs.copied(r, c) || !isItemLabel(fs.cells[fs.hdr][c]) {
			continue
		}
		if s := strings.ReplaceAll(duban.HalfWidth(t), " ", ""); notThisPeriods(s) || strings.HasPrefix(s, "任务数") {
			return "skip" // 上年同期累计, 年度目标 under 完成值: not this period's figures
		}
		if b := basisOf(t); b != "" {
			return b
		}
		if labelIn(t, valueLabels) || strings.Contains(t, "绝对") || strings.Contains(t, "总量") || strings.Contains(t, "数值") {
			return duban.BasisPeriod
		}
	}
	return ""
}

// notThisPeriods tells a row label naming figures other than this
// period's: last year's (lastYears) or what was aimed at (目标, 计划, 预计).
func notThisPeriods(s string) bool {
	return lastYears(s) || strings.Contains(s, "目标") || strings.Contains(s, "计划") || strings.Contains(s, "预计")
}

// lastYears tells a row label naming last year's figures (上年同期,
// 去年同期累计, 同期, 上年同期增速), not this year's growth over them (比上年
// 增长, 较去年同期增减).
func lastYears(s string) bool {
	for _, w := range []string{"比上年", "较上年", "比去年", "较去年", "同比"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	return strings.Contains(s, "上年") || strings.Contains(s, "去年") || strings.HasPrefix(s, "同期")
}

// indicators are the names in a 指标/项目 column between the units and
// the periods that are not a basis of one indicator's figures (绝对额,
// 增速, 位次): two or more mean the table holds several indicators, as
// 地区 | 指标 | 1月 with 地区生产总值 and 规上工业增加值 under each city,
// which read as one indicator's duplicates with blank unit names.
func (fs *figureSheet) indicators(hdr, first, unitCol, firstCol int) (label string, names []string) {
	for c := unitCol + 1; c < firstCol && c < len(fs.cells[hdr]); c++ {
		if !isItemLabel(fs.cells[hdr][c]) {
			continue
		}
		if label == "" {
			label = fs.cells[hdr][c]
		}
		byUnit := map[string][]string{}
		unit := ""
		for r := first; r < len(fs.cells); r++ {
			if unitCol >= len(fs.cells[r]) {
				continue
			}
			if u := strings.TrimSpace(fs.cells[r][unitCol]); u != "" {
				unit = u // rows under a unit merged down, or written once
			}
			if fs.tableRow(r, unitCol, firstCol) == endRow {
				break
			}
			if c >= len(fs.cells[r]) {
				continue
			}
			t := bracketNote.ReplaceAllString(strings.ReplaceAll(strings.Join(strings.Fields(fs.cells[r][c]), ""), "规模以上", "规上"), "")
			if unitCol < len(fs.cells[r]) && isTotalRow(fs.cells[r][unitCol]) || blankFigure(t) {
				continue
			}
			if t == "" || fs.copied(r, c) || basisOf(t) != "" || labelIn(t, valueLabels) || strings.Contains(t, "绝对") ||
				strings.Contains(t, "总量") || strings.Contains(t, "数值") || fs.itemBasis(r, unitCol, firstCol) == "skip" {
				continue
			}
			if !slices.Contains(byUnit[unit], t) {
				byUnit[unit] = append(byUnit[unit], t)
			}
			// Two names under one unit are two indicators; one under
			// each (a county's project) is the table's item.
			if len(byUnit[unit]) > len(names) {
				names = byUnit[unit]
			}
		}
	}
	return label, names
}

// shownNames lists the first three of names, 等 after them when more.
func shownNames(names []string) string {
	shown := strings.Join(names[:min(3, len(names))], "、")
	if len(names) > 3 {
		shown += "等"
	}
	return shown
}

// measureColumn reads a 计量单位 column before the periods as the
// figures' measure when every row names the same (亿元), as a 单位：亿元
// line would; rows of several measures are refused (false): they are not
// one indicator's figures.
func (fs *figureSheet) measureColumn(hdr, first, unitCol, firstCol int) bool {
	for c := 0; c < firstCol && c < len(fs.cells[hdr]); c++ {
		if c == unitCol || !fs.measures(hdr, c) {
			continue
		}
		var seen []string
		for r := first; r < len(fs.cells); r++ {
			switch fs.tableRow(r, unitCol, firstCol) {
			case endRow:
				r = len(fs.cells)
				continue
			case groupRow:
				continue
			}
			if c >= len(fs.cells[r]) || fs.copied(r, c) || fs.notUnit(r, fs.cells[r][unitCol]) {
				continue // a total, a region
			}
			if b := fs.itemBasis(r, unitCol, firstCol); b != "" && b != duban.BasisPeriod {
				continue // a 增速 or 位次 row
			}
			t := strings.Trim(strings.Join(strings.Fields(duban.HalfWidth(fs.cells[r][c])), ""), "()")
			if t == "" || blankFigure(t) || !isMeasureWord(t) {
				continue // the header again, a note merged across
			}
			if !slices.Contains(seen, t) {
				seen = append(seen, t)
			}
		}
		switch {
		case len(seen) > 1:
			fs.fail(hdr, c, fmt.Sprintf("“%s”列有%d种计量单位（%s）：一次只能导入一个指标的数据，请按指标分别导入", fs.cells[hdr][c], len(seen), strings.Join(seen, "、")))
			return false
		case len(seen) == 1 && fs.b.Measure == "":
			fs.b.Measure = seen[0]
		}
	}
	return true
}

// indicatorWords are in the names of indicators (地区生产总值, 一般公共预算
// 收入, 研发投入强度), not in those of units or places.
var indicatorWords = []string{"总值", "增加值", "收入", "支出", "投资", "总额", "产量", "利润", "指数", "增速", "增长", "比重", "强度",
	"税收", "营业额", "销售额", "成交额", "消费品零售", "进出口", "出口", "进口", "用电量", "能耗", "人数", "户数", "企业数", "面积", "金额", "余额", "贷款", "存款", "投入", "经费"}

// figuresRow tells a row of years written as bare numbers (2000, 2100)
// that starts with an indicator's name and its measure (规上工业增加值（亿元）):
// a row of figures.
func (fs *figureSheet) figuresRow(r int, cols map[int]duban.Period) bool {
	first := slices.IndexFunc(fs.cells[r], func(t string) bool { return strings.TrimSpace(t) != "" })
	if first < 0 || !bracketMeasure.MatchString(duban.HalfWidth(strings.TrimSpace(fs.cells[r][first]))) ||
		isUnitLabel(bracketNote.ReplaceAllString(fs.cells[r][first], "")) {
		return false // 县区（万元） | 2022 | 2023: the units' label, its measure in brackets
	}
	for c := range cols {
		if _, ok := parseFigure(fs.cells[r][c]); !ok {
			return false
		}
	}
	return true
}

// hasIndicatorWord tells a name holding a word of indicatorWords.
func hasIndicatorWord(t string) bool {
	return slices.ContainsFunc(indicatorWords, func(w string) bool { return strings.Contains(t, w) })
}

// namesIndicators tells a column headed 项目 or 指标, with no other column
// to name the units, that holds indicators (指标名称 | 计量单位 | 1-9月 over
// 地区生产总值, 规上工业增加值), not units under a loose label (项目 | 1月
// over 西安, 宝鸡): the table has a column of measures, or the names of its
// rows are indicators' (under 指标, any name but a unit's).
func (fs *figureSheet) namesIndicators(hdr, c, firstCol int) bool {
	measured := false
	for k := 0; k < firstCol && k < len(fs.cells[hdr]); k++ {
		if k != c && fs.measures(hdr, k) {
			measured = true
		}
	}
	named, names, long := 0, 0, 0
	for r := hdr + 1; r < len(fs.cells); r++ {
		if fs.tableRow(r, c, firstCol) == endRow {
			break
		}
		if c >= len(fs.cells[r]) || strings.TrimSpace(fs.cells[r][c]) == "" || isTotalRow(fs.cells[r][c]) {
			continue
		}
		t := bracketNote.ReplaceAllString(strings.TrimSpace(fs.cells[r][c]), "")
		if orgName.MatchString(t) {
			return false // 陕西投资集团清水川电厂三期项目: a project's name
		}
		names++
		if hasIndicatorWord(t) {
			named++
		}
		if len([]rune(t)) >= 4 {
			long++
		}
	}
	// Beside a column of measures one indicator's name is enough; without
	// one every row must name an indicator, unless the column says it
	// lists indicators (指标, 指标名称: 规上工业企业数, 新增市场主体), where
	// names of units (above) or of places (西安, 宝鸡: shorter than an
	// indicator's) make it a column of units.
	label := normalizeHeader(fs.cells[hdr][c])
	return measured && named > 0 || names >= 2 && (named == names || long == names && (label == "指标" || label == "指标名称"))
}

// bracketNote is a bracketed note in a name: （含西咸新区）, （亿元）.
var bracketNote = regexp.MustCompile(`[(（][^)）]*[)）]`)

// orgName ends as the name of a unit, an enterprise, a project or a place
// does, not as an indicator's (地区生产总值 holds 区 but ends in 值).
var orgName = regexp.MustCompile(`(?:省|市|区|县|州|镇|乡|村|街道|社区|厅|局|委|办|公司|集团|中心|项目|工程|厂|院|校|所|站|馆|队|基地|园|港|场|城|线|路|桥)$`)

// measures tells a column of row r's header that holds the figures'
// measures: labelled 计量单位, or 单位 over measures (亿元, %, 家) rather
// than units.
func (fs *figureSheet) measures(r, c int) bool {
	if c >= len(fs.cells[r]) {
		return false
	}
	if isMeasureLabel(fs.cells[r][c]) {
		return true
	}
	if normalizeHeader(fs.cells[r][c]) != "单位" {
		return false
	}
	seen := false
	for below := r + 1; below < len(fs.cells) && below <= r+20; below++ {
		if c >= len(fs.cells[below]) || fs.copied(below, c) {
			continue
		}
		t := strings.TrimSpace(fs.cells[below][c])
		if t == "" || blankFigure(t) {
			continue
		}
		if !isMeasureWord(t) {
			return false
		}
		seen = true
	}
	return seen
}

// measureWord is a measure as a 计量单位 cell writes it: 亿元, 万元, %,
// 家, 万千瓦时, 个百分点 (brackets around it or not).
var measureWord = regexp.MustCompile(`^(?:%|‰|个?百分点|[十百千万亿]*(?:元|美元|吨|标准煤|吨标准煤|千瓦时|度|立方米|人次|人|户|家|个|辆|套|项|件|平方米|亩|公里|公顷|台|座|所|张|起|次|天|标箱)(?:/(?:人|户|吨|平方米|万元|年|月|千人|万人|百户))?)$`)

func isMeasureWord(t string) bool {
	t = strings.Trim(strings.Join(strings.Fields(duban.HalfWidth(t)), ""), "()")
	return measureWord.MatchString(t)
}

// isMeasureLabel tells the header of a column of measures (计量单位: 亿元,
// 家), which names no unit of the table.
func isMeasureLabel(t string) bool {
	t = normalizeHeader(t)
	return t == "计量单位" || t == "单位（计量）" || t == "计量"
}

// isItemLabel tells the header of a column naming each row's indicator.
func isItemLabel(t string) bool {
	t = normalizeHeader(t)
	return t == "项目" || t == "指标" || t == "指标名称" || t == "项目名称"
}

// percentFormat tells a cell whose number format scales it by 100 (0%,
// 0.00%, or a custom format with % outside quotes); not 0.0"%".
func (fs *figureSheet) percentFormat(r, c int) bool {
	r, c = fs.home(r, c)
	axis, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false
	}
	id, err := fs.f.GetCellStyle(fs.name, axis)
	if err != nil {
		return false
	}
	st, err := fs.f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	if st.NumFmt == 9 || st.NumFmt == 10 {
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	quoted := false
	for _, ch := range *st.CustomNumFmt {
		switch {
		case ch == '"':
			quoted = !quoted
		case ch == '%' && !quoted:
			return true
		}
	}
	return false
}

// sameHeader tells a row r that repeats header row hdr's period labels.
func (fs *figureSheet) sameHeader(hdr, r int, order []int) bool {
	for _, c := range order {
		if strings.Join(strings.Fields(fs.cells[r][c]), "") != strings.Join(strings.Fields(fs.cells[hdr][c]), "") {
			return false
		}
	}
	return true
}

// Rows of a table of figures besides the units' (tableRow).
const (
	figureRow = iota // a unit's figures
	groupRow         // a line merged across from the unit column to the figures: 一、关中地区, 陕北地区
	endRow           // a notes line (注：, 填表人：, 单位负责人：…): the table ends
)

// tableRow tells what row r of a table is. A group line names the units
// below it and holds no figure: the table goes on after it (before, it
// ended the table there, and the units after it were dropped unsaid).
func (fs *figureSheet) tableRow(r, unitCol, firstCol int) int {
	texts := fs.fresh(r)
	if len(texts) == 0 {
		return figureRow
	}
	if isNoteRow(texts[0]) {
		return endRow
	}
	if hr, hc := fs.home(r, firstCol); hr == r && hc <= unitCol && fs.cells[r][unitCol] != "" {
		return groupRow
	}
	return figureRow
}

// isHeaderAgain tells a repeated header row (a second block on one sheet).
func (fs *figureSheet) isHeaderAgain(r int) bool { return fs.periodCells(r, false) >= 2 }

// periodsInWords tells a row with two or more periods written in words
// (1月 | 2月): a header, where figures that read as years (2024) or
// months (2024.5) do not count.
func (fs *figureSheet) periodsInWords(r int) bool { return fs.periodCells(r, true) >= 2 }

// periodCells counts the cells of row r that read as periods; with words,
// only those that are not figures too.
func (fs *figureSheet) periodCells(r int, words bool) int {
	n := 0
	for _, t := range fs.cells[r] {
		if _, number := parseFigure(t); words && number {
			continue
		}
		if _, ok := periodHeader(t, 0); ok {
			n++
		}
	}
	return n
}

// figure reads the cell (r, c) as unit's figure for period p, of the basis
// the sheet gives ("" when it does not).
func (fs *figureSheet) figure(r, c int, unit string, p duban.Period, basis string) {
	if c >= len(fs.cells[r]) {
		return
	}
	if p.Type == duban.PeriodYearly && basis == duban.BasisYTD {
		basis = "" // a year's total to date is the year's own
	}
	if fs.copied(r, c) {
		return // a copy of a merged cell
	}
	text := fs.cells[r][c]
	if text == "" && fs.formula(r, c) {
		return
	}
	if blankFigure(text) {
		return
	}
	// The stored value keeps the decimals a number format hides; a per
	// cent cell's stored 0.0523 is the 5.23 a person reads (a format
	// writing % after the number as it is, 0.00"%", does not scale it:
	// whichever of the two is nearer what the cell shows).
	percent := strings.HasSuffix(strings.TrimSpace(duban.HalfWidth(text)), "%")
	raw := fs.rawValue(r, c)
	v, ok := parseFigure(raw)
	if shown, sok := parseFigure(text); !ok {
		v, ok = shown, sok
	} else if percent && sok {
		switch {
		case strings.Contains(raw, "%"):
			v = shown // text written 5.3%
		case fs.percentFormat(r, c):
			v = math.Round(v*100*1e9) / 1e9 // 0.0531 in 0.0%: 5.31
		case math.Abs(v*100-shown) < math.Abs(v-shown):
			v = math.Round(v*100*1e9) / 1e9 // a format the style does not tell
		}
	}
	if !ok {
		fs.fail(r, c, fmt.Sprintf("不是数字：“%s”", text))
		return
	}
	unit, part := cutPart(listNumber.ReplaceAllString(strings.TrimSpace(unit), ""))
	unit = unitFootnote.ReplaceAllString(listNumber.ReplaceAllString(strings.TrimSpace(unit), ""), "")
	if strings.TrimSpace(unit) == "" {
		fs.fail(r, c, "单位名称为空")
		return
	}
	if misgrouped(text) {
		fs.b.Warnings = append(fs.b.Warnings, duban.FigureError{Sheet: fs.name, Row: r + 1, Column: fs.column(c),
			Reason: fmt.Sprintf("“%s”中的逗号不是每三位一个的千分位，已读作 %s，请核对（是否为小数点）", text, strconv.FormatFloat(v, 'f', -1, 64))})
	}
	fig := duban.Figure{Sheet: fs.name, Row: r + 1, Column: fs.column(c), Unit: unit, Period: p, Value: v, Basis: basis, Part: part, Percent: percent}
	if basis == duban.BasisGrowth {
		fig.Basis = growthBasis(fs.label[c])
		fs.b.Growth = append(fs.b.Growth, fig)
		return
	}
	fs.b.Figures = append(fs.b.Figures, fig)
}

// misgrouped tells a figure written with commas that are no thousands
// separators: 12,34 (a decimal comma, or a slip), 1,2345.
func misgrouped(text string) bool {
	s := strings.NewReplacer("，", ",", " ", "").Replace(strings.TrimSpace(duban.HalfWidth(text)))
	return strings.Contains(s, ",") && !thousands.MatchString(s)
}

// thousands is a number grouped by threes: 1,234, -12,345.6, 1,234%.
var thousands = regexp.MustCompile(`^[-+(]?\d{1,3}(?:,\d{3})+(?:\.\d*)?\)?%?$`)

// unitFootnote is what a unit's name carries besides the name: a footnote
// mark (宝鸡市*, 咸阳市①) or what it includes (西安市（含西咸新区）).
var unitFootnote = regexp.MustCompile(`\s*(?:[（(]\s*(?:含|包括|不含)[^）)]*[）)]|[*＊※#①-⑳¹²³⁴⁵⁶⁷⁸⁹]+)\s*$`)

// listNumber is a list number a table puts before a unit's name in the
// unit's own cell: 1.西安市, 2、宝鸡市, （三）铜川市, 四、渭南市, ①咸阳市.
var listNumber = regexp.MustCompile(`^(?:\d{1,3}\s*[.、．)）]|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]+)\s*[）)]|[一二三四五六七八九十]+\s*、|[①-⑳])\s*`)

// cutPart takes the 其中 off a breakdown row's unit (其中：西咸新区).
func cutPart(unit string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(unit), "其中")
	if !ok {
		return unit, false
	}
	return strings.TrimLeft(rest, "：:，,、 \u3000"), true
}

func sortedCols(cols map[int]duban.Period) []int {
	out := make([]int, 0, len(cols))
	for c := range cols {
		out = append(out, c)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
