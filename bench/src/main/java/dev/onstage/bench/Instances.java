package dev.onstage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * notification-service instances started for a run ({@code --start-instances}), as ./onstage runs its own: the same
 * jar, JVM options, environment (Kafka, PostgreSQL, event loops) and priority as the process listening on
 * {@code --notification-url}'s port, with {@code -Xmx} from {@code --instance-heap}, their own HTTP port and limits
 * raised for about 20,000 streams. Each reads talk-events with its own consumer group, as every instance does.
 */
final class Instances implements AutoCloseable {

    /** Streams per instance: below the 20,000 open files a process may hold here, less what the JVM needs. */
    static final int MAX_STREAMS = 19_000;

    private final List<Process> processes = new ArrayList<>();
    private final List<URI> urls = new ArrayList<>();

    private Instances() {
    }

    static Instances start(BenchOptions o, PrintStream out) throws IOException, InterruptedException {
        long template = Target.listeningPid(o.notificationUrl.getPort()).orElseThrow(() -> new IllegalStateException(
                "no notification-service on " + o.notificationUrl + " to copy: start ./onstage first"));
        List<String> command = command(template, o.instanceHeap,
                o.instanceNice != null ? o.instanceNice : niceness(template));
        Map<String, String> environment = environment(template);
        Instances instances = new Instances();
        try {
            for (int i = 0; i < o.startInstances; i++) {
                int port = o.instancePort + i;
                if (Target.listeningPid(port).isPresent()) {
                    throw new IllegalStateException("port " + port + " is taken: pass another --instance-port");
                }
                Path log = Path.of(System.getProperty("java.io.tmpdir"), "onstage-fanout-instance-" + port + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
                builder.environment().put("ONSTAGE_REMINDERS_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(MAX_STREAMS));
                builder.environment().put("ONSTAGE_REMINDERS_MAX_STREAMS", String.valueOf(MAX_STREAMS));
                builder.environment().put("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS", String.valueOf(MAX_STREAMS + 500));
                instances.processes.add(builder.start());
                instances.urls.add(URI.create("http://127.0.0.1:" + port));
                out.printf("Starting notification-service instance %d on port %d (log %s): %s%n", i + 1, port, log,
                        String.join(" ", command));
            }
            long start = System.nanoTime();
            for (int i = 0; i < instances.urls.size(); i++) {
                awaitReady(instances.processes.get(i), instances.urls.get(i));
                out.printf(java.util.Locale.ROOT, "instance %d ready after %.0f s%n", i + 1,
                        (System.nanoTime() - start) / 1e9);
            }
            return instances;
        } catch (IOException | InterruptedException | RuntimeException e) {
            instances.close();
            throw e;
        }
    }

    List<URI> urls() {
        return List.copyOf(urls);
    }

    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** The template's command line with another -Xmx, under nice when {@code niceness} is above 0. */
    private static List<String> command(long pid, String heap, int niceness) throws IOException {
        String[] args = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8)
                .split("\0");
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(niceness)));
        }
        for (String arg : args) {
            if (!arg.startsWith("-Xmx")) {
                command.add(arg);
            }
            if (command.size() == (niceness > 0 ? 4 : 1)) { // right after the java command
                command.add("-Xmx" + heap);
            }
        }
        return command;
    }

    private static Map<String, String> environment(long pid) throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String entry : Files.readString(Path.of("/proc", String.valueOf(pid), "environ"), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environment;
    }

    /** Field 19 of /proc/PID/stat. */
    private static int niceness(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    private static void awaitReady(Process process, URI url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Not ready until it has read talk-events from the beginning: minutes on a busy machine with a long topic.
        Instant deadline = Instant.now().plusSeconds(900);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the instance on " + url + " exited: see its log");
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the instance on " + url + " was not ready within 900 s");
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
