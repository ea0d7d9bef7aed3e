// Package backup writes and reads duban's backup archives: a gzipped tar of
// files taken from a staging folder (the database snapshot, the evidence
// files, the audit key) followed by manifest.json, which lists every file
// with its size and SHA-256. Reading checks every file against the manifest
// before anything is trusted. It knows nothing of databases.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Format names the archive layout; a reader refuses any other.
const Format = "duban-backup/1"

// ManifestName is the archive's last member.
const ManifestName = "manifest.json"

// Manifest describes an archive.
type Manifest struct {
	Format   string           `json:"format"`
	Created  time.Time        `json:"created"`
	Version  string           `json:"duban_version"`
	Database string           `json:"database"` // "sqlite", or "postgres" (database not in the archive)
	Schema   int              `json:"schema_version,omitempty"`
	Rows     map[string]int64 `json:"rows,omitempty"`
	Entries  []Entry          `json:"entries"`
}

// Entry is one file of the archive.
type Entry struct {
	Path   string `json:"path"` // slash-separated, relative to the data folder
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Write archives the files at rels (slash paths relative to dir) into w,
// then the manifest m with their checksums.
func Write(w io.Writer, m Manifest, dir string, rels []string) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	m.Format = Format
	m.Entries = nil
	for _, rel := range rels {
		e, err := add(tw, dir, rel)
		if err != nil {
			return err
		}
		m.Entries = append(m.Entries, e)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: manifest: %w", err)
	}
	hdr := &tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(b)), ModTime: m.Created, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := tw.Write(b); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := gz.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func add(tw *tar.Writer, dir, rel string) (Entry, error) {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return Entry{}, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Entry{}, fmt.Errorf("backup: %w", err)
	}
	hdr := &tar.Header{Name: rel, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return Entry{}, fmt.Errorf("backup: %s: %w", rel, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), f)
	if err != nil {
		return Entry{}, fmt.Errorf("backup: %s: %w", rel, err)
	}
	return Entry{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Extract unpacks an archive into dir, which must be empty or absent, and
// checks every file against the manifest: a file missing, extra, altered
// or outside dir fails the whole restore, and what was unpacked is removed.
func Extract(r io.Reader, dir string) (*Manifest, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	m, err := extract(r, dir)
	if err != nil {
		removeContents(dir)
		return nil, err
	}
	return m, nil
}

func extract(r io.Reader, dir string) (*Manifest, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("backup: not a duban backup (gzip): %w", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]Entry{}
	var m *Manifest
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("backup: read archive: %w", err)
		}
		if m != nil {
			return nil, fmt.Errorf("backup: %s after the manifest", hdr.Name)
		}
		if hdr.Name == ManifestName {
			if m, err = readManifest(tr); err != nil {
				return nil, err
			}
			continue
		}
		e, err := unpack(tr, hdr, dir)
		if err != nil {
			return nil, err
		}
		got[e.Path] = e
	}
	if m == nil {
		return nil, errors.New("backup: the archive has no manifest (truncated?)")
	}
	return m, check(m, got)
}

func readManifest(r io.Reader) (*Manifest, error) {
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(r, 64<<20)).Decode(&m); err != nil {
		return nil, fmt.Errorf("backup: manifest: %w", err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("backup: format %q, want %q", m.Format, Format)
	}
	return &m, nil
}

// safe accepts relative slash paths that stay inside the folder.
func safe(name string) bool {
	return name != "" && !strings.HasPrefix(name, "/") && path.Clean(name) == name && name != ".." &&
		!strings.HasPrefix(name, "../") && !strings.Contains(name, "\\")
}

func unpack(tr *tar.Reader, hdr *tar.Header, dir string) (Entry, error) {
	if hdr.Typeflag != tar.TypeReg || !safe(hdr.Name) {
		return Entry{}, fmt.Errorf("backup: refused member %q (only plain files inside the data folder)", hdr.Name)
	}
	dst := filepath.Join(dir, filepath.FromSlash(hdr.Name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Entry{}, fmt.Errorf("backup: %w", err)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Entry{}, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), tr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Entry{}, fmt.Errorf("backup: %s: %w", hdr.Name, err)
	}
	return Entry{Path: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// check compares what was unpacked with the manifest.
func check(m *Manifest, got map[string]Entry) error {
	var problems []string
	for _, e := range m.Entries {
		g, ok := got[e.Path]
		switch {
		case !ok:
			problems = append(problems, e.Path+"：缺失")
		case g != e:
			problems = append(problems, fmt.Sprintf("%s：校验和不符（%s，应为 %s）", e.Path, g.SHA256, e.SHA256))
		}
		delete(got, e.Path)
	}
	for p := range got {
		problems = append(problems, p+"：清单中没有")
	}
	if len(problems) > 0 {
		return fmt.Errorf("backup: 备份文件与清单不符：%s", strings.Join(problems, "；"))
	}
	return nil
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("backup: 目标数据目录 %s 不是空的：只能恢复到空目录", dir)
	}
	return nil
}

// removeContents removes what a failed restore unpacked, keeping dir itself.
func removeContents(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
