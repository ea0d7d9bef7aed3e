package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const sourceCols = `id, kind, title, round, team, inspection_type, topic, onsite_start, onsite_end, feedback_date, inspected_unit_id, doc_number, leader, issued_date, content, version, created_at, updated_at`

func scanSource(s interface{ Scan(...any) error }, x *duban.Source) error {
	return s.Scan(&x.ID, &x.Kind, &x.Title, &x.Round, &x.Team, &x.InspectionType, &x.Topic, &x.OnsiteStart, &x.OnsiteEnd, &x.FeedbackDate,
		&x.InspectedUnitID, &x.DocNumber, &x.Leader, &x.IssuedDate, &x.Content, &x.Version, &x.CreatedAt, &x.UpdatedAt)
}

func findSource(ctx context.Context, q queryer, id int64) (*duban.Source, error) {
	var x duban.Source
	if err := scanSource(q.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "来源", id)
	}
	return &x, nil
}

// FindSource returns a source. Any signed-in user may read sources.
func (db *DB) FindSource(ctx context.Context, id int64) (*duban.Source, error) {
	return findSource(ctx, db.reader(), id)
}

// ListSources lists sources, newest first by id.
func (db *DB) ListSources(ctx context.Context, f duban.SourceFilter) (duban.List[duban.Source], error) {
	var out duban.List[duban.Source]
	w := where{}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Text != "" {
		w.add(`(title LIKE ? ESCAPE '\' OR round LIKE ? ESCAPE '\' OR team LIKE ? ESCAPE '\')`, likePattern(f.Text), likePattern(f.Text), likePattern(f.Text))
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+sourceCols+` FROM sources`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Source
		if err := scanSource(rows, &x); err != nil {
			return out, fmt.Errorf("store: list sources: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	return pageOut(out, limit, func(x duban.Source) string { return fmt.Sprint(x.ID) }), rows.Err()
}

// CreateSource records a source. Administrators, and lead offices for
// their own unit (the inspected unit, which defaults to theirs). Forbidden
// otherwise.
func (db *DB) CreateSource(ctx context.Context, p *duban.Principal, x *duban.Source) error {
	if p.Role == duban.RoleLead && x.InspectedUnitID == nil && p.UnitID != 0 {
		own := p.UnitID
		x.InspectedUnitID = &own
	}
	if !p.CanManageSource(x) {
		return duban.ErrForbidden("为其他单位登记问题来源")
	}
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error { return insertSource(ctx, tx, x) })
}

// insertSource writes a validated source and audits it.
func insertSource(ctx context.Context, tx *Tx, x *duban.Source) error {
	if x.InspectedUnitID != nil {
		if err := unitExists(ctx, tx, "inspected_unit_id", *x.InspectedUnitID); err != nil {
			return err
		}
	}
	x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
	id, err := tx.insert(ctx, `INSERT INTO sources (kind, title, round, team, inspection_type, topic, onsite_start, onsite_end, feedback_date, inspected_unit_id, doc_number, leader, issued_date, content, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		x.Kind, x.Title, x.Round, x.Team, x.InspectionType, x.Topic, x.OnsiteStart, x.OnsiteEnd, x.FeedbackDate, x.InspectedUnitID,
		x.DocNumber, x.Leader, x.IssuedDate, x.Content, tx.now, tx.now)
	if err != nil {
		return err
	}
	x.ID = id
	return tx.audit(ctx, "source.create", "source", id, nil, x)
}

// UpdateSource changes a source. Administrators, and lead offices for
// sources of their own unit, which they may not hand to another. Forbidden
// otherwise; Stale on a version mismatch.
func (db *DB) UpdateSource(ctx context.Context, p *duban.Principal, id int64, version int, up duban.SourceUpdate) (*duban.Source, error) {
	if p.Role != duban.RoleAdmin && p.Role != duban.RoleLead {
		return nil, duban.ErrForbidden("修改问题来源")
	}
	var out *duban.Source
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findSource(ctx, tx, id)
		if err != nil {
			return err
		}
		x := *before
		up.Apply(&x)
		if !p.CanManageSource(before) || !p.CanManageSource(&x) {
			return duban.ErrForbidden("修改其他单位的问题来源")
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if x.InspectedUnitID != nil {
			if err := unitExists(ctx, tx, "inspected_unit_id", *x.InspectedUnitID); err != nil {
				return err
			}
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "来源", `UPDATE sources SET title = ?, round = ?, team = ?, inspection_type = ?, topic = ?, onsite_start = ?, onsite_end = ?, feedback_date = ?,
			inspected_unit_id = ?, doc_number = ?, leader = ?, issued_date = ?, content = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND (? = 0 OR version = ?)`,
			x.Title, x.Round, x.Team, x.InspectionType, x.Topic, x.OnsiteStart, x.OnsiteEnd, x.FeedbackDate, x.InspectedUnitID,
			x.DocNumber, x.Leader, x.IssuedDate, x.Content, tx.now, id, version, version); err != nil {
			return err
		}
		out = &x
		return tx.audit(ctx, "source.update", "source", id, before, x)
	})
	return out, err
}
