package dev.onstage.schedule.calendar;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DtStart;

/** The seed's talks as iCalendar, parsed back with ical4j: right instants, right zone, a VTIMEZONE. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class CalendarResourceTest {

    @Test
    void oneTalkImportsAtItsLocalTimeWithItsZone() throws Exception {
        String id = seedTalkId("lottery");
        String ics = given().when().get("/api/talks/" + id + "/calendar.ics")
                .then().statusCode(200).contentType(containsString("text/calendar"))
                .extract().asString();
        // Times refer to the IANA zone, never to an abbreviation such as PDT that calendars cannot resolve.
        assertFalse(ics.contains("TZID=PDT"), ics);
        assertTrue(ics.contains("DTSTART;TZID=America/Los_Angeles:20220721T074500"), ics);

        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        List<VTimeZone> zones = calendar.getComponents("VTIMEZONE");
        assertEquals(1, zones.size());
        assertEquals("America/Los_Angeles", zones.get(0).getTimeZoneId().getValue());

        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(1, events.size());
        VEvent event = events.get(0);
        assertEquals("Winning the Lottery Ahead of Time: Efficient Early Network Pruning", event.getSummary().getValue());
        assertEquals("Ballroom 1 & 2", event.getLocation().getValue());
        DtStart<ZonedDateTime> start = event.getDateTimeStart();
        assertEquals("America/Los_Angeles", start.getParameter("TZID").orElseThrow().getValue());
        assertEquals(Instant.parse("2022-07-21T14:45:00Z"), start.getDate().toInstant());
        assertEquals(Instant.parse("2022-07-21T14:50:00Z"), ((ZonedDateTime) event.getDateTimeEnd().getDate()).toInstant());
        assertEquals(id + "@onstage", event.getProperty(Property.UID).orElseThrow().getValue());
    }

    @Test
    void severalTalksInOneFile() throws Exception {
        String a = seedTalkId("lottery");
        String b = seedTalkId("oscillations");
        String ics = given().queryParam("talks", a + "," + b).when().get("/api/calendar.ics")
                .then().statusCode(200).extract().asString();
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertEquals(2, calendar.getComponents("VEVENT").size());
        assertEquals(1, calendar.getComponents("VTIMEZONE").size());
    }

    @Test
    void unknownOrMissingTalksAreProblems() {
        given().queryParam("talks", "nope").when().get("/api/calendar.ics")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("nope"));
        given().when().get("/api/calendar.ics")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * Issue 15, item 12: a lone carriage return (here {@code &#13;} in frab XML) was stored as it is and written into
     * the calendar unescaped (ical4j escapes CR LF and LF only), breaking the line. It is read as a line feed.
     */
    @Test
    void aLoneCarriageReturnInImportedTextIsALineBreakInTheCalendar() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <schedule>
                <version>1</version>
                <conference><acronym>crcon</acronym><title>CR&#13;Con</title></conference>
                <day date="2024-03-01" index="1" start="2024-03-01T10:00:00+01:00" end="2024-03-02T03:00:00+01:00">
                <room name="Hall CR">
                <event guid="c12c12c1-2222-3333-4444-555555555555" id="1">
                <date>2024-03-01T10:00:00+01:00</date>
                <start>10:00</start>
                <duration>00:30</duration>
                <room>Hall CR</room>
                <title>Line&#13;One</title>
                <abstract>First&#13;Second&#13;&#10;Third&#13;</abstract>
                <persons><person id="1">Ada&#13;Lovelace</person></persons>
                </event>
                </room>
                </day>
                </schedule>
                """;
        organizer().contentType("application/xml").body(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/programme").then().statusCode(200);
        String id = "c12c12c1-2222-3333-4444-555555555555";
        given().get("/api/talks/" + id).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("Line\nOne"))
                .body("abstract", org.hamcrest.Matchers.equalTo("First\nSecond\r\nThird"));
        String ics = given().when().get("/api/talks/" + id + "/calendar.ics").then().statusCode(200).extract().asString();
        assertNoLoneCarriageReturn(ics);
        VEvent event = new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponents("VEVENT").get(0);
        assertEquals("Line\nOne", event.getSummary().getValue());
        assertEquals("Ada\nLovelace\n\nFirst\nSecond\nThird", event.getDescription().getValue());
        assertEquals(id + "@onstage", event.getProperty(Property.UID).orElseThrow().getValue());
        // The schedule names no time zone: its zone is the offset +01:00, which has no VTIMEZONE (that was a 500).
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), Instant.from(event.getDateTimeStart().getDate()));
    }

    /** The same for a room changed by an organizer (PATCH), in JSON as {@code \r}. */
    @Test
    void aLoneCarriageReturnInAnEditedRoomIsALineBreakInTheCalendar() throws Exception {
        String id = seedTalkId("oscillations");
        String before = given().get("/api/talks/" + id).then().extract().path("room");
        try {
            organizer().contentType("application/json").body("{\"room\":\"Ballroom\\r3\",\"force\":true}")
                    .when().patch("/api/talks/" + id).then().statusCode(200)
                    .body("room", org.hamcrest.Matchers.equalTo("Ballroom\n3"));
            String ics = given().when().get("/api/talks/" + id + "/calendar.ics").then().statusCode(200)
                    .extract().asString();
            assertNoLoneCarriageReturn(ics);
            VEvent event = new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponents("VEVENT").get(0);
            assertEquals("Ballroom\n3", event.getLocation().getValue());
            assertEquals(1, new CalendarBuilder().build(new StringReader(ics)).getComponents("VEVENT").size());
        } finally {
            organizer().contentType("application/json").body("{\"room\":\"" + before + "\",\"force\":true}")
                    .when().patch("/api/talks/" + id).then().statusCode(200);
        }
    }

    private static void assertNoLoneCarriageReturn(String ics) {
        for (int i = 0; i < ics.length(); i++) {
            if (ics.charAt(i) == '\r') {
                assertTrue(i + 1 < ics.length() && ics.charAt(i + 1) == '\n', "a lone CR at " + i + " in " + ics);
            }
        }
    }

    private static String seedTalkId(String words) {
        return given().queryParam("q", words).get("/api/talks").then().extract().path("[0].id");
    }

    @Test
    void aListWithoutAnyIdIsAProblemNotAnEmptyCalendar() {
        for (String talks : List.of(",", " , ,")) {
            given().queryParam("talks", talks).when().get("/api/calendar.ics")
                    .then().statusCode(400).contentType("application/problem+json").body("where", org.hamcrest.Matchers.equalTo("talks"));
        }
    }
}
