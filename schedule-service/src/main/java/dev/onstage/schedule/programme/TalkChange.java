package dev.onstage.schedule.programme;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.onstage.schedule.programme.imports.TextLimits;

import jakarta.validation.constraints.Pattern;

/** An organizer's change to one talk: only the fields given change. */
@Schema(description = "Move (start, end, room) or cancel / restore (status) a talk. A move that overlaps another "
        + "talk in the same room is refused with 409 unless 'force' is true.")
public record TalkChange(
        @Schema(description = "new start; without 'end' the talk keeps its length")
        @JsonDeserialize(using = IsoDateTime.class) OffsetDateTime start,
        @Schema(description = "new end") @JsonDeserialize(using = IsoDateTime.class) OffsetDateTime end,
        @PrintableText(max = TextLimits.ROOM) String room,
        @Pattern(regexp = "scheduled|cancelled", message = "must be 'scheduled' or 'cancelled'") String status,
        @Schema(description = "accept an overlap with another talk in the room") boolean force) {
}
