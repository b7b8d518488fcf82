package dev.onstage.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
