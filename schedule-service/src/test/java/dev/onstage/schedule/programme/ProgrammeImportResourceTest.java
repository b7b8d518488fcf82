package dev.onstage.schedule.programme;

import static dev.onstage.schedule.Organizer.organizer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.schedule.programme.imports.TextLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Imports through {@code POST /api/programme} into the real PostgreSQL: formats, re-imports, changes, refusals. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ProgrammeImportResourceTest {

    @BeforeAll
    static void showFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void withoutCredentialsIs401WithAChallenge() {
        given().contentType("text/plain").body("x").when().post("/api/programme")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json");
    }

    @Test
    void wrongPasswordIs401() {
        given().auth().preemptive().basic("admin", "guess").contentType("text/plain").body("x")
                .when().post("/api/programme")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anAccountWithoutTheOrganizerRoleIs403() {
        given().auth().preemptive().basic("volunteer", "test-volunteer-password").contentType("text/plain").body("x")
                .when().post("/api/programme")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void reimportingTheSeedChangesNothing() {
        organizer().contentType("text/plain; charset=UTF-8").body(resource("/seed/icml2022-deep-learning.txt"))
                .queryParam("year", 2022).queryParam("conference", "icml2022").queryParam("name", "ICML 2022")
                .when().post("/api/programme")
                .then().statusCode(200)
                .body("conferenceId", equalTo("icml2022"))
                .body("talks", equalTo(14))
                .body("unchanged", equalTo(14))
                .body("created", equalTo(0))
                .body("moved", equalTo(0))
                .body("cancelled", equalTo(0));
    }

    @Test
    void listingWithoutYearSaysWhichYearItInferred() {
        String listing = """
                Lightning Talks

                Room 7

                Thu 21 Jul 10 a.m. PDT — 11 a.m. PDT

                Thu 21 July 10:00 - 10:10 PDT

                A Talk Before The Break

                Ada Lovelace · Charles Babbage

                Thu 21 July 10:30 - 10:40 PDT

                A Talk After The Break

                Grace Hopper
                """;
        organizer().contentType("text/plain; charset=UTF-8").body(listing)
                .when().post("/api/programme")
                .then().statusCode(200)
                .body("created", equalTo(2))
                .body("notes[0]", containsString("2022"));
        // Between the two talks: nothing on, the second one next.
        given().queryParam("at", "2022-07-21T10:20:00-07:00").when().get("/api/now")
                .then().statusCode(200)
                .body("rooms.find { it.room == 'Room 7' }.now", equalTo(null))
                .body("rooms.find { it.room == 'Room 7' }.next.talk.title", equalTo("A Talk After The Break"))
                .body("rooms.find { it.room == 'Room 7' }.next.startsInSeconds", equalTo(600));
    }

    @Test
    void frabXmlImportsOnceThenIsUnchanged() {
        byte[] xml = resource("/real-schedules/31c3-frab-schedule.xml").getBytes(StandardCharsets.UTF_8);
        organizer().contentType("application/xml").body(xml).when().post("/api/programme")
                .then().statusCode(200).body("conferenceId", equalTo("31c3")).body("talks", equalTo(138));
        organizer().contentType("application/xml").body(xml).when().post("/api/programme")
                .then().statusCode(200).body("unchanged", equalTo(138)).body("created", equalTo(0));
        given().queryParam("q", "31C3 Keynote").when().get("/api/talks")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].start", equalTo("2014-12-27T11:30:00+01:00"))
                .body("[0].end", equalTo("2014-12-27T12:30:00+01:00"));
    }

    @Test
    void changedVersionReportsMovesAndCancellations() {
        String original = resource("/real-schedules/frab-camp2019.json");
        organizer().contentType("application/json").body(original).when().post("/api/programme")
                .then().statusCode(200).body("talks", equalTo(79));

        // The same programme a day later: one talk removed, one moved by an hour.
        String firstGuid = given().queryParam("conference", "Camp2019").get("/api/talks").then().extract()
                .path("[0].id");
        var talk = given().get("/api/talks/" + firstGuid).then().extract().jsonPath();
        String changed = original.replaceFirst("\"guid\":\\s*\"" + firstGuid + "\"", "\"guid\": \"removed-" + firstGuid + "\"");
        organizer().contentType("application/json").body(changed).when().post("/api/programme")
                .then().statusCode(200)
                .body("created", equalTo(1))
                .body("cancelled", equalTo(1))
                .body("unchanged", equalTo(78));
        given().get("/api/talks/" + firstGuid).then().statusCode(200).body("status", equalTo("cancelled"))
                .body("title", equalTo(talk.getString("title")));
    }

    @Test
    void malformedXmlIsAProblemSayingWhereAndChangesNothing() {
        int before = given().get("/api/talks").then().extract().path("size()");
        organizer().contentType("application/xml").body("<schedule><conference><acronym>x</acronym>")
                .when().post("/api/programme")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("where", not(emptyOrNullString()));
        given().get("/api/talks").then().body("size()", equalTo(before));
    }

    @Test
    void externalEntitiesAreRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <schedule><conference><acronym>&secret;</acronym></conference></schedule>
                """;
        organizer().contentType("application/xml").body(xxe).when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("root:")));
    }

    @Test
    void wrongTypesInJsonAreAProblemWithAPointer() {
        organizer().contentType("application/json").body("{\"schedule\": {\"conference\": {\"days\": 5}}}")
                .when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json")
                .body("where", containsString("/schedule/conference"));
    }

    @Test
    void yearOutOfRangeIsAProblem() {
        organizer().contentType("text/plain").queryParam("year", 99999).body("x")
                .when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unsupportedFormatIs415() {
        organizer().contentType("application/pdf").body(new byte[] { 1, 2, 3 })
                .when().post("/api/programme")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void hugeBodyIs413() {
        byte[] huge = new byte[50 * 1024 * 1024];
        organizer().contentType("application/json").body(huge).when().post("/api/programme")
                .then().statusCode(413).contentType("application/problem+json");
    }

    static String resource(String path) {
        try (InputStream in = ProgrammeImportResourceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- found by BadInputIT

    @Test
    void aYearThatIsNoNumberIs400NotNotFound() {
        for (String year : List.of("abc", "20 22", "2022.0")) {
            organizer().contentType("text/plain; charset=UTF-8").queryParam("year", year).body("x")
                    .when().post("/api/programme")
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("year"));
        }
    }

    @Test
    void anEmptyParameterIsAMistakeNotAnAbsentOne() {
        for (String parameter : List.of("conference", "name", "year")) {
            organizer().contentType("text/plain; charset=UTF-8").body(resource("/seed/icml2022-deep-learning.txt"))
                    .when().post("/api/programme?" + parameter + "=")
                    .then().statusCode(400).contentType("application/problem+json").body("where", equalTo(parameter));
        }
    }

    @Test
    void controlCharactersAreRefusedAndNothingIsStored() {
        int talks = given().get("/api/talks").then().extract().path("size()");
        String withNul = resource("/real-schedules/pretalx-democon.json").replaceFirst("\"title\": \"", "\"title\": \"\\\\u0000");
        organizer().contentType("application/json").body(withNul).when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("U+0000"));
        organizer().contentType("text/plain; charset=UTF-8").queryParam("year", 2022).queryParam("conference", "icml2022")
                .queryParam("name", "ICML\u00102022").body(resource("/seed/icml2022-deep-learning.txt"))
                .when().post("/api/programme").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/talks").then().body("$", hasSize(talks));
        given().get("/api/sessions").then().body("find { it.conferenceId == 'icml2022' }.title", equalTo("Deep Learning"));
    }

    @Test
    void overlappingTalksAreRefused() {
        String listing = resource("/seed/icml2022-deep-learning.txt")
                .replace("Thu 21 July 7:35 - 7:40 PDT", "Thu 21 July 7:30 - 7:35 PDT");
        organizer().contentType("text/plain; charset=UTF-8").queryParam("year", 2022).body(listing)
                .when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("line 20"));
    }

    /** Issue 15, item 4: text over its limit is a 400 naming the field, before anything is stored. */
    @Test
    void anAbstractOverItsLimitIsRefusedNamingTheField() {
        int talks = given().get("/api/talks").then().extract().path("size()");
        String json = resource("/real-schedules/pretalx-democon.json").replaceFirst("\"abstract\": \"",
                "\"abstract\": \"" + "a".repeat(TextLimits.ABSTRACT));
        organizer().contentType("application/json").body(json).when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("the abstract of talk "))
                .body("detail", containsString("characters; at most " + TextLimits.ABSTRACT))
                .body("where", containsString("/schedule/conference/days/"));
        given().get("/api/talks").then().body("$", hasSize(talks));
    }

    @Test
    void aScheduleWithoutEventsIsRefusedInsteadOfCancellingEverything() {
        String xml = resource("/real-schedules/31c3-frab-schedule.xml");
        organizer().contentType("application/xml").body(xml.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/programme").then().statusCode(200);
        organizer().contentType("application/xml")
                .body(xml.replaceAll("(?s)<event .*?</event>", "").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/programme")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("would cancel every talk of 31c3"));
        given().queryParam("conference", "31c3").get("/api/talks").then()
                .body("findAll { it.status == 'cancelled' }", hasSize(0));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemJson() throws Exception {
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST /api/programme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                                    "admin:test-organizer-password".getBytes(StandardCharsets.UTF_8))
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[64 * 1024];
                    java.util.Arrays.fill(piece, (byte) ' ');
                    for (int i = 0; i < 17 * 16; i++) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(piece);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // answered and closed before the end: expected
                }
            });
            writer.start();
            // The head, then the body by its Content-Length (the connection may stay open while the rest arrives).
            var in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            String answer = head + (length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                    StandardCharsets.UTF_8) : "");
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains(" 413 "), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.toLowerCase(java.util.Locale.ROOT)
                    .contains("content-type: application/problem+json"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains("\"status\":413"), answer);
        }
    }

    @Test
    void aChunkedBodyUnderTheLimitIsImported() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + io.restassured.RestAssured.port + "/api/programme?year=2022&conference=icml2022&name=ICML%202022"))
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                "admin:test-organizer-password".getBytes(StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                                resource("/seed/icml2022-deep-learning.txt").getBytes(StandardCharsets.UTF_8))))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, response.statusCode(), response.body());
    }
}
