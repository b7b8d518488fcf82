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
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

/**
 * Attendees' secret tokens: 32 random bytes, shown once; only their SHA-256 is stored. Checked with the plain
 * reactive client rather than a Hibernate session, so that streams can check them from any thread.
 */
@ApplicationScoped
public class AttendeeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";

    private final Pool pool;

    AttendeeTokens(Pool pool) {
        this.pool = pool;
    }

    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
     * Succeeds when {@code token} is this attendee's; fails with {@link AccessDenied} (401 without a token, 403 with
     * another one) or {@link NotFoundException} for an unknown attendee.
     */
    public Uni<UUID> check(UUID attendee, String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(AccessDenied.noToken());
        }
        return pool.preparedQuery("SELECT token_hash FROM notification.attendee WHERE id = $1")
                .execute(Tuple.of(attendee))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("There is no attendee " + attendee + ".");
                    }
                    Row row = rows.iterator().next();
                    byte[] expected = row.getString("token_hash").getBytes(StandardCharsets.US_ASCII);
                    byte[] given = hash(token).getBytes(StandardCharsets.US_ASCII);
                    if (!MessageDigest.isEqual(expected, given)) {
                        throw AccessDenied.notYours();
                    }
                    return attendee;
                });
    }
}
