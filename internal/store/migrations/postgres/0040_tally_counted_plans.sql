-- On SQLite this migration makes the tally triggers skip a plan whose
-- light_rules row holds no rule yet (as_of = ''): its figures are recounted
-- when first asked for. PostgreSQL's tally_assignment() has always skipped
-- such a plan (migration 0005). Nothing changes.
SELECT 1;
