package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * notification-service is killed (SIGKILL) in the middle of a fast replay and started again; an SSE client and a
 * WebSocket client resume with the last id they got. Each must end up with every talk event exactly once, in the
 * topic's order: nothing lost across the restart, nothing twice.
 */
class NotificationRestartIT {

    /** The seed: 14 talks x (2 reminders, start, end) + the session's start and end. */
    private static final int EXPECTED = 58;

    @RegisterExtension
    final RealStack stack = new RealStack(NotificationRestartIT.class);

    @Test
    void clientsResumingAfterARestartGetEveryEventOnceInOrder() throws Exception {
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = readTopic(stack.kafka().bootstrapServers(), published, reading);

        int port = ServiceProcess.freePort();
        ServiceProcess notification = start("notification-service", "notification", port, Map.of());
        SseClient sseClient = new SseClient(URI.create("http://127.0.0.1:" + port + "/api/reminders"), null)
                .awaitSubscribed();
        WsClient wsClient = new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws/reminders"))
                .subscribe("{\"action\":\"subscribe\"}");

        start("schedule-service", "schedule", ServiceProcess.freePort(), Map.of(
                // The seed from 5 minutes before its first reminder, at 120x: 105 programme minutes in under a minute;
                // started once the clients are connected, so that they see every event.
                "ONSTAGE_CLOCK_MODE", "replay",
                "ONSTAGE_CLOCK_REPLAY_FROM", "2022-07-21T14:15:00Z",
                "ONSTAGE_CLOCK_SPEED", "120"));

        await().atMost(Duration.ofSeconds(90)).until(() -> sseClient.ids.size() >= EXPECTED / 3
                && wsClient.eventIds.size() >= EXPECTED / 3);
        notification.kill();
        sseClient.close();
        wsClient.close();
        List<String> sseBefore = List.copyOf(sseClient.ids);
        List<String> wsBefore = List.copyOf(wsClient.eventIds);
        // Events go on while the service is down; they must reach the clients after the restart.
        int publishedAtKill = published.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> published.size() >= publishedAtKill + 3);

        start("notification-service", "notification-restarted", port, Map.of());
        SseClient sseResumed = new SseClient(URI.create("http://127.0.0.1:" + port + "/api/reminders"),
                sseBefore.get(sseBefore.size() - 1));
        WsClient wsResumed = new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws/reminders"))
                .subscribe("{\"action\":\"subscribe\",\"lastEventId\":\"" + wsBefore.get(wsBefore.size() - 1) + "\"}");
        await().atMost(Duration.ofSeconds(120)).until(() -> published.size() >= EXPECTED
                && sseBefore.size() + sseResumed.ids.size() >= EXPECTED
                && wsBefore.size() + wsResumed.eventIds.size() >= EXPECTED);
        // A little longer: a duplicate would arrive now (the assertions below show it).
        try {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> sseBefore.size() + sseResumed.ids.size() == EXPECTED
                            && wsBefore.size() + wsResumed.eventIds.size() == EXPECTED);
        } catch (org.awaitility.core.ConditionTimeoutException more) {
            System.out.println("more events than expected: " + more.getMessage());
        }
        sseResumed.close();
        wsResumed.close();
        List<String> sse = joined(sseBefore, sseResumed.ids);
        List<String> ws = joined(wsBefore, wsResumed.eventIds);
        reading.set(false);
        reader.join();

        report("sse", published, sse, sseBefore.size());
        report("websocket", published, ws, wsBefore.size());
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

    private static List<String> joined(List<String> before, List<String> after) {
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        return all;
    }
}
