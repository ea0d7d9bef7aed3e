// Package files keeps evidence files in the data folder, each stored once
// under the SHA-256 of its content, with its type sniffed from the content.
package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"duban/internal/duban"
)

// MaxSize is the largest evidence file accepted.
const MaxSize = 20 << 20

// Store is a content-addressed folder, or an object store's bucket when
// Objects is set (several instances then share the files).
type Store struct {
	Dir     string
	Objects *S3
}

// objectTimeout bounds one object store call.
const objectTimeout = time.Minute

// File is a stored file's identity.
type File struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	MIME   string `json:"mime"`
}

// allowed are the types evidence may have, by sniffed content type.
var allowed = map[string]bool{
	"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "image/bmp": true,
	"application/zip": true, "text/plain; charset=utf-8": true, "application/vnd.ms-excel": true,
}

// Sniff returns the content type of data, telling DOCX and XLSX apart from
// other zip files; the name a user gave is never trusted.
func Sniff(data []byte) string {
	t := http.DetectContentType(data)
	if t == "application/zip" {
		switch {
		case bytes.Contains(data[:min(len(data), 4096)], []byte("word/")):
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case bytes.Contains(data[:min(len(data), 4096)], []byte("xl/")):
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
	}
	if t == "application/octet-stream" && bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return "application/vnd.ms-excel" // old Office documents (.doc, .xls)
	}
	return t
}

// Put stores data once and returns its identity. Invalid when the file is
// empty, too large, or of a type evidence may not have.
func (s *Store) Put(name string, data []byte) (File, error) {
	if len(data) == 0 {
		return File{}, duban.Errorf(duban.Invalid, "文件“%s”是空的", name)
	}
	if len(data) > MaxSize {
		return File{}, duban.Errorf(duban.Invalid, "文件“%s”超过%dMB上限", name, MaxSize>>20)
	}
	t := Sniff(data)
	if !allowed[t] && !strings.HasPrefix(t, "application/vnd.openxmlformats-officedocument.") {
		return File{}, duban.Errorf(duban.Invalid, "文件“%s”的类型（%s）不能作为佐证材料：请上传 PDF、图片、Word、Excel 或文本文件", name, t)
	}
	sum := sha256.Sum256(data)
	f := File{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MIME: t}
	if s.Objects != nil {
		return f, s.putObject(f, data)
	}
	path := s.path(f.SHA256)
	if _, err := os.Stat(path); err == nil {
		return f, nil // stored before: content addressing stores it once
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return File{}, fmt.Errorf("files: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return File{}, fmt.Errorf("files: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return File{}, fmt.Errorf("files: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return File{}, fmt.Errorf("files: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return File{}, fmt.Errorf("files: %w", err)
	}
	return f, nil
}

// Read returns a stored file's content.
func (s *Store) Read(sha string) ([]byte, error) {
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return nil, duban.Errorf(duban.NotFound, "文件不存在")
	}
	if s.Objects != nil {
		ctx, cancel := context.WithTimeout(context.Background(), objectTimeout)
		defer cancel()
		b, err := s.Objects.Get(ctx, key(sha))
		if errors.Is(err, errNotStored) {
			return nil, duban.Errorf(duban.NotFound, "文件不存在")
		}
		return b, err
	}
	b, err := os.ReadFile(s.path(sha))
	if os.IsNotExist(err) {
		return nil, duban.Errorf(duban.NotFound, "文件不存在")
	}
	return b, err
}

func (s *Store) path(sha string) string { return filepath.Join(s.Dir, sha[:2], sha[2:]) }

// key is the object name of a file: the folder's layout, under files/.
func key(sha string) string { return "files/" + sha[:2] + "/" + sha[2:] }

// putObject stores data once in the bucket.
func (s *Store) putObject(f File, data []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), objectTimeout)
	defer cancel()
	if ok, err := s.Objects.Exists(ctx, key(f.SHA256)); err != nil || ok {
		return err
	}
	return s.Objects.Put(ctx, key(f.SHA256), data, f.MIME)
}
