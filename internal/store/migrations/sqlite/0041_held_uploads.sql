-- A file uploaded for an import's preview (a ledger, a notice, a monitoring
-- workbook), held until the same user confirms it or an hour has passed.
-- The preview page carries its token instead of the file itself (a 10,000-row
-- ledger made a 1.4 MB page when it carried the file).
CREATE TABLE held_uploads (
    token       TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    data        BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX held_uploads_user ON held_uploads(user_id, created_at);
CREATE INDEX held_uploads_created ON held_uploads(created_at);
