-- Published notices (通报) for the public portal: the document as composed
-- when it was published, so that later changes to the ledger do not rewrite it.
CREATE TABLE notices (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans(id),
    unit_name     TEXT NOT NULL,
    title         TEXT NOT NULL,
    asof          TEXT NOT NULL,
    document      TEXT NOT NULL,
    published_by  INTEGER REFERENCES users(id),
    published_at  TIMESTAMP NOT NULL
);
CREATE INDEX notices_published ON notices(published_at, id);
