package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// sealText is the part of an assignment row that the audit chain vouches
// for, as one line: task, unit, status, deadline kind and date, phase
// complete, signed off, closed at and version. These columns change only
// through duban's own writes, each of which stamps updated_at with its time
// and bumps the version; the columns kept by triggers or by the ladder
// (task title, notice due, last period) are left out.
func sealText(x *duban.Assignment) string {
	closed := ""
	if x.ClosedAt != nil {
		closed = x.ClosedAt.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("task %d|unit %d|%s|%s %s|phase %t|signed %t|closed %s|v%d",
		x.TaskID, x.Unit.ID, x.Status, x.DeadlineKind, x.Deadline, x.PhaseComplete, x.SignedOff, closed, x.Version)
}

// assignmentSeal is the "after" of an assignment.seal event: the sealed
// state of every assignment the transaction wrote, by id, and the ids it
// deleted.
type assignmentSeal struct {
	Rows    map[string]string `json:"rows"`
	Deleted []int64           `json:"deleted,omitempty"`
}

// sealAssignments appends, before commit, one assignment.seal event with
// the rows the transaction stamped with its time (all of them on the first
// write after migration 0027), unless it wrote none.
func (t *Tx) sealAssignments(ctx context.Context) error {
	if t.noSeal {
		return nil
	}
	where, args := ` WHERE a.updated_at = ?`, []any{t.now}
	var pending int
	// The rows from before the migration are sealed under the audit key
	// only: a write before the key is set (the calendar seeded on Open)
	// leaves them to the next.
	if !t.db.sealBase.Load() && t.db.keySet() {
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM audit_pending WHERE what = 'assignments'`).Scan(&pending); err != nil {
			return fmt.Errorf("store: seal assignments: %w", err)
		}
		if pending > 0 {
			where, args = "", nil
			if _, err := t.exec(ctx, `DELETE FROM audit_pending WHERE what = 'assignments'`); err != nil {
				return err
			}
		}
	}
	seal := assignmentSeal{Rows: map[string]string{}, Deleted: t.dropped}
	first, _, err := t.sealRows(ctx, &seal, `SELECT `+sealCols+` FROM assignments a`+where+` ORDER BY a.id`, args...)
	if err != nil {
		return fmt.Errorf("store: seal assignments: %w", err)
	}
	if len(seal.Rows) == 0 && len(seal.Deleted) == 0 {
		return nil
	}
	if first == 0 {
		first = seal.Deleted[0]
	}
	return t.audit(ctx, "assignment.seal", "assignment", first, nil, seal)
}

// sealCols are the columns of an assignment a that sealText reads
// (scanSeal): every write's seal reads back each assignment it stamped, and
// the whole of assignmentCols with the unit's name took twice as long (a
// 10,000-row import read 15,000 before each commit).
var sealCols = `a.id, a.task_id, a.unit_id, a.status, a.deadline_kind, a.deadline, a.phase_complete, a.signed_off, ` + tsCol("a.closed_at") + `, a.version`

func scanSeal(s interface{ Scan(...any) error }, x *duban.Assignment) error {
	return s.Scan(&x.ID, &x.TaskID, &x.Unit.ID, &x.Status, &x.DeadlineKind, &x.Deadline, &x.PhaseComplete, &x.SignedOff, scanNullTime{&x.ClosedAt}, &x.Version)
}

// sealRows puts the sealed state of the assignments q selects (its
// columns sealCols, in id order) into seal.Rows, and returns the first and
// last ids read (0 when none).
func (t *Tx) sealRows(ctx context.Context, seal *assignmentSeal, q string, args ...any) (first, last int64, err error) {
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Assignment
		if err := scanSeal(rows, &x); err != nil {
			return 0, 0, err
		}
		if first == 0 {
			first = x.ID
		}
		last = x.ID
		seal.Rows[strconv.FormatInt(x.ID, 10)] = sealText(&x)
	}
	return first, last, rows.Err()
}

// sealDone notes that the rows from before migration 0027 are sealed, once
// a write with the audit key has committed.
func (db *DB) sealDone() {
	if db.keySet() {
		db.sealBase.Store(true)
	}
}

// AssignmentsPending reports whether the assignments that existed when
// migration 0027 was applied still wait for their first seal (the next
// write of a server with its audit key); until then audit verify cannot
// compare them.
func (db *DB) AssignmentsPending(ctx context.Context) (bool, error) {
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM audit_pending WHERE what = 'assignments'`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: audit pending: %w", err)
	}
	return n > 0, nil
}

// checkAssignments compares every assignment with its last sealed state;
// nothing while the rows from before migration 0027 wait for their seal.
func (db *DB) checkAssignments(ctx context.Context) ([]RowDrift, error) {
	if pending, err := db.AssignmentsPending(ctx); err != nil || pending {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT after_json FROM audit_events WHERE action = 'assignment.seal' ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("store: check assignments: %w", err)
	}
	want := map[int64]string{}
	for rows.Next() {
		var after string
		if err := rows.Scan(&after); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: check assignments: %w", err)
		}
		var s assignmentSeal
		if json.Unmarshal([]byte(after), &s) != nil {
			continue
		}
		for k, v := range s.Rows {
			if id, err := strconv.ParseInt(k, 10, 64); err == nil {
				want[id] = v
			}
		}
		for _, id := range s.Deleted {
			delete(want, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: check assignments: %w", err)
	}
	all, err := db.reader().QueryContext(ctx, `SELECT `+sealCols+` FROM assignments a ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("store: check assignments: %w", err)
	}
	defer all.Close()
	var out []RowDrift
	for all.Next() {
		var x duban.Assignment
		if err := scanSeal(all, &x); err != nil {
			return nil, fmt.Errorf("store: check assignments: %w", err)
		}
		got, ok := want[x.ID]
		delete(want, x.ID)
		switch {
		case !ok:
			out = append(out, RowDrift{Table: "assignments", ID: x.ID, Reason: "没有审计记录（在 duban 之外插入）"})
		case got != sealText(&x):
			out = append(out, RowDrift{Table: "assignments", ID: x.ID, Field: sealDiff(got, sealText(&x)), Reason: "与最后一条审计记录不符（在 duban 之外改动）"})
		}
	}
	for id := range want {
		out = append(out, RowDrift{Table: "assignments", ID: id, Reason: "审计记录中有，表中已没有（在 duban 之外删除）"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, all.Err()
}

// sealDiff names the sealed parts that differ, e.g. "status, closed_at".
func sealDiff(a, b string) string {
	names := []string{"task_id", "unit_id", "status", "deadline", "phase_complete", "signed_off", "closed_at", "version"}
	x, y := strings.Split(a, "|"), strings.Split(b, "|")
	var d []string
	for i, n := range names {
		if i >= len(x) || i >= len(y) || x[i] != y[i] {
			d = append(d, n)
		}
	}
	return strings.Join(d, ", ")
}
