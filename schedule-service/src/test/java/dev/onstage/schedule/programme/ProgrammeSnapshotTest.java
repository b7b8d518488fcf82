package dev.onstage.schedule.programme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * "Now on stage" is shown in the zone of the conference going on, else the next, else the last; the same whatever
 * order the database returns the rows in.
 */
class ProgrammeSnapshotTest {

    private static final Conference BERLIN = conference("b-congress", "Europe/Berlin");
    private static final Conference ICML = conference("a-icml", "America/Los_Angeles");
    // Berlin on 27 Dec 2022, ICML on 21 Jul 2022 (both in UTC)
    private static final List<ConferenceSession> SESSIONS = List.of(
            session("congress-day-1", BERLIN, "2022-12-27T10:00:00Z", "2022-12-27T18:00:00Z"),
            session("congress-day-2", BERLIN, "2022-12-28T10:00:00Z", "2022-12-28T18:00:00Z"),
            session("icml-oral", ICML, "2022-07-21T14:30:00Z", "2022-07-21T16:00:00Z"));

    @Test
    void itIsTheZoneOfTheConferenceGoingOnElseTheNextElseTheLast() {
        ProgrammeSnapshot snapshot = new ProgrammeSnapshot(1, List.of(BERLIN, ICML), SESSIONS, List.of());
        ProgrammeSnapshot reversed = new ProgrammeSnapshot(1, List.of(ICML, BERLIN), List.of(SESSIONS.get(2), SESSIONS.get(1), SESSIONS.get(0)), List.of());
        for (ProgrammeSnapshot one : List.of(snapshot, reversed)) {
            assertEquals("2022-07-21T07:45-07:00", at(one, "2022-07-21T14:45:00Z"), "during ICML");
            assertEquals("2022-07-21T07:00-07:00", at(one, "2022-07-21T14:00:00Z"), "before both: ICML is next");
            assertEquals("2022-08-01T02:00+02:00", at(one, "2022-08-01T00:00:00Z"), "between: the congress is next");
            assertEquals("2022-12-28T04:00+01:00", at(one, "2022-12-28T03:00:00Z"), "overnight: the congress goes on");
            assertEquals("2023-01-01T01:00+01:00", at(one, "2023-01-01T00:00:00Z"), "after both: the last to end");
        }
    }

    @Test
    void withoutSessionsItIsTheConferenceWithTheFirstId() {
        Instant at = Instant.parse("2022-07-21T14:30:00Z");

        OffsetDateTime one = new ProgrammeSnapshot(1, List.of(BERLIN, ICML), List.of(), List.of()).now(at).at();
        OffsetDateTime other = new ProgrammeSnapshot(1, List.of(ICML, BERLIN), List.of(), List.of()).now(at).at();

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

    private static String at(ProgrammeSnapshot snapshot, String instant) {
        return snapshot.now(Instant.parse(instant)).at().toString();
    }

    private static ConferenceSession session(String id, Conference conference, String start, String end) {
        ConferenceSession session = new ConferenceSession();
        session.id = id;
        session.conferenceId = conference.id;
        session.title = id;
        session.room = "Room";
        session.start = Instant.parse(start);
        session.end = Instant.parse(end);
        return session;
    }

    private static Conference conference(String id, String zone) {
        Conference conference = new Conference();
        conference.id = id;
        conference.name = id;
        conference.timeZone = zone;
        return conference;
    }
}
