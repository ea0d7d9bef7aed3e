package store

import (
	"context"
	"fmt"

	"duban/internal/duban"
)

const applicationCols = `a.id, a.challenge_id, c.title, a.unit_id, u.short_name, a.proposal, a.team, a.chief, a.status,
	(SELECT x.id FROM projects x WHERE x.application_id = a.id), (SELECT count(*) FROM reviews r WHERE r.application_id = a.id),
	(SELECT COALESCE(AVG(r.score), 0) FROM reviews r WHERE r.application_id = a.id), ` + "COALESCE(a.submitted_at, a.submitted_at)"

const applicationFrom = ` FROM applications a JOIN challenges c ON c.id = a.challenge_id JOIN units u ON u.id = a.unit_id`

func scanApplication(s interface{ Scan(...any) error }, a *duban.Application) error {
	return s.Scan(&a.ID, &a.ChallengeID, &a.Challenge, &a.Unit.ID, &a.Unit.Name, &a.Proposal, &a.Team, &a.Chief, &a.Status, &a.ProjectID, &a.Reviews, &a.Score,
		scanTime{&a.SubmittedAt})
}

// Apply records a unit's application (揭榜) to a published challenge before
// its deadline. A liaison applies for its own unit; the programme's office
// may register an application for any unit. Conflict if the challenge is
// closed or the unit has applied already.
func (db *DB) Apply(ctx context.Context, p *duban.Principal, a *duban.Application) error {
	if p.Role == duban.RoleLiaison {
		a.Unit.ID = p.UnitID
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		c, err := seeChallenge(ctx, tx, p, a.ChallengeID)
		if err != nil {
			return err
		}
		g, err := findProgramme(ctx, tx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if p.Role != duban.RoleLiaison && !managesProgramme(p, g) {
			return duban.ErrForbidden("代为登记揭榜申请")
		}
		today := duban.DateOf(tx.now.In(duban.ChinaTime))
		if c.Status != duban.ChallengePublished || c.Deadline.Before(today) {
			return duban.Errorf(duban.Conflict, "该榜单已截止揭榜")
		}
		if err := unitExists(ctx, tx, "unit_id", a.Unit.ID); err != nil {
			return err
		}
		a.Status, a.SubmittedAt = duban.ApplicationSubmitted, tx.now
		id, err := tx.insert(ctx, `INSERT INTO applications (challenge_id, unit_id, proposal, team, chief, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ChallengeID, a.Unit.ID, a.Proposal, a.Team, a.Chief, a.Status, tx.now)
		if err != nil {
			return err
		}
		a.ID = id
		if err := tx.audit(ctx, "application.create", "application", id, nil, a); err != nil {
			return err
		}
		saved, err := findApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		*a = *saved
		return nil
	})
}

// ListApplications returns the applications to a challenge that p may
// read: all of them for readers of the whole ledger and for the experts
// reviewing the challenge; a unit's own for its liaison. NotFound if p may
// not read the challenge.
func (db *DB) ListApplications(ctx context.Context, p *duban.Principal, challengeID int64) ([]duban.Application, error) {
	if _, err := seeChallenge(ctx, db.reader(), p, challengeID); err != nil {
		return nil, err
	}
	w := where{}
	w.add("a.challenge_id = ?", challengeID)
	if !p.ReadsAll() {
		ok, err := reviews(ctx, db.reader(), p, challengeID)
		if err != nil {
			return nil, err
		}
		if !ok {
			w.add("a.unit_id = ?", p.UnitID)
		}
	}
	return db.queryApplications(ctx, `SELECT `+applicationCols+applicationFrom+w.String()+` ORDER BY a.id`, w.args...)
}

// MyApplications returns the applications of p's unit to every challenge.
func (db *DB) MyApplications(ctx context.Context, p *duban.Principal) ([]duban.Application, error) {
	return db.queryApplications(ctx, `SELECT `+applicationCols+applicationFrom+` WHERE a.unit_id = ? ORDER BY a.id DESC`, p.UnitID)
}

func (db *DB) queryApplications(ctx context.Context, q string, args ...any) ([]duban.Application, error) {
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: applications: %w", err)
	}
	defer rows.Close()
	out := []duban.Application{}
	for rows.Next() {
		var a duban.Application
		if err := scanApplication(rows, &a); err != nil {
			return nil, fmt.Errorf("store: applications: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func findApplication(ctx context.Context, q queryer, id int64) (*duban.Application, error) {
	var a duban.Application
	if err := scanApplication(q.QueryRowContext(ctx, `SELECT `+applicationCols+applicationFrom+` WHERE a.id = ?`, id), &a); err != nil {
		return nil, duban.Errorf(duban.NotFound, "揭榜申请（编号%d）不存在", id)
	}
	return &a, nil
}

// ScoreApplication records (or revises) an expert's score of an
// application. Forbidden unless p is an expert reviewing its challenge;
// Conflict once the challenge is selected.
func (db *DB) ScoreApplication(ctx context.Context, p *duban.Principal, applicationID int64, r duban.Review) (*duban.Review, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err := db.update(ctx, p, func(tx *Tx) error {
		a, err := findApplication(ctx, tx, applicationID)
		if err != nil {
			return err
		}
		ok, err := reviews(ctx, tx, p, a.ChallengeID)
		if err != nil {
			return err
		}
		if !ok {
			return duban.ErrForbidden("评审该榜单的揭榜申请")
		}
		if a.Status != duban.ApplicationSubmitted {
			return duban.Errorf(duban.Conflict, "该榜单已定榜，不能再评分")
		}
		r.ApplicationID, r.ExpertID, r.Expert, r.At = a.ID, p.UserID, actorName(p), tx.now
		if r.ID, err = tx.insert(ctx, `INSERT INTO reviews (application_id, expert_id, score, comment, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (application_id, expert_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, at = excluded.at`,
			a.ID, p.UserID, r.Score, r.Comment, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "application.review", "application", a.ID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ListReviews returns the scores given to an application: to readers of
// the whole ledger and to the experts of its challenge. Forbidden to others.
func (db *DB) ListReviews(ctx context.Context, p *duban.Principal, applicationID int64) ([]duban.Review, error) {
	a, err := findApplication(ctx, db.reader(), applicationID)
	if err != nil {
		return nil, err
	}
	if !p.ReadsAll() {
		if ok, err := reviews(ctx, db.reader(), p, a.ChallengeID); err != nil || !ok {
			return nil, duban.ErrForbidden("查看评审意见")
		}
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT r.id, r.application_id, r.expert_id, u.display_name, r.score, r.comment, `+tsCol("r.at")+`
		FROM reviews r JOIN users u ON u.id = r.expert_id WHERE r.application_id = ? ORDER BY r.id`, applicationID)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	out := []duban.Review{}
	for rows.Next() {
		var r duban.Review
		if err := rows.Scan(&r.ID, &r.ApplicationID, &r.ExpertID, &r.Expert, &r.Score, &r.Comment, scanTime{&r.At}); err != nil {
			return nil, fmt.Errorf("store: reviews: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
