package files

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStageAndSweep: a staged upload is outside the store until Place;
// Discard leaves nothing; the sweep removes old unreferenced files and
// temporary uploads, and keeps referenced and recent files.
func TestStageAndSweep(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	st, err := s.Stage("a.txt", strings.NewReader("第一份佐证"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(st.SHA256); err == nil {
		t.Fatal("a staged file is readable before Place")
	}
	if err := st.Place(); err != nil {
		t.Fatal(err)
	}
	if b, err := s.Read(st.SHA256); err != nil || string(b) != "第一份佐证" {
		t.Fatalf("after Place: got %q, %v", b, err)
	}
	gone, err := s.Stage("b.txt", strings.NewReader("丢弃的"))
	if err != nil {
		t.Fatal(err)
	}
	gone.Discard()
	if _, err := s.Stage("c.exe", strings.NewReader("MZ\x90\x00")); err == nil {
		t.Error("an executable was staged")
	}
	if _, err := s.Stage("empty.txt", strings.NewReader("")); err == nil {
		t.Error("an empty file was staged")
	}
	orphan, _ := s.Stage("o.txt", strings.NewReader("无人引用"))
	orphan.Place()
	crashed, _ := s.Stage("t.txt", strings.NewReader("崩溃遗留"))
	recent, _ := s.Stage("r.txt", strings.NewReader("刚上传"))
	recent.Place()
	old := time.Now().Add(-48 * time.Hour)
	for _, p := range []string{s.path(st.SHA256), s.path(orphan.SHA256), crashed.path} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	foreign := filepath.Join(s.Dir, "README")
	os.WriteFile(foreign, []byte("not ours"), 0o600)
	os.Chtimes(foreign, old, old)
	n, err := s.Sweep(time.Now().Add(-24*time.Hour), func(sha string) (bool, error) { return sha == st.SHA256, nil })
	if err != nil || n != 2 {
		t.Fatalf("sweep: got %d removed, %v; want 2 (the orphan and the crashed upload)", n, err)
	}
	for _, keep := range []string{s.path(st.SHA256), s.path(recent.SHA256), foreign} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed", keep)
		}
	}
	for _, drop := range []string{s.path(orphan.SHA256), crashed.path} {
		if _, err := os.Stat(drop); err == nil {
			t.Errorf("%s was kept", drop)
		}
	}
}
