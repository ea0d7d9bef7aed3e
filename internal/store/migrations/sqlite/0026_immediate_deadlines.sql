-- 立行立改 items are held to their deadline like 限期 items: a date given
-- with them, or one counted from their assignment (the plan's ladder,
-- immediate_within working days). Only 长期坚持 items never fall overdue.
-- The classification is that of duban.LightRule.Of and the store's
-- lightCase; every plan is counted afresh under it (as_of '').
DROP VIEW assignment_tally_keys;
DROP VIEW assignment_lights;

CREATE VIEW assignment_lights AS
SELECT a.id, a.plan_id, a.aspect_id, a.unit_id, a.status,
    CASE
        WHEN a.status = 'closed' AND NOT a.phase_complete THEN 'done'
        WHEN a.status NOT IN ('closed', 'draft') AND a.notice_due < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind <> 'long_term' AND a.deadline < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind <> 'long_term' AND a.deadline <= r.yellow_by THEN 'yellow'
        WHEN r.period <> '' AND a.status <> 'draft' AND a.last_period < r.period AND a.assigned_at < r.period_due THEN 'yellow'
        WHEN a.status = 'closed' THEN 'done'
        ELSE 'green'
    END AS light
FROM assignments a JOIN light_rules r ON r.plan_id = a.plan_id
WHERE r.as_of <> '';

CREATE VIEW assignment_tally_keys AS
SELECT l.id AS assignment_id, l.plan_id, g.grain,
    CASE g.grain WHEN 'aspect' THEN l.aspect_id ELSE l.unit_id END AS id,
    CASE g.grain WHEN 'unit_aspect' THEN l.aspect_id ELSE 0 END AS aspect_id,
    l.status, l.light
FROM assignment_lights l, (SELECT 'aspect' AS grain UNION ALL SELECT 'unit' UNION ALL SELECT 'unit_aspect') g;

UPDATE light_rules SET as_of = '';
