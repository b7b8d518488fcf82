package dev.onstage.notification.agenda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Favourites: who may read and change them, what is accepted, what is stored. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class FavouritesTest {

    @org.junit.jupiter.api.BeforeAll
    static void talksInTheProgramme() {
        // Favourites only name talks in the programme.
        ProgrammeRecords.publish("talk-0", "talk-1", "talk-2", "talk-3", "talk-4", "talk-5");
    }

    @Test
    void anAttendeeAddsChangesListsAndRemovesFavourites() {
        JsonPath me = newAttendee();
        String favourites = "/api/attendees/" + me.getString("id") + "/favourites";

        as(me).contentType("application/json").body("{\"leadMinutes\":5}")
                .when().put(favourites + "/talk-1")
                .then().statusCode(201)
                .body("talkId", equalTo("talk-1")).body("leadMinutes", equalTo(5));
        // No body: the default lead time, the first of onstage.agenda.lead-minutes.
        as(me).contentType("application/json")
                .when().put(favourites + "/talk-2")
                .then().statusCode(201).body("leadMinutes", equalTo(10));
        // Again: a change, not a second favourite.
        as(me).contentType("application/json").body("{\"leadMinutes\":0}")
                .when().put(favourites + "/talk-1")
                .then().statusCode(200).body("leadMinutes", equalTo(0));

        as(me).when().get(favourites)
                .then().statusCode(200)
                .body("talkId", equalTo(java.util.List.of("talk-1", "talk-2")))
                .body("leadMinutes", equalTo(java.util.List.of(0, 10)))
                .body("[0].addedAt", org.hamcrest.Matchers.notNullValue());

        as(me).when().delete(favourites + "/talk-1").then().statusCode(204);
        // Removing what is not there is the same result: 204.
        as(me).when().delete(favourites + "/talk-1").then().statusCode(204);
        as(me).when().get(favourites).then().statusCode(200).body("talkId", equalTo(java.util.List.of("talk-2")));
    }

    @Test
    void noTokenIs401AnotherAttendeesTokenIs403() {
        JsonPath alice = newAttendee();
        JsonPath bob = newAttendee();
        String favourites = "/api/attendees/" + alice.getString("id") + "/favourites";
        as(alice).contentType("application/json").when().put(favourites + "/talk-1").then().statusCode(201);

        given().when().get(favourites)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer not-a-token").when().get(favourites)
                .then().statusCode(403).contentType("application/problem+json");
        for (String call : java.util.List.of("GET", "PUT", "DELETE")) {
            as(bob).contentType("application/json").when().request(call, favourites + (call.equals("GET") ? "" : "/talk-1"))
                    .then().statusCode(403).contentType("application/problem+json");
        }
        as(bob).when().delete("/api/attendees/" + alice.getString("id")).then().statusCode(403);
        // Alice's agenda is unchanged.
        as(alice).when().get(favourites).then().statusCode(200).body("talkId", equalTo(java.util.List.of("talk-1")));
    }

    @Test
    void badInputIsAProblemNotAFailure() {
        JsonPath me = newAttendee();
        String favourites = "/api/attendees/" + me.getString("id") + "/favourites";
        as(me).contentType("application/json").body("{\"leadMinutes\":7}")
                .when().put(favourites + "/talk-1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("leadMinutes")).body("detail", containsString("[10, 5, 0]"));
        as(me).contentType("application/json").body("{\"leadMinutes\":\"soon\"}")
                .when().put(favourites + "/talk-1")
                .then().statusCode(400).contentType("application/problem+json");
        as(me).contentType("application/json").body("{not json")
                .when().put(favourites + "/talk-1")
                .then().statusCode(400).contentType("application/problem+json");
        as(me).contentType("application/json")
                .when().put(favourites + "/" + "x".repeat(201))
                .then().statusCode(400).body("where", equalTo("talkId"));
        as(me).when().get("/api/attendees/not-a-uuid/favourites")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("id"));
        as(me).when().get("/api/attendees/" + java.util.UUID.randomUUID() + "/favourites")
                .then().statusCode(404).contentType("application/problem+json");
        as(me).when().get(favourites).then().statusCode(200).body("$", empty());
    }

    @Test
    void anAgendaIsBounded() {
        JsonPath me = newAttendee();
        String favourites = "/api/attendees/" + me.getString("id") + "/favourites";
        for (int i = 0; i < 5; i++) {
            as(me).contentType("application/json").when().put(favourites + "/talk-" + i).then().statusCode(201);
        }
        as(me).contentType("application/json").when().put(favourites + "/talk-5")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("5"));
        // Changing one that is there still works when full.
        as(me).contentType("application/json").body("{\"leadMinutes\":5}").when().put(favourites + "/talk-0")
                .then().statusCode(200);
        as(me).when().get(favourites).then().body("$", hasSize(5));
    }

    @Test
    void deletingAnAttendeeForgetsTheirAgenda() {
        JsonPath me = newAttendee();
        String id = me.getString("id");
        as(me).contentType("application/json").when().put("/api/attendees/" + id + "/favourites/talk-1")
                .then().statusCode(201);
        given().when().delete("/api/attendees/" + id).then().statusCode(401);
        as(me).when().delete("/api/attendees/" + id).then().statusCode(204);
        as(me).when().get("/api/attendees/" + id + "/favourites").then().statusCode(404);
    }

    static JsonPath newAttendee() {
        return given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    static RequestSpecification as(JsonPath attendee) {
        return given().header("Authorization", "Bearer " + attendee.getString("token"));
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void talkIdsWithControlCharactersAreRefusedNotA500() {
        JsonPath me = newAttendee();
        String favourites = "/api/attendees/" + me.getString("id") + "/favourites";
        for (String talk : java.util.List.of("a%00b", "%00", "a%1Fb", "a%7Fb", "%09")) {
            as(me).urlEncodingEnabled(false).contentType("application/json").body("{\"leadMinutes\":5}")
                    .when().put(favourites + "/" + talk)
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("talkId"));
            as(me).urlEncodingEnabled(false).when().delete(favourites + "/" + talk)
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("talkId"));
        }
        as(me).when().get(favourites).then().statusCode(200).body("$", empty());
    }

    @Test
    void aFractionIsNoLeadTimeAndABodyThatIsNotJsonSaysWhy() {
        JsonPath me = newAttendee();
        String favourite = "/api/attendees/" + me.getString("id") + "/favourites/talk-1";
        for (String body : java.util.List.of("{\"leadMinutes\":-0.0001}", "{\"leadMinutes\":0.5}", "{\"leadMinutes\":5.0}")) {
            as(me).contentType("application/json").body(body).when().put(favourite)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        for (String body : java.util.List.of("{", "{\"leadMinutes\":5,}", "{\"leadMinutes\":99999999999}")) {
            as(me).contentType("application/json").body(body).when().put(favourite)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("The JSON body cannot be read"));
        }
        as(me).when().get("/api/attendees/" + me.getString("id") + "/favourites").then().body("$", empty());
    }

    @Test
    void pathsAndMethodsThatDoNotExistSayWhat() {
        given().when().get("/api/attendees/x/y/z").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("There is nothing at /api/attendees/x/y/z."));
        given().when().get("/api/attendees").then().statusCode(405).contentType("application/problem+json")
                .body("detail", equalTo("GET is not allowed on /api/attendees."));
    }
}
