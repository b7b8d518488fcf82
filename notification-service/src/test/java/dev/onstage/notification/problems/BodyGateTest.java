package dev.onstage.notification.problems;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RawHttp;
import dev.onstage.local.testing.RawHttp.Answer;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue 15, item 1, for notification-service: a body is read only by the route that takes one (PUT of a favourite,
 * with a token, up to 16 KB); every other route refuses a body before reading it.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class BodyGateTest {

    private static Answer oneChunkThenWait(String method, String path, String... headers) throws IOException {
        return RawHttp.oneChunkThenWait(RestAssured.port, method, path, headers);
    }

    private static void assertRefused(Answer answer, int status) {
        assertTrue(answer.isRefusal(status), answer::toString);
    }

    @Test
    void aBodyToARouteThatTakesNoneIsRefusedUnread() throws Exception {
        String attendee = "/api/attendees/00000000-0000-0000-0000-000000000001";
        assertRefused(oneChunkThenWait("POST", "/api/attendees"), 413);
        assertRefused(oneChunkThenWait("GET", "/api/reminders"), 413);
        assertRefused(oneChunkThenWait("GET", "/ws/reminders"), 413);
        assertRefused(oneChunkThenWait("GET", "/"), 413);
        assertRefused(oneChunkThenWait("GET", "/q/health/ready"), 413);
        assertRefused(oneChunkThenWait("GET", attendee + "/favourites", "Authorization: Bearer x"), 413);
        assertRefused(oneChunkThenWait("DELETE", attendee, "Authorization: Bearer x"), 413);
        assertRefused(oneChunkThenWait("DELETE", attendee + "/favourites/t", "Authorization: Bearer x"), 413);
        assertRefused(oneChunkThenWait("POST", "/nothing/here"), 413);
        // Declared with a Content-Length: refused as well, before reading it.
        given().contentType("application/json").body("{}").when().post("/api/attendees")
                .then().statusCode(413).contentType("application/problem+json").header("Connection", "close");
        // Without a body, as always.
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aFavouriteBodyNeedsATokenAndFitsTheLimit() throws Exception {
        String favourite = "/api/attendees/00000000-0000-0000-0000-000000000001/favourites/t";
        Answer anonymous = oneChunkThenWait("PUT", favourite);
        assertRefused(anonymous, 401);
        assertTrue(anonymous.head().contains("WWW-Authenticate: Bearer"), anonymous.head());
        // With a token, the chunked body is counted as it arrives: 64 KB is over the 16 KB limit.
        assertRefused(oneChunkThenWait("PUT", favourite, "Authorization: Bearer x"), 413);
        // Over the limit by its Content-Length: refused unread.
        given().header("Authorization", "Bearer x").contentType("application/json").body(" ".repeat(20_000) + "{}")
                .when().put(favourite)
                .then().statusCode(413).contentType("application/problem+json").header("Connection", "close");
    }
}
