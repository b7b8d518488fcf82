package dev.onstage.schedule.organizers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue 15, item 9: failed organizer logins are slowed per address. Test settings: 50 free failures, then 1 s locks,
 * doubled per further failure. Each case uses its own loopback address, away from the other tests' 127.0.0.1.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class LoginBackoffTest {

    private static final String RIGHT = basic("admin", "test-organizer-password");
    private static final String WRONG = basic("admin", "guess-guess-guess");

    record Answer(int status, String head, String body) {

        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One request without a body over a new connection from {@code local}. */
    private static Answer send(String local, String method, String path, String authorization) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port,
                InetAddress.getByName(local), 0)) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String whole = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = whole.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(whole.substring(9, 12)), whole.substring(0, end), whole.substring(end + 4));
        }
    }

    private static void assertLocked(Answer answer) {
        assertEquals(429, answer.status(), answer.head() + answer.body());
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.head());
        long retryAfter = Long.parseLong(answer.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 300, "Retry-After " + retryAfter);
        assertTrue(answer.body().contains("\"status\":429") && answer.body().contains("failed logins"), answer.body());
    }

    @Test
    void failedLoginsLockTheAddressThenItMayTryAgain() throws Exception {
        String me = "127.0.0.6";
        for (int i = 0; i < 51; i++) {
            assertEquals(401, send(me, "POST", "/api/talks/x/started", WRONG).status(), "failure " + (i + 1));
        }
        // Locked: even the right password is not looked at, nor a body route's credentials.
        assertLocked(send(me, "POST", "/api/talks/x/started", RIGHT));
        assertLocked(send(me, "PUT", "/api/clock", WRONG));
        // Public reads are not held back, and other addresses not at all.
        assertEquals(200, send(me, "GET", "/api/now", null).status());
        assertNotEquals(401, send("127.0.0.7", "POST", "/api/talks/x/started", RIGHT).status());
        // After the lock (1 s), the right password works and forgets the failures.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> send(me, "POST", "/api/talks/x/started", RIGHT).status() != 429);
        assertNotEquals(401, send(me, "POST", "/api/talks/x/started", RIGHT).status());
        assertEquals(401, send(me, "POST", "/api/talks/x/started", WRONG).status());
    }

    @Test
    void eachFurtherFailureDoublesTheLock() throws Exception {
        String me = "127.0.0.8";
        for (int i = 0; i < 51; i++) {
            assertEquals(401, send(me, "POST", "/api/talks/x/started", WRONG).status());
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> send(me, "POST", "/api/talks/x/started", WRONG).status() == 401);
        // The 52nd failure locks for 2 s: Retry-After says so.
        Answer locked = send(me, "POST", "/api/talks/x/started", RIGHT);
        assertLocked(locked);
        assertEquals("2", locked.header("Retry-After"), locked.head());
    }
}
