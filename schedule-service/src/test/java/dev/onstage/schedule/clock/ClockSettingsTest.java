package dev.onstage.schedule.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** programme = replayFrom + speed x (wall - startedAt), and back. */
class ClockSettingsTest {

    private static final Instant STARTED = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant FROM = Instant.parse("2022-07-21T14:25:00Z");

    @Test
    void replayRunsFasterThanTheWall() {
        ClockSettings tenTimes = new ClockSettings(ClockState.Mode.replay, FROM, 10, STARTED, 1);
        assertEquals(FROM, tenTimes.programmeTime(STARTED));
        // 30 wall seconds at 10x are 5 programme minutes: the seed's first talk starts.
        assertEquals(Instant.parse("2022-07-21T14:30:00Z"), tenTimes.programmeTime(STARTED.plusSeconds(30)));
        assertEquals(STARTED.plusSeconds(30), tenTimes.wallTime(Instant.parse("2022-07-21T14:30:00Z")));
    }

    @Test
    void fractionalSpeedsRoundTrip() {
        ClockSettings odd = new ClockSettings(ClockState.Mode.replay, FROM, 37.5, STARTED, 1);
        Instant programme = Instant.parse("2022-07-21T15:00:00Z");
        assertEquals(programme, odd.programmeTime(odd.wallTime(programme)));
    }

    @Test
    void realTimeIsTheWall() {
        Instant now = Instant.parse("2026-11-25T09:00:00Z");
        assertEquals(now, ClockSettings.REAL_TIME.programmeTime(now));
        assertEquals(now, ClockSettings.REAL_TIME.wallTime(now));
    }
}
