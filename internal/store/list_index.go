package store

import (
	"context"
	"slices"
	"strings"

	"duban/internal/duban"
)

// listIndex names the index of migration 0013 that serves the list's
// filters: its equality columns are the filters given (aspect before plan,
// as an aspect lies in one plan; the unit, asked for or the liaison's own;
// a single status), then the list's order, (sort_deadline, id), on which
// the overdue and deadline-range conditions and the cursor are ranges. With
// no single status, the open assignments' partial index serves a list that
// leaves out closed ones. "" when a task is named: its few rows come from
// the (task_id, unit_id) key, as do those of the measures a text search
// finds.
//
// SQLite is told the index (INDEXED BY): without statistics it may walk a
// plan's deadline index and filter by unit, reading thousands of rows per
// page (issue measurements: 180 ms instead of 0.5 ms). PostgreSQL chooses
// from its statistics among the same indexes.
func listIndex(p *duban.Principal, f duban.AssignmentFilter) string {
	return listIndexText(p, f, false)
}

// listIndexText is listIndex with the text filter's form chosen: when walk
// (DB.listText), the list reads its filters' index in order and checks each
// row's measure against the search index, as if there were no text.
func listIndexText(p *duban.Principal, f duban.AssignmentFilter, walk bool) string {
	if f.TaskID != 0 {
		return ""
	}
	if _, ok := searchQuery(SQLite, f.Text); ok && !walk {
		// The text's matches come from the search index, and each one's
		// assignments by task: the page reads the matches, not the plan.
		return listByText
	}
	name := "assignments_"
	switch {
	case f.AspectID != 0:
		name += "aspect_"
	case f.PlanID != 0:
		name += "plan_"
	case f.By == duban.ListByUnit && f.UnitID == 0 && p.ReadsAll(), f.By == duban.ListByStatus && f.UnitID == 0 && p.ReadsAll():
		return "" // no index leads with the unit or the status over all plans
	}
	// Ordered by unit or status, the index has that column right after
	// the plan's or aspect's (the status ones have no open variant).
	if f.UnitID != 0 || !p.ReadsAll() || f.By == duban.ListByUnit {
		name += "unit_"
	}
	byUnit := f.By == duban.ListByUnit && f.UnitID == 0 && p.ReadsAll()
	switch {
	case len(f.Statuses) == 1 && byUnit:
		// No index has the unit, then the status, then the deadline in
		// order: the status is read off the unit's range.
		if listOpen(f) {
			name += "open_"
		}
	case len(f.Statuses) == 1 || f.By == duban.ListByStatus:
		name += "status_"
	case listOpen(f):
		name += "open_"
	}
	return name + "due"
}

// armIndexes maps the list indexes of migration 0013 that migration 0039
// dropped on SQLite (deadline order with no single status) to the index of
// each status that serves instead, one arm a status (listArms).
var armIndexes = map[string]string{
	"assignments_due": "assignments_status_due", "assignments_open_due": "assignments_status_due",
	"assignments_unit_due": "assignments_unit_status_due", "assignments_unit_open_due": "assignments_unit_status_due",
	"assignments_plan_due": "assignments_plan_status_due", "assignments_plan_open_due": "assignments_plan_status_due",
	"assignments_aspect_due": "assignments_aspect_status_due", "assignments_aspect_open_due": "assignments_aspect_status_due",
}

// openStatuses are the statuses of an assignment not closed.
var openStatuses = slices.DeleteFunc(slices.Clone(duban.Statuses), func(s duban.Status) bool { return s == duban.StatusClosed })

// listArms returns the index a list reads (listIndex's) and, when it reads
// one range of it per status (a list with no single status in deadline
// order, on SQLite), those statuses: the ones asked for, else the open ones
// when closed assignments are left out, else all. PostgreSQL keeps the
// indexes for such lists (migration 0039) and plans them itself.
func listArms(d Dialect, index string, f duban.AssignmentFilter) (string, []duban.Status) {
	base, ok := armIndexes[index]
	switch {
	case !ok || d != SQLite:
		return index, nil
	case len(f.Statuses) > 0:
		return base, f.Statuses
	case listOpen(f):
		return base, openStatuses
	}
	return base, duban.Statuses
}

// armsQuery is a compound SELECT of keys from assignments, one arm a
// status, each reading its status's range of index (SQLite, INDEXED BY)
// under w's conditions, merged in order and cut at limit (SQLite's MERGE
// (UNION ALL)), so that at most a page is read from each status instead of
// the whole set sorted. Without order (a count) the arms are only added
// together.
func armsQuery(w *where, index string, arms []duban.Status, keys, order string, limit int) (string, []any) {
	// The arm's status stands for the list's "a.status IN (…)", which
	// would have SQLite read the arm's range once per status and sort.
	conds, wargs := w.conds, w.args
	if in := w.statusIn; in.n > 0 {
		conds = slices.Concat(conds[:in.cond], conds[in.cond+1:])
		wargs = slices.Concat(wargs[:in.arg], wargs[in.arg+in.n:])
	}
	arm := (&where{conds: append(slices.Clone(conds), "a.status = ?")}).String()
	var b strings.Builder
	var args []any
	for i, s := range arms {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString("SELECT " + keys + " FROM assignments a INDEXED BY " + index + arm)
		args = append(append(args, wargs...), s)
	}
	if order != "" {
		b.WriteString(" ORDER BY " + order + " LIMIT ?")
		args = append(args, limit)
	}
	return b.String(), args
}

// listByText is the index that finds the assignments of the measures a
// text search matched: SQLite's of the key (task_id, unit_id).
const listByText = "sqlite_autoindex_assignments_1"

// listOpen reports whether the filter leaves out closed assignments, so
// that the list's condition names "a.status <> 'closed'" as the partial
// indexes do.
func listOpen(f duban.AssignmentFilter) bool {
	if f.Open || !f.OverdueAsOf.IsZero() {
		return true
	}
	return len(f.Statuses) > 1 && !slices.Contains(f.Statuses, duban.StatusClosed)
}

// listStatuses drops "closed" from the statuses asked for when the filter
// leaves closed assignments out anyway (open, overdue), so that the index
// of the statuses left serves; none reports that nothing can match.
func listStatuses(f duban.AssignmentFilter) (_ duban.AssignmentFilter, none bool) {
	if len(f.Statuses) == 0 || !(f.Open || !f.OverdueAsOf.IsZero()) || !slices.Contains(f.Statuses, duban.StatusClosed) {
		return f, false
	}
	var left []duban.Status
	for _, s := range f.Statuses {
		if s != duban.StatusClosed {
			left = append(left, s)
		}
	}
	f.Statuses = left
	return f, len(left) == 0
}

// ListSQL returns the statement and arguments ListAssignments runs for p
// and f, in the database's own placeholders, so that a load test can run
// the same SQL without the server around it. none reports that the filter
// is answered without a query.
func (db *DB) ListSQL(p *duban.Principal, f duban.AssignmentFilter) (q string, args []any, none bool, err error) {
	f, none = listStatuses(f)
	if none {
		return "", nil, true, nil
	}
	t, err := db.listText(context.Background(), f.Text)
	if err != nil {
		return "", nil, false, err
	}
	w, err := assignmentWhereText(db.dialect, p, f, t)
	if err != nil {
		return "", nil, false, err
	}
	if err := db.hideStaged(context.Background(), w, f.PlanID); err != nil {
		return "", nil, false, err
	}
	index, arms := listArms(db.dialect, listIndexText(p, f, t.walk), f)
	q, args = listAssignmentsQuery(db.dialect, w, index, arms, f.PageLimit()+1)
	return db.rebind(q), args, false, nil
}
