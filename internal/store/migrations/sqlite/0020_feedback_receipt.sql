-- Public feedback carries a receipt number (受理编号) that the sender keeps
-- to look up how the message was handled, without signing in.
ALTER TABLE feedback ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX feedback_receipt ON feedback(receipt) WHERE receipt <> '';
