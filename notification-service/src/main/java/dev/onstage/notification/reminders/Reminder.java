package dev.onstage.notification.reminders;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.EventData;
import dev.onstage.contract.EventJson;
import dev.onstage.contract.Session;
import dev.onstage.contract.SessionData;
import dev.onstage.contract.TalkData;
import dev.onstage.contract.TalkEventType;
import dev.onstage.contract.TalkMoved;
import dev.onstage.contract.TalkUpcoming;
import io.netty.buffer.ByteBuf;

/**
 * One talk event as clients receive it: the contract's record of its data and what the filters need, read once when
 * the event is consumed, and the text each transport sends, also built once (not once per client).
 *
 * @param seq         the hub's sequence number: increases by one per accepted event, in arrival order (0 until the
 *                    hub accepted it)
 * @param id          the CloudEvent id: stable for the same fact, used to resume and to drop duplicates
 * @param type        the event's type
 * @param subject     the Kafka key: the talk id, or the session id for session events
 * @param event       the event's data as the contract's record of its type
 * @param talkId      {@code talk.id}; null for session events
 * @param sessionId   {@code session.id}
 * @param rooms       {@code talk.room} (and {@code previous.room} for a move), or {@code session.room} for session
 *                    events
 * @param speakers    {@code talk.speakers}; empty for session events
 * @param leadMinutes {@code leadMinutes} of an upcoming event; null for the other types
 * @param dueWallMillis the wall-clock instant (epoch ms) the event was due: the Kafka record's timestamp, which
 *                    schedule-service sets so (docs/events.md); the start of the delivery latency
 * @param data        the event's JSON data, as published: the SSE {@code data:}
 * @param socketText  the WebSocket message: {@code id} and {@code type}, then the data's fields
 * @param wire        the event's bytes for each transport, by {@link Transport#ordinal()}: encoded once, written as
 *                    they are to every client of that transport (never modified)
 */
public record Reminder(long seq, String id, TalkEventType type, String subject, EventData event, String talkId,
        String sessionId, Set<String> rooms, List<String> speakers, Integer leadMinutes, long dueWallMillis,
        String data, String socketText, ByteBuf[] wire) {

    public Reminder {
        rooms = Set.copyOf(rooms);
        speakers = List.copyOf(speakers);
    }

    /**
     * Reads an event's data (already checked against the contract) into its record and the fields the filters need.
     *
     * @param tree the data, parsed: read into the record and copied into the WebSocket message without a second parse
     *             (the message keeps top-level fields that a newer contract may add)
     * @param json the same data as published
     * @throws IllegalArgumentException when the data does not fit the record of its type
     */
    static Reminder of(String id, TalkEventType type, String subject, JsonNode tree, String json, long dueWallMillis) {
        EventData event = read(type, tree);
        Set<String> rooms = new LinkedHashSet<>();
        List<String> speakers = List.of();
        String talkId = null;
        String sessionId;
        if (event instanceof TalkData talkEvent) {
            talkId = talkEvent.talk().id();
            sessionId = talkEvent.session().id();
            rooms.add(talkEvent.talk().room());
            if (talkEvent instanceof TalkMoved moved) {
                rooms.add(moved.previous().room());
            }
            speakers = talkEvent.talk().speakers();
        } else {
            Session session = ((SessionData) event).session();
            sessionId = session.id();
            rooms.add(session.room());
        }
        Integer leadMinutes = event instanceof TalkUpcoming upcoming ? upcoming.leadMinutes() : null;
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("id", id).put("type", type.shortName());
        message.setAll((ObjectNode) tree);
        ByteBuf[] wire = new ByteBuf[Transport.values().length];
        Reminder reminder = new Reminder(0, id, type, subject, event, talkId, sessionId, rooms, speakers, leadMinutes,
                dueWallMillis, json, message.toString(), wire);
        for (Transport transport : Transport.values()) {
            wire[transport.ordinal()] = transport.encode(reminder);
        }
        return reminder;
    }

    /** The programme instant the event is about. */
    public Instant dueAt() {
        return event.dueAt();
    }

    Reminder withSeq(long seq) {
        return new Reminder(seq, id, type, subject, event, talkId, sessionId, rooms, speakers, leadMinutes,
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

    private static EventData read(TalkEventType type, JsonNode tree) {
        try {
            return EventJson.read(type, tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("(data): does not fit " + type + ": " + e.getOriginalMessage(), e);
        }
    }
}
