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
	q, args, _ := countQuery(db.dialect, w, listIndexText(p, f, t.walk), f, len(units) > 0)
	var n int
	if err := db.reader().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count assignments: %w", err)
	}
	return n, nil
}

// countQuery is the statement that counts the list of w, read as the list
// is from index (listIndex's; none when the text also names units: the
// planner joins both sets), and the index it reads: a list read by status
// is counted one status's range at a time.
func countQuery(d Dialect, w *where, index string, f duban.AssignmentFilter, namesUnits bool) (string, []any, string) {
	index, arms := listArms(d, index, f)
	switch {
	case index == "" || namesUnits:
		return `SELECT COUNT(*) FROM assignments a` + w.String(), w.args, ""
	case len(arms) > 0:
		q, args := armsQuery(w, index, arms, "COUNT(*) AS n", "", 0)
		return `SELECT COALESCE(SUM(n), 0) FROM (` + q + `) c`, args, index
	case d == SQLite:
		return `SELECT COUNT(*) FROM assignments a INDEXED BY ` + index + w.String(), w.args, index
	}
	return `SELECT COUNT(*) FROM assignments a` + w.String(), w.args, index
}
