package dev.onstage.notification.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.notification.calendar.ProgrammeTalks.State;
import dev.onstage.notification.reminders.TalkEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * The calendar feed end to end with real Kafka and PostgreSQL: talks come from the programme topic, the feed is parsed
 * back with ical4j before and after a move and a cancellation (same UID, higher SEQUENCE, new times), the key is
 * replaced and revoked, and bad input is problem+json.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class CalendarFeedTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void theFeedFollowsMovesAndCancellationsOfStarredTalks() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Instant changed = Instant.parse("2026-12-01T10:00:00Z");
        // A lone carriage return in a title must not reach the output unescaped (issue 15, item 12).
        State lottery = new State("cal-lottery-" + suffix, "Winning the Lottery\rAhead of Time", "Ballroom 1 & 2",
                OffsetDateTime.parse("2022-07-21T07:45:00-07:00"), OffsetDateTime.parse("2022-07-21T07:50:00-07:00"),
                "scheduled", changed);
        State pruning = new State("cal-pruning-" + suffix, "Pruning, in a VEVENT; with \"quotes\"", "Room 310",
                OffsetDateTime.parse("2022-07-21T09:00:00-07:00"), OffsetDateTime.parse("2022-07-21T09:20:00-07:00"),
                "scheduled", changed);
        JsonPath me = newAttendee();
        try (ProgrammeTalks programme = new ProgrammeTalks(bootstrapServers);
                TalkEvents events = new TalkEvents(bootstrapServers)) {
            programme.publish(lottery);
            programme.publish(pruning);
            favourite(me, lottery.id(), 10);
            favourite(me, pruning.id(), 0);

            String url = given().auth().oauth2(me.getString("token")).post(feedOf(me)).then().statusCode(201)
                    .body("url", matchesPattern("http://[^/]+/api/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"))
                    .extract().path("url");
            String path = URI.create(url).getPath();

            String ics = given().get(path).then().statusCode(200)
                    .contentType(containsString("text/calendar")).extract().asString();
            assertFalse(ics.matches("(?s).*\r(?!\n).*"), "a lone CR in the output: " + ics);
            assertTrue(ics.contains("DTSTART;TZID=America/Los_Angeles:20220721T074500"), ics);
            Calendar calendar = parse(ics);
            List<VTimeZone> zones = calendar.getComponents("VTIMEZONE");
            assertEquals(1, zones.size(), ics);
            assertEquals("America/Los_Angeles", zones.get(0).getTimeZoneId().getValue());
            Map<String, VEvent> before = events(calendar);
            assertEquals(2, before.size(), ics);
            VEvent first = before.get(lottery.id() + "@onstage");
            assertEquals("Winning the Lottery\nAhead of Time", first.getSummary().getValue());
            assertEquals("Ballroom 1 & 2", first.getLocation().getValue());
            assertEquals("0", property(first, Property.SEQUENCE));
            assertEquals("CONFIRMED", property(first, Property.STATUS));
            assertEquals(Instant.parse("2022-07-21T14:45:00Z"), start(first));
            assertEquals("America/Los_Angeles", first.getDateTimeStart().getParameter("TZID").orElseThrow().getValue());
            assertEquals("-PT10M", trigger(first));
            VEvent second = before.get(pruning.id() + "@onstage");
            assertEquals("Pruning, in a VEVENT; with \"quotes\"", second.getSummary().getValue());
            assertEquals("PT0S", trigger(second));

            // Unchanged: the same bytes, so a calendar app asking with its ETag gets a 304.
            String etag = given().get(path).then().statusCode(200).extract().header("ETag");
            given().header("If-None-Match", etag).get(path).then().statusCode(304);

            // The first talk moves an hour later, to another room: same UID, SEQUENCE 1, the new times.
            State moved = lottery.moved(Duration.ofHours(1), "Room 327", changed.plusSeconds(60));
            programme.publish(moved);
            events.talk(TalkEventType.TALK_MOVED, moved.id(), moved.room(), "Ada Lovelace");
            Map<String, VEvent> after = events(parse(given().get(path).then().statusCode(200).extract().asString()));
            VEvent movedEvent = after.get(lottery.id() + "@onstage");
            assertEquals("1", property(movedEvent, Property.SEQUENCE));
            assertEquals(Instant.parse("2022-07-21T15:45:00Z"), start(movedEvent));
            assertEquals("Room 327", movedEvent.getLocation().getValue());
            assertEquals("0", property(after.get(pruning.id() + "@onstage"), Property.SEQUENCE));
            assertNotEquals(etag, given().get(path).then().extract().header("ETag"));

            // Read again, or an older state of the talk read late (an instance behind on the topic): no new SEQUENCE.
            programme.publish(lottery);
            assertEquals("1", property(events(parse(given().get(path).asString())).get(lottery.id() + "@onstage"),
                    Property.SEQUENCE));
            programme.publish(moved);
            assertEquals("1", property(events(parse(given().get(path).asString())).get(lottery.id() + "@onstage"),
                    Property.SEQUENCE));

            // Cancelled: it stays, STATUS:CANCELLED, SEQUENCE 2, no alarm.
            programme.publish(moved.cancelled(changed.plusSeconds(120)));
            events.talk(TalkEventType.TALK_CANCELLED, moved.id(), moved.room(), "Ada Lovelace");
            VEvent cancelled = events(parse(given().get(path).asString())).get(lottery.id() + "@onstage");
            assertEquals("CANCELLED", property(cancelled, Property.STATUS));
            assertEquals("2", property(cancelled, Property.SEQUENCE));
            assertTrue(cancelled.getAlarms().isEmpty(), cancelled.toString());
            // Kept in PostgreSQL, so that it does not go back after a restart.
            assertEquals(2, storedSequence(lottery.id()));

            // Asking again gives a new URL; the old one is gone.
            String next = given().auth().oauth2(me.getString("token")).post(feedOf(me)).then().statusCode(201)
                    .extract().path("url");
            assertNotEquals(url, next);
            problem(given().get(path), 404);
            String nextPath = URI.create(next).getPath();
            given().get(nextPath).then().statusCode(200);

            // Revoked: 404, also when revoked twice.
            given().auth().oauth2(me.getString("token")).delete(feedOf(me)).then().statusCode(204);
            problem(given().get(nextPath), 404);
            given().auth().oauth2(me.getString("token")).delete(feedOf(me)).then().statusCode(204);
        }
    }

    @Test
    void badInputIsAProblem() {
        JsonPath me = newAttendee();
        JsonPath other = newAttendee();
        for (String method : List.of("POST", "DELETE")) {
            problem(given().request(method, feedOf(me)), 401);
            problem(given().auth().oauth2(other.getString("token")).request(method, feedOf(me)), 403);
            problem(given().auth().oauth2(me.getString("token"))
                    .request(method, "/api/attendees/" + UUID.randomUUID() + "/calendar-feed"), 404);
            problem(given().auth().oauth2(me.getString("token")).request(method, "/api/attendees/nope/calendar-feed"),
                    400);
        }
        String key = "A".repeat(43);
        for (String file : List.of(key + ".ics", key, "x.ics", "A".repeat(44) + ".ics", "%2E%2E.ics",
                "A".repeat(42) + "%0A.ics", ".ics")) {
            problem(given().urlEncodingEnabled(false).get("/api/calendar-feeds/" + file), 404);
        }
        // The feed's key reads, nothing else: it is not a token.
        String url = given().auth().oauth2(me.getString("token")).post(feedOf(me)).then().statusCode(201)
                .extract().path("url");
        String feedKey = url.replaceAll(".*/|\\.ics$", "");
        problem(given().auth().oauth2(feedKey).get("/api/attendees/" + me.getString("id") + "/favourites"), 403);
        given().get(URI.create(url).getPath()).then().statusCode(200);
    }

    private static Calendar parse(String ics) throws Exception {
        return new CalendarBuilder().build(new StringReader(ics));
    }

    private static Map<String, VEvent> events(Calendar calendar) {
        List<VEvent> events = calendar.getComponents("VEVENT");
        return events.stream().collect(Collectors.toMap(e -> property(e, Property.UID), Function.identity()));
    }

    private static String property(VEvent event, String name) {
        return event.getProperty(name).orElseThrow(() -> new AssertionError("no " + name + " in " + event)).getValue();
    }

    private static Instant start(VEvent event) {
        return Instant.from(event.getDateTimeStart().getDate());
    }

    private static String trigger(VEvent event) {
        List<VAlarm> alarms = event.getAlarms();
        assertEquals(1, alarms.size(), event.toString());
        assertEquals("DISPLAY", alarms.get(0).getAction().orElseThrow().getValue());
        return alarms.get(0).getTrigger().orElseThrow().getValue();
    }

    private int storedSequence(String talkId) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); ResultSet row = db
                .createStatement().executeQuery("SELECT sequence FROM notification.calendar_talk WHERE talk_id = '"
                        + talkId + "'")) {
            assertTrue(row.next(), "no row for " + talkId);
            return row.getInt(1);
        }
    }

    private static String feedOf(JsonPath attendee) {
        return "/api/attendees/" + attendee.getString("id") + "/calendar-feed";
    }

    private static JsonPath newAttendee() {
        return given().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    private static void favourite(JsonPath attendee, String talkId, int leadMinutes) {
        given().auth().oauth2(attendee.getString("token")).contentType("application/json")
                .body("{\"leadMinutes\":" + leadMinutes + "}")
                .put("/api/attendees/" + attendee.getString("id") + "/favourites/" + talkId).then().statusCode(201);
    }

    private static void problem(io.restassured.response.Response response, int status) {
        response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }
}
