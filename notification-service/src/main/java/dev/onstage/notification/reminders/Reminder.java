package dev.onstage.notification.reminders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One talk event as clients receive it: what the filters need, parsed once when the event is consumed, and the data
 * as published, sent as it is.
 *
 * @param seq       the hub's sequence number: increases by one per accepted event, in arrival order (0 until the
 *                  hub accepted it)
 * @param id        the CloudEvent id: stable for the same fact, used to resume and to drop duplicates
 * @param type      short type without the {@code onstage.} prefix, e.g. {@code talk.upcoming}
 * @param subject   the Kafka key: the talk id, or the session id for session events
 * @param talkId    {@code talk.id}; null for session events
 * @param sessionId {@code session.id}
 * @param rooms     {@code talk.room} (and {@code previous.room} for a move), or {@code session.room} for session
 *                  events
 * @param speakers  {@code talk.speakers}; empty for session events
 * @param dueAt     the programme instant the event is about
 * @param receivedNanos {@link System#nanoTime()} when the event was read from Kafka
 * @param data      the event's JSON data, as published
 */
public record Reminder(long seq, String id, String type, String subject, String talkId, String sessionId,
        Set<String> rooms, List<String> speakers, Instant dueAt, long receivedNanos, String data) {

    public Reminder {
        rooms = Set.copyOf(rooms);
        speakers = List.copyOf(speakers);
    }

    /** Reads the fields the filters need from an event's data (already checked against the contract). */
    static Reminder of(String id, String type, String subject, JsonNode data, String json, long receivedNanos) {
        JsonNode talk = data.path("talk");
        JsonNode session = data.path("session");
        Set<String> rooms = new LinkedHashSet<>();
        List<String> speakers = new ArrayList<>();
        if (talk.isObject()) {
            addText(rooms, talk.path("room"));
            addText(rooms, data.path("previous").path("room"));
            talk.path("speakers").forEach(speaker -> addText(speakers, speaker));
        } else {
            addText(rooms, session.path("room"));
        }
        String due = data.path("dueAt").textValue();
        return new Reminder(0, id, type, subject, talk.path("id").textValue(), session.path("id").textValue(), rooms,
                speakers, due == null ? null : Instant.parse(due), receivedNanos, json);
    }

    Reminder withSeq(long seq) {
        return new Reminder(seq, id, type, subject, talkId, sessionId, rooms, speakers, dueAt, receivedNanos, data);
    }

    private static void addText(java.util.Collection<String> to, JsonNode node) {
        if (node.isTextual()) {
            to.add(node.textValue());
        }
    }
}
