package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"duban/internal/duban"
)

// audit appends an event to the chain inside t. before and after are the
// record before and after the write (nil for none); they are kept as JSON.
func (t *Tx) audit(ctx context.Context, action, targetType string, targetID int64, before, after any) error {
	e := duban.AuditEvent{
		At:         t.wall,
		ActorName:  t.actor.Username,
		Action:     action,
		TargetType: targetType,
		TargetID:   targetID,
		Before:     jsonOf(before),
		After:      jsonOf(after),
	}
	if t.actor.UserID != 0 {
		id := t.actor.UserID
		e.ActorID = &id
	}
	if err := t.loadHead(ctx); err != nil {
		return err
	}
	e.Seq, e.PrevHash = t.head.seq+1, t.head.hash
	e.Hash = t.db.seal(&e, t.head.keyedFrom)
	if err := t.insertLater(ctx, "audit_events", `INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, target_id, before_json, after_json, prev_hash, hash) VALUES`,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorName, e.Action, e.TargetType, e.TargetID,
		e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("store: audit insert: %w", err)
	}
	t.head.seq, t.head.hash, t.head.moved = e.Seq, e.Hash, true
	return nil
}

// chainHead is the audit chain's head (the audit_head row) as a write
// transaction moves it. Appends are serialised: on PostgreSQL the
// transaction locked the row when it began (updateAt), on SQLite there is
// one writer. The events of a transaction are chained in memory and the
// row is written once, before the commit (saveHead).
type chainHead struct {
	seq       int64
	hash      string
	keyedFrom int64
	loaded    bool // read in this transaction
	moved     bool // events appended: the row is to be written
}

// loadHead reads the chain's head, once per transaction.
func (t *Tx) loadHead(ctx context.Context) error {
	if t.head.loaded {
		return nil
	}
	err := t.QueryRowContext(ctx, `SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1`).Scan(&t.head.seq, &t.head.hash, &t.head.keyedFrom)
	if err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	t.head.loaded = true
	return nil
}

// saveHead writes the head the transaction's events moved it to.
func (t *Tx) saveHead(ctx context.Context) error {
	if !t.head.moved {
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, t.head.seq, t.head.hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	t.head.moved = false
	return nil
}

// rawJSON is a record already encoded, kept as it is.
type rawJSON []byte

func jsonOf(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case rawJSON:
		return string(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// AuditProblem names the first event where the chain breaks.
type AuditProblem struct {
	Seq    int64
	Reason string
}

func (p *AuditProblem) Error() string {
	return fmt.Sprintf("审计链在第 %d 条记录处断裂：%s", p.Seq, p.Reason)
}

// VerifyAudit walks the whole chain in order and returns the number of
// events checked, and an *AuditProblem naming the first event that was
// changed, removed or inserted.
func (db *DB) VerifyAudit(ctx context.Context) (int64, error) {
	return db.VerifyAuditAgainst(ctx, nil)
}

// VerifyAuditAgainst is VerifyAudit that also checks the chain against an
// anchor kept elsewhere (nil for none): the event the anchor names must
// still be there with the same hash, so that a chain shortened and its
// head rewound is found.
func (db *DB) VerifyAuditAgainst(ctx context.Context, anchor *AuditAnchor) (int64, error) {
	keyedFrom, err := db.checkAuditKey(ctx)
	if err != nil {
		return 0, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT seq, at, actor_id, actor_name, action, target_type, target_id, before_json, after_json, prev_hash, hash
		FROM audit_events ORDER BY seq`)
	if err != nil {
		return 0, fmt.Errorf("store: audit verify: %w", err)
	}
	defer rows.Close()
	var n, want int64 = 0, 1
	prev := ""
	for rows.Next() {
		var e duban.AuditEvent
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return n, fmt.Errorf("store: audit verify: %w", err)
		}
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return n, &AuditProblem{e.Seq, "时间格式被改动"}
		}
		switch {
		case e.Seq > want:
			return n, &AuditProblem{want, fmt.Sprintf("第 %d 至 %d 条记录缺失（被删除）", want, e.Seq-1)}
		case e.Seq < want:
			return n, &AuditProblem{e.Seq, "序号重复（有记录被插入）"}
		case e.PrevHash != prev:
			return n, &AuditProblem{e.Seq, "前一条记录的哈希不符（有记录被删除、插入或改动）"}
		case db.seal(&e, keyedFrom) != e.Hash:
			return n, &AuditProblem{e.Seq, "内容与其哈希不符（记录被改动）"}
		case anchor != nil && e.Seq == anchor.Seq && e.Hash != anchor.Hash:
			return n, &AuditProblem{e.Seq, "与链外保存的锚点不符（记录被改写）"}
		}
		prev, want = e.Hash, want+1
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("store: audit verify: %w", err)
	}
	var headSeq int64
	var headHash string
	if err := db.reader().QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return n, fmt.Errorf("store: audit head: %w", err)
	}
	if headSeq != want-1 || headHash != prev {
		return n, &AuditProblem{want, fmt.Sprintf("链尾应为第 %d 条记录，最后 %d 条记录缺失（被删除）", headSeq, headSeq-(want-1))}
	}
	if anchor != nil && anchor.Seq > headSeq {
		return n, &AuditProblem{headSeq + 1, fmt.Sprintf("链被截短：链外锚点记到第 %d 条，库中只剩 %d 条（其后的记录被删除、链尾被回拨）", anchor.Seq, headSeq)}
	}
	return n, nil
}

// AuditFilter selects audit events.
type AuditFilter struct {
	TargetType string
	TargetID   int64
	Actor      string     // the username of who acted, exactly
	Action     string     // an action (auth.login), or all actions of a group (auth)
	From, To   duban.Date // days in China time, both included; zero: open
	duban.Page
}

// ListAudit returns audit events, newest first. Only the audit
// administrator may read the audit log (三员分立); Forbidden otherwise.
func (db *DB) ListAudit(ctx context.Context, p *duban.Principal, f AuditFilter) (duban.List[duban.AuditEvent], error) {
	var out duban.List[duban.AuditEvent]
	if !p.ReadsAudit() {
		return out, duban.ErrForbidden("查看审计日志")
	}
	w := where{}
	if f.TargetType != "" {
		w.add("target_type = ?", f.TargetType)
	}
	if f.TargetID != 0 {
		w.add("target_id = ?", f.TargetID)
	}
	if f.Actor != "" {
		w.add("actor_name = ?", f.Actor)
	}
	switch {
	case strings.Contains(f.Action, "."):
		w.add("action = ?", f.Action)
	case f.Action != "":
		esc := likePattern(f.Action) // %…%: the group's name, escaped, between wildcards
		w.add(`(action = ? OR action LIKE ? ESCAPE '\')`, f.Action, esc[1:len(esc)-1]+".%")
	}
	// Events keep their time as RFC 3339 text in UTC, so a day's bounds are
	// compared as text: every time within a second starts with the second.
	if !f.From.IsZero() {
		w.add("at >= ?", auditBound(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ?", auditBound(f.To.AddDays(1)))
	}
	after, err := idCursor(f.Cursor)
	if err != nil {
		return out, err
	}
	if after > 0 {
		w.add("seq < ?", after)
	}
	limit := f.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT seq, at, actor_id, actor_name, action, target_type, target_id, before_json, after_json, prev_hash, hash
		FROM audit_events`+w.String()+` ORDER BY seq DESC LIMIT `+fmt.Sprint(limit+1), w.args...)
	if err != nil {
		return out, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e duban.AuditEvent
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return out, fmt.Errorf("store: list audit: %w", err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out.Items = append(out.Items, e)
	}
	return pageOut(out, limit, func(e duban.AuditEvent) string { return fmt.Sprint(e.Seq) }), rows.Err()
}

// auditBound is the start of day d in China time as the text the audit
// log's times are compared with.
func auditBound(d duban.Date) string {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, duban.ChinaTime).UTC().Format("2006-01-02T15:04:05")
}

// pageOut trims a page fetched with limit+1 rows and sets its next cursor.
func pageOut[T any](l duban.List[T], limit int, cursor func(T) string) duban.List[T] {
	if l.Items == nil {
		l.Items = []T{}
	}
	if len(l.Items) > limit {
		l.Items = l.Items[:limit]
		l.NextCursor = cursor(l.Items[limit-1])
	}
	return l
}

// AuditReport is the outcome of a verification of the audit log asked for
// by the audit administrator.
type AuditReport struct {
	OK      bool      `json:"ok"`
	Events  int64     `json:"events"`            // events checked and found sound
	Seq     int64     `json:"broken_at"`         // the first event where the chain breaks, 0 when it holds
	Problem string    `json:"problem,omitempty"` // what is wrong there
	Anchor  string    `json:"anchor,omitempty"`  // the anchor checked against, if any
	Drifts  []string  `json:"drifts"`            // business records unlike their last audited state, in words
	At      time.Time `json:"checked_at"`
}

// VerifyAuditBy verifies the chain (against anchor when not nil) and the
// business records against their last audited state, for the audit
// administrator (Forbidden to anyone else), and records that it was done
// and what it found.
func (db *DB) VerifyAuditBy(ctx context.Context, p *duban.Principal, anchor *AuditAnchor) (*AuditReport, error) {
	if !p.ReadsAudit() {
		return nil, duban.ErrForbidden("核验审计日志")
	}
	rep := &AuditReport{At: db.now(), Drifts: []string{}}
	if anchor != nil {
		rep.Anchor = anchor.String()
	}
	n, err := db.VerifyAuditAgainst(ctx, anchor)
	rep.Events = n
	var bad *AuditProblem
	switch {
	case errors.As(err, &bad):
		rep.Seq, rep.Problem = bad.Seq, bad.Reason
	case err != nil:
		return nil, err
	default:
		drifts, err := db.CheckRows(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range drifts {
			rep.Drifts = append(rep.Drifts, d.String())
		}
	}
	rep.OK = rep.Seq == 0 && len(rep.Drifts) == 0
	detail := map[string]any{"ok": rep.OK, "events": rep.Events, "broken_at": rep.Seq, "drifts": len(rep.Drifts), "anchor": rep.Anchor}
	if err := db.Record(ctx, p, "audit.verify", "audit", 0, detail); err != nil {
		return nil, err
	}
	return rep, nil
}
