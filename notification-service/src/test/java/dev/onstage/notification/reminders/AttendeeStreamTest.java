package dev.onstage.notification.reminders;

import static dev.onstage.contract.TalkEventType.TALK_CANCELLED;
import static dev.onstage.contract.TalkEventType.TALK_ENDED;
import static dev.onstage.contract.TalkEventType.TALK_MOVED;
import static dev.onstage.contract.TalkEventType.TALK_STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;
import dev.onstage.notification.agenda.Agendas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * An attendee's stream (SSE {@code ?attendee=}, WebSocket {@code attendee}) carries exactly their favourites'
 * reminders at each favourite's lead time, plus moves and cancellations, and follows changes of the agenda.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class AttendeeStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @TestHTTPResource("/ws/reminders")
    URI socket;

    @Inject
    Agendas agendas;

    @Test
    void sseDeliversExactlyTheFavouritesAtTheirLeadTimesAndFollowsAgendaChanges() throws Exception {
        JsonPath me = newAttendee();
        Talks t = new Talks();
        favourite(me, t.tenMinutes, 10);
        favourite(me, t.fiveMinutes, 5);
        favourite(me, t.atStart, 0);
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = new SseClient(URI.create(reminders + "?attendee=" + me.getString("id")
                        + "&token=" + me.getString("token")), null).awaitSubscribed()) {
            List<String> expected = produceDay(produce, t);
            assertEquals(expected, ids(client.eventsUntil(expected.get(expected.size() - 1), WAIT)));

            // A favourite added now reaches the open stream.
            favourite(me, t.other, 5);
            String added = produce.upcoming(t.other, 5);
            assertEquals(List.of(added), ids(client.eventsUntil(added, WAIT)));
            // One removed no longer does.
            given().header("Authorization", "Bearer " + me.getString("token"))
                    .when().delete(favourites(me) + "/" + t.other).then().statusCode(204);
            produce.upcoming(t.other, 5);
            String marker = produce.talk(TALK_CANCELLED, t.tenMinutes, "Room R");
            List<SseClient.Event> after = client.eventsUntil(marker, WAIT);
            assertEquals(List.of(marker), ids(after), () -> after.stream()
                    .map(e -> e.name() + " " + e.data().replaceAll(".*\"talk\":\\{\"id\":\"([^\"]+)\".*", "$1")).toList()
                    + " other=" + t.other);
        }
    }

    @Test
    void aChangeMadeByAnotherInstanceReachesTheStreamThroughPostgresNotify() throws Exception {
        JsonPath me = newAttendee();
        UUID id = UUID.fromString(me.getString("id"));
        String talk = "talk-" + UUID.randomUUID();
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                WsClient client = new WsClient(ws()).subscribe("{\"action\":\"subscribe\",\"attendee\":\"" + id
                        + "\",\"token\":\"" + me.getString("token") + "\"}")) {
            await().atMost(WAIT).until(() -> agendas.held().contains(id));
            // What another notification-service instance does on PUT: write the row, NOTIFY, commit.
            try (Connection db = DriverManager.getConnection(jdbcUrl, "onstage", "onstage")) {
                db.setAutoCommit(false);
                try (PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO notification.favourite (attendee_id, talk_id, lead_minutes) VALUES (?, ?, 5)");
                        PreparedStatement notify = db.prepareStatement("SELECT pg_notify('onstage_agenda', ?)")) {
                    insert.setObject(1, id);
                    insert.setString(2, talk);
                    insert.executeUpdate();
                    notify.setString(1, id.toString());
                    notify.execute();
                }
                db.commit();
            }
            // The notification arrives asynchronously: produce until one reminder gets through.
            await().atMost(WAIT).until(() -> {
                String reminder = produce.upcoming(talk, 5);
                var message = client.nextJson(Duration.ofMillis(500));
                return message != null && reminder.equals(message.path("id").asText());
            });
        }
    }

    @Test
    void webSocketDeliversTheSameAsSse() throws Exception {
        JsonPath me = newAttendee();
        Talks t = new Talks();
        favourite(me, t.tenMinutes, 10);
        favourite(me, t.fiveMinutes, 5);
        favourite(me, t.atStart, 0);
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                WsClient client = new WsClient(ws()).subscribe("{\"action\":\"subscribe\",\"attendee\":\""
                        + me.getString("id") + "\",\"token\":\"" + me.getString("token") + "\"}")) {
            List<String> expected = produceDay(produce, t);
            assertEquals(expected, client.until(expected.get(expected.size() - 1), WAIT).stream()
                    .map(m -> m.get("id").asText()).toList());
        }
    }

    @Test
    void sseWithoutTheAttendeesTokenIsRefused() {
        JsonPath alice = newAttendee();
        JsonPath bob = newAttendee();
        given().accept("text/event-stream").when().get(reminders + "?attendee=" + alice.getString("id"))
                .then().statusCode(401).contentType("application/problem+json");
        given().accept("text/event-stream").header("Authorization", "Bearer " + bob.getString("token"))
                .when().get(reminders + "?attendee=" + alice.getString("id"))
                .then().statusCode(403).contentType("application/problem+json");
        given().accept("text/event-stream")
                .when().get(reminders + "?attendee=" + alice.getString("id") + "&token=" + bob.getString("token"))
                .then().statusCode(403).contentType("application/problem+json");
        given().accept("text/event-stream").when().get(reminders + "?attendee=nobody&token=x")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /** Four favourites' worth of talks: lead 10, lead 5, lead 0 (at start), and one that is not a favourite. */
    private static final class Talks {
        final String tenMinutes = "talk-" + UUID.randomUUID();
        final String fiveMinutes = "talk-" + UUID.randomUUID();
        final String atStart = "talk-" + UUID.randomUUID();
        final String other = "talk-" + UUID.randomUUID();
    }

    /** Every kind of event for the four talks; returns the ids the attendee must get, in order. */
    private static List<String> produceDay(TalkEvents produce, Talks t) throws Exception {
        List<String> expected = new ArrayList<>();
        expected.add(produce.upcoming(t.tenMinutes, 10));
        produce.upcoming(t.fiveMinutes, 10);
        produce.upcoming(t.atStart, 10);
        produce.upcoming(t.other, 10);
        produce.upcoming(t.tenMinutes, 5);
        expected.add(produce.upcoming(t.fiveMinutes, 5));
        produce.upcoming(t.other, 5);
        produce.talk(TALK_STARTED, t.tenMinutes, "Room R");
        produce.talk(TALK_STARTED, t.fiveMinutes, "Room R");
        expected.add(produce.talk(TALK_STARTED, t.atStart, "Room R"));
        produce.talk(TALK_STARTED, t.other, "Room R");
        produce.talk(TALK_ENDED, t.tenMinutes, "Room R");
        produce.talk(TALK_ENDED, t.atStart, "Room R");
        expected.add(produce.talk(TALK_MOVED, t.fiveMinutes, "Room S"));
        produce.talk(TALK_MOVED, t.other, "Room S");
        produce.talk(TALK_CANCELLED, t.other, "Room S");
        expected.add(produce.talk(TALK_CANCELLED, t.atStart, "Room R"));
        return expected;
    }

    private static JsonPath newAttendee() {
        return given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    private static String favourites(JsonPath attendee) {
        return "/api/attendees/" + attendee.getString("id") + "/favourites";
    }

    private static void favourite(JsonPath attendee, String talk, int leadMinutes) {
        given().header("Authorization", "Bearer " + attendee.getString("token"))
                .contentType("application/json").body("{\"leadMinutes\":" + leadMinutes + "}")
                .when().put(favourites(attendee) + "/" + talk)
                .then().statusCode(201);
    }

    private static List<String> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::id).toList();
    }

    private URI ws() {
        return URI.create(socket.toString().replaceFirst("^http", "ws"));
    }
}
