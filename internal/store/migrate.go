package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrations embed.FS

// Migration is one numbered schema change, the same version and name for
// both dialects.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations of a dialect in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("store: migration %s/%s is not named NNNN_name.sql", dir, name)
		}
		b, err := migrations.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, fmt.Errorf("store: read migration: %w", err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// migrate applies every migration not yet recorded, each in its own
// transaction. Applied migrations are never edited; a change is a new file.
func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, math.MaxInt)
}

// migrateTo applies the migrations not yet recorded up to version last: the
// upgrade test builds every earlier schema with it.
func (db *DB) migrateTo(ctx context.Context, last int) error {
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := db.write.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	ms, err := Migrations(db.dialect)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Version > last {
			break
		}
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m Migration) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer tx.Rollback()
	if db.dialect == Postgres {
		// Several instances may start at once: one migrates, the others wait.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7461626)`); err != nil {
			return fmt.Errorf("store: migrate lock: %w", err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind(`SELECT count(*) FROM schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("store: migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.Version, m.Name, db.now().Format("2006-01-02T15:04:05Z07:00")); err != nil {
		return fmt.Errorf("store: record migration %s: %w", m.Name, err)
	}
	return tx.Commit()
}

// Pending connects to dsn and returns the migrations that Open would apply,
// applying none: what "duban migrate --dry-run" lists. A database that does
// not exist yet has every migration pending (a SQLite file is not created).
func Pending(ctx context.Context, dsn string) ([]Migration, error) {
	isPG := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	d := SQLite
	if isPG {
		d = Postgres
	}
	all, err := Migrations(d)
	if err != nil {
		return nil, err
	}
	if !isPG {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return all, nil
		}
	}
	db, err := connect(dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	applied, err := db.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, m := range all {
		if !applied[m.Version] {
			out = append(out, m)
		}
	}
	return out, nil
}

// appliedVersions reads schema_migrations; a database without the table has
// none applied.
func (db *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	exists := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.dialect == Postgres {
		exists = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	}
	var n int
	if err := db.read.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	if n == 0 {
		return applied, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("store: read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	return applied, rows.Err()
}
