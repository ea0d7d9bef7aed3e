package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"duban/internal/duban"
)

// The domain, the store and the handlers write what users read in Chinese
// (duban.Error messages, per-field problems, names of kinds). On a page or
// an API answer in English, englishText finds the Chinese message among
// englishMessages: an exact entry, or an entry with verbs (%s, %d, %q, %v)
// whose literal parts match; its English form is then filled with the
// matched arguments, each of them translated the same way when it is
// itself a known message or name. Text it does not know (what people
// typed: names, titles, reasons) stays as it is.

type textPattern struct {
	re      *regexp.Regexp
	english string
	literal int // characters outside the verbs: the more, the more specific
}

var (
	textOnce     sync.Once
	textPatterns []textPattern
	textVerb     = regexp.MustCompile(`%(\[\d+\])?[sdqv]`)
	// textChineseDate is a day as the Chinese pages write it.
	textChineseDate = regexp.MustCompile(`^(\d{4}年\d{1,2}月\d{1,2}日)(前完成|前|)$`)
)

func compileTextPatterns() {
	for zh, en := range englishMessages {
		if !textVerb.MatchString(zh) {
			continue
		}
		var b strings.Builder
		b.WriteString("^")
		last := 0
		for _, m := range textVerb.FindAllStringIndex(zh, -1) {
			b.WriteString(regexp.QuoteMeta(zh[last:m[0]]))
			if zh[m[1]-1] == 'd' {
				b.WriteString(`(-?\d+)`)
			} else {
				b.WriteString(`(.*?)`)
			}
			last = m[1]
		}
		b.WriteString(regexp.QuoteMeta(zh[last:]))
		b.WriteString("$")
		en = textVerb.ReplaceAllStringFunc(en, func(v string) string { return v[:len(v)-1] + "s" })
		textPatterns = append(textPatterns, textPattern{regexp.MustCompile(b.String()), en, utf8.RuneCountInString(textVerb.ReplaceAllString(zh, ""))})
	}
	// Patterns with more literal text first, so that "%s：“%s”" does not
	// win over a more specific message that happens to match too.
	sort.SliceStable(textPatterns, func(i, j int) bool {
		if textPatterns[i].literal != textPatterns[j].literal {
			return textPatterns[i].literal > textPatterns[j].literal
		}
		return textPatterns[i].re.String() < textPatterns[j].re.String()
	})
}

// englishText returns the English form of a Chinese message, or s itself.
func englishText(s string) string {
	return englishTextDepth(s, 0)
}

func englishTextDepth(s string, depth int) string {
	if s == "" || !hasCJK(s) {
		return s
	}
	if en, ok := englishMessages[s]; ok && !textVerb.MatchString(s) {
		return en
	}
	if en, ok := englishHolidays[s]; ok {
		return en
	}
	if h, ok := strings.CutSuffix(s, "调休"); ok && englishHolidays[h] != "" {
		return englishHolidays[h] + " (adjusted working day)"
	}
	if m := textChineseDate.FindStringSubmatch(s); m != nil {
		if d, err := duban.ParseDate(m[1]); err == nil {
			if m[2] != "" {
				return "by " + englishDate(d)
			}
			return englishDate(d)
		}
	}
	if depth > 3 {
		return s
	}
	// A message of several lines (the daily digest): line by line, keeping
	// each line's indentation.
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			body := strings.TrimLeft(l, " ")
			lines[i] = l[:len(l)-len(body)] + englishTextDepth(body, depth)
		}
		return strings.Join(lines, "\n")
	}
	// Fields joined by a semicolon (承办单位：…；办理时限：…): each on its own,
	// when each is known.
	if parts := strings.Split(s, "；"); len(parts) > 1 {
		out := make([]string, len(parts))
		all := true
		for i, part := range parts {
			out[i] = englishTextDepth(part, depth+1)
			all = all && out[i] != part
		}
		if all {
			return strings.Join(out, "; ")
		}
	}
	textOnce.Do(compileTextPatterns)
	for _, p := range textPatterns {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, a := range m[1:] {
			args[i] = englishTextDepth(a, depth+1)
		}
		return fmt.Sprintf(p.english, args...)
	}
	// A list of messages joined by commas: translate each, or none.
	for _, sep := range []string{"，", "、"} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 {
			continue
		}
		out := make([]string, len(parts))
		all := true
		for i, part := range parts {
			out[i] = englishTextDepth(part, depth+1)
			all = all && !hasCJK(out[i])
		}
		if all {
			return strings.Join(out, map[string]string{"，": "; ", "、": ", "}[sep])
		}
	}
	// A message joined from a message and a detail by a colon or a
	// semicolon: translate each part on its own.
	for _, sep := range []string{"：", "；"} {
		if i := strings.Index(s, sep); i > 0 {
			head, tail := s[:i], s[i+len(sep):]
			if en, ok := englishMessages[head]; ok {
				return en + ": " + englishTextDepth(tail, depth+1)
			}
		}
	}
	return s
}

func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF || r >= 0x3000 && r <= 0x303F {
			return true
		}
	}
	return false
}

// textIn returns s in lang: itself in Chinese, its English form in English.
func textIn(lang, s string) string {
	if lang == "en" {
		return englishText(s)
	}
	return s
}

// fieldsIn returns per-field messages in lang (a new map in English).
func fieldsIn(lang string, fields map[string]string) map[string]string {
	if lang != "en" || len(fields) == 0 {
		return fields
	}
	out := make(map[string]string, len(fields))
	for f, m := range fields {
		out[f] = englishText(m)
	}
	return out
}

// reasonsIn returns cells with the reason reason points to in lang (a new
// slice in English): what a reader of a ledger or a monitoring workbook
// says of its cells.
func reasonsIn[T any](lang string, cells []T, reason func(*T) *string) []T {
	if lang != "en" || len(cells) == 0 {
		return cells
	}
	out := slices.Clone(cells)
	for i := range out {
		r := reason(&out[i])
		*r = englishText(*r)
	}
	return out
}

// linesIn returns messages in lang (a new slice in English).
func linesIn(lang string, lines []string) []string {
	return reasonsIn(lang, lines, func(l *string) *string { return l })
}

// errorMessageIn is duban.ErrorMessage in lang.
func errorMessageIn(lang string, err error) string {
	if lang == "en" {
		var e *duban.Error
		if !errors.As(err, &e) {
			return "Internal server error: try again later, or ask the system administrator."
		}
	}
	return textIn(lang, duban.ErrorMessage(err))
}

// apiLang is the language of an API answer: Chinese unless the request's
// Accept-Language puts English first (a page's own language cookie counts
// for the pages' own calls).
func apiLang(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if tag == "" || tag == "*" {
			continue
		}
		if tag == "en" || strings.HasPrefix(tag, "en-") {
			return "en"
		}
		return "zh"
	}
	return "zh"
}
