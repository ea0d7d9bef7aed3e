-- The contact lines an imported notice ends with (联系电话…, 电子邮箱…), kept for
-- the notices generated from the plan when no others are given.
ALTER TABLE plans ADD COLUMN notice_contact TEXT NOT NULL DEFAULT '';
