package docx

import (
	"strings"
)

// splitTitle breaks a title into the lines it is printed on. Line breaks
// in the title are kept as they are. Otherwise a title wider than max
// (hundredths of a character) is cut into as few lines as fit, as equal in
// width as possible (clause 7.3.1 asks for symmetric lines), preferring to
// break after 的, after or before 关于, after a comma or after the name of
// a body (省委, 办公室…), and never inside quotes, brackets or numbers or
// before closing punctuation. There is no word segmentation: a caller that
// needs exact breaks puts line breaks in the title.
func splitTitle(s string, max int) []string {
	if ls := lines(s); len(ls) != 1 || width(ls[0]) <= max {
		return ls
	}
	rs := []rune(strings.TrimSpace(s))
	for n := (width(string(rs)) + max - 1) / max; n <= len(rs); n++ {
		if out := splitInto(rs, n, max); out != nil {
			return out
		}
	}
	return []string{string(rs)} // no acceptable break: let Word wrap
}

// splitInto sets rs on n lines at least cost, or returns nil when no line
// breaks are acceptable.
func splitInto(rs []rune, n, max int) []string {
	const inf = 1 << 40
	target := width(string(rs)) / n
	// best[k][j]: least cost of setting rs[:j] on k lines; from[k][j]: where
	// the last of those lines starts.
	best := make([][]int, n+1)
	from := make([][]int, n+1)
	for k := range best {
		best[k] = make([]int, len(rs)+1)
		from[k] = make([]int, len(rs)+1)
		for j := range best[k] {
			best[k][j] = inf
		}
	}
	best[0][0] = 0
	for k := 1; k <= n; k++ {
		for j := k; j <= len(rs); j++ {
			for i := k - 1; i < j; i++ {
				if best[k-1][i] == inf {
					continue
				}
				c := lineCost(rs, i, j, target, max)
				if c < inf && best[k-1][i]+c < best[k][j] {
					best[k][j], from[k][j] = best[k-1][i]+c, i
				}
			}
		}
	}
	if best[n][len(rs)] == inf {
		return nil
	}
	out := make([]string, n)
	for k, j := n, len(rs); k > 0; k-- {
		out[k-1] = string(rs[from[k][j]:j])
		j = from[k][j]
	}
	return out
}

// lineCost is the cost of setting rs[i:j] as one title line: the square of
// its distance from the target width in half characters, plus the cost of
// breaking after rs[j-1].
func lineCost(rs []rune, i, j, target, max int) int {
	const inf = 1 << 40
	w := width(string(rs[i:j]))
	if w > max {
		return inf
	}
	d := (w - target) / 50
	return d*d + breakCost(rs, j)
}

// goodBreaks are words after which a title line may well end: the 的 before
// the document type, 关于, and the names of issuing bodies.
var goodBreaks = []string{
	"的", "关于", "，", "、", "：", "；",
	"党组", "党委", "工委", "省委", "市委", "县委", "政府", "办公厅", "办公室", "委员会", "领导小组",
}

// breakCost is the cost of a line break before rs[j]: 0 at the end or at a
// good place (after one of goodBreaks or before 关于), 12 elsewhere, and
// 1<<40 where a break is not allowed.
func breakCost(rs []rune, j int) int {
	if j == len(rs) {
		return 0
	}
	prev, next := rs[j-1], rs[j]
	if strings.ContainsRune("，。、；：？！）》」』”’〕】", next) ||
		strings.ContainsRune("（《「『“‘〔【", prev) ||
		isDigitOrLatin(prev) && isDigitOrLatin(next) || insidePair(rs[:j]) {
		return 1 << 40
	}
	head, tail := string(rs[:j]), string(rs[j:])
	if strings.HasPrefix(tail, "关于") {
		return 0
	}
	for _, g := range goodBreaks {
		if strings.HasSuffix(head, g) {
			return 0
		}
	}
	return 12
}

// isDigitOrLatin reports whether r is an ASCII letter or digit.
func isDigitOrLatin(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// insidePair reports whether rs ends inside quotes, 《》 or brackets.
func insidePair(rs []rune) bool {
	depth := 0
	for _, r := range rs {
		switch r {
		case '“', '《', '（', '〔', '「', '【':
			depth++
		case '”', '》', '）', '〕', '」', '】':
			depth--
		}
	}
	return depth > 0
}
