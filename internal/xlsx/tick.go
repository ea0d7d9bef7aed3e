package xlsx

import "strings"

// tickState is the state a column of ticks stands for.
type tickState int

const (
	tickNone     tickState = iota
	tickDone               // 已完成
	tickOpen               // 未完成, 正在推进
	tickLongTerm           // 长期坚持
)

// tickColumn is a column of ticks and the state it stands for.
type tickColumn struct {
	col   int
	state tickState
}

// tickStates are the labels of columns that a ledger ticks to give a
// measure's state, one column per state.
var tickStates = map[string]tickState{
	"已完成": tickDone, "完成": tickDone, "已整改": tickDone, "已整改到位": tickDone, "已完成整改": tickDone,
	"已办结": tickDone, "办结": tickDone, "已销号": tickDone, "整改到位": tickDone, "已完成并长期坚持": tickDone,
	"未完成": tickOpen, "正在推进": tickOpen, "推进中": tickOpen, "正在整改": tickOpen, "整改中": tickOpen,
	"未整改": tickOpen, "序时推进": tickOpen, "基本完成": tickOpen, "阶段性完成": tickOpen, "部分完成": tickOpen,
	"正在落实": tickOpen, "未办结": tickOpen, "未销号": tickOpen, "持续整改": tickOpen,
	"长期坚持": tickLongTerm, "持续推进": tickLongTerm, "长期推进": tickLongTerm, "需长期坚持": tickLongTerm,
}

// tickLabel returns the state column c of the header block first..last is
// ticked for: its own label (the lowest, not merged from above) names a
// state, under a group label or beside another state column; under 是否完成,
// 是 and 否 do too. tickNone for any other column.
func (s *sheet) tickLabel(first, last, c int) tickState {
	own := normalizeHeader(s.cells[last][c])
	if hr, _ := s.home(last, c); hr != last || own == "" {
		return tickNone
	}
	grouped := false
	for r := first; r < last; r++ {
		switch matchHeader(s.cells[r][c]) {
		case fieldClosed:
			switch own {
			case "是":
				return tickDone
			case "否":
				return tickOpen
			}
			grouped = true
		case fieldProgress, fieldKind:
			grouped = true
		}
	}
	st := tickStates[own]
	if st == tickNone || grouped {
		return st
	}
	// Without a group label, one more state column beside it says these
	// are ticks: a lone 长期坚持 column is the 整改类型 flag.
	for _, d := range []int{-1, 1} {
		if c+d >= 0 && c+d < len(s.cells[last]) && tickStates[normalizeHeader(s.cells[last][c+d])] != tickNone {
			return st
		}
	}
	return tickNone
}

// isTick reports a cell ticked: √, ✓, ☑, 是, 1, ●.
func isTick(t string) bool {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "√", "✓", "✔", "☑", "✅", "是", "1", "●", "■", "★", "y", "yes", "v", "对", "有":
		return true
	}
	return false
}

// isUntick reports a cell that says its state is not the row's: 否, ×, 0.
func isUntick(t string) bool {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "否", "×", "✗", "✘", "0", "○", "n", "no", "不", "不是", "未":
		return true
	}
	return false
}

// tickedState gives row r of the table the state ticked in its tick
// columns, where the row's own cells do not say: a tick under 已完成 is 是否
// 销号 是, under 长期坚持 a long-term 整改类型. Words written instead of a
// tick are kept as progress, under the column's label.
func (s *sheet) tickedState(r int, h *header, v *row) {
	for _, t := range h.ticks {
		text := s.cells[r][t.col]
		if hr, _ := s.home(r, t.col); hr <= h.last || text == "" || isPlaceholder(text) || isUntick(text) {
			continue
		}
		if !isTick(text) {
			if v[fieldProgress] != "" {
				v[fieldProgress] += "\n"
			}
			v[fieldProgress] += h.labelOf(s, t.col) + "：" + text
			continue
		}
		switch {
		case t.state == tickDone && v[fieldClosed] == "":
			v[fieldClosed] = "是"
		case t.state == tickLongTerm && v[fieldKind] == "":
			v[fieldKind] = "长期坚持"
		}
	}
}
