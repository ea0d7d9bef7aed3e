package files_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/files/s3test"
)

func TestObjectStore(t *testing.T) {
	cfg, kind := s3test.Config(t)
	t.Logf("S3 server: %s", kind)
	ctx := context.Background()
	obj, err := files.OpenS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	one := &files.Store{Dir: dir, Objects: obj}
	data := []byte("%PDF-1.4\n整改佐证材料\n")
	f, err := one.Put("佐证.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if f.MIME != "application/pdf" || f.Size != int64(len(data)) {
		t.Errorf("got %+v", f)
	}
	if again, err := one.Put("again.pdf", data); err != nil || again != f {
		t.Errorf("second put: %+v %v", again, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("with an object store, %d entries were written to the folder", len(entries))
	}
	// Another instance, another folder, the same bucket.
	obj2, err := files.OpenS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	two := &files.Store{Dir: filepath.Join(t.TempDir(), "other"), Objects: obj2}
	got, err := two.Read(f.SHA256)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read on the other instance: %q %v", got, err)
	}
	missing := "0000000000000000000000000000000000000000000000000000000000000000"
	if _, err := two.Read(missing); duban.ErrorCode(err) != duban.NotFound {
		t.Errorf("missing object: got %v, want NotFound", err)
	}
	if _, err := one.Put("x.exe", []byte("MZ\x90\x00binary")); duban.ErrorCode(err) != duban.Invalid {
		t.Errorf("refused type: got %v, want Invalid", err)
	}
}
