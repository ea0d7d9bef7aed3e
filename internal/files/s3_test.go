package files_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// TestObjectStoreSweep: the sweep removes the bucket's objects that no
// evidence references once they are older than the grace period, and
// keeps referenced files, recent ones and objects that are not files.
func TestObjectStoreSweep(t *testing.T) {
	cfg, kind := s3test.Config(t)
	t.Logf("S3 server: %s", kind)
	ctx := context.Background()
	obj, err := files.OpenS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &files.Store{Dir: t.TempDir(), Objects: obj}
	kept, err := s.Put("引用的.txt", []byte("有报送引用的佐证"))
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := s.Put("孤立的.txt", []byte("上传后事务失败，无人引用"))
	if err != nil {
		t.Fatal(err)
	}
	foreign := []string{"notes/readme.txt", "files/zz/not-a-hash"}
	for _, k := range foreign {
		if err := obj.Put(ctx, k, []byte("not ours"), "text/plain"); err != nil {
			t.Fatal(err)
		}
	}
	var asked []string
	referenced := func(sha string) (bool, error) {
		asked = append(asked, sha)
		return sha == kept.SHA256, nil
	}
	// Within the grace period nothing goes, referenced or not.
	if n, err := s.Sweep(time.Now().Add(-time.Hour), referenced); err != nil || n != 0 || len(asked) != 0 {
		t.Fatalf("sweep of recent objects: %d removed, %d asked, %v; want none", n, len(asked), err)
	}
	// Once they are older than it, the orphan goes.
	n, err := s.Sweep(time.Now().Add(time.Minute), referenced)
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d removed, %v; want 1 (the orphan)", n, err)
	}
	if len(asked) != 2 {
		t.Errorf("the sweep asked about %v, want the two files only", asked)
	}
	if _, err := s.Read(orphan.SHA256); duban.ErrorCode(err) != duban.NotFound {
		t.Errorf("the orphan is still readable: %v", err)
	}
	if b, err := s.Read(kept.SHA256); err != nil || string(b) != "有报送引用的佐证" {
		t.Errorf("the referenced file: %q, %v", b, err)
	}
	for _, k := range foreign {
		if ok, err := obj.Exists(ctx, k); err != nil || !ok {
			t.Errorf("%s, not a file of ours, was removed (%v)", k, err)
		}
	}
}
