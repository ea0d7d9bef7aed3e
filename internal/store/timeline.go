package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"duban/internal/duban"
)

// TimelineEntry is one event in an assignment's history. Title and Detail
// word it in Chinese; the other fields hold what they are made of, so that
// a page can word it in another language. Which of them are set depends on
// the event:
//
//	transition          Action, From, To, Actor, Reason
//	report              Period (Detail is the report's content)
//	escalation          Level, Number, Recipients, Note
//	reply               Level, Number (Detail is the reply)
//	extension request   OldDeadline, NewDeadline, Reason
//	extension decision  Approved (Detail is the comment)
//	look-back scheduled DueDate, Campaign
//	look-back result    Result, NewDeadline when it relapsed (Detail is the note)
type TimelineEntry struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // transition, report, escalation, reply, extension, lookback
	Title  string    `json:"title"`
	Detail string    `json:"detail"`

	Action      duban.Action         `json:"action,omitzero"`
	From        duban.Status         `json:"from,omitzero"`
	To          duban.Status         `json:"to,omitzero"`
	Actor       string               `json:"actor,omitzero"`
	Reason      string               `json:"reason,omitzero"`
	Period      string               `json:"period,omitzero"`
	Level       duban.Level          `json:"level,omitzero"`
	Number      string               `json:"number,omitzero"`
	Recipients  string               `json:"recipients,omitzero"`
	Note        string               `json:"note,omitzero"`
	OldDeadline duban.Date           `json:"old_deadline,omitzero"`
	NewDeadline duban.Date           `json:"new_deadline,omitzero"`
	Approved    *bool                `json:"approved,omitzero"`
	DueDate     duban.Date           `json:"due_date,omitzero"`
	Campaign    string               `json:"campaign,omitzero"`
	Result      duban.LookbackResult `json:"result,omitzero"`
}

// Timeline returns everything that happened to an assignment, oldest first:
// its transitions, reports, supervision steps and replies, extension
// requests and decisions, and look-backs.
func (db *DB) Timeline(ctx context.Context, p *duban.Principal, assignmentID int64) ([]TimelineEntry, error) {
	if _, err := seeAssignment(ctx, db.reader(), p, assignmentID); err != nil {
		return nil, err
	}
	trs, err := db.ListTransitions(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	rs, err := db.ListReports(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	es, err := db.ListEscalations(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	xs, err := db.ListExtensions(ctx, p, assignmentID)
	if err != nil {
		return nil, err
	}
	ls, err := db.ListLookbacks(ctx, p, LookbackFilter{AssignmentID: assignmentID})
	if err != nil {
		return nil, err
	}
	out := []TimelineEntry{}
	for _, t := range trs {
		out = append(out, transitionEntry(t))
	}
	for _, r := range rs {
		out = append(out, TimelineEntry{At: r.SubmittedAt, Kind: "report", Title: "报送进展（" + r.Period + "）", Detail: r.Content, Period: r.Period})
	}
	for _, e := range es {
		out = append(out, escalationEntries(e)...)
	}
	for _, x := range xs {
		out = append(out, extensionEntries(x)...)
	}
	for _, l := range ls {
		out = append(out, lookbackEntries(l)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

func transitionEntry(t duban.Transition) TimelineEntry {
	return TimelineEntry{At: t.At, Kind: "transition", Title: duban.ActionNames[t.Action],
		Detail: fmt.Sprintf("%s → %s，%s %s", duban.StatusNames[t.From], duban.StatusNames[t.To], t.ActorName, t.Reason),
		Action: t.Action, From: t.From, To: t.To, Actor: t.ActorName, Reason: t.Reason}
}

// escalationEntries are a supervision step and, for an answered notice, its reply.
func escalationEntries(e duban.Escalation) []TimelineEntry {
	out := []TimelineEntry{{At: e.IssuedAt, Kind: "escalation", Title: duban.LevelNames[e.Level] + " " + e.Number,
		Detail: "送达：" + e.Recipients + " " + e.Note, Level: e.Level, Number: e.Number, Recipients: e.Recipients, Note: e.Note}}
	if e.RepliedAt != nil {
		out = append(out, TimelineEntry{At: *e.RepliedAt, Kind: "reply", Title: "回复督办单 " + e.Number, Detail: e.Reply, Level: e.Level, Number: e.Number})
	}
	return out
}

// extensionEntries are an extension request and, once decided, its decision.
func extensionEntries(x duban.Extension) []TimelineEntry {
	out := []TimelineEntry{{At: x.RequestedAt, Kind: "extension", Title: "申请延期", Detail: fmt.Sprintf("%s → %s：%s", x.OldDeadline, x.NewDeadline, x.Reason),
		OldDeadline: x.OldDeadline, NewDeadline: x.NewDeadline, Reason: x.Reason}}
	if x.DecidedAt != nil {
		approved, title := x.Status == duban.ExtensionApproved, "不同意延期"
		if approved {
			title = "同意延期"
		}
		out = append(out, TimelineEntry{At: *x.DecidedAt, Kind: "extension", Title: title, Detail: x.Comment, Approved: &approved})
	}
	return out
}

// lookbackEntries are a scheduled look-back and, once done, its result.
func lookbackEntries(l duban.Lookback) []TimelineEntry {
	out := []TimelineEntry{{At: l.CreatedAt, Kind: "lookback", Title: "安排回头看", Detail: "应于" + l.DueDate.Chinese() + "开展 " + l.Campaign,
		DueDate: l.DueDate, Campaign: l.Campaign}}
	if l.DoneAt != nil {
		title := "回头看：反弹"
		if l.Result == duban.LookbackHolds {
			title = "回头看：巩固"
		}
		out = append(out, TimelineEntry{At: *l.DoneAt, Kind: "lookback", Title: title, Detail: l.Note, Result: l.Result, NewDeadline: l.NewDeadline})
	}
	return out
}
