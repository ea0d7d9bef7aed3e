-- 立行立改 items are held to their deadline like 限期 items: a date given
-- with them, or one counted from their assignment (the plan's ladder,
-- immediate_within working days). Only 长期坚持 items never fall overdue.
-- The classification is that of duban.LightRule.Of and the store's
-- lightCase; every plan is counted afresh under it (as_of '').
CREATE OR REPLACE FUNCTION assignment_light(a assignments, r light_rules) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN a.status = 'closed' AND NOT a.phase_complete THEN 'done'
        WHEN a.status NOT IN ('closed', 'draft') AND a.notice_due < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind <> 'long_term' AND a.deadline < r.as_of THEN 'red'
        WHEN a.status <> 'closed' AND a.deadline_kind <> 'long_term' AND a.deadline <= r.yellow_by THEN 'yellow'
        WHEN r.period <> '' AND a.status <> 'draft' AND a.last_period < r.period AND a.assigned_at < r.period_due THEN 'yellow'
        WHEN a.status = 'closed' THEN 'done'
        ELSE 'green'
    END
$$;

UPDATE light_rules SET as_of = '';
