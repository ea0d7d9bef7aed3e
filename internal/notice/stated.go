package notice

import (
	"regexp"
	"strings"

	"duban/internal/duban"
)

// num is a count as written: 13, or 十三. A count right after 每, 这, 另,
// 第 … (每一个问题, 第3个问题) is not a total, so the character before the
// count is matched too and must not be one of those.
const num = `(?:^|[^每这那另同任哪某第0-9一二三四五六七八九十百千两零〇])([0-9]+|[一二三四五六七八九十百千两零〇]+)`

// statedRes read the totals a text states: “4个方面13个问题”, “细化分解为
// 22个具体问题”, “共697个问题”, “制定整改措施56项”. The first statement of
// each kind wins: it is the one the preamble makes.
var statedRes = []struct {
	key string
	re  *regexp.Regexp
}{
	{"aspects", regexp.MustCompile(num + `\s*(?:个|大)\s*方面`)},
	{"aspects", regexp.MustCompile(`(?:^|[^0-9第])([0-9]+)\s*方面`)}, // 3方面12个问题; not 一方面
	{"subproblems", regexp.MustCompile(num + `\s*(?:个|项|条)\s*具体问题`)},
	{"problems", regexp.MustCompile(num + `\s*(?:个|项|条)\s*(?:反馈|突出)?问题`)},
	// 共检视出问题3个方面8个，: the problems after the aspects.
	{"problems", regexp.MustCompile(`[个大]\s*方面\s*(?:共|的)?\s*([0-9]+|[一二三四五六七八九十百千两零〇]+)\s*(?:个|项|条)(?:[，,。；;、）)]|$)`)},
	{"problems", regexp.MustCompile(`(?:反馈|指出|发现|梳理|梳理出|查摆|查摆出|列出)(?:的)?(?:各类)?问题(?:共计|共|总计|合计)?([0-9]+|[一二三四五六七八九十百千两零〇]+)(?:个|项|条)`)},
	{"measures", regexp.MustCompile(num + `\s*(?:项|条|个)\s*(?:具体)?(?:整改)?(?:措施|举措|任务)`)},
	{"measures", regexp.MustCompile(`(?:整改)?(?:措施|举措|任务)(?:共计|共|总计|合计)?\s*([0-9]+|[一二三四五六七八九十百千两零〇]+)\s*(?:项|条)`)},
}

// doneBefore is what makes a count before it a part, not the total: 已完成
// 整改10个问题, 已整改到位28个问题, 剩余2个问题, 尚未完成的3项措施, 其中
// 长期坚持的12项措施.
var doneBefore = regexp.MustCompile(`(?:已|已经|基本|全部)?(?:完成|销号|办结)(?:整改)?(?:了)?$|(?:已|已经)整改(?:到位|完成)?$|整改到位$|` +
	`(?:剩余|尚未|还有|未完成|正在推进|正在整改|持续推进|长期坚持|立行立改|阶段性完成|其中)(?:的)?$`)

// findStated returns the stated totals under the keys aspects, problems,
// subproblems and measures. Of the statements of one kind, whatever their
// form (12个问题 or 问题12个), the first in the text is the total.
func findStated(s string) map[string]int {
	stated := map[string]int{}
	at := map[string]int{}
	for _, sr := range statedRes {
		for _, m := range sr.re.FindAllStringSubmatchIndex(s, -1) {
			if prev, ok := at[sr.key]; ok && prev <= m[2] {
				break
			}
			if doneBefore.MatchString(s[max(0, m[2]-30):m[2]]) {
				continue
			}
			if sr.key == "problems" && strings.HasPrefix(strings.TrimSpace(s[m[1]:]), "方面") {
				continue // 查摆问题4个方面10个问题: the aspects' count
			}
			if n := cnInt(s[m[2]:m[3]]); n > 0 {
				stated[sr.key], at[sr.key] = n, m[2]
				break
			}
		}
	}
	return stated
}

// cnInt reads a count in Arabic or Chinese numerals: 697, 十三, 二十二,
// 一百零五, 两. It returns 0 when s is neither.
func cnInt(s string) int {
	if n := atoi(s); n > 0 {
		return n
	}
	n, _ := duban.ParseChineseNumeral(s)
	return n
}
