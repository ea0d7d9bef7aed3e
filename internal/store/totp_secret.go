package store

import (
	"context"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// TOTP secrets are stored encrypted with SM4-GCM under a key derived from
// the audit key (HMAC-SM3 of a fixed label), which lives outside the
// database: the data folder's audit.key or DUBAN_AUDIT_KEY. A copy of the
// database alone cannot produce a second factor's codes. The user's id is
// the associated data, so that a secret copied onto another account's row
// does not open there. Secrets stored before (plain base32) are encrypted
// when the store is given its key (EncryptTOTPSecrets).

// totpPrefix marks an encrypted secret: "sm4:" + base64(nonce ‖ ciphertext).
const totpPrefix = "sm4:"

// totpAEAD returns the cipher of TOTP secrets, under the store's key.
func (db *DB) totpAEAD() (cipher.AEAD, error) {
	mac := hmac.New(sm3.New, db.key())
	mac.Write([]byte("duban: TOTP secrets (SM4-GCM)"))
	block, err := sm4.NewCipher(mac.Sum(nil)[:sm4.BlockSize])
	if err != nil {
		return nil, fmt.Errorf("store: totp cipher: %w", err)
	}
	return cipher.NewGCM(block)
}

// sealTOTP encrypts a user's secret for the users table.
func (db *DB) sealTOTP(userID int64, secret string) (string, error) {
	aead, err := db.totpAEAD()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("store: totp nonce: %w", err)
	}
	out := aead.Seal(nonce, nonce, []byte(secret), totpAD(userID))
	return totpPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// openTOTP decrypts what the users table holds for a user's secret: ""
// stays "", a secret stored before encryption is returned as it is.
func (db *DB) openTOTP(userID int64, stored string) (string, error) {
	if stored == "" || !strings.HasPrefix(stored, totpPrefix) {
		return stored, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(stored, totpPrefix))
	aead, aerr := db.totpAEAD()
	if aerr != nil {
		return "", aerr
	}
	if err != nil || len(raw) < aead.NonceSize() {
		return "", fmt.Errorf("store: totp secret of user %d is damaged", userID)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], totpAD(userID))
	if err != nil {
		// Another key (a database moved without its audit key) or a row
		// changed outside duban: the codes cannot be checked.
		return "", fmt.Errorf("store: totp secret of user %d does not open under this audit key", userID)
	}
	return string(plain), nil
}

func totpAD(userID int64) []byte { return []byte("user:" + strconv.FormatInt(userID, 10)) }

// EncryptTOTPSecrets encrypts the TOTP secrets stored in plain text before
// the secrets were encrypted, and returns how many it did. SetAuditKey
// calls it, so that every store opened with its key leaves none in plain.
// Like the key's check value, this changes how a value is stored, not what
// it is: it writes no audit event (an upgrade leaves the chain as it was).
func (db *DB) EncryptTOTPSecrets(ctx context.Context) (int, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT id, totp_secret FROM users WHERE totp_secret <> '' AND totp_secret NOT LIKE 'sm4:%' ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("store: encrypt totp secrets: %w", err)
	}
	plain := map[int64]string{}
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: encrypt totp secrets: %w", err)
		}
		plain[id] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(plain) == 0 {
		return 0, err
	}
	n := 0
	for id, s := range plain {
		sealed, err := db.sealTOTP(id, s)
		if err != nil {
			return n, err
		}
		res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?`), sealed, id, s)
		if err != nil {
			return n, fmt.Errorf("store: encrypt totp secrets: %w", err)
		}
		c, _ := res.RowsAffected()
		n += int(c)
	}
	return n, nil
}
