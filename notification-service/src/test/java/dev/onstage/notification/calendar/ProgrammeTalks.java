package dev.onstage.notification.calendar;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.ContractValidator;
import dev.onstage.notification.agenda.KnownTalks;
import io.quarkus.arc.Arc;

/**
 * Writes whole talks to the compacted {@code programme} topic, as schedule-service does (checked against the
 * contract), and waits until this service holds that state of the talk.
 */
final class ProgrammeTalks implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;

    ProgrammeTalks(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** A talk of ICML 2022 (Los Angeles) in this state. */
    record State(String id, String title, String room, OffsetDateTime start, OffsetDateTime end, String status,
            Instant updatedAt) {

        State moved(Duration by, String newRoom, Instant at) {
            return new State(id, title, newRoom, start.plus(by), end.plus(by), "moved", at);
        }

        State cancelled(Instant at) {
            return new State(id, title, room, start, end, "cancelled", at);
        }
    }

    void publish(State talk) throws Exception {
        ObjectNode value = JSON.createObjectNode();
        value.putObject("talk").put("id", talk.id()).put("title", talk.title())
                .<ObjectNode>set("speakers", JSON.createArrayNode().add("Ada Lovelace").add("Grace Hopper"))
                .put("abstract", (String) null).put("room", talk.room()).put("start", time(talk.start()))
                .put("end", time(talk.end())).put("status", talk.status());
        value.putObject("session").put("id", talk.id() + "-session").put("title", "Deep Learning")
                .put("room", talk.room()).put("moderator", (String) null).put("start", time(talk.start()))
                .put("end", time(talk.end()));
        value.putObject("conference").put("id", "icml2022").put("name", "ICML 2022").put("timeZone", ZONE.getId());
        value.put("updatedAt", talk.updatedAt().toString());
        List<String> errors = ContractValidator.validateProgrammeRecord(talk.id(), value.toString());
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The test wrote an invalid programme record: " + errors);
        }
        producer.send(new ProducerRecord<>("programme", talk.id(), value.toString())).get(30, TimeUnit.SECONDS);
        FeedTalks feed = Arc.container().instance(FeedTalks.class).get();
        KnownTalks known = Arc.container().instance(KnownTalks.class).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> known.knows(talk.id()) && feed.get(talk.id())
                .filter(held -> held.updatedAt().equals(talk.updatedAt()) && held.start().equals(talk.start().toInstant()))
                .isPresent());
    }

    /** RFC 3339 with seconds, as the contract wants (OffsetDateTime.toString leaves ":00" out). */
    private static String time(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    @Override
    public void close() {
        producer.close();
    }
}
