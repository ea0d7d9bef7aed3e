package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"duban/internal/duban"
)

const unitCols = `id, parent_id, name, short_name, kind, sort, version, created_at, updated_at`

func scanUnit(s interface{ Scan(...any) error }, u *duban.Unit) error {
	return s.Scan(&u.ID, &u.ParentID, &u.Name, &u.ShortName, &u.Kind, &u.Sort, &u.Version, &u.CreatedAt, &u.UpdatedAt)
}

// FindUnit returns a unit. Any signed-in user may read units. NotFound if missing.
// A unit created by an import not yet finished is NotFound too.
func (db *DB) FindUnit(ctx context.Context, id int64) (*duban.Unit, error) {
	var u duban.Unit
	err := scanUnit(db.reader().QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE id = ? AND `+unitShown, id), &u)
	if err != nil {
		return nil, notFound(err, "单位", id)
	}
	return &u, nil
}

func findUnit(ctx context.Context, q queryer, id int64) (*duban.Unit, error) {
	var u duban.Unit
	err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE id = ?`, id), &u)
	if err != nil {
		return nil, notFound(err, "单位", id)
	}
	return &u, nil
}

// FindUnitByName returns the unit whose full or short name is name.
// NotFound if none; Conflict if the short name is shared by several.
func (db *DB) FindUnitByName(ctx context.Context, name string) (*duban.Unit, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+unitCols+` FROM units WHERE (name = ? OR short_name = ?) AND `+unitShown+` ORDER BY name = ? DESC, id LIMIT 2`, name, name, name)
	if err != nil {
		return nil, fmt.Errorf("store: find unit: %w", err)
	}
	defer rows.Close()
	var found []duban.Unit
	for rows.Next() {
		var u duban.Unit
		if err := scanUnit(rows, &u); err != nil {
			return nil, fmt.Errorf("store: find unit: %w", err)
		}
		found = append(found, u)
	}
	switch {
	case len(found) == 0:
		return nil, duban.Errorf(duban.NotFound, "没有名为“%s”的单位", name)
	case len(found) == 2 && found[0].Name != name:
		return nil, duban.Errorf(duban.Conflict, "简称“%s”对应多个单位，请使用全称", name)
	}
	return &found[0], rows.Err()
}

// ListUnits returns units ordered by parent, sort and id.
func (db *DB) ListUnits(ctx context.Context, f duban.UnitFilter) (duban.List[duban.Unit], error) {
	var out duban.List[duban.Unit]
	w := where{}
	w.add(unitShown)
	if f.ParentID != nil {
		if *f.ParentID == 0 {
			w.add("parent_id IS NULL")
		} else {
			w.add("parent_id = ?", *f.ParentID)
		}
	}
	if f.Text != "" {
		w.add(`(name LIKE ? ESCAPE '\' OR short_name LIKE ? ESCAPE '\')`, likePattern(f.Text), likePattern(f.Text))
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+unitCols+` FROM units`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u duban.Unit
		if err := scanUnit(rows, &u); err != nil {
			return out, fmt.Errorf("store: list units: %w", err)
		}
		out.Items = append(out.Items, u)
	}
	return pageOut(out, limit, func(u duban.Unit) string { return fmt.Sprint(u.ID) }), rows.Err()
}

// CreateUnit creates a unit. Administrators only. Invalid, Conflict on a taken name.
func (db *DB) CreateUnit(ctx context.Context, p *duban.Principal, u *duban.Unit) error {
	if err := p.RequireAdmin("创建单位"); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error { return insertUnit(ctx, tx, u) })
}

// insertUnit writes a validated unit and audits it.
func insertUnit(ctx context.Context, tx *Tx, u *duban.Unit) error {
	if err := checkParentUnit(ctx, tx, u); err != nil {
		return err
	}
	u.CreatedAt, u.UpdatedAt, u.Version = tx.now, tx.now, 1
	id, err := tx.insert(ctx, `INSERT INTO units (parent_id, name, short_name, kind, sort, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
		u.ParentID, u.Name, u.ShortName, u.Kind, u.Sort, tx.now, tx.now)
	if err != nil {
		return err
	}
	u.ID = id
	return tx.audit(ctx, "unit.create", "unit", id, nil, u)
}

// UpdateUnit changes a unit. Administrators only. Stale when version (if
// not 0) is no longer the unit's.
func (db *DB) UpdateUnit(ctx context.Context, p *duban.Principal, id int64, version int, up duban.UnitUpdate) (*duban.Unit, error) {
	if err := p.RequireAdmin("修改单位"); err != nil {
		return nil, err
	}
	var u *duban.Unit
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		after := *before
		up.Apply(&after)
		if err := after.Validate(); err != nil {
			return err
		}
		if err := checkParentUnit(ctx, tx, &after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "单位", `UPDATE units SET parent_id = ?, name = ?, short_name = ?, kind = ?, sort = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND (? = 0 OR version = ?)`, after.ParentID, after.Name, after.ShortName, after.Kind, after.Sort, tx.now, id, version, version); err != nil {
			return err
		}
		u = &after
		return tx.audit(ctx, "unit.update", "unit", id, before, after)
	})
	return u, err
}

// checkParentUnit makes sure the parent exists and is not the unit itself
// or one of its descendants.
func checkParentUnit(ctx context.Context, tx *Tx, u *duban.Unit) error {
	for id, hops := u.ParentID, 0; id != nil; hops++ {
		if u.ID != 0 && *id == u.ID || hops > 64 {
			return &duban.Error{Code: duban.Invalid, Message: "上级单位不能是本单位或其下级单位", Fields: map[string]string{"parent_id": "形成了循环"}}
		}
		var next *int64
		err := tx.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = ?`, *id).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return &duban.Error{Code: duban.Invalid, Message: "上级单位不存在", Fields: map[string]string{"parent_id": "不存在"}}
		}
		if err != nil {
			return fmt.Errorf("store: check parent unit: %w", err)
		}
		id = next
	}
	return nil
}

// unitExists returns Invalid naming field when unit id does not exist.
func unitExists(ctx context.Context, q queryer, field string, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("store: check unit: %w", err)
	}
	if n == 0 {
		return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("单位（编号%d）不存在", id), Fields: map[string]string{field: "单位不存在"}}
	}
	return nil
}
