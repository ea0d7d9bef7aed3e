-- A plan's light tallies are kept row by row only once they have been
-- counted: while its light_rules row has no rule (as_of = '', as every new
-- plan's has until its figures are first asked for), the first reader
-- recounts the whole plan anyway (store/tally.go). PostgreSQL's trigger
-- function has always skipped such a plan; SQLite's triggers now do the
-- same. An imported ledger of 10,000 measures made 60,000 tally upserts
-- that the first look at the plan then counted again.
DROP TRIGGER assignments_tally_insert;
CREATE TRIGGER assignments_tally_insert AFTER INSERT ON assignments
WHEN (SELECT as_of FROM light_rules WHERE plan_id = NEW.plan_id) <> ''
BEGIN
    INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
    SELECT plan_id, grain, id, aspect_id, status, light, 1 FROM assignment_tally_keys WHERE assignment_id = NEW.id
    ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER assignments_tally_delete;
CREATE TRIGGER assignments_tally_delete BEFORE DELETE ON assignments
WHEN (SELECT as_of FROM light_rules WHERE plan_id = OLD.plan_id) <> ''
BEGIN
    UPDATE light_tallies SET n = n - 1
    WHERE (plan_id, grain, id, aspect_id, status, light) IN (
        SELECT plan_id, grain, id, aspect_id, status, light FROM assignment_tally_keys WHERE assignment_id = OLD.id);
END;

DROP TRIGGER assignments_tally_update_out;
CREATE TRIGGER assignments_tally_update_out BEFORE UPDATE ON assignments
WHEN (OLD.plan_id IS NOT NEW.plan_id OR OLD.aspect_id IS NOT NEW.aspect_id OR OLD.unit_id IS NOT NEW.unit_id
    OR OLD.status IS NOT NEW.status OR OLD.phase_complete IS NOT NEW.phase_complete OR OLD.notice_due IS NOT NEW.notice_due
    OR OLD.deadline_kind IS NOT NEW.deadline_kind OR OLD.deadline IS NOT NEW.deadline OR OLD.last_period IS NOT NEW.last_period
    OR OLD.assigned_at IS NOT NEW.assigned_at)
    AND (SELECT as_of FROM light_rules WHERE plan_id = OLD.plan_id) <> ''
BEGIN
    UPDATE light_tallies SET n = n - 1
    WHERE (plan_id, grain, id, aspect_id, status, light) IN (
        SELECT plan_id, grain, id, aspect_id, status, light FROM assignment_tally_keys WHERE assignment_id = OLD.id);
END;

DROP TRIGGER assignments_tally_update_in;
CREATE TRIGGER assignments_tally_update_in AFTER UPDATE ON assignments
WHEN (OLD.plan_id IS NOT NEW.plan_id OR OLD.aspect_id IS NOT NEW.aspect_id OR OLD.unit_id IS NOT NEW.unit_id
    OR OLD.status IS NOT NEW.status OR OLD.phase_complete IS NOT NEW.phase_complete OR OLD.notice_due IS NOT NEW.notice_due
    OR OLD.deadline_kind IS NOT NEW.deadline_kind OR OLD.deadline IS NOT NEW.deadline OR OLD.last_period IS NOT NEW.last_period
    OR OLD.assigned_at IS NOT NEW.assigned_at)
    AND (SELECT as_of FROM light_rules WHERE plan_id = NEW.plan_id) <> ''
BEGIN
    INSERT INTO light_tallies (plan_id, grain, id, aspect_id, status, light, n)
    SELECT plan_id, grain, id, aspect_id, status, light, 1 FROM assignment_tally_keys WHERE assignment_id = NEW.id
    ON CONFLICT (plan_id, grain, id, aspect_id, status, light) DO UPDATE SET n = n + 1;
END;
