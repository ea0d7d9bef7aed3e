-- The history of every assignment: one row per version of the assignments
-- row, valid from the time it was written up to (not including) the time
-- the next version was (valid_to NULL: the current version). Figures asked
-- for a past day are counted over the versions in force at the end of that
-- day, so that they are what the same question answered on that day, even
-- after an item was closed, reopened or given a new deadline.
--
-- Triggers on assignments keep it in the same transaction as every write.
-- The time of a write is the store's clock for the transaction (the day a
-- replayed pass stands for), which the store puts in write_clock when the
-- transaction begins; a write without one (NULL) is dated by the row's own
-- created_at or updated_at. Several writes of one transaction, or a pass
-- replayed as of a day before the current version, change the current
-- version instead of adding one.
CREATE TABLE write_clock (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    at  TIMESTAMP
);
INSERT INTO write_clock (id, at) VALUES (1, NULL);

CREATE TABLE assignment_history (
    id                 INTEGER PRIMARY KEY,
    assignment_id      INTEGER NOT NULL,
    task_id            INTEGER NOT NULL,
    plan_id            INTEGER NOT NULL,
    aspect_id          INTEGER NOT NULL,
    unit_id            INTEGER NOT NULL,
    lead               BOOLEAN NOT NULL,
    status             TEXT NOT NULL,
    deadline_kind      TEXT NOT NULL,
    deadline           TEXT,
    original_deadline  TEXT,
    sort_deadline      TEXT NOT NULL,
    phase_complete     BOOLEAN NOT NULL,
    signed_off         BOOLEAN NOT NULL,
    closed_at          TIMESTAMP,
    assigned_at        TIMESTAMP,
    notice_due         TEXT,
    last_period        TEXT NOT NULL,
    task_title         TEXT NOT NULL,
    version            INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    valid_from         TIMESTAMP NOT NULL,
    valid_to           TIMESTAMP
);
CREATE INDEX assignment_history_current ON assignment_history(assignment_id, valid_to);
CREATE INDEX assignment_history_plan ON assignment_history(plan_id, valid_from);

CREATE TRIGGER assignments_history_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO assignment_history (assignment_id, task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline,
        sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, task_title, version, created_at, updated_at, valid_from)
    VALUES (NEW.id, NEW.task_id, NEW.plan_id, NEW.aspect_id, NEW.unit_id, NEW.lead, NEW.status, NEW.deadline_kind, NEW.deadline, NEW.original_deadline,
        NEW.sort_deadline, NEW.phase_complete, NEW.signed_off, NEW.closed_at, NEW.assigned_at, NEW.notice_due, NEW.last_period, NEW.task_title,
        NEW.version, NEW.created_at, NEW.updated_at, COALESCE((SELECT at FROM write_clock WHERE id = 1), NEW.created_at));
END;

CREATE TRIGGER assignments_history_update AFTER UPDATE ON assignments
BEGIN
    UPDATE assignment_history SET task_id = NEW.task_id, plan_id = NEW.plan_id, aspect_id = NEW.aspect_id, unit_id = NEW.unit_id, lead = NEW.lead,
        status = NEW.status, deadline_kind = NEW.deadline_kind, deadline = NEW.deadline, original_deadline = NEW.original_deadline,
        sort_deadline = NEW.sort_deadline, phase_complete = NEW.phase_complete, signed_off = NEW.signed_off, closed_at = NEW.closed_at,
        assigned_at = NEW.assigned_at, notice_due = NEW.notice_due, last_period = NEW.last_period, task_title = NEW.task_title,
        version = NEW.version, created_at = NEW.created_at, updated_at = NEW.updated_at
    WHERE assignment_id = NEW.id AND valid_to IS NULL AND valid_from >= COALESCE((SELECT at FROM write_clock WHERE id = 1), NEW.updated_at);
    UPDATE assignment_history SET valid_to = COALESCE((SELECT at FROM write_clock WHERE id = 1), NEW.updated_at)
    WHERE assignment_id = NEW.id AND valid_to IS NULL AND valid_from < COALESCE((SELECT at FROM write_clock WHERE id = 1), NEW.updated_at);
    INSERT INTO assignment_history (assignment_id, task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline,
        sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, task_title, version, created_at, updated_at, valid_from)
    SELECT NEW.id, NEW.task_id, NEW.plan_id, NEW.aspect_id, NEW.unit_id, NEW.lead, NEW.status, NEW.deadline_kind, NEW.deadline, NEW.original_deadline,
        NEW.sort_deadline, NEW.phase_complete, NEW.signed_off, NEW.closed_at, NEW.assigned_at, NEW.notice_due, NEW.last_period, NEW.task_title,
        NEW.version, NEW.created_at, NEW.updated_at, COALESCE((SELECT at FROM write_clock WHERE id = 1), NEW.updated_at)
    WHERE NOT EXISTS (SELECT 1 FROM assignment_history WHERE assignment_id = NEW.id AND valid_to IS NULL);
END;

CREATE TRIGGER assignments_history_delete AFTER DELETE ON assignments
BEGIN
    DELETE FROM assignment_history WHERE assignment_id = OLD.id AND valid_to IS NULL
        AND valid_from >= COALESCE((SELECT at FROM write_clock WHERE id = 1), OLD.updated_at);
    UPDATE assignment_history SET valid_to = COALESCE((SELECT at FROM write_clock WHERE id = 1), OLD.updated_at)
    WHERE assignment_id = OLD.id AND valid_to IS NULL;
END;

-- The history before this migration, rebuilt from what was recorded: a
-- version begins when the assignment was created and at every transition,
-- report, 督办单 and reply to one. Each version has the status the last
-- transition before it left (before the first, the status that one started
-- from), closed when that transition closed it; assigned from the time of
-- assignment; the latest period reported by then; the earliest reply due of
-- the 督办单 issued and not yet answered by then. The current version is the
-- row as it is. Other columns (the deadline) are taken as they are now: their
-- changes were audited but not kept apart.
INSERT INTO assignment_history (assignment_id, task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline,
    sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, task_title, version, created_at, updated_at,
    valid_from, valid_to)
WITH points AS (
    SELECT id AS aid, created_at AS t FROM assignments
    UNION SELECT assignment_id, at FROM transitions
    UNION SELECT assignment_id, submitted_at FROM reports
    UNION SELECT assignment_id, issued_at FROM escalations
    UNION SELECT assignment_id, replied_at FROM escalations WHERE replied_at IS NOT NULL
), spans AS (
    SELECT p.aid, p.t, LEAD(p.t) OVER (PARTITION BY p.aid ORDER BY p.t) AS t_end
    FROM points p JOIN assignments a ON a.id = p.aid
    WHERE p.t >= a.created_at
), states AS (
    SELECT s.aid, s.t, s.t_end,
        (SELECT tr.to_status FROM transitions tr WHERE tr.assignment_id = s.aid AND tr.at <= s.t ORDER BY tr.at DESC, tr.id DESC LIMIT 1) AS last_to,
        (SELECT tr.at FROM transitions tr WHERE tr.assignment_id = s.aid AND tr.at <= s.t ORDER BY tr.at DESC, tr.id DESC LIMIT 1) AS last_at,
        (SELECT tr.from_status FROM transitions tr WHERE tr.assignment_id = s.aid ORDER BY tr.at, tr.id LIMIT 1) AS first_from,
        (SELECT MAX(r.period) FROM reports r WHERE r.assignment_id = s.aid AND r.submitted_at <= s.t) AS reported,
        (SELECT MIN(e.reply_due) FROM escalations e WHERE e.assignment_id = s.aid AND e.level = 'notice' AND e.issued_at <= s.t
            AND (e.replied_at IS NULL OR e.replied_at > s.t)) AS notice
    FROM spans s
), versions AS (
    SELECT st.*, COALESCE(st.last_to, st.first_from, a.status) AS status FROM states st JOIN assignments a ON a.id = st.aid
)
SELECT a.id, a.task_id, a.plan_id, a.aspect_id, a.unit_id, a.lead,
    CASE WHEN v.t_end IS NULL THEN a.status ELSE v.status END,
    a.deadline_kind, a.deadline, a.original_deadline, a.sort_deadline,
    CASE WHEN v.t_end IS NULL THEN a.phase_complete WHEN v.status = 'closed' THEN a.phase_complete ELSE FALSE END,
    CASE WHEN v.t_end IS NULL THEN a.signed_off ELSE FALSE END,
    CASE WHEN v.t_end IS NULL THEN a.closed_at WHEN v.status <> 'closed' THEN NULL ELSE COALESCE(v.last_at, a.closed_at) END,
    CASE WHEN v.t_end IS NULL THEN a.assigned_at WHEN v.status = 'draft' OR a.assigned_at > v.t THEN NULL ELSE a.assigned_at END,
    CASE WHEN v.t_end IS NULL THEN a.notice_due ELSE v.notice END,
    CASE WHEN v.t_end IS NULL THEN a.last_period ELSE COALESCE(v.reported, '') END,
    a.task_title, a.version, a.created_at, a.updated_at, v.t, v.t_end
FROM versions v JOIN assignments a ON a.id = v.aid;
