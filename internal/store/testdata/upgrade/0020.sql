-- Public feedback with the receipt number its sender keeps (version 0020).
INSERT INTO feedback (plan_id, name, contact, channel, content, status, reply, task_id, receipt, created_at, updated_at)
    SELECT id, '群众乙', '', 'web', '询问专项检查何时公布结果。', 'replied', '将于十一月底前公布。', NULL, 'YJ20211101-K7M2QX', '2021-11-01 20:00:00+08:00', '2021-11-02 09:00:00+08:00'
    FROM plans WHERE title LIKE '升级省科学技术厅党组%';
