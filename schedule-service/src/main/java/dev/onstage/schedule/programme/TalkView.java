package dev.onstage.schedule.programme;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A talk as the public API shows it: times with the programme's offset. */
@Schema(name = "Talk")
public record TalkView(
        String id,
        String conferenceId,
        String sessionId,
        String sessionTitle,
        String title,
        List<String> speakers,
        @JsonProperty("abstract") @Schema(name = "abstract") String abstractText,
        String room,
        OffsetDateTime start,
        OffsetDateTime end,
        Talk.Status status,
        @Schema(description = "when the talk last changed") Instant updatedAt) {

    static TalkView of(Talk talk, ConferenceSession session, ZoneId zone) {
        return new TalkView(talk.id, session.conferenceId, session.id, session.title, talk.title,
                List.copyOf(talk.speakers), talk.abstractText, talk.room,
                talk.start.atZone(zone).toOffsetDateTime(), talk.end.atZone(zone).toOffsetDateTime(), talk.status,
                talk.updatedAt);
    }
}
