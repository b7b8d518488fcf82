package dev.onstage.contract;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code talk} in the data of talk events and programme records: the talk as the programme has it when the event is
 * published.
 *
 * @param id           the Kafka key and {@code ce_subject} of talk events
 * @param speakers     display names in the programme's order; empty when the programme names none
 * @param abstractText {@code abstract}: plain text, or null (written as null, never left out)
 * @param start        with the offset of the conference's time zone at that instant
 * @param end          likewise; after {@code start}
 */
public record Talk(String id, String title, List<String> speakers, @JsonProperty("abstract") String abstractText,
        String room, OffsetDateTime start, OffsetDateTime end, TalkStatus status) {

    public Talk {
        speakers = List.copyOf(speakers);
    }
}
