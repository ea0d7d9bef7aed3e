-- How many records hold each gram of the search index (migration 0014), so
-- that a search asks the index for a term's rarest grams and checks the
-- whole term in the few records they find (store/search.go).
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);

-- A covering index for figures as of a past day (migration 0021): every
-- column the light rule and the counts read, after the plan and the
-- grouping columns, so that counting the versions in force at a day's end
-- walks the index in group order and never reads the table.
CREATE INDEX assignment_history_plan_stats ON assignment_history(plan_id, aspect_id, unit_id, status, valid_from, valid_to,
    deadline_kind, deadline, notice_due, last_period, assigned_at, phase_complete);
