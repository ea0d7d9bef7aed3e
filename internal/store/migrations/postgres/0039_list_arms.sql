-- On SQLite this migration drops eight list indexes of assignments (lists
-- with no single status read the status indexes once per status and merge
-- them). PostgreSQL keeps them: there the merged form cost more than it
-- saved (each arm is planned on every request), and its imports are not
-- written while read, so it gains less from fewer indexes. Nothing changes.
SELECT 1;
