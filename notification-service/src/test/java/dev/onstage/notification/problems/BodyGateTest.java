package dev.onstage.notification.problems;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

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

    private static final int PIECE = 64 * 1024;

    record Answer(int status, String head, String body, boolean closed) {
    }

    /**
     * Sends the head and one 64 KB chunk of a chunked body, then waits for the answer before sending more: a server
     * that read the whole body before answering would never answer.
     */
    private static Answer oneChunkThenWait(String method, String path, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[PIECE];
            Arrays.fill(piece, (byte) ' ');
            out.write((Integer.toHexString(PIECE) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(piece);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        String body = length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.UTF_8) : "";
        boolean closed;
        try {
            closed = in.read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        String status = head.length() > 12 ? head.substring(9, 12) : "0";
        return new Answer(Integer.parseInt(status), head.toString(), body, closed);
    }

    private static void assertRefused(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.head() + answer.body());
        String head = answer.head().toLowerCase(Locale.ROOT);
        assertTrue(head.contains("content-type: application/problem+json"), answer.head());
        assertTrue(head.contains("connection: close"), answer.head());
        assertTrue(answer.body().contains("\"status\":" + status) && answer.body().contains("\"detail\""),
                answer.body());
        assertTrue(answer.closed(), "the server closes the connection instead of reading the rest");
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
