package dev.onstage.schedule.programme;

import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Holds the current {@link ProgrammeSnapshot}. Writers in this instance refresh it after they commit; a periodic
 * refresh picks up what other instances changed in the shared database.
 */
@ApplicationScoped
public class Programme {

    private static final Logger LOG = Logger.getLogger(Programme.class);

    private final AtomicReference<ProgrammeSnapshot> current = new AtomicReference<>(ProgrammeSnapshot.EMPTY);

    /** Fired after a change to the programme has committed (talk events are planned again). */
    public record Changed(String by) {
    }

    @Inject
    Event<Changed> changed;

    public ProgrammeSnapshot snapshot() {
        return current.get();
    }

    /** Reloads the programme from the database (in its own session) and makes it current. */
    public Uni<ProgrammeSnapshot> refresh() {
        return Panache.withSession(() -> version().chain(version -> Conference.<Conference>listAll()
                .chain(conferences -> ConferenceSession.<ConferenceSession>listAll()
                        .chain(sessions -> Talk.<Talk>listAll()
                                .map(talks -> new ProgrammeSnapshot(version, conferences, sessions, talks))))))
                .invoke(current::set);
    }

    /** The version of the programme in the database; every write bumps it (see {@link #bumpVersion()}). */
    static Uni<Long> version() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT version FROM schedule.programme_version", Long.class).getSingleResult());
    }

    /** For writers, inside their transaction. */
    static Uni<Void> bumpVersion() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE schedule.programme_version SET version = version + 1").executeUpdate())
                .replaceWithVoid();
    }

    /** After a committed change: reload, and let the event planning know. */
    public Uni<ProgrammeSnapshot> changed(String by) {
        return refresh().invoke(() -> changed.fire(new Changed(by)));
    }

    @Scheduled(every = "${onstage.programme.refresh-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPeriodically() {
        // Re-read the whole programme only when another instance changed it.
        return Panache.withSession(Programme::version)
                .chain(version -> version == snapshot().version() ? Uni.createFrom().nullItem() : refresh())
                .onFailure().invoke(e -> LOG.warnf("Could not refresh the programme from the database: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
