package dev.onstage.schedule.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Round-trips a talk event through the real broker and checks its CloudEvents headers. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class TalkEventPublisherTest {

    @Inject
    TalkEventPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void publishedEventArrivesAsBinaryCloudEvent() throws Exception {
        String id = "test-" + UUID.randomUUID();
        Instant time = Instant.parse("2022-07-21T14:30:00Z");
        Instant dueWall = Instant.now().minusMillis(250).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        publisher.publish(id, TalkEventType.TALK_STARTED, "talk-1", time, dueWall, "{\"talkId\":\"talk-1\"}")
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        ConsumerRecord<String, String> record = readUntil(id);
        assertEquals("talk-1", record.key());
        assertEquals("{\"talkId\":\"talk-1\"}", record.value());
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("onstage.talk.started", header(record, "ce_type"));
        assertEquals("urn:onstage:schedule-service", header(record, "ce_source"));
        assertEquals("talk-1", header(record, "ce_subject"));
        assertEquals(time, Instant.parse(header(record, "ce_time")));
        assertEquals("application/json", header(record, "content-type"));
        // The Kafka timestamp is the wall instant the event was due: consumers measure delivery latency from it.
        assertEquals(dueWall.toEpochMilli(), record.timestamp());
    }

    private ConsumerRecord<String, String> readUntil(String ceId) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("talk-events"));
            Instant deadline = Instant.now().plusSeconds(30);
            List<String> seen = new ArrayList<>();
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ceId.equals(header(record, "ce_id"))) {
                        return record;
                    }
                    seen.add(header(record, "ce_id"));
                }
            }
            throw new AssertionError("event " + ceId + " not on talk-events within 30 s; saw " + seen);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
