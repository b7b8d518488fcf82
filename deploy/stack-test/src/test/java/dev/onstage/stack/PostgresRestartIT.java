package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * PostgreSQL stops and starts again (same data, same port) under every service while a replay runs: schedule-service
 * and two notification-service instances. Nothing is restarted but the database. Every talk event due in the window
 * must reach Kafka, and every streaming client exactly once, in the topic's order; readiness comes back by itself;
 * the agenda API works again, and an agenda changed through one notification-service instance after the restart
 * still reaches an attendee's stream on the other (its LISTEN connection came back).
 */
class PostgresRestartIT {

    private static final Instant REPLAY_FROM = Instant.parse("2022-07-21T14:15:00Z");
    /** 45 programme minutes: 26 events of the seed. */
    private static final Instant WINDOW_END = Instant.parse("2022-07-21T15:00:00Z");
    private static final Instant OUTAGE_FROM = Instant.parse("2022-07-21T14:29:00Z");
    /** The favourite added after the restart: the talk at 7:50 PDT. */
    private static final Instant FAVOURITE_START = Instant.parse("2022-07-21T14:50:00Z");

    @RegisterExtension
    final RealStack stack = new RealStack(PostgresRestartIT.class);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void servicesRecoverFromADatabaseRestartByThemselvesAndLoseNothing() throws Exception {
        ServiceProcess streams = stack.start("notification-service", "notification-1", Map.of());
        ServiceProcess agendas = stack.start("notification-service", "notification-2", Map.of());
        streams.awaitReady();
        agendas.awaitReady();
        String n1 = "http://127.0.0.1:" + streams.port;
        String n2 = "http://127.0.0.1:" + agendas.port;

        // An attendee whose stream is on instance 1.
        JsonNode attendee = Http.JSON.readTree(Http.send("POST", n1 + "/api/attendees", null).body());
        String attendeeId = attendee.path("id").asText();
        String token = attendee.path("token").asText();

        try (TopicReader topic = new TopicReader(stack.kafka().bootstrapServers());
                SseClient sse = new SseClient(URI.create(n1 + "/api/reminders"), null).awaitSubscribed();
                WsClient ws = new WsClient(URI.create(n1.replace("http", "ws") + "/ws/reminders"));
                SseClient personal = new SseClient(URI.create(n1 + "/api/reminders?attendee=" + attendeeId + "&token="
                        + token), null).awaitSubscribed()) {
            ws.send("{\"action\":\"subscribe\"}");
            assertEquals("{\"type\":\"subscribed\"}", ws.next(Duration.ofSeconds(10)));

            ServiceProcess schedule = stack.start("schedule-service", "schedule", Map.of(
                    "ONSTAGE_CLOCK_MODE", "replay",
                    "ONSTAGE_CLOCK_REPLAY_FROM", REPLAY_FROM.toString(),
                    // 40x: the database is away for a few seconds, less than the 5 programme minutes after which
                    // a reminder would be stale (dropped by design); 45 programme minutes take about 70 s.
                    "ONSTAGE_CLOCK_SPEED", "40",
                    "ONSTAGE_EVENTS_LEASE", "1s")).awaitReady();
            String s = "http://127.0.0.1:" + schedule.port;
            List<Expected.Fact> expected = Expected.between(s, REPLAY_FROM, WINDOW_END);
            String favourite = Http.JSON.readTree(Http.get(s + "/api/talks?from=" + FAVOURITE_START + "&to="
                    + FAVOURITE_START.plusSeconds(1)).body()).get(0).path("id").asText();

            // Just before the burst of 14:30 (the session and the first talk start, two reminders): its four events
            // fall due while the database is away.
            Expected.awaitProgrammeTime(s, OUTAGE_FROM);
            List<ServiceProcess> services = List.of(streams, agendas, schedule);
            long pids = services.stream().filter(p -> p.process.isAlive()).count();
            Instant stopped = Instant.now();
            stack.stopPostgres();
            int[] readiness = {schedule.readiness(), streams.readiness()};
            Thread.sleep(3_000);
            stack.postgres();
            Duration outage = Duration.between(stopped, Instant.now());
            int eventsAtRestart = topic.snapshot().size();

            // Back by themselves, the same processes.
            await().atMost(Duration.ofSeconds(30)).until(() -> schedule.readiness() == 200
                    && streams.readiness() == 200 && agendas.readiness() == 200);
            Duration recovered = Duration.between(stopped, Instant.now());
            assertEquals(pids, services.stream().filter(p -> p.process.isAlive()).count(), "no service restarted");

            // Agendas work again; a change through instance 2 reaches the stream on instance 1.
            Http.Answer added = Http.send("PUT", n2 + "/api/attendees/" + attendeeId + "/favourites/" + favourite,
                    "{\"leadMinutes\":0}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                    "Authorization", "Bearer " + token);
            assertEquals(201, added.status(), added.body());
            Http.Answer another = Http.send("POST", n2 + "/api/attendees", null);
            assertEquals(201, another.status(), another.body());

            Set<String> facts = expected.stream().map(Expected.Fact::key).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(120)).until(() -> topic.snapshot().stream()
                    .map(TopicReader.Event::fact).collect(Collectors.toSet()).containsAll(facts));
            List<TopicReader.Event> published = topic.snapshot();
            List<String> ids = topic.distinctIds();
            await().atMost(Duration.ofSeconds(30)).until(() -> sse.ids.containsAll(ids) && ws.eventIds.containsAll(ids));
            String favouriteStarted = published.stream().filter(e -> e.type().equals("talk.started")
                    && e.subject().equals(favourite)).map(TopicReader.Event::id).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> personal.ids.contains(favouriteStarted));
            Thread.sleep(1_000); // a duplicate would arrive now

            Set<String> publishedFacts = published.stream().map(TopicReader.Event::fact).collect(Collectors.toSet());
            long lost = facts.stream().filter(f -> !publishedFacts.contains(f)).count();
            long kafkaDuplicates = published.size() - ids.size();
            long late = published.stream().filter(TopicReader.Event::late).count();
            List<String> sseIds = List.copyOf(sse.ids);
            List<String> wsIds = List.copyOf(ws.eventIds);
            System.out.printf("postgres restart: outage %.1f s from programme time %s (readiness during it: schedule %d, "
                    + "notification %d; all ready again %.1f s after the stop); %d events were out when it came back%n",
                    outage.toMillis() / 1000.0, OUTAGE_FROM, readiness[0], readiness[1], recovered.toMillis() / 1000.0,
                    eventsAtRestart);
            System.out.printf("postgres restart, Kafka: expected %d, received %d distinct (%d records, %d late), lost "
                    + "%d, duplicated %d%n", facts.size(), publishedFacts.stream().filter(facts::contains).count(),
                    published.size(), late, lost, kafkaDuplicates);
            report("postgres restart, SSE", ids, sseIds);
            report("postgres restart, WebSocket", ids, wsIds);
            System.out.printf("postgres restart, attendee stream: favourite added through the other instance after "
                    + "the restart: %s%n", personal.ids.contains(favouriteStarted) ? "received" : "MISSING");

            assertEquals(0, lost, "every expected event on Kafka");
            assertEquals(ids, sseIds.subList(0, Math.min(sseIds.size(), ids.size())), "SSE: every event once, in order");
            assertEquals(sseIds.size(), new HashSet<>(sseIds).size(), "SSE: no duplicates");
            assertEquals(ids, wsIds.subList(0, Math.min(wsIds.size(), ids.size())), "WebSocket: every event once, in order");
            assertEquals(wsIds.size(), new HashSet<>(wsIds).size(), "WebSocket: no duplicates");
            assertTrue(personal.ids.contains(favouriteStarted), "the attendee's stream follows the new favourite");

            // No sticky sessions: a client that got the first half on instance 1 resumes on instance 2 and gets exactly
            // the rest, in the topic's order.
            int half = ids.size() / 2;
            List<String> rest = ids.subList(half + 1, ids.size());
            try (SseClient resumed = new SseClient(URI.create(n2 + "/api/reminders"), ids.get(half)).awaitSubscribed()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> resumed.ids.size() >= rest.size());
                assertEquals(rest, List.copyOf(resumed.ids).subList(0, rest.size()),
                        "resumed on the other instance: the rest, once, in order");
            }
        }
    }

    private static void report(String client, List<String> expected, List<String> got) {
        long distinct = got.stream().distinct().count();
        System.out.printf("%s: expected %d, received %d, lost %d, duplicated %d%n", client, expected.size(),
                got.size(), expected.stream().filter(id -> !got.contains(id)).count(), got.size() - distinct);
    }
}
