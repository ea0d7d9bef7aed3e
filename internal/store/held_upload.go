package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"duban/internal/duban"
)

// An import is previewed before it is written: the file uploaded for the
// preview is held here, under a token only its uploader can use, until the
// preview is confirmed. The preview page carries the token, not the file.

// HeldFor is how long an uploaded file is held for its confirmation.
const HeldFor = time.Hour

// heldPerUser is how many uploads a user may have held at once; holding one
// more lets go of the oldest.
const heldPerUser = 3

// errHeldGone is what a token that is not (or no longer) the caller's gets.
var errHeldGone = &duban.Error{Code: duban.Invalid, Message: heldGone, Fields: map[string]string{"file": heldGone}}

const heldGone = "预览的文件已过期（上传后1小时内有效）或不属于当前用户，请重新选择文件"

// HoldUpload keeps an uploaded file for the caller and returns its token.
// Uploads older than HeldFor (anyone's) are let go at the same time.
func (db *DB) HoldUpload(ctx context.Context, p *duban.Principal, name string, data []byte) (string, error) {
	if p.UserID == 0 {
		return "", duban.ErrForbidden("上传文件")
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("store: upload token: %w", err)
	}
	token := hex.EncodeToString(b[:])
	err := db.update(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM held_uploads WHERE created_at < ?`, tx.now.Add(-HeldFor)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM held_uploads WHERE user_id = ? AND token NOT IN
			(SELECT token FROM held_uploads WHERE user_id = ? ORDER BY created_at DESC, token LIMIT ?)`, p.UserID, p.UserID, heldPerUser-1); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO held_uploads (token, user_id, name, data, created_at) VALUES (?, ?, ?, ?, ?)`, token, p.UserID, name, data, tx.now)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// HeldUpload returns the file the caller holds under token: its name and
// bytes. A token that is unknown, another user's or older than HeldFor is
// an Invalid error that asks for the file again.
func (db *DB) HeldUpload(ctx context.Context, p *duban.Principal, token string) (string, []byte, error) {
	var name string
	var data []byte
	var at time.Time
	err := db.reader().QueryRowContext(ctx, `SELECT name, data, created_at FROM held_uploads WHERE token = ? AND user_id = ?`, token, p.UserID).Scan(&name, &data, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil, errHeldGone
	case err != nil:
		return "", nil, fmt.Errorf("store: held upload: %w", err)
	case db.now().Sub(at) > HeldFor:
		return "", nil, errHeldGone
	}
	return name, data, nil
}

// DropUpload lets go of the caller's held file (after its import); an
// unknown token is no error.
func (db *DB) DropUpload(ctx context.Context, p *duban.Principal, token string) error {
	return db.update(ctx, p, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM held_uploads WHERE token = ? AND user_id = ?`, token, p.UserID)
		return err
	})
}
