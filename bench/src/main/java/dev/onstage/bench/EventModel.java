package dev.onstage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The talk events a replay of the whole synthetic programme publishes (docs/events.md): per talk, upcoming 10 and 5
 * minutes before its start, started and ended; per session, started and ended. Each gets an index; an event is known
 * by its key {@code type|subject|dueAt}, where the subject is the talk id, or the room for session events (the
 * harness does not know the session ids Onstage makes, and there is one session per room and day).
 */
public final class EventModel {

    /** One expected event. */
    public record Event(String key, String type, String talkId, String room, Instant dueAt) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> byKey = new HashMap<>();
    private final Map<String, int[]> byRoom = new HashMap<>();
    private final Map<String, int[]> byTalk = new HashMap<>();
    private final Instant firstDue;
    private final Instant lastDue;

    public EventModel(SyntheticProgramme programme) {
        Map<String, List<Integer>> rooms = new HashMap<>();
        Map<String, List<Integer>> talks = new HashMap<>();
        for (SyntheticProgramme.Talk talk : programme.talks()) {
            for (int lead : new int[] { 10, 5 }) {
                add(rooms, talks, "talk.upcoming", talk.id(), talk.room(), talk.start().minus(Duration.ofMinutes(lead)));
            }
            add(rooms, talks, "talk.started", talk.id(), talk.room(), talk.start());
            add(rooms, talks, "talk.ended", talk.id(), talk.room(), talk.end());
        }
        for (SyntheticProgramme.Session session : programme.sessions()) {
            add(rooms, talks, "session.started", null, session.room(), session.start());
            add(rooms, talks, "session.ended", null, session.room(), session.end());
        }
        rooms.forEach((room, list) -> byRoom.put(room, list.stream().mapToInt(Integer::intValue).sorted().toArray()));
        talks.forEach((talk, list) -> byTalk.put(talk, list.stream().mapToInt(Integer::intValue).sorted().toArray()));
        firstDue = events.stream().map(Event::dueAt).min(Instant::compareTo).orElseThrow();
        lastDue = events.stream().map(Event::dueAt).max(Instant::compareTo).orElseThrow();
    }

    private void add(Map<String, List<Integer>> rooms, Map<String, List<Integer>> talks, String type, String talkId,
            String room, Instant dueAt) {
        String key = key(type, talkId != null ? talkId : room, dueAt.toString());
        int index = events.size();
        events.add(new Event(key, type, talkId, room, dueAt));
        byKey.put(key, index);
        rooms.computeIfAbsent(room, r -> new ArrayList<>()).add(index);
        if (talkId != null) {
            talks.computeIfAbsent(talkId, t -> new ArrayList<>()).add(index);
        }
    }

    static String key(String type, String subject, String dueAt) {
        return type + '|' + subject + '|' + dueAt;
    }

    /** The index of the event with this key; -1 when the programme has no such event. */
    int index(String type, String subject, String dueAt) {
        Integer index = byKey.get(key(type, subject, dueAt));
        if (index == null && dueAt != null) {
            try { // another spelling of the same instant, e.g. with fractions of a second
                index = byKey.get(key(type, subject, Instant.parse(dueAt).toString()));
            } catch (RuntimeException notAnInstant) {
                return -1;
            }
        }
        return index == null ? -1 : index;
    }

    /** What a subscriber filtering on these rooms (OR) or these talks (OR) gets, as sorted indexes. */
    int[] expected(Set<String> rooms, Set<String> talks) {
        if (!rooms.isEmpty() && !talks.isEmpty()) {
            throw new IllegalArgumentException("the harness filters on rooms or on talks, not both");
        }
        Map<String, int[]> source = rooms.isEmpty() ? byTalk : byRoom;
        return (rooms.isEmpty() ? talks : rooms).stream().map(source::get)
                .filter(java.util.Objects::nonNull).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    }

    public List<Event> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    Event event(int index) {
        return events.get(index);
    }

    public Instant firstDue() {
        return firstDue;
    }

    public Instant lastDue() {
        return lastDue;
    }
}
