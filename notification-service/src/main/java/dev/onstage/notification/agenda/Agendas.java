package dev.onstage.notification.agenda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The agendas of the attendees that have a stream open on this instance. Every change to favourites sends a
 * PostgreSQL NOTIFY on {@value #CHANNEL} with the attendee id (in the changing transaction, so only once it is
 * committed); every instance LISTENs and reloads that attendee's agenda if it holds it. So a favourite added through
 * one instance changes the stream that another instance serves.
 */
@ApplicationScoped
public class Agendas {

    static final String CHANNEL = "onstage_agenda";
    private static final Logger LOG = Logger.getLogger(Agendas.class);

    private final Pool pool;
    private final Map<UUID, Agenda> open = new ConcurrentHashMap<>();
    private final PgSubscriber subscriber;

    // The datasource's own settings, not ours (no mapping): the LISTEN connection is made like the pool's.
    Agendas(Pool pool, Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                // Retry every second, for ever: without it, changes made on other instances would not arrive.
                .reconnectPolicy(attempts -> 1000L);
    }

    void listen(@Observes StartupEvent start) {
        subscriber.channel(CHANNEL)
                .handler(payload -> reloadInBackground(UUID.fromString(payload)))
                // On every (re)connection: notifications may have been missed meanwhile, so reload all.
                .subscribeHandler(() -> open.keySet().forEach(this::reloadInBackground));
        subscriber.connect().subscribe().with(
                ignored -> LOG.debugf("Listening to %s", CHANNEL),
                failure -> LOG.warnf("Cannot listen to agenda changes yet (retrying): %s", failure.toString()));
    }

    void stop(@Observes ShutdownEvent stop) {
        subscriber.closeAndForget();
    }

    /** Holds this attendee's agenda, loaded, until {@link #close(Agenda)}; one per attendee, shared by streams. */
    public Uni<Agenda> open(UUID attendee) {
        Agenda agenda = open.compute(attendee, (id, held) -> {
            Agenda a = held == null ? new Agenda(id) : held;
            a.streams++;
            return a;
        });
        return load(agenda).replaceWith(agenda)
                .onFailure().invoke(() -> close(agenda));
    }

    public void close(Agenda agenda) {
        open.computeIfPresent(agenda.attendee(), (id, held) -> --held.streams == 0 ? null : held);
    }

    /**
     * Favourites of this attendee changed: reloads them if a stream here holds them. Completes once reloaded, so that
     * a change made through this instance is in its streams when the change's request is answered.
     */
    public Uni<Void> changed(UUID attendee) {
        Agenda agenda = open.get(attendee);
        return agenda == null ? Uni.createFrom().voidItem() : load(agenda);
    }

    private void reloadInBackground(UUID attendee) {
        changed(attendee).subscribe().with(ignored -> { },
                failure -> LOG.warnf("Cannot reload the agenda of %s: %s", attendee, failure.toString()));
    }

    /** The SQL that tells every instance that this attendee's favourites changed; run it in the changing transaction. */
    static String notifySql() {
        return "SELECT pg_notify('" + CHANNEL + "', ?1)";
    }

    private Uni<Void> load(Agenda agenda) {
        long load = agenda.loadStarted();
        return pool.preparedQuery("SELECT talk_id, lead_minutes FROM notification.favourite WHERE attendee_id = $1")
                .execute(Tuple.of(agenda.attendee()))
                .invoke(rows -> {
                    Map<String, Integer> favourites = new HashMap<>();
                    rows.forEach(row -> favourites.put(row.getString("talk_id"), row.getInteger("lead_minutes")));
                    boolean applied = agenda.loaded(load, favourites);
                    LOG.debugf("Agenda of %s: load %d read %s (%s)", agenda.attendee(), load, favourites.keySet(),
                            applied ? "applied" : "a later load was applied first");
                })
                .replaceWithVoid();
    }

    /** Attendees whose agenda this instance holds (for tests and metrics). */
    public List<UUID> held() {
        return List.copyOf(open.keySet());
    }
}
