package dev.onstage.schedule.programme;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A conference as the public API shows it: its times in its own zone, and whether it is the one of the moment. */
@Schema(name = "Conference")
public record ConferenceView(
        String id,
        String name,
        @Schema(description = "IANA time zone of the conference's times, e.g. America/Los_Angeles") String timeZone,
        @Schema(nullable = true, description = "the start of its first session; null without sessions") OffsetDateTime start,
        @Schema(nullable = true, description = "the end of its last session") OffsetDateTime end,
        @Schema(description = "the conference going on at the clock's programme time, else the next to start, else the "
                + "last to end: the one the page shows first") boolean current) {
}
