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
     * round trips happen before the due instant rather than after it.
     */
    @WithDefault("100ms")
    Duration claimAhead();

    /** How often the outbox is planned again from the programme (besides after every change). */
    @WithDefault("30s")
    Duration replanInterval();
}
