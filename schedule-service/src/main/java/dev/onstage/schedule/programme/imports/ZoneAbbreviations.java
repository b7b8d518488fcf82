package dev.onstage.schedule.programme.imports;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeSet;

/**
 * The time zone abbreviations that conference listings print, each with the IANA zone it stands for and the offset
 * it denotes:
 *
 * <pre>
 * PDT -07:00, PST -08:00    America/Los_Angeles
 * EDT -04:00, EST -05:00    America/New_York
 * CDT -05:00, CST -06:00    America/Chicago
 * MDT -06:00, MST -07:00    America/Denver
 * CEST +02:00, CET +01:00   Europe/Berlin
 * BST +01:00                Europe/London
 * GMT, UTC +00:00           UTC
 * JST +09:00                Asia/Tokyo
 * KST +09:00                Asia/Seoul
 * AEDT +11:00, AEST +10:00  Australia/Sydney
 * IST +05:30                Asia/Kolkata (India; not Israel or Ireland)
 * </pre>
 *
 * Abbreviations are ambiguous in general (CST is also China Standard Time), so only this table is accepted and
 * anything else is an error rather than a guess.
 */
final class ZoneAbbreviations {

    /** What an abbreviation means: the offset it denotes, and the zone that uses it. */
    record Meaning(ZoneId zone, ZoneOffset offset) {
    }

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId DENVER = ZoneId.of("America/Denver");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static final Map<String, Meaning> TABLE = Map.ofEntries(
            Map.entry("PDT", new Meaning(LOS_ANGELES, ZoneOffset.ofHours(-7))),
            Map.entry("PST", new Meaning(LOS_ANGELES, ZoneOffset.ofHours(-8))),
            Map.entry("EDT", new Meaning(NEW_YORK, ZoneOffset.ofHours(-4))),
            Map.entry("EST", new Meaning(NEW_YORK, ZoneOffset.ofHours(-5))),
            Map.entry("CDT", new Meaning(CHICAGO, ZoneOffset.ofHours(-5))),
            Map.entry("CST", new Meaning(CHICAGO, ZoneOffset.ofHours(-6))),
            Map.entry("MDT", new Meaning(DENVER, ZoneOffset.ofHours(-6))),
            Map.entry("MST", new Meaning(DENVER, ZoneOffset.ofHours(-7))),
            Map.entry("CEST", new Meaning(BERLIN, ZoneOffset.ofHours(2))),
            Map.entry("CET", new Meaning(BERLIN, ZoneOffset.ofHours(1))),
            Map.entry("BST", new Meaning(ZoneId.of("Europe/London"), ZoneOffset.ofHours(1))),
            Map.entry("GMT", new Meaning(ZoneId.of("UTC"), ZoneOffset.UTC)),
            Map.entry("UTC", new Meaning(ZoneId.of("UTC"), ZoneOffset.UTC)),
            Map.entry("JST", new Meaning(ZoneId.of("Asia/Tokyo"), ZoneOffset.ofHours(9))),
            Map.entry("KST", new Meaning(ZoneId.of("Asia/Seoul"), ZoneOffset.ofHours(9))),
            Map.entry("AEDT", new Meaning(SYDNEY, ZoneOffset.ofHours(11))),
            Map.entry("AEST", new Meaning(SYDNEY, ZoneOffset.ofHours(10))),
            Map.entry("IST", new Meaning(ZoneId.of("Asia/Kolkata"), ZoneOffset.ofHoursMinutes(5, 30))));

    private ZoneAbbreviations() {
    }

    static Meaning resolve(String abbreviation, String where) {
        Meaning meaning = TABLE.get(abbreviation);
        if (meaning == null) {
            throw new ProgrammeImportException(where, "unknown time zone abbreviation '" + abbreviation
                    + "'; known are " + String.join(", ", new TreeSet<>(TABLE.keySet())));
        }
        return meaning;
    }
}
