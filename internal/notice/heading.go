package notice

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

const (
	openQuotes  = "“\"「『‘"
	closeQuotes = "”\"」』’"
)

// quotedTitle reads a quoted problem heading and returns what is inside the
// quotes: 关于“…”的问题, 关于"…"的问题, “…”问题的整改, 关于“…”问题整改情况.
// The quote must open the heading or follow 关于, and only 的问题,
// 问题的整改, 问题整改情况 and the like may follow the closing quote
// (关于“…”方面 is an aspect).
func quotedTitle(head string) (string, bool) {
	s := strings.TrimSpace(head)
	for _, p := range []string{"关于", "针对", "对于"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	open, size := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(openQuotes, open) {
		return "", false
	}
	end := strings.LastIndexAny(s, closeQuotes)
	if end <= size {
		return "", false
	}
	_, csize := utf8.DecodeRuneInString(s[end:])
	if !problemTail.MatchString(trimTitle(s[end+csize:])) {
		return "", false
	}
	title := strings.TrimSpace(s[size:end])
	return title, title != ""
}

var (
	// problemTail is what may follow the closing quote of a problem title.
	problemTail = regexp.MustCompile(`^(?:的)?(?:等)?(?:问题)?(?:的)?(?:整改)?(?:落实)?(?:进展)?(?:情况)?$`)
	// statusMark is a status written after a problem's heading.
	statusMark = regexp.MustCompile(`\s*[（(【\[](?:已完成|已整改|已销号|基本完成|已基本完成|正在整改|整改中|持续整改|持续推进|长期坚持|正在推进|推进中|未完成|已完成整改|已整改到位|整改完成|完成整改)[^）)】\]]{0,8}[）)】\]]\s*[。.]?$`)
	// aspectTail ends a heading that names an aspect, not a problem.
	aspectTail   = regexp.MustCompile(`方面(?:存在)?(?:的)?(?:主要)?(?:问题)?(?:的)?(?:整改)?(?:落实)?(?:进展)?(?:情况)?[。.]?$`)
	plainProblem = regexp.MustCompile(`^关于(.+?)(?:的)?问题(?:的)?(?:整改)?(?:落实)?(?:进展)?(?:情况)?$`)
	// genericProblem is what a section says about all problems at once:
	// 关于巡视反馈问题的整改情况 is a section, not a problem.
	genericProblem = regexp.MustCompile(`^(?:中央|省委|市委|区委|县委)?(?:巡视|巡察|审计)?(?:反馈|指出|发现|查出)?(?:的)?$`)
)

// problemTitle reads a problem heading, quoted or not (关于落实…不到位的问题),
// and returns the problem's title.
func problemTitle(head string) (title string, ok bool) {
	// 关于“…”的问题（已完成整改）: the status after the title is the
	// measures', not the problem's name.
	head = strings.TrimSpace(statusMark.ReplaceAllString(head, ""))
	if t, ok := quotedTitle(head); ok {
		return t, true
	}
	// 关于党的政治建设方面的问题 heads an aspect; 关于在防范化解重大风险方面
	// 工作不够扎实的问题 is a problem.
	if aspectTail.MatchString(head) {
		return "", false
	}
	m := plainProblem.FindStringSubmatch(head)
	if m == nil || genericProblem.MatchString(m[1]) {
		return "", false
	}
	return m[1], true
}

// isAspectHead reports a heading that names an aspect: 责任落实方面,
// 在“…”方面.
func isAspectHead(head string) bool {
	_, quoted := quotedTitle(head)
	return !quoted && strings.Contains(head, "方面")
}

// closingWords mark the sections that hold no problems: organisational work
// before them and next steps after them.
var closingWords = []string{
	"政治站位", "主体责任", "组织领导", "下一步", "持续巩固", "巩固深化", "长效机制",
	"工作打算", "组织整改", "整改工作开展", "整改工作总体", "总体部署", "总体要求",
}

// isClosing reports an organisational-work or next-steps heading; not a
// problem's that names a shortfall (落实…主体责任不到位问题).
func isClosing(head string) bool {
	if namesShortfall(head) {
		return false
	}
	for _, w := range closingWords {
		if strings.Contains(head, w) {
			return true
		}
	}
	return false
}

// shortfall ends the title of a problem: what falls short, then 问题.
var shortfall = regexp.MustCompile(`(?:` + shortfallWords + `|不够[^，,。]*)(?:的)?(?:等)?问题$`)

// shortfallWords name what falls short: 不到位, 薄弱, 有差距.
const shortfallWords = `不\p{Han}{1,3}|缺失|缺位|薄弱|滞后|有差距|差距较大|欠缺|弱化|淡化|虚化|偏软|偏弱|偏松|宽松软|突出|较多`

// namesShortfall tells a heading naming a problem by what falls short
// (…主体责任不到位问题, 理论学习不规范的问题), not one saying what is done
// about it (集中整治…不规范问题, 着力解决思想认识不到位问题, 提高政治站位，
// 着力解决…问题).
func namesShortfall(head string) bool {
	t := trimTitle(head)
	clause := t
	if i := strings.LastIndexAny(t, "，,；;"); i >= 0 {
		clause = strings.TrimSpace(t[i+1:])
	}
	return shortfall.MatchString(t) && !actionFirst.MatchString(clause) && !strings.ContainsAny(t, "，,；;")
}

// actionFirst opens what is done about a problem: 整治, 着力解决, 纠正.
var actionFirst = regexp.MustCompile(`^(?:集中|专项|着力|切实|坚决|认真|全面|深入|扎实|持续|重点)?(?:整治|解决|纠正|治理|清理|查处|整改|破解|防止|杜绝|避免|针对|推动解决|聚焦)`)

// figuresRe matches the figures a notice leads its progress part with:
// 截至…，…项整改举措中，已完成…项，完成率…%.
var figuresRe = regexp.MustCompile(`完成率|^截至[^。]*(?:已完成|已整改)|^该方面[^。]*(?:已完成|完成率)`)

// isFigures reports a paragraph of figures rather than of problems.
func isFigures(l string) bool { return figuresRe.MatchString(l) }
