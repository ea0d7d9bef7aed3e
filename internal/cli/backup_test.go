package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"duban/internal/config"
	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/store"
)

// TestBackupUnderLoadAndRestore backs up while writers keep adding units and
// evidence files, restores into an empty folder, and checks the copy: every
// checksum, the row counts of the snapshot, the audit chain, and that the
// snapshot holds everything written before the backup began.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := config.Load(func(string) string { return "" })
	c.Data = dir
	db, err := openKeyed(ctx, &c, true) // as serve does: the audit key made in the data folder
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := os.ReadFile(filepath.Join(dir, "audit.key"))
	if err != nil {
		t.Fatalf("the data folder has no audit key: %v", err)
	}
	fileStore := &files.Store{Dir: filepath.Join(dir, "files")}
	start, err := store.InspectSQLite(ctx, filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	base := start.Rows["units"]
	var written atomic.Int64
	write := func(i int) {
		u := &duban.Unit{Name: fmt.Sprintf("测试单位%04d", i), ShortName: fmt.Sprintf("单位%04d", i)}
		if err := db.CreateUnit(ctx, duban.System, u); err != nil {
			t.Errorf("create unit %d: %v", i, err)
			return
		}
		if _, err := fileStore.Put("佐证.txt", []byte(fmt.Sprintf("佐证材料 %d\n", i))); err != nil {
			t.Errorf("put file %d: %v", i, err)
		}
		written.Add(1)
	}
	for i := range 50 {
		write(i)
	}
	before := written.Load()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the load: writes go on during the backup
		defer wg.Done()
		for i := 50; ; i++ {
			select {
			case <-stop:
				return
			default:
				write(i)
			}
		}
	}()
	archive := filepath.Join(t.TempDir(), "duban-backup.tar.gz")
	code, out, errOut := run(t, "backup", "--data", dir, "--out", archive)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	after := written.Load()
	t.Logf("units written: %d before the backup, %d when it ended; %s", before, after, strings.TrimSpace(out))

	restored := filepath.Join(t.TempDir(), "restored")
	code, out, errOut = run(t, "restore", archive, "--data", restored)
	if code != 0 || !strings.Contains(out, "审计链完好") || !strings.Contains(out, "行数与清单相符") {
		t.Fatalf("restore: got %d %q %q", code, out, errOut)
	}
	if code, out, _ := run(t, "audit", "verify", "--data", restored); code != 0 || !strings.Contains(out, "审计链完好") {
		t.Errorf("audit verify on the restored copy: %d %q", code, out)
	}
	if got, err := os.ReadFile(filepath.Join(restored, "audit.key")); err != nil || !bytes.Equal(got, key) {
		t.Errorf("audit key in the restored copy: %q, %v; want the original key", got, err)
	}
	info, err := store.InspectSQLite(ctx, filepath.Join(restored, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	n := info.Rows["units"] - base
	if n < before || n > after {
		t.Errorf("restored %d test units, want between %d (before the backup) and %d (after)", n, before, after)
	}
	restoredFiles := &files.Store{Dir: filepath.Join(restored, "files")}
	for i := range n { // every unit in the snapshot had its file written first
		sum := sha256.Sum256([]byte(fmt.Sprintf("佐证材料 %d\n", i)))
		if _, err := restoredFiles.Read(hex.EncodeToString(sum[:])); err != nil {
			t.Errorf("evidence file %d missing from the restored copy: %v", i, err)
		}
	}

	// A second restore into a non-empty folder is refused.
	if code, _, errOut := run(t, "restore", archive, "--data", restored); code == 0 || !strings.Contains(errOut, "不是空的") {
		t.Errorf("restore into a used folder: got %d %q, want a refusal", code, errOut)
	}
}

func TestRestoreRefusesAlteredArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := config.Load(func(string) string { return "" })
	c.Data = dir
	db, err := openKeyed(ctx, &c, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	archive := filepath.Join(t.TempDir(), "b.tar.gz")
	if code, _, errOut := run(t, "backup", "--data", dir, "--out", archive); code != 0 {
		t.Fatal(errOut)
	}
	// Rewrite the archive with one byte of the key changed.
	altered := filepath.Join(t.TempDir(), "altered.tar.gz")
	rewrite(t, archive, altered, func(name string, b []byte) []byte {
		if name == "audit.key" {
			return []byte("x")
		}
		return b
	})
	target := filepath.Join(t.TempDir(), "r")
	code, _, errOut := run(t, "restore", altered, "--data", target)
	if code == 0 || !strings.Contains(errOut, "audit.key：校验和不符") {
		t.Errorf("altered archive: got %d %q, want a checksum refusal naming audit.key", code, errOut)
	}
	if entries, _ := os.ReadDir(target); len(entries) != 0 {
		t.Errorf("a refused restore left %d entries in the folder", len(entries))
	}
	// A member escaping the folder is refused.
	escaping := filepath.Join(t.TempDir(), "escape.tar.gz")
	rewrite(t, archive, escaping, func(name string, b []byte) []byte { return b }, "../evil")
	if code, _, errOut := run(t, "restore", escaping, "--data", filepath.Join(t.TempDir(), "r2")); code == 0 || !strings.Contains(errOut, "refused member") {
		t.Errorf("escaping member: got %d %q, want a refusal", code, errOut)
	}
}

// rewrite copies a backup archive through edit, adding members named extra first.
func rewrite(t *testing.T, src, dst string, edit func(string, []byte) []byte, extra ...string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range extra {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: 1, Typeflag: tar.TypeReg})
		tw.Write([]byte("x"))
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		b = edit(hdr.Name, b)
		hdr.Size = int64(len(b))
		tw.WriteHeader(hdr)
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
	os.WriteFile(dst, buf.Bytes(), 0o600)
}
