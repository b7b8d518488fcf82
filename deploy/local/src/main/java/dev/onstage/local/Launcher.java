package dev.onstage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts the whole Onstage stack on one machine: a Kafka broker in its own JVM, PostgreSQL, and both
 * services, each in its own process. Ctrl-C (or SIGTERM) stops all of them. Run through ./onstage, which also
 * holds the usage text.
 */
public final class Launcher {


    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration KAFKA_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Options options;
    private final Path logDir;
    /** What is running, in start order; stopped in reverse. */
    private final List<Running> running = new ArrayList<>();
    private boolean stopped;

    private Launcher(Options options) {
        this.options = options;
        this.logDir = options.dataDir.resolve("logs");
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("onstage: " + e.getMessage() + " (see ./onstage --help)");
            System.exit(2);
            return;
        }
        Launcher launcher = new Launcher(options);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "onstage-stop"));
        try {
            launcher.start();
            launcher.watch();
        } catch (StartFailure e) {
            System.err.println("\nonstage: " + e.getMessage());
            launcher.stop();
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("\nonstage: unexpected failure while starting: " + e);
            launcher.stop();
            System.exit(1);
        }
    }

    private void start() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new StartFailure("cannot create " + logDir + ": " + e.getMessage());
        }
        checkPortsFree();
        String adminPassword = adminPassword();

        Database database = options.externalDatabaseUrl != null ? externalDatabase() : embeddedDatabase();
        String bootstrap = options.externalKafka != null ? externalKafka() : embeddedKafka();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl);
        common.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.jdbcUrl.substring("jdbc:".length()));
        common.put("QUARKUS_DATASOURCE_USERNAME", database.user);
        common.put("QUARKUS_DATASOURCE_PASSWORD", database.password);
        String schedule = "http://localhost:" + options.schedulePort;
        String notification = "http://localhost:" + options.notificationPort;

        Map<String, String> scheduleEnv = new LinkedHashMap<>(common);
        scheduleEnv.put("ONSTAGE_ADMIN_USER", options.adminUser);
        scheduleEnv.put("ONSTAGE_ADMIN_PASSWORD", adminPassword);
        if (!options.realtime) {
            scheduleEnv.put("ONSTAGE_CLOCK_MODE", "replay");
            scheduleEnv.put("ONSTAGE_CLOCK_REPLAY_FROM", options.replayFrom);
            scheduleEnv.put("ONSTAGE_CLOCK_SPEED", String.valueOf(options.speed));
            scheduleEnv.put("ONSTAGE_CLOCK_RESTART_ON_START", "true");
        }
        Map<String, String> notificationEnv = new LinkedHashMap<>(common);
        // The web page, served by notification-service, reads the programme from schedule-service.
        notificationEnv.put("ONSTAGE_WEB_SCHEDULE_URL", schedule);

        Running scheduleService = startService("schedule-service", options.schedulePort, scheduleEnv);
        Running notificationService = startService("notification-service", options.notificationPort,
                notificationEnv);
        awaitReady(scheduleService, options.schedulePort);
        awaitReady(notificationService, options.notificationPort);

        System.out.printf("""

                Onstage is running.
                  Web page             %2$s/
                  Reminders (SSE)      %2$s/api/reminders   (WebSocket: ws://localhost:%10$d/ws/reminders)
                  Programme            %1$s/api/talks   (on stage now: %1$s/api/now)
                  API docs             %1$s/q/swagger-ui   %2$s/q/swagger-ui
                  Health               %1$s/q/health   %2$s/q/health
                  Metrics              %1$s/q/metrics   %2$s/q/metrics
                  Kafka bootstrap      %3$s   (topics: talk-events, programme)
                  PostgreSQL           %4$s   (user %5$s)
                  Clock                %9$s   (%1$s/api/clock)
                  Talk events (docs)   %1$s/asyncapi.yaml
                  Organizer login      %6$s / %7$s
                  Logs                 %8$s
                Press Ctrl-C to stop.
                """, schedule, notification, bootstrap, database.jdbcUrl, database.user, options.adminUser,
                adminPassword, logDir, options.realtime ? "real time"
                        : "replaying from " + options.replayFrom + " at " + options.speed + "x",
                options.notificationPort);
        System.out.println("ONSTAGE READY");
    }

    /** Blocks until one of the processes ends; if that was not our own stop, it is a failure. */
    private void watch() {
        List<Running> processes = running.stream().filter(r -> r.process != null).toList();
        CompletableFuture<?>[] exits = processes.stream().map(r -> r.process.onExit()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get();
        } catch (InterruptedException | ExecutionException e) {
            return;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        Running dead = processes.stream().filter(r -> !r.process.isAlive()).findFirst().orElseThrow();
        throw new StartFailure(dead.name + " exited unexpectedly with code " + dead.process.exitValue() + ". Its log, "
                + dead.log + ", ends with:\n" + tail(dead.log));
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (options.externalKafka == null) {
            ports.put("Kafka (--kafka-port)", options.kafkaPort);
            ports.put("Kafka controller (--kafka-port + 1)", options.kafkaPort + 1);
        }
        if (options.externalDatabaseUrl == null) {
            ports.put("PostgreSQL (--postgres-port)", options.postgresPort);
        }
        ports.put("schedule-service (--schedule-port)", options.schedulePort);
        ports.put("notification-service (--notification-port)", options.notificationPort);
        List<String> taken = new ArrayList<>();
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                taken.add("  port " + port + " for " + what);
            }
        });
        if (!taken.isEmpty()) {
            throw new StartFailure("these ports are already in use:\n" + String.join("\n", taken)
                    + "\nStop what uses them (is another ./onstage running?) or choose other ports, e.g."
                    + " ./onstage --kafka-port 19092 --schedule-port 18081 (see ./onstage --help).");
        }
    }

    private String adminPassword() {
        if (options.adminPassword != null) {
            return options.adminPassword;
        }
        Path file = options.dataDir.resolve("admin-password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            SecureRandom random = new SecureRandom();
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                password.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Files.writeString(file, password + "\n");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return password.toString();
        } catch (IOException e) {
            throw new StartFailure("cannot keep the generated admin password in " + file + ": " + e.getMessage());
        }
    }

    private Database embeddedDatabase() {
        step("Starting PostgreSQL on 127.0.0.1:" + options.postgresPort);
        try {
            LocalPostgres postgres = LocalPostgres.start(options.dataDir.resolve("postgres"), options.postgresPort);
            running.add(new Running("PostgreSQL", null, postgres));
            return new Database(postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
        } catch (RuntimeException e) {
            throw new StartFailure("PostgreSQL did not start: " + KafkaBroker.rootMessage(e)
                    + "\nIf an earlier run was killed, a stale postgres may still hold its data directory: "
                    + "look for it with 'pgrep -a postgres'.");
        }
    }

    private Database externalDatabase() {
        step("Using the PostgreSQL at " + options.externalDatabaseUrl);
        if (!options.externalDatabaseUrl.startsWith("jdbc:postgresql://")) {
            throw new StartFailure("ONSTAGE_DATABASE_URL must look like jdbc:postgresql://host:5432/onstage, not "
                    + options.externalDatabaseUrl);
        }
        DriverManager.setLoginTimeout(10);
        try (var connection = DriverManager.getConnection(options.externalDatabaseUrl, options.databaseUser,
                options.databasePassword)) {
            connection.isValid(5);
        } catch (Exception e) {
            throw new StartFailure("cannot connect to ONSTAGE_DATABASE_URL " + options.externalDatabaseUrl + " as "
                    + options.databaseUser + ": " + e.getMessage());
        }
        return new Database(options.externalDatabaseUrl, options.databaseUser, options.databasePassword);
    }

    private String embeddedKafka() {
        step("Starting Kafka on 127.0.0.1:" + options.kafkaPort);
        Path log = logDir.resolve("kafka.log");
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                KafkaBroker.class.getName(),
                options.dataDir.resolve("kafka").toAbsolutePath().toString(),
                String.valueOf(options.kafkaPort), String.valueOf(options.kafkaPort + 1))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Running kafka = startProcess("Kafka", builder, log);
        Instant deadline = Instant.now().plus(KAFKA_START_TIMEOUT);
        while (true) {
            if (readLog(log).contains("KAFKA READY")) {
                return "127.0.0.1:" + options.kafkaPort;
            }
            if (!kafka.process.isAlive()) {
                throw new StartFailure("the Kafka broker exited while starting. Its log, " + log + ", ends with:\n"
                        + tail(log));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartFailure("the Kafka broker did not come up in " + KAFKA_START_TIMEOUT.toSeconds()
                        + " s. Its log, " + log + ", ends with:\n" + tail(log));
            }
            pause();
        }
    }

    private String externalKafka() {
        step("Using the Kafka cluster at " + options.externalKafka);
        Map<String, Object> config = Map.of("bootstrap.servers", options.externalKafka,
                "request.timeout.ms", 10_000, "default.api.timeout.ms", 10_000);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StartFailure("cannot reach the Kafka cluster at KAFKA_BOOTSTRAP_SERVERS=" + options.externalKafka
                    + " within 15 s: " + KafkaBroker.rootMessage(e));
        }
        return options.externalKafka;
    }

    private Running startService(String name, int port, Map<String, String> environment) {
        Path jar = options.root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StartFailure(jar + " is missing: build first with ./onstage --rebuild (or ./mvnw package -DskipTests).");
        }
        step("Starting " + name + " on port " + port);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return startProcess(name, builder, log);
    }

    private void awaitReady(Running service, int port) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(SERVICE_START_TIMEOUT);
        String lastAnswer = "no answer yet";
        while (true) {
            if (!service.process.isAlive()) {
                throw new StartFailure(service.name + " exited while starting. Its log, " + service.log
                        + ", ends with:\n" + tail(service.log));
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartFailure(service.name + " was not ready within " + SERVICE_START_TIMEOUT.toSeconds()
                        + " s. Its readiness said: " + lastAnswer + "\nIts log, " + service.log + ", ends with:\n"
                        + tail(service.log));
            }
            pause();
        }
    }

    private Running startProcess(String name, ProcessBuilder builder, Path log) {
        try {
            Running process = new Running(name, log, builder.start());
            running.add(process);
            return process;
        } catch (IOException e) {
            throw new StartFailure("cannot start " + name + ": " + e.getMessage());
        }
    }

    /** Stops everything that was started, newest first. Safe to call twice (failure, then shutdown hook). */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).stop();
        }
        if (!running.isEmpty()) {
            System.out.println("Onstage stopped.");
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void step(String message) {
        System.out.println("==> " + message);
    }

    private static void pause() {
        try {
            Thread.sleep(250); // polling a child process or an HTTP port; nothing to be notified by
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted");
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        List<String> lines = readLog(log).lines().toList();
        return "    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }

    private record Database(String jdbcUrl, String user, String password) {
    }

    /** A process we started (or the in-process PostgreSQL), and how to stop it. */
    private record Running(String name, Path log, Process process, AutoCloseable closeable) {
        Running(String name, Path log, Process process) {
            this(name, log, process, null);
        }

        Running(String name, Path log, AutoCloseable closeable) {
            this(name, log, null, closeable);
        }

        void stop() {
            try {
                if (closeable != null) {
                    closeable.close();
                    return;
                }
                process.destroy(); // SIGTERM: graceful shutdown
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    System.err.println(name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s: killing it");
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + name + ": " + e);
            }
        }
    }

    private static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }
}
