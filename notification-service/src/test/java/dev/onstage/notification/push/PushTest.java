package dev.onstage.notification.push;

import static dev.onstage.contract.TalkEventType.SESSION_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_CANCELLED;
import static dev.onstage.contract.TalkEventType.TALK_ENDED;
import static dev.onstage.contract.TalkEventType.TALK_MOVED;
import static dev.onstage.contract.TalkEventType.TALK_STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.notification.agenda.ProgrammeRecords;
import dev.onstage.local.testing.PushServiceEmulator;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.WebPushTesting;
import dev.onstage.notification.reminders.TalkEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Web Push end to end, against the real push service emulator (web-push-testing, which checks the VAPID token and
 * decrypts what it gets), real Kafka and real PostgreSQL: the API's answers, a push per device at each starred talk's
 * lead time and for its moves and cancellations, once; a claim left by a killed instance taken over when its lease
 * ends; gone subscriptions removed; busy push services retried after their Retry-After.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
@WithTestResource(PushServiceEmulator.class)
class PushTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private WebPushTesting pushService() {
        return PushServiceEmulator.running();
    }

    @Test
    void theApiAnswersLikeTheFavouritesAndKeepsAtMostThreeDevices() throws Exception {
        String key = given().when().get("/api/push/public-key").then().statusCode(200)
                .body("publicKey", matchesPattern("[A-Za-z0-9_-]{87}")).extract().path("publicKey");
        JsonPath me = newAttendee();
        JsonPath other = newAttendee();
        String body = JSON.readTree(pushService().subscribe(key)).get("data").toString();
        String url = "/api/attendees/" + me.getString("id") + "/push-subscriptions";

        problem(given().contentType("application/json").body(body).put(url), 401);
        problem(given().auth().oauth2(other.getString("token")).contentType("application/json").body(body).put(url), 403);
        problem(given().auth().oauth2(me.getString("token")).contentType("application/json").body(body)
                .put("/api/attendees/" + UUID.randomUUID() + "/push-subscriptions"), 404);
        problem(given().auth().oauth2(me.getString("token")).contentType("application/json").body(body)
                .put("/api/attendees/nope/push-subscriptions"), 400);
        String token = me.getString("token");
        for (String bad : List.of("", "{", "[]", "{}", "null", "{\"endpoint\":\"https://push.example.net/x\"}",
                "{\"endpoint\":\"ftp://push.example.net/x\",\"keys\":{\"p256dh\":\"x\",\"auth\":\"y\"}}",
                "{\"endpoint\":\"not a url\",\"keys\":{}}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":\"p256dh\"}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"!!\",\"auth\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}",
                // 65 bytes that begin as a point should, but are not on the curve.
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"B" + "A".repeat(86)
                        + "\",\"auth\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"" + JSON.readTree(body)
                        .at("/keys/p256dh").asText() + "\",\"auth\":\"AAAA\"}}",
                "{\"endpoint\":\"https://" + "x".repeat(3000) + "\",\"keys\":{}}")) {
            problem(given().auth().oauth2(token).contentType("application/json").body(bad).put(url), 400);
        }

        given().auth().oauth2(token).contentType("application/json").body(body).put(url).then().statusCode(201)
                .body("endpoint", equalTo(JSON.readTree(body).get("endpoint").asText()));
        // The same device again (new keys or not): 200, still one device.
        given().auth().oauth2(token).contentType("application/json").body(body).put(url).then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).contentType("application/json")
                    .body(JSON.readTree(pushService().subscribe(key)).get("data").toString()).put(url)
                    .then().statusCode(201);
        }
        assertEquals(3, devices(me));
        problem(given().auth().oauth2(token).contentType("application/json")
                .body(JSON.readTree(pushService().subscribe(key)).get("data").toString()).put(url), 409);

        problem(given().contentType("application/json").body(body).delete(url), 401);
        problem(given().auth().oauth2(token).contentType("application/json").body("{}").delete(url), 400);
        given().auth().oauth2(token).contentType("application/json").body(body).delete(url).then().statusCode(204);
        given().auth().oauth2(token).contentType("application/json").body(body).delete(url).then().statusCode(204);
        assertEquals(2, devices(me));
        String endpoint = JSON.readTree(body).get("endpoint").asText();
        given().auth().oauth2(token).contentType("application/json").body(body).put(url).then().statusCode(201);
        given().auth().oauth2(token).queryParam("endpoint", endpoint).delete(url).then().statusCode(204);
        assertEquals(2, devices(me));
    }

    @Test
    void eachDeviceGetsItsStarredTalksAtTheirLeadTimeAndTheirMovesAndCancellationsOnce() throws Exception {
        String soon = "push-soon-" + UUID.randomUUID();
        String atStart = "push-start-" + UUID.randomUUID();
        String notStarred = "push-other-" + UUID.randomUUID();
        JsonPath me = newAttendee();
        favourite(me, soon, 10);
        favourite(me, atStart, 0);
        Device phone = device(me, null);
        Device laptop = device(me, null);
        JsonPath someoneElse = newAttendee();
        Device theirs = device(someoneElse, null);
        double sentBefore = metric("onstage_push_sent_total");

        List<String> expected = new ArrayList<>();
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            expected.add(produce.upcoming(soon, 10));
            produce.upcoming(soon, 5);                                  // another lead time: not this attendee's
            produce.upcoming(atStart, 10);                              // lead 0: the start, not before
            expected.add(produce.talk(TALK_STARTED, atStart, "Room P"));
            produce.talk(TALK_STARTED, soon, "Room P");                 // lead 10: no "starting now"
            produce.talk(TALK_ENDED, atStart, "Room P");
            produce.session(SESSION_STARTED, "push-session", "Room P");
            produce.upcoming(notStarred, 10);
            expected.add(produce.talk(TALK_MOVED, soon, "Room Q"));
            expected.add(produce.talk(TALK_CANCELLED, atStart, "Room P"));
        }
        for (Device device : List.of(phone, laptop)) {
            await().atMost(WAIT).until(() -> messages(device).size() >= expected.size());
        }
        // Nothing more comes: not twice, not the others' events.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> messages(phone).size() == expected.size() && messages(laptop).size() == expected.size()
                        && messages(theirs).isEmpty());
        for (Device device : List.of(phone, laptop)) {
            List<JsonNode> got = messages(device);
            assertEquals(expected, got.stream().map(m -> m.get("id").asText()).sorted(
                    java.util.Comparator.comparing(expected::indexOf)).toList());
            JsonNode upcoming = byId(got, expected.get(0));
            assertEquals("talk.upcoming", upcoming.get("type").asText());
            assertEquals(soon, upcoming.get("talkId").asText());
            assertTrue(upcoming.get("title").asText().startsWith("In 10 minutes: Winning the Lottery"), upcoming::toString);
            assertEquals("Ballroom 1 & 2", upcoming.get("room").asText());
            // The conference's zone and offset, as on the printed programme.
            assertEquals("2022-07-21T07:45-07:00", upcoming.get("start").asText());
            assertEquals("America/Los_Angeles", upcoming.get("timeZone").asText());
            assertEquals("Thu 07:45 · Ballroom 1 & 2", upcoming.get("body").asText());
            assertEquals("/?talk=" + soon, upcoming.get("url").asText());
            assertTrue(byId(got, expected.get(1)).get("title").asText().startsWith("Starting now: "));
            assertEquals("Room Q", byId(got, expected.get(2)).get("room").asText());
            assertTrue(byId(got, expected.get(2)).get("title").asText().startsWith("Moved: "));
            assertTrue(byId(got, expected.get(3)).get("title").asText().startsWith("Cancelled: "));
        }
        assertEquals(sentBefore + 8, metric("onstage_push_sent_total"));
        try (Connection db = db(); ResultSet rows = db.createStatement().executeQuery(
                "SELECT state, attempts, count(*) AS n FROM notification.push_delivery WHERE device_id IN ('"
                        + phone.id() + "', '" + laptop.id() + "') GROUP BY state, attempts")) {
            assertTrue(rows.next());
            assertEquals("sent", rows.getString("state"));
            assertEquals(1, rows.getInt("attempts"));
            assertEquals(8, rows.getInt("n"));
        }
        // Another instance reading the same event again (its own consumer group, a restart) finds it claimed.
        try (Connection db = db()) {
            var again = db.prepareStatement("""
                    INSERT INTO notification.push_delivery (device_id, event_id, payload, topic, urgency, expires_at)
                    VALUES (?::uuid, ?, '{}', 't', 'high', now() + interval '1 hour')
                    ON CONFLICT (device_id, event_id) DO NOTHING""");
            again.setString(1, phone.id().toString());
            again.setString(2, expected.get(0));
            assertEquals(0, again.executeUpdate());
        }
    }

    @Test
    void aDeliveryClaimedByAKilledInstanceIsSentOnceWhenItsLeaseEnds() throws Exception {
        JsonPath me = newAttendee();
        Device phone = device(me, null);
        // What an instance killed (kill -9) in the middle of a send leaves behind: its claim, with a lease of 3 s.
        try (Connection db = db()) {
            var claimed = db.prepareStatement("""
                    INSERT INTO notification.push_delivery (device_id, event_id, payload, topic, urgency, expires_at,
                                                           attempts, lease_owner, lease_until)
                    VALUES (?::uuid, 'killed-1', '{"id":"killed-1","title":"T"}', 't', 'high',
                            now() + interval '10 minutes', 1, 'killed-host/1/dead', now() + interval '3 seconds')""");
            claimed.setString(1, phone.id().toString());
            claimed.executeUpdate();
        }
        // While the lease holds, nobody else sends it...
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(3)).until(() -> messages(phone).isEmpty());
        // ...then the live instance takes it over, once.
        await().atMost(WAIT).until(() -> messages(phone).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> messages(phone).size() == 1);
        assertEquals("killed-1", messages(phone).get(0).get("id").asText());
        try (Connection db = db(); ResultSet row = db.createStatement().executeQuery(
                "SELECT state, attempts, lease_owner FROM notification.push_delivery WHERE event_id = 'killed-1'")) {
            assertTrue(row.next());
            assertEquals("sent", row.getString("state"));
            assertEquals(2, row.getInt("attempts"));
            assertEquals(null, row.getString("lease_owner"));
        }
    }

    @Test
    void aSubscriptionThePushServiceCallsGoneIsRemoved() throws Exception {
        String talk = "push-gone-" + UUID.randomUUID();
        JsonPath me = newAttendee();
        favourite(me, talk, 10);
        Device kept = device(me, null);
        Device expired = device(me, null);
        pushService().expire(expired.clientHash());
        double removedBefore = metric("onstage_push_removed_total");
        try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
            produce.upcoming(talk, 10);
        }
        await().atMost(WAIT).until(() -> messages(kept).size() == 1);
        await().atMost(WAIT).until(() -> devices(me) == 1);
        assertEquals(removedBefore + 1, metric("onstage_push_removed_total"));
    }

    @Test
    void aBusyPushServiceIsTriedAgainNoSoonerThanItsRetryAfter() throws Exception {
        String talk = "push-busy-" + UUID.randomUUID();
        JsonPath me = newAttendee();
        favourite(me, talk, 5);
        try (FlakyPushService flaky = new FlakyPushService(pushService().baseUrl())) {
            Device phone = device(me, flaky);
            flaky.plan.add(new FlakyPushService.Planned(429, "2"));
            flaky.plan.add(new FlakyPushService.Planned(503, null));
            double retriedBefore = metric("onstage_push_retried_total");
            try (TalkEvents produce = new TalkEvents(bootstrapServers)) {
                produce.upcoming(talk, 5);
            }
            await().atMost(WAIT).until(() -> messages(phone).size() == 1);
            List<FlakyPushService.Request> tries = flaky.requests;
            assertEquals(List.of(429, 503, 201), tries.stream().map(FlakyPushService.Request::answered).toList());
            Duration waited = Duration.between(tries.get(0).at(), tries.get(1).at());
            assertTrue(waited.compareTo(Duration.ofMillis(1900)) >= 0, "Retry-After: 2 honoured; waited " + waited);
            assertEquals(retriedBefore + 2, metric("onstage_push_retried_total"));
            // TTL counts down to the talk's start (5 minutes after the reminder), never past it; time-critical.
            FlakyPushService.Request sent = tries.get(2);
            int ttl = Integer.parseInt(sent.header("TTL"));
            assertTrue(ttl > 240 && ttl <= 300, "TTL " + ttl);
            assertEquals("high", sent.header("Urgency"));
            assertEquals(PushMessage.topic(talk), sent.header("Topic"));
            assertEquals("aes128gcm", sent.header("Content-Encoding"));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    record Device(UUID id, String clientHash, String endpoint) {
    }

    /** A browser's subscription at the emulator, registered for the attendee (through {@code via} if given). */
    private Device device(JsonPath attendee, FlakyPushService via) throws Exception {
        String key = given().get("/api/push/public-key").then().extract().path("publicKey");
        JsonNode subscription = JSON.readTree(pushService().subscribe(key)).get("data");
        String endpoint = via == null ? subscription.get("endpoint").asText()
                : via.endpointFor(subscription.get("endpoint").asText());
        Map<String, Object> body = Map.of("endpoint", endpoint, "expirationTime", "null",
                "keys", Map.of("p256dh", subscription.at("/keys/p256dh").asText(),
                        "auth", subscription.at("/keys/auth").asText()));
        given().auth().oauth2(attendee.getString("token")).contentType("application/json")
                .body(JSON.writeValueAsString(body).replace("\"null\"", "null"))
                .put("/api/attendees/" + attendee.getString("id") + "/push-subscriptions").then().statusCode(201);
        try (Connection db = db(); var query = db.prepareStatement(
                "SELECT id FROM notification.push_device WHERE endpoint = ?")) {
            query.setString(1, endpoint);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return new Device(UUID.fromString(row.getString(1)), subscription.get("clientHash").asText(), endpoint);
            }
        }
    }

    private List<JsonNode> messages(Device device) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode text : JSON.readTree(pushService().notifications(device.clientHash())).at("/data/messages")) {
            out.add(JSON.readTree(text.asText()));
        }
        return out;
    }

    private static JsonNode byId(List<JsonNode> messages, String id) {
        return messages.stream().filter(m -> m.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonPath newAttendee() {
        return given().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    private static void favourite(JsonPath attendee, String talkId, int leadMinutes) {
        ProgrammeRecords.publish(talkId); // a favourite must be a talk of the programme
        given().auth().oauth2(attendee.getString("token")).contentType("application/json")
                .body("{\"leadMinutes\":" + leadMinutes + "}")
                .put("/api/attendees/" + attendee.getString("id") + "/favourites/" + talkId).then().statusCode(201);
    }

    private static void problem(io.restassured.response.Response response, int status) {
        response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    private int devices(JsonPath attendee) throws Exception {
        try (Connection db = db(); ResultSet row = db.createStatement().executeQuery(
                "SELECT count(*) FROM notification.push_device WHERE attendee_id = '" + attendee.getString("id") + "'")) {
            row.next();
            return row.getInt(1);
        }
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
    }

    /** A counter of /q/metrics (Prometheus text), summed over its tags; 0 when absent. */
    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
