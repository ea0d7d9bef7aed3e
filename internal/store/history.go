package store

import (
	"time"

	"duban/internal/duban"
)

// Every version of an assignment is kept in assignment_history by triggers
// (migration 0021), dated by the time of the transaction that wrote it.
// A figure asked for a past day is counted over the versions in force at
// the end of that day, so that it is what the same question answered on
// that day; today's and later days' figures read the assignments themselves.

// dayEnd is the instant a day ends in China time: a figure as of a day
// counts what stood at that instant.
func dayEnd(d duban.Date) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, duban.ChinaTime).UTC()
}

// rowSource is the assignments a figure is read from: the table, or its
// history at an instant, as a derived table with the table's columns.
// Its arguments come where the source stands in the query.
type rowSource struct {
	table string
	args  []any
	past  bool
}

// liveRows is the assignments as they are.
var liveRows = rowSource{table: "assignments"}

// historyCols are the columns of assignments, as the history keeps them.
const historyCols = `assignment_id AS id, task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline,
	sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, task_title, version, created_at, updated_at`

// rowsAt is the assignments as they stood at instant t.
func rowsAt(t time.Time) rowSource {
	return rowSource{
		table: `(SELECT ` + historyCols + ` FROM assignment_history WHERE valid_from < ? AND (valid_to IS NULL OR valid_to >= ?))`,
		args:  []any{t, t},
		past:  true,
	}
}

// rowsOn is the assignments as they stood at the end of day: the
// history for a day before today, the table itself otherwise.
func (db *DB) rowsOn(day duban.Date) rowSource {
	if day.IsZero() || !day.Before(db.asOf(duban.Date{})) {
		return liveRows
	}
	return rowsAt(dayEnd(day))
}

// with returns the source's arguments followed by args: the arguments of a
// query with no placeholder before its FROM.
func (s rowSource) with(args ...any) []any {
	return append(append([]any{}, s.args...), args...)
}
