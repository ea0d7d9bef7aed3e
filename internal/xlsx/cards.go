package xlsx

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Some ledgers are no table but a card per problem down the sheet (巡察反馈
// 问题整改归零表, 问题整改销号表), each a block of label | value cells:
//
//	问题序号     | 1                  | 责任部门（人） | 办公室（张三）
//	巡察反馈问题 | 公务接待管理不规范…
//	归零措施     | 1.修订…；2.开展…
//	完成时限     | 2024年6月30日
//
// and again for the next problem. cardTable turns such a sheet into a table,
// a header of the labels its cards use over a row per card, which readSheet
// then reads as any ledger; the table keeps where each of its cells came
// from (sheet.at), so that every error and warning names the card's own
// cell.

// cardPair is one label and its value in a card: the label's cell and the
// value's (the label's when the value is blank).
type cardPair struct {
	label  string
	value  string
	lr, lc int // the label's cell
	vr, vc int // the value's cell
}

// field is what the pair's label names, fieldNone for a label the reader
// does not know.
func (p cardPair) field() field { return matchHeader(p.label) }

// cardTable reads a sheet with no table header as cards. It returns nil
// when the sheet holds none: no field named in its first rows, fewer than
// three known labels with values, or no card with both a problem and a
// measure. Blocks with neither (a signature, a note) are passed over with
// a warning. It reads the whole sheet, and closes s.
func cardTable(s *sheet) *sheet {
	// A sheet of cards names a field within its first rows, as a table's
	// header would: any other sheet is not read to its end.
	if !slices.ContainsFunc(s.cells, func(row []string) bool { return slices.ContainsFunc(row, isLabel) }) {
		return nil
	}
	if s.loadAll() != nil {
		return nil
	}
	pairs, first := s.cardPairs()
	if pairs == nil {
		return nil
	}
	// A card ends where a label it already holds comes again (问题序号).
	var cards [][]cardPair
	seen := map[string]bool{}
	for _, p := range pairs {
		key := normalizeHeader(p.label)
		if len(cards) == 0 || seen[key] {
			cards, seen = append(cards, nil), map[string]bool{}
		}
		cards[len(cards)-1] = append(cards[len(cards)-1], p)
		seen[key] = true
	}
	var kept [][]cardPair
	var passed []CellError
	whole := false // a card with both a problem and a measure
	known := map[field]bool{}
	for _, card := range cards {
		problem, measure := false, false
		for _, p := range card {
			switch f := p.field(); {
			case p.value == "":
			case f == fieldProblem || f == fieldSpecific:
				problem = true
			case f == fieldMeasure || f == fieldRequirements:
				measure = true
			}
		}
		if !problem && !measure {
			passed = append(passed, CellError{Sheet: s.name, Row: card[0].lr + 1, Column: columnName(card[0].lc),
				Reason: "此处没有问题和整改措施，不是问题卡片，未导入"})
			continue
		}
		whole = whole || problem && measure
		for _, p := range card {
			if f := p.field(); f != fieldNone && p.value != "" {
				known[f] = true
			}
		}
		kept = append(kept, card)
	}
	if !whole || len(known) < 3 {
		return nil
	}
	// The table's columns: a field's first label, a second label of a
	// field within one card (计划完成时间 | 实际完成时间) a column of its own,
	// which the header then reports; an unknown label by its text.
	var keys []string
	labels := map[string]cardPair{}
	keyed := make([][]string, len(kept))
	for i, card := range kept {
		n := map[string]int{}
		for _, p := range card {
			key := normalizeHeader(p.label)
			if f := p.field(); f != fieldNone {
				key = fieldNames[f]
			}
			n[key]++
			if n[key] > 1 {
				key += "\x00" + normalizeHeader(p.label)
			}
			keyed[i] = append(keyed[i], key)
			if _, ok := labels[key]; !ok {
				keys, labels[key] = append(keys, key), p
			}
		}
	}
	t := &sheet{f: s.f, name: s.name, origin: map[[2]int][2]int{}, width: len(keys), at: map[[2]int]cellAt{}, year: s.year, placed: passed}
	put := func(cells []string, real func(c int) ([2]int, bool)) {
		r := len(t.cells)
		t.cells = append(t.cells, cells)
		for c := range cells {
			if at, ok := real(c); ok {
				t.at[[2]int{r, c}] = cellAt{s, at[0], at[1]}
			}
		}
	}
	// The lines above the first card: the title, the unit, 截至….
	for r := 0; r < first; r++ {
		row := make([]string, len(keys))
		texts := s.fresh(r)
		if len(texts) == 0 {
			continue
		}
		row[0] = strings.Join(texts, " ")
		put(row, func(c int) ([2]int, bool) { return [2]int{r, 0}, c == 0 })
	}
	col := map[string]int{}
	header := make([]string, len(keys))
	for c, k := range keys {
		col[k], header[c] = c, labels[k].label
	}
	put(header, func(c int) ([2]int, bool) { p := labels[keys[c]]; return [2]int{p.lr, p.lc}, true })
	for i, card := range kept {
		row := make([]string, len(keys))
		cells := map[int][2]int{}
		for j, p := range card {
			row[col[keyed[i][j]]] = p.value
			cells[col[keyed[i][j]]] = [2]int{p.vr, p.vc}
		}
		put(row, func(c int) ([2]int, bool) {
			if at, ok := cells[c]; ok {
				return at, true
			}
			return [2]int{card[0].lr, -1}, true // a label this card lacks: its first line
		})
	}
	return t
}

// cardPairs reads the label | value pairs of a sheet of cards, row by row,
// and the row of the first. A label is a cell naming a ledger's field (or,
// in a column where such labels stand, a short text) followed in its row by
// its value; a label merged down over several rows gathers the values beside
// it; a label alone on its row (a Word form's 巡察反馈问题 across the page)
// takes the lines below it up to the next label. Titles between cards and
// signature lines end a label's lines and are no part of a card. Nil when
// no cell names a field.
func (s *sheet) cardPairs() ([]cardPair, int) {
	labelCols := map[int]bool{}
	for r := range s.cells {
		for c, t := range s.cells[r] {
			if hr, hc := s.home(r, c); hr == r && hc == c && isLabel(t) {
				labelCols[c] = true
			}
		}
	}
	if len(labelCols) == 0 {
		return nil, 0
	}
	var pairs []cardPair
	byLabel := map[[2]int]int{} // a label's cell → its pair
	first := -1
	pending := -1 // the pair whose label stands alone above its lines
	add := func(p cardPair) int {
		if first < 0 {
			first = p.lr
		}
		pairs = append(pairs, p)
		byLabel[[2]int{p.lr, p.lc}] = len(pairs) - 1
		return len(pairs) - 1
	}
	more := func(i, r, c int, text string) {
		p := &pairs[i]
		if p.value == "" {
			p.vr, p.vc = r, c
		}
		p.value = strings.TrimSpace(p.value + "\n" + text)
	}
	for r := range s.cells {
		own := map[int]bool{} // the row's own texts, by column
		var texts []string
		for c, t := range s.cells[r] {
			if hr, hc := s.home(r, c); hr == r && hc == c && t != "" {
				own[c] = true
				texts = append(texts, t)
			}
		}
		if len(own) == 0 {
			continue
		}
		if isFooter(texts) || signatureLabel.MatchString(normalizeHeader(texts[0])) {
			pending = -1 // 填报人：…, 单位负责人 | 张三 | 联系人 | 李四
			continue
		}
		// Values beside a label merged down from a row above: more of
		// the pair begun there.
		for c := 0; c < len(s.cells[r]); c++ {
			hr, hc := s.home(r, c)
			i, ok := byLabel[[2]int{hr, hc}]
			if hr == r || hc != c || !ok {
				continue
			}
			vc := c + max(s.spanWidth(hr, hc), 1)
			for ; vc < len(s.cells[r]); vc++ {
				if own[vc] {
					more(i, r, vc, s.cells[r][vc])
					delete(own, vc)
					break
				}
			}
		}
		switch len(own) {
		case 0:
			continue
		case 1:
			var c int
			for k := range own {
				c = k
			}
			t := s.cells[r][c]
			f := matchHeader(t)
			waiting := pending >= 0 && pairs[pending].value == ""
			switch {
			case f != fieldNone && exactField(parenthetical.ReplaceAllString(normalizeHeader(t), "")) != fieldNone:
				pending = add(cardPair{label: t, lr: r, lc: c, vr: r, vc: c})
			case waiting:
				more(pending, r, c, t) // the label's first line, however short
			case cardTitle.MatchString(strings.TrimSpace(t)):
				pending = -1 // 巡察反馈问题整改销号表（二）: a title between cards
			case f == fieldNone && first >= 0 && unknownLabel(t) && !strings.ContainsAny(t, "0123456789.．年月日"):
				pending = add(cardPair{label: t, lr: r, lc: c, vr: r, vc: c})
			case pending >= 0:
				more(pending, r, c, t)
			}
			continue
		}
		pending = -1
		for c := 0; c < len(s.cells[r]); {
			t := s.cells[r][c]
			hr, hc := s.home(r, c)
			w := max(s.spanWidth(hr, hc)-(c-hc), 1)
			if !own[c] || !labelCols[c] {
				c += w
				continue
			}
			vc := c + w
			value := ""
			if vc < len(s.cells[r]) && own[vc] && !s.labelAt(r, vc) {
				value = s.cells[r][vc]
			}
			f := matchHeader(t)
			if f == fieldNone && (value == "" || !unknownLabel(t)) ||
				f != fieldNone && value == "" && exactField(parenthetical.ReplaceAllString(normalizeHeader(t), "")) == fieldNone {
				c = vc
				continue // a note, a number, a title (巡察反馈问题整改归零表): not a label
			}
			p := cardPair{label: t, value: value, lr: r, lc: c, vr: r, vc: c}
			if value != "" {
				p.vc = vc
				vc += max(s.spanWidth(r, vc), 1)
			}
			add(p)
			c = vc
		}
	}
	// A label of no known field with nothing under it is no column.
	pairs = slices.DeleteFunc(pairs, func(p cardPair) bool { return p.value == "" && p.field() == fieldNone })
	if len(pairs) == 0 {
		return nil, 0
	}
	return pairs, first
}

// signatureLabel starts the line under a form where those who filled it
// in and checked it sign: no part of the last card.
var signatureLabel = regexp.MustCompile(`^(?:填表人|填报人|制表人|审核人|审批人|联系人|联系电话|负责人|主要负责人|单位负责人|填报日期|填表日期|填报单位|填表单位)(?:[（(][^）)]{0,6}[）)])?(?:签字|签名|盖章)?$`)

// cardTitle is a title line between cards: …表, …台账, …清单, perhaps
// numbered (（二）).
var cardTitle = regexp.MustCompile(`(?:表|台账|清单)(?:[（(][一二三四五六七八九十\d]+[)）])?$`)

// unknownLabel tells a text that may be the label of a field the reader does
// not know (问题产生根本原因, 佐证材料): short, no sentence, no number.
func unknownLabel(t string) bool {
	n := normalizeHeader(t)
	return n != "" && utf8.RuneCountInString(n) <= 12 && !isNumber(n) && !strings.ContainsAny(n, "，。；、,;")
}

// labelAt tells whether the cell at r, c beside a label is the next label
// rather than the first's value: it names a field and a value follows it
// (责任人 | 完成时限 | 2024年6月, the person left out), where 完成时限 |
// 长期坚持 is a value that happens to name one.
func (s *sheet) labelAt(r, c int) bool {
	if !isLabel(s.cells[r][c]) {
		return false
	}
	next := c + max(s.spanWidth(r, c), 1)
	return next < len(s.cells[r]) && s.cells[r][next] != "" && !isLabel(s.cells[r][next])
}

// isLabel tells a cell that names a ledger's field.
func isLabel(t string) bool {
	return t != "" && utf8.RuneCountInString(t) <= 20 && matchHeader(t) != fieldNone
}

// columnName is the name of column c (0-based): B.
func columnName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

// place turns the places of errors and warnings in a table made from cards
// or joined from lists into those of the sheets' own cells; others are
// returned as they are.
func (s *sheet) place(errs []CellError) []CellError {
	if s.at == nil {
		return errs
	}
	for i, e := range errs {
		n := 0
		for n < len(e.Column) && e.Column[n] >= 'A' && e.Column[n] <= 'Z' {
			n++
		}
		letters, rest := e.Column[:n], e.Column[n:]
		c := -1
		if letters != "" {
			if k, err := excelize.ColumnNameToNumber(letters); err == nil {
				c = k - 1
			}
		}
		at, ok := s.at[[2]int{e.Row - 1, max(c, 0)}]
		if line, lok := s.lines[e.Row-1]; lok && (c < 0 || !ok) {
			at, ok = line, true
		}
		if !ok || e.Row == 0 {
			continue
		}
		errs[i].Sheet, errs[i].Row = at.s.name, at.r+1
		if c >= 0 && at.c >= 0 {
			if name, err := excelize.ColumnNumberToName(at.c + 1); err == nil {
				errs[i].Column = name + rest
			}
		} else if c >= 0 {
			errs[i].Column = strings.TrimSuffix(strings.TrimPrefix(rest, "（"), "）")
		}
	}
	return errs
}
