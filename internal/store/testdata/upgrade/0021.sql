-- The history of assignments as version 0021 kept it: the city's share of
-- the check is started on 10 October, which leaves two versions of its row
-- (assigned until then, in progress since), written by the triggers.
UPDATE assignments SET status = 'in_progress', version = version + 1, updated_at = '2021-10-10 10:00:00+08:00'
    WHERE status = 'assigned' AND deadline_kind = 'date'
    AND unit_id = (SELECT id FROM units WHERE name = '升级市人民政府');
INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'start', 'assigned', 'in_progress', NULL, 'upgrade-liaison', '', '2021-10-10 10:00:00+08:00'
    FROM assignments a WHERE a.unit_id = (SELECT id FROM units WHERE name = '升级市人民政府') AND a.status = 'in_progress';
