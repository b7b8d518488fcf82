package dev.onstage.notification.agenda;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Issue 15, items 6 and 7: attendee creations are limited per client address, and that address cannot be forged with
 * X-Forwarded-For (only the trusted proxy, 127.0.0.2 in tests, is believed); favourites only for talks in the
 * programme; attendees unused for the expiry are forgotten. Test settings: 30 creations per address, one more every
 * 200 ms; expiry checked every second.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class AttendeeLimitsTest {

    /** Enough to empty a bucket of 30 refilled by 5 a second, even on a slow machine. */
    private static final int TRIES = 300;

    @Inject
    Pool pool;

    record Answer(int status, String head, String body) {

        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }
    }

    /** POST /api/attendees over a connection from {@code local} (a loopback address), with extra headers. */
    private static Answer create(String local, String... headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port,
                InetAddress.getByName(local), 0)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("POST /api/attendees HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String whole = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = whole.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(whole.substring(9, 12)), whole.substring(0, end), whole.substring(end + 4));
        }
    }

    /** Creates from {@code local} until refused; returns the refusal after checking it. */
    private static Answer createUntilRefused(String local, java.util.function.IntFunction<String[]> headers)
            throws IOException {
        int created = 0;
        for (int i = 0; i < TRIES; i++) {
            Answer answer = create(local, headers.apply(i));
            if (answer.status() == 429) {
                assertTrue(created >= 29, "refused after only " + created + " creations");
                assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.head());
                long retryAfter = Long.parseLong(answer.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
                assertTrue(answer.body().contains("\"status\":429") && answer.body().contains("attendees"),
                        answer.body());
                return answer;
            }
            assertEquals(201, answer.status(), answer.head() + answer.body());
            created++;
        }
        throw new AssertionError(TRIES + " attendees created from " + local + " without a refusal");
    }

    @Test
    void creationsAreLimitedPerAddress() throws Exception {
        createUntilRefused("127.0.0.3", i -> new String[0]);
        // Another address is not held back.
        assertEquals(201, create("127.0.0.5").status());
    }

    @Test
    void aClientCannotChooseItsAddressWithXForwardedFor() throws Exception {
        // 127.0.0.4 is no trusted proxy: a new X-Forwarded-For on every request changes nothing.
        Answer refused = createUntilRefused("127.0.0.4", i -> new String[] {"X-Forwarded-For: 198.51.100." + (i % 250)});
        assertTrue(refused.body().contains("127.0.0.4"), refused.body());
    }

    @Test
    void theTrustedProxyForwardsTheClientsAddress() throws Exception {
        Answer refused = createUntilRefused("127.0.0.2", i -> new String[] {"X-Forwarded-For: 203.0.113.7"});
        assertTrue(refused.body().contains("203.0.113.7"), refused.body());
        // The proxy's other clients are counted on their own.
        assertEquals(201, create("127.0.0.2", "X-Forwarded-For: 203.0.113.8").status());
    }

    @Test
    void favouritesOnlyForTalksInTheProgramme() {
        JsonPath me = given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
        String talk = "talk-" + UUID.randomUUID();
        String favourite = "/api/attendees/" + me.getString("id") + "/favourites/" + talk;
        FavouritesTest.as(me).contentType("application/json").body("{\"leadMinutes\":5}").when().put(favourite)
                .then().statusCode(404).contentType("application/problem+json").body("where", equalTo("talkId"))
                .body("detail", containsString(talk));
        ProgrammeRecords.publish(talk);
        FavouritesTest.as(me).contentType("application/json").body("{\"leadMinutes\":5}").when().put(favourite)
                .then().statusCode(201);
        // Removed from the programme (a tombstone): no new favourite for it; removing the old one still works.
        ProgrammeRecords.remove(talk);
        FavouritesTest.as(me).contentType("application/json").body("{\"leadMinutes\":10}").when().put(favourite)
                .then().statusCode(404).contentType("application/problem+json");
        FavouritesTest.as(me).when().delete(favourite).then().statusCode(204);
    }

    @Test
    void unusedAttendeesAreForgotten() {
        JsonPath unused = given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
        JsonPath used = given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
        setLastUsed(unused.getString("id"), Duration.ofDays(31));
        setLastUsed(used.getString("id"), Duration.ofDays(29));
        // A use is recorded.
        FavouritesTest.as(used).when().get("/api/attendees/" + used.getString("id") + "/favourites")
                .then().statusCode(200);
        assertTrue(idleSeconds(used.getString("id")) < 60, "the use was not recorded");
        // Unused for longer than the expiry (30 days): gone within the check interval (1 s in tests). Watched in the
        // database: asking the API would be a use, which keeps the attendee.
        await().atMost(Duration.ofSeconds(20)).until(() -> !exists(unused.getString("id")));
        FavouritesTest.as(unused).when().get("/api/attendees/" + unused.getString("id") + "/favourites")
                .then().statusCode(404);
        assertTrue(exists(used.getString("id")), "the attendee used 29 days ago was forgotten");
        FavouritesTest.as(used).when().get("/api/attendees/" + used.getString("id") + "/favourites")
                .then().statusCode(200);
    }

    private boolean exists(String id) {
        return pool.preparedQuery("SELECT 1 FROM notification.attendee WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).size() == 1;
    }

    private void setLastUsed(String id, Duration ago) {
        pool.preparedQuery("UPDATE notification.attendee SET last_used_at = now() - make_interval(secs => $2) "
                + "WHERE id = $1").execute(Tuple.of(UUID.fromString(id), (double) ago.toSeconds()))
                .await().atMost(Duration.ofSeconds(10));
    }

    private double idleSeconds(String id) {
        return pool.preparedQuery("SELECT extract(epoch FROM now() - last_used_at)::float8 AS idle "
                + "FROM notification.attendee WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getDouble("idle");
    }
}
