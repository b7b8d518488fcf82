-- Web Push (docs/reminders.md, "Web Push"): an attendee's devices, the deliveries to them, and the VAPID keys when
-- no deployment setting provides them.

-- A browser's push subscription (PushSubscription.toJSON()). The endpoint is unique: it names one browser profile,
-- so a browser that registers again for another attendee moves over to that attendee.
CREATE TABLE push_device (
    id          UUID        PRIMARY KEY,
    attendee_id UUID        NOT NULL REFERENCES attendee (id) ON DELETE CASCADE,
    endpoint    TEXT        NOT NULL UNIQUE CHECK (length(endpoint) BETWEEN 1 AND 2048),
    p256dh      TEXT        NOT NULL,
    auth        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX push_device_attendee ON push_device (attendee_id);

-- One row per device and talk event: the primary key is the claim that makes it one push, whichever instance saw the
-- event first and however often the event is read again. A row is pending until sent (or given up); an instance that
-- works on it holds a lease (lease_owner, lease_until), so that a row claimed by an instance that died is taken over
-- once the lease ends.
CREATE TABLE push_delivery (
    device_id       UUID        NOT NULL REFERENCES push_device (id) ON DELETE CASCADE,
    event_id        TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    topic           TEXT        NOT NULL,
    urgency         TEXT        NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'expired')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    last_status     INT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at         TIMESTAMPTZ,
    PRIMARY KEY (device_id, event_id)
);
CREATE INDEX push_delivery_due ON push_delivery (next_attempt_at) WHERE state = 'pending';

-- The VAPID key pair, generated once by the first instance that needs it, when no setting gives one.
CREATE TABLE push_vapid_keys (
    id          INT  PRIMARY KEY CHECK (id = 1),
    public_key  TEXT NOT NULL,
    private_key TEXT NOT NULL
);
