-- A monitoring indicator as version 0015 kept it: reported monthly by two
-- units, figures with a correction, a rule broken by one unit (supervised
-- as an item), the office's approval of a month, and the consultation
-- meeting on it.
INSERT INTO indicators (code, name, aliases, measure, period_type, aggregation, numerator_id, denominator_id, allow_negative, decimals, lead_unit_id, due_day, plan_id, created_at, updated_at)
    SELECT 'SJKJTR', '升级全社会研发投入', '["研发投入"]', '亿元', 'monthly', 'ytd', NULL, NULL, FALSE, 2, u.id, 10, p.id, '2021-10-25 09:00:00+08:00', '2021-10-25 09:00:00+08:00'
    FROM units u, plans p WHERE u.name = '升级省科学技术厅' AND p.title LIKE '升级省科学技术厅党组%';
INSERT INTO indicator_units (indicator_id, unit_id) SELECT i.id, u.id FROM indicators i, units u WHERE i.code = 'SJKJTR' AND u.name IN ('升级省科学技术厅', '升级市人民政府');
INSERT INTO indicator_values (indicator_id, unit_id, period, value, reason, correction, entered_by, entered_name, entered_at)
    SELECT i.id, u.id, v.period, v.value, v.reason, v.correction, NULL, '李明', '2021-10-25 10:00:00+08:00'
    FROM indicators i, units u, (SELECT '2020-09' AS period, 12.5 AS value, '' AS reason, FALSE AS correction
        UNION ALL SELECT '2021-09', 11.75, '', FALSE UNION ALL SELECT '2021-09', 11.8, '统计口径更正', TRUE) v
    WHERE i.code = 'SJKJTR' AND u.name = '升级市人民政府';
INSERT INTO indicator_rules (indicator_id, kind, name, min_value, max_value, other_id, target, weights, escalate, deadline_workdays, created_at)
    SELECT id, 'no_decrease_ytd', '只增不减（累计不低于上年同期）', NULL, NULL, NULL, 0, '[]', 'auto', 10, '2021-10-25 09:00:00+08:00' FROM indicators WHERE code = 'SJKJTR';
INSERT INTO indicator_breaches (rule_id, indicator_id, unit_id, period, value, baseline, status, detected_at, resolved_at, assignment_id)
    SELECT r.id, r.indicator_id, u.id, '2021-09', 11.8, 12.5, 'open', '2021-10-25 10:00:00+08:00', NULL, NULL
    FROM indicator_rules r, units u WHERE r.name LIKE '只增不减%' AND u.name = '升级市人民政府';
INSERT INTO indicator_approvals (indicator_id, period, approved_by, approved_name, approved_at)
    SELECT i.id, '2021-09', u.id, u.display_name, '2021-10-26 09:00:00+08:00' FROM indicators i, users u WHERE i.code = 'SJKJTR' AND u.username = 'upgrade-lead';
INSERT INTO meetings (plan_id, kind, held_on, title, attendees, decisions, created_at, updated_at)
    SELECT id, '定期会商', '2021-10-27', '研发投入指标十月会商', '科技厅、统计局', '升级市说明下降原因。', '2021-10-27 18:00:00+08:00', '2021-10-27 18:00:00+08:00'
    FROM plans WHERE title LIKE '升级省科学技术厅党组%';
INSERT INTO meeting_indicators (meeting_id, indicator_id, period) SELECT m.id, i.id, '2021-09' FROM meetings m, indicators i WHERE m.title = '研发投入指标十月会商' AND i.code = 'SJKJTR';
