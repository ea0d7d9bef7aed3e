-- Account security as version 0022 kept it: the leader's authenticator
-- code last accepted, and two recovery codes (hashed), one of them used.
UPDATE users SET totp_last_step = 54567890 WHERE username = 'upgrade-leader';
INSERT INTO totp_recovery (user_id, code_hash, used_at)
    SELECT id, 'c0ffee5a1e7c0de7e3b1a2f9d8c7b6a5c0ffee5a1e7c0de7e3b1a2f9d8c7b6a5', NULL FROM users WHERE username = 'upgrade-leader';
INSERT INTO totp_recovery (user_id, code_hash, used_at)
    SELECT id, '5eed0fc0ffee5a1e7c0de7e3b1a2f9d8c7b6a5c0ffee5a1e7c0de7e3b1a2f9d8', '2021-10-13 09:00:00+08:00' FROM users WHERE username = 'upgrade-leader';
