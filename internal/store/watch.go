package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"duban/internal/duban"
)

// SavedFilter is a ledger filter a user saved under a name (常用筛选):
// Query is the ledger's query string, as its address has it.
type SavedFilter struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxSavedFilters is how many filters a user may keep.
const MaxSavedFilters = 30

// SaveFilter keeps a ledger filter under a name for the caller; a filter
// of the same name is replaced.
func (db *DB) SaveFilter(ctx context.Context, p *duban.Principal, name, query string) (*SavedFilter, error) {
	name, query = strings.TrimSpace(name), strings.TrimPrefix(strings.TrimSpace(query), "?")
	switch {
	case p.UserID == 0:
		return nil, duban.ErrForbidden("保存筛选条件")
	case name == "":
		return nil, &duban.Error{Code: duban.Invalid, Message: "请为筛选条件起一个名称", Fields: map[string]string{"name": "必填"}}
	case utf8.RuneCountInString(name) > 40:
		return nil, &duban.Error{Code: duban.Invalid, Message: "名称不能超过40个字", Fields: map[string]string{"name": "过长"}}
	case query == "" || len(query) > 1000:
		return nil, &duban.Error{Code: duban.Invalid, Message: "筛选条件为空或过长", Fields: map[string]string{"query": "无效"}}
	}
	out := &SavedFilter{Name: name, Query: query}
	err := db.update(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM saved_filters WHERE user_id = ? AND name = ?`, p.UserID, name); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM saved_filters WHERE user_id = ?`, p.UserID).Scan(&n); err != nil {
			return fmt.Errorf("store: count saved filters: %w", err)
		}
		if n >= MaxSavedFilters {
			return duban.Errorf(duban.Conflict, "最多保存%d个常用筛选，请先删除不用的", MaxSavedFilters)
		}
		out.CreatedAt = tx.now
		var err error
		out.ID, err = tx.insert(ctx, `INSERT INTO saved_filters (user_id, name, query, created_at) VALUES (?, ?, ?, ?)`, p.UserID, name, query, tx.now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SavedFilters lists the caller's saved filters by name.
func (db *DB) SavedFilters(ctx context.Context, p *duban.Principal) ([]SavedFilter, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT id, name, query, created_at FROM saved_filters WHERE user_id = ? ORDER BY name, id`, p.UserID)
	if err != nil {
		return nil, fmt.Errorf("store: saved filters: %w", err)
	}
	defer rows.Close()
	out := []SavedFilter{}
	for rows.Next() {
		var f SavedFilter
		if err := rows.Scan(&f.ID, &f.Name, &f.Query, &f.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: saved filters: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DeleteSavedFilter removes one of the caller's saved filters; NotFound
// for another user's.
func (db *DB) DeleteSavedFilter(ctx context.Context, p *duban.Principal, id int64) error {
	return db.update(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM saved_filters WHERE id = ? AND user_id = ?`, id, p.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return duban.Errorf(duban.NotFound, "常用筛选（编号%d）不存在", id)
		}
		return nil
	})
}

// Follow adds (on) or removes an assignment the caller may see to the
// items they follow (我关注的). Following twice is following.
func (db *DB) Follow(ctx context.Context, p *duban.Principal, assignmentID int64, on bool) error {
	if p.UserID == 0 {
		return duban.ErrForbidden("关注事项")
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if _, err := seeAssignment(ctx, tx, p, assignmentID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM follows WHERE user_id = ? AND assignment_id = ?`, p.UserID, assignmentID); err != nil {
			return err
		}
		if !on {
			return nil
		}
		_, err := tx.exec(ctx, `INSERT INTO follows (user_id, assignment_id, created_at) VALUES (?, ?, ?)`, p.UserID, assignmentID, tx.now)
		return err
	})
}

// Follows reports whether the caller follows the assignment.
func (db *DB) Follows(ctx context.Context, p *duban.Principal, assignmentID int64) (bool, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM follows WHERE user_id = ? AND assignment_id = ?`, p.UserID, assignmentID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: follows: %w", err)
	}
	return n > 0, nil
}

// Followed lists the assignments the caller follows and may still see, as
// of a day (lights and working days left), most recently followed first.
func (db *DB) Followed(ctx context.Context, p *duban.Principal, asOf duban.Date) ([]duban.Assignment, error) {
	ids, err := queryIDs(ctx, db.reader(), `SELECT assignment_id FROM follows WHERE user_id = ? ORDER BY created_at DESC, assignment_id DESC LIMIT 200`, p.UserID)
	if err != nil {
		return nil, fmt.Errorf("store: followed: %w", err)
	}
	out := []duban.Assignment{}
	for _, id := range ids {
		a, err := db.FindAssignment(ctx, p, id, asOf)
		switch {
		case duban.ErrorCode(err) == duban.NotFound || duban.ErrorCode(err) == duban.Forbidden:
			continue // no longer visible to the caller (moved unit, a draft again)
		case err != nil:
			return nil, err
		}
		out = append(out, *a)
	}
	return out, nil
}
