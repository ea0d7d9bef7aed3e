-- A branch of the tree as of a past day (a problem's roll-ups) is counted
-- from the versions of its measures' assignments: found by task, not by
-- walking the plan's or the aspect's whole history (issue 11).
CREATE INDEX assignment_history_task ON assignment_history(task_id, valid_from);
