package dev.onstage.notification.reminders;

import static dev.onstage.contract.TalkEventType.SESSION_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_ENDED;
import static dev.onstage.contract.TalkEventType.TALK_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_UPCOMING;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.CloudEventsAttributes;
import dev.onstage.contract.Topics;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Filters, resume, reset, duplicates, dead letters and bad parameters of GET /api/reminders, on a real broker. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ReminderStreamFeaturesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @Inject
    ReminderHub hub;

    @Test
    void talkAndTypeFiltersDeliverExactlyTheMatchingEvents() throws Exception {
        String a = unique("talk-a");
        String b = unique("talk-b");
        String c = unique("talk-c");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = connect("talk=" + a + "&talk=" + b + "&type=talk.upcoming&type=talk.started",
                        null)) {
            List<String> expected = new ArrayList<>();
            expected.add(produce.talk(TALK_UPCOMING, a, "Room A"));
            expected.add(produce.talk(TALK_STARTED, a, "Room A"));
            produce.talk(TALK_ENDED, a, "Room A");
            produce.talk(TALK_UPCOMING, c, "Room A");
            expected.add(produce.talk(TALK_STARTED, b, "Room B"));
            produce.talk(TALK_ENDED, b, "Room B");
            produce.talk(TALK_STARTED, c, "Room C");
            String marker = produce.talk(TALK_STARTED, b, "Room B");
            expected.add(marker);

            List<SseClient.Event> events = client.eventsUntil(marker, WAIT);
            assertEquals(expected, ids(events));
            assertEquals(List.of("talk.upcoming", "talk.started", "talk.started", "talk.started"),
                    events.stream().map(SseClient.Event::name).toList());
        }
    }

    @Test
    void roomSpeakerAndSessionFiltersCombineWithAnd() throws Exception {
        String room = unique("room");
        String otherRoom = unique("room");
        String session = unique("session");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient bySpeakerInRoom = connect("room=" + enc(room) + "&speaker=" + enc("ada LOVELACE")
                        + "&speaker=" + enc("Grace Hopper"), null);
                SseClient bySession = connect("session=" + session, null)) {
            String t1 = unique("t1");
            String t2 = unique("t2");
            String t3 = unique("t3");
            String match1 = produce.talkWithId(TALK_STARTED, "ce-" + UUID.randomUUID(), t1, session, room,
                    "Ada Lovelace", "Charles Babbage");
            produce.talk(TALK_STARTED, t2, room, "Charles Babbage");
            produce.talk(TALK_STARTED, t3, otherRoom, "Ada Lovelace");
            String sessionEvent = produce.session(SESSION_STARTED, session, room);
            String match2 = produce.talkWithId(TALK_ENDED, "ce-" + UUID.randomUUID(), t2, session, room, "grace hopper");

            assertEquals(List.of(match1, match2), ids(bySpeakerInRoom.eventsUntil(match2, WAIT)));
            assertEquals(List.of(match1, sessionEvent, match2), ids(bySession.eventsUntil(match2, WAIT)));
        }
    }

    @Test
    void resumeWithLastEventIdSendsExactlyTheMissedEventsThenLive() throws Exception {
        String talk = unique("talk");
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            String e1;
            String e2;
            try (SseClient first = connect("talk=" + talk, null)) {
                e1 = produce.talk(TALK_UPCOMING, talk, "Room R");
                e2 = produce.talk(TALK_STARTED, talk, "Room R");
                assertEquals(List.of(e1, e2), ids(first.eventsUntil(e2, WAIT)));
            }
            String e3 = produce.talk(TALK_ENDED, talk, "Room R");
            String e4 = produce.talk(TALK_UPCOMING, talk, "Room R");
            awaitInHistory(e4);
            try (SseClient again = connect("talk=" + talk, e2)) {
                String e5 = produce.talk(TALK_STARTED, talk, "Room R");
                assertEquals(List.of(e3, e4, e5), ids(again.eventsUntil(e5, WAIT)));
            }
            // The same with the query parameter (a first connection); the header wins over it.
            try (SseClient byParameter = connect("talk=" + talk + "&lastEventId=" + enc(e3), null);
                    SseClient both = connect("talk=" + talk + "&lastEventId=" + enc(e1), e4)) {
                String e6 = produce.talk(TALK_ENDED, talk, "Room R");
                List<String> afterE3 = ids(byParameter.eventsUntil(e6, WAIT));
                assertEquals(e4, afterE3.get(0));
                assertEquals(e6, afterE3.get(afterE3.size() - 1));
                assertEquals(afterE3.size(), afterE3.stream().distinct().count());
                List<String> afterE4 = ids(both.eventsUntil(e6, WAIT));
                assertEquals(afterE3.subList(1, afterE3.size()), afterE4);
            }
        }
    }

    @Test
    void unknownLastEventIdGetsResetThenTheWholeHistory() throws Exception {
        String talk = unique("talk");
        String unknown = unique("gone");
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            String e1 = produce.talk(TALK_UPCOMING, talk, "Room U");
            String e2 = produce.talk(TALK_STARTED, talk, "Room U");
            awaitInHistory(e2);
            try (SseClient client = connect("talk=" + talk, unknown)) {
                String e3 = produce.talk(TALK_ENDED, talk, "Room U");
                List<SseClient.Event> events = client.eventsUntil(e3, WAIT);
                assertEquals(4, events.size(), events.toString());
                SseClient.Event reset = events.get(0);
                assertEquals("reset", reset.name());
                assertNull(reset.id());
                assertEquals("{\"reason\":\"history-exceeded\",\"lastEventId\":\"" + unknown + "\"}", reset.data());
                assertEquals(List.of(e1, e2, e3), ids(events.subList(1, 4)));
            }
        }
    }

    @Test
    void aDuplicateIdFromKafkaIsDeliveredOnce() throws Exception {
        String talk = unique("talk");
        String id = unique("ce");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = connect("talk=" + talk, null)) {
            produce.talkWithId(TALK_STARTED, id, talk, talk + "-session", "Room D");
            produce.talkWithId(TALK_STARTED, id, talk, talk + "-session", "Room D");
            String marker = produce.talk(TALK_ENDED, talk, "Room D");
            assertEquals(List.of(id, marker), ids(client.eventsUntil(marker, WAIT)));
            assertEquals(1, hub.history().stream().filter(r -> r.id().equals(id)).count());
        }
    }

    @Test
    void unreadableRecordsGoToTheDeadLettersAndTheStreamGoesOn() throws Exception {
        String talk = unique("talk");
        String poisonKey = unique("poison");
        String headerless = unique("headerless");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = connect("talk=" + talk, null)) {
            Map<String, String> headers = Map.of(CloudEventsAttributes.HEADER_SPEC_VERSION, "1.0",
                    CloudEventsAttributes.HEADER_ID, unique("ce"),
                    CloudEventsAttributes.HEADER_SOURCE, CloudEventsAttributes.SOURCE,
                    CloudEventsAttributes.HEADER_TYPE, TALK_STARTED.type(),
                    CloudEventsAttributes.HEADER_TIME, "2022-07-21T14:45:00Z",
                    CloudEventsAttributes.HEADER_SUBJECT, poisonKey,
                    CloudEventsAttributes.HEADER_CONTENT_TYPE, "application/json");
            produce.send(poisonKey, headers, "{\"talkId\":\"" + poisonKey + "\"}");
            produce.send(headerless, Map.of(), "not even JSON");
            String valid = produce.talk(TALK_STARTED, talk, "Room P");

            assertEquals(List.of(valid), ids(client.eventsUntil(valid, WAIT)));

            Map<String, ConsumerRecord<String, String>> dead = readDeadLetters(List.of(poisonKey, headerless));
            assertEquals("{\"talkId\":\"" + poisonKey + "\"}", dead.get(poisonKey).value());
            String reason = header(dead.get(poisonKey), "dead-letter-reason");
            assertTrue(reason.contains("talk"), reason);
            assertTrue(header(dead.get(headerless), "dead-letter-reason").contains("ce_id is missing"),
                    header(dead.get(headerless), "dead-letter-reason"));
            assertEquals("not even JSON", dead.get(headerless).value());
        }
    }

    @Test
    void badFiltersAreProblems() {
        given().queryParam("type", "talk.nope").accept("text/event-stream")
                .when().get(reminders)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("where", equalTo("type"))
                .body("detail", containsString("talk.nope"));
        String tooMany = IntStream.range(0, 51).mapToObj(i -> "talk=t" + i).collect(Collectors.joining("&"));
        given().accept("text/event-stream")
                .when().get(reminders + "?" + tooMany)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 50"));
    }

    @Test
    void streamsStartWithASubscribedCommentThenGetHeartbeats() throws Exception {
        try (SseClient client = connect("talk=" + unique("quiet"), null)) {
            List<String> comments = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String line = client.nextLine(Duration.ofSeconds(5));
                if (line != null && line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                }
                return comments.size() == 2;
            });
            assertEquals(List.of("subscribed", "heartbeat"), comments);
        }
    }

    private SseClient connect(String query, String lastEventId) throws Exception {
        return new SseClient(URI.create(reminders + "?" + query), lastEventId).awaitSubscribed();
    }

    private void awaitInHistory(String id) {
        await().atMost(WAIT).until(() -> hub.history().stream().anyMatch(r -> r.id().equals(id)));
    }

    private Map<String, ConsumerRecord<String, String>> readDeadLetters(List<String> keys) {
        Map<String, ConsumerRecord<String, String>> found = new java.util.HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.DEAD_LETTERS, 0);
            await().atMost(WAIT).until(() -> consumer.partitionsFor(Topics.DEAD_LETTERS).size() > 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        found.put(r.key(), r);
                    }
                });
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::id).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void contractHeadersThatAreNotUtf8TextGoToTheDeadLetters() throws Exception {
        String talk = unique("talk");
        String poisonKey = unique("not-utf8");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = connect("talk=" + talk + "&talk=" + poisonKey, null)) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of(CloudEventsAttributes.HEADER_SPEC_VERSION, "1.0",
                    CloudEventsAttributes.HEADER_SOURCE, CloudEventsAttributes.SOURCE,
                    CloudEventsAttributes.HEADER_TYPE, TALK_STARTED.type(),
                    CloudEventsAttributes.HEADER_CONTENT_TYPE, "application/json"));
            var data = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(TALK_STARTED.exampleData());
            ((com.fasterxml.jackson.databind.node.ObjectNode) data.get("talk")).put("id", poisonKey);
            headers.put(CloudEventsAttributes.HEADER_TIME, data.get("dueAt").asText());
            headers.put(CloudEventsAttributes.HEADER_SUBJECT, poisonKey);
            // A ce_id of bytes that are not UTF-8: everything else follows the contract.
            produce.send(poisonKey, headers, Map.of(CloudEventsAttributes.HEADER_ID, new byte[] {(byte) 0xC3, 0x28, 'x'}),
                    data.toString());
            String valid = produce.talk(TALK_STARTED, talk, "Room U");

            assertEquals(List.of(valid), ids(client.eventsUntil(valid, WAIT)));
            String reason = header(readDeadLetters(List.of(poisonKey)).get(poisonKey), "dead-letter-reason");
            assertTrue(reason.contains("ce_id: not UTF-8 text"), reason);
        }
    }
}
