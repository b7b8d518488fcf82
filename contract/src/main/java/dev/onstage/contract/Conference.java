package dev.onstage.contract;

/**
 * {@code conference} in every event's data.
 *
 * @param timeZone the venue's IANA time zone: every programme time carries its offset at that instant
 */
public record Conference(String id, String name, String timeZone) {
}
