package dev.onstage.schedule.programme;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The instants a programme may use: from 1970 to the end of 2100 (UTC), the years the listing import accepts. Talks,
 * sessions, edits and the clock's replay stay inside, so that every time fits PostgreSQL, the event contract's
 * RFC 3339 times and the arithmetic of shifting talks; a time outside is a typo, refused with a 400.
 */
public final class ProgrammeTime {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant END = Instant.parse("2101-01-01T00:00:00Z");

    private ProgrammeTime() {
    }

    public static boolean within(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }

    public static boolean within(LocalDate date) {
        return date.getYear() >= 1970 && date.getYear() <= 2100;
    }

    public static final String YEARS = "the years a programme may use (1970 to 2100)";

    /** "... is outside the years a programme may use (1970 to 2100)". */
    public static String outside(Object value) {
        return value + " is outside " + YEARS;
    }
}
