-- A ledger imported as a new plan is written in short transactions, so that
-- other writes wait for one batch instead of the whole import. Until its
-- last transaction the plan is staged: its row here hides the plan, and the
-- units the import created, from every read; the last transaction deletes
-- the rows and so shows everything at once. An import that failed or whose
-- process died (alive_at no longer renewed) is deleted, batch by batch.
CREATE TABLE staged_plans (
    plan_id     BIGINT PRIMARY KEY REFERENCES plans(id),
    started_at  TIMESTAMPTZ NOT NULL,
    alive_at    TIMESTAMPTZ NOT NULL
);
CREATE TABLE staged_units (
    unit_id  BIGINT PRIMARY KEY REFERENCES units(id),
    plan_id  BIGINT NOT NULL REFERENCES staged_plans(plan_id)
);
CREATE INDEX staged_units_plan ON staged_units(plan_id);
