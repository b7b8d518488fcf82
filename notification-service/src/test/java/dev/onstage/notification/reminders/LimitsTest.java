package dev.onstage.notification.reminders;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Safety under load, with small limits: connections per address, and clients that stop reading are dropped (their
 * buffer is bounded) while a reading client gets everything.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("onstage.reminders.max-connections-per-address", "3",
                    "onstage.reminders.client-buffer", "16");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @TestHTTPResource("/ws/reminders")
    URI socket;

    @Inject
    ReminderHub hub;

    @Inject
    ReminderMetrics metrics;

    @BeforeEach
    void noStreamsLeftFromAnotherTest() {
        await().atMost(WAIT).until(() -> hub.subscriberCount() == 0
                && metrics.clients(Transport.SSE) == 0 && metrics.clients(Transport.WEBSOCKET) == 0);
    }

    @Test
    void anAddressGetsAtMostTheConfiguredNumberOfStreams() throws Exception {
        String talk = "talk=" + UUID.randomUUID();
        try (SseClient first = sse(talk); SseClient second = sse(talk); WsClient third = ws()) {
            third.subscribe("{\"action\":\"subscribe\"}");
            given().accept("text/event-stream").when().get(reminders + "?" + talk)
                    .then().statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("30"))
                    .body("detail", containsString("3 reminder streams"));
            try (WsClient refused = ws()) {
                assertEquals(ReminderSocket.TRY_AGAIN_LATER, refused.closeCode(WAIT));
            }
        }
        // Closed streams free their places.
        await().atMost(WAIT).until(() -> metrics.clients(Transport.SSE) == 0);
        await().atMost(WAIT).untilAsserted(() -> given().accept("text/event-stream")
                .when().get(reminders + "?talk=t&type=nonsense").then().statusCode(400));
        try (SseClient again = sse(talk)) {
            assertEquals(1, metrics.clients(Transport.SSE));
        }
    }

    @Test
    void clientsThatStopReadingAreDroppedAndOthersGetEverything() throws Exception {
        double droppedSse = metrics.droppedCount(Transport.SSE);
        double droppedWs = metrics.droppedCount(Transport.WEBSOCKET);
        String talk = "talk-" + UUID.randomUUID();
        try (Socket stalledSse = stalledSse(talk);
                WsClient stalledWs = new WsClient(wsUri(), false);
                SseClient reader = sse("talk=" + talk)) {
            stalledWs.send("{\"action\":\"subscribe\",\"talk\":\"" + talk + "\"}");
            await().atMost(WAIT).until(() -> hub.subscriberCount() == 3);

            // Far more than the client buffer (16) plus what the sockets' buffers hold: 2,000 events of ~10 KB, in
            // bursts of 10 that the reading client keeps up with.
            ObjectNode data = (ObjectNode) JSON.readTree(TalkEventType.TALK_STARTED.exampleData());
            ((ObjectNode) data.get("talk")).put("id", talk).put("abstract", "x".repeat(10_000));
            int received = 0;
            for (int burst = 0; burst < 200; burst++) {
                String last = null;
                for (int i = 0; i < 10; i++) {
                    last = "big-" + UUID.randomUUID();
                    hub.publish(Reminder.of(last, TalkEventType.TALK_STARTED, talk, data, data.toString(),
                            System.currentTimeMillis()));
                }
                received += reader.eventsUntil(last, WAIT).size();
            }

            // The reader got all 2,000, while the two others were dropped.
            assertEquals(2000, received);
            await().atMost(WAIT).until(() -> metrics.droppedCount(Transport.SSE) == droppedSse + 1
                    && metrics.droppedCount(Transport.WEBSOCKET) == droppedWs + 1);
            await().atMost(WAIT).until(() -> hub.subscriberCount() == 1);
            // The stalled SSE client's connection is closed at once, with what was queued for it, while it still reads
            // nothing (not by the 60 s idle timeout); reading what its own socket holds then ends in the reset.
            await().atMost(Duration.ofSeconds(10)).until(() -> !serverSideEstablished(stalledSse));
            stalledSse.setSoTimeout((int) WAIT.toMillis());
            assertThrows(SocketException.class,
                    () -> stalledSse.getInputStream().transferTo(OutputStream.nullOutputStream()));
            // Once it reads again, the stalled WebSocket client learns why it was closed.
            stalledWs.startReading();
            assertEquals(ReminderSocket.TRY_AGAIN_LATER, stalledWs.closeCode(WAIT));
        }

        String metricsText = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String expected : List.of("onstage_reminders_dropped_total{transport=\"sse\"",
                "onstage_reminders_dropped_total{transport=\"websocket\"",
                "onstage_reminders_clients{transport=\"websocket\"",
                "onstage_reminders_delivered_total{transport=\"sse\"",
                "onstage_reminders_delivery_latency_seconds_bucket{transport=\"sse\"",
                "onstage_reminders_refused_total{transport=\"websocket\"")) {
            assertTrue(metricsText.contains(expected), "metrics lack " + expected);
        }
    }

    /** Whether the server's end of this client's TCP connection is still established (Linux' view of it). */
    private static boolean serverSideEstablished(Socket client) throws IOException {
        String server = String.format(":%04X", client.getPort());
        String remote = String.format(":%04X", client.getLocalPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(server) && fields[2].endsWith(remote)
                        && fields[3].equals("01")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An SSE request whose response is never read, with a small receive buffer so that it fills quickly. */
    private Socket stalledSse(String talk) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(reminders.getHost(), reminders.getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + reminders.getPath() + "?talk=" + talk + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private SseClient sse(String query) throws Exception {
        return new SseClient(URI.create(reminders + "?" + query), null).awaitSubscribed();
    }

    private WsClient ws() throws Exception {
        return new WsClient(wsUri());
    }

    private URI wsUri() {
        return URI.create(socket.toString().replaceFirst("^http", "ws"));
    }
}
