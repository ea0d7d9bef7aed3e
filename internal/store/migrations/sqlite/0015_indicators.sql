-- Monitoring indicators (监测指标): definitions, reporting units, figures
-- with their history, validation rules, breaches, period approvals, and
-- the link of consultation meetings (定期会商) to an indicator and period.

CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL UNIQUE,
    aliases         TEXT NOT NULL DEFAULT '[]',
    measure         TEXT NOT NULL DEFAULT '',
    period_type     TEXT NOT NULL,
    aggregation     TEXT NOT NULL,
    numerator_id    INTEGER REFERENCES indicators(id),
    denominator_id  INTEGER REFERENCES indicators(id),
    allow_negative  BOOLEAN NOT NULL DEFAULT FALSE,
    decimals        INTEGER NOT NULL DEFAULT 2,
    lead_unit_id    INTEGER NOT NULL REFERENCES units(id),
    due_day         INTEGER NOT NULL,
    plan_id         INTEGER REFERENCES plans(id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE indicator_units (
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (indicator_id, unit_id)
);
CREATE INDEX indicator_units_unit ON indicator_units(unit_id, indicator_id);

-- Figures are appended, never changed: the latest row for a unit and period
-- is the figure in force, and one entered by a day is the figure as of it.
CREATE TABLE indicator_values (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    period        TEXT NOT NULL,
    value         REAL NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    correction    BOOLEAN NOT NULL DEFAULT FALSE,
    entered_by    INTEGER REFERENCES users(id),
    entered_name  TEXT NOT NULL DEFAULT '',
    entered_at    TIMESTAMP NOT NULL
);
CREATE INDEX indicator_values_key ON indicator_values(indicator_id, unit_id, period, id);

CREATE TABLE indicator_rules (
    id                 INTEGER PRIMARY KEY,
    indicator_id       INTEGER NOT NULL REFERENCES indicators(id),
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    min_value          REAL,
    max_value          REAL,
    other_id           INTEGER REFERENCES indicators(id),
    target             REAL NOT NULL DEFAULT 0,
    weights            TEXT NOT NULL DEFAULT '[]',
    escalate           TEXT NOT NULL,
    deadline_workdays  INTEGER NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX indicator_rules_indicator ON indicator_rules(indicator_id, id);

CREATE TABLE indicator_breaches (
    id             INTEGER PRIMARY KEY,
    rule_id        INTEGER NOT NULL REFERENCES indicator_rules(id),
    indicator_id   INTEGER NOT NULL REFERENCES indicators(id),
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    period         TEXT NOT NULL,
    value          REAL NOT NULL,
    baseline       REAL NOT NULL,
    status         TEXT NOT NULL,
    detected_at    TIMESTAMP NOT NULL,
    resolved_at    TIMESTAMP,
    assignment_id  INTEGER REFERENCES assignments(id),
    UNIQUE (rule_id, unit_id, period)
);
CREATE INDEX indicator_breaches_indicator ON indicator_breaches(indicator_id, period, unit_id);
CREATE INDEX indicator_breaches_assignment ON indicator_breaches(assignment_id);

CREATE TABLE indicator_approvals (
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    period        TEXT NOT NULL,
    approved_by   INTEGER REFERENCES users(id),
    approved_name TEXT NOT NULL DEFAULT '',
    approved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, period)
);

CREATE TABLE meeting_indicators (
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    period        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, indicator_id, period)
);
CREATE INDEX meeting_indicators_indicator ON meeting_indicators(indicator_id, period);
