-- One covering index for the statistics: every column the light rule reads,
-- so that counting a plan's assignments by aspect, unit, status and light is
-- one scan of the index and never touches the table.
DROP INDEX assignments_plan_aspect;
DROP INDEX assignments_plan_unit;
CREATE INDEX assignments_plan_stats ON assignments(plan_id, aspect_id, unit_id, status, deadline_kind, deadline, notice_due, last_period, assigned_at, phase_complete);
