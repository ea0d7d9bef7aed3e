package files

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"duban/internal/duban"
)

func TestPutStoresOnceAndSniffs(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
	a, err := s.Put("整改报告.pdf", pdf)
	if err != nil || a.MIME != "application/pdf" || a.Size != int64(len(pdf)) {
		t.Fatalf("got %+v, %v", a, err)
	}
	b, err := s.Put("另一个名字.docx", pdf) // the name lies; the content decides
	if err != nil || b.SHA256 != a.SHA256 || b.MIME != "application/pdf" {
		t.Errorf("same content: got %+v, %v", b, err)
	}
	entries, _ := filepath.Glob(filepath.Join(s.Dir, "*", "*"))
	if len(entries) != 1 {
		t.Errorf("got %d stored files, want 1", len(entries))
	}
	got, err := s.Read(a.SHA256)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("read back: %v", err)
	}
	if _, err := s.Read("../../etc/passwd"); duban.ErrorCode(err) != duban.NotFound {
		t.Errorf("a path for a hash: got %v, want not found", err)
	}
}

func TestPutRefuses(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	exe := append([]byte("MZ\x90\x00"), make([]byte, 64)...)
	cases := map[string][]byte{"empty.pdf": nil, "tool.pdf": exe, "page.html": []byte("<html><script>alert(1)</script></html>"), "big.pdf": append([]byte("%PDF-"), make([]byte, MaxSize)...)}
	for name, data := range cases {
		if _, err := s.Put(name, data); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
	if entries, _ := os.ReadDir(s.Dir); len(entries) != 0 {
		t.Errorf("refused files left %d entries", len(entries))
	}
}
