-- The lead office's saved ledger filter (常用筛选) and an item it follows
-- (我关注的), as version 0033 holds them.
INSERT INTO saved_filters (user_id, name, query, created_at)
    SELECT id, '红灯事项', 'plan=1&light=red', '2022-03-02 09:00:00+08:00' FROM users WHERE username = 'upgrade-lead';
INSERT INTO follows (user_id, assignment_id, created_at)
    SELECT u.id, MIN(a.id), '2022-03-02 09:05:00+08:00' FROM users u, assignments a WHERE u.username = 'upgrade-lead' GROUP BY u.id;
