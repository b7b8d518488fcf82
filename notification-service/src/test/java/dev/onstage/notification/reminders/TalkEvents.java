package dev.onstage.notification.reminders;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.CloudEventsAttributes;
import dev.onstage.contract.ContractValidator;
import dev.onstage.contract.TalkEventType;

/** Produces valid talk events (the contract's examples with another talk, room, speakers) to the real broker. */
public final class TalkEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;

    public TalkEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** A talk event of the given talk, room and speakers (in session {@code talkId + "-session"}); returns its id. */
    public String talk(TalkEventType type, String talkId, String room, String... speakers) throws Exception {
        return talkWithId(type, "ce-" + UUID.randomUUID(), talkId, talkId + "-session", room, speakers);
    }

    String talkWithId(TalkEventType type, String id, String talkId, String sessionId, String room, String... speakers)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(type.exampleData());
        ObjectNode talk = (ObjectNode) data.get("talk");
        talk.put("id", talkId).put("room", room);
        ArrayNode names = talk.putArray("speakers");
        List.of(speakers).forEach(names::add);
        ((ObjectNode) data.get("session")).put("id", sessionId).put("room", room);
        return send(type, id, talkId, data);
    }

    /** An upcoming event of the given talk, {@code leadMinutes} before it starts; returns its id. */
    public String upcoming(String talkId, int leadMinutes) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(TalkEventType.TALK_UPCOMING.exampleData());
        ((ObjectNode) data.get("talk")).put("id", talkId);
        data.put("leadMinutes", leadMinutes);
        java.time.Instant start = java.time.OffsetDateTime.parse(data.at("/talk/start").asText()).toInstant();
        data.put("dueAt", start.minus(java.time.Duration.ofMinutes(leadMinutes)).toString());
        return send(TalkEventType.TALK_UPCOMING, "ce-" + UUID.randomUUID(), talkId, data);
    }

    /** A session event of the given session and room; returns its id. */
    public String session(TalkEventType type, String sessionId, String room) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(type.exampleData());
        ((ObjectNode) data.get("session")).put("id", sessionId).put("room", room);
        return send(type, "ce-" + UUID.randomUUID(), sessionId, data);
    }

    private final Map<String, String> produced = new HashMap<>();

    private String send(TalkEventType type, String id, String key, ObjectNode data) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventsAttributes.HEADER_SPEC_VERSION, "1.0");
        headers.put(CloudEventsAttributes.HEADER_ID, id);
        headers.put(CloudEventsAttributes.HEADER_SOURCE, CloudEventsAttributes.SOURCE);
        headers.put(CloudEventsAttributes.HEADER_TYPE, type.type());
        headers.put(CloudEventsAttributes.HEADER_TIME, data.get("dueAt").asText());
        headers.put(CloudEventsAttributes.HEADER_SUBJECT, key);
        headers.put(CloudEventsAttributes.HEADER_CONTENT_TYPE, "application/json");
        String value = data.toString();
        List<String> errors = ContractValidator.validateRecord(key, headers, value);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The test produced an invalid record: " + errors);
        }
        send(key, headers, value);
        produced.put(id, value);
        return id;
    }

    /** The data of an event this producer sent, exactly as it went to Kafka. */
    String data(String id) {
        return produced.get(id);
    }

    /** Any record, valid or not. */
    void send(String key, Map<String, String> headers, String value) throws Exception {
        var record = new ProducerRecord<>("talk-events", key, value);
        headers.forEach((name, v) -> record.headers().add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** Any record, with some headers as raw bytes. */
    void send(String key, Map<String, String> headers, Map<String, byte[]> rawHeaders, String value) throws Exception {
        var record = new ProducerRecord<>("talk-events", key, value);
        headers.forEach((name, v) -> record.headers().add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
        rawHeaders.forEach((name, v) -> record.headers().add(new RecordHeader(name, v)));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
