package dev.onstage.notification.pairing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.notification.agenda.ProgrammeRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Issue 16, part 4: a signed-in device gets a short-lived, single-use pairing code (with its link and QR code); another
 * device redeems it and gets its own token for the same attendee. Test settings: 3 devices per attendee, 3 open codes,
 * 30 redemptions per address refilled by 5 a second.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class PairingTest {

    @Inject
    Pool pool;

    private static JsonPath newAttendee() {
        return given().when().post("/api/attendees").then().statusCode(201).extract().jsonPath();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static JsonPath code(JsonPath attendee) {
        return given().header("Authorization", bearer(attendee.getString("token")))
                .when().post("/api/attendees/" + attendee.getString("id") + "/pairing-codes")
                .then().statusCode(201).contentType("application/json").extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse redeem(String code) {
        return given().contentType("application/json").body(Map.of("code", code)).when().post("/api/pairings").then();
    }

    private static void star(String id, String token, String talk, int expected) {
        given().header("Authorization", bearer(token)).contentType("application/json").body("{\"leadMinutes\":5}")
                .when().put("/api/attendees/" + id + "/favourites/" + talk).then().statusCode(expected);
    }

    private static List<String> favourites(String id, String token) {
        return given().header("Authorization", bearer(token)).when().get("/api/attendees/" + id + "/favourites")
                .then().statusCode(200).extract().jsonPath().getList("talkId");
    }

    @Test
    void aSecondDeviceGetsItsOwnTokenForTheSameAgenda() throws Exception {
        JsonPath first = newAttendee();
        String id = first.getString("id");
        String talk = "talk-" + UUID.randomUUID();
        String other = "talk-" + UUID.randomUUID();
        ProgrammeRecords.publish(talk, other);
        star(id, first.getString("token"), talk, 201);

        JsonPath issued = code(first);
        String code = issued.getString("code");
        assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), code);
        String link = issued.getString("link");
        // The page of this service, the code in the fragment (never sent to a server).
        assertEquals("http://localhost:" + RestAssured.port + "/#pair=" + code.replace("-", ""), link);
        assertTrue(issued.getString("expiresAt") != null);
        // The QR code is the link.
        assertEquals(link, decodeQr(issued.getString("qrSvg")));

        // Typed in lower case, dashes left out: the same code.
        JsonPath second = redeem(code.toLowerCase().replace("-", " ")).statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/attendees/" + id)).body("id", equalTo(id)).extract().jsonPath();
        String secondToken = second.getString("token");
        assertNotEquals(first.getString("token"), secondToken);
        assertEquals(List.of(talk), favourites(id, secondToken));
        // A star on either device is in the one agenda.
        star(id, secondToken, other, 201);
        assertEquals(List.of(talk, other), favourites(id, first.getString("token")));

        // Used: the same code again is refused.
        redeem(code).statusCode(404).contentType("application/problem+json").body("where", equalTo("code"))
                .body("detail", containsString("unknown or was used"));

        // Only hashes are stored: of the tokens and of the code.
        assertEquals(0L, count("SELECT count(*) AS n FROM notification.attendee_token WHERE token_hash IN ($1, $2)",
                Tuple.of(first.getString("token"), secondToken)));
        assertEquals(0L, count("SELECT count(*) AS n FROM notification.pairing_code WHERE code_hash IN ($1, $2)",
                Tuple.of(code, code.replace("-", ""))));

        // The second device rotates its token: the first stays signed in, with its stream tickets.
        String firstTicket = given().header("Authorization", bearer(first.getString("token")))
                .when().post("/api/stream-tickets?attendee=" + id).then().statusCode(201).extract().path("ticket");
        String rotated = given().header("Authorization", bearer(secondToken)).when().post("/api/attendees/" + id + "/token")
                .then().statusCode(200).extract().path("token");
        given().header("Authorization", bearer(secondToken)).when().get("/api/attendees/" + id + "/favourites")
                .then().statusCode(403).contentType("application/problem+json");
        assertEquals(List.of(talk, other), favourites(id, rotated));
        assertEquals(List.of(talk, other), favourites(id, first.getString("token")));
        assertEquals(1L, count("SELECT count(*) AS n FROM notification.stream_ticket WHERE ticket_hash = $1",
                Tuple.of(dev.onstage.notification.agenda.AttendeeTokens.hash(firstTicket))));
    }

    @Test
    void expiredUnknownMalformedAndForeignAreProblems() {
        JsonPath alice = newAttendee();
        JsonPath bob = newAttendee();
        String aliceId = alice.getString("id");
        // Issuing needs the attendee's own token.
        given().when().post("/api/attendees/" + aliceId + "/pairing-codes")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", bearer(bob.getString("token")))
                .when().post("/api/attendees/" + aliceId + "/pairing-codes")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", bearer(bob.getString("token")))
                .when().post("/api/attendees/" + UUID.randomUUID() + "/pairing-codes")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", bearer(bob.getString("token")))
                .when().post("/api/attendees/not-an-id/pairing-codes")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("id"));

        // Expired: 410, and it stays refused.
        String code = code(alice).getString("code");
        pool.preparedQuery("UPDATE notification.pairing_code SET expires_at = now() - interval '1 second' "
                + "WHERE attendee_id = $1").execute(Tuple.of(UUID.fromString(aliceId))).await().atMost(Duration.ofSeconds(10));
        redeem(code).statusCode(410).contentType("application/problem+json").body("where", equalTo("code"))
                .body("detail", containsString("expired"));
        redeem(code).statusCode(410).contentType("application/problem+json");

        // Never issued, or not a code at all.
        redeem("0000-0000-0000").statusCode(404).contentType("application/problem+json");
        redeem("ABCD").statusCode(400).contentType("application/problem+json").body("where", equalTo("code"));
        redeem("ABCD-EFGH-IJK!").statusCode(400).contentType("application/problem+json");
        redeem("A".repeat(100)).statusCode(400).contentType("application/problem+json");
        redeem("").statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{}").when().post("/api/pairings")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("code"));
        given().contentType("application/json").body("not json").when().post("/api/pairings")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"code\":\"" + "x".repeat(2000) + "\"}")
                .when().post("/api/pairings").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void openCodesAndDevicesAreBounded() {
        JsonPath me = newAttendee();
        String id = me.getString("id");
        // At most 3 open codes: one more is a 429 with Retry-After.
        List<String> codes = List.of(code(me).getString("code"), code(me).getString("code"), code(me).getString("code"));
        given().header("Authorization", bearer(me.getString("token"))).when().post("/api/attendees/" + id + "/pairing-codes")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        // At most 3 devices: the first and two paired; the third code is then refused, and stays usable.
        redeem(codes.get(0)).statusCode(201);
        redeem(codes.get(1)).statusCode(201);
        redeem(codes.get(2)).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("3 devices"));
        assertEquals(1L, count("SELECT count(*) AS n FROM notification.pairing_code WHERE attendee_id = $1",
                Tuple.of(UUID.fromString(id))));
        given().header("Authorization", bearer(me.getString("token"))).when().post("/api/attendees/" + id + "/pairing-codes")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(3L, count("SELECT count(*) AS n FROM notification.attendee_token WHERE attendee_id = $1",
                Tuple.of(UUID.fromString(id))));
        // Forgetting the attendee forgets every device's token and the open code.
        given().header("Authorization", bearer(me.getString("token"))).when().delete("/api/attendees/" + id)
                .then().statusCode(204);
        assertEquals(0L, count("SELECT (SELECT count(*) FROM notification.attendee_token WHERE attendee_id = $1) "
                + "+ (SELECT count(*) FROM notification.pairing_code WHERE attendee_id = $1) AS n",
                Tuple.of(UUID.fromString(id))));
    }

    /** Tries from one address (forwarded by the trusted proxy 127.0.0.2) are limited; wrong codes count. */
    @Test
    void redemptionsAreLimitedPerAddress() throws IOException {
        String address = "10.16.4." + ThreadLocalRandom.current().nextInt(1, 255);
        String refusal = null;
        for (int i = 0; i < 300 && refusal == null; i++) {
            String answer = rawRedeem(address, "{\"code\":\"0000-0000-0000\"}");
            if (answer.startsWith("HTTP/1.1 429")) {
                refusal = answer;
            } else {
                assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            }
        }
        assertTrue(refusal != null, "never refused");
        assertTrue(refusal.toLowerCase().contains("retry-after:"), refusal);
        assertTrue(refusal.contains("application/problem+json"), refusal);
        assertTrue(refusal.contains(address), refusal);
        // Another address is not held back by this one.
        assertTrue(rawRedeem("10.16.5.1", "{\"code\":\"0000-0000-0000\"}").startsWith("HTTP/1.1 404"));
    }

    private static String rawRedeem(String forwardedFor, String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port,
                InetAddress.getByName("127.0.0.2"), 0)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/pairings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong("n");
    }

    /** Reads the SVG's modules back into pixels (4 per module) and decodes them with ZXing. */
    private static String decodeQr(String svg) throws Exception {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertTrue(box.find(), svg);
        int width = Integer.parseInt(box.group(1));
        int height = Integer.parseInt(box.group(2));
        int scale = 4;
        int[] pixels = new int[width * scale * height * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher module = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
        int modules = 0;
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * width * scale + x * scale + dx] = 0;
                }
            }
            modules++;
        }
        assertTrue(modules > 0, svg);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(width * scale, height * scale, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
