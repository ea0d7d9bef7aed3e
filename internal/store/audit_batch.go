package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// An import creates thousands of measures and reports in one transaction.
// Instead of an event each, their records are gathered (Tx.gather) and the
// transaction appends, before it commits, one import.rows event per kind of
// record: target type the kind, target id the first row's, and "after"
// {"rows": {"<id>": record, …}} holding the very records the rows' own
// events would have held. audit verify reads each as that row's last
// audited state (lastAudited). An imported measure's assignments have no
// event of their own: the measure's record names its units, and the
// transaction's assignment.seal holds each assignment's state as written.
// A 10,000-measure ledger wrote 35,000 events, a third of its import.

// gathered are the records an importing transaction has created, one
// entry per kind in the order first seen.
type gathered []gatheredKind

type gatheredKind struct {
	kind  string
	first int64        // the first row's id
	rows  bytes.Buffer // `"id":record,` …
}

// auditRow audits the creation of a row: into the transaction's gathered
// records when it gathers (an import), else as an event of its own.
func (t *Tx) auditRow(ctx context.Context, action, targetType string, id int64, rec any) error {
	if !t.gather {
		return t.audit(ctx, action, targetType, id, nil, rec)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", targetType, err)
	}
	i := slices.IndexFunc(t.gathered, func(g gatheredKind) bool { return g.kind == targetType })
	if i < 0 {
		i = len(t.gathered)
		t.gathered = append(t.gathered, gatheredKind{kind: targetType, first: id})
	}
	buf := &t.gathered[i].rows
	buf.WriteByte('"')
	buf.WriteString(strconv.FormatInt(id, 10))
	buf.WriteString(`":`)
	buf.Write(b)
	buf.WriteByte(',')
	return nil
}

// auditGathered appends the import.rows events of what the transaction
// gathered, one per kind.
func (t *Tx) auditGathered(ctx context.Context) error {
	for i := range t.gathered {
		g := &t.gathered[i]
		rows := g.rows.Bytes()
		after := make([]byte, 0, len(rows)+len(`{"rows":{}}`))
		after = append(after, `{"rows":{`...)
		after = append(after, rows[:len(rows)-1]...) // without the last comma
		after = append(after, `}}`...)
		if err := t.audit(ctx, "import.rows", g.kind, g.first, nil, rawJSON(after)); err != nil {
			return err
		}
	}
	t.gathered = nil
	return nil
}

// gatheredRecords decodes the "after" of an import.rows event: each row's
// record by id.
func gatheredRecords(after string) map[int64]map[string]any {
	var ev struct {
		Rows map[string]map[string]any `json:"rows"`
	}
	if json.Unmarshal([]byte(after), &ev) != nil {
		return nil
	}
	out := make(map[int64]map[string]any, len(ev.Rows))
	for k, rec := range ev.Rows {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil && rec != nil {
			out[id] = rec
		}
	}
	return out
}

// auditLoadedChunk is how many rows one event of auditLoaded vouches for.
const auditLoadedChunk = 1000

// auditLoaded vouches for every row a bulk load (DB.Generate) wrote, in the
// form audit verify reads: for each table of auditedRows, import.rows events
// holding the compared fields of each row, and assignment.seal events
// holding each assignment's sealed state, a thousand rows to an event. The
// rows are read back in the loading transaction, so the events hold what
// was written, in the very form verify compares.
func (t *Tx) auditLoaded(ctx context.Context) error {
	gather := t.gather
	t.gather = true
	defer func() { t.gather = gather }()
	for _, a := range auditedRows {
		names, cols := a.columns()
		q := `SELECT id, ` + strings.Join(cols, ", ") + ` FROM ` + a.table + ` WHERE id > ? ORDER BY id LIMIT ` + strconv.Itoa(auditLoadedChunk)
		for after := int64(0); ; {
			n, err := t.auditChunk(ctx, q, after, len(cols), func(id int64, vals []string) error {
				rec := make(map[string]string, len(names))
				for i, f := range names {
					rec[f] = vals[i]
				}
				after = id
				return t.auditRow(ctx, "", a.target, id, rec)
			})
			if err != nil {
				return fmt.Errorf("store: audit loaded %s: %w", a.table, err)
			}
			if n == 0 {
				break
			}
			if err := t.auditGathered(ctx); err != nil {
				return err
			}
			// Written at once rather than kept: each event holds a
			// thousand records.
			if err := t.flushLater(ctx, "audit_events"); err != nil {
				return err
			}
		}
	}
	q := `SELECT ` + sealCols + ` FROM assignments a WHERE a.id > ? ORDER BY a.id LIMIT ` + strconv.Itoa(auditLoadedChunk)
	for after := int64(0); ; {
		seal := assignmentSeal{Rows: map[string]string{}}
		first, last, err := t.sealRows(ctx, &seal, q, after)
		if err != nil {
			return fmt.Errorf("store: audit loaded assignments: %w", err)
		}
		if first == 0 {
			return nil
		}
		if err := t.audit(ctx, "assignment.seal", "assignment", first, nil, seal); err != nil {
			return err
		}
		if err := t.flushLater(ctx, "audit_events"); err != nil {
			return err
		}
		after = last
	}
}

// auditChunk runs q (one chunk of a table: its id and cols text columns,
// from after on) and calls each for every row once the rows are read (a
// statement cannot run on PostgreSQL's connection while rows are open). It
// returns how many rows there were.
func (t *Tx) auditChunk(ctx context.Context, q string, after int64, cols int, each func(id int64, vals []string) error) (int, error) {
	rows, err := t.QueryContext(ctx, q, after)
	if err != nil {
		return 0, err
	}
	type row struct {
		id   int64
		vals []string
	}
	var got []row
	for rows.Next() {
		r := row{vals: make([]string, cols)}
		dest := []any{&r.id}
		for i := range r.vals {
			dest = append(dest, &r.vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return 0, err
		}
		got = append(got, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range got {
		if err := each(r.id, r.vals); err != nil {
			return 0, err
		}
	}
	return len(got), nil
}
