package dev.onstage.bench;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.onstage.bench.Deliveries.Transport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One harness process of a split run ({@code --processes}, {@link SplitRun}): every P-th subscriber of the run, each
 * on an instance and from a source address, round-robin. It talks to the parent over its standard streams; lines it
 * writes that start with {@code @@ } are JSON messages, the others are log lines:
 * <pre>
 *   -> @@ {"connected":n,...}                                   once its subscribers are connected
 *   <- run {"replayFrom":..,"startedAt":..,"speed":..,"deadline":..,"resumeAt":..,"latencies":"file"}
 *   -> @@ {"delivered":..,"missing":..,...}                     when every expected event came, or at the deadline
 *   <- close                                                     closes the connections, then it exits
 * </pre>
 */
final class Worker {

    static final String MESSAGE = "@@ ";
    static final int RESUME_ATTEMPTS = 3;

    private final BenchOptions options;
    private final PrintStream out;
    private final int index;
    private final List<URI> targets;

    private Worker(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.index = options.worker;
        this.targets = options.instanceUrls.isEmpty() ? List.of(options.notificationUrl) : options.instanceUrls;
    }

    static void main(BenchOptions options) throws Exception {
        new Worker(options, System.out).run();
    }

    /** Which subscribers of the whole run are this process's, and where each connects to and from. */
    static List<Subscriber> share(List<Subscriber> all, int worker, int processes, int instances, int sources) {
        List<Subscriber> mine = new ArrayList<>();
        for (int i = worker; i < all.size(); i += processes) {
            Subscriber s = all.get(i);
            s.instance = (i / processes) % instances;
            s.source = (i / processes / instances) % Math.max(1, sources);
            mine.add(s);
        }
        return mine;
    }

    private void run() throws Exception {
        BenchOptions o = options;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        SyntheticProgramme programme = SyntheticProgramme.fanOut(o.talkCount(), o.rooms, o.slotMinutes);
        EventModel model = new EventModel(programme);
        int n = o.subscribers.get(0);
        List<Subscriber> subscribers = share(FanOutBench.subscribers(o, n, programme, model, false), index,
                o.processes, targets.size(), o.sourceAddresses);
        try (LoadGenerator load = new LoadGenerator(o.clientThreads, subscribers.size() + 16, o.sources())) {
            long start = System.nanoTime();
            int failed = load.connect(targets, subscribers, o.connectConcurrency).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            Deliveries deliveries = new Deliveries();
            subscribers.forEach(s -> s.startRun(deliveries));
            JsonArray failures = new JsonArray();
            subscribers.stream().filter(s -> !s.isSubscribed()).limit(3).forEach(s -> failures.add(
                    "subscriber " + s.number + " (" + s.transport + ", instance " + s.instance + "): "
                            + s.check().failure()));
            send(new JsonObject().put("connected", subscribers.size() - failed).put("failed", failed)
                    .put("seconds", seconds).put("failures", failures));

            String line = in.readLine();
            if (line == null || !line.startsWith("run ")) {
                return;
            }
            JsonObject run = new JsonObject(line.substring(4));
            deliveries.clockSet(model, Instant.parse(run.getString("replayFrom")),
                    Instant.parse(run.getString("startedAt")), run.getDouble("speed"));
            send(replay(run, subscribers.stream().filter(Subscriber::isSubscribed).toList(), deliveries, load));

            while ((line = in.readLine()) != null && !line.equals("close")) {
                // nothing else is asked
            }
            load.closeAll(subscribers);
            Thread.sleep(1000);
        }
    }

    /**
     * Waits for every event the (connected) subscribers expect, or the deadline, resuming some of them on the way;
     * answers the counts.
     */
    private JsonObject replay(JsonObject run, List<Subscriber> subscribers, Deliveries deliveries, LoadGenerator load)
            throws Exception {
        long expected = subscribers.stream().mapToLong(Subscriber::expectedCount).sum();
        long deadline = run.getLong("deadline");
        long resumeAt = run.getLong("resumeAt", 0L);
        int toResume = options.resume / options.processes + (index < options.resume % options.processes ? 1 : 0);
        List<Subscriber> resumed = List.of();
        boolean left = false;
        int resumeFailed = 0;
        int retries = 0;
        while (deliveries.firstDeliveries.get() < expected && deliveries.wallNanos() < deadline) {
            if (toResume > 0 && !left && deliveries.wallNanos() >= resumeAt) {
                left = true;
                resumed = leave(subscribers, toResume);
                Thread.sleep((long) (options.resumeGap * 1000));
                long now = deliveries.wallNanos();
                resumed.forEach(s -> s.resuming((s.instance + 1) % targets.size(), now));
                List<Subscriber> pending = resumed;
                // As a real client would (an EventSource reconnects by itself): a resume that failed is tried again,
                // on the same instance, with the same last id, up to RESUME_ATTEMPTS times in all.
                for (int attempt = 1; attempt <= RESUME_ATTEMPTS && !pending.isEmpty(); attempt++) {
                    if (attempt > 1) {
                        retries += pending.size();
                        pending.forEach(s -> s.resuming(s.instance, now));
                    }
                    int failed = load.connect(targets, pending, options.connectConcurrency).get();
                    out.printf(Locale.ROOT, "worker %d: attempt %d: %d subscribers resumed on the next instance, %d "
                            + "failed%s%n", index, attempt, pending.size() - failed, failed, pending.stream()
                            .filter(s -> !s.isSubscribed()).limit(2).map(s -> ": " + s.check().failure())
                            .reduce("", String::concat));
                    pending = pending.stream().filter(s -> !s.isSubscribed()).toList();
                }
                resumeFailed = pending.size();
            }
            Thread.sleep(100);
        }
        long delivered = 0;
        long missing = 0;
        long duplicates = 0;
        long unexpected = 0;
        JsonArray failures = new JsonArray();
        for (Subscriber s : subscribers) {
            Subscriber.Check check = s.check();
            delivered += check.delivered();
            missing += check.missing();
            duplicates += check.duplicates();
            unexpected += check.unexpected();
            if ((check.missing() > 0 || check.duplicates() > 0 || check.unexpected() > 0 || s.resets() > 0)
                    && failures.size() < 6) {
                failures.add("subscriber " + s.number + " (" + s.transport + ", instance " + s.instance + ", rooms "
                        + s.rooms + ", talks " + s.talks + "): " + check);
            }
        }
        int dropped = (int) subscribers.stream().filter(Subscriber::closedByServer).count();
        long replayed = resumed.stream().mapToLong(Subscriber::replayed).sum();
        long resumedMissing = resumed.stream().mapToLong(s -> s.check().missing()).sum();
        long resumedDuplicates = resumed.stream().mapToLong(s -> s.check().duplicates()).sum();
        long resets = subscribers.stream().mapToLong(Subscriber::resets).sum();
        Path file = Path.of(run.getString("latencies"));
        try (DataOutputStream data = new DataOutputStream(Files.newOutputStream(file))) {
            for (Transport t : Transport.values()) {
                int[] micros = deliveries.latenciesMicros(t);
                data.writeInt(micros.length);
                for (int m : micros) {
                    data.writeInt(m);
                }
            }
        }
        return new JsonObject().put("expected", expected).put("delivered", delivered).put("missing", missing)
                .put("duplicates", duplicates).put("unexpected", unexpected).put("dropped", dropped)
                .put("resumed", resumed.size()).put("resumeFailed", resumeFailed).put("resumeRetries", retries).put("replayed", replayed)
                .put("resumedMissing", resumedMissing).put("resumedDuplicates", resumedDuplicates)
                .put("resets", resets).put("lastReceipt", deliveries.lastReceiptNanos())
                .put("cpuSeconds", CpuTime.self() / 1e9).put("failures", failures);
    }

    /** Closes up to {@code count} subscribers that have an id to resume from, spread over the list. */
    private static List<Subscriber> leave(List<Subscriber> subscribers, int count) {
        List<Subscriber> candidates = subscribers.stream().filter(s -> s.isSubscribed() && s.lastEventId() != null)
                .toList();
        List<Subscriber> left = new ArrayList<>();
        double stride = Math.max(1.0, candidates.size() / (double) count);
        for (double i = 0; i < candidates.size() && left.size() < count; i += stride) {
            Subscriber s = candidates.get((int) i);
            if (s.leaveToResume()) {
                left.add(s);
            }
        }
        return left;
    }

    private void send(JsonObject message) {
        synchronized (out) {
            out.println(MESSAGE + message.encode());
            out.flush();
        }
    }
}
