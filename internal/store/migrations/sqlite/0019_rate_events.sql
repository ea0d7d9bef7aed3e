-- Events counted by rate limits (the public feedback form), kept in the
-- database so that several instances share one limit.
CREATE TABLE rate_events (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events (scope, key, at);
