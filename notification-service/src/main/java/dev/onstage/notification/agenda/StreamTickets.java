package dev.onstage.notification.agenda;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;


import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Short-lived, single-use tickets that open an attendee's stream (issue 15, item 8). {@code EventSource} cannot send
 * an {@code Authorization} header, and a token in the URL stays in proxies' and servers' access logs for good; a ticket
 * there is worth nothing once used or after {@code onstage.agenda.stream-ticket-ttl} (60 s). Tickets live in PostgreSQL
 * (only their SHA-256), so one issued by any instance opens a stream on any instance, and a ticket is used up
 * atomically (a {@code DELETE ... RETURNING}). An attendee holds at most {@code onstage.agenda.max-stream-tickets}
 * unused ones (one more is a 429); expired ones are deleted by {@link AttendeeExpiry}. A ticket belongs to the token
 * that asked for it: rotating that token ends it, the attendee's other devices' tickets stay.
 */
@ApplicationScoped
public class StreamTickets {

    /** A new ticket, shown once. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    private final Pool pool;
    private final AttendeeTokens tokens;
    private final Duration ttl;
    private final int max;

    StreamTickets(Pool pool, AttendeeTokens tokens, AgendasConfig config) {
        this.pool = pool;
        this.tokens = tokens;
        this.ttl = config.streamTicketTtl();
        this.max = config.maxStreamTickets();
    }

    /** Issues a ticket to the attendee whose token this is. */
    public Uni<Ticket> issue(UUID attendee, String token) {
        return tokens.check(attendee, token).chain(ok -> {
            String ticket = AttendeeTokens.newToken();
            return pool.preparedQuery("""
                    INSERT INTO notification.stream_ticket (ticket_hash, attendee_id, token_hash, expires_at)
                    SELECT $1, $2, $5, now() + make_interval(secs => $3)
                     WHERE (SELECT count(*) FROM notification.stream_ticket
                             WHERE attendee_id = $2 AND expires_at > now()) < $4
                    RETURNING expires_at""")
                    .execute(Tuple.of(AttendeeTokens.hash(ticket), attendee, (double) ttl.toMillis() / 1000, max,
                            AttendeeTokens.hash(token)))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw new AttendeeCreations.TooManyRequests(Math.max(1, ttl.toSeconds()), "An attendee "
                                    + "holds at most " + max + " unused stream tickets; use one, or retry when they "
                                    + "have expired.");
                        }
                        return new Ticket(ticket, rows.iterator().next().getOffsetDateTime("expires_at").toInstant());
                    });
        });
    }

    /** Uses up the ticket: succeeds once, within its time, for its own attendee; else a 401. */
    public Uni<UUID> redeem(UUID attendee, String ticket) {
        if (ticket == null || ticket.isBlank()) {
            return Uni.createFrom().failure(AccessDenied.badTicket());
        }
        return pool.preparedQuery("DELETE FROM notification.stream_ticket WHERE ticket_hash = $1 AND attendee_id = $2 "
                + "RETURNING expires_at > now() AS valid")
                .execute(Tuple.of(AttendeeTokens.hash(ticket), attendee))
                .map(rows -> {
                    if (rows.size() == 0 || !rows.iterator().next().getBoolean("valid")) {
                        throw AccessDenied.badTicket();
                    }
                    return attendee;
                });
    }
}
