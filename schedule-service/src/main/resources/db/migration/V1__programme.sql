-- The programme: a conference, its sessions, their talks. Instants are UTC (timestamptz);
-- the conference keeps the IANA zone in which they are shown.
CREATE TABLE conference (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
