package dev.onstage.schedule.programme;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;

/** Organizers move, cancel and re-time talks; each case works on its own small programme in the real database. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class OrganizerTalkResourceTest {

    @BeforeAll
    static void showFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Imports three back-to-back talks in their own room and session; returns their ids in order. */
    private static List<String> threeTalksIn(String room) {
        String listing = """
                Edits %1$s

                %1$s

                Mon 3 Jun 9 a.m. CEST — 10 a.m. CEST

                Mon 3 June 9:00 - 9:20 CEST

                First Talk in %1$s

                Alice

                Mon 3 June 9:20 - 9:40 CEST

                Second Talk in %1$s

                Bob

                Mon 3 June 9:40 - 10:00 CEST

                Third Talk in %1$s

                Carol
                """.formatted(room);
        organizer().contentType("text/plain; charset=UTF-8").queryParam("year", 2024).body(listing)
                .when().post("/api/programme").then().statusCode(200).body("created", equalTo(3));
        return given().queryParam("room", room).get("/api/talks").then().statusCode(200).extract().path("id");
    }

    @Test
    void editsNeedAnOrganizer() {
        String id = threeTalksIn("Room Auth").get(0);
        given().contentType("application/json").body("{\"status\":\"cancelled\"}")
                .when().patch("/api/talks/" + id).then().statusCode(401).contentType("application/problem+json");
        given().auth().preemptive().basic("volunteer", "test-volunteer-password")
                .contentType("application/json").body("{\"status\":\"cancelled\"}")
                .when().patch("/api/talks/" + id).then().statusCode(403).contentType("application/problem+json");
        given().auth().preemptive().basic("volunteer", "test-volunteer-password")
                .when().post("/api/talks/" + id + "/started").then().statusCode(403);
    }

    @Test
    void overlappingMoveIs409UnlessForced() {
        List<String> ids = threeTalksIn("Room Overlap");
        String move = "{\"start\":\"2024-06-03T09:30:00+02:00\"}";
        organizer().contentType("application/json").body(move).when().patch("/api/talks/" + ids.get(0))
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("Second Talk in Room Overlap"));
        given().get("/api/talks/" + ids.get(0)).then().body("start", equalTo("2024-06-03T09:00:00+02:00"));

        organizer().contentType("application/json").body("{\"start\":\"2024-06-03T09:30:00+02:00\",\"force\":true}")
                .when().patch("/api/talks/" + ids.get(0))
                .then().statusCode(200)
                .body("start", equalTo("2024-06-03T09:30:00+02:00"))
                .body("end", equalTo("2024-06-03T09:50:00+02:00"))
                .body("status", equalTo("moved"));
    }

    @Test
    void moveToAnotherRoomAndCancelAreRecordedAsChanges() throws Throwable {
        List<String> ids = threeTalksIn("Room Cancel");
        organizer().contentType("application/json").body("{\"room\":\"Room Cancel Annex\"}")
                .when().patch("/api/talks/" + ids.get(1)).then().statusCode(200).body("room", equalTo("Room Cancel Annex"));
        organizer().contentType("application/json").body("{\"status\":\"cancelled\"}")
                .when().patch("/api/talks/" + ids.get(2)).then().statusCode(200).body("status", equalTo("cancelled"));
        given().queryParam("at", "2024-06-03T09:30:00+02:00").get("/api/now")
                .then().body("rooms.find { it.room == 'Room Cancel Annex' }.now.talk.title", equalTo("Second Talk in Room Cancel"))
                // The third talk was cancelled: nothing is on or next in the original room.
                .body("rooms.find { it.room == 'Room Cancel' }.now", equalTo(null))
                .body("rooms.find { it.room == 'Room Cancel' }.next", equalTo(null));

        List<ProgrammeChange> changes = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> ProgrammeChange.<ProgrammeChange>list("talkId in ?1 and kind <> ?2 order by id",
                        List.of(ids.get(1), ids.get(2)), ProgrammeChange.Kind.created)));
        assertEquals(List.of(ProgrammeChange.Kind.moved, ProgrammeChange.Kind.cancelled),
                changes.stream().map(c -> c.kind).toList());
        assertEquals("Room Cancel", changes.get(0).oldRoom);
        assertEquals("Room Cancel Annex", changes.get(0).newRoom);
        assertEquals("admin", changes.get(1).changedBy);
    }

    @Test
    void badChangesAreProblems() {
        String id = threeTalksIn("Room Bad").get(0);
        organizer().contentType("application/json").body("{\"status\":\"postponed\"}")
                .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0]", containsString("status"));
        organizer().contentType("application/json").body("{\"start\":\"2024-06-03T09:00:00+02:00\",\"end\":\"2024-06-03T08:00:00+02:00\"}")
                .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("end"));
        organizer().contentType("application/json").body("{\"start\":\"tomorrow\"}")
                .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json");
        organizer().contentType("application/json").body("{\"status\":\"cancelled\"}")
                .when().patch("/api/talks/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void talkStartingLateShiftsTheRestOfItsSession() {
        List<String> ids = threeTalksIn("Room Late");
        organizer().queryParam("at", "2024-06-03T09:04:00+02:00").when().post("/api/talks/" + ids.get(0) + "/started")
                .then().statusCode(200)
                .body("start", equalTo("2024-06-03T09:04:00+02:00"))
                .body("end", equalTo("2024-06-03T09:24:00+02:00"));
        given().queryParam("room", "Room Late").get("/api/talks")
                .then().body("start", contains("2024-06-03T09:04:00+02:00", "2024-06-03T09:24:00+02:00",
                        "2024-06-03T09:44:00+02:00"));
    }

    @Test
    void talkEndingEarlyWithoutShiftingMovesOnlyItsEnd() {
        List<String> ids = threeTalksIn("Room Early");
        organizer().queryParam("at", "2024-06-03T09:15:00+02:00").queryParam("shiftFollowing", false)
                .when().post("/api/talks/" + ids.get(0) + "/ended")
                .then().statusCode(200).body("end", equalTo("2024-06-03T09:15:00+02:00"));
        given().queryParam("room", "Room Early").get("/api/talks")
                .then().body("start", contains("2024-06-03T09:00:00+02:00", "2024-06-03T09:20:00+02:00",
                        "2024-06-03T09:40:00+02:00"));
        organizer().queryParam("at", "2024-06-03T08:00:00+02:00")
                .when().post("/api/talks/" + ids.get(1) + "/ended")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
