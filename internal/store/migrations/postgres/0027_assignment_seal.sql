-- Every write transaction seals the assignment rows it changed (those
-- stamped with its time) in one audit event, so that `audit verify` can
-- compare each assignment with its last audited state. The index finds
-- them. On a database that has assignments already, audit_pending asks the
-- first write after this migration (with the audit key set) to seal them,
-- as the state the chain starts vouching for.
CREATE INDEX assignments_updated ON assignments(updated_at);
CREATE TABLE audit_pending (what TEXT PRIMARY KEY);
INSERT INTO audit_pending (what) SELECT 'assignments' WHERE EXISTS (SELECT 1 FROM assignments);
