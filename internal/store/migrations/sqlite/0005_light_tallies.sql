-- Counts of each plan's assignments by status and light, per aspect, per
-- unit, and per unit within each aspect, kept by triggers in the same
-- transaction as every write to assignments: statistics read about a
-- thousand counts instead of every assignment.
--
-- A light depends on the day it is taken, so the counts hold for one rule:
-- the plan's row in light_rules, with its day, the day near deadlines turn
-- yellow by, and the report period due with its due instant (as_of '' while
-- the plan has not been counted). The store recounts a plan when it is asked
-- for today's figures and the rule has changed (a new day, the plan's
-- cadence or ladder, the working-day calendar); until then the triggers keep
-- the counts exact.
CREATE TABLE light_rules (
    plan_id     INTEGER PRIMARY KEY REFERENCES plans(id),
    as_of       TEXT NOT NULL,
    yellow_by   TEXT NOT NULL,
    period      TEXT NOT NULL,
    period_due  TIMESTAMP
);

INSERT INTO light_rules (plan_id, as_of, yellow_by, period) SELECT id, '', '', '' FROM plans;

CREATE TRIGGER plans_light_rule AFTER INSERT ON plans
BEGIN
    INSERT INTO light_rules (plan_id, as_of, yellow_by, period) VALUES (NEW.id, '', '', '');
END;

-- grain is 'aspect' (id is the aspect's), 'unit' (id is the unit's) or
-- 'unit_aspect' (id is the unit's, aspect_id the aspect's); aspect_id is 0
-- for the other two.
CREATE TABLE light_tallies (
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    grain         TEXT NOT NULL,
    id         INTEGER NOT NULL,
    aspect_id  INTEGER NOT NULL,
    status     TEXT NOT NULL,
    light      TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (plan_id, grain, id, aspect_id, status, light)
) WITHOUT ROWID;

-- The light of each assignment of a counted plan: the same classification
-- as duban.LightRule.Of and the store's lightCase.
CREATE VIEW assignment_lights AS
SELECT a.id, a.plan_id, a.aspect_id, a.unit_id, a.status,
    CASE
        WHEN a.status = 'closed' AND NOT a.phase_complete THEN 'done'
        WHEN a.status NOT IN ('closed', 'draft') AND a.notice_due < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind = 'date' AND a.deadline < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind = 'date' AND a.deadline <= r.yellow_by THEN 'yellow'
        WHEN r.period <> '' AND a.status <> 'draft' AND a.last_period < r.period AND a.assigned_at < r.period_due THEN 'yellow'
        WHEN a.status = 'closed' THEN 'done'
        ELSE 'green'
    END AS light
FROM assignments a JOIN light_rules r ON r.plan_id = a.plan_id
WHERE r.as_of <> '';

-- The three tally rows an assignment counts in.
CREATE VIEW assignment_tally_keys AS
SELECT l.id AS assignment_id, l.plan_id, g.grain,
    CASE g.grain WHEN 'aspect' THEN l.aspect_id ELSE l.unit_id END AS id,
    CASE g.grain WHEN 'unit_aspect' THEN l.aspect_id ELSE 0 END AS aspect_id,
    l.status, l.light
FROM assignment_lights l, (SELECT 'aspect' AS grain UNION ALL SELECT 'unit' UNION ALL SELECT 'unit_aspect') g;

-- A row is counted out before it changes or goes (BEFORE: it is still
-- there to be classed) and counted in after it is written (AFTER).
CREATE TRIGGER assignments_tally_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
    SELECT plan_id, grain, id, aspect_id, status, light, 1 FROM assignment_tally_keys WHERE assignment_id = NEW.id
    ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER assignments_tally_delete BEFORE DELETE ON assignments
BEGIN
    UPDATE light_tallies SET n = n - 1
    WHERE (plan_id, grain, id, aspect_id, status, light) IN (
        SELECT plan_id, grain, id, aspect_id, status, light FROM assignment_tally_keys WHERE assignment_id = OLD.id);
END;

CREATE TRIGGER assignments_tally_update_out BEFORE UPDATE ON assignments
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.aspect_id IS NOT NEW.aspect_id OR OLD.unit_id IS NOT NEW.unit_id
    OR OLD.status IS NOT NEW.status OR OLD.phase_complete IS NOT NEW.phase_complete OR OLD.notice_due IS NOT NEW.notice_due
    OR OLD.deadline_kind IS NOT NEW.deadline_kind OR OLD.deadline IS NOT NEW.deadline OR OLD.last_period IS NOT NEW.last_period
    OR OLD.assigned_at IS NOT NEW.assigned_at
BEGIN
    UPDATE light_tallies SET n = n - 1
    WHERE (plan_id, grain, id, aspect_id, status, light) IN (
        SELECT plan_id, grain, id, aspect_id, status, light FROM assignment_tally_keys WHERE assignment_id = OLD.id);
END;

CREATE TRIGGER assignments_tally_update_in AFTER UPDATE ON assignments
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.aspect_id IS NOT NEW.aspect_id OR OLD.unit_id IS NOT NEW.unit_id
    OR OLD.status IS NOT NEW.status OR OLD.phase_complete IS NOT NEW.phase_complete OR OLD.notice_due IS NOT NEW.notice_due
    OR OLD.deadline_kind IS NOT NEW.deadline_kind OR OLD.deadline IS NOT NEW.deadline OR OLD.last_period IS NOT NEW.last_period
    OR OLD.assigned_at IS NOT NEW.assigned_at
BEGIN
    INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
    SELECT plan_id, grain, id, aspect_id, status, light, 1 FROM assignment_tally_keys WHERE assignment_id = NEW.id
    ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = n + 1;
END;
