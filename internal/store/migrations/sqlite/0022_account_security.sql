-- Account security: the last time step of an authenticator code a user
-- signed in with (a code is accepted once), the one-time recovery codes of
-- the second factor (hashed), and indexes for the audit log's filters
-- (actor, action, date range).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE totp_recovery (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX totp_recovery_user ON totp_recovery(user_id);

CREATE INDEX audit_actor ON audit_events(actor_name, seq);
CREATE INDEX audit_action ON audit_events(action, seq);
CREATE INDEX audit_at ON audit_events(at);
