-- Short-lived, single-use tickets for opening an attendee's stream (issue 15, item 8): EventSource cannot send headers,
-- so the page puts a ticket in the URL instead of the long-lived token. Only the ticket's SHA-256 is stored.
CREATE TABLE stream_ticket (
    ticket_hash TEXT        PRIMARY KEY,
    attendee_id UUID        NOT NULL REFERENCES attendee (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX stream_ticket_attendee ON stream_ticket (attendee_id);
CREATE INDEX stream_ticket_expires_at ON stream_ticket (expires_at);
