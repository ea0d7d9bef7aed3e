package duban

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/6tail/lunar-go/calendar"
)

// deadlineHint tells a clerk which forms of 完成时限 are understood.
const deadlineHint = "请写作 2026年12月31日、2026年12月底前、2027年上半年、2027年第一季度、立行立改 或 长期坚持"

// Keywords that give a deadline its kind. Long-term wins over immediate:
// "立行立改并长期坚持" is a long-term measure.
var (
	longTermWords  = []string{"长期坚持", "长期", "持续推进", "持续整改", "持续", "常态化", "常态", "长效", "每年", "每半年", "每季度", "每月", "定期"}
	immediateWords = []string{"立行立改", "立即整改", "立即", "即知即改", "立知立改", "即查即改", "立查立改", "马上就改", "即时整改", "即改即办", "边查边改"}
)

// deadlinePattern is one way of writing a date inside a deadline.
type deadlinePattern struct {
	re   *regexp.Regexp
	date func(m []string) (y, mo, d int) // d == 0 means the last day of the month
}

// deadlinePatterns are tried in order; each match is cut out of the text so
// that a later, looser pattern cannot match part of it again.
var deadlinePatterns = []deadlinePattern{
	// A span counts by its end: 2022年6月1日-12月31日, 2022年6月-12月,
	// 2022年3至6月; an end month before the start is the next year's.
	{regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})[日号]?` + spanDash + `(\d{1,2})月(\d{1,2})[日号]`), func(m []string) (int, int, int) {
		return spanYear(m[1], m[2], m[4]), atoi(m[4]), atoi(m[5])
	}},
	{regexp.MustCompile(`(\d{4})年(\d{1,2})月?份?` + spanDash + `(\d{1,2})月份?(底|末|)`), func(m []string) (int, int, int) {
		return spanYear(m[1], m[2], m[3]), atoi(m[3]), 0
	}},
	// 2023.10-2024.6, 2023.10.1-2024.6.30, 2023-2024年: a span whose
	// ends are written with dots or dashes, or are years.
	{regexp.MustCompile(`\d{4}[/.]\d{1,2}(?:[/.]\d{1,2})?` + spanDash + `(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?`), func(m []string) (int, int, int) {
		return atoi(m[1]), atoi(m[2]), atoi(m[3])
	}},
	{regexp.MustCompile(`\d{4}年?度?` + spanDash + `(\d{4})年度?(?:年底|年末|底|末|)`), func(m []string) (int, int, int) {
		return atoi(m[1]), 12, 31
	}},
	{regexp.MustCompile(`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[日号]?`), ymd},
	// A time of day after the date keeps the date: 2021年12月31日24时前,
	// 18:00 (the end of the day, as notices write it).
	{regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})(?:[日号](?:(?:[01]?\d|2[0-4])(?:时|点|:[0-5]\d)(?:[0-5]?\d分)?整?)?|$|前|之前|以前)`), ymd},
	// Before a festival of that year: 2024年春节前 is the day before 正月初一
	// (除夕), 2024年国庆节前 September 30th, 2024年元旦前 the last day of 2023.
	{regexp.MustCompile(`(\d{4})年` + festivalEveText), festivalEve},
	{regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`), ymd}, // 20231231
	{regexp.MustCompile(`(\d{4})年(\d{1,2})月份?(上旬|中旬|下旬|上半月|下半月|底|末|)`), monthPart},
	{regexp.MustCompile(`(\d{4})[-/.](\d{1,2})月?份?(底|末|)`), monthPart},
	{regexp.MustCompile(`(\d{4})年?度?第?([1-4一二三四])季度?(末|底|)`), quarter},
	{regexp.MustCompile(`(\d{4})年?度?(上半年|前半年|年中|下半年|后半年)(末|底|)`), halfYear},
	{regexp.MustCompile(`(\d{4})年度?(年底|年末|底|末|年度内|年内|内|全年|)`), func(m []string) (int, int, int) {
		return atoi(m[1]), 12, 31
	}},
}

// spanDash joins the two ends of a span.
const spanDash = `[-－—–~～至到]`

// spanYear is the year of a span's end: the start's, or the next when the
// end month comes before the start month (2022年10月-3月).
func spanYear(y, from, to string) int {
	if atoi(to) < atoi(from) {
		return atoi(y) + 1
	}
	return atoi(y)
}

func ymd(m []string) (int, int, int) { return atoi(m[1]), atoi(m[2]), atoi(m[3]) }

// festivalEveText is "before a festival" as deadlines write it (春节前,
// 国庆节放假前), the festival its group.
const festivalEveText = `(元旦|春节|清明|五一|劳动节|端午|中秋|国庆)节?(?:假期|放假)?(?:前|之前|以前)`

// festivalEve is the day before festival m[2] of year m[1]: the lunar ones
// (春节, 端午, 中秋) and 清明 by the Chinese calendar.
func festivalEve(m []string) (int, int, int) {
	y := atoi(m[1])
	var day time.Time
	switch m[2] {
	case "元旦":
		day = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "五一", "劳动节":
		day = time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC)
	case "国庆":
		day = time.Date(y, 10, 1, 0, 0, 0, 0, time.UTC)
	default:
		if y < 1900 || y > 2199 {
			return y, 1, 1 // patternDate refuses the year
		}
		var s *calendar.Solar
		switch m[2] {
		case "春节":
			s = calendar.NewLunarFromYmd(y, 1, 1).GetSolar()
		case "端午":
			s = calendar.NewLunarFromYmd(y, 5, 5).GetSolar()
		case "中秋":
			s = calendar.NewLunarFromYmd(y, 8, 15).GetSolar()
		case "清明":
			s = calendar.NewLunarFromYmd(y, 3, 1).GetJieQiTable()["清明"]
		}
		if s == nil {
			return 0, 1, 1 // not in the calendar: patternDate refuses it
		}
		day = time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay(), 0, 0, 0, 0, time.UTC)
	}
	eve := day.AddDate(0, 0, -1)
	return eve.Year(), int(eve.Month()), eve.Day()
}

func monthPart(m []string) (int, int, int) {
	day := map[string]int{"上旬": 10, "中旬": 20, "上半月": 15}[m[3]]
	return atoi(m[1]), atoi(m[2]), day
}

func quarter(m []string) (int, int, int) {
	q := strings.Index("1234", m[2]) + 1
	if q == 0 {
		q = strings.Index("一二三四", m[2])/len("一") + 1
	}
	return atoi(m[1]), 3 * q, 0
}

func halfYear(m []string) (int, int, int) {
	if m[2] == "下半年" || m[2] == "后半年" {
		return atoi(m[1]), 12, 31
	}
	return atoi(m[1]), 6, 30
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// ParseDeadline reads a 完成时限 cell as clerks write it and returns its kind
// and date. Dates: 2021-12-31, 2021/12/31, 2021.12.31, 2021年12月31日(前),
// 2021年12月底(前), 2021年12月, 2022.6, 2022年上半年, 2022年底, 2022年第一季度,
// 2021年12月31日24时前, 2024年春节前 (the day before a festival: 除夕), in
// full-width or Chinese digits too. A month alone means its last day, as
// does a quarter or half-year; a year alone means 12-31. Words around a date
// are ignored ("2021年12月底前完成制度修订"); when several dates appear the
// latest is taken. 立行立改/立即整改 give DeadlineImmediate; 长期坚持/持续推进/
// 常态化/每年 and the like give DeadlineLongTerm, which wins when both appear.
// A date next to a keyword is kept: "2021年12月底前完成，长期坚持" is long-term
// with 2021-12-31. It returns an Invalid *Error saying which forms are
// expected when s is empty or not understood.
func ParseDeadline(s string) (DeadlineKind, Date, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", Date{}, Errorf(Invalid, "请填写完成时限，%s", deadlineHint)
	}
	t := normalizeDeadline(raw)
	if doneWords[strings.Trim(t, "。.，,；;（）()")] {
		// "已完成" where the date would be: done at once.
		return DeadlineImmediate, Date{}, nil
	}
	kind := deadlineKeyword(t)
	if m := seasonWords.FindStringSubmatch(t); m != nil {
		// 2022年汛期前 read as 2022年 would be the year's end, months late.
		if kind == DeadlineLongTerm {
			return DeadlineLongTerm, Date{}, nil // …汛期前完成，长期坚持: kept up, no date to be had
		}
		return "", Date{}, Errorf(Invalid, "完成时限“%s”中的“%s”各地各年日期不同，请写明具体日期（如 %s年5月31日前），%s", raw, m[1], m[0][:4], deadlineHint)
	}
	rest, d, err := cutDeadlineDates(yearCarried(t))
	if err != nil {
		return "", Date{}, Errorf(Invalid, "完成时限“%s”中的%s，%s", raw, ErrorMessage(err), deadlineHint)
	}
	if !d.IsZero() && kind == DeadlineLongTerm && !fromThen.MatchString(t) {
		// "2024年12月底前，建立长效机制": the mechanism is what is to be
		// done by the date, not a measure kept up without end.
		kind = deadlineKeyword(mechanismWork.ReplaceAllString(t, ""))
	}
	if kind != "" {
		return kind, d, nil
	}
	// Words around a date (前, 完成制度修订) are fine; digits left over mean
	// a date was misread, as in "2021年12月31日24时".
	if d.IsZero() || strings.ContainsAny(rest, "0123456789") {
		if d.IsZero() && lacksYear(t) {
			return "", Date{}, Errorf(Invalid, "完成时限“%s”未写年份，%s", raw, deadlineHint)
		}
		return "", Date{}, Errorf(Invalid, "无法识别的完成时限“%s”，%s", raw, deadlineHint)
	}
	return DeadlineDate, d, nil
}

// yearCarried writes the year of a date before a month written without
// one after it: 2024年6月底前完成制度修订，12月底前全面完成 and 2024年6月、12月
// end in 2024年12月 (they were refused as unreadable); a text with no year
// stays as it is.
func yearCarried(t string) string {
	years := fullYear.FindAllStringIndex(t, -1)
	if len(years) == 0 || strings.ContainsAny(t, "各每") {
		return t // 2024年3月、6月、9月、12月各报送一次: a schedule, no stages
	}
	var b strings.Builder
	last := 0
	for _, m := range yearless.FindAllStringSubmatchIndex(t, -1) {
		year := ""
		for _, y := range years {
			if y[1] <= m[4] {
				year = t[y[0]:y[1]]
			}
		}
		if year == "" || monthRangeStart.MatchString(t[:m[4]]) {
			continue // 6月、2024年12月: no year before it; 2022年3至6月: one year's months
		}
		if months := monthOf.FindAllStringSubmatch(t[:m[4]], -1); len(months) > 0 && atoi(t[m[4]:m[5]]) < atoi(months[len(months)-1][1]) {
			return t // 2024年11月、3月: March of the next year, likely; not for the reader to guess
		}
		b.WriteString(t[last:m[4]])
		b.WriteString(year + "年")
		last = m[4]
	}
	b.WriteString(t[last:])
	return b.String()
}

// monthOf is a month's number as written: 11月.
var monthOf = regexp.MustCompile(`(\d{1,2})月`)

// monthRangeStart ends a text before the second month of a range in one
// year: 2022年3至.
var monthRangeStart = regexp.MustCompile(`年\d{1,2}\s*(?:至|到|-|—|~|－|～)\s*$`)

// seasonWords is a year with a season or an event whose day the year does
// not say (2022年汛期前, 2023年秋季开学前), and no month.
var seasonWords = regexp.MustCompile(`\d{4}年度?[^0-9０-９月，,。；;、]{0,8}?((?:主)?汛期|汛前|开学|暑假|寒假|暑期|换届)(?:前|之前|以前)`)

// mechanismWork is a long-term mechanism to be set up (建立长效机制,
// 健全常态化监管机制): with a date beside it, the date is the deadline.
var mechanismWork = regexp.MustCompile(`(?:建立|健全|完善|形成|构建|制定)[^，,。；;、]*?(?:长效|常态化?)[^，,。；;、]*?(?:机制|制度)`)

// fromThen is a date things go on from (2024年3月起, 自…开始): kept up
// since, not done by it.
var fromThen = regexp.MustCompile(`(?:年|月|日|号|份)\s*(?:起|开始|以来)`)

// doneWords, written alone where the deadline would be, say the measure was
// carried out at once.
var doneWords = map[string]bool{"已完成": true, "已整改": true, "已完成整改": true, "已整改完成": true, "已整改到位": true,
	"已办结": true, "已落实": true, "已完成整改任务": true}

var (
	fullYear = regexp.MustCompile(`\d{4}`)
	// yearless is a month written without its year: 6月底前, 12月31日.
	yearless = regexp.MustCompile(`(^|[^\d年.\-/])(\d{1,2})月`)
)

// yearlessPeriod is a part of the year written without the year: 年底前,
// 本年底, 上半年, 三季度末.
var yearlessPeriod = regexp.MustCompile(`^(?:本|今|当)?(年底|年末|年度内|年内|年中|上半年|下半年|第?[1-4一二三四]季度)`)

// yearlessFestival is a festival's eve written without the year (春节前).
// It is not read in the ledger's year (ParseDeadlineIn): which 春节 a
// ledger of September means is the next year's, and a ledger's year does
// not say.
var yearlessFestival = regexp.MustCompile(festivalEveText)

// lacksYear reports a normalised deadline that names a month, a part of
// the year or a festival, but no year.
func lacksYear(t string) bool {
	return !fullYear.MatchString(t) && (yearless.MatchString(t) || yearlessPeriod.MatchString(t) || yearlessFestival.MatchString(t))
}

// ParseDeadlineIn is ParseDeadline for a deadline that may leave out its
// year ("6月底前"), as the ledger of one year does: its months are read in
// year. yearGiven reports that they were.
func ParseDeadlineIn(s string, year int) (kind DeadlineKind, d Date, yearGiven bool, err error) {
	kind, d, err = ParseDeadline(s)
	if err == nil || year < 1900 || year > 2199 {
		return kind, d, false, err
	}
	t := normalizeDeadline(s)
	var withYear string
	switch {
	case !lacksYear(t):
		return kind, d, false, err
	case yearlessPeriod.MatchString(t):
		withYear = yearlessPeriod.ReplaceAllString(t, strconv.Itoa(year)+"年${1}")
	default:
		withYear = yearless.ReplaceAllString(t, "${1}"+strconv.Itoa(year)+"年${2}月")
	}
	k, wd, werr := ParseDeadline(withYear)
	if werr != nil {
		return kind, d, false, err
	}
	return k, wd, true, nil
}

// DeadlineLabel returns what a ledger cell shows for a deadline:
// 2021年12月31日, 立行立改 or 长期坚持. A date kept with a keyword is shown
// too, in a form ParseDeadline reads back ("2021年12月31日前完成，长期坚持").
func DeadlineLabel(kind DeadlineKind, d Date) string {
	switch kind {
	case DeadlineImmediate, DeadlineLongTerm:
		if d.IsZero() {
			return DeadlineKindNames[kind]
		}
		if kind == DeadlineImmediate {
			return "立行立改，" + d.Chinese() + "前完成"
		}
		return d.Chinese() + "前完成，长期坚持"
	}
	return d.Chinese()
}

var (
	spaceOrTime  = regexp.MustCompile(`\s*\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*$|\s+`)
	cnYear       = regexp.MustCompile(`[〇零○一二三四五六七八九]{4}年`)
	cnMonthOrDay = regexp.MustCompile(`[一二三四五六七八九十]{1,3}[月日号]`)
	cnDigits     = strings.NewReplacer("〇", "0", "零", "0", "○", "0", "一", "1", "二", "2", "三", "3",
		"四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9")
)

// normalizeDeadline turns full-width and Chinese digits into ASCII digits
// and drops spaces and a trailing time of day (Excel's "2021-12-31 00:00:00").
func normalizeDeadline(s string) string {
	return shortYear.ReplaceAllString(arabicDate(spaceOrTime.ReplaceAllString(toHalfWidth(s), "")), "${1}20${2}年${3}")
}

// shortYear is a year of this century written with two digits before a
// month or a part of the year: 24年6月底, 25年上半年.
var shortYear = regexp.MustCompile(`(^|[^\d])(\d{2})年(\d{1,2}月|底|末|年底|上半年|下半年|第?[1-4一二三四]季度)`)

// arabicDate writes the Chinese numerals of a date's year, month and day in
// digits: 二〇二三年九月二十八日 is 2023年9月28日.
func arabicDate(s string) string {
	s = cnYear.ReplaceAllStringFunc(s, cnDigits.Replace)
	return cnMonthOrDay.ReplaceAllStringFunc(s, func(md string) string {
		r := []rune(md)
		return strconv.Itoa(numeralOrZero(string(r[:len(r)-1]))) + string(r[len(r)-1])
	})
}

// deadlineKeyword returns the kind a keyword in s gives, or "".
func deadlineKeyword(s string) DeadlineKind {
	for _, w := range longTermWords {
		if strings.Contains(s, w) {
			return DeadlineLongTerm
		}
	}
	for _, w := range immediateWords {
		if strings.Contains(s, w) {
			return DeadlineImmediate
		}
	}
	return ""
}

// cutDeadlineDates finds every date written in s, returning s without them
// and the latest date. It returns an Invalid *Error for a date that does
// not exist, such as 2021年2月30日.
func cutDeadlineDates(s string) (string, Date, error) {
	var latest Date
	for _, p := range deadlinePatterns {
		var bad error
		s = p.re.ReplaceAllStringFunc(s, func(match string) string {
			d, err := patternDate(p, p.re.FindStringSubmatch(match))
			if err != nil {
				bad = err
			} else if d.After(latest) {
				latest = d
			}
			return "，"
		})
		if bad != nil {
			return "", Date{}, bad
		}
	}
	return s, latest, nil
}

// patternDate turns a match of p into a date, checking that it exists.
func patternDate(p deadlinePattern, m []string) (Date, error) {
	y, mo, d := p.date(m)
	if y < 1900 || y > 2199 {
		return Date{}, Errorf(Invalid, "年份“%d”不合理", y)
	}
	if mo < 1 || mo > 12 {
		return Date{}, Errorf(Invalid, "月份“%d”不存在", mo)
	}
	if d == 0 {
		return NewDate(y, time.Month(mo)+1, 0), nil
	}
	date := NewDate(y, time.Month(mo), d)
	if d < 1 || date.Time().Day() != d {
		return Date{}, Errorf(Invalid, "日期“%d年%d月%d日”不存在", y, mo, d)
	}
	return date, nil
}

// dutyTail is what a cell adds after a unit's name about its share of the
// work: 按职责分工负责, 根据职能落实, 分别负责.
var dutyTail = regexp.MustCompile(`(?:(?:按|根据)(?:职责|职能)(?:分工)?(?:分别)?(?:负责|落实)?|分别负责|按分工负责)$`)

// SplitUnits splits a list of unit names as clerks write it — separated by
// 、，,;；/ or line breaks, or by spaces — trimming each name and its list
// number (1. 2、 （1）①) and dropping empty and repeated ones. Separators
// inside brackets, as in "各设区市（含杨凌示范区、西咸新区）", do not split.
func SplitUnits(s string) []string {
	var (
		units []string
		seen  = map[string]bool{}
		depth int
		start int
	)
	add := func(u string) {
		u = strings.Trim(u, " \t\u3000。.")
		if _, err := strconv.Atoi(u); err == nil {
			return // the number of 1、办公室, cut off at its 、
		}
		if r, _ := utf8.DecodeRuneInString(u); '0' <= r && r <= '9' || strings.ContainsRune("（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", r) {
			u = strings.Trim(unitNumber.ReplaceAllString(u, ""), " \t\u3000") // only a name that may start with a number
		}
		// 单位003等, 财政局及所属各单位: the unit named.
		if head, ok := strings.CutSuffix(u, "等"); ok && utf8.RuneCountInString(head) >= 2 {
			u = head
		}
		// 市大数据局按职责分工负责: the unit named.
		if loc := dutyTail.FindStringIndex(u); loc != nil {
			u = u[:loc[0]] // alone (市教育局 市人社局 按职责分工负责), nothing
		}
		if i := strings.Index(u, "及所属"); i > 0 {
			u = u[:i]
		} else if i := strings.Index(u, "及各"); i > 0 {
			u = u[:i]
		}
		if u != "" && !seen[u] {
			seen[u] = true
			units = append(units, u)
		}
	}
	s = unpad(s)
	for i, r := range s {
		switch {
		case strings.ContainsRune("（(【[", r):
			depth++
		case strings.ContainsRune("）)】]", r) && depth > 0:
			depth--
		case depth == 0 && strings.ContainsRune("、，,;；/／\n\r\t \u3000", r):
			add(s[start:i])
			start = i + len(string(r))
		}
	}
	add(s[start:])
	return units
}

// unpad joins a name spaced out to fill a cell (财 政 局): within a part
// between separators, spaces around a single character pad a name, they do
// not part two.
func unpad(s string) string {
	if !strings.ContainsAny(s, " \u3000") {
		return s
	}
	var b strings.Builder
	start := 0
	flush := func(seg string) {
		parts := strings.FieldsFunc(seg, func(r rune) bool { return r == ' ' || r == '\u3000' })
		for _, p := range parts {
			if len(parts) > 1 && utf8.RuneCountInString(p) == 1 {
				b.WriteString(strings.Join(parts, ""))
				return
			}
		}
		b.WriteString(seg)
	}
	for i, r := range s {
		if strings.ContainsRune("、，,;；/／\n\r\t", r) {
			flush(s[start:i])
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(s[start:])
	return b.String()
}

// unitNumber is the list number before a unit's name in a cell that numbers
// them: 1.办公室 2、人事科 （1）党建科 ①纪检组.
var unitNumber = regexp.MustCompile(`^(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)]|[①-⑳])\s*`)

// numeralOrZero reads a Chinese numeral such as 九, 十二 or 三十一, 0 when s is none.
func numeralOrZero(s string) int {
	n, _ := ParseChineseNumeral(s)
	return n
}
