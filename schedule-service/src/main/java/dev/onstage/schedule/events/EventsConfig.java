package dev.onstage.schedule.events;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How talk events are planned and published ({@code onstage.events.*}). */
@ConfigMapping(prefix = "onstage.events")
public interface EventsConfig {

    /** A reminder ({@code talk.upcoming}) this long before each talk. */
    @WithDefault("10m,5m")
    List<Duration> leadTimes();

    /** An event published more than this (wall time) after it was due is marked late. */
    @WithDefault("1s")
    Duration lateAfter();

    /**
     * An instance that claimed events and died before marking them sent leaves them to the others after this; longer
     * than a send may take ({@code delivery.timeout.ms}).
     */
    @WithDefault("10s")
    Duration lease();

    /**
     * Events are claimed this long (wall time) before they are due, then each is sent at its due instant: the database
     * round trip happens before the due instant rather than after it. Not much longer: events claimed under one clock
     * setting keep its due instants, so after a change of speed they go out at the old instants and hold back the next
     * claim (1 s let reminders go stale after a change from 300x to 600x).
     */
    @WithDefault("100ms")
    Duration claimAhead();

    /** How often the outbox is planned again from the programme (besides after every change). */
    @WithDefault("30s")
    Duration replanInterval();
}
