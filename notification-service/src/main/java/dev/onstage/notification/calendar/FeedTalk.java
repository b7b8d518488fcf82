package dev.onstage.notification.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a calendar feed shows of one talk, read from its record on the compacted {@code programme} topic
 * (contract: programme-talk.schema.json). Texts are cut to a length a calendar shows, so that the talks held in memory
 * stay small; the abstract is left out for the same reason.
 *
 * @param zone      the conference's zone,, or the offset of the start when the record names no zone Java knows
 * @param updatedAt when this state of the talk was made (the record's {@code updatedAt}): orders states of a talk
 */
public record FeedTalk(String id, String title, String speakers, String room, String session, String conference,
        Instant start, Instant end, ZoneId zone, boolean cancelled, Instant updatedAt) {

    static final int MAX_TEXT = 300;

    /** The talk of a record's value, or empty when the value is not a talk as the contract describes it. */
    static Optional<FeedTalk> of(String id, JsonNode value) {
        JsonNode talk = value.path("talk");
        try {
            OffsetDateTime start = OffsetDateTime.parse(talk.path("start").asText());
            Instant end = OffsetDateTime.parse(talk.path("end").asText()).toInstant();
            Instant updatedAt = Instant.parse(value.path("updatedAt").asText());
            String title = talk.path("title").asText("");
            if (title.isBlank() || !end.isAfter(start.toInstant())) {
                return Optional.empty();
            }
            List<String> speakers = new ArrayList<>();
            talk.path("speakers").forEach(name -> speakers.add(name.asText()));
            return Optional.of(new FeedTalk(id, cut(title), cut(String.join(", ", speakers)),
                    cut(talk.path("room").asText("")), cut(value.path("session").path("title").asText("")),
                    cut(value.path("conference").path("name").asText("")), start.toInstant(), end,
                    zone(value.path("conference").path("timeZone").asText(""), start),
                    "cancelled".equals(talk.path("status").asText()), updatedAt));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A digest of what makes a change that a calendar must take as a new version of the event (RFC 5545 3.8.7.4):
     * start, end, room and status. A new title alone does not count.
     */
    String fingerprint() {
        String significant = start + "|" + end + "|" + room + "|" + cancelled;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(significant.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ZoneId zone(String id, OffsetDateTime start) {
        try {
            return id.isEmpty() ? start.getOffset() : ZoneId.of(id);
        } catch (DateTimeException e) {
            return start.getOffset();
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
