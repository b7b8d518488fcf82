package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15's abuse suite: a crowd of bad clients attacks both services at the same time, while an attendee's SSE and
 * WebSocket clients read and the seed is replayed at high speed: chunked bodies of 16 MB spread over every route of
 * both services, connections held without a request (slowloris), attendee creations from one address, wrong organizer
 * logins from one address, reminder streams each with another forged X-Forwarded-For. Each kind of client comes from
 * its own loopback address. A service that dies is started again after 1 s, as {@code ./onstage} does.
 *
 * <p>Pass: both services stay ready (or are ready again within 30 s of a restart), their heap after a GC comes back to
 * where it was, the readers get every event exactly once in the topic's order, the clock publishes every event (none
 * dropped as stale) within the lateness budget of {@link AbuseSizes}, and every bad client gets the refusal the API
 * promises. The sizes
 * are {@link AbuseSizes}: small in {@code ./mvnw verify}, issue 15's in {@code -Preliability-long}.
 */
class AbuseIT {

    private static final String ADMIN_PASSWORD = "abuse-suite-organizer";
    private static final Instant REPLAY_FROM = Instant.parse("2022-07-21T14:15:00Z");
    private static final Instant REPLAY_END = Instant.parse("2022-07-21T16:01:00Z");
    /** Open streams per address (production: 1,000), so that the forged streams reach it. */
    private static final int STREAMS_PER_ADDRESS = 100;
    /** notification-service's attendee bucket (onstage.agenda.creations-per-address, creation-interval). */
    private static final int CREATION_BUCKET = 60;
    private static final double CREATION_INTERVAL_SECONDS = 2;
    /** schedule-service's failed logins before the first lock (onstage.login.free-failures). */
    private static final int FREE_FAILURES = 5;
    private static final int ATTACK_THREADS = 8;
    private static final long HEAP_MARGIN = 32L << 20;
    /** A readiness probe waits 5 s, one comes every 0.5 s after it. */
    private static final double MAX_NOT_READY_SECONDS = 11;
    private static final List<String> HOLDERS = IntStream.rangeClosed(10, 17).mapToObj(i -> "127.0.0." + i).toList();

    @RegisterExtension
    final RealStack stack = new RealStack(AbuseIT.class);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aCrowdOfBadClientsTakesNothingDown() throws Exception {
        AbuseSizes size = AbuseSizes.fromSystemProperties();
        System.out.println("abuse: " + size);
        Supervisor notification = stack.closeAfter(new Supervisor(stack, "notification-service", "notification",
                notificationEnv(size)));
        Supervisor schedule = stack.closeAfter(new Supervisor(stack, "schedule-service", "schedule", scheduleEnv(size)));
        // Both JVMs start at once, which on 2 cores is sooner ready than one after the other.
        notification.awaitReady();
        schedule.awaitReady();
        TopicReader topic = stack.closeAfter(new TopicReader(stack.kafka().bootstrapServers()));
        ResumingReaders readers = stack.closeAfter(new ResumingReaders(notification.base()));
        List<Crowd.Route> routes = routes(schedule, notification);
        List<Expected.Fact> expected = Expected.between(schedule.base(), REPLAY_FROM, REPLAY_END);
        long scheduleHeapBefore = Prometheus.heapAfterGc(schedule.process());
        long notificationHeapBefore = Prometheus.heapAfterGc(notification.process());

        StackWatch watch = stack.closeAfter(new StackWatch(Map.of("schedule-service", schedule,
                "notification-service", notification)));
        // A JVM just started translates each database query on first use, on the event loop (seconds on a loaded
        // machine), which a service under attack in production did long before: warm the clock's path with a few
        // events of a fast replay first. Its events go to the readers too; only the real replay's are checked as facts.
        int warmUp = topic.snapshot().size();
        setReplay(schedule, 600);
        await().atMost(Duration.ofMinutes(3)).until(() -> topic.snapshot().size() >= warmUp + 5);
        // The replay starts with the attack, so that events fall due all through it.
        TreeMap<Double, Double> warmUpLateness = Prometheus.buckets(schedule.base(), "onstage_events_lateness_seconds");
        String run = setReplay(schedule, size.speed()) + "/";
        long attackStarted = System.nanoTime();

        ExecutorService crowd = Executors.newFixedThreadPool(5);
        List<Socket> forgedHeld = Collections.synchronizedList(new ArrayList<>());
        stack.closeAfter((AutoCloseable) () -> closeAll(forgedHeld));
        Future<Crowd.Bodies> bodies = crowd.submit(() -> Crowd.bodies("127.0.0.5", routes, size.bodies(),
                size.bodyBytes()));
        Future<List<Socket>> held = crowd.submit(() -> Crowd.holdConnections(HOLDERS,
                new int[] {schedule.port(), notification.port()}, size.held()));
        Future<Outcomes> creations = crowd.submit(() -> Crowd.createAttendees("127.0.0.2", notification.port(),
                size.creations()));
        Future<Outcomes> logins = crowd.submit(() -> Crowd.wrongLogins("127.0.0.3", schedule.port(), size.logins()));
        Future<Outcomes> forged = crowd.submit(() -> Crowd.forgedStreams("127.0.0.4", notification.port(),
                size.forgedStreams(), forgedHeld));
        crowd.shutdown();
        List<Socket> heldSockets = held.get(10, TimeUnit.MINUTES);
        stack.closeAfter((AutoCloseable) () -> closeAll(heldSockets));
        double heldOpenedAfter = (System.nanoTime() - attackStarted) / 1e9;
        int heldAtMost = heldOpen(schedule.port(), notification.port());
        // The services end the held connections by their idle timeout; the attackers never let go.
        Duration idle = Duration.ofSeconds(size.idleTimeout() == null ? 60
                : Long.parseLong(size.idleTimeout().replace("s", "")));
        await().atMost(idle.plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> heldOpen(schedule.port(), notification.port()) == 0);
        double heldClosedAfter = (System.nanoTime() - attackStarted) / 1e9 - heldOpenedAfter;
        Crowd.Bodies bodyFigures = bodies.get(10, TimeUnit.MINUTES);
        Outcomes creationFigures = creations.get(10, TimeUnit.MINUTES);
        Outcomes loginFigures = logins.get(10, TimeUnit.MINUTES);
        Outcomes forgedFigures = forged.get(10, TimeUnit.MINUTES);
        double attackSeconds = (System.nanoTime() - attackStarted) / 1e9;

        // The replay goes on to its end. An event the clock could not publish in time is dropped as stale
        // (docs/events.md), so wait for programme time, not for every fact: a missing one is counted, not awaited.
        Set<String> facts = expected.stream().map(Expected.Fact::key).collect(Collectors.toSet());
        Expected.awaitProgrammeTime(schedule.base(), REPLAY_END);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> published(topic, run)
                    .containsAll(facts));
        } catch (org.awaitility.core.ConditionTimeoutException missing) {
            System.out.println("abuse: not every expected event was published");
        }
        Set<String> publishedFacts = published(topic, run);
        List<String> lost = facts.stream().filter(fact -> !publishedFacts.contains(fact)).sorted().toList();
        List<String> ids = topic.distinctIds();
        await().atMost(Duration.ofSeconds(90)).until(() -> readers.sseIds().containsAll(ids)
                && readers.wsIds().containsAll(ids));
        try { // a little longer: a duplicate would arrive now
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> readers.sseIds().size()
                    == ids.size() && readers.wsIds().size() == ids.size());
        } catch (org.awaitility.core.ConditionTimeoutException more) {
            System.out.println("abuse: more events than on the topic: " + more.getMessage());
        }
        double totalSeconds = (System.nanoTime() - attackStarted) / 1e9;
        watch.close();
        long scheduleHeapAfter = Prometheus.heapAfterGc(schedule.process());
        long notificationHeapAfter = Prometheus.heapAfterGc(notification.process());
        // The histogram of the real replay (and of the warm-up's stragglers): after minus before it.
        TreeMap<Double, Double> lateness = Prometheus.minus(Prometheus.buckets(schedule.base(),
                "onstage_events_lateness_seconds"), warmUpLateness);
        List<TopicReader.Event> published = topic.snapshot();
        long late = published.stream().filter(e -> e.id().startsWith(run) && e.late()).count();
        List<Supervisor.Restart> restarts = new ArrayList<>(schedule.restarts());
        restarts.addAll(notification.restarts());

        // ------------------------------------------------------------------------------------------ figures
        System.out.printf("abuse: %s; attack %.1f s, replay done and read %.1f s after it began%n", size, attackSeconds,
                totalSeconds);
        System.out.printf("abuse, bodies: %s; %d MB offered, %d MB written by the clients before their answers, %d sent "
                + "whole, slowest answer %d ms; routes: %d (%s)%n", bodyFigures.outcomes(), bodyFigures.bytesOffered() >> 20,
                bodyFigures.bytesSent() >> 20, bodyFigures.sentWhole(), bodyFigures.slowestAnswerMillis(), routes.size(),
                routes);
        System.out.printf("abuse, held connections: %,d opened in %.1f s (%,d open at once), all closed by the services "
                + "%.1f s later%n", heldSockets.size(), heldOpenedAfter, heldAtMost, heldClosedAfter);
        System.out.println("abuse, " + creationFigures);
        System.out.println("abuse, " + loginFigures);
        System.out.println("abuse, " + forgedFigures + " (limit " + STREAMS_PER_ADDRESS + " per address)");
        System.out.printf("abuse, schedule-service: %s; heap after GC %d MB before, %d MB after (-Xmx256m)%n",
                watch.figures("schedule-service"), scheduleHeapBefore >> 20, scheduleHeapAfter >> 20);
        System.out.printf("abuse, notification-service: %s; heap after GC %d MB before, %d MB after (-Xmx256m)%n",
                watch.figures("notification-service"), notificationHeapBefore >> 20, notificationHeapAfter >> 20);
        System.out.println("abuse, restarts: " + restarts);
        System.out.printf("abuse, clock: %d events published (expected %d facts, %d not published), %d late; lateness "
                + "p50 <= %.0f ms, p99 <= %.0f ms, max <= %.0f ms%n", published.size(), facts.size(), lost.size(), late,
                Prometheus.quantile(lateness, 0.5) * 1000, Prometheus.quantile(lateness, 0.99) * 1000,
                Prometheus.quantile(lateness, 1.0) * 1000);
        Clients.Figures sse = Clients.check("abuse, SSE", published, e -> true, readers.sseIds());
        Clients.Figures ws = Clients.check("abuse, WebSocket", published, e -> true, readers.wsIds());
        System.out.println(sse + " (" + readers.sseResumes() + " resumes)");
        System.out.println(ws + " (" + readers.wsResumes() + " resumes)");

        // ------------------------------------------------------------------------------------------ checks
        for (Supervisor service : List.of(schedule, notification)) {
            StackWatch.Figures f = watch.figures(service == schedule ? "schedule-service" : "notification-service");
            // Ready: never more than two probes in a row without a 200 (one may time out on a machine shared with
            // other builds); after a restart, ready again within 30 s.
            double allowed = service.restarts().isEmpty() ? MAX_NOT_READY_SECONDS : 30;
            assertTrue(f.longestNotReadySeconds <= allowed, service.base() + " ready: " + f + "; restarts "
                    + service.restarts());
        }
        assertTrue(scheduleHeapAfter < scheduleHeapBefore + HEAP_MARGIN, "schedule-service's heap comes back: "
                + (scheduleHeapBefore >> 20) + " MB before, " + (scheduleHeapAfter >> 20) + " MB after");
        assertTrue(notificationHeapAfter < notificationHeapBefore + HEAP_MARGIN, "notification-service's heap comes "
                + "back: " + (notificationHeapBefore >> 20) + " MB before, " + (notificationHeapAfter >> 20) + " MB after");
        assertEquals(ids, readers.sseIds(), "SSE: every event once, in the topic's order");
        assertEquals(ids, readers.wsIds(), "WebSocket: every event once, in the topic's order");
        assertEquals(List.of(), lost, "every event published, none dropped as stale");
        double slowest = Prometheus.quantile(lateness, 1.0);
        assertTrue(slowest <= size.latenessBudgetSeconds(), "every event published within "
                + size.latenessBudgetSeconds() + " s of its due time: the slowest within " + slowest + " s");

        assertEquals(List.of(), bodyFigures.outcomes().examples(), "every body refused as the API promises");
        assertEquals(size.bodies(), bodyFigures.outcomes().total(), "every body answered");
        assertEquals(List.of(), creationFigures.examples(), "creations: 201, or 429 problem+json with Retry-After");
        int allowed = CREATION_BUCKET + (int) (attackSeconds / CREATION_INTERVAL_SECONDS) + 1;
        assertTrue(creationFigures.status(201) <= allowed, creationFigures + ": at most " + allowed + " created");
        assertEquals(size.creations(), creationFigures.status(201) + creationFigures.status(429), creationFigures.toString());
        assertEquals(List.of(), loginFigures.examples(), "logins: 401, or 429 problem+json with Retry-After");
        // After the free failures each lock lets at most one failure per client thread through, and locks double.
        int failures = FREE_FAILURES + ATTACK_THREADS * (2 + (int) Math.ceil(Math.log(attackSeconds + 1) / Math.log(2)));
        assertTrue(loginFigures.status(401) <= failures, loginFigures + ": at most " + failures + " checked");
        assertEquals(size.logins(), loginFigures.status(401) + loginFigures.status(429), loginFigures.toString());
        assertEquals(List.of(), forgedFigures.examples(), "forged streams: 200, or 429 problem+json with Retry-After");
        assertEquals(Math.min(size.forgedStreams(), STREAMS_PER_ADDRESS), forgedFigures.status(200),
                "the forged addresses count as one: " + forgedFigures);
        assertEquals(size.forgedStreams(), forgedFigures.status(200) + forgedFigures.status(429), forgedFigures.toString());
    }

    // ---------------------------------------------------------------------------------------------------- the stack

    private static Map<String, String> notificationEnv(AbuseSizes size) {
        Map<String, String> env = new HashMap<>(Map.of(
                "ONSTAGE_REMINDERS_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(STREAMS_PER_ADDRESS)));
        if (size.idleTimeout() != null) {
            // A short idle timeout keeps the slowloris part short; healthy streams must stay busier than it.
            env.putAll(Map.of("QUARKUS_HTTP_IDLE_TIMEOUT", size.idleTimeout(), "ONSTAGE_REMINDERS_HEARTBEAT", "3s",
                    "ONSTAGE_REMINDERS_WS_PING_INTERVAL", "3s"));
        }
        return env;
    }

    private static Map<String, String> scheduleEnv(AbuseSizes size) {
        Map<String, String> env = new HashMap<>(Map.of("ONSTAGE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // Nothing is due until the test sets the replay going (PUT /api/clock) with the attack.
                "ONSTAGE_CLOCK_MODE", "replay", "ONSTAGE_CLOCK_REPLAY_FROM", "2022-07-21T08:00:00Z",
                "ONSTAGE_CLOCK_SPEED", "1"));
        if (size.idleTimeout() != null) {
            env.put("QUARKUS_HTTP_IDLE_TIMEOUT", size.idleTimeout());
        }
        return env;
    }

    /**
     * Every route of both services: those of their OpenAPI documents (path parameters filled with a real talk and a
     * real attendee, whose token goes with notification-service's agenda routes), the pages, the health, metrics,
     * the streams, and a path that does not exist.
     */
    private static List<Crowd.Route> routes(Supervisor schedule, Supervisor notification) throws Exception {
        String talk = Http.JSON.readTree(Http.get(schedule.base() + "/api/talks").body()).get(0).path("id").asText();
        JsonNode attendee = Http.JSON.readTree(Http.send("POST", notification.base() + "/api/attendees", null).body());
        String bearer = "Bearer " + attendee.path("token").asText();
        Map<String, String> values = Map.of("talkId", talk, "id", attendee.path("id").asText());
        List<Crowd.Route> routes = new ArrayList<>();
        for (Supervisor service : List.of(schedule, notification)) {
            String name = service == schedule ? "schedule-service" : "notification-service";
            JsonNode paths = Http.JSON.readTree(Http.get(service.base() + "/q/openapi?format=json").body()).path("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                String concrete = fill(path.getKey(), service == schedule ? Map.of("id", talk, "talkId", talk) : values);
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        routes.add(new Crowd.Route(name, service.port(), method, concrete,
                                service == notification && concrete.startsWith("/api/attendees/") ? bearer : null));
                    }
                }
            }
            for (String extra : List.of("/", "/q/health/ready", "/q/metrics", "/nowhere")) {
                routes.add(new Crowd.Route(name, service.port(), "GET", extra, null));
            }
        }
        routes.add(new Crowd.Route("schedule-service", schedule.port(), "GET", "/asyncapi.yaml", null));
        routes.add(new Crowd.Route("notification-service", notification.port(), "GET", "/app.js", null));
        routes.add(new Crowd.Route("notification-service", notification.port(), "GET", "/ws/reminders", null));
        Map<String, Crowd.Route> distinct = new LinkedHashMap<>();
        routes.forEach(route -> distinct.putIfAbsent(route.toString(), route));
        return List.copyOf(distinct.values());
    }

    /** The facts of one clock run on the topic. */
    private static Set<String> published(TopicReader topic, String run) {
        return topic.snapshot().stream().filter(e -> e.id().startsWith(run)).map(TopicReader.Event::fact)
                .collect(Collectors.toSet());
    }

    /** Starts a new replay of the seed (a new clock run) at this speed; returns the run's number. */
    private static int setReplay(Supervisor schedule, int speed) throws Exception {
        Http.Answer clock = Http.send("PUT", schedule.base() + "/api/clock", Http.JSON.writeValueAsBytes(Map.of(
                "mode", "replay", "replayFrom", REPLAY_FROM.toString(), "speed", speed)),
                "Content-Type", "application/json", "Authorization", Http.basic("admin", ADMIN_PASSWORD));
        assertEquals(200, clock.status(), clock.body());
        return Http.JSON.readTree(clock.body()).path("run").asInt();
    }

    private static String fill(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path.replaceAll("\\{[^}]+}", "x");
    }

    // ---------------------------------------------------------------------------------------------------- held

    /** The attackers' connections to these ports still established (their end; the services' end closes first). */
    private static int heldOpen(int... ports) throws IOException {
        Set<String> sources = HOLDERS.stream().map(AbuseIT::procAddress).collect(Collectors.toSet());
        Set<String> remotes = java.util.Arrays.stream(ports).mapToObj(port -> String.format(":%04X", port))
                .collect(Collectors.toSet());
        int open = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].equals("01")) {
                    String local = fields[1].substring(0, fields[1].indexOf(':'));
                    String remote = fields[2].substring(fields[2].indexOf(':'));
                    if (local.length() >= 8 && sources.contains(local.substring(local.length() - 8))
                            && remotes.contains(remote)) {
                        open++;
                    }
                }
            }
        }
        return open;
    }

    /** An IPv4 address as /proc/net/tcp writes it (the 32 bits in host order, little-endian here). */
    private static String procAddress(String address) {
        String[] b = address.split("\\.");
        return String.format("%02X%02X%02X%02X", Integer.parseInt(b[3]), Integer.parseInt(b[2]),
                Integer.parseInt(b[1]), Integer.parseInt(b[0]));
    }

    private static void closeAll(List<Socket> sockets) {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
