package dev.onstage.notification.reminders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.SseClient;
import dev.onstage.notification.agenda.ProgrammeRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Issue 15, item 8: the page opens an attendee's stream with a short-lived, single-use ticket in the URL instead of the
 * long-lived token, and an attendee can rotate the token.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class StreamTicketsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    private static JsonPath newAttendee() {
        return given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    private static String ticket(JsonPath attendee) {
        return given().header("Authorization", "Bearer " + attendee.getString("token"))
                .when().post("/api/stream-tickets?attendee=" + attendee.getString("id"))
                .then().statusCode(201).body("expiresAt", notNullValue()).extract().path("ticket");
    }

    private static String stream(JsonPath attendee, String ticket) {
        return "/api/reminders?attendee=" + attendee.getString("id") + "&ticket=" + ticket;
    }

    private static void refused(String path, int status) {
        given().accept("text/event-stream").when().get(path)
                .then().statusCode(status).contentType("application/problem+json");
    }

    @Test
    void aTicketOpensTheStreamOnce() throws Exception {
        JsonPath me = newAttendee();
        String talk = "talk-" + UUID.randomUUID();
        ProgrammeRecords.publish(talk);
        given().header("Authorization", "Bearer " + me.getString("token")).contentType("application/json")
                .body("{\"leadMinutes\":5}").when().put("/api/attendees/" + me.getString("id") + "/favourites/" + talk)
                .then().statusCode(201);
        String ticket = ticket(me);
        assertNotEquals(me.getString("token"), ticket);
        URI uri = base.resolve(stream(me, ticket));
        try (TalkEvents produce = new TalkEvents(bootstrapServers);
                SseClient client = new SseClient(uri, null).awaitSubscribed()) {
            String upcoming = produce.upcoming(talk, 5);
            assertEquals(List.of(upcoming), client.eventsUntil(upcoming, WAIT).stream().map(SseClient.Event::id)
                    .toList());
            // Used: the same URL again is refused (a log that kept it is worth nothing).
            given().accept("text/event-stream").when().get(stream(me, ticket))
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("unknown, used or expired"));
        }
    }

    @Test
    void ticketsAreForTheirAttendeeOnlyAndExpire() {
        JsonPath alice = newAttendee();
        JsonPath bob = newAttendee();
        // Issuing needs the attendee's own token, as a header.
        given().when().post("/api/stream-tickets?attendee=" + alice.getString("id"))
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + bob.getString("token"))
                .when().post("/api/stream-tickets?attendee=" + alice.getString("id"))
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + bob.getString("token"))
                .when().post("/api/stream-tickets?attendee=not-an-id")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("attendee"));
        // Alice's ticket does not open Bob's stream (and is not used up by trying).
        String alices = ticket(alice);
        refused(stream(bob, alices), 401);
        refused(stream(bob, "made-up"), 401);
        // Expired: refused.
        pool.preparedQuery("UPDATE notification.stream_ticket SET expires_at = now() - interval '1 second'")
                .execute().await().atMost(Duration.ofSeconds(10));
        refused(stream(alice, alices), 401);
        // At most 10 unused tickets at once: one more is a 429 with Retry-After.
        for (int i = 0; i < 10; i++) {
            ticket(bob);
        }
        given().header("Authorization", "Bearer " + bob.getString("token"))
                .when().post("/api/stream-tickets?attendee=" + bob.getString("id"))
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
    }

    @Test
    void anAttendeeRotatesTheToken() {
        JsonPath me = newAttendee();
        String id = me.getString("id");
        String before = ticket(me);
        JsonPath rotated = given().header("Authorization", "Bearer " + me.getString("token"))
                .when().post("/api/attendees/" + id + "/token")
                .then().statusCode(200).body("id", equalTo(id)).extract().jsonPath();
        String fresh = rotated.getString("token");
        assertNotEquals(me.getString("token"), fresh);
        // The old token and the tickets issued with it no longer work; the new one does.
        given().header("Authorization", "Bearer " + me.getString("token")).when().get("/api/attendees/" + id + "/favourites")
                .then().statusCode(403).contentType("application/problem+json");
        refused(stream(me, before), 401);
        given().header("Authorization", "Bearer " + fresh).when().get("/api/attendees/" + id + "/favourites")
                .then().statusCode(200);
        // Without the current token: no rotation.
        given().when().post("/api/attendees/" + id + "/token").then().statusCode(401)
                .contentType("application/problem+json");
        assertEquals(1L, pool.preparedQuery("SELECT count(*) AS n FROM notification.attendee WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong("n"));
    }
}
