package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"

	"duban/internal/duban"
)

// measureSpool keeps an outline's measures in a temporary file between
// reading them in the tables' order and yielding them in the document's.
// The document is cut into at most spoolParts parts of consecutive
// measures, and each measure is put with its part, whose bytes go to the
// file a chunk at a time: a part is then read back with a few large reads
// and put in order in memory, instead of a read per measure.
type measureSpool struct {
	f     *os.File
	end   int64 // bytes written
	per   int   // measures per part
	n     int
	parts []spoolPart
	buf   []byte
}

// spoolPart is a part's bytes: chunks written, and the rest not yet; and
// how many of its measures have been put.
type spoolPart struct {
	chunks [][2]int64 // offset, length
	buf    []byte
	put    int
}

const (
	spoolParts = 64
	spoolChunk = 32 << 10
)

// spoolPartMin is the fewest measures a part holds (a variable so that
// tests can cut a small plan into several parts).
var spoolPartMin = 2048

// newMeasureSpool makes a spool for the n measures of a document.
func newMeasureSpool(n int) (*measureSpool, error) {
	f, err := os.CreateTemp("", "duban-outline-*")
	if err != nil {
		return nil, fmt.Errorf("store: outline spool: %w", err)
	}
	per := max(spoolPartMin, (n+spoolParts-1)/spoolParts)
	return &measureSpool{f: f, per: per, n: n, parts: make([]spoolPart, (n+per-1)/per)}, nil
}

// put keeps m as the document's measure at pos (from 0).
func (s *measureSpool) put(pos int, m *duban.OutlineMeasure) error {
	var err error
	if s.buf, err = m.AppendBinary(s.buf[:0]); err != nil {
		return fmt.Errorf("store: outline spool: %w", err)
	}
	p := &s.parts[pos/s.per]
	p.put++
	p.buf = binary.AppendUvarint(binary.AppendUvarint(p.buf, uint64(pos)), uint64(len(s.buf)))
	p.buf = append(p.buf, s.buf...)
	if len(p.buf) < spoolChunk {
		return nil
	}
	if _, err := s.f.Write(p.buf); err != nil {
		return fmt.Errorf("store: outline spool: %w", err)
	}
	p.chunks = append(p.chunks, [2]int64{s.end, int64(len(p.buf))})
	s.end += int64(len(p.buf))
	p.buf = p.buf[:0]
	return nil
}

// size is how many measures part i holds.
func (s *measureSpool) size(i int) int { return min(s.per, s.n-i*s.per) }

// full reports whether every measure of part i has been put.
func (s *measureSpool) full(i int) bool { return s.parts[i].put == s.size(i) }

// spoolReader reads the parts of a spool back, reusing its buffers.
type spoolReader struct {
	s    *measureSpool
	data []byte
	at   [][2]int // where each measure of a part lies in data
}

// part calls fn with the measures of part i, which is full, in the
// document's order; it reports false when fn did.
func (r *spoolReader) part(i int, fn func(pos int, m *duban.OutlineMeasure) bool) (bool, error) {
	s, p := r.s, &r.s.parts[i]
	if r.at == nil {
		r.at = make([][2]int, s.per)
	}
	data, at := r.data[:0], r.at
	for _, c := range p.chunks {
		n := len(data)
		data = slices.Grow(data, int(c[1]))[:n+int(c[1])]
		if _, err := s.f.ReadAt(data[n:], c[0]); err != nil {
			return false, fmt.Errorf("store: outline spool: %w", err)
		}
	}
	data = append(data, p.buf...)
	r.data = data
	base, count := i*s.per, s.size(i)
	seen := 0
	for off := 0; off < len(data); seen++ {
		pos, n := binary.Uvarint(data[off:])
		if n <= 0 {
			return false, errSpoolRecord
		}
		size, k := binary.Uvarint(data[off+n:])
		if k <= 0 || pos < uint64(base) || pos >= uint64(base+count) || size > uint64(len(data)-off-n-k) {
			return false, errSpoolRecord
		}
		off += n + k
		at[int(pos)-base] = [2]int{off, off + int(size)}
		off += int(size)
	}
	if seen != count {
		return false, errSpoolRecord
	}
	for _, r := range at[:count] {
		m := &duban.OutlineMeasure{}
		if err := m.UnmarshalBinary(data[r[0]:r[1]]); err != nil {
			return false, fmt.Errorf("store: outline spool: %w", err)
		}
		if !fn(base, m) {
			return false, nil
		}
		base++
	}
	return true, nil
}

// errSpoolRecord is a record of the spool that does not read back.
var errSpoolRecord = errors.New("store: outline spool: bad record")

// close removes the file.
func (s *measureSpool) close() error {
	err := s.f.Close()
	if e := os.Remove(s.f.Name()); err == nil {
		err = e
	}
	return err
}
