package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"duban/internal/duban"
)

// tmpDir is the folder under Dir where uploads wait until the transaction
// that references them; the sweep removes what a crash left there.
const tmpDir = "tmp"

// Staged is an upload streamed to a temporary file, not yet in place.
type Staged struct {
	File
	path string
	s    *Store
}

// Stage streams r to a temporary file, hashing it on the way, and checks
// its size and type. Nothing is in the store until Place; Discard removes
// the temporary file. Invalid when the file is empty, too large or of a
// type evidence may not have.
func (s *Store) Stage(name string, r io.Reader) (*Staged, error) {
	dir := filepath.Join(s.Dir, tmpDir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	st := &Staged{path: tmp.Name(), s: s}
	h := sha256.New()
	head := &headWriter{max: 4096}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, MaxSize+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		st.Discard()
		return nil, duban.Errorf(duban.Invalid, "文件“%s”读取失败", name)
	}
	if err := check(name, head.b, n); err != nil {
		st.Discard()
		return nil, err
	}
	st.File = File{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, MIME: Sniff(head.b)}
	return st, nil
}

// check applies Put's rules to a file of size n that begins with head.
func check(name string, head []byte, n int64) error {
	if n == 0 {
		return duban.Errorf(duban.Invalid, "文件“%s”是空的", name)
	}
	if n > MaxSize {
		return duban.Errorf(duban.Invalid, "文件“%s”超过%dMB上限", name, MaxSize>>20)
	}
	t := Sniff(head)
	if !allowed[t] && !strings.HasPrefix(t, "application/vnd.openxmlformats-officedocument.") {
		return duban.Errorf(duban.Invalid, "文件“%s”的类型（%s）不能作为佐证材料：请上传 PDF、图片、Word、Excel 或文本文件", name, t)
	}
	return nil
}

// Place moves the staged file into the store under its hash; a file stored
// before is kept and the copy dropped. Called inside the transaction that
// references the file, so that a committed reference always finds it.
func (st *Staged) Place() error {
	if st.s.Objects != nil {
		data, err := os.ReadFile(st.path)
		if err != nil {
			return fmt.Errorf("files: %w", err)
		}
		if err := st.s.putObject(st.File, data); err != nil {
			return err
		}
		return st.Discard()
	}
	path := st.s.path(st.SHA256)
	if _, err := os.Stat(path); err == nil {
		return st.Discard()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	if err := os.Rename(st.path, path); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// Discard removes the temporary file, if it is still there.
func (st *Staged) Discard() error {
	if err := os.Remove(st.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// Sweep removes files last changed before cutoff that nothing references
// (referenced is asked for each stored hash), and temporary uploads a crash
// left behind; with an object store, the objects of the bucket's files/
// last written before cutoff that nothing references too. It returns how
// many files and objects it removed.
func (s *Store) Sweep(cutoff time.Time, referenced func(sha string) (bool, error)) (int, error) {
	removed, err := s.sweepFolder(cutoff, referenced)
	if err != nil || s.Objects == nil {
		return removed, err
	}
	n, err := s.sweepObjects(cutoff, referenced)
	return removed + n, err
}

// sweepObjects removes the bucket's unreferenced files older than cutoff.
// Objects not named like a file (files/ab/cdef…) are not ours: kept.
func (s *Store) sweepObjects(cutoff time.Time, referenced func(sha string) (bool, error)) (int, error) {
	removed := 0
	err := s.Objects.Walk(context.Background(), "files/", func(k string, modified time.Time) error {
		sha := strings.Replace(strings.TrimPrefix(k, "files/"), "/", "", 1)
		if !modified.Before(cutoff) || len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" || key(sha) != k {
			return nil
		}
		if ok, err := referenced(sha); err != nil || ok {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), objectTimeout)
		defer cancel()
		if err := s.Objects.Remove(ctx, k); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("files: sweep: %w", err)
	}
	return removed, nil
}

// sweepFolder is Sweep in the data folder.
func (s *Store) sweepFolder(cutoff time.Time, referenced func(sha string) (bool, error)) (int, error) {
	removed := 0
	err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			return nil
		}
		rel, _ := filepath.Rel(s.Dir, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		switch {
		case len(parts) == 2 && parts[0] == tmpDir:
		case len(parts) == 2 && len(parts[0]) == 2 && len(parts[1]) == 62:
			ok, err := referenced(parts[0] + parts[1])
			if err != nil || ok {
				return err
			}
		default:
			return nil // not ours: leave it
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("files: sweep: %w", err)
	}
	return removed, nil
}

// headWriter keeps the first max bytes written to it, for sniffing.
type headWriter struct {
	b   []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
