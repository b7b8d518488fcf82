package dev.onstage.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.onstage.local.KafkaBroker;
import dev.onstage.local.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Test resource for the services: a real Kafka broker and a real PostgreSQL on free ports, started once per
 * test JVM, and the configuration that points the service at them.
 */
public class RealKafkaAndPostgres implements QuarkusTestResourceLifecycleManager {

    private LocalPostgres postgres;
    private KafkaBroker kafka;
    private Path kafkaDir;

    @Override
    public Map<String, String> start() {
        try {
            postgres = LocalPostgres.start(null, 0);
            kafkaDir = Files.createTempDirectory("onstage-test-kafka");
            kafka = KafkaBroker.start(kafkaDir, freePort(), freePort());
            createEventTopics(kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.username", LocalPostgres.USER,
                "quarkus.datasource.password", LocalPostgres.PASSWORD);
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (kafkaDir != null) {
            try (var files = Files.walk(kafkaDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * talk-events and its dead letters, as schedule-service creates them (one partition), and the compacted programme
     * topic (which notification-service reads to know the talks), before the service starts:
     * otherwise notification-service's consumer subscribes to a topic that a test's first record creates, and is only
     * assigned it some time later, which made a test wait past its limit for the first events.
     */
    private static void createEventTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("talk-events", 1, (short) 1),
                    new NewTopic("talk-events-dlq", 1, (short) 1),
                    new NewTopic("programme", 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the talk-events topics", e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the talk-events topics", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
