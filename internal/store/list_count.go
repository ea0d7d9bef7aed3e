package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// CountAssignments counts the assignments ListAssignments finds for p and f
// across all its pages (the cursor is left out), as they stand now. It reads
// the same index as the list (listIndex), so that a count of one unit's or
// status's share reads that share's range only.
func (db *DB) CountAssignments(ctx context.Context, p *duban.Principal, f duban.AssignmentFilter) (int, error) {
	f.Cursor, f.By, f.Latest = "", "", false // the order does not change the count
	f, none := listStatuses(f)
	if none {
		return 0, nil
	}
	units, err := db.unitsNamed(ctx, f.Text)
	if err != nil {
		return 0, err
	}
	t, err := db.listText(ctx, f.Text)
	if err != nil {
		return 0, err
	}
	w, err := assignmentWhereText(db.dialect, p, f, t, units...)
	if err != nil {
		return 0, err
	}
	if err := db.hideStaged(ctx, w, f.PlanID); err != nil {
		return 0, err
	}
	from := ` FROM assignments a`
	if index := listIndexText(p, f, t.walk); db.dialect == SQLite && index != "" && len(units) == 0 {
		from += ` INDEXED BY ` + index
	}
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*)`+from+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count assignments: %w", err)
	}
	return n, nil
}
