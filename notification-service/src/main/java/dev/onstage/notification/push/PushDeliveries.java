package dev.onstage.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The push outbox in PostgreSQL ({@code notification.push_delivery}): one row per device and event, so that a push is
 * claimed once however many instances read the event, and a lease per attempt, so that an attempt of an instance that
 * died is taken over (docs/reminders.md, "Web Push"). Times that instances compare (leases, retries) are the
 * database's {@code now()}, so that instances' clocks need not agree.
 */
@ApplicationScoped
public class PushDeliveries {

    /** A delivery an instance holds the lease of, with the device to send it to. */
    record Claim(UUID deviceId, String eventId, String payload, String topic, String urgency, Instant expiresAt,
            int attempts, String endpoint, String p256dh, String auth) {
    }

    private final Pool pool;

    PushDeliveries(Pool pool) {
        this.pool = pool;
    }

    /**
     * One pending delivery for each device of each attendee whose favourites want this event; none twice (the key is
     * the device and the event id). Answers how many are new.
     */
    Uni<Integer> enqueue(PushMessage message) {
        return pool.preparedQuery("""
                INSERT INTO notification.push_delivery (device_id, event_id, payload, topic, urgency, expires_at)
                SELECT d.id, $1, $2, $3, $4, $5
                  FROM notification.push_device d
                  JOIN notification.favourite f ON f.attendee_id = d.attendee_id AND f.talk_id = $6
                 WHERE $7::int IS NULL OR f.lead_minutes = $7::int
                ON CONFLICT (device_id, event_id) DO NOTHING""")
                .execute(Tuple.tuple().addString(message.eventId()).addString(message.payload())
                        .addString(message.topic()).addString(message.urgency())
                        .addOffsetDateTime(utc(message.expiresAt())).addString(message.talkId())
                        .addInteger(message.leadMinutes()))
                .map(rows -> rows.rowCount());
    }

    /**
     * Takes the lease of up to {@code limit} pending deliveries that are due and that nobody holds (or whose holder's
     * lease ran out: it died or hangs). SKIP LOCKED: instances that claim at once get different rows.
     */
    Uni<List<Claim>> claim(String owner, Duration lease, int limit) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT device_id, event_id FROM notification.push_delivery
                     WHERE state = 'pending' AND next_attempt_at <= now()
                       AND (lease_until IS NULL OR lease_until < now())
                     ORDER BY next_attempt_at
                     LIMIT $3
                       FOR UPDATE SKIP LOCKED)
                UPDATE notification.push_delivery p
                   SET lease_owner = $1, lease_until = now() + make_interval(secs => $2), attempts = p.attempts + 1
                  FROM due, notification.push_device d
                 WHERE p.device_id = due.device_id AND p.event_id = due.event_id AND d.id = p.device_id
                RETURNING p.device_id, p.event_id, p.payload, p.topic, p.urgency, p.expires_at, p.attempts,
                          d.endpoint, d.p256dh, d.auth""")
                .execute(Tuple.of(owner, lease.toMillis() / 1000.0, limit))
                .map(rows -> {
                    List<Claim> claims = new ArrayList<>();
                    for (Row row : rows) {
                        claims.add(new Claim(row.getUUID("device_id"), row.getString("event_id"),
                                row.getString("payload"), row.getString("topic"), row.getString("urgency"),
                                row.getOffsetDateTime("expires_at").toInstant(), row.getInteger("attempts"),
                                row.getString("endpoint"), row.getString("p256dh"), row.getString("auth")));
                    }
                    return claims;
                });
    }

    /**
     * Ends a delivery (sent, failed, expired). Only while this owner holds it: if its lease ran out and another
     * instance took over, that one decides. Answers whether it was still held.
     */
    Uni<Boolean> finish(Claim claim, String owner, String state, int status) {
        return pool.preparedQuery("""
                UPDATE notification.push_delivery
                   SET state = $4, last_status = $5, done_at = now(), lease_owner = NULL, lease_until = NULL
                 WHERE device_id = $1 AND event_id = $2 AND lease_owner = $3 AND state = 'pending'""")
                .execute(Tuple.of(claim.deviceId(), claim.eventId(), owner, state, status))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives the delivery back, to be tried again after {@code delay} (by any instance). */
    Uni<Boolean> retryLater(Claim claim, String owner, Duration delay, int status) {
        return pool.preparedQuery("""
                UPDATE notification.push_delivery
                   SET next_attempt_at = now() + make_interval(secs => $4), last_status = $5,
                       lease_owner = NULL, lease_until = NULL
                 WHERE device_id = $1 AND event_id = $2 AND lease_owner = $3 AND state = 'pending'""")
                .execute(Tuple.of(claim.deviceId(), claim.eventId(), owner, delay.toMillis() / 1000.0, status))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The push service says the subscription is gone: the device and its deliveries go. */
    Uni<Boolean> removeDevice(UUID deviceId) {
        return pool.preparedQuery("DELETE FROM notification.push_device WHERE id = $1")
                .execute(Tuple.of(deviceId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Forgets finished deliveries a day after they expired: by then their event can no longer be pushed (it is past
     * its expiry), so the key that kept it from being pushed twice is no longer needed.
     */
    Uni<Integer> forgetOld() {
        return pool.query("""
                DELETE FROM notification.push_delivery
                 WHERE expires_at < now() - interval '1 day' AND state <> 'pending'""")
                .execute().map(rows -> rows.rowCount());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
