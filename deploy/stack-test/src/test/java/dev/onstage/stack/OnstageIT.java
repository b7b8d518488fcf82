package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./onstage} as a newcomer would (on free ports, with its own data directory), uses both services,
 * kills one ({@code kill -9}) and checks that {@code ./onstage} starts it again, stops it with SIGTERM as Ctrl-C would,
 * and checks that nothing is left running.
 */
class OnstageIT {

    private static final Path ROOT = Path.of(System.getProperty("onstage.root", "../..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;

    private Process onstage;

    @AfterEach
    void killLeftovers() {
        if (onstage != null && onstage.isAlive()) {
            onstage.descendants().forEach(ProcessHandle::destroyForcibly);
            onstage.destroyForcibly();
        }
    }

    @Test
    void startsBothServicesOnRealInfrastructureRestartsOneThatDiesAndStopsWithoutLeftovers() throws Exception {
        int kafkaPort = freePortPair();
        int postgresPort = freePort();
        int schedulePort = freePort();
        int notificationPort = freePort();
        Path output = dataDir.resolve("onstage.out");
        onstage = start(output, "--data-dir", dataDir.resolve("data").toString(),
                "--kafka-port", String.valueOf(kafkaPort), "--postgres-port", String.valueOf(postgresPort),
                "--schedule-port", String.valueOf(schedulePort), "--notification-port", String.valueOf(notificationPort));

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!onstage.isAlive()) {
                throw new AssertionError("./onstage exited early:\n" + read(output));
            }
            return read(output).contains("ONSTAGE READY");
        });
        String banner = read(output);
        assertTrue(banner.contains("http://localhost:" + notificationPort + "/api/reminders"), banner);
        assertTrue(banner.contains("127.0.0.1:" + kafkaPort), banner);
        assertTrue(banner.contains("Organizer login      admin / "), banner);

        // The seed programme was loaded into the fresh database: 14 talks.
        HttpResponse<String> talks = get("http://localhost:" + schedulePort + "/api/talks");
        assertEquals(200, talks.statusCode(), talks.body());
        assertEquals(14, talks.body().split("\"sessionId\"").length - 1, talks.body());

        HttpResponse<String> attendee = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + notificationPort + "/api/attendees"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, attendee.statusCode(), attendee.body());
        assertTrue(attendee.body().contains("\"token\""), attendee.body());

        for (int port : List.of(schedulePort, notificationPort)) {
            HttpResponse<String> ready = get("http://localhost:" + port + "/q/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("SmallRye Reactive Messaging"), ready.body());
            assertTrue(ready.body().contains("Reactive PostgreSQL"), ready.body());
        }

        // Issue 15, item 11: PostgreSQL asks every connection for its password (kept in the data folder), and the
        // services' role is no superuser and cannot create roles.
        String database = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/onstage";
        for (String user : List.of("postgres", "onstage")) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(database, user, ""),
                    user + " got in without a password");
        }
        String servicesPassword = read(dataDir.resolve("data/database-password")).strip();
        try (Connection db = DriverManager.getConnection(database, "onstage", servicesPassword);
                ResultSet role = db.createStatement().executeQuery(
                        "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(role.next());
            assertFalse(role.getBoolean(1), "the services connect as a superuser");
            assertFalse(role.getBoolean(2), "the services' role may create roles");
        }

        // A service JVM that dies (kill -9, as the kernel's OOM killer would) is started again, with a message on the
        // console and in the logs; each service JVM also exits by itself when its heap runs out.
        String jar = "notification-service/target/quarkus-app/quarkus-run.jar";
        ProcessHandle notificationJvm = child(jar);
        assertTrue(notificationJvm.info().commandLine().orElse("").contains("-XX:+ExitOnOutOfMemoryError"),
                notificationJvm.info().commandLine().orElse("no command line"));
        assertTrue(notificationJvm.destroyForcibly(), "could not kill notification-service");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!onstage.isAlive()) {
                throw new AssertionError("./onstage exited after notification-service was killed:\n" + read(output));
            }
            return read(output).contains("==> notification-service is ready again (restart 1)");
        });
        String said = read(output);
        assertTrue(said.contains("==> notification-service exited (code 137); restarting in 1 s (restart 1)"), said);
        assertEquals(200, get("http://localhost:" + notificationPort + "/q/health/ready").statusCode());
        assertNotEquals(notificationJvm.pid(), child(jar).pid(), "the same notification-service process");
        Path logs = dataDir.resolve("data/logs");
        for (Path log : List.of(logs.resolve("notification-service.log"), logs.resolve("onstage.log"))) {
            assertTrue(read(log).contains("onstage: notification-service exited (code 137); restarting in 1 s"),
                    log + " does not say that notification-service was restarted");
        }

        List<ProcessHandle> children = new ArrayList<>(onstage.descendants().toList());
        assertTrue(children.size() >= 3, "expected Kafka and both services as child processes, saw " + children.size());

        onstage.destroy(); // SIGTERM, as Ctrl-C or a process manager would
        assertTrue(onstage.waitFor(90, TimeUnit.SECONDS), "./onstage did not stop within 90 s:\n" + read(output));
        for (ProcessHandle child : children) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        }
        for (int port : List.of(kafkaPort, kafkaPort + 1, postgresPort, schedulePort, notificationPort)) {
            assertFalse(listening(port), "port " + port + " still in use after ./onstage stopped");
        }
        assertFalse(Files.exists(dataDir.resolve("data/postgres/postmaster.pid")), "PostgreSQL still running");
        assertTrue(read(output).contains("Onstage stopped."), read(output));
        assertEquals(1, read(output).split("restarting in", -1).length - 1,
                "a restart while stopping:\n" + read(output));
    }

    @Test
    void portAlreadyTakenIsAClearErrorNotAHang() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path output = dataDir.resolve("onstage.out");
            onstage = start(output, "--data-dir", dataDir.resolve("data").toString(),
                    "--schedule-port", String.valueOf(taken.getLocalPort()),
                    "--kafka-port", String.valueOf(freePortPair()), "--postgres-port", String.valueOf(freePort()),
                    "--notification-port", String.valueOf(freePort()));
            assertTrue(onstage.waitFor(60, TimeUnit.SECONDS), "./onstage hung on a taken port:\n" + read(output));
            assertEquals(1, onstage.exitValue(), read(output));
            String said = read(output);
            assertTrue(said.contains("already in use") && said.contains("port " + taken.getLocalPort()), said);
        }
    }

    private Process start(Path output, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("./onstage", "--no-build"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // Embedded infrastructure, whatever the developer's shell points at.
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("ONSTAGE_DATABASE_URL");
        return builder.start();
    }

    /** The one process started by ./onstage whose command line names {@code what}. */
    private ProcessHandle child(String what) {
        List<ProcessHandle> found = onstage.descendants()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(what)).toList();
        assertEquals(1, found.size(), "processes running " + what + ": " + found);
        return found.get(0);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
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
            if (port < 65535 && !listening(port + 1)) {
                return port;
            }
        }
    }
}
