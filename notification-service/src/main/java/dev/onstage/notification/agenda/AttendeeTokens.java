package dev.onstage.notification.agenda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import dev.onstage.problems.BadRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

/**
 * Attendees' secret tokens: 32 random bytes, shown once; only their SHA-256 is stored. An attendee has one token per
 * device (the first from the creation, more from pairing codes, docs/reminders.md "A second device"). Checked with the plain
 * reactive client rather than a Hibernate session, so that streams can check them from any thread.
 */
@ApplicationScoped
public class AttendeeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";

    private final Pool pool;
    /** A use is recorded when the last one is older than this (a write per use would be wasted). */
    private final long touchAfterSeconds;

    AttendeeTokens(Pool pool, AttendeeExpiry expiry) {
        this.pool = pool;
        this.touchAfterSeconds = expiry.touchAfter().toSeconds();
    }

    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String hash(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A new attendee with one device's token: {@code {"id":...,"token":...}}, the token shown once. */
    public Uni<AttendeeResource.NewAttendee> create() {
        UUID attendee = UUID.randomUUID();
        String token = newToken();
        return pool.withTransaction(connection -> connection
                .preparedQuery("INSERT INTO notification.attendee (id) VALUES ($1)").execute(Tuple.of(attendee))
                .chain(() -> connection.preparedQuery("INSERT INTO notification.attendee_token (token_hash, attendee_id) "
                        + "VALUES ($1, $2)").execute(Tuple.of(hash(token), attendee))))
                .replaceWith(new AttendeeResource.NewAttendee(attendee, token));
    }

    /**
     * A token for one more device of the attendee, within {@code connection}'s transaction; null when the attendee
     * already has {@code maxDevices} tokens (or is gone).
     */
    public static Uni<String> addDevice(SqlConnection connection, UUID attendee, int maxDevices) {
        String token = newToken();
        // The attendee's row is locked first, so that two devices pairing at once cannot both take the last place.
        return connection.preparedQuery("SELECT id FROM notification.attendee WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(attendee))
                .chain(() -> connection.preparedQuery("""
                INSERT INTO notification.attendee_token (token_hash, attendee_id)
                SELECT $1, id FROM notification.attendee
                 WHERE id = $2 AND (SELECT count(*) FROM notification.attendee_token WHERE attendee_id = $2) < $3
                """)
                .execute(Tuple.of(hash(token), attendee, maxDevices)))
                .map(rows -> rows.rowCount() == 1 ? token : null);
    }

    /** How many devices (tokens) the attendee has. */
    public Uni<Long> devices(UUID attendee) {
        return pool.preparedQuery("SELECT count(*) AS n FROM notification.attendee_token WHERE attendee_id = $1")
                .execute(Tuple.of(attendee)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /**
     * Gives this device a new token in place of {@code token}; the old one, and the stream tickets issued with it, stop
     * working at once (streams already open stay open). The attendee's other devices keep theirs. Checks the token first.
     */
    public Uni<String> rotate(UUID attendee, String token) {
        return check(attendee, token).chain(ok -> {
            String fresh = newToken();
            // Only if the token is still there: of two rotations at once, one wins, the other is a 403. Deleting the old
            // token deletes its tickets (ON DELETE CASCADE).
            return pool.withTransaction(connection -> connection
                    .preparedQuery("DELETE FROM notification.attendee_token WHERE attendee_id = $1 AND token_hash = $2")
                    .execute(Tuple.of(attendee, hash(token)))
                    .invoke(rows -> {
                        if (rows.rowCount() == 0) {
                            throw AccessDenied.notYours();
                        }
                    })
                    .chain(() -> connection.preparedQuery("INSERT INTO notification.attendee_token "
                            + "(token_hash, attendee_id) VALUES ($1, $2)").execute(Tuple.of(hash(fresh), attendee)))
                    .chain(() -> connection.preparedQuery("UPDATE notification.attendee SET last_used_at = now() "
                            + "WHERE id = $1").execute(Tuple.of(attendee))))
                    .replaceWith(fresh);
        });
    }

    /** The token of an {@code Authorization: Bearer} header, else {@code fallback} (e.g. a query parameter). */
    public static String token(String authorization, String fallback) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return fallback;
    }

    /** Parses an attendee id: anything but a UUID is a 400 naming {@code where}. */
    public static UUID attendeeId(String value, String where) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequest(where, "'" + value + "' is not an attendee id (a UUID).");
        }
    }

    /**
     * The attendee a request on {@code /api/attendees/{id}/...} is about, once its {@code Authorization: Bearer} header
     * carries one of the attendee's tokens: the one owner check of every attendee resource. An id that is not one is a
     * 400 (naming {@code id}) at once, before the request's other input is checked; the token is checked when the
     * result is subscribed to, as {@link #check} does.
     */
    public Uni<UUID> owner(String id, String authorization) {
        UUID attendee = attendeeId(id, "id");
        return check(attendee, token(authorization, null));
    }

    /**
     * Succeeds when {@code token} is this attendee's; fails with {@link AccessDenied} (401 without a token, 403 with
     * another one) or {@link NotFoundException} for an unknown attendee.
     */
    public Uni<UUID> check(UUID attendee, String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(AccessDenied.noToken());
        }
        // Looked up by the token's hash: a lookup tells nothing about how close a wrong token came.
        return pool.preparedQuery("SELECT last_used_at < now() - make_interval(secs => $2) AS stale, EXISTS (SELECT 1 "
                + "FROM notification.attendee_token t WHERE t.token_hash = $3 AND t.attendee_id = a.id) AS mine "
                + "FROM notification.attendee a WHERE a.id = $1")
                .execute(Tuple.of(attendee, (double) touchAfterSeconds, hash(token)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("There is no attendee " + attendee + ".");
                    }
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("mine")) {
                        throw AccessDenied.notYours();
                    }
                    return row.getBoolean("stale");
                })
                // Each use keeps the attendee from expiring (AttendeeExpiry).
                .call(stale -> stale ? pool.preparedQuery("UPDATE notification.attendee SET last_used_at = now() "
                        + "WHERE id = $1").execute(Tuple.of(attendee)) : Uni.createFrom().voidItem())
                .replaceWith(attendee);
    }
}
