package xlsx

import (
	"fmt"
	"strings"

	"duban/internal/duban"
)

// perMeasure are the fields whose cell a ledger numbers like the 整改措施
// cell beside it (1.财政局\n2.审计局, 1.2023年6月底前\n2.长期坚持), one
// part for each measure.
var perMeasure = []field{fieldLeadUnit, fieldCoopUnits, fieldLeader, fieldPerson, fieldDeadline, fieldAdjusted, fieldKind,
	fieldTarget, fieldProgress, fieldClosed}

// splitCells gives each of the n measures of data row r its part of the
// cells numbered as its 整改措施 cell is: a cell numbered in n parts gives
// the i-th measure its i-th part, and a 完成时限 cell of n lines that each
// hold a date of their own, one line. A cell numbered in another count is
// kept whole for every measure, with a warning: which part is whose cannot
// be told.
func (s *sheet) splitCells(r int, h *header, v row, n int) []row {
	rows := make([]row, n)
	for i := range rows {
		rows[i] = v
	}
	for _, f := range perMeasure {
		numbered := splitMeasures(v[f])
		parts := numbered
		if parts == nil && (f == fieldDeadline || f == fieldAdjusted) {
			parts = datedLines(v[f], s.year)
		}
		switch {
		case len(parts) == n:
			for i := range rows {
				rows[i][f] = parts[i]
			}
		case len(numbered) > 1:
			s.warn(CellError{Sheet: s.name, Row: r + 1, Column: h.column(f),
				Reason: fmt.Sprintf("该格分%d项，整改措施分%d项，数目不一致，整格内容用于每项措施，请核对", len(parts), n)})
		}
	}
	return rows
}

// datedLines returns the lines of a 完成时限 cell when there are several
// and each names a date of its own (2023年6月底前\n2023年12月底前); nil
// otherwise: "2023年6月底前\n长期坚持" may well be one deadline.
func datedLines(cell string, year int) []string {
	var lines []string
	for line := range strings.SplitSeq(strings.ReplaceAll(cell, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(strings.TrimSpace(line), "；;，,。")
		if line == "" {
			continue
		}
		if k, _, _, err := duban.ParseDeadlineIn(line, year); err != nil || k != duban.DeadlineDate {
			return nil
		}
		lines = append(lines, line)
	}
	if len(lines) < 2 {
		return nil
	}
	return lines
}

// warn adds a warning, unless it is the one just added: the whole cell
// kept for each measure of a row warns once.
func (s *sheet) warn(e CellError) {
	if n := len(s.warns); n > 0 && s.warns[n-1] == e {
		return
	}
	s.warns = append(s.warns, e)
}
