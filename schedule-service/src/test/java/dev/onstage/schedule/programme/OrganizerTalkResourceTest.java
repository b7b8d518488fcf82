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

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void timesOutsideTheYearsOfAProgrammeAreRefusedAndChangeNothing() {
        String id = threeTalksIn("Room Years").get(1);
        for (String absurd : List.of("+999999999-12-31T23:59:59Z", "+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z", "2101-01-01T00:00:00Z")) {
            organizer().contentType("application/json").body("{\"start\":\"" + absurd + "\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json")
                    .body("where", equalTo("start"));
            organizer().contentType("application/json").body("{\"end\":\"" + absurd + "\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400).body("where", equalTo("end"));
            organizer().queryParam("at", absurd).when().post("/api/talks/" + id + "/started")
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("at"));
            organizer().queryParam("at", absurd).when().post("/api/talks/" + id + "/ended")
                    .then().statusCode(400).body("where", equalTo("at"));
            organizer().contentType("application/json").body("{\"mode\":\"replay\",\"replayFrom\":\"" + absurd + "\"}")
                    .when().put("/api/clock").then().statusCode(400).body("where", equalTo("replayFrom"));
        }
        // A delay that would push the talk's end past 2100.
        organizer().queryParam("at", "2100-12-31T23:50:00Z").when().post("/api/talks/" + id + "/started")
                .then().statusCode(400).body("detail", containsString("'Second Talk in Room Years' at 2101-01-01T00:10:00Z"));
        given().get("/api/talks/" + id).then().body("start", equalTo("2024-06-03T09:20:00+02:00"))
                .body("status", equalTo("scheduled"));
    }

    @Test
    void aNumberIsNoDateTime() {
        String id = threeTalksIn("Room Numbers").get(0);
        organizer().contentType("application/json").body("{\"start\":5}")
                .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("start"));
        organizer().contentType("application/json").body("{\"mode\":\"replay\",\"replayFrom\":1658413800}")
                .when().put("/api/clock").then().statusCode(400).body("where", equalTo("replayFrom"));
    }

    @Test
    void aRoomMustBeReadableText() {
        String id = threeTalksIn("Room Text").get(0);
        for (String room : List.of("   ", "\\t\\n", "Hall\\u0000 B", "Hall\\u001F B")) {
            organizer().contentType("application/json").body("{\"room\":\"" + room + "\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json");
        }
        given().get("/api/talks/" + id).then().body("room", equalTo("Room Text"));
    }

    /**
     * Issue 15, item 5: a 32,000-character room ending in a control character took 26 s (a backtracking pattern that
     * ran although the size check had already failed). The length is checked first, the text read once.
     */
    @Test
    void aVeryLongRoomIsRefusedQuickly() {
        String id = threeTalksIn("Room Long").get(0);
        String longRoom = "a ".repeat(16_000).substring(0, 31_999) + "\\u0001";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            organizer().contentType("application/json").body("{\"room\":\"" + longRoom + "\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0]", equalTo("room: must be at most 200 characters; it has 32000"));
            // Within the length, the control character is found in one pass.
            organizer().contentType("application/json").body("{\"room\":\"" + "a ".repeat(100) + "\\u0001\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400)
                    .body("errors[0]", equalTo("room: must be at most 200 characters; it has 201"));
            organizer().contentType("application/json").body("{\"room\":\"" + "a ".repeat(99) + "\\u0001\"}")
                    .when().patch("/api/talks/" + id).then().statusCode(400)
                    .body("errors[0]", equalTo("room: must not be blank or contain control characters"));
        });
        given().get("/api/talks/" + id).then().body("room", equalTo("Room Long"));
    }

    @Test
    void parametersAreReadAsWritten() {
        String id = threeTalksIn("Room Params").get(0);
        for (String flag : List.of("maybe", "yes", "1", "")) {
            organizer().queryParam("at", "2024-06-03T09:05:00+02:00").queryParam("shiftFollowing", flag)
                    .when().post("/api/talks/" + id + "/started")
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("shiftFollowing"));
        }
        organizer().when().post("/api/talks/" + id + "/ended?at=").then().statusCode(400).body("where", equalTo("at"));
        given().get("/api/talks/" + id).then().body("status", equalTo("scheduled"));
        organizer().queryParam("at", "2024-06-03T09:05:00+02:00").queryParam("shiftFollowing", "FALSE")
                .when().post("/api/talks/" + id + "/started").then().statusCode(200);
    }

    @Test
    void aBodyThatIsNotJsonSaysWhy() {
        String id = threeTalksIn("Room Json").get(0);
        for (String body : List.of("{", "{\"status\":\"cancelled\",}", "[")) {
            organizer().contentType("application/json").body(body).when().patch("/api/talks/" + id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("The JSON body cannot be read"));
        }
    }
}
