package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

// Selection names one winning application and the project it becomes:
// the application's unit leads it and its chief leads it technically.
type Selection struct {
	ApplicationID int64             `json:"application_id"`
	Project       duban.Project     `json:"project"` // title (the challenge's by default), team, dates, budget, TRLs, cooperating units, milestones
	Milestones    []duban.Milestone `json:"milestones"`
}

// SelectApplications settles a challenge (定榜): every selected application
// becomes a project with its milestones under supervision, the others are
// marked not selected, and the challenge is closed. Two or more selections
// make a 赛马: the teams run in parallel and are compared milestone by
// milestone. Forbidden unless p runs the programme; Conflict unless the
// challenge is published; Invalid if an application is not the
// challenge's or has no expert score.
func (db *DB) SelectApplications(ctx context.Context, p *duban.Principal, challengeID int64, sel []Selection) ([]*duban.Project, error) {
	var out []*duban.Project
	err := db.update(ctx, p, func(tx *Tx) error {
		c, err := seeChallenge(ctx, tx, p, challengeID)
		if err != nil {
			return err
		}
		g, err := manageProgramme(ctx, tx, p, c.ProgrammeID)
		if err != nil {
			return err
		}
		if c.Status != duban.ChallengePublished {
			return duban.Errorf(duban.Conflict, "只有揭榜中的榜单才能定榜")
		}
		if len(sel) == 0 {
			return &duban.Error{Code: duban.Invalid, Message: "请至少选定一个揭榜单位", Fields: map[string]string{"selections": "必填"}}
		}
		for i, s := range sel {
			x, err := db.selectOne(ctx, tx, p, g, c, s, len(sel) > 1, i)
			if err != nil {
				return err
			}
			out = append(out, x)
		}
		if _, err := tx.exec(ctx, `UPDATE applications SET status = 'not_selected' WHERE challenge_id = ? AND status = 'submitted'`, c.ID); err != nil {
			return err
		}
		if err := tx.update(ctx, "榜单", `UPDATE challenges SET status = 'selected', version = version + 1 WHERE id = ? AND version = ?`, c.ID, c.Version); err != nil {
			return err
		}
		return tx.audit(ctx, "challenge.select", "challenge", c.ID, c, sel)
	})
	return out, err
}

// selectOne turns one application into a project.
func (db *DB) selectOne(ctx context.Context, tx *Tx, p *duban.Principal, g *duban.Programme, c *duban.Challenge, s Selection, race bool, i int) (*duban.Project, error) {
	a, err := findApplication(ctx, tx, s.ApplicationID)
	if err != nil || a.ChallengeID != c.ID {
		return nil, &duban.Error{Code: duban.Invalid, Message: "选定的揭榜申请不属于该榜单", Fields: map[string]string{"application_id": "不属于该榜单"}}
	}
	if a.Status != duban.ApplicationSubmitted {
		return nil, duban.Errorf(duban.Conflict, "%s的揭榜申请已处理", a.Unit.Name)
	}
	if a.Reviews == 0 {
		return nil, &duban.Error{Code: duban.Invalid, Message: a.Unit.Name + "的揭榜申请尚未经专家评审，不能定榜", Fields: map[string]string{"application_id": "未评审"}}
	}
	x := s.Project
	x.ProgrammeID, x.ChallengeID, x.ApplicationID = g.ID, &c.ID, &a.ID
	x.LeadUnit, x.Chief = duban.UnitRef{ID: a.Unit.ID, Name: a.Unit.Name}, a.Chief
	if x.Title == "" {
		x.Title = c.Title
	}
	if race && x.Team == "" {
		x.Team = fmt.Sprintf("%s团队", a.Unit.Name)
	}
	if len(s.Milestones) > 0 {
		x.Milestones = s.Milestones
	}
	if err := db.insertProject(ctx, tx, p, g, &x); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `UPDATE applications SET status = 'selected' WHERE id = ?`, a.ID); err != nil {
		return nil, err
	}
	return &x, nil
}

// RaceComparison lines up the teams of a challenge at milestone seq, side
// by side: what each was to reach, what it reached, the result and the
// money released so far. NotFound if p may not read the challenge.
func (db *DB) RaceComparison(ctx context.Context, p *duban.Principal, challengeID int64, seq int) ([]duban.RaceEntry, error) {
	if _, err := seeChallenge(ctx, db.reader(), p, challengeID); err != nil {
		return nil, err
	}
	return raceEntries(ctx, db, db.reader(), p, challengeID, seq)
}

func raceEntries(ctx context.Context, db *DB, q queryer, p *duban.Principal, challengeID int64, seq int) ([]duban.RaceEntry, error) {
	w := where{}
	w.add("x.challenge_id = ?", challengeID)
	if c, args := projectScope(p); c != "" {
		w.add(c, args...)
	}
	xs, err := queryProjects(ctx, q, `SELECT `+projectCols+projectFrom+w.String()+` ORDER BY x.id`, w.args...)
	if err != nil {
		return nil, err
	}
	if err := db.fillProjects(ctx, q, xs); err != nil {
		return nil, err
	}
	out := []duban.RaceEntry{}
	for _, x := range xs {
		e := duban.RaceEntry{ProjectID: x.ID, Team: x.Team, Unit: x.LeadUnit.Name, Status: x.Status, Milestones: len(x.Milestones)}
		for _, m := range x.Milestones {
			if m.Status == duban.MilestonePassed || m.Status == duban.MilestoneConditional {
				e.Passed++
			}
			if m.FundStatus == duban.FundReleased {
				e.Released += m.Released
			}
			if m.Seq == seq {
				e.Milestone, e.Due, e.Required, e.Reached, e.Result = m.Title, m.Due, m.TRLRequired, m.TRLReached, m.Status
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// RaceInput is the lead's decision after comparing the teams at a milestone.
type RaceInput struct {
	Seq        int                `json:"seq"`
	ComparedOn duban.Date         `json:"compared_on"`
	Decision   duban.RaceDecision `json:"decision"`
	StopID     int64              `json:"stop_project_id"` // for stop
	Note       string             `json:"note"`
}

// DecideRace keeps the side-by-side comparison of a challenge's teams at a
// milestone with the decision taken: continue all, or stop one team, whose
// later milestones and tranches are cancelled and their items settled.
// Forbidden unless p runs the programme; Invalid for a bad decision;
// Conflict when stopping would leave no team running.
func (db *DB) DecideRace(ctx context.Context, p *duban.Principal, challengeID int64, in RaceInput) (*duban.RaceRound, error) {
	var out *duban.RaceRound
	err := db.update(ctx, p, func(tx *Tx) error {
		c, err := seeChallenge(ctx, tx, p, challengeID)
		if err != nil {
			return err
		}
		if _, err := manageProgramme(ctx, tx, p, c.ProgrammeID); err != nil {
			return err
		}
		entries, err := raceEntries(ctx, db, tx, p, challengeID, in.Seq)
		if err != nil {
			return err
		}
		if err := checkRace(entries, &in); err != nil {
			return err
		}
		if in.ComparedOn.IsZero() {
			in.ComparedOn = duban.DateOf(tx.now.In(duban.ChinaTime))
		}
		r := &duban.RaceRound{ChallengeID: c.ID, Seq: in.Seq, ComparedOn: in.ComparedOn, Decision: in.Decision, StoppedID: optID(in.StopID), Note: in.Note,
			Entries: entries, DecidedBy: actorName(p)}
		if r.ID, err = tx.insert(ctx, `INSERT INTO race_rounds (challenge_id, seq, compared_on, decision, stopped_project_id, note, entries, decided_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, r.Seq, r.ComparedOn, r.Decision, r.StoppedID, r.Note, jsonOf(entries), r.DecidedBy, tx.now); err != nil {
			return err
		}
		if in.Decision == duban.RaceStop {
			if err := db.stopProject(ctx, tx, p, in.StopID, in.ComparedOn, fmt.Sprintf("赛马第%d节点比较后终止：%s", in.Seq, in.Note)); err != nil {
				return err
			}
		}
		out = r
		return tx.audit(ctx, "race.decide", "challenge", c.ID, nil, r)
	})
	return out, err
}

// checkRace checks a decision against the teams compared.
func checkRace(entries []duban.RaceEntry, in *RaceInput) error {
	if len(entries) < 2 {
		return duban.Errorf(duban.Conflict, "该榜单不是赛马项目（少于两支团队）")
	}
	if in.Seq < 1 || in.Seq > duban.MaxSeq {
		return &duban.Error{Code: duban.Invalid, Message: "请指定比较的里程碑", Fields: map[string]string{"seq": "必填，应为里程碑序号"}}
	}
	running, found := 0, false
	for _, e := range entries {
		if e.Status == duban.ProjectActive {
			running++
			found = found || e.ProjectID == in.StopID
		}
	}
	switch in.Decision {
	case duban.RaceContinue:
		in.StopID = 0
	case duban.RaceStop:
		if !found {
			return &duban.Error{Code: duban.Invalid, Message: "要终止的团队不在本榜单的在研团队中", Fields: map[string]string{"stop_project_id": "无效"}}
		}
		if running < 2 {
			return duban.Errorf(duban.Conflict, "只剩一支团队在研，不能再终止")
		}
	default:
		return &duban.Error{Code: duban.Invalid, Message: "决定应为 continue（全部继续）或 stop（终止团队）", Fields: map[string]string{"decision": "无效"}}
	}
	return nil
}

// stopProject stops a project: its unsettled milestones are cancelled with
// their tranches, and the closure of their supervised items is asked for
// with the reason (signed off and verified as for any item).
func (db *DB) stopProject(ctx context.Context, tx *Tx, p *duban.Principal, id int64, on duban.Date, reason string) error {
	if _, err := tx.exec(ctx, `UPDATE projects SET status = 'stopped', stopped_on = ?, stop_reason = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		on, reason, tx.now, id); err != nil {
		return err
	}
	ms, err := queryMilestones(ctx, tx, `SELECT `+milestoneCols+` FROM milestones m WHERE m.project_id = ? AND m.status IN ('pending', 'failed') ORDER BY m.seq`, id)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if _, err := tx.exec(ctx, `UPDATE milestones SET status = 'cancelled', fund_status = 'cancelled', version = version + 1 WHERE id = ?`, m.ID); err != nil {
			return err
		}
		for _, aid := range []*int64{&m.AssignmentID, m.FollowUpID} {
			if aid != nil {
				if err := db.requestItemClosure(ctx, tx, *aid, reason); err != nil {
					return err
				}
			}
		}
	}
	return tx.audit(ctx, "project.stop", "project", id, nil, map[string]any{"stopped_on": on, "reason": reason, "cancelled_milestones": len(ms)})
}

// ListRaceRounds returns the kept comparisons of a challenge, oldest first.
// NotFound if p may not read the challenge.
func (db *DB) ListRaceRounds(ctx context.Context, p *duban.Principal, challengeID int64) ([]duban.RaceRound, error) {
	if _, err := seeChallenge(ctx, db.reader(), p, challengeID); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, challenge_id, seq, compared_on, decision, stopped_project_id, note, entries, decided_by
		FROM race_rounds WHERE challenge_id = ? ORDER BY seq, id`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: race rounds: %w", err)
	}
	defer rows.Close()
	out := []duban.RaceRound{}
	for rows.Next() {
		var r duban.RaceRound
		var entries string
		if err := rows.Scan(&r.ID, &r.ChallengeID, &r.Seq, &r.ComparedOn, &r.Decision, &r.StoppedID, &r.Note, &entries, &r.DecidedBy); err != nil {
			return nil, fmt.Errorf("store: race rounds: %w", err)
		}
		if err := jsonUnmarshal(entries, &r.Entries); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
