package store

import (
	"context"
	"fmt"
	"strings"
)

// Rows nothing in a transaction reads back as it goes (audit events, the
// import's transitions, closures and task units) are kept and written
// several to a statement: on PostgreSQL each statement is a round trip, and
// a 10,000-row ledger wrote 108,000 of them, a third of them audit events.
// They are written before the transaction commits, when 64 of a kind are
// waiting, and before any statement that names their table, so that every
// read and write in the transaction sees them as if they had been written
// at once. No trigger or view reads these tables.

// laterBatch is the most rows one kept statement writes (11 columns of an
// audit event: 704 parameters, well within both databases' limits).
const laterBatch = 64

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
		k = &laterRows{table: table, head: head, tuple: tuple}
		t.later = append(t.later, k)
	}
	k.args = append(k.args, args...)
	k.n++
	if k.n >= laterBatch {
		return t.writeLater(ctx, k)
	}
	return nil
}

// flushLater writes every kept row, or those of the tables q names.
func (t *Tx) flushLater(ctx context.Context, q string) error {
	for _, k := range t.later {
		if k.n > 0 && (q == "" || strings.Contains(q, k.table)) {
			if err := t.writeLater(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeLater writes k's rows in statements of 64, 16, 4 and 1 rows, so that
// few distinct statements are prepared and kept.
func (t *Tx) writeLater(ctx context.Context, k *laterRows) error {
	cols := len(k.args) / k.n
	args, n := k.args, k.n
	k.args, k.n = k.args[:0:0], 0
	for n > 0 {
		size := 1
		for _, s := range []int{laterBatch, 16, 4} {
			if n >= s {
				size = s
				break
			}
		}
		q := k.head + " " + strings.Repeat(k.tuple+", ", size-1) + k.tuple
		if _, err := t.execNow(ctx, q, args[:size*cols]...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", k.table, err)
		}
		args, n = args[size*cols:], n-size
	}
	return nil
}
