-- A key-project programme as version 0017 kept it: its supervision plan, a
-- published challenge (揭榜挂帅) with two applications and an expert's
-- review, the selected team's project with a cooperating unit and two
-- milestones (each an assigned item of the plan), a passed assessment, and
-- one 赛马 comparison.
INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, must_change_password, password_changed_at, totp_secret, totp_enabled, created_at, updated_at)
    VALUES ('upgrade-expert', '评审专家陈教授', 'expert', NULL, '', '', FALSE,
    '$argon2id$v=19$m=65536,t=3,p=2$WP6HVTSujCkxYmTCjzRJIg$+l9+k2EZKML5gpM0UpyIOPM+IejbPFLbFsOPucFKxmc',
    FALSE, '2022-01-05 09:00:00+08:00', '', FALSE, '2022-01-05 09:00:00+08:00', '2022-01-05 09:00:00+08:00');
INSERT INTO plans (title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, ladder, lookback_months, notice_contact, created_at, updated_at)
    SELECT '升级省重点研发专项里程碑督办台账', id, id, 'active', 'none', 25, NULL, NULL, '', 6, '', '2022-01-05 09:00:00+08:00', '2022-01-05 09:00:00+08:00'
    FROM units WHERE name = '升级省科学技术厅';
INSERT INTO programmes (title, office_unit_id, plan_id, description, created_at)
    SELECT '升级省重点研发专项', u.id, p.id, '聚焦关键核心技术攻关。', '2022-01-05 09:00:00+08:00'
    FROM units u, plans p WHERE u.name = '升级省科学技术厅' AND p.title = '升级省重点研发专项里程碑督办台账';
INSERT INTO challenges (programme_id, title, goal, conditions, budget, deadline, published_on, status, created_at)
    SELECT id, '高精度光刻对准系统', '对准精度优于2纳米。', '省内注册的高校、院所与企业。', 20000000, '2024-12-31', '2022-01-10', 'selected', '2022-01-06 09:00:00+08:00'
    FROM programmes WHERE title = '升级省重点研发专项';
INSERT INTO applications (challenge_id, unit_id, proposal, team, chief, status, submitted_at)
    SELECT c.id, u.id, '双频激光干涉对准方案。', '光机所团队', '周研究员', CASE u.name WHEN '升级省科学技术厅' THEN 'selected' ELSE 'not_selected' END, '2022-02-01 09:00:00+08:00'
    FROM challenges c, units u WHERE c.title = '高精度光刻对准系统' AND u.name IN ('升级省科学技术厅', '升级市人民政府');
INSERT INTO reviews (application_id, expert_id, score, comment, at)
    SELECT a.id, u.id, 88, '方案可行，团队基础扎实。', '2022-02-10 09:00:00+08:00' FROM applications a, users u WHERE a.status = 'selected' AND u.username = 'upgrade-expert';
INSERT INTO review_assignments (user_id, challenge_id, project_id, created_at)
    SELECT u.id, c.id, NULL, '2022-02-02 09:00:00+08:00' FROM users u, challenges c WHERE u.username = 'upgrade-expert' AND c.title = '高精度光刻对准系统';

INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT id, NULL, 0, 'aspect', 1, '高精度光刻对准系统（光机所团队）', '', '2022-02-15 09:00:00+08:00', '2022-02-15 09:00:00+08:00' FROM plans WHERE title = '升级省重点研发专项里程碑督办台账';
UPDATE nodes SET aspect_id = id WHERE title = '高精度光刻对准系统（光机所团队）';
INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT plan_id, id, id, 'problem', 1, '里程碑考核节点', '', '2022-02-15 09:00:00+08:00', '2022-02-15 09:00:00+08:00' FROM nodes WHERE title = '高精度光刻对准系统（光机所团队）';
INSERT INTO projects (programme_id, challenge_id, application_id, title, team, lead_unit_id, chief, chief_role, start_date, end_date, budget, trl_start, trl_target, status, stopped_on, stop_reason, node_id, created_at, updated_at)
    SELECT g.id, c.id, a.id, '高精度光刻对准系统', '光机所团队', a.unit_id, '周研究员', 'chief_engineer', '2022-03-01', '2024-12-31', 20000000, 3, 7, 'active', NULL, '', n.id, '2022-02-15 09:00:00+08:00', '2022-02-15 09:00:00+08:00'
    FROM programmes g, challenges c, applications a, nodes n
    WHERE g.title = '升级省重点研发专项' AND c.title = '高精度光刻对准系统' AND a.challenge_id = c.id AND a.status = 'selected' AND n.title = '高精度光刻对准系统（光机所团队）';
INSERT INTO project_units (project_id, unit_id) SELECT p.id, u.id FROM projects p, units u WHERE p.title = '高精度光刻对准系统' AND u.name = '升级市人民政府';

INSERT INTO tasks (plan_id, node_id, aspect_id, seq, title, content, target, requirements, deadline_kind, deadline, deadline_workdays, source_id, lead_unit_id, responsible_leader, responsible_person, created_at, updated_at)
    SELECT n.plan_id, n.id, n.aspect_id, m.seq, m.title, m.deliverables, m.target, '', 'date', m.due, 0, NULL, p.lead_unit_id, '', '周研究员', '2022-02-15 09:00:00+08:00', '2022-02-15 09:00:00+08:00'
    FROM nodes n, projects p, (SELECT 1 AS seq, '里程碑1：原理样机（TRL 4）' AS title, '原理样机及测试报告' AS deliverables, '达到TRL 4' AS target, '2022-12-31' AS due
        UNION ALL SELECT 2, '里程碑2：工程样机（TRL 6）', '工程样机', '达到TRL 6', '2023-12-31') m
    WHERE n.title = '里程碑考核节点' AND p.title = '高精度光刻对准系统';
INSERT INTO task_units (task_id, unit_id, lead) SELECT t.id, t.lead_unit_id, TRUE FROM tasks t WHERE t.title LIKE '里程碑_：%';
INSERT INTO assignments (task_id, plan_id, aspect_id, unit_id, lead, status, deadline_kind, deadline, original_deadline, sort_deadline, phase_complete, signed_off, closed_at, assigned_at, notice_due, last_period, task_title, created_at, updated_at)
    SELECT t.id, t.plan_id, t.aspect_id, t.lead_unit_id, TRUE, 'assigned', 'date', t.deadline, t.deadline, t.deadline, FALSE, FALSE, NULL,
    '2022-02-15 09:00:00+08:00', NULL, '', t.title, '2022-02-15 09:00:00+08:00', '2022-02-15 09:00:00+08:00'
    FROM tasks t WHERE t.title LIKE '里程碑_：%';
UPDATE assignments SET status = 'closed', signed_off = TRUE, closed_at = '2022-12-20 10:00:00+08:00', updated_at = '2022-12-20 10:00:00+08:00'
    WHERE task_id = (SELECT id FROM tasks WHERE title LIKE '里程碑1：%');
INSERT INTO milestones (project_id, seq, title, due, trl_required, deliverables, tranche, status, trl_reached, fund_status, released, released_on, assignment_id, follow_up_id)
    SELECT p.id, t.seq, substr(t.title, 6), t.deadline, 2 + 2 * t.seq, t.content, 10000000, CASE t.seq WHEN 1 THEN 'passed' ELSE 'pending' END, CASE t.seq WHEN 1 THEN 4 ELSE 0 END,
    CASE t.seq WHEN 1 THEN 'released' ELSE 'planned' END, CASE t.seq WHEN 1 THEN 10000000 ELSE 0 END, CASE t.seq WHEN 1 THEN '2022-12-28' END, a.id, NULL
    FROM projects p, tasks t, assignments a WHERE p.title = '高精度光刻对准系统' AND t.title LIKE '里程碑_：%' AND a.task_id = t.id;
INSERT INTO assessments (milestone_id, assessed_on, experts, trl_reached, result, opinion, rectify_due, created_by, created_at)
    SELECT id, '2022-12-18', '陈教授、吴研究员、郑高工', 4, 'pass', '原理样机达到预期指标。', NULL, 'upgrade-lead', '2022-12-18 17:00:00+08:00' FROM milestones WHERE seq = 1;
INSERT INTO race_rounds (challenge_id, seq, compared_on, decision, stopped_project_id, note, entries, decided_by, created_at)
    SELECT id, 1, '2022-12-30', 'continue', NULL, '', '[]', 'upgrade-lead', '2022-12-30 17:00:00+08:00' FROM challenges WHERE title = '高精度光刻对准系统';
