-- Public feedback counted by the shared rate limit (version 0019).
INSERT INTO rate_events (scope, key, at) VALUES
    ('feedback', '203.0.113.7', '2021-10-30 20:00:00+08:00'),
    ('feedback', '203.0.113.7', '2021-10-30 20:01:00+08:00');
