package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// The audit chain is keyed: from audit_head.keyed_from on, each event's
// hash is an HMAC-SM3 under a key kept outside the database (a file in the
// data folder, or DUBAN_AUDIT_KEY). Events before keyed_from, written
// before the chain was keyed, keep their plain SM3 hashes and verify as
// they did. audit_head.key_check tells a wrong key from a changed event.

// SetAuditKey sets the key of the audit chain. The first key a database
// sees is recorded (as a check value, not the key); a different key later
// is refused, so that a server started with the wrong key does not write
// events that no longer verify.
func (db *DB) SetAuditKey(ctx context.Context, key []byte) error {
	if len(key) < 16 {
		return fmt.Errorf("store: the audit key must be at least 16 bytes")
	}
	check := duban.AuditKeyCheck(key)
	if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE audit_head SET key_check = ? WHERE id = 1 AND key_check = ''`), check); err != nil {
		return fmt.Errorf("store: audit key: %w", err)
	}
	var have string
	if err := db.write.QueryRowContext(ctx, `SELECT key_check FROM audit_head WHERE id = 1`).Scan(&have); err != nil {
		return fmt.Errorf("store: audit key: %w", err)
	}
	if have != check {
		return ErrAuditKey
	}
	db.keyOnce.Do(func() {})
	db.auditKey, db.keyRandom = key, false
	if _, err := db.EncryptTOTPSecrets(ctx); err != nil {
		return err
	}
	return nil
}

// ErrAuditKey is the error for an audit key that is not the database's.
var ErrAuditKey = duban.Errorf(duban.Invalid, "审计密钥不对：与本数据库首次使用的密钥不同（检查 DUBAN_AUDIT_KEY 或数据目录下的 audit.key）")

// ErrNoAuditKey is the error for a keyed chain verified without its key.
var ErrNoAuditKey = duban.Errorf(duban.Invalid, "缺少审计密钥：审计链已用密钥保护，请设置 DUBAN_AUDIT_KEY 或在数据目录下放置 audit.key")

// seal returns the hash of e: plain SM3 before keyedFrom, HMAC-SM3 under
// the key from it on.
func (db *DB) seal(e *duban.AuditEvent, keyedFrom int64) string {
	if e.Seq < keyedFrom {
		return e.ComputeHash()
	}
	return e.ComputeMAC(db.key())
}

// keySet reports whether the audit key was set (SetAuditKey), not made up.
func (db *DB) keySet() bool { return db.auditKey != nil && !db.keyRandom }

// key returns the audit key. A store whose key was never set (tests, tools
// that do not verify) uses a random key of its own, so that nothing is
// ever sealed under a known key.
func (db *DB) key() []byte {
	db.keyOnce.Do(func() {
		if db.auditKey == nil {
			db.auditKey = []byte(duban.RandomSecret(32))
			db.keyRandom = true
		}
	})
	return db.auditKey
}

// checkAuditKey returns where the keyed chain starts, or an error when
// keyed events exist and the store has no key, or the wrong one.
func (db *DB) checkAuditKey(ctx context.Context) (int64, error) {
	var keyedFrom, head int64
	var check string
	if err := db.reader().QueryRowContext(ctx, `SELECT keyed_from, seq, key_check FROM audit_head WHERE id = 1`).Scan(&keyedFrom, &head, &check); err != nil {
		return 0, fmt.Errorf("store: audit head: %w", err)
	}
	db.key()
	switch {
	case head < keyedFrom:
	case db.keyRandom && check != "":
		return 0, ErrNoAuditKey
	case check != "" && check != duban.AuditKeyCheck(db.auditKey):
		return 0, ErrAuditKey
	}
	return keyedFrom, nil
}

// AuditAnchor is the head of the chain written down outside the database:
// the last event's sequence number and hash.
type AuditAnchor struct {
	Seq  int64
	Hash string
}

func (a AuditAnchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Hash) }

// ParseAnchor reads an anchor written as SEQ:HASH.
func ParseAnchor(s string) (AuditAnchor, error) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != 64 {
		return AuditAnchor{}, duban.Errorf(duban.Invalid, "锚点“%s”应写作 序号:哈希（duban audit anchor 的输出）", s)
	}
	return AuditAnchor{Seq: n, Hash: strings.ToLower(hash)}, nil
}

// Anchor returns the head of the audit chain, to be kept elsewhere.
func (db *DB) Anchor(ctx context.Context) (AuditAnchor, error) {
	var a AuditAnchor
	if err := db.reader().QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&a.Seq, &a.Hash); err != nil {
		return a, fmt.Errorf("store: audit head: %w", err)
	}
	return a, nil
}
