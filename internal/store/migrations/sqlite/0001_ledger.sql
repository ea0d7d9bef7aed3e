-- The ledger: units, users, sources, plans, the item tree, tasks,
-- assignments and their history, reports, meetings, feedback, audit chain.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    name        TEXT NOT NULL UNIQUE,
    short_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units(parent_id, sort, id);
CREATE INDEX units_short_name ON units(short_name);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       INTEGER REFERENCES units(id),
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_unit ON users(unit_id, id);

CREATE TABLE tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE sources (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    round             TEXT NOT NULL DEFAULT '',
    team              TEXT NOT NULL DEFAULT '',
    inspection_type   TEXT NOT NULL DEFAULT '',
    topic             TEXT NOT NULL DEFAULT '',
    onsite_start      TEXT,
    onsite_end        TEXT,
    feedback_date     TEXT,
    inspected_unit_id INTEGER REFERENCES units(id),
    doc_number        TEXT NOT NULL DEFAULT '',
    leader            TEXT NOT NULL DEFAULT '',
    issued_date       TEXT,
    content           TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX sources_kind ON sources(kind, id);

CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    owner_unit_id  INTEGER NOT NULL REFERENCES units(id),
    lead_unit_id   INTEGER NOT NULL REFERENCES units(id),
    status         TEXT NOT NULL,
    cadence        TEXT NOT NULL,
    report_day     INTEGER NOT NULL,
    start_date     TEXT,
    end_date       TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX plans_owner ON plans(owner_unit_id, id);

CREATE TABLE plan_sources (
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    PRIMARY KEY (plan_id, source_id)
);
CREATE INDEX plan_sources_source ON plan_sources(source_id, plan_id);

CREATE TABLE nodes (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans(id),
    parent_id    INTEGER REFERENCES nodes(id),
    aspect_id    INTEGER NOT NULL DEFAULT 0,
    kind         TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX nodes_plan ON nodes(plan_id, parent_id, seq, id);

CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    plan_id             INTEGER NOT NULL REFERENCES plans(id),
    node_id             INTEGER NOT NULL REFERENCES nodes(id),
    aspect_id           INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL DEFAULT '',
    target              TEXT NOT NULL DEFAULT '',
    requirements        TEXT NOT NULL DEFAULT '',
    deadline_kind       TEXT NOT NULL,
    deadline            TEXT,
    lead_unit_id        INTEGER NOT NULL REFERENCES units(id),
    responsible_leader  TEXT NOT NULL DEFAULT '',
    responsible_person  TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX tasks_plan ON tasks(plan_id, node_id, seq, id);
CREATE INDEX tasks_node ON tasks(node_id, seq, id);

CREATE TABLE task_units (
    task_id  INTEGER NOT NULL REFERENCES tasks(id),
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    lead     BOOLEAN NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_units_unit ON task_units(unit_id, task_id);

-- assignments carry plan_id and aspect_id copied from their task so that
-- lists and roll-ups filter and group on one table through its indexes.
-- sort_deadline is the deadline, or '9999-12-31' for none, so that keyset
-- pages by (sort_deadline, id) never meet a NULL.
CREATE TABLE assignments (
    id                 INTEGER PRIMARY KEY,
    task_id            INTEGER NOT NULL REFERENCES tasks(id),
    plan_id            INTEGER NOT NULL REFERENCES plans(id),
    aspect_id          INTEGER NOT NULL,
    unit_id            INTEGER NOT NULL REFERENCES units(id),
    lead               BOOLEAN NOT NULL,
    status             TEXT NOT NULL,
    deadline_kind      TEXT NOT NULL,
    deadline           TEXT,
    original_deadline  TEXT,
    sort_deadline      TEXT NOT NULL,
    phase_complete     BOOLEAN NOT NULL DEFAULT FALSE,
    signed_off         BOOLEAN NOT NULL DEFAULT FALSE,
    closed_at          TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (task_id, unit_id)
);
CREATE INDEX assignments_unit_due ON assignments(unit_id, sort_deadline, id);
CREATE INDEX assignments_unit_open_due ON assignments(unit_id, sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_plan_due ON assignments(plan_id, sort_deadline, id);
CREATE INDEX assignments_plan_open_due ON assignments(plan_id, sort_deadline, id) WHERE status <> 'closed';
CREATE INDEX assignments_plan_aspect ON assignments(plan_id, aspect_id, status, deadline_kind, deadline);
CREATE INDEX assignments_plan_unit ON assignments(plan_id, unit_id, status, deadline_kind, deadline);
CREATE INDEX assignments_status_due ON assignments(status, sort_deadline, id);

CREATE TABLE transitions (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    action         TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    actor_id       INTEGER REFERENCES users(id),
    actor_name     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    at             TIMESTAMP NOT NULL
);
CREATE INDEX transitions_assignment ON transitions(assignment_id, id);

CREATE TABLE closures (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    summary        TEXT NOT NULL,
    requested_by   INTEGER REFERENCES users(id),
    requested_at   TIMESTAMP NOT NULL,
    signed_by      INTEGER REFERENCES users(id),
    signed_at      TIMESTAMP,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TIMESTAMP,
    result         TEXT NOT NULL DEFAULT 'pending',
    reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX closures_assignment ON closures(assignment_id, id);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    assignment_id   INTEGER NOT NULL REFERENCES assignments(id),
    period          TEXT NOT NULL,
    content         TEXT NOT NULL,
    work_date       TEXT,
    author_id       INTEGER REFERENCES users(id),
    author_name     TEXT NOT NULL,
    submitted_at    TIMESTAMP NOT NULL,
    review          TEXT NOT NULL,
    reviewer_id     INTEGER REFERENCES users(id),
    review_comment  TEXT NOT NULL DEFAULT '',
    reviewed_at     TIMESTAMP,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reports_assignment ON reports(assignment_id, period, id);

CREATE TABLE lookbacks (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    due_date       TEXT NOT NULL,
    result         TEXT NOT NULL DEFAULT 'pending',
    note           TEXT NOT NULL DEFAULT '',
    done_by        INTEGER REFERENCES users(id),
    done_at        TIMESTAMP,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX lookbacks_assignment ON lookbacks(assignment_id, id);
CREATE INDEX lookbacks_due ON lookbacks(result, due_date);

CREATE TABLE escalations (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    level          TEXT NOT NULL,
    number         TEXT NOT NULL DEFAULT '',
    issued_by      INTEGER REFERENCES users(id),
    issued_at      TIMESTAMP NOT NULL,
    recipients     TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    reply_due      TEXT,
    reply          TEXT NOT NULL DEFAULT '',
    replied_at     TIMESTAMP
);
CREATE INDEX escalations_assignment ON escalations(assignment_id, id);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id),
    kind        TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    title       TEXT NOT NULL,
    attendees   TEXT NOT NULL DEFAULT '',
    decisions   TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX meetings_plan ON meetings(plan_id, held_on, id);

CREATE TABLE meeting_tasks (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (meeting_id, task_id)
);
CREATE INDEX meeting_tasks_task ON meeting_tasks(task_id, meeting_id);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER REFERENCES plans(id),
    name        TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL,
    content     TEXT NOT NULL,
    status      TEXT NOT NULL,
    reply       TEXT NOT NULL DEFAULT '',
    task_id     INTEGER REFERENCES tasks(id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX feedback_status ON feedback(status, id);
CREATE INDEX feedback_plan ON feedback(plan_id, id);

-- The audit chain. audit_head holds the last sequence number and hash; every
-- write updates it inside its own transaction, which serialises appends on
-- both databases (a row lock on PostgreSQL, the single writer on SQLite).
CREATE TABLE audit_events (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    INTEGER NOT NULL,
    before_json  TEXT NOT NULL,
    after_json   TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_target ON audit_events(target_type, target_id, seq);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
