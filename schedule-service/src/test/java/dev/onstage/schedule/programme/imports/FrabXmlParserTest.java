package dev.onstage.schedule.programme.imports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class FrabXmlParserTest {

    private static final String CONGRESS_31C3 = "/real-schedules/31c3-frab-schedule.xml";

    private final FrabXmlParser parser = new FrabXmlParser();

    static String resource(String path) {
        try (InputStream in = FrabXmlParserTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportedProgramme parse(String xml) {
        return parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static ImportedTalk talk(ImportedProgramme programme, String id) {
        return programme.talks().stream().filter(talk -> talk.id().equals(id)).findFirst().orElseThrow();
    }

    private static ImportedSession sessionOf(ImportedProgramme programme, String talkId) {
        return programme.sessions().stream()
                .filter(session -> session.talks().stream().anyMatch(talk -> talk.id().equals(talkId)))
                .findFirst().orElseThrow();
    }

    private ProgrammeImportException assertImportFails(String xml) {
        ProgrammeImportException e = assertThrows(ProgrammeImportException.class, () -> parse(xml));
        assertFalse(e.where() == null || e.where().isBlank(), "where() must say where: " + e.getMessage());
        return e;
    }

    /** A small schedule with one event; {@code conferenceExtra} and {@code eventBody} vary per test. */
    private static String schedule(String conferenceExtra, String eventBody) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <schedule>
                <version>1</version>
                <conference>
                <acronym>testcon</acronym>
                <title>Test Con</title>
                %s
                </conference>
                <day date="2024-03-01" index="1" start="2024-03-01T10:00:00+01:00" end="2024-03-02T03:00:00+01:00">
                <room name="Hall A">
                <event guid="11111111-2222-3333-4444-555555555555" id="1">
                %s
                </event>
                </room>
                </day>
                </schedule>
                """.formatted(conferenceExtra, eventBody);
    }

    private static final String GOOD_EVENT = """
            <date>2024-03-01T10:00:00+01:00</date>
            <start>10:00</start>
            <duration>00:30</duration>
            <room>Hall A</room>
            <title>Hello</title>
            <abstract>Hi &amp; welcome</abstract>
            <persons><person id="1">Ada</person></persons>""";

    // ---------------------------------------------------------------- 31C3

    @Test
    void congressCountsAndConference() {
        ImportedProgramme programme = parse(resource(CONGRESS_31C3));

        assertAll(
                () -> assertEquals("31c3", programme.conferenceId()),
                () -> assertEquals("31. Chaos Communication Congress", programme.conferenceName()),
                // No time_zone_name in the file: the fixed offset of the first day start stands in for it.
                () -> assertEquals(ZoneOffset.ofHours(1), programme.zone()),
                () -> assertTrue(programme.notes().stream().anyMatch(note -> note.contains("names no time zone")),
                        programme.notes()::toString),
                () -> assertEquals(138, programme.talks().size()),
                () -> assertEquals(16, programme.sessions().size()), // 4 days x 4 rooms
                () -> assertEquals(138, Set.copyOf(programme.talks().stream().map(ImportedTalk::id).toList()).size()),
                () -> assertEquals(211, programme.talks().stream().mapToInt(talk -> talk.speakers().size()).sum()));
    }

    @Test
    void congressOpening() {
        ImportedProgramme programme = parse(resource(CONGRESS_31C3));

        ImportedTalk opening = talk(programme, "29aecfd7-2e44-4f49-ab86-29b5e0877325");
        assertAll(
                () -> assertEquals("31C3 Opening Event", opening.title()),
                () -> assertEquals(List.of("erdgeist", "Geraldine de Bastion"), opening.speakers()),
                () -> assertEquals("Saal 1", opening.room()),
                () -> assertEquals(Instant.parse("2014-12-27T10:00:00Z"), opening.start()),
                () -> assertEquals(Instant.parse("2014-12-27T10:30:00Z"), opening.end()),
                () -> assertNull(opening.abstractText(), "empty <abstract> is no abstract"));

        ImportedTalk keynote = talk(programme, "8c4e647f-813e-41ef-b05b-65469dd841c3");
        assertEquals("The 31C3 Keynote", keynote.abstractText());
        assertEquals(Instant.parse("2014-12-27T11:30:00Z"), keynote.end());

        ImportedTalk agenda = talk(programme, "HOqeNIb6G7M4hYFKFRkCmQ");
        assertEquals("„Wir beteiligen uns aktiv an den Diskussionen“", agenda.title());
        assertEquals(List.of("Martin Haase/maha"), agenda.speakers());
    }

    @Test
    void congressEventsAfterMidnightHaveTheNextDatesInstantButStayInTheirConferenceDay() {
        ImportedProgramme programme = parse(resource(CONGRESS_31C3));

        ImportedTalk citizenfour = talk(programme, "77aea78c-f2d2-461a-92b3-82929a79d598");
        assertEquals("Citizenfour", citizenfour.title());
        assertEquals(Instant.parse("2014-12-27T23:00:00Z"), citizenfour.start()); // 28 Dec 00:00 +01:00
        assertEquals(Instant.parse("2014-12-28T01:15:00Z"), citizenfour.end()); // 2:15 long
        ImportedSession saal1Day1 = sessionOf(programme, citizenfour.id());
        assertEquals("Saal 1 · 2014-12-27", saal1Day1.title());
        assertEquals(Instant.parse("2014-12-27T10:00:00Z"), saal1Day1.start());
        assertEquals(Instant.parse("2014-12-28T01:15:00Z"), saal1Day1.end());
        assertNull(saal1Day1.moderator());

        ImportedTalk fnord = talk(programme, "Mw1wjnNzwxzSkM3Ip5Lg0g");
        assertEquals("Fnord News Show", fnord.title());
        assertEquals(List.of("frank", "Fefe"), fnord.speakers());
        assertEquals(Instant.parse("2014-12-28T23:15:00Z"), fnord.start());
        assertEquals(Instant.parse("2014-12-29T00:45:00Z"), fnord.end());
        assertEquals("Saal 1 · 2014-12-28", sessionOf(programme, fnord.id()).title());

        ImportedTalk fnordStream = talk(programme, "74711c06-8813-4158-b102-36dbbe374d13");
        assertEquals("Saal 2", fnordStream.room());
        assertEquals(Instant.parse("2014-12-28T23:15:00Z"), fnordStream.start());

        ImportedTalk quiz = talk(programme, "Ls3UZdXbRpTYhYncqSJN_w");
        assertEquals(Instant.parse("2014-12-29T23:15:00Z"), quiz.start());
        assertEquals(Instant.parse("2014-12-30T01:15:00Z"), quiz.end());
        assertEquals(List.of("Jöran Muuß-Merholz", "Ralf Appelt", "Blanche Fabri", "it4n6", "Martin Krönke"),
                quiz.speakers());
        assertEquals("Saal 1 · 2014-12-29", sessionOf(programme, quiz.id()).title());
    }

    @Test
    void withoutDateElementsTheStartIsComputedFromDayAndTimeWithTheSameInstants() {
        ImportedProgramme withDates = parse(resource(CONGRESS_31C3));
        String withoutDates = resource(CONGRESS_31C3).replaceAll("<date>[^<]*</date>", "");

        ImportedProgramme computed = parse(withoutDates);

        assertEquals(withDates.sessions(), computed.sessions());
        assertTrue(computed.notes().stream().anyMatch(note -> note.startsWith("138 event(s) have no date")),
                computed.notes()::toString);
    }

    @Test
    void parsingTheSameFileTwiceGivesTheSameIds() {
        ImportedProgramme first = parse(resource(CONGRESS_31C3));
        ImportedProgramme second = parse(resource(CONGRESS_31C3));

        assertEquals(first, second);
        assertEquals(first.sessions().stream().map(ImportedSession::id).toList(),
                second.sessions().stream().map(ImportedSession::id).toList());
        assertEquals(16, Set.copyOf(first.sessions().stream().map(ImportedSession::id).toList()).size());
    }

    // ---------------------------------------------------------------- small schedules

    @Test
    void smallScheduleWithTimeZoneNameAndEntities() {
        ImportedProgramme programme = parse(schedule("<time_zone_name>Europe/Berlin</time_zone_name>", GOOD_EVENT));

        ImportedTalk talk = programme.talks().get(0);
        assertEquals(ZoneId.of("Europe/Berlin"), programme.zone());
        assertEquals("Hi & welcome", talk.abstractText());
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), talk.start());
        assertEquals(List.of(), programme.notes());
    }

    @Test
    void durationForms() {
        String event = GOOD_EVENT.replace("<duration>00:30</duration>", "<duration>%s</duration>");
        assertEquals(Duration.ofMinutes(45), length(parse(schedule("", event.formatted("0:45")))));
        assertEquals(Duration.ofHours(26), length(parse(schedule("", event.formatted("26:00")))));
        assertEquals(Duration.ofHours(26), length(parse(schedule("", event.formatted("1:02:00")))));
    }

    private static Duration length(ImportedProgramme programme) {
        ImportedTalk talk = programme.talks().get(0);
        return Duration.between(talk.start(), talk.end());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void truncatedXml() {
        String full = resource(CONGRESS_31C3);
        ProgrammeImportException e = assertImportFails(full.substring(0, full.length() / 2));

        assertTrue(e.where().matches("\\d+:\\d+"), e.where());
        assertTrue(e.problem().startsWith("cannot read the XML: Unexpected EOF"), e.problem());
    }

    @Test
    void garbageEmptyAndMissingInput() {
        assertImportFails("this is not XML");
        assertImportFails("");
        assertImportFails("<schedule><conference><acronym>x</acronym></conference></schedule><second/>");
        assertEquals("1:1", assertImportFails("<html><body/></html>").where());
        ProgrammeImportException e = assertThrows(ProgrammeImportException.class, () -> parser.parse(null));
        assertEquals("input", e.where());
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = schedule("", GOOD_EVENT).replace("Hello", "Hello \u00e9").getBytes(StandardCharsets.ISO_8859_1);

        ProgrammeImportException e = assertThrows(ProgrammeImportException.class,
                () -> parser.parse(new ByteArrayInputStream(bytes)));
        assertFalse(e.where().isBlank());
    }

    @Test
    void xxeWithAFileEntityReadsNothing(@TempDir Path directory) throws IOException {
        Path secret = Files.writeString(directory.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE schedule [ <!ENTITY xxe SYSTEM "%s"> ]>
                <schedule><conference><acronym>x</acronym><title>&xxe;</title></conference></schedule>
                """.formatted(secret.toUri());

        ProgrammeImportException e = assertImportFails(xml);

        assertEquals("2:1", e.where());
        assertTrue(e.problem().contains("DOCTYPE"), e.problem());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void xxeOverTheNetworkMakesNoRequest() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<!ENTITY leak 'LEAKED'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            String externalDtd = """
                    <?xml version="1.0"?>
                    <!DOCTYPE schedule SYSTEM "%s/evil.dtd">
                    <schedule><conference><acronym>x</acronym><title>&leak;</title></conference></schedule>
                    """.formatted(base);
            String externalEntity = """
                    <?xml version="1.0"?>
                    <!DOCTYPE schedule [ <!ENTITY % remote SYSTEM "%s/evil.dtd"> %remote; ]>
                    <schedule><conference><acronym>x</acronym><title>&leak;</title></conference></schedule>
                    """.replace("%s", base);

            assertImportFails(externalDtd);
            assertImportFails(externalEntity);

            assertEquals(0, requests.get(), "the parser must not fetch anything");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "&lol" + (level - 1) + ";";
            entities.append("<!ENTITY lol").append(level).append(" \"").append(previous.repeat(10)).append("\">\n");
        }
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n" + entities + "]>\n"
                + "<schedule><conference><acronym>x</acronym><title>&lol9;</title></conference></schedule>";

        ProgrammeImportException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertImportFails(xml));

        assertTrue(e.problem().contains("DOCTYPE"), e.problem());
    }

    @Test
    void undeclaredEntityWithoutDoctype() {
        ProgrammeImportException e = assertImportFails(schedule("", GOOD_EVENT.replace("Hello", "&xxe;")));

        assertTrue(e.where().matches("\\d+:\\d+"), e.where());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<x>".repeat(10_000) + "</x>".repeat(10_000);

        assertImportFails(schedule("", GOOD_EVENT + "<links>" + deep + "</links>"));
    }

    @Test
    void invalidTimeZoneNameIsReportedAtItsElement() {
        ProgrammeImportException e = assertImportFails(
                schedule("<time_zone_name>Mars/Olympus_Mons</time_zone_name>", GOOD_EVENT));

        assertEquals("7:1", e.where());
        assertTrue(e.problem().contains("'Mars/Olympus_Mons' is not an IANA time zone"), e.problem());
    }

    @Test
    void zeroDurationIsEndNotAfterStart() {
        ProgrammeImportException e = assertImportFails(
                schedule("", GOOD_EVENT.replace("<duration>00:30</duration>", "<duration>00:00</duration>")));

        assertEquals("14:1", e.where()); // the <duration> element
        assertTrue(e.problem().contains("not after its start"), e.problem());
    }

    @Test
    void malformedDurationDateAndStart() {
        assertEquals("14:1", assertImportFails(
                schedule("", GOOD_EVENT.replace("<duration>00:30</duration>", "<duration>1:75</duration>"))).where());
        assertEquals("14:1", assertImportFails(
                schedule("", GOOD_EVENT.replace("<duration>00:30</duration>", "<duration>half an hour</duration>")))
                .where());
        assertEquals("12:1", assertImportFails(
                schedule("", GOOD_EVENT.replace("2024-03-01T10:00:00+01:00", "2024-13-01T10:00:00+01:00"))).where());
        // A date without offset would silently be in some zone: refused.
        assertEquals("12:1", assertImportFails(
                schedule("", GOOD_EVENT.replace("2024-03-01T10:00:00+01:00", "2024-03-01T10:00:00"))).where());
        String withoutDate = GOOD_EVENT.replace("<date>2024-03-01T10:00:00+01:00</date>", "");
        assertEquals("13:1", assertImportFails(schedule("", withoutDate.replace("10:00", "25:00"))).where());
    }

    @Test
    void missingTitleIsReportedAtTheEvent() {
        ProgrammeImportException e = assertImportFails(schedule("", GOOD_EVENT.replace("<title>Hello</title>", "")));

        assertEquals("11:1", e.where()); // the <event> element
        assertTrue(e.problem().contains("event 11111111-2222-3333-4444-555555555555 has no title"), e.problem());
    }

    @Test
    void blankTitleIsReportedAtTheTitle() {
        assertEquals("16:1", assertImportFails(
                schedule("", GOOD_EVENT.replace("<title>Hello</title>", "<title>  </title>"))).where());
    }

    @Test
    void eventWithoutIdsWithoutStartOrWithoutDuration() {
        String noIds = schedule("", GOOD_EVENT).replace("guid=\"11111111-2222-3333-4444-555555555555\" id=\"1\"", "");
        assertEquals("11:1", assertImportFails(noIds).where());
        String noStart = GOOD_EVENT.replace("<date>2024-03-01T10:00:00+01:00</date>", "")
                .replace("<start>10:00</start>", "");
        assertTrue(assertImportFails(schedule("", noStart)).problem().contains("neither date nor start"));
        assertTrue(assertImportFails(schedule("", GOOD_EVENT.replace("<duration>00:30</duration>", "")))
                .problem().contains("neither end nor duration"));
    }

    @Test
    void duplicateGuidIsAnError() {
        String congress = resource(CONGRESS_31C3)
                .replace("guid='8c4e647f-813e-41ef-b05b-65469dd841c3'", "guid='29aecfd7-2e44-4f49-ab86-29b5e0877325'");

        ProgrammeImportException e = assertImportFails(congress);

        assertEquals("38:1", e.where());
        assertTrue(e.problem().contains("used twice (first at 14:1)"), e.problem());
    }

    @Test
    void textInsideTitleMustNotContainElements() {
        assertImportFails(schedule("", GOOD_EVENT.replace("<title>Hello</title>", "<title>Hel<b>lo</b></title>")));
    }

    @Test
    void missingConference() {
        assertEquals("1:1", assertImportFails("<schedule><version>1</version></schedule>").where());
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void controlCharactersThatXml11AllowsAreRefused() {
        String xml = schedule("", GOOD_EVENT.replace("<person id=\"1\">Ada</person>", "<person id=\"1\">A&#31;da</person>"))
                .replace("<?xml version=\"1.0\"", "<?xml version=\"1.1\"");

        ProgrammeImportException e = assertImportFails(xml);

        assertTrue(e.problem().contains("U+001F"), e.problem());
    }

    @Test
    void aScheduleWhoseDaysHaveNoEventsIsRefused() {
        String xml = schedule("", GOOD_EVENT).replaceAll("(?s)<event .*</event>", "");

        assertEquals("input", assertImportFails(xml).where());
    }

    @Test
    void aDayStartOutsideTheYearsOfAProgrammeIsRefused() {
        String xml = schedule("", GOOD_EVENT).replace("start=\"2024-03-01T10:00:00+01:00\"",
                "start=\"9999-03-01T10:00:00+01:00\"");

        assertTrue(assertImportFails(xml).problem().contains("1970 to 2100"));
    }

    /** Texts are bounded, so that no talk event comes near Kafka's record size (issue 15, item 4). */
    @Test
    void textsOverTheirLimitsAreRefusedNamingTheField() {
        ProgrammeImportException abstractText = assertImportFails(schedule("", GOOD_EVENT.replace("Hi &amp; welcome",
                "a".repeat(TextLimits.ABSTRACT + 1))));
        assertTrue(abstractText.problem().startsWith("the abstract of talk 11111111-2222-3333-4444-555555555555 has "
                + (TextLimits.ABSTRACT + 1) + " characters"), abstractText.problem());

        String longRoom = "r".repeat(TextLimits.ROOM + 1);
        ProgrammeImportException room = assertImportFails(schedule("", GOOD_EVENT.replace("<room>Hall A</room>",
                "<room>" + longRoom + "</room>")));
        assertTrue(room.problem().startsWith("the room of talk "), room.problem());

    }
}
