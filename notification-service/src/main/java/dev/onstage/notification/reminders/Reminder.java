package dev.onstage.notification.reminders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.TalkEventType;
import io.netty.buffer.ByteBuf;

/**
 * One talk event as clients receive it: what the filters need, parsed once when the event is consumed, and the text
 * each transport sends, also built once (not once per client).
 *
 * @param seq         the hub's sequence number: increases by one per accepted event, in arrival order (0 until the
 *                    hub accepted it)
 * @param id          the CloudEvent id: stable for the same fact, used to resume and to drop duplicates
 * @param type        the event's type
 * @param subject     the Kafka key: the talk id, or the session id for session events
 * @param talkId      {@code talk.id}; null for session events
 * @param sessionId   {@code session.id}
 * @param rooms       {@code talk.room} (and {@code previous.room} for a move), or {@code session.room} for session
 *                    events
 * @param speakers    {@code talk.speakers}; empty for session events
 * @param leadMinutes {@code leadMinutes} of an upcoming event; null for the other types
 * @param dueAt       the programme instant the event is about
 * @param dueWallMillis the wall-clock instant (epoch ms) the event was due: the Kafka record's timestamp, which
 *                    schedule-service sets so (docs/events.md); the start of the delivery latency
 * @param data        the event's JSON data, as published: the SSE {@code data:}
 * @param socketText  the WebSocket message: {@code id} and {@code type}, then the data's fields
 * @param wire        the event's bytes for each transport, by {@link Transport#ordinal()}: encoded once, written as
 *                    they are to every client of that transport (never modified)
 */
public record Reminder(long seq, String id, TalkEventType type, String subject, String talkId, String sessionId,
        Set<String> rooms, List<String> speakers, Integer leadMinutes, Instant dueAt, long dueWallMillis, String data,
        String socketText, ByteBuf[] wire) {

    public Reminder {
        rooms = Set.copyOf(rooms);
        speakers = List.copyOf(speakers);
    }

    /** Reads the fields the filters need from an event's data (already checked against the contract). */
    static Reminder of(String id, TalkEventType type, String subject, JsonNode data, String json, long dueWallMillis) {
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
        JsonNode lead = data.path("leadMinutes");
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("id", id).put("type", type.shortName());
        message.setAll((ObjectNode) data);
        ByteBuf[] wire = new ByteBuf[Transport.values().length];
        Reminder reminder = new Reminder(0, id, type, subject, talk.path("id").textValue(),
                session.path("id").textValue(), rooms, speakers, lead.isInt() ? lead.intValue() : null,
                due == null ? null : Instant.parse(due), dueWallMillis, json, message.toString(), wire);
        for (Transport transport : Transport.values()) {
            wire[transport.ordinal()] = transport.encode(reminder);
        }
        return reminder;
    }

    Reminder withSeq(long seq) {
        return new Reminder(seq, id, type, subject, talkId, sessionId, rooms, speakers, leadMinutes, dueAt,
                dueWallMillis, data, socketText, wire);
    }

    /** This event's bytes for one transport: shared by every connection, so write a duplicate. */
    ByteBuf wire(Transport transport) {
        return wire[transport.ordinal()];
    }

    /**
     * One event in the text/event-stream format: a line break in the data starts another data line; one in the id or
     * type would end the field, so they are cut there.
     */
    static String sseFrame(String id, String type, String data) {
        String lines = data.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata:");
        return "id:" + firstLine(id) + "\nevent:" + firstLine(type) + "\ndata:" + lines + "\n\n";
    }

    private static String firstLine(String field) {
        int end = 0;
        while (end < field.length() && field.charAt(end) != '\n' && field.charAt(end) != '\r') {
            end++;
        }
        return field.substring(0, end);
    }

    private static void addText(Collection<String> to, JsonNode node) {
        if (node.isTextual()) {
            to.add(node.textValue());
        }
    }
}
