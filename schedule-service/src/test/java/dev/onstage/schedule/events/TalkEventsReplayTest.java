package dev.onstage.schedule.events;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.ContractValidator;
import dev.onstage.contract.EventData;
import dev.onstage.contract.EventJson;
import dev.onstage.contract.TalkEventType;
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

            // Exactly the expected events, each once; in due order per key (Kafka orders per partition, and
            // the key decides the partition).
            assertEquals(expected.stream().sorted().toList(), received.stream().map(Event::id).sorted().toList());
            Map<String, List<String>> expectedPerKey = expected.stream()
                    .collect(Collectors.groupingBy(id -> id.split("/")[2], Collectors.toList()));
            Map<String, List<String>> receivedPerKey = received.stream()
                    .collect(Collectors.groupingBy(Event::key, Collectors.mapping(Event::id, Collectors.toList())));
            assertEquals(expectedPerKey, receivedPerKey);
            for (Event event : received) {
                assertEquals(List.of(), ContractValidator.validateRecord(event.key(), event.headers(), event.value()),
                        event.id());
                assertReadsIntoTheContractsRecordAndBack(event);
                assertTrue(event.value().contains("\"late\":false"), event.value());
            }
            Event firstReminder = received.stream().filter(e -> e.id().equals(expected.get(0))).findFirst().orElseThrow();
            assertEquals("onstage.talk.upcoming", firstReminder.type());
            assertTrue(firstReminder.value().contains("\"leadMinutes\":10"), firstReminder.value());
            assertTrue(firstReminder.value().contains("\"start\":\"2022-07-21T07:30:00-07:00\""), firstReminder.value());
        }
        given().get("/api/clock").then().body("mode", equalTo("replay"));
        // The lateness histogram has a bucket at the goal, so that a benchmark reads it exactly.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(Pattern.compile("^onstage_events_lateness_seconds_bucket\\{.*le=\"0\\.02\".*\\} [1-9]", Pattern.MULTILINE)
                .matcher(metrics).find(), "no 20 ms bucket with events in it");
    }

    @Test
    void aMoveIsAnnouncedWithWhereTheTalkWasAndTheProgrammeTopicHasItsNewState() {
        String listing = """
                Moves

                Room Moves

                Tue 4 Jun 9 a.m. CEST — 10 a.m. CEST

                Tue 4 June 9:00 - 9:20 CEST

                A Talk That Moves

                Dana
                """;
        organizer().contentType("text/plain; charset=UTF-8").queryParam("year", 2024).body(listing)
                .post("/api/programme").then().statusCode(200);
        String id = given().queryParam("room", "Room Moves").get("/api/talks").then().extract().path("[0].id");
        try (KafkaConsumer<String, String> consumer = consumerAtEnd();
                KafkaConsumer<String, String> programme = programmeConsumer()) {
            organizer().contentType("application/json").body("{\"start\":\"2024-06-04T09:30:00+02:00\"}")
                    .patch("/api/talks/" + id).then().statusCode(200);

            List<Event> moved = readUntil(consumer, e -> e.type().equals("onstage.talk.moved") && e.key().equals(id), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, moved.size());
            Event event = moved.get(0);
            assertEquals(List.of(), ContractValidator.validateRecord(event.key(), event.headers(), event.value()));
            assertReadsIntoTheContractsRecordAndBack(event);
            assertTrue(event.value().contains("\"previous\":{"), event.value());
            assertTrue(event.value().contains("\"2024-06-04T09:00:00+02:00\""), event.value());
            assertTrue(event.value().contains("\"start\":\"2024-06-04T09:30:00+02:00\""), event.value());

            List<Event> states = readUntil(programme, e -> e.key().equals(id) && e.value().contains("09:30:00+02:00"), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, states.size());
            assertEquals(List.of(), ContractValidator.validateProgrammeRecord(id, states.get(0).value()));
            String state = states.get(0).value();
            assertEquals(state, EventJson.write(assertDoesNotThrow(() -> EventJson.readProgrammeTalk(state))));
        }
    }

    /** The typed model and the wire agree: the event reads into its type's record, which writes the same JSON. */
    private static void assertReadsIntoTheContractsRecordAndBack(Event event) {
        TalkEventType type = TalkEventType.fromType(event.type()).orElseThrow();
        EventData data = assertDoesNotThrow(() -> EventJson.read(type, event.value()), event.value());
        assertEquals(type, data.type());
        assertEquals(event.key(), data.subject());
        assertEquals(event.value(), EventJson.write(data));
    }

    @Test
    void asyncApiDocumentIsServed() {
        given().get("/asyncapi.yaml").then().statusCode(200).body(org.hamcrest.Matchers.containsString("asyncapi: 3.0.0"));
        given().get("/schemas/talk-event.schema.json").then().statusCode(200);
        given().get("/schemas/secrets.json").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void changingOnlyTheSpeedMidReplayKeepsTheRunAndSendsNothingTwice() {
        JsonPath talks = given().queryParam("conference", "icml2022").get("/api/talks").then().extract().jsonPath();
        String sessionId = talks.getString("[0].sessionId");
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            int run = organizer().contentType("application/json")
                    .body("{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:15:00Z\",\"speed\":300}")
                    .put("/api/clock").then().statusCode(200).extract().path("run");
            List<String> expected = expectedIds(run, talks, sessionId);
            List<Event> firstPart = readUntil(consumer, e -> e.id().startsWith(run + "/"), 10, Duration.ofSeconds(30));
            organizer().contentType("application/json").body("{\"mode\":\"replay\",\"speed\":600}")
                    .put("/api/clock").then().statusCode(200).body("run", equalTo(run)).body("speed", equalTo(600.0f));
            List<Event> rest = readUntil(consumer, e -> e.id().startsWith(run + "/"), expected.size() - firstPart.size(),
                    Duration.ofSeconds(60));

            List<String> all = new ArrayList<>(firstPart.stream().map(Event::id).toList());
            all.addAll(rest.stream().map(Event::id).toList());
            assertEquals(expected.stream().sorted().toList(), all.stream().sorted().toList());
        }
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
        // Resolve "latest" now, not at the next poll, which would skip what is published meanwhile.
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    /** The compacted programme topic, from the beginning. */
    private KafkaConsumer<String, String> programmeConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("programme"));
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
