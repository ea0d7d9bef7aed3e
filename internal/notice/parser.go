package notice

import (
	"duban/internal/duban"
)

// groupNote is the Text of an aspect that Parse makes up for a document
// whose problems are not grouped into aspects.
const groupNote = "原文未按方面分组，导入时将其问题归入本方面。"

// parser turns the item tree into an outline.
type parser struct {
	res      *Result
	problems map[*item]bool // the items that are problems
	aspects  map[*item]bool // problem parents that name an aspect
	groups   map[*item]bool // problem parents that are mere sections
	outside  []string       // text outside the problems section, for the metadata
}

func newParser() *parser {
	return &parser{
		res:      &Result{Outline: &duban.Outline{Aspects: []*duban.OutlineNode{}}, Unplaced: []string{}},
		problems: map[*item]bool{},
		aspects:  map[*item]bool{},
		groups:   map[*item]bool{},
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
	var group *duban.OutlineNode
	for _, it := range root.kids {
		switch {
		case p.isProblem(it):
			if group == nil {
				group = p.group("整改问题")
			}
			group.Children = append(group.Children, p.problem(it, duban.NodeProblem))
		case p.holds(it):
			p.container(it)
		case group != nil && !isClosing(it.head):
			p.unplace(it.lines()...)
		default:
			p.outside = append(p.outside, it.lines()...)
		}
	}
}

// container places an item that holds problems: an aspect, a section made
// into an aspect, or a section above the aspects. Its own text and its
// children that hold no problem cannot be placed.
func (p *parser) container(c *item) {
	var node *duban.OutlineNode
	switch {
	case p.aspects[c]:
		node = &duban.OutlineNode{Kind: duban.NodeAspect, Title: c.head, Text: c.run}
		p.res.Outline.Aspects = append(p.res.Outline.Aspects, node)
		p.unplace(c.paras...)
	case p.groups[c]:
		node = p.group(c.head)
		p.unplace(c.body()...)
	default:
		p.unplace(c.body()...)
	}
	for _, k := range c.kids {
		switch {
		case p.isProblem(k) && node != nil:
			node.Children = append(node.Children, p.problem(k, duban.NodeProblem))
		case p.holds(k):
			p.container(k)
		default:
			p.unplace(k.lines()...)
		}
	}
}

// group adds a made-up aspect for problems that have none in the text.
func (p *parser) group(title string) *duban.OutlineNode {
	if title == "" {
		title = "整改问题"
	}
	n := &duban.OutlineNode{Kind: duban.NodeAspect, Title: title, Text: groupNote}
	p.res.Outline.Aspects = append(p.res.Outline.Aspects, n)
	p.res.grouped = true
	return n
}

// problem makes a problem or specific problem from an item: quoted
// children are specific problems, other children and the body are measures.
func (p *parser) problem(it *item, kind duban.NodeKind) *duban.OutlineNode {
	title, ok := problemTitle(it.head)
	if !ok {
		title = it.head
	}
	n := &duban.OutlineNode{Kind: kind, Title: title}
	n.Text, n.Measures = measures(it.body())
	for _, k := range it.kids {
		if _, sub := problemTitle(k.head); sub && kind == duban.NodeProblem {
			n.Children = append(n.Children, p.problem(k, duban.NodeSubproblem))
			continue
		}
		n.Measures = append(n.Measures, itemMeasure(k))
	}
	return n
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
