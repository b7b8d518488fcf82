package dev.onstage.schedule.programme;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The seed programme, loaded at start into the real PostgreSQL, as the public read API shows it. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ProgrammeResourceTest {

    @Test
    void seedSessionIsLoadedWithItsModeratorAndTimes() {
        given().when().get("/api/sessions")
                .then().statusCode(200)
                .body("find { it.title == 'Deep Learning' }.conferenceId", equalTo("icml2022"))
                .body("find { it.title == 'Deep Learning' }.room", equalTo("Ballroom 1 & 2"))
                .body("find { it.title == 'Deep Learning' }.moderator", equalTo("Jifan Zhang"))
                .body("find { it.title == 'Deep Learning' }.start", equalTo("2022-07-21T07:30:00-07:00"))
                .body("find { it.title == 'Deep Learning' }.end", equalTo("2022-07-21T09:00:00-07:00"))
                .body("find { it.title == 'Deep Learning' }.timeZone", equalTo("America/Los_Angeles"))
                .body("find { it.title == 'Deep Learning' }.talkIds", hasSize(14));
    }

    @Test
    void allFourteenSeedTalksHaveTheirExactTimesInOrder() {
        given().queryParam("room", "Ballroom 1 & 2").when().get("/api/talks")
                .then().statusCode(200)
                .body("", hasSize(14))
                .body("start", contains(
                        "2022-07-21T07:30:00-07:00", "2022-07-21T07:35:00-07:00", "2022-07-21T07:40:00-07:00",
                        "2022-07-21T07:45:00-07:00", "2022-07-21T07:50:00-07:00", "2022-07-21T07:55:00-07:00",
                        "2022-07-21T08:00:00-07:00", "2022-07-21T08:20:00-07:00", "2022-07-21T08:25:00-07:00",
                        "2022-07-21T08:30:00-07:00", "2022-07-21T08:35:00-07:00", "2022-07-21T08:40:00-07:00",
                        "2022-07-21T08:45:00-07:00", "2022-07-21T08:50:00-07:00"))
                .body("[6].end", equalTo("2022-07-21T08:20:00-07:00"))
                .body("[0].title", equalTo("Does the Data Induce Capacity Control in Deep Learning?"))
                .body("[0].speakers", contains("Rubing Yang", "Jialin Mao", "Pratik Chaudhari"))
                .body("[0].abstract", containsString("``sloppy''"))
                .body("[6].title", equalTo("Overcoming Oscillations in Quantization-Aware Training"))
                .body("[13].title", equalTo("Prioritized Training on Points that are Learnable, Worth Learning, and not yet Learnt"))
                .body("[13].speakers[0]", equalTo("Sören Mindermann"))
                .body("status", hasSize(14));
    }

    @Test
    void talksCanBeFoundByWordsInTitleOrSpeakerAndByTime() {
        given().queryParam("q", "LOTTERY").when().get("/api/talks")
                .then().statusCode(200).body("title", contains("Winning the Lottery Ahead of Time: Efficient Early Network Pruning"));
        given().queryParam("q", "chelsea finn").when().get("/api/talks")
                .then().statusCode(200).body("title", contains("Memory-Based Model Editing at Scale"));
        given().queryParam("from", "2022-07-21T08:40:00-07:00").queryParam("to", "2022-07-21T15:50:00Z")
                .when().get("/api/talks")
                .then().statusCode(200).body("start", contains("2022-07-21T08:40:00-07:00", "2022-07-21T08:45:00-07:00"));
    }

    @Test
    void oneTalkByIdAndAProblemForAnUnknownOne() {
        String id = given().queryParam("q", "lottery").get("/api/talks").then().extract().path("[0].id");
        given().when().get("/api/talks/" + id)
                .then().statusCode(200).body("start", equalTo("2022-07-21T07:45:00-07:00"));
        given().when().get("/api/talks/no-such-talk")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-talk"));
    }

    @Test
    void badInstantIsAProblemSayingWhichParameter() {
        given().queryParam("from", "yesterday").when().get("/api/talks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("where", equalTo("from"))
                .body("detail", containsString("ISO-8601"));
        given().queryParam("at", "2022-07-21 07:30").when().get("/api/now")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("at"));
    }

    @Test
    void nowBeforeTheFirstTalk() {
        given().queryParam("at", "2022-07-21T07:00:00-07:00").when().get("/api/now")
                .then().statusCode(200)
                .body("at", equalTo("2022-07-21T07:00:00-07:00"))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now", nullValue())
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.next.talk.title",
                        equalTo("Does the Data Induce Capacity Control in Deep Learning?"))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.next.startsInSeconds", equalTo(1800));
    }

    @Test
    void nowInsideATalk() {
        given().queryParam("at", "2022-07-21T14:32:00Z").when().get("/api/now")
                .then().statusCode(200)
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now.talk.title",
                        equalTo("Does the Data Induce Capacity Control in Deep Learning?"))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now.elapsedSeconds", equalTo(120))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now.remainingSeconds", equalTo(180))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.next.talk.title",
                        equalTo("Fighting Fire with Fire: Avoiding DNN Shortcuts through Priming"))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.next.startsInSeconds", equalTo(180));
    }

    @Test
    void nowAtTheBoundaryBetweenTwoTalksIsTheLaterOne() {
        given().queryParam("at", "2022-07-21T08:00:00-07:00").when().get("/api/now")
                .then().statusCode(200)
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now.talk.title",
                        equalTo("Overcoming Oscillations in Quantization-Aware Training"))
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now.elapsedSeconds", equalTo(0));
    }

    @Test
    void nowAfterTheLastTalk() {
        given().queryParam("at", "2022-07-21T09:00:00-07:00").when().get("/api/now")
                .then().statusCode(200)
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.now", nullValue())
                .body("rooms.find { it.room == 'Ballroom 1 & 2' }.next", nullValue());
    }

    @Test
    void nowOfOneConferenceHasItsRoomsInItsZone() {
        given().queryParam("at", "2022-07-21T14:32:00Z").queryParam("conference", "icml2022").when().get("/api/now")
                .then().statusCode(200)
                .body("at", equalTo("2022-07-21T07:32:00-07:00"))
                .body("rooms.room", contains("Ballroom 1 & 2"))
                .body("rooms[0].now.talk.conferenceId", equalTo("icml2022"));
        given().queryParam("conference", "nope").when().get("/api/now")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nope"));
    }

    @Test
    void conferencesSayTheirZoneTimesAndWhichIsCurrent() {
        given().when().get("/api/conferences").then().statusCode(200)
                .body("find { it.id == 'icml2022' }.timeZone", equalTo("America/Los_Angeles"))
                .body("find { it.id == 'icml2022' }.start", equalTo("2022-07-21T07:30:00-07:00"))
                .body("find { it.id == 'icml2022' }.end", equalTo("2022-07-21T09:00:00-07:00"))
                .body("findAll { it.current }", hasSize(1));
    }

    @Test
    void anEmptyInstantIsAProblemNotNow() {
        given().when().get("/api/now?at=").then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("at"));
        given().when().get("/api/talks?from=").then().statusCode(400).body("where", equalTo("from"));
    }

    @Test
    void methodsAndPathsThatDoNotExistSayWhat() {
        given().when().delete("/api/sessions").then().statusCode(405).contentType("application/problem+json")
                .body("detail", equalTo("DELETE is not allowed on /api/sessions."));
        given().when().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("There is nothing at /api/nothing-here."));
    }
}
