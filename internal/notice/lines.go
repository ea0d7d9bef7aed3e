package notice

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"duban/internal/duban"
)

// cleanLines splits text into trimmed, non-empty paragraphs and drops the
// lines a web page adds around a notice (打印, 上一条:, the contact lines …).
func cleanLines(text string) []string {
	out, _ := splitContact(text)
	return out
}

// splitContact is cleanLines that also returns the contact lines it drops
// (联系电话…, 电子邮箱…), which the plan keeps for its next notices.
func splitContact(text string) (out, contact []string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimFunc(l, isBlank)
		switch {
		case l == "":
		case isContact(l):
			contact = append(contact, l)
		case !isJunk(l):
			out = append(out, l)
		}
	}
	return out, contact
}

// isContact reports a contact line: 联系电话：…, 电子邮箱：…, 邮政信箱：….
func isContact(l string) bool {
	for _, s := range contactPrefix {
		if strings.HasPrefix(l, s) && s != "如有意见" {
			return true
		}
	}
	return false
}

// isBlank reports spaces, including the full-width space, the no-break
// space, the BOM and zero-width spaces that copied web text carries.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b'
}

var (
	junkExact  = []string{"打印", "【打印】", "[打印]", "打印本页", "关闭", "【关闭】", "关闭窗口", "返回顶部", "【返回顶部】"}
	junkPrefix = []string{"上一条", "下一条", "上一篇", "下一篇", "分享到", "责任编辑", "【字体", "字体：", "字号："}
	// contactPrefix starts the closing lines that invite supervision: they
	// are not content and must not become a measure of the last problem.
	contactPrefix = []string{"联系方式", "联系电话", "电话：", "电话:", "邮政信箱", "电子邮箱", "电子信箱", "邮箱", "通信地址", "通讯地址", "邮编", "如有意见"}
)

// isJunk reports a line that is clearly not content.
func isJunk(l string) bool {
	for _, s := range junkExact {
		if l == s {
			return true
		}
	}
	for _, list := range [][]string{junkPrefix, contactPrefix} {
		for _, s := range list {
			if strings.HasPrefix(l, s) {
				return true
			}
		}
	}
	if strings.Contains(l, "网站安全检测") {
		return true
	}
	return strings.HasPrefix(l, "欢迎") && strings.Contains(l, "监督")
}

// splitHeader takes the unit and title lines off the top: short lines
// without a full stop and without numbering, before the first paragraph.
func splitHeader(lines []string) (head, rest []string) {
	i := 0
	for i < len(lines) && i < 6 {
		l := lines[i]
		if strings.Contains(l, "。") || utf8.RuneCountInString(l) > 80 {
			break
		}
		if lvl, _ := marker(l); lvl != 0 {
			break
		}
		i++
	}
	return lines[:i], lines[i:]
}

// splitTrailer takes the signature and date off the end: the last date
// line among the last few lines, and the issuing body's name just above it.
func splitTrailer(lines []string) (rest []string, signature string, signed duban.Date) {
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-3; i-- {
		d, ok := dateLine(lines[i])
		if !ok {
			continue
		}
		if i > 0 && looksLikeBody(lines[i-1]) {
			return lines[:i-1], lines[i-1], d
		}
		return lines[:i], "", d
	}
	return lines, "", duban.Date{}
}

// dateLine reads a line that is only a date: 2022年9月30日.
func dateLine(l string) (duban.Date, bool) {
	d, err := duban.ParseDate(strings.Trim(l, "（）()"))
	return d, err == nil && !d.IsZero()
}

var bodySuffix = regexp.MustCompile(`(党委|党组|委员会|工委|委|局|厅|办公室|办|政府|公司|集团|大学|学院|医院|院|中心|部|会|所|署|站|队|行)$`)

// looksLikeBody reports a line that names an organisation: 中共陕西省委科技工委.
func looksLikeBody(l string) bool {
	n := utf8.RuneCountInString(l)
	if n < 2 || n > 40 || strings.ContainsAny(l, "。，,：:；;！？“”\"") {
		return false
	}
	return strings.HasPrefix(l, "中共") || bodySuffix.MatchString(l)
}
