package notice

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Text copied out of a PDF keeps the PDF's line breaks: a paragraph comes
// as lines of one width (about 35 characters of a GB/T 9704 page), each
// continuing the one before without an indent. joinWrapped puts such
// paragraphs back together, so that a measure is not cut at every line.

// pageNumber is the page number a PDF prints under each page: — 3 —, - 12 -,
// 第 1 页 共 2 页, 1/2.
var pageNumber = regexp.MustCompile(`^(?:[—－\-–]\s*[0-9０-９]+\s*[—－\-–]|第\s*[0-9０-９]+\s*页\s*[，,/／]?\s*共\s*[0-9０-９]+\s*页|[0-9０-９]+\s*[/／]\s*[0-9０-９]+)$`)

// width is a line's width in half-width cells: a Chinese character or
// full-width mark is two, a Latin letter or digit one.
func width(s string) int {
	w := 0
	for _, r := range s {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

// wrapWidth returns the width the text's lines were broken at, or 0 when
// they were not: most lines of some length are within a few cells of one
// width, and hardly any is wider.
func wrapWidth(lines []string) int {
	var widths []int
	for _, l := range lines {
		if w := width(strings.TrimFunc(l, isBlank)); w >= 30 {
			widths = append(widths, w)
		}
	}
	best, bestN := 0, 0
	for _, w := range widths {
		n := 0
		for _, v := range widths {
			if v <= w && v >= w-4 {
				n++
			}
		}
		if n > bestN || n == bestN && w > best {
			best, bestN = w, n
		}
	}
	wider := 0
	for _, v := range widths {
		if v > best+4 {
			wider++
		}
	}
	if bestN < 4 || bestN*10 < len(widths)*5 || wider*10 > len(widths) {
		return 0
	}
	return best
}

// joinWrapped joins each line broken by the page's width to the next,
// unless the next is indented or starts a numbered item or a labelled
// part, or the line ends a sentence. Page numbers between the pages are dropped.
func joinWrapped(text string) string {
	var lines []string
	all := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range all {
		if pageNumber.MatchString(strings.TrimFunc(l, isBlank)) {
			continue
		}
		// A page number between two blank lines leaves one: the page's
		// break is no paragraph's.
		if blank := strings.TrimFunc(l, isBlank) == ""; blank && i > 0 && pageNumber.MatchString(strings.TrimFunc(all[i-1], isBlank)) &&
			len(lines) > 0 && strings.TrimFunc(lines[len(lines)-1], isBlank) == "" {
			continue
		}
		lines = append(lines, l)
	}
	w := wrapWidth(lines)
	if w == 0 {
		return strings.Join(lines, "\n")
	}
	lines = singleSpaced(lines)
	var out []string
	open := false // the last line out was broken by the width
	for _, l := range lines {
		t := strings.TrimFunc(l, isBlank)
		// An indented line (　　根据…) begins a paragraph, however wide the one before.
		indented := t != "" && !strings.HasPrefix(l, t)
		if open && t != "" && !indented && !startsPart(t) {
			out[len(out)-1] += t
		} else {
			out = append(out, l)
		}
		last := out[len(out)-1]
		open = t != "" && width(t) >= w-6 && !endsSentence(last)
	}
	return strings.Join(out, "\n")
}

// singleSpaced drops the blank line some PDF converters put after every
// line of the page, when hardly two lines of text stand together: a
// paragraph's lines are then joined by width as any others, and two blank
// lines or more still part paragraphs. Text with a blank line between
// paragraphs written a line each is left alone (its widths vary, and
// joinWrapped is not called on it past wrapWidth).
func singleSpaced(lines []string) []string {
	together, apart := 0, 0
	for i := 1; i < len(lines); i++ {
		if strings.TrimFunc(lines[i], isBlank) == "" {
			continue
		}
		switch {
		case strings.TrimFunc(lines[i-1], isBlank) != "":
			together++
		case i >= 2 && strings.TrimFunc(lines[i-2], isBlank) != "":
			apart++
		}
	}
	if apart < 6 || together*10 > apart {
		return lines
	}
	var out []string
	for i, l := range lines {
		blank := strings.TrimFunc(l, isBlank) == ""
		lone := i > 0 && i+1 < len(lines) && strings.TrimFunc(lines[i-1], isBlank) != "" && strings.TrimFunc(lines[i+1], isBlank) != ""
		if blank && lone {
			continue
		}
		out = append(out, l)
	}
	return out
}

// startsPart reports a line that begins a part of its own: a number, a
// labelled problem, a label (整改措施：, 巡察指出：), a date.
func startsPart(l string) bool {
	if lvl, _ := marker(l); lvl != 0 {
		return true
	}
	if _, ok := cutLabel(l); ok {
		return true
	}
	if progressLabel.MatchString(l) || descLabel.MatchString(l) || measureLabel.MatchString(l) || opensField(l) {
		return true
	}
	_, ok := dateLine(l)
	return ok
}

// endsSentence reports a line that ends with the end of a sentence.
// A closing quotation mark after the full stop (…。”) ends it too.
func endsSentence(l string) bool {
	l = strings.TrimRight(strings.TrimFunc(l, isBlank), "”’」』")
	r, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune("。！？!?；;：:", r)
}
