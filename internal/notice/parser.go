package notice

import (
	"regexp"
	"strings"

	"duban/internal/duban"
)

// parser turns the item tree into an outline.
type parser struct {
	res      *Result
	problems map[*item]bool // the items that are problems
	aspects  map[*item]bool // problem parents that name an aspect
	groups   map[*item]bool // problem parents that are mere sections: their problems stand at the top
	issues   map[*item]bool // aspects headed 关于…问题的整改情况, their problems numbered below
	outside  []string       // text outside the problems section, for the metadata
}

func newParser() *parser {
	return &parser{
		res:      &Result{Outline: &duban.Outline{Aspects: []*duban.OutlineNode{}}, Unplaced: []string{}},
		problems: map[*item]bool{},
		aspects:  map[*item]bool{},
		groups:   map[*item]bool{},
		issues:   map[*item]bool{},
	}
}

// place walks the top-level items: those holding problems are placed, the
// others (organisational work, next steps) only feed the metadata. In a
// document whose problems stand at the top level, an item after the first
// problem that is not a closing section is listed as unplaced.
func (p *parser) place(root *item) {
	p.findProblems(root)
	p.classifyParents(root)
	p.outside = append(p.outside, root.paras...)
	flat := false
	for _, it := range root.kids {
		switch {
		case p.isProblem(it):
			p.top(p.problem(it, duban.NodeProblem))
			flat = true
		case p.holds(it):
			p.container(it)
		case flat && !isClosing(it.head):
			p.unplace(it.lines()...)
		default:
			p.outside = append(p.outside, it.lines()...)
		}
	}
}

// container places an item that holds problems: an aspect, a section whose
// problems stand at the top (a document without aspects), or a section above
// the aspects. Its own text and its children that hold no problem cannot be
// placed, except figures (截至…完成率…), which feed the metadata.
func (p *parser) container(c *item) {
	var node *duban.OutlineNode
	switch {
	case p.aspects[c]:
		title := c.head
		if t, ok := problemTitle(c.head); ok && p.issues[c] {
			title = t
		}
		node = &duban.OutlineNode{Kind: duban.NodeAspect, Title: title, Text: c.run}
		p.top(node)
		p.placeText(c.paras...)
	default:
		p.placeText(c.body()...)
	}
	for _, k := range c.kids {
		switch {
		case p.isProblem(k) && node != nil:
			node.Children = append(node.Children, p.problem(k, duban.NodeProblem))
		case p.isProblem(k) && p.groups[c]:
			p.top(p.problem(k, duban.NodeProblem))
		case p.holds(k):
			p.container(k)
		default:
			p.unplace(k.lines()...)
		}
	}
}

// top adds a node at the top of the outline: an aspect, or a problem of a
// document without aspects.
func (p *parser) top(n *duban.OutlineNode) {
	p.res.Outline.Aspects = append(p.res.Outline.Aspects, n)
}

// placeText puts a section's own paragraphs: figures go to the metadata,
// anything else is unplaced.
func (p *parser) placeText(lines ...string) {
	for _, l := range lines {
		if isFigures(l) {
			p.outside = append(p.outside, l)
		} else {
			p.unplace(l)
		}
	}
}

// problem makes a problem or specific problem from an item: children with
// a problem heading are specific problems, and so are the children of a
// level where one child carries measures of its own (see subLevels); other
// children and the body are measures.
func (p *parser) problem(it *item, kind duban.NodeKind) *duban.OutlineNode {
	title, ok := problemTitle(it.head)
	if !ok {
		title, _ = cutMarks(it.head)
		title = trimTitle(title)
	}
	n := &duban.OutlineNode{Kind: kind, Title: title}
	segs := fieldSegments(it.body())
	body, fields := joinSegments(segs)
	subs := subLevels(it)
	var numbered []*duban.OutlineMeasure
	for _, k := range it.kids {
		_, sub := problemTitle(k.head)
		if (sub || subs[k.level]) && kind == duban.NodeProblem {
			n.Children = append(n.Children, p.problem(k, duban.NodeSubproblem))
			continue
		}
		numbered = append(numbered, itemMeasure(k))
	}
	var general string
	if len(numbered) == 0 && perMeasure(segs) {
		n.Text, n.Measures = measuresBySegment(segs)
		fields = measureFields{}
	} else {
		n.Text, n.Measures, general = measures(body, len(numbered) > 0)
	}
	if it.desc != "" {
		n.Text = joinReport(it.desc, n.Text)
	}
	n.Measures = append(n.Measures, numbered...)
	// 关于“…”的问题（已完成）: the state of all its measures.
	_, mark := cutMarks(it.head)
	for _, m := range n.Measures {
		fields.apply(m)
		setProgress(m, general)
		setProgress(m, mark)
		if m.Status == "" {
			m.Status = doneStatus(mark)
		}
	}
	return n
}

// perMeasure tells a body whose measures each have their own field lines
// (整改措施：A / 责任单位：… / 整改时限：… / 整改措施：B / …): two segments
// or more, each opening with a label of measures (整改措施：, 措施1：) and
// followed by fields, or each a line that ends in its own fields (建立制度。
// 责任部门：…。完成时限：…). Fields before the measures (问题表现：… /
// 责任单位：… / 整改措施：… / 整改时限：…) are the whole problem's.
func perMeasure(segs []fieldSegment) bool {
	if len(segs) < 2 {
		return false
	}
	for k, seg := range segs {
		if !seg.any || len(seg.text) == 0 {
			return false
		}
		if measureLabel.MatchString(seg.text[0]) || measureOrdinal.MatchString(seg.text[0]) {
			continue
		}
		// A counted measure or a line ending in its fields: one measure
		// to a segment (一是… / 责任单位：… / 二是… / 三是… / 责任单位：…
		// gives 二是 and 三是 the same fields, and 一是 too what it lacks).
		if !seg.own && countedAt(seg.text[0], k+1) == 0 || measureLines(seg.text) != 1 {
			return false
		}
	}
	return true
}

// measureLines counts a segment's paragraphs that are not progress.
func measureLines(text []string) int {
	n := 0
	for _, l := range text {
		if !progressLabel.MatchString(l) && !isMarkOnly(l) {
			n++
		}
	}
	return n
}

// statesShortfall tells a title that states what falls short (对地方金融
// 组织监管不到位, 非法集资风险排查处置不及时), not a measure that acts on
// one (集中整治…突出问题; 巩固整改成果，确保问题不反弹; 做到常抓不懈): one
// clause, not opening with what is done, not ending in what it is to
// achieve.
func statesShortfall(head string) bool {
	t := trimTitle(head)
	return shortfallEnd.MatchString(t) && !strings.ContainsAny(t, "，,；;") && !actionFirst.MatchString(t) &&
		!measureVerb.MatchString(t) && !aimEnd.MatchString(t)
}

var (
	// measureVerb opens a measure: 健全, 巩固, 加强, 建立….
	measureVerb = regexp.MustCompile(`^(?:健全|巩固|加强|建立|完善|落实|推进|开展|制定|强化|做到|确保|规范|严格|压实|深化|修订|组织)`)
	// aimEnd ends what a measure is to achieve: 常抓不懈, 不反弹, 重点突出.
	aimEnd = regexp.MustCompile(`(?:不懈|不反弹|不松劲|不放松|不走样|不变通|不打折扣|突出)$`)
)

// countedAt returns the length of the count's n-th marker (二是, 第二，)
// that opens t, 0 when none does.
func countedAt(t string, n int) int {
	for _, form := range []int{ordinalIs, ordinalDi} {
		if i, size := findOrdinalAs(t, 0, n, form); i == 0 {
			return size
		}
	}
	return 0
}

// measuresBySegment reads each segment's measures and gives them its fields
// and progress; the text is what the segments say of the problem.
func measuresBySegment(segs []fieldSegment) (text string, ms []*duban.OutlineMeasure) {
	var texts []string
	for k, seg := range segs {
		if n := countedAt(seg.text[0], k+1); n > 0 {
			// 二是… / 责任单位：… : the count's marker is no part of the measure.
			seg.text = append([]string{seg.text[0][n:]}, seg.text[1:]...)
		}
		t, got, general := measures(seg.text, false)
		if t != "" {
			texts = append(texts, t)
		}
		for _, m := range got {
			seg.fields.apply(m)
			setProgress(m, general)
		}
		ms = append(ms, got...)
	}
	return strings.Join(texts, "\n"), ms
}

// subLevels returns the numbering levels of a problem's children that are
// specific problems written as plain sentences: a level where a child is
// followed by measures of its own, counted (（1）阵地管理不严。 then a line
// starting 一是…) or numbered (then ①…②…). All children of such a level
// are specific problems, so that one whose single measure is not counted
// is not read as a measure beside them. A numbered measure whose content
// counts its steps on the same line (（1）完善制度。一是…) stays a measure.
func subLevels(it *item) map[int]bool {
	levels := map[int]bool{}
	for _, k := range it.kids {
		if len(k.kids) > 0 || (len(k.paras) > 0 && startsCounted(k.paras[0])) {
			levels[k.level] = true
		}
		// 1.…监管不到位。 / 整改进展：一是…二是…: a specific problem named
		// by what falls short, what was done about it counted below.
		if len(k.paras) > 0 && k.run == "" && progressLabel.MatchString(k.paras[0]) &&
			startsCounted(strings.TrimSpace(progressLabel.ReplaceAllString(k.paras[0], ""))) && statesShortfall(k.head) {
			levels[k.level] = true
		}
		// （1）干部档案审核把关不严。一是…: a specific problem, named by
		// what falls short, with its count on the same line.
		if k.run != "" && startsCounted(k.run) && shortfallEnd.MatchString(trimTitle(k.head)) {
			levels[k.level] = true
		}
	}
	return levels
}

// startsCounted reports a paragraph that opens a count of measures: 一是….
func startsCounted(para string) bool {
	i, _ := findOrdinal(para, 0, 1)
	return i == 0
}

func (p *parser) unplace(lines ...string) {
	p.res.Unplaced = append(p.res.Unplaced, lines...)
}

func (p *parser) isProblem(it *item) bool { return p.problems[it] }

// holds reports whether a problem lies below it.
func (p *parser) holds(it *item) bool {
	for _, k := range it.kids {
		if p.isProblem(k) || p.holds(k) {
			return true
		}
	}
	return false
}
