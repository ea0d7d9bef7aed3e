package duban

import (
	"encoding/binary"
	"errors"
	"time"
)

// A measure is kept on disk between the passes of a large export (the
// store puts the plan's measures in document order through a file, the
// ledger writer sizes its rows before writing them): AppendBinary and
// UnmarshalBinary are that file's form of a measure, compact and cheap.

// errMeasureBinary is a measure's binary form cut short or malformed.
var errMeasureBinary = errors.New("duban: bad binary measure")

// AppendBinary appends m's binary form to b.
func (m *OutlineMeasure) AppendBinary(b []byte) ([]byte, error) {
	for _, s := range []string{m.Title, m.Content, m.Target, m.Requirements, string(m.DeadlineKind), m.DeadlineText,
		m.LeadUnit, m.ResponsibleLeader, m.ResponsiblePerson, m.Progress, string(m.Status), string(m.Light), m.Note} {
		b = appendBinaryString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(m.CoopUnits)))
	for _, u := range m.CoopUnits {
		b = appendBinaryString(b, u)
	}
	if m.Deadline.IsZero() {
		return append(b, 0), nil
	}
	return binary.AppendVarint(append(b, 1), m.Deadline.Time().Unix()/86400), nil
}

func appendBinaryString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// UnmarshalBinary reads m from the binary form AppendBinary writes.
func (m *OutlineMeasure) UnmarshalBinary(data []byte) error {
	d := binaryReader{b: data}
	*m = OutlineMeasure{}
	for _, t := range []*string{&m.Title, &m.Content, &m.Target, &m.Requirements} {
		*t = d.string()
	}
	m.DeadlineKind = DeadlineKind(d.string())
	m.DeadlineText = d.string()
	for _, t := range []*string{&m.LeadUnit, &m.ResponsibleLeader, &m.ResponsiblePerson, &m.Progress} {
		*t = d.string()
	}
	m.Status, m.Light, m.Note = Status(d.string()), Light(d.string()), d.string()
	if n := d.uvarint(); n > 0 && !d.bad {
		if n > uint64(len(d.b)) {
			return errMeasureBinary
		}
		m.CoopUnits = make([]string, n)
		for i := range m.CoopUnits {
			m.CoopUnits[i] = d.string()
		}
	}
	if d.byte() == 1 {
		day, n := binary.Varint(d.b)
		if n <= 0 {
			return errMeasureBinary
		}
		d.b = d.b[n:]
		m.Deadline = DateOf(time.Unix(day*86400, 0).UTC())
	}
	if d.bad || len(d.b) > 0 {
		return errMeasureBinary
	}
	return nil
}

// binaryReader reads the fields of a binary form, noting when it runs short.
type binaryReader struct {
	b   []byte
	bad bool
}

func (d *binaryReader) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *binaryReader) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *binaryReader) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}
