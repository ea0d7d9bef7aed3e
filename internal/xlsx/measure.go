package xlsx

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// measures builds the measures of data row r: one, or one for each
// numbered measure of its 整改措施 cell (splitMeasures), or reports each
// bad cell.
func (s *sheet) measures(r int, h *header, v row) ([]*duban.OutlineMeasure, []CellError) {
	errs := s.resolve(r, h, &v)
	pieces := splitMeasures(v[fieldMeasure])
	if pieces == nil {
		v[fieldMeasure] = s.textDeadline.take(&v, v[fieldMeasure])
		m, more := s.measure(r, h, v)
		return []*duban.OutlineMeasure{m}, append(errs, more...)
	}
	var ms []*duban.OutlineMeasure
	for i, each := range s.splitCells(r, h, v, len(pieces)) {
		pieces[i] = s.textDeadline.take(&each, pieces[i])
		each[fieldMeasure] = pieces[i]
		m, more := s.measure(r, h, each)
		for _, e := range more {
			if !slices.Contains(errs, e) { // the same whole cell, for every measure
				errs = append(errs, e)
			}
		}
		m.Title, m.Content = splitTitle(pieces[i])
		ms = append(ms, m)
	}
	return ms, errs
}

// resolve clears the placeholder cells of data row r (无, /) and fills
// those written 同上 from the row above.
func (s *sheet) resolve(r int, h *header, v *row) []CellError {
	var errs []CellError
	for f := range v {
		if f != int(fieldMeasure) && isPlaceholder(v[f]) {
			v[f] = ""
		}
	}
	for _, f := range []field{fieldLeadUnit, fieldCoopUnits, fieldLeader, fieldPerson, fieldDeadline, fieldAdjusted, fieldKind, fieldTarget, fieldRequirements} {
		if isDitto(v[f]) {
			if s.prev[f] == "" {
				errs = append(errs, CellError{Sheet: s.name, Row: r + 1, Column: h.column(f),
					Reason: fmt.Sprintf("“%s”的上一行没有可参照的内容", v[f])})
			}
			v[f] = s.prev[f] // 同上: as the row above
		}
	}
	s.prev = *v
	if v[fieldNote] != "" {
		s.notes++
	}
	return errs
}

// measure builds one measure from the cells v of data row r (resolved),
// or reports each bad cell.
func (s *sheet) measure(r int, h *header, v row) (*duban.OutlineMeasure, []CellError) {
	var errs []CellError
	bad := func(f field, reason string) {
		if s.rowHidden(r) {
			reason += "（该行在Excel中已隐藏，请取消隐藏后核对）"
		}
		errs = append(errs, CellError{Sheet: s.name, Row: r + 1, Column: h.column(f), Reason: reason})
	}
	for f := range v {
		if f != int(fieldMeasure) && isPlaceholder(v[f]) {
			v[f] = "" // a measure's own part of a numbered cell: 2.无
		}
	}
	m := &duban.OutlineMeasure{
		Target:            v[fieldTarget],
		Requirements:      v[fieldRequirements],
		ResponsibleLeader: v[fieldLeader],
		ResponsiblePerson: v[fieldPerson],
		Progress:          v[fieldProgress],
		Note:              v[fieldNote],
	}
	if h.col[fieldPerson] < 0 && leaderAndPerson.MatchString(h.label[fieldLeader]) {
		// 责任领导及责任人: 王局长/张三, 王明、张三.
		m.ResponsibleLeader, m.ResponsiblePerson = splitLeader(m.ResponsibleLeader)
	}
	m.Title, m.Content = splitTitle(stripNumbering(v[fieldMeasure]))
	if m.Title == "" {
		bad(fieldMeasure, "缺少整改措施")
	}
	lead := v[fieldLeadUnit]
	if personColumn.MatchString(h.label[fieldLeadUnit]) {
		// 责任部门（人）, 整体牵头部门/负责人: 办公室（张三）, 办公室/张三.
		if u, person, ok := unitAndPerson(lead); ok {
			lead = u
			if m.ResponsiblePerson == "" {
				m.ResponsiblePerson = person
			}
		}
	}
	m.LeadUnit, m.CoopUnits = splitUnits(lead, v[fieldCoopUnits])
	if m.LeadUnit == "" && h.col[fieldLeadUnit] >= 0 {
		bad(fieldLeadUnit, "缺少责任单位（牵头单位）")
	}
	if collective(m.LeadUnit) {
		bad(fieldLeadUnit, fmt.Sprintf("“%s”不是具体单位，请写明牵头单位的名称", m.LeadUnit))
	}
	m.CoopUnits = slices.DeleteFunc(m.CoopUnits, func(u string) bool {
		if collective(u) {
			s.warn(CellError{Sheet: s.name, Row: r + 1, Column: h.column(fieldCoopUnits),
				Reason: fmt.Sprintf("“%s”不是具体单位，未作为配合单位导入", u)})
			return true
		}
		return false
	})
	if isClosed(v[fieldClosed]) {
		m.Status = duban.StatusClosed
	} else if t := strings.TrimSpace(v[fieldClosed]); t != "" && !notClosed[t] && !strings.Contains(m.Progress, t) {
		// 整改状态 | 持续整改, 正在整改, 未完成: where the work stands, kept
		// with the progress (it was dropped).
		label := cmp.Or(normalizeHeader(h.label[fieldClosed]), fieldNames[fieldClosed])
		m.Progress = strings.TrimSpace(m.Progress + "\n" + label + "：" + t)
	}
	var reason string
	f := inForce(v)
	m.DeadlineKind, m.Deadline, reason = s.deadline(r, h, v, f)
	m.DeadlineText = v[f]
	if doneBeside.MatchString(strings.TrimSpace(v[f])) && m.Status == "" && !stillGoing.MatchString(m.Progress) {
		// 2024年6月底前（已完成）, 已完成（2024年3月）: done, as a 是否销号
		// cell would say (the mark was passed over).
		m.Status = duban.StatusClosed
		if m.Progress == "" {
			m.Progress = "已完成"
		}
	}
	if reason != "" {
		if w, ok := duban.ParseWithin(v[f]); ok {
			// 3个月内: a span the import counts from the feedback's date
			// (or the day of the import), and says so.
			if m.DeadlineKind, reason = override(duban.DeadlineDate, kindOf(v[fieldKind])), ""; m.DeadlineKind == duban.DeadlineDate {
				m.Within = &w
			}
		}
	}
	if reason != "" {
		if h.col[f] < 0 {
			f = fieldKind
		}
		bad(f, reason)
	}
	return m, errs
}

// unitAndPerson splits a cell of a column that holds a unit and its
// person (责任部门（人）) into both: 办公室（张三）, 办公室（张三、李四）,
// 办公室/张三/李四, 办公室 张三. What names no person by a common surname
// (（牵头）, 公安局（交警）, 财政局 国库) or more than one unit leaves the
// cell as it is.
func unitAndPerson(s string) (unit, person string, ok bool) {
	s = strings.TrimSpace(s)
	var people string
	if m := bracketPeople.FindStringSubmatch(s); m != nil {
		unit, people = m[1], m[2]
	} else if i := strings.IndexAny(s, "/／ \u3000"); i > 0 {
		unit, people = s[:i], s[i:]
	} else {
		return "", "", false
	}
	unit = strings.TrimSpace(unit)
	if unit == "" || strings.ContainsAny(unit, "（）()、，,/／ \u3000") {
		return "", "", false
	}
	names := strings.FieldsFunc(people, func(r rune) bool { return strings.ContainsRune("/／、，, \u3000", r) })
	// 县发改局（局长 李四 13800001111）: the title goes, the telephone
	// stays with the person.
	var phones []string
	names = slices.DeleteFunc(names, func(n string) bool {
		if phoneNumber.MatchString(n) {
			phones = append(phones, n)
			return true
		}
		first, _ := utf8.DecodeRuneInString(n)
		return bareTitle.MatchString(n) && !strings.ContainsRune(surnames, first)
	})
	if len(names) == 0 || len(phones) > 0 && len(names) != 1 {
		return "", "", false
	}
	for _, name := range names {
		first, _ := utf8.DecodeRuneInString(name)
		if !personName.MatchString(name) || unitWord.MatchString(name) || !strings.ContainsRune(surnames, first) {
			return "", "", false
		}
	}
	return unit, strings.Join(append([]string{strings.Join(names, "、")}, phones...), " "), true
}

// phoneNumber is a telephone number written beside a person; bareTitle a
// title written before the name (局长 李四, 副主任 王五).
var (
	phoneNumber = regexp.MustCompile(`^(?:\d{3,4}[-－—])?\d{7,11}$`)
	bareTitle   = regexp.MustCompile(`^(?:副)?\p{Han}{0,3}(?:长|书记|主任|委员|负责人|联系人|责任人)$`)
)

// personColumn tells a unit column's label that says it holds the person
// too: 责任部门（人）, 整体牵头部门/负责人.
// leaderAndPerson is one column for both the leader and the person in
// charge: 责任领导及责任人, 责任领导/责任人, 包抓领导和具体责任人.
var leaderAndPerson = regexp.MustCompile(`领导.*(?:及|和|与|/|／|、).*(?:责任人|负责人|经办人)`)

// splitLeader cuts a cell of leaderAndPerson into the leader and the
// person: at a slash or a line break (王局长/张三, 王明、李强/张三), else
// between two names (王明、张三; 王明（分管副局长）张三). Both sides must be
// people's names, written by a common surname (王局长, 王明), and the person
// no leader's title: 副县长 王明, 张局长、李副局长, 县教育局 张三 and
// 王明⏎（分管副局长） are left as they are, the leader's.
func splitLeader(s string) (leader, person string) {
	s = strings.TrimSpace(s)
	l, p := "", ""
	if i := strings.IndexAny(s, "/／\n"); i > 0 {
		_, w := utf8.DecodeRuneInString(s[i:])
		l, p = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+w:])
	} else if i := strings.IndexAny(s, "）)"); i > 0 && i+len("）") < len(s) {
		_, w := utf8.DecodeRuneInString(s[i:])
		l, p = strings.TrimSpace(s[:i+w]), strings.TrimSpace(s[i+w:])
	} else if parts := strings.FieldsFunc(s, nameSep); len(parts) == 2 {
		l, p = parts[0], parts[1]
	}
	if l == "" || p == "" || !byName(l) || !byName(p) || leaderTitle.MatchString(p) {
		return s, ""
	}
	return l, p
}

// byName tells names of people (王明, 王局长, 王明、李强, 王明（分管副局长）):
// each begins with a common surname and none is a unit's.
func byName(s string) bool {
	for _, n := range strings.FieldsFunc(s, nameSep) {
		if i := strings.IndexAny(n, "（("); i > 0 {
			n = n[:i] // 王明（分管副局长）
		}
		first, _ := utf8.DecodeRuneInString(n)
		if n == "" || !strings.ContainsRune(surnames, first) || unitWord.MatchString(n) && !leaderTitle.MatchString(n) || utf8.RuneCountInString(n) > 6 {
			return false
		}
	}
	return true
}

// nameSep parts names in a cell: 王明、张三, 王明 张三.
func nameSep(r rune) bool { return strings.ContainsRune("、，, \u3000", r) }

// leaderTitle is a leader's title after a surname: 王局长, 李副县长, 张书记.
var leaderTitle = regexp.MustCompile(`(?:长|书记|主任|委员|常委|部长|厅长|局长|处长|科长|县长|市长|区长|镇长|乡长|校长|院长|组长)$`)

var personColumn = regexp.MustCompile(`[（(]人[）)]|负责人|责任人|/人`)

var (
	// bracketPeople is a unit followed by people in brackets.
	bracketPeople = regexp.MustCompile(`^(.+?)[（(]([^（）()]+)[）)]$`)
	// personName is a Chinese name of two to four characters.
	personName = regexp.MustCompile(`^\p{Han}{2,4}$`)
	// unitWord marks a text that names a unit, a role or a part, not a person.
	unitWord = regexp.MustCompile(`[室局处科部委办厅组队所院站会司中心馆社行校团庭区县市省镇乡村街]$|牵头|配合|负责|主责|本级|领导|同志|书记|主任|部长|局长|处长|科长|全体|机关`)
)

// surnames are the common Chinese surnames a person's name in a unit's
// cell starts with.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆卓缪褚娄窦戚岑卜晏柏瞿桂佟臧闵苟邬卞姬仇栾隋刁巫寇郎甄丛虞敖巩佘苑迟邝匡鞠荆冀郁胥栗燕楚鄢谌奚粟冼蔺厉伊仝郜阚帅屠朴廉禹祖漆卿狄晋扈晁芮阙浦鹿薄邸雍辜裘亓邰赫杭逯茹诸慕亢嵇戎茅尉冶檀昝"

// collective reports a name that stands for many units and names none:
// 各有关单位, 相关部门, 各科室.
func collective(u string) bool {
	u = strings.TrimPrefix(u, "其他")
	for _, p := range []string{"各有关", "各相关", "有关", "相关", "各"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			switch rest {
			case "单位", "部门", "处室", "科室", "股室", "县区", "市区", "地市", "责任单位", "成员单位", "区县", "县（市、区）", "设区市":
				return true
			}
		}
	}
	return false
}

// isDitto reports a cell that says "as above": 同上, 同前, 〃.
func isDitto(t string) bool {
	switch strings.Trim(strings.TrimSpace(t), "。.") {
	case "同上", "同前", "同上行", "〃", "\"", "”", "''":
		return true
	}
	return false
}

// isPlaceholder reports a cell that a clerk filled to say it is empty (无,
// 暂无, /, —, -, ——): a 配合单位 of 无 is no unit, a 整改进展 of / no
// report.
func isPlaceholder(s string) bool {
	switch strings.Trim(s, " \t\u3000") {
	case "无", "暂无", "没有", "/", "／", "\\", "-", "--", "—", "——", "－", "―", "×", "空", "N/A", "n/a", "NA", "null", "NULL":
		return true
	}
	return false
}

// splitUnits returns the first unit of a 责任单位 cell as the lead unit and
// the others, with those of the 配合单位 cell, as cooperating units.
func splitUnits(lead, coop string) (string, []string) {
	lead = spacedRole.ReplaceAllString(lead, "$1$2")
	if l, c, ok := labelledUnits(lead); ok {
		lead, coop = l, strings.Join(append([]string{c}, coop), "、")
	}
	units := markedLead(duban.SplitUnits(lead))
	if len(units) == 0 {
		return "", nil
	}
	var coops []string
	for _, u := range append(units[1:], markedLead(duban.SplitUnits(coop))...) {
		if u != units[0] && !slices.Contains(coops, u) {
			coops = append(coops, u)
		}
	}
	return units[0], coops
}

// doneBeside is a deadline cell's mark that the work is done, beside its
// date: 2024年6月底前（已完成）, 已完成（2024年3月）.
// It must close the cell (2023年12月（已完成）、2024年6月 marks a stage
// done), and progress that says the work goes on wins (stillGoing).
var doneBeside = regexp.MustCompile(`[（(](?:已完成|已整改|已办结|已完成整改|已整改到位|已整改完成)[）)]$|^(?:已完成|已整改|已办结|已完成整改)\s*[（(][^（()）]*[）)]$`)

// stillGoing is progress that says the work goes on: 正在推进, 已完成80%.
var stillGoing = regexp.MustCompile(`正在|推进中|持续|未完成|尚未|整改中|[0-9０-９]+\s*[%％]`)

// notClosed are a 是否销号 cell's words for not yet, which say nothing more.
var notClosed = map[string]bool{"否": true, "×": true, "✗": true, "未销号": true, "未办结": true, "未": true, "no": true, "n": true, "0": true}

// isClosed reads a 是否销号 cell.
func isClosed(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "是", "已销号", "销号", "√", "✓", "✔", "y", "yes", "已完成", "完成", "已整改", "已整改到位", "完成整改", "已完成整改", "整改到位",
		"已办结", "办结", "已到位", "到位", "已完成并长期坚持":
		return true
	}
	if isTick(s) {
		return true // ☑, 1
	}
	if d, err := duban.ParseDate(s); err == nil && !d.IsZero() {
		return true // 2024-05-20 under 销号时间
	}
	// 是（2022.7.1）, 已销号（2022年7月）: the mark and when.
	for _, mark := range []string{"是", "已销号"} {
		if rest, ok := strings.CutPrefix(s, mark); ok && (strings.HasPrefix(rest, "（") || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "，") || strings.HasPrefix(rest, " ")) {
			return true
		}
	}
	return false
}

// inForce is the field of row v that holds the deadline in force: the
// 调整后完成时限 when it names one, else the 完成时限. An adjusted cell
// with no digit and no deadline word (不调整, 否) adjusts nothing.
func inForce(v row) field {
	t := v[fieldAdjusted]
	if t == "" {
		return fieldDeadline
	}
	if _, _, err := duban.ParseDeadline(t); err == nil || strings.ContainsAny(t, "0123456789０１２３４５６７８９") {
		return fieldAdjusted
	}
	return fieldDeadline
}

// adjustedIn is what a 完成时限 cell writes before a later deadline that
// replaces the first: 2023年12月底前，调整为2023年10月底前.
var adjustedIn = regexp.MustCompile(`(?:调整为|调整至|调整到|延期至|延期到|延长至|顺延至|延后至|推迟至|变更为|更改为)`)

// deadline reads the 完成时限 of row r from the column of field f (the
// 完成时限 or the 调整后完成时限), together with a 整改类型 or 长期坚持
// column when there is one. It returns a reason in Chinese when the cell is
// missing or not understood.
func (s *sheet) deadline(r int, h *header, v row, f field) (duban.DeadlineKind, duban.Date, string) {
	if h.col[fieldDeadline] < 0 && h.col[fieldKind] < 0 && (s.textDeadline == nil || v[f] == "") {
		return "", duban.Date{}, "" // reported once, for the header
	}
	kind := kindOf(v[fieldKind])
	text := v[f]
	if text == "" {
		if kind == duban.DeadlineImmediate || kind == duban.DeadlineLongTerm {
			return kind, duban.Date{}, ""
		}
		return "", duban.Date{}, "缺少完成时限"
	}
	if parts := splitMeasures(text); parts != nil {
		// 1.2023年6月底前\n2.2023年12月底前 for one measure: its numbers
		// are no part of a date, and the latest date is the deadline.
		text = strings.Join(parts, "；")
	}
	k, d, yearGiven, err := s.parseDeadline(r, h.col[f], text)
	if err != nil {
		return "", duban.Date{}, duban.ErrorMessage(err)
	}
	if yearGiven && !s.feedback.IsZero() && d.Before(s.feedback) {
		// 6月底前 in a ledger of feedback given on 2024年7月15日: the
		// next June, as a notice reads it.
		y := s.feedback.Time().Year() // in the feedback's year, or the next when before it
		nk, nd, given, err := duban.ParseDeadlineIn(text, y)
		if err == nil && given && nd.Before(s.feedback) {
			nk, nd, given, err = duban.ParseDeadlineIn(text, y+1)
		}
		if err == nil && given {
			k, d = nk, nd
			s.warn(CellError{Sheet: s.name, Row: r + 1, Column: h.column(f),
				Reason: fmt.Sprintf("完成时限“%s”未写年份，在反馈日期%s之后，读作%s，请核对", text, s.feedback.Chinese(), d.Chinese())})
			return override(k, kind), d, ""
		}
	}
	if yearGiven {
		s.warn(CellError{Sheet: s.name, Row: r + 1, Column: h.column(f),
			Reason: fmt.Sprintf("完成时限“%s”未写年份，按台账的年份读作%s，请核对", text, d.Chinese())})
	}
	return override(k, kind), d, ""
}

// parseDeadline reads the deadline text of row r's cell in column c: the
// date after 调整为/延期至 when there is one; a date cell's own date when its
// text is not understood, or shows no year (6月30日); yearGiven reports a
// deadline read in the ledger's year.
func (s *sheet) parseDeadline(r, c int, text string) (k duban.DeadlineKind, d duban.Date, yearGiven bool, err error) {
	if at := adjustedIn.FindStringIndex(text); at != nil {
		k, d, yearGiven, err := s.deadlineIn(text[at[1]:])
		if err == nil && (k != duban.DeadlineDate || !d.IsZero()) {
			return k, d, yearGiven, nil
		}
	}
	k, d, yearGiven, err = s.deadlineIn(text)
	if err != nil || yearGiven {
		if d, ok := serialDate(s.rawValue(r, c)); ok {
			shown, known := s.dayShown(r, c)
			if known && !shown || !known && !showsDay(text, d) {
				// Jun-23: the month shown is the deadline, not the day
				// Excel keeps behind it (the 1st, as typed).
				d = duban.NewDate(d.Time().Year(), d.Time().Month()+1, 0)
			}
			return duban.DeadlineDate, d, false, nil
		}
	}
	return k, d, yearGiven, err
}

// deadlineText is a deadline as written, in the year it is read in.
type deadlineText struct {
	text string
	year int
}

// parsedDeadline is what duban.ParseDeadlineIn made of a deadlineText.
type parsedDeadline struct {
	kind      duban.DeadlineKind
	date      duban.Date
	yearGiven bool
	err       error
}

// deadlineIn is duban.ParseDeadlineIn in the sheet's year, each text read
// once: a ledger writes the same few hundred deadlines on thousands of
// rows, and reading one tries a dozen patterns (a tenth of a 10,000-row
// ledger's reading).
func (s *sheet) deadlineIn(text string) (duban.DeadlineKind, duban.Date, bool, error) {
	key := deadlineText{text, s.year}
	p, ok := s.deadlines[key]
	if !ok {
		p.kind, p.date, p.yearGiven, p.err = duban.ParseDeadlineIn(text, s.year)
		if s.deadlines == nil {
			s.deadlines = map[deadlineText]parsedDeadline{}
		}
		s.deadlines[key] = p
	}
	return p.kind, p.date, p.yearGiven, p.err
}

// kindOf reads a 整改类型 cell (立行立改/限期整改/长期坚持) or a 长期坚持 flag (是/否).
func kindOf(s string) duban.DeadlineKind {
	if isTick(s) {
		return duban.DeadlineLongTerm // a 长期坚持 column ticked: √, ✓, ☑, 是
	}
	k, _, err := duban.ParseDeadline(s)
	if err != nil || k == duban.DeadlineDate {
		return ""
	}
	return k
}

// override lets a 整改类型 column's immediate or long-term kind win over a
// date deadline.
func override(k, col duban.DeadlineKind) duban.DeadlineKind {
	if col != "" {
		return col
	}
	return k
}

// Serial numbers of 1990-01-01 and 2200-01-01: a plausible deadline lies
// between them, and a bare year such as 2022 does not.
const serial1990, serial2200 = 32874, 109575

// dayShown reports whether the number format of row r's cell in column c
// shows a date's day (yyyy-mm-dd, m"月"d"日"), or only its month (mmm-yy,
// yyyy"年"m"月", m"月"); known is false when the format cannot be read.
func (s *sheet) dayShown(r, c int) (shown, known bool) {
	r, c = s.home(r, c)
	if s.at != nil {
		at, ok := s.at[[2]int{r, c}]
		if !ok || at.c < 0 {
			return false, false
		}
		return at.s.dayShown(at.r, at.c)
	}
	axis, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false, false
	}
	id, err := s.f.GetCellStyle(s.name, axis)
	if err != nil {
		return false, false
	}
	st, err := s.f.GetStyle(id)
	if err != nil || st == nil {
		return false, false
	}
	if st.CustomNumFmt != nil {
		code := formatLiteral.ReplaceAllString(*st.CustomNumFmt, "")
		return strings.ContainsAny(code, "dD"), strings.ContainsAny(code, "mMyY")
	}
	switch st.NumFmt {
	case 0, 49:
		return false, false // General, text: the text says
	case 17, 27, 36, 50, 52, 57:
		return false, true // mmm-yy, yyyy"年"m"月"
	}
	return true, true
}

// formatLiteral is what a number format writes as it stands: "年", \-,
// [Red], which tell nothing of the date's parts.
var formatLiteral = regexp.MustCompile(`"[^"]*"|\\.|\[[^\]]*\]`)

// showsDay reports whether a date cell's text shows the day of d: a run of
// digits in it is that day's number (6月30日, 06-30-23; not Jun-23).
func showsDay(text string, d duban.Date) bool {
	if _, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil {
		return true // 45458: the serial shown as a number, the day exact
	}
	runs := strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' })
	for _, run := range runs {
		if n, err := strconv.Atoi(run); err == nil && n == d.Time().Day() {
			return true
		}
	}
	return len(runs) == 0 && text == ""
}

// serialDate reads an Excel date serial number, as stored in a date cell
// whose number format does not show the year.
func serialDate(raw string) (duban.Date, bool) {
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil || n < serial1990 || n >= serial2200 {
		return duban.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return duban.Date{}, false
	}
	return duban.DateOf(t), true
}

var (
	leadLabel = regexp.MustCompile(`(?:牵头|主责|责任)(?:单位|部门|科室|处室|股室)?\s*[:：]\s*([^；;。\n]+)`)
	coopLabel = regexp.MustCompile(`(?:配合|协办|协助|协同|参与)(?:单位|部门|科室|处室|股室)?\s*[:：]\s*([^；;。\n]+)`)
	// spacedRole is a role written after a unit's name with a space
	// between: 市工信局 牵头.
	spacedRole = regexp.MustCompile(`[ \t\x{3000}]+(牵头|主责|配合|协办|协助|参与)(?:单位|部门)?(\s|$|[、，,；;])`)
)

// labelledUnits reads a 责任单位 cell that labels its units:
// 牵头单位：办公室；配合单位：人事科、党建科 (or 牵头：办公室，配合：人事科,
// the lead's list ending where the 配合 label begins).
func labelledUnits(cell string) (lead, coop string, ok bool) {
	m := leadLabel.FindStringSubmatchIndex(cell)
	if m == nil {
		return "", "", false
	}
	lead = cell[m[2]:m[3]]
	if c := coopLabel.FindStringSubmatchIndex(cell); c != nil {
		coop = cell[c[2]:c[3]]
		if c[0] > m[2] && c[0] < m[3] {
			lead = cell[m[2]:c[0]]
		}
	}
	return lead, coop, true
}

// roleMark is a unit's role written after its name: 办公室（牵头）,
// 人事科(配合), 办公室牵头, 人事科配合.
var roleMark = regexp.MustCompile(`(?:[（(](牵头|主责|负责|配合|协办|协助|参与)(?:单位|部门)?[）)]|(牵头负责|负责牵头|牵头|负责|配合|协办|协助|参与))$`)

// markedLead takes the roles written after the units' names off them and
// puts the unit marked 牵头 first.
func markedLead(units []string) []string {
	lead := -1
	for i, u := range units {
		m := roleMark.FindStringSubmatchIndex(u)
		if m == nil || m[0] == 0 {
			continue
		}
		role := u[max(m[2], m[4]):max(m[3], m[5])]
		units[i] = strings.TrimSpace(u[:m[0]])
		if rest, ok := strings.CutPrefix(units[i], "由"); ok && utf8.RuneCountInString(rest) >= 2 {
			units[i] = rest // 由县财政局负责
		}
		if lead < 0 && (role == "牵头" || role == "主责" || role == "负责" || role == "牵头负责" || role == "负责牵头") {
			lead = i
		}
	}
	if lead > 0 {
		units = append([]string{units[lead]}, append(units[:lead:lead], units[lead+1:]...)...)
	}
	return units
}

// cellNumbers are the ways a 整改措施 cell numbers several measures.
var cellNumbers = []func(n int) string{
	func(n int) string { return `[（(]` + strconv.Itoa(n) + `[）)]` },
	// 1.2023年6月底前: a year after the number is no decimal.
	func(n int) string { return strconv.Itoa(n) + `[.、．](?:[^0-9]|(?:19|20)\d\d(?:年|[.．/-]\d)|$)` },
	func(n int) string {
		if n > 20 {
			return `$^`
		}
		return string(rune('①' + n - 1))
	},
	func(n int) string { return strconv.Itoa(n) + `[）)]` }, // 1）…2）…
	func(n int) string { // 一是…二是…
		if n > 20 {
			return `$^`
		}
		return duban.ChineseNumeral(n) + `是`
	},
}

// ordinalKind is the kind of cellNumbers numbering 一是, 二是: written in
// running text, so 二是 may follow a comma too (一是加强学习，二是完善制度).
const ordinalKind = 4

// circled is the kind of cellNumbers numbering ①②③: never found in
// running text, so ② may follow ① anywhere (①2023年6月底前②长期坚持).
const circled = 2

// numberPatterns keeps the compiled patterns of numberAt: a ledger's
// every 整改措施 cell asks for the first few (compiling them each time took
// a tenth of reading a 10,000-row ledger).
var numberPatterns sync.Map // [2]int{kind, n} → *regexp.Regexp

// numberAt matches the number n of cellNumbers[kind]: at the start of the
// cell for 1, else after a line break or the end of a sentence or clause
// (its first group), or anywhere for ②.
func numberAt(kind, n int) *regexp.Regexp {
	key := [2]int{kind, n}
	if re, ok := numberPatterns.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	var re *regexp.Regexp
	switch {
	case n == 1:
		re = regexp.MustCompile(`^` + cellNumbers[kind](1))
	case kind == circled:
		re = regexp.MustCompile(`(` + cellNumbers[kind](n) + `)`)
	case kind == ordinalKind:
		re = regexp.MustCompile(`(?:^|[\n；;。，,])\s*(` + cellNumbers[kind](n) + `)`)
	default:
		re = regexp.MustCompile(`(?:^|[\n；;。])\s*(` + cellNumbers[kind](n) + `)`)
	}
	if n <= 100 { // a cell numbering more is kept from filling the map
		numberPatterns.Store(key, re)
	}
	return re
}

// cellNumber is the number splitMeasures found at the start of a piece,
// and what follows it (、 after （1）, spaces).
var cellNumber = regexp.MustCompile(`^(?:[（(]\d+[）)][、.．]?|\d+[.、．）)]|[①-⑳]|[一二三四五六七八九十]{1,3}是[，,：:]?)\s*`)

// splitMeasures cuts a 整改措施 cell that lists several numbered measures
// (1.…；2.…, （1）…（2）…, 1）…2）…, ①…②…, 一是…二是…, on lines of their own or in one line) into
// those measures, each titled by its first line; nil when the cell is one
// measure. The numbers must start the cell and follow each other, each
// after a line break or the end of a sentence or clause.
func splitMeasures(cell string) []string {
	cell = strings.TrimSpace(strings.ReplaceAll(cell, "\r\n", "\n"))
	for kind := range cellNumbers {
		if !numberAt(kind, 1).MatchString(cell) {
			continue
		}
		starts := []int{0}
		for n := 2; ; n++ {
			loc := numberAt(kind, n).FindStringSubmatchIndex(cell[starts[len(starts)-1]+1:])
			if loc == nil {
				break
			}
			starts = append(starts, starts[len(starts)-1]+1+loc[2])
		}
		if len(starts) < 2 {
			return nil
		}
		var pieces []string
		for i, at := range starts {
			end := len(cell)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			piece := strings.TrimRight(strings.TrimSpace(cell[at:end]), "；;，,")
			piece = strings.TrimSpace(piece[len(cellNumber.FindString(piece)):])
			pieces = append(pieces, strings.TrimSuffix(piece, "。"))
		}
		return pieces
	}
	return nil
}

// textDeadlines counts the measures of a sheet with no deadline column whose
// text gave a deadline, and those whose text gave none: the sheet is read
// so only when every measure's did.
type textDeadlines struct{ found, missing int }

// Deadlines written in a measure's text: labelled (（完成时限：2024年9月30日）,
// 时限：长期坚持), or a date before 完成 (2024年6月底前完成, 于2024年底前
// 全面完成), or a kind in brackets or ending the text (（立行立改）, …，长期坚持。).
var (
	labelledDeadline = regexp.MustCompile(`[（(]?(?:完成|整改|办结)?(?:时限|时间|期限)(?:要求)?[:：]\s*([^，,。；;）)]+)[）)]?`)
	datedBefore      = regexp.MustCompile(`((?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?|年?底|年末|上半年|下半年|第?[一二三四1-4]季度末?)前?)(?:全面|基本|全部)?(?:完成|办结|到位|整改到位|落实到位)`)
	kindInText       = regexp.MustCompile(`[（(](立行立改|长期坚持|持续推进)[）)]|[，,；;。]\s*(立行立改|长期坚持)[。；;]?$`)
)

// take looks in text, a measure's, for its deadline when the sheet has no
// deadline column (t not nil): the deadline goes to v's 完成时限, and the
// text is returned without a labelled deadline. Otherwise text is returned
// as it is.
func (t *textDeadlines) take(v *row, text string) string {
	if t == nil || text == "" {
		return text
	}
	if m := labelledDeadline.FindStringSubmatchIndex(text); m != nil {
		if d := strings.TrimSpace(text[m[2]:m[3]]); deadlineLike(d) {
			t.found++
			v[fieldDeadline] = d
			return strings.TrimSpace(strings.TrimRight(text[:m[0]], "，,；;。 ") + text[m[1]:])
		}
	}
	for _, m := range datedBefore.FindAllStringSubmatch(text, -1) {
		if deadlineLike(m[1]) && strings.ContainsAny(m[1], "0123456789年一二三四") {
			t.found++
			v[fieldDeadline] = m[1]
			return text
		}
	}
	if m := kindInText.FindStringSubmatchIndex(text); m != nil {
		t.found++
		if m[2] >= 0 { // （长期坚持）: a mark, not part of the measure's words
			v[fieldDeadline] = text[m[2]:m[3]]
			return strings.TrimSpace(text[:m[0]] + text[m[1]:])
		}
		v[fieldDeadline] = text[m[4]:m[5]]
		return text
	}
	t.missing++
	return text
}

// deadlineLike tells a text ParseDeadline reads (in any year): what a
// measure's text says its deadline is.
func deadlineLike(t string) bool {
	if _, _, _, err := duban.ParseDeadlineIn(t, 2000); err == nil {
		return true
	}
	_, ok := duban.ParseWithin(t)
	return ok
}
