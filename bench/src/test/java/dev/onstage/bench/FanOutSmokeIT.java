package dev.onstage.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The fan-out harness's smoke mode, so that it never rots: starts {@code ./onstage --no-build} on free ports with its
 * own data directory, runs the harness with 40 subscribers (half WebSocket, half SSE) for a few seconds of replay
 * (at 120x) against each of the three targets (notification-service, the Node.js peer, nginx + nchan with its bridge; the
 * harness starts the last two, after 'npm ci' in bench/peer when needed), and checks that every subscriber got every
 * event its filter matches exactly once. What the harness expects is itself checked against what schedule-service
 * published to talk-events in those runs. Fails at once, saying what to install, when Node.js or nginx + nchan is
 * missing.
 */
class FanOutSmokeIT {

    private static final Path ROOT = Path.of(System.getProperty("onstage.root", "..")).toAbsolutePath().normalize();

    private Process onstage;

    @AfterEach
    void killLeftovers() {
        if (onstage != null && onstage.isAlive()) {
            onstage.descendants().forEach(ProcessHandle::destroyForcibly);
            onstage.destroyForcibly();
        }
    }

    @Test
    void everySubscriberGetsEveryMatchingEventExactlyOnce() throws Exception {
        String missing = PeerSetup.missing();
        if (missing != null) {
            fail(missing);
        }
        Path dataDir = ROOT.resolve("bench/target/fanout-smoke");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        int kafkaPort = freePortPair();
        int schedulePort = freePort();
        int notificationPort = freePort();
        Path output = dataDir.resolve("onstage.out");
        ProcessBuilder launcher = new ProcessBuilder("./onstage", "--no-build", "--data-dir",
                dataDir.resolve("data").toString(), "--kafka-port", String.valueOf(kafkaPort), "--postgres-port",
                String.valueOf(freePort()), "--schedule-port", String.valueOf(schedulePort), "--notification-port",
                String.valueOf(notificationPort))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        // Embedded infrastructure, whatever the developer's shell points at.
        launcher.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        launcher.environment().remove("ONSTAGE_DATABASE_URL");
        onstage = launcher.start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!onstage.isAlive()) {
                throw new AssertionError("./onstage exited early:\n" + Files.readString(output));
            }
            return Files.readString(output).contains("ONSTAGE READY");
        });

        // 120x, not 600x: a 5-minute reminder then falls due 2.5 s of wall time before its talk starts, so that on a
        // busy machine a late publish is not dropped as stale (docs/events.md) and counted missing.
        BenchOptions options = BenchOptions.parse("--subscribers", "40", "--ws-share", "0.5", "--rooms", "4",
                "--duration", "5", "--speed", "120", "--lead-in", "3", "--drain", "15", "--target", "all", "--start-peer",
                "--start-nchan", "--kafka", "127.0.0.1:" + kafkaPort,
                "--schedule-url", "http://localhost:" + schedulePort,
                "--notification-url", "http://localhost:" + notificationPort,
                "--peer-url", "http://localhost:" + freePort(), "--nchan-url", "http://localhost:" + freePort(),
                "--bridge-url", "http://localhost:" + freePort(),
                "--data-dir", dataDir.resolve("data").toString(), "--csv", dataDir.resolve("fanout.csv").toString(),
                "--label", "smoke");
        List<RunResult> results = new FanOutBench(options, System.out).run();

        assertEquals(List.of("notification", "peer", "nchan"), results.stream().map(RunResult::target).toList());
        for (RunResult run : results) {
            String target = run.target();
            assertEquals(List.of(), run.failures(), target);
            assertEquals(0, run.connectFailures(), target + ": connections refused or failed");
            assertEquals(20, run.webSockets());
            assertEquals(20, run.sse());
            assertTrue(run.expectedDeliveries() > 40, "too few deliveries expected: " + run.expectedDeliveries());
            assertEquals(run.expectedDeliveries(), run.delivered(), target + ": every matching event once, nothing else");
            assertEquals(0, run.missing(), target);
            assertEquals(0, run.duplicates(), target);
            assertEquals(0, run.unexpected(), target);
            assertTrue(run.exactlyOnce(), target);
            assertTrue(run.p99Ms() >= 0 && run.p99Ms() < 60_000, target + ": latency " + run.p99Ms());
            assertTrue(run.rssIdleN() > 0, "memory of " + target + " not measured");
            assertTrue(run.serverCpuSeconds() >= 0, "CPU of " + target + " not measured");
            // nchan has no heap to measure
            assertTrue(target.equals("nchan") || run.heapIdleN() > 0, "heap of " + target + " not measured");
        }
        assertTrue(Files.readString(dataDir.resolve("fanout.csv")).startsWith(RunResult.CSV_HEADER));
        RunResult run = results.get(0);

        // What the harness expected is what schedule-service published in that run, no more, no less.
        EventModel model = new EventModel(SyntheticProgramme.fanOut(options.talkCount(), 4, options.slotMinutes));
        Set<String> expected = model.events().stream().map(EventModel.Event::key).collect(Collectors.toSet());
        assertEquals(new TreeSet<>(expected), new TreeSet<>(published(kafkaPort, run.clockStartedAt())));

        splitRun(schedulePort, notificationPort, dataDir);

        onstage.destroy(); // SIGTERM, as Ctrl-C would
        assertTrue(onstage.waitFor(90, TimeUnit.SECONDS), "./onstage did not stop:\n" + Files.readString(output));
        assertTrue(Files.readString(output).contains("Onstage stopped."));
    }

    /**
     * The split mode (the 50,000-subscriber run of docs/benchmarks.md, small): two notification-service instances
     * started beside ./onstage's, two harness processes, two source addresses, and four subscribers that resume on the
     * other instance; every subscriber gets every matching event exactly once, the resumers included.
     */
    private static void splitRun(int schedulePort, int notificationPort, Path dataDir) throws Exception {
        BenchOptions options = BenchOptions.parse("--subscribers", "40", "--rooms", "4", "--duration", "10",
                "--speed", "60", "--lead-in", "3", "--drain", "15", "--start-instances", "2", "--instance-port",
                String.valueOf(freePortPair()), "--instance-heap", "256m", "--processes", "2",
                "--source-addresses", "2", "--resume", "4", "--resume-gap", "2",
                "--schedule-url", "http://localhost:" + schedulePort,
                "--notification-url", "http://localhost:" + notificationPort,
                "--data-dir", dataDir.resolve("data").toString(), "--csv", dataDir.resolve("fanout.csv").toString(),
                "--label", "smoke-split");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream both = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                printed.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        List<RunResult> results = new FanOutBench(options, both).run();
        both.flush();

        assertEquals(1, results.size());
        RunResult run = results.get(0);
        assertEquals("notification x2", run.target());
        assertEquals(List.of(), run.failures());
        assertTrue(run.expectedDeliveries() > 40, "too few deliveries expected: " + run.expectedDeliveries());
        assertEquals(run.expectedDeliveries(), run.delivered(), "every matching event once, nothing else");
        assertTrue(run.exactlyOnce());
        assertTrue(run.heapIdleN() > 0, "heap not measured");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.matches("(?s).*resume: 4 subscribers left .* on the next instance: 0 failed to resume \\(after [0-9]+ retries\\), "
                + "[1-9][0-9]* events came as the replay of what they missed, 0 missing, 0 doubled, 0 resets.*"), output);
    }

    /** The talk events of the run that began at {@code startedAt}, as {@code type|subject|dueAt} keys. */
    private static Set<String> published(int kafkaPort, Instant startedAt) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> keys = new HashSet<>();
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition("talk-events", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    // Each record's timestamp is the wall instant it was due: this run's are after it began.
                    if (record.timestamp() < startedAt.toEpochMilli()) {
                        continue;
                    }
                    String type = header(record, "ce_type").replaceFirst("^onstage\\.", "");
                    JsonObject data = new JsonObject(record.value());
                    String subject = type.startsWith("session.") ? data.getJsonObject("session").getString("room")
                            : data.getJsonObject("talk").getString("id");
                    keys.add(EventModel.key(type, subject, Instant.parse(data.getString("dueAt")).toString()));
                    ids.add(header(record, "ce_id"));
                }
            }
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an event was published twice: " + ids);
        return keys;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too (Kafka's controller listens on port + 1). */
    private static int freePortPair() throws IOException {
        while (true) {
            int port = freePort();
            try (Socket taken = new Socket("127.0.0.1", port + 1)) {
                continue;
            } catch (IOException free) {
                if (port < 65535) {
                    return port;
                }
            }
        }
    }
}
