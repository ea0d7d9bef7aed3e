package notice

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"

	"duban/internal/duban"
)

// A Word document may number its paragraphs by list (w:numPr, 一、 （一）
// 1. set in numbering.xml) or mark its levels by heading styles (标题 1,
// Heading 2) instead of typing the numbers. The numbers are then not in the
// text; they are written back here, so that Parse sees the levels as
// typed. A heading style without a list gives its level a number of its
// own: the shallowest heading in the body is 一、, the next （一）, then 1.

// paraProps is what a paragraph's w:pPr says of its level.
type paraProps struct {
	style   string
	numID   string // "" none; "0" switches a style's numbering off
	ilvl    int
	outline int // w:outlineLvl, -1 when not set
}

// valAttr is an element whose w:val is read.
type valAttr struct {
	Val string `xml:"val,attr"`
}

type numberingXML struct {
	Abstract []struct {
		ID   string   `xml:"abstractNumId,attr"`
		Lvls []lvlXML `xml:"lvl"`
	} `xml:"abstractNum"`
	Nums []struct {
		ID        string  `xml:"numId,attr"`
		Abstract  valAttr `xml:"abstractNumId"`
		Overrides []struct {
			Ilvl  int      `xml:"ilvl,attr"`
			Start *valAttr `xml:"startOverride"`
		} `xml:"lvlOverride"`
	} `xml:"num"`
}

type lvlXML struct {
	Ilvl  int      `xml:"ilvl,attr"`
	Start *valAttr `xml:"start"`
	Fmt   valAttr  `xml:"numFmt"`
	Text  valAttr  `xml:"lvlText"`
}

type stylesXML struct {
	Styles []struct {
		ID      string   `xml:"styleId,attr"`
		Name    valAttr  `xml:"name"`
		BasedOn *valAttr `xml:"basedOn"`
		PPr     struct {
			NumPr struct {
				Ilvl  *valAttr `xml:"ilvl"`
				NumID *valAttr `xml:"numId"`
			} `xml:"numPr"`
			Outline *valAttr `xml:"outlineLvl"`
		} `xml:"pPr"`
	} `xml:"style"`
}

// style is what a paragraph style gives its paragraphs.
type style struct {
	numID   string
	ilvl    int
	heading int // 1 for 标题 1 / heading 1, 0 when not a heading
}

// numbering writes list numbers and heading levels back into paragraphs.
type numbering struct {
	lvls     map[string]map[int]lvlXML // abstract id → level
	nums     map[string]string         // num id → abstract id
	starts   map[string]map[int]int    // num id → level → start override
	styles   map[string]style
	counters map[string]*[9]int // abstract id → counters
	seen     map[string]*[9]bool
	used     map[string]bool // num ids met
}

func newNumbering(numXML, stylesData []byte) *numbering {
	nb := &numbering{lvls: map[string]map[int]lvlXML{}, nums: map[string]string{}, starts: map[string]map[int]int{},
		styles: map[string]style{}, counters: map[string]*[9]int{}, seen: map[string]*[9]bool{}, used: map[string]bool{}}
	var nx numberingXML
	if xml.Unmarshal(numXML, &nx) == nil {
		for _, a := range nx.Abstract {
			nb.lvls[a.ID] = map[int]lvlXML{}
			for _, l := range a.Lvls {
				nb.lvls[a.ID][l.Ilvl] = l
			}
		}
		for _, n := range nx.Nums {
			nb.nums[n.ID] = n.Abstract.Val
			for _, o := range n.Overrides {
				if o.Start != nil {
					if nb.starts[n.ID] == nil {
						nb.starts[n.ID] = map[int]int{}
					}
					nb.starts[n.ID][o.Ilvl] = atoi(o.Start.Val)
				}
			}
		}
	}
	var sx stylesXML
	if xml.Unmarshal(stylesData, &sx) == nil {
		nb.readStyles(&sx)
	}
	return nb
}

// readStyles reads each paragraph style's list and heading level, a style
// based on another taking what it does not set from it.
func (nb *numbering) readStyles(sx *stylesXML) {
	byID := map[string]int{}
	for i, s := range sx.Styles {
		byID[s.ID] = i
	}
	for _, s := range sx.Styles {
		var st style
		st.heading = -1
		for i, depth := byID[s.ID], 0; depth < 8; depth++ {
			cur := sx.Styles[i]
			if st.numID == "" && cur.PPr.NumPr.NumID != nil {
				st.numID = cur.PPr.NumPr.NumID.Val
				if cur.PPr.NumPr.Ilvl != nil {
					st.ilvl = atoi(cur.PPr.NumPr.Ilvl.Val)
				}
			}
			if st.heading < 0 {
				st.heading = headingLevel(cur.Name.Val, cur.PPr.Outline)
			}
			next, ok := byID[valOf(cur.BasedOn)]
			if !ok || next == i {
				break
			}
			i = next
		}
		st.heading = max(st.heading, 0)
		nb.styles[s.ID] = st
	}
}

func valOf(v *valAttr) string {
	if v == nil {
		return ""
	}
	return v.Val
}

// headingLevel reads a style's heading level from its name (heading 2,
// 标题 2) or outline level; -1 when it sets neither.
func headingLevel(name string, outline *valAttr) int {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, p := range []string{"heading", "标题"} {
		if rest, ok := strings.CutPrefix(n, p); ok {
			if lvl := atoi(strings.TrimSpace(rest)); lvl >= 1 && lvl <= 9 {
				return lvl
			}
		}
	}
	if outline != nil {
		if lvl := atoi(outline.Val); outline.Val != "" && lvl >= 0 && lvl < 9 {
			return lvl + 1
		}
	}
	return -1
}

// apply writes the numbers into the paragraphs, in document order.
func (nb *numbering) apply(paras []string, props []paraProps) {
	headings := make([]int, len(paras))
	for i := range paras {
		if i >= len(props) {
			break
		}
		pp := props[i]
		st := nb.styles[pp.style]
		numID, ilvl := pp.numID, pp.ilvl
		if numID == "" {
			numID, ilvl = st.numID, st.ilvl
		}
		text := strings.TrimSpace(paras[i])
		if text == "" {
			continue
		}
		if num := nb.next(numID, ilvl); num != "" {
			if lvl, _ := marker(text); lvl == 0 {
				paras[i] = num + text
			}
			continue
		}
		switch {
		case st.heading > 0:
			headings[i] = st.heading
		case pp.outline >= 0 && pp.outline < 9:
			headings[i] = pp.outline + 1
		}
	}
	numberHeadings(paras, headings)
}

// next counts a paragraph of list numID at level ilvl and returns its
// number as the list writes it (“（三）”), or "" for none or a bullet.
func (nb *numbering) next(numID string, ilvl int) string {
	abs, ok := nb.nums[numID]
	if numID == "" || numID == "0" || !ok || ilvl < 0 || ilvl > 8 {
		return ""
	}
	lvls := nb.lvls[abs]
	if nb.counters[abs] == nil {
		nb.counters[abs], nb.seen[abs] = &[9]int{}, &[9]bool{}
	}
	c, seen := nb.counters[abs], nb.seen[abs]
	if !nb.used[numID] {
		nb.used[numID] = true
		for l, start := range nb.starts[numID] {
			if l >= 0 && l < 9 {
				c[l], seen[l] = start, true
				if l == ilvl {
					c[l]--
				}
			}
		}
	}
	if seen[ilvl] {
		c[ilvl]++
	} else {
		c[ilvl], seen[ilvl] = 1, true
		if l, ok := lvls[ilvl]; ok && l.Start != nil {
			c[ilvl] = atoi(l.Start.Val)
		}
	}
	for l := ilvl + 1; l < 9; l++ {
		seen[l] = false
	}
	l, ok := lvls[ilvl]
	if !ok || l.Fmt.Val == "bullet" || l.Fmt.Val == "none" {
		return ""
	}
	text := l.Text.Val
	for k := 0; k <= ilvl; k++ {
		f := l.Fmt.Val
		if k != ilvl {
			f = lvls[k].Fmt.Val
		}
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(k+1), formatNumber(c[k], f))
	}
	return text
}

// formatNumber writes n in a list's number format.
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
		"taiwaneseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional", "japaneseCounting":
		return duban.ChineseNumeral(n)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle":
		if s := oneRune('①', n); s != nil {
			return s[0]
		}
	case "decimalEnclosedParen":
		if s := oneRune('⑴', n); s != nil {
			return s[0]
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	}
	return strconv.Itoa(n)
}

// levelMarks number the levels Parse reads, from the top.
var levelMarks = []func(n int) string{
	func(n int) string { return duban.ChineseNumeral(n) + "、" },
	func(n int) string { return "（" + duban.ChineseNumeral(n) + "）" },
	func(n int) string { return strconv.Itoa(n) + "." },
	func(n int) string { return "（" + strconv.Itoa(n) + "）" },
	func(n int) string { return oneRune('①', min(n, 20))[0] },
}

// numberHeadings numbers the paragraphs of a heading style that have no
// number typed: the shallowest heading level of the body (a title, 关于…
// 的通报, is not the body's) is 一、, the next （一）, and so on; a heading
// with its number typed counts at its level.
func numberHeadings(paras []string, headings []int) {
	top := 0
	for i, h := range headings {
		if h > 0 && !isDocTitle(paras[i]) && (top == 0 || h < top) {
			top = h
		}
	}
	if top == 0 {
		return
	}
	var count [9]int
	for i, h := range headings {
		if h == 0 || isDocTitle(paras[i]) {
			continue
		}
		lvl := min(h-top, len(levelMarks)-1)
		count[lvl]++
		for l := lvl + 1; l < len(count); l++ {
			count[l] = 0
		}
		text := strings.TrimSpace(paras[i])
		if m, _ := marker(text); m == 0 {
			paras[i] = levelMarks[lvl](count[lvl]) + text
		}
	}
}

// isDocTitle reports a heading that is the document's title or its
// issuer's name rather than a part of its body.
func isDocTitle(p string) bool {
	p = strings.TrimSpace(p)
	return titleRe.MatchString(p) && strings.Contains(p, "关于") || utf8.RuneCountInString(p) <= 30 && looksLikeBody(p) && strings.HasPrefix(p, "中共")
}
