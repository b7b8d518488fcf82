package dev.onstage.local;

import java.time.Duration;

/**
 * How long ./onstage waits before it starts a process that died again: 1 s, 2 s, 4 s ... up to 30 s, and 1 s again once
 * the process had stayed up a minute (so that a rare crash is restarted at once, a crash loop slowly).
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    /** A process that ran this long before it died was not crash-looping: its next restart waits FIRST again. */
    static final Duration STABLE = Duration.ofSeconds(60);

    private Duration next = FIRST;

    /** The wait before the next start of a process that died after running for {@code uptime}. */
    synchronized Duration after(Duration uptime) {
        if (uptime.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return delay;
    }
}
