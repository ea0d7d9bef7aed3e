-- A notice published to the public portal as version 0003 kept it.
INSERT INTO notices (plan_id, unit_name, title, asof, document, published_by, published_at)
    SELECT p.id, '升级省科学技术厅', '升级省科学技术厅党组关于巡视整改进展情况的通报', '2021-10-08',
    '# 升级省科学技术厅党组关于巡视整改进展情况的通报

截至2021年10月8日，4项整改举措已完成1项。', u.id, '2021-10-09 10:00:00+08:00'
    FROM plans p, users u WHERE p.title LIKE '升级省科学技术厅党组%' AND u.username = 'upgrade-lead';
