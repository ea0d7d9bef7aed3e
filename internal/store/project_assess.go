package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// rectifyWorkdays is how long a failed milestone's rectification runs when
// the assessment gives no date: twenty working days.
const rectifyWorkdays = 20

// AssessMilestone records an assessment (考核) of a milestone by the
// programme's office. A pass (通过, 整改后通过) releases the milestone's
// tranche on the day of the assessment and asks for the closure of its
// supervised item with the verdict (the unit's leader signs off, the office
// verifies, as for any item); a conditional pass also opens a
// rectification item. A failure holds this and every later tranche, sends
// back a closure the unit had asked for (the item stays under supervision)
// and opens a rectification item for the lead unit, due on RectifyDue (or
// twenty working days on). A later pass of a failed milestone releases it,
// lifts the holds it caused and asks for the closure of both items. Forbidden unless p
// runs the programme; Invalid for a bad assessment; Stale on a version
// mismatch.
func (db *DB) AssessMilestone(ctx context.Context, p *duban.Principal, milestoneID int64, version int, a duban.Assessment) (*duban.Milestone, error) {
	var out *duban.Milestone
	err := db.update(ctx, p, func(tx *Tx) error {
		m, x, g, err := manageMilestone(ctx, tx, p, milestoneID)
		if err != nil {
			return err
		}
		if version != 0 && m.Version != version {
			return duban.Errorf(duban.Stale, "该里程碑已被他人修改，请刷新后重试")
		}
		if x.Status != duban.ProjectActive {
			return duban.Errorf(duban.Conflict, "项目已%s，不能再考核", duban.ProjectStatusNames[x.Status])
		}
		a.MilestoneID = m.ID
		if err := a.Validate(m); err != nil {
			return err
		}
		if a.Result == duban.ResultFail && a.RectifyDue.IsZero() {
			a.RectifyDue = db.Calendar().AddWorkdays(a.AssessedOn, rectifyWorkdays)
		}
		a.CreatedBy, a.CreatedAt = actorName(p), tx.now
		if a.ID, err = tx.insert(ctx, `INSERT INTO assessments (milestone_id, assessed_on, experts, trl_reached, result, opinion, rectify_due, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, a.AssessedOn, strings.Join(a.Experts, "、"), a.TRLReached, a.Result, a.Opinion, a.RectifyDue, a.CreatedBy, tx.now); err != nil {
			return err
		}
		before := *m
		if err := db.applyAssessment(ctx, tx, p, g, x, m, &a); err != nil {
			return err
		}
		if err := holdTranches(ctx, tx, x.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, "milestone.assess", "milestone", m.ID, before, map[string]any{"milestone": m, "assessment": a}); err != nil {
			return err
		}
		out, err = findMilestone(ctx, tx, m.ID)
		return err
	})
	return out, err
}

// applyAssessment moves the milestone, its tranche and its items by the result.
func (db *DB) applyAssessment(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, x *duban.Project, m *duban.Milestone, a *duban.Assessment) error {
	m.TRLReached = a.TRLReached
	verdict := fmt.Sprintf("里程碑考核%s（%s，专家：%s）：达到技术就绪度%s；意见：%s", duban.AssessmentResultNames[a.Result], a.AssessedOn.Chinese(),
		strings.Join(a.Experts, "、"), a.TRLReached, a.Opinion)
	switch a.Result {
	case duban.ResultPass, duban.ResultConditional:
		if err := db.requestItemClosure(ctx, tx, m.AssignmentID, verdict); err != nil {
			return err
		}
		m.Status = duban.MilestonePassed
		if a.Result == duban.ResultConditional {
			m.Status = duban.MilestoneConditional
		}
		m.FundStatus, m.Released, m.ReleasedOn = duban.FundReleased, m.Tranche, a.AssessedOn
		if m.FollowUpID != nil {
			if err := db.requestItemClosure(ctx, tx, *m.FollowUpID, verdict); err != nil {
				return err
			}
		}
		if a.Result == duban.ResultConditional {
			if err := db.openFollowUp(ctx, tx, p, g, x, m, a, "整改"); err != nil {
				return err
			}
		}
	case duban.ResultFail:
		m.Status, m.FundStatus = duban.MilestoneFailed, duban.FundHeld
		if err := db.returnItemClosure(ctx, tx, p, m.AssignmentID, verdict); err != nil {
			return err
		}
		if m.FollowUpID == nil {
			if err := db.openFollowUp(ctx, tx, p, g, x, m, a, "未通过整改"); err != nil {
				return err
			}
		}
	}
	return tx.update(ctx, "里程碑", `UPDATE milestones SET status = ?, trl_reached = ?, fund_status = ?, released = ?, released_on = ?, follow_up_id = ?, version = version + 1
		WHERE id = ? AND version = ?`, m.Status, m.TRLReached, m.FundStatus, m.Released, m.ReleasedOn, m.FollowUpID, m.ID, m.Version)
}

// openFollowUp opens the supervised item that follows an assessment: the
// lead unit must rectify what the experts found by RectifyDue.
func (db *DB) openFollowUp(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, x *duban.Project, m *duban.Milestone, a *duban.Assessment, what string) error {
	due := a.RectifyDue
	if due.IsZero() {
		due = db.Calendar().AddWorkdays(a.AssessedOn, rectifyWorkdays)
	}
	node, err := findOrInsertNode(ctx, tx, g.PlanID, &x.NodeID, duban.NodeProblem, "考核问题整改")
	if err != nil {
		return err
	}
	t := &duban.Task{PlanID: g.PlanID, NodeID: node.ID, AspectID: x.NodeID, Title: fmt.Sprintf("里程碑%d考核%s：%s", m.Seq, what, m.Title),
		Content: a.Opinion, Requirements: fmt.Sprintf("整改后申请复核，须达到技术就绪度%s", m.TRLRequired),
		DeadlineKind: duban.DeadlineDate, Deadline: due, LeadUnitID: x.LeadUnit.ID, ResponsiblePerson: x.Chief}
	id, err := db.openItem(ctx, tx, p, g, t)
	if err != nil {
		return err
	}
	m.FollowUpID = &id
	return nil
}

// milestoneOffice is the principal in whose name a milestone's item asks
// for closure after the office's decision: the request is the system's,
// the sign-off the unit leader's and the verification the office's.
var milestoneOffice = &duban.Principal{Username: "system", Name: "系统（里程碑考核）", Role: duban.RoleAdmin}

// requestItemClosure asks for the closure of a milestone's supervised item
// on the office's decision (a passed assessment, a stopped team), with the
// decision as the closure's summary, and tells the unit's leaders that
// their sign-off is awaited; the item then closes as any item does: the
// leader signs off and the office verifies. An item whose closure is
// already asked for, or which is closed, is left alone.
func (db *DB) requestItemClosure(ctx context.Context, tx *Tx, assignmentID int64, summary string) error {
	a, err := findAssignment(ctx, tx, assignmentID)
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
	if err := db.transitionIn(ctx, tx, milestoneOffice, pl, a, duban.ActionRequestClosure, duban.TransitionInput{Summary: summary}); err != nil {
		return err
	}
	var cid int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM closures WHERE assignment_id = ? AND result = 'pending'`, a.ID).Scan(&cid); err != nil {
		return fmt.Errorf("store: milestone closure: %w", err)
	}
	return tellUnit(ctx, tx, milestoneOffice, a, true, "milestone.closure", cid, "请签批销号：“"+a.TaskTitle+"”", summary+"。请单位领导签批销号申请，再由专项管理单位审核销号。")
}

// returnItemClosure sends back a closure the unit asked for when the
// milestone's assessment fails: the item stays open under supervision.
func (db *DB) returnItemClosure(ctx context.Context, tx *Tx, p *duban.Principal, assignmentID int64, reason string) error {
	a, err := findAssignment(ctx, tx, assignmentID)
	if err != nil {
		return err
	}
	if a.Status != duban.StatusClosureRequested {
		return nil
	}
	pl, err := findPlan(ctx, tx, a.PlanID)
	if err != nil {
		return err
	}
	return db.transitionIn(ctx, tx, p, pl, a, duban.ActionReturn, duban.TransitionInput{Reason: reason})
}

// holdTranches keeps the rule that no tranche after a failed milestone is
// paid: later planned tranches are held while an earlier milestone stands
// failed, and held ones return to planned when none does.
func holdTranches(ctx context.Context, tx *Tx, projectID int64) error {
	ms, err := queryMilestones(ctx, tx, `SELECT `+milestoneCols+` FROM milestones m WHERE m.project_id = ? ORDER BY m.seq`, projectID)
	if err != nil {
		return err
	}
	blocked := false
	for _, m := range ms {
		want := m.FundStatus
		switch {
		case m.Status == duban.MilestoneFailed:
			want = duban.FundHeld
		case m.FundStatus == duban.FundPlanned && blocked:
			want = duban.FundHeld
		case m.FundStatus == duban.FundHeld && !blocked:
			want = duban.FundPlanned
		}
		if want != m.FundStatus {
			if _, err := tx.exec(ctx, `UPDATE milestones SET fund_status = ?, version = version + 1 WHERE id = ?`, want, m.ID); err != nil {
				return err
			}
		}
		blocked = blocked || m.Status == duban.MilestoneFailed
	}
	return nil
}

func findMilestone(ctx context.Context, q queryer, id int64) (*duban.Milestone, error) {
	var m duban.Milestone
	err := scanMilestone(q.QueryRowContext(ctx, `SELECT `+milestoneCols+` FROM milestones m WHERE m.id = ?`, id), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.NotFound, "里程碑（编号%d）不存在", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: milestone: %w", err)
	}
	return &m, nil
}

// manageMilestone returns a milestone with its project and programme if p
// runs the programme: NotFound if p cannot see the project, Forbidden if p
// sees but does not run it.
func manageMilestone(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Milestone, *duban.Project, *duban.Programme, error) {
	m, err := findMilestone(ctx, q, id)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := seeProject(ctx, q, p, m.ProjectID)
	if err != nil {
		return nil, nil, nil, duban.Errorf(duban.NotFound, "里程碑（编号%d）不存在", id)
	}
	g, err := manageProgramme(ctx, q, p, x.ProgrammeID)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, x, g, nil
}
