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
        return Panache.withSession(() -> Conference.<Conference>listAll()
                .chain(conferences -> ConferenceSession.<ConferenceSession>listAll()
                        .chain(sessions -> Talk.<Talk>listAll()
                                .map(talks -> new ProgrammeSnapshot(conferences, sessions, talks)))))
                .invoke(current::set);
    }

    /** After a committed change: reload, and let the event planning know. */
    public Uni<ProgrammeSnapshot> changed(String by) {
        return refresh().invoke(() -> changed.fire(new Changed(by)));
    }

    @Scheduled(every = "${onstage.programme.refresh-interval:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPeriodically() {
        return refresh()
                .onFailure().invoke(e -> LOG.warnf("Could not refresh the programme from the database: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
