-- Attendees unused for onstage.agenda.attendee-expiry are forgotten (issue 15, item 7): when each was last used.
ALTER TABLE attendee ADD COLUMN last_used_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX attendee_last_used_at ON attendee (last_used_at);
