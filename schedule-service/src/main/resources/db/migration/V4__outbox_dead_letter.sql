-- An event the broker refuses as too large goes to talk-events-dlq instead, so that it never holds back the
-- events after it (issue 15, item 4).
ALTER TABLE outbox DROP CONSTRAINT outbox_outcome_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_outcome_check CHECK (outcome IN ('sent', 'stale', 'dead_letter'));
