package notice

import (
	"regexp"

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
	{"aspects", regexp.MustCompile(num + `个方面`)},
	{"subproblems", regexp.MustCompile(num + `(?:个|项|条)具体问题`)},
	{"problems", regexp.MustCompile(num + `(?:个|项|条)(?:反馈|突出)?问题`)},
	{"measures", regexp.MustCompile(num + `(?:项|条|个)(?:具体)?(?:整改)?(?:措施|举措)`)},
	{"measures", regexp.MustCompile(`(?:整改)?(?:措施|举措)(?:共)?([0-9]+|[一二三四五六七八九十百千两零〇]+)(?:项|条)`)},
}

// findStated returns the stated totals under the keys aspects, problems,
// subproblems and measures.
func findStated(s string) map[string]int {
	stated := map[string]int{}
	for _, sr := range statedRes {
		if _, ok := stated[sr.key]; ok {
			continue
		}
		if m := sr.re.FindStringSubmatch(s); m != nil {
			if n := cnInt(m[1]); n > 0 {
				stated[sr.key] = n
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
