package dev.onstage.schedule.programme.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A room holds one talk at a time: an import with two talks in one room at overlapping times is refused, as an
 * organizer's move onto another talk is (there without {@code force}). Talks that touch (one ends as the next starts)
 * do not overlap.
 */
final class Overlaps {

    private Overlaps() {
    }

    /** @param where where a talk is in the input, by talk id */
    static void refuse(List<ImportedTalk> talks, Function<String, String> where) {
        Map<String, List<ImportedTalk>> byRoom = new LinkedHashMap<>();
        for (ImportedTalk talk : talks) {
            byRoom.computeIfAbsent(talk.room(), room -> new ArrayList<>()).add(talk);
        }
        for (List<ImportedTalk> inRoom : byRoom.values()) {
            inRoom.sort(Comparator.comparing(ImportedTalk::start).thenComparing(ImportedTalk::end));
            ImportedTalk latest = null; // of the talks so far, the one that ends last
            for (ImportedTalk talk : inRoom) {
                if (latest != null && talk.start().isBefore(latest.end())) {
                    throw new ProgrammeImportException(where.apply(talk.id()), "'" + talk.title() + "' ("
                            + talk.start() + " – " + talk.end() + ") overlaps '" + latest.title() + "' (" + latest.start()
                            + " – " + latest.end() + ") in " + talk.room() + "; a room holds one talk at a time");
                }
                if (latest == null || talk.end().isAfter(latest.end())) {
                    latest = talk;
                }
            }
        }
    }
}
