package dev.onstage.stack;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.onstage.local.KafkaBroker;
import dev.onstage.local.LocalPostgres;

/** One service JVM started from its packaged jar, as in production, against the test's Kafka and PostgreSQL. */
final class ServiceProcess {

    static final Path ROOT = Path.of(System.getProperty("onstage.root", "../..")).toAbsolutePath().normalize();

    /**
     * More options for the service JVMs (system property {@code onstage.stack.service-jvm}, space separated): the
     * test command's {@code onstage.test.jvm}, the client compiler only, for a service that lives a minute or two.
     */
    private static final List<String> JVM_OPTIONS = java.util.Arrays.stream(
            System.getProperty("onstage.stack.service-jvm", "").trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();

    final String name;
    final int port;
    final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * @param service {@code schedule-service} or {@code notification-service}
     * @param env     more environment (ONSTAGE_*), besides the port, broker and database
     */
    static ServiceProcess start(String service, String name, int port, Path logDir, KafkaBroker kafka,
            LocalPostgres postgres, Map<String, String> env) throws IOException {
        return start(service, name, port, logDir, kafka.bootstrapServers(), postgres, env);
    }

    /** The same against any Kafka cluster, e.g. several brokers in their own JVMs. */
    static ServiceProcess start(String service, String name, int port, Path logDir, String kafkaBootstrapServers,
            LocalPostgres postgres, Map<String, String> env) throws IOException {
        Path jar = ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);
        environment.putAll(env);
        return new ServiceProcess(name, port, builder.start(), log);
    }

    /**
     * How long a service may take to become ready: two services starting at once on the shared 2-core machine under a
     * load of 30 took over 90 s (schedule-service in BadInputIT, 2 December).
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** Waits for /q/health/ready to say 200; fails at once, with the log, if the JVM exits. */
    ServiceProcess awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited:\n" + Files.readString(log));
                }
                return readiness() == 200;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> lines = readLines();
            throw new AssertionError(name + " not ready in " + READY_TIMEOUT.toSeconds() + " s; its log ends with:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
        }
        return this;
    }

    private List<String> readLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** The readiness status, or -1 when nothing answers. */
    int readiness() throws InterruptedException {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook runs, as when a node dies. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    /** target/stack-logs/{test}, emptied: the services' logs stay there for a look after a failure. */
    static Path logDir(Class<?> test) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "stack-logs", test.getSimpleName()));
        try (var old = Files.list(logs)) {
            for (Path log : old.toList()) {
                Files.delete(log);
            }
        }
        return logs;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
