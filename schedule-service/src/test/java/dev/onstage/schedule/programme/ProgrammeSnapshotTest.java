package dev.onstage.schedule.programme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** "Now on stage" is shown in one conference's zone: the same one whatever order the database returns them in. */
class ProgrammeSnapshotTest {

    @Test
    void theDisplayZoneDoesNotDependOnTheOrderOfTheConferences() {
        Conference berlin = conference("b-congress", "Europe/Berlin");
        Conference baltimore = conference("a-icml", "America/Los_Angeles");
        Instant at = Instant.parse("2022-07-21T14:30:00Z");

        OffsetDateTime one = new ProgrammeSnapshot(1, List.of(berlin, baltimore), List.of(), List.of()).now(at).at();
        OffsetDateTime other = new ProgrammeSnapshot(1, List.of(baltimore, berlin), List.of(), List.of()).now(at).at();

        assertEquals(OffsetDateTime.parse("2022-07-21T07:30:00-07:00"), one);
        assertEquals(one, other);
        assertEquals(one.getOffset(), other.getOffset());
    }

    @Test
    void withoutConferencesItIsUtc() {
        Instant at = Instant.parse("2022-07-21T14:30:00Z");
        assertEquals(OffsetDateTime.parse("2022-07-21T14:30:00Z"),
                new ProgrammeSnapshot(1, List.of(), List.of(), List.of()).now(at).at());
    }

    private static Conference conference(String id, String zone) {
        Conference conference = new Conference();
        conference.id = id;
        conference.name = id;
        conference.timeZone = zone;
        return conference;
    }
}
