package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const meetingCols = `id, plan_id, kind, held_on, title, attendees, decisions, version, created_at, updated_at`

func scanMeeting(s interface{ Scan(...any) error }, x *duban.Meeting) error {
	return s.Scan(&x.ID, &x.PlanID, &x.Kind, &x.HeldOn, &x.Title, &x.Attendees, &x.Decisions, &x.Version, &x.CreatedAt, &x.UpdatedAt)
}

func findMeeting(ctx context.Context, q queryer, id int64) (*duban.Meeting, error) {
	var x duban.Meeting
	if err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, id), &x); err != nil {
		return nil, notFound(err, "会议", id)
	}
	ids, err := meetingTaskIDs(ctx, q, id)
	x.TaskIDs = ids
	return &x, err
}

func meetingTaskIDs(ctx context.Context, q queryer, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT task_id FROM meeting_tasks WHERE meeting_id = ? ORDER BY task_id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: meeting tasks: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: meeting tasks: %w", err)
		}
		ids = append(ids, t)
	}
	return ids, rows.Err()
}

// FindMeeting returns a meeting of a plan the caller may see.
func (db *DB) FindMeeting(ctx context.Context, p *duban.Principal, id int64) (*duban.Meeting, error) {
	x, err := findMeeting(ctx, db.reader(), id)
	if err != nil {
		return nil, err
	}
	if _, err := seePlan(ctx, db.reader(), p, x.PlanID); err != nil {
		return nil, duban.Errorf(duban.NotFound, "会议（编号%d）不存在", id)
	}
	return x, nil
}

// ListMeetings lists meetings by date. A liaison sees those of plans it takes part in.
func (db *DB) ListMeetings(ctx context.Context, p *duban.Principal, f duban.MeetingFilter) (duban.List[duban.Meeting], error) {
	var out duban.List[duban.Meeting]
	w := where{}
	if !p.ReadsAll() {
		w.add("plan_id IN (SELECT plan_id FROM assignments WHERE unit_id = ? AND "+handedOver+")", p.UnitID)
	}
	if f.PlanID != 0 {
		w.add("plan_id = ?", f.PlanID)
	}
	if f.TaskID != 0 {
		w.add("id IN (SELECT meeting_id FROM meeting_tasks WHERE task_id = ?)", f.TaskID)
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
	rows, err := db.reader().QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: list meetings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x duban.Meeting
		if err := scanMeeting(rows, &x); err != nil {
			return out, fmt.Errorf("store: list meetings: %w", err)
		}
		out.Items = append(out.Items, x)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: list meetings: %w", err)
	}
	rows.Close()
	for i := range out.Items {
		if out.Items[i].TaskIDs, err = meetingTaskIDs(ctx, db.reader(), out.Items[i].ID); err != nil {
			return out, err
		}
	}
	return pageOut(out, limit, func(x duban.Meeting) string { return fmt.Sprint(x.ID) }), nil
}

// CreateMeeting records a meeting of a plan the caller manages, linked to tasks of that plan.
func (db *DB) CreateMeeting(ctx context.Context, p *duban.Principal, x *duban.Meeting) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if _, err := managePlan(ctx, tx, p, x.PlanID); err != nil {
			return err
		}
		x.CreatedAt, x.UpdatedAt, x.Version = tx.now, tx.now, 1
		id, err := tx.insert(ctx, `INSERT INTO meetings (plan_id, kind, held_on, title, attendees, decisions, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			x.PlanID, x.Kind, x.HeldOn, x.Title, x.Attendees, x.Decisions, tx.now, tx.now)
		if err != nil {
			return err
		}
		x.ID = id
		if err := linkMeetingTasks(ctx, tx, x); err != nil {
			return err
		}
		return tx.audit(ctx, "meeting.create", "meeting", id, nil, x)
	})
}

// UpdateMeeting changes a meeting. Stale on a version mismatch.
func (db *DB) UpdateMeeting(ctx context.Context, p *duban.Principal, id int64, version int, up duban.MeetingUpdate) (*duban.Meeting, error) {
	var out *duban.Meeting
	err := db.update(ctx, p, func(tx *Tx) error {
		before, err := findMeeting(ctx, tx, id)
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
		if err := tx.update(ctx, "会议", `UPDATE meetings SET kind = ?, held_on = ?, title = ?, attendees = ?, decisions = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND (? = 0 OR version = ?)`, x.Kind, x.HeldOn, x.Title, x.Attendees, x.Decisions, tx.now, id, version, version); err != nil {
			return err
		}
		if up.TaskIDs != nil {
			if _, err := tx.exec(ctx, `DELETE FROM meeting_tasks WHERE meeting_id = ?`, id); err != nil {
				return err
			}
			if err := linkMeetingTasks(ctx, tx, &x); err != nil {
				return err
			}
		}
		out = &x
		return tx.audit(ctx, "meeting.update", "meeting", id, before, x)
	})
	return out, err
}

func linkMeetingTasks(ctx context.Context, tx *Tx, x *duban.Meeting) error {
	seen := map[int64]bool{}
	for _, tid := range x.TaskIDs {
		if seen[tid] {
			continue
		}
		seen[tid] = true
		t, err := findTask(ctx, tx, tid)
		if err != nil || t.PlanID != x.PlanID {
			return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("整改举措（编号%d）不存在或不属于本方案", tid), Fields: map[string]string{"task_ids": "举措不属于本方案"}}
		}
		if _, err := tx.exec(ctx, `INSERT INTO meeting_tasks (meeting_id, task_id) VALUES (?, ?)`, x.ID, tid); err != nil {
			return err
		}
	}
	return nil
}

// MeetingCount is how many meetings of one kind a plan held.
type MeetingCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// MeetingCounts counts the meetings of a plan held up to asOf, by kind, the
// most frequent first.
func (db *DB) MeetingCounts(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) ([]MeetingCount, error) {
	if _, err := seePlan(ctx, db.reader(), p, planID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT kind, count(*) FROM meetings WHERE plan_id = ? AND held_on <= ? GROUP BY kind ORDER BY 2 DESC, 1`,
		planID, db.asOf(asOf).String())
	if err != nil {
		return nil, fmt.Errorf("store: meeting counts: %w", err)
	}
	defer rows.Close()
	out := []MeetingCount{}
	for rows.Next() {
		var c MeetingCount
		if err := rows.Scan(&c.Kind, &c.Count); err != nil {
			return nil, fmt.Errorf("store: meeting counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
