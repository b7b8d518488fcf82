package dev.onstage.notification.agenda;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Forgets attendees (and their favourites) unused for {@code onstage.agenda.attendee-expiry} (issue 15, item 7): every
 * {@code onstage.agenda.expiry-check} each instance deletes them (the same statement on every instance does no harm).
 * A use is any call or stream with the attendee's token ({@link AttendeeTokens#check}); it is recorded at most once per
 * {@link #touchAfter()}. The same timer forgets the per-address creation counters that have refilled, and expired
 * stream tickets ({@link StreamTickets}).
 */
@ApplicationScoped
public class AttendeeExpiry {

    private static final Logger LOG = Logger.getLogger(AttendeeExpiry.class);

    private final Duration expiry;
    private final Duration interval;
    private final Pool pool;
    private final AttendeeCreations creations;
    private final Vertx vertx;
    private long timer = -1;

    AttendeeExpiry(AgendasConfig config, Pool pool, AttendeeCreations creations, Vertx vertx) {
        this.expiry = config.attendeeExpiry();
        this.interval = config.expiryCheck();
        this.pool = pool;
        this.creations = creations;
        this.vertx = vertx;
    }

    /** A use is written when the last recorded one is older than this: a minute, less for a short expiry. */
    public Duration touchAfter() {
        Duration quarter = expiry.dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> expire());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void expire() {
        creations.forgetRefilled(System.nanoTime());
        // Open streams of a forgotten attendee hear of it like of any agenda change (Agendas).
        pool.preparedQuery("WITH gone AS (DELETE FROM notification.attendee "
                + "WHERE last_used_at < now() - make_interval(secs => $1) RETURNING id) "
                + "SELECT pg_notify('" + Agendas.CHANNEL + "', id::text) FROM gone")
                .execute(Tuple.of((double) expiry.toSeconds()))
                .subscribe().with(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Forgot %d attendees unused for %s", rows.rowCount(), expiry);
                    }
                }, failure -> LOG.warnf("Could not forget unused attendees: %s", failure.toString()));
        pool.preparedQuery("DELETE FROM notification.stream_ticket WHERE expires_at < now()").execute()
                .subscribe().with(rows -> { }, failure -> LOG.debugf("Could not delete expired tickets: %s", failure));
    }
}
