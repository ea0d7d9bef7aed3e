-- Supervision as version 0002 kept it: a working day moved by the
-- province, the plan's ladder, a measure due in working days with its
-- source, the assigned day and latest period of the assignments, a
-- numbered notice awaiting its reply, an extension asked for, a look-back
-- campaign, an evidence file on a report, a robot channel, a message with
-- its delivery, and the scheduler's claim of a day.
INSERT INTO calendar_days (day, workday, name, origin) VALUES ('2021-10-16', TRUE, '省定调休上班', 'admin');
UPDATE plans SET ladder = '{"remind_before":5,"remind_ldr_before":2,"notice_after":5,"reply_within":5,"yellow_before":3,"notice_prefix":"升级督"}', lookback_months = 6
    WHERE title LIKE '升级省科学技术厅党组%';
UPDATE assignments SET assigned_at = '2021-08-27 10:00:00+08:00';
UPDATE assignments SET last_period = '2021-09' WHERE id IN (SELECT assignment_id FROM reports WHERE period = '2021-09');
UPDATE tasks SET source_id = (SELECT id FROM sources WHERE title LIKE '省委第一巡视组%');

INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, deadline_workdays, source_id, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, 2, '建立支部书记述职评议制度', '每年开展一次支部书记述职评议。', '', '', 'date', '2021-10-15', 20, s.id, u.id, '赵书记', '机关党委', '2021-09-15 09:00:00+08:00', '2021-09-15 09:00:00+08:00'
    FROM nodes n, units u, sources s WHERE n.title = '基层党组织建设薄弱' AND u.name = '升级省科学技术厅' AND s.title LIKE '省委第一巡视组%';
INSERT INTO task_units (task_id, unit_id, lead) SELECT t.id, u.id, TRUE FROM tasks t, units u WHERE t.title = '建立支部书记述职评议制度' AND u.name = '升级省科学技术厅';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, TRUE, 'in_progress', 'date', '2021-10-15', '2021-10-15', '2021-10-15', FALSE, FALSE, NULL, '2021-09-15 10:00:00+08:00', '2021-10-15', '', '2021-09-15 10:00:00+08:00', '2021-10-08 09:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '建立支部书记述职评议制度' AND u.name = '升级省科学技术厅';
INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'assign', 'draft', 'assigned', u.id, u.username, '', '2021-09-15 10:00:00+08:00' FROM assignments a, tasks t, users u
    WHERE a.task_id = t.id AND t.title = '建立支部书记述职评议制度' AND u.username = 'upgrade-lead';
INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'start', 'assigned', 'in_progress', u.id, u.username, '', '2021-09-16 10:00:00+08:00' FROM assignments a, tasks t, users u
    WHERE a.task_id = t.id AND t.title = '建立支部书记述职评议制度' AND u.username = 'upgrade-liaison';

INSERT INTO escalations (assignment_id, level, number, issued_by, issued_at, recipients, note, reply_due, reply, replied_at, deadline_key, meeting_id, replied_by)
    SELECT a.id, 'notice', '升级督〔2021〕1号', NULL, '2021-10-08 09:00:00+08:00', '刘副厅长', '', '2021-10-15', '', NULL, '2021-09-30', NULL, NULL
    FROM assignments a, tasks t WHERE a.task_id = t.id AND a.lead AND t.title = '开展经费支出专项检查';
UPDATE assignments SET notice_due = '2021-10-15'
    WHERE lead AND task_id = (SELECT id FROM tasks WHERE title = '开展经费支出专项检查');
INSERT INTO notice_numbers (prefix, year, last) VALUES ('升级督', 2021, 1);

INSERT INTO extensions (assignment_id, reason, old_deadline, new_deadline, status, requested_by, requested_at, decided_by, decided_at, comment)
    SELECT a.id, '检查范围扩大到下属事业单位。', '2021-09-30', '2021-11-30', 'pending', u.id, '2021-09-28 15:00:00+08:00', NULL, NULL, ''
    FROM assignments a, tasks t, users u WHERE a.task_id = t.id AND a.lead AND t.title = '开展经费支出专项检查' AND u.username = 'upgrade-liaison';
UPDATE lookbacks SET campaign = '2022年春季回头看';

INSERT INTO files (sha256, size, mime, created_at) VALUES
    ('7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', 24, 'application/pdf', '2021-09-24 17:00:00+08:00');
INSERT INTO attachments (owner_type, owner_id, sha256, name, created_at)
    SELECT 'report', r.id, '7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', '经费管理办法（修订稿）.pdf', '2021-09-24 17:00:00+08:00'
    FROM reports r WHERE r.content LIKE '已起草经费管理办法%';

INSERT INTO channels (unit_id, kind, url, secret, enabled)
    SELECT id, 'dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=upgrade', 'SECupgrade', TRUE FROM units WHERE name = '升级省科学技术厅';
INSERT INTO notifications (user_id, kind, dedup_key, title, body, assignment_id, created_at, read_at)
    SELECT u.id, 'urge', 'urge:2021-09-30', '催办：开展经费支出专项检查', '该事项已逾期，请抓紧推进。', a.id, '2021-10-08 09:00:00+08:00', NULL
    FROM users u, assignments a, tasks t WHERE u.username = 'upgrade-liaison' AND a.task_id = t.id AND a.lead AND t.title = '开展经费支出专项检查';
INSERT INTO deliveries (notification_id, channel, target, status, attempts, last_error, next_at, sent_at)
    SELECT id, 'dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=upgrade', 'sent', 1, '', '2021-10-08 09:00:00+08:00', '2021-10-08 09:00:05+08:00'
    FROM notifications WHERE dedup_key = 'urge:2021-09-30';
INSERT INTO job_runs (name, period, instance, started_at) VALUES ('digest', '2021-10-08', 'upgrade-host-1', '2021-10-08 08:00:00+08:00');
