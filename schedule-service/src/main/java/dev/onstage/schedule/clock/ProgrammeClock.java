package dev.onstage.schedule.clock;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jboss.logging.Logger;

import dev.onstage.schedule.programme.ProgrammeImporter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Programme time, shared by all instances through the {@code clock} row: real time, or a replay of a past
 * programme at 1x to 600x. Each instance keeps the current settings in memory and re-reads them periodically.
 */
@ApplicationScoped
public class ProgrammeClock {

    private static final Logger LOG = Logger.getLogger(ProgrammeClock.class);

    @Inject
    ClockConfig configured;

    private volatile ClockSettings settings = ClockSettings.REAL_TIME;

    public Instant now() {
        return settings.programmeTime(Instant.now());
    }

    public ClockSettings settings() {
        return settings;
    }

    /**
     * At start: the stored clock goes on (a restart must not replay what was sent); without one, or with
     * {@code restart-on-start}, the configured one begins.
     */
    public Uni<ClockSettings> initialize() {
        // Under the programme lock: instances starting together must not both create the clock.
        return Panache.withTransaction(() -> ProgrammeImporter.lockProgramme()
                .chain(() -> ClockState.<ClockState>findById(1)).chain(stored -> {
            if (stored != null && !configured.restartOnStart()) {
                return Uni.createFrom().item(stored);
            }
            ClockState state = stored != null ? stored : new ClockState();
            configure(state, configured.mode(), configured.replayFrom().orElse(null), configured.speed(), "configuration");
            return stored != null ? Uni.createFrom().item(state) : state.persist().replaceWith(state);
        })).map(ClockState::settings).invoke(this::use);
    }

    /** An organizer sets the clock: a replay always starts anew (a new run), so its events are sent again. */
    public Uni<ClockSettings> set(ClockState.Mode mode, Instant replayFrom, double speed, String by) {
        return Panache.withTransaction(() -> ClockState.<ClockState>findById(1).chain(state -> {
            configure(state, mode, replayFrom, speed, by);
            return Uni.createFrom().item(state);
        })).map(ClockState::settings).invoke(this::use);
    }

    @Scheduled(every = "${onstage.programme.refresh-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return Panache.withSession(() -> ClockState.<ClockState>findById(1))
                .invoke(state -> {
                    if (state != null && !state.settings().equals(settings) && !olderThanInUse(state.settings())) {
                        use(state.settings());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Could not re-read the clock: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A re-read that began before this instance set the clock brings the setting before it: keep the newer one. (The
     * database keeps microseconds.)
     */
    private boolean olderThanInUse(ClockSettings stored) {
        return stored.startedAt().isBefore(settings.startedAt().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * A replay without {@code replayFrom} while replaying changes only the speed: programme time goes on from
     * where it is, in the same run, so nothing is sent twice. Anything else starts a new run.
     */
    private static void configure(ClockState state, ClockState.Mode mode, Instant replayFrom, double speed, String by) {
        if (speed < 1 || speed > 600) {
            throw new IllegalArgumentException("The speed must be from 1 to 600, not " + speed + ".");
        }
        Instant now = Instant.now();
        boolean changesSpeedOnly = mode == ClockState.Mode.replay && replayFrom == null
                && state.mode == ClockState.Mode.replay;
        if (mode == ClockState.Mode.replay && replayFrom == null && !changesSpeedOnly) {
            throw new IllegalArgumentException("A replay needs the programme instant to replay from (replayFrom).");
        }
        if (changesSpeedOnly) {
            state.replayFrom = state.settings().programmeTime(now);
        } else {
            state.run = state.mode == null ? 1 : state.run + 1;
            state.replayFrom = mode == ClockState.Mode.replay ? replayFrom : null;
        }
        state.mode = mode;
        state.speed = mode == ClockState.Mode.replay ? speed : 1;
        state.startedAt = now;
        state.changedBy = by;
    }

    private void use(ClockSettings next) {
        settings = next;
        LOG.infof("Clock: %s", describe(next));
    }

    static String describe(ClockSettings s) {
        return s.mode() == ClockState.Mode.realtime ? "real time (run " + s.run() + ")"
                : "replay from " + s.replayFrom() + " at " + s.speed() + "x since " + s.startedAt() + " (run " + s.run() + ")";
    }
}
