package xlsx

import "strings"

// outlineNode reads a row of a ledger written as one outline in its
// 整改措施 column, with no 问题 column: numbered 一 (in the 序号 column or
// before the text) it is an aspect, （一） a problem; it returns the level
// and what else the row holds. Rows numbered 1, 2 are the measures.
//
// A row that holds more (a unit, a deadline) is a heading only when the
// next row is numbered a level below it: 一 | 任务 | 单位 | 时限 over
// 二 | … is a list of measures numbered in words.
func (s *sheet) outlineNode(r int, h *header, v row) (int, row, bool) {
	level, ok := outlineLevel(h, v)
	if !ok {
		return 0, row{}, false
	}
	// What the row holds besides the heading: not the heading's text merged
	// across the other columns.
	rest := v
	rest[fieldSeq], rest[fieldMeasure] = "", ""
	tr, tc := s.home(r, h.col[fieldMeasure])
	for f, c := range h.col {
		if c < 0 {
			continue
		}
		if hr, hc := s.home(r, c); hr == tr && hc == tc {
			rest[f] = ""
		}
	}
	if rest.hasMeasure() {
		if !s.load(r + 1) {
			return 0, row{}, false
		}
		next := s.row(r+1, h)
		if l, ok := outlineLevel(h, next); next.empty() || ok && l <= level {
			return 0, row{}, false
		}
	}
	return level, rest, true
}

// outlineLevel is the level outlineNode reads a row at: 0 for 一, 1 for （一）.
func outlineLevel(h *header, v row) (int, bool) {
	if h.col[fieldProblem] >= 0 || v[fieldMeasure] == "" {
		return 0, false
	}
	seq, text := v[fieldSeq], v[fieldMeasure]
	switch {
	case seq != "" && chineseSeq.MatchString(seq):
		if strings.ContainsAny(seq, "（(") {
			return 1, true
		}
		return 0, true
	case seq != "":
		return 0, false
	case aspectNumbering.MatchString(text):
		return 0, true
	case subNumbering.MatchString(text):
		return 1, true
	}
	return 0, false
}
