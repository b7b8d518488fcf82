package dev.onstage.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process).
 * Used in-process by the services' tests, and in its own JVM by the local stack ({@link #main}).
 */
public final class KafkaBroker implements AutoCloseable {

    private final int port;
    private final KafkaRaftServer server;

    private KafkaBroker(int port, KafkaRaftServer server) {
        this.port = port;
        this.server = server;
    }

    /** Starts a broker on 127.0.0.1:port keeping its logs in dataDir (formatted on first use only). */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
        Properties props = brokerProperties(dataDir, port, controllerPort);
        formatOnce(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(port, server);
        broker.awaitReady(Duration.ofSeconds(30));
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toAbsolutePath().toString()),
                // One node: internal topics cannot have more than one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Consumers join at once instead of waiting 3 s for more members.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true")));
        return p;
    }

    private static void formatOnce(Path dataDir, Properties props) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return; // already formatted: formatting again with another cluster id would fail
        }
        try {
            Files.createDirectories(dataDir);
            Path config = Files.createTempFile("kafka-format", ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "format");
            }
            var output = new ByteArrayOutputStream();
            String clusterId = Uuid.randomUuid().toString();
            StorageTool.execute(new String[] {"format", "--cluster-id", clusterId, "--config", config.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format Kafka storage in " + dataDir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "onstage-readiness-" + UUID.randomUUID());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not become ready in "
                    + timeout.toSeconds() + " s", e);
        }
    }

    /**
     * Runs a broker in this JVM until it is stopped (SIGTERM) or its parent process exits, so that a launcher
     * killed with -9 does not leave an orphan broker behind. Arguments: dataDir port controllerPort.
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: KafkaBroker <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        KafkaBroker broker;
        try {
            broker = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } catch (RuntimeException e) {
            System.err.println("Kafka broker failed to start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
        System.out.println("KAFKA READY " + broker.bootstrapServers());
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }
}
