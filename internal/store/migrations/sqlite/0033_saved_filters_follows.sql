-- Each user's saved ledger filters (常用筛选) and the items they follow
-- (我关注的), both shown on their 工作台.
CREATE TABLE saved_filters (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (user_id, name)
);
CREATE TABLE follows (
    user_id        INTEGER NOT NULL REFERENCES users(id),
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id),
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, assignment_id)
);
