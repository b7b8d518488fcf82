package dev.onstage.notification.reminders;

import static dev.onstage.contract.TalkEventType.TALK_CANCELLED;
import static dev.onstage.contract.TalkEventType.TALK_ENDED;
import static dev.onstage.contract.TalkEventType.TALK_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_UPCOMING;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.contract.ContractValidator;
import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** /ws/reminders with the JDK's WebSocket client, events from the real broker. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ReminderSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/ws/reminders")
    URI socket;

    @Inject
    ReminderHub hub;

    @Test
    void filtersDeliverExactlyTheMatchingEventsAsTheContractDataPlusIdAndType() throws Exception {
        String a = unique("talk-a");
        String b = unique("talk-b");
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                WsClient client = new WsClient(ws()).subscribe(
                        "{\"action\":\"subscribe\",\"talk\":[\"" + a + "\"],\"type\":[\"talk.started\",\"talk.ended\"]}")) {
            List<String> expected = new ArrayList<>();
            produce.talk(TALK_UPCOMING, a, "Room A");
            expected.add(produce.talk(TALK_STARTED, a, "Room A"));
            produce.talk(TALK_STARTED, b, "Room A");
            expected.add(produce.talk(TALK_ENDED, a, "Room A"));

            List<JsonNode> got = client.until(expected.get(1), WAIT);
            assertEquals(expected, got.stream().map(m -> m.get("id").asText()).toList());
            JsonNode started = got.get(0);
            assertEquals("talk.started", started.get("type").asText());
            assertEquals(a, started.at("/talk/id").asText());
            // Without id and type, the message is the event's data, valid against the contract.
            var data = ((com.fasterxml.jackson.databind.node.ObjectNode) started.deepCopy());
            data.remove(List.of("id", "type"));
            assertEquals(List.of(), ContractValidator.validate(TalkEventType.TALK_STARTED, data.toString()));
        }
    }

    @Test
    void aSubscribeWithTheLastIdReplaysTheMissedEventsThenGoesOnLive() throws Exception {
        String talk = unique("talk");
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            String seen = produce.talk(TALK_UPCOMING, talk, "Room R");
            awaitInHistory(seen);
            List<String> missed = List.of(produce.talk(TALK_STARTED, talk, "Room R"),
                    produce.talk(TALK_ENDED, talk, "Room R"));
            awaitInHistory(missed.get(1));
            try (WsClient client = new WsClient(ws()).subscribe(
                    "{\"action\":\"subscribe\",\"talk\":\"" + talk + "\",\"lastEventId\":\"" + seen + "\"}")) {
                String live = produce.talk(TALK_CANCELLED, talk, "Room R");
                List<String> expected = new ArrayList<>(missed);
                expected.add(live);
                assertEquals(expected, client.until(live, WAIT).stream().map(m -> m.get("id").asText()).toList());
            }
        }
    }

    @Test
    void anUnknownLastIdIsAnExplicitReset() throws Exception {
        String talk = unique("talk");
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            String old = produce.talk(TALK_STARTED, talk, "Room R");
            awaitInHistory(old);
            try (WsClient client = new WsClient(ws())) {
                client.send("{\"action\":\"subscribe\",\"talk\":\"" + talk + "\",\"lastEventId\":\"gone\"}");
                assertEquals("subscribed", client.nextJson(WAIT).get("type").asText());
                JsonNode reset = client.nextJson(WAIT);
                assertEquals("reset", reset.get("type").asText());
                assertEquals("history-exceeded", reset.get("reason").asText());
                assertEquals("gone", reset.get("lastEventId").asText());
                assertEquals(old, client.nextJson(WAIT).get("id").asText());
            }
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        String talk = unique("talk");
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(51, "\"t\"")) + "]";
        try (TalkEvents produce = new TalkEvents(bootstrapServers); WsClient client = new WsClient(ws())) {
            assertError(client, "{not json", 400, null);
            assertError(client, "[1,2]", 400, null);
            assertError(client, "{}", 400, "action");
            assertError(client, "{\"action\":\"dance\"}", 400, "action");
            assertError(client, "{\"action\":\"subscribe\",\"colour\":\"red\"}", 400, "colour");
            assertError(client, "{\"action\":\"subscribe\",\"talk\":{\"id\":1}}", 400, "talk");
            assertError(client, "{\"action\":\"subscribe\",\"type\":\"talk.exploded\"}", 400, "type");
            assertError(client, "{\"action\":\"subscribe\",\"talk\":" + tooMany + "}", 400, "query");
            assertError(client, "{\"action\":\"subscribe\",\"talk\":[\"\"]}", 400, "talk");
            assertError(client, "{\"action\":\"subscribe\",\"attendee\":\"me\"}", 400, "attendee");
            assertError(client, "{\"action\":\"subscribe\",\"talk\":\"" + "x".repeat(5000) + "\"}", 413, null);

            // Still open, and a good message works.
            client.subscribe("{\"action\":\"subscribe\",\"talk\":\"" + talk + "\"}");
            String id = produce.talk(TALK_STARTED, talk, "Room R");
            assertEquals(id, client.nextJson(WAIT).get("id").asText());
            client.send("{\"action\":\"unsubscribe\"}");
            assertEquals("unsubscribed", client.nextJson(WAIT).get("type").asText());
            produce.talk(TALK_ENDED, talk, "Room R");
            assertEquals(null, client.nextJson(Duration.ofSeconds(1)), "nothing after unsubscribing");
            assertFalse(client.isClosed());
        }
    }

    @Test
    void theServerPingsIdleConnections() throws Exception {
        try (WsClient client = new WsClient(ws())) {
            // Every second in tests (onstage.reminders.ws.ping-interval).
            await().atMost(WAIT).until(() -> client.pings() >= 2);
            assertFalse(client.isClosed());
        }
    }

    @Test
    void aMessageOverTheHardLimitClosesWith1009() throws Exception {
        try (WsClient client = new WsClient(ws())) {
            client.send("{\"action\":\"subscribe\",\"talk\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, client.closeCode(WAIT));
        }
    }

    @Test
    void anotherAttendeesTokenIsAnError() throws Exception {
        String alice = given().post("/api/attendees").then().statusCode(201).extract().path("id");
        String bobToken = given().post("/api/attendees").then().statusCode(201).extract().path("token");
        try (WsClient client = new WsClient(ws())) {
            assertError(client, "{\"action\":\"subscribe\",\"attendee\":\"" + alice + "\"}", 401, "token");
            assertError(client, "{\"action\":\"subscribe\",\"attendee\":\"" + alice + "\",\"token\":\"" + bobToken
                    + "\"}", 403, "token");
            assertError(client, "{\"action\":\"subscribe\",\"attendee\":\"" + UUID.randomUUID() + "\",\"token\":\""
                    + bobToken + "\"}", 404, "attendee");
            assertFalse(client.isClosed());
        }
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }

    private static void assertError(WsClient client, String message, int status, String where) throws Exception {
        client.send(message);
        JsonNode answer = client.nextJson(WAIT);
        assertTrue(answer != null && "error".equals(answer.path("type").asText()), message + " -> " + answer);
        assertEquals(status, answer.get("status").asInt(), answer.toString());
        assertTrue(answer.hasNonNull("detail"), answer.toString());
        if (where != null) {
            assertEquals(where, answer.path("where").asText(null), answer.toString());
        }
    }

    private URI ws() {
        return URI.create(socket.toString().replaceFirst("^http", "ws"));
    }

    private void awaitInHistory(String id) {
        await().atMost(WAIT).until(() -> hub.history().stream().anyMatch(r -> r.id().equals(id)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void oneJsonObjectPerMessageAndNoBinaryMessages() throws Exception {
        try (WsClient client = new WsClient(ws())) {
            assertError(client, "{\"action\":\"subscribe\"}}", 400, null);
            assertError(client, "{\"action\":\"subscribe\"} {}", 400, null);
            client.sendBinary(new byte[] {1, 2, 3});
            JsonNode answer = client.nextJson(WAIT);
            assertTrue(answer != null && "error".equals(answer.path("type").asText()), String.valueOf(answer));
            assertEquals(415, answer.get("status").asInt(), answer.toString());
            assertFalse(client.isClosed());
            client.subscribe("{\"action\":\"subscribe\"}");
        }
    }
}
