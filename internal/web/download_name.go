package web

import (
	"context"
	"strings"

	"duban/internal/duban"
)

// ledgerFileName names an exported ledger by what it holds: the plan's
// ledger title, the unit when the export is one unit's, and the day it is
// as of, e.g. 关于…的整改台账-省科技厅-20261204.xlsx.
func (s *Server) ledgerFileName(ctx context.Context, title string, unit int64, day duban.Date) string {
	parts := []string{safeFileName(title)}
	if unit != 0 {
		if u, err := s.db.FindUnit(ctx, unit); err == nil {
			name := u.ShortName
			if name == "" {
				name = u.Name
			}
			parts = append(parts, safeFileName(name))
		}
	}
	if day.IsZero() {
		day = duban.DateOf(s.db.Now().In(duban.ChinaTime))
	}
	parts = append(parts, strings.ReplaceAll(day.String(), "-", ""))
	return strings.Join(parts, "-") + ".xlsx"
}

// safeFileName keeps a name usable as a file name on every desktop system.
func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, strings.ContainsRune(`/\:*?"<>|`, r):
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return s
}
