-- Counts of each plan's assignments by status and light, per aspect, per
-- unit, and per unit within each aspect, kept by triggers in the same
-- transaction as every write to assignments: statistics read about a
-- thousand counts instead of every assignment.
--
-- A light depends on the day it is taken, so the counts hold for one rule,
-- the plan's row in light_rules: its day, the day near deadlines turn yellow
-- by, and the report period due with its due instant (as_of '' while the
-- plan has not been counted). The store recounts a plan when it is asked for
-- today's figures and the rule has changed (a new day, the plan's cadence or
-- ladder, the working-day calendar); until then the triggers keep the counts
-- exact. A recount locks the plan's rule row; the triggers take a share lock
-- on it first, so a write and a recount never interleave.
CREATE TABLE light_rules (
    plan_id     BIGINT PRIMARY KEY REFERENCES plans(id),
    as_of       TEXT NOT NULL,
    yellow_by   TEXT NOT NULL,
    period      TEXT NOT NULL,
    period_due  TIMESTAMPTZ
);

-- grain is 'aspect' (id is the aspect's), 'unit' (id is the unit's) or
-- 'unit_aspect' (id is the unit's, aspect_id the aspect's); aspect_id is 0
-- for the other two.
CREATE TABLE light_tallies (
    plan_id    BIGINT NOT NULL REFERENCES plans(id),
    grain      TEXT NOT NULL,
    id         BIGINT NOT NULL,
    aspect_id  BIGINT NOT NULL,
    status     TEXT NOT NULL,
    light      TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (plan_id, grain, id, aspect_id, status, light)
);

INSERT INTO light_rules (plan_id, as_of, yellow_by, period) SELECT id, '', '', '' FROM plans;

CREATE FUNCTION plan_light_rule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO light_rules (plan_id, as_of, yellow_by, period) VALUES (NEW.id, '', '', '');
    RETURN NULL;
END $$;

CREATE TRIGGER plans_light_rule AFTER INSERT ON plans FOR EACH ROW EXECUTE FUNCTION plan_light_rule();

-- The light of an assignment under a rule: the same classification as
-- duban.LightRule.Of and the store's lightCase.
CREATE FUNCTION assignment_light(a assignments, r light_rules) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN a.status = 'closed' AND NOT a.phase_complete THEN 'done'
        WHEN a.status NOT IN ('closed', 'draft') AND a.notice_due < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind = 'date' AND a.deadline < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind = 'date' AND a.deadline <= r.yellow_by THEN 'yellow'
        WHEN r.period <> '' AND a.status <> 'draft' AND a.last_period < r.period AND a.assigned_at < r.period_due THEN 'yellow'
        WHEN a.status = 'closed' THEN 'done'
        ELSE 'green'
    END
$$;

CREATE FUNCTION tally_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r light_rules;
    l TEXT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        SELECT * INTO r FROM light_rules WHERE plan_id = OLD.plan_id FOR SHARE;
        IF FOUND AND r.as_of <> '' THEN
            l := assignment_light(OLD, r);
            UPDATE light_tallies SET n = n - 1
            WHERE plan_id = OLD.plan_id AND status = OLD.status AND light = l
                AND (grain, id, aspect_id) IN (('aspect', OLD.aspect_id, 0), ('unit', OLD.unit_id, 0), ('unit_aspect', OLD.unit_id, OLD.aspect_id));
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT * INTO r FROM light_rules WHERE plan_id = NEW.plan_id FOR SHARE;
        IF FOUND AND r.as_of <> '' THEN
            l := assignment_light(NEW, r);
            INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
            VALUES (NEW.plan_id, 'aspect', NEW.aspect_id, 0, NEW.status, l, 1),
                   (NEW.plan_id, 'unit', NEW.unit_id, 0, NEW.status, l, 1),
                   (NEW.plan_id, 'unit_aspect', NEW.unit_id, NEW.aspect_id, NEW.status, l, 1)
            ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = light_tallies.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER assignments_tally AFTER INSERT OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION tally_assignment();

CREATE TRIGGER assignments_tally_update AFTER UPDATE ON assignments FOR EACH ROW
    WHEN ((OLD.plan_id, OLD.aspect_id, OLD.unit_id, OLD.status, OLD.phase_complete, OLD.notice_due,
           OLD.deadline_kind, OLD.deadline, OLD.last_period, OLD.assigned_at)
        IS DISTINCT FROM (NEW.plan_id, NEW.aspect_id, NEW.unit_id, NEW.status, NEW.phase_complete, NEW.notice_due,
           NEW.deadline_kind, NEW.deadline, NEW.last_period, NEW.assigned_at))
    EXECUTE FUNCTION tally_assignment();
