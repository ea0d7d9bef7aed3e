package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"duban/internal/duban"
)

// DigestItem is one line of a person's daily digest.
type DigestItem struct {
	Title, Unit, Deadline string
	Light                 duban.Light
	Note                  string
}

// NotifyLookbacksDue tells the lead office of each plan about look-backs
// that have come due, once per look-back, on working days, recorded as of
// now. It returns how many were new: a look-back told about before is not
// counted again.
func (db *DB) NotifyLookbacksDue(ctx context.Context, now time.Time) (int, error) {
	today := duban.DateOf(now.In(duban.ChinaTime))
	if !db.Calendar().IsWorkday(today) {
		return 0, nil
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT l.id, a.id, a.plan_id, t.title, u.short_name, l.due_date FROM lookbacks l
		JOIN assignments a ON a.id = l.assignment_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
		WHERE l.result = 'pending' AND l.due_date <= ?
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'lookback.due' AND n.dedup_key = CAST(l.id AS TEXT))
		ORDER BY l.id`, today)
	if err != nil {
		return 0, fmt.Errorf("store: lookbacks due: %w", err)
	}
	type due struct {
		id, aid, plan int64
		task, unit    string
		day           duban.Date
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.aid, &d.plan, &d.task, &d.unit, &d.day); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: lookbacks due: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	n := 0
	for _, d := range list {
		err := db.updateAt(ctx, duban.System, now, func(tx *Tx) error {
			users, err := leadOffice(ctx, tx, d.plan)
			if err != nil {
				return err
			}
			body := fmt.Sprintf("已销号事项“%s”（%s）应于%s开展回头看，请核查整改成效是否巩固。", d.task, d.unit, d.day.Chinese())
			return notifyUsers(ctx, tx, users, "lookback.due", fmt.Sprint(d.id), "回头看到期提醒", body, &d.aid)
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func leadOffice(ctx context.Context, tx *Tx, planID int64) ([]userRef, error) {
	return userRefs(ctx, tx, `SELECT id, display_name, email, COALESCE(unit_id, 0) FROM users
		WHERE NOT disabled AND role = 'lead' AND unit_id = (SELECT lead_unit_id FROM plans WHERE id = ?) ORDER BY id`, planID)
}

// QueueDigests puts each liaison's, leader's and lead office's daily digest
// of red and yellow items in their inbox (and delivery queue), once per
// person and working day, recorded as of now. compose turns the items into
// a subject and a text.
func (db *DB) QueueDigests(ctx context.Context, now time.Time, compose func(name string, items []DigestItem) (string, string)) (int, error) {
	day := duban.DateOf(now.In(duban.ChinaTime))
	if !db.Calendar().IsWorkday(day) {
		return 0, nil
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, username, display_name, role, COALESCE(unit_id, 0), email FROM users
		WHERE NOT disabled AND role IN ('liaison', 'leader', 'lead') AND unit_id IS NOT NULL ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("store: digests: %w", err)
	}
	type person struct {
		p     duban.Principal
		email string
	}
	var people []person
	for rows.Next() {
		var x person
		if err := rows.Scan(&x.p.UserID, &x.p.Username, &x.p.Name, &x.p.Role, &x.p.UnitID, &x.email); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: digests: %w", err)
		}
		people = append(people, x)
	}
	rows.Close()
	n := 0
	for _, x := range people {
		items, err := db.digestItems(ctx, &x.p, day)
		if err != nil || len(items) == 0 {
			if err != nil {
				return n, err
			}
			continue
		}
		subject, text := compose(x.p.Name, items)
		u := userRef{ID: x.p.UserID, Name: x.p.Name, Email: x.email, Unit: x.p.UnitID}
		sent := false
		if err := db.updateAt(ctx, duban.System, now, func(tx *Tx) error {
			var err error
			sent, err = foldDigest(ctx, tx, u, day, subject, text)
			return err
		}); err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// foldDigest puts the day's digest in u's inbox as its one digest entry:
// the entry of an earlier day is replaced (and marked unread), so digests
// do not bury the inbox. It queues the sending and reports true, unless u
// had the day's digest already.
func foldDigest(ctx context.Context, tx *Tx, u userRef, day duban.Date, subject, text string) (bool, error) {
	var id int64
	var key string
	err := tx.QueryRowContext(ctx, `SELECT id, dedup_key FROM notifications WHERE user_id = ? AND kind = 'digest' ORDER BY id DESC LIMIT 1`, u.ID).Scan(&id, &key)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err = tx.insert(ctx, `INSERT INTO notifications (user_id, kind, dedup_key, title, body, created_at) VALUES (?, 'digest', ?, ?, ?, ?)`,
			u.ID, day.String(), subject, text, tx.now)
		if err != nil {
			return false, fmt.Errorf("store: digest: %w", err)
		}
	case err != nil:
		return false, fmt.Errorf("store: digest: %w", err)
	case key == day.String():
		return false, nil
	default:
		if _, err := tx.exec(ctx, `UPDATE notifications SET dedup_key = ?, title = ?, body = ?, created_at = ?, read_at = NULL WHERE id = ?`,
			day.String(), subject, text, tx.now, id); err != nil {
			return false, fmt.Errorf("store: digest: %w", err)
		}
	}
	return true, queueDeliveries(ctx, tx, id, u, map[int64]bool{})
}

// digestItems are the red and yellow assignments in a person's care: its
// unit's for a liaison or leader, its plans' for a lead office.
func (db *DB) digestItems(ctx context.Context, p *duban.Principal, day duban.Date) ([]DigestItem, error) {
	f := duban.AssignmentFilter{Open: true, UnitID: p.UnitID, Page: duban.Page{Limit: 500}}
	if p.Role == duban.RoleLead {
		f.UnitID = 0
		f.RestrictUnitID = 0
	}
	var items []DigestItem
	for {
		list, err := db.ListAssignments(ctx, p, f, day)
		if err != nil {
			return nil, err
		}
		for _, a := range list.Items {
			if p.Role == duban.RoleLead && !db.leads(ctx, p, a.PlanID) {
				continue
			}
			if a.Light == duban.LightRed || a.Light == duban.LightYellow {
				it := DigestItem{Title: a.TaskTitle, Unit: a.Unit.Name, Deadline: duban.DeadlineLabel(a.DeadlineKind, a.Deadline), Light: a.Light}
				if n := a.WorkdaysLeft; n != nil {
					switch {
					case *n < 0:
						it.Note = fmt.Sprintf("已逾期%d个工作日", -*n)
					case *n == 0:
						it.Note = "今天到期"
					default:
						it.Note = fmt.Sprintf("剩余%d个工作日", *n)
					}
				}
				items = append(items, it)
			}
		}
		if list.NextCursor == "" || len(items) >= 200 {
			return items, nil
		}
		f.Cursor = list.NextCursor
	}
}

func (db *DB) leads(ctx context.Context, p *duban.Principal, planID int64) bool {
	pl, err := findPlan(ctx, db.reader(), planID)
	return err == nil && p.CanManagePlan(pl)
}
