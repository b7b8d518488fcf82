package dev.onstage.schedule.programme.imports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ListingTextParserTest {

    /** The seed's year must not depend on the day the tests run: pin "now" to a day in 2026. */
    private static final Clock NOVEMBER_2026 = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private final ListingTextParser parser = new ListingTextParser(NOVEMBER_2026);

    record ExpectedTalk(int timeLine, String title, List<String> speakers, String start, String end, int abstractLine) {
    }

    private static ExpectedTalk talk(int timeLine, String title, List<String> speakers, String start, String end,
            int abstractLine) {
        return new ExpectedTalk(timeLine, title, speakers, start, end, abstractLine);
    }

    /** The 14 talks of the seed, read off the file by hand: PDT is UTC-7, so 7:30 PDT is 14:30Z. */
    private static final List<ExpectedTalk> SEED_TALKS = List.of(
            talk(12, "Does the Data Induce Capacity Control in Deep Learning?",
                    List.of("Rubing Yang", "Jialin Mao", "Pratik Chaudhari"),
                    "2022-07-21T14:30:00Z", "2022-07-21T14:35:00Z", 18),
            talk(20, "Fighting Fire with Fire: Avoiding DNN Shortcuts through Priming",
                    List.of("Chuan Wen", "Jianing Qian", "Jierui Lin", "Jiaye Teng", "Dinesh Jayaraman", "Yang Gao"),
                    "2022-07-21T14:35:00Z", "2022-07-21T14:40:00Z", 26),
            talk(28, "Memory-Based Model Editing at Scale",
                    List.of("Eric Mitchell", "Charles Lin", "Antoine Bosselut", "Christopher Manning", "Chelsea Finn"),
                    "2022-07-21T14:40:00Z", "2022-07-21T14:45:00Z", 34),
            talk(36, "Winning the Lottery Ahead of Time: Efficient Early Network Pruning",
                    List.of("John Rachwan", "Daniel Zügner", "Bertrand Charpentier", "Simon Geisler", "Morgane Ayle",
                            "Stephan Günnemann"),
                    "2022-07-21T14:45:00Z", "2022-07-21T14:50:00Z", 42),
            talk(44, "Active Learning on a Budget: Opposite Strategies Suit High and Low Budgets",
                    List.of("Guy Hacohen", "Avihu Dekel", "Daphna Weinshall"),
                    "2022-07-21T14:50:00Z", "2022-07-21T14:55:00Z", 50),
            talk(52, "AutoSNN: Towards Energy-Efficient Spiking Neural Networks",
                    List.of("Byunggook Na", "Jisoo Mok", "Seongsik Park", "Dongjin Lee", "Hyeokjun Choe", "Sungroh Yoon"),
                    "2022-07-21T14:55:00Z", "2022-07-21T15:00:00Z", 58),
            talk(60, "Overcoming Oscillations in Quantization-Aware Training",
                    List.of("Markus Nagel", "Marios Fournarakis", "Yelysei Bondarenko", "Tijmen Blankevoort"),
                    "2022-07-21T15:00:00Z", "2022-07-21T15:20:00Z", 66),
            talk(68, "Dataset Condensation via Efficient Synthetic-Data Parameterization",
                    List.of("Jang-Hyun Kim", "Jinuk Kim", "Seong Joon Oh", "Sangdoo Yun", "Hwanjun Song", "Joonhyun Jeong",
                            "Jung-Woo Ha", "Hyun Oh Song"),
                    "2022-07-21T15:20:00Z", "2022-07-21T15:25:00Z", 74),
            talk(76, "Searching for BurgerFormer with Micro-Meso-Macro Space Design",
                    List.of("Longxing Yang", "Yu Hu", "Shun Lu", "Zihao Sun", "Jilin Mei", "Yinhe Han", "Xiaowei Li"),
                    "2022-07-21T15:25:00Z", "2022-07-21T15:30:00Z", 82),
            talk(84, "Multi-scale Feature Learning Dynamics: Insights for Double Descent",
                    List.of("Mohammad Pezeshki", "Amartya Mitra", "Yoshua Bengio", "Guillaume Lajoie"),
                    "2022-07-21T15:30:00Z", "2022-07-21T15:35:00Z", 90),
            talk(92, "Dataset Condensation with Contrastive Signals",
                    List.of("Saehyung Lee", "SANGHYUK CHUN", "Sangwon Jung", "Sangdoo Yun", "Sungroh Yoon"),
                    "2022-07-21T15:35:00Z", "2022-07-21T15:40:00Z", 98),
            talk(100, "Equivariant Priors for compressed sensing with unknown orientation",
                    List.of("Anna Kuzina", "Kumar Pratik", "Fabio Valerio Massoli", "Arash Behboodi"),
                    "2022-07-21T15:40:00Z", "2022-07-21T15:45:00Z", 106),
            talk(108, "Injecting Logical Constraints into Neural Networks via Straight-Through Estimators",
                    List.of("Zhun Yang", "Joohyung Lee", "Chiyoun Park"),
                    "2022-07-21T15:45:00Z", "2022-07-21T15:50:00Z", 114),
            talk(116, "Prioritized Training on Points that are Learnable, Worth Learning, and not yet Learnt",
                    List.of("Sören Mindermann", "Jan Brauner", "Muhammed Razzak", "Mrinank Sharma", "Andreas Kirsch",
                            "Winnie Xu", "Benedikt Höltgen", "Aidan Gomez", "Adrien Morisot", "Sebastian Farquhar",
                            "Yarin Gal"),
                    "2022-07-21T15:50:00Z", "2022-07-21T15:55:00Z", 122));

    static String seed() {
        try (InputStream in = ListingTextParserTest.class.getResourceAsStream("/seed/icml2022-deep-learning.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProgrammeImportException assertImportFails(Runnable parse) {
        ProgrammeImportException e = assertThrows(ProgrammeImportException.class, parse::run);
        assertFalse(e.where() == null || e.where().isBlank(), "where() must say where: " + e.getMessage());
        assertFalse(e.problem().isBlank());
        return e;
    }

    // ---------------------------------------------------------------- the seed

    @Test
    void seedSessionHeader() {
        ImportedProgramme programme = parser.parse(seed(), null);

        assertEquals(1, programme.sessions().size());
        ImportedSession session = programme.sessions().get(0);
        assertAll(
                () -> assertEquals("Deep Learning", session.title()),
                () -> assertEquals("Ballroom 1 & 2", session.room()),
                () -> assertEquals("Jifan Zhang", session.moderator()),
                () -> assertEquals(Instant.parse("2022-07-21T14:30:00Z"), session.start()),
                () -> assertEquals(Instant.parse("2022-07-21T16:00:00Z"), session.end()),
                () -> assertEquals(14, session.talks().size()),
                () -> assertEquals(ZoneId.of("America/Los_Angeles"), programme.zone()),
                () -> assertEquals("deep-learning-2022", programme.conferenceId()),
                () -> assertEquals("Deep Learning", programme.conferenceName()));
    }

    @Test
    void seedAllFourteenTalksExactly() {
        List<ImportedTalk> talks = parser.parse(seed(), null).sessions().get(0).talks();

        assertEquals(SEED_TALKS.size(), talks.size());
        for (int index = 0; index < SEED_TALKS.size(); index++) {
            ExpectedTalk expected = SEED_TALKS.get(index);
            ImportedTalk actual = talks.get(index);
            String which = "talk " + (index + 1) + " (line " + expected.timeLine() + ")";
            assertAll(which,
                    () -> assertEquals(expected.title(), actual.title()),
                    () -> assertEquals(expected.speakers(), actual.speakers()),
                    () -> assertEquals(Instant.parse(expected.start()), actual.start()),
                    () -> assertEquals(Instant.parse(expected.end()), actual.end()),
                    () -> assertEquals("Ballroom 1 & 2", actual.room()));
        }
    }

    @Test
    void seedAbstractsAreKeptAsWritten() {
        List<String> seedLines = seed().lines().toList();
        List<ImportedTalk> talks = parser.parse(seed(), null).sessions().get(0).talks();

        for (int index = 0; index < SEED_TALKS.size(); index++) {
            assertEquals(seedLines.get(SEED_TALKS.get(index).abstractLine() - 1), talks.get(index).abstractText(),
                    "abstract of talk " + (index + 1));
        }
        // The site's quirks stay as they are: TeX quotes, lost quotes, TeX math, unfinished last sentences.
        assertTrue(talks.get(0).abstractText().startsWith("We show that the input correlation matrix"));
        assertTrue(talks.get(0).abstractText().contains("We call such eigenspectra ``sloppy'' because"));
        assertTrue(talks.get(1).abstractText().contains("an additionalpriming'' feature"));
        assertTrue(talks.get(2).abstractText().endsWith("will be made available at"));
        assertTrue(talks.get(6).abstractText().contains("low-bit ($\\leq$ 4-bits) quantization"));
        assertTrue(talks.get(13).abstractText().contains("select \"hard\" (e.g. high loss) points"));
        assertTrue(talks.get(13).abstractText().endsWith("than uniform data shuffling."));
    }

    @Test
    void seedYearIsInferredFromTheWeekdayAndSaidInTheNotes() {
        ImportedProgramme programme = parser.parse(seed(), null);

        String notes = String.join("\n", programme.notes());
        assertTrue(notes.contains("Year 2022 inferred from weekday Thu 21 Jul"), notes);
        assertTrue(notes.contains("line 7"), notes);
        assertFalse(notes.contains("ignored"), "'Chat is not available.' is known page noise: " + notes);
    }

    @Test
    void givenYearIsUsedWithoutInference() {
        ImportedProgramme programme = parser.parse(seed(), 2022);

        assertEquals(Instant.parse("2022-07-21T14:30:00Z"), programme.sessions().get(0).talks().get(0).start());
        assertTrue(programme.notes().stream().noneMatch(note -> note.contains("inferred")), programme.notes()::toString);
    }

    @Test
    void yearIsInferredRelativeToTheClock() {
        // In early 2022, 21 July 2022 was still ahead: the most recent earlier Thursday 21 July was in 2016.
        ListingTextParser parserIn2022 = new ListingTextParser(
                Clock.fixed(Instant.parse("2021-12-31T00:00:00Z"), ZoneOffset.UTC));

        ImportedSession session = parserIn2022.parse(seed(), null).sessions().get(0);

        assertEquals(Instant.parse("2016-07-21T14:30:00Z"), session.start());
    }

    @Test
    void givenYearThatContradictsTheWeekdayIsAnErrorOnTheSessionLine() {
        ProgrammeImportException e = assertImportFails(() -> parser.parse(seed(), 2023));

        assertEquals("line 7", e.where());
        assertTrue(e.problem().contains("2023-07-21 is a Friday"), e.problem());
    }

    @Test
    void parsingTheSameTextTwiceGivesTheSameIds() {
        ImportedProgramme first = parser.parse(seed(), null);
        ImportedProgramme second = new ListingTextParser(Clock.systemUTC()).parse(seed(), 2022);

        assertEquals(first.sessions().get(0).id(), second.sessions().get(0).id());
        assertEquals(ids(first), ids(second));
        assertEquals(14, Set.copyOf(ids(first)).size(), "ids are unique");
        // Pinned: a change in how ids are derived would make every re-import duplicate the programme.
        assertEquals("does-the-data-induce-capacity-control-f60abeb0046f", ids(first).get(0));
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkChangeNothing() {
        String windows = "\uFEFF" + seed().replace("\n", "\r\n");

        assertEquals(parser.parse(seed(), null), parser.parse(windows, null));
    }

    @Test
    void modelIsImmutable() {
        ImportedProgramme programme = parser.parse(seed(), null);

        assertThrows(UnsupportedOperationException.class, () -> programme.sessions().clear());
        assertThrows(UnsupportedOperationException.class, () -> programme.notes().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> programme.talks().get(0).speakers().clear());
    }

    // ---------------------------------------------------------------- other listings

    @Test
    void twelveAndTwentyFourHourTimesNoonAndMultiParagraphAbstracts() {
        String listing = """
                Systems
                Hall E
                Wed 12 Jun 2022 is not a line we need
                Wed 12 June 12 p.m. CEST – 2:30 p.m. CEST
                Thu 13 Jun 2022 would be a broken time line, so it is not in this text

                Wed 12 June 12:00 - 13:05 CEST
                First talk
                Ada Lovelace
                First paragraph.

                Second paragraph.
                Wed 12 June 13:05 - 14:30 CEST
                Second talk without abstract
                Charles Babbage · Grace Hopper
                """;

        ImportedProgramme programme = parser.parse(listing, 2024);

        ImportedSession session = programme.sessions().get(0);
        assertAll(
                () -> assertNull(session.moderator()),
                () -> assertEquals(ZoneId.of("Europe/Berlin"), programme.zone()),
                () -> assertEquals(Instant.parse("2024-06-12T10:00:00Z"), session.start()),
                () -> assertEquals(Instant.parse("2024-06-12T12:30:00Z"), session.end()),
                () -> assertEquals(Instant.parse("2024-06-12T11:05:00Z"), session.talks().get(0).end()),
                () -> assertEquals("First paragraph.\n\nSecond paragraph.", session.talks().get(0).abstractText()),
                () -> assertNull(session.talks().get(1).abstractText()),
                () -> assertEquals(List.of("Charles Babbage", "Grace Hopper"), session.talks().get(1).speakers()),
                () -> assertTrue(String.join("\n", programme.notes()).contains("line 3 ignored"),
                        programme.notes()::toString));
    }

    @Test
    void midnightAndAbbreviatedFormsWithAnExplicitEndDate() {
        String listing = """
                Late Night
                Room 1
                Moderator: Someone
                Fri 31 Dec 11:30 p.m. JST — Sat 1 Jan 12:30 a.m. JST
                Fri 31 Dec 23:30 - 23:55 JST
                Before midnight
                A
                Sat 1 January 0:00 - 0:20 JST
                After midnight
                B
                """;

        ImportedProgramme programme = parser.parse(listing, 2021);

        ImportedSession session = programme.sessions().get(0);
        assertAll(
                () -> assertEquals("Someone", session.moderator()),
                () -> assertEquals(Instant.parse("2021-12-31T14:30:00Z"), session.start()),
                () -> assertEquals(Instant.parse("2021-12-31T15:30:00Z"), session.end()),
                () -> assertEquals(Instant.parse("2021-12-31T15:00:00Z"), session.talks().get(1).start()),
                () -> assertEquals(ZoneId.of("Asia/Tokyo"), programme.zone()));
    }

    @Test
    void anAbbreviationThatTheZoneDoesNotUseOnThatDateIsTakenAsWrittenWithANote() {
        String listing = """
                Winter
                Room
                Tue 10 Jan 9 a.m. PDT — 10 a.m. PDT
                Tue 10 Jan 9:00 - 9:30 PDT
                Talk
                Speaker
                """;

        ImportedProgramme programme = parser.parse(listing, 2023);

        assertEquals(Instant.parse("2023-01-10T16:00:00Z"), programme.sessions().get(0).start());
        assertTrue(programme.notes().stream().anyMatch(note -> note.contains("America/Los_Angeles is at -08:00")),
                programme.notes()::toString);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void emptyOrMissingText() {
        assertEquals("line 1", assertImportFails(() -> parser.parse(null, null)).where());
        assertEquals("line 1", assertImportFails(() -> parser.parse("  \n\n ", null)).where());
    }

    @Test
    void garbageTextIsNoListing() {
        ProgrammeImportException e = assertImportFails(
                () -> parser.parse("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\n{\"json\": true}", null));

        assertEquals("line 1", e.where());
        assertTrue(e.problem().contains("no session time line"), e.problem());
    }

    @Test
    void unknownZoneAbbreviationIsAnErrorOnItsLine() {
        String listing = seed().replace("Thu 21 July 7:40 - 7:45 PDT", "Thu 21 July 7:40 - 7:45 XYZ");

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, null));

        assertEquals("line 28", e.where());
        assertTrue(e.problem().contains("unknown time zone abbreviation 'XYZ'"), e.problem());
    }

    @Test
    void talkEndingBeforeItStartsIsAnError() {
        String listing = seed().replace("Thu 21 July 7:40 - 7:45 PDT", "Thu 21 July 7:45 - 7:40 PDT");

        assertEquals("line 28", assertImportFails(() -> parser.parse(listing, null)).where());
    }

    @Test
    void talkEndingWhenItStartsIsAnError() {
        String listing = seed().replace("Thu 21 July 7:40 - 7:45 PDT", "Thu 21 July 7:40 - 7:40 PDT");

        assertEquals("line 28", assertImportFails(() -> parser.parse(listing, null)).where());
    }

    @Test
    void talkDateWithWrongWeekdayIsAnError() {
        String listing = seed().replace("Thu 21 July 7:40 - 7:45 PDT", "Fri 21 July 7:40 - 7:45 PDT");

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, null));

        assertEquals("line 28", e.where());
    }

    @Test
    void malformedTimeLineIsAnError() {
        String listing = seed().replace("Thu 21 July 7:40 - 7:45 PDT", "Thu 21 July 7:40 PDT");

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, null));

        assertEquals("line 28", e.where());
        assertTrue(e.problem().contains("starts like a time line"), e.problem());
    }

    @Test
    void impossibleTimesAndDatesAreErrors() {
        assertEquals("line 7", assertImportFails(
                () -> parser.parse(seed().replace("7:30 a.m. PDT —", "13 p.m. PDT —"), null)).where());
        assertEquals("line 12", assertImportFails(
                () -> parser.parse(seed().replace("Thu 21 July 7:30 - 7:35", "Thu 21 July 7:30 - 7:75"), null)).where());
        assertEquals("line 7", assertImportFails(
                () -> parser.parse(seed().replace("Thu 21 Jul 7:30 a.m.", "Thu 32 Jul 7:30 a.m."), null)).where());
        assertEquals("line 12", assertImportFails(
                () -> parser.parse(seed().replace("Thu 21 July 7:30 - 7:35", "Thu 21 July 25:30 - 25:35"), null)).where());
    }

    @Test
    void talkWithoutTitleIsAnError() {
        String listing = seed() + "\n\nThu 21 July 8:55 - 9:00 PDT\n\n";

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, null));

        assertEquals("line 124", e.where());
        assertTrue(e.problem().contains("no title"), e.problem());
    }

    @Test
    void sessionWithoutTalksIsAnError() {
        String listing = "Deep Learning\nBallroom 1 & 2\nThu 21 Jul 7:30 a.m. PDT — 9 a.m. PDT\nChat is not available.\n";

        assertEquals("line 3", assertImportFails(() -> parser.parse(listing, null)).where());
    }

    @Test
    void sessionWithoutRoomIsAnError() {
        String listing = "Deep Learning\nThu 21 Jul 7:30 a.m. PDT — 9 a.m. PDT\nThu 21 July 7:30 - 7:35 PDT\nT\nA\n";

        assertEquals("line 2", assertImportFails(() -> parser.parse(listing, null)).where());
    }

    @Test
    void missingAuthorsLineIsReportedInsteadOfTurningTheAbstractIntoAuthors() {
        List<String> lines = new ArrayList<>(seed().lines().toList());
        lines.remove(15); // line 16: the authors of the first talk
        String listing = String.join("\n", lines);

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, null));

        assertEquals("line 17", e.where());
        assertTrue(e.problem().contains("authors line missing"), e.problem());
    }

    @Test
    void sameTalkListedTwiceIsAnError() {
        String firstTalk = String.join("\n", seed().lines().toList().subList(11, 19));
        String listing = seed() + "\n\n" + firstTalk;

        assertEquals("line 124", assertImportFails(() -> parser.parse(listing, null)).where());
    }

    private static List<String> ids(ImportedProgramme programme) {
        return programme.talks().stream().map(ImportedTalk::id).collect(Collectors.toList());
    }

    @Test
    void differentTalksGetDifferentIds() {
        ImportedProgramme programme = parser.parse(seed(), null);
        assertNotEquals(programme.talks().get(0).id(), programme.talks().get(1).id());
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void twoTalksAtOverlappingTimesAreRefused() {
        // The second talk (line 20, 7:35 - 7:40) gets the first one's time.
        String listing = seed().replace("Thu 21 July 7:35 - 7:40 PDT", "Thu 21 July 7:30 - 7:35 PDT");

        ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, 2022));

        assertEquals("line 20", e.where());
        assertTrue(e.problem().contains("overlaps"), e.problem());
    }

    @Test
    void controlCharactersAreRefusedWithTheirLine() {
        for (char control : new char[] {'\u0000', '\u0007', '\u001F', '\u007F'}) {
            String listing = seed().replace("Does the Data Induce", "Does the Data" + control + " Induce");

            ProgrammeImportException e = assertImportFails(() -> parser.parse(listing, 2022));

            assertEquals("line 14", e.where());
            assertTrue(e.problem().contains(String.format("U+%04X", (int) control)), e.problem());
        }
    }

    @Test
    void aByteOrderMarkAloneIsAnEmptyListing() {
        assertTrue(assertImportFails(() -> parser.parse("\uFEFF", null)).problem().contains("empty"));
        assertTrue(assertImportFails(() -> parser.parse("\uFEFF\n \n", null)).problem().contains("empty"));
    }

    @Test
    void aTextLongerThanAnyListingIsRefusedBeforeItIsSplit() {
        String huge = "x\n".repeat(ListingTextParser.MAX_CHARS / 2 + 1);

        ProgrammeImportException e = assertImportFails(() -> parser.parse(huge, null));

        assertEquals("input", e.where());
        assertTrue(e.problem().contains("one session at a time"), e.problem());
    }

    /** Long runs of spaces in author and moderator lines are read in linear time (issue 15, item 5: no backtracking). */
    @Test
    void longRunsOfSpacesAreReadQuickly() {
        String spaces = " ".repeat(200_000);
        String listing = seed().replace("Moderator : Jifan Zhang", "Moderator :" + spaces + "Jifan Zhang");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            ImportedProgramme programme = parser.parse(listing, 2022);
            assertEquals("Jifan Zhang", programme.sessions().get(0).moderator());
            String authors = seed().lines().filter(l -> l.contains(" · ")).findFirst().orElseThrow();
            String spaced = seed().replace(authors, authors.replace(" · ", spaces + "·" + spaces));
            assertEquals(parser.parse(seed(), 2022).sessions().get(0).talks().get(0).speakers(),
                    parser.parse(spaced, 2022).sessions().get(0).talks().get(0).speakers());
            ProgrammeImportException e = assertThrows(ProgrammeImportException.class,
                    () -> parser.parse(seed().replace(authors, authors + spaces + "x"), 2022));
            assertTrue(e.getMessage().contains("character text"), e.getMessage());
        });
    }

    /** Texts are bounded, so that no talk event comes near Kafka's record size (issue 15, item 4). */
    @Test
    void textsOverTheirLimitsAreRefusedWithTheirLine() {
        String longTitle = "Does the Data Induce" + " x".repeat(TextLimits.TITLE);
        ProgrammeImportException e = assertImportFails(() -> parser.parse(seed().replace("Does the Data Induce",
                longTitle), 2022));

        assertEquals("line 12", e.where()); // the talk's time line, as for overlaps
        assertTrue(e.problem().startsWith("the title of talk "), e.problem());
    }
}
