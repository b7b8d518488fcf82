package dev.onstage.schedule.programme.imports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One talk.
 *
 * @param id           stable id for re-import: the schedule's guid or id, or a hash for formats without ids
 * @param speakers     speaker names in the order the programme lists them
 * @param abstractText the abstract as written, or {@code null} when there is none
 */
public record ImportedTalk(String id, String title, List<String> speakers, String abstractText, String room,
        Instant start, Instant end) {

    public ImportedTalk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        title = Texts.lineFeeds(title);
        room = Texts.lineFeeds(room);
        abstractText = Texts.lineFeeds(abstractText);
        speakers = List.copyOf(speakers.stream().map(Texts::lineFeeds).toList());
    }
}
