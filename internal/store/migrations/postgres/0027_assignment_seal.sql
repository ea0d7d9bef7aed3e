-- Every write transaction seals the assignment rows it changed (those
-- stamped with its time) in one audit event, so that `audit verify` can
-- compare each assignment with its last audited state. The index finds
-- them; audit_pending asks the first write after this migration to seal
-- the rows that exist already, as the state the chain starts vouching for.
CREATE INDEX assignments_updated ON assignments(updated_at);
CREATE TABLE audit_pending (what TEXT PRIMARY KEY);
INSERT INTO audit_pending (what) VALUES ('assignments');
