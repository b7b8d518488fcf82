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

    @Test
    void oneConferenceOnStageHasOnlyItsRoomsInItsZone() {
        // The same room name at both conferences: a room belongs to its conference.
        List<Talk> talks = List.of(
                talk("congress-talk", "congress-day-1", "Room", "2022-12-27T10:00:00Z", "2022-12-27T11:00:00Z"),
                talk("icml-talk", "icml-oral", "Room", "2022-07-21T14:30:00Z", "2022-07-21T14:50:00Z"),
                talk("icml-other-room", "icml-oral", "Ballroom 2", "2022-07-21T14:30:00Z", "2022-07-21T14:50:00Z"));
        ProgrammeSnapshot snapshot = new ProgrammeSnapshot(1, List.of(BERLIN, ICML), SESSIONS, talks);
        Instant at = Instant.parse("2022-07-21T14:40:00Z");

        NowOnStage icml = snapshot.now(at, ICML.id);
        assertEquals("2022-07-21T07:40-07:00", icml.at().toString());
        assertEquals(List.of("Ballroom 2", "Room"), icml.rooms().stream().map(NowOnStage.Room::room).toList());
        assertEquals("icml-talk", icml.rooms().get(1).now().talk().id());
        assertEquals(null, icml.rooms().get(1).next(), "the congress's talk in its own 'Room' is not next here");

        NowOnStage congress = snapshot.now(at, BERLIN.id);
        assertEquals("2022-07-21T16:40+02:00", congress.at().toString());
        assertEquals(List.of("Room"), congress.rooms().stream().map(NowOnStage.Room::room).toList());
        assertEquals(null, congress.rooms().get(0).now());
        assertEquals("congress-talk", congress.rooms().get(0).next().talk().id());
    }

    @Test
    void conferencesComeByStartWithTheOneOfTheMomentCurrent() {
        Conference empty = conference("c-empty", "Asia/Tokyo");
        ProgrammeSnapshot snapshot = new ProgrammeSnapshot(1, List.of(empty, BERLIN, ICML), SESSIONS, List.of());

        List<ConferenceView> during = snapshot.conferences(Instant.parse("2022-07-21T14:45:00Z"));
        assertEquals(List.of("a-icml", "b-congress", "c-empty"), during.stream().map(ConferenceView::id).toList());
        assertEquals(List.of(true, false, false), during.stream().map(ConferenceView::current).toList());
        assertEquals("2022-07-21T07:30-07:00", during.get(0).start().toString());
        assertEquals("2022-12-28T19:00+01:00", during.get(1).end().toString());
        assertEquals(null, during.get(2).start());

        List<ConferenceView> between = snapshot.conferences(Instant.parse("2022-08-01T00:00:00Z"));
        assertEquals(List.of(false, true, false), between.stream().map(ConferenceView::current).toList());
        List<ConferenceView> after = snapshot.conferences(Instant.parse("2023-01-01T00:00:00Z"));
        assertEquals(List.of(false, true, false), after.stream().map(ConferenceView::current).toList());
    }

    private static Talk talk(String id, String sessionId, String room, String start, String end) {
        Talk talk = new Talk();
        talk.id = id;
        talk.sessionId = sessionId;
        talk.title = id;
        talk.room = room;
        talk.start = Instant.parse(start);
        talk.end = Instant.parse(end);
        return talk;
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
