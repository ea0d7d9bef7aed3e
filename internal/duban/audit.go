package duban

import (
	"crypto/hmac"
	"encoding/binary"
	"encoding/hex"
	"hash"
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
// its PrevHash: how events were chained before the chain was keyed.
func (e *AuditEvent) ComputeHash() string {
	h := sm3.New()
	e.writeTo(h)
	return hex.EncodeToString(h.Sum(nil))
}

// ComputeMAC returns the HMAC-SM3, in hex, of the event's content and its
// PrevHash under key. Without the key, which is kept outside the database,
// no one can rewrite an event and the ones after it so that they verify.
func (e *AuditEvent) ComputeMAC(key []byte) string {
	h := hmac.New(sm3.New, key)
	e.writeTo(h)
	return hex.EncodeToString(h.Sum(nil))
}

// writeTo writes the event's content and PrevHash to h. Each field is
// length-prefixed so that no two different events give the same bytes.
func (e *AuditEvent) writeTo(h hash.Hash) {
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
}

// AuditKeyCheck is what the database keeps to tell a wrong audit key from
// a changed event: the HMAC-SM3 of a fixed text under the key.
func AuditKeyCheck(key []byte) string {
	h := hmac.New(sm3.New, key)
	h.Write([]byte("duban audit key check"))
	return hex.EncodeToString(h.Sum(nil))
}
