package dev.onstage.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes the contract's records as the JSON the schemas describe, whatever the caller's own ObjectMapper
 * is configured to do: times as RFC 3339 text (an instant with {@code Z}, a programme time with the offset it has,
 * never shifted to UTC), null fields written as null, unknown top-level fields ignored on reading (a newer producer
 * may add some; docs/events.md). Thread-safe.
 */
public final class EventJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Keeps a programme time's offset (07:45:00-07:00), which Jackson would otherwise turn into UTC.
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        // Jackson builds a record's (de)serialisers at its first use: build them now for every record, so that the
        // first event (read or written on an event loop, maybe in a 600x replay) pays nothing.
        try {
            for (TalkEventType type : TalkEventType.values()) {
                write(read(type, type.exampleData()));
            }
            write(readProgrammeTalk(ContractResources.read("onstage/contract/examples/programme-talk.json")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The contract's examples do not fit its records", e);
        }
    }

    private EventJson() {
    }

    /** Loads this class, which prepares Jackson for every record: call it at start-up, off the event loops. */
    public static void prepare() {
        // The work is in the static initialiser, which the JVM runs once, before this.
    }

    /** The record value of a {@code talk-events} record. */
    public static String write(EventData data) {
        return text(data);
    }

    /** The record value of a {@code programme} record. */
    public static String write(ProgrammeTalk talk) {
        return text(talk);
    }

    /** The data of an event of this type; the JSON should have passed {@link ContractValidator} first. */
    public static EventData read(TalkEventType type, String json) throws JsonProcessingException {
        return JSON.readValue(json, type.dataClass());
    }

    /** As {@link #read(TalkEventType, String)}, from JSON already parsed (no second parse of the text). */
    public static EventData read(TalkEventType type, JsonNode json) throws JsonProcessingException {
        return JSON.treeToValue(json, type.dataClass());
    }

    /** The value of a {@code programme} record (not a tombstone). */
    public static ProgrammeTalk readProgrammeTalk(String json) throws JsonProcessingException {
        return JSON.readValue(json, ProgrammeTalk.class);
    }

    private static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Records of strings, numbers and java.time values always serialise.
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
