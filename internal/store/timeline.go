package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"duban/internal/duban"
)

// TimelineEntry is one event in an assignment's history.
type TimelineEntry struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // transition, report, escalation, reply, extension, lookback
	Title  string    `json:"title"`
	Detail string    `json:"detail"`
}

// Timeline returns everything that happened to an assignment, oldest first:
// its transitions, reports, supervision steps and replies, extension
// requests and decisions, and look-backs.
func (db *DB) Timeline(ctx context.Context, p *duban.Principal, assignmentID int64) ([]TimelineEntry, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	var out []TimelineEntry
	trs, err := db.ListTransitions(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	for _, t := range trs {
		out = append(out, TimelineEntry{t.At, "transition", duban.ActionNames[t.Action], fmt.Sprintf("%s → %s，%s %s", duban.StatusNames[t.From], duban.StatusNames[t.To], t.ActorName, t.Reason)})
	}
	rs, err := db.ListReports(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out = append(out, TimelineEntry{r.SubmittedAt, "report", "报送进展（" + r.Period + "）", r.Content})
	}
	es, err := db.ListEscalations(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out = append(out, TimelineEntry{e.IssuedAt, "escalation", duban.LevelNames[e.Level] + " " + e.Number, "送达：" + e.Recipients + " " + e.Note})
		if e.RepliedAt != nil {
			out = append(out, TimelineEntry{*e.RepliedAt, "reply", "回复督办单 " + e.Number, e.Reply})
		}
	}
	xs, err := db.ListExtensions(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		out = append(out, TimelineEntry{x.RequestedAt, "extension", "申请延期", fmt.Sprintf("%s → %s：%s", x.OldDeadline, x.NewDeadline, x.Reason)})
		if x.DecidedAt != nil {
			out = append(out, TimelineEntry{*x.DecidedAt, "extension", map[bool]string{true: "同意延期", false: "不同意延期"}[x.Status == duban.ExtensionApproved], x.Comment})
		}
	}
	ls, err := db.ListLookbacks(ctx, p, LookbackFilter{AssignmentID: assignmentID})
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		out = append(out, TimelineEntry{l.CreatedAt, "lookback", "安排回头看", "应于" + l.DueDate.Chinese() + "开展 " + l.Campaign})
		if l.DoneAt != nil {
			out = append(out, TimelineEntry{*l.DoneAt, "lookback", map[bool]string{true: "回头看：巩固", false: "回头看：反弹"}[l.Result == duban.LookbackHolds], l.Note})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if out == nil {
		out = []TimelineEntry{}
	}
	return out, nil
}
