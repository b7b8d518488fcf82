package dev.onstage.schedule.programme.imports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class C3vocJsonParserTest {

    private static final String CAMP_2019 = "/real-schedules/frab-camp2019.json";
    private static final String DEMOCON = "/real-schedules/pretalx-democon.json";
    private static final String RC3 = "/real-schedules/pretalx-rc3.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final C3vocJsonParser parser = new C3vocJsonParser();

    private ImportedProgramme parse(String json) {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private ImportedProgramme parseResource(String path) {
        return parse(FrabXmlParserTest.resource(path));
    }

    /** The real file at {@code path}, changed by {@code edit}, as JSON text. */
    private static String edited(String path, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(FrabXmlParserTest.resource(path));
            edit.accept(root);
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode conference(ObjectNode root) {
        return (ObjectNode) root.get("schedule").get("conference");
    }

    private static ObjectNode event(ObjectNode root, int day, String room, int index) {
        return (ObjectNode) conference(root).get("days").get(day).get("rooms").get(room).get(index);
    }

    private ProgrammeImportException assertImportFails(String json) {
        ProgrammeImportException e = assertThrows(ProgrammeImportException.class, () -> parse(json));
        assertFalse(e.where() == null || e.where().isBlank(), "where() must say where: " + e.getMessage());
        return e;
    }

    private static ImportedTalk talk(ImportedProgramme programme, String id) {
        return programme.talks().stream().filter(talk -> talk.id().equals(id)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- Camp 2019 (frab)

    @Test
    void camp2019() {
        ImportedProgramme programme = parseResource(CAMP_2019);

        assertAll(
                () -> assertEquals("Camp2019", programme.conferenceId()),
                () -> assertEquals("Chaos Communication Camp 2019", programme.conferenceName()),
                () -> assertEquals(ZoneId.of("Europe/Berlin"), programme.zone()),
                () -> assertEquals(List.of(), programme.notes()),
                () -> assertEquals(79, programme.talks().size()),
                () -> assertEquals(10, programme.sessions().size()), // 5 days x Curie, Meitner
                () -> assertEquals("Curie · 2019-08-21", programme.sessions().get(0).title()),
                () -> assertEquals("Meitner · 2019-08-21", programme.sessions().get(1).title()));

        ImportedTalk opening = talk(programme, "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");
        assertAll(
                () -> assertEquals("Opening Ceremony", opening.title()),
                () -> assertEquals(List.of("jinxx", "smtw"), opening.speakers()),
                () -> assertEquals("Curie", opening.room()),
                () -> assertEquals("A hearty welcome me lasses and lads!", opening.abstractText()),
                () -> assertEquals(Instant.parse("2019-08-21T09:00:00Z"), opening.start()),
                () -> assertEquals(Instant.parse("2019-08-21T09:30:00Z"), opening.end()));

        ImportedTalk lightning = talk(programme, "117f530f-a20b-4071-b208-39e989a42408");
        assertEquals(Instant.parse("2019-08-22T10:00:00Z"), lightning.start());
        assertEquals(Instant.parse("2019-08-22T13:00:00Z"), lightning.end()); // 03:00 long
        assertNull(lightning.abstractText(), "empty abstract is no abstract");

        ImportedTalk lateNight = talk(programme, "ed4b6c75-14f4-49fe-a11e-3762bd6b54e3");
        assertEquals("Achtung, Datenpannen!", lateNight.title());
        assertEquals(Instant.parse("2019-08-22T21:00:00Z"), lateNight.start()); // 23:00 +02:00
        assertEquals(Instant.parse("2019-08-22T22:30:00Z"), lateNight.end());

        ImportedTalk camp20 = talk(programme, "d8db148c-39e4-4f1e-af23-a26a477c82ee");
        assertEquals(List.of("Markus Ossevorth", "Marc-André Janizewski", "Tim Pritlove"), camp20.speakers());
    }

    @Test
    void withoutDateTheStartComesFromDayDateStartTimeAndZoneWithTheSameInstants() {
        ImportedProgramme withDates = parseResource(CAMP_2019);
        String withoutDates = edited(CAMP_2019, root -> conference(root).get("days").forEach(day ->
                day.get("rooms").forEach(events -> events.forEach(event -> ((ObjectNode) event).remove("date")))));

        ImportedProgramme computed = parse(withoutDates);

        assertEquals(withDates.sessions(), computed.sessions());
    }

    @Test
    void startsAfterMidnightWithoutDateBelongToTheNextCalendarDate() {
        String json = edited(CAMP_2019, root -> {
            ObjectNode event = event(root, 0, "Curie", 0);
            event.remove("date");
            event.put("start", "01:30"); // before the day start 09:00: in the night after 21 August
        });

        ImportedTalk talk = talk(parse(json), "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");

        assertEquals(Instant.parse("2019-08-21T23:30:00Z"), talk.start()); // 22 Aug 01:30 +02:00
    }

    @Test
    void endIsPreferredOverDuration() {
        String json = edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("end", "2019-08-21T11:40:00+02:00"));

        ImportedTalk talk = talk(parse(json), "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");

        assertEquals(Instant.parse("2019-08-21T09:40:00Z"), talk.end());
    }

    @Test
    void idFallsBackToTheNumericIdWithoutGuid() {
        String json = edited(CAMP_2019, root -> event(root, 0, "Curie", 0).remove("guid"));

        assertEquals("10386", parse(json).sessions().get(0).talks().get(0).id());
    }

    // ---------------------------------------------------------------- pretalx DemoCon: the zone conflict

    @Test
    void democonOffsetsDecideTheInstantsAndUtcIsOnlyForDisplay() {
        ImportedProgramme programme = parseResource(DEMOCON);

        assertEquals("democon", programme.conferenceId());
        assertEquals(ZoneId.of("UTC"), programme.zone());
        assertEquals(36, programme.talks().size());
        assertEquals(6, programme.sessions().size());

        // "date": "2020-12-14T09:00:00+01:00" is 08:00Z, not 09:00Z as "UTC" would make it.
        ImportedTalk first = talk(programme, "8079583e-8321-506c-95af-fd2903a5f075");
        assertEquals("Focused 5thgeneration hardware", first.title());
        assertEquals(List.of("Brian Robinson"), first.speakers());
        assertEquals("Gray Room", first.room());
        assertEquals(Instant.parse("2020-12-14T08:00:00Z"), first.start());
        assertEquals(Instant.parse("2020-12-14T08:30:00Z"), first.end());

        ImportedTalk longOne = talk(programme, "3a74bb53-ef1a-57ce-9ba7-904d27e9eb5f");
        assertEquals(Instant.parse("2020-12-14T08:00:00Z"), longOne.start());
        assertEquals(Instant.parse("2020-12-14T09:30:00Z"), longOne.end());

        ImportedTalk threeSpeakers = talk(programme, "8def099f-0871-5d9f-95b8-de50f694e747");
        assertEquals(List.of("Stephanie Hudson", "Mariah Estrada", "Kathy Wallace"), threeSpeakers.speakers());
        assertEquals(Instant.parse("2020-12-16T08:30:00Z"), threeSpeakers.start());

        String notes = String.join("\n", programme.notes());
        assertTrue(notes.contains("36 event date(s) carry an offset other than that of the display zone UTC"), notes);
        assertTrue(notes.contains("2020-12-14T09:00+01:00 (/schedule/conference/days/0/rooms/Gray Room/0/date)"), notes);
    }

    // ---------------------------------------------------------------- pretalx rC3: no zone name, "/" in room names

    @Test
    void rc3WithoutTimeZoneNameUsesTheOffset() {
        ImportedProgramme programme = parseResource(RC3);

        assertAll(
                () -> assertEquals("rc3-channels-2020", programme.conferenceId()),
                () -> assertEquals(ZoneOffset.ofHours(1), programme.zone()),
                () -> assertTrue(programme.notes().get(0).contains("names no time zone"), programme.notes()::toString),
                () -> assertEquals(48, programme.talks().size()),
                () -> assertEquals(10, programme.sessions().size())); // 3 + 3 + 2 + 2 rooms with events

        ImportedTalk gluon = talk(programme, "c3642671-4c1f-5109-81ba-0535c1cc8428");
        assertEquals("Der faule Admin automatisiert: Gluon auf echter Hardware testen", gluon.title());
        assertEquals(List.of("Chris Fiege", "Kasa"), gluon.speakers());
        assertEquals("r3s - Monheim/Rhein", gluon.room());
        assertEquals(Instant.parse("2020-12-27T10:30:00Z"), gluon.start());
        assertEquals(Instant.parse("2020-12-27T11:10:00Z"), gluon.end());
        assertTrue(gluon.abstractText().startsWith("Eine wichtige Komponente von Freifunk"));
        assertTrue(gluon.abstractText().contains("\r\n"), "abstract kept as written, line breaks included");

        ImportedTalk noSpeakers = talk(programme, "f3099af2-26e2-54b0-aa5d-52d89d309ca1");
        assertEquals(List.of(), noSpeakers.speakers());

        ImportedTalk trawler = talk(programme, "9ed40696-8e66-55bb-8c24-724c0d17ae1a");
        assertEquals("ChaosTrawler Stubnitz/Gängeviertel Hamburg", trawler.room());
        assertEquals(Instant.parse("2020-12-28T10:20:00Z"), trawler.start());
        assertEquals(Instant.parse("2020-12-28T12:30:00Z"), trawler.end());
    }

    @Test
    void parsingTheSameFileTwiceGivesTheSameIds() {
        for (String file : List.of(CAMP_2019, DEMOCON, RC3)) {
            ImportedProgramme first = parseResource(file);
            ImportedProgramme second = parseResource(file);

            assertEquals(first, second, file);
            List<String> sessionIds = first.sessions().stream().map(ImportedSession::id).toList();
            assertEquals(sessionIds, second.sessions().stream().map(ImportedSession::id).toList(), file);
            assertEquals(sessionIds.size(), Set.copyOf(sessionIds).size(), file + ": session ids are unique");
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void truncatedJsonSaysWhereReadingStopped() {
        String full = FrabXmlParserTest.resource(CAMP_2019);

        ProgrammeImportException e = assertImportFails(full.substring(0, full.length() / 2));

        assertTrue(e.where().startsWith("/schedule/conference/days/"), e.where());
        assertTrue(e.problem().startsWith("cannot read the JSON at line "), e.problem());
    }

    @Test
    void garbageEmptyAndMissingInput() {
        assertImportFails("this is not JSON");
        assertEquals("line 1:1", assertImportFails("").where());
        assertEquals("(document root)", assertImportFails("[1, 2]").where());
        assertEquals("/schedule", assertImportFails("{}").where());
        assertEquals("/schedule/conference", assertImportFails("{\"schedule\": {\"conference\": 5}}").where());
        assertTrue(assertImportFails("{\"schedule\": {}} {}").problem().contains("more content"));
        assertEquals("input", assertThrows(ProgrammeImportException.class, () -> parser.parse(null)).where());
    }

    @Test
    void wrongTypesAreReportedWithTheirJsonPointer() {
        assertWrongType(root -> event(root, 0, "Curie", 3).put("title", 42),
                "/schedule/conference/days/0/rooms/Curie/3/title", "expected a string, found a number (42)");
        assertWrongType(root -> event(root, 1, "Meitner", 0).put("date", true),
                "/schedule/conference/days/1/rooms/Meitner/0/date", "expected a string, found a boolean");
        assertWrongType(root -> event(root, 0, "Curie", 0).put("persons", "jinxx"),
                "/schedule/conference/days/0/rooms/Curie/0/persons", "expected an array");
        assertWrongType(root -> ((ArrayNode) event(root, 0, "Curie", 0).get("persons")).set(1, JSON.getNodeFactory().textNode("smtw")),
                "/schedule/conference/days/0/rooms/Curie/0/persons/1", "expected an object");
        assertWrongType(root -> event(root, 0, "Curie", 0).put("id", 1.5),
                "/schedule/conference/days/0/rooms/Curie/0/id", "expected an integer or a string");
        assertWrongType(root -> ((ObjectNode) conference(root).get("days").get(2).get("rooms")).put("Curie", "closed"),
                "/schedule/conference/days/2/rooms/Curie", "expected an array of events");
        assertWrongType(root -> conference(root).put("days", "five"),
                "/schedule/conference/days", "expected an array");
        assertWrongType(root -> conference(root).put("time_zone_name", 1),
                "/schedule/conference/time_zone_name", "expected a string");
    }

    private void assertWrongType(Consumer<ObjectNode> edit, String pointer, String problem) {
        ProgrammeImportException e = assertImportFails(edited(CAMP_2019, edit));
        assertEquals(pointer, e.where());
        assertTrue(e.problem().contains(problem), e.problem());
    }

    @Test
    void roomNamesInPointersAreEscapedAsRfc6901Requires() {
        String json = edited(RC3, root -> event(root, 0, "r3s - Monheim/Rhein", 2).remove("title"));

        ProgrammeImportException e = assertImportFails(json);

        assertEquals("/schedule/conference/days/0/rooms/r3s - Monheim~1Rhein/2/title", e.where());
        assertTrue(e.problem().contains("has no title"), e.problem());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        ProgrammeImportException e = assertImportFails("{\"schedule\": {\"conference\": {\"meta\": " + deep + "}}}");

        assertTrue(e.where().startsWith("/schedule/conference/meta/0/0/0"), e.where());
        assertTrue(e.problem().contains("nesting depth"), e.problem());
    }

    @Test
    void hugeStringIsRefused() {
        String huge = "x".repeat(C3vocJsonParser.MAX_STRING_CHARS + 1);

        ProgrammeImportException e = assertImportFails(edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("abstract", huge)));

        assertTrue(e.problem().contains("String value length"), e.problem());
    }

    @Test
    void duplicateKeysAreRefused() {
        ProgrammeImportException e = assertImportFails(
                "{\"schedule\": {\"conference\": {\"title\": \"a\", \"title\": \"b\"}}}");

        assertEquals("/schedule/conference/title", e.where());
        assertTrue(e.problem().contains("Duplicate field 'title'"), e.problem());
    }

    @Test
    void invalidTimeZoneName() {
        ProgrammeImportException e = assertImportFails(
                edited(CAMP_2019, root -> conference(root).put("time_zone_name", "Europe/Atlantis")));

        assertEquals("/schedule/conference/time_zone_name", e.where());
        assertTrue(e.problem().contains("'Europe/Atlantis' is not an IANA time zone name"), e.problem());
    }

    @Test
    void offsetInsteadOfZoneNameIsRefused() {
        assertEquals("/schedule/conference/time_zone_name", assertImportFails(
                edited(CAMP_2019, root -> conference(root).put("time_zone_name", "+02:00"))).where());
    }

    @Test
    void endBeforeStart() {
        ProgrammeImportException e = assertImportFails(
                edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("end", "2019-08-21T10:59:00+02:00")));

        assertEquals("/schedule/conference/days/0/rooms/Curie/0/end", e.where());
        assertTrue(e.problem().contains("event a0a0fcfe-b7fb-46e3-84b6-97a5406016b4 ends at 2019-08-21T08:59:00Z, "
                + "which is not after its start 2019-08-21T09:00:00Z"), e.problem());

        assertEquals("/schedule/conference/days/0/rooms/Curie/0/duration", assertImportFails(
                edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("duration", "0:00"))).where());
    }

    @Test
    void badValues() {
        assertEquals("/schedule/conference/days/0/rooms/Curie/0/date", assertImportFails(
                edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("date", "2019-08-21T11:00:00"))).where());
        assertEquals("/schedule/conference/days/0/rooms/Curie/0/duration", assertImportFails(
                edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("duration", "30 min"))).where());
        assertEquals("/schedule/conference/days/0/date", assertImportFails(
                edited(CAMP_2019, root -> ((ObjectNode) conference(root).get("days").get(0)).put("date", "21.08.2019")))
                .where());
        assertEquals("/schedule/conference/days/0/rooms/Curie/0/title", assertImportFails(
                edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("title", " "))).where());
    }

    @Test
    void eventWithoutIdsOrPersonWithoutName() {
        assertEquals("/schedule/conference/days/0/rooms/Curie/0", assertImportFails(edited(CAMP_2019, root -> {
            event(root, 0, "Curie", 0).remove("guid");
            event(root, 0, "Curie", 0).remove("id");
        })).where());
        assertEquals("/schedule/conference/days/0/rooms/Curie/0/persons/0", assertImportFails(edited(CAMP_2019,
                root -> ((ObjectNode) event(root, 0, "Curie", 0).get("persons").get(0)).remove("public_name"))).where());
    }

    @Test
    void duplicateGuid() {
        ProgrammeImportException e = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Meitner", 0).put("guid", "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4")));

        assertEquals("/schedule/conference/days/0/rooms/Meitner/0/guid", e.where());
        assertTrue(e.problem().contains("first at /schedule/conference/days/0/rooms/Curie/0/guid"), e.problem());
    }

    @Test
    void personNameFallsBackToName() {
        String json = edited(DEMOCON, root -> {
            ObjectNode person = (ObjectNode) event(root, 0, "Gray Room", 0).get("persons").get(0);
            person.remove("public_name");
            person.put("name", "Brian R.");
        });

        assertEquals(List.of("Brian R."), talk(parse(json), "8079583e-8321-506c-95af-fd2903a5f075").speakers());
    }

    @Test
    void minimalScheduleWithoutAnyOffsetCannotBePlacedInTime() {
        String json = """
                {"schedule": {"version": "1", "conference": {"acronym": "x", "title": "X", "days": [
                  {"index": 1, "date": "2024-01-01", "rooms": {"A": [
                    {"guid": "g1", "title": "T", "start": "10:00", "duration": "0:30", "persons": []}]}}]}}}
                """;

        assertEquals("/schedule/conference/time_zone_name", assertImportFails(json).where());

        ImportedProgramme withZone = parse(json.replace("\"title\": \"X\",", "\"title\": \"X\", \"time_zone_name\": \"Europe/Berlin\","));
        assertEquals(Instant.parse("2024-01-01T09:00:00Z"), withZone.talks().get(0).start());
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void aScheduleWithoutEventsIsRefused() {
        assertEquals("input", assertImportFails(edited(DEMOCON, root -> conference(root).putArray("days"))).where());
        ProgrammeImportException noRooms = assertImportFails(edited(CAMP_2019, root -> conference(root).get("days")
                .forEach(day -> ((ObjectNode) day).putObject("rooms"))));
        assertTrue(noRooms.problem().contains("would cancel every talk"), noRooms.problem());
    }

    @Test
    void twoEventsAtOverlappingTimesInOneRoomAreRefused() {
        String json = edited(CAMP_2019, root -> {
            ObjectNode first = event(root, 0, "Curie", 0);
            ObjectNode second = event(root, 0, "Curie", 1);
            second.set("date", first.get("date"));
        });

        ProgrammeImportException e = assertImportFails(json);

        assertTrue(e.where().startsWith("/schedule/conference/days/0/rooms/Curie/"), e.where());
        assertTrue(e.problem().contains("overlaps"), e.problem());
    }

    @Test
    void controlCharactersAreRefusedWithTheirPointer() {
        ProgrammeImportException title = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Curie", 0).put("title", "Opening\u0000Ceremony")));
        assertEquals("/schedule/conference/days/0/rooms/Curie/0/title", title.where());
        assertTrue(title.problem().contains("U+0000"), title.problem());

        // U+001F separates the speakers in the database: one name must not become two.
        ProgrammeImportException person = assertImportFails(edited(CAMP_2019, root -> ((ObjectNode) event(root, 0,
                "Curie", 0).get("persons").get(0)).put("public_name", "jin\u001Fxx")));
        assertTrue(person.problem().contains("U+001F"), person.problem());

        assertImportFails(edited(CAMP_2019, root -> event(root, 0, "Curie", 0).put("abstract", "a\u007Fb")));
    }

    @Test
    void timesOutsideTheYearsOfAProgrammeAreRefused() {
        for (String date : List.of("+300000-08-21T11:00:00+02:00", "-5000-08-21T11:00:00+02:00",
                "1969-08-21T11:00:00+02:00", "2101-08-21T11:00:00+02:00")) {
            ProgrammeImportException e = assertImportFails(edited(CAMP_2019,
                    root -> event(root, 0, "Curie", 0).put("date", date)));
            assertEquals("/schedule/conference/days/0/rooms/Curie/0/date", e.where());
            assertTrue(e.problem().contains("1970 to 2100"), e.problem());
        }
        ProgrammeImportException day = assertImportFails(edited(CAMP_2019,
                root -> ((ObjectNode) conference(root).get("days").get(0)).put("date", "+300000-01-01")));
        assertEquals("/schedule/conference/days/0/date", day.where());
    }

    /** Texts are bounded, so that no talk event comes near Kafka's record size (issue 15, item 4). */
    @Test
    void textsOverTheirLimitsAreRefusedNamingTheField() {
        ProgrammeImportException title = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Curie", 0).put("title", "t".repeat(TextLimits.TITLE + 1))));
        assertTrue(title.where().startsWith("/schedule/conference/days/0/rooms/Curie/0"), title.where());
        assertTrue(title.problem().startsWith("the title of talk ") && title.problem().endsWith(
                "has " + (TextLimits.TITLE + 1) + " characters; at most " + TextLimits.TITLE), title.problem());

        ProgrammeImportException abstractText = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Curie", 0).put("abstract", "a".repeat(TextLimits.ABSTRACT + 1))));
        assertTrue(abstractText.problem().startsWith("the abstract of talk "), abstractText.problem());

        ProgrammeImportException name = assertImportFails(edited(CAMP_2019, root -> ((ObjectNode) event(root, 0,
                "Curie", 0).get("persons").get(0)).put("public_name", "n".repeat(TextLimits.NAME + 1))));
        assertTrue(name.problem().startsWith("a speaker's name of talk "), name.problem());

        ProgrammeImportException speakers = assertImportFails(edited(CAMP_2019, root -> {
            ArrayNode persons = event(root, 0, "Curie", 0).putArray("persons");
            for (int i = 0; i <= TextLimits.SPEAKERS; i++) {
                persons.addObject().put("public_name", "Speaker " + i);
            }
        }));
        assertTrue(speakers.problem().endsWith("has " + (TextLimits.SPEAKERS + 1) + " speakers; at most "
                + TextLimits.SPEAKERS), speakers.problem());

        ProgrammeImportException room = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Curie", 0).put("room", "r".repeat(TextLimits.ROOM + 1))));
        assertTrue(room.problem().startsWith("the room of talk "), room.problem());

        ProgrammeImportException id = assertImportFails(edited(CAMP_2019,
                root -> event(root, 0, "Curie", 0).put("guid", "g".repeat(TextLimits.ID + 1))));
        assertTrue(id.problem().startsWith("a talk's id has "), id.problem());

        // At the limits, it is a programme.
        ImportedProgramme atLimits = parse(edited(CAMP_2019, root -> event(root, 0, "Curie", 0)
                .put("title", "t".repeat(TextLimits.TITLE)).put("abstract", "a".repeat(TextLimits.ABSTRACT))));
        assertTrue(atLimits.talks().stream().anyMatch(talk -> talk.title().length() == TextLimits.TITLE));
    }
}
