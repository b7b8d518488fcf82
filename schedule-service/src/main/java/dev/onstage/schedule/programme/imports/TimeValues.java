package dev.onstage.schedule.programme.imports;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.onstage.schedule.programme.ProgrammeTime;

/**
 * Parsing of the date, time, duration and zone values shared by the parsers. Each method either returns a value or
 * throws {@link ProgrammeImportException} with the given {@code where}; no {@link DateTimeParseException} escapes.
 */
final class TimeValues {

    /** {@code H:MM}, {@code HH:MM} (hours may exceed 23, as the c3voc schema allows) or {@code D:HH:MM}. */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,2}):)?(\\d{1,3}):(\\d{2})");
    /** {@code HH:MM} or {@code HH:MM:SS}, as frab writes the deprecated start field; one-digit hours tolerated. */
    private static final Pattern CLOCK_TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");

    private TimeValues() {
    }

    /**
     * A zone by its IANA name such as {@code Europe/Berlin} or {@code UTC}. Offsets like {@code +01:00} are not
     * accepted: a schedule that names a zone should name a real one.
     */
    static ZoneId ianaZone(String name, String where) {
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw new ProgrammeImportException(where,
                    "'" + name + "' is not an IANA time zone name such as Europe/Berlin or UTC");
        }
        return ZoneId.of(name);
    }

    /**
     * A frab duration. Two parts are hours and minutes ({@code 0:45}, {@code 01:30}, {@code 48:00}); three parts
     * are days, hours and minutes ({@code 1:02:00}), as Pentabarf wrote long events and as EventFahrplan reads them.
     */
    static Duration duration(String text, String where) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new ProgrammeImportException(where, "duration '" + text + "' is not H:MM, HH:MM or D:HH:MM");
        }
        long days = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
        long hours = Long.parseLong(matcher.group(2));
        long minutes = Long.parseLong(matcher.group(3));
        if (minutes > 59 || (matcher.group(1) != null && hours > 23)) {
            throw new ProgrammeImportException(where, "duration '" + text + "' has minutes over 59 or hours over 23");
        }
        return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes);
    }

    /** An ISO date-time with offset such as {@code 2014-12-27T11:00:00+01:00}; a date-time without offset is refused. */
    static OffsetDateTime offsetDateTime(String text, String where) {
        OffsetDateTime value;
        try {
            value = OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new ProgrammeImportException(where,
                    "'" + text + "' is not a date-time with offset such as 2014-12-27T11:00:00+01:00", e);
        }
        if (!ProgrammeTime.within(value.toInstant())) {
            throw new ProgrammeImportException(where, ProgrammeTime.outside("'" + text.strip() + "'"));
        }
        return value;
    }

    /** An ISO date such as {@code 2014-12-27}. */
    static LocalDate date(String text, String where) {
        LocalDate value;
        try {
            value = LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw new ProgrammeImportException(where, "'" + text + "' is not a date such as 2014-12-27", e);
        }
        if (!ProgrammeTime.within(value)) {
            throw new ProgrammeImportException(where, ProgrammeTime.outside("'" + text.strip() + "'"));
        }
        return value;
    }

    /** A wall-clock time such as {@code 11:00} or {@code 23:30:00}. */
    static LocalTime clockTime(String text, String where) {
        Matcher matcher = CLOCK_TIME.matcher(text.strip());
        if (!matcher.matches()) {
            throw new ProgrammeImportException(where, "'" + text + "' is not a time of day such as 11:00");
        }
        try {
            int seconds = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
            return LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), seconds);
        } catch (DateTimeException e) {
            throw new ProgrammeImportException(where, "'" + text + "' is not a valid time of day", e);
        }
    }

    /**
     * A talk or session must take time, inside the years of {@link ProgrammeTime}: an end at or before the start, or
     * a time outside those years, is a typo in the input.
     */
    static void requireEndAfterStart(Instant start, Instant end, String where, String what) {
        for (Instant instant : new Instant[] {start, end}) {
            if (!ProgrammeTime.within(instant)) {
                throw new ProgrammeImportException(where, what + " at " + ProgrammeTime.outside(instant));
            }
        }
        if (!end.isAfter(start)) {
            throw new ProgrammeImportException(where,
                    what + " ends at " + end + ", which is not after its start " + start);
        }
    }
}
