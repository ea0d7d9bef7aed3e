-- An assignment had 21 indexes, twelve of them for lists in deadline order
-- with no single status: those of a plan, an aspect, a unit or all plans,
-- each once for every status and once for the open ones. Eight of them go:
-- such a list now reads the index of each status it may show (the …_status_due
-- ones, led by the same columns) and merges them in deadline order (a UNION
-- ALL with the list's ORDER BY and LIMIT, which SQLite merges), reading
-- about a page from each status (PostgreSQL keeps the eight: its 0039). An imported
-- ledger of 10,000 measures wrote these indexes for 0.5–0.9 s of its time.
-- The plan's and aspect's indexes by unit stay: a list ordered by unit reads
-- them in that order, which merging statuses cannot give. The plan's status
-- index now ends with the task and the deadline kind, as the plan's list
-- indexes did (migration 0038), so that a text filter walking a plan reads
-- the index alone.
DROP INDEX assignments_due;
DROP INDEX assignments_open_due;
DROP INDEX assignments_unit_due;
DROP INDEX assignments_unit_open_due;
DROP INDEX assignments_plan_due;
DROP INDEX assignments_plan_open_due;
DROP INDEX assignments_aspect_due;
DROP INDEX assignments_aspect_open_due;
DROP INDEX assignments_plan_status_due;
CREATE INDEX assignments_plan_status_due ON assignments(plan_id, status, sort_deadline, id, task_id, deadline_kind);
