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
        formatOnce(dataDir, props, Uuid.randomUuid().toString());
        return start(props, port, Duration.ofSeconds(30));
    }

    /**
     * Starts node {@code nodeId} (1-based) of a cluster on 127.0.0.1 whose nodes are each broker and controller, node
     * n listening on {@code ports[n - 1]} and {@code controllerPorts[n - 1]}. Every node must be given the same cluster
     * id and ports; the nodes start together (the controllers need a majority). Topics get three replicas (two must
     * acknowledge a write), and a node that stops heartbeating is fenced after 3 s. For the fault tests: a node in
     * its own JVM ({@link #main}) can be killed.
     */
    public static KafkaBroker startClusterNode(Path dataDir, int nodeId, String clusterId, int[] ports,
            int[] controllerPorts) {
        Properties props = brokerProperties(dataDir, ports[nodeId - 1], controllerPorts[nodeId - 1]);
        StringBuilder voters = new StringBuilder();
        for (int n = 1; n <= controllerPorts.length; n++) {
            voters.append(n > 1 ? "," : "").append(n).append("@127.0.0.1:").append(controllerPorts[n - 1]);
        }
        String replicas = String.valueOf(Math.min(3, ports.length));
        String minInSync = String.valueOf(Math.max(1, Math.min(3, ports.length) - 1));
        props.putAll(Map.ofEntries(
                Map.entry("node.id", String.valueOf(nodeId)),
                Map.entry("controller.quorum.voters", voters.toString()),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInSync),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minInSync),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minInSync),
                Map.entry("broker.session.timeout.ms", "3000"),
                Map.entry("broker.heartbeat.interval.ms", "500")));
        formatOnce(dataDir, props, clusterId);
        return start(props, ports[nodeId - 1], Duration.ofSeconds(60)); // until a majority of the nodes is up
    }

    private static KafkaBroker start(Properties props, int port, Duration readyWithin) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(port, server);
        broker.awaitReady(readyWithin);
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

    private static void formatOnce(Path dataDir, Properties props, String clusterId) {
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
        boolean node = args.length == 6 && args[0].equals("--cluster-node");
        if (args.length != 3 && !node) {
            System.err.println("usage: KafkaBroker <data-dir> <port> <controller-port>\n"
                    + "       KafkaBroker --cluster-node <data-dir> <node-id> <cluster-id> <ports,...> <controller-ports,...>");
            System.exit(2);
        }
        KafkaBroker broker;
        try {
            broker = node
                    ? startClusterNode(Path.of(args[1]), Integer.parseInt(args[2]), args[3], ports(args[4]), ports(args[5]))
                    : start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } catch (RuntimeException e) {
            System.err.println("Kafka broker failed to start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
        System.out.println("KAFKA READY " + broker.bootstrapServers());
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }

    private static int[] ports(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }
}
