-- A 立行立改 measure as version 0026 holds it to a deadline: no date given,
-- so its deadline (28 September: Mid-Autumn's rest days and make-up day
-- counted) is counted from the day it was assigned (the ladder's
-- immediate_within working days); assigned on 13 September 2021 and still in
-- progress.
INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, deadline_workdays, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, 3, '立即清退违规列支的会议费', '对检查发现的违规列支会议费立行立改、全部清退。', '全部清退', '', 'immediate', NULL, 0, u.id, '刘副厅长', '财务处', '2021-09-13 09:00:00+08:00', '2021-09-13 09:00:00+08:00'
    FROM nodes n, units u WHERE n.title = '科研项目经费管理不规范' AND u.name = '升级省科学技术厅';
INSERT INTO task_units (task_id, unit_id, lead) SELECT t.id, u.id, TRUE FROM tasks t, units u WHERE u.name = '升级省科学技术厅' AND t.title = '立即清退违规列支的会议费';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, assigned_at, task_title, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, TRUE, 'in_progress', 'immediate', '2021-09-28', '2021-09-28', '2021-09-28', FALSE, FALSE, NULL, '2021-09-13 10:00:00+08:00', t.title, '2021-09-13 10:00:00+08:00', '2021-09-15 10:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '立即清退违规列支的会议费' AND u.name = '升级省科学技术厅';
