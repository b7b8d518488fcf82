package dev.onstage.schedule.programme.imports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A block of talks in one room, e.g. an oral session with a moderator.
 *
 * @param id        stable id: the same input gives the same id on every import
 * @param moderator the session chair, or {@code null} when the format names none
 */
public record ImportedSession(String id, String title, String room, String moderator, Instant start, Instant end,
        List<ImportedTalk> talks) {

    public ImportedSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        title = Texts.lineFeeds(title);
        room = Texts.lineFeeds(room);
        moderator = Texts.lineFeeds(moderator);
        talks = List.copyOf(talks);
    }
}
