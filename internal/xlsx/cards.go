package xlsx

import (
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
	key    string // the field's name, or the label of an unknown one
	label  string
	value  string
	lr, lc int // the label's cell
	vr, vc int // the value's cell
}

// cardTable reads a sheet with no table header as cards. It returns nil
// when the sheet holds none: fewer than three known labels with values, or
// a card without a problem or measure. It reads the whole sheet, and
// closes s.
func cardTable(s *sheet) *sheet {
	for s.load(len(s.cells)) {
	}
	s.close()
	if s.err != nil {
		return nil
	}
	s.square()
	pairs, first := s.cardPairs()
	if pairs == nil {
		return nil
	}
	// A card ends where a label it already holds comes again.
	var cards [][]cardPair
	seen := map[string]bool{}
	for _, p := range pairs {
		if len(cards) == 0 || seen[p.key] {
			cards, seen = append(cards, nil), map[string]bool{}
		}
		cards[len(cards)-1] = append(cards[len(cards)-1], p)
		seen[p.key] = true
	}
	var keys []string
	labels := map[string]cardPair{}
	known := map[string]bool{}
	for _, card := range cards {
		has := false
		for _, p := range card {
			if _, ok := labels[p.key]; !ok {
				keys, labels[p.key] = append(keys, p.key), p
			}
			if f := matchHeader(p.label); f != fieldNone && p.value != "" {
				known[p.key] = true
				has = has || f == fieldMeasure || f == fieldProblem || f == fieldSpecific || f == fieldRequirements
			}
		}
		if !has {
			return nil
		}
	}
	if len(known) < 3 {
		return nil
	}
	t := &sheet{f: s.f, name: s.name, origin: map[[2]int][2]int{}, width: len(keys), at: map[[2]int][2]int{}, year: s.year}
	put := func(cells []string, real func(c int) ([2]int, bool)) {
		r := len(t.cells)
		t.cells = append(t.cells, cells)
		for c := range cells {
			if at, ok := real(c); ok {
				t.at[[2]int{r, c}] = at
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
	for _, card := range cards {
		row := make([]string, len(keys))
		cells := map[int][2]int{}
		for _, p := range card {
			row[col[p.key]] = p.value
			cells[col[p.key]] = [2]int{p.vr, p.vc}
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
// takes the lines below it up to the next label. Nil when no cell names a
// field.
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
	first := -1
	pending := -1 // the pair whose label stands alone above its lines
	for r := range s.cells {
		var alone []int // the columns of the row's own texts
		for c, t := range s.cells[r] {
			if hr, hc := s.home(r, c); hr == r && hc == c && t != "" {
				alone = append(alone, c)
			}
		}
		if len(alone) == 0 {
			continue
		}
		if len(alone) == 1 {
			c := alone[0]
			t := s.cells[r][c]
			f := matchHeader(t)
			if f != fieldNone && exactField(parenthetical.ReplaceAllString(normalizeHeader(t), "")) != fieldNone ||
				f == fieldNone && first >= 0 && unknownLabel(t) {
				pairs, pending = append(pairs, cardPair{key: cardKey(t, f), label: t, lr: r, lc: c, vr: r, vc: c}), len(pairs)
				if first < 0 {
					first = r
				}
				continue
			}
			if pending >= 0 {
				p := &pairs[pending]
				if p.value == "" {
					p.vr, p.vc = r, c
				}
				p.value = strings.TrimSpace(p.value + "\n" + t)
			}
			continue // a title, a line between cards
		}
		pending = -1
		for c := 0; c < len(s.cells[r]); {
			t := s.cells[r][c]
			hr, hc := s.home(r, c)
			w := max(s.spanWidth(hr, hc)-(c-hc), 1)
			if t == "" || !labelCols[c] {
				c += w
				continue
			}
			vc := c + w
			value := ""
			if vc < len(s.cells[r]) && !s.labelAt(r, vc) {
				value = s.cells[r][vc]
			}
			if hr != r {
				// A label merged down from above: its value on this row
				// is more of the pair begun there.
				if n := len(pairs) - 1; n >= 0 && pairs[n].lr == hr && pairs[n].lc == hc && value != "" {
					if vr, vcc := s.home(r, vc); vr == r && vcc == vc {
						pairs[n].value = strings.TrimSpace(pairs[n].value + "\n" + value)
					}
				}
				c = vc
				continue
			}
			f := matchHeader(t)
			if f == fieldNone && (value == "" || !unknownLabel(t)) ||
				f != fieldNone && value == "" && exactField(parenthetical.ReplaceAllString(normalizeHeader(t), "")) == fieldNone {
				c = vc
				continue // a note, a number, a title (巡察反馈问题整改归零表): not a label
			}
			if first < 0 {
				first = r
			}
			p := cardPair{key: cardKey(t, f), label: t, value: value, lr: r, lc: c, vr: r, vc: c}
			if value != "" {
				p.vc = vc
				vc += max(s.spanWidth(r, vc), 1)
			}
			pairs = append(pairs, p)
			c = vc
		}
	}
	// A label of no known field with nothing under it is no column.
	pairs = slices.DeleteFunc(pairs, func(p cardPair) bool { return p.value == "" && matchHeader(p.label) == fieldNone })
	if len(pairs) == 0 {
		return nil, 0
	}
	return pairs, first
}

// cardKey is what joins a card's label to the same label of other cards:
// the field it names, else its own text.
func cardKey(label string, f field) string {
	if f != fieldNone {
		return fieldNames[f]
	}
	return normalizeHeader(label)
}

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

// place turns the places of errors and warnings in a table made from cards
// into those of the cards' own cells; others are returned as they are.
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
		if !ok || e.Row == 0 {
			continue
		}
		errs[i].Row = at[0] + 1
		if c >= 0 && at[1] >= 0 {
			if name, err := excelize.ColumnNumberToName(at[1] + 1); err == nil {
				errs[i].Column = name + rest
			}
		} else if c >= 0 {
			errs[i].Column = strings.TrimSuffix(strings.TrimPrefix(rest, "（"), "）")
		}
	}
	return errs
}
