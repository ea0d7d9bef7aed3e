-- Figures as of a past day on a national plan (issue 11): a branch of the
-- tree is counted from the versions of its measures' assignments, found
-- by task rather than by walking the aspect's whole history; the measures
-- a plan had by the end of a day are counted from an index rather than
-- by reading every measure's row.
CREATE INDEX assignment_history_task ON assignment_history(task_id, valid_from);
CREATE INDEX tasks_plan_created ON tasks(plan_id, created_at);
