-- Key projects under milestone management: programmes, projects and their
-- milestones (each supervised as an assignment of the programme's plan),
-- assessments, 揭榜挂帅 challenges, applications, expert reviews, and the
-- kept comparisons of 赛马 teams.

CREATE TABLE programmes (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL UNIQUE,
    office_unit_id INTEGER NOT NULL REFERENCES units(id),
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    description    TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE challenges (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES programmes(id),
    title         TEXT NOT NULL,
    goal          TEXT NOT NULL,
    conditions    TEXT NOT NULL DEFAULT '',
    budget        INTEGER NOT NULL,
    deadline      TEXT NOT NULL,
    published_on  TEXT,
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX challenges_programme ON challenges(programme_id, id);
CREATE INDEX challenges_published ON challenges(status, published_on);

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    proposal      TEXT NOT NULL,
    team          TEXT NOT NULL,
    chief         TEXT NOT NULL,
    status        TEXT NOT NULL,
    submitted_at  TIMESTAMP NOT NULL,
    UNIQUE (challenge_id, unit_id)
);
CREATE INDEX applications_unit ON applications(unit_id, id);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications(id),
    expert_id       INTEGER NOT NULL REFERENCES users(id),
    score           INTEGER NOT NULL,
    comment         TEXT NOT NULL,
    at              TIMESTAMP NOT NULL,
    UNIQUE (application_id, expert_id)
);

CREATE TABLE projects (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes(id),
    challenge_id    INTEGER REFERENCES challenges(id),
    application_id  INTEGER REFERENCES applications(id),
    title           TEXT NOT NULL,
    team            TEXT NOT NULL DEFAULT '',
    lead_unit_id    INTEGER NOT NULL REFERENCES units(id),
    chief           TEXT NOT NULL,
    chief_role      TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    budget          INTEGER NOT NULL,
    trl_start       INTEGER NOT NULL,
    trl_target      INTEGER NOT NULL,
    status          TEXT NOT NULL,
    stopped_on      TEXT,
    stop_reason     TEXT NOT NULL DEFAULT '',
    node_id         INTEGER NOT NULL REFERENCES nodes(id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX projects_programme ON projects(programme_id, id);
CREATE INDEX projects_lead_unit ON projects(lead_unit_id, id);
CREATE INDEX projects_challenge ON projects(challenge_id);

CREATE TABLE project_units (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (project_id, unit_id)
);
CREATE INDEX project_units_unit ON project_units(unit_id);

-- Who reviews what: an expert sees a challenge with its applications, or a
-- project, only when assigned to it here.
CREATE TABLE review_assignments (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    challenge_id  INTEGER REFERENCES challenges(id),
    project_id    INTEGER REFERENCES projects(id),
    created_at    TIMESTAMP NOT NULL,
    CHECK ((challenge_id IS NULL) <> (project_id IS NULL))
);
CREATE UNIQUE INDEX review_assignments_challenge ON review_assignments(user_id, challenge_id) WHERE challenge_id IS NOT NULL;
CREATE UNIQUE INDEX review_assignments_project ON review_assignments(user_id, project_id) WHERE project_id IS NOT NULL;

CREATE TABLE milestones (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    seq            INTEGER NOT NULL,
    title          TEXT NOT NULL,
    due            TEXT NOT NULL,
    trl_required   INTEGER NOT NULL,
    deliverables   TEXT NOT NULL DEFAULT '',
    tranche        INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,
    trl_reached    INTEGER NOT NULL DEFAULT 0,
    fund_status    TEXT NOT NULL,
    released       INTEGER NOT NULL DEFAULT 0,
    released_on    TEXT,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    follow_up_id   INTEGER REFERENCES assignments(id),
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, seq)
);
CREATE INDEX milestones_assignment ON milestones(assignment_id);

CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    milestone_id  INTEGER NOT NULL REFERENCES milestones(id),
    assessed_on   TEXT NOT NULL,
    experts       TEXT NOT NULL,
    trl_reached   INTEGER NOT NULL,
    result        TEXT NOT NULL,
    opinion       TEXT NOT NULL,
    rectify_due   TEXT,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX assessments_milestone ON assessments(milestone_id, id);

CREATE TABLE race_rounds (
    id                  INTEGER PRIMARY KEY,
    challenge_id        INTEGER NOT NULL REFERENCES challenges(id),
    seq                 INTEGER NOT NULL,
    compared_on         TEXT NOT NULL,
    decision            TEXT NOT NULL,
    stopped_project_id  INTEGER REFERENCES projects(id),
    note                TEXT NOT NULL DEFAULT '',
    entries             TEXT NOT NULL,
    decided_by          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX race_rounds_challenge ON race_rounds(challenge_id, seq, id);
