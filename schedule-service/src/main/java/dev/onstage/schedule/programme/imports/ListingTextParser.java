package dev.onstage.schedule.programme.imports;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads one session as listed on a conference web site and copied as text, e.g. ICML 2022's
 * {@code seed/icml2022-deep-learning.txt}:
 *
 * <pre>
 * Deep Learning                                   session title
 * Ballroom 1 &amp; 2                                  room
 * Moderator : Jifan Zhang                         optional
 * Thu 21 Jul 7:30 a.m. PDT — 9 a.m. PDT           session time
 * Chat is not available.                          page noise, dropped
 * Thu 21 July 7:30 - 7:35 PDT                     talk time, then per talk:
 * Does the Data Induce Capacity Control ...       title
 * Rubing Yang · Jialin Mao · Pratik Chaudhari     authors, separated by " · "
 * We show that the input correlation ...          abstract: optional, may run over several lines/paragraphs
 * </pre>
 *
 * Blank lines do not matter, except inside an abstract, which is kept as written (its lines joined with newlines).
 *
 * <p><b>Times.</b> A time line is {@code <weekday> <day> <month> <time> [<zone>] — [<weekday> <day> <month>]
 * <time> <zone>}, with "—", "–", "-" or "to" between start and end. Weekday and month may be abbreviated
 * ({@code Thu}, {@code Jul}) or written out. Times are 12-hour with a.m./p.m. ({@code 7:30 a.m.}, {@code 9 a.m.},
 * {@code 12 p.m.} is noon, {@code 12 a.m.} midnight) or 24-hour without ({@code 7:35}, {@code 13:05}). A start
 * without zone has the end's zone. The zone abbreviations and the offsets they denote are those of
 * {@link ZoneAbbreviations} (PDT/PST America/Los_Angeles, EDT/EST America/New_York, CDT/CST America/Chicago,
 * MDT/MST America/Denver, CET/CEST Europe/Berlin, BST Europe/London, GMT/UTC UTC, JST Asia/Tokyo, KST Asia/Seoul,
 * AEST/AEDT Australia/Sydney, IST Asia/Kolkata); any other abbreviation is an error. Instants use the offset the
 * abbreviation denotes, as written (7:30 PDT is 14:30Z); if the zone's rules disagree on that date (PDT written in
 * winter) a note says so. The programme zone is that of the session start. An end at or before its start is an
 * error, also across midnight: a range over midnight must give the end's date.
 *
 * <p><b>Year.</b> Listings omit it. The {@code year} argument is used when given, and then every weekday in the
 * listing must agree with it (else an error with the line). Without it, the year is the most recent one up to the
 * current year (of the clock) in which the session's date falls on its weekday, and a note says so. A talk date
 * earlier in the calendar than the session's date is taken to be in the following year (a session over New Year).
 *
 * <p><b>Ids.</b> Listings have none, so stable ones are derived (see {@link StableIds}): a talk's id from the session
 * title, the talk's start instant and its title; the session's from its title, room and start instant. The same text
 * gives the same ids on every import; editing a talk's title or time gives it a new id. The listing names no
 * conference, so the conference id is the slug of session title and year ({@code deep-learning-2022}) and the name
 * is the session title.
 *
 * <p><b>Refused</b> besides malformed lines: two talks at overlapping times (a session is one room), control
 * characters (see {@link Texts}), and a text over {@link #MAX_CHARS} characters (one session's listing is far
 * smaller).
 *
 * <p>Problems are reported with {@code line N} (1-based). Stateless and thread-safe.
 */
@ApplicationScoped
public class ListingTextParser {

    /** Lines that the conference site shows around the listing and that are no part of it. */
    private static final Set<String> NOISE_LINES = Set.of("chat is not available.", "chat is not available");

    /**
     * Possessive and dot-all, so that it never backtracks: "moderator:", a long run of spaces and a character that
     * neither {@code \\s} nor {@code .} takes (U+2028) took quadratic time.
     */
    private static final Pattern MODERATOR = Pattern.compile("(?is)moderators?\\s*+:\\s*+(.+)");

    /**
     * The separator between authors; also tolerated with irregular spacing. Split by hand: the regular expression
     * {@code \\s*·\\s*} tried every start of a long run of spaces (quadratic time).
     */
    private static final char AUTHOR_SEPARATOR = '·';

    /** A name longer than this is not a name: most likely the authors line is missing and this is the abstract. */
    private static final int MAX_AUTHOR_NAME_LENGTH = 100;

    private static final String DATE = "(?<%1$sWeekday>[A-Za-z]{3,9})\\.?,?\\s+(?<%1$sDay>\\d{1,2})\\s+(?<%1$sMonth>[A-Za-z]{3,9})\\.?";
    private static final String TIME = "(?<%1$sHour>\\d{1,2})(?::(?<%1$sMinute>\\d{2}))?(?:\\s*(?<%1$sMeridiem>[aApP]\\.?\\s?[mM]\\.?))?";
    private static final String ZONE = "(?<%1$sZone>[A-Za-z]{2,5})";
    private static final Pattern TIME_RANGE = Pattern.compile(
            DATE.formatted("start") + "\\s+" + TIME.formatted("start") + "(?:\\s+" + ZONE.formatted("start") + ")?"
                    + "\\s*(?:—|–|-|to)\\s*"
                    + "(?:" + DATE.formatted("end") + "\\s+)?" + TIME.formatted("end") + "\\s+" + ZONE.formatted("end"));
    /** The beginning of a time line, to tell a malformed time line from a title that starts with a number. */
    private static final Pattern TIME_LINE_START = Pattern.compile(DATE.formatted("start") + "\\s+\\d{1,2}\\b.*");

    /** The longest listing read: the seed session's is 19,000 characters. */
    static final int MAX_CHARS = 1_000_000;

    /** How far back the year inference looks; 28 years would do (the calendar repeats), 400 covers 29 February. */
    private static final int MAX_YEARS_BACK = 400;

    private final Clock clock;

    /** Infers missing years relative to the current year of the system clock. */
    public ListingTextParser() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the current year for year inference; fixed in tests */
    public ListingTextParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param text the listing of one session
     * @param year the year of the session, or {@code null} to infer it from the weekday
     */
    public ImportedProgramme parse(String text, Integer year) {
        if (text != null && text.length() > MAX_CHARS) {
            // One session's listing is some kilobytes; a larger text is not one, and its lines would fill the memory.
            throw new ProgrammeImportException("input", "a session listing has at most " + MAX_CHARS
                    + " characters; this text has " + text.length() + ": import one session at a time");
        }
        List<Line> lines = text == null ? List.of() : lines(text);
        if (lines.stream().allMatch(Line::isBlank)) {
            throw new ProgrammeImportException("line 1", "the listing is empty");
        }
        for (Line line : lines) {
            int control = Texts.firstControl(line.raw());
            if (control >= 0) {
                throw new ProgrammeImportException(line.where(), "the line " + Texts.describeControl(line.raw(), control));
            }
        }
        return new Listing(lines, year, LocalDate.now(clock).getYear()).read();
    }

    private static List<Line> lines(String text) {
        String withoutByteOrderMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] rawLines = withoutByteOrderMark.split("\\R", -1);
        List<Line> lines = new ArrayList<>(rawLines.length);
        for (int index = 0; index < rawLines.length; index++) {
            lines.add(new Line(index + 1, rawLines[index]));
        }
        return lines;
    }

    /** One line of the input; {@code text} has web no-break spaces made plain and is stripped, for matching. */
    private record Line(int number, String raw, String text) {

        Line(int number, String raw) {
            this(number, raw, raw.replace('\u00A0', ' ').replace('\u202F', ' ').strip());
        }

        String where() {
            return "line " + number;
        }

        boolean isBlank() {
            return text.isEmpty();
        }

        boolean isNoise() {
            return NOISE_LINES.contains(text.toLowerCase(Locale.ROOT));
        }
    }

    /** A date as listings write it: weekday, day and month, no year. */
    private record WrittenDate(DayOfWeek weekday, MonthDay monthDay, String text) {
    }

    /**
     * A parsed time line, not yet placed in a year.
     *
     * @param endDate {@code null} when the end is on the start's date
     */
    private record TimeRange(Line line, WrittenDate startDate, LocalTime start, ZoneAbbreviations.Meaning startZone,
            WrittenDate endDate, LocalTime end, ZoneAbbreviations.Meaning endZone) {
    }

    /** One parse of one listing; holds the state of that parse only. */
    private static final class Listing {

        private final List<Line> lines;
        private final Integer givenYear;
        private final int currentYear;
        private final List<String> notes = new ArrayList<>();
        private int year;
        private MonthDay sessionMonthDay;

        Listing(List<Line> lines, Integer givenYear, int currentYear) {
            this.lines = lines;
            this.givenYear = givenYear;
            this.currentYear = currentYear;
        }

        ImportedProgramme read() {
            List<Line> content = lines.stream().filter(line -> !line.isBlank()).toList();
            int sessionLineIndex = firstTimeLine(content, 0);
            if (sessionLineIndex < 0) {
                throw new ProgrammeImportException(content.get(0).where(), "no session time line such as "
                        + "'Thu 21 Jul 7:30 a.m. PDT — 9 a.m. PDT' found; this is not a session listing");
            }
            Line sessionLine = content.get(sessionLineIndex);

            // Header: title, room and moderator before the session time.
            String title = null;
            String room = null;
            String moderator = null;
            for (Line line : content.subList(0, sessionLineIndex)) {
                Matcher moderatorMatch = MODERATOR.matcher(line.text());
                if (moderatorMatch.matches()) {
                    moderator = moderatorMatch.group(1).strip();
                } else if (title == null) {
                    title = line.text();
                } else if (room == null) {
                    room = line.text();
                } else {
                    notes.add(line.where() + " ignored: '" + line.text() + "'");
                }
            }
            if (room == null) {
                throw new ProgrammeImportException(sessionLine.where(),
                        "expected the session title and the room on separate lines before the session time");
            }

            TimeRange sessionRange = parseTimeRange(sessionLine);
            decideYear(sessionRange);
            Instant sessionStart = start(sessionRange);
            Instant sessionEnd = end(sessionRange, sessionStart, "the session");

            // Between the session time and the first talk there is only page noise.
            int firstTalkIndex = firstTimeLine(content, sessionLineIndex + 1);
            if (firstTalkIndex < 0) {
                throw new ProgrammeImportException(sessionLine.where(), "the session has no talks: expected talk time "
                        + "lines such as 'Thu 21 July 7:30 - 7:35 PDT' after the session time");
            }
            for (Line line : content.subList(sessionLineIndex + 1, firstTalkIndex)) {
                if (!line.isNoise()) {
                    notes.add(line.where() + " ignored: '" + line.text() + "'");
                }
            }

            List<ImportedTalk> talks = new ArrayList<>();
            Map<String, Line> lineOfTalkId = new HashMap<>();
            int talkLineIndex = firstTalkIndex;
            while (talkLineIndex >= 0) {
                int nextTalkLineIndex = firstTimeLine(content, talkLineIndex + 1);
                Line timeLine = content.get(talkLineIndex);
                Line lastLineOfTalk = nextTalkLineIndex < 0 ? content.get(content.size() - 1)
                        : content.get(nextTalkLineIndex - 1);
                ImportedTalk talk = talk(timeLine, lastLineOfTalk, title, room, sessionStart, sessionEnd);
                Line earlier = lineOfTalkId.putIfAbsent(talk.id(), timeLine);
                if (earlier != null) {
                    throw new ProgrammeImportException(timeLine.where(),
                            "the same talk at the same time is listed twice (first at " + earlier.where() + ")");
                }
                talks.add(talk);
                talkLineIndex = nextTalkLineIndex;
            }

            String sessionId = StableIds.of(title, title, room, sessionStart.toString());
            ImportedSession session = new ImportedSession(sessionId, title, room, moderator, sessionStart, sessionEnd,
                    talks);
            String conferenceId = StableIds.slug(title + " " + year);
            notes.add("The listing names no conference: the conference id '" + conferenceId
                    + "' and name '" + title + "' come from the session title and year.");
            ImportedProgramme programme = new ImportedProgramme(conferenceId, title, sessionRange.startZone().zone(),
                    List.of(session), notes);
            TextLimits.refuse(programme, id -> lineOfTalkId.get(id).where());
            Overlaps.refuse(talks, id -> lineOfTalkId.get(id).where());
            return programme;
        }

        /**
         * The talk whose time line is {@code timeLine}: title, authors and abstract are the lines after it, up to
         * {@code lastLine} inclusive.
         */
        private ImportedTalk talk(Line timeLine, Line lastLine, String sessionTitle, String room, Instant sessionStart,
                Instant sessionEnd) {
            TimeRange range = parseTimeRange(timeLine);
            Instant start = start(range);
            Instant end = end(range, start, "the talk");
            if (start.isBefore(sessionStart) || end.isAfter(sessionEnd)) {
                notes.add(timeLine.where() + ": the talk " + start + " – " + end + " lies outside its session "
                        + sessionStart + " – " + sessionEnd + ".");
            }

            List<Line> block = lines.subList(timeLine.number(), lastLine.number()).stream()
                    .filter(line -> !line.isNoise()).toList();
            List<Line> contentLines = block.stream().filter(line -> !line.isBlank()).toList();
            if (contentLines.isEmpty()) {
                throw new ProgrammeImportException(timeLine.where(), "the talk at this time has no title");
            }
            Line titleLine = contentLines.get(0);
            List<String> speakers = contentLines.size() > 1 ? speakers(contentLines.get(1)) : List.of();
            String abstractText = null;
            if (contentLines.size() > 2) {
                // The abstract is everything from its first line to the end of the block, blank lines included.
                int from = block.indexOf(contentLines.get(2));
                abstractText = String.join("\n", block.subList(from, block.size()).stream().map(Line::raw).toList())
                        .strip();
            }
            String id = StableIds.of(titleLine.text(), sessionTitle, start.toString(), titleLine.text());
            return new ImportedTalk(id, titleLine.text(), speakers, abstractText, room, start, end);
        }

        private static List<String> speakers(Line line) {
            List<String> names = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            String text = line.text();
            for (int from = 0, at; from <= text.length(); from = at + 1) {
                at = text.indexOf(AUTHOR_SEPARATOR, from);
                at = at < 0 ? text.length() : at;
                parts.add(text.substring(from, at));
            }
            while (parts.size() > 1 && parts.get(parts.size() - 1).isBlank()) {
                parts.remove(parts.size() - 1); // as String.split: trailing separators are tolerated
            }
            for (String part : parts) {
                String name = part.strip();
                if (name.isEmpty()) {
                    throw new ProgrammeImportException(line.where(), "empty author name between ' · ' separators");
                }
                if (name.length() > MAX_AUTHOR_NAME_LENGTH) {
                    throw new ProgrammeImportException(line.where(), "expected the authors separated by ' · ' after "
                            + "the title, found a " + name.length() + "-character text; is the authors line missing?");
                }
                names.add(name.strip());
            }
            return names;
        }

        /** Index in {@code content} of the first time line at or after {@code from}, or -1. */
        private static int firstTimeLine(List<Line> content, int from) {
            for (int index = from; index < content.size(); index++) {
                Line line = content.get(index);
                if (TIME_RANGE.matcher(line.text()).matches()) {
                    return index;
                }
                if (looksLikeMalformedTimeLine(line)) {
                    throw new ProgrammeImportException(line.where(), "'" + line.text() + "' starts like a time line but "
                            + "is not one such as 'Thu 21 July 7:30 - 7:35 PDT' or 'Thu 21 Jul 7:30 a.m. PDT — 9 a.m. PDT'");
                }
            }
            return -1;
        }

        /** "Thu 21 July 7:30 PDT" (no end) is a broken time line; "Does 3 layers help" is a title. */
        private static boolean looksLikeMalformedTimeLine(Line line) {
            Matcher matcher = TIME_LINE_START.matcher(line.text());
            return matcher.matches() && weekday(matcher.group("startWeekday")) != null
                    && month(matcher.group("startMonth")) != null;
        }

        private static TimeRange parseTimeRange(Line line) {
            Matcher matcher = TIME_RANGE.matcher(line.text());
            if (!matcher.matches()) {
                throw new IllegalStateException("only called for lines found by firstTimeLine: " + line.where());
            }
            WrittenDate startDate = writtenDate(matcher, "start", line);
            WrittenDate endDate = matcher.group("endWeekday") == null ? null : writtenDate(matcher, "end", line);
            ZoneAbbreviations.Meaning endZone = ZoneAbbreviations.resolve(matcher.group("endZone"), line.where());
            ZoneAbbreviations.Meaning startZone = matcher.group("startZone") == null ? endZone
                    : ZoneAbbreviations.resolve(matcher.group("startZone"), line.where());
            return new TimeRange(line, startDate, time(matcher, "start", line), startZone, endDate,
                    time(matcher, "end", line), endZone);
        }

        private static WrittenDate writtenDate(Matcher matcher, String which, Line line) {
            String weekdayText = matcher.group(which + "Weekday");
            String monthText = matcher.group(which + "Month");
            DayOfWeek weekday = weekday(weekdayText);
            if (weekday == null) {
                throw new ProgrammeImportException(line.where(), "'" + weekdayText + "' is not a weekday");
            }
            Month month = month(monthText);
            if (month == null) {
                throw new ProgrammeImportException(line.where(), "'" + monthText + "' is not a month");
            }
            int day = Integer.parseInt(matcher.group(which + "Day"));
            // 29 February is checked against the year later; any other day must exist in its month.
            if (day < 1 || day > month.maxLength()) {
                throw new ProgrammeImportException(line.where(), month.getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                        + " has no day " + day);
            }
            return new WrittenDate(weekday, MonthDay.of(month, day), weekdayText + " " + day + " " + monthText);
        }

        /** "12 p.m." is noon and "12 a.m." midnight; without a.m./p.m. the time is on the 24-hour clock. */
        private static LocalTime time(Matcher matcher, String which, Line line) {
            int hour = Integer.parseInt(matcher.group(which + "Hour"));
            String minuteText = matcher.group(which + "Minute");
            int minute = minuteText == null ? 0 : Integer.parseInt(minuteText);
            String meridiem = matcher.group(which + "Meridiem");
            String written = hour + (minuteText == null ? "" : ":" + minuteText) + (meridiem == null ? "" : " " + meridiem);
            if (meridiem != null) {
                if (hour < 1 || hour > 12) {
                    throw new ProgrammeImportException(line.where(), "'" + written + "': a 12-hour time has hours 1 to 12");
                }
                boolean afternoon = Character.toLowerCase(meridiem.charAt(0)) == 'p';
                hour = hour % 12 + (afternoon ? 12 : 0);
            }
            try {
                return LocalTime.of(hour, minute);
            } catch (DateTimeException e) {
                throw new ProgrammeImportException(line.where(), "'" + written + "' is not a time of day", e);
            }
        }

        private static DayOfWeek weekday(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (DayOfWeek weekday : DayOfWeek.values()) {
                if (weekday.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
                    return weekday;
                }
            }
            return null;
        }

        /** A month by its English name or an abbreviation of at least three letters ("Jul", "Sept", "July"). */
        private static Month month(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (Month month : Month.values()) {
                if (month.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
                    return month;
                }
            }
            return null;
        }

        /** Sets {@link #year} from the argument or, failing that, from the session date's weekday. */
        private void decideYear(TimeRange sessionRange) {
            WrittenDate date = sessionRange.startDate();
            sessionMonthDay = date.monthDay();
            if (givenYear != null) {
                year = givenYear;
                return;
            }
            for (int candidate = currentYear; candidate > currentYear - MAX_YEARS_BACK; candidate--) {
                if (date.monthDay().isValidYear(candidate)
                        && date.monthDay().atYear(candidate).getDayOfWeek() == date.weekday()) {
                    year = candidate;
                    notes.add("Year " + year + " inferred from weekday " + date.text() + " (" + sessionRange.line().where()
                            + "): the most recent year up to " + currentYear + " in which "
                            + date.monthDay().getDayOfMonth() + " "
                            + date.monthDay().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " is a "
                            + date.weekday().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ".");
                    return;
                }
            }
            throw new ProgrammeImportException(sessionRange.line().where(),
                    "no year up to " + currentYear + " has " + date.text() + "; please give the year");
        }

        /** The written date in the listing's year (the next year for a date before the session's), weekday-checked. */
        private LocalDate inYear(WrittenDate date, Line line) {
            int dateYear = date.monthDay().isBefore(sessionMonthDay) ? year + 1 : year;
            if (!date.monthDay().isValidYear(dateYear)) {
                throw new ProgrammeImportException(line.where(), dateYear + " has no 29 February");
            }
            LocalDate result = date.monthDay().atYear(dateYear);
            if (result.getDayOfWeek() != date.weekday()) {
                throw new ProgrammeImportException(line.where(), "'" + date.text() + "' does not fit the year " + dateYear
                        + ": " + result + " is a " + result.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                        + (givenYear != null ? " (the year was given)" : ""));
            }
            return result;
        }

        private Instant start(TimeRange range) {
            LocalDate date = inYear(range.startDate(), range.line());
            return instant(date, range.start(), range.startZone(), range.line());
        }

        private Instant end(TimeRange range, Instant start, String what) {
            LocalDate date = range.endDate() == null ? inYear(range.startDate(), range.line())
                    : inYear(range.endDate(), range.line());
            Instant end = instant(date, range.end(), range.endZone(), range.line());
            TimeValues.requireEndAfterStart(start, end, range.line().where(), what);
            return end;
        }

        /** The written wall-clock time at the offset its abbreviation denotes; notes when the zone disagrees. */
        private Instant instant(LocalDate date, LocalTime time, ZoneAbbreviations.Meaning zone, Line line) {
            Instant instant = date.atTime(time).toInstant(zone.offset());
            ZoneOffset zoneOffset = zone.zone().getRules().getOffset(instant);
            if (!zoneOffset.equals(zone.offset())) {
                notes.add(line.where() + ": an abbreviation for " + zone.offset() + " is written for " + date
                        + ", when " + zone.zone() + " is at " + zoneOffset + "; the time was taken as written.");
            }
            return instant;
        }
    }
}
