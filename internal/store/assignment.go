package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"duban/internal/duban"
)

var assignmentCols = `a.id, a.task_id, a.plan_id, a.aspect_id, a.unit_id, u.short_name, a.lead, a.status, a.deadline_kind, a.deadline, a.original_deadline,
	a.phase_complete, a.signed_off, ` + tsCol("a.closed_at") + `, ` + tsCol("a.assigned_at") + `, a.notice_due, a.last_period, a.task_title, a.version, ` +
	tsCol("a.created_at") + `, ` + tsCol("a.updated_at")

const assignmentFrom = ` FROM assignments a JOIN units u ON u.id = a.unit_id`

// scanAssignment scans the assignmentCols of a row into x, and the columns
// after them into more.
func scanAssignment(s interface{ Scan(...any) error }, x *duban.Assignment, more ...any) error {
	return s.Scan(append(assignmentDest(x), more...)...)
}

// assignmentDest is where the assignmentCols of a row go in x.
func assignmentDest(x *duban.Assignment) []any {
	return []any{&x.ID, &x.TaskID, &x.PlanID, &x.AspectID, &x.Unit.ID, &x.Unit.Name, &x.Lead, &x.Status, &x.DeadlineKind, &x.Deadline, &x.OriginalDeadline,
		&x.PhaseComplete, &x.SignedOff, scanNullTime{&x.ClosedAt}, scanNullTime{&x.AssignedAt}, &x.NoticeDue, &x.LastPeriod, &x.TaskTitle, &x.Version,
		scanTime{&x.CreatedAt}, scanTime{&x.UpdatedAt}}
}

// noDeadline sorts after every real deadline.
const noDeadline = "9999-12-31"

func sortDeadline(d duban.Date) string {
	if d.IsZero() {
		return noDeadline
	}
	return d.String()
}

func insertAssignment(ctx context.Context, tx *Tx, a *duban.Assignment) error {
	return insertAssignmentAs(ctx, tx, a, false)
}

// insertAssignmentAs is insertAssignment that, when keep is set, keeps the
// row to be written with others (later.go), its id given ahead.
func insertAssignmentAs(ctx context.Context, tx *Tx, a *duban.Assignment, keep bool) error {
	a.CreatedAt, a.UpdatedAt = tx.now, tx.now
	if a.Version == 0 {
		a.Version = 1
	}
	title := any(nil) // the task's, looked up unless given
	if a.TaskTitle != "" {
		title = a.TaskTitle
	}
	const cols = `task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline,
		assigned_at, closed_at, last_period, version, created_at, updated_at, task_title`
	const tuple = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT title FROM tasks WHERE id = ?))`
	args := []any{a.TaskID, a.PlanID, a.AspectID, a.Unit.ID, a.Lead, a.Status,
		a.DeadlineKind, a.Deadline, a.OriginalDeadline, sortDeadline(a.Deadline), a.AssignedAt, a.ClosedAt, a.LastPeriod, a.Version, tx.now, tx.now, title, a.TaskID}
	id, err := tx.insertRow(ctx, keep, "assignments", cols, tuple, args...)
	if err != nil {
		return err
	}
	a.ID = id
	if tx.gather {
		return nil // an import's: its measure's record and the seal hold it (audit_batch.go)
	}
	return tx.audit(ctx, "assignment.create", "assignment", id, nil, a)
}

func findAssignment(ctx context.Context, q queryer, id int64) (*duban.Assignment, error) {
	var x duban.Assignment
	if err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentCols+assignmentFrom+` WHERE a.id = ?`, id), &x); err != nil {
		return nil, notFound(err, "分办事项", id)
	}
	return &x, nil
}

// handedOver is the condition on an assignment row that a caller who does
// not read everything (a liaison) adds to its unit's: drafts, not yet 交办,
// are the lead office's alone. Prefix "a." where the row is aliased.
const handedOver = "status <> 'draft'"

// seeAssignment finds an assignment p may see. A liaison asking for another
// unit's assignment, or a draft (the lead office's alone until 交办), gets
// the same NotFound as for a missing one, so that it learns nothing.
func seeAssignment(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Assignment, error) {
	// Whether its plan is still being imported comes in the same query: this
	// runs at the start of every write on an assignment.
	var x duban.Assignment
	var staged bool
	if err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentCols+`, EXISTS (SELECT 1 FROM staged_plans s WHERE s.plan_id = a.plan_id)`+assignmentFrom+` WHERE a.id = ?`, id), &x, &staged); err != nil {
		return nil, notFound(err, "分办事项", id)
	}
	if staged || !p.ReadsAll() && (x.Unit.ID != p.UnitID || x.Status == duban.StatusDraft) {
		return nil, duban.Errorf(duban.NotFound, "分办事项（编号%d）不存在", id)
	}
	return &x, nil
}

// FindAssignment returns an assignment the caller may see, with its light
// as of asOf: for a past day, as it stood at the end of that day (NotFound
// if it did not exist yet).
func (db *DB) FindAssignment(ctx context.Context, p *duban.Principal, id int64, asOf duban.Date) (*duban.Assignment, error) {
	var x *duban.Assignment
	if src := db.rowsOn(asOf); src.past {
		x = &duban.Assignment{}
		err := scanAssignment(db.reader().QueryRowContext(ctx, `SELECT `+assignmentCols+` FROM `+src.table+` a JOIN units u ON u.id = a.unit_id WHERE a.id = ? AND `+planShownOf("a.plan_id"), src.with(id)...), x)
		if err != nil {
			return nil, notFound(err, "分办事项", id)
		}
		if !p.ReadsAll() && (x.Unit.ID != p.UnitID || x.Status == duban.StatusDraft) {
			return nil, duban.Errorf(duban.NotFound, "分办事项（编号%d）不存在", id)
		}
	} else {
		var err error
		if x, err = seeAssignment(ctx, db.reader(), p, id); err != nil {
			return nil, err
		}
	}
	return x, db.lighter(db.reader(), asOf).light(ctx, x)
}

func (db *DB) asOf(d duban.Date) duban.Date {
	if d.IsZero() {
		return duban.DateOf(db.Now().In(duban.ChinaTime))
	}
	return d
}

// ListAssignments lists the assignments the caller may see, ordered by
// deadline (those without one last) and id, a keyset page at a time.
func (db *DB) ListAssignments(ctx context.Context, p *duban.Principal, f duban.AssignmentFilter, asOf duban.Date) (duban.List[duban.Assignment], error) {
	var out duban.List[duban.Assignment]
	f, none := listStatuses(f)
	if none {
		return out, nil
	}
	units, err := db.unitsNamed(ctx, f.Text)
	if err != nil {
		return out, err
	}
	t, err := db.listText(ctx, f.Text)
	if err != nil {
		return out, err
	}
	w, err := assignmentWhereText(db.dialect, p, f, t, units...)
	if err != nil {
		return out, err
	}
	if err := db.hideStaged(ctx, w, f.PlanID); err != nil {
		return out, err
	}
	index, arms := listArms(db.dialect, listIndexText(p, f, t.walk), f)
	if len(units) > 0 {
		index, arms = "", nil // the text also names units: the planner joins both sets
	}
	limit := f.PageLimit()
	query, args := listAssignmentsQuery(db.dialect, w, index, arms, limit+1)
	if src := db.rowsOn(asOf); src.past {
		// As the list stood at the end of that day: statuses, deadlines
		// and the filters on them from the history, in no index's order.
		query, args = listPastQuery(w, limit+1, src)
	}
	rows, err := db.reader().QueryContext(ctx, query, args...)
	if err != nil {
		return out, fmt.Errorf("store: list assignments: %w", err)
	}
	defer rows.Close()
	l := db.lighter(db.reader(), asOf)
	// One set of destinations for every row, copied out after each scan.
	var x duban.Assignment
	var cadence duban.Cadence
	var reportDay int
	var ladder sql.RawBytes
	dest := append(assignmentDest(&x), &cadence, &reportDay, &ladder)
	out.Items = make([]duban.Assignment, 0, limit+1)
	for rows.Next() {
		x = duban.Assignment{}
		if err := rows.Scan(dest...); err != nil {
			return out, fmt.Errorf("store: list assignments: %w", err)
		}
		if _, ok := l.rules[x.PlanID]; !ok {
			if err := l.know(x.PlanID, cadence, reportDay, string(ladder)); err != nil {
				return out, err
			}
		}
		out.Items = append(out.Items, x)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: list assignments: %w", err)
	}
	rows.Close()
	out = pageOut(out, limit, func(x duban.Assignment) string {
		key := ""
		switch f.By {
		case duban.ListByUnit:
			key = strconv.FormatInt(x.Unit.ID, 10) + ","
		case duban.ListByStatus:
			key = string(x.Status) + ","
		}
		return base64.RawURLEncoding.EncodeToString([]byte(key + sortDeadline(x.Deadline) + "," + strconv.FormatInt(x.ID, 10)))
	})
	for i := range out.Items {
		if err := l.light(ctx, &out.Items[i]); err != nil {
			return out, err
		}
	}
	return out, nil
}

// listAssignmentsQuery is the query of ListAssignments for the conditions
// w and at most limit rows. The plans' rule columns come along, so that the
// lights need no second query (a page rarely spans more than one plan).
//
// On SQLite the index (listIndex) is named, so that the page is read in
// order from the filters' own range.
//
// A text filter's matches are few next to a plan, and sorted once found:
// on PostgreSQL the order is then written so that no index gives it, or a
// generic plan would walk the plan in order and probe each row's task.
//
// With arms (listArms, SQLite only) the page's ids are merged from one
// range of index per status (armsQuery), and its rows read by id.
func listAssignmentsQuery(d Dialect, w *where, index string, arms []duban.Status, limit int) (string, []any) {
	if len(arms) > 0 {
		keys, order, outer := "a.id AS id, a.sort_deadline AS sd", "sd"+w.dir()+", id"+w.dir(), "k.sd"+w.dir()+", k.id"+w.dir()
		if w.by != "" {
			keys, order, outer = w.by+" AS k0, "+keys, "k0"+w.dir()+", "+order, "k.k0"+w.dir()+", "+outer
		}
		inner, args := armsQuery(w, index, arms, keys, order, limit)
		return `SELECT ` + assignmentCols + `, p.` + strings.ReplaceAll(planRuleCols, ", ", ", p.") + ` FROM (` + inner +
			`) k JOIN assignments a ON a.id = k.id JOIN units u ON u.id = a.unit_id JOIN plans p ON p.id = a.plan_id ORDER BY ` + outer, args
	}
	from, order := assignmentFrom, ` ORDER BY `+w.first()+`a.sort_deadline`+w.dir()+`, a.id`+w.dir()
	if d == SQLite && index != "" {
		from = ` FROM assignments a INDEXED BY ` + index + ` JOIN units u ON u.id = a.unit_id`
	}
	if d == Postgres && index == listByText {
		order = ` ORDER BY ` + w.first() + `a.sort_deadline || ''` + w.dir() + `, a.id` + w.dir()
	}
	return `SELECT ` + assignmentCols + `, p.` + strings.ReplaceAll(planRuleCols, ", ", ", p.") +
			from + ` JOIN plans p ON p.id = a.plan_id` + w.String() + order + ` LIMIT ?`,
		append(append([]any{}, w.args...), limit)
}

// dir is the direction of an assignment list's order: " DESC" for the
// latest deadlines first, which reads the same index backwards.
func (w *where) dir() string {
	if w.desc {
		return " DESC"
	}
	return ""
}

// first is the list's first sort key with its direction and a comma, or
// "" when the list is ordered by deadline alone.
func (w *where) first() string {
	if w.by == "" {
		return ""
	}
	return w.by + w.dir() + ", "
}

// listPastQuery is the query of ListAssignments over the assignments as
// they stood in src.
func listPastQuery(w *where, limit int, src rowSource) (string, []any) {
	return `SELECT ` + assignmentCols + `, p.` + strings.ReplaceAll(planRuleCols, ", ", ", p.") + ` FROM ` + src.table +
			` a JOIN units u ON u.id = a.unit_id JOIN plans p ON p.id = a.plan_id` + w.String() + ` ORDER BY ` + w.first() + `a.sort_deadline` + w.dir() + `, a.id` + w.dir() + ` LIMIT ?`,
		append(src.with(w.args...), limit)
}

// unitsNamed returns the units whose short name holds text: a list's text
// filter also finds their assignments. Units are few; the LIKE reads them.
func (db *DB) unitsNamed(ctx context.Context, text string) ([]int64, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	ids, err := queryIDs(ctx, db.reader(), `SELECT id FROM units WHERE short_name LIKE ? ESCAPE '\' AND `+unitShown+` LIMIT 50`, likePattern(strings.TrimSpace(text)))
	if err != nil {
		return nil, fmt.Errorf("store: list assignments: %w", err)
	}
	return ids, nil
}

// assignmentWhere is the list's condition; textUnits are the units whose
// name holds the text filter, whose assignments it also finds.
func assignmentWhere(d Dialect, p *duban.Principal, f duban.AssignmentFilter, textUnits ...int64) (*where, error) {
	q, ok := searchQuery(d, f.Text)
	return assignmentWhereText(d, p, f, listText{m: textMatch{query: q}, ok: ok}, textUnits...)
}

// assignmentWhereText is assignmentWhere with the text filter's form
// chosen (DB.listText): when t.walk, each row the list's index yields is
// checked against the search index (for a text most measures hold),
// instead of reading the matches' assignments and sorting them (for a
// rarer one).
func assignmentWhereText(d Dialect, p *duban.Principal, f duban.AssignmentFilter, t listText, textUnits ...int64) (*where, error) {
	w := &where{}
	if !p.ReadsAll() {
		w.add("a.unit_id = ?", p.UnitID)
		w.add("a." + handedOver)
	}
	switch {
	case f.PlanID != 0 && f.AspectID != 0:
		// The aspect's index serves both, as an aspect lies in one plan:
		// the plan is checked once, against the aspect's node, so that no
		// planner walks the plan's index instead.
		w.add("(SELECT n.plan_id FROM nodes n WHERE n.id = ?) = ?", f.AspectID, f.PlanID)
	case f.PlanID != 0:
		w.add("a.plan_id = ?", f.PlanID)
	}
	if f.TaskID != 0 {
		w.add("a.task_id = ?", f.TaskID)
	}
	if f.AspectID != 0 {
		w.add("a.aspect_id = ?", f.AspectID)
	}
	if f.UnitID != 0 {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if len(f.Statuses) > 0 {
		w.statusIn.cond, w.statusIn.arg, w.statusIn.n = len(w.conds), len(w.args), len(f.Statuses)
		ph := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			if !s.Valid() {
				return nil, &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("状态“%s”无效", s), Fields: map[string]string{"status": "无效"}}
			}
			ph[i] = "?"
			w.args = append(w.args, s)
		}
		w.conds = append(w.conds, "a.status IN ("+strings.Join(ph, ", ")+")")
	}
	// Written exactly as the partial indexes' condition, so that they apply.
	if listOpen(f) {
		w.add("a.status <> 'closed'")
	}
	if !f.OverdueAsOf.IsZero() {
		w.add("a.sort_deadline < ?", f.OverdueAsOf.String())
		w.add("a.deadline_kind <> 'long_term'") // 限期 and 立行立改 fall overdue
	}
	if !f.DeadlineFrom.IsZero() {
		w.add("a.sort_deadline >= ?", f.DeadlineFrom.String())
	}
	if !f.DeadlineTo.IsZero() {
		w.add("a.sort_deadline <= ?", f.DeadlineTo.String())
	}
	if t.ok {
		// The measures whose title or content holds the text, from the
		// search index; the page is then sorted from their assignments.
		match, args := t.m.cond(d)
		cond := `a.task_id IN (SELECT ` + searchID(d) + ` / 4` + t.m.from(d) + ` WHERE ` + match + ` AND ` + searchID(d) + ` % 4 = 1)`
		if t.walk {
			cond, args = t.m.rowCond(d, "a.task_id * 4 + 1")
		}
		if len(textUnits) > 0 {
			cond = "(" + cond + " OR a.unit_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(textUnits)), ", ") + "))"
			for _, u := range textUnits {
				args = append(args, u)
			}
		}
		w.add(cond, args...)
	}
	switch f.By {
	case "":
	case duban.ListByUnit:
		w.by = "a.unit_id"
	case duban.ListByStatus:
		w.by = "a.status"
	default:
		return nil, &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("排序方式“%s”无效", f.By), Fields: map[string]string{"sort": "无效"}}
	}
	w.desc = f.Latest
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		parts := strings.Split(string(b), ",")
		var id int64
		var err2 error
		if len(parts) == 2 || len(parts) == 3 {
			id, err2 = strconv.ParseInt(parts[len(parts)-1], 10, 64)
		}
		if err != nil || err2 != nil || len(parts) != 2+min(len(w.by), 1) {
			return nil, &duban.Error{Code: duban.Invalid, Message: "分页游标无效", Fields: map[string]string{"cursor": "无效"}}
		}
		// A row value, so that the index range starts at the cursor.
		op := ">"
		if f.Latest {
			op = "<"
		}
		if w.by == "" {
			w.add("(a.sort_deadline, a.id) "+op+" (?, ?)", parts[0], id)
		} else {
			var key any = parts[0]
			if f.By == duban.ListByUnit {
				unit, err := strconv.ParseInt(parts[0], 10, 64)
				if err != nil {
					return nil, &duban.Error{Code: duban.Invalid, Message: "分页游标无效", Fields: map[string]string{"cursor": "无效"}}
				}
				key = unit
			}
			w.add("("+w.by+", a.sort_deadline, a.id) "+op+" (?, ?, ?)", key, parts[1], id)
		}
	}
	return w, nil
}

// UpdateAssignment changes an assignment's deadline outside the workflow
// (the lead office correcting a date). Stale on a version mismatch.
func (db *DB) UpdateAssignment(ctx context.Context, p *duban.Principal, id int64, version int, up duban.AssignmentUpdate) (*duban.Assignment, error) {
	var out *duban.Assignment
	var moved bool // the deadline was set anew
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := seeAssignment(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := managePlan(ctx, tx, p, before.PlanID); err != nil {
			return err
		}
		x := *before
		setOpt(&x.DeadlineKind, up.DeadlineKind)
		setOpt(&x.Deadline, up.Deadline)
		if x.DeadlineKind != duban.DeadlineDate && up.Deadline == nil {
			x.Deadline = duban.Date{}
		}
		if x.DeadlineKind == duban.DeadlineDate && x.Deadline.IsZero() {
			return &duban.Error{Code: duban.Invalid, Message: "限期完成的事项须填写整改时限", Fields: map[string]string{"deadline": "必填"}}
		}
		if _, ok := duban.DeadlineKindNames[x.DeadlineKind]; !ok {
			return &duban.Error{Code: duban.Invalid, Message: "时限类型无效", Fields: map[string]string{"deadline_kind": "无效"}}
		}
		if x.DeadlineKind == duban.DeadlineImmediate && x.Deadline.IsZero() && x.AssignedAt != nil {
			pl, err := findPlan(ctx, tx, x.PlanID)
			if err != nil {
				return err
			}
			x.Deadline = db.immediateDue(pl, duban.DateOf(x.AssignedAt.In(duban.ChinaTime)))
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "分办事项", `UPDATE assignments SET deadline_kind = ?, deadline = ?, sort_deadline = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND (? = 0 OR version = ?)`, x.DeadlineKind, x.Deadline, sortDeadline(x.Deadline), tx.now, id, version, version); err != nil {
			return err
		}
		out, moved = &x, x.Deadline != before.Deadline
		return tx.audit(ctx, "assignment.update", "assignment", id, before, x)
	})
	if err == nil && moved {
		out.Warnings = db.restDayWarnings("整改时限", out.Deadline)
	}
	return out, err
}

func setOpt[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}
