package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.onstage.local.KafkaBroker;
import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * A three-node Kafka cluster (each node broker and controller, in its own JVM; topics with three replicas, two of
 * which must acknowledge a write): the node that leads talk-events is killed with SIGKILL in the middle of a replay.
 * Every talk event must reach Kafka, and an SSE and a WebSocket client exactly once, in order. Long (about 5
 * minutes): run with {@code -Preliability-long}.
 */
class ThreeBrokerLongIT {

    private static final Instant REPLAY_FROM = Instant.parse("2022-07-21T14:15:00Z");
    private static final Instant REPLAY_END = Instant.parse("2022-07-21T16:01:00Z");
    /** Just before the burst of 14:45 (a talk starts, one ends, two reminders). */
    private static final Instant KILL_AT = Instant.parse("2022-07-21T14:44:30Z");

    @RegisterExtension
    final RealStack stack = new RealStack(ThreeBrokerLongIT.class);

    private final Process[] brokers = new Process[3];

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killingTheLeaderOfTalkEventsLosesNothing() throws Exception {
        int[] ports = {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
        int[] controllerPorts = {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
        String clusterId = Uuid.randomUuid().toString();
        for (int node = 1; node <= 3; node++) {
            Process broker = startBroker(node, clusterId, ports, controllerPorts);
            brokers[node - 1] = broker;
            stack.closeAfter(() -> broker.destroyForcibly().waitFor());
        }
        for (int node = 1; node <= 3; node++) {
            awaitBroker(node);
        }
        String bootstrap = Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));

        ServiceProcess notification = start("notification-service", "notification", bootstrap, Map.of()).awaitReady();
        String n = "http://127.0.0.1:" + notification.port;
        try (TopicReader topic = new TopicReader(bootstrap);
                SseClient sse = new SseClient(URI.create(n + "/api/reminders"), null).awaitSubscribed();
                WsClient ws = new WsClient(URI.create(n.replace("http", "ws") + "/ws/reminders"))) {
            ws.send("{\"action\":\"subscribe\"}");
            assertEquals("{\"type\":\"subscribed\"}", ws.next(Duration.ofSeconds(10)));
            ServiceProcess schedule = start("schedule-service", "schedule", bootstrap, Map.of(
                    "ONSTAGE_CLOCK_MODE", "replay",
                    "ONSTAGE_CLOCK_REPLAY_FROM", REPLAY_FROM.toString(),
                    // 30x: the seed in about 3.5 minutes; a leader change (seconds) is far less than the 5 programme
                    // minutes after which a reminder would be stale.
                    "ONSTAGE_CLOCK_SPEED", "30")).awaitReady();
            String s = "http://127.0.0.1:" + schedule.port;
            List<Expected.Fact> expected = Expected.between(s, REPLAY_FROM, REPLAY_END);

            TopicDescription before;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                before = admin.describeTopics(List.of("talk-events")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("talk-events");
            }
            int leader = before.partitions().get(0).leader().id();
            int replicas = before.partitions().get(0).replicas().size();
            Expected.awaitProgrammeTime(s, KILL_AT);
            int atKill = topic.snapshot().size();
            Instant killed = Instant.now();
            brokers[leader - 1].destroyForcibly().waitFor();
            String remaining = Arrays.stream(ports).filter(p -> p != ports[leader - 1])
                    .mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            int newLeader;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", remaining))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    var partition = admin.describeTopics(List.of("talk-events")).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get("talk-events").partitions().get(0);
                    return partition.leader() != null && partition.leader().id() != leader;
                });
                newLeader = admin.describeTopics(List.of("talk-events")).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get("talk-events").partitions().get(0).leader().id();
            }
            Duration failover = Duration.between(killed, Instant.now());

            Set<String> facts = expected.stream().map(Expected.Fact::key).collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> topic.snapshot()
                    .stream().map(TopicReader.Event::fact).collect(Collectors.toSet()).containsAll(facts));
            List<String> ids = topic.distinctIds();
            await().atMost(Duration.ofSeconds(60)).until(() -> sse.ids.containsAll(ids) && ws.eventIds.containsAll(ids));
            Thread.sleep(2_000);

            List<TopicReader.Event> published = topic.snapshot();
            Set<String> publishedFacts = published.stream().map(TopicReader.Event::fact).collect(Collectors.toSet());
            long lost = facts.stream().filter(f -> !publishedFacts.contains(f)).count();
            System.out.printf("three brokers: talk-events with %d replicas, leader node %d killed (SIGKILL) at programme "
                    + "time %s with %d records out; node %d leads %.1f s later%n", replicas, leader, KILL_AT, atKill,
                    newLeader, failover.toMillis() / 1000.0);
            System.out.printf("three brokers, Kafka: expected %d, received %d distinct (%d records, %d late), lost %d, "
                    + "duplicated %d%n", facts.size(), publishedFacts.stream().filter(facts::contains).count(),
                    published.size(), published.stream().filter(TopicReader.Event::late).count(), lost,
                    published.size() - ids.size());
            List<Clients.Figures> figures = List.of(
                    Clients.check("three brokers, SSE", published, e -> true, List.copyOf(sse.ids)),
                    Clients.check("three brokers, WebSocket", published, e -> true, List.copyOf(ws.eventIds)));
            figures.forEach(System.out::println);
            assertEquals(3, replicas, "talk-events has three replicas");
            assertEquals(0, lost, "every expected event on Kafka");
            figures.forEach(f -> assertTrue(f.exactlyOnceInOrder(), f.toString()));
        }
    }

    private Process startBroker(int node, String clusterId, int[] ports, int[] controllerPorts) throws Exception {
        Path local = ServiceProcess.ROOT.resolve("deploy/local/target");
        String classpath = local.resolve("classes") + java.io.File.pathSeparator + local.resolve("lib") + "/*";
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, KafkaBroker.class.getName(),
                "--cluster-node", stack.dir().resolve("kafka-" + node).toString(), String.valueOf(node), clusterId,
                join(ports), join(controllerPorts))
                .redirectErrorStream(true)
                .redirectOutput(stack.logs().resolve("kafka-" + node + ".log").toFile())
                .start();
    }

    private void awaitBroker(int node) {
        Path log = stack.logs().resolve("kafka-" + node + ".log");
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!brokers[node - 1].isAlive()) {
                throw new AssertionError("Kafka node " + node + " exited:\n" + Files.readString(log));
            }
            return Files.readString(log).contains("KAFKA READY");
        });
    }

    private static String join(int[] ports) {
        return Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    private ServiceProcess start(String service, String name, String bootstrap, Map<String, String> env)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("ONSTAGE_KAFKA_REPLICATION_FACTOR", "3");
        stack.useKafka(bootstrap);
        return stack.start(service, name, all);
    }
}
