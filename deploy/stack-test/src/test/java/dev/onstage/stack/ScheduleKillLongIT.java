package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * The only schedule-service is killed with SIGKILL 20 times during a replay of the seed and started again each time.
 * Every talk event must reach Kafka (re-sends with the same id are allowed: at least once), and every client of
 * notification-service (an unfiltered SSE and WebSocket client, and two filtered ones) exactly once by id, in order per
 * talk. Long (about 6 minutes): run with {@code -Preliability-long}.
 */
class ScheduleKillLongIT {

    private static final int KILLS = 20;
    private static final Instant REPLAY_FROM = Instant.parse("2022-07-21T14:15:00Z");
    private static final Instant REPLAY_END = Instant.parse("2022-07-21T16:01:00Z");

    @RegisterExtension
    final RealStack stack = new RealStack(ScheduleKillLongIT.class);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void twentyKillsLoseAndDoubleNothing() throws Exception {
        ServiceProcess notification = start("notification-service", "notification", ServiceProcess.freePort())
                .awaitReady();
        String n = "http://127.0.0.1:" + notification.port;
        Random random = new Random(Long.getLong("onstage.faults.seed", 20));

        try (TopicReader topic = new TopicReader(stack.kafka().bootstrapServers());
                SseClient all = new SseClient(URI.create(n + "/api/reminders"), null).awaitSubscribed();
                SseClient reminders = new SseClient(URI.create(n + "/api/reminders?type=talk.upcoming"), null)
                        .awaitSubscribed();
                WsClient allWs = new WsClient(URI.create(n.replace("http", "ws") + "/ws/reminders"));
                WsClient startsAndEnds = new WsClient(URI.create(n.replace("http", "ws") + "/ws/reminders"))) {
            allWs.send("{\"action\":\"subscribe\"}");
            startsAndEnds.send("{\"action\":\"subscribe\",\"type\":[\"talk.started\",\"talk.ended\"]}");
            assertEquals("{\"type\":\"subscribed\"}", allWs.next(Duration.ofSeconds(10)));
            assertEquals("{\"type\":\"subscribed\"}", startsAndEnds.next(Duration.ofSeconds(10)));

            int port = ServiceProcess.freePort();
            ServiceProcess schedule = start("schedule-service", "schedule-0", port).awaitReady();
            List<Expected.Fact> expected = Expected.between("http://127.0.0.1:" + port, REPLAY_FROM, REPLAY_END);
            List<Double> downtimes = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread.sleep(2_000 + random.nextInt(5_000));
                int before = topic.snapshot().size();
                Instant killed = Instant.now();
                schedule.kill();
                schedule = start("schedule-service", "schedule-" + kill, port).awaitReady();
                downtimes.add(Duration.between(killed, Instant.now()).toMillis() / 1000.0);
                System.out.printf("kill %d: %d records on the topic at the kill, down %.1f s%n", kill, before,
                        downtimes.get(downtimes.size() - 1));
            }

            Set<String> facts = expected.stream().map(Expected.Fact::key).collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> topic.snapshot()
                    .stream().map(TopicReader.Event::fact).collect(Collectors.toSet()).containsAll(facts));
            List<String> ids = topic.distinctIds();
            await().atMost(Duration.ofSeconds(60)).until(() -> all.ids.containsAll(ids) && allWs.eventIds.containsAll(ids));
            Thread.sleep(3_000); // a late duplicate would arrive now

            List<TopicReader.Event> published = topic.snapshot();
            Set<String> publishedFacts = published.stream().map(TopicReader.Event::fact).collect(Collectors.toSet());
            long lost = facts.stream().filter(f -> !publishedFacts.contains(f)).count();
            System.out.printf("kill -9 x %d: downtime per kill %.1f-%.1f s (mean %.1f)%n", KILLS,
                    downtimes.stream().mapToDouble(d -> d).min().orElse(0), downtimes.stream().mapToDouble(d -> d).max()
                            .orElse(0), downtimes.stream().mapToDouble(d -> d).average().orElse(0));
            System.out.printf("kill -9 x %d, Kafka: expected %d, received %d distinct (%d records, %d late), lost %d, "
                    + "duplicated %d (re-sends with the same id)%n", KILLS, facts.size(),
                    publishedFacts.stream().filter(facts::contains).count(), published.size(),
                    published.stream().filter(TopicReader.Event::late).count(), lost, published.size() - ids.size());
            List<Clients.Figures> figures = List.of(
                    Clients.check("kill -9 x 20, SSE (all)", published, e -> true, List.copyOf(all.ids)),
                    Clients.check("kill -9 x 20, SSE (type=talk.upcoming)", published,
                            e -> e.type().equals("talk.upcoming"), List.copyOf(reminders.ids)),
                    Clients.check("kill -9 x 20, WebSocket (all)", published, e -> true, List.copyOf(allWs.eventIds)),
                    Clients.check("kill -9 x 20, WebSocket (talk.started, talk.ended)", published,
                            e -> e.type().equals("talk.started") || e.type().equals("talk.ended"),
                            List.copyOf(startsAndEnds.eventIds)));
            figures.forEach(System.out::println);

            assertEquals(0, lost, "every expected event on Kafka");
            figures.forEach(f -> assertTrue(f.exactlyOnceInOrder(), f.toString()));
        }
    }

    private ServiceProcess start(String service, String name, int port) throws Exception {
        return stack.start(service, name, port, service.equals("schedule-service") ? Map.of(
                        "ONSTAGE_CLOCK_MODE", "replay",
                        "ONSTAGE_CLOCK_REPLAY_FROM", REPLAY_FROM.toString(),
                        // 20x: the replay takes about 5 minutes, 20 kills fit in it, and a restart (some seconds) is
                        // shorter than the 5 programme minutes after which a reminder would be stale.
                        "ONSTAGE_CLOCK_SPEED", "20",
                        "ONSTAGE_EVENTS_LEASE", "1s") : Map.of());
    }
}
