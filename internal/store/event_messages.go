package store

import (
	"context"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// Messages for what people do to each other's work: a report reviewed, a
// closure verified or returned, a 督办单 issued or answered, an extension asked
// for or decided, feedback from the public. Each goes to the inbox (and the
// channels) of the people who must act on it or want to know, in the same
// transaction as the event, never to the person who did it.

// unitUsers are the active accounts of a unit with one of the roles.
func unitUsers(ctx context.Context, tx *Tx, unitID int64, roles ...duban.Role) ([]userRef, error) {
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(roles)), ", ")
	args := []any{unitID}
	for _, r := range roles {
		args = append(args, r)
	}
	return userRefs(ctx, tx, `SELECT id, display_name, email, COALESCE(unit_id, 0) FROM users
		WHERE NOT disabled AND unit_id = ? AND role IN (`+ph+`) ORDER BY id`, args...)
}

// feedbackReaders are those who triage a public message: the lead office
// of the plan it is about, or the system administrators when it names none.
func feedbackReaders(ctx context.Context, tx *Tx, planID *int64) ([]userRef, error) {
	if planID != nil {
		return leadOffice(ctx, tx, *planID)
	}
	return userRefs(ctx, tx, `SELECT id, display_name, email, COALESCE(unit_id, 0) FROM users WHERE NOT disabled AND role = 'admin' ORDER BY id`)
}

func userRefs(ctx context.Context, tx *Tx, query string, args ...any) ([]userRef, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: message recipients: %w", err)
	}
	defer rows.Close()
	var out []userRef
	for rows.Next() {
		var u userRef
		if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.Unit); err != nil {
			return nil, fmt.Errorf("store: message recipients: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// tell sends one message about an event to users, leaving out the actor.
func tell(ctx context.Context, tx *Tx, p *duban.Principal, users []userRef, kind string, key int64, title, body string, assignmentID *int64) error {
	var to []userRef
	for _, u := range users {
		if p == nil || p.UserID != u.ID {
			to = append(to, u)
		}
	}
	if len(to) == 0 {
		return nil
	}
	return notifyUsers(ctx, tx, to, kind, fmt.Sprint(key), title, body, assignmentID)
}

// tellUnit tells an assignment's unit (its liaisons, and its leaders when
// leaders too is set) about something done to the assignment.
func tellUnit(ctx context.Context, tx *Tx, p *duban.Principal, a *duban.Assignment, leaders bool, kind string, key int64, title, body string) error {
	roles := []duban.Role{duban.RoleLiaison}
	if leaders {
		roles = append(roles, duban.RoleLeader)
	}
	users, err := unitUsers(ctx, tx, a.Unit.ID, roles...)
	if err != nil {
		return err
	}
	return tell(ctx, tx, p, users, kind, key, title, body, &a.ID)
}

// tellLead tells the lead office of an assignment's plan.
func tellLead(ctx context.Context, tx *Tx, p *duban.Principal, a *duban.Assignment, kind string, key int64, title, body string) error {
	users, err := leadOffice(ctx, tx, a.PlanID)
	if err != nil {
		return err
	}
	return tell(ctx, tx, p, users, kind, key, title, body, &a.ID)
}

// transitionMessage is what the unit hears when the lead office or a leader
// moves its assignment: a new item, a recalled one, a closure signed,
// verified or returned, an item reopened.
func transitionMessage(ctx context.Context, tx *Tx, p *duban.Principal, a *duban.Assignment, act duban.Action, in duban.TransitionInput, transitionID int64) error {
	subject := "“" + a.TaskTitle + "”"
	switch act {
	case duban.ActionAssign:
		body := "请按时限推进整改并按期报送进展。"
		if !a.Deadline.IsZero() {
			body = "整改时限：" + a.Deadline.Chinese() + "。" + body
		}
		return tellUnit(ctx, tx, p, a, false, "assignment.assigned", transitionID, "新交办事项："+subject, body)
	case duban.ActionVerify:
		return tellUnit(ctx, tx, p, a, true, "assignment.verified", transitionID, "销号已审核通过："+subject, "该事项已销号。")
	case duban.ActionReturn:
		return tellUnit(ctx, tx, p, a, true, "assignment.returned", transitionID, "销号申请被退回："+subject, "退回理由："+in.Reason)
	case duban.ActionReopen:
		return tellUnit(ctx, tx, p, a, true, "assignment.reopened", transitionID, "事项重新整改："+subject, "理由："+in.Reason)
	case duban.ActionRequestClosure:
		return tellLead(ctx, tx, p, a, "assignment.closure", transitionID, a.Unit.Name+"申请销号："+subject, in.Summary)
	case duban.ActionWithdraw:
		return tellLead(ctx, tx, p, a, "assignment.withdrawn", transitionID, a.Unit.Name+"撤回了销号申请："+subject, in.Reason)
	case duban.ActionSignOff:
		return tellLead(ctx, tx, p, a, "assignment.signed", transitionID, a.Unit.Name+"领导已签批销号申请："+subject, in.Reason)
	}
	return nil
}

// tellManualStep tells the unit (liaisons and leaders) of a step the lead
// office took by hand: 催办, a 督办单 with its reply date, 通报 or 约谈.
func tellManualStep(ctx context.Context, tx *Tx, p *duban.Principal, a *duban.Assignment, e *duban.Escalation) error {
	name := duban.LevelNames[e.Level]
	body := e.Note
	if e.Level == duban.LevelNotice {
		body = strings.TrimSpace("请于" + e.ReplyDue.Chinese() + "前书面回复。" + e.Note)
	}
	title := name + "：“" + a.TaskTitle + "”"
	if e.Number != "" {
		title = name + e.Number + "：“" + a.TaskTitle + "”"
	}
	return tellUnit(ctx, tx, p, a, true, "escalation."+string(e.Level), e.ID, title, body)
}

func hasUnitAccount(users []userRef, unitID int64) bool {
	for _, u := range users {
		if u.Unit == unitID {
			return true
		}
	}
	return false
}

// warnUndelivered tells the plan's lead office when a step of the ladder
// reached nobody in the unit because the unit has no accounts, so that it
// can send the step another way and create the accounts.
func warnUndelivered(ctx context.Context, tx *Tx, a *duban.Assignment, e *duban.Escalation, users []userRef) error {
	if hasUnitAccount(users, a.Unit.ID) {
		return nil
	}
	return tellLead(ctx, tx, nil, a, "ladder.undelivered", e.ID, duban.LevelNames[e.Level]+"未能送达："+a.Unit.Name,
		a.Unit.Name+"尚无系统账号，“"+a.TaskTitle+"”的"+duban.LevelNames[e.Level]+"未能在线送达。请以电话或书面方式送达，并为该单位开设账号。")
}

// UnreadCount is how many messages p has not read.
func (db *DB) UnreadCount(ctx context.Context, p *duban.Principal) (int, error) {
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, p.UserID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unread count: %w", err)
	}
	return n, nil
}

// MarkAllRead marks every message of p read and returns how many were unread.
func (db *DB) MarkAllRead(ctx context.Context, p *duban.Principal) (int, error) {
	var n int64
	err := db.update(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, tx.now, p.UserID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}

// NewFeedbackCount is how many public messages wait for triage by p's
// lead office (every message, for an administrator).
func (db *DB) NewFeedbackCount(ctx context.Context, p *duban.Principal) (int, error) {
	q, args := `SELECT count(*) FROM feedback WHERE status = 'new'`, []any{}
	if p.Role != duban.RoleAdmin {
		q += ` AND plan_id IN (SELECT id FROM plans WHERE lead_unit_id = ? OR owner_unit_id = ?)`
		args = append(args, p.UnitID, p.UnitID)
	}
	var n int
	if err := db.reader().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: new feedback: %w", err)
	}
	return n, nil
}
