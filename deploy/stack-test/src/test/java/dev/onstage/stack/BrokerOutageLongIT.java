package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * The Kafka broker is stopped for 30 s in the middle of a replay and started again (same data, same port). Both
 * services stay up. Every talk event due in the window must reach Kafka once it is back, and an SSE and a WebSocket
 * client exactly once, in order. Long (about 5 minutes): run with {@code -Preliability-long}.
 */
class BrokerOutageLongIT {

    private static final Instant REPLAY_FROM = Instant.parse("2022-07-21T14:15:00Z");
    /** 30 programme minutes: at 8x, about 4 minutes of wall time. */
    private static final Instant WINDOW_END = Instant.parse("2022-07-21T14:45:00Z");
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Instant OUTAGE_FROM = Instant.parse("2022-07-21T14:29:00Z");

    @RegisterExtension
    final RealStack stack = new RealStack(BrokerOutageLongIT.class);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aThirtySecondBrokerOutageLosesNothing() throws Exception {
        ServiceProcess notification = stack.start("notification-service", "notification", Map.of()).awaitReady();
        String n = "http://127.0.0.1:" + notification.port;

        try (TopicReader topic = new TopicReader(stack.kafka().bootstrapServers());
                SseClient sse = new SseClient(URI.create(n + "/api/reminders"), null).awaitSubscribed();
                WsClient ws = new WsClient(URI.create(n.replace("http", "ws") + "/ws/reminders"))) {
            ws.send("{\"action\":\"subscribe\"}");
            assertEquals("{\"type\":\"subscribed\"}", ws.next(Duration.ofSeconds(10)));
            ServiceProcess schedule = stack.start("schedule-service", "schedule", Map.of(
                    "ONSTAGE_CLOCK_MODE", "replay",
                    "ONSTAGE_CLOCK_REPLAY_FROM", REPLAY_FROM.toString(),
                    // 8x: 30 s of outage are 4 programme minutes, less than the 5 after which a reminder is stale.
                    "ONSTAGE_CLOCK_SPEED", "8")).awaitReady();
            List<Expected.Fact> expected = Expected.between("http://127.0.0.1:" + schedule.port, REPLAY_FROM, WINDOW_END);

            // Just before the burst of 14:30 (the session and the first talk start, two reminders): its four events
            // fall due while the broker is away.
            Expected.awaitProgrammeTime("http://127.0.0.1:" + schedule.port, OUTAGE_FROM);
            int before = topic.snapshot().size();
            Instant stopped = Instant.now();
            stack.stopKafka();
            await().atMost(Duration.ofSeconds(30)).until(() -> schedule.readiness() == 503);
            int scheduleReadiness = schedule.readiness();
            int notificationReadiness = notification.readiness();
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.between(stopped, Instant.now()).toMillis()));
            stack.kafka();
            Duration outage = Duration.between(stopped, Instant.now());
            await().atMost(Duration.ofSeconds(60)).until(() -> schedule.readiness() == 200
                    && notification.readiness() == 200);
            Duration ready = Duration.between(stopped, Instant.now());

            Set<String> facts = expected.stream().map(Expected.Fact::key).collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> topic.snapshot()
                    .stream().map(TopicReader.Event::fact).collect(Collectors.toSet()).containsAll(facts));
            List<String> ids = topic.distinctIds();
            await().atMost(Duration.ofSeconds(60)).until(() -> sse.ids.containsAll(ids) && ws.eventIds.containsAll(ids));
            Thread.sleep(2_000);

            List<TopicReader.Event> published = topic.snapshot();
            Set<String> publishedFacts = published.stream().map(TopicReader.Event::fact).collect(Collectors.toSet());
            long lost = facts.stream().filter(f -> !publishedFacts.contains(f)).count();
            System.out.printf("broker outage: stopped %.1f s from programme time %s (readiness while away: schedule %d, "
                    + "notification %d; both ready %.1f s after the stop); %d records were out before it%n",
                    outage.toMillis() / 1000.0, OUTAGE_FROM, scheduleReadiness, notificationReadiness,
                    ready.toMillis() / 1000.0, before);
            System.out.printf("broker outage, Kafka: expected %d, received %d distinct (%d records, %d late), lost %d, "
                    + "duplicated %d%n", facts.size(), publishedFacts.stream().filter(facts::contains).count(),
                    published.size(), published.stream().filter(TopicReader.Event::late).count(), lost,
                    published.size() - ids.size());
            List<Clients.Figures> figures = List.of(
                    Clients.check("broker outage, SSE", published, e -> true, List.copyOf(sse.ids)),
                    Clients.check("broker outage, WebSocket", published, e -> true, List.copyOf(ws.eventIds)));
            figures.forEach(System.out::println);
            assertEquals(0, lost, "every expected event on Kafka");
            figures.forEach(f -> assertTrue(f.exactlyOnceInOrder(), f.toString()));
        }
    }
}
