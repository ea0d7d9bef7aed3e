-- One index for every combination of the list's equality filters (plan or
-- aspect, unit, one status), each ending in the list's order (sort_deadline,
-- id), and a partial twin over the open assignments where no status is
-- named. A page then reads its rows in order from the start of its range (or
-- the cursor) and stops after a page: no filter leaves rows to be skipped
-- (store/list_index.go chooses the index; list_index_test.go checks every
-- combination). An aspect belongs to one plan, so aspect indexes serve a
-- plan and an aspect together.
CREATE INDEX assignments_due ON assignments(sort_deadline, id);
CREATE INDEX assignments_open_due ON assignments(sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_aspect_due ON assignments(aspect_id, sort_deadline, id);
CREATE INDEX assignments_aspect_open_due ON assignments(aspect_id, sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_plan_unit_due ON assignments(plan_id, unit_id, sort_deadline, id);
CREATE INDEX assignments_plan_unit_open_due ON assignments(plan_id, unit_id, sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_aspect_unit_due ON assignments(aspect_id, unit_id, sort_deadline, id);
CREATE INDEX assignments_aspect_unit_open_due ON assignments(aspect_id, unit_id, sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_plan_status_due ON assignments(plan_id, status, sort_deadline, id);
CREATE INDEX assignments_unit_status_due ON assignments(unit_id, status, sort_deadline, id);
CREATE INDEX assignments_aspect_status_due ON assignments(aspect_id, status, sort_deadline, id);
CREATE INDEX assignments_plan_unit_status_due ON assignments(plan_id, unit_id, status, sort_deadline, id);
CREATE INDEX assignments_aspect_unit_status_due ON assignments(aspect_id, unit_id, status, sort_deadline, id);
