package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Rows a transaction writes but does not read back at once (audit events;
// an import's tasks, task units, assignments, reports, transitions and
// closures) are kept and written several to a statement: on PostgreSQL each
// statement is a round trip, and a 10,000-row ledger wrote 108,000 of them.
// Kept rows are written before the transaction commits, when 256 of a kind
// are waiting, and before any statement that names their table or a table
// or view their triggers keep (laterAlso), so that every read and write in
// the transaction sees them as if they had been written at once. Rows whose
// ids others need are given them ahead (newID).

// laterBatch is the most rows one kept statement writes (19 columns of an
// assignment: 1,216 parameters, well within both databases' limits), and
// laterKeep how many rows of a kind are kept before all are written.
const (
	laterBatch = 64
	laterKeep  = 256
)

// laterRows are the kept rows of one table.
type laterRows struct {
	table string // as named in statements, to know when to write them
	head  string // INSERT INTO table (columns) VALUES
	tuple string // (?, ?, …)
	args  []any
	n     int
}

// insertLater keeps a row of table for insertion: head is "INSERT INTO
// table (columns) VALUES" and tuple one row's "(?, …)" with args.
func (t *Tx) insertLater(ctx context.Context, table, head, tuple string, args ...any) error {
	var k *laterRows
	for _, r := range t.later {
		if r.head == head && r.tuple == tuple {
			k = r
			break
		}
	}
	if k == nil {
		// Kept in the order of laterOrder, the order they are written in.
		k = &laterRows{table: table, head: head, tuple: tuple}
		at := slices.IndexFunc(t.later, func(r *laterRows) bool { return laterRank(r.table) > laterRank(table) })
		if at < 0 {
			at = len(t.later)
		}
		t.later = slices.Insert(t.later, at, k)
	}
	k.args = append(k.args, args...)
	k.n++
	if k.n >= laterKeep {
		// Every kind is written then, not only this one: the others'
		// rows would otherwise go in small statements each time a kind
		// they come before is written.
		return t.flushLater(ctx, "")
	}
	return nil
}

// flushLater writes every kept row, or those of the tables q names, in
// the order of laterOrder.
func (t *Tx) flushLater(ctx context.Context, q string) error {
	for _, k := range t.later {
		if k.n > 0 && (q == "" || names(q, k.table)) {
			if err := t.writeLater(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// laterAlso are the tables and views a kept table's triggers write, or that
// read it, under other names: a statement naming one writes the kept rows.
var laterAlso = map[string][]string{
	"assignments": {"light_tallies", "assignment_history", "assignment_lights", "assignment_tally_keys"},
	"tasks":       {"search"},
	"reports":     {"search"},
}

// names tells whether q names table or what laterAlso lists for it.
func names(q, table string) bool {
	if strings.Contains(q, table) {
		return true
	}
	for _, also := range laterAlso[table] {
		if strings.Contains(q, also) {
			return true
		}
	}
	return false
}

// laterOrder is the order kept rows are written in: a row refers only to
// rows of the tables before its own (an assignment to its task, a report
// or a transition to its assignment). Other tables come last.
var laterOrder = []string{"tasks", "task_units", "assignments", "transitions", "closures", "reports"}

func laterRank(table string) int {
	for i, t := range laterOrder {
		if t == table {
			return i
		}
	}
	return len(laterOrder)
}

// writeLater writes k's rows in statements of 64, 32, 16, 8, 4, 2 and 1
// rows, so that few distinct statements are prepared and kept. The kinds kept
// that k's rows may refer to, those before it in t.later, are written first.
func (t *Tx) writeLater(ctx context.Context, k *laterRows) error {
	for _, j := range t.later {
		if laterRank(j.table) >= laterRank(k.table) {
			break
		}
		if j.n > 0 {
			if err := t.writeLater(ctx, j); err != nil {
				return err
			}
		}
	}
	cols := len(k.args) / k.n
	args, n := k.args, k.n
	k.args, k.n = k.args[:0:0], 0
	for n > 0 {
		size := 1
		for _, s := range []int{laterBatch, 32, 16, 8, 4, 2} {
			if n >= s {
				size = s
				break
			}
		}
		q := k.head + " " + strings.Repeat(k.tuple+", ", size-1) + k.tuple
		if t.async {
			t.enqueue(ctx, k.table, q, args[:size*cols:size*cols])
		} else if _, err := t.execNow(ctx, q, args[:size*cols]...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", k.table, err)
		}
		args, n = args[size*cols:], n-size
	}
	return nil
}

// newID gives the id of a row of table that is kept to be written later,
// so that the rows which refer to it can be kept too. On SQLite, whose one
// writer is this transaction, ids follow the table's largest, read again
// after any statement that names the table (which may have inserted a row).
// On PostgreSQL they come from the table's sequence, 64 at a time and more
// for each fetch after (up to 1,024): every fetch waits for the rows being
// written in the background (later_async.go). Ids fetched and not used are
// gaps in the sequence, as a rolled-back insert leaves.
func (t *Tx) newID(ctx context.Context, table string) (int64, error) {
	if ids := t.ids[table]; len(ids) > 0 {
		t.ids[table] = ids[1:]
		return ids[0], nil
	}
	if t.db.dialect == SQLite {
		next, ok := t.next[table]
		if !ok {
			var last int64
			if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
				return 0, fmt.Errorf("store: ids of %s: %w", table, err)
			}
			next = last + 1
			if t.next == nil {
				t.next = map[string]int64{}
			}
		}
		t.next[table] = next + 1
		return next, nil
	}
	if t.fetched == nil {
		t.fetched = map[string]int{}
	}
	n := laterBatch << min(t.fetched[table], 4)
	t.fetched[table]++
	ids := make([]int64, 0, n)
	rows, err := t.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, ?)`, n)
	if err != nil {
		return 0, fmt.Errorf("store: ids of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, fmt.Errorf("store: ids of %s: %w", table, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: ids of %s: %w", table, err)
	}
	if t.ids == nil {
		t.ids = map[string][]int64{}
	}
	t.ids[table] = ids[1:]
	return ids[0], nil
}

// insertRow inserts a row of table and returns its id: at once, or, when
// keep is set, kept to be written with others (insertLater), its id given
// ahead. cols and tuple name and place the row's values but its id.
func (t *Tx) insertRow(ctx context.Context, keep bool, table, cols, tuple string, args ...any) (int64, error) {
	if !keep {
		return t.insert(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES (`+tuple+`)`, args...)
	}
	id, err := t.newID(ctx, table)
	if err != nil {
		return 0, err
	}
	return id, t.insertLater(ctx, table, `INSERT INTO `+table+` (id, `+cols+`) VALUES`, `(?, `+tuple+`)`, append([]any{id}, args...)...)
}

// forgetIDs drops the SQLite ids counted on for the tables q names: q may
// insert a row of its own there.
func (t *Tx) forgetIDs(q string) {
	if t.db.dialect != SQLite {
		return
	}
	for table := range t.next {
		if strings.Contains(q, table) {
			delete(t.next, table)
		}
	}
}
