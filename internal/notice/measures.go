package notice

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"duban/internal/duban"
)

// measures reads the measures of a problem from its body paragraphs.
// When the body counts its measures (一是…。二是…), each counted item is a
// measure; text before 一是 is the problem's own text, and paragraphs after
// a counted item without a count of their own continue it. Otherwise each
// paragraph is one measure.
func measures(paras []string) (text string, ms []*duban.OutlineMeasure) {
	intro, items := splitOrdinals(paras)
	if items == nil {
		intro, items = "", paras
	}
	for _, c := range items {
		if c != "" {
			ms = append(ms, newMeasure(c))
		}
	}
	return intro, ms
}

// itemMeasure makes a measure of a numbered paragraph under a problem
// (（1）严格落实“三会一课”制度。每季度检查一次。): the run-in heading is its
// title, what follows it and everything below it its content.
func itemMeasure(it *item) *duban.OutlineMeasure {
	content := it.body()
	for _, k := range it.kids {
		content = append(content, k.lines()...)
	}
	return &duban.OutlineMeasure{Title: it.head, Content: strings.Join(content, "\n")}
}

// newMeasure titles a measure by its first sentence; the content is what
// follows that sentence, so that a ledger's 整改举措 cell (title, then
// content) does not say the title twice.
func newMeasure(text string) *duban.OutlineMeasure {
	title, content, _ := strings.Cut(text, "。")
	return &duban.OutlineMeasure{Title: trimTitle(title), Content: strings.TrimSpace(content)}
}

// splitOrdinals cuts paragraphs at 一是, 二是 … in order. It returns the
// text before 一是 and the text of each item without its marker; items is
// nil when there is no 一是. Pieces from different paragraphs are joined by
// a newline.
func splitOrdinals(paras []string) (intro string, items []string) {
	var pre []string
	var pieces [][]string
	add := func(s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if len(pieces) == 0 {
			pre = append(pre, s)
		} else {
			pieces[len(pieces)-1] = append(pieces[len(pieces)-1], s)
		}
	}
	next := 1
	for _, t := range paras {
		from := 0
		for {
			i, n := findOrdinal(t, from, next)
			if i < 0 {
				break
			}
			add(t[from:i])
			pieces = append(pieces, nil)
			from, next = i+n, next+1
		}
		add(t[from:])
	}
	for _, p := range pieces {
		items = append(items, strings.Join(p, "\n"))
	}
	return strings.Join(pre, "\n"), items
}

// findOrdinal finds the marker of the n-th item (一是 for 1) in t from
// byte offset from, at the start of t or after the end of a sentence or
// clause, so that 统一是 or 十一是 is not taken for 一是. It returns the
// offset and length of the marker, or -1.
func findOrdinal(t string, from, n int) (int, int) {
	m := duban.ChineseNumeral(n) + "是"
	for off := from; off < len(t); {
		i := strings.Index(t[off:], m)
		if i < 0 {
			return -1, 0
		}
		i += off
		r, _ := utf8.DecodeLastRuneInString(t[:i])
		if i == 0 || unicode.IsSpace(r) || strings.ContainsRune("。；;！!？?：:", r) {
			return i, len(m)
		}
		off = i + len(m)
	}
	return -1, 0
}
