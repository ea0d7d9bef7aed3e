package notice

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"duban/internal/duban"
)

// metaInput is the text the metadata is read from.
type metaInput struct {
	head      []string   // the lines above the first paragraph: unit, title
	outside   []string   // preamble and sections outside the problems section
	signature string     // the issuing body under the text
	signed    duban.Date // the date under it
}

// readMeta reads what a notice says about itself. Dates are read from a
// copy with half-width digits; names and titles are kept as written.
func readMeta(in metaInput) duban.OutlineMeta {
	m := duban.OutlineMeta{SignedDate: in.signed}
	in.head = joinTitleLines(in.head)
	m.Title = findTitle(in.head)
	m.Unit = findUnit(in.head, m.Title, in.signature)
	all := strings.Join(append(append([]string{}, in.head...), in.outside...), "\n")
	m.Round = findRound(m.Title, all)
	m.Team = findTeam(all, m.Round)
	m.Topic = findTopic(all)
	m.Kind = duban.KindOf(m.Title, all)
	half := halfWidth(all)
	m.OnsiteStart, m.OnsiteEnd = findOnsite(half)
	m.FeedbackDate = findFeedback(half, m.OnsiteEnd, m.SignedDate)
	m.Stated = findStated(half)
	return m
}

var (
	titleRe  = regexp.MustCompile(`(?:通报|方案|报告|情况|公告|公示)$`)
	topicRes = []*regexp.Regexp{
		regexp.MustCompile(`(?:巡视|巡察)组对([^。；;\n]{2,80}?)(?:开展了|进行了|开展|进行)专项(?:巡视|巡察)`),
		regexp.MustCompile(`对([^。；;\n]{2,80}?)(?:开展了|进行了|开展|进行)专项(?:巡视|巡察)`),
	}
)

// joinTitleLines joins a title broken over lines, as GB/T 9704 prints a
// long one (中共某某委员会关于十三届省委 / 第十一轮巡视整改进展情况的通报):
// a line with 关于 that is no title yet, followed by one to two lines that
// complete it.
func joinTitleLines(head []string) []string {
	var out []string
	for i := 0; i < len(head); i++ {
		l := head[i]
		if strings.Contains(l, "关于") && !titleRe.MatchString(l) {
			for j := i + 1; j < len(head) && j <= i+2; j++ {
				if joined := strings.Join(head[i:j+1], ""); titleRe.MatchString(joined) {
					l, i = joined, j
					break
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// findTitle returns the header line that is the document's title.
func findTitle(head []string) string {
	for _, l := range head {
		if titleRe.MatchString(l) && (strings.Contains(l, "关于") || strings.Contains(l, "整改")) {
			return l
		}
	}
	return ""
}

// findUnit returns the issuing unit: the first line when it names a body,
// else the signature, else the part of the title before 关于.
func findUnit(head []string, title, signature string) string {
	if len(head) > 0 && head[0] != title && looksLikeBody(head[0]) {
		return head[0]
	}
	if signature != "" {
		return signature
	}
	if i := strings.Index(title, "关于"); i > 0 && looksLikeBody(title[:i]) {
		return title[:i]
	}
	return ""
}

// firstMatch returns the first match of re in the first text that has one.
func firstMatch(re *regexp.Regexp, texts ...string) string {
	for _, t := range texts {
		if s := re.FindString(t); s != "" {
			return s
		}
	}
	return ""
}

var (
	// roundAfterBody is a round written 市委十四届第五轮, the body before
	// the term.
	roundAfterBody = regexp.MustCompile(`(中央|省委|市委|州委|盟委|区委|县委|旗委)\s*([一二三四五六七八九十]+届)\s*(第[一二三四五六七八九十0-9０-９]+轮)`)
	// bareTeam is a team named without its body, after the round:
	// 十五届县委第三轮巡察第二巡察组.
	bareTeam  = regexp.MustCompile(`第[一二三四五六七八九十0-9０-９]+(?:巡视|巡察)组`)
	roundBody = regexp.MustCompile(`中央|省委|市委|州委|盟委|区委|县委|旗委`)
)

// findRound reads the round from the title, else the text: 十三届省委第十一轮,
// and 市委十四届第五轮 as written.
func findRound(texts ...string) string {
	for _, t := range texts {
		if m := roundAfterBody.FindString(t); m != "" {
			return m
		}
		if m := duban.RoundPattern.FindString(t); m != "" {
			return m
		}
	}
	return ""
}

// orgBefore is the enterprise or school whose party group or committee
// sends a team, right before it: 国铁集团, 集团公司, 某某大学.
var orgBefore = regexp.MustCompile(`([^\P{Han}对向由在经和与及于被把将了的是从]{0,4}(?:集团公司|集团|公司|大学|学院|学校|银行|医院))$`)

// findTeam reads the inspection team: 省委第一巡视组; a team named without
// its body (十五届县委第三轮巡察第二巡察组) takes the round's.
func findTeam(s, round string) string {
	if loc := duban.TeamPattern.FindStringIndex(s); loc != nil {
		t := s[loc[0]:loc[1]]
		if m := orgBefore.FindStringSubmatch(s[:loc[0]]); m != nil && (strings.HasPrefix(t, "党组") || strings.HasPrefix(t, "党委")) {
			t = m[1] + t // 集团公司党组第三巡视组, not 党组第三巡视组
		}
		return t
	}
	t := bareTeam.FindString(s)
	if t == "" {
		return ""
	}
	return roundBody.FindString(round) + t
}

// findTopic reads the subject of a special inspection: 对…开展了专项巡视.
func findTopic(s string) string {
	for _, re := range topicRes {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return ""
}

var onsiteRe = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:至|到|—|-|~)\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日`)

// findOnsite reads the on-site period: 2021年5月27日至6月27日; the end
// inherits the year and month it leaves out.
func findOnsite(s string) (start, end duban.Date) {
	m := onsiteRe.FindStringSubmatch(s)
	if m == nil {
		return start, end
	}
	start = makeDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	y, mo := atoi(m[4]), atoi(m[5])
	if mo == 0 {
		mo = atoi(m[2])
	}
	if y == 0 {
		y = atoi(m[1])
		if mo < atoi(m[2]) {
			y++ // 2021年11月8日至1月20日 ends in the next year
		}
	}
	end = makeDate(y, mo, atoi(m[6]))
	if start.IsZero() || end.IsZero() {
		return duban.Date{}, duban.Date{}
	}
	return start, end
}

var dayRe = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日`)

// findFeedback reads the feedback date: the last date before 反馈 in the
// first sentence that has one, skipping the ends of a date range. Without
// a year it takes the year of the on-site period (the next one if the
// month is earlier), else of the signature.
func findFeedback(s string, onsiteEnd, signed duban.Date) duban.Date {
	for _, at := range sentenceStarts(s) {
		sent, _, _ := strings.Cut(s[at:], "\n")
		sent, _, _ = strings.Cut(sent, "。")
		i := strings.Index(sent, "反馈")
		if i < 0 {
			continue
		}
		locs := dayRe.FindAllStringSubmatchIndex(sent[:i], -1)
		for j := len(locs) - 1; j >= 0; j-- {
			l := locs[j]
			if inRange(sent, l[0], l[1]) {
				continue
			}
			y, mo, d := -1, atoi(sent[l[4]:l[5]]), atoi(sent[l[6]:l[7]])
			if l[2] >= 0 {
				y = atoi(sent[l[2]:l[3]])
			} else {
				y = yearBefore(s[:at+l[0]], mo, onsiteEnd.IsZero())
			}
			return makeDate(inferYear(y, mo, onsiteEnd, signed), mo, d)
		}
	}
	return duban.Date{}
}

// sentenceStarts returns where each sentence (ended by 。 or a line
// break) of s starts.
func sentenceStarts(s string) []int {
	starts := []int{0}
	for i, r := range s {
		if (r == '。' || r == '\n') && i+utf8.RuneLen(r) < len(s) {
			starts = append(starts, i+utf8.RuneLen(r))
		}
	}
	return starts
}

var (
	yearRe     = regexp.MustCompile(`(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?`)
	sameYearRe = regexp.MustCompile(`(同年|当年|次年|翌年)\s*$`)
)

// yearBefore completes a date written without its year from the text
// before it: 同年6月8日 (当年) is in the year last named, 次年1月 (翌年) in
// the one after; without such a word, and when there is no on-site period
// (loose), in the year of the last date named, or the next one when the
// month is earlier. It returns -1 when nothing tells.
func yearBefore(before string, month int, loose bool) int {
	locs := yearRe.FindAllStringSubmatchIndex(before, -1)
	if len(locs) == 0 {
		return -1
	}
	l := locs[len(locs)-1]
	y := atoi(before[l[2]:l[3]])
	if w := sameYearRe.FindStringSubmatch(before); w != nil {
		if w[1] == "次年" || w[1] == "翌年" {
			return y + 1
		}
		return y
	}
	if !loose {
		return -1
	}
	if l[4] >= 0 && month < atoi(before[l[4]:l[5]]) {
		y++
	}
	return y
}

// inRange reports a date written as the start or end of a range.
func inRange(s string, from, to int) bool {
	before, after := strings.TrimSpace(s[:from]), strings.TrimSpace(s[to:])
	for _, sep := range []string{"至", "到", "—", "-", "~"} {
		if strings.HasSuffix(before, sep) || strings.HasPrefix(after, sep) {
			return true
		}
	}
	return false
}

// inferYear completes a date written without its year (y < 0).
func inferYear(y, month int, onsiteEnd, signed duban.Date) int {
	switch {
	case y >= 0:
		return y
	case !onsiteEnd.IsZero():
		y = onsiteEnd.Time().Year()
		if time.Month(month) < onsiteEnd.Time().Month() {
			y++
		}
	case !signed.IsZero():
		y = signed.Time().Year()
		if time.Month(month) > signed.Time().Month() {
			y--
		}
	}
	return y
}

// makeDate returns y-m-d, or the zero Date when there is no such day.
func makeDate(y, m, d int) duban.Date {
	if y <= 0 {
		return duban.Date{}
	}
	date, err := duban.ParseDate(fmt.Sprintf("%04d-%d-%d", y, m, d))
	if err != nil {
		return duban.Date{}
	}
	return date
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// halfWidth turns full-width digits and punctuation into ASCII.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
