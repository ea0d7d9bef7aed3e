-- Login security as version 0007 kept it: an account locked after failed
-- logins, an address being counted, a password history, a forced change
-- and a two-factor secret, and a session with its address.
INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES
    ('user:upgrade-admin', 5, '2021-10-12 08:00:00+08:00', '2021-10-12 08:30:00+08:00'),
    ('ip:203.0.113.7', 3, '2021-10-12 08:00:00+08:00', NULL);
INSERT INTO password_history (user_id, password_hash, created_at)
    SELECT id, password_hash, '2021-08-20 09:00:00+08:00' FROM users WHERE username = 'upgrade-liaison';
INSERT INTO users (username, display_name, role, unit_id, email, phone, disabled, password_hash, must_change_password, password_changed_at, totp_secret, totp_enabled, created_at, updated_at)
    SELECT 'upgrade-leader', '刘副厅长', 'leader', id, '', '', FALSE,
    '$argon2id$v=19$m=65536,t=3,p=2$WP6HVTSujCkxYmTCjzRJIg$+l9+k2EZKML5gpM0UpyIOPM+IejbPFLbFsOPucFKxmc',
    TRUE, '2021-10-12 09:00:00+08:00', 'JBSWY3DPEHPK3PXP', TRUE, '2021-10-12 09:00:00+08:00', '2021-10-12 09:00:00+08:00'
    FROM units WHERE name = '升级省科学技术厅';
INSERT INTO tokens (token_hash, user_id, kind, created_at, expires_at, last_seen_at, ip, user_agent)
    SELECT '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', id, 'api', '2021-10-12 09:00:00+08:00', '2021-10-12 17:00:00+08:00',
    '2021-10-12 09:30:00+08:00', '198.51.100.20', 'Mozilla/5.0' FROM users WHERE username = 'upgrade-lead';
