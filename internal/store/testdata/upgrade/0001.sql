-- A ledger as version 0001 kept it: three units, a lead office, a liaison
-- and an admin, one inspection, its plan with an aspect, two problems and
-- three measures assigned to two units (one closed, one overdue, one
-- long-term), with their history, reports, a closure, a look-back, a
-- notice, a meeting and public feedback. Rows refer to each other by name,
-- never by id, so that the identity sequences stay where the app expects.
INSERT INTO units (parent_id, name, short_name, kind, sort, created_at, updated_at) VALUES
    (NULL, '中共升级省委员会', '升级省委', 'party', 1, '2021-08-20 09:00:00+08:00', '2021-08-20 09:00:00+08:00');
INSERT INTO units (parent_id, name, short_name, kind, sort, created_at, updated_at)
    SELECT id, '升级省科学技术厅', '省科技厅', 'department', 2, '2021-08-20 09:00:00+08:00', '2021-08-20 09:00:00+08:00' FROM units WHERE name = '中共升级省委员会';
INSERT INTO units (parent_id, name, short_name, kind, sort, created_at, updated_at) VALUES
    (NULL, '升级市人民政府', '升级市', 'city', 3, '2021-08-20 09:00:00+08:00', '2021-08-20 09:00:00+08:00');

-- Every password is Upgrade-2021! (argon2id, the PHC string version 0001 wrote).
INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, created_at, updated_at)
    SELECT 'upgrade-admin', '升级管理员', 'admin', NULL, '', '', FALSE,
    '$argon2id$v=19$m=65536,t=3,p=2$WP6HVTSujCkxYmTCjzRJIg$+l9+k2EZKML5gpM0UpyIOPM+IejbPFLbFsOPucFKxmc',
    '2021-08-20 09:00:00+08:00', '2021-08-20 09:00:00+08:00';
INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, created_at, updated_at)
    SELECT 'upgrade-lead', '整改办王主任', 'lead', id, 'wang@example.gov.cn', '029-88880001', FALSE,
    '$argon2id$v=19$m=65536,t=3,p=2$WP6HVTSujCkxYmTCjzRJIg$+l9+k2EZKML5gpM0UpyIOPM+IejbPFLbFsOPucFKxmc',
    '2021-08-20 09:00:00+08:00', '2021-08-20 09:00:00+08:00' FROM units WHERE name = '中共升级省委员会';
INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, created_at, updated_at)
    SELECT 'upgrade-liaison', '科技厅联络员李明', 'liaison', id, '', '13800000001', FALSE,
    '$argon2id$v=19$m=65536,t=3,p=2$WP6HVTSujCkxYmTCjzRJIg$+l9+k2EZKML5gpM0UpyIOPM+IejbPFLbFsOPucFKxmc',
    '2021-08-20 09:00:00+08:00', '2021-08-21 10:00:00+08:00' FROM units WHERE name = '升级省科学技术厅';
INSERT INTO tokens (token_hash, user_id, kind, created_at, expires_at)
    SELECT 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', id, 'session', '2021-09-01 09:00:00+08:00', '2021-09-01 17:00:00+08:00'
    FROM users WHERE username = 'upgrade-liaison';

INSERT INTO sources (kind, title, round, team, inspection_type, topic, onsite_start, onsite_end, feedback_date, inspected_unit_id, doc_number, leader, issued_date, content, created_at, updated_at)
    SELECT 'inspection', '省委第一巡视组关于巡视升级省科学技术厅党组的反馈意见', '十三届省委第十一轮', '省委第一巡视组', 'routine', '',
    '2021-04-06', '2021-05-31', '2021-08-26', id, '', '张组长', '2021-08-26', '巡视发现的主要问题：科研项目管理不规范。', '2021-08-26 15:00:00+08:00', '2021-08-26 15:00:00+08:00'
    FROM units WHERE name = '升级省科学技术厅';

INSERT INTO plans (title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, created_at, updated_at)
    SELECT '升级省科学技术厅党组关于省委第一巡视组反馈意见的整改方案', o.id, l.id, 'active', 'monthly', 25, '2021-08-26', '2021-11-26',
    '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM units o, units l WHERE o.name = '中共升级省委员会' AND l.name = '升级省科学技术厅';
INSERT INTO plan_sources (plan_id, source_id) SELECT p.id, s.id FROM plans p, sources s WHERE p.title LIKE '升级省科学技术厅党组%' AND s.title LIKE '省委第一巡视组%';

INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT id, NULL, 0, 'aspect', 1, '一、落实全面从严治党主体责任不够到位', '', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00' FROM plans WHERE title LIKE '升级省科学技术厅党组%';
UPDATE nodes SET aspect_id = id WHERE kind = 'aspect' AND title = '一、落实全面从严治党主体责任不够到位';
INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT plan_id, id, id, 'problem', 1, '科研项目经费管理不规范', '部分项目经费支出缺少审批手续。', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM nodes WHERE title = '一、落实全面从严治党主体责任不够到位';
INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT plan_id, id, id, 'problem', 2, '基层党组织建设薄弱', '', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM nodes WHERE title = '一、落实全面从严治党主体责任不够到位';

INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, 1, '修订科研经费管理办法', '对照审计意见逐条修订经费管理办法并印发。', '办法印发实施', '', 'date', '2021-10-31', u.id, '刘副厅长', '财务处', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM nodes n, units u WHERE n.title = '科研项目经费管理不规范' AND u.name = '升级省科学技术厅';
INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, 2, '开展经费支出专项检查', '对近三年项目经费支出开展专项检查。', '', '', 'date', '2021-09-30', u.id, '刘副厅长', '监督处', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM nodes n, units u WHERE n.title = '科研项目经费管理不规范' AND u.name = '升级省科学技术厅';
INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, 1, '健全基层党组织生活制度', '长期坚持三会一课制度。', '', '', 'long_term', NULL, u.id, '赵书记', '机关党委', '2021-08-27 09:00:00+08:00', '2021-08-27 09:00:00+08:00'
    FROM nodes n, units u WHERE n.title = '基层党组织建设薄弱' AND u.name = '升级省科学技术厅';
INSERT INTO task_units (task_id, unit_id, lead) SELECT t.id, u.id, TRUE FROM tasks t, units u WHERE u.name = '升级省科学技术厅' AND t.title IN ('修订科研经费管理办法', '开展经费支出专项检查', '健全基层党组织生活制度');
INSERT INTO task_units (task_id, unit_id, lead) SELECT t.id, u.id, FALSE FROM tasks t, units u WHERE u.name = '升级市人民政府' AND t.title = '开展经费支出专项检查';

-- One closed, one overdue in progress, one assigned long-term, and the
-- city's share of the check.
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, TRUE, 'closed', 'date', '2021-10-31', '2021-10-31', '2021-10-31', FALSE, TRUE, '2021-10-20 16:00:00+08:00', '2021-08-27 10:00:00+08:00', '2021-10-20 16:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '修订科研经费管理办法' AND u.name = '升级省科学技术厅';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, TRUE, 'in_progress', 'date', '2021-09-30', '2021-09-30', '2021-09-30', FALSE, FALSE, NULL, '2021-08-27 10:00:00+08:00', '2021-09-02 10:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '开展经费支出专项检查' AND u.name = '升级省科学技术厅';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, FALSE, 'assigned', 'date', '2021-09-30', '2021-09-30', '2021-09-30', FALSE, FALSE, NULL, '2021-08-27 10:00:00+08:00', '2021-08-27 10:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '开展经费支出专项检查' AND u.name = '升级市人民政府';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, u.id, TRUE, 'assigned', 'long_term', NULL, NULL, '9999-12-31', FALSE, FALSE, NULL, '2021-08-27 10:00:00+08:00', '2021-08-27 10:00:00+08:00'
    FROM tasks t, units u WHERE t.title = '健全基层党组织生活制度' AND u.name = '升级省科学技术厅';

INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'assign', 'draft', 'assigned', u.id, u.username, '', '2021-08-27 10:00:00+08:00' FROM assignments a, users u WHERE u.username = 'upgrade-lead';
INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'start', 'assigned', 'in_progress', u.id, u.username, '', '2021-09-02 10:00:00+08:00'
    FROM assignments a, users u, tasks t WHERE u.username = 'upgrade-liaison' AND a.task_id = t.id AND a.lead AND t.title IN ('修订科研经费管理办法', '开展经费支出专项检查');

INSERT INTO reports (assignment_id, period, content, work_date, author_id, author_name, submitted_at, review, reviewer_id, review_comment, reviewed_at)
    SELECT a.id, '2021-09', '已起草经费管理办法修订稿，征求了各处室意见。', '2021-09-20', u.id, u.display_name, '2021-09-24 17:00:00+08:00', 'accepted', NULL, '', '2021-09-26 09:00:00+08:00'
    FROM assignments a, tasks t, users u WHERE a.task_id = t.id AND t.title = '修订科研经费管理办法' AND u.username = 'upgrade-liaison';
INSERT INTO reports (assignment_id, period, content, work_date, author_id, author_name, submitted_at, review, reviewer_id, review_comment, reviewed_at)
    SELECT a.id, '2021-09', '专项检查已完成两个处室，发现问题七个。', '2021-09-22', u.id, u.display_name, '2021-09-24 17:30:00+08:00', 'pending', NULL, '', NULL
    FROM assignments a, tasks t, users u WHERE a.task_id = t.id AND a.lead AND t.title = '开展经费支出专项检查' AND u.username = 'upgrade-liaison';

INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'request-closure', 'in_progress', 'closure_requested', u.id, u.username, '', '2021-10-15 10:00:00+08:00'
    FROM assignments a, users u, tasks t WHERE u.username = 'upgrade-liaison' AND a.task_id = t.id AND t.title = '修订科研经费管理办法';
INSERT INTO transitions (assignment_id, action, from_status, to_status, actor_id, actor_name, reason, at)
    SELECT a.id, 'verify', 'closure_requested', 'closed', u.id, u.username, '', '2021-10-20 16:00:00+08:00'
    FROM assignments a, users u, tasks t WHERE u.username = 'upgrade-lead' AND a.task_id = t.id AND t.title = '修订科研经费管理办法';
INSERT INTO closures (assignment_id, summary, requested_by, requested_at, signed_by, signed_at, decided_by, decided_at, result, reason)
    SELECT a.id, '办法已于10月12日印发施行。', l.id, '2021-10-15 10:00:00+08:00', d.id, '2021-10-18 10:00:00+08:00', d.id, '2021-10-20 16:00:00+08:00', 'closed', ''
    FROM assignments a, tasks t, users l, users d WHERE a.task_id = t.id AND t.title = '修订科研经费管理办法' AND l.username = 'upgrade-liaison' AND d.username = 'upgrade-lead';
INSERT INTO lookbacks (assignment_id, due_date, result, note, created_at)
    SELECT a.id, '2022-04-20', 'pending', '', '2021-10-20 16:00:00+08:00' FROM assignments a WHERE a.status = 'closed';
INSERT INTO escalations (assignment_id, level, number, issued_by, issued_at, recipients, note, reply_due, reply, replied_at)
    SELECT a.id, 'urge', '', NULL, '2021-10-08 09:00:00+08:00', '李明', '已逾期，请抓紧推进。', NULL, '', NULL
    FROM assignments a, tasks t WHERE a.task_id = t.id AND a.lead AND t.title = '开展经费支出专项检查';

INSERT INTO meetings (plan_id, kind, held_on, title, attendees, decisions, created_at, updated_at)
    SELECT id, '领导小组会', '2021-09-10', '整改工作领导小组第一次会议', '领导小组成员', '逐项明确责任人和完成时限。', '2021-09-10 18:00:00+08:00', '2021-09-10 18:00:00+08:00'
    FROM plans WHERE title LIKE '升级省科学技术厅党组%';
INSERT INTO meeting_tasks (meeting_id, task_id) SELECT m.id, t.id FROM meetings m, tasks t WHERE m.title = '整改工作领导小组第一次会议' AND t.title = '开展经费支出专项检查';

INSERT INTO feedback (plan_id, name, contact, channel, content, status, reply, task_id, created_at, updated_at)
    SELECT id, '群众甲', '13900000000', 'web', '建议公开专项检查的结果。', 'replied', '检查结果将在门户网站公开。', NULL, '2021-09-15 20:00:00+08:00', '2021-09-18 09:00:00+08:00'
    FROM plans WHERE title LIKE '升级省科学技术厅党组%';
INSERT INTO feedback (plan_id, name, contact, channel, content, status, reply, task_id, created_at, updated_at) VALUES
    (NULL, '', '', 'letter', '反映某单位办事拖延。', 'new', '', NULL, '2021-09-16 08:00:00+08:00', '2021-09-16 08:00:00+08:00');
