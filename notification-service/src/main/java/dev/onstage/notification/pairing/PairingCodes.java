package dev.onstage.notification.pairing;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;


import dev.onstage.notification.agenda.AttendeeCreations;
import dev.onstage.notification.agenda.AttendeeResource.NewAttendee;
import dev.onstage.notification.agenda.AttendeeTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pairing codes (issue 16, part 4): a device signed in as an attendee asks for a code; another device redeems it once,
 * within {@code onstage.pairing.code-ttl}, and gets its own token for the same attendee. Only the codes' SHA-256 is
 * stored, in PostgreSQL, so a code issued by one instance is redeemed on any, and a code is used up atomically (a
 * {@code DELETE ... RETURNING} in the transaction that adds the token). An attendee holds at most
 * {@code onstage.pairing.max-open-codes} unexpired codes and has at most {@code onstage.pairing.max-devices} tokens.
 */
@ApplicationScoped
public class PairingCodes {

    /** A new code, shown once: as typed, as a link to the page that redeems it, and that link as a QR code (SVG). */
    public record IssuedCode(String code, String link, Instant expiresAt, String qrSvg) {
    }

    private final Pool pool;
    private final AttendeeTokens tokens;
    private final Duration ttl;
    private final int maxOpen;
    private final int maxDevices;

    PairingCodes(Pool pool, AttendeeTokens tokens, PairingConfig config) {
        this.pool = pool;
        this.tokens = tokens;
        this.ttl = config.codeTtl();
        this.maxOpen = config.maxOpenCodes();
        this.maxDevices = config.maxDevices();
    }

    /** Issues a code to the attendee whose token this is; {@code pageUrl} is the page's origin as the client sees it. */
    public Uni<IssuedCode> issue(UUID attendee, String token, String pageUrl) {
        return tokens.check(attendee, token)
                .chain(() -> tokens.devices(attendee))
                .invoke(devices -> {
                    // Refused now rather than when the other device tries: a code that cannot work is not handed out.
                    if (devices >= maxDevices) {
                        throw new PairingProblems.TooManyDevices(maxDevices);
                    }
                })
                .chain(() -> {
                    String code = PairingCodeText.newCode();
                    // The attendee's expired codes go first, so that at most max-open-codes rows are ever kept.
                    return pool.withTransaction(connection -> connection
                            .preparedQuery("DELETE FROM notification.pairing_code WHERE attendee_id = $1 "
                                    + "AND expires_at <= now()").execute(Tuple.of(attendee))
                            .chain(() -> connection.preparedQuery("""
                                    INSERT INTO notification.pairing_code (code_hash, attendee_id, expires_at)
                                    SELECT $1, $2, now() + make_interval(secs => $3)
                                     WHERE (SELECT count(*) FROM notification.pairing_code WHERE attendee_id = $2) < $4
                                    RETURNING expires_at""")
                                    .execute(Tuple.of(AttendeeTokens.hash(code), attendee,
                                            (double) ttl.toMillis() / 1000, maxOpen))))
                            .map(rows -> {
                                if (rows.size() == 0) {
                                    throw new AttendeeCreations.TooManyRequests(Math.max(1, ttl.toSeconds()),
                                            "An attendee holds at most " + maxOpen + " open pairing codes; use one, "
                                                    + "or retry when they have expired.");
                                }
                                Instant expiresAt = rows.iterator().next().getOffsetDateTime("expires_at").toInstant();
                                // In the fragment: the browser does not send it, so no server or proxy log keeps it.
                                String link = pageUrl + "/#pair=" + code;
                                return new IssuedCode(PairingCodeText.display(code), link, expiresAt, QrSvg.of(link));
                            });
                });
    }

    /** Uses up the code and gives the device a token of its own for the code's attendee. */
    public Uni<NewAttendee> redeem(String given) {
        String code = PairingCodeText.normalise(given);
        // A failure inside the transaction rolls it back: a code refused for a full attendee stays usable.
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM notification.pairing_code WHERE code_hash = $1 "
                        + "RETURNING attendee_id, expires_at, expires_at > now() AS valid")
                .execute(Tuple.of(AttendeeTokens.hash(code)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new PairingProblems.UnknownCode();
                    }
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("valid")) {
                        throw new PairingProblems.ExpiredCode(row.getOffsetDateTime("expires_at").toInstant());
                    }
                    return row.getUUID("attendee_id");
                })
                .chain(attendee -> AttendeeTokens.addDevice(connection, attendee, maxDevices)
                        .map(token -> {
                            if (token == null) {
                                throw new PairingProblems.TooManyDevices(maxDevices);
                            }
                            return new NewAttendee(attendee, token);
                        }))
                .call(paired -> connection.preparedQuery("UPDATE notification.attendee SET last_used_at = now() "
                        + "WHERE id = $1").execute(Tuple.of(paired.id()))));
    }
}
