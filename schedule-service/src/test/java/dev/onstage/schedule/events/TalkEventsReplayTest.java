package dev.onstage.schedule.events;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.ContractValidator;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The seed replayed at 600x through the real clock, outbox and broker: exactly the expected events, in order,
 * with the expected ids, each valid against the contract.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class TalkEventsReplayTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeAll
    static void showFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    record Event(String id, String type, String key, Map<String, String> headers, String value) {
    }

    @Test
    void seedReplayedFastEmitsExactlyTheExpectedEventsInOrder() {
        JsonPath talks = given().queryParam("conference", "icml2022").get("/api/talks").then().statusCode(200)
                .extract().jsonPath();
        String sessionId = talks.getString("[0].sessionId");
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            int run = organizer().contentType("application/json")
                    .body("{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:15:00Z\",\"speed\":600}")
                    .when().put("/api/clock")
                    .then().statusCode(200).body("mode", equalTo("replay")).body("speed", equalTo(600.0f))
                    .extract().path("run");

            List<String> expected = expectedIds(run, talks, sessionId);
            List<Event> received = readUntil(consumer, e -> e.id().startsWith(run + "/"), expected.size(),
                    Duration.ofSeconds(60));

            assertEquals(expected, received.stream().map(Event::id).toList());
            for (Event event : received) {
                assertEquals(List.of(), ContractValidator.validateRecord(event.key(), event.headers(), event.value()),
                        event.id());
                assertTrue(event.value().contains("\"late\":false"), event.value());
            }
            Event firstReminder = received.get(0);
            assertEquals("onstage.talk.upcoming", firstReminder.type());
            assertTrue(firstReminder.value().contains("\"leadMinutes\":10"), firstReminder.value());
            assertTrue(firstReminder.value().contains("\"start\":\"2022-07-21T07:30:00-07:00\""), firstReminder.value());
        }
        given().get("/api/clock").then().body("mode", equalTo("replay"));
    }

    @Test
    void clockNeedsAnOrganizerAndSaneValues() {
        given().contentType("application/json").body("{\"mode\":\"realtime\"}").put("/api/clock")
                .then().statusCode(401);
        organizer().contentType("application/json").body("{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:15:00Z\",\"speed\":6000}")
                .put("/api/clock").then().statusCode(400).contentType("application/problem+json");
        organizer().contentType("application/json").body("{\"mode\":\"sometimes\"}")
                .put("/api/clock").then().statusCode(400).contentType("application/problem+json");
    }

    /** What the contract promises for the seed: reminders 10 and 5 minutes before, start, end; the session. */
    private static List<String> expectedIds(int run, JsonPath talks, String sessionId) {
        Map<String, Instant> due = new LinkedHashMap<>();
        for (int i = 0; i < talks.getList("id").size(); i++) {
            String id = talks.getString("[" + i + "].id");
            Instant start = OffsetDateTime.parse(talks.getString("[" + i + "].start")).toInstant();
            Instant end = OffsetDateTime.parse(talks.getString("[" + i + "].end")).toInstant();
            due.put(run + "/talk.upcoming/" + id + "/" + start.minus(Duration.ofMinutes(10)), start.minus(Duration.ofMinutes(10)));
            due.put(run + "/talk.upcoming/" + id + "/" + start.minus(Duration.ofMinutes(5)), start.minus(Duration.ofMinutes(5)));
            due.put(run + "/talk.started/" + id + "/" + start, start);
            due.put(run + "/talk.ended/" + id + "/" + end, end);
        }
        Instant sessionStart = Instant.parse("2022-07-21T14:30:00Z");
        Instant sessionEnd = Instant.parse("2022-07-21T16:00:00Z");
        due.put(run + "/session.started/" + sessionId + "/" + sessionStart, sessionStart);
        due.put(run + "/session.ended/" + sessionId + "/" + sessionEnd, sessionEnd);
        assertEquals(58, due.size());
        // Due order; at the same instant, in id order (as the outbox claims them).
        return due.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    private KafkaConsumer<String, String> consumerAtEnd() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "latest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("talk-events"));
        // Wait for the assignment so that nothing published from now on is missed.
        Instant deadline = Instant.now().plusSeconds(30);
        while (consumer.assignment().isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    static List<Event> readUntil(KafkaConsumer<String, String> consumer, Predicate<Event> wanted, int count,
            Duration timeout) {
        List<Event> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (events.size() < count && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                Event event = new Event(headers.get("ce_id"), headers.get("ce_type"), record.key(), headers, record.value());
                if (wanted.test(event)) {
                    events.add(event);
                }
            }
        }
        return events;
    }

}
