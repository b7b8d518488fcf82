-- The programme: conferences, their sessions, their talks. Instants are UTC (timestamptz); each
-- conference keeps the IANA zone in which its times are shown.
CREATE TABLE conference (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE conference_session (
    id            TEXT PRIMARY KEY,
    conference_id TEXT NOT NULL REFERENCES conference (id) ON DELETE CASCADE
                  DEFERRABLE INITIALLY DEFERRED, -- rows of one import arrive in any order
    title         TEXT NOT NULL,
    room          TEXT NOT NULL,
    moderator     TEXT,
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);

CREATE TABLE talk (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES conference_session (id) ON DELETE CASCADE
                  DEFERRABLE INITIALLY DEFERRED,
    title         TEXT NOT NULL,
    -- Speakers in the order the programme lists them, separated by U+001F (unit separator).
    speakers      TEXT NOT NULL DEFAULT '',
    abstract      TEXT,
    room          TEXT NOT NULL,
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ NOT NULL,
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'cancelled')),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX talk_session ON talk (session_id);
CREATE INDEX talk_room_starts ON talk (room, starts_at);

-- Every change to a talk, in order: what the clock publishes as moved / cancelled events.
-- Ids come from a sequence in steps of 50 so that Hibernate can batch the inserts of a large import.
CREATE SEQUENCE programme_change_seq INCREMENT BY 50;
CREATE TABLE programme_change (
    id             BIGINT PRIMARY KEY,
    talk_id        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'moved', 'cancelled', 'restored')),
    old_starts_at  TIMESTAMPTZ,
    old_ends_at    TIMESTAMPTZ,
    old_room       TEXT,
    new_starts_at  TIMESTAMPTZ,
    new_ends_at    TIMESTAMPTZ,
    new_room       TEXT,
    changed_by     TEXT NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX programme_change_talk ON programme_change (talk_id);
