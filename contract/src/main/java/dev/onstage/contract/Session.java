package dev.onstage.contract;

import java.time.OffsetDateTime;

/**
 * {@code session} in the data of session events and programme records: a block of talks in one room, with its times.
 *
 * @param id        the Kafka key and {@code ce_subject} of session events
 * @param moderator the session's chair, or null (written as null, never left out)
 * @param start     with the offset of the conference's time zone at that instant
 * @param end       likewise; after {@code start}
 */
public record Session(String id, String title, String room, String moderator, OffsetDateTime start,
        OffsetDateTime end) {

    /** The same session as talk events name it: without its times. */
    public SessionRef ref() {
        return new SessionRef(id, title, room, moderator);
    }
}
