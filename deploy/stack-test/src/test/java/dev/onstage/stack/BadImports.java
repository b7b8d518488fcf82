package dev.onstage.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates programme imports that must be refused: real schedules (the seed listing, 31C3's frab XML, three c3voc
 * JSON exports) mutated at random places so that each result is wrong for a known reason (truncated, a wrong type, an
 * impossible date, an unknown zone, overlapping or duplicate talks, nesting, huge values, DOCTYPEs, control
 * characters...). Every mutation is chosen so that the result can never be a valid programme: the service must answer
 * 4xx and store nothing.
 */
final class BadImports {

    static final String TEXT = "text/plain; charset=UTF-8";
    static final String XML = "application/xml";
    static final String JSON = "application/json";

    /** One bad import: what it is, how it is sent, what the answer must be. */
    record BadImport(String kind, String description, String contentType, byte[] body, String query, int[] expected) {

        BadImport(String kind, String description, String contentType, String body, String query, int... expected) {
            this(kind, description, contentType, body.getBytes(StandardCharsets.UTF_8), query,
                    expected.length == 0 ? new int[] {400} : expected);
        }

        @Override
        public String toString() {
            return kind + " " + description + " (" + contentType + ", " + body.length + " bytes"
                    + (query.isEmpty() ? "" : ", ?" + query) + ")";
        }
    }

    private static final Set<String> KNOWN_ZONES = Set.of("PDT", "PST", "EDT", "EST", "CDT", "CST", "MDT", "MST",
            "CET", "CEST", "BST", "GMT", "UTC", "JST", "KST", "AEST", "AEDT", "IST");
    /** The start of a listing's time line, up to the first digit of the hour. */
    private static final Pattern TIME_LINE = Pattern.compile("(?m)^([A-Za-z]{3,9})\\s+(\\d{1,2})\\s+([A-Za-z]{3,9})\\s+\\d");
    /** C0 controls and DEL, except tab and the characters that end a line. */
    private static final String CONTROLS = "\u0000\u0001\u0002\u0007\u0008\u000E\u0010\u001B\u001F\u007F";
    private static final List<String> BAD_ZONE_NAMES = List.of("Mars/Olympus_Mons", "Europe/Atlantis", "PDT",
            "+01:00", "UTC+1", "europe/berlin", "Europe/Berlin/Mitte", "../../etc/passwd", "America/Los Angeles",
            "Etc/GMT+99", "Z", "\u0000");
    private static final List<String> BAD_DATE_TIMES = List.of("soon", "2014-12-27T11:00:00", "2014-13-27T11:00:00+01:00",
            "2014-02-30T11:00:00+01:00", "2014-12-27T25:00:00+01:00", "2014-12-27T11:61:00+01:00",
            "27.12.2014 11:00", "2014-12-27 11:00:00+01:00", "2014-12-27T11:00:00+25:00", "", "null",
            "+300000-12-27T11:00:00+01:00", "-5000-12-27T11:00:00+01:00", "+99999-12-27T11:00:00+01:00",
            "0000-12-27T11:00:00+01:00", "1000-12-27T11:00:00+01:00", "+999999999-12-31T23:59:59+01:00",
            "9999-12-27T11:00:00+01:00", "1969-12-27T11:00:00+01:00", "2014-12-27T11:00:00+01:00junk");
    private static final List<String> BAD_DURATIONS = List.of("00:00", "0:00", "ab:cd", "-1:00", "1:2:3:4",
            "1:24:00", "00:60", "forever", "1h", "", "::", "99999:00");
    private static final List<String> BAD_DATES = List.of("2014-12-32", "2014-13-01", "2014-02-30", "27.12.2014",
            "yesterday", "2014/12/27", "+300000-01-01", "", "2014-12-27T11:00:00+01:00x");
    private static final List<String> DOCTYPES = List.of(
            "<!DOCTYPE schedule [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE schedule [<!ENTITY xxe SYSTEM \"http://127.0.0.1:1/evil\">]>",
            "<!DOCTYPE schedule [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>",
            "<!DOCTYPE schedule SYSTEM \"http://127.0.0.1:1/schedule.dtd\">",
            "<!DOCTYPE schedule [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                    + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                    + "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>",
            "<!DOCTYPE schedule [<!ELEMENT schedule ANY>]>",
            "<!DOCTYPE schedule PUBLIC \"-//X//Y//EN\" \"file:///dev/random\">");

    private final Random random;
    private final String listing;
    private final String frab;
    private final List<String> c3voc = new ArrayList<>();

    BadImports(Random random, Path seedListing, Path realSchedules) throws IOException {
        this.random = random;
        this.listing = Files.readString(seedListing).replace("\r\n", "\n");
        this.frab = Files.readString(realSchedules.resolve("31c3-frab-schedule.xml"));
        for (String name : List.of("frab-camp2019.json", "pretalx-democon.json", "pretalx-rc3.json")) {
            c3voc.add(Files.readString(realSchedules.resolve(name)));
        }
    }

    // ------------------------------------------------------------------------------------------------ the listing

    List<BadImport> listings(int count) {
        List<Supplier<BadImport>> kinds = List.of(this::listingZone, this::listingWeekday, this::listingOtherWeekday,
                this::listingMonth, this::listingDay, this::listingHour, this::listingMinute, this::listingEndBeforeStart,
                this::listingTruncatedTimeLine, this::listingTruncatedHeader, this::listingOverlap,
                this::listingDuplicate, this::listingLongAuthor, this::listingEmptyAuthor, this::listingControlChar,
                this::listingNoRoom, this::listingYearMismatch, this::listingBadYear, this::listingBadConference,
                this::listingBadName, this::listingOtherFormat, this::listingGarbage);
        return generate(kinds, count);
    }

    private List<BadImport> generate(List<Supplier<BadImport>> kinds, int count) {
        List<BadImport> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Every kind at least once, then at random.
            out.add(kinds.get(i < kinds.size() ? i : random.nextInt(kinds.size())).get());
        }
        return out;
    }

    private BadImport listingBad(String description, String text) {
        return new BadImport("listing", description, TEXT, text, listingQuery());
    }

    private String listingQuery() {
        return switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> "year=2022";
            default -> "year=2022&conference=icml2022&name=ICML%202022";
        };
    }

    private List<int[]> timeLines() {
        List<int[]> lines = new ArrayList<>(); // {start, end, first digit of the hour}
        Matcher m = TIME_LINE.matcher(listing);
        while (m.find()) {
            int end = listing.indexOf('\n', m.start());
            lines.add(new int[] {m.start(), end < 0 ? listing.length() : end, m.end() - 1});
        }
        return lines;
    }

    private int[] anyTimeLine() {
        List<int[]> lines = timeLines();
        return lines.get(random.nextInt(lines.size()));
    }

    /** A talk's time line (not the session's). */
    private int talkLineIndex() {
        return 1 + random.nextInt(timeLines().size() - 1);
    }

    private String replaceInLine(int[] line, String regex, String replacement) {
        String text = listing.substring(line[0], line[1]);
        String changed = text.replaceFirst(regex, Matcher.quoteReplacement(replacement));
        if (changed.equals(text)) {
            throw new IllegalStateException("no " + regex + " in " + text);
        }
        return listing.substring(0, line[0]) + changed + listing.substring(line[1]);
    }

    private BadImport listingZone() {
        int[] line = anyTimeLine();
        String zone;
        do {
            zone = letters(2 + random.nextInt(4)).toUpperCase(Locale.ROOT);
        } while (KNOWN_ZONES.contains(zone));
        return listingBad("unknown zone " + zone, replaceInLine(line, "PDT$", zone));
    }

    private BadImport listingWeekday() {
        int[] line = anyTimeLine();
        String word;
        do {
            word = capitalized(letters(3 + random.nextInt(7)));
        } while (isPrefixOfAny(word, DayOfWeek.values()));
        return listingBad("weekday " + word, replaceInLine(line, "^[A-Za-z]+", word));
    }

    private BadImport listingOtherWeekday() {
        int[] line = anyTimeLine();
        DayOfWeek other = DayOfWeek.of(1 + random.nextInt(7));
        if (other == DayOfWeek.THURSDAY) {
            other = DayOfWeek.FRIDAY;
        }
        String word = capitalized(other.name().substring(0, 3).toLowerCase(Locale.ROOT));
        return listingBad("weekday that does not fit " + word, replaceInLine(line, "^[A-Za-z]+", word));
    }

    private BadImport listingMonth() {
        int[] line = anyTimeLine();
        String word;
        do {
            word = capitalized(letters(3 + random.nextInt(7)));
        } while (isPrefixOfAny(word, Month.values()));
        return listingBad("month " + word, replaceInLine(line, "(?<=^[A-Za-z]{3,9}\\s\\d{1,2}\\s)[A-Za-z]+", word));
    }

    private BadImport listingDay() {
        int[] line = anyTimeLine();
        String day = random.nextInt(4) == 0 ? "0" : String.valueOf(32 + random.nextInt(68));
        return listingBad("day " + day, replaceInLine(line, "(?<=^[A-Za-z]{3,9}\\s)\\d{1,2}", day));
    }

    private BadImport listingHour() {
        int index = random.nextInt(timeLines().size());
        int[] line = timeLines().get(index);
        // The session line is on the 12-hour clock (a.m.), the talk lines on the 24-hour clock.
        String hour = String.valueOf(index == 0 ? 13 + random.nextInt(87) : 24 + random.nextInt(76));
        return listingBad("hour " + hour, listing.substring(0, line[2]) + hour
                + listing.substring(line[2]).replaceFirst("^\\d{1,2}", ""));
    }

    private BadImport listingMinute() {
        int[] line = anyTimeLine();
        String minute = String.valueOf(60 + random.nextInt(40));
        return listingBad("minute " + minute, replaceInLine(line, ":\\d{2}", ":" + minute));
    }

    private BadImport listingEndBeforeStart() {
        int[] line = timeLines().get(talkLineIndex());
        Matcher m = Pattern.compile("(\\d{1,2}:\\d{2}) - (\\d{1,2}:\\d{2})").matcher(listing.substring(line[0], line[1]));
        if (!m.find()) {
            throw new IllegalStateException("no time range");
        }
        boolean equal = random.nextBoolean();
        String range = equal ? m.group(1) + " - " + m.group(1) : m.group(2) + " - " + m.group(1);
        return listingBad(equal ? "talk ends as it starts" : "talk ends before it starts",
                replaceInLine(line, "\\d{1,2}:\\d{2} - \\d{1,2}:\\d{2}", range));
    }

    private BadImport listingTruncatedTimeLine() {
        int[] line = anyTimeLine();
        int cut = line[2] + 1 + random.nextInt(line[1] - line[2]);
        return listingBad("truncated at " + cut + " in a time line", listing.substring(0, cut));
    }

    private BadImport listingTruncatedHeader() {
        int[] session = timeLines().get(0);
        int cut = random.nextInt(session[2]);
        return listingBad("truncated at " + cut + " before the session time", listing.substring(0, cut));
    }

    private BadImport listingOverlap() {
        int index = 2 + random.nextInt(timeLines().size() - 2); // a talk after the first talk
        int[] previous = timeLines().get(index - 1);
        int[] line = timeLines().get(index);
        Matcher m = Pattern.compile("\\d{1,2}:\\d{2} - \\d{1,2}:\\d{2}").matcher(listing.substring(previous[0], previous[1]));
        if (!m.find()) {
            throw new IllegalStateException("no time range");
        }
        return listingBad("talk " + index + " at the same time as the one before, in the same room",
                replaceInLine(line, "\\d{1,2}:\\d{2} - \\d{1,2}:\\d{2}", m.group()));
    }

    private BadImport listingDuplicate() {
        List<int[]> lines = timeLines();
        int index = 1 + random.nextInt(lines.size() - 1);
        int start = lines.get(index)[0];
        int end = index + 1 < lines.size() ? lines.get(index + 1)[0] : listing.length();
        String block = listing.substring(start, end);
        if (!block.endsWith("\n")) {
            block = block + "\n\n";
        }
        String before = listing.substring(0, end);
        if (!before.endsWith("\n")) {
            before = before + "\n\n"; // the last talk: its copy starts on a line of its own
        }
        return listingBad("talk " + index + " listed twice", before + block + listing.substring(end));
    }

    /** The line of talk {@code index}'s block that is {@code offset} non-blank lines after its time line. */
    private int[] talkLine(int index, int offset) {
        int position = timeLines().get(index)[1] + 1;
        int seen = 0;
        while (position < listing.length()) {
            int end = listing.indexOf('\n', position);
            if (end < 0) {
                end = listing.length();
            }
            if (!listing.substring(position, end).isBlank() && ++seen == offset) {
                return new int[] {position, end};
            }
            position = end + 1;
        }
        return new int[] {timeLines().get(index)[0] + 1, timeLines().get(index)[1]}; // no such line: the time line
    }

    private BadImport listingLongAuthor() {
        int[] authors = talkLine(talkLineIndex(), 2);
        String name = capitalized(letters(101 + random.nextInt(300)));
        return listingBad("a " + name.length() + "-character author",
                listing.substring(0, authors[0]) + name + listing.substring(authors[1]));
    }

    private BadImport listingEmptyAuthor() {
        int[] authors = talkLine(talkLineIndex(), 2);
        String line = listing.substring(authors[0], authors[1]);
        String broken = random.nextBoolean() ? "· " + line : line.replaceFirst(" · ", " ·  · ");
        if (broken.equals(line)) {
            broken = line + " · ";
        }
        return listingBad("an empty author", listing.substring(0, authors[0]) + broken + listing.substring(authors[1]));
    }

    private BadImport listingControlChar() {
        char control = CONTROLS.charAt(random.nextInt(CONTROLS.length()));
        int[] target = switch (random.nextInt(4)) {
            case 0 -> talkLine(talkLineIndex(), 1); // a title
            case 1 -> talkLine(talkLineIndex(), 2); // the authors
            case 2 -> new int[] {0, listing.indexOf('\n')}; // the session title
            default -> talkLine(talkLineIndex(), 3); // an abstract
        };
        int at = target[0] + 1 + random.nextInt(Math.max(1, target[1] - target[0] - 2));
        return listingBad(String.format("U+%04X in line text", (int) control),
                listing.substring(0, at) + control + listing.substring(at));
    }

    private BadImport listingNoRoom() {
        int session = timeLines().get(0)[0];
        String header = listing.substring(0, session);
        String withoutRoom = header.lines().filter(l -> l.startsWith("Moderator")).reduce("", (a, b) -> a + b + "\n");
        return listingBad("no session title and room", withoutRoom + listing.substring(session));
    }

    private BadImport listingYearMismatch() {
        int year;
        do {
            year = 1970 + random.nextInt(131);
        } while (LocalDate.of(year, 7, 21).getDayOfWeek() == DayOfWeek.THURSDAY);
        return new BadImport("listing", "year " + year + " (21 July is no Thursday)", TEXT, listing, "year=" + year);
    }

    private BadImport listingBadYear() {
        List<String> years = List.of("abc", "1969", "2101", "-1", "1e3", "20 22", "0x7E6", "2022.0", "99999999999",
                "%00");
        String year = years.get(random.nextInt(years.size()));
        return new BadImport("listing", "year parameter '" + year + "'", TEXT, listing,
                "year=" + (year.equals("%00") ? year : Http.encode(year)));
    }

    private BadImport listingBadConference() {
        List<String> ids = List.of("ICML", "-icml", "icml 2022", "x".repeat(65), "", "icml_2022", "ïcml", "a/b",
                "icml\u0000", "../etc");
        String id = ids.get(random.nextInt(ids.size()));
        return new BadImport("listing", "conference parameter '" + id.replace("\u0000", "\\0") + "'", TEXT, listing,
                "year=2022&conference=" + Http.encode(id));
    }

    private BadImport listingBadName() {
        String name = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "N".repeat(201 + random.nextInt(500));
            case 2 -> "ICML" + CONTROLS.charAt(random.nextInt(CONTROLS.length())) + "2022";
            default -> "   ";
        };
        return new BadImport("listing", "name parameter of " + name.length() + " characters", TEXT, listing,
                "year=2022&conference=icml2022&name=" + Http.encode(name));
    }

    private BadImport listingOtherFormat() {
        String other = random.nextBoolean() ? frab : c3voc.get(random.nextInt(c3voc.size()));
        return listingBad("another format sent as text", other);
    }

    private BadImport listingGarbage() {
        return switch (random.nextInt(5)) {
            case 0 -> listingBad("empty", "");
            case 1 -> listingBad("blank", " \n\t\n ".repeat(1 + random.nextInt(100)));
            case 2 -> listingBad("a byte order mark only", "\uFEFF");
            case 3 -> new BadImport("listing", "random bytes", TEXT, randomBytes(1 + random.nextInt(100_000)),
                    "", new int[] {400});
            default -> listingBad("random text", letters(1 + random.nextInt(10_000)));
        };
    }

    // ------------------------------------------------------------------------------------------------ frab XML

    List<BadImport> frabs(int count) {
        List<Supplier<BadImport>> kinds = List.of(this::frabTruncated, this::frabDoctype, this::frabDeep,
                this::frabBadDate, this::frabBadDuration, this::frabBadDay, this::frabBadZone, this::frabOverlap,
                this::frabDuplicateGuid, this::frabNoTitle, this::frabStructure, this::frabHugeText,
                this::frabControlChar, this::frabAsJson, this::frabGarbage, this::frabNoEvents, this::frabBadEncoding);
        return generate(kinds, count);
    }

    private BadImport frabBad(String description, String xml) {
        return new BadImport("frab", description, XML, xml, "");
    }

    /** The start index of every match of regex's group 1 (or the whole match) in the 31C3 XML. */
    private List<int[]> frabMatches(String regex) {
        List<int[]> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(frab);
        while (m.find()) {
            int group = m.groupCount() >= 1 ? 1 : 0;
            found.add(new int[] {m.start(group), m.end(group)});
        }
        return found;
    }

    private String replaceAt(String text, int[] span, String replacement) {
        return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }

    private <T> T any(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private BadImport frabTruncated() {
        int cut = random.nextInt(frab.indexOf("</schedule>"));
        return frabBad("truncated at " + cut, frab.substring(0, cut));
    }

    private BadImport frabDoctype() {
        String doctype = any(DOCTYPES);
        int afterDeclaration = frab.indexOf("?>") + 2;
        String xml = frab.substring(0, afterDeclaration) + "\n" + doctype + frab.substring(afterDeclaration);
        if (doctype.contains("xxe")) {
            xml = xml.replaceFirst("<title>[^<]*</title>", "<title>&xxe;</title>");
        } else if (doctype.contains("&h;") || doctype.contains("ENTITY h")) {
            xml = xml.replaceFirst("<title>[^<]*</title>", "<title>&h;</title>");
        }
        return frabBad("DOCTYPE " + doctype.substring(0, Math.min(60, doctype.length())), xml);
    }

    private BadImport frabDeep() {
        int depth = 30 + random.nextInt(3000);
        int[] event = any(frabMatches("<event [^>]*>"));
        return frabBad("elements nested " + depth + " deep",
                frab.substring(0, event[1]) + "<x>".repeat(depth) + "</x>".repeat(depth) + frab.substring(event[1]));
    }

    private BadImport frabBadDate() {
        // Not empty: an event without date is placed by its start, as old files have it.
        String value = any(BAD_DATE_TIMES.stream().filter(v -> !v.isEmpty()).toList());
        return frabBad("event date '" + value + "'", replaceAt(frab, any(frabMatches("<date>([^<]*)</date>")), value));
    }

    private BadImport frabBadDuration() {
        String value = any(BAD_DURATIONS);
        return frabBad("duration '" + value + "'",
                replaceAt(frab, any(frabMatches("<duration>([^<]*)</duration>")), value));
    }

    private BadImport frabBadDay() {
        if (random.nextBoolean()) {
            // Not empty: a day without date is placed by its start.
            String value = any(BAD_DATES.stream().filter(v -> !v.isEmpty()).toList());
            return frabBad("day date '" + value + "'", replaceAt(frab, any(frabMatches("<day date='([^']*)'")), value));
        }
        String value = any(BAD_DATE_TIMES.stream().filter(v -> !v.isEmpty()).toList());
        return frabBad("day start '" + value + "'", replaceAt(frab, any(frabMatches("<day [^>]*start='([^']*)'")), value));
    }

    private BadImport frabBadZone() {
        String zone = any(BAD_ZONE_NAMES).replace("\u0000", "&#0;");
        int end = frab.indexOf("</conference>");
        return frabBad("time_zone_name '" + zone + "'",
                frab.substring(0, end) + "<time_zone_name>" + zone + "</time_zone_name>\n" + frab.substring(end));
    }

    private BadImport frabOverlap() {
        // Two consecutive events of one room (no <room name=...> or <day> between them): the second gets the first
        // one's start.
        List<int[]> events = frabMatches("<event guid=");
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            String between = frab.substring(events.get(i - 1)[0], events.get(i)[0]);
            if (!between.contains("<room name=") && !between.contains("<day ")) {
                candidates.add(i);
            }
        }
        int i = any(candidates);
        int[] earlier = dateOf(events.get(i - 1)[0]);
        return frabBad("an event at the same time as the one before it in its room",
                replaceAt(frab, dateOf(events.get(i)[0]), frab.substring(earlier[0], earlier[1])));
    }

    /** The text span of the first {@code <date>} after {@code from}. */
    private int[] dateOf(int from) {
        int start = frab.indexOf("<date>", from) + "<date>".length();
        return new int[] {start, frab.indexOf("</date>", start)};
    }

    private BadImport frabDuplicateGuid() {
        List<int[]> guids = frabMatches("<event guid='([^']*)'");
        int i = 1 + random.nextInt(guids.size() - 1);
        String earlier = frab.substring(guids.get(i - 1)[0], guids.get(i - 1)[1]);
        return frabBad("a guid used twice", replaceAt(frab, guids.get(i), earlier));
    }

    private BadImport frabNoTitle() {
        List<int[]> titles = frabMatches("<title>([^<]*)</title>");
        int[] title = titles.get(1 + random.nextInt(titles.size() - 1)); // the first is the conference's
        return frabBad("an event without title", replaceAt(frab, title, random.nextBoolean() ? "" : "   "));
    }

    private BadImport frabStructure() {
        return switch (random.nextInt(4)) {
            case 0 -> frabBad("no <conference>", frab.replaceFirst("(?s)<conference>.*?</conference>", ""));
            case 1 -> frabBad("root element <programme>",
                    frab.replaceFirst("<schedule>", "<programme>").replace("</schedule>", "</programme>"));
            case 2 -> frabBad("no acronym and no title",
                    frab.replaceFirst("<acronym>[^<]*</acronym>", "").replaceFirst("<title>[^<]*</title>", ""));
            default -> frabBad("a room without name", replaceAt(frab, any(frabMatches("<room name='([^']*)'>")), " "));
        };
    }

    private BadImport frabHugeText() {
        int size = 1_000_001 + random.nextInt(200_000);
        int[] abstractText = any(frabMatches("<abstract>([^<]*)</abstract>"));
        return frabBad("an abstract of " + size + " characters", replaceAt(frab, abstractText, "a".repeat(size)));
    }

    private BadImport frabControlChar() {
        int code = CONTROLS.charAt(random.nextInt(CONTROLS.length()));
        String reference = "&#" + code + ";";
        // XML 1.1 allows references to most C0 characters, XML 1.0 to none of them.
        String xml = random.nextBoolean() ? frab.replaceFirst("<\\?xml version='1.0'", "<?xml version='1.1'") : frab;
        List<int[]> targets = frabMatches(random.nextBoolean() ? "<title>([^<]+)</title>" : "<person id='\\d+'>([^<]+)</person>");
        int[] target = any(targets);
        int shift = xml.length() - frab.length();
        int at = target[0] + shift + 1;
        return frabBad(String.format("&#%d; in a text, XML %s", code, xml.contains("version='1.1'") ? "1.1" : "1.0"),
                xml.substring(0, at) + reference + xml.substring(at));
    }

    private BadImport frabAsJson() {
        return new BadImport("frab", "XML sent as JSON", JSON, frab, "");
    }

    private BadImport frabGarbage() {
        return switch (random.nextInt(4)) {
            case 0 -> frabBad("empty", "");
            case 1 -> new BadImport("frab", "random bytes", XML, randomBytes(1 + random.nextInt(50_000)), "",
                    new int[] {400});
            case 2 -> frabBad("not XML", letters(1 + random.nextInt(1000)));
            default -> frabBad("only a declaration", "<?xml version='1.0' encoding='utf-8' ?>");
        };
    }

    private BadImport frabNoEvents() {
        if (random.nextBoolean()) {
            return frabBad("no days", frab.replaceAll("(?s)<day .*?</day>", ""));
        }
        return frabBad("days without events", frab.replaceAll("(?s)<event .*?</event>", ""));
    }

    private BadImport frabBadEncoding() {
        String encoding = any(List.of("x-bogus", "EBCDIC-XX", "", "utf-99"));
        return frabBad("encoding '" + encoding + "'",
                frab.replaceFirst("encoding='utf-8'", "encoding='" + encoding + "'"));
    }

    // ------------------------------------------------------------------------------------------------ c3voc JSON

    List<BadImport> c3vocs(int count) {
        List<Supplier<BadImport>> kinds = List.of(this::jsonTruncated, this::jsonWrongType, this::jsonDeep,
                this::jsonBadZone, this::jsonBadDate, this::jsonBadDuration, this::jsonBadDay, this::jsonOverlap,
                this::jsonDuplicateGuid, this::jsonNoTitle, this::jsonControlChar, this::jsonNoEvents,
                this::jsonHugeString, this::jsonHugeNumber, this::jsonDuplicateKey, this::jsonNotAnObject,
                this::jsonTrailing, this::jsonPersons, this::jsonAsXml);
        return generate(kinds, count);
    }

    private record Doc(String name, ObjectNode root) {

        ObjectNode conference() {
            return (ObjectNode) root.path("schedule").path("conference");
        }

        ArrayNode days() {
            return (ArrayNode) conference().path("days");
        }

        /** Every event with its room array, as [day, room name, index] references. */
        List<ObjectNode> events() {
            List<ObjectNode> events = new ArrayList<>();
            days().forEach(day -> day.path("rooms").properties()
                    .forEach(room -> room.getValue().forEach(event -> events.add((ObjectNode) event))));
            return events;
        }

        List<ArrayNode> rooms() {
            List<ArrayNode> rooms = new ArrayList<>();
            days().forEach(day -> day.path("rooms").properties().forEach(room -> rooms.add((ArrayNode) room.getValue())));
            return rooms;
        }
    }

    private Doc doc() {
        int index = random.nextInt(c3voc.size());
        try {
            return new Doc(List.of("camp2019", "democon", "rc3").get(index),
                    (ObjectNode) Http.JSON.readTree(c3voc.get(index)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private BadImport jsonBad(Doc doc, String description) {
        try {
            return new BadImport("c3voc", doc.name() + ": " + description, JSON, Http.JSON.writeValueAsString(doc.root()), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private BadImport jsonBad(String description, String text) {
        return new BadImport("c3voc", description, JSON, text, "");
    }

    private BadImport jsonTruncated() {
        int index = random.nextInt(c3voc.size());
        String text = c3voc.get(index);
        int cut = random.nextInt(text.lastIndexOf('}'));
        return jsonBad("truncated at " + cut, text.substring(0, cut));
    }

    /** A value of another JSON type than a string: a number, a boolean, an array or an object. */
    private JsonNode notAString() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(5)) {
            case 0 -> f.numberNode(random.nextInt());
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.arrayNode().add("x");
            case 3 -> f.objectNode().put("x", 1);
            default -> f.numberNode(random.nextDouble());
        };
    }

    private BadImport jsonWrongType() {
        Doc doc = doc();
        JsonNode value = notAString();
        List<String> eventFields = List.of("guid", "title", "date", "duration", "room");
        switch (random.nextInt(8)) {
            case 0 -> {
                String field = any(List.of("acronym", "title", "time_zone_name"));
                doc.conference().set(field, value);
                return jsonBad(doc, "conference " + field + " is " + value.getNodeType());
            }
            case 1 -> {
                doc.conference().set("days", random.nextBoolean() ? JsonNodeFactory.instance.objectNode()
                        : JsonNodeFactory.instance.textNode("days"));
                return jsonBad(doc, "days is no array");
            }
            case 2 -> {
                ObjectNode day = (ObjectNode) any(iterable(doc.days()));
                day.set(random.nextBoolean() ? "date" : "rooms", JsonNodeFactory.instance.numberNode(7));
                return jsonBad(doc, "a day's date or rooms is a number");
            }
            case 3 -> {
                ArrayNode room = any(doc.rooms());
                room.set(random.nextInt(room.size()), JsonNodeFactory.instance.textNode("event"));
                return jsonBad(doc, "an event is a string");
            }
            case 4 -> {
                ObjectNode day = (ObjectNode) any(iterable(doc.days()).stream().filter(d -> d.path("rooms").size() > 0)
                        .toList());
                ObjectNode rooms = (ObjectNode) day.path("rooms");
                String name = rooms.fieldNames().next();
                rooms.set(name, JsonNodeFactory.instance.objectNode());
                return jsonBad(doc, "a room's events are an object");
            }
            case 5 -> {
                ObjectNode event = any(doc.events());
                event.set("id", random.nextBoolean() ? JsonNodeFactory.instance.numberNode(1.5)
                        : JsonNodeFactory.instance.arrayNode());
                event.remove("guid");
                return jsonBad(doc, "an event id that is neither integer nor string");
            }
            default -> {
                ObjectNode event = any(doc.events());
                String field = any(eventFields);
                event.set(field, value);
                if (field.equals("duration")) {
                    event.remove("end");
                }
                return jsonBad(doc, "event " + field + " is " + value.getNodeType());
            }
        }
    }

    private static <T> List<T> iterable(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private BadImport jsonDeep() {
        Doc doc = doc();
        int depth = 33 + random.nextInt(3000);
        ObjectNode event = any(doc.events());
        event.put("title", "@@DEEP@@");
        try {
            String text = Http.JSON.writeValueAsString(doc.root())
                    .replace("\"@@DEEP@@\"", "[".repeat(depth) + "]".repeat(depth));
            return jsonBad(doc.name() + ": arrays nested " + depth + " deep", text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private BadImport jsonBadZone() {
        Doc doc = doc();
        String zone = any(BAD_ZONE_NAMES);
        doc.conference().put("time_zone_name", zone);
        return jsonBad(doc, "time_zone_name '" + zone.replace("\u0000", "\\0") + "'");
    }

    private BadImport jsonBadDate() {
        Doc doc = doc();
        String value = any(BAD_DATE_TIMES.stream().filter(v -> !v.isEmpty() && !v.equals("null")).toList());
        ObjectNode event = any(doc.events());
        if (random.nextInt(4) == 0 && event.has("end")) {
            event.put("end", value);
            return jsonBad(doc, "event end '" + value + "'");
        }
        event.put("date", value);
        return jsonBad(doc, "event date '" + value + "'");
    }

    private BadImport jsonBadDuration() {
        Doc doc = doc();
        String value = any(BAD_DURATIONS.stream().filter(v -> !v.isEmpty()).toList());
        ObjectNode event = any(doc.events());
        event.remove("end");
        event.put("duration", value);
        return jsonBad(doc, "duration '" + value + "'");
    }

    private BadImport jsonBadDay() {
        Doc doc = doc();
        ObjectNode day = (ObjectNode) any(iterable(doc.days()));
        String value = any(BAD_DATES.stream().filter(v -> !v.isEmpty()).toList());
        day.put("date", value);
        return jsonBad(doc, "day date '" + value + "'");
    }

    private BadImport jsonOverlap() {
        Doc doc = doc();
        List<ArrayNode> rooms = doc.rooms().stream().filter(r -> r.size() >= 2).toList();
        ArrayNode room = any(rooms);
        int i = 1 + random.nextInt(room.size() - 1);
        ObjectNode earlier = (ObjectNode) room.get(i - 1);
        ObjectNode event = (ObjectNode) room.get(i);
        event.set("date", earlier.get("date"));
        event.remove("end");
        event.set("duration", earlier.get("duration"));
        return jsonBad(doc, "an event at the same time as the one before it in its room");
    }

    private BadImport jsonDuplicateGuid() {
        Doc doc = doc();
        List<ObjectNode> events = doc.events();
        int i = 1 + random.nextInt(events.size() - 1);
        events.get(i).set("guid", events.get(i - 1).get("guid"));
        return jsonBad(doc, "a guid used twice");
    }

    private BadImport jsonNoTitle() {
        Doc doc = doc();
        ObjectNode event = any(doc.events());
        if (random.nextBoolean()) {
            event.remove("title");
        } else {
            event.put("title", "  ");
        }
        return jsonBad(doc, "an event without title");
    }

    private BadImport jsonControlChar() {
        Doc doc = doc();
        char control = CONTROLS.charAt(random.nextInt(CONTROLS.length()));
        ObjectNode event = any(doc.events());
        switch (random.nextInt(4)) {
            case 0 -> event.put("title", event.path("title").asText() + control);
            case 1 -> event.put("room", control + event.path("room").asText());
            case 2 -> event.put("abstract", "abstract" + control + "text");
            default -> {
                ArrayNode persons = (ArrayNode) event.path("persons");
                ObjectNode person = JsonNodeFactory.instance.objectNode().put("public_name", "Ada" + control + "Lovelace");
                if (persons.isMissingNode()) {
                    event.putArray("persons").add(person);
                } else {
                    persons.add(person);
                }
            }
        }
        return jsonBad(doc, String.format("U+%04X in an event's text", (int) control));
    }

    private BadImport jsonNoEvents() {
        Doc doc = doc();
        if (random.nextBoolean()) {
            doc.conference().putArray("days");
            return jsonBad(doc, "no days");
        }
        doc.days().forEach(day -> ((ObjectNode) day).putObject("rooms"));
        return jsonBad(doc, "days without rooms");
    }

    private BadImport jsonHugeString() {
        Doc doc = doc();
        int size = 1_000_001 + random.nextInt(200_000);
        any(doc.events()).put("abstract", "a".repeat(size));
        return jsonBad(doc, "an abstract of " + size + " characters");
    }

    private BadImport jsonHugeNumber() {
        Doc doc = doc();
        ObjectNode event = any(doc.events());
        event.put("id", "@@NUMBER@@");
        event.remove("guid");
        String digits = "9".repeat(33 + random.nextInt(5000));
        try {
            return jsonBad(doc.name() + ": an id of " + digits.length() + " digits",
                    Http.JSON.writeValueAsString(doc.root()).replace("\"@@NUMBER@@\"", digits));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private BadImport jsonDuplicateKey() {
        int index = random.nextInt(c3voc.size());
        String text = c3voc.get(index);
        int conference = text.indexOf("\"conference\"");
        int brace = text.indexOf('{', conference) + 1;
        return jsonBad("a key given twice", text.substring(0, brace) + "\"acronym\":\"one\",\"acronym\":\"two\","
                + text.substring(brace));
    }

    private BadImport jsonNotAnObject() {
        String value = any(List.of("[]", "\"schedule\"", "42", "null", "true", "[{\"schedule\":{}}]", "{}",
                "{\"schedule\":null}", "{\"schedule\":{\"conference\":[]}}", "{\"schedule\":{\"conference\":{}}}"));
        return jsonBad("'" + value + "'", value);
    }

    private BadImport jsonTrailing() {
        int index = random.nextInt(c3voc.size());
        return jsonBad("content after the schedule", c3voc.get(index) + any(List.of(" {}", "]", "x", ",{}", "\"\"")));
    }

    private BadImport jsonPersons() {
        Doc doc = doc();
        ObjectNode event = any(doc.events());
        switch (random.nextInt(3)) {
            case 0 -> event.put("persons", "Ada Lovelace");
            case 1 -> event.putArray("persons").add(5);
            default -> event.putArray("persons").addObject().put("id", 1);
        }
        return jsonBad(doc, "persons that are not a list of named persons");
    }

    private BadImport jsonAsXml() {
        return new BadImport("c3voc", "JSON sent as XML", XML, c3voc.get(random.nextInt(c3voc.size())), "");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String letters(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static boolean isPrefixOfAny(String word, Enum<?>[] names) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (Enum<?> name : names) {
            if (name.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
                return true;
            }
        }
        return false;
    }
}
