package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"duban/internal/duban"
)

const challengeCols = `c.id, c.programme_id, g.title, c.title, c.goal, c.conditions, c.budget, c.deadline, c.published_on, c.status, c.version, ` + "COALESCE(c.created_at, c.created_at)" + `,
	(SELECT count(*) FROM applications a WHERE a.challenge_id = c.id), (SELECT count(*) FROM applications a WHERE a.challenge_id = c.id AND a.status = 'selected')`

const challengeFrom = ` FROM challenges c JOIN programmes g ON g.id = c.programme_id`

func scanChallenge(s interface{ Scan(...any) error }, c *duban.Challenge) error {
	return s.Scan(&c.ID, &c.ProgrammeID, &c.Programme, &c.Title, &c.Goal, &c.Conditions, &c.Budget, &c.Deadline, &c.PublishedOn, &c.Status, &c.Version,
		scanTime{&c.CreatedAt}, &c.Applications, &c.Selected)
}

// challengeScope is the condition on challenges c that p may read: readers
// of the whole ledger see drafts too; everyone else sees what is published.
func challengeScope(p *duban.Principal) string {
	if p != nil && p.ReadsAll() {
		return ""
	}
	return "c.status <> 'draft'"
}

func seeChallenge(ctx context.Context, q queryer, p *duban.Principal, id int64) (*duban.Challenge, error) {
	w := where{}
	w.add("c.id = ?", id)
	if s := challengeScope(p); s != "" {
		w.add(s)
	}
	var c duban.Challenge
	err := scanChallenge(q.QueryRowContext(ctx, `SELECT `+challengeCols+challengeFrom+w.String(), w.args...), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.NotFound, "榜单（编号%d）不存在", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: challenge: %w", err)
	}
	return &c, nil
}

// FindChallenge returns a challenge with its counts. A draft is NotFound
// except to readers of the whole ledger; p nil is the public.
func (db *DB) FindChallenge(ctx context.Context, p *duban.Principal, id int64) (*duban.Challenge, error) {
	return seeChallenge(ctx, db.reader(), p, id)
}

// ListChallenges returns the challenges p may read (the public, p nil:
// published ones only) of a programme, or of all when programmeID is 0.
func (db *DB) ListChallenges(ctx context.Context, p *duban.Principal, programmeID int64) ([]duban.Challenge, error) {
	w := where{}
	if s := challengeScope(p); s != "" {
		w.add(s)
	}
	if programmeID != 0 {
		w.add("c.programme_id = ?", programmeID)
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+challengeCols+challengeFrom+w.String()+` ORDER BY c.programme_id, c.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: challenges: %w", err)
	}
	defer rows.Close()
	out := []duban.Challenge{}
	for rows.Next() {
		var c duban.Challenge
		if err := scanChallenge(rows, &c); err != nil {
			return nil, fmt.Errorf("store: challenges: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChallengeCounts are a programme's 揭榜挂帅 figures, as a notice states
// them: challenges published, those that received applications, the
// applications, and those selected.
type ChallengeCounts struct {
	Published    int `json:"published"`
	Applied      int `json:"applied"`
	Applications int `json:"applications"`
	Units        int `json:"units"` // distinct applying units
	Selected     int `json:"selected"`
}

// CountChallenges counts the published challenges of a programme (all
// programmes when 0) and what came of them.
func (db *DB) CountChallenges(ctx context.Context, programmeID int64) (ChallengeCounts, error) {
	var n ChallengeCounts
	err := db.reader().QueryRowContext(ctx, `SELECT count(*),
		COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM applications a WHERE a.challenge_id = c.id) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.status = 'selected' THEN 1 ELSE 0 END), 0),
		(SELECT count(*) FROM applications a JOIN challenges d ON d.id = a.challenge_id WHERE ? = 0 OR d.programme_id = ?),
		(SELECT count(DISTINCT a.unit_id) FROM applications a JOIN challenges d ON d.id = a.challenge_id WHERE ? = 0 OR d.programme_id = ?)
		FROM challenges c WHERE c.status <> 'draft' AND (? = 0 OR c.programme_id = ?)`,
		programmeID, programmeID, programmeID, programmeID, programmeID, programmeID).Scan(&n.Published, &n.Applied, &n.Selected, &n.Applications, &n.Units)
	if err != nil {
		return n, fmt.Errorf("store: count challenges: %w", err)
	}
	return n, nil
}

// CreateChallenge writes a challenge as a draft (拟发布). Forbidden unless p
// runs the programme.
func (db *DB) CreateChallenge(ctx context.Context, p *duban.Principal, c *duban.Challenge) error {
	c.Status = duban.ChallengeDraft
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, p, func(tx *Tx) error {
		if _, err := manageProgramme(ctx, tx, p, c.ProgrammeID); err != nil {
			return err
		}
		c.Version, c.CreatedAt = 1, tx.now
		id, err := tx.insert(ctx, `INSERT INTO challenges (programme_id, title, goal, conditions, budget, deadline, status, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			c.ProgrammeID, c.Title, c.Goal, c.Conditions, c.Budget, c.Deadline, c.Status, tx.now)
		if err != nil {
			return err
		}
		c.ID = id
		return tx.audit(ctx, "challenge.create", "challenge", id, nil, c)
	})
}

// PublishChallenge publishes a draft challenge on the given day (today when
// zero), after which it shows on the public portal and units may apply.
// Conflict if it is not a draft or its deadline is before the day.
func (db *DB) PublishChallenge(ctx context.Context, p *duban.Principal, id int64, on duban.Date) (*duban.Challenge, error) {
	var out *duban.Challenge
	err := db.update(ctx, p, func(tx *Tx) error {
		c, err := seeChallenge(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := manageProgramme(ctx, tx, p, c.ProgrammeID); err != nil {
			return err
		}
		if c.Status != duban.ChallengeDraft {
			return duban.Errorf(duban.Conflict, "该榜单已发布")
		}
		if on.IsZero() {
			on = duban.DateOf(tx.now.In(duban.ChinaTime))
		}
		if c.Deadline.Before(on) {
			return &duban.Error{Code: duban.Invalid, Message: "揭榜截止日期早于发布日期", Fields: map[string]string{"deadline": "早于发布日期"}}
		}
		if err := tx.update(ctx, "榜单", `UPDATE challenges SET status = 'published', published_on = ?, version = version + 1 WHERE id = ? AND version = ?`, on, id, c.Version); err != nil {
			return err
		}
		if err := tx.audit(ctx, "challenge.publish", "challenge", id, c, map[string]any{"published_on": on}); err != nil {
			return err
		}
		out, err = seeChallenge(ctx, tx, p, id)
		return err
	})
	return out, err
}

// AssignReviewer gives an expert a challenge (with its applications) or a
// project to review; exactly one of challengeID and projectID is set.
// Forbidden unless p runs the programme; Invalid unless the user is an expert.
func (db *DB) AssignReviewer(ctx context.Context, p *duban.Principal, userID, challengeID, projectID int64) error {
	return db.update(ctx, p, func(tx *Tx) error {
		var programmeID int64
		var err error
		switch {
		case challengeID != 0 && projectID == 0:
			err = tx.QueryRowContext(ctx, `SELECT programme_id FROM challenges WHERE id = ?`, challengeID).Scan(&programmeID)
		case projectID != 0 && challengeID == 0:
			err = tx.QueryRowContext(ctx, `SELECT programme_id FROM projects WHERE id = ?`, projectID).Scan(&programmeID)
		default:
			return duban.Errorf(duban.Invalid, "请指定一个榜单或一个项目")
		}
		if errors.Is(err, sql.ErrNoRows) {
			return duban.Errorf(duban.NotFound, "要评审的榜单或项目不存在")
		}
		if err != nil {
			return fmt.Errorf("store: assign reviewer: %w", err)
		}
		if _, err := manageProgramme(ctx, tx, p, programmeID); err != nil {
			return err
		}
		u, err := findUser(ctx, tx, userID)
		if err != nil || u.Role != duban.RoleExpert {
			return &duban.Error{Code: duban.Invalid, Message: "只能指定评审专家账号", Fields: map[string]string{"user_id": "不是评审专家"}}
		}
		id, err := tx.insert(ctx, `INSERT INTO review_assignments (user_id, challenge_id, project_id, created_at) VALUES (?, ?, ?, ?)`,
			userID, optID(challengeID), optID(projectID), tx.now)
		if err != nil {
			return err
		}
		return tx.audit(ctx, "review.assign", "review_assignment", id, nil, map[string]any{"user_id": userID, "challenge_id": challengeID, "project_id": projectID})
	})
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// reviews reports whether expert p was given challenge id to review.
func reviews(ctx context.Context, q queryer, p *duban.Principal, challengeID int64) (bool, error) {
	if p.Role != duban.RoleExpert {
		return false, nil
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM review_assignments WHERE user_id = ? AND challenge_id = ?`, p.UserID, challengeID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: reviewer: %w", err)
	}
	return true, nil
}
