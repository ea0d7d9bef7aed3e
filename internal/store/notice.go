package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"duban/internal/duban"
)

// PublishedNotice is a notice as it was published on the public portal.
type PublishedNotice struct {
	ID          int64           `json:"id"`
	PlanID      int64           `json:"plan_id"`
	UnitName    string          `json:"unit_name"`
	Title       string          `json:"title"`
	AsOf        duban.Date      `json:"asof"`
	Document    *duban.Document `json:"document,omitempty"`
	PublishedAt time.Time       `json:"published_at"`
	PrevID      int64           `json:"prev_id,omitempty"` // the next older notice (上一条)
	NextID      int64           `json:"next_id,omitempty"` // the next newer notice (下一条)
}

// PublishNotice stores a composed notice of a plan for the public portal.
// The lead office of the plan only.
func (db *DB) PublishNotice(ctx context.Context, p *duban.Principal, planID int64, d *duban.Document) (*PublishedNotice, error) {
	var out *PublishedNotice
	err := db.update(ctx, p, func(tx *Tx) error {
		if _, err := managePlan(ctx, tx, p, planID); err != nil {
			return err
		}
		doc, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("store: publish: %w", err)
		}
		n := &PublishedNotice{PlanID: planID, UnitName: d.Issuer, Title: d.Title, AsOf: d.Date, PublishedAt: tx.now}
		if n.ID, err = tx.insert(ctx, `INSERT INTO notices (plan_id, unit_name, title, asof, document, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			planID, n.UnitName, n.Title, n.AsOf, string(doc), actorID(p), tx.now); err != nil {
			return err
		}
		out = n
		return tx.audit(ctx, "notice.publish", "plan", planID, nil, map[string]any{"notice": n.ID, "title": n.Title})
	})
	return out, err
}

// PublishedNotices lists every published notice of every unit, newest
// first. Anyone may read them: they are public.
func (db *DB) PublishedNotices(ctx context.Context, page duban.Page) (duban.List[PublishedNotice], error) {
	var out duban.List[PublishedNotice]
	before, err := idCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	w := where{}
	if before > 0 {
		w.add("id < ?", before)
	}
	limit := page.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT id, plan_id, unit_name, title, asof, published_at FROM notices`+w.String()+
		` ORDER BY id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: notices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n PublishedNotice
		if err := rows.Scan(&n.ID, &n.PlanID, &n.UnitName, &n.Title, &n.AsOf, &n.PublishedAt); err != nil {
			return out, fmt.Errorf("store: notices: %w", err)
		}
		out.Items = append(out.Items, n)
	}
	return pageOut(out, limit, func(n PublishedNotice) string { return fmt.Sprint(n.ID) }), rows.Err()
}

// PublishedNotice returns one published notice with the ids of its
// neighbours in publication order. NotFound if there is none.
func (db *DB) PublishedNotice(ctx context.Context, id int64) (*PublishedNotice, error) {
	var n PublishedNotice
	var doc string
	err := db.reader().QueryRowContext(ctx, `SELECT id, plan_id, unit_name, title, asof, document, published_at,
		COALESCE((SELECT MAX(id) FROM notices WHERE id < ?), 0), COALESCE((SELECT MIN(id) FROM notices WHERE id > ?), 0)
		FROM notices WHERE id = ?`, id, id, id).Scan(&n.ID, &n.PlanID, &n.UnitName, &n.Title, &n.AsOf, &doc, &n.PublishedAt, &n.PrevID, &n.NextID)
	if err != nil {
		return nil, notFound(err, "通报", id)
	}
	n.Document = &duban.Document{}
	return &n, jsonUnmarshal(doc, n.Document)
}
