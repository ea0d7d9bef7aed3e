package duban

import (
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// AuditEvent is one entry of the append-only, hash-chained audit log.
type AuditEvent struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    *int64    `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   int64     `json:"target_id"`
	Before     string    `json:"before"` // JSON of the record before the write, or ""
	After      string    `json:"after"`  // JSON after the write, or ""
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the SM3 hash, in hex, over the event's content and
// its PrevHash. Each field is length-prefixed so that no two different
// events hash the same bytes.
func (e *AuditEvent) ComputeHash() string {
	h := sm3.New()
	var num [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(num[:], uint64(len(s)))
		h.Write(num[:])
		h.Write([]byte(s))
	}
	binary.BigEndian.PutUint64(num[:], uint64(e.Seq))
	h.Write(num[:])
	put(e.At.UTC().Format(time.RFC3339Nano))
	actor := int64(0)
	if e.ActorID != nil {
		actor = *e.ActorID
	}
	binary.BigEndian.PutUint64(num[:], uint64(actor))
	h.Write(num[:])
	put(e.ActorName)
	put(e.Action)
	put(e.TargetType)
	binary.BigEndian.PutUint64(num[:], uint64(e.TargetID))
	h.Write(num[:])
	put(e.Before)
	put(e.After)
	put(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}
