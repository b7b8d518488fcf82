-- The clock that all instances share: real time, or a replay of a programme at some speed.
-- programme time = replay_from + speed x (wall time - started_at); "run" numbers replays, and is part of
-- every event id, so that a new replay sends its events again while a restart never does.
CREATE TABLE clock (
    id          INT PRIMARY KEY CHECK (id = 1),
    mode        TEXT NOT NULL CHECK (mode IN ('realtime', 'replay')),
    replay_from TIMESTAMPTZ,
    speed       DOUBLE PRECISION NOT NULL CHECK (speed >= 1 AND speed <= 600),
    started_at  TIMESTAMPTZ NOT NULL,
    run         INT NOT NULL,
    changed_by  TEXT NOT NULL
);

-- The transactional outbox: every talk event that is due or will be, decided in the same transaction as
-- the programme change that causes it, and marked when the broker has acknowledged it.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,           -- the CloudEvent id, stable for the same fact
    run           INT NOT NULL,
    type          TEXT NOT NULL,              -- CloudEvents type
    subject       TEXT NOT NULL,              -- talk id (session id for session events): the Kafka key
    due_at        TIMESTAMPTZ NOT NULL,       -- the programme instant the event is about
    lead_minutes  INT,                        -- upcoming only
    change_id     BIGINT,                     -- moved / cancelled: the programme_change it announces
    claimed_until TIMESTAMPTZ,                -- an instance is publishing it until then
    sent_at       TIMESTAMPTZ,
    late          BOOLEAN,
    outcome       TEXT CHECK (outcome IN ('sent', 'stale'))
);
CREATE INDEX outbox_pending ON outbox (due_at, id) WHERE outcome IS NULL;

-- Which programme changes have been turned into events already.
ALTER TABLE programme_change ADD COLUMN announced BOOLEAN NOT NULL DEFAULT FALSE;
