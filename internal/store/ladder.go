package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

const escalationCols = `id, assignment_id, level, number, deadline_key, issued_by, issued_at, recipients, note, meeting_id, reply_due, reply, replied_at`

func scanEscalation(s interface{ Scan(...any) error }, e *duban.Escalation) error {
	return s.Scan(&e.ID, &e.AssignmentID, &e.Level, &e.Number, &e.DeadlineKey, &e.IssuedBy, &e.IssuedAt, &e.Recipients, &e.Note, &e.MeetingID,
		&e.ReplyDue, &e.Reply, &e.RepliedAt)
}

// ladderCandidate is an open assignment with a date deadline, and what the
// ladder needs to know about it.
type ladderCandidate struct {
	a        duban.Assignment
	ladder   duban.Ladder
	person   string // the task's responsible person and leader, as written
	leaderNm string
}

// ladderPage is how many candidates of one status the ladder reads at a
// time, and ladderBatch how many steps it takes in one transaction: on a
// national plan the first pass after a ledger is loaded takes tens of
// thousands of steps, and every later pass meets them all again.
const (
	ladderPage  = 500
	ladderBatch = 50
)

// RunLadder takes every supervision step that is due as of now on every open
// assignment with a date deadline: 提醒 before the deadline (to the
// responsible person, then nearer it to the responsible leader), 催办 once
// overdue, and a numbered 督办单 after the plan's number of overdue working
// days. Each step is recorded once per assignment and deadline (a unique
// index guarantees it across restarts and instances) and notifies its
// recipients in the same transaction, all recorded as of now. Steps are
// taken on working days only: one whose day falls on a rest day waits for
// the next working day. It returns the steps taken now (RunLadderSome
// keeps only the first few of them).
//
// The assignments are read a page at a time, in deadline order (each
// status's from its own index, merged), and the steps already recorded are
// looked up for a page at once: a pass that finds nothing new writes
// nothing, and one that finds many takes them ladderBatch to a transaction.
func (db *DB) RunLadder(ctx context.Context, now time.Time) ([]duban.Escalation, error) {
	fired, _, err := db.RunLadderSome(ctx, now, -1)
	return fired, err
}

// RunLadderSome is RunLadder that returns only the first keep steps it
// took (all of them when keep < 0), and how many it took: the first pass
// over a national plan takes tens of thousands, which the scheduler counts
// and need not hold.
func (db *DB) RunLadderSome(ctx context.Context, now time.Time, keep int) (fired []duban.Escalation, taken int, err error) {
	today := duban.DateOf(now.In(duban.ChinaTime))
	if !db.Calendar().IsWorkday(today) {
		return nil, 0, nil
	}
	horizon := db.Calendar().AddWorkdays(today, 30) // no plan reminds earlier than this
	open := []*ladderCursor{{status: duban.StatusAssigned, horizon: horizon}, {status: duban.StatusInProgress, horizon: horizon}}
	for {
		var page []ladderCandidate
		for len(page) < ladderPage {
			var next *ladderCursor
			for _, c := range open {
				if err := c.fill(ctx, db); err != nil {
					return fired, taken, err
				}
				if len(c.buf) > 0 && (next == nil || ladderBefore(&c.buf[0], &next.buf[0])) {
					next = c
				}
			}
			if next == nil {
				break
			}
			page = append(page, next.buf[0])
			next.buf = next.buf[1:]
		}
		if len(page) == 0 {
			return fired, taken, nil
		}
		due, err := db.stepsDue(ctx, page, today)
		if err != nil {
			return fired, taken, err
		}
		for len(due) > 0 {
			n := min(ladderBatch, len(due))
			got, err := db.fireSteps(ctx, due[:n], now)
			taken += len(got)
			if keep >= 0 {
				got = got[:min(len(got), max(0, keep-len(fired)))]
			}
			fired = append(fired, got...)
			if err != nil {
				return fired, taken, err
			}
			due = due[n:]
		}
	}
}

// ladderBefore orders candidates as the ladder takes them: by deadline, then id.
func ladderBefore(a, b *ladderCandidate) bool {
	if x, y := sortDeadline(a.a.Deadline), sortDeadline(b.a.Deadline); x != y {
		return x < y
	}
	return a.a.ID < b.a.ID
}

// ladderCursor reads the ladder's candidates of one status in deadline
// order, a page at a time, from where the last page ended.
type ladderCursor struct {
	status   duban.Status
	horizon  duban.Date
	buf      []ladderCandidate
	afterDue string
	afterID  int64 // 0 until a page is read
	end      bool
}

// fill reads the cursor's next page when what it read is used up.
func (c *ladderCursor) fill(ctx context.Context, db *DB) error {
	if len(c.buf) > 0 || c.end {
		return nil
	}
	q := `SELECT ` + assignmentCols + `, p.ladder, t.responsible_person, t.responsible_leader` + assignmentFrom + `
		JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = a.plan_id
		WHERE a.status = ? AND a.deadline_kind <> 'long_term' AND a.sort_deadline <= ? AND ` + planShownOf("a.plan_id")
	args := []any{c.status, c.horizon.String()}
	if c.afterID != 0 {
		q += ` AND (a.sort_deadline > ? OR a.sort_deadline = ? AND a.id > ?)`
		args = append(args, c.afterDue, c.afterDue, c.afterID)
	}
	rows, err := db.reader().QueryContext(ctx, q+` ORDER BY a.sort_deadline, a.id LIMIT ?`, append(args, ladderPage)...)
	if err != nil {
		return fmt.Errorf("store: ladder: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x ladderCandidate
		var ladder string
		if err := scanAssignment(rows, &x.a, &ladder, &x.person, &x.leaderNm); err != nil {
			return fmt.Errorf("store: ladder: %w", err)
		}
		x.ladder = duban.DefaultLadder()
		if ladder != "" {
			if err := jsonUnmarshal(ladder, &x.ladder); err != nil {
				return err
			}
		}
		c.buf = append(c.buf, x)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: ladder: %w", err)
	}
	c.end = len(c.buf) < ladderPage
	if n := len(c.buf); n > 0 {
		c.afterDue, c.afterID = sortDeadline(c.buf[n-1].a.Deadline), c.buf[n-1].a.ID
	}
	return nil
}

// ladderStep is a step due on a candidate and not yet recorded.
type ladderStep struct {
	c  *ladderCandidate
	lv duban.Level
}

// stepsDue returns the steps due today on a page of candidates that are
// not recorded yet for their deadline, in the page's order.
func (db *DB) stepsDue(ctx context.Context, page []ladderCandidate, today duban.Date) ([]ladderStep, error) {
	var due []ladderStep
	var ids []int64
	for i := range page {
		for _, lv := range db.dueSteps(page[i], today) {
			due = append(due, ladderStep{&page[i], lv})
		}
		ids = append(ids, page[i].a.ID)
	}
	if len(due) == 0 {
		return nil, nil
	}
	type key struct {
		id  int64
		lv  duban.Level
		due string
	}
	taken := map[key]bool{}
	in, args := idsIn(ids)
	rows, err := db.reader().QueryContext(ctx, `SELECT assignment_id, level, deadline_key FROM escalations WHERE assignment_id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ladder: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.lv, &k.due); err != nil {
			return nil, fmt.Errorf("store: ladder: %w", err)
		}
		taken[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: ladder: %w", err)
	}
	out := due[:0]
	for _, s := range due {
		if !taken[key{s.c.a.ID, s.lv, s.c.a.Deadline.String()}] {
			out = append(out, s)
		}
	}
	return out, nil
}

// fireSteps records steps as of now in one transaction; it returns those
// taken (a step another instance took meanwhile is skipped).
func (db *DB) fireSteps(ctx context.Context, steps []ladderStep, now time.Time) ([]duban.Escalation, error) {
	var out []duban.Escalation
	err := db.updateAt(ctx, duban.System, now, func(tx *Tx) error {
		out = out[:0]
		for _, s := range steps {
			e, err := fireStep(ctx, tx, *s.c, s.lv)
			if err != nil {
				return err
			}
			if e != nil {
				out = append(out, *e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// dueSteps returns the automatic steps whose time has come for c today.
// Before the deadline only the nearest reminder applies; after it, 催办
// and, once enough working days have passed, the 督办单.
func (db *DB) dueSteps(c ladderCandidate, today duban.Date) []duban.Level {
	cal, d, l := db.Calendar(), c.a.Deadline, c.ladder
	if !today.After(d) {
		left := cal.Between(today, d)
		switch {
		case left <= l.RemindLdrBefore:
			return []duban.Level{duban.LevelRemindLdr}
		case left <= l.RemindBefore:
			return []duban.Level{duban.LevelRemind}
		}
		return nil
	}
	steps := []duban.Level{duban.LevelUrge}
	if cal.Between(d, today) >= l.NoticeAfter {
		steps = append(steps, duban.LevelNotice)
	}
	return steps
}

// fireStep records one step as of the transaction's time; it returns nil
// when the step had already been taken for this deadline.
func fireStep(ctx context.Context, tx *Tx, c ladderCandidate, lv duban.Level) (*duban.Escalation, error) {
	today := duban.DateOf(tx.now.In(duban.ChinaTime))
	users, err := recipients(ctx, tx, c.a.Unit.ID, c.a.PlanID, lv)
	if err != nil {
		return nil, err
	}
	e := &duban.Escalation{AssignmentID: c.a.ID, Level: lv, DeadlineKey: c.a.Deadline.String(), IssuedAt: tx.now, Recipients: recipientNames(c, lv, users)}
	if lv == duban.LevelNotice {
		e.ReplyDue = tx.db.Calendar().AddWorkdays(today, c.ladder.ReplyWithin)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO escalations (assignment_id, level, number, deadline_key, issued_at, recipients, note, reply_due, reply)
		VALUES (?, ?, '', ?, ?, ?, '', ?, '') ON CONFLICT (assignment_id, level, deadline_key) DO NOTHING RETURNING id`,
		e.AssignmentID, e.Level, e.DeadlineKey, e.IssuedAt, e.Recipients, e.ReplyDue).Scan(&e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // taken before, by this or another instance
	}
	if err != nil {
		return nil, fmt.Errorf("store: ladder step: %w", err)
	}
	if lv == duban.LevelNotice {
		if err := issueNotice(ctx, tx, e, c.ladder.NoticePrefix, today); err != nil {
			return nil, err
		}
	}
	title, body := stepMessage(c, e)
	if err := notifyUsers(ctx, tx, users, "ladder."+string(lv), fmt.Sprint(e.ID), title, body, &c.a.ID); err != nil {
		return nil, err
	}
	if err := warnUndelivered(ctx, tx, &c.a, e, users); err != nil {
		return nil, err
	}
	return e, tx.audit(ctx, "escalation."+string(lv), "assignment", c.a.ID, nil, e)
}

// issueNotice numbers a 督办单 (督办〔2021〕3号, counted per prefix and
// year) and marks the assignment as awaiting its reply.
func issueNotice(ctx context.Context, tx *Tx, e *duban.Escalation, prefix string, today duban.Date) error {
	year := today.Time().Year()
	var n int
	if err := tx.QueryRowContext(ctx, `INSERT INTO notice_numbers (prefix, year, last) VALUES (?, ?, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET last = notice_numbers.last + 1 RETURNING last`, prefix, year).Scan(&n); err != nil {
		return fmt.Errorf("store: notice number: %w", err)
	}
	e.Number = fmt.Sprintf("%s〔%d〕%d号", prefix, year, n)
	if _, err := tx.exec(ctx, `UPDATE escalations SET number = ? WHERE id = ?`, e.Number, e.ID); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE assignments SET notice_due = ? WHERE id = ? AND (notice_due IS NULL OR notice_due > ?)`, e.ReplyDue, e.AssignmentID, e.ReplyDue)
	return err
}

// userRef is a recipient.
type userRef struct {
	ID    int64
	Name  string
	Email string
	Unit  int64
}

// recipients are the users a step goes to: the unit's liaisons for a
// reminder, its leaders for the leader's reminder, both for 催办, and for a
// 督办单 the unit's leaders and the plan's lead office.
func recipients(ctx context.Context, tx *Tx, unitID, planID int64, lv duban.Level) ([]userRef, error) {
	roles := map[duban.Level][]duban.Role{
		duban.LevelRemind: {duban.RoleLiaison}, duban.LevelRemindLdr: {duban.RoleLeader, duban.RoleLiaison},
		duban.LevelUrge: {duban.RoleLiaison, duban.RoleLeader}, duban.LevelNotice: {duban.RoleLeader, duban.RoleLiaison},
	}[lv]
	q := `SELECT id, display_name, email, COALESCE(unit_id, 0) FROM users WHERE NOT disabled AND ((unit_id = ? AND role IN (?, ?))`
	args := []any{unitID, roles[0], roles[len(roles)-1]}
	if lv == duban.LevelNotice {
		q += ` OR (role = 'lead' AND unit_id = (SELECT lead_unit_id FROM plans WHERE id = ?))`
		args = append(args, planID)
	}
	return userRefs(ctx, tx, q+`) ORDER BY id`, args...)
}

// recipientNames names who a step is addressed to: the responsible person
// or leader written on the task, then the accounts notified.
func recipientNames(c ladderCandidate, lv duban.Level, users []userRef) string {
	var names []string
	switch lv {
	case duban.LevelRemind:
		names = append(names, nonEmpty(c.person, "责任人"))
	case duban.LevelRemindLdr:
		names = append(names, nonEmpty(c.leaderNm, "责任领导"))
	case duban.LevelNotice:
		names = append(names, c.a.Unit.Name+"主要负责同志")
	}
	for _, u := range users {
		names = append(names, u.Name)
	}
	if !hasUnitAccount(users, c.a.Unit.ID) {
		names = append(names, "（"+c.a.Unit.Name+"尚无系统账号，未能在线送达）")
	}
	return strings.Join(names, "、")
}

func nonEmpty(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func stepMessage(c ladderCandidate, e *duban.Escalation) (string, string) {
	what := fmt.Sprintf("“%s”（%s，时限%s）", c.a.TaskTitle, c.a.Unit.Name, c.a.Deadline.Chinese())
	switch e.Level {
	case duban.LevelRemind, duban.LevelRemindLdr:
		return "整改时限临近提醒", "整改举措" + what + "即将到期，请抓紧推进并按时报送进展。"
	case duban.LevelUrge:
		return "逾期催办", "整改举措" + what + "已超过整改时限，请立即推进整改并说明情况。"
	}
	return "督办通知单 " + e.Number, fmt.Sprintf("整改举措%s逾期未完成，现发出督办通知单%s，请于%s前书面回复整改落实情况。", what, e.Number, e.ReplyDue.Chinese())
}

// EscalationInput is a step the lead office records by hand: 通报 or 约谈
// (with the meeting or circular it happened in), or a 督办单 issued early.
type EscalationInput struct {
	Level     duban.Level `json:"level"`
	Note      string      `json:"note"`
	MeetingID *int64      `json:"meeting_id"`
	ReplyDue  duban.Date  `json:"reply_due"`
}

// checkEscalation refuses a manual step of no known level, or a 督办单
// without its reply date.
func checkEscalation(in EscalationInput) error {
	switch in.Level {
	case duban.LevelCircular, duban.LevelInterview, duban.LevelNotice, duban.LevelUrge:
	default:
		return &duban.Error{Code: duban.Invalid, Message: "手工督办的层级应为 urge（催办）、notice（督办单）、circular（通报）或 interview（约谈）", Fields: map[string]string{"level": "无效"}}
	}
	if in.Level == duban.LevelNotice && in.ReplyDue.IsZero() {
		return &duban.Error{Code: duban.Invalid, Message: "督办单须写明回复时限", Fields: map[string]string{"reply_due": "必填"}}
	}
	return nil
}

// Escalate records a step taken by the lead office of the assignment's plan.
func (db *DB) Escalate(ctx context.Context, p *duban.Principal, assignmentID int64, in EscalationInput) (*duban.Escalation, error) {
	if err := checkEscalation(in); err != nil {
		return nil, err
	}
	var out *duban.Escalation
	err := db.update(ctx, p, func(tx *Tx) error {
		var err error
		out, err = escalateIn(ctx, tx, p, assignmentID, in)
		return err
	})
	if err == nil {
		out.Warnings = db.restDayWarnings("回复时限", in.ReplyDue)
	}
	return out, err
}

// EscalateMany takes one step (催办, a 督办单…) on several assignments at
// once, in one transaction: all of them or, when one is refused (not
// visible, another office's plan), none; the error names that assignment.
func (db *DB) EscalateMany(ctx context.Context, p *duban.Principal, ids []int64, in EscalationInput) ([]*duban.Escalation, error) {
	if err := checkEscalation(in); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, &duban.Error{Code: duban.Invalid, Message: "请至少选择一项事项", Fields: map[string]string{"id": "必选"}}
	}
	out := make([]*duban.Escalation, 0, len(ids))
	err := db.update(ctx, p, func(tx *Tx) error {
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			e, err := escalateIn(ctx, tx, p, id, in)
			if err != nil {
				var de *duban.Error
				if errors.As(err, &de) {
					return &duban.Error{Code: de.Code, Message: fmt.Sprintf("事项（编号%d）：%s；未对任何事项督办", id, de.Message), Fields: de.Fields}
				}
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if w := db.restDayWarnings("回复时限", in.ReplyDue); len(w) > 0 {
		for _, e := range out {
			e.Warnings = w
		}
	}
	return out, nil
}

// escalateIn records a manual step on one assignment inside tx.
func escalateIn(ctx context.Context, tx *Tx, p *duban.Principal, assignmentID int64, in EscalationInput) (*duban.Escalation, error) {
	a, err := seeAssignment(ctx, tx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	pl, err := managePlan(ctx, tx, p, a.PlanID)
	if err != nil {
		return nil, err
	}
	if in.MeetingID != nil {
		if m, err := findMeeting(ctx, tx, *in.MeetingID); err != nil || m.PlanID != a.PlanID {
			return nil, &duban.Error{Code: duban.Invalid, Message: "会议不存在或不属于本方案", Fields: map[string]string{"meeting_id": "无效"}}
		}
	}
	e := &duban.Escalation{AssignmentID: a.ID, Level: in.Level, DeadlineKey: "manual:" + tx.now.Format(time.RFC3339Nano), IssuedBy: actorID(p),
		IssuedAt: tx.now, Recipients: a.Unit.Name, Note: in.Note, MeetingID: in.MeetingID, ReplyDue: in.ReplyDue}
	users, err := unitUsers(ctx, tx, a.Unit.ID, duban.RoleLiaison, duban.RoleLeader)
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		// Said on the record, as the ladder says it, and told to the
		// lead office, so that the step is sent another way.
		e.Recipients += "（" + a.Unit.Name + "尚无系统账号，未能在线送达）"
		e.Undelivered = true
	}
	if e.ID, err = tx.insert(ctx, `INSERT INTO escalations (assignment_id, level, number, deadline_key, issued_by, issued_at, recipients, note, meeting_id, reply_due, reply)
		VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, '')`, e.AssignmentID, e.Level, e.DeadlineKey, e.IssuedBy, e.IssuedAt, e.Recipients, e.Note, e.MeetingID, e.ReplyDue); err != nil {
		return nil, err
	}
	if in.Level == duban.LevelNotice {
		if err := issueNotice(ctx, tx, e, pl.Ladder.NoticePrefix, duban.DateOf(tx.now.In(duban.ChinaTime))); err != nil {
			return nil, err
		}
	}
	if err := tellManualStep(ctx, tx, p, a, e); err != nil {
		return nil, err
	}
	if err := warnUndelivered(ctx, tx, a, e, users); err != nil {
		return nil, err
	}
	return e, tx.audit(ctx, "escalation."+string(in.Level), "assignment", a.ID, nil, e)
}

// ReplyEscalation records the unit's written reply to a 督办单: by a liaison
// or leader of the unit, or the lead office. Conflict if already answered.
func (db *DB) ReplyEscalation(ctx context.Context, p *duban.Principal, id int64, reply string) (*duban.Escalation, error) {
	if strings.TrimSpace(reply) == "" {
		return nil, &duban.Error{Code: duban.Invalid, Message: "请填写回复内容", Fields: map[string]string{"reply": "必填"}}
	}
	var out *duban.Escalation
	err := db.update(ctx, p, func(tx *Tx) error {
		var e duban.Escalation
		if err := scanEscalation(tx.QueryRowContext(ctx, `SELECT `+escalationCols+` FROM escalations WHERE id = ?`, id), &e); err != nil {
			return notFound(err, "督办记录", id)
		}
		a, err := seeAssignment(ctx, tx, p, e.AssignmentID)
		if err != nil {
			return duban.Errorf(duban.NotFound, "督办记录（编号%d）不存在", id)
		}
		pl, err := findPlan(ctx, tx, a.PlanID)
		if err != nil {
			return err
		}
		if p.UnitID != a.Unit.ID && !p.CanManagePlan(pl) {
			return duban.ErrForbidden("回复其他单位的督办单")
		}
		if e.Level != duban.LevelNotice {
			return duban.Errorf(duban.Conflict, "只有督办单需要书面回复")
		}
		if e.RepliedAt != nil {
			return duban.Errorf(duban.Conflict, "该督办单已回复")
		}
		before := e
		now := tx.now
		e.Reply, e.RepliedAt = strings.TrimSpace(reply), &now
		if _, err := tx.exec(ctx, `UPDATE escalations SET reply = ?, replied_at = ?, replied_by = ? WHERE id = ?`, e.Reply, now, actorID(p), id); err != nil {
			return err
		}
		// The assignment now waits on the oldest notice still unanswered, if any.
		if _, err := tx.exec(ctx, `UPDATE assignments SET notice_due = (SELECT MIN(reply_due) FROM escalations
			WHERE assignment_id = ? AND level = 'notice' AND replied_at IS NULL) WHERE id = ?`, a.ID, a.ID); err != nil {
			return err
		}
		out = &e
		if err := tellLead(ctx, tx, p, a, "escalation.replied", id, a.Unit.Name+"已回复督办单"+e.Number+"：“"+a.TaskTitle+"”", e.Reply); err != nil {
			return err
		}
		return tx.audit(ctx, "escalation.reply", "escalation", id, before, e)
	})
	return out, err
}

// ListEscalations returns the steps taken on an assignment, oldest first.
func (db *DB) ListEscalations(ctx context.Context, p *duban.Principal, assignmentID int64) ([]duban.Escalation, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+escalationCols+` FROM escalations WHERE assignment_id = ? ORDER BY id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: list escalations: %w", err)
	}
	defer rows.Close()
	out := []duban.Escalation{}
	for rows.Next() {
		var e duban.Escalation
		if err := scanEscalation(rows, &e); err != nil {
			return nil, fmt.Errorf("store: list escalations: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
