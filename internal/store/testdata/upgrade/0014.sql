-- A report and a feedback written after the search index existed (version
-- 0014): its triggers index them as they are inserted.
INSERT INTO reports (assignment_id, period, content, work_date, author_id, author_name, submitted_at, review, reviewer_id, review_comment, reviewed_at)
    SELECT a.id, '2021-10', '述职评议方案已报党组审定，经费管理培训同步开展。', '2021-10-20', u.id, u.display_name, '2021-10-22 17:00:00+08:00', 'pending', NULL, '', NULL
    FROM assignments a, tasks t, users u WHERE a.task_id = t.id AND t.title = '建立支部书记述职评议制度' AND u.username = 'upgrade-liaison';
UPDATE assignments SET last_period = '2021-10' WHERE task_id = (SELECT id FROM tasks WHERE title = '建立支部书记述职评议制度');
INSERT INTO feedback (plan_id, name, contact, channel, content, status, reply, task_id, created_at, updated_at)
    SELECT id, '', '', 'web', '希望述职评议邀请群众代表参加。', 'new', '', NULL, '2021-10-23 20:00:00+08:00', '2021-10-23 20:00:00+08:00'
    FROM plans WHERE title LIKE '升级省科学技术厅党组%';
