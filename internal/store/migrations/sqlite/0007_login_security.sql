-- Login security: throttling of failed logins per account and per address,
-- kept in the database so that several instances share it; the password
-- history (the last five may not be reused); forced change, password age and
-- two-factor secrets on users; the idle time and origin of sessions; and the
-- keyed audit chain (HMAC-SM3 from keyed_from on, plain SM3 before).
CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  TIMESTAMP NOT NULL,
    locked_until  TIMESTAMP
);

CREATE TABLE password_history (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    password_hash  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);

ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP;
UPDATE users SET password_changed_at = updated_at;
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE tokens ADD COLUMN last_seen_at TIMESTAMP;
UPDATE tokens SET last_seen_at = created_at;
ALTER TABLE tokens ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

ALTER TABLE audit_head ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_head ADD COLUMN key_check TEXT NOT NULL DEFAULT '';
UPDATE audit_head SET keyed_from = seq + 1;
