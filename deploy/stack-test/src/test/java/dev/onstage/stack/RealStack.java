package dev.onstage.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.onstage.local.KafkaBroker;
import dev.onstage.local.LocalPostgres;

/**
 * A stack of real processes for one test: PostgreSQL, a Kafka broker and service JVMs, each started when the test
 * first asks for it, and all stopped after the test (services killed first, as when a node dies). Register it with
 * {@code @RegisterExtension final RealStack stack = new RealStack(MyIT.class);}. The services' logs stay in
 * {@code target/stack-logs/{test}} for a look after a failure.
 */
final class RealStack implements AfterEachCallback {

    private final Path logs;
    private final Path dir;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Deque<AutoCloseable> alsoClose = new ArrayDeque<>();
    private LocalPostgres postgres;
    private int postgresPort;
    private KafkaBroker kafka;
    private int kafkaPort;
    private int controllerPort;
    private String otherKafka;

    RealStack(Class<?> test) {
        try {
            logs = ServiceProcess.logDir(test);
            dir = Files.createTempDirectory("onstage-" + test.getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PostgreSQL, started on first use; its data survive {@link #restartPostgres()}. */
    LocalPostgres postgres() throws IOException {
        if (postgres == null) {
            if (postgresPort == 0) {
                postgresPort = ServiceProcess.freePort();
            }
            postgres = LocalPostgres.start(dir.resolve("postgres"), postgresPort);
        }
        return postgres;
    }

    /** Stops PostgreSQL; the next {@link #postgres()} starts it again on the same port with the same data. */
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    LocalPostgres restartPostgres() throws IOException {
        stopPostgres();
        return postgres();
    }

    /** The Kafka broker, started on first use; its log survives {@link #restartKafka()}. */
    KafkaBroker kafka() throws IOException {
        if (kafka == null) {
            if (kafkaPort == 0) {
                kafkaPort = ServiceProcess.freePort();
                controllerPort = ServiceProcess.freePort();
            }
            kafka = KafkaBroker.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        }
        return kafka;
    }

    /** Stops the broker; the next {@link #kafka()} starts it again on the same ports with the same log. */
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    KafkaBroker restartKafka() throws IOException {
        stopKafka();
        return kafka();
    }

    /**
     * Creates these topics (one partition) before any service starts, as schedule-service would: a service that
     * subscribes to a topic not yet there waits for the metadata to say it exists.
     */
    void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka().bootstrapServers()))) {
            admin.createTopics(java.util.Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList())
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Services started from now on use this Kafka cluster (say, brokers in their own JVMs) instead of {@link #kafka()}. */
    void useKafka(String bootstrapServers) {
        otherKafka = bootstrapServers;
    }

    /** Where the services' logs go (and any other process's the test starts). */
    Path logs() {
        return logs;
    }

    /** A scratch directory of this test, removed after it. */
    Path dir() {
        return dir;
    }

    /**
     * Starts a service JVM from its packaged jar on a free port; {@link ServiceProcess#awaitReady()} waits for it.
     *
     * @param service {@code schedule-service} or {@code notification-service}
     * @param env     more environment (ONSTAGE_*), besides the port, broker and database
     */
    ServiceProcess start(String service, String name, Map<String, String> env) throws IOException {
        return start(service, name, ServiceProcess.freePort(), env);
    }

    ServiceProcess start(String service, String name, int port, Map<String, String> env) throws IOException {
        String bootstrap = otherKafka != null ? otherKafka : kafka().bootstrapServers();
        ServiceProcess process = ServiceProcess.start(service, name, port, logs, bootstrap, postgres(), env);
        services.add(process);
        return process;
    }

    /** Closed after the test, before the services stop (clients, proxies, connections), last given first closed. */
    <T extends AutoCloseable> T closeAfter(T resource) {
        alsoClose.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Exception> failures = new ArrayList<>();
        while (!alsoClose.isEmpty()) {
            try {
                alsoClose.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        for (ServiceProcess service : services) {
            service.kill();
        }
        services.clear();
        stopKafka();
        stopPostgres();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
