package store

import (
	"bufio"
	"fmt"
	"os"

	"duban/internal/duban"
)

// measureSpool keeps an outline's measures in a temporary file between
// reading them in the tables' order and yielding them in the document's.
type measureSpool struct {
	f   *os.File
	w   *bufio.Writer
	end int64 // bytes put so far
	buf []byte
}

func newMeasureSpool() (*measureSpool, error) {
	f, err := os.CreateTemp("", "duban-outline-*")
	if err != nil {
		return nil, fmt.Errorf("store: outline spool: %w", err)
	}
	return &measureSpool{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// put appends m and tells where it lies.
func (s *measureSpool) put(m *duban.OutlineMeasure) (at int64, size int, err error) {
	if s.buf, err = m.AppendBinary(s.buf[:0]); err != nil {
		return 0, 0, fmt.Errorf("store: outline spool: %w", err)
	}
	if _, err := s.w.Write(s.buf); err != nil {
		return 0, 0, fmt.Errorf("store: outline spool: %w", err)
	}
	at, s.end = s.end, s.end+int64(len(s.buf))
	return at, len(s.buf), nil
}

// read reads back the measure put at t's place, once the writer is flushed.
func (s *measureSpool) read(t outlineTask) (*duban.OutlineMeasure, error) {
	if cap(s.buf) < t.size {
		s.buf = make([]byte, t.size)
	}
	b := s.buf[:t.size]
	if _, err := s.f.ReadAt(b, t.at); err != nil {
		return nil, fmt.Errorf("store: outline spool: %w", err)
	}
	m := &duban.OutlineMeasure{}
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("store: outline spool: %w", err)
	}
	return m, nil
}

// close removes the file.
func (s *measureSpool) close() error {
	err := s.f.Close()
	if e := os.Remove(s.f.Name()); err == nil {
		err = e
	}
	return err
}
