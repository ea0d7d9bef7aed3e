-- The battle map's figures by day are kept in light_tallies beside the
-- counts by aspect and unit, so that today's battle map after a write
-- reads a few thousand counts instead of every assignment of the plan.
-- Two more grains, for the whole plan (id 0; a unit's own battle map counts
-- its rows, a few thousand at most, through its indexes):
--   'deadline': assignments with a date deadline (not 长期坚持), aspect_id
--     the deadline as a number YYYYMMDD;
--   'closed': closed assignments, aspect_id the day of their closure in
--     China time as YYYYMMDD.
-- A closure's day is kept too: the update trigger now also fires when
-- closed_at changes. Every plan is counted afresh (as_of '').

-- The rows of light_tallies an assignment counts in (the same keys as
-- SQLite's view assignment_tally_keys). The function is inlined into the
-- trigger's statements, where the row is a constant: the cast is guarded by
-- a CASE as well as the WHERE, which the planner would otherwise not apply
-- before folding the cast of an undated row's deadline.
CREATE FUNCTION assignment_tally_keys(a assignments) RETURNS TABLE (grain TEXT, id BIGINT, aspect_id BIGINT) LANGUAGE sql STABLE AS $$
    SELECT 'aspect', a.aspect_id, CAST(0 AS BIGINT)
    UNION ALL SELECT 'unit', a.unit_id, 0
    UNION ALL SELECT 'unit_aspect', a.unit_id, a.aspect_id
    UNION ALL SELECT 'deadline', 0,
            CASE WHEN a.deadline_kind <> 'long_term' AND a.deadline <> '' THEN CAST(replace(a.deadline, '-', '') AS BIGINT) END
        WHERE a.deadline_kind <> 'long_term' AND a.deadline IS NOT NULL AND a.deadline <> ''
    UNION ALL SELECT 'closed', 0, CAST(to_char(a.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS BIGINT)
        WHERE a.status = 'closed' AND a.closed_at IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION tally_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
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
                AND (grain, id, aspect_id) IN (SELECT k.grain, k.id, k.aspect_id FROM assignment_tally_keys(OLD) k);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT * INTO r FROM light_rules WHERE plan_id = NEW.plan_id FOR SHARE;
        IF FOUND AND r.as_of <> '' THEN
            l := assignment_light(NEW, r);
            INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
            SELECT NEW.plan_id, k.grain, k.id, k.aspect_id, NEW.status, l, 1 FROM assignment_tally_keys(NEW) k
            ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = light_tallies.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER assignments_tally_update ON assignments;
CREATE TRIGGER assignments_tally_update AFTER UPDATE ON assignments FOR EACH ROW
    WHEN ((OLD.plan_id, OLD.aspect_id, OLD.unit_id, OLD.status, OLD.phase_complete, OLD.notice_due,
           OLD.deadline_kind, OLD.deadline, OLD.last_period, OLD.assigned_at, OLD.closed_at)
        IS DISTINCT FROM (NEW.plan_id, NEW.aspect_id, NEW.unit_id, NEW.status, NEW.phase_complete, NEW.notice_due,
           NEW.deadline_kind, NEW.deadline, NEW.last_period, NEW.assigned_at, NEW.closed_at))
    EXECUTE FUNCTION tally_assignment();

UPDATE light_rules SET as_of = '';
