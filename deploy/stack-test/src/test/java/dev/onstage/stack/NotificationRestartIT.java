package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * notification-service is killed (SIGKILL) in the middle of a fast replay and started again; an SSE client and a
 * WebSocket client resume with the last id they got. Each must end up with every talk event exactly once, in the
 * topic's order: nothing lost across the restart, nothing twice.
 */
class NotificationRestartIT {

    /** The seed: 14 talks x (2 reminders, start, end) + the session's start and end. */
    private static final int EXPECTED = 58;
    private static final Pattern WS_ID = Pattern.compile("^\\{\"id\":\"([^\"]+)\"");

    @RegisterExtension
    final RealStack stack = new RealStack(NotificationRestartIT.class);

    @Test
    void clientsResumingAfterARestartGetEveryEventOnceInOrder() throws Exception {
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = readTopic(stack.kafka().bootstrapServers(), published, reading);

        int port = ServiceProcess.freePort();
        ServiceProcess notification = start("notification-service", "notification", port, Map.of());
        List<String> sse = Collections.synchronizedList(new ArrayList<>());
        List<String> ws = Collections.synchronizedList(new ArrayList<>());
        SseIds sseClient = new SseIds(URI.create("http://127.0.0.1:" + port + "/api/reminders"), null, sse);
        WsIds wsClient = new WsIds(URI.create("ws://127.0.0.1:" + port + "/ws/reminders"), null, ws);

        start("schedule-service", "schedule", ServiceProcess.freePort(), Map.of(
                // The seed from 5 minutes before its first reminder, at 120x: 105 programme minutes in under a minute;
                // started once the clients are connected, so that they see every event.
                "ONSTAGE_CLOCK_MODE", "replay",
                "ONSTAGE_CLOCK_REPLAY_FROM", "2022-07-21T14:15:00Z",
                "ONSTAGE_CLOCK_SPEED", "120"));

        await().atMost(Duration.ofSeconds(90)).until(() -> sse.size() >= EXPECTED / 3 && ws.size() >= EXPECTED / 3);
        notification.kill();
        sseClient.close();
        wsClient.close();
        String lastSse = sse.get(sse.size() - 1);
        String lastWs = ws.get(ws.size() - 1);
        int sseBefore = sse.size();
        int wsBefore = ws.size();
        // Events go on while the service is down; they must reach the clients after the restart.
        int publishedAtKill = published.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> published.size() >= publishedAtKill + 3);

        start("notification-service", "notification-restarted", port, Map.of());
        sseClient = new SseIds(URI.create("http://127.0.0.1:" + port + "/api/reminders"), lastSse, sse);
        wsClient = new WsIds(URI.create("ws://127.0.0.1:" + port + "/ws/reminders"), lastWs, ws);
        await().atMost(Duration.ofSeconds(120)).until(() -> published.size() >= EXPECTED
                && sse.size() >= EXPECTED && ws.size() >= EXPECTED);
        // A little longer: a duplicate would arrive now (the assertions below show it).
        try {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> sse.size() == EXPECTED && ws.size() == EXPECTED);
        } catch (org.awaitility.core.ConditionTimeoutException more) {
            System.out.println("more events than expected: " + more.getMessage());
        }
        sseClient.close();
        wsClient.close();
        reading.set(false);
        reader.join();

        report("sse", published, sse, sseBefore);
        report("websocket", published, ws, wsBefore);
        assertEquals(published, sse, "SSE: every event once, in the topic's order");
        assertEquals(published, ws, "WebSocket: every event once, in the topic's order");
    }

    private static void report(String client, List<String> expected, List<String> got, int beforeKill) {
        long distinct = got.stream().distinct().count();
        System.out.printf("notification restart, %s: expected %d, received %d (%d before the kill), lost %d, "
                + "duplicated %d%n", client, expected.size(), got.size(), beforeKill,
                expected.stream().filter(id -> !got.contains(id)).count(), got.size() - distinct);
    }

    private ServiceProcess start(String service, String name, int port, Map<String, String> env) throws IOException {
        return stack.start(service, name, port, env).awaitReady();
    }

    /** Every talk event's ce_id, in the topic's order (one partition). */
    private Thread readTopic(String bootstrapServers, List<String> published, AtomicBoolean reading) {
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                    bootstrapServers, "group.id", "restart-" + UUID.randomUUID(), "auto.offset.reset",
                    "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("talk-events"));
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        published.add(new String(record.headers().lastHeader("ce_id").value(),
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }, "talk-events-reader");
        reader.start();
        return reader;
    }

    /** A raw SSE client that keeps the id of every event. */
    private static final class SseIds implements AutoCloseable {

        private final HttpResponse<Stream<String>> response;

        SseIds(URI uri, String lastEventId, List<String> ids) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            Thread thread = new Thread(() -> {
                try {
                    response.body().filter(line -> line.startsWith("id:"))
                            .forEach(line -> ids.add(line.substring(3).strip()));
                } catch (RuntimeException closed) {
                    // the server went away or we closed the stream
                }
            }, "sse-ids");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    /** A WebSocket client that subscribes to everything and keeps the id of every event. */
    private static final class WsIds implements WebSocket.Listener, AutoCloseable {

        private final List<String> ids;
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        WsIds(URI uri, String lastEventId, List<String> ids) throws Exception {
            this.ids = ids;
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
            socket.sendText(lastEventId == null ? "{\"action\":\"subscribe\"}"
                    : "{\"action\":\"subscribe\",\"lastEventId\":\"" + lastEventId + "\"}", true)
                    .get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Matcher id = WS_ID.matcher(partial);
                if (id.find()) {
                    ids.add(id.group(1));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
