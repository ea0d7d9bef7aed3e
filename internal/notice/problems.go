package notice

import (
	"regexp"
	"slices"
	"strings"
)

// findProblems marks the problem items. Problems are the items at the
// shallowest level that has a quoted problem heading (关于“…”的问题), or
// failing that an unquoted one (关于…的问题); failing both, the items right
// under the innermost aspects (…方面) are problems. Organisational-work and
// next-steps sections (isClosing) are not searched unless they hold a
// problem heading.
func (p *parser) findProblems(root *item) {
	var quoted, plain, aspectHeads []*item
	var visit func(it *item)
	visit = func(it *item) {
		if _, ok := quotedTitle(it.head); ok || it.labelled {
			quoted = append(quoted, it)
		} else if _, ok := problemTitle(it.head); ok || namesShortfall(it.head) {
			// 关于…的问题, or a bare 理论学习不规范的问题
			plain = append(plain, it)
		} else if isAspectHead(it.head) {
			aspectHeads = append(aspectHeads, it)
		}
		for _, k := range it.kids {
			visit(k)
		}
	}
	for _, it := range root.kids {
		if !isClosing(it.head) || isAspectHead(it.head) || hasProblemHead(it) || holdsAspect(it) && !nextSteps(it.head) {
			visit(it)
		}
	}
	switch {
	case len(quoted) > 0:
		lvl := minLevel(quoted)
		p.markLevel(append(quoted, plain...), lvl)
		p.markBesideAspects(aspectHeads, lvl)
	case len(plain) > 0:
		lvl := minLevel(plain)
		// （一）关于党的领导弱化的问题 over problems naming shortfalls,
		// each with its 一是…: aspects when all of that level are so; one
		// among plain problems is a problem over specific ones (subLevels).
		allShort := !slices.ContainsFunc(plain, func(it *item) bool { return it.level == lvl && !shortfallsBelow(it) })
		var rest []*item
		for _, it := range plain {
			if it.level == lvl && (holdsIssues(it) || allShort && shortfallsBelow(it)) {
				p.issues[it] = true
				for _, k := range it.kids {
					p.problems[k] = true
				}
				continue
			}
			rest = append(rest, it)
		}
		p.markLevel(rest, lvl)
		p.markBesideAspects(aspectHeads, lvl)
	default:
		p.markUnderAspects(aspectHeads)
		if len(p.problems) == 0 {
			p.markInIssueSections(root)
		}
	}
}

// markInIssueSections makes problems of the numbered items of a section
// that reports on the problems (二、巡察反馈问题整改情况 → 1.机构编制管理不够
// 规范), when nothing else names problems or aspects: a county's notice
// may title its problems without 关于 or quotation marks.
func (p *parser) markInIssueSections(root *item) {
	for _, it := range root.kids {
		if isClosing(it.head) || !isIssueSection(it.head) {
			continue
		}
		for _, k := range it.kids {
			switch {
			case k.head == "" || isClosing(k.head):
			case shortfallsBelow(k):
				// （一）党的领导弱化 over 1.学习贯彻…不够深入。一是…: an
				// aspect named without 方面, its problems below.
				for _, g := range k.kids {
					p.problems[g] = true
				}
			default:
				p.problems[k] = true
			}
		}
	}
}

// isIssueSection reports a heading over the problems' rectification:
// 巡察反馈问题整改情况, 反馈问题的整改落实情况, 整改进展情况.
func isIssueSection(head string) bool {
	return strings.Contains(head, "问题") && (strings.Contains(head, "整改") || strings.Contains(head, "反馈")) ||
		strings.Contains(head, "整改落实情况") || strings.Contains(head, "整改进展情况") || strings.Contains(head, "整改完成情况")
}

// holdsIssues reports an item headed 关于…问题的整改情况 that is an
// aspect: its children, numbered one level down (1.学习贯彻不深入。), are
// the problems, each with measures of its own below or after it.
func holdsIssues(it *item) bool {
	if !strings.Contains(it.head, "整改") || it.level > 2 || len(it.kids) == 0 || len(it.body()) > 0 {
		return false
	}
	for _, k := range it.kids {
		if _, ok := problemTitle(k.head); ok || k.level != 3 || (len(k.kids) == 0 && len(k.body()) == 0) {
			return false
		}
	}
	return true
}

// shortfallsBelow reports an item whose children are problems: each named
// by what falls short (学习贯彻…不够深入, 基层党组织建设薄弱) and followed by
// its own measures (一是… on its line, or numbered below it), none headed
// as a problem; the item itself says nothing of its own.
func shortfallsBelow(it *item) bool {
	if it.level > 2 || len(it.kids) == 0 || len(it.body()) > 0 {
		return false
	}
	for _, k := range it.kids {
		body := k.body()
		if _, ok := problemTitle(k.head); ok || !shortfallEnd.MatchString(trimTitle(k.head)) ||
			len(k.kids) == 0 && (len(body) == 0 || !startsCounted(body[0])) {
			return false
		}
	}
	return true
}

// shortfallEnd ends a sentence naming what falls short.
var shortfallEnd = regexp.MustCompile(`(?:` + shortfallWords + `|问题)$`)

// markBesideAspects makes problems of the items at the problems' level
// right under an aspect or beside a problem, titled otherwise than the
// problems found (1.干部队伍建设有差距的问题，… beside 2.关于…的问题，…;
// 1.巡察指出：…).
func (p *parser) markBesideAspects(aspects []*item, lvl int) {
	parents := map[*item]bool{}
	for _, a := range aspects {
		parents[a] = true
	}
	for it := range p.problems {
		if it.parent != nil {
			parents[it.parent] = true
		}
	}
	for a := range parents {
		for _, k := range a.kids {
			if k.level == lvl && k.head != "" && !isAspectHead(k.head) && !isClosing(k.head) && !p.issues[k] {
				p.problems[k] = true
			}
		}
	}
}

func (p *parser) markLevel(items []*item, lvl int) {
	for _, it := range items {
		if it.level == lvl {
			p.problems[it] = true
		}
	}
}

// markUnderAspects makes problems of the children of the aspects that have
// no aspect below them: （一）组织建设方面 → 1.支部组织生活不规范.
func (p *parser) markUnderAspects(aspects []*item) {
	for _, a := range aspects {
		inner := true
		for _, k := range a.kids {
			if isAspectHead(k.head) {
				inner = false
			}
		}
		switch {
		case !inner:
		case marksOnly(a):
			// 一、在全面从严治党方面 over 1.修订…清单。（已完成）: the
			// aspect's measures, written without their problems.
			p.problems[a] = true
		default:
			for _, k := range a.kids {
				p.problems[k] = true
			}
		}
	}
}

// marksOnly reports an aspect whose children are measures rather than
// problems: one line each, most with its state (（已完成）, （持续推进）),
// none naming what falls short.
func marksOnly(a *item) bool {
	marked := 0
	for _, k := range a.kids {
		if len(k.kids) > 0 || len(k.paras) > 0 || namesShortfall(k.head) {
			return false
		}
		if _, mark := cutMarks(k.line); mark != "" {
			marked++
		}
	}
	return len(a.kids) > 0 && 2*marked >= len(a.kids)
}

func minLevel(items []*item) int {
	lvl := items[0].level
	for _, it := range items {
		lvl = min(lvl, it.level)
	}
	return lvl
}

// hasProblemHead reports whether it or an item below it has a problem heading.
func hasProblemHead(it *item) bool {
	if _, ok := problemTitle(it.head); ok || it.labelled {
		return true
	}
	for _, k := range it.kids {
		if hasProblemHead(k) {
			return true
		}
	}
	return false
}

// holdsAspect reports a section with an aspect right below it: 二、压实整改
// 主体责任，扎实推进反馈问题整改 over （一）…方面 is no organisational section.
func holdsAspect(it *item) bool {
	return slices.ContainsFunc(it.kids, func(k *item) bool { return isAspectHead(k.head) })
}

// nextSteps tells the heading of what will be done next (三、下一步工作
// 打算): its aspects (（一）在巩固整改成果方面) are plans, not problems.
func nextSteps(head string) bool {
	return strings.Contains(head, "下一步") || strings.Contains(head, "打算") || strings.Contains(head, "今后")
}

// classifyParents decides what the items holding problems directly are.
// Several of them, one that names an aspect (…方面) or one below a section
// are aspects; a lone top-level section without 方面 (二、巡视反馈问题整改情况)
// is not, and its problems go under a made-up aspect of that title.
func (p *parser) classifyParents(root *item) {
	var parents []*item
	seen := map[*item]bool{}
	var walk func(it *item)
	walk = func(it *item) {
		for _, k := range it.kids {
			if p.problems[k] && it != root && !seen[it] {
				seen[it] = true
				parents = append(parents, it)
			}
			walk(k)
		}
	}
	walk(root)
	for _, pa := range parents {
		if len(parents) > 1 || isAspectHead(pa.head) || pa.parent != root || p.issues[pa] {
			p.aspects[pa] = true
		} else {
			p.groups[pa] = true
		}
	}
}
