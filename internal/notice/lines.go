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
		case isInvitation(l):
			// 欢迎广大干部群众……监督。如有意见建议……。联系方式：电话…：
			// the invitation is the notice's closing words, the contact
			// in it the unit's.
			if at := contactAt(l); at >= 0 {
				contact = append(contact, strings.TrimFunc(l[at:], isBlank))
			}
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

// isInvitation reports the closing paragraph that invites the public to
// supervise the rectification and to send opinions (欢迎广大干部群众……监督,
// 如对整改工作有意见建议……, 举报电话：…), which may hold the contact.
func isInvitation(l string) bool {
	switch {
	case (strings.Contains(l, "监督") || strings.Contains(l, "意见")) && (strings.HasPrefix(l, "欢迎") || strings.HasPrefix(l, "诚恳欢迎") ||
		strings.HasPrefix(l, "诚挚欢迎") || strings.HasPrefix(l, "广大干部群众") || strings.HasPrefix(l, "热忱欢迎") || strings.HasPrefix(l, "真诚欢迎")):
		return true
	case strings.HasPrefix(l, "如对") && strings.Contains(l, "意见"), strings.HasPrefix(l, "如有意见"):
		return true
	case strings.HasPrefix(l, "举报电话"), strings.HasPrefix(l, "监督电话"), strings.HasPrefix(l, "监督举报电话"):
		return true
	}
	return false
}

// contactMarkers begin the contact within an invitation.
var contactMarkers = []string{"联系方式", "联系电话", "举报电话", "监督电话", "监督举报电话", "电话", "邮政信箱", "通信地址", "通讯地址", "电子邮箱", "电子信箱", "邮箱"}

// contactAt returns where the contact begins in an invitation (its first
// marker followed by a colon or the number itself), or -1.
func contactAt(l string) int {
	at := -1
	for _, m := range contactMarkers {
		for from := 0; ; {
			i := strings.Index(l[from:], m)
			if i < 0 {
				break
			}
			i += from
			rest := strings.TrimLeft(l[i+len(m):], " \u3000")
			if strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":") || rest != "" && rest[0] >= '0' && rest[0] <= '9' || strings.HasPrefix(rest, "为") {
				if at < 0 || i < at {
					at = i
				}
				break
			}
			from = i + len(m)
		}
	}
	return at
}

// isBlank reports spaces, including the full-width space, the no-break
// space, the BOM and zero-width spaces that copied web text carries.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b'
}

var (
	junkExact  = []string{"打印", "打印本页", "关闭", "关闭窗口", "返回顶部", "【返回顶部】"} // 【打印】, [关闭]: junkPrefix
	junkPrefix = []string{"上一条", "下一条", "上一篇", "下一篇", "分享到", "责任编辑", "【字体", "字体：", "字号：", "来源：", "来源:", "编辑：", "编辑:",
		"审核：", "审核:", "校对：", "作者：", "发布时间：", "发布日期：", "浏览次数", "阅读次数", "点击数", "【打印", "【关闭", "[打印", "[关闭", "扫一扫"}
	// contactPrefix starts the closing lines that invite supervision: they
	// are not content and must not become a measure of the last problem.
	contactPrefix = []string{"联系方式", "联系电话", "电话：", "电话:", "邮政信箱", "电子邮箱", "电子信箱", "邮箱", "通信地址", "通讯地址", "邮编", "邮政编码", "如有意见",
		"联系人：", "联系人:", "来信请寄", "来信地址", "来访地址"}
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
	if strings.Contains(l, "网站安全检测") || utf8.RuneCountInString(l) <= 30 && (strings.HasSuffix(l, "门户网站") || strings.HasSuffix(l, "政府网站")) {
		return true // a site's name above or below the notice
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

// closingOpeners begin the closing words after the last measure, written
// as a paragraph of its own without a number: 下一步，…; 今后，….
var closingOpeners = []string{"下一步", "下步，", "下一阶段", "今后，", "今后一个时期", "今后一段时间", "下一步工作打算", "特此通报"}

// splitClosing takes the unnumbered closing paragraphs off the end of the
// problems (下一步，局党组将…), so that they are not read as the last
// measure's text: they go to the metadata with the other sections.
func splitClosing(lines []string) (rest, closing []string) {
	last := -1 // the last numbered line: the closing words come after it
	for i, l := range lines {
		_, labelled := cutLabel(l)
		if lvl, _ := marker(l); lvl != 0 || labelled || bareProblem(l, &item{}) {
			last = i
		}
	}
	if last < 0 {
		return lines, nil
	}
	for i := last + 1; i < len(lines); i++ {
		l := lines[i]
		for _, w := range closingOpeners {
			if strings.HasPrefix(l, w) {
				return lines[:i], lines[i:]
			}
		}
	}
	return lines, nil
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

// cutAttachments drops what follows the signature: the attachments
// (附件：整改台账, 附件1.…), whose lines would hide the signature and its
// date from splitTrailer. A 附件 line counts when a date line stands in the
// three lines before it.
func cutAttachments(lines []string) []string {
	for i, l := range lines {
		if !strings.HasPrefix(l, "附件") {
			continue
		}
		for j := max(0, i-3); j < i; j++ {
			if _, ok := dateLine(lines[j]); ok {
				return lines[:i]
			}
		}
	}
	return lines
}

// dateLine reads a line that is only a date: 2022年9月30日.
func dateLine(l string) (duban.Date, bool) {
	d, err := duban.ParseDate(strings.Trim(l, "（）()"))
	return d, err == nil && !d.IsZero()
}

var bodySuffix = regexp.MustCompile(`(党委|党组|委员会|工委|委|局|厅|办公室|办|政府|公司|集团|大学|学院|医院|院|中心|部|会|所|署|站|队|行|处|校|馆|社|台|园|场|厂|团|室)$`)

// looksLikeBody reports a line that names an organisation: 中共陕西省委科技工委.
func looksLikeBody(l string) bool {
	n := utf8.RuneCountInString(l)
	if n < 2 || n > 40 || strings.ContainsAny(l, "。，,：:；;！？“”\"") {
		return false
	}
	return strings.HasPrefix(l, "中共") || bodySuffix.MatchString(l)
}
