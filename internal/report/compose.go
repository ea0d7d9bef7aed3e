package report

import (
	"context"

	"duban/internal/duban"
	"duban/internal/store"
)

// NoticeOf composes the progress notice of a plan from the store as of a
// day. The notice reports every unit's progress, so only those who read
// every unit's (lead offices, leaders, inspectors, administrators) may
// compose it: NotFound for a plan the caller cannot see, Forbidden for a
// liaison, who reads the notices published instead.
func NoticeOf(ctx context.Context, db *store.DB, p *duban.Principal, planID int64, asOf duban.Date, contact string, opt NoticeOptions) (*duban.Document, error) {
	if _, err := db.FindPlan(ctx, p, planID); err != nil {
		return nil, err
	}
	if !p.ReadsAll() {
		return nil, duban.ErrForbidden("生成整改进展情况的通报（请查看已公开的通报）")
	}
	// The measures are read a batch at a time and each kept only as the
	// sentence the notice writes of it: a national plan's measures read
	// whole held 50 MB beside the notice's own text.
	var o *duban.Outline
	lines := noticeLines{}
	err := db.ScanOutline(ctx, p, store.OutlineFilter{PlanID: planID, AsOf: asOf, Brief: true},
		func(out *duban.Outline, scan duban.OutlineScan) error {
			o = out
			return scan(lines.keep(o.Meta.AsOf))
		})
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		// "对照…0个问题，逐条制定0项整改举措" would go out under the unit's name
		// and not be true: a notice needs measures on its day.
		return nil, duban.Errorf(duban.Invalid, "截至%s该方案尚无整改举措，不能生成通报：请选择整改举措制定之后的日期", o.Meta.AsOf.Chinese())
	}
	meetings, err := db.MeetingCounts(ctx, p, planID, o.Meta.AsOf)
	if err != nil {
		return nil, err
	}
	return Notice(NoticeInput{Outline: o, Meetings: meetings, Contact: contact, Options: opt, lines: lines}), nil
}

// SupervisionOf composes the 督办单 of an assignment: to its unit, about its
// measure and problem, issued by the plan's lead office on date (today when
// zero). The reply is due on replyDue, or, when zero, the plan's reply time
// (Ladder.ReplyWithin) in working days after date; the days past the
// deadline are working days.
func SupervisionOf(ctx context.Context, db *store.DB, p *duban.Principal, assignmentID int64, number string, replyDue, date duban.Date) (*duban.Document, error) {
	a, err := db.FindAssignment(ctx, p, assignmentID, date)
	if err != nil {
		return nil, err
	}
	t, err := db.FindTask(ctx, p, a.TaskID)
	if err != nil {
		return nil, err
	}
	node, err := db.FindNode(ctx, p, t.NodeID)
	if err != nil {
		return nil, err
	}
	pl, err := db.FindPlan(ctx, p, a.PlanID)
	if err != nil {
		return nil, err
	}
	unit, err := db.FindUnit(ctx, a.Unit.ID)
	if err != nil {
		return nil, err
	}
	office, err := db.FindUnit(ctx, pl.LeadUnitID)
	if err != nil {
		return nil, err
	}
	kind, err := planKind(ctx, db, pl)
	if err != nil {
		return nil, err
	}
	if date.IsZero() {
		date = duban.DateOf(db.Now().In(duban.ChinaTime))
	}
	if replyDue.IsZero() {
		// The plan's reply time in working days, as the ladder gives an
		// issued 督办单: never a rest day.
		replyDue = db.Calendar().AddWorkdays(date, pl.Ladder.ReplyWithin)
	}
	in := SupervisionInput{Number: number, Unit: unit.Name, Problem: node.Title, Task: t.Title, Deadline: duban.DeadlineLabel(a.DeadlineKind, a.Deadline),
		Requirement: t.Requirements, ReplyDue: replyDue, Office: office.Name + duban.WordsOf(kind).Group + "办公室", Date: date, Kind: kind}
	if a.DeadlineKind.Dated() && !a.Deadline.IsZero() && a.Open() && a.Deadline.Before(date) {
		in.DaysOverdue = db.Calendar().Between(a.Deadline, date)
	}
	return SupervisionNotice(in), nil
}

// planKind is the kind of a plan's first source; a plan without one speaks
// as an inspection.
func planKind(ctx context.Context, db *store.DB, pl *duban.Plan) (duban.SourceKind, error) {
	if len(pl.SourceIDs) == 0 {
		return duban.SourceInspection, nil
	}
	src, err := db.FindSource(ctx, pl.SourceIDs[0])
	if err != nil {
		return "", err
	}
	return src.Kind, nil
}
