-- The inbox lists messages by the time they stand for, newest first: a pass
-- replayed as of an earlier day writes messages dated that day after later
-- ones (issue 10), and the demo's history is dated in the past.
CREATE INDEX notifications_inbox_time ON notifications(user_id, created_at, id);
