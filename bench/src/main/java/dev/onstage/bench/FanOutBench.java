package dev.onstage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.onstage.bench.Deliveries.Transport;
import io.vertx.core.json.JsonObject;

/**
 * The reminder fan-out benchmark (issue 7; docs/benchmarks.md). For each subscriber count and target
 * (notification-service, the Node.js peer, nginx + nchan): opens the subscribers and measures the connection set-up
 * rate and the memory per idle connection, replays the synthetic programme at high speed, measures the latency of
 * every delivered reminder from its due instant to its receipt and the delivered messages per second, checks that
 * each subscriber got every event its filter matches exactly once, and closes the subscribers. Prints a table and
 * appends to a CSV.
 */
public final class FanOutBench {

    private static final Duration CLIENTS_GONE_TIMEOUT = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final PrintStream out;

    public FanOutBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fanout: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        try {
            if (options.worker >= 0) {
                Worker.main(options);
                System.exit(0);
            }
            List<RunResult> results = new FanOutBench(options, System.out).run();
            System.exit(results.stream().allMatch(r -> r.failures().isEmpty()) ? 0 : 1);
        } catch (Exception e) {
            System.err.println("fanout: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs every subscriber count against every target, one after the other; answers the results. */
    public List<RunResult> run() throws Exception {
        BenchOptions o = options;
        SyntheticProgramme programme = SyntheticProgramme.fanOut(o.talkCount(), o.rooms, o.slotMinutes);
        EventModel model = new EventModel(programme);
        ScheduleService schedule = new ScheduleService(o.scheduleUrl, o.adminUser, o.password());
        double span = Duration.between(model.firstDue(), model.lastDue()).toMillis() / 1000.0 / o.speed;
        out.printf(Locale.ROOT, "Programme: %d talks in %d rooms (one per room every %d min), %d events over %.1f s of "
                + "wall time at %.0fx%n", programme.talks().size(), o.rooms, o.slotMinutes, model.size(), span, o.speed);

        schedule.park(); // nothing flows while we import and connect (./onstage replays the seed programme)
        long importStart = System.nanoTime();
        JsonObject report = schedule.importProgramme(programme.c3voc());
        out.printf(Locale.ROOT, "Imported in %.1f s: %s%n", (System.nanoTime() - importStart) / 1e9, report.encode());
        // A re-import of another size announces moves and cancellations: let them go out before anyone listens.
        Thread.sleep(2000);
        schedule.park();

        if (o.split()) {
            try {
                RunResult result = new SplitRun(o, out).run(programme, model, schedule);
                appendCsv(result);
                printTable(List.of(result));
                return List.of(result);
            } finally {
                schedule.park();
            }
        }
        List<RunResult> results = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        int maxConnections = Math.max(o.warmup, o.subscribers.stream().mapToInt(Integer::intValue).max().orElse(1)) + 16;
        Set<String> startedTargets = new HashSet<>();
        Set<String> warmedUp = new HashSet<>();
        try (LoadGenerator load = new LoadGenerator(o.clientThreads, maxConnections)) {
            for (int n : o.subscribers) {
                for (String targetName : o.targets) {
                    // Started just before their first run, so that they take nothing from the targets before them.
                    if (targetName.equals("peer") && o.startPeer && startedTargets.add(targetName)) {
                        started.add(0, startPeer());
                    } else if (targetName.equals("nchan") && o.startNchan && startedTargets.add(targetName)) {
                        started.addAll(0, startNchan());
                    }
                    Target target = Target.of(targetName, o);
                    if (o.warmup > 0 && warmedUp.add(targetName)) {
                        out.printf(Locale.ROOT, "%nWarm-up of %s (not counted):", targetName);
                        runOne(target, o.warmup, programme, model, schedule, load);
                    }
                    RunResult result = runOne(target, n, programme, model, schedule, load);
                    results.add(result);
                    appendCsv(result);
                }
            }
        } finally {
            schedule.park();
            for (Process p : started) { // the bridge before nginx
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        printTable(results);
        return results;
    }

    private RunResult runOne(Target target, int n, SyntheticProgramme programme, EventModel model,
            ScheduleService schedule, LoadGenerator load) throws Exception {
        BenchOptions o = options;
        List<Subscriber> subscribers = subscribers(o, n, programme, model, target instanceof Target.Nchan);
        awaitClients(target, 0);
        String loadAverage = loadAverage();
        out.printf(Locale.ROOT, "%n== %s, %d subscribers (%d WebSocket, %d SSE); load average %s%n", target.name, n,
                subscribers.stream().filter(s -> s.transport == Transport.WEBSOCKET).count(),
                subscribers.stream().filter(s -> s.transport == Transport.SSE).count(), loadAverage);

        Target.Memory idle0 = o.memory ? target.memoryAfterGc() : new Target.Memory(-1, -1);
        long connectStart = System.nanoTime();
        int failed = load.connect(target.url, subscribers, o.connectConcurrency).get();
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        List<String> failures = new ArrayList<>();
        subscribers.stream().filter(s -> !s.isSubscribed()).limit(3)
                .forEach(s -> failures.add("subscriber " + s.number + " (" + s.transport + "): " + s.check().failure()));
        out.printf(Locale.ROOT, "connected %d in %.2f s (%d failed)%n", n - failed, connectSeconds, failed);
        Thread.sleep(2000);
        Target.Memory idleN = o.memory ? target.memoryAfterGc() : new Target.Memory(-1, -1);
        if (o.memory) {
            out.printf(Locale.ROOT, "memory: RSS %.1f -> %.1f MiB, heap %.1f -> %.1f MiB%n", idle0.rss() / 1048576.0,
                    idleN.rss() / 1048576.0, idle0.heap() / 1048576.0, idleN.heap() / 1048576.0);
        }

        Deliveries deliveries = new Deliveries();
        subscribers.forEach(s -> s.startRun(deliveries));
        long expectedDeliveries = subscribers.stream().filter(Subscriber::isSubscribed)
                .mapToLong(Subscriber::expectedCount).sum();
        TreeMap<Double, Double> latenessBefore = schedule.latenessBuckets();
        long serverCpu0 = target.cpuNanos();
        JsonObject bridge0 = target instanceof Target.Nchan nchan ? nchan.bridgeStats() : null;
        long selfCpu0 = CpuTime.self();
        long machine0 = CpuTime.machineBusy();
        long wall0 = System.nanoTime();
        Instant replayFrom = model.firstDue().minusMillis((long) (o.leadIn * o.speed * 1000));
        ScheduleService.Clock clock = schedule.replay(replayFrom, o.speed);
        deliveries.clockSet(model, clock.replayFrom(), clock.startedAt(), clock.speed());
        long firstDueWall = wallNanos(clock, model.firstDue());
        long lastDueWall = wallNanos(clock, model.lastDue());
        long deadline = lastDueWall + (long) (o.drain * 1e9);
        out.printf(Locale.ROOT, "replaying run %d; %d deliveries expected over %.1f s%n", clock.run(),
                expectedDeliveries, (lastDueWall - deliveries.wallNanos()) / 1e9);
        while (deliveries.firstDeliveries.get() < expectedDeliveries && deliveries.wallNanos() < deadline) {
            Thread.sleep(100);
        }
        double serverCpu = serverCpu0 < 0 ? Double.NaN : (target.cpuNanos() - serverCpu0) / 1e9;
        double selfCpu = (CpuTime.self() - selfCpu0) / 1e9;
        double elapsed = (System.nanoTime() - wall0) / 1e9;
        double busyCores = machine0 < 0 ? Double.NaN : (CpuTime.machineBusy() - machine0) / 1e9 / elapsed;
        // Everything else: Kafka, schedule-service, PostgreSQL, and whatever else runs on the machine meanwhile.
        double otherCores = busyCores - ((Double.isNaN(serverCpu) ? 0 : serverCpu) + selfCpu) / elapsed;
        // The last events' lateness is recorded once the broker has acknowledged them.
        Thread.sleep(Math.max(0, Math.min(2000, (lastDueWall + 1_000_000_000L - deliveries.wallNanos()) / 1_000_000)));
        TreeMap<Double, Double> latenessAfter = schedule.latenessBuckets();
        schedule.park();

        int dropped = (int) subscribers.stream().filter(Subscriber::closedByServer).count();
        long delivered = 0;
        long missing = 0;
        long duplicates = 0;
        long unexpected = 0;
        for (Subscriber s : subscribers) {
            if (!s.isSubscribed()) {
                continue;
            }
            Subscriber.Check check = s.check();
            delivered += check.delivered();
            missing += check.missing();
            duplicates += check.duplicates();
            unexpected += check.unexpected();
            if ((check.missing() > 0 || check.duplicates() > 0 || check.unexpected() > 0) && failures.size() < 6) {
                failures.add("subscriber " + s.number + " (" + s.transport + ", rooms " + s.rooms + ", talks " + s.talks
                        + "): " + check);
            }
        }
        if (dropped > 0) {
            failures.add(dropped + " connections closed by the server during the run");
        }
        load.closeAll(subscribers);

        int[] all = deliveries.latenciesMicros(null);
        int[] ws = deliveries.latenciesMicros(Transport.WEBSOCKET);
        int[] sse = deliveries.latenciesMicros(Transport.SSE);
        long lastReceipt = deliveries.lastReceiptNanos();
        double window = lastReceipt > firstDueWall ? (lastReceipt - firstDueWall) / 1e9 : Double.NaN;
        RunResult result = new RunResult(Instant.now(), o.label, target.name, n,
                (int) subscribers.stream().filter(s -> s.transport == Transport.WEBSOCKET).count(),
                (int) subscribers.stream().filter(s -> s.transport == Transport.SSE).count(),
                programme.talks().size(), o.rooms, o.slotMinutes, o.speed, model.size(), expectedDeliveries, delivered,
                missing, duplicates, unexpected, dropped, failed, (n - failed) / connectSeconds,
                quantileMs(all, 0.5), quantileMs(all, 0.9), quantileMs(all, 0.99), quantileMs(all, 0.999),
                quantileMs(all, 1), quantileMs(ws, 0.99), quantileMs(sse, 0.99), all.length / window,
                deliveries.peakPerSecond(), window, idle0.rss(), idleN.rss(), idle0.heap(), idleN.heap(),
                ScheduleService.latenessQuantileMs(latenessBefore, latenessAfter, 0.5),
                ScheduleService.latenessQuantileMs(latenessBefore, latenessAfter, 0.99), serverCpu, selfCpu, busyCores,
                otherCores, loadAverage, clock.startedAt(), clock.run(), List.copyOf(failures));
        out.printf(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %,.0f msgs/s; %d delivered, %d missing, "
                + "%d duplicates, %d unexpected; clock lateness p99 <= %.1f ms%n"
                + "CPU during the replay: %s %.1f s (%.1f us per message), harness %.1f s; all cores busy %.2f of %d, "
                + "%.2f of them by other processes%n",
                result.p50Ms(), result.p99Ms(), result.maxMs(), result.messagesPerSecond(), delivered, missing,
                duplicates, unexpected, result.clockP99Ms(), target.name, serverCpu, result.serverCpuMicrosPerMessage(),
                selfCpu, busyCores, Runtime.getRuntime().availableProcessors(), otherCores);
        if (all.length > 0) {
            out.println(deliveries.tailReport(quantileMicros(all, 0.99), firstDueWall));
        }
        if (bridge0 != null) {
            // Tells events schedule-service did not publish (late, so stale) from events lost on the way to nchan.
            JsonObject bridge = ((Target.Nchan) target).bridgeStats();
            out.printf(Locale.ROOT, "bridge: %d events read from talk-events during the run (the programme has %d), "
                    + "%d published to nchan, %d failed%n", bridge.getLong("events") - bridge0.getLong("events"),
                    model.size(), bridge.getLong("published") - bridge0.getLong("published"),
                    bridge.getLong("failed") - bridge0.getLong("failed"));
        }
        failures.forEach(f -> out.println("  ! " + f));
        return result;
    }

    /** Subscribers with filters drawn from the seed: the same ones for every target. */
    static List<Subscriber> subscribers(BenchOptions options, int n, SyntheticProgramme programme, EventModel model,
            boolean nchan) {
        Random random = new Random(options.seed);
        List<String> rooms = programme.rooms();
        List<SyntheticProgramme.Talk> talks = programme.talks();
        List<Subscriber> subscribers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Spread the transports evenly over the list (and so over the connect order).
            boolean webSocket = Math.floor((i + 1) * options.wsShare) > Math.floor(i * options.wsShare);
            Set<String> room = Set.of();
            Set<String> talk = Set.of();
            if (random.nextDouble() < options.roomShare) {
                room = Set.of(rooms.get(random.nextInt(rooms.size())));
            } else {
                Set<String> picked = new LinkedHashSet<>();
                while (picked.size() < Math.min(options.talksPerSubscriber, talks.size())) {
                    picked.add(talks.get(random.nextInt(talks.size())).id());
                }
                talk = picked;
            }
            subscribers.add(new Subscriber(i, webSocket ? Transport.WEBSOCKET : Transport.SSE, room, talk, model, nchan));
        }
        return subscribers;
    }

    static long wallNanos(ScheduleService.Clock clock, Instant programme) {
        long started = clock.startedAt().getEpochSecond() * 1_000_000_000L + clock.startedAt().getNano();
        return started + (long) (Duration.between(clock.replayFrom(), programme).toNanos() / clock.speed());
    }

    static double quantileMs(int[] sortedMicros, double q) {
        return sortedMicros.length == 0 ? Double.NaN : quantileMicros(sortedMicros, q) / 1000.0;
    }

    /** The q-quantile of a non-empty sorted array (nearest rank). */
    static int quantileMicros(int[] sortedMicros, double q) {
        int index = (int) Math.ceil(q * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, index))];
    }

    static void awaitClients(Target target, int expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CLIENTS_GONE_TIMEOUT);
        int clients;
        while ((clients = target.clients()) != expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(target.name + " still has " + clients + " clients open after "
                        + CLIENTS_GONE_TIMEOUT.toSeconds() + " s; expected " + expected);
            }
            Thread.sleep(250);
        }
    }

    /** As uptime prints it: the 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Process startPeer() throws IOException, InterruptedException {
        String missing = PeerSetup.missingNode();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        Path dir = peerDirectory();
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "onstage-fanout-peer.log");
        ProcessBuilder builder = new ProcessBuilder("node", "--expose-gc", "server.js").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PEER_PORT", String.valueOf(options.peerUrl.getPort()));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", options.kafka);
        Process peer = builder.start();
        awaitReady(peer, "the peer", options.peerUrl.resolve("/ready"), log);
        out.println("Started the peer (pid " + peer.pid() + ", log " + log + ")");
        return peer;
    }

    /**
     * Starts nginx with bench/nchan/nginx.conf.template filled in (scratch directory under the temporary directory),
     * then the bridge from Kafka (bench/peer/bridge.js); answers them, the bridge first (to be stopped first).
     */
    private List<Process> startNchan() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("onstage.root", "."));
        String missing = PeerSetup.missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        int port = options.nchanUrl.getPort();
        if (Target.listeningPid(port).isPresent()) {
            throw new IllegalStateException("port " + port + " is taken: pass another --nchan-url, or drop --start-nchan");
        }
        Path peerDir = peerDirectory();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "onstage-fanout-nchan-" + port);
        Path config = PeerSetup.writeConfig(root.resolve("bench/nchan/nginx.conf.template"), dir, port);
        Path nginxLog = dir.resolve("nginx.out");
        Process nginx = new ProcessBuilder(PeerSetup.nginx(), "-c", config.toString(), "-p", dir + "/", "-e",
                dir.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(nginxLog.toFile()).start();
        try {
            awaitReady(nginx, "nginx", options.nchanUrl.resolve("/nchan_status"), dir.resolve("error.log"));
            out.println("Started nginx + nchan (pid " + nginx.pid() + ", files in " + dir + ")");
            Path bridgeLog = Path.of(System.getProperty("java.io.tmpdir"), "onstage-fanout-bridge.log");
            ProcessBuilder builder = new ProcessBuilder("node", "bridge.js").directory(peerDir.toFile())
                    .redirectErrorStream(true).redirectOutput(bridgeLog.toFile());
            builder.environment().put("BRIDGE_PORT", String.valueOf(options.bridgeUrl.getPort()));
            builder.environment().put("NCHAN_URL", "http://127.0.0.1:" + port);
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", options.kafka);
            Process bridge = builder.start();
            awaitReady(bridge, "the nchan bridge", options.bridgeUrl.resolve("/ready"), bridgeLog);
            out.println("Started the bridge to nchan (pid " + bridge.pid() + ", log " + bridgeLog + ")");
            return List.of(bridge, nginx);
        } catch (IOException | InterruptedException | RuntimeException e) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** bench/peer, with its packages: runs 'npm ci' there when node_modules is missing. */
    private Path peerDirectory() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("onstage.root", ".")).resolve("bench/peer");
        PeerSetup.ensureNodeModules(dir, out);
        return dir;
    }

    private static void awaitReady(Process process, String what, URI ready, Path log)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited: see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroy();
                throw new IllegalStateException(what + " was not ready within 60 s: see " + log);
            }
            Thread.sleep(250);
        }
    }

    private void appendCsv(RunResult result) throws IOException {
        Path csv = options.csv;
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
        Files.writeString(csv, (fresh ? RunResult.CSV_HEADER + "\n" : "") + result.csv() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void printTable(List<RunResult> results) {
        out.printf("%n%-12s %6s %9s %9s %7s %7s %7s %8s %8s %7s %7s %7s %7s %7s %7s  %s%n", "target", "subs",
                "delivered", "missing", "p50 ms", "p99 ms", "max ms", "msgs/s", "peak/s", "us/msg", "conn/s", "heap/c",
                "RSS/c", "clk p99", "ok", "load");
        for (RunResult r : results) {
            out.printf(Locale.ROOT, "%-12s %6d %9d %9d %7.1f %7.1f %7.1f %8.0f %8d %7.1f %7.0f %7.1f %7.1f %7.1f %7s  %s%n",
                    r.target(), r.subscribers(), r.delivered(), r.missing(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                    r.messagesPerSecond(), r.peakMessagesPerSecond(), r.serverCpuMicrosPerMessage(),
                    r.connectPerSecond(), r.heapPerConnectionKib(),
                    r.rssPerConnectionKib(), r.clockP99Ms(), r.exactlyOnce() ? "yes" : "NO", r.loadAverage());
        }
        out.println("(us/msg: the server's CPU time per delivered message, for nchan nginx's processes and the bridge;"
                + " heap/c, RSS/c: KiB per idle connection, for nchan PSS of nginx's processes;"
                + " clk p99: schedule-service's publish lateness, bucket bound)");
        for (int n : options.subscribers) {
            RunResult ours = find(results, "notification", n);
            for (String other : List.of("peer", "nchan")) {
                RunResult peer = find(results, other, n);
                if (ours != null && peer != null) {
                    out.printf(Locale.ROOT, "notification-service / %s at %d: msgs/s x%.2f, p99 x%.2f, conn/s x%.2f, "
                            + "CPU/msg x%.2f, heap/conn x%.2f, RSS/conn x%.2f%n", other, n,
                            ours.messagesPerSecond() / peer.messagesPerSecond(), ours.p99Ms() / peer.p99Ms(),
                            ours.connectPerSecond() / peer.connectPerSecond(),
                            ours.serverCpuMicrosPerMessage() / peer.serverCpuMicrosPerMessage(),
                            ours.heapPerConnectionKib() / peer.heapPerConnectionKib(),
                            ours.rssPerConnectionKib() / peer.rssPerConnectionKib());
                }
            }
        }
    }

    private static RunResult find(List<RunResult> results, String target, int n) {
        return results.stream().filter(r -> r.target().equals(target) && r.subscribers() == n).findFirst().orElse(null);
    }
}
