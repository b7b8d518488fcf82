package dev.onstage.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * A run split over several notification-service instances ({@code --start-instances}) and harness processes
 * ({@code --processes}, each a {@link Worker}): this process starts the instances and the workers, measures each
 * instance's heap per idle connection, sets the clock (schedule-service publishes the events), tells the workers when
 * it started, and adds up what they report: every subscriber's events exactly once, a resume on another instance.
 */
final class SplitRun {

    private final BenchOptions options;
    private final PrintStream out;

    SplitRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** One harness process and what it says. */
    private record Child(int index, Process process, Writer in, BlockingQueue<JsonObject> messages) {

        JsonObject next(String what, Duration timeout) throws InterruptedException {
            JsonObject message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null || message.containsKey("exited")) {
                throw new IllegalStateException("harness process " + index + " did not report " + what
                        + (message == null ? " within " + timeout.toSeconds() + " s" : ": it exited"));
            }
            return message;
        }

        void send(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }
    }

    RunResult run(SyntheticProgramme programme, EventModel model, ScheduleService schedule) throws Exception {
        BenchOptions o = options;
        int n = o.subscribers.get(0);
        if (o.subscribers.size() > 1 || o.targets.size() > 1 || !o.targets.get(0).equals("notification")) {
            throw new IllegalArgumentException("a split run takes one --subscribers count against notification-service");
        }
        Instances instances = o.startInstances > 0 ? Instances.start(o, out) : null;
        List<Child> children = new ArrayList<>();
        try {
            List<URI> urls = instances != null ? instances.urls() : List.of(o.notificationUrl);
            List<Target> targets = urls.stream().map(u -> (Target) new Target.NotificationService(u)).toList();
            for (Target t : targets) {
                FanOutBench.awaitClients(t, 0);
            }
            String loadAverage = FanOutBench.loadAverage();
            out.printf(Locale.ROOT, "%n== notification-service x%d, %d subscribers over %d harness processes from %s; "
                    + "load average %s%n", urls.size(), n, o.processes,
                    o.sources().isEmpty() ? "the system's choice of address" : String.join(",", o.sources()),
                    loadAverage);
            Target.Memory[] idle0 = memory(targets);

            long connectStart = System.nanoTime();
            for (int k = 0; k < o.processes; k++) {
                children.add(startChild(k, urls));
            }
            int connected = 0;
            int failed = 0;
            List<String> failures = new ArrayList<>();
            for (Child c : children) {
                JsonObject m = c.next("its connections", Duration.ofMinutes(30));
                connected += m.getInteger("connected");
                failed += m.getInteger("failed");
                m.getJsonArray("failures").forEach(f -> failures.add(String.valueOf(f)));
                out.printf(Locale.ROOT, "process %d: %d connected in %.1f s, %d failed%n", c.index,
                        m.getInteger("connected"), m.getDouble("seconds"), m.getInteger("failed"));
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            out.printf(Locale.ROOT, "connected %d of %d in %.1f s (%d failed)%n", connected, n, connectSeconds, failed);
            Thread.sleep(2000);
            Target.Memory[] idleN = memory(targets);
            long heap0 = 0;
            long heapN = 0;
            long rss0 = 0;
            long rssN = 0;
            for (int i = 0; i < targets.size(); i++) {
                int clients = targets.get(i).clients();
                out.printf(Locale.ROOT, "instance %s: %d streams; heap after GC %.1f -> %.1f MiB: %.2f KiB per idle "
                        + "connection; RSS %.1f -> %.1f MiB%n", urls.get(i), clients, idle0[i].heap() / 1048576.0,
                        idleN[i].heap() / 1048576.0, (idleN[i].heap() - idle0[i].heap()) / 1024.0 / clients,
                        idle0[i].rss() / 1048576.0, idleN[i].rss() / 1048576.0);
                heap0 += idle0[i].heap();
                heapN += idleN[i].heap();
                rss0 += idle0[i].rss();
                rssN += idleN[i].rss();
            }

            TreeMap<Double, Double> latenessBefore = schedule.latenessBuckets();
            long serverCpu0 = cpu(targets);
            long machine0 = CpuTime.machineBusy();
            long wall0 = System.nanoTime();
            Instant replayFrom = model.firstDue().minusMillis((long) (o.leadIn * o.speed * 1000));
            ScheduleService.Clock clock = schedule.replay(replayFrom, o.speed);
            long firstDueWall = FanOutBench.wallNanos(clock, model.firstDue());
            long lastDueWall = FanOutBench.wallNanos(clock, model.lastDue());
            long resumeAt = resumeAt(model, clock);
            Path dir = Files.createTempDirectory("onstage-fanout-split");
            for (Child c : children) {
                c.send("run " + new JsonObject().put("replayFrom", clock.replayFrom().toString())
                        .put("startedAt", clock.startedAt().toString()).put("speed", clock.speed())
                        .put("deadline", lastDueWall + (long) (o.drain * 1e9)).put("resumeAt", resumeAt)
                        .put("latencies", dir.resolve("latencies-" + c.index).toString()).encode());
            }
            out.printf(Locale.ROOT, "replaying run %d: %d events over %.1f s%n", clock.run(), model.size(),
                    (lastDueWall - firstDueWall) / 1e9);
            Duration wait = Duration.ofNanos(Math.max(0, lastDueWall - System.currentTimeMillis() * 1_000_000L))
                    .plusSeconds((long) o.drain + 120);
            long[] totals = new long[13];
            long lastReceipt = 0;
            for (Child c : children) {
                JsonObject m = c.next("its deliveries", wait);
                String[] keys = { "expected", "delivered", "missing", "duplicates", "unexpected", "dropped", "resumed",
                        "resumeFailed", "replayed", "resumedMissing", "resumedDuplicates", "resets", "resumeRetries" };
                for (int i = 0; i < keys.length; i++) {
                    totals[i] += m.getLong(keys[i]);
                }
                lastReceipt = Math.max(lastReceipt, m.getLong("lastReceipt"));
                m.getJsonArray("failures").forEach(f -> failures.add(String.valueOf(f)));
                out.printf(Locale.ROOT, "process %d: %s%n", c.index, m.copy().put("failures", m.getJsonArray("failures")
                        .size()).encode());
            }
            double serverCpu = serverCpu0 < 0 ? Double.NaN : (cpu(targets) - serverCpu0) / 1e9;
            double elapsed = (System.nanoTime() - wall0) / 1e9;
            double busyCores = machine0 < 0 ? Double.NaN : (CpuTime.machineBusy() - machine0) / 1e9 / elapsed;
            Thread.sleep(Math.max(0, Math.min(2000, (lastDueWall + 1_000_000_000L) / 1_000_000
                    - System.currentTimeMillis())));
            TreeMap<Double, Double> latenessAfter = schedule.latenessBuckets();
            schedule.park();
            for (Child c : children) {
                c.send("close");
            }

            int[][] latencies = latencies(dir, children.size());
            int[] all = merge(latencies[0], latencies[1]);
            long delivered = totals[1];
            if (totals[5] > 0) {
                failures.add(totals[5] + " connections closed by the server during the run");
            }
            if (totals[6] > 0) {
                out.printf(Locale.ROOT, "resume: %d subscribers left 1 s before the first burst after 40%% of the replay and resumed %.0f s later with "
                        + "their last id on the next instance: %d failed to resume (after %d retries), %d events came as "
                        + "the replay of what they missed, %d missing, %d doubled, %d resets%n", totals[6], o.resumeGap,
                        totals[7], totals[12], totals[8], totals[9], totals[10], totals[11]);
            }
            if (totals[7] > 0 || totals[11] > 0) {
                failures.add(totals[7] + " resumes failed, " + totals[11] + " resets");
            }
            double window = lastReceipt > firstDueWall ? (lastReceipt - firstDueWall) / 1e9 : Double.NaN;
            RunResult result = new RunResult(Instant.now(), o.label, "notification x" + urls.size(), n,
                    (int) Math.floor(n * o.wsShare), n - (int) Math.floor(n * o.wsShare), programme.talks().size(),
                    o.rooms, o.slotMinutes, o.speed, model.size(), totals[0], delivered, totals[2], totals[3],
                    totals[4], (int) totals[5], failed, connected / connectSeconds,
                    FanOutBench.quantileMs(all, 0.5), FanOutBench.quantileMs(all, 0.9),
                    FanOutBench.quantileMs(all, 0.99), FanOutBench.quantileMs(all, 0.999),
                    FanOutBench.quantileMs(all, 1), FanOutBench.quantileMs(latencies[0], 0.99),
                    FanOutBench.quantileMs(latencies[1], 0.99), all.length / window, 0, window, rss0, rssN, heap0,
                    heapN, ScheduleService.latenessQuantileMs(latenessBefore, latenessAfter, 0.5),
                    ScheduleService.latenessQuantileMs(latenessBefore, latenessAfter, 0.99), serverCpu, Double.NaN,
                    busyCores, Double.NaN, loadAverage, clock.startedAt(), clock.run(), List.copyOf(failures));
            out.printf(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %,.0f msgs/s; %d expected, %d delivered, "
                    + "%d missing, %d duplicates, %d unexpected; clock lateness p99 <= %.1f ms; the instances' CPU %.1f s "
                    + "(%.1f us per message); all cores busy %.2f%n", result.p50Ms(), result.p99Ms(), result.maxMs(),
                    result.messagesPerSecond(), totals[0], delivered, totals[2], totals[3], totals[4],
                    result.clockP99Ms(), serverCpu, result.serverCpuMicrosPerMessage(), busyCores);
            failures.forEach(f -> out.println("  ! " + f));
            return result;
        } finally {
            for (Child c : children) {
                c.process.destroy();
            }
            for (Child c : children) {
                if (!c.process.waitFor(30, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                }
            }
            if (instances != null) {
                instances.close();
            }
        }
    }

    /**
     * When the resuming subscribers leave: a second before the first events due after 40% of the replay, so that
     * they miss that burst (they come back --resume-gap later) and must get it as their resume's replay.
     */
    private static long resumeAt(EventModel model, ScheduleService.Clock clock) {
        long first = FanOutBench.wallNanos(clock, model.firstDue());
        long mark = first + (long) ((FanOutBench.wallNanos(clock, model.lastDue()) - first) * 0.4);
        long burst = model.events().stream().mapToLong(e -> FanOutBench.wallNanos(clock, e.dueAt()))
                .filter(due -> due >= mark).min().orElse(mark);
        return burst - 1_000_000_000L;
    }

    private Target.Memory[] memory(List<Target> targets) throws IOException, InterruptedException {
        Target.Memory[] memory = new Target.Memory[targets.size()];
        for (int i = 0; i < memory.length; i++) {
            memory[i] = options.memory ? targets.get(i).memoryAfterGc() : new Target.Memory(-1, -1);
        }
        return memory;
    }

    private static long cpu(List<Target> targets) {
        long total = 0;
        for (Target t : targets) {
            long cpu = t.cpuNanos();
            if (cpu < 0) {
                return -1;
            }
            total += cpu;
        }
        return total;
    }

    /** A harness process: this JVM's command with the same options, plus its number and the instances. */
    private Child startChild(int index, List<URI> urls) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + options.workerHeap(),
                "-Donstage.root=" + System.getProperty("onstage.root", "."), "-cp",
                System.getProperty("java.class.path"), FanOutBench.class.getName()));
        command.addAll(options.args);
        command.addAll(List.of("--worker", String.valueOf(index), "--instance-urls",
                String.join(",", urls.stream().map(URI::toString).toList())));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(Worker.MESSAGE)) {
                        messages.add(new JsonObject(line.substring(Worker.MESSAGE.length())));
                    } else {
                        synchronized (out) {
                            out.println("[" + index + "] " + line);
                        }
                    }
                }
            } catch (IOException e) {
                // it ended
            }
            messages.add(new JsonObject().put("exited", true));
        }, "harness-process-" + index);
        reader.setDaemon(true);
        reader.start();
        return new Child(index, process, new java.io.OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8), messages);
    }

    /** The workers' latencies, WebSocket and SSE, each sorted. */
    private static int[][] latencies(Path dir, int workers) throws IOException {
        int[][] merged = { new int[0], new int[0] };
        for (int k = 0; k < workers; k++) {
            Path file = dir.resolve("latencies-" + k);
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                for (int t = 0; t < 2; t++) {
                    int[] part = new int[in.readInt()];
                    for (int i = 0; i < part.length; i++) {
                        part[i] = in.readInt();
                    }
                    merged[t] = merge(merged[t], part);
                }
            }
            Files.delete(file);
        }
        Files.delete(dir);
        return merged;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }
}
