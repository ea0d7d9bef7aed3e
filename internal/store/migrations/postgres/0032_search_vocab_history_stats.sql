-- A covering index for figures as of a past day (migration 0021): every
-- column the light rule and the counts read, after the plan and the
-- grouping columns, so that counting the versions in force at a day's end
-- walks the index in group order and never reads the table. (The SQLite
-- migration of this number also adds the search index's gram counts; on
-- PostgreSQL the GIN index intersects a term's grams itself.)
CREATE INDEX assignment_history_plan_stats ON assignment_history(plan_id, aspect_id, unit_id, status, valid_from, valid_to,
    deadline_kind, deadline, notice_due, last_period, assigned_at, phase_complete);
