-- A ledger being imported when the server stopped (version 0030): its plan
-- and the unit it created are staged, hidden from reads until the scheduler
-- deletes them.
INSERT INTO units (parent_id, name, short_name, kind, sort, created_at, updated_at)
    VALUES (NULL, '升级导入中新建的单位', '升级导入中新建的单位', 'other', 0, '2022-03-01 09:00:00+08:00', '2022-03-01 09:00:00+08:00');
INSERT INTO plans (title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, ladder, lookback_months, notice_contact, created_at, updated_at)
    SELECT '升级导入中的整改方案', id, id, 'active', 'monthly', 25, NULL, NULL, '', 6, '', '2022-03-01 09:00:00+08:00', '2022-03-01 09:00:00+08:00'
    FROM units WHERE name = '升级导入中新建的单位';
INSERT INTO nodes (plan_id, parent_id, aspect_id, kind, seq, title, description, created_at, updated_at)
    SELECT id, NULL, 0, 'aspect', 1, '一、导入到一半的方面', '', '2022-03-01 09:00:00+08:00', '2022-03-01 09:00:00+08:00' FROM plans WHERE title = '升级导入中的整改方案';
UPDATE nodes SET aspect_id = id WHERE kind = 'aspect' AND title = '一、导入到一半的方面';
INSERT INTO staged_plans (plan_id, started_at, alive_at) SELECT id, '2022-03-01 09:00:00+08:00', '2022-03-01 09:00:05+08:00' FROM plans WHERE title = '升级导入中的整改方案';
INSERT INTO staged_units (unit_id, plan_id) SELECT u.id, p.id FROM units u, plans p WHERE u.name = '升级导入中新建的单位' AND p.title = '升级导入中的整改方案';
