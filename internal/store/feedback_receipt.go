package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// receiptAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const receiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newReceipt makes a 受理编号: the day in China and six random characters,
// about 890 million per day, so that numbers cannot be guessed in turn.
func newReceipt(now time.Time) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("store: receipt: %w", err)
	}
	for i := range b {
		b[i] = receiptAlphabet[int(b[i])%len(receiptAlphabet)]
	}
	return "YJ" + now.In(duban.ChinaTime).Format("20060102") + "-" + string(b[:]), nil
}

// NormalizeReceipt reads a receipt number as people type it: any case,
// with spaces, full-width characters or without the dash.
func NormalizeReceipt(s string) string {
	var out []rune
	for _, r := range strings.ToUpper(s) {
		if r >= '！' && r <= '～' {
			r -= 0xFEE0 // full-width to ASCII
		}
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			out = append(out, r)
		}
	}
	t := string(out)
	if len(t) == 16 && strings.HasPrefix(t, "YJ") {
		return t[:10] + "-" + t[10:]
	}
	return t
}

// FeedbackReceipt is what anyone holding a receipt number may see of a
// message: where it stands and the reply, not who sent it.
type FeedbackReceipt struct {
	Receipt   string               `json:"receipt"`
	Status    duban.FeedbackStatus `json:"status"`
	Reply     string               `json:"reply"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
}

// FeedbackByReceipt finds a message by its receipt number (one index
// lookup, so anonymous callers cost little). NotFound for any other number.
func (db *DB) FeedbackByReceipt(ctx context.Context, receipt string) (*FeedbackReceipt, error) {
	receipt = NormalizeReceipt(receipt)
	if len(receipt) != 17 {
		return nil, duban.Errorf(duban.NotFound, "受理编号不存在，请核对后重新输入")
	}
	var x FeedbackReceipt
	err := db.reader().QueryRowContext(ctx, `SELECT receipt, status, reply, created_at, updated_at FROM feedback WHERE receipt = ?`, receipt).
		Scan(&x.Receipt, &x.Status, &x.Reply, &x.CreatedAt, &x.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.NotFound, "受理编号不存在，请核对后重新输入")
	}
	if err != nil {
		return nil, fmt.Errorf("store: feedback by receipt: %w", err)
	}
	return &x, nil
}
