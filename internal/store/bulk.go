package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// bulkInsert writes rows through multi-row INSERT statements of up to
// bulkRows rows each, inside the caller's transaction. Each statement is
// one event of the audit chain ("generate"), which names the table, the
// number of rows and the SHA-256 of their values, so that the chain covers
// bulk-loaded data without one event per row.
type bulkInsert struct {
	ctx   context.Context
	tx    *Tx
	table string
	head  string // INSERT INTO t (a, b) VALUES
	tuple string // (?, ?)
	cols  int
	n     int
	args  []any
	// parents are flushed before this one, so that foreign keys find
	// their rows (they are checked at once, not at commit).
	parents []*bulkInsert
	sum     hash.Hash
	buf     []byte
}

// bulkRows keeps a statement's parameters (rows × columns, at most 21
// columns here) well under SQLite's limit of 32,766 and PostgreSQL's 65,535.
const bulkRows = 500

func newBulkInsert(ctx context.Context, tx *Tx, table string, cols ...string) *bulkInsert {
	return &bulkInsert{
		ctx: ctx, tx: tx, table: table, cols: len(cols),
		head:  "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		tuple: "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")",
		args:  make([]any, 0, bulkRows*len(cols)),
		sum:   sha256.New(),
	}
}

func (b *bulkInsert) add(vals ...any) error {
	if len(vals) != b.cols {
		return fmt.Errorf("bulk insert: %d values for %d columns in %s", len(vals), b.cols, b.head)
	}
	b.args = append(b.args, vals...)
	if b.n++; b.n == bulkRows {
		return b.flush()
	}
	return nil
}

// batchEvent is what the audit chain records of one bulk statement.
type batchEvent struct {
	Table  string `json:"table"`
	Rows   int    `json:"rows"`
	SHA256 string `json:"sha256"` // of the values, each written as text and ended by a 0 byte
}

func (b *bulkInsert) flush() error {
	if b.n == 0 {
		return nil
	}
	for _, p := range b.parents {
		if err := p.flush(); err != nil {
			return err
		}
	}
	var q strings.Builder
	q.WriteString(b.head)
	for i := range b.n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(b.tuple)
	}
	if _, err := b.tx.exec(b.ctx, q.String(), b.args...); err != nil {
		return fmt.Errorf("bulk insert: %s…: %w", b.head, err)
	}
	b.sum.Reset()
	for _, v := range b.args {
		b.buf = appendValue(b.buf[:0], v)
		b.sum.Write(append(b.buf, 0))
	}
	var first int64
	if id, ok := b.args[0].(int64); ok {
		first = id
	} else if id, ok := b.args[0].(int); ok {
		first = int64(id)
	}
	ev := batchEvent{Table: b.table, Rows: b.n, SHA256: hex.EncodeToString(b.sum.Sum(nil))}
	if err := b.tx.audit(b.ctx, "generate", b.table, first, nil, ev); err != nil {
		return err
	}
	b.n, b.args = 0, b.args[:0]
	return nil
}

// appendValue writes v as text for the batch hash.
func appendValue(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "NULL"...)
	case string:
		return append(buf, x...)
	case int:
		return strconv.AppendInt(buf, int64(x), 10)
	case int64:
		return strconv.AppendInt(buf, x, 10)
	case bool:
		return strconv.AppendBool(buf, x)
	case time.Time:
		return x.UTC().AppendFormat(buf, time.RFC3339Nano)
	case fmt.Stringer:
		return append(buf, x.String()...)
	}
	return fmt.Append(buf, v)
}

// dropSecondaryIndexes drops the indexes of the tables that no constraint
// needs (the store's CREATE INDEX ones) and returns the statements that
// recreate them.
func dropSecondaryIndexes(ctx context.Context, tx *Tx, tables ...string) ([]string, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` + marks + `)`
	if tx.db.dialect == Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + marks + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)`
	}
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var names, ddl []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, ddl = append(names, name), append(ddl, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no indexes found on %v", tables)
	}
	for _, name := range names {
		if _, err := tx.exec(ctx, `DROP INDEX `+name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return ddl, nil
}
