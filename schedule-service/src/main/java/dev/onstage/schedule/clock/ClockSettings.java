package dev.onstage.schedule.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * How programme time relates to wall time: the same in real time; in a replay
 * {@code programme = replayFrom + speed x (wall - startedAt)}.
 */
public record ClockSettings(ClockState.Mode mode, Instant replayFrom, double speed, Instant startedAt, int run) {

    static final ClockSettings REAL_TIME = new ClockSettings(ClockState.Mode.realtime, null, 1, Instant.EPOCH, 1);

    public Instant programmeTime(Instant wall) {
        if (mode == ClockState.Mode.realtime) {
            return wall;
        }
        long elapsedNanos = Duration.between(startedAt, wall).toNanos();
        return replayFrom.plusNanos((long) (elapsedNanos * speed));
    }

    public Instant wallTime(Instant programme) {
        if (mode == ClockState.Mode.realtime) {
            return programme;
        }
        long programmeNanos = Duration.between(replayFrom, programme).toNanos();
        return startedAt.plusNanos((long) (programmeNanos / speed));
    }
}
