package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// SuperviseBreach makes an open breach a supervised item on the lead
// unit's review. Forbidden unless the caller leads the indicator; Conflict
// if the breach is mended or already an item.
func (db *DB) SuperviseBreach(ctx context.Context, p *duban.Principal, breachID int64) (*duban.Assignment, error) {
	var out *duban.Assignment
	err := db.update(ctx, p, func(tx *Tx) error {
		var indID, ruleID int64
		var status string
		var item *int64
		if err := tx.QueryRowContext(ctx, `SELECT indicator_id, rule_id, status, assignment_id FROM indicator_breaches WHERE id = ?`, breachID).
			Scan(&indID, &ruleID, &status, &item); err != nil {
			return notFound(err, "指标预警", breachID)
		}
		x, err := seeIndicator(ctx, tx, p, indID)
		if err != nil {
			return err
		}
		if !leadsIndicator(p, x) {
			return duban.ErrForbidden("将指标预警转为督办事项")
		}
		switch {
		case item != nil:
			return duban.Errorf(duban.Conflict, "该预警已转为督办事项")
		case status != duban.BreachOpen:
			return duban.Errorf(duban.Conflict, "该预警已因数据恢复而解除，无需督办")
		}
		rules, err := indicatorRules(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		for i := range rules {
			if rules[i].ID == ruleID {
				if err := db.supervise(ctx, tx, x, &rules[i], breachID); err != nil {
					return err
				}
			}
		}
		var aid int64
		if err := tx.QueryRowContext(ctx, `SELECT assignment_id FROM indicator_breaches WHERE id = ?`, breachID).Scan(&aid); err != nil {
			return fmt.Errorf("store: supervise breach: %w", err)
		}
		out, err = findAssignment(ctx, tx, aid)
		return err
	})
	return out, err
}

// supervise opens an item for a breach: a measure in the indicator's
// monitoring plan (made on first use, led by the indicator's lead unit),
// assigned to the unit with a deadline in working days, so that the ladder,
// lights, closure and look-back apply to it as to any item.
func (db *DB) supervise(ctx context.Context, tx *Tx, x *duban.Indicator, r *duban.IndicatorRule, breachID int64) error {
	pl, aspect, err := monitoringPlan(ctx, tx, x)
	if err != nil {
		return err
	}
	var b duban.Breach
	w := &where{}
	w.add(`b.id = ?`, breachID)
	found, err := listBreaches(ctx, tx, x, w)
	if err != nil || len(found) != 1 {
		return fmt.Errorf("store: supervise: breach %d: %v", breachID, err)
	}
	b = found[0]
	t := &duban.Task{PlanID: pl.ID, NodeID: aspect, AspectID: aspect, LeadUnitID: b.Unit.ID, DeadlineKind: duban.DeadlineDate,
		DeadlineWorkdays: r.DeadlineWorkdays,
		Title:            fmt.Sprintf("%s%s%s未达“%s”要求", b.Unit.Name, b.Period.Chinese(), x.Name, r.Name),
		Content:          b.Describe(x) + "。请分析原因，采取措施，按期扭转。",
		Target:           fmt.Sprintf("%s达到“%s”要求", x.Name, r.Name)}
	if err := t.Validate(); err != nil {
		return err
	}
	if err := insertTask(ctx, tx, t); err != nil {
		return err
	}
	var aid int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM assignments WHERE task_id = ? AND unit_id = ?`, t.ID, b.Unit.ID).Scan(&aid); err != nil {
		return fmt.Errorf("store: supervise: %w", err)
	}
	a, err := findAssignment(ctx, tx, aid)
	if err != nil {
		return err
	}
	if err := db.transitionIn(ctx, tx, monitor, pl, a, duban.ActionAssign, duban.TransitionInput{}); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE indicator_breaches SET assignment_id = ? WHERE id = ?`, aid, breachID); err != nil {
		return err
	}
	return tx.audit(ctx, "indicator.breach.supervise", "indicator", x.ID, nil, map[string]any{"breach": breachID, "assignment": aid})
}

// monitoringPlan returns the indicator's monitoring plan and its one aspect,
// making them on first use.
func monitoringPlan(ctx context.Context, tx *Tx, x *duban.Indicator) (*duban.Plan, int64, error) {
	if x.PlanID != 0 {
		pl, err := findPlan(ctx, tx, x.PlanID)
		if err != nil {
			return nil, 0, err
		}
		var aspect int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM nodes WHERE plan_id = ? AND parent_id IS NULL ORDER BY seq, id LIMIT 1`, pl.ID).Scan(&aspect)
		if err != nil {
			return nil, 0, fmt.Errorf("store: monitoring plan: %w", err)
		}
		return pl, aspect, nil
	}
	pl := &duban.Plan{Title: x.Name + "监测督办", OwnerUnitID: x.LeadUnitID, LeadUnitID: x.LeadUnitID, Cadence: duban.CadenceNone,
		LookbackMonths: 3}
	if err := pl.Validate(); err != nil {
		return nil, 0, err
	}
	if err := insertPlan(ctx, tx, pl); err != nil {
		return nil, 0, err
	}
	n := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: x.Name + "未达监测要求"}
	if err := insertNode(ctx, tx, n); err != nil {
		return nil, 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE indicators SET plan_id = ? WHERE id = ?`, pl.ID, x.ID); err != nil {
		return nil, 0, err
	}
	x.PlanID = pl.ID
	return pl, n.ID, nil
}

// recovered asks to close the item of a mended breach, in the unit's name,
// with the figures; the unit's leader signs off and the lead unit verifies
// as for any item.
func (db *DB) recovered(ctx context.Context, tx *Tx, x *duban.Indicator, aid int64, c duban.Check, per string) error {
	a, err := findAssignment(ctx, tx, aid)
	if err != nil {
		return err
	}
	if a.Status != duban.StatusAssigned && a.Status != duban.StatusInProgress {
		return nil
	}
	pl, err := findPlan(ctx, tx, a.PlanID)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("%s数据已恢复：%s %s%s，对照 %s%s（系统据最新数据自动提出）", x.Name, per,
		duban.FormatFigure(c.Value, x.Decimals), x.Measure, duban.FormatFigure(c.Baseline, x.Decimals), x.Measure)
	return db.transitionIn(ctx, tx, monitor, pl, a, duban.ActionRequestClosure, duban.TransitionInput{Summary: summary})
}

// LinkMeeting records that a meeting (定期会商) considered an indicator's
// figures for a period. Forbidden unless the caller leads the indicator.
func (db *DB) LinkMeeting(ctx context.Context, p *duban.Principal, meetingID, indicatorID int64, period string) error {
	return db.update(ctx, p, func(tx *Tx) error {
		x, err := seeIndicator(ctx, tx, p, indicatorID)
		if err != nil {
			return err
		}
		if !leadsIndicator(p, x) {
			return duban.ErrForbidden("为该指标登记会商")
		}
		per, err := duban.ParsePeriod(x.PeriodType, period)
		if err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"period": "无效"}}
		}
		if _, err := findMeeting(ctx, tx, meetingID); err != nil {
			return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"meeting_id": "不存在"}}
		}
		if _, err := tx.exec(ctx, `INSERT INTO meeting_indicators (meeting_id, indicator_id, period) VALUES (?, ?, ?)`, meetingID, x.ID, per.String()); err != nil {
			return err
		}
		return tx.audit(ctx, "indicator.meeting", "indicator", x.ID, nil, map[string]any{"meeting": meetingID, "period": per.String()})
	})
}

// IndicatorMeeting is a meeting that considered an indicator for a period.
type IndicatorMeeting struct {
	Period  string        `json:"period"`
	Meeting duban.Meeting `json:"meeting"`
}

// IndicatorMeetings lists the meetings linked to an indicator, newest first.
func (db *DB) IndicatorMeetings(ctx context.Context, p *duban.Principal, indicatorID int64) ([]IndicatorMeeting, error) {
	q := db.reader()
	if _, err := seeIndicator(ctx, q, p, indicatorID); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT meeting_id, period FROM meeting_indicators WHERE indicator_id = ? ORDER BY period DESC, meeting_id`, indicatorID)
	if err != nil {
		return nil, fmt.Errorf("store: indicator meetings: %w", err)
	}
	var out []IndicatorMeeting
	var ids []int64
	for rows.Next() {
		var m IndicatorMeeting
		var id int64
		if err := rows.Scan(&id, &m.Period); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: indicator meetings: %w", err)
		}
		out, ids = append(out, m), append(ids, id)
	}
	rows.Close()
	for i, id := range ids {
		m, err := findMeeting(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out[i].Meeting = *m
	}
	return out, rows.Err()
}
