package dev.onstage.schedule.calendar;

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
