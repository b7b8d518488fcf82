-- Attendees and their favourite talks. The secret token is never stored, only its SHA-256.
CREATE TABLE attendee (
    id         UUID PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
