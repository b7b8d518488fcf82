package dev.onstage.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * A server under test: notification-service, the Node.js peer or nginx + nchan (with its bridge). Answers its open
 * client count and its memory: RSS from {@code /proc/<pid>/status} (the pid is the process listening on the target's
 * port) and heap after a full GC ({@code jcmd <pid> GC.run} and {@code jvm_memory_used_bytes{area="heap"}} for the JVM;
 * {@code POST /gc} for node); see {@link Nchan} for nginx.
 */
abstract class Target {

    final String name;
    final URI url;
    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Long pid;

    /** Resident and heap bytes after a full GC; -1 when unknown. */
    record Memory(long rss, long heap) {
    }

    Target(String name, URI url) {
        this.name = name;
        this.url = url;
    }

    static Target of(String name, BenchOptions options) {
        return switch (name) {
            case "peer" -> new Peer(options.peerUrl);
            case "nchan" -> new Nchan(options.nchanUrl, options.bridgeUrl);
            default -> new NotificationService(options.notificationUrl);
        };
    }

    /** Open reminder streams (both transports). */
    abstract int clients() throws IOException, InterruptedException;

    /** Full GC, a moment to settle, then RSS and heap. */
    abstract Memory memoryAfterGc() throws IOException, InterruptedException;

    /** The process listening on the target's port; found through /proc (Linux), so it works for any server. */
    synchronized OptionalLong pid() {
        if (pid == null) {
            pid = listeningPid(url.getPort()).orElse(-1);
        }
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    long rss() {
        OptionalLong p = pid();
        if (p.isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.getAsLong()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time (user + system) the server process has used, in nanoseconds; -1 when unknown. */
    long cpuNanos() {
        OptionalLong p = pid();
        return p.isEmpty() ? -1 : CpuTime.ofProcess(p.getAsLong());
    }

    static OptionalLong listeningPid(int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ... inode (field 9); st 0A is LISTEN
                    if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                        inode = f[9];
                    }
                }
            } catch (IOException e) {
                return OptionalLong.empty();
            }
        }
        if (inode == null) {
            return OptionalLong.empty();
        }
        String socket = "socket:[" + inode + "]";
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (Long.parseLong(process.getFileName().toString()) == self) {
                    continue;
                }
                try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
                    if (fds.anyMatch(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().equals(socket);
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException | SecurityException e) {
                    // gone, or not ours to look at
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    protected String get(String path) throws IOException, InterruptedException {
        return ScheduleService.Http.get(http, url.resolve(path));
    }

    static final class NotificationService extends Target {

        NotificationService(URI url) {
            super("notification", url);
        }

        @Override
        int clients() throws IOException, InterruptedException {
            return (int) sum(get("/q/metrics"), "onstage_reminders_clients{");
        }

        @Override
        Memory memoryAfterGc() throws IOException, InterruptedException {
            OptionalLong p = pid();
            if (p.isEmpty()) {
                return new Memory(-1, -1);
            }
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process gc = new ProcessBuilder(Files.isExecutable(Path.of(jcmd)) ? jcmd : "jcmd",
                    String.valueOf(p.getAsLong()), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor();
            Thread.sleep(1000);
            long heap = (long) sum(get("/q/metrics"), "jvm_memory_used_bytes{area=\"heap\"");
            return new Memory(rss(), heap);
        }

        /** Sums the samples of a Prometheus metric whose line starts with {@code prefix}. */
        private static double sum(String metrics, String prefix) {
            double total = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith(prefix)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        }
    }

    static final class Peer extends Target {

        Peer(URI url) {
            super("peer", url);
        }

        @Override
        int clients() throws IOException, InterruptedException {
            JsonObject clients = new JsonObject(get("/stats")).getJsonObject("clients");
            return clients.getInteger("sse") + clients.getInteger("websocket");
        }

        @Override
        Memory memoryAfterGc() throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/gc"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1000);
            JsonObject stats = new JsonObject(response.body());
            return new Memory(rss(), stats.getLong("heapUsed"));
        }
    }
    /**
     * nginx + nchan. Its open subscribers come from {@code nchan_stub_status}. Its CPU is that of nginx's master and
     * workers and of the bridge from Kafka (bench/peer/bridge.js), which is part of nchan's delivery path. Its memory is
     * the PSS (proportional set size: shared memory counted once over the processes) of nginx's master and workers;
     * there is no heap to measure and no GC to run.
     */
    static final class Nchan extends Target {

        private final URI bridgeUrl;

        Nchan(URI url, URI bridgeUrl) {
            super("nchan", url);
            this.bridgeUrl = bridgeUrl;
        }

        @Override
        int clients() throws IOException, InterruptedException {
            for (String line : get("/nchan_status").split("\n")) {
                if (line.startsWith("subscribers:")) {
                    return Integer.parseInt(line.substring("subscribers:".length()).trim());
                }
            }
            throw new IOException("no subscribers line in nchan's status at " + url.resolve("/nchan_status"));
        }

        @Override
        Memory memoryAfterGc() throws IOException, InterruptedException {
            Thread.sleep(1000);
            return new Memory(rss(), -1);
        }

        /** The bridge's counts: events read, published, failed (bench/peer/bridge.js, GET /stats). */
        JsonObject bridgeStats() throws IOException, InterruptedException {
            return new JsonObject(ScheduleService.Http.get(http, bridgeUrl.resolve("/stats")));
        }

        /** PSS of nginx's master and workers together. */
        @Override
        long rss() {
            List<Long> pids = nginxPids();
            if (pids.isEmpty()) {
                return -1;
            }
            long total = 0;
            for (long p : pids) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p), "smaps_rollup"))) {
                        if (line.startsWith("Pss:")) {
                            total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    return -1;
                }
            }
            return total;
        }

        /** nginx's master and workers, and the bridge. */
        @Override
        long cpuNanos() {
            List<Long> pids = new java.util.ArrayList<>(nginxPids());
            OptionalLong bridge = listeningPid(bridgeUrl.getPort());
            if (pids.isEmpty() || bridge.isEmpty()) {
                return -1;
            }
            pids.add(bridge.getAsLong());
            long total = 0;
            for (long p : pids) {
                long cpu = CpuTime.ofProcess(p);
                if (cpu < 0) {
                    return -1;
                }
                total += cpu;
            }
            return total;
        }

        /** The master (the parent of the process listening on the port, when that is a worker) and its children. */
        private List<Long> nginxPids() {
            OptionalLong listening = pid();
            if (listening.isEmpty()) {
                return List.of();
            }
            long master = listening.getAsLong();
            long parent = parent(master);
            if (parent > 1 && "nginx".equals(command(parent))) {
                master = parent;
            }
            List<Long> pids = new java.util.ArrayList<>(List.of(master));
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long p = Long.parseLong(process.getFileName().toString());
                    if (p != master && parent(p) == master) {
                        pids.add(p);
                    }
                }
            } catch (IOException e) {
                return List.of();
            }
            return pids;
        }

        private static long parent(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static String command(long pid) {
            try {
                return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
            } catch (IOException e) {
                return "";
            }
        }
    }
}
