package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// SnapshotInfo describes a SQLite database file: what a backup's manifest
// records and what a restore checks.
type SnapshotInfo struct {
	Schema int              // highest migration applied
	Rows   map[string]int64 // rows per table
	Files  []string         // SHA-256 of every evidence file the database refers to
}

// SnapshotSQLite writes a consistent copy of the SQLite database at src to
// dst with VACUUM INTO, while other connections (a running server) go on
// reading and writing: the copy is one read transaction's view. dst must
// not exist. It returns what the copy holds.
func SnapshotSQLite(ctx context.Context, src, dst string) (*SnapshotInfo, error) {
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: snapshot: %s already exists", dst)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	return InspectSQLite(ctx, dst)
}

// InspectSQLite reads the schema version, the row count of every table and
// the evidence files referred to, from a SQLite file opened read-only.
func InspectSQLite(ctx context.Context, path string) (*SnapshotInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: inspect: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("store: inspect: %w", err)
	}
	defer db.Close()
	info := &SnapshotInfo{Rows: map[string]int64{}}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&info.Schema); err != nil {
		return nil, fmt.Errorf("store: inspect schema: %w", err)
	}
	tables, err := stringsOf(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: inspect tables: %w", err)
	}
	for _, t := range tables {
		var n int64
		// Table names come from sqlite_master, quoted as identifiers.
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", t, err)
		}
		info.Rows[t] = n
	}
	if info.Files, err = stringsOf(ctx, db, `SELECT sha256 FROM files ORDER BY sha256`); err != nil {
		return nil, fmt.Errorf("store: inspect files: %w", err)
	}
	return info, nil
}

func stringsOf(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
