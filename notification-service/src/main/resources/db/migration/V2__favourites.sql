-- An attendee's favourite talks, each with the lead time (minutes before its start) of its reminder.
-- Talk ids are the programme's (schedule-service); they are not checked here, so a favourite may name a talk
-- that the programme gets later.
CREATE TABLE favourite (
    attendee_id  UUID        NOT NULL REFERENCES attendee (id) ON DELETE CASCADE,
    talk_id      TEXT        NOT NULL CHECK (length(talk_id) BETWEEN 1 AND 200),
    lead_minutes INT         NOT NULL CHECK (lead_minutes BETWEEN 0 AND 1440),
    added_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (attendee_id, talk_id)
);
