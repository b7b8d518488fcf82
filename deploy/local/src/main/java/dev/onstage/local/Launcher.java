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
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Starts the whole Onstage stack on one machine: a Kafka broker in its own JVM, PostgreSQL, and both
 * services, each in its own process. Once all are up, whatever of them dies is started again after a {@link Backoff},
 * saying so on the console, in its own log and in logs/onstage.log. Ctrl-C (or SIGTERM) stops all of them. Run
 * through ./onstage, which also holds the usage text.
 */
public final class Launcher {


    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration KAFKA_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Each JVM we start exits when it runs out of memory, rather than going on half dead, and is started again. */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
    /** The nice command, where there is one. */
    private static final Optional<Path> NICE = Stream.of("/usr/bin/nice", "/bin/nice").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    private final Options options;
    private final Path logDir;
    /** What is running, in start order; stopped in reverse. */
    private final List<Running> running = new ArrayList<>();
    private boolean stopped;
    /** Counted down when everything is being stopped: ends the waits of the supervisors and of main. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    private Launcher(Options options) {
        this.options = options;
        this.logDir = options.dataDir.resolve("logs");
    }

    public static void main(String[] args) {
        // Starting PostgreSQL again after it died first closes zonky's old instance, whose "pg_ctl stop" then fails
        // and would be logged with a stack trace; that is expected, and a failed start is reported anyway.
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "off");
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
            launcher.supervise();
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
        // Web Push: the VAPID keys are generated once into the data folder and kept, like the organizer's password;
        // keys given in ONSTAGE_PUSH_VAPID_PUBLIC_KEY / _PRIVATE_KEY win (docs/reminders.md, "Web Push").
        notificationEnv.put("ONSTAGE_PUSH_VAPID_KEY_FILE",
                options.dataDir.resolve("vapid-keys.properties").toAbsolutePath().toString());
        // Everything shares this machine's cores: the fan-out gets one fewer event loop than there are cores, so that
        // a burst to thousands of clients cannot hold every core while the clock must publish (docs/scaling.md).
        if (System.getenv("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE") == null) {
            notificationEnv.put("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", String.valueOf(
                    Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
        }

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

    /**
     * From now on, whatever dies is started again, each on its own thread; blocks until everything is being stopped.
     */
    private void supervise() {
        List<Running> supervised;
        synchronized (this) {
            supervised = List.copyOf(running);
        }
        for (Running r : supervised) {
            Thread thread = new Thread(() -> supervise(r), "onstage-supervise-" + r.name);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code r} to die, starts it again after the backoff, waits until it is ready; again and again. */
    private void supervise(Running r) {
        Backoff backoff = new Backoff();
        int restarts = 0;
        String why = null;
        while (true) {
            if (why == null) {
                Started started = r.current;
                started.handle().onExit().join();
                // Ctrl-C reaches the children too, and they may exit before the shutdown hook says we are stopping.
                if (waitUnlessStopping(Duration.ofMillis(300))) {
                    return;
                }
                why = r.name + " exited"
                        + (started.process() != null ? " (code " + started.process().exitValue() + ")" : "");
            }
            restarts++;
            Duration delay = backoff.after(Duration.between(r.startedAt, Instant.now()));
            announce(r, why + "; restarting in " + delay.toSeconds() + " s (restart " + restarts + ")");
            if (waitUnlessStopping(delay)) {
                return;
            }
            try {
                if (!r.startAgain()) {
                    return; // we are stopping
                }
            } catch (Exception e) {
                why = r.name + " could not be started again: " + KafkaBroker.rootMessage(e);
                r.startedAt = Instant.now(); // it did not stay up: the next wait is longer
                continue;
            }
            why = null;
            if (awaitReadyAgain(r)) {
                announce(r, r.name + " is ready again (restart " + restarts + ")");
            }
        }
    }

    /** True when ready; false when it died first (the supervisor then restarts it) or we are stopping. */
    private boolean awaitReadyAgain(Running r) {
        Started started = r.current;
        while (started.handle().isAlive()) {
            if (started.ready().getAsBoolean()) {
                return true;
            }
            if (waitUnlessStopping(Duration.ofMillis(500))) {
                return false;
            }
        }
        return false;
    }

    /** Waits, unless everything is being stopped: then returns true at once. */
    private boolean waitUnlessStopping(Duration time) {
        try {
            return stopping.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Says it on the console, in the process's own log and in logs/onstage.log. */
    private void announce(Running r, String message) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            step(message);
        }
        String stamped = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " onstage: " + message + "\n";
        Path own = logDir.resolve("onstage.log");
        for (Path log : r.log != null ? List.of(r.log, own) : List.of(own)) {
            try {
                Files.writeString(log, stamped, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("onstage: cannot write to " + log + ": " + e.getMessage());
            }
        }
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
            return KeptSecret.in(file);
        } catch (IOException e) {
            throw new StartFailure("cannot keep the generated admin password in " + file + ": " + e.getMessage());
        }
    }

    private Database embeddedDatabase() {
        step("Starting PostgreSQL on 127.0.0.1:" + options.postgresPort);
        Path dataDir = options.dataDir.resolve("postgres");
        LocalPostgres.Passwords passwords = databasePasswords();
        Starter starter = again -> {
            LocalPostgres postgres = LocalPostgres.start(dataDir, options.postgresPort, passwords);
            ProcessHandle postmaster = postgres.postmaster(dataDir).orElseThrow(
                    () -> new IllegalStateException("PostgreSQL started, but its postmaster.pid names no process"));
            return new Started(null, postmaster, postgres, () -> true);
        };
        try {
            start("PostgreSQL", null, starter);
            return new Database("jdbc:postgresql://127.0.0.1:" + options.postgresPort + "/" + LocalPostgres.DATABASE,
                    LocalPostgres.USER, passwords.services());
        } catch (RuntimeException e) {
            throw new StartFailure("PostgreSQL did not start: " + KafkaBroker.rootMessage(e)
                    + "\nIf an earlier run was killed, a stale postgres may still hold its data directory: "
                    + "look for it with 'pgrep -a postgres'.");
        }
    }

    /**
     * The embedded PostgreSQL asks every connection for a password: the superuser's and the services' role's are
     * generated once and kept in the data folder, like the organizer's.
     */
    private LocalPostgres.Passwords databasePasswords() {
        try {
            Path superuserFile = options.dataDir.resolve("database-superuser-password");
            return new LocalPostgres.Passwords(KeptSecret.in(superuserFile), superuserFile,
                    KeptSecret.in(options.dataDir.resolve("database-password")));
        } catch (IOException e) {
            throw new StartFailure("cannot keep the generated database passwords in " + options.dataDir + ": "
                    + e.getMessage());
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
        Starter starter = again -> {
            long before = again && Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx512m", EXIT_ON_OOM,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"),
                    KafkaBroker.class.getName(),
                    options.dataDir.resolve("kafka").toAbsolutePath().toString(),
                    String.valueOf(options.kafkaPort), String.valueOf(options.kafkaPort + 1))
                    .redirectErrorStream(true)
                    .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            return Started.of(builder.start(), () -> readLog(log, before).contains("KAFKA READY"));
        };
        Running kafka = start("Kafka", log, starter);
        Instant deadline = Instant.now().plus(KAFKA_START_TIMEOUT);
        while (true) {
            if (kafka.current.ready().getAsBoolean()) {
                return "127.0.0.1:" + options.kafkaPort;
            }
            if (!kafka.current.handle().isAlive()) {
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
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx384m", EXIT_ON_OOM));
        if (name.equals("notification-service")) {
            command.addAll(options.notificationJavaOptions); // later options win: -Xmx, the collector
        }
        command.addAll(List.of("-jar", jar.toString()));
        if (name.equals("notification-service") && NICE.isPresent() && options.notificationNice > 0) {
            // At a lower priority: the clock, Kafka and PostgreSQL go first when they need a core (docs/scaling.md).
            command.addAll(0, List.of(NICE.get().toString(), "-n", String.valueOf(options.notificationNice)));
        }
        Starter starter = again -> {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            if (again && environment.containsKey("ONSTAGE_CLOCK_RESTART_ON_START")) {
                // Started again after a crash: the replay goes on from the stored clock instead of beginning anew.
                builder.environment().put("ONSTAGE_CLOCK_RESTART_ON_START", "false");
            }
            return Started.of(builder.start(), () -> ready(port).statusCode() == 200);
        };
        return start(name, log, starter);
    }

    /** One look at a service's readiness: its status and body, or 0 and why there was no answer. */
    private static Answer ready(int port) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    private record Answer(int statusCode, String body) {
    }

    private void awaitReady(Running service, int port) {
        Instant deadline = Instant.now().plus(SERVICE_START_TIMEOUT);
        String lastAnswer = "no answer yet";
        while (true) {
            if (!service.current.handle().isAlive()) {
                throw new StartFailure(service.name + " exited while starting. Its log, " + service.log
                        + ", ends with:\n" + tail(service.log));
            }
            Answer answer = ready(port);
            if (answer.statusCode() == 200) {
                return;
            }
            lastAnswer = answer.statusCode() == 0 ? answer.body() : answer.statusCode() + " " + answer.body();
            if (Thread.currentThread().isInterrupted()) {
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

    /** Starts something for the first time; from then on it is stopped with the rest and restarted when it dies. */
    private Running start(String name, Path log, Starter starter) {
        Running r = new Running(name, log, starter);
        try {
            r.current = starter.start(false);
        } catch (IOException e) {
            throw new StartFailure("cannot start " + name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        r.startedAt = Instant.now();
        synchronized (this) {
            running.add(r);
        }
        return r;
    }

    /** Stops everything that was started, newest first. Safe to call twice (failure, then shutdown hook). */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopping.countDown();
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
        return readLog(log, 0);
    }

    /** The log from byte {@code offset} on (what a process started again wrote). */
    private static String readLog(Path log, long offset) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
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

    /** Starts what a {@link Running} runs: the first time, or again after it died ({@code again}). */
    @FunctionalInterface
    private interface Starter {
        Started start(boolean again) throws Exception;
    }

    /**
     * One run: the process (a child JVM: with its exit code), the handle that tells when it dies, what stops it if not
     * a SIGTERM to the process (PostgreSQL, whose postmaster is no child of ours), and whether it is ready.
     */
    private record Started(Process process, ProcessHandle handle, AutoCloseable closeable, BooleanSupplier ready) {
        static Started of(Process process, BooleanSupplier ready) {
            return new Started(process, process.toHandle(), null, ready);
        }
    }

    /** Something we started (a JVM, or PostgreSQL through zonky), how to start it again and how to stop it. */
    private final class Running {
        final String name;
        final Path log;
        final Starter starter;
        volatile Started current;
        volatile Instant startedAt;

        Running(String name, Path log, Starter starter) {
            this.name = name;
            this.log = log;
            this.starter = starter;
        }

        /** Starts it again after it died; false (and nothing running) when everything is being stopped meanwhile. */
        boolean startAgain() throws Exception {
            Started old = current;
            if (old.closeable() != null) {
                try {
                    old.closeable().close(); // PostgreSQL: releases zonky's lock on the data directory
                } catch (Exception e) {
                    // it is dead already; what matters is that its resources are let go
                }
            }
            synchronized (Launcher.this) {
                if (stopped) {
                    return false;
                }
                if (old.closeable() == null) { // a JVM: starting it takes no time, under the lock stop() takes
                    current = starter.start(true);
                    startedAt = Instant.now();
                    return true;
                }
            }
            Started fresh = starter.start(true); // PostgreSQL: seconds, not under the lock
            synchronized (Launcher.this) {
                current = fresh;
                startedAt = Instant.now();
                if (stopped) {
                    stop(fresh);
                    return false;
                }
                return true;
            }
        }

        void stop() {
            stop(current);
        }

        private void stop(Started started) {
            try {
                if (started.closeable() != null) {
                    started.closeable().close();
                    return;
                }
                Process process = started.process();
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
