package dev.onstage.schedule.clock;

import java.time.Instant;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The clock as configured ({@code onstage.clock.*}, or {@code ONSTAGE_CLOCK_*} in the environment): real time, or a
 * replay from a programme instant at 1x to 600x. The stored clock goes on over a restart; {@link #restartOnStart()}
 * begins the configured replay anew at every start (the local demo does).
 */
@ConfigMapping(prefix = "onstage.clock")
public interface ClockConfig {

    @WithDefault("realtime")
    ClockState.Mode mode();

    /** The programme instant a replay starts from (required for a replay). */
    Optional<Instant> replayFrom();

    @WithDefault("1")
    double speed();

    @WithDefault("false")
    boolean restartOnStart();
}
