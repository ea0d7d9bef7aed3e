package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const nodeCols = `id, plan_id, parent_id, aspect_id, kind, seq, title, description, version, created_at, updated_at`

func scanNode(s interface{ Scan(...any) error }, x *duban.Node) error {
	return s.Scan(&x.ID, &x.PlanID, &x.ParentID, &x.AspectID, &x.Kind, &x.Seq, &x.Title, &x.Description, &x.Version, &x.CreatedAt, &x.UpdatedAt)
}

func findNode(ctx context.Context, q queryer, id int64) (*duban.Node, error) {
	var x duban.Node
	if err := scanNode(q.QueryRowContext(ctx, `SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "条目", id)
	}
	return &x, nil
}

// FindNode returns a node of a plan the caller may see.
func (db *DB) FindNode(ctx context.Context, p *duban.Principal, id int64) (*duban.Node, error) {
	x, err := findNode(ctx, db.reader(), id)
	if err != nil {
		return nil, err
	}
	if _, err := seePlan(ctx, db.reader(), p, x.PlanID); err != nil {
		return nil, duban.Errorf(duban.NotFound, "条目（编号%d）不存在", id)
	}
	return x, nil
}

// ListNodes lists the nodes of a plan in tree order of parent and seq.
func (db *DB) ListNodes(ctx context.Context, p *duban.Principal, f duban.NodeFilter) (duban.List[duban.Node], error) {
	var out duban.List[duban.Node]
	if f.PlanID == 0 {
		return out, &duban.Error{Code: duban.Invalid, Message: "请指定方案（plan）", Fields: map[string]string{"plan": "必填"}}
	}
	if _, err := seePlan(ctx, db.reader(), p, f.PlanID); err != nil {
		return out, err
	}
	w := where{}
	w.add("plan_id = ?", f.PlanID)
	if f.ParentID != nil {
		if *f.ParentID == 0 {
			w.add("parent_id IS NULL")
		} else {
			w.add("parent_id = ?", *f.ParentID)
		}
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	w.add("id > ?", after)
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT `+nodeCols+` FROM nodes`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list nodes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Node
		if err := scanNode(rows, &x); err != nil {
			return out, fmt.Errorf("store: list nodes: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	return pageOut(out, limit, func(x duban.Node) string { return fmt.Sprint(x.ID) }), rows.Err()
}

// CreateNode adds a node to a plan the caller manages. An aspect sits at the
// top, a problem under an aspect, a specific problem under a problem. When
// seq is 0 the node goes last among its siblings.
func (db *DB) CreateNode(ctx context.Context, p *duban.Principal, x *duban.Node) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if _, err := managePlan(ctx, tx, p, x.PlanID); err != nil {
			return err
		}
		return insertNode(ctx, tx, x)
	})
}

// insertNode places a validated node in its plan's tree, writes and audits it.
func insertNode(ctx context.Context, tx *Tx, x *duban.Node) error {
	if err := placeNode(ctx, tx, x); err != nil {
		return err
	}
	x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
	id, err := tx.insert(ctx, `INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, x.PlanID, x.ParentID, x.AspectID, x.Kind, x.Seq, x.Title, x.Description, tx.now, tx.now)
	if err != nil {
		return err
	}
	x.ID = id
	if x.ParentID == nil {
		x.AspectID = id
		if _, err := tx.exec(ctx, `UPDATE nodes SET aspect_id = ? WHERE id = ?`, id, id); err != nil {
			return err
		}
	}
	return tx.audit(ctx, "node.create", "node", id, nil, x)
}

// placeNode checks the parent's kind and plan, and fills aspect_id and seq.
// A problem may stand at the top of a plan whose source has no aspects; like
// an aspect, it is then its own aspect_id, so figures per aspect count it.
func placeNode(ctx context.Context, tx *Tx, x *duban.Node) error {
	want, _ := x.Kind.ParentKind()
	if x.Kind == duban.NodeProblem && x.ParentID == nil {
		want = ""
	}
	if want == "" {
		if x.ParentID != nil {
			return &duban.Error{Code: duban.Invalid, Message: "“方面”是最上一级，不能有上级条目", Fields: map[string]string{"parent_id": "应为空"}}
		}
	} else {
		if x.ParentID == nil {
			return &duban.Error{Code: duban.Invalid, Message: "请指定上级条目", Fields: map[string]string{"parent_id": "必填"}}
		}
		parent, err := findNode(ctx, tx, *x.ParentID)
		if err != nil || parent.PlanID != x.PlanID || parent.Kind != want {
			return &duban.Error{Code: duban.Invalid, Message: "上级条目不存在、不属于本方案或层级不对", Fields: map[string]string{"parent_id": "层级不对"}}
		}
		x.AspectID = parent.AspectID
	}
	if x.Seq == 0 {
		var maxSeq int
		q := `SELECT COALESCE(MAX(seq), 0) FROM nodes WHERE plan_id = ? AND parent_id IS NULL`
		args := []any{x.PlanID}
		if x.ParentID != nil {
			q, args = `SELECT COALESCE(MAX(seq), 0) FROM nodes WHERE parent_id = ?`, []any{*x.ParentID}
		}
		if err := tx.QueryRowContext(ctx, q, args...).Scan(&maxSeq); err != nil {
			return fmt.Errorf("store: node seq: %w", err)
		}
		x.Seq = maxSeq + 1
	}
	return nil
}

// UpdateNode changes a node's title, description or order. Stale on a version mismatch.
func (db *DB) UpdateNode(ctx context.Context, p *duban.Principal, id int64, version int, up duban.NodeUpdate) (*duban.Node, error) {
	var out *duban.Node
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findNode(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := managePlan(ctx, tx, p, before.PlanID); err != nil {
			return err
		}
		x := *before
		up.Apply(&x)
		if err := x.Validate(); err != nil {
			return err
		}
		x.Version, x.UpdatedAt = before.Version+1, tx.now
		if err := tx.update(ctx, "条目", `UPDATE nodes SET title = ?, description = ?, seq = ?, version = version + 1, updated_at = ? WHERE id = ? AND (? = 0 OR version = ?)`,
			x.Title, x.Description, x.Seq, tx.now, id, version, version); err != nil {
			return err
		}
		out = &x
		return tx.audit(ctx, "node.update", "node", id, before, x)
	})
	return out, err
}
