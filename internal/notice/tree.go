package notice

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// item is a numbered paragraph with what follows it, up to the next
// numbered paragraph of the same or a higher level. The document itself is
// the root item (level 0, no heading).
type item struct {
	level  int
	line   string   // the paragraph as written, marker included
	head   string   // run-in heading: the text after the marker up to the first 。 or ：
	run    string   // the rest of the paragraph after the heading
	desc   string   // the problem as found, after its first sentence (巡察指出：…), when the heading is that sentence
	paras  []string // unnumbered paragraphs that follow, before the first child
	kids   []*item
	parent *item
	// labelled: a problem named by its ordinal (问题一：…); numbered
	// paragraphs of any level below its parent's nest inside it, up to the
	// next labelled problem.
	labelled bool
}

// levels of numbering, from the top, as GB/T 9704 orders them:
// 一、 （一） 1. （1） ①.
var levels = []*regexp.Regexp{
	1: regexp.MustCompile(`^[一二三四五六七八九十百千零]+\s*[、．.]\s*`),
	2: regexp.MustCompile(`^[（(]\s*[一二三四五六七八九十百千零]+\s*[）)]\s*[、．.]?\s*`),
	3: regexp.MustCompile(`^[0-9０-９]+\s*[、.．]\s*`),
	4: regexp.MustCompile(`^(?:[（(]\s*[0-9０-９]+\s*[）)]|[⑴-⒇]|[0-9０-９]{1,2}\s*[)）])\s*[、．.]?\s*`), // (1), ⑴, 1)
	5: regexp.MustCompile(`^[①-⑳]\s*[、．.]?\s*`),
}

var (
	// labelledProblem starts a problem named by its ordinal: 问题一：…,
	// 问题1：…, 问题（一）…, 【问题一】….
	labelledProblem = regexp.MustCompile(`^(?:[【\[]问题\s*(?:[一二三四五六七八九十百零〇]+|[0-9０-９]+|[（(]\s*[一二三四五六七八九十百零〇0-9０-９]+\s*[）)])\s*[】\]]\s*[：:、.．]?|问题\s*(?:[一二三四五六七八九十百零〇]+|[0-9０-９]+|[（(]\s*[一二三四五六七八九十百零〇0-9０-９]+\s*[）)])\s*[：:、.．])\s*`)
	// countedAspect is an aspect written as a counted paragraph of its own:
	// 一是在贯彻落实党的路线方针政策方面。
	countedAspect = regexp.MustCompile(`^([一二三四五六七八九十]+)是\s*([^。；;]{2,40}?方面)(?:存在的问题|的问题)?[。：:]?$`)
)

// cutLabel returns the text after 问题一： when l starts a labelled problem.
func cutLabel(l string) (string, bool) {
	loc := labelledProblem.FindStringIndex(l)
	if loc == nil || loc[1] == len(l) {
		return "", false
	}
	return l[loc[1]:], true
}

// marker returns the numbering level of a paragraph (0 when unnumbered) and
// the text after the number.
func marker(l string) (int, string) {
	for lvl := 1; lvl < len(levels); lvl++ {
		loc := levels[lvl].FindStringIndex(l)
		if loc == nil {
			continue
		}
		rest := l[loc[1]:]
		if lvl == 3 && startsWithDigit(rest) {
			continue // 1.5亿元 is an amount, not a number
		}
		return lvl, rest
	}
	return 0, l
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// buildTree nests numbered paragraphs by level; unnumbered paragraphs go to
// the deepest open item (before the first one, to the root).
func buildTree(lines []string) *item {
	root := &item{}
	top := root
	var split []string
	for _, l := range lines {
		split = append(split, splitRuns(l)...)
	}
	for _, l := range split {
		if m := countedAspect.FindStringSubmatch(l); m != nil {
			l = "（" + m[1] + "）" + m[2] // 一是在…方面。 is an aspect, as （一）在…方面 would be
		}
		rest, ok := cutLabel(l)
		if !ok && bareProblem(l, top) {
			rest, ok = l, true
		}
		if ok {
			for t := top; t != root; t = t.parent {
				if t.labelled {
					top = t.parent
					break
				}
			}
			head, desc, run := readHeading(rest)
			it := &item{level: top.level + 1, line: l, head: head, desc: desc, run: run, parent: top, labelled: true}
			top.kids = append(top.kids, it)
			top = it
			continue
		}
		lvl, rest := marker(l)
		switch {
		case lvl == 0 && top.awaitsHeading():
			// "（一）" on a line of its own: the next line is its heading.
			top.line += l
			top.head, top.desc, top.run = readHeading(l)
			continue
		case lvl == 0:
			top.paras = append(top.paras, l)
			continue
		}
		for top.level >= lvl && !(top.labelled && lvl > top.parent.level) {
			top = top.parent
		}
		head, desc, run := readHeading(rest)
		it := &item{level: lvl, line: l, head: head, desc: desc, run: run, parent: top}
		top.kids = append(top.kids, it)
		top = it
	}
	return root
}

// bareProblem reports a problem heading written without a number
// (关于“…”的问题, 关于…问题的整改情况) at the top or under a section or
// aspect: it is read as a labelled problem (问题一：…) would be. Under a
// problem such a line is its text.
func bareProblem(l string, top *item) bool {
	if !strings.HasPrefix(l, "关于") && !strings.ContainsRune(openQuotes, firstRune(l)) {
		return false
	}
	if _, ok := problemTitle(top.head); ok && !top.labelled {
		return false
	}
	head, _ := splitRunIn(l)
	_, ok := problemTitle(head)
	return ok && utf8.RuneCountInString(head) <= 80
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// awaitsHeading reports a number written without its heading.
func (it *item) awaitsHeading() bool {
	return it.level > 0 && it.head == "" && it.run == "" && len(it.paras) == 0
}

// readHeading splits a numbered paragraph's text into its heading, the
// rest of a problem's description and the text after them. A paragraph
// stating the problem as found (1.巡察指出：学习流于形式。个别支部记录
// 不全。整改情况：…) is headed by the first sentence of what was found; the
// rest of it, up to a label of measures or progress (or 一是), is its
// description.
func readHeading(s string) (head, desc, run string) {
	loc := descLabel.FindStringIndex(s)
	if loc == nil || loc[1] == len(s) {
		head, run = splitRunIn(s)
		return head, "", run
	}
	found := s[loc[1]:]
	at := labelAfter(found, true)
	head, desc = splitRunIn(found[:at])
	return head, desc, strings.TrimSpace(found[at:])
}

// labelAfter returns where, after the end of a sentence, a text goes on to
// what was done: a label of measures or progress (整改情况：), or a count
// (一是) if counted; len(s) when it does not.
func labelAfter(s string, counted bool) int {
	for i, r := range s {
		if r != '。' && r != '；' && r != ';' {
			continue
		}
		rest := strings.TrimSpace(s[i+utf8.RuneLen(r):])
		if progressLabel.MatchString(rest) || measureLabel.MatchString(rest) || counted && startsCounted(rest) {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

// splitRunIn splits "切实提高政治站位。省委…" into the heading and the text
// after it, at the first 。 or ： that is not inside quotation marks.
func splitRunIn(s string) (head, run string) {
	// 针对“学习贯彻不够深入”问题，党组完善…: the problem, then at once
	// what was done about it.
	if m := quotedRunIn.FindStringSubmatch(s); m != nil {
		return trimTitle(m[1]), strings.TrimSpace(m[2])
	}
	// 干部队伍建设有差距的问题，党组制定了…: the same, unquoted.
	if head, run, ok := plainRunIn(s); ok {
		return head, run
	}
	return splitSentence(s)
}

// plainRunInRe is an unquoted problem run into its measures after a comma.
var plainRunInRe = regexp.MustCompile(`^((?:关于|针对|对于)?\s*[^，,。；;：:“”"]{2,60}?问题)\s*[，,]\s*(.+)$`)

// plainRunIn reads a paragraph that names a problem up to its first comma
// (…的问题，…; 针对…问题，…) and goes on with what was done about it. A
// phrase that names no problem of its own (针对巡察反馈的问题，…, 对上述
// 问题，…) is not one.
func plainRunIn(s string) (head, run string, ok bool) {
	m := plainRunInRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	head = m[1]
	for _, p := range []string{"针对", "对于"} {
		head = strings.TrimSpace(strings.TrimPrefix(head, p))
	}
	core := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(head, "关于"), "问题"), "的")
	core = strings.TrimSuffix(core, "等")
	if utf8.RuneCountInString(core) < 4 || genericProblem.MatchString(core) || strings.ContainsAny(core, "上述以上这些该此类") && utf8.RuneCountInString(core) <= 6 {
		return "", "", false
	}
	return trimTitle(head), strings.TrimSpace(m[2]), true
}

// splitSentence splits a paragraph at its first 。 or ： outside quotation
// marks.
func splitSentence(s string) (head, run string) {
	depth := 0
	for i, r := range s {
		switch r {
		case '“', '「', '『', '《':
			depth++
		case '”', '」', '』', '》':
			if depth > 0 {
				depth--
			}
		case '。', '：', ':':
			if r == ':' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
				continue // a ratio or a time: 1:200, 9:30
			}
			if depth == 0 {
				return trimTitle(s[:i]), strings.TrimSpace(s[i+utf8.RuneLen(r):])
			}
		}
	}
	return trimTitle(s), ""
}

// quotedRunIn is a quoted problem heading run into its measures after a comma.
var quotedRunIn = regexp.MustCompile(`^((?:关于|针对|对于)?\s*“[^”]+”\s*(?:的)?问题)\s*[，,]\s*(.+)$`)

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// trimTitle strips spaces and trailing punctuation from a heading or title.
func trimTitle(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return isBlank(r) || strings.ContainsRune("。，,；;：:、.．", r)
	})
}

// lines returns the item's paragraphs as written, with all below it.
func (it *item) lines() []string {
	var out []string
	if it.line != "" {
		out = append(out, it.line)
	}
	out = append(out, it.paras...)
	for _, k := range it.kids {
		out = append(out, k.lines()...)
	}
	return out
}

// body returns the item's own text: the run-in text and its paragraphs.
func (it *item) body() []string {
	var out []string
	if it.run != "" {
		out = append(out, it.run)
	}
	return append(out, it.paras...)
}
