package xlsx

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"duban/internal/duban"
)

// spool keeps the rows of a ledger between its two passes in a temporary
// file: the first pass sizes the columns and rows as the outline is read,
// the second writes them from the file, so the outline is read once and no
// more than a row is held in memory.
type spool struct {
	f         *os.File
	w         *bufio.Writer
	buf, mbuf []byte
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "duban-ledger-*")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// Close removes the file.
func (s *spool) Close() error {
	err := s.f.Close()
	if e := os.Remove(s.f.Name()); err == nil {
		err = e
	}
	return err
}

// put appends a row.
func (s *spool) put(r *ledgerRow) error {
	b := binary.AppendUvarint(s.buf[:0], uint64(r.place))
	b = binary.AppendUvarint(b, uint64(r.seq))
	if r.m == nil {
		b = append(b, 0)
	} else {
		mb, err := r.m.AppendBinary(s.mbuf[:0])
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		s.mbuf = mb
		b = append(binary.AppendUvarint(append(b, 1), uint64(len(mb))), mb...)
	}
	s.buf = b
	_, err := s.w.Write(b)
	return err
}

// each reads the rows back in order and calls fn with each, until fn
// returns false.
func (s *spool) each(places []place, fn func(r *ledgerRow) bool) error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	rd := &spoolReader{r: bufio.NewReaderSize(s.f, 1<<16)}
	for {
		at, err := binary.ReadUvarint(rd.r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil || at >= uint64(len(places)) {
			return fmt.Errorf("spool: bad row (%v)", err)
		}
		r := places[at].path
		r.place = int(at)
		r.seq = int(rd.uvarint())
		if b, _ := rd.r.ReadByte(); b == 1 {
			r.m = rd.measure()
		}
		if rd.err != nil {
			return fmt.Errorf("spool: %w", rd.err)
		}
		if !fn(&r) {
			return nil
		}
	}
}

// spoolReader reads the fields of a row, keeping the first error.
type spoolReader struct {
	r   *bufio.Reader
	buf []byte
	err error
}

func (rd *spoolReader) uvarint() uint64 {
	n, err := binary.ReadUvarint(rd.r)
	if rd.err == nil {
		rd.err = err
	}
	return n
}

// measure reads a measure's binary form, its length first.
func (rd *spoolReader) measure() *duban.OutlineMeasure {
	n := rd.uvarint()
	if rd.err != nil {
		return nil
	}
	rd.buf = slices.Grow(rd.buf[:0], int(n))[:n]
	if _, err := io.ReadFull(rd.r, rd.buf); err != nil {
		rd.err = err
		return nil
	}
	m := &duban.OutlineMeasure{}
	rd.err = m.UnmarshalBinary(rd.buf)
	return m
}
