-- The same agenda on a second device (docs/reminders.md, "A second device"): an attendee may be signed in on several
-- devices, each with its own token, so that one device rotating its token does not sign the others out. Only the
-- tokens' SHA-256 is stored, as before.
CREATE TABLE attendee_token (
    token_hash  TEXT        PRIMARY KEY,
    attendee_id UUID        NOT NULL REFERENCES attendee (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX attendee_token_attendee ON attendee_token (attendee_id);
INSERT INTO attendee_token (token_hash, attendee_id, created_at) SELECT token_hash, id, created_at FROM attendee;
ALTER TABLE attendee DROP COLUMN token_hash;

-- A stream ticket belongs to the token (device) that asked for it: rotating that token ends its tickets only. Tickets
-- live a minute; those issued before this migration are simply dropped.
DELETE FROM stream_ticket;
ALTER TABLE stream_ticket
    ADD COLUMN token_hash TEXT NOT NULL REFERENCES attendee_token (token_hash) ON DELETE CASCADE;
CREATE INDEX stream_ticket_token ON stream_ticket (token_hash);

-- Short-lived, single-use codes that let a second device sign in as the attendee (only the code's SHA-256).
CREATE TABLE pairing_code (
    code_hash   TEXT        PRIMARY KEY,
    attendee_id UUID        NOT NULL REFERENCES attendee (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX pairing_code_attendee ON pairing_code (attendee_id);
