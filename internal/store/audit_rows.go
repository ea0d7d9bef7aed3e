package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// audited names, for one kind of record, the table it lives in, the audit
// actions whose "after" holds the whole record (under key, when the record
// is nested), and the text fields compared: JSON name → column. Only
// fields that change through those actions alone are compared.
type audited struct {
	target, table string
	actions       []string
	key           string
	fields        map[string]string
}

var auditedRows = []audited{
	{"unit", "units", []string{"unit.create", "unit.update"}, "", map[string]string{"name": "name", "short_name": "short_name"}},
	{"user", "users", []string{"user.create", "user.update"}, "", map[string]string{"username": "username", "display_name": "display_name", "role": "role"}},
	{"source", "sources", []string{"source.create", "source.update"}, "", map[string]string{"title": "title"}},
	{"plan", "plans", []string{"plan.create", "plan.update"}, "", map[string]string{"title": "title"}},
	{"node", "nodes", []string{"node.create", "node.update"}, "", map[string]string{"title": "title"}},
	{"task", "tasks", []string{"task.create", "task.update", "task.import"}, "", map[string]string{"title": "title", "content": "content"}},
	{"report", "reports", []string{"report.create", "report.review", "report.revise", "report.import"}, "", map[string]string{"content": "content", "period": "period"}},
	{"meeting", "meetings", []string{"meeting.create", "meeting.update"}, "", map[string]string{"title": "title"}},
	{"feedback", "feedback", []string{"feedback.create", "feedback.update"}, "", map[string]string{"content": "content"}},
}

// columns returns the JSON names of the compared fields, in order, and
// their columns.
func (a audited) columns() (names, cols []string) {
	for f := range a.fields {
		names = append(names, f)
	}
	slices.Sort(names)
	cols = make([]string, len(names))
	for i, f := range names {
		cols[i] = a.fields[f]
	}
	return names, cols
}

// RowDrift is a business record that differs from its last audited state:
// changed, added or removed outside duban.
type RowDrift struct {
	Table  string
	ID     int64
	Field  string // "" when the whole record is missing or was never audited
	Reason string
}

func (d RowDrift) String() string {
	if d.Field == "" {
		return fmt.Sprintf("%s 第 %d 条：%s", d.Table, d.ID, d.Reason)
	}
	return fmt.Sprintf("%s 第 %d 条的 %s：%s", d.Table, d.ID, d.Field, d.Reason)
}

// CheckRows compares each record of the main business tables with the
// "after" of its latest audit event that holds the whole record, and names
// every record whose audited fields differ, that has no such event, or
// whose event outlives it. Edits made behind duban's back show here even
// though the chain itself is intact.
func (db *DB) CheckRows(ctx context.Context) ([]RowDrift, error) {
	var out []RowDrift
	for _, a := range auditedRows {
		d, err := db.checkTable(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, d...)
	}
	d, err := db.checkAssignments(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, d...), nil
}

func (db *DB) checkTable(ctx context.Context, a audited) ([]RowDrift, error) {
	want, err := db.lastAudited(ctx, a)
	if err != nil {
		return nil, err
	}
	names, cols := a.columns()
	rows, err := db.reader().QueryContext(ctx, `SELECT id, `+strings.Join(cols, ", ")+` FROM `+a.table+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: check %s: %w", a.table, err)
	}
	defer rows.Close()
	var out []RowDrift
	for rows.Next() {
		var id int64
		vals := make([]string, len(cols))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: check %s: %w", a.table, err)
		}
		rec, ok := want[id]
		if !ok {
			out = append(out, RowDrift{Table: a.table, ID: id, Reason: "没有审计记录（在 duban 之外插入）"})
			continue
		}
		delete(want, id)
		for i, f := range names {
			if v, ok := rec[f].(string); ok && v != vals[i] {
				out = append(out, RowDrift{Table: a.table, ID: id, Field: cols[i], Reason: "与最后一条审计记录不符（在 duban 之外改动）"})
			}
		}
	}
	for id := range want {
		out = append(out, RowDrift{Table: a.table, ID: id, Reason: "审计记录中有，表中已没有（在 duban 之外删除）"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, rows.Err()
}

// lastAudited returns, per record id, the decoded "after" of its latest
// audit event among a's actions.
func (db *DB) lastAudited(ctx context.Context, a audited) (map[int64]map[string]any, error) {
	in := strings.TrimSuffix(strings.Repeat("?, ", len(a.actions)), ", ")
	args := []any{a.target}
	for _, x := range a.actions {
		args = append(args, x)
	}
	// An import that failed deletes what it wrote and lists the ids per
	// table in import.discard events (import_staged.go): those records went
	// on purpose. Ids may be used again later, hence one pass in order.
	rows, err := db.reader().QueryContext(ctx, `SELECT target_id, action, after_json FROM audit_events
		WHERE (target_type = ? AND action IN (`+in+`, 'import.rows')) OR action = 'import.discard' ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: check %s: %w", a.table, err)
	}
	defer rows.Close()
	out := map[int64]map[string]any{}
	for rows.Next() {
		var id int64
		var action, after string
		if err := rows.Scan(&id, &action, &after); err != nil {
			return nil, fmt.Errorf("store: check %s: %w", a.table, err)
		}
		if action == "import.discard" {
			var gone map[string][]int64
			if json.Unmarshal([]byte(after), &gone) == nil {
				for _, id := range gone[a.table] {
					delete(out, id)
				}
			}
			continue
		}
		if action == "import.rows" {
			for id, rec := range gatheredRecords(after) {
				if a.key != "" {
					rec, _ = rec[a.key].(map[string]any)
				}
				if rec != nil {
					out[id] = rec
				}
			}
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(after), &rec); err != nil {
			continue // not a record: nothing to compare with
		}
		if a.key != "" {
			rec, _ = rec[a.key].(map[string]any)
		}
		if rec != nil {
			out[id] = rec
		}
	}
	return out, rows.Err()
}
