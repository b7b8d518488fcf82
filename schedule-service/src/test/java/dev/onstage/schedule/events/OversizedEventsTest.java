package dev.onstage.schedule.events;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.Topics;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 15, item 4: a talk event Kafka refuses as too large goes to the dead letters with its reason, and the events
 * after it are still published. A producer that takes at most 16 KB stands for a broker configured smaller than the
 * text limits allow.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
@TestProfile(OversizedEventsTest.SmallRecords.class)
class OversizedEventsTest {

    public static class SmallRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.talk-events.max.request.size", "16384");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aCancellationTooLargeForKafkaIsDeadLetteredAndTheNextOneIsStillPublished() {
        // 9,000 euro signs: 27,000 bytes of UTF-8, within the abstract's 10,000 characters but over 16 KB.
        String listing = """
                Oversized

                Room Oversized

                Tue 4 Jun 9 a.m. CEST — 10 a.m. CEST

                Tue 4 June 9:00 - 9:20 CEST

                A Talk Too Large For This Kafka

                Dana

                %s

                Tue 4 June 9:20 - 9:40 CEST

                A Small Talk

                Eve
                """.formatted("€".repeat(9_000));
        organizer().contentType("text/plain; charset=UTF-8").queryParam("year", 2024).body(listing)
                .post("/api/programme").then().statusCode(200);
        List<String> ids = given().queryParam("room", "Room Oversized").get("/api/talks").then().statusCode(200)
                .extract().path("id");
        String large = ids.get(0);
        String small = ids.get(1);

        try (KafkaConsumer<String, String> events = consumerAtEnd(Topics.TALK_EVENTS);
                KafkaConsumer<String, String> deadLetters = consumerAtEnd(Topics.DEAD_LETTERS)) {
            for (String id : List.of(large, small)) {
                organizer().contentType("application/json").body("{\"status\":\"cancelled\"}")
                        .patch("/api/talks/" + id).then().statusCode(200);
            }

            // The small talk's cancellation, due after the large one's, is not held back by it.
            ConsumerRecord<String, String> published = first(events, small, Duration.ofSeconds(60));
            assertEquals("onstage.talk.cancelled", header(published, "ce_type"));

            ConsumerRecord<String, String> deadLetter = first(deadLetters, large, Duration.ofSeconds(30));
            assertEquals("onstage.talk.cancelled", header(deadLetter, "ce_type"));
            assertEquals(large, header(deadLetter, "ce_subject"));
            assertEquals(Topics.TALK_EVENTS, header(deadLetter, "dead-letter-topic"));
            assertEquals("org.apache.kafka.common.errors.RecordTooLargeException",
                    header(deadLetter, "dead-letter-exception-class-name"));
            assertTrue(header(deadLetter, "dead-letter-reason").startsWith("Kafka refused the event as too large"),
                    header(deadLetter, "dead-letter-reason"));
            assertNull(deadLetter.value(), "the value that was too large is left out");
            assertTrue(header(deadLetter, "ce_id").contains("/" + large + "/change-"), header(deadLetter, "ce_id"));
        }
        // Nothing failed: the outbox is not stuck.
        given().get("/q/health/ready").then().statusCode(200);
    }

    private KafkaConsumer<String, String> consumerAtEnd(String topic) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "latest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        Instant deadline = Instant.now().plusSeconds(30);
        while (consumer.assignment().isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(100));
        }
        // Resolve "latest" now, not at the next poll, which would skip what is published meanwhile.
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    private static ConsumerRecord<String, String> first(KafkaConsumer<String, String> consumer, String key,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record with key " + key + " within " + timeout);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
