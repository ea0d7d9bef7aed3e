package xlsx

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"duban/internal/duban"
)

// spool keeps the rows of a ledger between its two passes in a temporary
// file: the first pass sizes the columns and rows as the outline is read,
// the second writes them from the file, so the outline is read once and no
// more than a row is held in memory.
type spool struct {
	f   *os.File
	w   *bufio.Writer
	buf []byte
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
	if m := r.m; m == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		for _, t := range []string{m.Title, m.Content, m.Target, m.Requirements, string(m.DeadlineKind), m.DeadlineText,
			m.LeadUnit, m.ResponsibleLeader, m.ResponsiblePerson, m.Progress, string(m.Status), string(m.Light), m.Note} {
			b = appendString(b, t)
		}
		b = binary.AppendUvarint(b, uint64(len(m.CoopUnits)))
		for _, u := range m.CoopUnits {
			b = appendString(b, u)
		}
		if m.Deadline.IsZero() {
			b = append(b, 0)
		} else {
			b = binary.AppendVarint(append(b, 1), m.Deadline.Time().Unix()/86400)
		}
	}
	s.buf = b
	_, err := s.w.Write(b)
	return err
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
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
	err error
}

func (rd *spoolReader) uvarint() uint64 {
	n, err := binary.ReadUvarint(rd.r)
	if rd.err == nil {
		rd.err = err
	}
	return n
}

func (rd *spoolReader) string() string {
	n := rd.uvarint()
	if rd.err != nil {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(rd.r, b); err != nil {
		rd.err = err
	}
	return string(b)
}

func (rd *spoolReader) measure() *duban.OutlineMeasure {
	m := &duban.OutlineMeasure{}
	for _, t := range []*string{&m.Title, &m.Content, &m.Target, &m.Requirements} {
		*t = rd.string()
	}
	m.DeadlineKind = duban.DeadlineKind(rd.string())
	m.DeadlineText = rd.string()
	for _, t := range []*string{&m.LeadUnit, &m.ResponsibleLeader, &m.ResponsiblePerson, &m.Progress} {
		*t = rd.string()
	}
	m.Status, m.Light, m.Note = duban.Status(rd.string()), duban.Light(rd.string()), rd.string()
	if n := rd.uvarint(); n > 0 && rd.err == nil {
		m.CoopUnits = make([]string, n)
		for i := range m.CoopUnits {
			m.CoopUnits[i] = rd.string()
		}
	}
	if b, _ := rd.r.ReadByte(); b == 1 {
		day, err := binary.ReadVarint(rd.r)
		if rd.err == nil {
			rd.err = err
		}
		m.Deadline = duban.DateOf(time.Unix(day*86400, 0).UTC())
	}
	return m
}
