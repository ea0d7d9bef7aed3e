package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"duban/internal/backup"
	"duban/internal/store"
)

// runBackup runs "duban backup --out FILE": a consistent copy of the SQLite
// database (VACUUM INTO, while the server runs), then the evidence files it
// refers to and the other files of the data folder (the audit key), in one
// archive with a manifest of checksums. With PostgreSQL the database is
// left to pg_dump and the archive holds the files only.
func runBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	c := dbFlags(fs)
	out := fs.String("out", "", "备份文件（.tar.gz）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("用法：duban backup --out FILE.tar.gz [--data DIR] [--db URL]")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(filepath.Dir(*out), ".duban-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)
	m := backup.Manifest{Created: time.Now().UTC(), Version: buildInfo().Version, Database: "postgres"}
	var rels []string
	var referenced []string
	if !isPostgres(c.DSN()) {
		info, err := store.SnapshotSQLite(ctx, c.DSN(), filepath.Join(stage, "duban.db"))
		if err != nil {
			return err
		}
		m.Database, m.Schema, m.Rows, referenced = "sqlite", info.Schema, info.Rows, info.Files
		rels = append(rels, "duban.db")
	}
	// The snapshot is taken first: evidence files are written before the
	// rows that name them and never removed, so every file it refers to is
	// in the folder now.
	files, err := dataFiles(c.Data, filepath.Base(c.DSN()))
	if err != nil {
		return err
	}
	if missing := missingFiles(referenced, files); len(missing) > 0 {
		return fmt.Errorf("backup: 数据库引用的 %d 个佐证文件不在数据目录中，例如 %s", len(missing), missing[0])
	}
	rels = append(rels, files...)
	if err := writeArchive(*out, m, stage, c.Data, rels); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已备份到 %s：%d 个文件", *out, len(rels))
	if m.Database == "sqlite" {
		fmt.Fprintf(stdout, "，数据库架构版本 %d，%d 张表\n", m.Schema, len(m.Rows))
	} else {
		fmt.Fprintln(stdout, "\nPostgreSQL 的数据库不在此备份中：请另用 pg_dump 备份（见 README“备份与恢复”）。")
	}
	return nil
}

// dataFiles lists, as slash paths, the files of the data folder to back up:
// everything but the live SQLite database and its journals, which the
// snapshot replaces.
func dataFiles(dir, dbName string) ([]string, error) {
	skip := map[string]bool{dbName: true, dbName + "-wal": true, dbName + "-shm": true, dbName + "-journal": true}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() || !d.Type().IsRegular() || skip[rel] || strings.HasPrefix(d.Name(), ".upload-") {
			return nil
		}
		out = append(out, rel)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return out, nil
}

// missingFiles returns the referenced evidence files not among rels.
func missingFiles(shas, rels []string) []string {
	have := map[string]bool{}
	for _, r := range rels {
		have[r] = true
	}
	var out []string
	for _, s := range shas {
		if len(s) < 3 || !have["files/"+s[:2]+"/"+s[2:]] {
			out = append(out, s)
		}
	}
	return out
}

// writeArchive writes the archive next to out and renames it into place,
// so a failed backup never leaves a half-written file under out's name.
// The database snapshot is read from stage, the rest from data.
func writeArchive(out string, m backup.Manifest, stage, data string, rels []string) error {
	if _, err := os.Stat(filepath.Join(stage, "duban.db")); err == nil {
		// Link the data folder's files into the stage so one folder holds all.
		for _, r := range rels[1:] {
			dst := filepath.Join(stage, filepath.FromSlash(r))
			os.MkdirAll(filepath.Dir(dst), 0o750)
			if err := linkOrCopy(filepath.Join(data, filepath.FromSlash(r)), dst); err != nil {
				return err
			}
		}
		data = stage
	}
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := backup.Write(f, m, data, rels); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return os.Rename(tmp, out)
}

func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer in.Close()
	o, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return fmt.Errorf("backup: %w", err)
	}
	return o.Close()
}

// runRestore runs "duban restore FILE --data DIR": unpack into an empty
// data folder, check every checksum and the row counts of the database,
// then open it (migrating it forward if this duban is newer) and verify the
// audit chain.
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New("用法：duban restore FILE.tar.gz --data DIR（DIR 须为空目录）")
	}
	file := args[0]
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	c := dbFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	m, err := backup.Extract(f, c.Data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已解出 %d 个文件到 %s，校验和逐一相符。\n", len(m.Entries), c.Data)
	if m.Database != "sqlite" {
		fmt.Fprintln(stdout, "此备份不含数据库（PostgreSQL）：请用 pg_restore 恢复数据库后执行 duban audit verify。")
		return nil
	}
	dbPath := filepath.Join(c.Data, "duban.db")
	info, err := store.InspectSQLite(ctx, dbPath)
	if err != nil {
		return err
	}
	if !maps.Equal(info.Rows, m.Rows) {
		return fmt.Errorf("restore: 数据库各表行数与备份清单不符：%v，清单为 %v", info.Rows, m.Rows)
	}
	c.DB = "" // the restored folder's own database, with its own audit key
	db, err := openKeyed(ctx, c, false)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("restore: 恢复的数据库审计链核验失败：%w", err)
	}
	fmt.Fprintf(stdout, "数据库 %d 张表的行数与清单相符；审计链完好：共 %d 条记录。\n", len(m.Rows), n)
	return nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
