package dev.onstage.stack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Checks of what a streaming client received against what the topic holds, for the fault suite. */
final class Clients {

    /** The figures of one client: expected, received, lost, duplicated, and whether the order per talk held. */
    record Figures(String client, int expected, int received, long lost, long duplicated, boolean inOrderPerTalk) {

        boolean exactlyOnceInOrder() {
            return lost == 0 && duplicated == 0 && inOrderPerTalk;
        }

        @Override
        public String toString() {
            return String.format("%s: expected %d, received %d, lost %d, duplicated %d, %s", client, expected, received,
                    lost, duplicated, inOrderPerTalk ? "in order per talk" : "OUT OF ORDER per talk");
        }
    }

    private Clients() {
    }

    /**
     * @param topic   the topic's records (duplicates of an id allowed: a re-send after a crash)
     * @param matches which records the client's filter matches
     * @param got     the ids the client received, in order
     */
    static Figures check(String client, List<TopicReader.Event> topic, Predicate<TopicReader.Event> matches,
            List<String> got) {
        Map<String, TopicReader.Event> firstById = new LinkedHashMap<>();
        for (TopicReader.Event event : topic) {
            if (matches.test(event)) {
                firstById.putIfAbsent(event.id(), event);
            }
        }
        List<String> expected = List.copyOf(firstById.keySet());
        Set<String> received = new HashSet<>(got);
        long lost = expected.stream().filter(id -> !received.contains(id)).count();
        long duplicated = got.size() - received.size();
        // Per talk (subject), the client's order must be the topic's order.
        Map<String, List<String>> topicBySubject = new LinkedHashMap<>();
        Map<String, List<String>> gotBySubject = new LinkedHashMap<>();
        for (String id : expected) {
            topicBySubject.computeIfAbsent(firstById.get(id).subject(), s -> new ArrayList<>()).add(id);
        }
        for (String id : got) {
            TopicReader.Event event = firstById.get(id);
            if (event != null) {
                gotBySubject.computeIfAbsent(event.subject(), s -> new ArrayList<>()).add(id);
            }
        }
        boolean inOrder = gotBySubject.entrySet().stream().allMatch(e -> e.getValue().stream().distinct().toList()
                .equals(topicBySubject.get(e.getKey()).stream().filter(e.getValue()::contains).toList()));
        return new Figures(client, expected.size(), got.size(), lost, duplicated, inOrder);
    }
}
