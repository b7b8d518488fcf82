package dev.onstage.notification.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.onstage.notification.agenda.AttendeeExpiry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The secret keys of calendar feeds: 32 random bytes (base64url, 43 characters) in the feed's URL, which is all a
 * calendar app can send. Only their SHA-256 is stored ({@code notification.calendar_feed}), one per attendee; the key is
 * not the attendee's token and only reads the feed.
 */
@ApplicationScoped
class FeedKeys {

    /** The agenda a key opens: its attendee and their favourites (talk id to lead minutes, in the order added). */
    record Agenda(UUID attendee, Map<String, Integer> favourites) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Pool pool;
    /** A read of the feed keeps its attendee from expiring; recorded when the last use is older than this. */
    private final long touchAfterSeconds;

    FeedKeys(Pool pool, AttendeeExpiry expiry) {
        this.pool = pool;
        this.touchAfterSeconds = expiry.touchAfter().toSeconds();
    }

    /** A new key for the attendee's feed, replacing the one before (its URL stops working). */
    Uni<String> issue(UUID attendee) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return pool.preparedQuery("""
                INSERT INTO notification.calendar_feed (attendee_id, key_hash) VALUES ($1, $2)
                ON CONFLICT (attendee_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = now()""")
                .execute(Tuple.of(attendee, hash(key)))
                .replaceWith(key);
    }

    /** Revokes the attendee's feed; answers whether there was one. */
    Uni<Boolean> revoke(UUID attendee) {
        return pool.preparedQuery("DELETE FROM notification.calendar_feed WHERE attendee_id = $1")
                .execute(Tuple.of(attendee)).map(rows -> rows.rowCount() > 0);
    }

    /** The agenda that {@code key} opens, or empty for a key that is malformed, unknown or revoked. */
    Uni<Optional<Agenda>> open(String key) {
        if (!KEY.matcher(key).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("""
                SELECT c.attendee_id, f.talk_id, f.lead_minutes
                  FROM notification.calendar_feed c
                  LEFT JOIN notification.favourite f ON f.attendee_id = c.attendee_id
                 WHERE c.key_hash = $1
                 ORDER BY f.added_at, f.talk_id""")
                .execute(Tuple.of(hash(key)))
                .map(rows -> {
                    UUID attendee = null;
                    Map<String, Integer> favourites = new LinkedHashMap<>();
                    for (Row row : rows) {
                        attendee = row.getUUID("attendee_id");
                        if (row.getString("talk_id") != null) {
                            favourites.put(row.getString("talk_id"), row.getInteger("lead_minutes"));
                        }
                    }
                    return attendee == null ? Optional.<Agenda>empty() : Optional.of(new Agenda(attendee, favourites));
                })
                // A calendar app that reads the feed is a use of the attendee (AttendeeExpiry).
                .call(agenda -> agenda.isEmpty() ? Uni.createFrom().voidItem() : pool.preparedQuery("""
                        UPDATE notification.attendee SET last_used_at = now()
                         WHERE id = $1 AND last_used_at < now() - make_interval(secs => $2)""")
                        .execute(Tuple.of(agenda.get().attendee(), (double) touchAfterSeconds)));
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
