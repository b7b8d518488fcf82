-- Calendar feeds (docs/reminders.md, "Calendar feed").

-- An attendee's read-only feed: the secret key in its URL is never stored, only its SHA-256. One feed per attendee;
-- asking again replaces the key (the old URL stops working).
CREATE TABLE calendar_feed (
    attendee_id UUID        PRIMARY KEY REFERENCES attendee (id) ON DELETE CASCADE,
    key_hash    TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The iCalendar SEQUENCE of each talk a feed has shown: it goes up by one whenever a feed shows the talk with another
-- start, end, room or status than last time (a digest of them, "fingerprint"), and never goes down, also across
-- restarts and instances. updated_at is the programme record's updatedAt: only a newer state of the talk counts, so an
-- instance still reading an older state does not count it as a change. Rows exist only for talks that a feed showed.
CREATE TABLE calendar_talk (
    talk_id     TEXT        PRIMARY KEY CHECK (length(talk_id) BETWEEN 1 AND 200),
    sequence    INT         NOT NULL DEFAULT 0,
    fingerprint TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
