-- Supervision: the working-day calendar, working-day deadlines, the ladder,
-- extensions, look-backs, evidence files, instructions, notifications and
-- the scheduler's claims.

CREATE TABLE calendar_days (
    day      TEXT PRIMARY KEY,
    workday  BOOLEAN NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    origin   TEXT NOT NULL DEFAULT 'seed'
);

ALTER TABLE plans ADD COLUMN ladder TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN lookback_months INTEGER NOT NULL DEFAULT 6;
ALTER TABLE tasks ADD COLUMN deadline_workdays INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN source_id INTEGER REFERENCES sources(id);
CREATE INDEX tasks_source ON tasks(source_id);

-- notice_due: the reply due date of the oldest unanswered 督办单 (NULL when
-- none); last_period: the latest period with a report. Both are kept up to
-- date by the writes that change them, so that lights are computed from the
-- assignment row alone.
ALTER TABLE assignments ADD COLUMN assigned_at TIMESTAMP;
ALTER TABLE assignments ADD COLUMN notice_due TEXT;
ALTER TABLE assignments ADD COLUMN last_period TEXT NOT NULL DEFAULT '';

ALTER TABLE escalations ADD COLUMN deadline_key TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
ALTER TABLE escalations ADD COLUMN replied_by INTEGER REFERENCES users(id);
-- Each automatic step fires once per assignment and deadline, however many
-- instances run the scheduler.
CREATE UNIQUE INDEX escalations_once ON escalations(assignment_id, level, deadline_key);

ALTER TABLE lookbacks ADD COLUMN campaign TEXT NOT NULL DEFAULT '';
ALTER TABLE lookbacks ADD COLUMN new_deadline TEXT;

CREATE TABLE extensions (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    reason         TEXT NOT NULL,
    old_deadline   TEXT,
    new_deadline   TEXT NOT NULL,
    status         TEXT NOT NULL,
    requested_by   INTEGER REFERENCES users(id),
    requested_at   TIMESTAMP NOT NULL,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TIMESTAMP,
    comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extensions_assignment ON extensions(assignment_id, id);
CREATE INDEX extensions_status ON extensions(status, id);

CREATE TABLE files (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    owner_type  TEXT NOT NULL,
    owner_id    INTEGER NOT NULL,
    sha256      TEXT NOT NULL REFERENCES files(sha256),
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id, id);

CREATE TABLE notice_numbers (
    prefix  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE channels (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER REFERENCES units(id),
    kind      TEXT NOT NULL,
    url       TEXT NOT NULL,
    secret    TEXT NOT NULL DEFAULT '',
    enabled   BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    kind           TEXT NOT NULL,
    dedup_key      TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    assignment_id  INTEGER REFERENCES assignments(id),
    created_at     TIMESTAMP NOT NULL,
    read_at        TIMESTAMP
);
CREATE UNIQUE INDEX notifications_once ON notifications(user_id, kind, dedup_key);
CREATE INDEX notifications_inbox ON notifications(user_id, id);

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    notification_id  INTEGER NOT NULL REFERENCES notifications(id),
    channel          TEXT NOT NULL,
    target           TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    next_at          TIMESTAMP NOT NULL,
    sent_at          TIMESTAMP
);
CREATE INDEX deliveries_due ON deliveries(status, next_at, id);

CREATE TABLE job_runs (
    name        TEXT NOT NULL,
    period      TEXT NOT NULL,
    instance    TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (name, period)
);
